//! What an IKE SA's messages say together (RFC 9464 §4, §6): a CFG_REPLY
//! answers the CFG_REQUEST before it (and a CFG_ACK the CFG_SET), a reply should
//! answer what was asked, and a responder that authenticated with NULL
//! authentication should not be trusted with resolvers. Messages come in capture
//! order; the SA's roles are its original initiator's and responder's (the I flag),
//! whichever side sends a request.

use crate::cp_rules::{attribute_list, attributes, digest_parts, list_attributes, Attr};
use crate::diag::Finding;
use crate::ike::Header;
use crate::options::{AttrKind, Options};
use crate::sink::{On, Report};
use crate::wire::{self, cp, digest_info, ike};

/// Hash algorithms remembered from a request (RFC 9464 requests list a few); a reply
/// to a request that listed more is not checked against the list.
pub(crate) const MAX_HASH_ALGS: usize = 6;

const FAMILY_IP4: u8 = 1;
const FAMILY_IP6: u8 = 2;

/// Per IKE SA, between messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SaState {
    /// Frame of the CFG_REQUEST not answered yet (0: none).
    request_frame: u32,
    /// Frame of the CFG_SET not acknowledged yet (0: none).
    set_frame: u32,
    /// ENCDNS_IP4 (1) / ENCDNS_IP6 (2) asked for by that request.
    requested_families: u8,
    /// That request carried an ENCDNS_DIGEST_INFO (so its algorithms are known).
    digest_requested: bool,
    /// The responder's AUTH method, once seen (0: not yet).
    pub responder_auth: u8,
    n_hash_algs: u8,
    hash_algs: [u16; MAX_HASH_ALGS],
    /// The first inner payload of the fragmented message being received (RFC 7383:
    /// only the first fragment names it; the reassembled message is read with it).
    pub fragment_first_payload: u8,
}

fn family(kind: AttrKind) -> u8 {
    match kind {
        AttrKind::EncdnsIp4 => FAMILY_IP4,
        AttrKind::EncdnsIp6 => FAMILY_IP6,
        _ => 0,
    }
}

fn family_name(f: u8) -> u8 {
    if f == FAMILY_IP4 {
        4
    } else {
        6
    }
}

/// The hash algorithm identifiers a DIGEST_INFO request lists (RFC 9464: after the
/// two fixed octets, whatever ADN Length says; draft-00: after the ADN).
fn requested_algs<'a>(a: &Attr<'a>, layout: u8) -> impl Iterator<Item = u16> + 'a {
    let list = if layout == crate::options::DigestLayout::Draft00 as u8 {
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

impl SaState {
    /// Nothing to remember: no request or set waits for its answer, no fragmented
    /// message is being received, the responder did not authenticate with NULL. The
    /// session keeps no state for such an SA (most SAs, once their CP exchange is done).
    pub fn idle(&self) -> bool {
        self.request_frame == 0
            && self.set_frame == 0
            && self.fragment_first_payload == 0
            && self.responder_auth != ike::AUTH_NULL
    }
}

/// The Configuration payload `body` of a message (header `h`) of the SA, in frame
/// `frame`: the rules the SA's earlier messages bring to it go to `out` (on an
/// attribute: its offset in the body; on the payload: `On::Payload`). Returns, for a
/// CFG_REPLY, the frame of the CFG_REQUEST it answers, for a CFG_ACK the CFG_SET's
/// (0: none seen).
pub(crate) fn cp_message(
    state: &mut SaState,
    h: &Header,
    body: &[u8],
    frame: u32,
    options: &Options,
    out: &mut impl Report,
) -> u32 {
    let cfg = body.first().copied().unwrap_or(0);
    let mut list = attribute_list();
    match list_attributes(body, options, &mut list) {
        Some(n) => payload_rules(
            state,
            cfg,
            h,
            list[..n].iter().copied(),
            body,
            frame,
            options,
            out,
        ),
        None => payload_rules(
            state,
            cfg,
            h,
            attributes(body, options),
            body,
            frame,
            options,
            out,
        ),
    }
}

/// A finding on attribute `a`.
fn on(out: &mut impl Report, finding: Finding, a: &Attr) {
    out.diag(finding, On::Attribute, a.at, a.whole.len());
}

#[allow(clippy::too_many_arguments)]
fn payload_rules<'a>(
    state: &mut SaState,
    cfg: u8,
    h: &Header,
    attrs: impl Iterator<Item = Attr<'a>> + Clone,
    body: &[u8],
    frame: u32,
    options: &Options,
    out: &mut impl Report,
) -> u32 {
    let is_response = h.is_response();
    let request_in = match (cfg, is_response) {
        (cp::CFG_REQUEST, false) => {
            record_request(state, attrs.clone(), frame, options);
            0
        }
        (cp::CFG_REPLY, true) => {
            let request_in = state.request_frame;
            if request_in != 0 {
                reply_rules(state, attrs.clone(), body, options, out);
            }
            state.request_frame = 0;
            request_in
        }
        (cp::CFG_SET, false) => {
            state.set_frame = frame;
            0
        }
        (cp::CFG_ACK, true) => core::mem::take(&mut state.set_frame),
        _ => 0,
    };
    // Resolvers the original responder gives, in a reply or pushed in a CFG_SET.
    let from_responder = !h.from_initiator()
        && ((cfg == cp::CFG_REPLY && is_response) || (cfg == cp::CFG_SET && !is_response));
    if from_responder && state.responder_auth == ike::AUTH_NULL {
        if let Some(a) = attrs.clone().find(|a| family(a.kind) != 0) {
            let method = ike::AUTH_NULL;
            on(out, Finding::ENCDNS_FROM_NULL_AUTH_RESPONDER { method }, &a);
        }
    }
    request_in
}

/// A CFG_REQUEST: what the reply will be held to.
fn record_request<'a>(
    state: &mut SaState,
    attrs: impl Iterator<Item = Attr<'a>> + Clone,
    frame: u32,
    options: &Options,
) {
    state.request_frame = frame;
    state.requested_families = attrs.clone().fold(0, |f, a| f | family(a.kind));
    state.digest_requested = false;
    state.n_hash_algs = 0;
    for d in attrs.filter(|a| a.kind == AttrKind::EncdnsDigestInfo) {
        state.digest_requested = true;
        for alg in requested_algs(&d, options.digest_layout) {
            let n = usize::from(state.n_hash_algs);
            if n < MAX_HASH_ALGS && !state.hash_algs[..n].contains(&alg) {
                state.hash_algs[n] = alg;
                state.n_hash_algs += 1;
            }
        }
    }
}

/// A CFG_REPLY against the request it answers: the families and hash algorithm asked.
fn reply_rules<'a>(
    state: &SaState,
    attrs: impl Iterator<Item = Attr<'a>> + Clone,
    body: &[u8],
    options: &Options,
    out: &mut impl Report,
) {
    let answered = attrs.clone().fold(0, |f, a| f | family(a.kind));
    for f in [FAMILY_IP4, FAMILY_IP6] {
        if answered & f != 0 && state.requested_families & f == 0 {
            if let Some(a) = attrs.clone().find(|a| family(a.kind) == f) {
                let family = family_name(f);
                on(out, Finding::ENCDNS_FAMILY_NOT_REQUESTED { family }, &a);
            }
        }
        if state.requested_families & f != 0 && answered & f == 0 {
            let family = family_name(f);
            let finding = Finding::ENCDNS_FAMILY_NOT_ANSWERED { family };
            out.diag(finding, On::Payload, 0, body.len());
        }
    }
    let listed = &state.hash_algs[..usize::from(state.n_hash_algs)];
    if state.digest_requested && usize::from(state.n_hash_algs) < MAX_HASH_ALGS {
        for d in attrs.filter(|a| a.kind == AttrKind::EncdnsDigestInfo) {
            match reply_alg(&d, options.digest_layout) {
                Some(alg) if !listed.contains(&alg) => {
                    on(out, Finding::DIGEST_HASH_ALG_NOT_REQUESTED { alg }, &d)
                }
                _ => {}
            }
        }
    }
}
