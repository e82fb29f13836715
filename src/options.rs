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

/// How a Configuration payload attribute is read, from the user's checked preferences.
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

/// The preferences as the user set them, before they are checked: numbers as wide as
/// the glue's, so that no value is cut to fit before it is looked at.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preferences {
    pub type_ip4: u32,
    pub type_ip6: u32,
    pub type_digest_info: u32,
    /// An `EncdnsDigestLayout`.
    pub digest_layout: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        let o = Options::default();
        Preferences {
            type_ip4: o.type_ip4.into(),
            type_ip6: o.type_ip6.into(),
            type_digest_info: o.type_digest_info.into(),
            digest_layout: o.digest_layout.into(),
        }
    }
}

/// Why preferences were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A type code that is not an attribute type: 0 is RESERVED, and a type is 15 bits
    /// (RFC 7296 s3.15.1: the top bit of the field is the AF bit).
    TypeOutOfRange {
        kind: AttrKind,
        code: u32,
    },
    /// Two kinds given one type code: an attribute of that type could be either.
    SharedType {
        first: AttrKind,
        second: AttrKind,
        code: u32,
    },
    Layout(u32),
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let name = |k: AttrKind| k.name().to_str().unwrap_or("");
        match *self {
            Refusal::TypeOutOfRange { kind, code } => write!(
                f,
                "{} attribute type {code} refused: attribute types are 1 to {} \
                 (15 bits, RFC 7296 section 3.15.1)",
                name(kind),
                attr::TYPE_MASK
            ),
            Refusal::SharedType {
                first,
                second,
                code,
            } => write!(
                f,
                "{} and {} attribute types refused: both are {code}",
                name(first),
                name(second)
            ),
            Refusal::Layout(v) => write!(f, "ENCDNS_DIGEST_INFO layout {v} refused: not a layout"),
        }
    }
}

impl Preferences {
    /// The options these preferences give, or why they cannot be used.
    pub fn check(&self) -> Result<Options, Refusal> {
        let kinds = [
            (AttrKind::EncdnsIp4, self.type_ip4),
            (AttrKind::EncdnsIp6, self.type_ip6),
            (AttrKind::EncdnsDigestInfo, self.type_digest_info),
        ];
        let mut codes = [0u16; 3];
        for (i, &(kind, code)) in kinds.iter().enumerate() {
            codes[i] = u16::try_from(code)
                .ok()
                .filter(|c| *c != 0 && *c & attr::TYPE_MASK == *c)
                .ok_or(Refusal::TypeOutOfRange { kind, code })?;
            if let Some(j) = codes[..i].iter().position(|c| *c == codes[i]) {
                return Err(Refusal::SharedType {
                    first: kinds[j].0,
                    second: kind,
                    code,
                });
            }
        }
        let digest_layout = match self.digest_layout {
            l if l == DigestLayout::Rfc9464 as u32 => DigestLayout::Rfc9464,
            l if l == DigestLayout::Draft00 as u32 => DigestLayout::Draft00,
            l => return Err(Refusal::Layout(l)),
        };
        Ok(Options {
            type_ip4: codes[0],
            type_ip6: codes[1],
            type_digest_info: codes[2],
            digest_layout: digest_layout as u8,
            reserved: 0,
        })
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
        // Preferences::check keeps two kinds off one code; options made otherwise get
        // the first kind in this order.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs(ip4: u32, ip6: u32, digest: u32) -> Preferences {
        Preferences {
            type_ip4: ip4,
            type_ip6: ip6,
            type_digest_info: digest,
            ..Preferences::default()
        }
    }

    #[test]
    fn preferences_are_checked_before_use() {
        let o = prefs(16400, 28, 32767).check().unwrap();
        assert_eq!(
            (o.type_ip4, o.type_ip6, o.type_digest_info),
            (16400, 28, 32767)
        );
        // 65564 would wrap to 28 in 16 bits; 32768 has the AF bit set.
        for (p, kind, code) in [
            (prefs(27, 65564, 29), AttrKind::EncdnsIp6, 65564),
            (prefs(32768, 28, 29), AttrKind::EncdnsIp4, 32768),
            (prefs(27, 28, 0), AttrKind::EncdnsDigestInfo, 0),
        ] {
            assert_eq!(p.check(), Err(Refusal::TypeOutOfRange { kind, code }));
        }
        assert_eq!(
            prefs(27, 28, 27).check(),
            Err(Refusal::SharedType {
                first: AttrKind::EncdnsIp4,
                second: AttrKind::EncdnsDigestInfo,
                code: 27
            })
        );
        let layout = Preferences {
            digest_layout: 2,
            ..Preferences::default()
        };
        assert_eq!(layout.check(), Err(Refusal::Layout(2)));
        assert_eq!(
            Refusal::TypeOutOfRange {
                kind: AttrKind::EncdnsIp6,
                code: 65564
            }
            .to_string(),
            "ENCDNS_IP6 attribute type 65564 refused: attribute types are 1 to 32767 \
             (15 bits, RFC 7296 section 3.15.1)"
        );
    }
}
