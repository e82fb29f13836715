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
pub mod iketcp;
pub mod svcparam;

use core::ops::Range;

/// Reads a big-endian u16 at `range` (which must be 2 long) if the buffer holds it.
pub fn be16(buf: &[u8], range: Range<usize>) -> Option<u16> {
    let b = buf.get(range)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

/// Reads a big-endian u16 at `range` of a buffer known to hold it (a header split off
/// with `split_first_chunk`), without a check at run time.
#[inline(always)]
pub fn be16_of<const N: usize>(buf: &[u8; N], range: Range<usize>) -> u16 {
    u16::from_be_bytes([buf[range.start], buf[range.start + 1]])
}

/// Reads a big-endian u32 at `range` (which must be 4 long) if the buffer holds it.
pub fn be32(buf: &[u8], range: Range<usize>) -> Option<u32> {
    let b: [u8; 4] = buf.get(range)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// Reads a byte at `at` if the buffer holds it.
pub fn byte(buf: &[u8], at: usize) -> Option<u8> {
    buf.get(at).copied()
}

/// Where `needle` first occurs in `hay`, eight octets at a time: a DoH path template
/// is searched on every DoH attribute, and octet by octet that was much of its cost.
pub fn find(hay: &[u8], needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8])) ^ pattern;
        // The lowest flagged octet is the first match (higher flags may be borrows).
        let flags = x.wrapping_sub(LO) & !x & HI;
        if flags != 0 {
            return Some(base + flags.trailing_zeros() as usize / 8);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == needle)
        .map(|p| base + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_agrees_with_position() {
        // Repeats (so the first match counts) and octets on both sides of 0x80.
        let hay: Vec<u8> = (0u8..40).map(|i| (i % 13).wrapping_mul(0x35)).collect();
        let mut needles: Vec<u8> = hay.clone();
        needles.extend([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]);
        for start in 0..hay.len() {
            for end in start..=hay.len() {
                for &needle in &needles {
                    let h = &hay[start..end];
                    assert_eq!(find(h, needle), h.iter().position(|&b| b == needle));
                }
            }
        }
        assert_eq!(find(b"\x80\x00aaaaaaaa{", b'{'), Some(10));
    }
}
