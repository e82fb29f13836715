//! The diagnostics catalogue (SPEC.md "Diagnostic catalogue"): one stable code per
//! check. The C glue registers one expert info per entry as `encdns.expert.<code>`.

use core::ffi::CStr;

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

#[derive(Clone, Copy, Debug)]
pub struct DiagInfo {
    pub code: Code,
    pub abbrev: &'static CStr,
    pub severity: Severity,
    pub group: Group,
    /// The registered summary; the message shown per packet names the value
    /// (see [`crate::message`]).
    pub summary: &'static CStr,
}

/// Diagnostic codes, in table order. The numbers cross the C ABI in [`crate::Diag::code`].
#[repr(u16)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum Code {
    ATTR_HEADER_TRUNCATED = 0,
    ATTR_LENGTH_EXCEEDS_DATA,
    R_BIT_SET,
    IP_LENGTH_ZERO_IN_REPLY_OR_SET,
    IP_NONZERO_LENGTH_IN_ACK,
    IP_FIXED_FIELDS_TRUNCATED,
    SERVICE_PRIORITY_ZERO,
    NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET,
    ADDRESSES_OVERRUN,
    ADN_OVERRUN,
    ADN_ABSENT_IN_REPLY_OR_SET,
    ADN_CONTAINS_TERMINATOR,
    ADN_NOT_ASCII,
    ADN_TOO_LONG,
    ADN_BAD_LABEL_LENGTH,
    ADN_INVALID_A_LABEL,
    ADN_NON_LDH,
    DIGEST_LENGTH_ZERO_OUTSIDE_ACK,
    DIGEST_NONZERO_LENGTH_IN_ACK,
    DIGEST_FIXED_FIELDS_TRUNCATED,
    DIGEST_REQ_ADN_LENGTH_NONZERO,
    DIGEST_REQ_LENGTH_ODD,
    DIGEST_REQ_NUM_HASH_ALGS_MISMATCH,
    DIGEST_REQ_NO_HASH_ALGS,
    DIGEST_REQ_SHA2_256_NOT_OFFERED,
    DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE,
    DIGEST_ADN_OVERRUN,
    DIGEST_HASH_ALG_MISSING,
    DIGEST_EMPTY,
    DIGEST_LENGTH_MISMATCH,
    HASH_ALG_RESERVED_ZERO,
    HASH_ALG_IDENTITY,
    HASH_ALG_UNASSIGNED,
    HASH_ALG_PRIVATE_USE,
    SVCPARAMS_TRUNCATED,
    SVCPARAMS_KEYS_NOT_INCREASING,
    SVCPARAMS_DUPLICATE_KEY,
    SVCPARAM_BAD_VALUE,
    SVCPARAM_MANDATORY_KEY_ABSENT,
    SVCPARAM_MANDATORY_LISTS_MANDATORY,
    SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY,
    SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN,
    SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE,
    SVCPARAM_INVALID_KEY_65535,
    SVCPARAM_UNKNOWN_KEY,
    SVCPARAM_IPV4HINT_FORBIDDEN,
    SVCPARAM_IPV6HINT_FORBIDDEN,
    SVCPARAMS_NO_ALPN,
    DOHPATH_MISSING_FOR_HTTP_ALPN,
    DOHPATH_WITHOUT_DNS_VARIABLE,
    OHTTP_WITHOUT_HTTP_ALPN,
    TRAILING_BYTES_AFTER_ATTRIBUTE,
    DNSSEC_TA_TRUNCATED,
    ATTR_UNEXPECTED_LENGTH,
    DUPLICATE_IDENTICAL_ATTRIBUTE,
    EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED,
    DIGEST_ADN_AMBIGUOUS,
    DIGEST_ADN_WITH_SINGLE_ADN,
    DIGEST_ADN_UNMATCHED,
    INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER,
    DNSSEC_TA_NOT_AFTER_DNS_DOMAIN,
    DIGEST_HASH_ALG_NOT_REQUESTED,
    ENCDNS_FAMILY_NOT_REQUESTED,
    ENCDNS_FAMILY_NOT_ANSWERED,
    ENCDNS_FROM_NULL_AUTH_RESPONDER,
    DIGEST_MATCHES_CERTIFICATE,
    DIGEST_CERTIFICATE_MISMATCH,
    DIGEST_NOT_CHECKABLE,
}

impl Code {
    pub fn info(self) -> &'static DiagInfo {
        &DIAGS[self as usize]
    }

    pub fn from_u16(n: u16) -> Option<Code> {
        DIAGS.get(usize::from(n)).map(|d| d.code)
    }
}

use Group::*;
use Severity::*;

const fn d(
    code: Code,
    abbrev: &'static CStr,
    severity: Severity,
    group: Group,
    summary: &'static CStr,
) -> DiagInfo {
    DiagInfo {
        code,
        abbrev,
        severity,
        group,
        summary,
    }
}

pub static DIAGS: [DiagInfo; 68] = [
    d(
        Code::ATTR_HEADER_TRUNCATED,
        cstr!("encdns.expert.attr_header_truncated"),
        Error,
        Malformed,
        cstr!("Attribute header truncated (RFC 7296 s3.15.1: 4 octets)"),
    ),
    d(
        Code::ATTR_LENGTH_EXCEEDS_DATA,
        cstr!("encdns.expert.attr_length_exceeds_data"),
        Error,
        Malformed,
        cstr!("Attribute Length runs past the Configuration payload"),
    ),
    d(
        Code::R_BIT_SET,
        cstr!("encdns.expert.r_bit_set"),
        Warn,
        Protocol,
        cstr!("Reserved bit set (RFC 9464 s3.1/s3.2: MUST be 0, ignored on receipt)"),
    ),
    d(
        Code::IP_LENGTH_ZERO_IN_REPLY_OR_SET,
        cstr!("encdns.expert.ip_length_zero_in_reply_or_set"),
        Error,
        Protocol,
        cstr!("Empty ENCDNS_IP* in CFG_REPLY/CFG_SET (RFC 9464 s3.1: Num Addresses MUST NOT be 0)"),
    ),
    d(
        Code::IP_NONZERO_LENGTH_IN_ACK,
        cstr!("encdns.expert.ip_nonzero_length_in_ack"),
        Warn,
        Protocol,
        cstr!("ENCDNS_IP* in CFG_ACK has a value (RFC 9464 s3.1: Length is set to 0)"),
    ),
    d(
        Code::IP_FIXED_FIELDS_TRUNCATED,
        cstr!("encdns.expert.ip_fixed_fields_truncated"),
        Error,
        Malformed,
        cstr!("ENCDNS_IP* value shorter than its 4 fixed octets (RFC 9464 s3.1)"),
    ),
    d(
        Code::SERVICE_PRIORITY_ZERO,
        cstr!("encdns.expert.service_priority_zero"),
        Error,
        Protocol,
        cstr!("Service Priority is 0 (RFC 9464 s3.1: MUST NOT be 0, AliasMode unsupported)"),
    ),
    d(
        Code::NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET,
        cstr!("encdns.expert.num_addresses_zero_in_reply_or_set"),
        Error,
        Protocol,
        cstr!("Num Addresses is 0 in CFG_REPLY/CFG_SET (RFC 9464 s3.1 MUST NOT, s4)"),
    ),
    d(
        Code::ADDRESSES_OVERRUN,
        cstr!("encdns.expert.addresses_overrun"),
        Error,
        Malformed,
        cstr!("IP addresses run past the attribute (RFC 9464 s3.1 Length formula)"),
    ),
    d(
        Code::ADN_OVERRUN,
        cstr!("encdns.expert.adn_overrun"),
        Error,
        Malformed,
        cstr!("ADN runs past the attribute (RFC 9464 s3.1 Length formula)"),
    ),
    d(
        Code::ADN_ABSENT_IN_REPLY_OR_SET,
        cstr!("encdns.expert.adn_absent_in_reply_or_set"),
        Warn,
        Protocol,
        cstr!("No ADN in CFG_REPLY/CFG_SET (RFC 9464 s4, RFC 9463 s3.1.9: the ADN is mandatory)"),
    ),
    d(
        Code::ADN_CONTAINS_TERMINATOR,
        cstr!("encdns.expert.adn_contains_terminator"),
        Error,
        Protocol,
        cstr!("ADN contains a terminator (RFC 9464 s3.1/s3.2: MUST NOT)"),
    ),
    d(
        Code::ADN_NOT_ASCII,
        cstr!("encdns.expert.adn_not_ascii"),
        Warn,
        Protocol,
        cstr!("ADN is not ASCII (RFC 9464 s3.1: presentation format with IDNA A-labels)"),
    ),
    d(
        Code::ADN_TOO_LONG,
        cstr!("encdns.expert.adn_too_long"),
        Warn,
        Protocol,
        cstr!("ADN longer than 253 characters (a domain name is at most 255 octets on the wire)"),
    ),
    d(
        Code::ADN_BAD_LABEL_LENGTH,
        cstr!("encdns.expert.adn_bad_label_length"),
        Warn,
        Protocol,
        cstr!("ADN label is not 1 to 63 octets long"),
    ),
    d(
        Code::ADN_INVALID_A_LABEL,
        cstr!("encdns.expert.adn_invalid_a_label"),
        Warn,
        Protocol,
        cstr!("ADN label starts with xn-- but is not a valid A-label (RFC 5890)"),
    ),
    d(
        Code::ADN_NON_LDH,
        cstr!("encdns.expert.adn_non_ldh"),
        Note,
        Protocol,
        cstr!("ADN label is not a host name label (letters, digits, hyphen)"),
    ),
    d(
        Code::DIGEST_LENGTH_ZERO_OUTSIDE_ACK,
        cstr!("encdns.expert.digest_length_zero_outside_ack"),
        Error,
        Protocol,
        cstr!("Empty ENCDNS_DIGEST_INFO outside CFG_ACK (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_NONZERO_LENGTH_IN_ACK,
        cstr!("encdns.expert.digest_nonzero_length_in_ack"),
        Error,
        Protocol,
        cstr!("ENCDNS_DIGEST_INFO in CFG_ACK has a value (RFC 9464 s3.2: MUST be zero-length)"),
    ),
    d(
        Code::DIGEST_FIXED_FIELDS_TRUNCATED,
        cstr!("encdns.expert.digest_fixed_fields_truncated"),
        Error,
        Malformed,
        cstr!("ENCDNS_DIGEST_INFO value shorter than its fixed fields (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_REQ_ADN_LENGTH_NONZERO,
        cstr!("encdns.expert.digest_req_adn_length_nonzero"),
        Error,
        Protocol,
        cstr!("ADN Length is not 0 in a CFG_REQUEST ENCDNS_DIGEST_INFO (RFC 9464 s3.2: MUST be 0)"),
    ),
    d(
        Code::DIGEST_REQ_LENGTH_ODD,
        cstr!("encdns.expert.digest_req_length_odd"),
        Error,
        Malformed,
        cstr!("CFG_REQUEST ENCDNS_DIGEST_INFO Length is not 2 + 2N (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_REQ_NUM_HASH_ALGS_MISMATCH,
        cstr!("encdns.expert.digest_req_num_hash_algs_mismatch"),
        Error,
        Protocol,
        cstr!("Num Hash Algs does not match the list (RFC 9464 s3.2: MUST be (Length-2)/2)"),
    ),
    d(
        Code::DIGEST_REQ_NO_HASH_ALGS,
        cstr!("encdns.expert.digest_req_no_hash_algs"),
        Warn,
        Protocol,
        cstr!("CFG_REQUEST ENCDNS_DIGEST_INFO lists no hash algorithm (RFC 9464 s3.2, s4)"),
    ),
    d(
        Code::DIGEST_REQ_SHA2_256_NOT_OFFERED,
        cstr!("encdns.expert.digest_req_sha2_256_not_offered"),
        Note,
        Protocol,
        cstr!("SHA2-256 not offered (RFC 9464 s5: implementations MUST support it)"),
    ),
    d(
        Code::DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE,
        cstr!("encdns.expert.digest_reply_num_hash_algs_not_one"),
        Error,
        Protocol,
        cstr!("Num Hash Algs is not 1 in CFG_REPLY/CFG_SET (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_ADN_OVERRUN,
        cstr!("encdns.expert.digest_adn_overrun"),
        Error,
        Malformed,
        cstr!("ENCDNS_DIGEST_INFO ADN runs past the attribute (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_HASH_ALG_MISSING,
        cstr!("encdns.expert.digest_hash_alg_missing"),
        Error,
        Malformed,
        cstr!("ENCDNS_DIGEST_INFO has no room for its Hash Algorithm Identifier (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_EMPTY,
        cstr!("encdns.expert.digest_empty"),
        Error,
        Protocol,
        cstr!("Certificate Digest is empty (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_LENGTH_MISMATCH,
        cstr!("encdns.expert.digest_length_mismatch"),
        Error,
        Protocol,
        cstr!("Certificate Digest length differs from the hash algorithm's output size"),
    ),
    d(
        Code::HASH_ALG_RESERVED_ZERO,
        cstr!("encdns.expert.hash_alg_reserved_zero"),
        Warn,
        Protocol,
        cstr!("Hash algorithm 0 is Reserved (IANA IKEv2 Hash Algorithms)"),
    ),
    d(
        Code::HASH_ALG_IDENTITY,
        cstr!("encdns.expert.hash_alg_identity"),
        Warn,
        Protocol,
        cstr!("Hash algorithm 5 (Identity, RFC 8420) makes no certificate digest"),
    ),
    d(
        Code::HASH_ALG_UNASSIGNED,
        cstr!("encdns.expert.hash_alg_unassigned"),
        Note,
        Protocol,
        cstr!("Unassigned hash algorithm (IANA IKEv2 Hash Algorithms)"),
    ),
    d(
        Code::HASH_ALG_PRIVATE_USE,
        cstr!("encdns.expert.hash_alg_private_use"),
        Note,
        Protocol,
        cstr!("Private-use hash algorithm (IANA IKEv2 Hash Algorithms 1024-65535)"),
    ),
    d(
        Code::SVCPARAMS_TRUNCATED,
        cstr!("encdns.expert.svcparams_truncated"),
        Error,
        Malformed,
        cstr!("SvcParams end inside a parameter (RFC 9460 s2.2: malformed)"),
    ),
    d(
        Code::SVCPARAMS_KEYS_NOT_INCREASING,
        cstr!("encdns.expert.svcparams_keys_not_increasing"),
        Error,
        Malformed,
        cstr!("SvcParamKeys not in strictly increasing order (RFC 9460 s2.2)"),
    ),
    d(
        Code::SVCPARAMS_DUPLICATE_KEY,
        cstr!("encdns.expert.svcparams_duplicate_key"),
        Error,
        Malformed,
        cstr!("SvcParamKey appears twice (RFC 9460 s2.1/s2.2)"),
    ),
    d(
        Code::SVCPARAM_BAD_VALUE,
        cstr!("encdns.expert.svcparam_bad_value"),
        Error,
        Malformed,
        cstr!("SvcParamValue not in its expected format (RFC 9460 s2.2)"),
    ),
    d(
        Code::SVCPARAM_MANDATORY_KEY_ABSENT,
        cstr!("encdns.expert.svcparam_mandatory_key_absent"),
        Error,
        Protocol,
        cstr!("A key listed in mandatory is absent (RFC 9460 s8)"),
    ),
    d(
        Code::SVCPARAM_MANDATORY_LISTS_MANDATORY,
        cstr!("encdns.expert.svcparam_mandatory_lists_mandatory"),
        Error,
        Protocol,
        cstr!("mandatory lists itself (RFC 9460 s8)"),
    ),
    d(
        Code::SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY,
        cstr!("encdns.expert.svcparam_mandatory_lists_automatic_key"),
        Note,
        Protocol,
        cstr!("mandatory lists an automatically mandatory key (RFC 9460 s8 SHOULD NOT; port for dns, RFC 9461 s4.2)"),
    ),
    d(
        Code::SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN,
        cstr!("encdns.expert.svcparam_no_default_alpn_without_alpn"),
        Error,
        Protocol,
        cstr!("no-default-alpn without alpn (RFC 9460 s7.1.1)"),
    ),
    d(
        Code::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE,
        cstr!("encdns.expert.svcparam_no_default_alpn_not_applicable"),
        Note,
        Protocol,
        cstr!("no-default-alpn does not apply to DNS servers (RFC 9461 s4.1)"),
    ),
    d(
        Code::SVCPARAM_INVALID_KEY_65535,
        cstr!("encdns.expert.svcparam_invalid_key_65535"),
        Warn,
        Protocol,
        cstr!("SvcParamKey 65535 is the reserved 'Invalid key' (RFC 9460 s14.3.2)"),
    ),
    d(
        Code::SVCPARAM_UNKNOWN_KEY,
        cstr!("encdns.expert.svcparam_unknown_key"),
        Note,
        Protocol,
        cstr!("Unrecognised SvcParamKey, ignored by clients (RFC 9460 s2.4.3)"),
    ),
    d(
        Code::SVCPARAM_IPV4HINT_FORBIDDEN,
        cstr!("encdns.expert.svcparam_ipv4hint_forbidden"),
        Error,
        Protocol,
        cstr!("ipv4hint in an RFC 9464 attribute (s3.1: MUST NOT be included)"),
    ),
    d(
        Code::SVCPARAM_IPV6HINT_FORBIDDEN,
        cstr!("encdns.expert.svcparam_ipv6hint_forbidden"),
        Error,
        Protocol,
        cstr!("ipv6hint in an RFC 9464 attribute (s3.1: MUST NOT be included)"),
    ),
    d(
        Code::SVCPARAMS_NO_ALPN,
        cstr!("encdns.expert.svcparams_no_alpn"),
        Warn,
        Protocol,
        cstr!("Reply SvcParams without alpn (RFC 9464 s4: SHOULD include at least alpn)"),
    ),
    d(
        Code::DOHPATH_MISSING_FOR_HTTP_ALPN,
        cstr!("encdns.expert.dohpath_missing_for_http_alpn"),
        Warn,
        Protocol,
        cstr!("HTTP alpn without dohpath (RFC 9461 s5: MUST be present)"),
    ),
    d(
        Code::DOHPATH_WITHOUT_DNS_VARIABLE,
        cstr!("encdns.expert.dohpath_without_dns_variable"),
        Warn,
        Protocol,
        cstr!("dohpath has no dns variable (RFC 9461 s5: MUST contain one)"),
    ),
    d(
        Code::OHTTP_WITHOUT_HTTP_ALPN,
        cstr!("encdns.expert.ohttp_without_http_alpn"),
        Warn,
        Protocol,
        cstr!("ohttp without an HTTP alpn (RFC 9540 s4.2)"),
    ),
    d(
        Code::TRAILING_BYTES_AFTER_ATTRIBUTE,
        cstr!("encdns.expert.trailing_bytes_after_attribute"),
        Note,
        Protocol,
        cstr!("Octets after the attribute's Length (the next attribute, or garbage)"),
    ),
    d(
        Code::DNSSEC_TA_TRUNCATED,
        cstr!("encdns.expert.dnssec_ta_truncated"),
        Error,
        Malformed,
        cstr!("INTERNAL_DNSSEC_TA shorter than Key Tag, Algorithm, Digest Type and a digest (RFC 8598 s4.2)"),
    ),
    d(
        Code::ATTR_UNEXPECTED_LENGTH,
        cstr!("encdns.expert.attr_unexpected_length"),
        Warn,
        Malformed,
        cstr!("Attribute Length not one the IANA registry allows for this type"),
    ),
    d(
        Code::DUPLICATE_IDENTICAL_ATTRIBUTE,
        cstr!("encdns.expert.duplicate_identical_attribute"),
        Note,
        Protocol,
        cstr!("Bitwise-identical attribute in one CFG_REQUEST (RFC 9464 s4: the responder SHOULD ignore the copies)"),
    ),
    d(
        Code::EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED,
        cstr!("encdns.expert.empty_and_suggested_attributes_mixed"),
        Note,
        Protocol,
        cstr!("An empty attribute beside suggested resolvers of the same type (RFC 9464 s4: either one or the other)"),
    ),
    d(
        Code::DIGEST_ADN_AMBIGUOUS,
        cstr!("encdns.expert.digest_adn_ambiguous"),
        Warn,
        Protocol,
        cstr!("Digest without an ADN while several ADNs are given (RFC 9464 s3.2)"),
    ),
    d(
        Code::DIGEST_ADN_WITH_SINGLE_ADN,
        cstr!("encdns.expert.digest_adn_with_single_adn"),
        Note,
        Protocol,
        cstr!("Digest names its ADN while only one ADN is given (RFC 9464 s3.2: only when several)"),
    ),
    d(
        Code::DIGEST_ADN_UNMATCHED,
        cstr!("encdns.expert.digest_adn_unmatched"),
        Warn,
        Protocol,
        cstr!("Digest ADN matches no ENCDNS_IP* ADN of the payload (RFC 9464 s3.2, s4)"),
    ),
    d(
        Code::INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER,
        cstr!("encdns.expert.internal_dns_domain_without_dns_server"),
        Error,
        Protocol,
        cstr!("INTERNAL_DNS_DOMAIN without a DNS server in the reply (RFC 8598 s3.2; ENCDNS_IP* would do, RFC 9464 s4)"),
    ),
    d(
        Code::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN,
        cstr!("encdns.expert.dnssec_ta_not_after_dns_domain"),
        Warn,
        Protocol,
        cstr!("INTERNAL_DNSSEC_TA not right after INTERNAL_DNS_DOMAIN (RFC 8598 s4.2: MUST, else ignored)"),
    ),
    d(
        Code::DIGEST_HASH_ALG_NOT_REQUESTED,
        cstr!("encdns.expert.digest_hash_alg_not_requested"),
        Note,
        Protocol,
        cstr!("Reply digest uses a hash algorithm the request did not offer (RFC 9464 s4: negotiated)"),
    ),
    d(
        Code::ENCDNS_FAMILY_NOT_REQUESTED,
        cstr!("encdns.expert.encdns_family_not_requested"),
        Note,
        Protocol,
        cstr!("Reply gives resolvers of an address family the request did not ask for (RFC 9464 s4)"),
    ),
    d(
        Code::ENCDNS_FAMILY_NOT_ANSWERED,
        cstr!("encdns.expert.encdns_family_not_answered"),
        Note,
        Protocol,
        cstr!("Requested ENCDNS_IP* family got no answer: the responder does not support it (RFC 9464 s4)"),
    ),
    d(
        Code::ENCDNS_FROM_NULL_AUTH_RESPONDER,
        cstr!("encdns.expert.encdns_from_null_auth_responder"),
        Warn,
        Security,
        cstr!("Resolvers from a responder that used NULL authentication (RFC 9464 s6: not to be used unless preconfigured)"),
    ),
    d(
        Code::DIGEST_MATCHES_CERTIFICATE,
        cstr!("encdns.expert.digest_matches_certificate"),
        Note,
        Protocol,
        cstr!("The server's certificate has the SPKI digest ENCDNS_DIGEST_INFO advertised (RFC 9464 s5)"),
    ),
    d(
        Code::DIGEST_CERTIFICATE_MISMATCH,
        cstr!("encdns.expert.digest_certificate_mismatch"),
        Error,
        Security,
        cstr!("The server's certificate does not have the SPKI digest ENCDNS_DIGEST_INFO advertised (RFC 9464 s5)"),
    ),
    d(
        Code::DIGEST_NOT_CHECKABLE,
        cstr!("encdns.expert.digest_not_checkable"),
        Note,
        Protocol,
        cstr!("A certificate from an advertised resolver could not be checked against its digest"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_code_and_abbrev_is_lower_case_code() {
        for (i, info) in DIAGS.iter().enumerate() {
            assert_eq!(info.code as usize, i);
            let want = format!("encdns.expert.{:?}", info.code).to_lowercase();
            assert_eq!(info.abbrev.to_str().unwrap(), want);
        }
    }
}
