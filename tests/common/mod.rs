// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the Rust integration tests.
#![allow(dead_code)]

use encdns::{parse_attribute, AttrInfo, CfgType, Diag, Item, Options, Sink};

pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub struct Parsed {
    pub info: AttrInfo,
    pub items: Vec<Item>,
    pub diags: Vec<Diag>,
}

/// Parses with buffers large enough for anything a 64 KiB attribute can produce.
pub fn parse(attr: &[u8], cfg: u8) -> Parsed {
    let mut items = vec![
        Item {
            offset: 0,
            length: 0,
            value: 0,
            field: 0,
            kind: 0,
            flags: 0
        };
        4 * attr.len() + 64
    ];
    let mut diags = vec![
        Diag {
            offset: 0,
            length: 0,
            value: 0,
            item: 0,
            code: 0,
            reserved: 0
        };
        64
    ];
    let mut sink = Sink::new(&mut items, &mut diags);
    let info = parse_attribute(attr, CfgType(cfg), &Options::default(), &mut sink);
    let (ni, nd) = sink.counts();
    items.truncate(ni);
    diags.truncate(nd);
    Parsed { info, items, diags }
}

pub fn codes(p: &Parsed) -> Vec<encdns::Code> {
    p.diags
        .iter()
        .map(|d| encdns::Code::from_u16(d.code).unwrap())
        .collect()
}

/// xorshift64*: a fixed-seed generator, so every run tests the same inputs.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
