// SPDX-License-Identifier: GPL-2.0-or-later
//! Certificate handling on arbitrary input: the PEM/DER reader behind the
//! certificate preference table, and the SPKI digest check the session runs on every
//! server certificate of a TLS handshake; and the SPKI walker against a strict X.509
//! parser: wherever `x509-cert` accepts the input as a certificate, the walker finds
//! the same SubjectPublicKeyInfo octets.
#![no_main]

use encdns::spki::{check, spki, Check};
use libfuzzer_sys::fuzz_target;
use x509_cert::der::{Decode, Encode};

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = x509_cert::Certificate::from_der(data) {
        let want = c.tbs_certificate.subject_public_key_info.to_der().unwrap();
        assert_eq!(spki(data), Some(&want[..]));
    }
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
