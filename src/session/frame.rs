//! What the glue hands a session of one frame: its data sources (the frame itself, the
//! decrypted content of an SK payload, a reassembled message), where Wireshark found
//! IKE messages and a TLS certificate in them, and its addresses.

use core::fmt;
use core::marker::PhantomData;

use crate::fastfmt::{ipv4, ipv6, Label};
use crate::ike::{self, Encrypted};

/// A data source of a frame, by what it is rather than by its place in the frame's
/// list (which other dissections may change): the `nth` source of its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SourceRef {
    pub role: Role,
    pub nth: u8,
}

/// How much a session holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Footprint {
    /// IKE SAs with something to remember (a request waiting for its reply, a
    /// fragmented message being received, a responder that used NULL authentication).
    pub sas: usize,
    /// IKE messages with a Configuration payload recorded.
    pub messages: usize,
    /// Distinct digest claims (address, hash algorithm, digest).
    pub claims: usize,
    /// TLS certificates checked.
    pub certificate_checks: usize,
}

/// What a data source of a frame holds, as far as the analysis cares.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The frame itself, or any source that is neither of the others.
    Other = 0,
    /// The decrypted content of an SK payload.
    Decrypted = 1,
    /// An IKE message reassembled from its Encrypted Fragment payloads (RFC 7383).
    Reassembled = 2,
}

/// Octets of a data source: where an IKE message starts (to the end of the source), or
/// a TLS certificate.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub source: u32,
    pub offset: u32,
    pub length: u32,
}

/// An IPv4 (`len` 4) or IPv6 (`len` 16) address; `len` 0 for none.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Address {
    pub len: u8,
    pub octets: [u8; 16],
}

impl Address {
    /// The address of 4 or 16 octets.
    pub fn from_octets(b: &[u8]) -> Option<Address> {
        let mut a = Address {
            len: b.len() as u8,
            octets: [0; 16],
        };
        if b.len() != 4 && b.len() != 16 {
            return None;
        }
        a.octets[..b.len()].copy_from_slice(b);
        Some(a)
    }

    /// The address, if it is one (a length of 4 or 16), with nothing after its octets.
    pub(crate) fn valid(self) -> Option<Address> {
        Address::from_octets(self.octets.get(..usize::from(self.len))?)
    }

    pub(crate) fn write(&self, out: &mut impl Label) -> fmt::Result {
        match self.len {
            4 => ipv4(
                out,
                [
                    self.octets[0],
                    self.octets[1],
                    self.octets[2],
                    self.octets[3],
                ],
            ),
            16 => ipv6(out, self.octets),
            _ => out.write_str("?"),
        }
    }
}

/// How many of a frame's decrypted and reassembled sources its messages have taken.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct InnerTaken {
    decrypted: usize,
    reassembled: usize,
}

/// A data source of a frame: its octets, and what it is (an `EncdnsRole`). The
/// analysis reads the glue's list of them where the glue put it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SourceDesc {
    pub bytes: *const u8,
    pub length: u32,
    pub role: u8,
}

/// A data source of a frame, as the analysis reads it: a `SourceDesc` whose octets
/// live for `'a` (made from a slice, or vouched for by the glue).
#[repr(transparent)]
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    desc: SourceDesc,
    octets: PhantomData<&'a [u8]>,
}

impl<'a> Source<'a> {
    pub fn new(bytes: &'a [u8], role: Role) -> Source<'a> {
        Source {
            desc: SourceDesc {
                bytes: bytes.as_ptr(),
                // (A longer source is read to its first 4 GiB.)
                length: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                role: role as u8,
            },
            octets: PhantomData,
        }
    }

    /// The sources the glue described.
    ///
    /// # Safety
    /// Each description's `bytes` must be null or point to `length` octets that stay
    /// valid and unchanged for `'a`.
    pub(crate) unsafe fn from_descs(descs: &'a [SourceDesc]) -> &'a [Source<'a>] {
        // SAFETY: `Source` is a transparent `SourceDesc`; the caller vouches for the
        // octets.
        unsafe { core::slice::from_raw_parts(descs.as_ptr().cast(), descs.len()) }
    }

    pub fn bytes(&self) -> &'a [u8] {
        if self.desc.bytes.is_null() || self.desc.length == 0 {
            return &[];
        }
        // SAFETY: made from a slice living for 'a (`new`), or vouched for by the glue
        // (`from_descs`).
        unsafe { core::slice::from_raw_parts(self.desc.bytes, self.desc.length as usize) }
    }

    pub fn role(&self) -> Role {
        match self.desc.role {
            1 => Role::Decrypted,
            2 => Role::Reassembled,
            _ => Role::Other,
        }
    }
}

/// One frame, as the glue found it.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    pub number: u32,
    /// This is the first look at the frame (in capture order): record what it says.
    pub record: bool,
    /// Labels will be seen: write the texts that only labels use.
    pub labels: bool,
    /// The tap is listened to: give its rows.
    pub tap: bool,
    pub sources: &'a [Source<'a>],
    /// Where IKE messages start (their isakmp items), in tree order.
    pub messages: &'a [Span],
    /// The messages are quoted in an ICMP error: shown, but no messages of their SA.
    pub quoted: bool,
    /// The first TLS certificate of the frame, if any.
    pub certificate: Option<Span>,
    pub src: Address,
    pub dst: Address,
}

impl<'a> Frame<'a> {
    pub(crate) fn source_ref(&self, index: usize) -> SourceRef {
        let role = self.sources[index].role();
        let nth = self.sources[..index]
            .iter()
            .filter(|s| s.role() == role)
            .count();
        SourceRef {
            role,
            nth: nth.min(usize::from(u8::MAX)) as u8,
        }
    }

    pub(crate) fn source_index(&self, r: SourceRef) -> Option<usize> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role() == r.role)
            .nth(usize::from(r.nth))
            .map(|(i, _)| i)
    }

    /// The `nth` source of `role`.
    fn nth_of(&self, role: Role, nth: usize) -> Option<usize> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role() == role)
            .nth(nth)
            .map(|(i, _)| i)
    }

    /// The source with the inner content of a message whose SK or SKF payload is
    /// `encrypted`: its decrypted SK payload,
    /// or for the last fragment of a message the reassembled message. Wireshark adds
    /// those sources message by message, as it decrypts (one per SK or SKF payload)
    /// and reassembles, so the frame's messages, taken in order, take them in turn. A
    /// decrypted source longer than the payload it would be the plaintext of is a later
    /// message's: Wireshark could not decrypt this one.
    pub(crate) fn inner_of(&self, encrypted: Encrypted, taken: &mut InnerTaken) -> Option<usize> {
        let encrypted_len = match encrypted {
            ike::Encrypted::Sk(len) | ike::Encrypted::Skf(len, _) => len,
        };
        let decrypted = self
            .nth_of(Role::Decrypted, taken.decrypted)
            .filter(|&i| self.sources[i].bytes().len() <= encrypted_len);
        if decrypted.is_some() {
            taken.decrypted += 1;
        }
        match encrypted {
            ike::Encrypted::Sk(_) => decrypted,
            ike::Encrypted::Skf(_, false) => None,
            ike::Encrypted::Skf(_, true) => {
                let r = self.nth_of(Role::Reassembled, taken.reassembled)?;
                taken.reassembled += 1;
                Some(r)
            }
        }
    }

    /// `inner_of`, asked once per message (`asked` keeps the answer): the octets.
    pub(crate) fn inner_content(
        &self,
        encrypted: Encrypted,
        taken: &mut InnerTaken,
        asked: &mut Option<Option<usize>>,
    ) -> &'a [u8] {
        let inner = *asked.get_or_insert_with(|| self.inner_of(encrypted, taken));
        inner.map_or(&[][..], |i| self.sources[i].bytes())
    }

    pub(crate) fn bytes(&self, s: Span, len: Option<usize>) -> Option<&'a [u8]> {
        let b = self.sources.get(s.source as usize)?.bytes();
        let start = s.offset as usize;
        match len {
            Some(n) => b.get(start..start.checked_add(n)?),
            None => b.get(start..),
        }
    }
}
