//! Labels for people: the one-line summary of an attribute, and the labels of items
//! that read better than "name: value" (a SvcParam in presentation format, a key
//! without a registered name). Rendered on demand from the attribute and its items,
//! into a caller's buffer, without allocating.

use core::fmt;

use crate::fastfmt::{dec, hex, ipv4, ipv6, Label};

use crate::fields::Field;
use crate::message::{write_escaped, write_key};
use crate::parse::{AttrKind, CfgType};
use crate::registry::{self, key, Transport};
use crate::sink::{Item, ItemKind};
use crate::wire::{self, svcparam};

fn octets<'a>(attr: &'a [u8], item: &Item) -> &'a [u8] {
    let start = item.offset as usize;
    attr.get(start..start.saturating_add(item.length as usize))
        .unwrap_or(&[])
}

fn leaves(items: &[Item]) -> impl Iterator<Item = &Item> + Clone {
    items.iter().filter(|i| i.kind != ItemKind::Close as u8)
}

fn is(item: &Item, field: Field) -> bool {
    item.field == field as u16
}

fn hash_alg(out: &mut impl Label, alg: u64) -> fmt::Result {
    match u16::try_from(alg).ok().and_then(registry::hash_alg_name) {
        Some(n) => out.write_ascii(n.to_bytes()),
        None => {
            out.write_str("hash algorithm ")?;
            dec(out, alg)
        }
    }
}

fn address(out: &mut impl Label, attr: &[u8], item: &Item) -> fmt::Result {
    let b = octets(attr, item);
    match b.len() {
        4 => ipv4(out, [b[0], b[1], b[2], b[3]]),
        16 => ipv6(out, b.try_into().unwrap_or([0; 16])),
        _ => Ok(()),
    }
}

/// `ENCDNS_IP4: dot.example.net 192.0.2.53 (DoT, port 853), priority 1` and the like.
/// `cfg` is the CFG type of the payload (a DIGEST_INFO request offers algorithms, a
/// reply names one).
pub fn attr_summary(
    attr: &[u8],
    kind: AttrKind,
    cfg: CfgType,
    items: &[Item],
    out: &mut impl Label,
) -> fmt::Result {
    out.write_ascii(kind.name().to_bytes())?;
    let mut all = leaves(items);
    if all.clone().next().is_none() {
        return out.write_str(match attr.len() {
            0..=3 => ": truncated",
            4 => ": empty",
            _ => ": malformed",
        });
    }
    match kind {
        AttrKind::EncdnsIp4 | AttrKind::EncdnsIp6 => {
            let mut sep = ": ";
            match all.clone().find(|i| is(i, Field::Adn)) {
                Some(adn) => {
                    out.write_str(sep)?;
                    write_escaped(out, octets(attr, adn))?
                }
                None => out.write_str(": (no ADN)")?,
            }
            sep = " ";
            for a in all
                .clone()
                .filter(|i| is(i, Field::Ipv4) || is(i, Field::Ipv6))
            {
                out.write_str(sep)?;
                address(out, attr, a)?;
                sep = ", ";
            }
            let mut open = " (";
            let mut transports = all.clone().filter(|i| is(i, Field::Transport));
            let mut ports = all.clone().filter(|i| is(i, Field::EffectivePort));
            for (t, p) in (&mut transports).zip(&mut ports) {
                let name = Transport::ALL
                    .into_iter()
                    .find(|x| *x as u64 == t.value)
                    .map_or("?", Transport::name);
                out.write_str(open)?;
                out.write_str(name)?;
                out.write_str(", port ")?;
                dec(out, p.value)?;
                if t.value == Transport::DoH as u64 {
                    if let Some(path) = all.clone().find(|i| is(i, Field::SvcParamDohPath)) {
                        out.write_str(", dohpath ")?;
                        write_escaped(out, octets(attr, path))?;
                    }
                }
                open = "; ";
            }
            if open == "; " {
                out.write_str(")")?;
            }
            if let Some(p) = all.find(|i| is(i, Field::Priority)) {
                out.write_str(", priority ")?;
                dec(out, p.value)?;
            }
            Ok(())
        }
        AttrKind::EncdnsDigestInfo => {
            let algs = all.clone().filter(|i| is(i, Field::DigestHashAlg));
            let digest = all.clone().find(|i| is(i, Field::DigestValue));
            let mut sep = ": ";
            for a in algs {
                out.write_str(sep)?;
                hash_alg(out, a.value)?;
                sep = ", ";
            }
            match digest {
                None if cfg.is_request() && sep == ", " => out.write_str(" offered"),
                None => Ok(()),
                Some(d) => {
                    if let Some(adn) = all.find(|i| is(i, Field::DigestAdn)) {
                        out.write_str(" digest for ")?;
                        write_escaped(out, octets(attr, adn))?;
                    } else {
                        out.write_str(" digest")?;
                    }
                    let bytes = octets(attr, d);
                    out.write_str(": ")?;
                    hex(out, &bytes[..bytes.len().min(8)])?;
                    if bytes.len() > 8 {
                        out.write_str("\u{2026}")?;
                    }
                    Ok(())
                }
            }
        }
        AttrKind::InternalDnsDomain => match all.find(|i| is(i, Field::DnsDomain)) {
            Some(d) => {
                out.write_str(": ")?;
                write_escaped(out, octets(attr, d))
            }
            None => Ok(()),
        },
        AttrKind::InternalDnssecTa => {
            let tag = all.clone().find(|i| is(i, Field::DnssecTaKeyTag));
            let alg = all.clone().find(|i| is(i, Field::DnssecTaAlgorithm));
            match (tag, alg) {
                (Some(t), Some(a)) => write!(out, ": key tag {}, algorithm {}", t.value, a.value),
                _ => Ok(()),
            }
        }
        AttrKind::TimeoutPeriodForLivenessCheck => {
            match all.find(|i| is(i, Field::LivenessTimeout)) {
                Some(t) => write!(out, ": {} s", t.value),
                None => Ok(()),
            }
        }
        AttrKind::ExternalSourceIp4NatInfo | AttrKind::Other => Ok(()),
    }
}

/// The label of an item flagged as having one, or `false` if it has none.
pub fn item_label(attr: &[u8], item: &Item, out: &mut impl Label) -> Result<bool, fmt::Error> {
    let field = Field::from_u16(item.field);
    let name = field.map_or(&[][..], |f| f.info().name.to_bytes());
    match field {
        Some(Field::SvcParam) => {
            out.write_ascii(name)?;
            out.write_str(": ")?;
            svcparam_presentation(octets(attr, item), out)?;
            Ok(true)
        }
        Some(Field::SvcParamKey) => {
            out.write_ascii(name)?;
            out.write_str(": ")?;
            write_key(out, item.value)?;
            out.write_str(" (")?;
            dec(out, item.value)?;
            out.write_str(")")?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// One SvcParam in (roughly) RFC 9460 presentation format: `alpn=h2,h3`, `port=853`.
fn svcparam_presentation(p: &[u8], out: &mut impl Label) -> fmt::Result {
    let (Some(k), Some(len)) = (
        wire::be16(p, svcparam::KEY),
        wire::be16(p, svcparam::LENGTH),
    ) else {
        return out.write_str("(truncated)");
    };
    write_key(out, k.into())?;
    let value = &p[svcparam::HEADER_LEN..];
    if usize::from(len) > value.len() {
        return out.write_str(" (truncated)");
    }
    if value.is_empty() {
        return Ok(());
    }
    out.write_char('=')?;
    let mut sep = "";
    match k {
        key::MANDATORY => {
            for c in value.chunks(2) {
                let m = wire::be16(c, 0..2).map_or(u64::MAX, u64::from);
                out.write_str(sep)?;
                write_key(out, m)?;
                sep = ",";
            }
            Ok(())
        }
        key::ALPN | key::DOCPATH => {
            let mut off = 0;
            if k == key::DOCPATH {
                sep = "/";
            }
            while off < value.len() {
                let n = usize::from(value[off]);
                let item = value.get(off + 1..off + 1 + n).unwrap_or(&value[off + 1..]);
                out.write_str(sep)?;
                write_escaped(out, item)?;
                sep = if k == key::DOCPATH { "/" } else { "," };
                off += 1 + n;
            }
            Ok(())
        }
        key::PORT if value.len() == 2 => dec(out, wire::be16(value, 0..2).unwrap_or(0).into()),
        key::IPV4HINT | key::IPV6HINT => {
            let size = if k == key::IPV4HINT { 4 } else { 16 };
            for a in value.chunks_exact(size) {
                out.write_str(sep)?;
                if size == 4 {
                    ipv4(out, [a[0], a[1], a[2], a[3]])?;
                } else {
                    ipv6(out, a.try_into().unwrap_or([0; 16]))?;
                }
                sep = ",";
            }
            Ok(())
        }
        key::DOHPATH => write_escaped(out, value),
        key::TLS_SUPPORTED_GROUPS => {
            for c in value.chunks(2) {
                let g = wire::be16(c, 0..2).unwrap_or(0);
                let name = registry::TLS_GROUPS
                    .iter()
                    .find(|v| v.value == u32::from(g));
                out.write_str(sep)?;
                match name {
                    Some(n) => out.write_ascii(n.name.to_bytes())?,
                    None => dec(out, g.into())?,
                }
                sep = ",";
            }
            Ok(())
        }
        _ => write!(out, "({} octets)", value.len()),
    }
}
