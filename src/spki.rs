//! The resolver's key as RFC 9464 §5 hashes it: the DER SubjectPublicKeyInfo of its
//! certificate (RFC 5280 §4.1), found by walking just enough DER, and the check of an
//! ENCDNS_DIGEST_INFO digest against it.
//!
//! ```text
//! Certificate ::= SEQUENCE { tbsCertificate SEQUENCE {
//!     version [0] EXPLICIT OPTIONAL, serialNumber INTEGER, signature AlgorithmIdentifier,
//!     issuer Name, validity Validity, subject Name,
//!     subjectPublicKeyInfo SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING },
//!     ... }, ... }
//! ```

use crate::hash;

const SEQUENCE: u8 = 0x30;
const BIT_STRING: u8 = 0x03;
const VERSION: u8 = 0xa0;

/// One DER element: (tag, whole element, contents, rest after it).
type Element<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

fn element(der: &[u8]) -> Option<Element<'_>> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |l, b| (l << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    let contents = rest.get(..len)?;
    let header = der.len() - rest.len();
    Some((tag, &der[..header + len], contents, &rest[len..]))
}

/// The SubjectPublicKeyInfo element of a DER certificate, or the input itself if it
/// already is a SubjectPublicKeyInfo.
pub fn spki(der: &[u8]) -> Option<&[u8]> {
    let (tag, whole, contents, _) = element(der)?;
    if tag != SEQUENCE {
        return None;
    }
    // A bare SubjectPublicKeyInfo: an AlgorithmIdentifier, then a BIT STRING.
    if let Some((SEQUENCE, _, _, rest)) = element(contents) {
        if let Some((BIT_STRING, _, _, [])) = element(rest) {
            return Some(whole);
        }
    }
    let (tbs_tag, _, tbs, _) = element(contents)?;
    if tbs_tag != SEQUENCE {
        return None;
    }
    let mut rest = tbs;
    if let Some((VERSION, _, _, after)) = element(rest) {
        rest = after;
    }
    // serialNumber, signature, issuer, validity, subject
    for _ in 0..5 {
        rest = element(rest)?.3;
    }
    match element(rest)? {
        (SEQUENCE, spki, _, _) => Some(spki),
        _ => None,
    }
}

/// The outcome of checking a digest against a certificate.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Match = 0,
    Mismatch = 1,
    /// The hash algorithm is one this crate cannot compute.
    UnsupportedAlgorithm = 2,
    /// No SubjectPublicKeyInfo could be found in the certificate.
    NotACertificate = 3,
}

/// Checks `digest` (hash algorithm `alg`) against the certificate or SPKI `der`;
/// also gives the digest computed, if any.
pub fn check(der: &[u8], alg: u16, digest: &[u8]) -> (Check, Option<hash::Digest>) {
    let Some(key) = spki(der) else {
        return (Check::NotACertificate, None);
    };
    match hash::digest(alg, key) {
        None => (Check::UnsupportedAlgorithm, None),
        Some(d) if d.as_bytes() == digest => (Check::Match, Some(d)),
        Some(d) => (Check::Mismatch, Some(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A self-signed P-256 certificate made with openssl for this test (CN=dot.example.net).
    const CERT_PEM: &str = include_str!("../tests/data/dot-example-net.crt");
    const SPKI_SHA256: &str = include_str!("../tests/data/dot-example-net.spki-sha256");

    fn certificate() -> Vec<u8> {
        let block = crate::pem::blocks(CERT_PEM.as_bytes()).next().unwrap();
        block.decode().unwrap()
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn spki_of_a_real_certificate() {
        let der = certificate();
        let n = der.len();
        let key = spki(&der[..n]).unwrap();
        assert_eq!(key[0], SEQUENCE);
        let d = hash::digest(2, key).unwrap();
        assert_eq!(hex(d.as_bytes()), SPKI_SHA256.trim());
        // The SPKI alone is accepted too, and gives the same digest.
        assert_eq!(spki(key), Some(key));
        let want = d.as_bytes().to_vec();
        assert_eq!(check(&der[..n], 2, &want).0, Check::Match);
        let mut wrong = want.clone();
        wrong[0] ^= 1;
        assert_eq!(check(&der[..n], 2, &wrong).0, Check::Mismatch);
        assert_eq!(check(&der[..n], 5, &want).0, Check::UnsupportedAlgorithm);
        assert_eq!(check(&der[..n], 8, &want).0, Check::UnsupportedAlgorithm);
        assert_eq!(
            check(b"\x30\x03\x02\x01\x00", 2, &want).0,
            Check::NotACertificate
        );
    }

    #[test]
    fn truncated_der_has_no_key() {
        // Every prefix of the certificate is cut inside its outer SEQUENCE, whose
        // length then runs past the input: no SubjectPublicKeyInfo, and no panic.
        let der = certificate();
        let n = der.len();
        for cut in 0..n {
            assert_eq!(spki(&der[..cut]), None, "cut at {cut}");
        }
        assert!(spki(&der[..n]).is_some());
    }
}
