//! Configuration attribute (RFC 7296 §3.15.1).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |R|         Attribute Type      |            Length             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ~                             Value                             ~
//! ```

use core::ops::{Range, RangeFrom};

pub(crate) const TYPE: Range<usize> = 0..2;
pub(crate) const LENGTH: Range<usize> = 2..4;
pub(crate) const VALUE: RangeFrom<usize> = 4..;
pub(crate) const HEADER_LEN: usize = 4;

/// The reserved bit in front of the 15-bit type.
pub(crate) const R_BIT: u16 = 0x8000;
pub(crate) const TYPE_MASK: u16 = 0x7fff;

/// Attribute types decoded besides RFC 9464's (whose codes are preferences).
pub(crate) const EXTERNAL_SOURCE_IP4_NAT_INFO: u16 = 23;
pub(crate) const TIMEOUT_PERIOD_FOR_LIVENESS_CHECK: u16 = 24;
pub(crate) const INTERNAL_DNS_DOMAIN: u16 = 25;
pub(crate) const INTERNAL_DNSSEC_TA: u16 = 26;
