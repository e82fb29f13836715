//! ENCDNS_DIGEST_INFO (RFC 9464 §3.2): the hash algorithms a request offers, or the
//! algorithm and certificate digest a reply gives, for one ADN; in the RFC's layout or
//! in draft-ietf-ipsecme-add-ike-00's.

use crate::diag::{len32, Finding};
use crate::field::Field;
use crate::name::check_adn;
use crate::options::CfgType;
use crate::registry::{
    self, HASH_FIRST_PRIVATE_USE, HASH_FIRST_UNASSIGNED, HASH_IDENTITY, HASH_SHA2_256,
};
use crate::sink::{ItemRef, On, Sink};
use crate::wire::{self, attr, digest_info};

/// What is wrong with using `alg` to identify a certificate digest, if anything.
fn hash_alg_problem(alg: u16) -> Option<Finding> {
    match alg {
        0 => Some(Finding::HASH_ALG_RESERVED_ZERO),
        HASH_IDENTITY => Some(Finding::HASH_ALG_IDENTITY),
        HASH_FIRST_UNASSIGNED..HASH_FIRST_PRIVATE_USE => Some(Finding::HASH_ALG_UNASSIGNED { alg }),
        HASH_FIRST_PRIVATE_USE.. => Some(Finding::HASH_ALG_PRIVATE_USE { alg }),
        _ => None,
    }
}

/// The rules every DIGEST_INFO layout shares: a CFG_ACK carries none, every other
/// CFG type needs a value. Returns whether there is a value to decode.
fn framing(value: &[u8], cfg: CfgType, sink: &mut Sink) -> bool {
    if cfg.is_ack() {
        if !value.is_empty() {
            let f = Finding::DIGEST_NONZERO_LENGTH_IN_ACK {
                length: value.len() as u16,
            };
            sink.diag(f, On::Attribute, 2, 2);
            sink.undecoded(attr::HEADER_LEN, value.len());
        }
        return false;
    }
    if value.is_empty() {
        let f = Finding::DIGEST_LENGTH_ZERO_OUTSIDE_ACK { cfg: cfg.0 };
        sink.diag(f, On::Attribute, 2, 2);
        return false;
    }
    true
}

/// The value in RFC 9464's layout.
pub(crate) fn parse(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    if !framing(value, cfg, sink) {
        return;
    }
    let (Some(num), Some(adn_len)) = (
        wire::byte(value, digest_info::NUM_HASH_ALGS),
        wire::byte(value, digest_info::ADN_LEN),
    ) else {
        sink.leaf(Field::DigestNumHashAlgs, at(0), 1, value[0].into());
        let f = Finding::DIGEST_FIXED_FIELDS_TRUNCATED {
            length: value.len() as u8,
            need: digest_info::FIXED_LEN as u8,
        };
        sink.diag(f, On::Attribute, at(0), value.len());
        return;
    };
    let num_ref = sink.leaf(
        Field::DigestNumHashAlgs,
        at(digest_info::NUM_HASH_ALGS),
        1,
        num.into(),
    );
    let adn_ref = sink.leaf(
        Field::DigestAdnLen,
        at(digest_info::ADN_LEN),
        1,
        adn_len.into(),
    );
    let rest = &value[digest_info::FIXED_LEN..];

    if cfg.is_request() {
        // Figure 3: the list fills the value; there is no ADN, whatever ADN Length says.
        if adn_len != 0 {
            let f = Finding::DIGEST_REQ_ADN_LENGTH_NONZERO { adn_len };
            sink.diag(f, adn_ref, at(digest_info::ADN_LEN), 1);
        }
        let listed = hash_alg_list(rest, at(digest_info::FIXED_LEN), sink);
        if rest.len() % digest_info::HASH_ALG_LEN != 0 {
            let f = Finding::DIGEST_REQ_LENGTH_ODD {
                length: value.len() as u16,
            };
            sink.diag(f, On::Attribute, 2, 2);
        }
        if usize::from(num) != listed {
            let f = Finding::DIGEST_REQ_NUM_HASH_ALGS_MISMATCH {
                num,
                listed: len32(listed),
            };
            sink.diag(f, num_ref, at(digest_info::NUM_HASH_ALGS), 1);
        }
        return;
    }
    if !cfg.is_reply_or_set() {
        // An unknown CFG type says neither layout applies.
        sink.undecoded(at(digest_info::FIXED_LEN), rest.len());
        return;
    }
    // Figure 4.
    if num != 1 {
        let f = Finding::DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE { num };
        sink.diag(f, num_ref, at(digest_info::NUM_HASH_ALGS), 1);
    }
    adn_alg_digest(rest, at(digest_info::FIXED_LEN), adn_len, adn_ref, sink);
}

/// The value in draft-ietf-ipsecme-add-ike-00's layout (§3.2): RESERVED (3), ADN
/// Length, ADN, then the hash algorithm list (request) or one algorithm and the
/// digest (reply). The draft sets no rule on counts, so only the framing is checked.
pub(crate) fn parse_draft00(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    if !framing(value, cfg, sink) {
        return;
    }
    let Some(adn_len) = wire::byte(value, digest_info::DRAFT_ADN_LEN) else {
        sink.undecoded(at(0), value.len());
        let f = Finding::DIGEST_FIXED_FIELDS_TRUNCATED {
            length: value.len() as u8,
            need: digest_info::DRAFT_FIXED_LEN as u8,
        };
        sink.diag(f, On::Attribute, at(0), value.len());
        return;
    };
    sink.leaf(
        Field::DigestReserved,
        at(0),
        digest_info::DRAFT_RESERVED.len(),
        0,
    );
    let adn_ref = sink.leaf(
        Field::DigestAdnLen,
        at(digest_info::DRAFT_ADN_LEN),
        1,
        adn_len.into(),
    );
    let rest = &value[digest_info::DRAFT_FIXED_LEN..];
    let rest_at = at(digest_info::DRAFT_FIXED_LEN);
    if cfg.is_request() {
        let Some(adn) = rest.get(..usize::from(adn_len)) else {
            adn_overrun(rest, rest_at, adn_len, adn_ref, sink);
            return;
        };
        adn_item(adn, rest_at, sink);
        hash_alg_list(&rest[adn.len()..], rest_at + adn.len(), sink);
    } else if cfg.is_reply_or_set() {
        adn_alg_digest(rest, rest_at, adn_len, adn_ref, sink);
    } else {
        sink.undecoded(rest_at, rest.len());
    }
}

fn adn_item(adn: &[u8], offset: usize, sink: &mut Sink) {
    if !adn.is_empty() {
        let r = sink.leaf(Field::DigestAdn, offset, adn.len(), 0);
        check_adn(adn, offset, r, sink);
    }
}

fn adn_overrun(rest: &[u8], offset: usize, adn_len: u8, adn_ref: ItemRef, sink: &mut Sink) {
    sink.undecoded(offset, rest.len());
    let f = Finding::DIGEST_ADN_OVERRUN {
        adn_len,
        have: len32(rest.len()),
    };
    sink.diag(f, adn_ref, offset, rest.len());
}

/// A list of 2-octet hash algorithm identifiers at `offset`; returns how many.
/// A trailing odd octet is shown as undecoded.
fn hash_alg_list(list: &[u8], offset: usize, sink: &mut Sink) -> usize {
    let mut sha2_256 = false;
    let ids = list.chunks_exact(digest_info::HASH_ALG_LEN);
    let odd = ids.remainder().len();
    let mut n = 0;
    for (k, id) in ids.enumerate() {
        let alg = u16::from_be_bytes([id[0], id[1]]);
        let off = offset + k * digest_info::HASH_ALG_LEN;
        let r = sink.leaf(
            Field::DigestHashAlg,
            off,
            digest_info::HASH_ALG_LEN,
            alg.into(),
        );
        if let Some(f) = hash_alg_problem(alg) {
            sink.diag(f, r, off, digest_info::HASH_ALG_LEN);
        }
        sha2_256 |= alg == HASH_SHA2_256;
        n += 1;
    }
    sink.undecoded(offset + n * digest_info::HASH_ALG_LEN, odd);
    if n == 0 {
        sink.diag(Finding::DIGEST_REQ_NO_HASH_ALGS, On::Attribute, offset, 0);
    } else if !sha2_256 {
        let f = Finding::DIGEST_REQ_SHA2_256_NOT_OFFERED { offered: len32(n) };
        sink.diag(f, On::Attribute, offset, n * digest_info::HASH_ALG_LEN);
    }
    n
}

/// The reply tail shared by both layouts: ADN (L octets), Hash Algorithm Identifier,
/// Certificate Digest to the end of the value.
fn adn_alg_digest(rest: &[u8], offset: usize, adn_len: u8, adn_ref: ItemRef, sink: &mut Sink) {
    let Some(adn) = rest.get(..usize::from(adn_len)) else {
        adn_overrun(rest, offset, adn_len, adn_ref, sink);
        return;
    };
    adn_item(adn, offset, sink);
    let rest = &rest[adn.len()..];
    let alg_at = offset + adn.len();
    let Some(alg) = wire::be16(rest, 0..digest_info::HASH_ALG_LEN) else {
        sink.undecoded(alg_at, rest.len());
        let f = Finding::DIGEST_HASH_ALG_MISSING {
            have: rest.len() as u8,
        };
        sink.diag(f, On::Attribute, alg_at, rest.len());
        return;
    };
    let alg_ref = sink.leaf(
        Field::DigestHashAlg,
        alg_at,
        digest_info::HASH_ALG_LEN,
        alg.into(),
    );
    if let Some(f) = hash_alg_problem(alg) {
        sink.diag(f, alg_ref, alg_at, digest_info::HASH_ALG_LEN);
    }
    let digest = &rest[digest_info::HASH_ALG_LEN..];
    let digest_at = alg_at + digest_info::HASH_ALG_LEN;
    if digest.is_empty() {
        sink.diag(Finding::DIGEST_EMPTY { alg }, alg_ref, digest_at, 0);
        return;
    }
    let r = sink.leaf(Field::DigestValue, digest_at, digest.len(), 0);
    if let Some(want) = registry::digest_len(alg) {
        if digest.len() != want {
            let f = Finding::DIGEST_LENGTH_MISMATCH {
                alg,
                want: want as u8,
                have: len32(digest.len()),
            };
            sink.diag(f, r, digest_at, digest.len());
        }
    }
}
