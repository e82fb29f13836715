// SPDX-License-Identifier: GPL-2.0-or-later
//! Certificate handling on arbitrary input: the PEM/DER reader behind the
//! certificate preference table, and the SPKI digest check the plugin runs on every
//! certificate in a TLS handshake.
#![no_main]

use encdns::cp_rules::DigestClaim;
use encdns::ffi::{encdns_check_certificate, encdns_spki_from_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut spki = vec![0u8; data.len()];
    let n =
        unsafe { encdns_spki_from_file(data.as_ptr(), data.len(), spki.as_mut_ptr(), spki.len()) };
    assert!(n <= spki.len());
    // Every algorithm the registry knows, and one it does not.
    for alg in [1u16, 2, 3, 4, 5, 6, 7, 0xffff] {
        let claim = DigestClaim {
            alg,
            digest_len: 32,
            ..DigestClaim::default()
        };
        let mut computed = [0u8; 64];
        let mut computed_len = 0usize;
        let verdict = unsafe {
            encdns_check_certificate(
                data.as_ptr(),
                data.len(),
                &claim,
                computed.as_mut_ptr(),
                &mut computed_len,
            )
        };
        assert!(verdict <= 3);
        assert!(computed_len <= computed.len());
    }
});
