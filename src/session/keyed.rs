//! Hashing a capture cannot steer: the fingerprints that tell a retransmission, and
//! the hash of the IKE SA map. Both fold the octets in through 128-bit products under a
//! key drawn at random (from the operating system, as std's hash maps' keys): a few
//! instructions an octet word, where SipHash took about two hundred for one message's
//! SPIs and five times the fold's cost on every message recorded.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// A fingerprint of `octets` under `key`: eight octets at a time, each folded in
/// through a 128-bit product.
pub(crate) fn fingerprint(key: u64, octets: &[u8]) -> u64 {
    let mut h = fold(key ^ octets.len() as u64, K);
    let mut words = octets.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        h = fold(h ^ w, key | 1);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    fold(h ^ u64::from_le_bytes(last), K ^ key)
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

fn random_key() -> u64 {
    RandomState::new().hash_one(0u64)
}

/// The key of a session's fingerprints.
pub(crate) struct FingerprintKey(pub u64);

impl Default for FingerprintKey {
    fn default() -> Self {
        FingerprintKey(random_key())
    }
}

/// The IKE SA map's hash: the SPIs' fingerprint under the map's own key.
#[derive(Clone)]
pub(crate) struct SpiHash(u64);

impl Default for SpiHash {
    fn default() -> Self {
        SpiHash(random_key())
    }
}

impl BuildHasher for SpiHash {
    type Hasher = SpiHasher;

    fn build_hasher(&self) -> SpiHasher {
        SpiHasher { key: self.0, h: 0 }
    }
}

/// `h` starts at zero, so whichever write comes first, its octets go in under the key
/// (`key ^ h` is the key itself for the first).
pub(crate) struct SpiHasher {
    key: u64,
    h: u64,
}

impl Hasher for SpiHasher {
    fn write(&mut self, octets: &[u8]) {
        self.h = fingerprint(self.key ^ self.h, octets);
    }

    /// (A slice's length, hashed before its octets: the SPIs' is always 16.)
    fn write_usize(&mut self, n: usize) {
        self.h = fold(self.h ^ n as u64, self.key | 1);
    }

    fn finish(&self) -> u64 {
        self.h
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn sequential_spis_spread_over_the_table() {
        // Sequential SPIs (what many implementations hand out) once collapsed under a
        // weak hash: each must get its own hash, and the low bits (the bucket) and the
        // top seven (hashbrown's tag) must vary too.
        let s = SpiHash::default();
        let n = 100_000u64;
        let hashes: Vec<u64> = (0..n)
            .map(|i| {
                let mut spis = [0u8; 16];
                spis[..8].copy_from_slice(&i.to_be_bytes());
                spis[8..].copy_from_slice(&(i * 7).to_be_bytes());
                s.hash_one(spis)
            })
            .collect();
        assert_eq!(hashes.iter().collect::<HashSet<_>>().len(), n as usize);
        // As random values would: 100,000 of them fill 65,536 (1 - e^-1.53) = 51,290
        // buckets, give or take a few hundred.
        let buckets = hashes.iter().map(|h| h & 0xffff).collect::<HashSet<_>>();
        assert!(
            buckets.len() > 50_000,
            "{} of 65536 buckets used",
            buckets.len()
        );
        let tags = hashes.iter().map(|h| h >> 57).collect::<HashSet<_>>();
        assert_eq!(tags.len(), 128);
    }

    #[test]
    fn another_key_another_hash() {
        let spis = [7u8; 16];
        let (a, b) = (SpiHash(1), SpiHash(2));
        assert_ne!(a.hash_one(spis), b.hash_one(spis));
        assert_eq!(a.hash_one(spis), a.hash_one(spis));
        // Octets written first, without a length before them, are keyed too.
        let raw = |s: &SpiHash| {
            let mut h = s.build_hasher();
            h.write(&spis);
            h.finish()
        };
        assert_ne!(raw(&a), raw(&b));
    }
}
