//! TCP encapsulation of IKE and ESP (RFC 9329 §3, §4).
//!
//! ```text
//! The TCP connection's initiator, once, first:  | "I" | "K" | "E" | "T" | "C" | "P" |
//!
//! Then, in both directions, one message after another:
//! |            Length             |        Non-ESP Marker (0)  ...
//!   ... (IKE)                     |  IKE header and payloads ...
//! |            Length             |  ESP: SPI (non-zero), Sequence Number, ...
//! ```
//!
//! Length counts the whole message, its own two octets included.

use core::ops::Range;

pub(crate) const PREFIX: &[u8; 6] = b"IKETCP";
pub(crate) const LENGTH: Range<usize> = 0..2;
/// The least a Length can be: its own two octets.
pub(crate) const LENGTH_MIN: u16 = 2;
pub(crate) const NON_ESP_MARKER: Range<usize> = 2..6;
/// Where an IKE message starts, after the Length and the Non-ESP Marker.
pub(crate) const IKE_AT: usize = 6;
/// Where an ESP packet starts, after the Length.
pub(crate) const ESP_AT: usize = 2;
/// An ESP header: SPI and Sequence Number (RFC 4303 §2).
pub(crate) const ESP_HEADER_LEN: usize = 8;
