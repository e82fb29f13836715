//! An IKEv2 message as the analysis reads it: its header (RFC 7296 §3.1), its chain of
//! payloads (§3.2), and where its AUTH and Configuration payloads are — in the clear,
//! in the decrypted content of its SK payload, or in the message reassembled from its
//! Encrypted Fragment payloads (RFC 7383 §2.5).

use crate::wire::{self, ike};

/// The fields of the IKE header the analysis uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Initiator SPI, then responder SPI: the IKE SA the message belongs to.
    pub spis: [u8; 16],
    pub next_payload: u8,
    pub major_version: u8,
    pub flags: u8,
    pub message_id: u32,
    /// The Length field: octets of the whole message, header included.
    pub length: u32,
}

impl Header {
    /// The message's header, if all 28 octets are there.
    pub fn read(msg: &[u8]) -> Option<Header> {
        let h = msg.get(..ike::HEADER_LEN)?;
        let mut spis = [0u8; 16];
        spis.copy_from_slice(&h[ike::INITIATOR_SPI.start..ike::RESPONDER_SPI.end]);
        Some(Header {
            spis,
            next_payload: h[ike::NEXT_PAYLOAD],
            major_version: h[ike::VERSION] >> ike::MAJOR_VERSION_SHIFT,
            flags: h[ike::FLAGS],
            message_id: u32::from_be_bytes([
                h[ike::MESSAGE_ID.start],
                h[ike::MESSAGE_ID.start + 1],
                h[ike::MESSAGE_ID.start + 2],
                h[ike::MESSAGE_ID.start + 3],
            ]),
            length: u32::from_be_bytes([
                h[ike::LENGTH.start],
                h[ike::LENGTH.start + 1],
                h[ike::LENGTH.start + 2],
                h[ike::LENGTH.start + 3],
            ]),
        })
    }

    pub fn is_response(&self) -> bool {
        self.flags & ike::FLAG_RESPONSE != 0
    }

    /// Sent by the SA's original initiator (the I flag), whichever side started the
    /// exchange: the roles of an SA, not of a request and its response.
    pub fn from_initiator(&self) -> bool {
        self.flags & ike::FLAG_INITIATOR != 0
    }
}

/// The encrypted payloads of a message, in its chain: what Wireshark decrypts (each
/// one gets a "Decrypted Data" source) and reassembles (the last fragment of a
/// message, once all arrived, a reassembled one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encrypted {
    /// An SK payload: its body's length.
    Sk(usize),
    /// An Encrypted Fragment payload: its encrypted part's length, and whether it is
    /// the last fragment of its message.
    Skf(usize, bool),
}

/// Whether a payload of type `kind` can hold Configuration attributes, itself or in
/// payloads nested in it: SA to TSr (RFC 7296 §3.3 to §3.13) cannot; SK, CP, EAP, SKF
/// and types this crate does not know may.
pub fn may_hold_attributes(kind: u8) -> bool {
    !(ike::PAYLOAD_SA..=ike::PAYLOAD_TSR).contains(&kind)
}

/// IKEv2's major version.
pub(crate) const IKEV2: u8 = 2;

/// One payload of a chain.
#[derive(Clone, Copy, Debug)]
pub struct Payload<'a> {
    pub kind: u8,
    /// The type of the payload after it (for SK and SKF: the first one inside).
    pub next: u8,
    pub body: &'a [u8],
    /// Where the body starts in the buffer the chain was read from.
    pub at: usize,
}

/// The payloads of a chain that starts with a payload of type `first` at the start of
/// `buf`. A payload whose Length runs past `buf` is the last one, with what there is of
/// its body: a truncated capture still shows what it holds.
pub fn payloads(first: u8, buf: &[u8]) -> impl Iterator<Item = Payload<'_>> + '_ {
    let mut rest = buf;
    let mut at = 0;
    let mut kind = first;
    core::iter::from_fn(move || {
        if kind == ike::NO_NEXT_PAYLOAD {
            return None;
        }
        let (header, _) = rest.split_first_chunk::<{ ike::PAYLOAD_HEADER_LEN }>()?;
        let next = header[ike::PAYLOAD_NEXT];
        let len = usize::from(wire::be16_of(header, ike::PAYLOAD_LENGTH));
        if len < ike::PAYLOAD_HEADER_LEN {
            return None;
        }
        let (payload, after) = rest.split_at(len.min(rest.len()));
        let p = Payload {
            kind,
            next,
            body: &payload[ike::PAYLOAD_HEADER_LEN..],
            at: at + ike::PAYLOAD_HEADER_LEN,
        };
        kind = if payload.len() < len {
            ike::NO_NEXT_PAYLOAD
        } else {
            next
        };
        rest = after;
        at += len;
        Some(p)
    })
}

/// Where a Configuration payload's body (from its CFG Type on) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpAt<'a> {
    /// In the decrypted (or reassembled) content rather than the message itself.
    pub inner: bool,
    /// Offset of the body in the message or in the inner content.
    pub offset: usize,
    pub body: &'a [u8],
}

/// What a message carries that the analysis needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contents<'a> {
    /// The Authentication Method of its first AUTH payload.
    pub auth_method: Option<u8>,
    /// Its first Configuration payload.
    pub cp: Option<CpAt<'a>>,
    /// It carries an Encrypted Fragment payload (RFC 7383).
    pub fragment: bool,
}

/// The first AUTH payload's method and the first CP payload (where its body starts,
/// and the body) among payloads seen one by one.
type AuthAndCp<'a> = (Option<u8>, Option<(usize, &'a [u8])>);

fn note<'a>(p: &Payload<'a>, (auth, cp): &mut AuthAndCp<'a>) {
    match p.kind {
        ike::PAYLOAD_AUTH => *auth = auth.or(p.body.get(ike::AUTH_METHOD).copied()),
        ike::PAYLOAD_CP => *cp = cp.or(Some((p.at, p.body))),
        _ => {}
    }
}

fn auth_and_cp(first: u8, buf: &[u8]) -> AuthAndCp<'_> {
    let mut found = (None, None);
    for p in payloads(first, buf) {
        note(&p, &mut found);
    }
    found
}

/// The AUTH method and Configuration payload of `msg` (from its IKE header, at most
/// its Length long). `inner` is asked, when the walk meets the SK payload or an
/// Encrypted Fragment payload (last in the chain), for the decrypted content of the
/// SK payload or, for the last fragment of a message, the reassembled content (empty
/// if none). `fragment_first` is where the first fragment's Next Payload is kept
/// between the fragments of one SA (only the first fragment names the first inner
/// payload); `None` reads without keeping it.
pub fn contents<'a>(
    header: &Header,
    msg: &'a [u8],
    mut inner: impl FnMut(Encrypted) -> &'a [u8],
    mut fragment_first: Option<&mut u8>,
) -> Contents<'a> {
    let outer = msg.get(ike::HEADER_LEN..).unwrap_or(&[]);
    // One walk of the message's chain: its own AUTH and CP payloads, and those inside
    // the SK (or last SKF) payload; the message's own come first.
    let mut own: AuthAndCp = (None, None);
    let mut within: AuthAndCp = (None, None);
    let mut fragment = false;
    for p in payloads(header.next_payload, outer) {
        note(&p, &mut own);
        let (inner_first, encrypted) = match p.kind {
            ike::PAYLOAD_SK => (Some(p.next), Encrypted::Sk(p.body.len())),
            ike::PAYLOAD_SKF => {
                fragment = true;
                let number = wire::be16(p.body, ike::SKF_NUMBER);
                if number == Some(1) {
                    if let Some(f) = fragment_first.as_deref_mut() {
                        *f = p.next;
                    }
                }
                let last = number.is_some() && number == wire::be16(p.body, ike::SKF_TOTAL);
                let len = p.body.len().saturating_sub(ike::SKF_TOTAL.end);
                let first = match (last, fragment_first.as_deref()) {
                    (true, Some(&f)) => Some(f),
                    _ => None,
                };
                (first, Encrypted::Skf(len, last))
            }
            _ => continue,
        };
        // Asked once, for the first SK or SKF payload (the only one allowed).
        let content = inner(encrypted);
        if let (Some(f), false) = (inner_first, content.is_empty()) {
            let (a, c) = auth_and_cp(f, content);
            within = (within.0.or(a), within.1.or(c));
        }
        break;
    }
    let auth = own.0.or(within.0);
    let cp = own
        .1
        .map(|(at, body)| CpAt {
            inner: false,
            offset: ike::HEADER_LEN + at,
            body,
        })
        .or(within.1.map(|(offset, body)| CpAt {
            inner: true,
            offset,
            body,
        }));
    Contents {
        auth_method: auth,
        cp,
        fragment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_cut_short_is_the_last_one() {
        // A CP payload claiming 12 octets of which 8 are there.
        let buf = [0x00, 0x00, 0x00, 0x0c, 0x02, 0x00, 0x00, 0x00];
        let all: Vec<_> = payloads(ike::PAYLOAD_CP, &buf).collect();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].body, &buf[4..]);
        // A Length below the header stops the chain instead of looping.
        assert_eq!(payloads(ike::PAYLOAD_CP, &[0x2f, 0, 0, 2]).count(), 0);
    }
}
