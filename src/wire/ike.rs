//! The IKE header (RFC 7296 §3.1), only as far as the version.
//!
//! ```text
//! |                       IKE SA Initiator's SPI (8)              |
//! |                       IKE SA Responder's SPI (8)              |
//! |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
//! |                          Message ID                           |
//! |                            Length                             |
//! ```

pub(crate) const VERSION: usize = 17;
pub(crate) const MAJOR_VERSION_SHIFT: u8 = 4;
