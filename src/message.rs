//! The text shown for one diagnostic in one packet: the catalogue's rule, with the
//! offending value named. Written into a caller's fixed buffer, never allocating.

use core::fmt::{self, Write};

use crate::diag::Code;
use crate::fastfmt::{dec, hex, Label};
use crate::registry::{hash_alg_name, key, svcparam_key_name};
use crate::sink::Diag;
use crate::svcparams::BadValue;
use crate::wire::attr;

/// A `fmt::Write` over a byte slice that keeps what fits and drops the rest.
pub struct FixedBuf<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> FixedBuf<'a> {
    pub fn new(buf: &'a mut [u8]) -> Self {
        FixedBuf { buf, len: 0 }
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl Write for FixedBuf<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write_ascii(s.as_bytes())
    }
}

impl Label for FixedBuf<'_> {
    /// (`write_str` goes the same way, UTF-8 or not: as before, what does not fit is
    /// cut at the end of the buffer, octet-wise.)
    fn write_ascii(&mut self, b: &[u8]) -> fmt::Result {
        let room = self.buf.len() - self.len;
        let n = b.len().min(room);
        self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
        self.len += n;
        Ok(())
    }
}

/// Octets from the packet shown as text: printable ASCII as is, the rest as `\xNN`,
/// cut after a bounded number of octets so a label stays readable.
pub struct Escaped<'a>(pub &'a [u8]);

const QUOTE_MAX: usize = 72;

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Adapter(f);
        write_escaped(&mut out, self.0)
    }
}

/// A `Formatter` as a [`Label`].
struct Adapter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Adapter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write_str(s)
    }
}

impl Label for Adapter<'_, '_> {}

/// [`Escaped`] straight into a label.
pub fn write_escaped(out: &mut impl Label, b: &[u8]) -> fmt::Result {
    // Runs of plain octets in one write: labels quote names for every attribute.
    let plain = |b: &u8| (0x20..0x7f).contains(b) && *b != b'"' && *b != b'\\';
    let mut rest = &b[..b.len().min(QUOTE_MAX)];
    while !rest.is_empty() {
        let n = rest.iter().position(|b| !plain(b)).unwrap_or(rest.len());
        out.write_ascii(&rest[..n])?;
        if let Some(&b) = rest.get(n) {
            out.write_ascii(b"\\x")?;
            hex(out, &[b])?;
            rest = &rest[n + 1..];
        } else {
            rest = &[];
        }
    }
    if b.len() > QUOTE_MAX {
        out.write_ascii(b"...")?;
    }
    Ok(())
}

/// [`Escaped`] in double quotes.
pub struct Quoted<'a>(pub &'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", Escaped(self.0))
    }
}

fn terminator_name(b: u64) -> &'static str {
    match b {
        0 => "NUL",
        0x0d => "CR",
        0x0a => "LF",
        _ => "control character",
    }
}

fn hi(v: u64) -> u64 {
    v >> 32
}

fn lo(v: u64) -> u64 {
    v & 0xffff_ffff
}

fn cfg_name(v: u64) -> &'static str {
    u8::try_from(v)
        .ok()
        .and_then(crate::registry::cfg_type_name)
        .unwrap_or("an unknown CFG type")
}

/// A hash algorithm by name and number.
struct HashAlg(u64);

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = u16::try_from(self.0).ok().and_then(hash_alg_name);
        match name.and_then(|n| n.to_str().ok()) {
            Some(n) => write!(f, "{n} ({})", self.0),
            None => write!(f, "hash algorithm {}", self.0),
        }
    }
}

/// A SvcParamKey by name, or `keyNNNNN` as RFC 9460 writes unknown keys.
pub struct Key(pub u64);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_key(&mut Adapter(f), self.0)
    }
}

/// [`Key`] straight into a label.
pub fn write_key(out: &mut impl Label, k: u64) -> fmt::Result {
    match u16::try_from(k).ok().and_then(svcparam_key_name) {
        Some(n) => out.write_str(n),
        None => {
            out.write_str("key")?;
            dec(out, k)
        }
    }
}

fn bad_value(out: &mut impl Write, why: u64, k: Key, len: u32) -> fmt::Result {
    match BadValue::from_u64(why) {
        Some(BadValue::Empty) => write!(out, "{k} needs at least one value"),
        Some(BadValue::NotWholeItems) => write!(
            out,
            "{k} value of {len} octets is not a whole number of items"
        ),
        Some(BadValue::NotIncreasing) => {
            write!(out, "{k} keys are not in strictly increasing order")
        }
        Some(BadValue::EmptyAlpnId) => write!(out, "{k} has an alpn-id of length 0"),
        Some(BadValue::ItemOverrun) => write!(
            out,
            "{k}: a length-prefixed item runs past the value ({len} octets left)"
        ),
        Some(BadValue::MustBeEmpty) => {
            write!(out, "{k} must have an empty value, has {len} octets")
        }
        Some(BadValue::NotUtf8) => write!(out, "{k} is not valid UTF-8"),
        Some(BadValue::EchLength) => write!(
            out,
            "{k}: the ECHConfigList length prefix does not match the {len}-octet value"
        ),
        Some(BadValue::DuplicateGroup) => write!(out, "{k} lists a group twice"),
        None => write!(out, "{k} value is malformed"),
    }
}

/// Writes the message for `diag`, which was reported on the attribute `attr`.
pub fn render(attr: &[u8], diag: &Diag, out: &mut impl Write) -> fmt::Result {
    let Some(code) = Code::from_u16(diag.code) else {
        return write!(out, "Unknown diagnostic {}", diag.code);
    };
    let start = diag.offset as usize;
    let span = attr
        .get(start..start.saturating_add(diag.length as usize))
        .unwrap_or(&[]);
    let v = diag.value;
    let present = attr.len().saturating_sub(attr::HEADER_LEN);
    match code {
        Code::ATTR_HEADER_TRUNCATED => {
            write!(out, "Attribute header truncated: {v} of 4 octets present")
        }
        Code::ATTR_LENGTH_EXCEEDS_DATA => write!(
            out,
            "Attribute Length {v} runs past the Configuration payload: {present} octets of value present"
        ),
        Code::R_BIT_SET => write!(
            out,
            "Reserved bit set in attribute type field 0x{v:04x}: MUST be 0 and is ignored on receipt \
             (a decoder that takes it for the IKEv1 AF bit misreads the attributes after this one)"
        ),
        Code::IP_LENGTH_ZERO_IN_REPLY_OR_SET => write!(
            out,
            "ENCDNS_IP* with Length 0 in CFG_REPLY/CFG_SET gives no resolver (Num Addresses MUST NOT be 0)"
        ),
        Code::IP_NONZERO_LENGTH_IN_ACK => {
            write!(out, "ENCDNS_IP* in CFG_ACK has Length {v}; RFC 9464 sets it to 0")
        }
        Code::IP_FIXED_FIELDS_TRUNCATED => write!(
            out,
            "ENCDNS_IP* value is {v} octets, shorter than its 4 fixed octets (Service Priority, Num Addresses, ADN Length)"
        ),
        Code::SERVICE_PRIORITY_ZERO => write!(
            out,
            "Service Priority is 0: MUST NOT be 0 (AliasMode is not supported by RFC 9464)"
        ),
        Code::NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET => write!(
            out,
            "Num Addresses is 0 in CFG_REPLY/CFG_SET: at least one resolver address is required"
        ),
        Code::ADDRESSES_OVERRUN => write!(
            out,
            "IP addresses need {v} octets but only {} remain in the attribute",
            diag.length
        ),
        Code::ADN_OVERRUN => write!(
            out,
            "ADN Length is {v} but only {} octets remain in the attribute",
            diag.length
        ),
        Code::ADN_ABSENT_IN_REPLY_OR_SET => write!(
            out,
            "ADN Length is 0 in CFG_REPLY/CFG_SET: the resolver has no name to authenticate"
        ),
        Code::ADN_CONTAINS_TERMINATOR => write!(
            out,
            "ADN contains a terminator ({}, 0x{v:02x}) at attribute offset {start}",
            terminator_name(v)
        ),
        Code::ADN_NOT_ASCII => write!(
            out,
            "ADN contains non-ASCII octet 0x{v:02x} at attribute offset {start}; internationalized names must be sent as A-labels (xn--)"
        ),
        Code::ADN_TOO_LONG => write!(out, "ADN is {v} characters long, more than 253"),
        Code::ADN_BAD_LABEL_LENGTH if v == 0 => {
            write!(out, "ADN has an empty label at attribute offset {start}")
        }
        Code::ADN_BAD_LABEL_LENGTH => write!(
            out,
            "ADN label {} is {v} octets long, more than 63",
            Quoted(span)
        ),
        Code::ADN_INVALID_A_LABEL => write!(
            out,
            "ADN label {} starts with xn-- but is not a valid A-label (Punycode)",
            Quoted(span)
        ),
        Code::ADN_NON_LDH => write!(
            out,
            "ADN label {} is not a host name label (letters, digits, inner hyphens)",
            Quoted(span)
        ),
        Code::DIGEST_LENGTH_ZERO_OUTSIDE_ACK => write!(
            out,
            "ENCDNS_DIGEST_INFO with Length 0 in {}: only a CFG_ACK carries it empty",
            cfg_name(v)
        ),
        Code::DIGEST_NONZERO_LENGTH_IN_ACK => write!(
            out,
            "ENCDNS_DIGEST_INFO in CFG_ACK has Length {v}; it MUST be zero-length"
        ),
        Code::DIGEST_FIXED_FIELDS_TRUNCATED => write!(
            out,
            "ENCDNS_DIGEST_INFO value is {} octets, shorter than its {} fixed octets",
            hi(v),
            lo(v)
        ),
        Code::DIGEST_REQ_ADN_LENGTH_NONZERO => write!(
            out,
            "ADN Length is {v} in a CFG_REQUEST; it MUST be 0 (the request names no resolver)"
        ),
        Code::DIGEST_REQ_LENGTH_ODD => write!(
            out,
            "Value of {v} octets is not 2 + 2N: the hash algorithm list ends in half an identifier"
        ),
        Code::DIGEST_REQ_NUM_HASH_ALGS_MISMATCH => write!(
            out,
            "Num Hash Algs is {} but the list holds {} identifiers",
            hi(v),
            lo(v)
        ),
        Code::DIGEST_REQ_NO_HASH_ALGS => write!(
            out,
            "The request lists no hash algorithm, so the responder cannot pick one"
        ),
        Code::DIGEST_REQ_SHA2_256_NOT_OFFERED => write!(
            out,
            "None of the {v} offered hash algorithms is SHA2-256, which implementations MUST support"
        ),
        Code::DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE => write!(
            out,
            "Num Hash Algs is {v} in CFG_REPLY/CFG_SET; it MUST be 1"
        ),
        Code::DIGEST_ADN_OVERRUN => write!(
            out,
            "ADN Length is {v} but only {} octets remain in the attribute",
            diag.length
        ),
        Code::DIGEST_HASH_ALG_MISSING => write!(
            out,
            "Only {v} octets remain for the 2-octet Hash Algorithm Identifier"
        ),
        Code::DIGEST_EMPTY => write!(out, "Certificate Digest for {} is empty", HashAlg(v)),
        Code::DIGEST_LENGTH_MISMATCH => write!(
            out,
            "Certificate Digest is {} octets; a {} digest is {} octets",
            diag.length,
            HashAlg(lo(v)),
            hi(v)
        ),
        Code::HASH_ALG_RESERVED_ZERO => write!(out, "Hash algorithm 0 is Reserved"),
        Code::HASH_ALG_IDENTITY => write!(
            out,
            "Hash algorithm 5 (Identity) passes data through unhashed: it identifies no certificate"
        ),
        Code::HASH_ALG_UNASSIGNED => write!(out, "Hash algorithm {v} is unassigned"),
        Code::HASH_ALG_PRIVATE_USE => write!(out, "Hash algorithm {v} is for private use"),
        Code::SVCPARAMS_TRUNCATED => write!(
            out,
            "SvcParams end inside a parameter: it needs {} octets, {} remain",
            hi(v),
            lo(v)
        ),
        Code::SVCPARAMS_KEYS_NOT_INCREASING => write!(
            out,
            "SvcParamKey {} follows {}: keys must be strictly increasing",
            Key(hi(v)),
            Key(lo(v))
        ),
        Code::SVCPARAMS_DUPLICATE_KEY => {
            write!(out, "SvcParamKey {} appears more than once", Key(v))
        }
        Code::SVCPARAM_BAD_VALUE => bad_value(out, hi(v), Key(lo(v)), diag.length),
        Code::SVCPARAM_MANDATORY_KEY_ABSENT => write!(
            out,
            "mandatory lists {}, which is not among the SvcParams",
            Key(v)
        ),
        Code::SVCPARAM_MANDATORY_LISTS_MANDATORY => {
            write!(out, "mandatory lists key 0 (mandatory) itself")
        }
        Code::SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY => write!(
            out,
            "mandatory lists {}, which is automatically mandatory for DNS servers",
            Key(v)
        ),
        Code::SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN => write!(
            out,
            "no-default-alpn without alpn leaves the resolver with no protocol"
        ),
        Code::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE => write!(
            out,
            "no-default-alpn has no effect here: DNS servers have no default ALPN (RFC 9461 s4.1)"
        ),
        Code::SVCPARAM_INVALID_KEY_65535 => {
            write!(out, "SvcParamKey 65535 is reserved as the 'Invalid key'")
        }
        Code::SVCPARAM_UNKNOWN_KEY => write!(
            out,
            "SvcParamKey {} is {}; clients ignore it",
            Key(v),
            if v >= u64::from(key::FIRST_PRIVATE_USE) {
                "for private use"
            } else {
                "unassigned"
            }
        ),
        Code::SVCPARAM_IPV4HINT_FORBIDDEN => write!(
            out,
            "ipv4hint is not allowed: the attribute carries the resolver addresses itself"
        ),
        Code::SVCPARAM_IPV6HINT_FORBIDDEN => write!(
            out,
            "ipv6hint is not allowed: the attribute carries the resolver addresses itself"
        ),
        Code::SVCPARAMS_NO_ALPN => write!(
            out,
            "No alpn parameter: the client cannot tell which encrypted DNS protocol to use"
        ),
        Code::DOHPATH_MISSING_FOR_HTTP_ALPN => write!(
            out,
            "alpn names an HTTP version (DoH) but there is no dohpath"
        ),
        Code::DOHPATH_WITHOUT_DNS_VARIABLE => write!(
            out,
            "dohpath {} has no dns variable (e.g. {{?dns}})",
            Quoted(span)
        ),
        Code::OHTTP_WITHOUT_HTTP_ALPN => {
            write!(out, "ohttp needs an HTTP alpn (h2 or h3) for a DNS server")
        }
        Code::TRAILING_BYTES_AFTER_ATTRIBUTE => {
            write!(out, "{v} octets follow the attribute's Length")
        }
        Code::DNSSEC_TA_TRUNCATED => write!(
            out,
            "INTERNAL_DNSSEC_TA value is {v} octets: Key Tag, Algorithm, Digest Type and a digest need at least 5"
        ),
        Code::ATTR_UNEXPECTED_LENGTH => write!(
            out,
            "Length {} is neither 0 nor {}, the sizes this attribute type has",
            hi(v),
            lo(v)
        ),
        Code::DUPLICATE_IDENTICAL_ATTRIBUTE => write!(
            out,
            "Identical to the attribute at payload offset {}: the responder SHOULD ignore this copy",
            hi(v)
        ),
        Code::EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED => write!(
            out,
            "Empty attribute (any resolver) beside {v} suggested resolver(s) of the same type"
        ),
        Code::DIGEST_ADN_AMBIGUOUS => write!(
            out,
            "Digest has no ADN but the payload gives {v} different ADNs: which resolver is it for?"
        ),
        Code::DIGEST_ADN_WITH_SINGLE_ADN => write!(
            out,
            "Digest names its ADN although the payload gives only one; the name is sent only when there are several"
        ),
        Code::DIGEST_ADN_UNMATCHED => write!(
            out,
            "Digest ADN is none of the {v} ADN(s) the ENCDNS_IP* attributes of this payload give"
        ),
        Code::INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER => write!(
            out,
            "INTERNAL_DNS_DOMAIN in a CFG_REPLY with no INTERNAL_IP4_DNS, INTERNAL_IP6_DNS or ENCDNS_IP* to resolve it"
        ),
        Code::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN if v == 1 => write!(
            out,
            "INTERNAL_DNSSEC_TA in a CFG_REQUEST without an INTERNAL_DNS_DOMAIN"
        ),
        Code::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN => write!(
            out,
            "INTERNAL_DNSSEC_TA does not follow an INTERNAL_DNS_DOMAIN (or another trust anchor): the client ignores it"
        ),
        Code::DIGEST_HASH_ALG_NOT_REQUESTED => write!(
            out,
            "The reply's digest uses {}, which the CFG_REQUEST did not offer",
            HashAlg(v)
        ),
        Code::ENCDNS_FAMILY_NOT_REQUESTED => write!(
            out,
            "The reply gives ENCDNS_IP{v} resolvers, but the CFG_REQUEST asked for none"
        ),
        Code::ENCDNS_FAMILY_NOT_ANSWERED => write!(
            out,
            "The CFG_REQUEST asked for ENCDNS_IP{v} and the reply has none: the responder does not support it"
        ),
        Code::ENCDNS_FROM_NULL_AUTH_RESPONDER => write!(
            out,
            "The responder authenticated with NULL authentication (method {v}): the initiator MUST NOT use these resolvers unless preconfigured"
        ),
        Code::DIGEST_MATCHES_CERTIFICATE if hi(v) == 0 => write!(
            out,
            "The certificate configured for this ADN (ENCDNS preferences) has the advertised {} digest",
            HashAlg(lo(v) & 0xffff)
        ),
        Code::DIGEST_CERTIFICATE_MISMATCH if hi(v) == 0 => write!(
            out,
            "The certificate configured for this ADN (ENCDNS preferences) does not have the advertised {} digest",
            HashAlg(lo(v) & 0xffff)
        ),
        Code::DIGEST_MATCHES_CERTIFICATE => write!(
            out,
            "The certificate's SubjectPublicKeyInfo has the {} digest advertised in frame {}",
            HashAlg(lo(v) & 0xffff),
            hi(v)
        ),
        Code::DIGEST_CERTIFICATE_MISMATCH => write!(
            out,
            "The certificate's SubjectPublicKeyInfo does not have the {} digest advertised in frame {}: not the resolver the VPN named",
            HashAlg(lo(v) & 0xffff),
            hi(v)
        ),
        Code::DIGEST_NOT_CHECKABLE => write!(
            out,
            "The {} digest advertised in frame {} cannot be checked: {}",
            HashAlg(lo(v) & 0xffff),
            hi(v),
            if lo(v) >> 16 == crate::spki::Check::UnsupportedAlgorithm as u64 {
                "the algorithm is not one this plugin computes"
            } else {
                "no SubjectPublicKeyInfo in the certificate"
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_buf_truncates() {
        let mut b = [0u8; 5];
        let mut w = FixedBuf::new(&mut b);
        write!(w, "hello world").unwrap();
        assert_eq!(w.as_bytes(), b"hello");
    }

    #[test]
    fn quoted_escapes() {
        assert_eq!(format!("{}", Quoted(b"a\"b\x00")), "\"a\\x22b\\x00\"");
    }
}
