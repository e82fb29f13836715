//! SvcParams as RFC 9464 carries them (RFC 9460 §2.2 wire format) and the rules that
//! apply to them: RFC 9460's own, RFC 9464's ban on address hints, and those RFC 9461
//! and RFC 9540 bring in for the "dns" scheme.

use crate::diag::Code;
use crate::fields::Field;
use crate::parse::{pair, undecoded, CfgType};
use crate::registry::{key, svcparam_key_registered, Transport};
use crate::sink::{Item, ItemRef, Sink};
use crate::wire::{self, svcparam};

/// Why a SvcParamValue is malformed; the first half of `SVCPARAM_BAD_VALUE`'s value.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadValue {
    Empty = 1,
    NotWholeItems = 2,
    NotIncreasing = 3,
    EmptyAlpnId = 4,
    ItemOverrun = 5,
    MustBeEmpty = 6,
    NotUtf8 = 7,
    EchLength = 8,
    DuplicateGroup = 9,
}

impl BadValue {
    pub fn from_u64(v: u64) -> Option<BadValue> {
        use BadValue::*;
        [
            Empty,
            NotWholeItems,
            NotIncreasing,
            EmptyAlpnId,
            ItemOverrun,
            MustBeEmpty,
            NotUtf8,
            EchLength,
            DuplicateGroup,
        ]
        .into_iter()
        .find(|b| *b as u64 == v)
    }
}

/// The transports an alpn list names, in the order it names them.
#[derive(Clone, Copy, Debug)]
pub struct Transports {
    list: [Transport; 3],
    n: u8,
    /// Bit `t` set once transport `t` is in the list.
    seen: u8,
}

impl Transports {
    const NONE: Transports = Transports {
        list: [Transport::DoT; 3],
        n: 0,
        seen: 0,
    };

    fn add(&mut self, t: Transport) {
        let bit = 1 << (t as u8);
        if self.seen & bit == 0 {
            self.seen |= bit;
            // Three transports, each listed once: there is always room.
            if let Some(slot) = self.list.get_mut(usize::from(self.n)) {
                *slot = t;
                self.n += 1;
            }
        }
    }

    pub fn has(&self, t: Transport) -> bool {
        self.seen & (1 << (t as u8)) != 0
    }

    pub fn iter(&self) -> impl Iterator<Item = Transport> + '_ {
        self.list[..usize::from(self.n)].iter().copied()
    }
}

/// What the SvcParams said, as far as the rest of the attribute cares.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub transports: Transports,
    /// The alpn parameter: its item and attribute offset/length.
    pub alpn: Option<(ItemRef, usize, usize)>,
    /// The port parameter: its value, and the offset/length of the parameter.
    pub port: Option<(u16, usize, usize)>,
    no_default_alpn: Option<ItemRef>,
    dohpath: bool,
    ohttp: Option<ItemRef>,
    /// The mandatory list: attribute offset of its value, its length, index of its
    /// first key item.
    mandatory: Option<(usize, usize, usize)>,
    keys_increasing: bool,
}

impl Default for Facts {
    fn default() -> Facts {
        Facts {
            transports: Transports::NONE,
            alpn: None,
            port: None,
            no_default_alpn: None,
            dohpath: false,
            ohttp: None,
            mandatory: None,
            keys_increasing: true,
        }
    }
}

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
            undecoded(sink, at, rest.len());
            sink.diag(
                Code::SVCPARAMS_TRUNCATED,
                ItemRef::ATTRIBUTE,
                at,
                rest.len(),
                pair(svcparam::HEADER_LEN, rest.len()),
            );
            break;
        };
        let k = wire::be16_of(header, svcparam::KEY);
        let len = usize::from(wire::be16_of(header, svcparam::LENGTH));
        let registered = svcparam_key_registered(k);
        let key_item = Item::leaf(Field::SvcParamKey, at, 2, k.into());
        let shown = svcparam::HEADER_LEN + len.min(tail.len());
        let first = sink.push_all([
            Item::open(Field::SvcParam, at, shown, k.into()).with_text(),
            // An unregistered key is labelled with its number range (private use, ...).
            if registered {
                key_item
            } else {
                key_item.with_text()
            },
            Item::leaf(Field::SvcParamLength, at + 2, 2, len as u64),
        ]);
        let (p, kr) = (ItemRef(first as u32), ItemRef(first as u32 + 1));
        if u32::from(k) < next_min || !registered {
            key_problems(k, next_min, kr, at, facts, sink);
        }
        next_min = u32::from(k) + 1;

        if len > tail.len() {
            undecoded(sink, at + svcparam::HEADER_LEN, tail.len());
            sink.diag(
                Code::SVCPARAMS_TRUNCATED,
                p,
                at,
                rest.len(),
                pair(svcparam::HEADER_LEN + len, rest.len()),
            );
            sink.close();
            break;
        }
        let (value, after) = tail.split_at(len);
        decode_value(k, value, at + svcparam::HEADER_LEN, p, facts, sink);
        sink.close();
        rest = after;
        at += svcparam::HEADER_LEN + len;
    }
    consistency(params, base, cfg, facts, sink);
}

/// What is wrong with key `k`, which should be at least `next_min` and registered.
#[cold]
fn key_problems(k: u16, next_min: u32, kr: ItemRef, at: usize, facts: &mut Facts, sink: &mut Sink) {
    let k32 = u32::from(k);
    if k32 + 1 == next_min {
        facts.keys_increasing = false;
        sink.diag(Code::SVCPARAMS_DUPLICATE_KEY, kr, at, 2, k.into());
    } else if k32 < next_min {
        facts.keys_increasing = false;
        sink.diag(
            Code::SVCPARAMS_KEYS_NOT_INCREASING,
            kr,
            at,
            2,
            pair(k.into(), next_min as usize - 1),
        );
    }
    if k == key::INVALID {
        sink.diag(Code::SVCPARAM_INVALID_KEY_65535, kr, at, 2, k.into());
    } else if !svcparam_key_registered(k) {
        sink.diag(Code::SVCPARAM_UNKNOWN_KEY, kr, at, 2, k.into());
    }
}

fn bad(sink: &mut Sink, on: ItemRef, at: usize, len: usize, why: BadValue, k: u16) {
    sink.diag(
        Code::SVCPARAM_BAD_VALUE,
        on,
        at,
        len,
        pair(why as usize, k.into()),
    );
}

/// The value of one parameter, by key.
fn decode_value(k: u16, value: &[u8], at: usize, p: ItemRef, facts: &mut Facts, sink: &mut Sink) {
    match k {
        key::MANDATORY => {
            let first = sink.next_index();
            let ok = u16_list(value, at, Field::SvcParamMandatory, p, k, sink);
            let mut prev = None;
            for (i, m) in value.chunks_exact(2).enumerate() {
                let m = u16::from_be_bytes([m[0], m[1]]);
                let mr = ItemRef((first + i) as u32);
                if m == key::MANDATORY {
                    sink.diag(
                        Code::SVCPARAM_MANDATORY_LISTS_MANDATORY,
                        mr,
                        at + 2 * i,
                        2,
                        0,
                    );
                } else if m == key::PORT {
                    sink.diag(
                        Code::SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY,
                        mr,
                        at + 2 * i,
                        2,
                        m.into(),
                    );
                }
                if prev.is_some_and(|p| m <= p) && ok {
                    bad(sink, p, at, value.len(), BadValue::NotIncreasing, k);
                    facts.mandatory = None;
                    return;
                }
                prev = Some(m);
            }
            if ok {
                facts.mandatory = Some((at, value.len(), first));
            }
        }
        key::ALPN => {
            alpn(value, at, p, facts, sink);
            facts.alpn = Some((
                p,
                at - svcparam::HEADER_LEN,
                svcparam::HEADER_LEN + value.len(),
            ));
        }
        key::NO_DEFAULT_ALPN => {
            must_be_empty(value, at, p, k, sink);
            facts.no_default_alpn = Some(p);
            sink.diag(
                Code::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE,
                p,
                at - svcparam::HEADER_LEN,
                4,
                0,
            );
        }
        key::PORT => match wire::be16(value, 0..2) {
            Some(port) if value.len() == 2 => {
                sink.leaf(Field::SvcParamPort, at, 2, port.into());
                facts.port = Some((port, at - svcparam::HEADER_LEN, svcparam::HEADER_LEN + 2));
            }
            _ => {
                undecoded(sink, at, value.len());
                bad(sink, p, at, value.len(), BadValue::NotWholeItems, k);
            }
        },
        key::IPV4HINT | key::IPV6HINT => {
            let (field, size, code) = if k == key::IPV4HINT {
                (
                    Field::SvcParamIpv4Hint,
                    4,
                    Code::SVCPARAM_IPV4HINT_FORBIDDEN,
                )
            } else {
                (
                    Field::SvcParamIpv6Hint,
                    16,
                    Code::SVCPARAM_IPV6HINT_FORBIDDEN,
                )
            };
            sink.diag(
                code,
                p,
                at - svcparam::HEADER_LEN,
                svcparam::HEADER_LEN + value.len(),
                0,
            );
            let chunks = value.chunks_exact(size);
            let odd = chunks.remainder().len();
            for (i, a) in chunks.enumerate() {
                let v = if size == 4 {
                    u64::from(u32::from_be_bytes([a[0], a[1], a[2], a[3]]))
                } else {
                    0
                };
                sink.leaf(field, at + i * size, size, v);
            }
            undecoded(sink, at + value.len() - odd, odd);
            if value.is_empty() {
                bad(sink, p, at, 0, BadValue::Empty, k);
            } else if odd != 0 {
                bad(sink, p, at, value.len(), BadValue::NotWholeItems, k);
            }
        }
        key::ECH => {
            if !value.is_empty() {
                sink.leaf(Field::SvcParamEch, at, value.len(), 0);
            }
            // An ECHConfigList is a TLS vector: a 2-octet length, then the configs.
            if wire::be16(value, 0..2).map(usize::from) != Some(value.len().wrapping_sub(2)) {
                bad(sink, p, at, value.len(), BadValue::EchLength, k);
            }
        }
        key::DOHPATH => {
            if !value.is_empty() {
                let r = sink.leaf(Field::SvcParamDohPath, at, value.len(), 0);
                if !value.is_ascii() && core::str::from_utf8(value).is_err() {
                    bad(sink, r, at, value.len(), BadValue::NotUtf8, k);
                } else if !has_dns_variable(value) {
                    sink.diag(Code::DOHPATH_WITHOUT_DNS_VARIABLE, r, at, value.len(), 0);
                }
            } else {
                sink.diag(Code::DOHPATH_WITHOUT_DNS_VARIABLE, p, at, 0, 0);
            }
            facts.dohpath = true;
        }
        key::OHTTP | key::PVD => {
            must_be_empty(value, at, p, k, sink);
            if k == key::OHTTP {
                facts.ohttp = Some(p);
            }
        }
        key::TLS_SUPPORTED_GROUPS => {
            if u16_list(value, at, Field::SvcParamTlsGroup, p, k, sink) && has_duplicate_u16(value)
            {
                bad(sink, p, at, value.len(), BadValue::DuplicateGroup, k);
            }
        }
        key::DOCPATH => length_prefixed(
            value,
            at,
            Field::SvcParamDocPathLength,
            Field::SvcParamDocPathSegment,
            p,
            k,
            sink,
            |_, _| {},
        ),
        _ => {
            if !value.is_empty() {
                sink.leaf(Field::SvcParamValue, at, value.len(), 0);
            }
        }
    }
}

fn must_be_empty(value: &[u8], at: usize, p: ItemRef, k: u16, sink: &mut Sink) {
    if !value.is_empty() {
        sink.leaf(Field::SvcParamValue, at, value.len(), 0);
        bad(sink, p, at, value.len(), BadValue::MustBeEmpty, k);
    }
}

/// A non-empty list of 2-octet numbers; returns whether it is well formed.
fn u16_list(value: &[u8], at: usize, field: Field, p: ItemRef, k: u16, sink: &mut Sink) -> bool {
    let chunks = value.chunks_exact(2);
    let odd = chunks.remainder().len();
    for (i, c) in chunks.enumerate() {
        sink.leaf(
            field,
            at + 2 * i,
            2,
            u16::from_be_bytes([c[0], c[1]]).into(),
        );
    }
    undecoded(sink, at + value.len() - odd, odd);
    if value.is_empty() {
        bad(sink, p, at, 0, BadValue::Empty, k);
        false
    } else if odd != 0 {
        bad(sink, p, at, value.len(), BadValue::NotWholeItems, k);
        false
    } else {
        true
    }
}

// Not inlined: its 8 KiB table would otherwise be stack every parameter pays for.
#[inline(never)]
fn has_duplicate_u16(value: &[u8]) -> bool {
    let mut seen = [0u64; 1024];
    for c in value.chunks_exact(2) {
        let v = usize::from(u16::from_be_bytes([c[0], c[1]]));
        let (word, bit) = (v / 64, 1u64 << (v % 64));
        if seen[word] & bit != 0 {
            return true;
        }
        seen[word] |= bit;
    }
    false
}

/// `len(u8) octets` items that exactly fill the value (alpn ids, docpath segments), as
/// fields: each length, then its octets unless there are none. `also` sees each item
/// as (offset in the value, octets). An item that runs past the value ends it: its
/// length, the rest undecoded, and `BadValue::ItemOverrun`.
#[allow(clippy::too_many_arguments)]
fn length_prefixed(
    value: &[u8],
    at: usize,
    len_field: Field,
    field: Field,
    p: ItemRef,
    k: u16,
    sink: &mut Sink,
    mut also: impl FnMut(usize, &[u8]),
) {
    let mut rest = value;
    let mut off = 0;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n);
        let length = Item::leaf(len_field, at + off, 1, n as u64);
        if n > tail.len() {
            sink.push(length);
            undecoded(sink, at + off + 1, tail.len());
            bad(sink, p, at + off, rest.len(), BadValue::ItemOverrun, k);
            return;
        }
        let (item, after) = tail.split_at(n);
        if n == 0 {
            sink.push(length);
        } else {
            // The length and its octets in one write.
            sink.push_all([length, Item::leaf(field, at + off + 1, n, 0)]);
        }
        also(off, item);
        off += 1 + n;
        rest = after;
    }
}

fn alpn(value: &[u8], at: usize, p: ItemRef, facts: &mut Facts, sink: &mut Sink) {
    let k = key::ALPN;
    if value.is_empty() {
        bad(sink, p, at, 0, BadValue::Empty, k);
        return;
    }
    let mut empty_id = None;
    length_prefixed(
        value,
        at,
        Field::SvcParamAlpnLength,
        Field::SvcParamAlpn,
        p,
        k,
        sink,
        |off, id| {
            if id.is_empty() {
                empty_id = empty_id.or(Some(off));
            } else if let Some(t) = Transport::from_alpn(id) {
                facts.transports.add(t);
            }
        },
    );
    if let Some(off) = empty_id {
        bad(sink, p, at + off, 1, BadValue::EmptyAlpnId, k);
    }
}

/// Whether a URI Template (RFC 6570) has a variable named `dns` (RFC 9461 §5): in a
/// closed expression, after its operator, one of the comma-separated variables whose
/// name (before a `:` or `*` modifier) is `dns`. Every character the grammar cares
/// about is ASCII, so the octets are searched as they are.
#[inline(always)]
pub fn has_dns_variable(template: &[u8]) -> bool {
    // Nearly every DoH path ends in RFC 8484's `{?dns}`: that is a closed expression
    // naming dns unless a `{` opened earlier is still open (then it is part of that
    // one), which one look back past the last brace tells.
    // Most paths have no other expression at all, which a word-wise search shows.
    if let Some(head) = template.strip_suffix(b"{?dns}") {
        if wire::find(head, b'{').is_none()
            || head
                .iter()
                .rposition(|&b| b == b'{' || b == b'}')
                .is_some_and(|p| head[p] == b'}')
        {
            return true;
        }
    }
    has_dns_expression(template)
}

/// `has_dns_variable` the long way: every closed expression, one by one.
#[inline(never)]
fn has_dns_expression(template: &[u8]) -> bool {
    let mut rest = template;
    while let Some(open) = wire::find(rest, b'{') {
        let after = &rest[open + 1..];
        let Some(close) = wire::find(after, b'}') else {
            return false; // only a closed expression counts
        };
        if names_dns(&after[..close]) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// Whether an expression (between its braces) has a variable named `dns`: after its
/// operators, comma-separated variables, each a name and maybe a `:` or `*` modifier.
fn names_dns(expr: &[u8]) -> bool {
    let mut i = 0;
    while i < expr.len()
        && matches!(
            expr[i],
            b'+' | b'#' | b'.' | b'/' | b';' | b'?' | b'&' | b'=' | b',' | b'!' | b'@' | b'|'
        )
    {
        i += 1;
    }
    let mut name = i; // where the current variable's name starts
    let mut name_end = None; // where a modifier ended it
    while i <= expr.len() {
        match expr.get(i) {
            Some(b':' | b'*') => name_end = name_end.or(Some(i)),
            Some(b',') | None => {
                if expr.get(name..name_end.unwrap_or(i)) == Some(b"dns") {
                    return true;
                }
                (name, name_end) = (i + 1, None);
            }
            Some(_) => {}
        }
        i += 1;
    }
    false
}

/// The keys of a SvcParams buffer, in wire order, as far as it is well framed.
fn param_keys(params: &[u8]) -> impl Iterator<Item = u16> + '_ {
    let mut off = 0;
    core::iter::from_fn(move || {
        let rest = params.get(off..)?;
        let k = wire::be16(rest, svcparam::KEY)?;
        let len = usize::from(wire::be16(rest, svcparam::LENGTH)?);
        off += svcparam::HEADER_LEN + len;
        Some(k)
    })
}

/// Rules between parameters (RFC 9460 §8 and §7.1.1; RFC 9461; RFC 9464 §4).
fn consistency(params: &[u8], base: usize, cfg: CfgType, f: &Facts, sink: &mut Sink) {
    if let (Some((at, len, first)), true) = (f.mandatory, f.keys_increasing) {
        // Both lists are strictly increasing: one merge walk finds the missing keys.
        let mut present = param_keys(params).peekable();
        let list = params.get(at - base..at - base + len).unwrap_or(&[]);
        for (i, m) in list.chunks_exact(2).enumerate() {
            let m = u16::from_be_bytes([m[0], m[1]]);
            while present.next_if(|&k| k < m).is_some() {}
            if present.peek() != Some(&m) && m != key::MANDATORY {
                sink.diag(
                    Code::SVCPARAM_MANDATORY_KEY_ABSENT,
                    ItemRef((first + i) as u32),
                    at + 2 * i,
                    2,
                    m.into(),
                );
            }
        }
    }
    if let (Some(r), None) = (f.no_default_alpn, f.alpn) {
        sink.diag(
            Code::SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN,
            r,
            base,
            params.len(),
            0,
        );
    }
    match f.alpn {
        None if cfg.is_reply_or_set() => sink.diag(
            Code::SVCPARAMS_NO_ALPN,
            ItemRef::ATTRIBUTE,
            base,
            params.len(),
            0,
        ),
        Some((r, at, len)) if f.transports.has(Transport::DoH) && !f.dohpath => {
            sink.diag(Code::DOHPATH_MISSING_FOR_HTTP_ALPN, r, at, len, 0)
        }
        _ => {}
    }
    if let (Some(r), false) = (f.ohttp, f.transports.has(Transport::DoH)) {
        sink.diag(Code::OHTTP_WITHOUT_HTTP_ALPN, r, base, params.len(), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn duplicate_groups() {
        assert!(has_duplicate_u16(&[0, 29, 0, 23, 0, 29]));
        assert!(!has_duplicate_u16(&[0, 29, 0, 23, 0xff, 0xff]));
    }
}
