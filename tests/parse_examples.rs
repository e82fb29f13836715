// SPDX-License-Identifier: GPL-2.0-or-later
//! The RFC 9464 Appendix A examples (the hex of its figures) decode exactly, and each
//! diagnostic the parser knows fires on a case made for it and not on a clean one.

mod common;
use common::{codes, hex, parse};
use encdns::{Code, Field, ItemKind};

const REQUEST: u8 = 1;
const REPLY: u8 = 2;
const SET: u8 = 3;
const ACK: u8 = 4;

/// (field, offset, length, value) of the items at the top of the attribute's tree
/// (a subtree shows as its opening item).
fn leaves(p: &common::Parsed) -> Vec<(Field, u32, u32, u64)> {
    let mut depth = 0;
    let mut out = Vec::new();
    for i in &p.items {
        if i.kind == ItemKind::Close as u8 {
            depth -= 1;
            continue;
        }
        if depth == 0 {
            out.push((
                Field::from_u16(i.field).unwrap(),
                i.offset,
                i.length,
                i.value,
            ));
        }
        if i.kind == ItemKind::Open as u8 {
            depth += 1;
        }
    }
    out
}

#[test]
fn figure6_reply_ip6() {
    let a = hex("001c003e0001010f20010db8009900880077006600550044646f682e6578616d706c652e636f6d00010003026832000700102f646e732d71756572797b3f646e737d");
    let p = parse(&a, REPLY);
    assert_eq!(p.info.kind, 2);
    assert_eq!(p.info.attr_type, 28);
    assert_eq!(p.info.value_length, 62);
    assert_eq!(p.info.total_length, 66);
    assert_eq!(
        leaves(&p),
        vec![
            (Field::Priority, 4, 2, 1),
            (Field::NumAddrs, 6, 1, 1),
            (Field::AdnLen, 7, 1, 15),
            (Field::Ipv6, 8, 16, 0),
            (Field::Adn, 24, 15, 0),
            (Field::SvcParam, 39, 7, 1),
            (Field::SvcParam, 46, 20, 7),
            (Field::Transport, 39, 7, 2),
            (Field::EffectivePort, 39, 7, 443),
        ]
    );
    assert_eq!(&a[24..39], b"doh.example.com");
    assert_eq!(codes(&p), vec![]);
}

#[test]
fn figure7_8_9_requests() {
    let f7 = parse(
        &hex("001c00140001010020010db8009900880077006600550044"),
        REQUEST,
    );
    assert_eq!(
        leaves(&f7),
        vec![
            (Field::Priority, 4, 2, 1),
            (Field::NumAddrs, 6, 1, 1),
            (Field::AdnLen, 7, 1, 0),
            (Field::Ipv6, 8, 16, 0)
        ]
    );
    let f8 = parse(
        &hex("001c00130001000f646f682e6578616d706c652e636f6d"),
        REQUEST,
    );
    assert_eq!(
        leaves(&f8),
        vec![
            (Field::Priority, 4, 2, 1),
            (Field::NumAddrs, 6, 1, 0),
            (Field::AdnLen, 7, 1, 15),
            (Field::Adn, 8, 15, 0)
        ]
    );
    let f9 = parse(&hex("001c000c000100000001000403646f74"), REQUEST);
    assert_eq!(
        leaves(&f9),
        vec![
            (Field::Priority, 4, 2, 1),
            (Field::NumAddrs, 6, 1, 0),
            (Field::AdnLen, 7, 1, 0),
            (Field::SvcParam, 8, 8, 1),
            (Field::Transport, 8, 8, 1),
            (Field::EffectivePort, 8, 8, 853)
        ]
    );
    for p in [f7, f8, f9] {
        assert_eq!(codes(&p), vec![]);
    }
}

#[test]
fn ipv4_addresses_carry_their_value() {
    // priority 1, two addresses, ADN "a.b", no SvcParams (fine in a request)
    let p = parse(
        &hex("001b000f 0001 02 03 c0000235 c0000236 612e62"),
        REQUEST,
    );
    let addrs: Vec<u64> = p
        .items
        .iter()
        .filter(|i| i.field == Field::Ipv4 as u16)
        .map(|i| i.value)
        .collect();
    assert_eq!(addrs, vec![0xc000_0235, 0xc000_0236]);
    assert_eq!(codes(&p), vec![]);
}

#[test]
fn empty_attribute_by_cfg_type() {
    let empty = hex("001b0000");
    assert_eq!(codes(&parse(&empty, REQUEST)), vec![]);
    assert_eq!(codes(&parse(&empty, ACK)), vec![]);
    assert_eq!(
        codes(&parse(&empty, REPLY)),
        vec![Code::IP_LENGTH_ZERO_IN_REPLY_OR_SET]
    );
    assert_eq!(
        codes(&parse(&empty, SET)),
        vec![Code::IP_LENGTH_ZERO_IN_REPLY_OR_SET]
    );
}

#[test]
fn value_in_ack_is_warned() {
    let p = parse(&hex("001b000e 0001 01 06 c0000235 612e6578616d"), ACK);
    assert_eq!(codes(&p), vec![Code::IP_NONZERO_LENGTH_IN_ACK]);
}

#[test]
fn priority_zero_and_no_addresses() {
    // (with alpn=dot, so only the two faults show)
    let a = hex("001b000f 0000 00 03 612e62 0001000403646f74");
    assert_eq!(
        codes(&parse(&a, REPLY)),
        vec![
            Code::SERVICE_PRIORITY_ZERO,
            Code::NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET
        ]
    );
    // A request may suggest a resolver by name only; priority 0 is still wrong.
    assert_eq!(
        codes(&parse(&a, REQUEST)),
        vec![Code::SERVICE_PRIORITY_ZERO]
    );
}

#[test]
fn absent_adn_in_reply() {
    let a = hex("001b0008 0001 01 00 c0000235");
    assert_eq!(
        codes(&parse(&a, REPLY)),
        vec![Code::ADN_ABSENT_IN_REPLY_OR_SET, Code::SVCPARAMS_NO_ALPN]
    );
    assert_eq!(codes(&parse(&a, REQUEST)), vec![]);
}

#[test]
fn overruns_leave_the_rest_undecoded() {
    // three addresses announced, one present
    let p = parse(&hex("001b0008 0001 03 00 c0000235"), REPLY);
    assert_eq!(codes(&p), vec![Code::ADDRESSES_OVERRUN]);
    assert_eq!(
        p.diags[0].finding,
        encdns::Finding::ADDRESSES_OVERRUN { need: 12, have: 4 }
    );
    // ADN Length 9, five octets left
    let p = parse(&hex("001b000d 0001 01 09 c0000235 6162636465"), REPLY);
    assert_eq!(codes(&p), vec![Code::ADN_OVERRUN]);
    assert_eq!(leaves(&p).last(), Some(&(Field::Undecoded, 12, 5, 0)));
    // a value of 3 octets
    let p = parse(&hex("001b0003 000101"), REPLY);
    assert_eq!(codes(&p), vec![Code::IP_FIXED_FIELDS_TRUNCATED]);
    assert_eq!(
        leaves(&p),
        vec![(Field::Priority, 4, 2, 1), (Field::NumAddrs, 6, 1, 1)]
    );
}

#[test]
fn framing() {
    assert_eq!(
        codes(&parse(&hex("001b00"), REPLY)),
        vec![Code::ATTR_HEADER_TRUNCATED]
    );
    // Length 40, 8 octets of value present: decoded as far as it goes.
    let p = parse(&hex("001b0028 0001 01 00 c0000235"), REPLY);
    assert_eq!(
        codes(&p),
        vec![
            Code::ATTR_LENGTH_EXCEEDS_DATA,
            Code::ADN_ABSENT_IN_REPLY_OR_SET,
            Code::SVCPARAMS_NO_ALPN
        ]
    );
    assert_eq!(p.info.total_length, 12);
    // Octets after the attribute belong to the next one.
    let p = parse(&hex("001b0008 0001 01 00 c0000235 00010004"), REQUEST);
    assert_eq!(p.info.total_length, 12);
    assert_eq!(codes(&p), vec![]);
}

#[test]
fn r_bit_is_reported_and_ignored() {
    let p = parse(&hex("801b0008 0001 01 00 c0000235"), REQUEST);
    assert_eq!(codes(&p), vec![Code::R_BIT_SET]);
    assert_eq!(p.info.r_bit, 1);
    assert_eq!(p.info.attr_type, 27);
    assert_eq!(leaves(&p).len(), 4);
}

#[test]
fn adn_checks_point_at_the_adn_item() {
    let p = parse(&hex("001b000b 0001 00 07 6c6f63616c00 2e"), REQUEST);
    assert_eq!(codes(&p), vec![Code::ADN_CONTAINS_TERMINATOR]);
    let encdns::On::Item(adn_item) = p.diags[0].on else {
        panic!("on {:?}", p.diags[0].on);
    };
    assert_eq!(p.items[adn_item as usize].field, Field::Adn as u16);
    assert_eq!(p.diags[0].offset, 13);
}

#[test]
fn other_attribute_types_are_left_alone() {
    let p = parse(&hex("00010004 c0000235"), REPLY);
    assert_eq!(p.info.kind, 0);
    assert!(p.items.is_empty());
}

fn parse_with(attr: &[u8], cfg: u8, options: &encdns::Options) -> common::Parsed {
    encdns::parse::parse_owned(attr, encdns::CfgType(cfg), options)
}

const SHA256_DIGEST: &str = "9408457aefd071cec127c1f98539930861ad1ba94c940db975c972c09fc68b68";

#[test]
fn figure5_digest_request() {
    let p = parse(&hex("001d00080300000200030004"), REQUEST);
    assert_eq!(p.info.kind, 3);
    assert_eq!(
        leaves(&p),
        vec![
            (Field::DigestNumHashAlgs, 4, 1, 3),
            (Field::DigestAdnLen, 5, 1, 0),
            (Field::DigestHashAlg, 6, 2, 2),
            (Field::DigestHashAlg, 8, 2, 3),
            (Field::DigestHashAlg, 10, 2, 4),
        ]
    );
    assert_eq!(codes(&p), vec![]);
}

#[test]
fn digest_reply_with_and_without_adn() {
    let p = parse(&hex(&format!("001d0024 01 00 0002 {SHA256_DIGEST}")), REPLY);
    assert_eq!(
        leaves(&p),
        vec![
            (Field::DigestNumHashAlgs, 4, 1, 1),
            (Field::DigestAdnLen, 5, 1, 0),
            (Field::DigestHashAlg, 6, 2, 2),
            (Field::DigestValue, 8, 32, 0),
        ]
    );
    assert_eq!(codes(&p), vec![]);
    let p = parse(
        &hex(&format!("001d0027 01 03 612e62 0002 {SHA256_DIGEST}")),
        SET,
    );
    assert_eq!(leaves(&p)[2], (Field::DigestAdn, 6, 3, 0));
    assert_eq!(codes(&p), vec![]);
}

#[test]
fn digest_request_rules() {
    assert_eq!(
        codes(&parse(&hex("001d0006 03 05 0002 0003"), REQUEST)),
        vec![
            Code::DIGEST_REQ_ADN_LENGTH_NONZERO,
            Code::DIGEST_REQ_NUM_HASH_ALGS_MISMATCH
        ]
    );
    assert_eq!(
        codes(&parse(&hex("001d0005 01 00 0002 00"), REQUEST)),
        vec![Code::DIGEST_REQ_LENGTH_ODD]
    );
    assert_eq!(
        codes(&parse(&hex("001d0002 00 00"), REQUEST)),
        vec![Code::DIGEST_REQ_NO_HASH_ALGS]
    );
    assert_eq!(
        codes(&parse(&hex("001d0006 02 00 0003 0004"), REQUEST)),
        vec![Code::DIGEST_REQ_SHA2_256_NOT_OFFERED]
    );
    assert_eq!(
        codes(&parse(&hex("001d0000"), REQUEST)),
        vec![Code::DIGEST_LENGTH_ZERO_OUTSIDE_ACK]
    );
    assert_eq!(
        codes(&parse(&hex("001d0001 01"), REQUEST)),
        vec![Code::DIGEST_FIXED_FIELDS_TRUNCATED]
    );
}

#[test]
fn digest_reply_rules() {
    assert_eq!(
        codes(&parse(
            &hex(&format!("001d0024 02 00 0002 {SHA256_DIGEST}")),
            REPLY
        )),
        vec![Code::DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE]
    );
    assert_eq!(
        codes(&parse(&hex("001d0004 01 00 0002"), REPLY)),
        vec![Code::DIGEST_EMPTY]
    );
    assert_eq!(
        codes(&parse(&hex("001d0005 01 00 0003 aa"), REPLY)),
        vec![Code::DIGEST_LENGTH_MISMATCH]
    );
    assert_eq!(
        codes(&parse(&hex("001d0005 01 09 0002 aa"), REPLY)),
        vec![Code::DIGEST_ADN_OVERRUN]
    );
    assert_eq!(
        codes(&parse(&hex("001d0003 01 00 00"), REPLY)),
        vec![Code::DIGEST_HASH_ALG_MISSING]
    );
    assert_eq!(
        codes(&parse(&hex("001d0004 01 00 0000"), REPLY)),
        vec![Code::HASH_ALG_RESERVED_ZERO, Code::DIGEST_EMPTY]
    );
    for (alg, code) in [
        ("0005", Code::HASH_ALG_IDENTITY),
        ("0008", Code::HASH_ALG_UNASSIGNED),
        ("03ff", Code::HASH_ALG_UNASSIGNED),
        ("0400", Code::HASH_ALG_PRIVATE_USE),
        ("ffff", Code::HASH_ALG_PRIVATE_USE),
    ] {
        assert_eq!(
            codes(&parse(&hex(&format!("001d0005 01 00 {alg} aa")), REPLY)),
            vec![code],
            "{alg}"
        );
    }
    assert_eq!(codes(&parse(&hex("001d0000"), ACK)), vec![]);
    assert_eq!(
        codes(&parse(&hex("001d0002 0100"), ACK)),
        vec![Code::DIGEST_NONZERO_LENGTH_IN_ACK]
    );
}

#[test]
fn digest_draft00_layout() {
    let draft = encdns::Options {
        digest_layout: encdns::parse::DigestLayout::Draft00 as u8,
        ..encdns::Options::default()
    };
    // Request: RESERVED, ADN Length 0, SHA2-256 and SHA2-384.
    let p = parse_with(&hex("001d0008 000000 00 0002 0003"), REQUEST, &draft);
    assert_eq!(
        leaves(&p),
        vec![
            (Field::DigestReserved, 4, 3, 0),
            (Field::DigestAdnLen, 7, 1, 0),
            (Field::DigestHashAlg, 8, 2, 2),
            (Field::DigestHashAlg, 10, 2, 3),
        ]
    );
    assert_eq!(codes(&p), vec![]);
    // Reply with an ADN and a SHA2-256 digest.
    let p = parse_with(
        &hex(&format!("001d0029 000000 03 612e62 0002 {SHA256_DIGEST}")),
        REPLY,
        &draft,
    );
    assert_eq!(
        leaves(&p).iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![
            Field::DigestReserved,
            Field::DigestAdnLen,
            Field::DigestAdn,
            Field::DigestHashAlg,
            Field::DigestValue
        ]
    );
    assert_eq!(codes(&p), vec![]);
    // The RFC's Figure 5 read as draft-00 falls apart: "03 00 00" becomes RESERVED, the
    // first algorithm's low octet (02) an ADN Length, and the ADN eats 0x0003.
    let p = parse_with(&hex("001d00080300000200030004"), REQUEST, &draft);
    assert_eq!(
        leaves(&p).iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![
            Field::DigestReserved,
            Field::DigestAdnLen,
            Field::DigestAdn,
            Field::DigestHashAlg
        ]
    );
}
