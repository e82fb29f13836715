// SPDX-License-Identifier: GPL-2.0-or-later
//! Every parse entry point on arbitrary input: the first octet picks the CFG type and
//! the DIGEST_INFO layout, the rest is the attribute. Checks the guarantees the C glue
//! relies on: items inside the input, balanced subtrees, diagnostics on real items.
#![no_main]

use encdns::{parse_attribute, CfgType, Item, ItemKind, On, Options, Sink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, attr)) = data.split_first() else {
        return;
    };
    let options = Options {
        digest_layout: mode >> 7,
        ..Options::default()
    };
    let cfg = CfgType(mode & 0x07);
    let mut items = [Item::default(); 512];
    let mut diags = [None; 64];
    let mut sink = Sink::new(&mut items, &mut diags);
    let info = parse_attribute(attr, cfg, &options, &mut sink);
    let (n_items, n_diags) = sink.counts();
    assert_eq!(
        (info.n_items as usize, info.n_diags as usize),
        (n_items, n_diags)
    );
    assert!(info.total_length as usize <= attr.len());
    let _ = encdns::parse::classify(attr, &options);
    if n_items > items.len() || n_diags > diags.len() {
        return;
    }
    let mut depth = 0i64;
    for it in &items[..n_items] {
        if it.kind == ItemKind::Close as u8 {
            depth -= 1;
            assert!(depth >= 0);
            continue;
        }
        if it.kind == ItemKind::Open as u8 {
            depth += 1;
        }
        assert!(it.offset as usize + it.length as usize <= attr.len());
    }
    assert_eq!(depth, 0);
    for d in diags[..n_diags].iter().flatten() {
        if let On::Item(i) = d.on {
            assert!((i as usize) < n_items);
        }
    }
});
