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
// Made with the gostcrypto Python package, an implementation independent of ours.
const SPKI_STREEBOG256: &str = include_str!("data/dot-example-net.spki-streebog256");
const SPKI_STREEBOG512: &str = include_str!("data/dot-example-net.spki-streebog512");
const KEY_PEM: &str = include_str!("data/dot-example-net.key");
const RESOLVER: [u8; 4] = [192, 0, 2, 53];

fn certificate() -> Vec<u8> {
    let block = encdns::pem::blocks(CERT_PEM.as_bytes()).next().unwrap();
    block.decode().unwrap()
}

/// An IKE_AUTH response with a CFG_REPLY: dot.example.net at 192.0.2.53 (DoT), and an
/// ENCDNS_DIGEST_INFO with `digest` (SHA2-256).
/// A CFG_REPLY of the IKE SA whose initiator SPI starts with `spi`.
fn reply(spi: u32, digest: &[u8]) -> Vec<u8> {
    reply_with(spi, 2, digest)
}

/// The same with a digest of IKEv2 hash algorithm `alg`.
fn reply_with(spi: u32, alg: u16, digest: &[u8]) -> Vec<u8> {
    let mut attrs =
        hex("001b001f 0001 01 0f c0000235 646f742e6578616d706c652e6e6574 0001 0004 03646f74");
    attrs.extend([0x00, 0x1d, 0x00, 4 + digest.len() as u8, 0x01, 0x00]);
    attrs.extend(alg.to_be_bytes());
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
        let sources = [Source::new(bytes, Role::Other)];
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
    let sources = [Source::new(&msg, Role::Other)];
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

fn capture() -> Capture {
    Capture {
        s: Session::new(),
        frame: 0,
    }
}

fn has_item(shown: &Shown, field: Field) -> Option<u64> {
    shown
        .items
        .iter()
        .find(|(f, _)| *f == field as u16)
        .map(|(_, v)| *v)
}

#[test]
fn streebog_digests_are_checked_like_the_sha_family() {
    let cert = certificate();
    for (alg, right) in [(6u16, SPKI_STREEBOG256), (7, SPKI_STREEBOG512)] {
        let right = digest_from_hex(right);
        let mut wrong = right.clone();
        wrong.reverse();
        let mut c = capture();
        c.frame(&reply_with(1, alg, &wrong), true, [192, 0, 2, 2]);
        let shown = c.frame(&cert, false, RESOLVER);
        assert_eq!(
            shown.codes,
            vec![Code::DIGEST_CERTIFICATE_MISMATCH],
            "{alg}"
        );
        assert_eq!(has_item(&shown, Field::DigestMatch), Some(0));
        c.frame(&reply_with(2, alg, &right), true, [192, 0, 2, 2]);
        let shown = c.frame(&cert, false, RESOLVER);
        assert_eq!(shown.codes, vec![Code::DIGEST_MATCHES_CERTIFICATE], "{alg}");
        assert_eq!(has_item(&shown, Field::DigestMatch), Some(1));
        assert_eq!(has_item(&shown, Field::DigestClaimedIn), Some(3));
    }
}

#[test]
fn a_digest_that_cannot_be_checked_has_no_verdict() {
    // Hash algorithm 9 is unassigned: no verdict, so `encdns.digest.match` is absent
    // (a filter for mismatches must not find it), and a note says why.
    let cert = certificate();
    let mut c = capture();
    c.frame(&reply_with(1, 9, &[0x55; 32]), true, [192, 0, 2, 2]);
    let shown = c.frame(&cert, false, RESOLVER);
    assert_eq!(shown.codes, vec![Code::DIGEST_NOT_CHECKABLE]);
    assert_eq!(has_item(&shown, Field::DigestMatch), None);
    assert_eq!(has_item(&shown, Field::DigestClaimedIn), Some(1));
}

/// A file of its own under the target directory, for the preference rows.
fn file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("certificates");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn configured_files_are_read_by_pem_label_and_every_row_is_accounted_for() {
    use encdns::session::LoadStatus;
    // The private key (and EC parameters) before the certificate, 76-column lines,
    // CR LF: still the certificate's key.
    let cert_b64: String = CERT_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let wrapped: Vec<&str> = cert_b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let key_then_cert = format!(
        "-----BEGIN EC PARAMETERS-----\r\nBggqhkjOPQMBBw==\r\n-----END EC PARAMETERS-----\r\n{}\
         -----BEGIN CERTIFICATE-----\r\n{}\r\n-----END CERTIFICATE-----\r\n",
        KEY_PEM.replace('\n', "\r\n"),
        wrapped.join("\r\n")
    );
    let both = file("key-then-cert.pem", &key_then_cert);
    let key_only = file("key-only.pem", KEY_PEM);
    let rows = [
        (&b"dot.example.net"[..], both.as_path()),
        (&b"dot2.example.net."[..], key_only.as_path()),
        (&b""[..], both.as_path()),
        (
            &b"dot3.example.net"[..],
            std::path::Path::new("/nonexistent/encdns.pem"),
        ),
    ];
    let mut c = capture();
    let status = c.s.configure_certificates(rows.iter().copied());
    assert_eq!(
        status,
        [
            LoadStatus::Loaded,
            LoadStatus::NoKey,
            LoadStatus::NoName,
            LoadStatus::Unreadable
        ]
    );
    let right = digest_from_hex(SPKI_STREEBOG512);
    let mut wrong = right.clone();
    wrong[5] ^= 0x20;
    // Checked where the DIGEST_INFO is, without any handshake in the capture.
    let shown = c.frame(&reply_with(1, 7, &right), true, [192, 0, 2, 2]);
    assert!(
        shown.codes.contains(&Code::DIGEST_MATCHES_CERTIFICATE),
        "{shown:?}"
    );
    assert_eq!(has_item(&shown, Field::DigestMatch), Some(1));
    let shown = c.frame(&reply_with(2, 6, &wrong[..32]), true, [192, 0, 2, 2]);
    assert!(
        shown.codes.contains(&Code::DIGEST_CERTIFICATE_MISMATCH),
        "{shown:?}"
    );
    assert_eq!(has_item(&shown, Field::DigestMatch), Some(0));
    let shown = c.frame(&reply_with(3, 9, &right), true, [192, 0, 2, 2]);
    assert!(
        shown.codes.contains(&Code::DIGEST_NOT_CHECKABLE),
        "{shown:?}"
    );
    assert_eq!(has_item(&shown, Field::DigestMatch), None);
}

#[test]
fn a_configured_row_without_a_key_is_said_where_its_adn_is_checked() {
    let key_only = file("key-only-2.pem", KEY_PEM);
    let mut c = capture();
    let rows = [(&b"DOT.example.net"[..], key_only.as_path())];
    c.s.configure_certificates(rows.iter().copied());
    let right = digest_from_hex(SPKI_SHA256);
    let shown = c.frame(&reply(1, &right), true, [192, 0, 2, 2]);
    assert!(
        shown.codes.contains(&Code::CONFIGURED_CERTIFICATE_UNUSABLE),
        "{shown:?}"
    );
    assert_eq!(has_item(&shown, Field::DigestMatch), None);
}
