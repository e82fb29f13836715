// SPDX-License-Identifier: GPL-2.0-or-later
//! Parsing an attribute allocates nothing: a counting global allocator watches.

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

use encdns::fastfmt::FixedBuf;
use encdns::{parse_attribute, CfgType, Item, Options, Sink};

#[test]
fn parse_and_messages_do_not_allocate() {
    // Built before counting starts.
    let inputs: Vec<Vec<u8>> = vec![
        b"\x00\x1c\x00\x3e\x00\x01\x01\x0f\x20\x01\x0d\xb8\x00\x99\x00\x88\x00\x77\x00\x66\x00\x55\x00\x44doh.example.com\x00\x01\x00\x03\x02h2\x00\x07\x00\x10/dns-query{?dns}".to_vec(),
        b"\x80\x1b\x00\x10\x00\x00\x05\x20\xc0\x00\x02\x01xn--.b\x00\xff".to_vec(),
        b"\x00\x1b\x00\x40\x00\x01".to_vec(),
    ];
    let mut items = [Item::default(); 64];
    let mut diags = [None; 16];
    let mut text = [0u8; 256];
    let options = Options::default();

    let before = allocations();
    let mut emitted = 0;
    for input in &inputs {
        for cfg in 1..=4 {
            let mut sink = Sink::new(&mut items, &mut diags);
            parse_attribute(input, CfgType(cfg), &options, &mut sink);
            let (ni, nd) = sink.counts();
            emitted += ni + nd;
            for d in diags[..nd.min(16)].iter().flatten() {
                let mut w = FixedBuf::new(&mut text);
                d.finding.write_message(d.span(input), &mut w).unwrap();
            }
        }
    }
    let after = allocations();
    assert!(emitted > 20, "the inputs must exercise the parser");
    assert_eq!(after - before, 0, "allocations while parsing");
}
