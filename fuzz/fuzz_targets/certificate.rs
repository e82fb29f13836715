// SPDX-License-Identifier: GPL-2.0-or-later
//! Certificate handling on arbitrary input: the PEM/DER reader behind the
//! certificate preference table, and the SPKI digest check the session runs on every
//! server certificate of a TLS handshake.
#![no_main]

use encdns::spki::{check, Check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(key) = encdns::session::key_of_file(data) {
        assert!(!key.is_empty() && key.len() <= data.len());
    }
    // Every algorithm the registry knows, and one it does not.
    for alg in [1u16, 2, 3, 4, 5, 6, 7, 0xffff] {
        let (verdict, computed) = check(data, alg, &[0u8; 32]);
        match computed {
            Some(d) => assert!(matches!(verdict, Check::Match | Check::Mismatch) && d.as_bytes().len() <= 64),
            None => assert!(matches!(verdict, Check::UnsupportedAlgorithm | Check::NotACertificate)),
        }
    }
});
