// SPDX-License-Identifier: GPL-2.0-or-later
//! Digests claimed in CFG_REPLYs against the certificates resolvers send in TLS
//! handshakes, through a session as the glue drives it: which claim a certificate is
//! checked against, what each frame shows, and that a claim made again and again is
//! kept once (so a capture of many clients costs each certificate the same).

mod common;
use common::hex;
use encdns::fields::Field;
use encdns::session::{Address, EntryKind, Frame, Role, Session, Source, Span};
use encdns::Code;

const CERT_PEM: &str = include_str!("data/dot-example-net.crt");
const SPKI_SHA256: &str = include_str!("data/dot-example-net.spki-sha256");
const RESOLVER: [u8; 4] = [192, 0, 2, 53];

fn certificate() -> Vec<u8> {
    let mut der = vec![0u8; 4096];
    let n = encdns::spki::pem_to_der(CERT_PEM.as_bytes(), &mut der).unwrap();
    der.truncate(n);
    der
}

/// An IKE_AUTH response with a CFG_REPLY: dot.example.net at 192.0.2.53 (DoT), and an
/// ENCDNS_DIGEST_INFO with `digest` (SHA2-256).
/// A CFG_REPLY of the IKE SA whose initiator SPI starts with `spi`.
fn reply(spi: u32, digest: &[u8]) -> Vec<u8> {
    let mut attrs =
        hex("001b001f 0001 01 0f c0000235 646f742e6578616d706c652e6e6574 0001 0004 03646f74");
    attrs.extend([
        0x00,
        0x1d,
        0x00,
        4 + digest.len() as u8,
        0x01,
        0x00,
        0x00,
        0x02,
    ]);
    attrs.extend(digest);
    let mut cp = vec![0, 0, 0, 0, 2, 0, 0, 0];
    cp.extend(&attrs);
    let len = cp.len() as u16;
    cp[2..4].copy_from_slice(&len.to_be_bytes());
    let mut m = spi.to_be_bytes().to_vec();
    m.extend([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    m.extend([47, 0x20, 35, 0x20, 0, 0, 0, 1]);
    m.extend(((28 + cp.len()) as u32).to_be_bytes());
    m.extend(cp);
    m
}

struct Capture {
    s: Session,
    frame: u32,
}

/// What a frame showed: its entries' kinds, (field, value) items and codes.
#[derive(Debug, Default)]
struct Shown {
    kinds: Vec<u8>,
    items: Vec<(u16, u64)>,
    codes: Vec<Code>,
}

impl Capture {
    fn frame(&mut self, bytes: &[u8], ike: bool, src: [u8; 4]) -> Shown {
        self.frame += 1;
        let sources = [Source {
            bytes,
            role: Role::Other,
        }];
        let whole = Span {
            source: 0,
            offset: 0,
            length: bytes.len() as u32,
        };
        let f = Frame {
            number: self.frame,
            record: true,
            labels: false,
            tap: false,
            sources: &sources,
            messages: if ike { &[whole][..] } else { &[] },
            quoted: false,
            certificate: (!ike).then_some(whole),
            src: Address::from_octets(&src).unwrap(),
            dst: Address::from_octets(&[192, 0, 2, 1]).unwrap(),
        };
        let r = self.s.frame(&f);
        let mut shown = Shown::default();
        for e in r.entries() {
            shown.kinds.push(e.kind);
            shown
                .items
                .extend(r.items(e).iter().map(|it| (it.field, it.value)));
            shown
                .codes
                .extend(r.experts(e).iter().map(|x| Code::from_u16(x.code).unwrap()));
        }
        shown
    }
}

fn digest_from_hex(s: &str) -> Vec<u8> {
    hex(s.trim())
}

#[test]
fn a_certificate_is_checked_against_the_claim_it_matches() {
    let right = digest_from_hex(SPKI_SHA256);
    let mut wrong = right.clone();
    wrong[0] ^= 0xff;
    let cert = certificate();
    let mut c = Capture {
        s: Session::new(),
        frame: 0,
    };
    c.frame(&reply(1, &right), true, [192, 0, 2, 2]); // frame 1
    c.frame(&reply(2, &wrong), true, [192, 0, 2, 2]); // frame 2, newer but wrong
    let shown = c.frame(&cert, false, RESOLVER); // frame 3
    assert_eq!(shown.kinds, vec![EntryKind::Certificate as u8]);
    assert!(shown.items.contains(&(Field::DigestClaimedIn as u16, 1)));
    assert!(shown.items.contains(&(Field::DigestMatch as u16, 1)));
    assert_eq!(shown.codes, vec![Code::DIGEST_MATCHES_CERTIFICATE]);
    // Another server's certificate is nobody's claim.
    let shown = c.frame(&cert, false, [192, 0, 2, 99]);
    assert!(shown.kinds.is_empty());
}

#[test]
fn a_wrong_digest_claimed_by_every_client_is_kept_once() {
    let mut wrong = digest_from_hex(SPKI_SHA256);
    wrong[31] ^= 1;
    let cert = certificate();
    let mut c = Capture {
        s: Session::new(),
        frame: 0,
    };
    for client in 0..2000u32 {
        // Each client its own IKE SA, a CFG_REPLY with the stale digest, then a TLS
        // connection to the resolver.
        c.frame(&reply(client, &wrong), true, [192, 0, 2, 2]);
        let shown = c.frame(&cert, false, RESOLVER);
        assert_eq!(
            shown.codes,
            vec![Code::DIGEST_CERTIFICATE_MISMATCH],
            "client {client}"
        );
        // Checked against the claim made just before it.
        assert!(shown
            .items
            .contains(&(Field::DigestClaimedIn as u16, u64::from(c.frame - 1))));
    }
    let f = c.s.footprint();
    assert_eq!((f.claims, f.certificate_checks), (1, 2000));
}

#[test]
fn the_digest_info_links_to_the_certificate_checked_after_it() {
    let right = digest_from_hex(SPKI_SHA256);
    let cert = certificate();
    let mut c = Capture {
        s: Session::new(),
        frame: 0,
    };
    let msg = reply(7, &right);
    c.frame(&msg, true, [192, 0, 2, 2]); // frame 1
    c.frame(&cert, false, RESOLVER); // frame 2
                                     // A later look at frame 1 shows where its digest was checked, and how.
    let sources = [Source {
        bytes: &msg,
        role: Role::Other,
    }];
    let r = c.s.frame(&Frame {
        number: 1,
        record: false,
        labels: false,
        tap: false,
        sources: &sources,
        messages: &[],
        quoted: false,
        certificate: None,
        src: Address::default(),
        dst: Address::default(),
    });
    let items: Vec<(u16, u64)> = r
        .entries()
        .iter()
        .flat_map(|e| r.items(e).iter().map(|it| (it.field, it.value)))
        .collect();
    assert!(
        items.contains(&(Field::DigestCheckedIn as u16, 2)),
        "{items:?}"
    );
    assert!(items.contains(&(Field::DigestMatch as u16, 1)), "{items:?}");
}
