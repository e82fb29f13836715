//! Certificates (or public keys) the user configured for resolver names, for digests
//! whose resolver's TLS handshake is not in the capture: read from files once, when
//! the preference changes, and looked up by name.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::Path;

use crate::keyfile::{self, key_of_file, LoadStatus};
use crate::spki::{self, Check};

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
    /// Normalized name -> its row (from 1) and what the row gave: a DER
    /// SubjectPublicKeyInfo, or why it gave none (said where a digest for the name is
    /// checked, so that a bad file is never silently no check at all).
    keys: HashMap<Vec<u8>, Row>,
}

/// A row's number and its key (or why it has none).
type Row = (u16, Result<Vec<u8>, LoadStatus>);

/// A digest against the configured key of its ADN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConfiguredCheck {
    Checked {
        row: u16,
        check: Check,
    },
    /// The ADN's row gave no key.
    Unusable {
        row: u16,
        why: LoadStatus,
    },
}

impl Configured {
    /// Replaces the configured keys with those of `rows` (name, file); says what
    /// became of each row.
    pub fn load<'a>(
        &mut self,
        rows: impl Iterator<Item = (&'a [u8], &'a Path)>,
    ) -> Vec<LoadStatus> {
        self.keys.clear();
        rows.enumerate()
            .map(|(i, (name, path))| {
                if name.is_empty() {
                    return LoadStatus::NoName;
                }
                let key = keyfile::read_bounded(path)
                    .and_then(|data| key_of_file(&data).ok_or(LoadStatus::NoKey));
                let status = key.as_ref().err().copied().unwrap_or(LoadStatus::Loaded);
                let mut buf = [0u8; 256];
                let n = normalized(name, &mut buf);
                let row = u16::try_from(i + 1).unwrap_or(u16::MAX);
                // A later row for the same name replaces an earlier one, unless it
                // gives no key and the earlier one did.
                let slot = self.keys.entry(buf[..n].to_vec());
                match slot {
                    Entry::Occupied(mut o) if key.is_ok() || o.get().1.is_err() => {
                        *o.get_mut() = (row, key);
                    }
                    Entry::Occupied(_) => {}
                    Entry::Vacant(v) => {
                        v.insert((row, key));
                    }
                }
                status
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// `digest` (algorithm `alg`) against the key configured for `name`, if a row
    /// names it.
    pub fn check(&self, name: &[u8], alg: u16, digest: &[u8]) -> Option<ConfiguredCheck> {
        if self.keys.is_empty() {
            return None;
        }
        let mut buf = [0u8; 256];
        let n = normalized(name, &mut buf);
        let (row, key) = self.keys.get(&buf[..n])?;
        Some(match key {
            Ok(key) => ConfiguredCheck::Checked {
                row: *row,
                check: spki::check(key, alg, digest).0,
            },
            Err(why) => ConfiguredCheck::Unusable {
                row: *row,
                why: *why,
            },
        })
    }
}
