// SPDX-License-Identifier: GPL-2.0-or-later
//! The lenient SubjectPublicKeyInfo walker (src/spki.rs) held to a strict X.509 parser
//! (RustCrypto's `x509-cert`, a dev-dependency only): wherever that parser accepts a
//! certificate, the walker must find the same SPKI octets. Certificates of several
//! key types and shapes (tests/data/oracle, made with openssl: RSA-3072 with
//! extensions, Ed25519, P-384, an X.509 v1 certificate without the version field and
//! with a 17-octet serial, P-256 with explicit curve parameters), then mutations of
//! them.

use x509_cert::der::{Decode, Encode};
use x509_cert::spki::SubjectPublicKeyInfoRef;
use x509_cert::Certificate;

fn certificates() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/oracle");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    let pem = include_str!("data/dot-example-net.crt");
    let der = encdns::pem::blocks(pem.as_bytes())
        .next()
        .unwrap()
        .decode()
        .unwrap();
    out.push(("dot-example-net.crt".into(), der));
    out.sort();
    out
}

/// The oracle's SPKI of `der`, if it parses `der` as a certificate.
fn oracle(der: &[u8]) -> Option<Vec<u8>> {
    let c = Certificate::from_der(der).ok()?;
    c.tbs_certificate.subject_public_key_info.to_der().ok()
}

#[test]
fn the_walker_finds_what_a_strict_parser_finds() {
    let certs = certificates();
    assert_eq!(certs.len(), 6);
    for (name, der) in &certs {
        let want = oracle(der).unwrap_or_else(|| panic!("x509-cert rejects {name}"));
        assert_eq!(encdns::spki::spki(der), Some(&want[..]), "{name}");
        // The SPKI alone is a key file too: both parsers see it as one.
        assert!(SubjectPublicKeyInfoRef::from_der(&want).is_ok());
        assert_eq!(encdns::spki::spki(&want), Some(&want[..]), "{name} SPKI");
    }
}

/// A small deterministic generator (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn mutated_certificates_the_oracle_accepts_give_the_same_key() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut accepted, mut tried) = (0, 0);
    for (name, der) in certificates() {
        for _ in 0..4000 {
            let mut m = der.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(m.len());
                match rng.below(4) {
                    0 => m[i] ^= 1 << rng.below(8),
                    1 => m[i] = rng.next() as u8,
                    2 => m.truncate(i.max(1)),
                    _ => m.insert(i, rng.next() as u8),
                }
            }
            tried += 1;
            let ours = encdns::spki::spki(&m);
            if let Some(want) = oracle(&m) {
                accepted += 1;
                assert_eq!(ours, Some(&want[..]), "{name}: {m:02x?}");
            }
        }
    }
    // Flips inside names, keys and signatures keep a certificate well formed: the
    // comparison must have been made often enough to mean something.
    assert!(accepted > tried / 10, "{accepted} of {tried} accepted");
}
