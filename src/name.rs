//! Checks on an Authentication Domain Name as RFC 9464 carries it: a fully qualified
//! name in DNS presentation format with IDNA A-labels and no terminators (§3.1, §3.2).
//! Each kind of fault is reported once per name, at its first occurrence, so a
//! hostile name cannot flood the expert list.

use crate::diag::{len32, Finding};
use crate::sink::{ItemRef, Sink};

/// Longest name in presentation format: 255 octets on the wire less the length
/// octet of the first label and the root label.
pub(crate) const MAX_NAME_CHARS: usize = 253;
pub(crate) const MAX_LABEL_OCTETS: usize = 63;

const TERMINATORS: [u8; 3] = [0x00, b'\r', b'\n'];

/// Checks `name` (which sits at `offset` in the attribute) and reports to `sink`,
/// attaching diagnostics to `on`.
#[inline]
pub fn check_adn(name: &[u8], offset: usize, on: ItemRef, sink: &mut Sink) {
    // Nearly every name on the wire is plain: one pass proves it has nothing to report.
    if !is_plain_name(name) {
        check_adn_fully(name, offset, on, sink);
    }
}

/// `check_adn` without the shortcut.
#[cold]
#[inline(never)]
fn check_adn_fully(name: &[u8], offset: usize, on: ItemRef, sink: &mut Sink) {
    if let Some(at) = name.iter().position(|b| TERMINATORS.contains(b)) {
        let f = Finding::ADN_CONTAINS_TERMINATOR {
            octet: name[at],
            at: len32(offset + at),
        };
        sink.diag(f, on, offset + at, 1);
    }
    if let Some(at) = name.iter().position(|b| !b.is_ascii()) {
        let f = Finding::ADN_NOT_ASCII {
            octet: name[at],
            at: len32(offset + at),
        };
        sink.diag(f, on, offset + at, 1);
    }
    // A single trailing dot names the root and is allowed in presentation format.
    let body = name.strip_suffix(b".").unwrap_or(name);
    if body.len() > MAX_NAME_CHARS {
        let f = Finding::ADN_TOO_LONG {
            length: len32(body.len()),
        };
        sink.diag(f, on, offset, name.len());
    }

    let mut bad_length = false;
    let mut non_ldh = false;
    let mut bad_a_label = false;
    let mut start = 0;
    for label in body.split(|&b| b == b'.') {
        let at = offset + start;
        start += label.len() + 1;
        if (label.is_empty() || label.len() > MAX_LABEL_OCTETS) && !bad_length {
            bad_length = true;
            let f = Finding::ADN_BAD_LABEL_LENGTH {
                length: len32(label.len()),
                at: len32(at),
            };
            sink.diag(f, on, at, label.len());
        }
        let plain = label
            .iter()
            .all(|b| b.is_ascii() && !TERMINATORS.contains(b));
        if !plain {
            continue; // already reported above as non-ASCII or terminator
        }
        // An xn-- label that breaks LDH is reported as a bad A-label only.
        if is_a_label_prefixed(label) {
            let valid = is_ldh(label) && punycode_ok(&label[4..]);
            if !valid && !bad_a_label {
                bad_a_label = true;
                sink.diag(Finding::ADN_INVALID_A_LABEL, on, at, label.len());
            }
        } else if !label.is_empty() && !is_ldh(label) && !non_ldh {
            non_ldh = true;
            sink.diag(Finding::ADN_NON_LDH, on, at, label.len());
        }
    }
}

/// Whether `name` is a name `check_adn_fully` has nothing to say about, in the shape
/// almost every name has: letters, digits, hyphens and dots, at most
/// `MAX_LABEL_OCTETS` characters (so no label can be too long), no label empty or
/// starting or ending with a hyphen, no `--` anywhere (so no A-label), optionally a
/// trailing dot. False only means "look closer", as for every longer name.
#[inline(always)]
fn is_plain_name(name: &[u8]) -> bool {
    let body = name.strip_suffix(b".").unwrap_or(name);
    let (Some(&first), Some(&last)) = (body.first(), body.last()) else {
        return false;
    };
    if body.len() > MAX_LABEL_OCTETS || matches!(first, b'.' | b'-') || matches!(last, b'.' | b'-')
    {
        return false;
    }
    if body.len() < 8 {
        // Letters after the name change none of the answers (the last octet is checked).
        let mut word = [b'a'; 8];
        word[..body.len()].copy_from_slice(body);
        return is_plain_word(u64::from_le_bytes(word));
    }
    // Words seven octets apart, the last one ending the name: every pair of
    // neighbours is inside one of them.
    let mut start = 0;
    loop {
        let at = start.min(body.len() - 8);
        let Some(word) = body[at..].first_chunk::<8>() else {
            return false;
        };
        if !is_plain_word(u64::from_le_bytes(*word)) {
            return false;
        }
        if at + 8 == body.len() {
            return true;
        }
        start += 7;
    }
}

/// Whether eight octets (the first in the low byte) are all letters, digits, hyphens
/// or dots, with no dot or hyphen next to a dot or a hyphen. `between` leaves 0x80
/// in every octet it holds for; none can carry into the next octet, because
/// ASCII octets are at most 0x7f and every constant added keeps them under 0x100.
fn is_plain_word(w: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    if w & HI != 0 {
        return false;
    }
    let between = |x: u64, lo: u8, hi: u8| {
        (x + LO * u64::from(0x80 - lo)) & !(x + LO * u64::from(0x7f - hi)) & HI
    };
    let letter = between(w | (LO * 0x20), b'a', b'z');
    let digit = between(w, b'0', b'9');
    // The hyphen and the dot are neighbours in ASCII.
    let punct = between(w, b'-', b'.');
    // Octet i+1's mark moved down to octet i: a dot or hyphen that one follows.
    (letter | digit | punct) == HI && punct & (punct >> 8) == 0
}

/// Letters, digits and hyphens, not starting or ending with a hyphen (RFC 1123 s2.1).
pub fn is_ldh(label: &[u8]) -> bool {
    !label.is_empty()
        && label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && label.first() != Some(&b'-')
        && label.last() != Some(&b'-')
}

fn is_a_label_prefixed(label: &[u8]) -> bool {
    label.len() >= 4 && label[..4].eq_ignore_ascii_case(b"xn--")
}

// Punycode parameters, RFC 3492 s5.
const BASE: u32 = 36;
const TMIN: u32 = 1;
const TMAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - TMIN) * TMAX) / 2 {
        delta /= BASE - TMIN;
        k += BASE;
    }
    k + (((BASE - TMIN + 1) * delta) / (delta + SKEW))
}

fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'a'..=b'z' => Some(u32::from(c - b'a')),
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 26),
        _ => None,
    }
}

/// Whether `encoded` (an A-label after its `xn--`) decodes (RFC 3492 s6.2) to a
/// string with at least one non-ASCII code point, as an A-label must. Only
/// validates: it keeps the count of code points, not the code points themselves.
pub fn punycode_ok(encoded: &[u8]) -> bool {
    let (basic, extended) = match encoded.iter().rposition(|&b| b == b'-') {
        Some(d) => (&encoded[..d], &encoded[d + 1..]),
        None => (&encoded[..0], encoded),
    };
    if extended.is_empty() || !basic.is_ascii() {
        return false;
    }
    let mut n = INITIAL_N;
    let mut i: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut out_len = basic.len() as u32;
    let mut input = extended.iter();
    while input.len() > 0 {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let Some(digit) = input.next().and_then(|&c| digit_value(c)) else {
                return false;
            };
            let Some(next) = digit.checked_mul(w).and_then(|d| i.checked_add(d)) else {
                return false;
            };
            i = next;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            let Some(next_w) = w.checked_mul(BASE - t) else {
                return false;
            };
            w = next_w;
            k += BASE;
        }
        out_len += 1;
        bias = adapt(i - old_i, out_len, old_i == 0);
        let Some(next_n) = n.checked_add(i / out_len) else {
            return false;
        };
        n = next_n;
        i %= out_len;
        // Basic code points may not be encoded, and neither may surrogates.
        if !(0x80..=0x10_ffff).contains(&n) || (0xd800..=0xdfff).contains(&n) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::sink::Item;

    /// The codes `check` reports for `name`.
    fn codes_of(check: fn(&[u8], usize, ItemRef, &mut Sink), name: &[u8]) -> Vec<Code> {
        let mut items = [Item::EMPTY; 1];
        let mut diags = [None; 16];
        let mut sink = Sink::new(&mut items, &mut diags);
        check(name, 0, ItemRef(0), &mut sink);
        sink.diags().map(|d| d.finding.code()).collect()
    }

    fn codes(name: &[u8]) -> Vec<Code> {
        codes_of(check_adn, name)
    }

    fn codes_without_shortcut(name: &[u8]) -> Vec<Code> {
        codes_of(check_adn_fully, name)
    }

    #[test]
    fn shortcut_only_passes_names_the_checks_pass() {
        // Every name of up to 4 octets over an alphabet that reaches each rule, and
        // longer ones around the length limits.
        let alphabet = b"aX9-.";
        let mut names: Vec<Vec<u8>> = vec![vec![]];
        for len in 1..=4 {
            let mut n = vec![0usize; len];
            loop {
                names.push(n.iter().map(|&i| alphabet[i]).collect());
                let Some(pos) = n.iter().rposition(|&i| i + 1 < alphabet.len()) else {
                    break;
                };
                n[pos] += 1;
                n[pos + 1..].iter_mut().for_each(|i| *i = 0);
            }
        }
        for (label, count) in [(63, 1), (64, 1), (63, 3), (63, 4), (50, 5)] {
            names.push(vec![vec![b'a'; label]; count].join(&b'.'));
        }
        names.push(b"xn--bcher-kva.example".to_vec());
        names.push(b"Xn--abc.example".to_vec());
        let mut plain = 0;
        for n in &names {
            if is_plain_name(n) {
                plain += 1;
                assert_eq!(
                    codes_without_shortcut(n),
                    vec![],
                    "{:?}",
                    String::from_utf8_lossy(n)
                );
            }
        }
        assert!(
            plain > 100,
            "the shortcut must take the common case ({plain})"
        );
    }

    #[test]
    fn shortcut_takes_every_short_plain_name() {
        // Random names of up to 70 octets over an alphabet that reaches each rule, the
        // octets just outside each range of letters and digits, and both sides of the
        // word boundaries: the shortcut passes exactly the names the full checks pass,
        // within its shape (no `--`, body of at most 63).
        let alphabet = b"ab9Z-.xn-._\xff\r./:@[`{,0zA";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut plain, mut checked) = (0, 0);
        for _ in 0..300_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 71) as usize;
            let mut r = seed;
            let name: Vec<u8> = (0..len)
                .map(|i| {
                    // Mostly letters, so that many names come out plain.
                    r = r.rotate_left(5) ^ (i as u64).wrapping_mul(0x9e37_79b9);
                    if r % 5 == 0 {
                        alphabet[(r / 5 % alphabet.len() as u64) as usize]
                    } else {
                        b'a' + (r % 26) as u8
                    }
                })
                .collect();
            let body = name.strip_suffix(b".").unwrap_or(&name);
            let clean = codes_without_shortcut(&name).is_empty();
            let in_shape = body.len() <= MAX_LABEL_OCTETS && !body.windows(2).any(|w| w == b"--");
            let show = String::from_utf8_lossy(&name);
            if is_plain_name(&name) {
                assert!(clean && in_shape, "{show:?}");
                plain += 1;
            } else {
                assert!(!(clean && in_shape), "{show:?}");
            }
            checked += 1;
        }
        assert!(plain > checked / 10, "{plain} of {checked}");
    }

    #[test]
    fn good_names_pass() {
        for n in [
            &b"doh.example.com"[..],
            b"dot.example.net.",
            b"a.b",
            b"xn--bcher-kva.example",
            b"XN--BCHER-KVA.example",
            b"xn--mnchen-3ya.de",
        ] {
            assert_eq!(codes(n), vec![], "{}", String::from_utf8_lossy(n));
        }
    }

    #[test]
    fn terminators_and_non_ascii() {
        assert_eq!(codes(b"doh.example\0"), vec![Code::ADN_CONTAINS_TERMINATOR]);
        assert_eq!(codes(b"doh\r\n.x"), vec![Code::ADN_CONTAINS_TERMINATOR]);
        assert_eq!(
            codes("bücher.example".as_bytes()),
            vec![Code::ADN_NOT_ASCII]
        );
    }

    #[test]
    fn label_lengths() {
        assert_eq!(codes(b"a..b"), vec![Code::ADN_BAD_LABEL_LENGTH]);
        assert_eq!(codes(b".a"), vec![Code::ADN_BAD_LABEL_LENGTH]);
        let long = [b'a'; 64];
        assert_eq!(codes(&long), vec![Code::ADN_BAD_LABEL_LENGTH]);
        assert_eq!(codes(&long[..63]), vec![]);
    }

    #[test]
    fn total_length() {
        // 4 labels of 63 + 3 dots = 255 characters.
        let mut name = Vec::new();
        for i in 0..4 {
            if i > 0 {
                name.push(b'.');
            }
            name.extend_from_slice(&[b'a'; 63]);
        }
        assert_eq!(codes(&name), vec![Code::ADN_TOO_LONG]);
        assert_eq!(codes(&name[..253]), vec![]);
    }

    #[test]
    fn ldh_and_a_labels() {
        assert_eq!(codes(b"_dns.example"), vec![Code::ADN_NON_LDH]);
        assert_eq!(codes(b"-a.example"), vec![Code::ADN_NON_LDH]);
        assert_eq!(codes(b"xn--.example"), vec![Code::ADN_INVALID_A_LABEL]);
        assert_eq!(codes(b"xn--abc-.example"), vec![Code::ADN_INVALID_A_LABEL]);
        assert_eq!(
            codes(b"xn--99999999999.example"),
            vec![Code::ADN_INVALID_A_LABEL]
        );
    }
}
