//! The octets in front of the first attribute of an IKEv2 Configuration payload:
//! the generic payload header (RFC 7296 §3.2) and the CP header (§3.15).
//!
//! ```text
//! | Next Payload  |C|  RESERVED   |         Payload Length        |
//! |   CFG Type    |                    RESERVED                   |
//! ~                   Configuration Attributes                    ~
//! ```

use core::ops::Range;

pub(crate) const NEXT_PAYLOAD: usize = 0;
pub(crate) const PAYLOAD_LENGTH: Range<usize> = 2..4;
pub(crate) const CFG_TYPE: usize = 4;
pub(crate) const RESERVED: Range<usize> = 5..8;
/// Octets from the start of the payload to its first attribute.
pub(crate) const PREFIX_LEN: usize = 8;

pub(crate) const CFG_REQUEST: u8 = 1;
pub(crate) const CFG_REPLY: u8 = 2;
pub(crate) const CFG_SET: u8 = 3;
pub(crate) const CFG_ACK: u8 = 4;
/// Offset of the first attribute in the payload body (which starts at the CFG Type).
pub(crate) const ATTRIBUTES_IN_BODY: usize = 4;
