//! From the bytes of one configuration attribute to items and diagnostics: its header,
//! then its value by the decoder of its kind (`crate::attr`).

use crate::attr::{digest_info, encdns_ip, split_dns, threegpp};
use crate::diag::{len32, Finding};
use crate::sink::{Diag, On, Sink};
use crate::wire::{self, attr, encdns_ip as ip};

pub use crate::options::{classify, AttrKind, CfgType, DigestLayout, Options};

/// What the parser learnt about one attribute, besides its items.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttrInfo {
    /// An [`AttrKind`].
    pub kind: u8,
    pub r_bit: u8,
    /// The attribute type without the R bit.
    pub attr_type: u16,
    /// The Length field (the value's declared size).
    pub value_length: u16,
    pub reserved: u16,
    /// Octets of the input that belong to this attribute: header and value, or fewer
    /// if the input ends first. The next attribute starts after them.
    pub total_length: u32,
    /// Items and diagnostics emitted, including those that did not fit the buffers.
    pub n_items: u32,
    pub n_diags: u32,
}

/// Parses one attribute: `attr` starts at its 4-octet header and runs to the end of
/// the Configuration payload (or of the data, if that ends first). The attribute's
/// extent comes from its own Length field (RFC 7296 §3.15.1), whatever the R bit says.
/// Returns the summary; items and diagnostics go to `sink`.
pub fn parse_attribute(attr: &[u8], cfg: CfgType, options: &Options, sink: &mut Sink) -> AttrInfo {
    let mut info = AttrInfo::default();
    let Some((header, rest)) = attr.split_first_chunk::<{ attr::HEADER_LEN }>() else {
        if let Some(t) = wire::be16(attr, attr::TYPE) {
            info.attr_type = t & attr::TYPE_MASK;
            info.kind = AttrKind::of_type(info.attr_type, options) as u8;
        }
        let f = Finding::ATTR_HEADER_TRUNCATED {
            present: attr.len() as u8,
        };
        sink.diag(f, On::Attribute, 0, attr.len());
        info.total_length = attr.len() as u32;
        return finish(info, sink);
    };
    let type_field = wire::be16_of(header, attr::TYPE);
    let length = wire::be16_of(header, attr::LENGTH);
    let kind = AttrKind::of_type(type_field & attr::TYPE_MASK, options);
    info.kind = kind as u8;
    info.attr_type = type_field & attr::TYPE_MASK;
    info.value_length = length;
    if type_field & attr::R_BIT != 0 {
        info.r_bit = 1;
        sink.diag(Finding::R_BIT_SET { type_field }, On::Attribute, 0, 2);
    }
    let value = match rest.get(..usize::from(length)) {
        Some(v) => v,
        None => {
            let f = Finding::ATTR_LENGTH_EXCEEDS_DATA {
                length,
                present: len32(rest.len()),
            };
            sink.diag(f, On::Attribute, 2, 2);
            rest
        }
    };
    info.total_length = (attr::HEADER_LEN + value.len()) as u32;
    match kind {
        AttrKind::EncdnsIp4 => encdns_ip::parse::<{ ip::IPV4_LEN }>(value, cfg, sink),
        AttrKind::EncdnsIp6 => encdns_ip::parse::<{ ip::IPV6_LEN }>(value, cfg, sink),
        AttrKind::EncdnsDigestInfo => {
            if options.draft00() {
                digest_info::parse_draft00(value, cfg, sink)
            } else {
                digest_info::parse(value, cfg, sink)
            }
        }
        AttrKind::ExternalSourceIp4NatInfo => threegpp::parse_nat_info(value, sink),
        AttrKind::TimeoutPeriodForLivenessCheck => threegpp::parse_liveness_timeout(value, sink),
        AttrKind::InternalDnsDomain => split_dns::parse_dns_domain(value, sink),
        AttrKind::InternalDnssecTa => split_dns::parse_dnssec_ta(value, sink),
        AttrKind::Other => {}
    }
    finish(info, sink)
}

fn finish(mut info: AttrInfo, sink: &Sink) -> AttrInfo {
    let (items, diags) = sink.counts();
    info.n_items = u32::try_from(items).unwrap_or(u32::MAX);
    info.n_diags = u32::try_from(diags).unwrap_or(u32::MAX);
    info
}

/// An attribute parsed into owned lists: for tools and tests, which may allocate.
/// (The plugin parses into its own buffers with [`parse_attribute`].)
pub struct Parsed {
    pub info: AttrInfo,
    pub items: Vec<crate::Item>,
    pub diags: Vec<Diag>,
}

/// [`parse_attribute`] into buffers grown until everything fits.
pub fn parse_owned(attr: &[u8], cfg: CfgType, options: &Options) -> Parsed {
    let mut items = vec![crate::Item::default(); 64];
    let mut diags = vec![None; 16];
    loop {
        let mut sink = Sink::new(&mut items, &mut diags);
        let info = parse_attribute(attr, cfg, options, &mut sink);
        let (ni, nd) = sink.counts();
        if ni <= items.len() && nd <= diags.len() {
            items.truncate(ni);
            let diags = diags[..nd].iter().flatten().copied().collect();
            return Parsed { info, items, diags };
        }
        items.resize(ni.max(items.len()), crate::Item::default());
        diags.resize(nd.max(diags.len()), None);
    }
}
