//! RFC 8598 split-DNS attributes, which travel beside RFC 9464's and which released
//! Wireshark also leaves unnamed: INTERNAL_DNS_DOMAIN (25) and INTERNAL_DNSSEC_TA (26).

use crate::diag::Finding;
use crate::field::Field;
use crate::sink::{On, Sink};
use crate::wire::{self, attr, dnssec_ta};

/// INTERNAL_DNS_DOMAIN: a domain name in presentation format, the whole value (§4.1).
/// An empty value is a request for domains.
pub fn parse_dns_domain(value: &[u8], sink: &mut Sink) {
    if !value.is_empty() {
        sink.leaf(Field::DnsDomain, attr::HEADER_LEN, value.len(), 0);
    }
}

/// INTERNAL_DNSSEC_TA: empty, or Key Tag, DNSKEY algorithm, digest type and digest (§4.2).
pub fn parse_dnssec_ta(value: &[u8], sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    if value.is_empty() {
        return;
    }
    if value.len() < dnssec_ta::MIN_LEN {
        sink.undecoded(at(0), value.len());
        let f = Finding::DNSSEC_TA_TRUNCATED {
            length: value.len() as u8,
        };
        sink.diag(f, On::Attribute, at(0), value.len());
        return;
    }
    let tag = wire::be16(value, dnssec_ta::KEY_TAG).unwrap_or(0);
    sink.leaf(Field::DnssecTaKeyTag, at(0), 2, tag.into());
    sink.leaf(
        Field::DnssecTaAlgorithm,
        at(dnssec_ta::ALGORITHM),
        1,
        value[dnssec_ta::ALGORITHM].into(),
    );
    sink.leaf(
        Field::DnssecTaDigestType,
        at(dnssec_ta::DIGEST_TYPE),
        1,
        value[dnssec_ta::DIGEST_TYPE].into(),
    );
    sink.leaf(
        Field::DnssecTaDigest,
        at(dnssec_ta::DIGEST),
        value.len() - dnssec_ta::DIGEST,
        0,
    );
}
