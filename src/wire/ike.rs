//! The IKE header (RFC 7296 §3.1) and the generic payload header (§3.2).
//!
//! ```text
//! |                       IKE SA Initiator's SPI (8)              |
//! |                       IKE SA Responder's SPI (8)              |
//! |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
//! |                          Message ID                           |
//! |                            Length                             |
//!
//! | Next Payload  |C|  RESERVED   |         Payload Length        |
//! ```

use core::ops::Range;

pub(crate) const INITIATOR_SPI: Range<usize> = 0..8;
pub(crate) const RESPONDER_SPI: Range<usize> = 8..16;
pub(crate) const NEXT_PAYLOAD: usize = 16;
pub(crate) const VERSION: usize = 17;
pub(crate) const MAJOR_VERSION_SHIFT: u8 = 4;
pub(crate) const EXCHANGE_TYPE: usize = 18;
pub(crate) const FLAGS: usize = 19;
pub(crate) const MESSAGE_ID: Range<usize> = 20..24;
pub(crate) const LENGTH: Range<usize> = 24..28;
pub(crate) const HEADER_LEN: usize = 28;

/// Flags: the message is a response; the sender is the SA's original initiator.
pub(crate) const FLAG_RESPONSE: u8 = 0x20;
pub(crate) const FLAG_INITIATOR: u8 = 0x08;

/// Generic payload header. A Next Payload of 0 ends the chain.
pub(crate) const NO_NEXT_PAYLOAD: u8 = 0;
pub(crate) const PAYLOAD_NEXT: usize = 0;
pub(crate) const PAYLOAD_LENGTH: Range<usize> = 2..4;
pub(crate) const PAYLOAD_HEADER_LEN: usize = 4;

/// Security Association, the first payload type of RFC 7296, and Traffic Selector -
/// Responder, the last one that holds only fixed structures.
pub(crate) const PAYLOAD_SA: u8 = 33;
pub(crate) const PAYLOAD_TSR: u8 = 45;
pub(crate) const PAYLOAD_AUTH: u8 = 39;
pub(crate) const PAYLOAD_SK: u8 = 46;
pub(crate) const PAYLOAD_CP: u8 = 47;
/// Encrypted and Authenticated Fragment (RFC 7383 §2.5): after the generic header,
/// Fragment Number (2) and Total Fragments (2).
pub(crate) const PAYLOAD_SKF: u8 = 53;
pub(crate) const SKF_NUMBER: Range<usize> = 0..2;
pub(crate) const SKF_TOTAL: Range<usize> = 2..4;
/// Authentication Method is the first octet of an AUTH payload body (§3.8).
pub(crate) const AUTH_METHOD: usize = 0;
/// RFC 7619 NULL Authentication.
pub(crate) const AUTH_NULL: u8 = 13;
