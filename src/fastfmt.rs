//! Numbers and addresses written straight into a label. Labels are rendered for every
//! attribute of every shown packet; `core::fmt`'s machinery (a dynamic call per piece,
//! padding checks) cost more than adding the attribute's items to the tree.

use core::fmt::{self, Write};

/// Where a label is written: a `fmt::Write` that also takes octets known to be ASCII
/// (digits, names from the tables, printable runs of packet octets) without checking
/// them as UTF-8 again, which cost about as much as writing them.
pub trait Label: Write {
    /// `b`, all ASCII.
    fn write_ascii(&mut self, b: &[u8]) -> fmt::Result {
        self.write_str(core::str::from_utf8(b).map_err(|_| fmt::Error)?)
    }
}

impl Label for String {}

/// `v` in decimal.
pub fn dec(out: &mut impl Label, v: u64) -> fmt::Result {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut v = v;
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.write_ascii(&buf[at..])
}

/// Octets as lowercase hex digits.
pub fn hex(out: &mut impl Label, bytes: &[u8]) -> fmt::Result {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(buf.len() / 2) {
        for (i, b) in chunk.iter().enumerate() {
            buf[2 * i] = DIGITS[usize::from(b >> 4)];
            buf[2 * i + 1] = DIGITS[usize::from(b & 0xf)];
        }
        out.write_ascii(&buf[..2 * chunk.len()])?;
    }
    Ok(())
}

/// A dotted-quad IPv4 address, as `Ipv4Addr`'s `Display` writes it.
pub fn ipv4(out: &mut impl Label, a: [u8; 4]) -> fmt::Result {
    let mut buf = [0u8; 15];
    let mut at = 0;
    for (i, &o) in a.iter().enumerate() {
        if i > 0 {
            buf[at] = b'.';
            at += 1;
        }
        if o >= 100 {
            buf[at] = b'0' + o / 100;
            at += 1;
        }
        if o >= 10 {
            buf[at] = b'0' + o / 10 % 10;
            at += 1;
        }
        buf[at] = b'0' + o % 10;
        at += 1;
    }
    out.write_ascii(&buf[..at])
}

/// An IPv6 address as `Ipv6Addr`'s `Display` writes it (RFC 5952: lowercase, the first
/// longest run of two or more zero groups as `::`); IPv4-mapped ones go to std.
pub fn ipv6(out: &mut impl Label, a: [u8; 16]) -> fmt::Result {
    let groups: [u16; 8] = core::array::from_fn(|i| u16::from_be_bytes([a[2 * i], a[2 * i + 1]]));
    if groups[..5] == [0; 5] && groups[5] == 0xffff {
        return write!(out, "{}", std::net::Ipv6Addr::from(a));
    }
    let (mut run_at, mut run_len) = (8, 0);
    let mut i = 0;
    while i < 8 {
        let start = i;
        while i < 8 && groups[i] == 0 {
            i += 1;
        }
        if i - start > run_len && i - start > 1 {
            (run_at, run_len) = (start, i - start);
        }
        i += 1;
    }
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 39];
    let mut at = 0;
    let mut g = 0;
    while g < 8 {
        if g == run_at {
            buf[at] = b':';
            buf[at + 1] = b':';
            at += 2;
            g += run_len;
            continue;
        }
        if g > 0 && g != run_at + run_len {
            buf[at] = b':';
            at += 1;
        }
        let v = groups[g];
        let mut shift = 12;
        while shift > 0 && (v >> shift) == 0 {
            shift -= 4;
        }
        loop {
            buf[at] = DIGITS[usize::from((v >> shift) & 0xf)];
            at += 1;
            if shift == 0 {
                break;
            }
            shift -= 4;
        }
        g += 1;
    }
    out.write_ascii(&buf[..at])
}

/// A `fmt::Write` over a byte slice that keeps what fits and drops the rest.
pub struct FixedBuf<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> FixedBuf<'a> {
    pub fn new(buf: &'a mut [u8]) -> Self {
        FixedBuf { buf, len: 0 }
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl Write for FixedBuf<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write_ascii(s.as_bytes())
    }
}

impl Label for FixedBuf<'_> {
    /// (`write_str` goes the same way, UTF-8 or not: what does not fit is cut at the
    /// end of the buffer, octet-wise.)
    fn write_ascii(&mut self, b: &[u8]) -> fmt::Result {
        let room = self.buf.len() - self.len;
        let n = b.len().min(room);
        self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
        self.len += n;
        Ok(())
    }
}

/// Octets from the packet shown as text: printable ASCII as is, the rest as `\xNN`,
/// cut after a bounded number of octets so a label stays readable.
pub struct Escaped<'a>(pub &'a [u8]);

const QUOTE_MAX: usize = 72;

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(&mut Adapter(f), self.0)
    }
}

/// A `Formatter` as a [`Label`].
pub struct Adapter<'a, 'b>(pub &'a mut fmt::Formatter<'b>);

impl Write for Adapter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write_str(s)
    }
}

impl Label for Adapter<'_, '_> {}

/// [`Escaped`] straight into a label.
pub fn write_escaped(out: &mut impl Label, b: &[u8]) -> fmt::Result {
    // Runs of plain octets in one write: labels quote names for every attribute.
    let plain = |b: &u8| (0x20..0x7f).contains(b) && *b != b'"' && *b != b'\\';
    let mut rest = &b[..b.len().min(QUOTE_MAX)];
    while !rest.is_empty() {
        let n = rest.iter().position(|b| !plain(b)).unwrap_or(rest.len());
        out.write_ascii(&rest[..n])?;
        if let Some(&b) = rest.get(n) {
            out.write_ascii(b"\\x")?;
            hex(out, &[b])?;
            rest = &rest[n + 1..];
        } else {
            rest = &[];
        }
    }
    if b.len() > QUOTE_MAX {
        out.write_ascii(b"...")?;
    }
    Ok(())
}

/// [`Escaped`] in double quotes.
pub struct Quoted<'a>(pub &'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", Escaped(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn render(f: impl FnOnce(&mut String) -> fmt::Result) -> String {
        let mut s = String::new();
        f(&mut s).unwrap();
        s
    }

    #[test]
    fn fixed_buf_truncates() {
        let mut b = [0u8; 5];
        let mut w = FixedBuf::new(&mut b);
        write!(w, "hello world").unwrap();
        assert_eq!(w.as_bytes(), b"hello");
    }

    #[test]
    fn quoted_escapes() {
        assert_eq!(format!("{}", Quoted(b"a\"b\x00")), "\"a\\x22b\\x00\"");
    }

    #[test]
    fn numbers_match_std() {
        for v in [
            0,
            1,
            9,
            10,
            99,
            100,
            853,
            65535,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            assert_eq!(render(|s| dec(s, v)), v.to_string());
        }
        assert_eq!(render(|s| hex(s, &[0x00, 0x9f, 0xff])), "009fff");
        let long: Vec<u8> = (0..=255).collect();
        let want: String = long.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(render(|s| hex(s, &long)), want);
    }

    #[test]
    fn addresses_match_std() {
        // Every IPv4 octet value in every position, and IPv6 addresses whose groups
        // are zero or not in every one of the 256 patterns, with varied digits.
        for o in 0..=255u8 {
            let a = [o, 255 - o, o / 3, o.wrapping_mul(7)];
            assert_eq!(render(|s| ipv4(s, a)), Ipv4Addr::from(a).to_string());
        }
        let mut seed = 0x2001_0db8_u32;
        for pattern in 0..=255u32 {
            for _ in 0..4 {
                let mut a = [0u8; 16];
                for g in 0..8 {
                    if pattern & (1 << g) != 0 {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        let v = (seed >> 8) as u16 >> (seed % 13);
                        a[2 * g..2 * g + 2].copy_from_slice(&v.max(1).to_be_bytes());
                    }
                }
                assert_eq!(
                    render(|s| ipv6(s, a)),
                    Ipv6Addr::from(a).to_string(),
                    "{a:?}"
                );
            }
        }
        let mapped = Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0235);
        assert_eq!(render(|s| ipv6(s, mapped.octets())), mapped.to_string());
    }
}
