//! ENCDNS_IP4 / ENCDNS_IP6 attribute value (RFC 9464 §3.1, Figure 1).
//! Offsets are into the attribute *value*, after the 4-octet attribute header.
//!
//! ```text
//! |     Service Priority (2)      | Num Addresses |  ADN Length   |
//! ~                  IP Address(es) (N x 4 or N x 16)             ~
//! ~           Authentication Domain Name (ADN Length octets)      ~
//! ~                 Service Parameters (SvcParams)                ~
//! ```

use core::ops::Range;

pub(crate) const PRIORITY: Range<usize> = 0..2;
pub(crate) const NUM_ADDRS: usize = 2;
pub(crate) const ADN_LEN: usize = 3;
pub(crate) const ADDRS: usize = 4;
pub(crate) const FIXED_LEN: usize = 4;

pub(crate) const IPV4_LEN: usize = 4;
pub(crate) const IPV6_LEN: usize = 16;
