//! ENCDNS_IP4 / ENCDNS_IP6 (RFC 9464 §3.1): priority, addresses, the resolver's ADN,
//! its SvcParams, and the transports and ports they make.

use crate::diag::{len32, Finding};
use crate::field::Field;
use crate::name::check_adn;
use crate::options::CfgType;
use crate::sink::{Item, ItemRef, On, Sink};
use crate::svcparam::{parse_svcparams, Facts};
use crate::wire::{self, attr, encdns_ip};

/// The value of an ENCDNS_IP4 (`ADDR_LEN` 4) or ENCDNS_IP6 (16).
pub(crate) fn parse<const ADDR_LEN: usize>(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    // Offsets in items are from the attribute start.
    let at = |off: usize| attr::HEADER_LEN + off;

    if value.is_empty() {
        if cfg.is_reply_or_set() {
            sink.diag(Finding::IP_LENGTH_ZERO_IN_REPLY_OR_SET, On::Attribute, 2, 2);
        }
        return;
    }
    if cfg.is_ack() {
        let f = Finding::IP_NONZERO_LENGTH_IN_ACK {
            length: value.len() as u16,
        };
        sink.diag(f, On::Attribute, 2, 2);
    }
    let Some((fixed, rest)) = value.split_first_chunk::<{ encdns_ip::FIXED_LEN }>() else {
        fixed_part_truncated(value, sink);
        return;
    };
    let priority = wire::be16_of(fixed, encdns_ip::PRIORITY);
    let num = fixed[encdns_ip::NUM_ADDRS];
    let adn_len = fixed[encdns_ip::ADN_LEN];

    let first = sink.push_all([
        Item::leaf(Field::Priority, at(0), 2, priority.into()),
        Item::leaf(Field::NumAddrs, at(encdns_ip::NUM_ADDRS), 1, num.into()),
        Item::leaf(Field::AdnLen, at(encdns_ip::ADN_LEN), 1, adn_len.into()),
    ]);
    let (num_ref, adn_ref) = (ItemRef(first as u32 + 1), ItemRef(first as u32 + 2));
    if priority == 0 {
        sink.diag(
            Finding::SERVICE_PRIORITY_ZERO,
            ItemRef(first as u32),
            at(0),
            2,
        );
    }
    if num == 0 && cfg.is_reply_or_set() {
        let f = Finding::NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET;
        sink.diag(f, num_ref, at(encdns_ip::NUM_ADDRS), 1);
    }

    let need = usize::from(num) * ADDR_LEN;
    if need > rest.len() {
        addresses_overrun::<ADDR_LEN>(rest, need, num_ref, sink);
        return;
    }
    let (addrs, rest) = rest.split_at(need);
    addresses::<ADDR_LEN>(addrs, sink);

    let adn_at = encdns_ip::ADDRS + need;
    let Some(adn) = rest.get(..usize::from(adn_len)) else {
        sink.undecoded(at(adn_at), rest.len());
        let f = Finding::ADN_OVERRUN {
            adn_len,
            have: len32(rest.len()),
        };
        sink.diag(f, adn_ref, at(adn_at), rest.len());
        return;
    };
    if adn.is_empty() {
        if cfg.is_reply_or_set() {
            let f = Finding::ADN_ABSENT_IN_REPLY_OR_SET;
            sink.diag(f, adn_ref, at(encdns_ip::ADN_LEN), 1);
        }
    } else {
        let r = sink.leaf(Field::Adn, at(adn_at), adn.len(), 0);
        check_adn(adn, at(adn_at), r, sink);
    }

    let params_at = at(adn_at + adn.len());
    let params = &rest[adn.len()..];
    if params.is_empty() {
        if cfg.is_reply_or_set() {
            sink.diag(Finding::SVCPARAMS_NO_ALPN, On::Attribute, params_at, 0);
        }
        return;
    }
    let mut facts = Facts::default();
    parse_svcparams(params, params_at, cfg, &mut facts, sink);
    transport_items(&facts, sink);
}

/// The whole addresses of `addrs`, which sit at value offset `encdns_ip::ADDRS`.
fn addresses<const ADDR_LEN: usize>(addrs: &[u8], sink: &mut Sink) {
    let field = if ADDR_LEN == encdns_ip::IPV4_LEN {
        Field::Ipv4
    } else {
        Field::Ipv6
    };
    let mut at = attr::HEADER_LEN + encdns_ip::ADDRS;
    for addr in addrs.chunks_exact(ADDR_LEN) {
        let v = if ADDR_LEN == encdns_ip::IPV4_LEN {
            u64::from(u32::from_be_bytes([addr[0], addr[1], addr[2], addr[3]]))
        } else {
            0
        };
        sink.leaf(field, at, ADDR_LEN, v);
        at += ADDR_LEN;
    }
}

/// Fewer octets than Num Addresses promises: the whole addresses there are, the rest
/// undecoded.
#[cold]
fn addresses_overrun<const ADDR_LEN: usize>(
    rest: &[u8],
    need: usize,
    num_ref: ItemRef,
    sink: &mut Sink,
) {
    let whole = rest.len() / ADDR_LEN * ADDR_LEN;
    addresses::<ADDR_LEN>(&rest[..whole], sink);
    let at = attr::HEADER_LEN + encdns_ip::ADDRS;
    sink.undecoded(at + whole, rest.len() - whole);
    let f = Finding::ADDRESSES_OVERRUN {
        need: len32(need),
        have: len32(rest.len()),
    };
    sink.diag(f, num_ref, at, rest.len());
}

/// A value too short for Priority, Num Addresses and ADN Length: what there is of
/// them, then nothing more.
#[cold]
fn fixed_part_truncated(value: &[u8], sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    let mut decoded = 0;
    if let Some(p) = wire::be16(value, encdns_ip::PRIORITY) {
        sink.leaf(Field::Priority, at(0), 2, p.into());
        decoded = 2;
        if let Some(n) = wire::byte(value, encdns_ip::NUM_ADDRS) {
            sink.leaf(Field::NumAddrs, at(encdns_ip::NUM_ADDRS), 1, n.into());
            decoded = 3;
        }
    }
    sink.undecoded(at(decoded), value.len() - decoded);
    let f = Finding::IP_FIXED_FIELDS_TRUNCATED {
        length: value.len() as u8,
    };
    sink.diag(f, On::Attribute, at(0), value.len());
}

/// The generated transport and effective-port fields: one pair per transport the alpn
/// ids name, the port from the port parameter or the transport's default.
#[inline(always)]
fn transport_items(facts: &Facts, sink: &mut Sink) {
    let Some((_, alpn_at, alpn_len)) = facts.alpn else {
        return;
    };
    for t in facts.transports.iter() {
        let port = match facts.port {
            Some((port, at, len)) => Item::leaf(Field::EffectivePort, at, len, port.into()),
            None => Item::leaf(
                Field::EffectivePort,
                alpn_at,
                alpn_len,
                t.default_port().into(),
            ),
        };
        sink.push_all([
            Item::leaf(Field::Transport, alpn_at, alpn_len, t as u64).generated(),
            port.generated(),
        ]);
    }
}
