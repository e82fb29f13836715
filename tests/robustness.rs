// SPDX-License-Identifier: GPL-2.0-or-later
//! The parser's guarantees on arbitrary input: no panic, every item inside the input,
//! subtrees balanced, diagnostics pointing at real items, and the same result whatever
//! the size of the caller's buffers. Fixed seeds: every run checks the same inputs.

mod common;
use common::{hex, parse, Rng};
use encdns::fields::Kind;
use encdns::{parse_attribute, CfgType, Item, ItemKind, Options, Sink};

const SEEDS: [&str; 5] = [
    "001c003e0001010f20010db8009900880077006600550044646f682e6578616d706c652e636f6d00010003026832000700102f646e732d71756572797b3f646e737d",
    "001b0017 0001 02 0f c0000235 c0000236 646f742e6578616d706c652e6e6574",
    "001c000c000100000001000403646f74",
    "001d00080300000200030004",
    "001d0027 01 03 612e62 0002 9408457aefd071cec127c1f98539930861ad1ba94c940db975c972c09fc68b68",
];

/// The glue adds numbers and addresses by the value the parser decoded, not by
/// reading the packet again: that value must be exactly what the item's octets say.
fn value_is_the_octets(input: &[u8], it: &Item, kind: Kind) {
    let octets = &input[it.offset as usize..(it.offset + it.length) as usize];
    let width = match kind {
        Kind::U8 => 1,
        Kind::U16 => 2,
        Kind::U32 | Kind::Ipv4 => 4,
        Kind::Bool => octets.len().max(1),
        Kind::Ipv6 => 16,
        _ => return,
    };
    assert_eq!(
        octets.len(),
        width,
        "{kind:?} item {it:?} of the wrong width"
    );
    if kind != Kind::Ipv6 {
        let be = octets.iter().fold(0u64, |v, &b| v << 8 | u64::from(b));
        assert_eq!(
            it.value, be,
            "{kind:?} item {it:?}: value is not its octets"
        );
    }
}

fn check(input: &[u8], cfg: u8) {
    let p = parse(input, cfg);
    let mut depth = 0i32;
    for it in &p.items {
        match it.kind {
            k if k == ItemKind::Close as u8 => {
                depth -= 1;
                assert!(depth >= 0, "close without open");
            }
            k => {
                if k == ItemKind::Open as u8 {
                    depth += 1;
                }
                let end = it.offset as usize + it.length as usize;
                assert!(
                    end <= input.len(),
                    "item {it:?} past input of {}",
                    input.len()
                );
                let field = encdns::Field::from_u16(it.field).expect("a known field");
                if !it.is_generated() {
                    value_is_the_octets(input, it, field.info().kind);
                }
            }
        }
    }
    assert_eq!(depth, 0, "unbalanced subtrees");
    for d in &p.diags {
        match d.on {
            encdns::On::Item(i) => assert!((i as usize) < p.items.len(), "{d:?}"),
            on => assert_eq!(on, encdns::On::Attribute, "{d:?}"),
        }
        assert!(
            d.offset as usize + d.length as usize <= input.len().max(4),
            "{d:?}"
        );
    }
    assert!(p.info.total_length as usize <= input.len());

    // Small buffers: the same counts, and what fits is the same prefix.
    let mut items = [Item::default(); 3];
    let mut diags = [None; 1];
    let mut sink = Sink::new(&mut items, &mut diags);
    let info = parse_attribute(input, CfgType(cfg), &Options::default(), &mut sink);
    assert_eq!(info, p.info);
    let n = p.items.len().min(3);
    assert_eq!(&items[..n], &p.items[..n]);
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..100_000 {
        let len = rng.below(160);
        let mut buf: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Mostly our types, so the interesting paths run.
        if len >= 2 {
            buf[0] = (rng.below(2) as u8) << 7;
            buf[1] = 26 + rng.below(5) as u8;
        }
        check(&buf, rng.below(6) as u8);
    }
}

#[test]
fn mutated_examples() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for seed in SEEDS {
        let base = hex(seed);
        for _ in 0..25_000 {
            let mut m = base.clone();
            for _ in 0..1 + rng.below(4) {
                match rng.below(4) {
                    0 => {
                        let i = rng.below(m.len());
                        m[i] = rng.next() as u8;
                    }
                    1 => m.truncate(rng.below(m.len() + 1)),
                    2 => {
                        let i = rng.below(m.len() + 1);
                        m.insert(i, rng.next() as u8);
                    }
                    _ => {
                        // Lengths and counts are where parsers go wrong.
                        let i = [2, 3, 6, 7].get(rng.below(4)).copied().unwrap_or(3);
                        if i < m.len() {
                            m[i] = [0u8, 1, 0x7f, 0x80, 0xff][rng.below(5)];
                        }
                    }
                }
                if m.is_empty() {
                    break;
                }
            }
            check(&m, 1 + rng.below(4) as u8);
        }
    }
}

#[test]
fn every_length_of_a_long_attribute() {
    // 255 addresses, long ADN, long SvcParams: each prefix of it.
    let mut v = vec![0x00, 0x01, 0xff, 0xff];
    v.extend((0..255 * 4).map(|i| i as u8));
    v.extend(std::iter::repeat_n(b'a', 255));
    v.extend(std::iter::repeat_n(0u8, 300));
    let mut a = vec![0x00, 0x1b];
    a.extend((v.len() as u16).to_be_bytes());
    a.extend(v);
    for n in 0..=a.len() {
        check(&a[..n], 2);
    }
}
