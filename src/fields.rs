//! The field table: what Wireshark needs to register each field the parser and the
//! session emit. The glue builds its `hf_register_info[]` from this table, so the
//! names users type live here and only here.

use core::ffi::CStr;

pub use crate::field::Field;
use crate::registry::{
    ValueName, DNSKEY_ALGORITHMS, DS_DIGEST_TYPES, HASH_ALGORITHMS, TLS_GROUPS, TRANSPORTS,
};
use crate::svcparam::keys;

/// What a field holds; the glue maps it to the `FT_*` of the Wireshark it is built
/// against (those enum values shift between versions).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A label with no value (FT_NONE).
    None = 0,
    U8 = 1,
    U16 = 2,
    U32 = 3,
    Bool = 4,
    Ipv4 = 5,
    Ipv6 = 6,
    /// Text read from the packet as UTF-8 (shown with replacement characters if invalid).
    String = 7,
    Bytes = 8,
    /// A frame number that links a reply to its request (FT_FRAMENUM_REQUEST).
    FrameRequest = 9,
    /// A frame number that links a request to its reply (FT_FRAMENUM_RESPONSE).
    FrameResponse = 10,
    /// A frame number that links a retransmission to the first copy
    /// (FT_FRAMENUM_RETRANS_PREV).
    FrameRetransmitted = 11,
}

/// How numbers are shown.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    None = 0,
    Dec = 1,
    Hex = 2,
    DecHex = 3,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldInfo {
    pub field: Field,
    pub name: &'static CStr,
    pub abbrev: &'static CStr,
    pub kind: Kind,
    pub base: Base,
    pub names: &'static [ValueName],
    pub description: &'static CStr,
}

/// The protocols the plugin registers. A field or an expert info belongs to the one
/// whose filter name begins its abbreviation.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// The RFC 9464 attributes and what the session says of them.
    Encdns = 0,
    /// The RFC 9329 framing of IKE and ESP over TCP.
    Iketcp = 1,
}

#[derive(Clone, Copy, Debug)]
pub struct ProtocolInfo {
    pub name: &'static CStr,
    pub short_name: &'static CStr,
    pub filter: &'static CStr,
}

pub static PROTOCOLS: [ProtocolInfo; 2] = [
    ProtocolInfo {
        name: cstr!("IKEv2 Encrypted DNS Configuration (RFC 9464)"),
        short_name: cstr!("ENCDNS"),
        filter: cstr!("encdns"),
    },
    ProtocolInfo {
        name: cstr!("IKE and ESP over TCP (RFC 9329)"),
        short_name: cstr!("IKETCP"),
        filter: cstr!("iketcp"),
    },
];

impl Protocol {
    pub fn info(self) -> &'static ProtocolInfo {
        &PROTOCOLS[self as usize]
    }

    /// The protocol an abbreviation (`iketcp.length`, `encdns.expert.x`) is under.
    pub fn of_abbrev(abbrev: &CStr) -> Protocol {
        let under = |p: Protocol| {
            let f = p.info().filter.to_bytes();
            abbrev
                .to_bytes()
                .strip_prefix(f)
                .is_some_and(|r| r.first() == Some(&b'.'))
        };
        if under(Protocol::Iketcp) {
            Protocol::Iketcp
        } else {
            Protocol::Encdns
        }
    }
}

impl Field {
    pub fn info(self) -> &'static FieldInfo {
        &FIELDS[self as usize]
    }

    pub fn from_u16(n: u16) -> Option<Field> {
        FIELDS.get(usize::from(n)).map(|f| f.field)
    }
}

/// One row per field: id, name, filter abbreviation, kind, base, value names,
/// description.
macro_rules! fields {
    ($($field:ident $name:literal $abbrev:literal $kind:ident $base:ident $names:expr, $description:literal;)*) => {
        pub static FIELDS: [FieldInfo; [$(Field::$field),*].len()] = [$(FieldInfo {
            field: Field::$field,
            name: cstr!($name),
            abbrev: cstr!($abbrev),
            kind: Kind::$kind,
            base: Base::$base,
            names: $names,
            description: cstr!($description),
        }),*];
    };
}

#[rustfmt::skip]
fields! {
    Priority "Service Priority" "encdns.priority" U16 Dec &[], "Priority of this resolver relative to the others (RFC 9464 s3.1; 0 is not allowed)";
    NumAddrs "Num Addresses" "encdns.num_addrs" U8 Dec &[], "Number of resolver IP addresses that follow";
    AdnLen "ADN Length" "encdns.adn_len" U8 Dec &[], "Length of the Authentication Domain Name (0: none enclosed)";
    Ipv4 "IPv4 Address" "encdns.ipv4" Ipv4 None &[], "An IPv4 address of the encrypted DNS resolver";
    Ipv6 "IPv6 Address" "encdns.ipv6" Ipv6 None &[], "An IPv6 address of the encrypted DNS resolver";
    Adn "Authentication Domain Name" "encdns.adn" String None &[], "Name the resolver authenticates as (its TLS certificate name)";
    Undecoded "Undecoded" "encdns.undecoded" Bytes None &[], "Octets that cannot be decoded because an earlier field overran the attribute";
    DigestNumHashAlgs "Num Hash Algs" "encdns.digest.num_hash_algs" U8 Dec &[], "Number of hash algorithm identifiers (request: the list; reply: MUST be 1)";
    DigestAdnLen "ADN Length" "encdns.digest.adn_len" U8 Dec &[], "Length of the ADN the digest is for (0: the ADN of the ENCDNS_IP* attributes)";
    DigestReserved "Reserved" "encdns.digest.reserved" Bytes None &[], "RESERVED octets of the draft-ietf-ipsecme-add-ike-00 layout";
    DigestAdn "Authentication Domain Name" "encdns.digest.adn" String None &[], "The resolver whose certificate the digest identifies";
    DigestHashAlg "Hash Algorithm" "encdns.digest.hash_alg" U16 Dec &HASH_ALGORITHMS, "IKEv2 Hash Algorithm identifier (IANA)";
    DigestValue "Certificate Digest" "encdns.digest.value" Bytes None &[], "Hash of the resolver certificate's DER SubjectPublicKeyInfo (RFC 9464 s5)";
    SvcParam "SvcParam" "encdns.svcparam" None None &[], "One service parameter: key, length and value";
    SvcParamKey "Key" "encdns.svcparam.key" U16 Dec &keys::NAMES, "SvcParamKey (IANA Service Parameter Keys; unknown keys are keyNNNNN)";
    SvcParamLength "Length" "encdns.svcparam.length" U16 Dec &[], "Length of the SvcParamValue";
    SvcParamValue "Value" "encdns.svcparam.value" Bytes None &[], "SvcParamValue of a key without a decoder (unknown, private use, or opaque)";
    SvcParamMandatory "Mandatory Key" "encdns.svcparam.mandatory" U16 Dec &keys::NAMES, "A key the client must understand to use this resolver (mandatory)";
    SvcParamAlpnLength "ALPN Length" "encdns.svcparam.alpn.length" U8 Dec &[], "Length of one alpn-id";
    SvcParamAlpn "ALPN" "encdns.svcparam.alpn" String None &[], "An ALPN protocol id (dot, doq, h2, h3, ...)";
    SvcParamPort "Port" "encdns.svcparam.port" U16 Dec &[], "Port the resolver listens on (port)";
    SvcParamIpv4Hint "IPv4 Hint" "encdns.svcparam.ipv4hint" Ipv4 None &[], "ipv4hint address (not allowed in RFC 9464 attributes)";
    SvcParamIpv6Hint "IPv6 Hint" "encdns.svcparam.ipv6hint" Ipv6 None &[], "ipv6hint address (not allowed in RFC 9464 attributes)";
    SvcParamEch "ECHConfigList" "encdns.svcparam.ech" Bytes None &[], "Encrypted ClientHello configuration list (ech)";
    SvcParamDohPath "DoH Path" "encdns.svcparam.dohpath" String None &[], "URI Template of the DoH path, with a dns variable (RFC 9461 s5)";
    SvcParamTlsGroup "TLS Supported Group" "encdns.svcparam.tls_supported_group" U16 Dec &TLS_GROUPS, "A TLS NamedGroup the resolver supports, in preference order";
    SvcParamDocPathLength "Segment Length" "encdns.svcparam.docpath.length" U8 Dec &[], "Length of one DoC path segment";
    SvcParamDocPathSegment "DoC Path Segment" "encdns.svcparam.docpath.segment" String None &[], "A path segment of the DNS over CoAP resource (docpath)";
    Transport "Transport" "encdns.transport" U8 Dec &TRANSPORTS, "Encrypted DNS protocol derived from the alpn ids";
    EffectivePort "Effective Port" "encdns.effective_port" U16 Dec &[], "The port parameter, or the transport's default (853 DoT/DoQ, 443 DoH)";
    DnsDomain "Internal DNS Domain" "encdns.internal_dns_domain" String None &[], "INTERNAL_DNS_DOMAIN: a domain resolved by the internal DNS servers (RFC 8598 s4.1)";
    DnssecTaKeyTag "Key Tag" "encdns.dnssec_ta.key_tag" U16 Dec &[], "INTERNAL_DNSSEC_TA Key Tag (RFC 8598 s4.2)";
    DnssecTaAlgorithm "DNSKEY Algorithm" "encdns.dnssec_ta.algorithm" U8 Dec &DNSKEY_ALGORITHMS, "INTERNAL_DNSSEC_TA DNSKEY algorithm (IANA DNS Security Algorithm Numbers)";
    DnssecTaDigestType "Digest Type" "encdns.dnssec_ta.digest_type" U8 Dec &DS_DIGEST_TYPES, "INTERNAL_DNSSEC_TA digest type (IANA DS RR Type Digest Algorithms)";
    DnssecTaDigest "Digest Data" "encdns.dnssec_ta.digest" Bytes None &[], "INTERNAL_DNSSEC_TA digest of the trust anchor's DNSKEY";
    NatInfo "External Source IPv4 NAT Info" "encdns.nat_info" Bytes None &[], "EXTERNAL_SOURCE_IP4_NAT_INFO value (3GPP TS 29.139; layout not decoded)";
    LivenessTimeout "Timeout Period for Liveness Check" "encdns.liveness_timeout" U32 Dec &[], "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK, seconds (3GPP TS 24.302)";
    RequestIn "Request In" "encdns.request_in" FrameRequest None &[], "The frame whose CFG_REQUEST (CFG_SET) this CFG_REPLY (CFG_ACK) answers";
    ReplyIn "Reply In" "encdns.reply_in" FrameResponse None &[], "The frame whose CFG_REPLY (CFG_ACK) answers this CFG_REQUEST (CFG_SET)";
    DigestClaimedIn "Digest Claimed In" "encdns.digest.claimed_in" FrameRequest None &[], "The frame whose ENCDNS_DIGEST_INFO claims a digest for this server";
    DigestCheckedIn "Certificate Checked In" "encdns.digest.checked_in" FrameResponse None &[], "The frame whose TLS certificate this digest was checked against";
    DigestComputed "SPKI Digest of the Certificate" "encdns.digest.computed" Bytes None &[], "The hash of the certificate's DER SubjectPublicKeyInfo, with the advertised algorithm";
    DigestMatch "Digest Matches Certificate" "encdns.digest.match" Bool None &[], "Whether the advertised digest is the certificate's SPKI hash (RFC 9464 s5)";
    RetransmissionOf "Retransmission Of" "encdns.retransmission_of" FrameRetransmitted None &[], "The frame that first carried this IKE message (RFC 7296 s2.1: a retransmission is the same octets); this copy shows what that one shows";
    IketcpPrefix "Stream Prefix" "iketcp.prefix" String None &[], "The IKETCP magic value the side that opened the TCP connection sends first (RFC 9329 s4)";
    IketcpLength "Length" "iketcp.length" U16 Dec &[], "Length of the message, its own two octets included (RFC 9329 s3)";
    IketcpNonEspMarker "Non-ESP Marker" "iketcp.non_esp_marker" U32 Hex &[], "Four zero octets before an IKE message (an ESP packet begins with its non-zero SPI)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_field_id() {
        for (i, info) in FIELDS.iter().enumerate() {
            assert_eq!(info.field as usize, i, "{:?}", info.abbrev);
        }
    }

    #[test]
    fn abbrevs_are_unique_and_under_a_protocol_of_ours() {
        for (i, a) in FIELDS.iter().enumerate() {
            let s = a.abbrev.to_str().unwrap();
            let p = Protocol::of_abbrev(a.abbrev)
                .info()
                .filter
                .to_str()
                .unwrap();
            assert!(s.starts_with(&format!("{p}.")), "{s}");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'_'),
                "{s}"
            );
            for b in &FIELDS[i + 1..] {
                assert_ne!(a.abbrev, b.abbrev);
            }
        }
    }
}
