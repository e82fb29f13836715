//! What an IKE SA's messages say together (SPEC.md rules R22*, R24*, R26*): a CFG_REPLY
//! answers the CFG_REQUEST before it, a reply should answer what was asked, and a
//! responder that authenticated with NULL authentication should not be trusted with
//! resolvers. The state is plain data the caller keeps per IKE SA; messages must come
//! in capture order.

use crate::cp_rules::{attribute_list, attributes, digest_parts, list_attributes, Attr};
use crate::diag::Code;
use crate::parse::{AttrKind, DigestLayout, Options};
use crate::sink::{ItemRef, Sink, DIAG_ON_PAYLOAD};
use crate::wire::{self, cp, digest_info, ike};

/// Hash algorithms remembered from a request; more are not checked.
pub const MAX_HASH_ALGS: usize = 16;

const FAMILY_IP4: u8 = 1;
const FAMILY_IP6: u8 = 2;

/// Per IKE SA, between messages.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaState {
    /// Frame of the CFG_REQUEST not answered yet (0: none).
    pub request_frame: u32,
    /// ENCDNS_IP4 (1) / ENCDNS_IP6 (2) asked for by that request.
    pub requested_families: u8,
    /// That request carried an ENCDNS_DIGEST_INFO (so its algorithms are known).
    pub digest_requested: u8,
    /// The responder's AUTH method, once seen (0: not yet).
    pub responder_auth: u8,
    pub n_hash_algs: u8,
    pub hash_algs: [u16; MAX_HASH_ALGS],
    /// The first inner payload of the fragmented message being received (RFC 7383:
    /// only the first fragment names it; the reassembled message is read with it).
    pub fragment_first_payload: u8,
}

/// What one message showed, for the caller.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageResult {
    /// 1 if the message has a CP payload; its body (from the CFG Type) is at
    /// `cp_offset` in the inner (decrypted) buffer if `cp_in_inner`, else in the
    /// message buffer, and is `cp_length` octets long.
    pub has_cp: u8,
    pub cp_in_inner: u8,
    pub cfg_type: u8,
    pub is_response: u8,
    pub cp_offset: u32,
    pub cp_length: u32,
    /// For a CFG_REPLY: the frame of the CFG_REQUEST it answers (0: none seen).
    pub request_in: u32,
    /// Diagnostics emitted (offsets relative to the CP body).
    pub n_diags: u32,
}

/// The 16-octet key of the IKE SA a message belongs to (initiator SPI, responder SPI).
pub fn sa_key(msg: &[u8]) -> Option<[u8; 16]> {
    let spis = msg.get(ike::INITIATOR_SPI.start..ike::RESPONDER_SPI.end)?;
    let mut key = [0u8; 16];
    key.copy_from_slice(spis);
    Some(key)
}

/// The payloads of a chain: (type, the next payload's type, body).
fn payloads(first: u8, buf: &[u8]) -> impl Iterator<Item = (u8, u8, &[u8], usize)> + '_ {
    let mut off = 0;
    let mut ptype = first;
    core::iter::from_fn(move || {
        if ptype == 0 {
            return None;
        }
        let rest = buf.get(off..)?;
        let len = usize::from(wire::be16(rest, ike::PAYLOAD_LENGTH)?);
        let next = rest[ike::PAYLOAD_NEXT];
        let body = rest.get(ike::PAYLOAD_HEADER_LEN..len)?;
        let item = (ptype, next, body, off + ike::PAYLOAD_HEADER_LEN);
        ptype = next;
        off += len;
        Some(item)
    })
}

fn family(kind: AttrKind) -> u8 {
    match kind {
        AttrKind::EncdnsIp4 => FAMILY_IP4,
        AttrKind::EncdnsIp6 => FAMILY_IP6,
        _ => 0,
    }
}

fn family_name(f: u8) -> u64 {
    if f == FAMILY_IP4 {
        4
    } else {
        6
    }
}

/// The first AUTH payload's method and the first CP payload (offset, body) of a chain.
fn find_auth_and_cp(first: u8, buf: &[u8]) -> (Option<u8>, Option<(usize, &[u8])>) {
    let mut auth = None;
    let mut cp = None;
    for (ptype, _, body, off) in payloads(first, buf) {
        match ptype {
            ike::PAYLOAD_AUTH => auth = auth.or(body.get(ike::AUTH_METHOD).copied()),
            ike::PAYLOAD_CP => cp = cp.or(Some((off, body))),
            _ => {}
        }
    }
    (auth, cp)
}

/// The hash algorithm identifiers a DIGEST_INFO request lists (RFC 9464: after the
/// two fixed octets, whatever ADN Length says; draft-00: after the ADN).
fn requested_algs<'a>(a: &Attr<'a>, layout: u8) -> impl Iterator<Item = u16> + 'a {
    let list = if layout == DigestLayout::Draft00 as u8 {
        digest_parts(a, layout).map(|(_, _, after)| after)
    } else {
        a.value.get(digest_info::FIXED_LEN..)
    };
    list.unwrap_or(&[])
        .chunks_exact(digest_info::HASH_ALG_LEN)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
}

/// The hash algorithm a DIGEST_INFO reply chose.
fn reply_alg(a: &Attr, layout: u8) -> Option<u16> {
    let (_, _, after) = digest_parts(a, layout)?;
    wire::be16(after, 0..digest_info::HASH_ALG_LEN)
}

/// Takes one IKEv2 message of the SA whose state is `state`: `msg` from its IKE header,
/// `inner` the decrypted content of its SK payload, or for the last of a fragmented
/// message's Encrypted Fragment payloads the reassembled content (empty if none or
/// not decrypted).
/// `frame` is the capture frame it came in.
pub fn sa_message(
    state: &mut SaState,
    mut msg: &[u8],
    inner: &[u8],
    frame: u32,
    options: &Options,
    sink: &mut Sink,
) -> MessageResult {
    let mut r = MessageResult::default();
    let (Some(&first), Some(&flags)) = (msg.get(ike::NEXT_PAYLOAD), msg.get(ike::FLAGS)) else {
        return r;
    };
    // The message ends where its Length says (the caller may hand more: whatever the
    // frame holds after it).
    if let Some(l) = msg
        .get(ike::LENGTH)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
    {
        msg = &msg[..msg.len().min(l as usize)];
    }
    r.is_response = u8::from(flags & ike::FLAG_RESPONSE != 0);
    let outer = msg.get(ike::HEADER_LEN..).unwrap_or(&[]);

    // The AUTH and CP payloads: in the clear, in the SK payload, or in the message
    // reassembled from Encrypted Fragment payloads.
    let (mut auth, clear_cp) = find_auth_and_cp(first, outer);
    let mut cp_at = clear_cp.map(|(off, body)| (false, ike::HEADER_LEN + off, body));
    for (ptype, next, body, _) in payloads(first, outer) {
        let inner_first = match ptype {
            ike::PAYLOAD_SK => Some(next),
            ike::PAYLOAD_SKF => {
                let number = wire::be16(body, ike::SKF_NUMBER);
                if number == Some(1) {
                    state.fragment_first_payload = next;
                }
                (number.is_some() && number == wire::be16(body, ike::SKF_TOTAL))
                    .then_some(state.fragment_first_payload)
            }
            _ => None,
        };
        if let (Some(f), false) = (inner_first, inner.is_empty()) {
            let (a, c) = find_auth_and_cp(f, inner);
            auth = auth.or(a);
            cp_at = cp_at.or(c.map(|(off, body)| (true, off, body)));
        }
    }
    if let (Some(method), 1) = (auth, r.is_response) {
        state.responder_auth = method;
    }
    let Some((in_inner, offset, body)) = cp_at else {
        return r;
    };
    r.has_cp = 1;
    r.cp_in_inner = u8::from(in_inner);
    r.cp_offset = offset as u32;
    r.cp_length = body.len() as u32;
    r.cfg_type = body.first().copied().unwrap_or(0);
    let mut list = attribute_list();
    match list_attributes(body, options, &mut list) {
        Some(n) => payload_rules(
            state,
            list[..n].iter().copied(),
            body,
            frame,
            options,
            sink,
            &mut r,
        ),
        None => payload_rules(
            state,
            attributes(body, options),
            body,
            frame,
            options,
            sink,
            &mut r,
        ),
    }
    r
}

/// The rules the SA's earlier messages bring to the CP payload `body` of this one.
fn payload_rules<'a>(
    state: &mut SaState,
    attrs: impl Iterator<Item = Attr<'a>> + Clone,
    body: &[u8],
    frame: u32,
    options: &Options,
    sink: &mut Sink,
    r: &mut MessageResult,
) {
    let on = |sink: &mut Sink, code: Code, a: &Attr, value: u64| {
        sink.diag(code, ItemRef::ATTRIBUTE, a.at, a.whole.len(), value);
    };

    if r.cfg_type == cp::CFG_REQUEST && r.is_response == 0 {
        state.request_frame = frame;
        state.requested_families = attrs.clone().fold(0, |f, a| f | family(a.kind));
        state.digest_requested = 0;
        state.n_hash_algs = 0;
        for d in attrs
            .clone()
            .filter(|a| a.kind == AttrKind::EncdnsDigestInfo)
        {
            state.digest_requested = 1;
            for alg in requested_algs(&d, options.digest_layout) {
                let n = usize::from(state.n_hash_algs);
                if n < MAX_HASH_ALGS && !state.hash_algs[..n].contains(&alg) {
                    state.hash_algs[n] = alg;
                    state.n_hash_algs += 1;
                }
            }
        }
        return;
    }
    if r.cfg_type != cp::CFG_REPLY || r.is_response == 0 {
        return;
    }

    if state.request_frame != 0 {
        r.request_in = state.request_frame;
        let answered = attrs.clone().fold(0, |f, a| f | family(a.kind));
        for f in [FAMILY_IP4, FAMILY_IP6] {
            if answered & f != 0 && state.requested_families & f == 0 {
                if let Some(a) = attrs.clone().find(|a| family(a.kind) == f) {
                    on(sink, Code::ENCDNS_FAMILY_NOT_REQUESTED, &a, family_name(f));
                }
            }
            if state.requested_families & f != 0 && answered & f == 0 {
                sink.diag(
                    Code::ENCDNS_FAMILY_NOT_ANSWERED,
                    ItemRef(DIAG_ON_PAYLOAD),
                    0,
                    body.len(),
                    family_name(f),
                );
            }
        }
        let listed = &state.hash_algs[..usize::from(state.n_hash_algs)];
        if state.digest_requested != 0 && usize::from(state.n_hash_algs) < MAX_HASH_ALGS {
            for d in attrs
                .clone()
                .filter(|a| a.kind == AttrKind::EncdnsDigestInfo)
            {
                match reply_alg(&d, options.digest_layout) {
                    Some(alg) if !listed.contains(&alg) => {
                        on(sink, Code::DIGEST_HASH_ALG_NOT_REQUESTED, &d, alg.into())
                    }
                    _ => {}
                }
            }
        }
        state.request_frame = 0;
    }
    if state.responder_auth == ike::AUTH_NULL {
        if let Some(a) = attrs.clone().find(|a| family(a.kind) != 0) {
            on(
                sink,
                Code::ENCDNS_FROM_NULL_AUTH_RESPONDER,
                &a,
                ike::AUTH_NULL.into(),
            );
        }
    }
}
