// SPDX-License-Identifier: GPL-2.0-or-later
//! The text renderers (diagnostic messages, item labels, attribute summaries) over
//! whatever the parser made of arbitrary input, through the C ABI the plugin uses.
#![no_main]

use core::ffi::c_char;
use encdns::ffi::{
    encdns_attr_summary, encdns_diag_message, encdns_item_text, encdns_parse_attribute,
};
use encdns::{AttrInfo, Diag, Item, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, attr)) = data.split_first() else {
        return;
    };
    let options = Options::default();
    let mut items = [Item::default(); 256];
    let mut diags = [Diag::default(); 32];
    let mut info = AttrInfo::default();
    let cfg = mode & 0x07;
    let ok = unsafe {
        encdns_parse_attribute(
            attr.as_ptr(),
            attr.len(),
            cfg,
            &options,
            items.as_mut_ptr(),
            items.len(),
            diags.as_mut_ptr(),
            diags.len(),
            &mut info,
        )
    };
    assert!(
        ok,
        "the parser reported an internal failure (a caught panic)"
    );
    let n_items = (info.n_items as usize).min(items.len());
    let n_diags = (info.n_diags as usize).min(diags.len());
    let len = info.total_length as usize;
    let mut buf = [0 as c_char; 240];
    unsafe {
        let n = encdns_attr_summary(
            attr.as_ptr(),
            len,
            info.kind,
            cfg,
            items.as_ptr(),
            n_items,
            buf.as_mut_ptr(),
            buf.len(),
        );
        assert!(n < buf.len() && buf[n] == 0);
        for it in &items[..n_items] {
            let n = encdns_item_text(attr.as_ptr(), len, it, buf.as_mut_ptr(), buf.len());
            assert!(n < buf.len() && buf[n] == 0);
        }
        for d in &diags[..n_diags] {
            let n = encdns_diag_message(attr.as_ptr(), len, d, buf.as_mut_ptr(), buf.len());
            assert!(
                n > 0 && n < buf.len() && buf[n] == 0,
                "every diagnostic has a message"
            );
        }
    }
});
