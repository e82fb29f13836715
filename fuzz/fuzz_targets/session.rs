// SPDX-License-Identifier: GPL-2.0-or-later
//! A capture's analysis through the C ABI the plugin uses: records of <u16 message
//! length><message><u16 inner length><decrypted or reassembled content> are handed
//! to one session as consecutive frames (each first looked at, then looked at again),
//! with the TLS certificate check fed the message as a certificate. Checks what the
//! glue relies on: every entry, item and expert inside what the frame was handed,
//! subtrees balanced, every text NUL-terminated inside the text buffer.
#![no_main]

use encdns::ffi::{encdns_session_frame, encdns_session_free, encdns_session_new, FrameDesc, SourceDesc};
use encdns::session::{Address, Render, Span, TextKind, ENCDNS_NO_MESSAGE, ENCDNS_NO_TEXT, ENCDNS_ON_ENTRY};
use libfuzzer_sys::fuzz_target;

fn take<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, rest) = data.split_first_chunk::<2>()?;
    let len = usize::from(u16::from_be_bytes(*len)).min(rest.len());
    let (part, rest) = rest.split_at(len);
    *data = rest;
    Some(part)
}

/// What the glue relies on, for one frame's list.
fn slice<'a, T>(p: *const T, n: u32) -> &'a [T] {
    if n == 0 {
        &[]
    } else {
        unsafe { core::slice::from_raw_parts(p, n as usize) }
    }
}

fn check(r: &Render, sources: &[&[u8]], messages: u32) {
    let entries = slice(r.entries, r.n_entries);
    let items = slice(r.items, r.n_items);
    let texts = slice(r.texts, r.n_texts);
    let experts = slice(r.experts, r.n_experts);
    let text_ok = |at: u32| {
        at == ENCDNS_NO_TEXT || unsafe { core::ffi::CStr::from_ptr(r.text.add(at as usize)) }.to_bytes().len() < 256
    };
    for e in entries {
        let src = sources[e.source as usize];
        assert!(e.offset as usize + e.length as usize <= src.len());
        assert!(e.message == ENCDNS_NO_MESSAGE || e.message < messages);
        assert!(text_ok(e.name) && text_ok(e.label));
        let its = &items[e.items as usize..(e.items + e.n_items) as usize];
        let mut depth = 0i64;
        for it in its {
            match it.kind {
                2 => {
                    depth -= 1;
                    assert!(depth >= 0);
                }
                k => {
                    depth += i64::from(k == 1);
                    // Inside the entry, so inside the source.
                    assert!(it.offset as usize + it.length as usize <= e.length as usize);
                }
            }
        }
        assert_eq!(depth, 0);
        let mut previous = 0;
        for t in &texts[e.texts as usize..(e.texts + e.n_texts) as usize] {
            assert!(t.item < e.n_items && t.item >= previous, "texts in item order");
            previous = t.item;
            if t.kind == TextKind::Label as u8 {
                assert!(text_ok(t.offset));
            }
        }
        for x in &experts[e.experts as usize..(e.experts + e.n_experts) as usize] {
            assert!(x.item == ENCDNS_ON_ENTRY || x.item < e.n_items);
            assert!(x.message != ENCDNS_NO_TEXT && text_ok(x.message));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut data = data;
    let session = encdns_session_new();
    let mut frame = 0u32;
    while let (Some(msg), Some(inner)) = (take(&mut data), take(&mut data)) {
        frame += 1;
        let role = (frame % 3) as u8; // other, decrypted, reassembled in turn
        let sources = [
            SourceDesc { bytes: msg.as_ptr(), length: msg.len() as u32, role: 0 },
            SourceDesc { bytes: inner.as_ptr(), length: inner.len() as u32, role },
        ];
        // The message, and a second one where the first says it ends (IKE over a
        // stream, or several datagrams in one frame).
        let second = msg.get(24..28).map_or(0, |l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]));
        let messages = [
            Span { source: 0, offset: 0, length: msg.len() as u32 },
            Span { source: 0, offset: second, length: (msg.len() as u32).saturating_sub(second) },
        ];
        let src = Address { len: 4, octets: [192, 0, 2, (frame % 4) as u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
        for record in [true, false] {
            let f = FrameDesc {
                number: frame,
                record,
                labels: true,
                tap: true,
                quoted: frame % 5 == 4,
                sources: sources.as_ptr(),
                n_sources: 2,
                messages: messages.as_ptr(),
                n_messages: if !record { 0 } else if frame % 2 == 0 { 2 } else { 1 },
                certificate: Span { source: 0, offset: 0, length: msg.len() as u32 },
                src,
                dst: src,
            };
            let r = unsafe { encdns_session_frame(session, &f) };
            assert!(!r.is_null(), "the session failed (a caught panic)");
            check(unsafe { &*r }, &[msg, inner], f.n_messages);
        }
    }
    unsafe { encdns_session_free(session) };
});
