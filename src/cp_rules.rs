//! Rules between the attributes of one Configuration payload (those that
//! need only the payload): duplicates and mixed requests (RFC 9464 §4), which ADN
//! a digest is for (§3.2), and RFC 8598's split-DNS ordering as RFC 9464 relaxes it.
//!
//! Diagnostics are on the attribute they concern (`On::Attribute`): `Diag::offset` is
//! that attribute's offset in the payload body.

use crate::diag::{len32, Finding};
use crate::options::{classify, AttrKind, CfgType, DigestLayout, Options};
use crate::sink::{On, Report};
use crate::wire::{self, attr, cp, digest_info, encdns_ip};

/// INTERNAL_IP4_DNS and INTERNAL_IP6_DNS (RFC 7296 §3.15.1).
const INTERNAL_IP4_DNS: u16 = 3;
const INTERNAL_IP6_DNS: u16 = 10;

/// RFC 9464 attributes compared pairwise for duplicates, and ADNs counted for being
/// distinct. Real payloads hold a handful; the bound keeps a hostile payload of
/// thousands linear. Only the attributes a rule is about count towards it (a
/// split-tunnel reply may carry hundreds of subnets before its resolvers), and an
/// attribute past it is told so.
pub(crate) const PAIRWISE_LIMIT: usize = 256;

/// One attribute of the payload.
#[derive(Clone, Copy)]
pub(crate) struct Attr<'a> {
    /// Offset in the payload body.
    pub at: usize,
    pub attr_type: u16,
    pub kind: AttrKind,
    /// Header and value, as far as the payload holds them.
    pub whole: &'a [u8],
    pub value: &'a [u8],
}

/// Where the attributes of a payload body start: each one whose Type is there, the
/// last possibly without its Length (and so the last one).
pub(crate) fn attribute_starts(body: &[u8]) -> impl Iterator<Item = usize> + Clone + '_ {
    let mut next = Some(cp::ATTRIBUTES_IN_BODY);
    core::iter::from_fn(move || {
        let at = next?;
        let rest = body.get(at..).filter(|r| r.len() >= attr::TYPE.end)?;
        next = wire::be16(rest, attr::LENGTH).map(|l| at + attr::HEADER_LEN + usize::from(l));
        Some(at)
    })
}

/// The attributes of a payload body (CFG Type, 3 reserved octets, attributes) that
/// have a whole header.
pub(crate) fn attributes<'a>(
    body: &'a [u8],
    options: &'a Options,
) -> impl Iterator<Item = Attr<'a>> + Clone + 'a {
    attribute_starts(body).map_while(move |at| {
        let rest = &body[at..];
        let t = wire::be16(rest, attr::TYPE)?;
        let len = usize::from(wire::be16(rest, attr::LENGTH)?);
        let end = (attr::HEADER_LEN + len).min(rest.len());
        Some(Attr {
            at,
            attr_type: t & attr::TYPE_MASK,
            kind: classify(rest, options),
            whole: &rest[..end],
            value: &rest[attr::HEADER_LEN..end],
        })
    })
}

/// How many attributes [`list_attributes`] lists; payloads with more are read anew on
/// every pass of the rules.
pub(crate) const LISTED: usize = 16;

impl Attr<'_> {
    const NONE: Attr<'static> = Attr {
        at: 0,
        attr_type: 0,
        kind: AttrKind::Other,
        whole: &[],
        value: &[],
    };
}

/// A place for [`list_attributes`].
pub(crate) fn attribute_list<'a>() -> [Attr<'a>; LISTED] {
    [Attr::NONE; LISTED]
}

/// The attributes of a payload body, read once into `list`, if they fit: the rules go
/// over them several times, and reading every header again each time cost more than
/// the rules themselves. `None` if there are more than `list` holds.
pub(crate) fn list_attributes<'a>(
    body: &'a [u8],
    options: &'a Options,
    list: &mut [Attr<'a>; LISTED],
) -> Option<usize> {
    let mut n = 0;
    for a in attributes(body, options) {
        *list.get_mut(n)? = a;
        n += 1;
    }
    Some(n)
}

/// The ADN of an ENCDNS_IP* value, if it has one that fits.
fn ip_adn<'a>(a: &Attr<'a>) -> Option<&'a [u8]> {
    let size = match a.kind {
        AttrKind::EncdnsIp4 => encdns_ip::IPV4_LEN,
        AttrKind::EncdnsIp6 => encdns_ip::IPV6_LEN,
        _ => return None,
    };
    let n = usize::from(wire::byte(a.value, encdns_ip::NUM_ADDRS)?);
    let l = usize::from(wire::byte(a.value, encdns_ip::ADN_LEN)?);
    let start = encdns_ip::ADDRS + n * size;
    a.value.get(start..start + l).filter(|adn| !adn.is_empty())
}

/// A DIGEST_INFO value split at its ADN: ADN Length, the ADN, and the octets after
/// it (a reply's Hash Algorithm Identifier and digest; a draft-00 request's list).
/// `None` if the ADN runs past the attribute: that is reported as such, not used.
pub(crate) fn digest_parts<'a>(a: &Attr<'a>, layout: u8) -> Option<(u8, &'a [u8], &'a [u8])> {
    let (len_at, adn_at) = if layout == DigestLayout::Draft00 as u8 {
        (digest_info::DRAFT_ADN_LEN, digest_info::DRAFT_FIXED_LEN)
    } else {
        (digest_info::ADN_LEN, digest_info::FIXED_LEN)
    };
    let l = wire::byte(a.value, len_at)?;
    let end = adn_at + usize::from(l);
    Some((l, a.value.get(adn_at..end)?, &a.value[end..]))
}

/// Domain names compare case-insensitively, with or without the root's trailing dot.
pub fn same_name(a: &[u8], b: &[u8]) -> bool {
    let a = a.strip_suffix(b".").unwrap_or(a);
    let b = b.strip_suffix(b".").unwrap_or(b);
    // Names a server sends twice are nearly always the same octets.
    a == b || a.eq_ignore_ascii_case(b)
}

/// Checks the payload `body` (from its CFG Type to the payload's end).
pub fn analyze_cp(body: &[u8], options: &Options, sink: &mut impl Report) {
    let Some(&cfg) = body.first() else {
        return;
    };
    let mut list = attribute_list();
    match list_attributes(body, options, &mut list) {
        Some(n) => check_payload(CfgType(cfg), list[..n].iter().copied(), options, sink),
        None => check_payload(CfgType(cfg), attributes(body, options), options, sink),
    }
}

fn check_payload<'a>(
    cfg: CfgType,
    attrs: impl Iterator<Item = Attr<'a>> + Clone,
    options: &Options,
    sink: &mut impl Report,
) {
    let encdns = |a: &Attr| {
        matches!(
            a.kind,
            AttrKind::EncdnsIp4 | AttrKind::EncdnsIp6 | AttrKind::EncdnsDigestInfo
        )
    };
    fn on(sink: &mut impl Report, finding: Finding, a: &Attr) {
        sink.diag(finding, On::Attribute, a.at, a.whole.len());
    }

    if let Some(past) = attrs.clone().filter(encdns).nth(PAIRWISE_LIMIT) {
        let f = Finding::PAIRWISE_CHECKS_LIMITED {
            checked: len32(PAIRWISE_LIMIT),
            total: len32(attrs.clone().filter(encdns).count()),
        };
        on(sink, f, &past);
    }

    if cfg.is_request() {
        // R16: bitwise-identical copies; R17: an empty attribute beside suggestions.
        for (i, a) in attrs
            .clone()
            .filter(encdns)
            .take(PAIRWISE_LIMIT)
            .enumerate()
        {
            if let Some(first) = attrs
                .clone()
                .filter(encdns)
                .take(i)
                .find(|b| b.whole == a.whole)
            {
                let f = Finding::DUPLICATE_IDENTICAL_ATTRIBUTE {
                    first_at: len32(first.at),
                };
                on(sink, f, &a);
            }
        }
        for kind in [AttrKind::EncdnsIp4, AttrKind::EncdnsIp6] {
            let of_kind = attrs.clone().filter(|a| a.kind == kind);
            let empty = of_kind.clone().find(|a| a.value.is_empty());
            let suggested = of_kind.clone().filter(|a| !a.value.is_empty()).count();
            if let (Some(e), true) = (empty, suggested > 0) {
                let f = Finding::EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED {
                    suggested: len32(suggested),
                };
                on(sink, f, &e);
            }
        }
    }

    if cfg.is_reply_or_set() {
        // R23: the ADN a digest is for, against the ADNs of the ENCDNS_IP* attributes.
        // Whether a name is among them looks at all of them; counting distinct names
        // compares pairs, so it counts among the first PAIRWISE_LIMIT, and past them
        // only whether another name follows (one, or several, is what decides).
        let adns = attrs.clone().filter_map(|a| ip_adn(&a));
        let counted = adns.clone().take(PAIRWISE_LIMIT);
        let mut distinct = counted
            .clone()
            .enumerate()
            .filter(|(i, n)| !counted.clone().take(*i).any(|m| same_name(m, n)))
            .count();
        if distinct == 1 {
            let first = adns.clone().next().unwrap_or_default();
            if adns
                .clone()
                .skip(PAIRWISE_LIMIT)
                .any(|n| !same_name(n, first))
            {
                distinct = 2;
            }
        }
        for d in attrs
            .clone()
            .filter(|a| a.kind == AttrKind::EncdnsDigestInfo)
        {
            let Some((l, name, _)) = digest_parts(&d, options.digest_layout) else {
                continue;
            };
            if l == 0 {
                if distinct > 1 {
                    on(
                        sink,
                        Finding::DIGEST_ADN_AMBIGUOUS {
                            adns: len32(distinct),
                        },
                        &d,
                    );
                }
            } else if !adns.clone().any(|n| same_name(n, name)) {
                on(
                    sink,
                    Finding::DIGEST_ADN_UNMATCHED {
                        adns: len32(distinct),
                    },
                    &d,
                );
            } else if distinct == 1 {
                on(sink, Finding::DIGEST_ADN_WITH_SINGLE_ADN, &d);
            }
        }
    }

    // R25: INTERNAL_DNS_DOMAIN in a reply needs a DNS server; ENCDNS_IP* counts as
    // one (RFC 9464 §4 relaxes RFC 8598 §3.2).
    if cfg.0 == cp::CFG_REPLY {
        let has_server = attrs.clone().any(|a| {
            matches!(a.attr_type, INTERNAL_IP4_DNS | INTERNAL_IP6_DNS)
                || matches!(a.kind, AttrKind::EncdnsIp4 | AttrKind::EncdnsIp6)
        });
        if let (Some(d), false) = (
            attrs
                .clone()
                .find(|a| a.kind == AttrKind::InternalDnsDomain),
            has_server,
        ) {
            on(sink, Finding::INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER, &d);
        }
    }

    // R27: in a reply a trust anchor follows its domain (or another anchor); in a
    // request it needs a domain at all (RFC 8598 §4.2, §3.1).
    let has_domain = attrs.clone().any(|a| a.kind == AttrKind::InternalDnsDomain);
    let mut previous: Option<AttrKind> = None;
    for a in attrs.clone() {
        if a.kind == AttrKind::InternalDnssecTa {
            let misplaced = if cfg.0 == cp::CFG_REPLY {
                !matches!(
                    previous,
                    Some(AttrKind::InternalDnsDomain | AttrKind::InternalDnssecTa)
                )
            } else {
                cfg.is_request() && !has_domain
            };
            if misplaced {
                let f = Finding::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN {
                    in_request: cfg.is_request(),
                };
                on(sink, f, &a);
            }
        }
        previous = Some(a.kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_like_dns() {
        assert!(same_name(b"Doh.Example.com.", b"doh.example.com"));
        assert!(!same_name(b"doh.example.com", b"doh.example.net"));
    }
}

/// One resolver address an ENCDNS_DIGEST_INFO digest is claimed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DigestClaim<'a> {
    /// Offset in the payload body of the DIGEST_INFO attribute.
    pub attr_at: usize,
    /// The address: 4 or 16 octets.
    pub addr: &'a [u8],
    pub alg: u16,
    pub digest: &'a [u8],
    /// The resolver's ADN (the one the digest names, or its ENCDNS_IP* attribute's).
    pub adn: &'a [u8],
}

/// The (address, digest) pairs a CFG_REPLY/CFG_SET payload claims: each DIGEST_INFO
/// applies to the ENCDNS_IP* attributes with its ADN, or to all of them when it names
/// none (RFC 9464 s3.2). Digests longer than any hash this crate knows are left out.
pub fn digest_claims<'a>(
    body: &'a [u8],
    options: &'a Options,
) -> impl Iterator<Item = DigestClaim<'a>> + 'a {
    claimable_attributes(body, options)
        .filter(|a| a.kind == AttrKind::EncdnsDigestInfo)
        .flat_map(move |d| claims_of(body, d.at, options))
}

/// The attributes of `body` if it is a CFG_REPLY/CFG_SET (the payloads whose digests
/// are claims), else none.
fn claimable_attributes<'a>(
    body: &'a [u8],
    options: &'a Options,
) -> impl Iterator<Item = Attr<'a>> + Clone + 'a {
    let reply = body
        .first()
        .is_some_and(|&cfg| CfgType(cfg).is_reply_or_set());
    attributes(body, options).filter(move |_| reply)
}

/// The claims of the DIGEST_INFO attribute at `at` in a CFG_REPLY/CFG_SET body: one
/// look over the payload's ENCDNS_IP* attributes.
pub fn claims_of<'a>(
    body: &'a [u8],
    at: usize,
    options: &'a Options,
) -> impl Iterator<Item = DigestClaim<'a>> + 'a {
    let attrs = claimable_attributes(body, options);
    attrs
        .clone()
        .find(|a| a.at == at && a.kind == AttrKind::EncdnsDigestInfo)
        .and_then(|d| {
            let (l, name, after) = digest_parts(&d, options.digest_layout)?;
            let alg = wire::be16(after, 0..digest_info::HASH_ALG_LEN)?;
            let digest = after.get(digest_info::HASH_ALG_LEN..)?;
            (!digest.is_empty() && digest.len() <= crate::hash::MAX_DIGEST)
                .then_some((d.at, l, name, alg, digest))
        })
        .into_iter()
        .flat_map(move |(attr_at, l, name, alg, digest)| {
            attrs
                .clone()
                .filter_map(move |ip| {
                    let adn = ip_adn(&ip)?;
                    (l == 0 || same_name(adn, name)).then_some((ip, adn))
                })
                .flat_map(move |(ip, adn)| {
                    let size = if ip.kind == AttrKind::EncdnsIp4 {
                        encdns_ip::IPV4_LEN
                    } else {
                        encdns_ip::IPV6_LEN
                    };
                    let count =
                        usize::from(wire::byte(ip.value, encdns_ip::NUM_ADDRS).unwrap_or(0));
                    let addrs = ip.value.get(encdns_ip::ADDRS..).unwrap_or(&[]);
                    addrs
                        .chunks_exact(size)
                        .take(count)
                        .map(move |addr| DigestClaim {
                            attr_at,
                            addr,
                            alg,
                            digest,
                            adn,
                        })
                })
        })
}
