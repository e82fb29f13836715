// SPDX-License-Identifier: GPL-2.0-or-later
//! The text renderers (diagnostic messages, item labels, attribute summaries) over
//! whatever the parser made of arbitrary input.
#![no_main]

use encdns::fastfmt::FixedBuf;
use encdns::parse::{parse_owned, AttrKind};
use encdns::text::{attr_summary, item_label};
use encdns::{CfgType, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, attr)) = data.split_first() else {
        return;
    };
    let options = Options::default();
    let cfg = CfgType(mode & 0x07);
    let p = parse_owned(attr, cfg, &options);
    let attr = &attr[..p.info.total_length as usize];
    let mut buf = [0u8; 239];
    let mut w = FixedBuf::new(&mut buf);
    attr_summary(attr, AttrKind::from_u8(p.info.kind), cfg, &p.items, &mut w).unwrap();
    for it in &p.items {
        let mut w = FixedBuf::new(&mut buf);
        item_label(attr, it, &mut w).unwrap();
    }
    for d in &p.diags {
        let mut w = FixedBuf::new(&mut buf);
        d.finding.write_message(d.span(attr), &mut w).unwrap();
        assert!(!w.is_empty(), "every diagnostic has a message");
    }
});
