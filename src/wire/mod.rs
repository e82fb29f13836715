//! Wire layouts, one module per structure, as byte ranges into a buffer.
//! Everything is big-endian (RFC 7296 §2).

// A layout names every field, including those the parser does not read.
#![allow(dead_code)]

pub mod attr;
pub mod cp;
pub mod digest_info;
pub mod dnssec_ta;
pub mod encdns_ip;
pub mod ike;
pub mod svcparam;

use core::ops::Range;

/// Reads a big-endian u16 at `range` (which must be 2 long) if the buffer holds it.
pub fn be16(buf: &[u8], range: Range<usize>) -> Option<u16> {
    let b = buf.get(range)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

/// Reads a byte at `at` if the buffer holds it.
pub fn byte(buf: &[u8], at: usize) -> Option<u8> {
    buf.get(at).copied()
}
