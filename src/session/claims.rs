//! The certificate digests CFG_REPLYs claim for resolver addresses, and their checks
//! against the certificates those resolvers send in TLS handshakes of the capture.
//!
//! A claim is kept once per (address, hash algorithm, digest), however often it is
//! made; a certificate is hashed once per algorithm claimed for its server, and finds
//! a matching claim by lookup. So the work per certificate does not grow with the
//! number of CFG_REPLYs before it, and every map is keyed with std's randomly keyed
//! hasher: no capture can steer its entries into one bucket.

use std::collections::HashMap;

use crate::cp_rules::DigestClaim;
use crate::hash::{self, Digest};
use crate::spki::{self, Check};

use super::frame::Address;
use super::records::CertificateRecord;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct ClaimKey {
    addr: Address,
    alg: u16,
    digest: Digest,
}

struct Claim {
    alg: u16,
    /// The latest frame that made the claim.
    latest: u32,
    /// The certificates checked against it: (frame, outcome), in frame order.
    checks: Vec<(u32, Check)>,
}

/// The claims for one address.
struct ForAddress {
    /// The claim made last.
    newest: u32,
    /// The hash algorithms claimed that this crate computes, as bits.
    algs: u64,
}

#[derive(Default)]
pub(crate) struct Claims {
    index: HashMap<ClaimKey, u32>,
    addresses: HashMap<Address, ForAddress>,
    list: Vec<Claim>,
    /// How many certificates were checked.
    checked: u32,
}

/// The bit of a hash algorithm this crate computes, in `ForAddress::algs`.
fn alg_bit(alg: u16) -> Option<u64> {
    (alg < 64 && hash::computes(alg)).then(|| 1 << alg)
}

fn key(c: &DigestClaim) -> Option<ClaimKey> {
    Some(ClaimKey {
        addr: Address::from_octets(c.addr)?,
        alg: c.alg,
        digest: Digest::from_slice(c.digest)?,
    })
}

impl Claims {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether any certificate was checked against a claim.
    pub fn any_checked(&self) -> bool {
        self.checked > 0
    }

    /// `frame` claims `c`.
    pub fn add(&mut self, c: &DigestClaim, frame: u32) {
        let Some(k) = key(c) else {
            return;
        };
        let next = self.list.len() as u32;
        let id = *self.index.entry(k).or_insert(next);
        if id == next {
            self.list.push(Claim {
                alg: c.alg,
                latest: frame,
                checks: Vec::new(),
            });
        }
        self.list[id as usize].latest = frame;
        let a = self.addresses.entry(k.addr).or_insert(ForAddress {
            newest: id,
            algs: 0,
        });
        a.newest = id;
        a.algs |= alg_bit(c.alg).unwrap_or(0);
    }

    /// Checks the certificate (DER) a server at `addr` sent in `frame` against the
    /// digests claimed for that address: the claim it matches, or else the one made
    /// last. `None` if nothing was claimed for the address.
    pub fn check(&mut self, frame: u32, addr: Address, der: &[u8]) -> Option<CertificateRecord> {
        let a = self.addresses.get(&addr)?;
        let key = spki::spki(der);
        let mut found: Option<(u32, Digest)> = None;
        if let Some(key) = key {
            for alg in (0..64u16).filter(|alg| a.algs & (1 << alg) != 0) {
                let Some(d) = hash::digest(alg, key) else {
                    continue;
                };
                let k = ClaimKey {
                    addr,
                    alg,
                    digest: d,
                };
                if let Some(&id) = self.index.get(&k) {
                    let newer = |(f, _): (u32, Digest)| {
                        self.list[f as usize].latest < self.list[id as usize].latest
                    };
                    if found.is_none_or(newer) {
                        found = Some((id, d));
                    }
                }
            }
        }
        let (id, check, computed) = match found {
            Some((id, d)) => (id, Check::Match, Some(d)),
            None => {
                let id = a.newest;
                let alg = self.list[id as usize].alg;
                match key.map(|k| hash::digest(alg, k)) {
                    None => (id, Check::NotACertificate, None),
                    Some(None) => (id, Check::UnsupportedAlgorithm, None),
                    Some(Some(d)) => (id, Check::Mismatch, Some(d)),
                }
            }
        };
        let claim = &mut self.list[id as usize];
        claim.checks.push((frame, check));
        self.checked += 1;
        Some(CertificateRecord {
            frame,
            claimed_in: claim.latest,
            alg: claim.alg,
            check,
            computed,
        })
    }

    /// The first certificate checked against claim `c` after `frame` (where it was
    /// made), and how that went.
    pub fn checked_after(&self, c: &DigestClaim, frame: u32) -> Option<(u32, Check)> {
        let id = *self.index.get(&key(c)?)?;
        let checks = &self.list[id as usize].checks;
        checks
            .get(checks.partition_point(|&(f, _)| f <= frame))
            .copied()
    }
}
