//! SvcParams as RFC 9464 carries them (RFC 9460 §2.2 wire format): the parameters one
//! after another, each decoded by its key (`keys`), and the rules between them —
//! RFC 9460's own, and those RFC 9461 and RFC 9540 bring in for the "dns" scheme.

mod facts;
pub mod keys;

pub use facts::{Facts, Transports};

use crate::diag::{len32, Finding};
use crate::field::Field;
use crate::options::CfgType;
use crate::registry::Transport;
use crate::sink::{Item, ItemRef, On, Sink};
use crate::wire::{self, svcparam, svcparam::Key};

use keys::Value;

/// Decodes the SvcParams `params`, which sit at attribute offset `base`, into `sink`
/// and what they said into `facts` (which starts as `Facts::default()`).
pub fn parse_svcparams(
    params: &[u8],
    base: usize,
    cfg: CfgType,
    facts: &mut Facts,
    sink: &mut Sink,
) {
    // The parameters sit straight under the attribute, one subtree each, as in
    // Wireshark's own SVCB records: a container would be one more line to print and
    // no octet of its own to explain.
    let mut rest = params;
    let mut at = base;
    // The lowest key that keeps the order strictly increasing: one more than the
    // previous key, 0 before the first.
    let mut next_min = 0u32;
    while !rest.is_empty() {
        let Some((header, tail)) = rest.split_first_chunk::<{ svcparam::HEADER_LEN }>() else {
            sink.undecoded(at, rest.len());
            let f = Finding::SVCPARAMS_TRUNCATED {
                need: len32(svcparam::HEADER_LEN),
                have: len32(rest.len()),
            };
            sink.diag(f, On::Attribute, at, rest.len());
            break;
        };
        let k = Key(wire::be16_of(header, svcparam::KEY));
        let len = usize::from(wire::be16_of(header, svcparam::LENGTH));
        let registered = k.is_registered();
        let key_item = Item::leaf(Field::SvcParamKey, at, 2, k.0.into());
        let shown = svcparam::HEADER_LEN + len.min(tail.len());
        let first = sink.push_all([
            Item::open(Field::SvcParam, at, shown, k.0.into()).with_text(),
            // An unregistered key is labelled with its number range (private use, ...).
            if registered {
                key_item
            } else {
                key_item.with_text()
            },
            Item::leaf(Field::SvcParamLength, at + 2, 2, len as u64),
        ]);
        let (p, kr) = (ItemRef(first as u32), ItemRef(first as u32 + 1));
        if u32::from(k.0) < next_min || !registered {
            key_problems(k, next_min, kr, at, facts, sink);
        }
        next_min = u32::from(k.0) + 1;

        if len > tail.len() {
            sink.undecoded(at + svcparam::HEADER_LEN, tail.len());
            let f = Finding::SVCPARAMS_TRUNCATED {
                need: len32(svcparam::HEADER_LEN + len),
                have: len32(rest.len()),
            };
            sink.diag(f, p, at, rest.len());
            sink.close();
            break;
        }
        let (value, after) = tail.split_at(len);
        let v = Value {
            key: k,
            bytes: value,
            at: at + svcparam::HEADER_LEN,
            param: p,
        };
        keys::decode(&v, facts, sink);
        sink.close();
        rest = after;
        at += svcparam::HEADER_LEN + len;
    }
    consistency(params, base, cfg, facts, sink);
}

/// What is wrong with key `k`, which should be at least `next_min` and registered.
#[cold]
fn key_problems(k: Key, next_min: u32, kr: ItemRef, at: usize, facts: &mut Facts, sink: &mut Sink) {
    let k32 = u32::from(k.0);
    if k32 + 1 == next_min {
        facts.keys_increasing = false;
        sink.diag(Finding::SVCPARAMS_DUPLICATE_KEY { key: k }, kr, at, 2);
    } else if k32 < next_min {
        facts.keys_increasing = false;
        let f = Finding::SVCPARAMS_KEYS_NOT_INCREASING {
            key: k,
            previous: Key((next_min - 1) as u16),
        };
        sink.diag(f, kr, at, 2);
    }
    if k == Key::INVALID {
        sink.diag(Finding::SVCPARAM_INVALID_KEY_65535, kr, at, 2);
    } else if !k.is_registered() {
        sink.diag(Finding::SVCPARAM_UNKNOWN_KEY { key: k }, kr, at, 2);
    }
}

/// The keys of a SvcParams buffer, in wire order, as far as it is well framed.
fn param_keys(params: &[u8]) -> impl Iterator<Item = Key> + '_ {
    let mut off = 0;
    core::iter::from_fn(move || {
        let rest = params.get(off..)?;
        let k = wire::be16(rest, svcparam::KEY)?;
        let len = usize::from(wire::be16(rest, svcparam::LENGTH)?);
        off += svcparam::HEADER_LEN + len;
        Some(Key(k))
    })
}

/// Rules between parameters (RFC 9460 §8 and §7.1.1; RFC 9461; RFC 9464 §4).
fn consistency(params: &[u8], base: usize, cfg: CfgType, f: &Facts, sink: &mut Sink) {
    if let (Some((at, len, first)), true) = (f.mandatory, f.keys_increasing) {
        // Both lists are strictly increasing: one merge walk finds the missing keys.
        let mut present = param_keys(params).peekable();
        let list = params.get(at - base..at - base + len).unwrap_or(&[]);
        for (i, m) in list.chunks_exact(2).enumerate() {
            let m = Key(u16::from_be_bytes([m[0], m[1]]));
            while present.next_if(|&k| k < m).is_some() {}
            if present.peek() != Some(&m) && m != Key::MANDATORY {
                let f = Finding::SVCPARAM_MANDATORY_KEY_ABSENT { key: m };
                sink.diag(f, ItemRef((first + i) as u32), at + 2 * i, 2);
            }
        }
    }
    if let (Some(r), None) = (f.no_default_alpn, f.alpn) {
        let finding = Finding::SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN;
        sink.diag(finding, r, base, params.len());
    }
    match f.alpn {
        None if cfg.is_reply_or_set() => sink.diag(
            Finding::SVCPARAMS_NO_ALPN,
            On::Attribute,
            base,
            params.len(),
        ),
        Some((r, at, len)) if f.transports.has(Transport::DoH) && !f.dohpath => {
            sink.diag(Finding::DOHPATH_MISSING_FOR_HTTP_ALPN, r, at, len)
        }
        _ => {}
    }
    if let (Some(r), false) = (f.ohttp, f.transports.has(Transport::DoH)) {
        sink.diag(Finding::OHTTP_WITHOUT_HTTP_ALPN, r, base, params.len());
    }
}

#[cfg(test)]
mod tests {
    use super::keys::has_dns_variable;

    /// The template grammar read the plain way, with str methods, as the reference.
    fn reference(template: &str) -> bool {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return false;
            };
            let expr = after[..close]
                .trim_start_matches(['+', '#', '.', '/', ';', '?', '&', '=', ',', '!', '@', '|']);
            if expr
                .split(',')
                .any(|spec| spec.split([':', '*']).next() == Some("dns"))
            {
                return true;
            }
            rest = &after[close + 1..];
        }
        false
    }

    #[test]
    fn dns_variable_agrees_with_the_grammar_read_plainly() {
        // Every template of up to 6 characters over an alphabet that reaches each rule.
        let alphabet = b"{}dns,?:*x";
        let mut n = vec![0usize; 0];
        let mut checked = 0;
        let mut matched = 0;
        for len in 0..=6usize {
            n.clear();
            n.resize(len, 0);
            loop {
                let t: Vec<u8> = n.iter().map(|&i| alphabet[i]).collect();
                let want = reference(core::str::from_utf8(&t).unwrap());
                assert_eq!(
                    has_dns_variable(&t),
                    want,
                    "{:?}",
                    String::from_utf8_lossy(&t)
                );
                checked += 1;
                matched += usize::from(want);
                let Some(pos) = n.iter().rposition(|&i| i + 1 < alphabet.len()) else {
                    break;
                };
                n[pos] += 1;
                n[pos + 1..].iter_mut().for_each(|i| *i = 0);
            }
        }
        assert!(checked > 1_000_000 && matched >= 20, "{checked} {matched}");
    }

    #[test]
    fn dns_variable_agrees_on_longer_templates() {
        // Longer templates than the exhaustive test reaches, built from pieces that
        // open, close and nest expressions around the common `{?dns}` ending.
        let pieces = [
            "{", "}", "?", "dns", ",", "x", ":3", "*", "/", "{?dns}", "{?x}", "{dns",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut matched = 0;
        for _ in 0..200_000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = 1 + (seed % 7) as usize;
            for i in 0..n {
                t.push_str(pieces[((seed >> (8 * i)) % pieces.len() as u64) as usize]);
            }
            if seed & 1 == 0 {
                t.push_str("{?dns}");
            }
            let want = reference(&t);
            assert_eq!(has_dns_variable(t.as_bytes()), want, "{t:?}");
            matched += usize::from(want);
        }
        assert!(matched > 50_000, "{matched}");
        for t in [
            "/a{b{?dns}",
            "{{?dns}",
            "}{?dns}",
            "{x}{?dns}",
            "{?dns",
            "/q{?dns}",
            "{?dns}",
        ] {
            assert_eq!(has_dns_variable(t.as_bytes()), reference(t), "{t:?}");
        }
    }

    #[test]
    fn dns_variable() {
        assert!(has_dns_variable(b"/dns-query{?dns}"));
        assert!(has_dns_variable(b"/q{?x,dns}"));
        assert!(has_dns_variable(b"/{dns}"));
        assert!(has_dns_variable(b"/q{&dns:10}"));
        assert!(!has_dns_variable(b"/dns-query"));
        assert!(!has_dns_variable(b"/q{?dnsx}"));
        assert!(!has_dns_variable(b"/q{?dns"));
    }
}
