//! What decides how an attribute is read: the user's preferences (which type codes are
//! RFC 9464's, which DIGEST_INFO layout), the CFG Type of its Configuration payload,
//! and the kind of attribute its type code makes it.

use crate::wire::{self, attr, cp};

/// Which DIGEST_INFO layout to decode: RFC 9464's, or its early draft's.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestLayout {
    Rfc9464 = 0,
    /// draft-ietf-ipsecme-add-ike-00: 3-octet RESERVED + ADN Length.
    Draft00 = 1,
}

/// The user's preferences, as the glue passes them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub type_ip4: u16,
    pub type_ip6: u16,
    pub type_digest_info: u16,
    /// An `EncdnsDigestLayout`.
    pub digest_layout: u8,
    pub reserved: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            type_ip4: 27,
            type_ip6: 28,
            type_digest_info: 29,
            digest_layout: DigestLayout::Rfc9464 as u8,
            reserved: 0,
        }
    }
}

impl Options {
    pub fn draft00(&self) -> bool {
        self.digest_layout == DigestLayout::Draft00 as u8
    }
}

/// The CFG Type of the Configuration payload an attribute travels in. Values
/// outside 1–4 are kept as they are and switch off the rules that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CfgType(pub u8);

impl CfgType {
    pub fn is_request(self) -> bool {
        self.0 == cp::CFG_REQUEST
    }
    pub fn is_reply_or_set(self) -> bool {
        self.0 == cp::CFG_REPLY || self.0 == cp::CFG_SET
    }
    pub fn is_ack(self) -> bool {
        self.0 == cp::CFG_ACK
    }
}

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    /// Not an attribute this crate decodes.
    Other = 0,
    EncdnsIp4 = 1,
    EncdnsIp6 = 2,
    EncdnsDigestInfo = 3,
    /// RFC 8598 and 3GPP neighbours (fixed codes 23–26).
    ExternalSourceIp4NatInfo = 4,
    TimeoutPeriodForLivenessCheck = 5,
    InternalDnsDomain = 6,
    InternalDnssecTa = 7,
}

impl AttrKind {
    pub fn from_u8(k: u8) -> AttrKind {
        use AttrKind::*;
        [
            Other,
            EncdnsIp4,
            EncdnsIp6,
            EncdnsDigestInfo,
            ExternalSourceIp4NatInfo,
            TimeoutPeriodForLivenessCheck,
            InternalDnsDomain,
            InternalDnssecTa,
        ]
        .into_iter()
        .find(|x| *x as u8 == k)
        .unwrap_or(Other)
    }

    /// The kind of an attribute with type code `attr_type` (without the R bit).
    pub fn of_type(attr_type: u16, o: &Options) -> AttrKind {
        // Checked in this order so that a user who maps two kinds to one code gets the
        // first; the preference dialog cannot prevent it.
        if attr_type == o.type_ip4 {
            AttrKind::EncdnsIp4
        } else if attr_type == o.type_ip6 {
            AttrKind::EncdnsIp6
        } else if attr_type == o.type_digest_info {
            AttrKind::EncdnsDigestInfo
        } else {
            match attr_type {
                attr::EXTERNAL_SOURCE_IP4_NAT_INFO => AttrKind::ExternalSourceIp4NatInfo,
                attr::TIMEOUT_PERIOD_FOR_LIVENESS_CHECK => AttrKind::TimeoutPeriodForLivenessCheck,
                attr::INTERNAL_DNS_DOMAIN => AttrKind::InternalDnsDomain,
                attr::INTERNAL_DNSSEC_TA => AttrKind::InternalDnssecTa,
                _ => AttrKind::Other,
            }
        }
    }

    /// The IANA name of the attribute type.
    pub fn name(self) -> &'static core::ffi::CStr {
        match self {
            AttrKind::Other => cstr!(""),
            AttrKind::EncdnsIp4 => cstr!("ENCDNS_IP4"),
            AttrKind::EncdnsIp6 => cstr!("ENCDNS_IP6"),
            AttrKind::EncdnsDigestInfo => cstr!("ENCDNS_DIGEST_INFO"),
            AttrKind::ExternalSourceIp4NatInfo => cstr!("EXTERNAL_SOURCE_IP4_NAT_INFO"),
            AttrKind::TimeoutPeriodForLivenessCheck => cstr!("TIMEOUT_PERIOD_FOR_LIVENESS_CHECK"),
            AttrKind::InternalDnsDomain => cstr!("INTERNAL_DNS_DOMAIN"),
            AttrKind::InternalDnssecTa => cstr!("INTERNAL_DNSSEC_TA"),
        }
    }

    /// An ENCDNS_IP4 or ENCDNS_IP6.
    pub fn is_encdns_ip(self) -> bool {
        matches!(self, AttrKind::EncdnsIp4 | AttrKind::EncdnsIp6)
    }
}

/// The kind of the attribute whose header starts `attr`, from its type field alone.
pub fn classify(attr: &[u8], options: &Options) -> AttrKind {
    match wire::be16(attr, attr::TYPE) {
        Some(t) => AttrKind::of_type(t & attr::TYPE_MASK, options),
        None => AttrKind::Other,
    }
}
