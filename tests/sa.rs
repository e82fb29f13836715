// SPDX-License-Identifier: GPL-2.0-or-later
//! Rules across the messages of an IKE SA, on messages built here: pairing, families
//! and hash algorithms asked for and answered, NULL authentication.

mod common;
use common::hex;
use encdns::sa::{sa_key, sa_message, MessageResult, SaState};
use encdns::{Code, Diag, Options, Sink};

const AUTH: u8 = 39;
const SK: u8 = 46;
const CP: u8 = 47;
const IKE_AUTH: u8 = 35;

/// Payloads chained: (type, body).
fn chain(payloads: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (_, body)) in payloads.iter().enumerate() {
        let next = payloads.get(i + 1).map_or(0, |p| p.0);
        out.extend([next, 0]);
        out.extend(((body.len() + 4) as u16).to_be_bytes());
        out.extend(body);
    }
    out
}

fn message(response: bool, payloads: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let body = chain(payloads);
    let mut m = hex("0102030405060708 1112131415161718");
    m.extend([
        payloads.first().map_or(0, |p| p.0),
        0x20,
        IKE_AUTH,
        if response { 0x20 } else { 0x08 },
    ]);
    m.extend(1u32.to_be_bytes());
    m.extend(((28 + body.len()) as u32).to_be_bytes());
    m.extend(body);
    m
}

fn cp(cfg: u8, attrs: &str) -> (u8, Vec<u8>) {
    let mut b = vec![cfg, 0, 0, 0];
    b.extend(hex(attrs));
    (CP, b)
}

fn auth(method: u8) -> (u8, Vec<u8>) {
    (AUTH, vec![method, 0, 0, 0, 0xaa, 0xbb])
}

fn take(state: &mut SaState, msg: &[u8], inner: &[u8], frame: u32) -> (MessageResult, Vec<Code>) {
    let mut diags = [Diag::default(); 16];
    let mut sink = Sink::new(&mut [], &mut diags);
    let r = sa_message(state, msg, inner, frame, &Options::default(), &mut sink);
    let n = sink.counts().1;
    (
        r,
        diags[..n]
            .iter()
            .map(|d| Code::from_u16(d.code).unwrap())
            .collect(),
    )
}

const IP4_EMPTY: &str = "001b0000";
const IP6_EMPTY: &str = "001c0000";
const IP4: &str = "001b0010 0001 01 08 c0000235 612e6578616d706c";
const IP6: &str = "001c001c 0001 01 08 20010db8000000000000000000000053 612e6578616d706c";

#[test]
fn key_is_the_spis() {
    let m = message(false, &[cp(1, IP4_EMPTY)]);
    assert_eq!(
        sa_key(&m).unwrap().to_vec(),
        hex("0102030405060708 1112131415161718")
    );
    assert_eq!(sa_key(&m[..10]), None);
}

#[test]
fn reply_answers_the_request() {
    let mut s = SaState::default();
    let (r, d) = take(
        &mut s,
        &message(false, &[cp(1, &format!("{IP4_EMPTY} {IP6_EMPTY}"))]),
        &[],
        3,
    );
    assert_eq!((r.has_cp, r.cfg_type, r.request_in, d), (1, 1, 0, vec![]));
    assert_eq!(s.request_frame, 3);
    let (r, d) = take(&mut s, &message(true, &[auth(14), cp(2, IP4)]), &[], 4);
    assert_eq!(r.request_in, 3);
    assert_eq!(d, vec![Code::ENCDNS_FAMILY_NOT_ANSWERED]);
    // Answered: a second reply is not linked again.
    let (r, _) = take(&mut s, &message(true, &[cp(2, IP4)]), &[], 5);
    assert_eq!(r.request_in, 0);
}

#[test]
fn unrequested_family_and_algorithm() {
    let mut s = SaState::default();
    take(
        &mut s,
        &message(false, &[cp(1, &format!("{IP4_EMPTY} 001d0004 0100 0003"))]),
        &[],
        1,
    );
    let digest = "001d0005 01 00 0002 aa";
    let (_, d) = take(
        &mut s,
        &message(true, &[cp(2, &format!("{IP4} {IP6} {digest}"))]),
        &[],
        2,
    );
    assert_eq!(
        d,
        vec![
            Code::ENCDNS_FAMILY_NOT_REQUESTED,
            Code::DIGEST_HASH_ALG_NOT_REQUESTED
        ]
    );
    // No DIGEST_INFO in the request: its algorithms are unknown, nothing to say.
    let mut s = SaState::default();
    take(&mut s, &message(false, &[cp(1, IP4_EMPTY)]), &[], 1);
    let (_, d) = take(
        &mut s,
        &message(true, &[cp(2, &format!("{IP4} {digest}"))]),
        &[],
        2,
    );
    assert_eq!(d, vec![]);
}

#[test]
fn null_authenticated_responder() {
    let mut s = SaState::default();
    take(
        &mut s,
        &message(false, &[auth(13), cp(1, IP4_EMPTY)]),
        &[],
        1,
    );
    assert_eq!(
        s.responder_auth, 0,
        "the initiator's AUTH is not the responder's"
    );
    let (_, d) = take(&mut s, &message(true, &[auth(13), cp(2, IP4)]), &[], 2);
    assert_eq!(d, vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]);
    let mut s = SaState::default();
    let (_, d) = take(&mut s, &message(true, &[auth(14), cp(2, IP4)]), &[], 2);
    assert_eq!(d, vec![]);
}

#[test]
fn payloads_inside_a_decrypted_sk_payload() {
    // The SK payload names the first inner payload; the inner buffer holds them.
    let inner = chain(&[auth(13), cp(2, IP4)]);
    let mut msg = message(true, &[(SK, vec![0u8; 8])]);
    msg[28] = AUTH; // the SK payload's Next Payload: the first inner payload
    let mut s = SaState::default();
    let (r, d) = take(&mut s, &msg, &inner, 9);
    assert_eq!((r.has_cp, r.cp_in_inner, r.cp_offset), (1, 1, 10 + 4));
    assert_eq!(s.responder_auth, 13);
    assert_eq!(d, vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]);
    // Without the decrypted buffer nothing inside is seen.
    let (r, _) = take(&mut SaState::default(), &msg, &[], 9);
    assert_eq!(r.has_cp, 0);
}

#[test]
fn hostile_messages_do_not_panic() {
    let mut rng = common::Rng(0x5eed);
    for _ in 0..20_000 {
        let len = rng.below(120);
        let mut m: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if m.len() > 28 {
            m[16] = [CP, SK, AUTH][rng.below(3)];
        }
        let inner: Vec<u8> = (0..rng.below(60)).map(|_| rng.next() as u8).collect();
        let mut s = SaState::default();
        let (r, _) = take(&mut s, &m, &inner, 1);
        if r.has_cp == 1 {
            let buf = if r.cp_in_inner == 1 { &inner } else { &m };
            assert!((r.cp_offset + r.cp_length) as usize <= buf.len());
        }
    }
}

#[test]
fn fragmented_message_is_read_when_complete() {
    // RFC 7383: fragment 1 names the first inner payload; the last fragment's frame
    // carries the reassembled message.
    const SKF: u8 = 53;
    let mut s = SaState::default();
    take(&mut s, &message(false, &[cp(1, IP4_EMPTY)]), &[], 1);
    let mut first = message(true, &[(SKF, vec![0, 1, 0, 2, 0xaa])]);
    first[28] = CP; // fragment 1's Next Payload: the first inner payload
    let (r, _) = take(&mut s, &first, &[], 2);
    assert_eq!((r.has_cp, s.fragment_first_payload), (0, CP));
    let last = message(true, &[(SKF, vec![0, 2, 0, 2, 0xbb])]);
    let reassembled = chain(&[cp(2, IP4)]);
    let (r, _) = take(&mut s, &last, &reassembled, 3);
    assert_eq!(
        (r.has_cp, r.cp_in_inner, r.cfg_type, r.request_in),
        (1, 1, 2, 1)
    );
}
