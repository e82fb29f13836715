//! The diagnostics: one stable code per check, each
//! with its severity, group and registered summary, the values a finding of it
//! carries, and the message shown for one finding — all in one row of the table
//! below. The glue registers one expert info per code as `encdns.expert.<code>`.

use core::ffi::CStr;
use core::fmt::{self, Write};
use core::num::NonZeroU32;

use crate::fastfmt::{Label, Quoted};
use crate::keyfile::LoadStatus;
use crate::registry::{cfg_type_name, hash_alg_name};
use crate::spki::Check;
use crate::wire::svcparam::Key;

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Note = 0,
    Warn = 1,
    Error = 2,
}

/// Wireshark's expert groups we use: the packet breaks the format, it is well formed
/// but breaks a rule of the protocol, or it is a security concern.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Malformed = 0,
    Protocol = 1,
    Security = 2,
}

/// A code's registration: what the glue hands Wireshark for it.
#[derive(Clone, Copy, Debug)]
pub struct DiagInfo {
    pub code: Code,
    pub severity: Severity,
    pub group: Group,
    pub summary: &'static CStr,
    abbrev: Abbrev,
}

impl DiagInfo {
    /// `encdns.expert.<code in lower case>`.
    pub fn abbrev(&self) -> &CStr {
        self.abbrev.as_c_str()
    }
}

/// `encdns.expert.` and a code in lower case, made at compile time.
#[derive(Clone, Copy, Debug)]
struct Abbrev([u8; 64]);

impl Abbrev {
    const PREFIX: &'static [u8] = b"encdns.expert.";
    /// Codes of the RFC 9329 framing belong to the iketcp protocol.
    const IKETCP_CODE: &'static [u8] = b"IKETCP_";
    const IKETCP_PREFIX: &'static [u8] = b"iketcp.expert.";

    const fn starts_with(s: &[u8], p: &[u8]) -> bool {
        if s.len() < p.len() {
            return false;
        }
        let mut i = 0;
        while i < p.len() {
            if s[i] != p[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    const fn of(code: &str) -> Abbrev {
        let mut b = [0u8; 64];
        let code = code.as_bytes();
        let (prefix, skip) = if Self::starts_with(code, Self::IKETCP_CODE) {
            (Self::IKETCP_PREFIX, Self::IKETCP_CODE.len())
        } else {
            (Self::PREFIX, 0)
        };
        let mut i = 0;
        while i < prefix.len() {
            b[i] = prefix[i];
            i += 1;
        }
        let mut j = skip;
        i -= skip;
        while j < code.len() {
            // A code too long for the buffer fails the build here.
            b[i + j] = code[j].to_ascii_lowercase();
            j += 1;
        }
        Abbrev(b)
    }

    fn as_c_str(&self) -> &CStr {
        // Always NUL-terminated: `of` leaves at least the last octet 0.
        CStr::from_bytes_until_nul(&self.0).unwrap_or_default()
    }
}

/// Why a SvcParamValue is malformed (`SVCPARAM_BAD_VALUE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadValue {
    Empty,
    NotWholeItems,
    NotIncreasing,
    EmptyAlpnId,
    ItemOverrun,
    MustBeEmpty,
    NotUtf8,
    EchLength,
    DuplicateGroup,
}

impl BadValue {
    fn write(self, out: &mut impl Write, k: Key, len: u32) -> fmt::Result {
        match self {
            BadValue::Empty => write!(out, "{k} needs at least one value"),
            BadValue::NotWholeItems => {
                write!(
                    out,
                    "{k} value of {len} octets is not a whole number of items"
                )
            }
            BadValue::NotIncreasing => write!(out, "{k} keys are not in strictly increasing order"),
            BadValue::EmptyAlpnId => write!(out, "{k} has an alpn-id of length 0"),
            BadValue::ItemOverrun => write!(
                out,
                "{k}: a length-prefixed item runs past the value ({len} octets left)"
            ),
            BadValue::MustBeEmpty => write!(out, "{k} must have an empty value, has {len} octets"),
            BadValue::NotUtf8 => write!(out, "{k} is not valid UTF-8"),
            BadValue::EchLength => write!(
                out,
                "{k}: the ECHConfigList length prefix does not match the {len}-octet value"
            ),
            BadValue::DuplicateGroup => write!(out, "{k} lists a group twice"),
        }
    }
}

/// A hash algorithm by name and number.
struct HashAlg(u16);

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match hash_alg_name(self.0).and_then(|n| n.to_str().ok()) {
            Some(n) => write!(f, "{n} ({})", self.0),
            None => write!(f, "hash algorithm {}", self.0),
        }
    }
}

fn terminator_name(b: u8) -> &'static str {
    match b {
        0 => "NUL",
        0x0d => "CR",
        0x0a => "LF",
        _ => "control character",
    }
}

/// What a digest was checked against: a certificate from the capture, for the digest
/// claimed in a frame; or the key of a row of the Resolver certificates preference
/// (numbered from 1, as the dialog shows them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    ClaimedIn(NonZeroU32),
    Row(u16),
}

/// Says where a configured key came from, for the messages.
struct FromRow(u16);

impl fmt::Display for FromRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "configured for this ADN (Resolver certificates preference, row {})",
            self.0
        )
    }
}

/// The table. Each row: the code (the values its findings carry), severity and group,
/// the registered summary, and the message of one finding, written with `out` (and
/// `span`, the octets the finding points at).
macro_rules! diagnostics {
    (|$out:ident, $span:ident| $(
        $code:ident $({ $($field:ident : $ty:ty),* })? [$severity:ident $group:ident]
            $summary:literal => $message:expr;
    )*) => {
        /// Diagnostic codes, in table order. The numbers cross the C ABI in expert
        /// infos.
        #[repr(u16)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum Code { $($code),* }

        /// One finding: a code and the values its message names.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum Finding { $($code $({ $($field: $ty),* })?),* }

        impl Finding {
            pub fn code(&self) -> Code {
                match self { $(Finding::$code { .. } => Code::$code),* }
            }

            /// The message shown for this finding; `span` holds the octets it points at.
            #[allow(unused_variables)]
            pub fn write_message(&self, $span: &[u8], $out: &mut impl Label) -> fmt::Result {
                match *self { $(Finding::$code $({ $($field),* })? => $message),* }
            }
        }

        pub static DIAGS: [DiagInfo; [$(Code::$code),*].len()] = [$(DiagInfo {
            code: Code::$code,
            severity: Severity::$severity,
            group: Group::$group,
            summary: cstr!($summary),
            abbrev: Abbrev::of(stringify!($code)),
        }),*];
    };
}

#[rustfmt::skip]
diagnostics! { |out, span|
    ATTR_HEADER_TRUNCATED { present: u8 } [Error Malformed]
        "Attribute header truncated (RFC 7296 s3.15.1: 4 octets)"
        => write!(out, "Attribute header truncated: {present} of 4 octets present");
    ATTR_LENGTH_EXCEEDS_DATA { length: u16, present: u32 } [Error Malformed]
        "Attribute Length runs past the Configuration payload"
        => write!(out, "Attribute Length {length} runs past the Configuration payload: {present} octets of value present");
    R_BIT_SET { type_field: u16 } [Warn Protocol]
        "Reserved bit set (RFC 9464 s3.1/s3.2: MUST be 0, ignored on receipt)"
        => write!(out, "Reserved bit set in attribute type field 0x{type_field:04x}: MUST be 0 and is ignored on receipt \
                        (a decoder that takes it for the IKEv1 AF bit misreads the attributes after this one)");
    IP_LENGTH_ZERO_IN_REPLY_OR_SET [Error Protocol]
        "Empty ENCDNS_IP* in CFG_REPLY/CFG_SET (RFC 9464 s3.1: Num Addresses MUST NOT be 0)"
        => write!(out, "ENCDNS_IP* with Length 0 in CFG_REPLY/CFG_SET gives no resolver (Num Addresses MUST NOT be 0)");
    IP_NONZERO_LENGTH_IN_ACK { length: u16 } [Warn Protocol]
        "ENCDNS_IP* in CFG_ACK has a value (RFC 9464 s3.1: Length is set to 0)"
        => write!(out, "ENCDNS_IP* in CFG_ACK has Length {length}; RFC 9464 sets it to 0");
    IP_FIXED_FIELDS_TRUNCATED { length: u8 } [Error Malformed]
        "ENCDNS_IP* value shorter than its 4 fixed octets (RFC 9464 s3.1)"
        => write!(out, "ENCDNS_IP* value is {length} octets, shorter than its 4 fixed octets (Service Priority, Num Addresses, ADN Length)");
    SERVICE_PRIORITY_ZERO [Error Protocol]
        "Service Priority is 0 (RFC 9464 s3.1: MUST NOT be 0, AliasMode unsupported)"
        => write!(out, "Service Priority is 0: MUST NOT be 0 (AliasMode is not supported by RFC 9464)");
    NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET [Error Protocol]
        "Num Addresses is 0 in CFG_REPLY/CFG_SET (RFC 9464 s3.1 MUST NOT, s4)"
        => write!(out, "Num Addresses is 0 in CFG_REPLY/CFG_SET: at least one resolver address is required");
    ADDRESSES_OVERRUN { need: u32, have: u32 } [Error Malformed]
        "IP addresses run past the attribute (RFC 9464 s3.1 Length formula)"
        => write!(out, "IP addresses need {need} octets but only {have} remain in the attribute");
    ADN_OVERRUN { adn_len: u8, have: u32 } [Error Malformed]
        "ADN runs past the attribute (RFC 9464 s3.1 Length formula)"
        => write!(out, "ADN Length is {adn_len} but only {have} octets remain in the attribute");
    ADN_ABSENT_IN_REPLY_OR_SET [Warn Protocol]
        "No ADN in CFG_REPLY/CFG_SET (RFC 9464 s4, RFC 9463 s3.1.9: the ADN is mandatory)"
        => write!(out, "ADN Length is 0 in CFG_REPLY/CFG_SET: the resolver has no name to authenticate");
    ADN_CONTAINS_TERMINATOR { octet: u8, at: u32 } [Error Protocol]
        "ADN contains a terminator (RFC 9464 s3.1/s3.2: MUST NOT)"
        => write!(out, "ADN contains a terminator ({}, 0x{octet:02x}) at attribute offset {at}", terminator_name(octet));
    ADN_NOT_ASCII { octet: u8, at: u32 } [Warn Protocol]
        "ADN is not ASCII (RFC 9464 s3.1: presentation format with IDNA A-labels)"
        => write!(out, "ADN contains non-ASCII octet 0x{octet:02x} at attribute offset {at}; internationalized names must be sent as A-labels (xn--)");
    ADN_TOO_LONG { length: u32 } [Warn Protocol]
        "ADN longer than 253 characters (a domain name is at most 255 octets on the wire)"
        => write!(out, "ADN is {length} characters long, more than 253");
    ADN_BAD_LABEL_LENGTH { length: u32, at: u32 } [Warn Protocol]
        "ADN label is not 1 to 63 octets long"
        => if length == 0 {
            write!(out, "ADN has an empty label at attribute offset {at}")
        } else {
            write!(out, "ADN label {} is {length} octets long, more than 63", Quoted(span))
        };
    ADN_INVALID_A_LABEL [Warn Protocol]
        "ADN label starts with xn-- but is not a valid A-label (RFC 5890)"
        => write!(out, "ADN label {} starts with xn-- but is not a valid A-label (Punycode)", Quoted(span));
    ADN_NON_LDH [Note Protocol]
        "ADN label is not a host name label (letters, digits, hyphen)"
        => write!(out, "ADN label {} is not a host name label (letters, digits, inner hyphens)", Quoted(span));
    DIGEST_LENGTH_ZERO_OUTSIDE_ACK { cfg: u8 } [Error Protocol]
        "Empty ENCDNS_DIGEST_INFO outside CFG_ACK (RFC 9464 s3.2)"
        => write!(out, "ENCDNS_DIGEST_INFO with Length 0 in {}: only a CFG_ACK carries it empty",
                  cfg_type_name(cfg).unwrap_or("an unknown CFG type"));
    DIGEST_NONZERO_LENGTH_IN_ACK { length: u16 } [Error Protocol]
        "ENCDNS_DIGEST_INFO in CFG_ACK has a value (RFC 9464 s3.2: MUST be zero-length)"
        => write!(out, "ENCDNS_DIGEST_INFO in CFG_ACK has Length {length}; it MUST be zero-length");
    DIGEST_FIXED_FIELDS_TRUNCATED { length: u8, need: u8 } [Error Malformed]
        "ENCDNS_DIGEST_INFO value shorter than its fixed fields (RFC 9464 s3.2)"
        => write!(out, "ENCDNS_DIGEST_INFO value is {length} octets, shorter than its {need} fixed octets");
    DIGEST_REQ_ADN_LENGTH_NONZERO { adn_len: u8 } [Error Protocol]
        "ADN Length is not 0 in a CFG_REQUEST ENCDNS_DIGEST_INFO (RFC 9464 s3.2: MUST be 0)"
        => write!(out, "ADN Length is {adn_len} in a CFG_REQUEST; it MUST be 0 (the request names no resolver)");
    DIGEST_REQ_LENGTH_ODD { length: u16 } [Error Malformed]
        "CFG_REQUEST ENCDNS_DIGEST_INFO Length is not 2 + 2N (RFC 9464 s3.2)"
        => write!(out, "Value of {length} octets is not 2 + 2N: the hash algorithm list ends in half an identifier");
    DIGEST_REQ_NUM_HASH_ALGS_MISMATCH { num: u8, listed: u32 } [Error Protocol]
        "Num Hash Algs does not match the list (RFC 9464 s3.2: MUST be (Length-2)/2)"
        => write!(out, "Num Hash Algs is {num} but the list holds {listed} identifiers");
    DIGEST_REQ_NO_HASH_ALGS [Warn Protocol]
        "CFG_REQUEST ENCDNS_DIGEST_INFO lists no hash algorithm (RFC 9464 s3.2, s4)"
        => write!(out, "The request lists no hash algorithm, so the responder cannot pick one");
    DIGEST_REQ_SHA2_256_NOT_OFFERED { offered: u32 } [Note Protocol]
        "SHA2-256 not offered (RFC 9464 s5: implementations MUST support it)"
        => write!(out, "None of the {offered} offered hash algorithms is SHA2-256, which implementations MUST support");
    DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE { num: u8 } [Error Protocol]
        "Num Hash Algs is not 1 in CFG_REPLY/CFG_SET (RFC 9464 s3.2)"
        => write!(out, "Num Hash Algs is {num} in CFG_REPLY/CFG_SET; it MUST be 1");
    DIGEST_ADN_OVERRUN { adn_len: u8, have: u32 } [Error Malformed]
        "ENCDNS_DIGEST_INFO ADN runs past the attribute (RFC 9464 s3.2)"
        => write!(out, "ADN Length is {adn_len} but only {have} octets remain in the attribute");
    DIGEST_HASH_ALG_MISSING { have: u8 } [Error Malformed]
        "ENCDNS_DIGEST_INFO has no room for its Hash Algorithm Identifier (RFC 9464 s3.2)"
        => write!(out, "Only {have} octets remain for the 2-octet Hash Algorithm Identifier");
    DIGEST_EMPTY { alg: u16 } [Error Protocol]
        "Certificate Digest is empty (RFC 9464 s3.2)"
        => write!(out, "Certificate Digest for {} is empty", HashAlg(alg));
    DIGEST_LENGTH_MISMATCH { alg: u16, want: u8, have: u32 } [Error Protocol]
        "Certificate Digest length differs from the hash algorithm's output size"
        => write!(out, "Certificate Digest is {have} octets; a {} digest is {want} octets", HashAlg(alg));
    HASH_ALG_RESERVED_ZERO [Warn Protocol]
        "Hash algorithm 0 is Reserved (IANA IKEv2 Hash Algorithms)"
        => write!(out, "Hash algorithm 0 is Reserved");
    HASH_ALG_IDENTITY [Warn Protocol]
        "Hash algorithm 5 (Identity, RFC 8420) makes no certificate digest"
        => write!(out, "Hash algorithm 5 (Identity) passes data through unhashed: it identifies no certificate");
    HASH_ALG_UNASSIGNED { alg: u16 } [Note Protocol]
        "Unassigned hash algorithm (IANA IKEv2 Hash Algorithms)"
        => write!(out, "Hash algorithm {alg} is unassigned");
    HASH_ALG_PRIVATE_USE { alg: u16 } [Note Protocol]
        "Private-use hash algorithm (IANA IKEv2 Hash Algorithms 1024-65535)"
        => write!(out, "Hash algorithm {alg} is for private use");
    SVCPARAMS_TRUNCATED { need: u32, have: u32 } [Error Malformed]
        "SvcParams end inside a parameter (RFC 9460 s2.2: malformed)"
        => write!(out, "SvcParams end inside a parameter: it needs {need} octets, {have} remain");
    SVCPARAMS_KEYS_NOT_INCREASING { key: Key, previous: Key } [Error Malformed]
        "SvcParamKeys not in strictly increasing order (RFC 9460 s2.2)"
        => write!(out, "SvcParamKey {key} follows {previous}: keys must be strictly increasing");
    SVCPARAMS_DUPLICATE_KEY { key: Key } [Error Malformed]
        "SvcParamKey appears twice (RFC 9460 s2.1/s2.2)"
        => write!(out, "SvcParamKey {key} appears more than once");
    SVCPARAM_BAD_VALUE { key: Key, why: BadValue, length: u32 } [Error Malformed]
        "SvcParamValue not in its expected format (RFC 9460 s2.2)"
        => why.write(out, key, length);
    SVCPARAM_MANDATORY_KEY_ABSENT { key: Key } [Error Protocol]
        "A key listed in mandatory is absent (RFC 9460 s8)"
        => write!(out, "mandatory lists {key}, which is not among the SvcParams");
    SVCPARAM_MANDATORY_LISTS_MANDATORY [Error Protocol]
        "mandatory lists itself (RFC 9460 s8)"
        => write!(out, "mandatory lists key 0 (mandatory) itself");
    SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY { key: Key } [Note Protocol]
        "mandatory lists an automatically mandatory key (RFC 9460 s8 SHOULD NOT; port for dns, RFC 9461 s4.2)"
        => write!(out, "mandatory lists {key}, which is automatically mandatory for DNS servers");
    SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN [Error Protocol]
        "no-default-alpn without alpn (RFC 9460 s7.1.1)"
        => write!(out, "no-default-alpn without alpn leaves the resolver with no protocol");
    SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE [Note Protocol]
        "no-default-alpn does not apply to DNS servers (RFC 9461 s4.1)"
        => write!(out, "no-default-alpn has no effect here: DNS servers have no default ALPN (RFC 9461 s4.1)");
    SVCPARAM_INVALID_KEY_65535 [Warn Protocol]
        "SvcParamKey 65535 is the reserved 'Invalid key' (RFC 9460 s14.3.2)"
        => write!(out, "SvcParamKey 65535 is reserved as the 'Invalid key'");
    SVCPARAM_UNKNOWN_KEY { key: Key } [Note Protocol]
        "Unrecognised SvcParamKey, ignored by clients (RFC 9460 s2.4.3)"
        => write!(out, "SvcParamKey {key} is {}; clients ignore it",
                  if key.is_private_use() { "for private use" } else { "unassigned" });
    SVCPARAM_IPV4HINT_FORBIDDEN [Error Protocol]
        "ipv4hint in an RFC 9464 attribute (s3.1: MUST NOT be included)"
        => write!(out, "ipv4hint is not allowed: the attribute carries the resolver addresses itself");
    SVCPARAM_IPV6HINT_FORBIDDEN [Error Protocol]
        "ipv6hint in an RFC 9464 attribute (s3.1: MUST NOT be included)"
        => write!(out, "ipv6hint is not allowed: the attribute carries the resolver addresses itself");
    SVCPARAMS_NO_ALPN [Warn Protocol]
        "Reply SvcParams without alpn (RFC 9464 s4: SHOULD include at least alpn)"
        => write!(out, "No alpn parameter: the client cannot tell which encrypted DNS protocol to use");
    DOHPATH_MISSING_FOR_HTTP_ALPN [Warn Protocol]
        "HTTP alpn without dohpath (RFC 9461 s5: MUST be present)"
        => write!(out, "alpn names an HTTP version (DoH) but there is no dohpath");
    DOHPATH_WITHOUT_DNS_VARIABLE [Warn Protocol]
        "dohpath has no dns variable (RFC 9461 s5: MUST contain one)"
        => write!(out, "dohpath {} has no dns variable (e.g. {{?dns}})", Quoted(span));
    OHTTP_WITHOUT_HTTP_ALPN [Warn Protocol]
        "ohttp without an HTTP alpn (RFC 9540 s4.2)"
        => write!(out, "ohttp needs an HTTP alpn (h2 or h3) for a DNS server");
    TRAILING_BYTES_AFTER_ATTRIBUTE { count: u32 } [Note Protocol]
        "Octets after the attribute's Length (the next attribute, or garbage)"
        => write!(out, "{count} octets follow the attribute's Length");
    DNSSEC_TA_TRUNCATED { length: u8 } [Error Malformed]
        "INTERNAL_DNSSEC_TA shorter than Key Tag, Algorithm, Digest Type and a digest (RFC 8598 s4.2)"
        => write!(out, "INTERNAL_DNSSEC_TA value is {length} octets: Key Tag, Algorithm, Digest Type and a digest need at least 5");
    ATTR_UNEXPECTED_LENGTH { length: u16, expected: u8 } [Warn Malformed]
        "Attribute Length not one the IANA registry allows for this type"
        => write!(out, "Length {length} is neither 0 nor {expected}, the sizes this attribute type has");
    DUPLICATE_IDENTICAL_ATTRIBUTE { first_at: u32 } [Note Protocol]
        "Bitwise-identical attribute in one CFG_REQUEST (RFC 9464 s4: the responder SHOULD ignore the copies)"
        => write!(out, "Identical to the attribute at payload offset {first_at}: the responder SHOULD ignore this copy");
    EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED { suggested: u32 } [Note Protocol]
        "An empty attribute beside suggested resolvers of the same type (RFC 9464 s4: either one or the other)"
        => write!(out, "Empty attribute (any resolver) beside {suggested} suggested resolver(s) of the same type");
    DIGEST_ADN_AMBIGUOUS { adns: u32 } [Warn Protocol]
        "Digest without an ADN while several ADNs are given (RFC 9464 s3.2)"
        => write!(out, "Digest has no ADN but the payload gives {adns} different ADNs: which resolver is it for?");
    DIGEST_ADN_WITH_SINGLE_ADN [Note Protocol]
        "Digest names its ADN while only one ADN is given (RFC 9464 s3.2: only when several)"
        => write!(out, "Digest names its ADN although the payload gives only one; the name is sent only when there are several");
    DIGEST_ADN_UNMATCHED { adns: u32 } [Warn Protocol]
        "Digest ADN matches no ENCDNS_IP* ADN of the payload (RFC 9464 s3.2, s4)"
        => write!(out, "Digest ADN is none of the {adns} ADN(s) the ENCDNS_IP* attributes of this payload give");
    INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER [Error Protocol]
        "INTERNAL_DNS_DOMAIN without a DNS server in the reply (RFC 8598 s3.2; ENCDNS_IP* would do, RFC 9464 s4)"
        => write!(out, "INTERNAL_DNS_DOMAIN in a CFG_REPLY with no INTERNAL_IP4_DNS, INTERNAL_IP6_DNS or ENCDNS_IP* to resolve it");
    DNSSEC_TA_NOT_AFTER_DNS_DOMAIN { in_request: bool } [Warn Protocol]
        "INTERNAL_DNSSEC_TA not right after INTERNAL_DNS_DOMAIN (RFC 8598 s4.2: MUST, else ignored)"
        => if in_request {
            write!(out, "INTERNAL_DNSSEC_TA in a CFG_REQUEST without an INTERNAL_DNS_DOMAIN")
        } else {
            write!(out, "INTERNAL_DNSSEC_TA does not follow an INTERNAL_DNS_DOMAIN (or another trust anchor): the client ignores it")
        };
    PAIRWISE_CHECKS_LIMITED { checked: u32, total: u32 } [Note Protocol]
        "More RFC 9464 attributes in one payload than are compared with each other (duplicates, distinct ADNs)"
        => write!(out, "The payload has {total} RFC 9464 attributes; only the first {checked} were compared for duplicates and distinct ADNs, this one and those after it were not");
    DIGEST_HASH_ALG_NOT_REQUESTED { alg: u16 } [Note Protocol]
        "Reply digest uses a hash algorithm the request did not offer (RFC 9464 s4: negotiated)"
        => write!(out, "The reply's digest uses {}, which the CFG_REQUEST did not offer", HashAlg(alg));
    ENCDNS_FAMILY_NOT_REQUESTED { family: u8 } [Note Protocol]
        "Reply gives resolvers of an address family the request did not ask for (RFC 9464 s4)"
        => write!(out, "The reply gives ENCDNS_IP{family} resolvers, but the CFG_REQUEST asked for none");
    ENCDNS_FAMILY_NOT_ANSWERED { family: u8 } [Note Protocol]
        "Requested ENCDNS_IP* family got no answer: the responder does not support it (RFC 9464 s4)"
        => write!(out, "The CFG_REQUEST asked for ENCDNS_IP{family} and the reply has none: the responder does not support it");
    QUOTED_IN_ICMP_ERROR [Note Protocol]
        "IKE message quoted in an ICMP error: shown, but not a message of its IKE SA"
        => write!(out, "This IKE message is quoted in an ICMP error (it did not reach its peer): its attributes are shown, but it is no request or reply of its IKE SA");
    ENCDNS_FROM_NULL_AUTH_RESPONDER { method: u8 } [Warn Security]
        "Resolvers from a responder that used NULL authentication (RFC 9464 s6: not to be used unless preconfigured)"
        => write!(out, "The responder authenticated with NULL authentication (method {method}): the initiator MUST NOT use these resolvers unless preconfigured");
    DIGEST_MATCHES_CERTIFICATE { alg: u16, against: Against } [Note Protocol]
        "The server's certificate has the SPKI digest ENCDNS_DIGEST_INFO advertised (RFC 9464 s5)"
        => match against {
            Against::Row(r) => write!(out, "The certificate {} has the advertised {} digest", FromRow(r), HashAlg(alg)),
            Against::ClaimedIn(f) => write!(out, "The certificate's SubjectPublicKeyInfo has the {} digest advertised in frame {f}", HashAlg(alg)),
        };
    DIGEST_CERTIFICATE_MISMATCH { alg: u16, against: Against } [Error Security]
        "The server's certificate does not have the SPKI digest ENCDNS_DIGEST_INFO advertised (RFC 9464 s5)"
        => match against {
            Against::Row(r) => write!(out, "The certificate {} does not have the advertised {} digest", FromRow(r), HashAlg(alg)),
            Against::ClaimedIn(f) => write!(out, "The certificate's SubjectPublicKeyInfo does not have the {} digest advertised in frame {f}: not the resolver the VPN named", HashAlg(alg)),
        };
    DIGEST_NOT_CHECKABLE { alg: u16, against: Against, why: Check } [Note Protocol]
        "A certificate from an advertised resolver could not be checked against its digest"
        => {
            match against {
                Against::ClaimedIn(f) => write!(out, "The {} digest advertised in frame {f} cannot be checked: ", HashAlg(alg))?,
                Against::Row(r) => write!(out, "The {} digest cannot be checked against the certificate {}: ", HashAlg(alg), FromRow(r))?,
            }
            out.write_str(if why == Check::UnsupportedAlgorithm {
                "the algorithm is not one this plugin computes"
            } else {
                "no SubjectPublicKeyInfo in the certificate"
            })
        };
    CONFIGURED_CERTIFICATE_UNUSABLE { row: u16, why: LoadStatus } [Warn Protocol]
        "The certificate configured for this ADN gave no key: the digest is not checked against it"
        => {
            write!(out, "The file of row {row} of the Resolver certificates preference, configured for this ADN, ")?;
            out.write_str(match why {
                LoadStatus::Unreadable => "cannot be read",
                LoadStatus::TooLarge => "is too large",
                _ => "holds no certificate or public key",
            })?;
            out.write_str(": this digest is not checked against it")
        };
    IKETCP_LENGTH_BELOW_TWO { length: u16 } [Error Malformed]
        "Length below 2 (it counts its own two octets): the stream's framing is lost (RFC 9329 s3)"
        => write!(out, "Length {length} is below 2, which its own two octets take: where the messages after it start cannot be known");
    IKETCP_MESSAGE_TOO_SHORT { length: u16 } [Error Malformed]
        "Message too short for a Non-ESP Marker and an IKE header, or an ESP header (RFC 9329 s3)"
        => write!(out, "Length {length} leaves {} octets after itself: too few for a Non-ESP Marker (IKE) or an ESP header (8 octets)", length.saturating_sub(2));
    IKETCP_MARKER_MISSING { ike_length: u32 } [Warn Malformed]
        "An IKE message without its Non-ESP Marker: a receiver takes it for ESP (RFC 9329 s3.1)"
        => write!(out, "This looks like an IKEv2 message ({ike_length} octets, as its header says) with no Non-ESP Marker before it: a receiver takes it for an ESP packet");
    IKETCP_LENGTH_MISSING { ike_length: u32 } [Error Malformed]
        "A Non-ESP Marker and an IKE message with no Length before them (RFC 9329 s3)"
        => write!(out, "A Non-ESP Marker and an IKEv2 message ({ike_length} octets, as its header says) with no Length before them: an RFC 9329 peer reads a Length of 0 and loses the stream");
    IKETCP_NO_PREFIX [Warn Protocol]
        "The stream does not begin with the IKETCP prefix (RFC 9329 s4)"
        => write!(out, "Neither side began this stream with the IKETCP prefix (RFC 9329 s4), or the capture begins after it");
    IKETCP_PREFIX_FROM_BOTH [Warn Protocol]
        "Both sides sent the IKETCP prefix; only the TCP connection's initiator does (RFC 9329 s4)"
        => write!(out, "Both sides began with the IKETCP prefix; only the side that opened the TCP connection sends it");
}

impl Code {
    pub fn info(self) -> &'static DiagInfo {
        &DIAGS[self as usize]
    }

    pub fn from_u16(n: u16) -> Option<Code> {
        DIAGS.get(usize::from(n)).map(|d| d.code)
    }
}

impl Finding {
    /// The verdict of a digest checked against a certificate, as a finding.
    pub fn of_check(check: Check, alg: u16, against: Against) -> Finding {
        match check {
            Check::Match => Finding::DIGEST_MATCHES_CERTIFICATE { alg, against },
            Check::Mismatch => Finding::DIGEST_CERTIFICATE_MISMATCH { alg, against },
            why => Finding::DIGEST_NOT_CHECKABLE { alg, against, why },
        }
    }
}

/// A length or count a finding shows, as it carries it (lengths within one attribute
/// fit; a larger one is shown as the largest).
pub(crate) fn len32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_code_and_abbrev_is_its_protocols_and_lower_case_code() {
        for (i, info) in DIAGS.iter().enumerate() {
            assert_eq!(info.code as usize, i);
            let code = format!("{:?}", info.code);
            // The RFC 9329 framing's codes are the iketcp protocol's.
            let want = match code.strip_prefix("IKETCP_") {
                Some(rest) => format!("iketcp.expert.{rest}"),
                None => format!("encdns.expert.{code}"),
            };
            assert_eq!(info.abbrev().to_str().unwrap(), want.to_lowercase());
        }
    }
}
