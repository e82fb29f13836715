// SPDX-License-Identifier: GPL-2.0-or-later
//! The rules between the attributes of one Configuration payload, through the C ABI
//! the plugin uses: input = a CP payload body (from its CFG Type). The first octet of
//! the body doubles as the DIGEST_INFO layout choice, so both layouts get exercised.
#![no_main]

use core::ffi::c_char;
use encdns::cp_rules::DigestClaim;
use encdns::ffi::{
    encdns_analyze_cp, encdns_check_certificate, encdns_cp_header, encdns_diag_message,
    encdns_digest_claims, encdns_same_name, CpHeader,
};
use encdns::{Diag, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let options = Options {
        digest_layout: body.first().map_or(0, |b| b >> 7),
        ..Options::default()
    };
    let mut diags = [Diag::default(); 64];
    let mut claims = [DigestClaim::default(); 8];
    let mut buf = [0 as c_char; 240];
    unsafe {
        let mut hdr = CpHeader {
            cfg_type: 0,
            reserved: [0; 3],
            payload_length: 0,
        };
        if encdns_cp_header(body.as_ptr(), body.len(), &mut hdr) {
            assert!(hdr.payload_length >= 8);
        }
        let n = encdns_analyze_cp(
            body.as_ptr(),
            body.len(),
            &options,
            diags.as_mut_ptr(),
            diags.len(),
        );
        for d in &diags[..n.min(diags.len())] {
            assert!(d.offset as usize + d.length as usize <= body.len());
            let m = encdns_diag_message(body.as_ptr(), body.len(), d, buf.as_mut_ptr(), buf.len());
            assert!(m > 0 && m < buf.len() && buf[m] == 0);
        }
        let n = encdns_digest_claims(
            body.as_ptr(),
            body.len(),
            &options,
            claims.as_mut_ptr(),
            claims.len(),
        );
        for c in &claims[..n.min(claims.len())] {
            assert!(matches!(c.addr_len, 4 | 16));
            assert!(c.attr_offset as usize <= body.len());
            let adn = &c.adn[..c.adn_len as usize];
            assert!(encdns_same_name(
                adn.as_ptr(),
                adn.len(),
                adn.as_ptr(),
                adn.len()
            ));
            // The rest of the body stands in for a certificate: never a match by chance
            // of a parser slip, and never a computed digest longer than its room.
            let mut computed = [0u8; 64];
            let mut computed_len = 0usize;
            encdns_check_certificate(
                body.as_ptr(),
                body.len(),
                c,
                computed.as_mut_ptr(),
                &mut computed_len,
            );
            assert!(computed_len <= computed.len());
        }
    }
});
