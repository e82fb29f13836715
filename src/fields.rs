//! The field table: every item the parser can emit, with what Wireshark needs to
//! register it. The C glue builds its `hf_register_info[]` from this table, so the
//! names users type live here and only here.

use core::ffi::CStr;

/// What a field holds; the C side maps it to the `FT_*` of the Wireshark it is built
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

/// A value and its name, for fields whose numbers have names.
#[derive(Clone, Copy, Debug)]
pub struct ValueName {
    pub value: u32,
    pub name: &'static CStr,
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

/// Field ids, in table order. The numbers cross the C ABI in [`crate::Item::field`].
#[repr(u16)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Priority = 0,
    NumAddrs = 1,
    AdnLen = 2,
    Ipv4 = 3,
    Ipv6 = 4,
    Adn = 5,
    Undecoded = 6,
    DigestNumHashAlgs = 7,
    DigestAdnLen = 8,
    DigestReserved = 9,
    DigestAdn = 10,
    DigestHashAlg = 11,
    DigestValue = 12,
    SvcParam = 13,
    SvcParamKey = 14,
    SvcParamLength = 15,
    SvcParamValue = 16,
    SvcParamMandatory = 17,
    SvcParamAlpnLength = 18,
    SvcParamAlpn = 19,
    SvcParamPort = 20,
    SvcParamIpv4Hint = 21,
    SvcParamIpv6Hint = 22,
    SvcParamEch = 23,
    SvcParamDohPath = 24,
    SvcParamTlsGroup = 25,
    SvcParamDocPathLength = 26,
    SvcParamDocPathSegment = 27,
    Transport = 28,
    EffectivePort = 29,
    DnsDomain = 30,
    DnssecTaKeyTag = 31,
    DnssecTaAlgorithm = 32,
    DnssecTaDigestType = 33,
    DnssecTaDigest = 34,
    NatInfo = 35,
    LivenessTimeout = 36,
    RequestIn = 37,
    ReplyIn = 38,
    DigestClaimedIn = 39,
    DigestCheckedIn = 40,
    DigestComputed = 41,
    DigestMatch = 42,
}

impl Field {
    pub fn info(self) -> &'static FieldInfo {
        &FIELDS[self as usize]
    }

    pub fn from_u16(n: u16) -> Option<Field> {
        FIELDS.get(usize::from(n)).map(|f| f.field)
    }
}

const fn f(
    field: Field,
    name: &'static CStr,
    abbrev: &'static CStr,
    kind: Kind,
    base: Base,
    description: &'static CStr,
) -> FieldInfo {
    FieldInfo {
        field,
        name,
        abbrev,
        kind,
        base,
        names: &[],
        description,
    }
}

pub static FIELDS: [FieldInfo; 43] = [
    f(
        Field::Priority,
        cstr!("Service Priority"),
        cstr!("encdns.priority"),
        Kind::U16,
        Base::Dec,
        cstr!("Priority of this resolver relative to the others (RFC 9464 s3.1; 0 is not allowed)"),
    ),
    f(
        Field::NumAddrs,
        cstr!("Num Addresses"),
        cstr!("encdns.num_addrs"),
        Kind::U8,
        Base::Dec,
        cstr!("Number of resolver IP addresses that follow"),
    ),
    f(
        Field::AdnLen,
        cstr!("ADN Length"),
        cstr!("encdns.adn_len"),
        Kind::U8,
        Base::Dec,
        cstr!("Length of the Authentication Domain Name (0: none enclosed)"),
    ),
    f(
        Field::Ipv4,
        cstr!("IPv4 Address"),
        cstr!("encdns.ipv4"),
        Kind::Ipv4,
        Base::None,
        cstr!("An IPv4 address of the encrypted DNS resolver"),
    ),
    f(
        Field::Ipv6,
        cstr!("IPv6 Address"),
        cstr!("encdns.ipv6"),
        Kind::Ipv6,
        Base::None,
        cstr!("An IPv6 address of the encrypted DNS resolver"),
    ),
    f(
        Field::Adn,
        cstr!("Authentication Domain Name"),
        cstr!("encdns.adn"),
        Kind::String,
        Base::None,
        cstr!("Name the resolver authenticates as (its TLS certificate name)"),
    ),
    f(
        Field::Undecoded,
        cstr!("Undecoded"),
        cstr!("encdns.undecoded"),
        Kind::Bytes,
        Base::None,
        cstr!("Octets that cannot be decoded because an earlier field overran the attribute"),
    ),
    f(
        Field::DigestNumHashAlgs,
        cstr!("Num Hash Algs"),
        cstr!("encdns.digest.num_hash_algs"),
        Kind::U8,
        Base::Dec,
        cstr!("Number of hash algorithm identifiers (request: the list; reply: MUST be 1)"),
    ),
    f(
        Field::DigestAdnLen,
        cstr!("ADN Length"),
        cstr!("encdns.digest.adn_len"),
        Kind::U8,
        Base::Dec,
        cstr!("Length of the ADN the digest is for (0: the ADN of the ENCDNS_IP* attributes)"),
    ),
    f(
        Field::DigestReserved,
        cstr!("Reserved"),
        cstr!("encdns.digest.reserved"),
        Kind::Bytes,
        Base::None,
        cstr!("RESERVED octets of the draft-ietf-ipsecme-add-ike-00 layout"),
    ),
    f(
        Field::DigestAdn,
        cstr!("Authentication Domain Name"),
        cstr!("encdns.digest.adn"),
        Kind::String,
        Base::None,
        cstr!("The resolver whose certificate the digest identifies"),
    ),
    FieldInfo {
        names: &crate::registry::HASH_ALGORITHMS,
        ..f(
            Field::DigestHashAlg,
            cstr!("Hash Algorithm"),
            cstr!("encdns.digest.hash_alg"),
            Kind::U16,
            Base::Dec,
            cstr!("IKEv2 Hash Algorithm identifier (IANA)"),
        )
    },
    f(
        Field::DigestValue,
        cstr!("Certificate Digest"),
        cstr!("encdns.digest.value"),
        Kind::Bytes,
        Base::None,
        cstr!("Hash of the resolver certificate's DER SubjectPublicKeyInfo (RFC 9464 s5)"),
    ),
    f(
        Field::SvcParam,
        cstr!("SvcParam"),
        cstr!("encdns.svcparam"),
        Kind::None,
        Base::None,
        cstr!("One service parameter: key, length and value"),
    ),
    FieldInfo {
        names: &crate::registry::SVCPARAM_KEYS,
        ..f(
            Field::SvcParamKey,
            cstr!("Key"),
            cstr!("encdns.svcparam.key"),
            Kind::U16,
            Base::Dec,
            cstr!("SvcParamKey (IANA Service Parameter Keys; unknown keys are keyNNNNN)"),
        )
    },
    f(
        Field::SvcParamLength,
        cstr!("Length"),
        cstr!("encdns.svcparam.length"),
        Kind::U16,
        Base::Dec,
        cstr!("Length of the SvcParamValue"),
    ),
    f(
        Field::SvcParamValue,
        cstr!("Value"),
        cstr!("encdns.svcparam.value"),
        Kind::Bytes,
        Base::None,
        cstr!("SvcParamValue of a key without a decoder (unknown, private use, or opaque)"),
    ),
    FieldInfo {
        names: &crate::registry::SVCPARAM_KEYS,
        ..f(
            Field::SvcParamMandatory,
            cstr!("Mandatory Key"),
            cstr!("encdns.svcparam.mandatory"),
            Kind::U16,
            Base::Dec,
            cstr!("A key the client must understand to use this resolver (mandatory)"),
        )
    },
    f(
        Field::SvcParamAlpnLength,
        cstr!("ALPN Length"),
        cstr!("encdns.svcparam.alpn.length"),
        Kind::U8,
        Base::Dec,
        cstr!("Length of one alpn-id"),
    ),
    f(
        Field::SvcParamAlpn,
        cstr!("ALPN"),
        cstr!("encdns.svcparam.alpn"),
        Kind::String,
        Base::None,
        cstr!("An ALPN protocol id (dot, doq, h2, h3, ...)"),
    ),
    f(
        Field::SvcParamPort,
        cstr!("Port"),
        cstr!("encdns.svcparam.port"),
        Kind::U16,
        Base::Dec,
        cstr!("Port the resolver listens on (port)"),
    ),
    f(
        Field::SvcParamIpv4Hint,
        cstr!("IPv4 Hint"),
        cstr!("encdns.svcparam.ipv4hint"),
        Kind::Ipv4,
        Base::None,
        cstr!("ipv4hint address (not allowed in RFC 9464 attributes)"),
    ),
    f(
        Field::SvcParamIpv6Hint,
        cstr!("IPv6 Hint"),
        cstr!("encdns.svcparam.ipv6hint"),
        Kind::Ipv6,
        Base::None,
        cstr!("ipv6hint address (not allowed in RFC 9464 attributes)"),
    ),
    f(
        Field::SvcParamEch,
        cstr!("ECHConfigList"),
        cstr!("encdns.svcparam.ech"),
        Kind::Bytes,
        Base::None,
        cstr!("Encrypted ClientHello configuration list (ech)"),
    ),
    f(
        Field::SvcParamDohPath,
        cstr!("DoH Path"),
        cstr!("encdns.svcparam.dohpath"),
        Kind::String,
        Base::None,
        cstr!("URI Template of the DoH path, with a dns variable (RFC 9461 s5)"),
    ),
    FieldInfo {
        names: &crate::registry::TLS_GROUPS,
        ..f(
            Field::SvcParamTlsGroup,
            cstr!("TLS Supported Group"),
            cstr!("encdns.svcparam.tls_supported_group"),
            Kind::U16,
            Base::Dec,
            cstr!("A TLS NamedGroup the resolver supports, in preference order"),
        )
    },
    f(
        Field::SvcParamDocPathLength,
        cstr!("Segment Length"),
        cstr!("encdns.svcparam.docpath.length"),
        Kind::U8,
        Base::Dec,
        cstr!("Length of one DoC path segment"),
    ),
    f(
        Field::SvcParamDocPathSegment,
        cstr!("DoC Path Segment"),
        cstr!("encdns.svcparam.docpath.segment"),
        Kind::String,
        Base::None,
        cstr!("A path segment of the DNS over CoAP resource (docpath)"),
    ),
    FieldInfo {
        names: &crate::registry::TRANSPORTS,
        ..f(
            Field::Transport,
            cstr!("Transport"),
            cstr!("encdns.transport"),
            Kind::U8,
            Base::Dec,
            cstr!("Encrypted DNS protocol derived from the alpn ids"),
        )
    },
    f(
        Field::EffectivePort,
        cstr!("Effective Port"),
        cstr!("encdns.effective_port"),
        Kind::U16,
        Base::Dec,
        cstr!("The port parameter, or the transport's default (853 DoT/DoQ, 443 DoH)"),
    ),
    f(
        Field::DnsDomain,
        cstr!("Internal DNS Domain"),
        cstr!("encdns.internal_dns_domain"),
        Kind::String,
        Base::None,
        cstr!("INTERNAL_DNS_DOMAIN: a domain resolved by the internal DNS servers (RFC 8598 s4.1)"),
    ),
    f(
        Field::DnssecTaKeyTag,
        cstr!("Key Tag"),
        cstr!("encdns.dnssec_ta.key_tag"),
        Kind::U16,
        Base::Dec,
        cstr!("INTERNAL_DNSSEC_TA Key Tag (RFC 8598 s4.2)"),
    ),
    FieldInfo {
        names: &crate::registry::DNSKEY_ALGORITHMS,
        ..f(
            Field::DnssecTaAlgorithm,
            cstr!("DNSKEY Algorithm"),
            cstr!("encdns.dnssec_ta.algorithm"),
            Kind::U8,
            Base::Dec,
            cstr!("INTERNAL_DNSSEC_TA DNSKEY algorithm (IANA DNS Security Algorithm Numbers)"),
        )
    },
    FieldInfo {
        names: &crate::registry::DS_DIGEST_TYPES,
        ..f(
            Field::DnssecTaDigestType,
            cstr!("Digest Type"),
            cstr!("encdns.dnssec_ta.digest_type"),
            Kind::U8,
            Base::Dec,
            cstr!("INTERNAL_DNSSEC_TA digest type (IANA DS RR Type Digest Algorithms)"),
        )
    },
    f(
        Field::DnssecTaDigest,
        cstr!("Digest Data"),
        cstr!("encdns.dnssec_ta.digest"),
        Kind::Bytes,
        Base::None,
        cstr!("INTERNAL_DNSSEC_TA digest of the trust anchor's DNSKEY"),
    ),
    f(
        Field::NatInfo,
        cstr!("External Source IPv4 NAT Info"),
        cstr!("encdns.nat_info"),
        Kind::Bytes,
        Base::None,
        cstr!("EXTERNAL_SOURCE_IP4_NAT_INFO value (3GPP TS 29.139; layout not decoded)"),
    ),
    f(
        Field::LivenessTimeout,
        cstr!("Timeout Period for Liveness Check"),
        cstr!("encdns.liveness_timeout"),
        Kind::U32,
        Base::Dec,
        cstr!("TIMEOUT_PERIOD_FOR_LIVENESS_CHECK, seconds (3GPP TS 24.302)"),
    ),
    f(
        Field::RequestIn,
        cstr!("Request In"),
        cstr!("encdns.request_in"),
        Kind::FrameRequest,
        Base::None,
        cstr!("The frame whose CFG_REQUEST this CFG_REPLY answers"),
    ),
    f(
        Field::ReplyIn,
        cstr!("Reply In"),
        cstr!("encdns.reply_in"),
        Kind::FrameResponse,
        Base::None,
        cstr!("The frame whose CFG_REPLY answers this CFG_REQUEST"),
    ),
    f(
        Field::DigestClaimedIn,
        cstr!("Digest Claimed In"),
        cstr!("encdns.digest.claimed_in"),
        Kind::FrameRequest,
        Base::None,
        cstr!("The frame whose ENCDNS_DIGEST_INFO claims a digest for this server"),
    ),
    f(
        Field::DigestCheckedIn,
        cstr!("Certificate Checked In"),
        cstr!("encdns.digest.checked_in"),
        Kind::FrameResponse,
        Base::None,
        cstr!("The frame whose TLS certificate this digest was checked against"),
    ),
    f(
        Field::DigestComputed,
        cstr!("SPKI Digest of the Certificate"),
        cstr!("encdns.digest.computed"),
        Kind::Bytes,
        Base::None,
        cstr!(
            "The hash of the certificate's DER SubjectPublicKeyInfo, with the advertised algorithm"
        ),
    ),
    f(
        Field::DigestMatch,
        cstr!("Digest Matches Certificate"),
        cstr!("encdns.digest.match"),
        Kind::Bool,
        Base::None,
        cstr!("Whether the advertised digest is the certificate's SPKI hash (RFC 9464 s5)"),
    ),
];

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
    fn abbrevs_are_unique_and_under_encdns() {
        for (i, a) in FIELDS.iter().enumerate() {
            let s = a.abbrev.to_str().unwrap();
            assert!(s.starts_with("encdns."), "{s}");
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
