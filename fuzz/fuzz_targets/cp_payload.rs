// SPDX-License-Identifier: GPL-2.0-or-later
//! The rules between the attributes of one Configuration payload: input = a CP
//! payload body (from its CFG Type). The first octet of the body doubles as the
//! DIGEST_INFO layout choice, so both layouts get exercised.
#![no_main]

use encdns::cp_rules::{analyze_cp, digest_claims, same_name};
use encdns::fastfmt::FixedBuf;
use encdns::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let options = Options {
        digest_layout: body.first().map_or(0, |b| b >> 7),
        ..Options::default()
    };
    let mut diags = Vec::new();
    analyze_cp(body, &options, &mut diags);
    let mut buf = [0u8; 255];
    for d in &diags {
        assert!(d.offset as usize + d.length as usize <= body.len());
        let mut w = FixedBuf::new(&mut buf);
        d.finding.write_message(d.span(body), &mut w).unwrap();
        assert!(!w.is_empty(), "every diagnostic has a message");
    }
    for c in digest_claims(body, &options) {
        assert!(matches!(c.addr.len(), 4 | 16));
        assert!(c.attr_at < body.len());
        assert!(same_name(c.adn, c.adn));
        assert!(!c.digest.is_empty() && c.digest.len() <= 64);
    }
});
