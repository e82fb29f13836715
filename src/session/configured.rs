//! Certificates (or public keys) the user configured for resolver names, for digests
//! whose resolver's TLS handshake is not in the capture: read from files once, when
//! the preference changes, and looked up by name.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::spki::{self, Check};

/// A certificate file larger than this is not read: a real certificate or key is a
/// few kilobytes, and a preference row must not make the plugin read a disk image.
pub const ENCDNS_MAX_CERTIFICATE_FILE: u64 = 1048576;

/// What became of one configured row.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadStatus {
    Loaded = 0,
    /// The file could not be opened or read.
    Unreadable = 1,
    /// The file is larger than `ENCDNS_MAX_CERTIFICATE_FILE`.
    TooLarge = 2,
    /// Neither a certificate nor a public key was found in it.
    NoKey = 3,
    /// The row names no resolver.
    NoName = 4,
}

/// DNS names compare without case and without the root's trailing dot.
fn normalized(name: &[u8], out: &mut [u8; 256]) -> usize {
    let name = name.strip_suffix(b".").unwrap_or(name);
    let n = name.len().min(out.len());
    for (o, b) in out.iter_mut().zip(&name[..n]) {
        *o = b.to_ascii_lowercase();
    }
    n
}

#[derive(Default)]
pub(crate) struct Configured {
    /// Normalized name -> DER SubjectPublicKeyInfo.
    keys: HashMap<Vec<u8>, Vec<u8>>,
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, LoadStatus> {
    let file = std::fs::File::open(path).map_err(|_| LoadStatus::Unreadable)?;
    let mut data = Vec::new();
    file.take(ENCDNS_MAX_CERTIFICATE_FILE + 1)
        .read_to_end(&mut data)
        .map_err(|_| LoadStatus::Unreadable)?;
    if data.len() as u64 > ENCDNS_MAX_CERTIFICATE_FILE {
        return Err(LoadStatus::TooLarge);
    }
    Ok(data)
}

/// The SubjectPublicKeyInfo in a file's contents: a certificate or a public key, PEM
/// or DER.
pub fn key_of_file(data: &[u8]) -> Option<Vec<u8>> {
    let mut der = vec![0u8; data.len()];
    let der = match spki::pem_to_der(data, &mut der) {
        Some(n) => &der[..n],
        None => data,
    };
    spki::spki(der).map(<[u8]>::to_vec)
}

impl Configured {
    /// Replaces the configured keys with those of `rows` (name, file); says what
    /// became of each row.
    pub fn load<'a>(
        &mut self,
        rows: impl Iterator<Item = (&'a [u8], &'a Path)>,
    ) -> Vec<LoadStatus> {
        self.keys.clear();
        rows.map(|(name, path)| {
            if name.is_empty() {
                return LoadStatus::NoName;
            }
            let data = match read_bounded(path) {
                Ok(d) => d,
                Err(e) => return e,
            };
            let Some(key) = key_of_file(&data) else {
                return LoadStatus::NoKey;
            };
            let mut buf = [0u8; 256];
            let n = normalized(name, &mut buf);
            self.keys.insert(buf[..n].to_vec(), key);
            LoadStatus::Loaded
        })
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// `digest` (algorithm `alg`) against the key configured for `name`, if any.
    pub fn check(&self, name: &[u8], alg: u16, digest: &[u8]) -> Option<Check> {
        if self.keys.is_empty() {
            return None;
        }
        let mut buf = [0u8; 256];
        let n = normalized(name, &mut buf);
        let key = self.keys.get(&buf[..n])?;
        Some(spki::check(key, alg, digest).0)
    }
}
