//! Labels for people: the one-line summary of an attribute, and the labels of items
//! that read better than "name: value" (a SvcParam in presentation format, a key
//! without a registered name). Rendered on demand from the attribute and its items,
//! into a caller's buffer, without allocating.

use core::fmt;

use crate::fastfmt::{dec, hex, ipv4, ipv6, write_escaped, Label};
use crate::fields::Field;
use crate::options::{AttrKind, CfgType};
use crate::registry::{self, Transport};
use crate::sink::{Item, ItemKind};
use crate::svcparam::keys;
use crate::wire::svcparam::Key;

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
                out.write_str(open)?;
                match Transport::from_value(t.value) {
                    Some(t) => out.write_ascii(t.name().to_bytes())?,
                    None => out.write_str("?")?,
                }
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
            keys::present(octets(attr, item), out)?;
            Ok(true)
        }
        Some(Field::SvcParamKey) => {
            out.write_ascii(name)?;
            out.write_str(": ")?;
            Key(item.value as u16).write(out)?;
            out.write_str(" (")?;
            dec(out, item.value)?;
            out.write_str(")")?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
