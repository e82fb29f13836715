//! The framing of an RFC 9329 stream: where each unit (the stream prefix, or one
//! message with its Length) begins and ends, what it holds, and what is wrong with
//! it. The glue keeps, per direction of a TCP connection, where its stream starts, and
//! hands over the first octets of each unit; the messages themselves go to Wireshark's
//! own isakmp and esp dissectors, so that decryption, reassembly of fragments and the
//! RFC 9464 attributes work exactly as over UDP.

use crate::diag::Finding;
use crate::field::Field;
use crate::sink::Item;
use crate::wire::{self, ike, iketcp};

/// What a unit of the stream is.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// The IKETCP prefix.
    Prefix = 0,
    /// An IKE message, after its Non-ESP Marker.
    Ike = 1,
    /// An ESP packet.
    Esp = 2,
    /// A Length below 2: what follows cannot be framed.
    Lost = 3,
    /// A message too short to be either.
    Short = 4,
}

impl Unit {
    /// What the Info column says of a unit no other dissector takes.
    pub fn column(self) -> Option<&'static core::ffi::CStr> {
        match self {
            Unit::Prefix => Some(cstr!("Stream prefix")),
            Unit::Lost => Some(cstr!("Length below 2 (framing lost)")),
            Unit::Short => Some(cstr!("Message too short")),
            Unit::Ike | Unit::Esp => None,
        }
    }
}

/// The unit spans the rest of the stream (its framing is lost).
pub(crate) const REST: u32 = u32::MAX;

/// How many octets the unit beginning with `head` spans; `first`: it begins its
/// direction's stream, where the prefix may be. `None`: more octets are needed to tell.
pub fn unit_len(head: &[u8], first: bool) -> Option<u32> {
    if first && head.len() < iketcp::PREFIX.len() && iketcp::PREFIX.starts_with(head) {
        return None;
    }
    if first && head.starts_with(iketcp::PREFIX) {
        return Some(iketcp::PREFIX.len() as u32);
    }
    let length = wire::be16(head, iketcp::LENGTH)?;
    if length == 0 {
        // A Non-ESP Marker and an IKE message with no Length before them, as a peer
        // writes that leaves the Length to a kernel that does not add it: the IKE
        // header says how long the message is.
        if head.len() < iketcp::IKE_AT - iketcp::LENGTH.len() + ike::HEADER_LEN {
            return None;
        }
        if let Some(len) = unframed_ike(head) {
            return Some(len);
        }
    }
    Some(if length < iketcp::LENGTH_MIN {
        REST
    } else {
        u32::from(length)
    })
}

/// The Length of the IKEv2 header `msg` begins with (major version 2, a Length that
/// at least covers the header), if it begins with one.
fn ikev2_length(msg: &[u8]) -> Option<u32> {
    let version = wire::byte(msg, ike::VERSION)?;
    let ike_length = wire::be32(msg, ike::LENGTH)?;
    (version >> ike::MAJOR_VERSION_SHIFT == crate::ike::IKEV2
        && ike_length as usize >= ike::HEADER_LEN)
        .then_some(ike_length)
}

/// The octets a Non-ESP Marker and the IKEv2 message after it span, if `head` begins
/// with them (no Length before the marker).
fn unframed_ike(head: &[u8]) -> Option<u32> {
    let marker = wire::be32(head, 0..4)?;
    let ike_length = ikev2_length(head.get(4..)?)?;
    (marker == 0).then(|| ike_length.saturating_add(4))
}

/// One unit, read: its items (offsets from the unit's start), where the message it
/// carries starts, and what is wrong with it.
#[derive(Clone, Copy, Debug)]
pub struct Read {
    pub unit: Unit,
    pub items: [Item; 2],
    pub n_items: usize,
    /// Where the IKE message or ESP packet starts.
    pub content_at: usize,
    /// A finding on the unit, with the octets it is on (offset, length).
    pub finding: Option<(Finding, usize, usize)>,
}

/// What the stream's two directions have shown, for the findings about the prefix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    /// This unit begins its direction's stream.
    pub first: bool,
    /// The other direction began with the prefix.
    pub other_prefix: bool,
    /// The other direction's stream has begun (with the prefix if `other_prefix`).
    pub other_started: bool,
}

/// Reads the unit whose first octets are `head` (all of them, or at least the first
/// `HEAD_MAX`) and which spans `len` octets (`unit_len`).
pub fn read(head: &[u8], len: u32, sides: Sides) -> Read {
    let span = if len == REST {
        head.len()
    } else {
        len as usize
    };
    let mut r = Read {
        unit: Unit::Short,
        items: [Item::leaf(Field::IketcpLength, 0, 0, 0); 2],
        n_items: 0,
        content_at: 0,
        finding: None,
    };
    if sides.first && head.starts_with(iketcp::PREFIX) && len as usize == iketcp::PREFIX.len() {
        r.unit = Unit::Prefix;
        r.items[0] = Item::leaf(Field::IketcpPrefix, 0, iketcp::PREFIX.len(), 0);
        r.n_items = 1;
        r.content_at = iketcp::PREFIX.len();
        if sides.other_prefix {
            r.finding = Some((Finding::IKETCP_PREFIX_FROM_BOTH, 0, iketcp::PREFIX.len()));
        }
        return r;
    }
    let Some(length) = wire::be16(head, iketcp::LENGTH) else {
        return r;
    };
    if length == 0 {
        if let Some(unframed) = unframed_ike(head).filter(|&u| u == len) {
            r.unit = Unit::Ike;
            r.items[0] = Item::leaf(Field::IketcpNonEspMarker, 0, 4, 0);
            r.n_items = 1;
            r.content_at = 4;
            let ike_length = unframed - 4;
            r.finding = Some((Finding::IKETCP_LENGTH_MISSING { ike_length }, 0, 4));
            return r;
        }
    }
    r.items[0] = Item::leaf(Field::IketcpLength, 0, iketcp::LENGTH.len(), length.into());
    r.n_items = 1;
    let after = usize::from(length).saturating_sub(iketcp::LENGTH.len());
    if length < iketcp::LENGTH_MIN {
        r.unit = Unit::Lost;
        r.content_at = iketcp::LENGTH.len();
        r.finding = Some((Finding::IKETCP_LENGTH_BELOW_TWO { length }, 0, 2));
        return r;
    }
    let marker = wire::be32(head, iketcp::NON_ESP_MARKER);
    if marker == Some(0) && span >= iketcp::IKE_AT {
        r.unit = Unit::Ike;
        r.items[1] = Item::leaf(
            Field::IketcpNonEspMarker,
            iketcp::NON_ESP_MARKER.start,
            4,
            0,
        );
        r.n_items = 2;
        r.content_at = iketcp::IKE_AT;
    } else if after >= iketcp::ESP_HEADER_LEN {
        r.unit = Unit::Esp;
        r.content_at = iketcp::ESP_AT;
        // An IKE message sent without its marker.
        if let Some(ike_length) = ike_of_length(&head[iketcp::ESP_AT..], after) {
            r.finding = Some((Finding::IKETCP_MARKER_MISSING { ike_length }, 0, span));
        }
    } else {
        r.content_at = iketcp::LENGTH.len();
        r.finding = Some((Finding::IKETCP_MESSAGE_TOO_SHORT { length }, 0, span));
        return r;
    }
    if sides.first && !sides.other_started && r.finding.is_none() {
        // The connection's first octets, and they are no prefix.
        r.finding = Some((Finding::IKETCP_NO_PREFIX, 0, iketcp::LENGTH.len()));
    }
    r
}

/// The IKE header's Length, if `msg` (`len` octets in all) begins with an IKEv2
/// header whose Length is the message's.
fn ike_of_length(msg: &[u8], len: usize) -> Option<u32> {
    ikev2_length(msg).filter(|&l| l as usize == len)
}

/// How a connection's first octets (`head`) look, to decide whether it is RFC 9329's.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Looks {
    /// Not RFC 9329 (or not enough octets to say so): another dissector's.
    Other = 0,
    /// The prefix.
    Prefix = 1,
    /// No prefix, but a Length, a Non-ESP Marker and an IKEv2 header whose Length
    /// agrees (or a marker and an IKEv2 header with no Length before them): a stream
    /// whose start is not in the capture, or one that lacks the prefix.
    Framed = 2,
}

/// How many of a connection's first octets `looks` wants.
pub(crate) const LOOK_LEN: usize = iketcp::IKE_AT + ike::HEADER_LEN;

pub fn looks(head: &[u8]) -> Looks {
    if head.starts_with(iketcp::PREFIX) {
        return Looks::Prefix;
    }
    let framed = (|| {
        let length = wire::be16(head, iketcp::LENGTH)?;
        let marker = wire::be32(head, iketcp::NON_ESP_MARKER)?;
        let after = usize::from(length).checked_sub(iketcp::IKE_AT)?;
        let msg = head.get(iketcp::IKE_AT..)?;
        Some(marker == 0 && ike_of_length(msg, after).is_some())
    })();
    if framed == Some(true) || unframed_ike(head).is_some() {
        Looks::Framed
    } else {
        Looks::Other
    }
}

/// The most octets of a unit `read` and `looks` look at.
pub(crate) const HEAD_MAX: usize = LOOK_LEN;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    /// An IKEv2 header of `len` octets in all.
    fn ike_header(len: u32) -> Vec<u8> {
        let mut h = vec![0x11; 16];
        h.extend([0x2e, 0x20, 0x23, 0x08, 0, 0, 0, 1]);
        h.extend(len.to_be_bytes());
        h
    }

    fn framed_ike(len: u32) -> Vec<u8> {
        let mut u = ((len + 6) as u16).to_be_bytes().to_vec();
        u.extend([0, 0, 0, 0]);
        u.extend(ike_header(len));
        u.resize(len as usize + 6, 0xaa);
        u
    }

    fn first() -> Sides {
        Sides {
            first: true,
            ..Sides::default()
        }
    }

    fn code(r: &Read) -> Option<Code> {
        r.finding.map(|(f, _, _)| f.code())
    }

    #[test]
    fn the_prefix_only_where_a_stream_begins() {
        assert_eq!(unit_len(b"IKE", true), None, "more octets to tell");
        assert_eq!(unit_len(b"IKETCP\x00\x22", true), Some(6));
        // Elsewhere "IK" is a Length: 0x494b.
        assert_eq!(unit_len(b"IKETCP", false), Some(0x494b));
        let r = read(b"IKETCP", 6, first());
        assert_eq!((r.unit, r.n_items, r.content_at), (Unit::Prefix, 1, 6));
        assert_eq!(r.items[0].field, Field::IketcpPrefix as u16);
        assert_eq!(code(&r), None);
        let both = Sides {
            other_prefix: true,
            ..first()
        };
        assert_eq!(
            code(&read(b"IKETCP", 6, both)),
            Some(Code::IKETCP_PREFIX_FROM_BOTH)
        );
    }

    #[test]
    fn an_ike_message_after_its_marker() {
        let u = framed_ike(40);
        assert_eq!(unit_len(&u, false), Some(46));
        let r = read(&u[..HEAD_MAX], 46, Sides::default());
        assert_eq!((r.unit, r.n_items, r.content_at), (Unit::Ike, 2, 6));
        assert_eq!(
            (r.items[0].field, r.items[0].value),
            (Field::IketcpLength as u16, 46)
        );
        assert_eq!((r.items[1].offset, r.items[1].length), (2, 4));
        assert_eq!(code(&r), None);
        // The responder's first message: the initiator sent the prefix.
        let resp = Sides {
            first: true,
            other_prefix: true,
            other_started: true,
        };
        assert_eq!(code(&read(&u, 46, resp)), None);
        // Nobody sent it.
        assert_eq!(code(&read(&u, 46, first())), Some(Code::IKETCP_NO_PREFIX));
    }

    #[test]
    fn esp_and_an_ike_message_that_lost_its_marker() {
        let mut esp = vec![0, 14, 0xc0, 0xff, 0xee, 0x01, 0, 0, 0, 7];
        esp.extend([0x55; 4]);
        let r = read(&esp, 14, Sides::default());
        assert_eq!((r.unit, r.n_items, r.content_at), (Unit::Esp, 1, 2));
        assert_eq!(code(&r), None);
        let mut bare = 42u16.to_be_bytes().to_vec();
        bare.extend(ike_header(40));
        bare.resize(42, 0);
        let r = read(&bare, 42, Sides::default());
        assert_eq!(r.unit, Unit::Esp);
        assert_eq!(
            r.finding.map(|f| f.0),
            Some(Finding::IKETCP_MARKER_MISSING { ike_length: 40 })
        );
    }

    #[test]
    fn lengths_below_two_and_six() {
        for l in [0u16, 1] {
            let mut u = l.to_be_bytes().to_vec();
            u.resize(40, 0x11);
            assert_eq!(unit_len(&u, false), Some(REST));
            let r = read(&u, REST, Sides::default());
            assert_eq!(
                (r.unit, code(&r)),
                (Unit::Lost, Some(Code::IKETCP_LENGTH_BELOW_TWO))
            );
        }
        for l in [2u16, 5, 9] {
            let mut u = l.to_be_bytes().to_vec();
            u.resize(usize::from(l), 0x01);
            let r = read(&u, u32::from(l), Sides::default());
            assert_eq!(
                (r.unit, code(&r)),
                (Unit::Short, Some(Code::IKETCP_MESSAGE_TOO_SHORT)),
                "{l}"
            );
        }
        assert_eq!(unit_len(&[0], false), None);
    }

    #[test]
    fn a_marker_and_a_message_without_their_length() {
        // As libreswan 4.10 writes them when the kernel's espintcp does not frame them.
        let mut u = vec![0, 0, 0, 0];
        u.extend(ike_header(40));
        u.resize(44, 0xaa);
        assert_eq!(unit_len(&u[..20], false), None, "more octets to tell");
        assert_eq!(unit_len(&u, false), Some(44));
        let r = read(&u[..HEAD_MAX], 44, Sides::default());
        assert_eq!((r.unit, r.n_items, r.content_at), (Unit::Ike, 1, 4));
        assert_eq!(r.items[0].field, Field::IketcpNonEspMarker as u16);
        assert_eq!(
            r.finding.map(|f| f.0),
            Some(Finding::IKETCP_LENGTH_MISSING { ike_length: 40 })
        );
        assert_eq!(looks(&u[..HEAD_MAX]), Looks::Framed);
        // A Length of 0 before anything else still loses the framing.
        let zero = [0u8; 40];
        assert_eq!(unit_len(&zero, false), Some(REST));
    }

    #[test]
    fn what_a_connection_looks_like() {
        assert_eq!(looks(b"IKETCP\x00"), Looks::Prefix);
        assert_eq!(looks(&framed_ike(40)), Looks::Framed);
        let mut wrong = framed_ike(40);
        wrong[1] += 1; // the Length no longer agrees with the IKE header's
        assert_eq!(looks(&wrong), Looks::Other);
        assert_eq!(looks(b"GET / HTTP/1.1\r\n"), Looks::Other);
        assert_eq!(looks(&framed_ike(40)[..20]), Looks::Other, "too few octets");
    }

    #[test]
    fn no_input_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 48) as usize;
            let head: Vec<u8> = (0..n).map(|i| (seed >> (i % 56)) as u8).collect();
            for first in [false, true] {
                if let Some(len) = unit_len(&head, first) {
                    let sides = Sides {
                        first,
                        ..Sides::default()
                    };
                    let r = read(&head, len, sides);
                    assert!(r.n_items <= 2 && r.content_at <= 6);
                }
                looks(&head);
            }
        }
    }
}
