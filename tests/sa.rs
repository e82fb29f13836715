// SPDX-License-Identifier: GPL-2.0-or-later
//! Rules across the messages of an IKE SA, on messages built here and handed to a
//! session as the glue hands frames: pairing, families and hash algorithms asked for
//! and answered, NULL authentication, messages inside SK and SKF payloads.

mod common;
use common::hex;
use encdns::fields::Field;
use encdns::session::{Address, EntryKind, Frame, Role, Session, Source, Span};
use encdns::Code;

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
    // A request from the original initiator, a response from the original responder.
    message_with_flags(if response { 0x20 } else { 0x08 }, 1, payloads)
}

/// A message of the SA with these header flags (I 0x08, R 0x20) and Message ID.
fn message_with_flags(flags: u8, message_id: u32, payloads: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let body = chain(payloads);
    let mut m = hex("0102030405060708 1112131415161718");
    m.extend([payloads.first().map_or(0, |p| p.0), 0x20, IKE_AUTH, flags]);
    m.extend(message_id.to_be_bytes());
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

/// What a session showed for one frame.
#[derive(Debug, Default)]
struct Shown {
    /// Expert infos of every entry, in order.
    codes: Vec<Code>,
    request_in: Option<u64>,
    reply_in: Option<u64>,
    retransmission_of: Option<u64>,
    /// Rows for the encdns tap.
    taps: usize,
    /// Their headings (the SA each row is under).
    headings: Vec<String>,
    /// (source, offset) of each attribute entry.
    attributes: Vec<(u32, u32)>,
    /// The place of each attribute entry's message among the frame's.
    messages: Vec<u32>,
}

struct Capture {
    s: Session,
    frame: u32,
}

impl Capture {
    fn new() -> Capture {
        Capture {
            s: Session::new(),
            frame: 0,
        }
    }

    /// The next frame: `msg` at offset 0 of the frame, `inner` (if any) a data source
    /// of role `role`.
    fn frame(&mut self, msg: &[u8], inner: &[u8], role: Role) -> Shown {
        let mut sources = vec![Source::new(msg, Role::Other)];
        if !inner.is_empty() {
            sources.push(Source::new(inner, role));
        }
        let whole = Span {
            source: 0,
            offset: 0,
            length: msg.len() as u32,
        };
        self.frame_with(&sources, &[whole], false)
    }

    /// The next frame: its data sources, where its messages start, whether they are
    /// quoted in an ICMP error. The tap is listened to.
    fn frame_with(&mut self, sources: &[Source], messages: &[Span], quoted: bool) -> Shown {
        self.frame += 1;
        let f = Frame {
            number: self.frame,
            record: true,
            labels: true,
            tap: true,
            sources,
            messages,
            quoted,
            certificate: None,
            src: Address::default(),
            dst: Address::default(),
        };
        let r = self.s.frame(&f);
        let mut shown = Shown::default();
        for e in r.entries() {
            if e.kind == EntryKind::Attribute as u8 {
                shown.attributes.push((e.source, e.offset));
                shown.messages.push(e.message);
            }
            for it in r.items(e) {
                if it.field == Field::RequestIn as u16 {
                    shown.request_in = Some(it.value);
                }
                if it.field == Field::ReplyIn as u16 {
                    shown.reply_in = Some(it.value);
                }
                if it.field == Field::RetransmissionOf as u16 {
                    shown.retransmission_of = Some(it.value);
                }
            }
            shown
                .codes
                .extend(r.experts(e).iter().map(|x| Code::from_u16(x.code).unwrap()));
        }
        shown.taps = r.taps().len();
        shown.headings = r
            .taps()
            .iter()
            .map(|t| r.text_at(t.heading).to_string())
            .collect();
        shown
    }

    fn take(&mut self, msg: &[u8]) -> Shown {
        self.frame(msg, &[], Role::Other)
    }
}

const IP4_EMPTY: &str = "001b0000";
const IP6_EMPTY: &str = "001c0000";
// A DoT resolver "a.exampl" (alpn=dot): nothing to say about the attribute itself.
const IP4: &str = "001b0018 0001 01 08 c0000235 612e6578616d706c 0001 0004 03646f74";
const IP6: &str =
    "001c0024 0001 01 08 20010db8000000000000000000000053 612e6578616d706c 0001 0004 03646f74";

/// The diagnostics the SA adds (the attributes have none of their own).
fn sa_codes(s: &Shown) -> Vec<Code> {
    s.codes.clone()
}

#[test]
fn messages_of_one_sa_share_its_state() {
    // Another SA's request is not this reply's.
    let mut c = Capture::new();
    let mut other = message(false, &[cp(1, IP4_EMPTY)]);
    other[0] ^= 1;
    c.take(&other);
    let r = c.take(&message(true, &[cp(2, IP4)]));
    assert_eq!(r.request_in, None);
}

#[test]
fn reply_answers_the_request() {
    let mut c = Capture::new();
    let r = c.take(&message(
        false,
        &[cp(1, &format!("{IP4_EMPTY} {IP6_EMPTY}"))],
    ));
    assert_eq!((r.request_in, r.reply_in), (None, None));
    let r = c.take(&message(true, &[auth(14), cp(2, IP4)]));
    assert_eq!(r.request_in, Some(1));
    assert_eq!(sa_codes(&r), vec![Code::ENCDNS_FAMILY_NOT_ANSWERED]);
    // Answered: a second reply is not linked again.
    let r = c.take(&message(true, &[cp(2, IP4)]));
    assert_eq!(r.request_in, None);
}

#[test]
fn only_exchanges_with_our_attributes_are_linked() {
    // INTERNAL_IP4_ADDRESS and INTERNAL_IP4_DNS only, both ways: Wireshark's business,
    // no links and nothing drawn.
    let plain_request = "00010000 00030000";
    let plain_reply = "00010004 c6336407 00030004 c6336435";
    let mut c = Capture::new();
    let r = c.take(&message(false, &[cp(1, plain_request)]));
    assert_eq!(
        (r.request_in, r.reply_in, r.attributes.len()),
        (None, None, 0)
    );
    let r = c.take(&message(true, &[cp(2, plain_reply)]));
    assert_eq!((r.request_in, r.codes.len()), (None, 0), "{r:?}");
    // A request that asked for ENCDNS_IP4 makes the exchange ours, even when the
    // reply has none (which is itself worth a note).
    let mut c = Capture::new();
    c.take(&message(
        false,
        &[cp(1, &format!("{plain_request} {IP4_EMPTY}"))],
    ));
    let r = c.take(&message(true, &[cp(2, plain_reply)]));
    assert_eq!(r.request_in, Some(1));
    assert_eq!(sa_codes(&r), vec![Code::ENCDNS_FAMILY_NOT_ANSWERED]);
    // And a reply with ours answering a plain request.
    let mut c = Capture::new();
    c.take(&message(false, &[cp(1, plain_request)]));
    let r = c.take(&message(true, &[cp(2, IP4)]));
    assert_eq!(r.request_in, Some(1));
}

#[test]
fn unrequested_family_and_algorithm() {
    let mut c = Capture::new();
    c.take(&message(
        false,
        &[cp(1, &format!("{IP4_EMPTY} 001d0004 0100 0003"))],
    ));
    let digest = "001d0005 01 00 0002 aa";
    let r = c.take(&message(true, &[cp(2, &format!("{IP4} {IP6} {digest}"))]));
    let sa: Vec<Code> = r
        .codes
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c,
                Code::ENCDNS_FAMILY_NOT_REQUESTED | Code::DIGEST_HASH_ALG_NOT_REQUESTED
            )
        })
        .collect();
    assert_eq!(
        sa,
        vec![
            Code::ENCDNS_FAMILY_NOT_REQUESTED,
            Code::DIGEST_HASH_ALG_NOT_REQUESTED
        ]
    );
    // No DIGEST_INFO in the request: its algorithms are unknown, nothing to say.
    let mut c = Capture::new();
    c.take(&message(false, &[cp(1, IP4_EMPTY)]));
    let r = c.take(&message(true, &[cp(2, &format!("{IP4} {digest}"))]));
    assert!(
        !r.codes.contains(&Code::DIGEST_HASH_ALG_NOT_REQUESTED),
        "{r:?}"
    );
}

#[test]
fn null_authenticated_responder() {
    let mut c = Capture::new();
    // The initiator's AUTH is not the responder's.
    c.take(&message(false, &[auth(13), cp(1, IP4_EMPTY)]));
    let r = c.take(&message(true, &[cp(2, IP4)]));
    assert!(
        !r.codes.contains(&Code::ENCDNS_FROM_NULL_AUTH_RESPONDER),
        "{r:?}"
    );
    let r = c.take(&message(true, &[auth(13), cp(2, IP4)]));
    assert_eq!(sa_codes(&r), vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]);
    let mut c = Capture::new();
    let r = c.take(&message(true, &[auth(14), cp(2, IP4)]));
    assert_eq!(sa_codes(&r), vec![]);
}

#[test]
fn only_messages_with_something_to_remember_keep_an_sa() {
    // Messages with neither a CP payload nor the responder's AUTH (IKE_SA_INIT,
    // CREATE_CHILD_SA, INFORMATIONAL): nothing is kept for them, not even their SA.
    let mut c = Capture::new();
    c.take(&message(false, &[]));
    c.take(&message(true, &[(40, vec![0; 32])]));
    c.take(&message(false, &[auth(2)]));
    assert_eq!(c.s.footprint().sas, 0);
    // The responder's AUTH without a CP is remembered for the CP that comes later.
    c.take(&message(true, &[auth(13)]));
    assert_eq!(c.s.footprint().sas, 1);
    let r = c.take(&message(true, &[cp(2, IP4)]));
    assert_eq!(sa_codes(&r), vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]);
    assert_eq!((c.s.footprint().sas, c.s.footprint().messages), (1, 1));

    // An SA whose responder authenticated otherwise is kept only while its request
    // waits for the reply; its reply is still linked, and a copy of it still known.
    let mut c = Capture::new();
    c.take(&message(false, &[auth(2), cp(1, "001b0000")]));
    assert_eq!(c.s.footprint().sas, 1, "the request waits");
    let reply = message(true, &[auth(2), cp(2, IP4)]);
    let r = c.take(&reply);
    assert_eq!(r.request_in, Some(1));
    assert_eq!(c.s.footprint().sas, 0, "answered: nothing left to remember");
    let again = c.take(&reply);
    assert_eq!(again.retransmission_of, Some(2));
    assert_eq!((c.s.footprint().sas, c.s.footprint().messages), (0, 3));
}

#[test]
fn payloads_inside_a_decrypted_sk_payload() {
    // The SK payload names the first inner payload; the inner buffer holds them (as
    // a plaintext, no longer than the SK payload's body: IV and ICV come off).
    let inner = chain(&[auth(13), cp(2, IP4)]);
    let mut msg = message(true, &[(SK, vec![0u8; inner.len() + 16])]);
    msg[28] = AUTH; // the SK payload's Next Payload: the first inner payload
    let mut c = Capture::new();
    let r = c.frame(&msg, &inner, Role::Decrypted);
    // The attribute is in the inner source, after AUTH (4 + 6) and the CP headers.
    assert_eq!(r.attributes, vec![(1, 10 + 4 + 4)]);
    assert_eq!(sa_codes(&r), vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]);
    // Without the decrypted buffer nothing inside is seen.
    let r = Capture::new().take(&msg);
    assert_eq!(r.attributes, vec![]);
}

#[test]
fn hostile_messages_do_not_panic() {
    let mut rng = common::Rng(0x5eed);
    let mut c = Capture::new();
    let mut shown = 0;
    for _ in 0..20_000 {
        let len = rng.below(120);
        let mut m: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if m.len() > 28 {
            m[16] = [CP, SK, AUTH][rng.below(3)];
            m[17] = 0x20;
        }
        let inner: Vec<u8> = (0..rng.below(60)).map(|_| rng.next() as u8).collect();
        let r = c.frame(&m, &inner, Role::Decrypted);
        for (source, offset) in &r.attributes {
            let len = if *source == 0 { m.len() } else { inner.len() };
            assert!((*offset as usize) < len);
            shown += 1;
        }
    }
    assert!(shown > 0, "the messages must reach the attributes");
}

#[test]
fn fragmented_message_is_read_when_complete() {
    // RFC 7383: fragment 1 names the first inner payload; the last fragment's frame
    // carries the reassembled message.
    const SKF: u8 = 53;
    let mut c = Capture::new();
    c.take(&message(false, &[cp(1, IP4_EMPTY)]));
    let mut first = message(true, &[(SKF, vec![0, 1, 0, 2, 0xaa])]);
    first[28] = CP; // fragment 1's Next Payload: the first inner payload
    let r = c.take(&first);
    assert_eq!(r.attributes, vec![]);
    let last = message(true, &[(SKF, vec![0, 2, 0, 2, 0xbb])]);
    let reassembled = chain(&[cp(2, IP4)]);
    let r = c.frame(&last, &reassembled, Role::Reassembled);
    assert_eq!((r.attributes.len(), r.request_in), (1, Some(1)));
}

#[test]
fn every_look_at_a_frame_shows_the_same() {
    // A later look (record: false) is drawn from what the first one recorded.
    let mut c = Capture::new();
    let request = message(false, &[cp(1, IP4_EMPTY)]);
    c.take(&request);
    let reply = message(true, &[cp(2, IP4)]);
    let first = c.take(&reply);
    let sources = [Source::new(&reply, Role::Other)];
    let again = Frame {
        number: 2,
        record: false,
        labels: true,
        tap: false,
        sources: &sources,
        messages: &[],
        quoted: false,
        certificate: None,
        src: Address::default(),
        dst: Address::default(),
    };
    let r = c.s.frame(&again);
    assert_eq!(r.entries().len(), 2, "the payload's link and the attribute");
    assert_eq!(first.request_in, Some(1));
    // Handed no message (a tree nobody shows fakes isakmp's items), a later look still
    // gives the tap the rows the first one gave, under the same SA heading.
    let r = c.s.frame(&Frame { tap: true, ..again });
    let headings: Vec<&str> = r.taps().iter().map(|t| r.text_at(t.heading)).collect();
    assert_eq!(headings, first.headings);
    assert!(first.taps > 0 && first.headings[0].starts_with("IKE SA "));
    // And the request, looked at again, knows its reply now.
    let sources = [Source::new(&request, Role::Other)];
    let r = c.s.frame(&Frame {
        number: 1,
        sources: &sources,
        ..again
    });
    let links: Vec<u64> = r
        .entries()
        .iter()
        .flat_map(|e| r.items(e))
        .filter(|it| it.field == Field::ReplyIn as u16)
        .map(|it| it.value)
        .collect();
    assert_eq!(links, vec![2]);
}

#[test]
fn a_retransmission_shows_what_its_original_shows_and_counts_once() {
    let mut c = Capture::new();
    let request = message(false, &[cp(1, IP4_EMPTY)]);
    let reply = message(true, &[auth(13), cp(2, IP4)]);
    let first = c.take(&request); // 1
    let copy = c.take(&request); // 2: sent again before the reply came
    assert_eq!((copy.retransmission_of, copy.taps), (Some(1), 0));
    let answer = c.take(&reply); // 3
    assert_eq!(
        answer.request_in,
        Some(1),
        "the reply answers the first request"
    );
    assert_eq!(
        sa_codes(&answer),
        vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER]
    );
    let again = c.take(&reply); // 4
    assert_eq!(
        (again.request_in, again.retransmission_of),
        (Some(1), Some(3))
    );
    assert_eq!(
        sa_codes(&again),
        sa_codes(&answer),
        "the copy has the SA's findings too"
    );
    assert_eq!(again.taps, 0, "the tap counts the exchange once");
    assert!(first.taps > 0 && answer.taps > 0);
    // Every copy of the request links to the reply, whichever a user opens.
    let request_copy = c.s.frame(&Frame {
        number: 2,
        record: false,
        labels: true,
        tap: false,
        sources: &[Source::new(&request, Role::Other)],
        messages: &[],
        quoted: false,
        certificate: None,
        src: Address::default(),
        dst: Address::default(),
    });
    let links: Vec<(u16, u64)> = request_copy
        .entries()
        .iter()
        .flat_map(|e| request_copy.items(e))
        .map(|it| (it.field, it.value))
        .filter(|(f, _)| *f == Field::ReplyIn as u16 || *f == Field::RetransmissionOf as u16)
        .collect();
    assert_eq!(
        links,
        vec![
            (Field::ReplyIn as u16, 3),
            (Field::RetransmissionOf as u16, 1)
        ]
    );
    // A message with other octets (another Message ID) is no copy.
    let next = c.take(&message_with_flags(0x08, 2, &[cp(1, IP4_EMPTY)]));
    assert_eq!(next.retransmission_of, None);
}

#[test]
fn a_gateway_pushes_resolvers_with_cfg_set() {
    // The original responder (I flag clear) sends a CFG_SET in a request; the original
    // initiator (I flag set) acknowledges in its response.
    let mut c = Capture::new();
    c.take(&message(true, &[auth(13), cp(2, IP4)])); // the responder's IKE_AUTH reply
    let set = c.take(&message_with_flags(0x00, 7, &[cp(3, IP4)]));
    assert_eq!(
        sa_codes(&set),
        vec![Code::ENCDNS_FROM_NULL_AUTH_RESPONDER],
        "pushed resolvers of a NULL-authenticated responder"
    );
    let ack = c.take(&message_with_flags(0x28, 7, &[cp(4, IP4_EMPTY)]));
    assert_eq!(ack.request_in, Some(2));
    // A CFG_SET from the initiator's side says nothing about the responder.
    let own = c.take(&message_with_flags(0x08, 8, &[cp(3, IP4)]));
    assert_eq!(sa_codes(&own), vec![]);
}

#[test]
fn a_message_quoted_in_an_icmp_error_is_shown_but_not_the_sas() {
    let mut c = Capture::new();
    let request = message(false, &[cp(1, IP4_EMPTY)]);
    c.take(&request); // 1
    let sources = [Source::new(&request, Role::Other)];
    let whole = Span {
        source: 0,
        offset: 0,
        length: request.len() as u32,
    };
    let quoted = c.frame_with(&sources, &[whole], true); // 2: port unreachable, quoting 1
    assert_eq!(quoted.attributes.len(), 1, "its attributes are shown");
    assert_eq!(quoted.codes, vec![Code::QUOTED_IN_ICMP_ERROR]);
    assert_eq!((quoted.retransmission_of, quoted.taps), (None, 0));
    let reply = c.take(&message(true, &[cp(2, IP4)])); // 3
    assert_eq!(reply.request_in, Some(1));
}

/// A frame holding `first` and `second` back to back, and where each starts (the
/// first's span runs to the frame's end, as isakmp's item for it does).
fn back_to_back(first: &[u8], second: &[u8]) -> (Vec<u8>, [Span; 2]) {
    let mut frame = first.to_vec();
    frame.extend(second);
    let spans = [
        Span {
            source: 0,
            offset: 0,
            length: frame.len() as u32,
        },
        Span {
            source: 0,
            offset: first.len() as u32,
            length: second.len() as u32,
        },
    ];
    (frame, spans)
}

/// The frame's data sources: the frame, then one "Decrypted Data" per `decrypted`.
fn with_decrypted<'a>(frame: &'a [u8], decrypted: &[&'a [u8]]) -> Vec<Source<'a>> {
    let mut sources = vec![Source::new(frame, Role::Other)];
    sources.extend(decrypted.iter().map(|d| Source::new(d, Role::Decrypted)));
    sources
}

#[test]
fn two_messages_of_one_frame_read_their_own_decrypted_data() {
    // Two SK-protected messages back to back (a stream carries several), each with
    // its "Decrypted Data" source, in the order Wireshark adds them.
    let inner1 = chain(&[cp(1, IP4_EMPTY)]);
    let inner2 = chain(&[cp(1, &format!("{IP4_EMPTY} {IP6_EMPTY} {IP4_EMPTY}"))]);
    let sk = |inner: &[u8], id: u32| {
        let mut m = message_with_flags(0x08, id, &[(SK, vec![0u8; inner.len() + 16])]);
        m[28] = CP; // the SK payload's Next Payload
        m
    };
    let (m1, m2) = (sk(&inner1, 1), sk(&inner2, 2));
    let (frame, spans) = back_to_back(&m1, &m2);
    let sources = with_decrypted(&frame, &[&inner1, &inner2]);
    let mut c = Capture::new();
    let r = c.frame_with(&sources, &spans, false);
    // One attribute from the first source, two from the second: offsets past the CP
    // payload header (4) and the CFG type and reserved octets (4).
    assert_eq!(r.attributes, vec![(1, 8), (2, 8), (2, 12), (2, 16)]);
    assert_eq!(r.messages, vec![0, 1, 1, 1]);
    // If Wireshark could not decrypt the first, the second's data is not the first's:
    // too long for its SK payload.
    let short = sk(&[], 1);
    let (frame, spans) = back_to_back(&short, &m2);
    let sources = with_decrypted(&frame, &[&inner2]);
    let r = Capture::new().frame_with(&sources, &spans, false);
    assert_eq!(r.attributes, vec![(1, 8), (1, 12), (1, 16)]);
    assert_eq!(r.messages, vec![1, 1, 1]);
}
