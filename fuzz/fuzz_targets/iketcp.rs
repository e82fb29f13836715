// SPDX-License-Identifier: GPL-2.0-or-later
//! RFC 9329 framing on arbitrary input, the way the glue walks a TCP stream: unit by
//! unit, each unit's length from its first octets, then the unit read; a unit never
//! claims octets it did not say it spans, and nothing panics.
#![no_main]

use encdns::ffi::ENCDNS_IKETCP_REST;
use encdns::iketcp::{looks, read, unit_len, Sides};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    looks(data);
    let mut at = 0;
    let mut first = true;
    while at < data.len() {
        let rest = &data[at..];
        let Some(len) = unit_len(rest, first) else {
            break;
        };
        let len = if len == ENCDNS_IKETCP_REST { rest.len() as u32 } else { len };
        let head = &rest[..rest.len().min(64)];
        let r = read(head, len, Sides { first, other_prefix: at % 2 == 0, other_started: first });
        assert!(r.n_items <= 2 && r.content_at <= 6);
        for it in &r.items[..r.n_items] {
            assert!(it.offset as u64 + it.length as u64 <= u64::from(len).max(6));
        }
        if let Some((_, offset, length)) = r.finding {
            assert!(offset + length <= (len as usize).max(rest.len()));
        }
        if len == 0 {
            break;
        }
        at += len as usize;
        first = false;
    }
});
