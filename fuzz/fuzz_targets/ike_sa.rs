// SPDX-License-Identifier: GPL-2.0-or-later
//! The per-SA state machine over a sequence of IKEv2 messages, through the C ABI the
//! plugin uses. Input: records of <u16 message length><message><u16 inner length>
//! <decrypted SK content>, all fed to one SA in order, as the plugin does in capture
//! order.
#![no_main]

use encdns::ffi::{
    encdns_ike_is_response, encdns_ike_major_version, encdns_sa_key, encdns_sa_message,
};
use encdns::sa::{MessageResult, SaState};
use encdns::{Diag, Options};
use libfuzzer_sys::fuzz_target;

fn take<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, rest) = data.split_first_chunk::<2>()?;
    let len = usize::from(u16::from_be_bytes(*len)).min(rest.len());
    let (part, rest) = rest.split_at(len);
    *data = rest;
    Some(part)
}

fuzz_target!(|data: &[u8]| {
    let mut data = data;
    let options = Options::default();
    let mut state = SaState::default();
    let mut diags = [Diag::default(); 32];
    let mut frame = 0u32;
    while let (Some(msg), Some(inner)) = (take(&mut data), take(&mut data)) {
        frame += 1;
        let mut result = MessageResult::default();
        let mut key = [0u8; 16];
        unsafe {
            encdns_ike_major_version(msg.as_ptr(), msg.len());
            encdns_ike_is_response(msg.as_ptr(), msg.len());
            encdns_sa_key(msg.as_ptr(), msg.len(), key.as_mut_ptr());
            let ok = encdns_sa_message(
                &mut state,
                msg.as_ptr(),
                msg.len(),
                inner.as_ptr(),
                inner.len(),
                frame,
                &options,
                diags.as_mut_ptr(),
                diags.len(),
                &mut result,
            );
            assert!(
                ok,
                "the SA tracker reported an internal failure (a caught panic)"
            );
        }
        if result.has_cp == 1 {
            // The CP body the plugin will read must lie inside the buffer it names.
            let buf = if result.cp_in_inner == 1 { inner } else { msg };
            assert!(result.cp_offset as usize + result.cp_length as usize <= buf.len());
        }
        assert!(result.request_in < frame);
        let n = (result.n_diags as usize).min(diags.len());
        for d in &diags[..n] {
            assert!(d.offset as usize + d.length as usize <= result.cp_length as usize);
        }
    }
});
