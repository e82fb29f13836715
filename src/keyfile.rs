//! The files of the Resolver certificates preference: a certificate or public key,
//! PEM or DER, read with a bound, and what became of each.

use std::io::Read;
use std::path::Path;

use crate::{pem, spki};

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

pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>, LoadStatus> {
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

/// The SubjectPublicKeyInfo in a file's contents: of the first certificate or public
/// key among its PEM blocks (others, such as private keys, are passed over), or of
/// the whole file as DER if it has no PEM block.
pub fn key_of_file(data: &[u8]) -> Option<Vec<u8>> {
    let mut armoured = false;
    for block in pem::blocks(data) {
        armoured = true;
        if !pem::KEY_LABELS.contains(&block.label) {
            continue;
        }
        if let Some(key) = block.decode().as_deref().and_then(spki::spki) {
            return Some(key.to_vec());
        }
    }
    if armoured {
        return None;
    }
    spki::spki(data).map(<[u8]>::to_vec)
}
