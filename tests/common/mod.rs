// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the Rust integration tests.
#![allow(dead_code)]

use encdns::{CfgType, Options};

pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub use encdns::parse::Parsed;

pub fn parse(attr: &[u8], cfg: u8) -> Parsed {
    encdns::parse::parse_owned(attr, CfgType(cfg), &Options::default())
}

pub fn codes(p: &Parsed) -> Vec<encdns::Code> {
    p.diags.iter().map(|d| d.finding.code()).collect()
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
