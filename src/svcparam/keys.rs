//! The SvcParamKeys (RFC 9460 §14.3.2 and later), one module each: how
//! its value decodes into items and findings, and how it reads in presentation
//! format; its number and name are its line in `keys!` below. Adding a key: a module
//! here and a line there (and a row in `crate::fields` for a field of its own).

use core::fmt;

use crate::diag::{len32, BadValue, Finding};
use crate::fastfmt::{dec, ipv4, ipv6, write_escaped, Label};
use crate::field::Field;
use crate::registry::{name_in, Transport, ValueName, TLS_GROUPS};
use crate::sink::{Item, ItemRef, Sink};
use crate::wire::{self, svcparam::Key};

use super::facts::Facts;

/// One parameter's value, as its decoder sees it.
pub(super) struct Value<'a> {
    pub key: Key,
    pub bytes: &'a [u8],
    /// The value's offset in the attribute.
    pub at: usize,
    /// The parameter's own item (its subtree).
    pub param: ItemRef,
}

impl Value<'_> {
    fn bad(&self, sink: &mut Sink, on: ItemRef, at: usize, len: usize, why: BadValue) {
        let f = Finding::SVCPARAM_BAD_VALUE {
            key: self.key,
            why,
            length: len32(len),
        };
        sink.diag(f, on, at, len);
    }

    /// The parameter's header and value, for findings about the whole parameter.
    fn whole(&self) -> (usize, usize) {
        (
            self.at - wire::svcparam::HEADER_LEN,
            wire::svcparam::HEADER_LEN + self.bytes.len(),
        )
    }
}

/// Each registered key: number, constant, name, module.
macro_rules! keys {
    ($($number:literal $constant:ident $name:literal $module:ident;)*) => {
        impl Key {
            $(pub const $constant: Key = Key($number);)*

            /// Its registered name.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($number => Some($name),)*
                    _ => None,
                }
            }

            /// Whether it is registered (what `name` answers, without the name).
            #[allow(clippy::manual_range_patterns)] // the list is what it is, gaps or not
            pub fn is_registered(self) -> bool {
                matches!(self.0, $($number)|*)
            }
        }

        /// The registered names, for `encdns.svcparam.key` values; 65535 is reserved.
        pub static NAMES: [ValueName; [$($number),*].len() + 1] = [
            $(ValueName { value: $number, name: cstr!($name) },)*
            ValueName { value: 65535, name: cstr!("key65535 (invalid)") },
        ];

        /// Decodes a parameter's value into items and findings, by key.
        pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
            match v.key.0 {
                $($number => $module::decode(v, facts, sink),)*
                _ => other::decode(v, facts, sink),
            }
        }

        /// The value in presentation format (after `key=`), by key.
        fn present_value(k: Key, value: &[u8], out: &mut impl Label) -> fmt::Result {
            match k.0 {
                $($number => $module::present(value, out),)*
                _ => other::present(value, out),
            }
        }
    };
}

#[rustfmt::skip]
keys! {
    0 MANDATORY "mandatory" mandatory;
    1 ALPN "alpn" alpn;
    2 NO_DEFAULT_ALPN "no-default-alpn" no_default_alpn;
    3 PORT "port" port;
    4 IPV4HINT "ipv4hint" ipv4hint;
    5 ECH "ech" ech;
    6 IPV6HINT "ipv6hint" ipv6hint;
    7 DOHPATH "dohpath" dohpath;
    8 OHTTP "ohttp" ohttp;
    9 TLS_SUPPORTED_GROUPS "tls-supported-groups" tls_supported_groups;
    10 DOCPATH "docpath" docpath;
    11 PVD "pvd" pvd;
    12 OOTS "oots" other;
}

impl Key {
    pub const FIRST_PRIVATE_USE: Key = Key(65280);
    pub const INVALID: Key = Key(65535);

    pub fn is_private_use(self) -> bool {
        self >= Key::FIRST_PRIVATE_USE && self != Key::INVALID
    }

    /// Its name, or `keyNNNNN` as RFC 9460 writes unknown keys.
    pub fn write(self, out: &mut impl Label) -> fmt::Result {
        match self.name() {
            Some(n) => out.write_str(n),
            None => {
                out.write_str("key")?;
                dec(out, self.0.into())
            }
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(&mut crate::fastfmt::Adapter(f))
    }
}

/// One SvcParam (header and value) in (roughly) RFC 9460 presentation format:
/// `alpn=h2,h3`, `port=853`.
pub(crate) fn present(param: &[u8], out: &mut impl Label) -> fmt::Result {
    let (Some(k), Some(len)) = (
        wire::be16(param, wire::svcparam::KEY),
        wire::be16(param, wire::svcparam::LENGTH),
    ) else {
        return out.write_str("(truncated)");
    };
    let k = Key(k);
    k.write(out)?;
    let value = &param[wire::svcparam::HEADER_LEN..];
    if usize::from(len) > value.len() {
        return out.write_str(" (truncated)");
    }
    if value.is_empty() {
        return Ok(());
    }
    out.write_char('=')?;
    present_value(k, value, out)
}

mod mandatory {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        let first = sink.next_index();
        let ok = u16_list(v, Field::SvcParamMandatory, sink);
        let mut prev = None;
        for (i, m) in v.bytes.chunks_exact(2).enumerate() {
            let m = Key(u16::from_be_bytes([m[0], m[1]]));
            let mr = ItemRef((first + i) as u32);
            if m == Key::MANDATORY {
                sink.diag(
                    Finding::SVCPARAM_MANDATORY_LISTS_MANDATORY,
                    mr,
                    v.at + 2 * i,
                    2,
                );
            } else if m == Key::PORT {
                let f = Finding::SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY { key: m };
                sink.diag(f, mr, v.at + 2 * i, 2);
            }
            if prev.is_some_and(|p| m <= p) && ok {
                v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::NotIncreasing);
                facts.mandatory = None;
                return;
            }
            prev = Some(m);
        }
        if ok {
            facts.mandatory = Some((v.at, v.bytes.len(), first));
        }
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        let mut first = true;
        for c in value.chunks(2) {
            if !first {
                out.write_str(",")?;
            }
            first = false;
            match wire::be16(c, 0..2) {
                Some(k) => Key(k).write(out)?,
                None => {
                    out.write_str("key")?;
                    dec(out, u64::MAX)?
                }
            }
        }
        Ok(())
    }
}

mod alpn {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        if v.bytes.is_empty() {
            v.bad(sink, v.param, v.at, 0, BadValue::Empty);
        } else {
            let mut empty_id = None;
            length_prefixed(
                v,
                Field::SvcParamAlpnLength,
                Field::SvcParamAlpn,
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
                v.bad(sink, v.param, v.at + off, 1, BadValue::EmptyAlpnId);
            }
        }
        let (at, len) = v.whole();
        facts.alpn = Some((v.param, at, len));
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        let mut sep = "";
        for id in prefixed_items(value) {
            out.write_str(sep)?;
            write_escaped(out, id)?;
            sep = ",";
        }
        Ok(())
    }
}

mod no_default_alpn {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        must_be_empty(v, sink);
        facts.no_default_alpn = Some(v.param);
        let (at, _) = v.whole();
        sink.diag(
            Finding::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE,
            v.param,
            at,
            4,
        );
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        other::present(value, out)
    }
}

mod port {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        match wire::be16(v.bytes, 0..2) {
            Some(port) if v.bytes.len() == 2 => {
                sink.leaf(Field::SvcParamPort, v.at, 2, port.into());
                let (at, len) = v.whole();
                facts.port = Some((port, at, len));
            }
            _ => {
                sink.undecoded(v.at, v.bytes.len());
                v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::NotWholeItems);
            }
        }
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        match wire::be16(value, 0..2) {
            Some(p) if value.len() == 2 => dec(out, p.into()),
            _ => other::present(value, out),
        }
    }
}

/// ipv4hint and ipv6hint: addresses, which RFC 9464 forbids (the attribute carries
/// the resolver's addresses itself).
fn address_hints<const SIZE: usize>(v: &Value, sink: &mut Sink) {
    let (field, forbidden) = if SIZE == 4 {
        (
            Field::SvcParamIpv4Hint,
            Finding::SVCPARAM_IPV4HINT_FORBIDDEN,
        )
    } else {
        (
            Field::SvcParamIpv6Hint,
            Finding::SVCPARAM_IPV6HINT_FORBIDDEN,
        )
    };
    let (at, len) = v.whole();
    sink.diag(forbidden, v.param, at, len);
    let chunks = v.bytes.chunks_exact(SIZE);
    let odd = chunks.remainder().len();
    for (i, a) in chunks.enumerate() {
        let value = if SIZE == 4 {
            u64::from(u32::from_be_bytes([a[0], a[1], a[2], a[3]]))
        } else {
            0
        };
        sink.leaf(field, v.at + i * SIZE, SIZE, value);
    }
    sink.undecoded(v.at + v.bytes.len() - odd, odd);
    if v.bytes.is_empty() {
        v.bad(sink, v.param, v.at, 0, BadValue::Empty);
    } else if odd != 0 {
        v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::NotWholeItems);
    }
}

fn present_addresses<const SIZE: usize>(value: &[u8], out: &mut impl Label) -> fmt::Result {
    let mut first = true;
    for a in value.chunks_exact(SIZE) {
        if !first {
            out.write_str(",")?;
        }
        first = false;
        if SIZE == 4 {
            ipv4(out, [a[0], a[1], a[2], a[3]])?;
        } else {
            ipv6(out, a.try_into().unwrap_or([0; 16]))?;
        }
    }
    Ok(())
}

mod ipv4hint {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        address_hints::<4>(v, sink);
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        present_addresses::<4>(value, out)
    }
}

mod ipv6hint {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        address_hints::<16>(v, sink);
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        present_addresses::<16>(value, out)
    }
}

mod ech {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        if !v.bytes.is_empty() {
            sink.leaf(Field::SvcParamEch, v.at, v.bytes.len(), 0);
        }
        // An ECHConfigList is a TLS vector: a 2-octet length, then the configs.
        if wire::be16(v.bytes, 0..2).map(usize::from) != Some(v.bytes.len().wrapping_sub(2)) {
            v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::EchLength);
        }
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        other::present(value, out)
    }
}

mod dohpath {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        if !v.bytes.is_empty() {
            let r = sink.leaf(Field::SvcParamDohPath, v.at, v.bytes.len(), 0);
            if !v.bytes.is_ascii() && core::str::from_utf8(v.bytes).is_err() {
                v.bad(sink, r, v.at, v.bytes.len(), BadValue::NotUtf8);
            } else if !has_dns_variable(v.bytes) {
                sink.diag(
                    Finding::DOHPATH_WITHOUT_DNS_VARIABLE,
                    r,
                    v.at,
                    v.bytes.len(),
                );
            }
        } else {
            sink.diag(Finding::DOHPATH_WITHOUT_DNS_VARIABLE, v.param, v.at, 0);
        }
        facts.dohpath = true;
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        write_escaped(out, value)
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
}

pub use dohpath::has_dns_variable;

mod ohttp {
    use super::*;

    pub(super) fn decode(v: &Value, facts: &mut Facts, sink: &mut Sink) {
        must_be_empty(v, sink);
        facts.ohttp = Some(v.param);
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        other::present(value, out)
    }
}

mod tls_supported_groups {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        if u16_list(v, Field::SvcParamTlsGroup, sink) && has_duplicate_u16(v.bytes) {
            v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::DuplicateGroup);
        }
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        let mut first = true;
        for c in value.chunks(2) {
            if !first {
                out.write_str(",")?;
            }
            first = false;
            let g = wire::be16(c, 0..2).unwrap_or(0);
            match name_in(&TLS_GROUPS, g.into()) {
                Some(n) => out.write_ascii(n.to_bytes())?,
                None => dec(out, g.into())?,
            }
        }
        Ok(())
    }

    // Not inlined: its 8 KiB table would otherwise be stack every parameter pays for.
    #[inline(never)]
    pub(super) fn has_duplicate_u16(value: &[u8]) -> bool {
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
}

mod docpath {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        length_prefixed(
            v,
            Field::SvcParamDocPathLength,
            Field::SvcParamDocPathSegment,
            sink,
            |_, _| {},
        );
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        for segment in prefixed_items(value) {
            out.write_str("/")?;
            write_escaped(out, segment)?;
        }
        Ok(())
    }
}

mod pvd {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        must_be_empty(v, sink);
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        other::present(value, out)
    }
}

/// Keys without a decoder of their own (oots, unassigned, private use): the value as
/// octets.
mod other {
    use super::*;

    pub(super) fn decode(v: &Value, _: &mut Facts, sink: &mut Sink) {
        if !v.bytes.is_empty() {
            sink.leaf(Field::SvcParamValue, v.at, v.bytes.len(), 0);
        }
    }

    pub(super) fn present(value: &[u8], out: &mut impl Label) -> fmt::Result {
        write!(out, "({} octets)", value.len())
    }
}

/// A value that must be empty (no-default-alpn, ohttp, pvd).
fn must_be_empty(v: &Value, sink: &mut Sink) {
    if !v.bytes.is_empty() {
        sink.leaf(Field::SvcParamValue, v.at, v.bytes.len(), 0);
        v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::MustBeEmpty);
    }
}

/// A non-empty list of 2-octet numbers; returns whether it is well formed.
fn u16_list(v: &Value, field: Field, sink: &mut Sink) -> bool {
    let chunks = v.bytes.chunks_exact(2);
    let odd = chunks.remainder().len();
    for (i, c) in chunks.enumerate() {
        sink.leaf(
            field,
            v.at + 2 * i,
            2,
            u16::from_be_bytes([c[0], c[1]]).into(),
        );
    }
    sink.undecoded(v.at + v.bytes.len() - odd, odd);
    if v.bytes.is_empty() {
        v.bad(sink, v.param, v.at, 0, BadValue::Empty);
        false
    } else if odd != 0 {
        v.bad(sink, v.param, v.at, v.bytes.len(), BadValue::NotWholeItems);
        false
    } else {
        true
    }
}

/// The `len(u8) octets` items of a value, as far as they are whole; the last one cut
/// to what is there.
fn prefixed_items(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut off = 0;
    core::iter::from_fn(move || {
        let n = usize::from(*value.get(off)?);
        let item = value.get(off + 1..off + 1 + n).unwrap_or(&value[off + 1..]);
        off += 1 + n;
        Some(item)
    })
}

/// `len(u8) octets` items that exactly fill the value (alpn ids, docpath segments), as
/// fields: each length, then its octets unless there are none. `also` sees each item
/// as (offset in the value, octets). An item that runs past the value ends it: its
/// length, the rest undecoded, and `BadValue::ItemOverrun`.
fn length_prefixed(
    v: &Value,
    len_field: Field,
    field: Field,
    sink: &mut Sink,
    mut also: impl FnMut(usize, &[u8]),
) {
    let mut rest = v.bytes;
    let mut off = 0;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n);
        let length = Item::leaf(len_field, v.at + off, 1, n as u64);
        if n > tail.len() {
            sink.push(length);
            sink.undecoded(v.at + off + 1, tail.len());
            v.bad(sink, v.param, v.at + off, rest.len(), BadValue::ItemOverrun);
            return;
        }
        let (item, after) = tail.split_at(n);
        if n == 0 {
            sink.push(length);
        } else {
            // The length and its octets in one write.
            sink.push_all([length, Item::leaf(field, v.at + off + 1, n, 0)]);
        }
        also(off, item);
        off += 1 + n;
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::tls_supported_groups::has_duplicate_u16;
    use super::*;

    #[test]
    fn duplicate_groups() {
        assert!(has_duplicate_u16(&[0, 29, 0, 23, 0, 29]));
        assert!(!has_duplicate_u16(&[0, 29, 0, 23, 0xff, 0xff]));
    }

    #[test]
    fn names_are_the_registered_keys() {
        for k in 0..=u16::MAX {
            let k = Key(k);
            assert_eq!(k.is_registered(), k.name().is_some(), "{k:?}");
            let named = NAMES.iter().any(|n| n.value == u32::from(k.0));
            assert_eq!(named, k.is_registered() || k == Key::INVALID, "{k:?}");
        }
    }
}
