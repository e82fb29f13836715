//! From the bytes of one configuration attribute to items and diagnostics.

use crate::diag::Code;
use crate::fields::Field;
use crate::name::check_adn;
use crate::registry::{self, HASH_SHA2_256};
use crate::sink::{Item, ItemRef, Sink};
use crate::svcparams::{parse_svcparams, Facts};
use crate::wire::{self, attr, cp, digest_info, encdns_ip};
use crate::{split_dns, threegpp};

/// Which DIGEST_INFO layout to decode (DESIGN.md §5).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestLayout {
    Rfc9464 = 0,
    /// draft-ietf-ipsecme-add-ike-00: 3-octet RESERVED + ADN Length.
    Draft00 = 1,
}

/// The user's preferences, as the C glue passes them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub type_ip4: u16,
    pub type_ip6: u16,
    pub type_digest_info: u16,
    /// A [`DigestLayout`].
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

/// The kind of the attribute whose header starts `attr`, from its type field alone.
pub fn classify(attr: &[u8], options: &Options) -> AttrKind {
    match wire::be16(attr, attr::TYPE) {
        Some(t) => kind_of(t & attr::TYPE_MASK, options),
        None => AttrKind::Other,
    }
}

fn kind_of(attr_type: u16, o: &Options) -> AttrKind {
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

/// Parses one attribute: `attr` starts at its 4-octet header and runs to the end of
/// the Configuration payload (or of the data, if that ends first). The attribute's
/// extent comes from its own Length field (RFC 7296 §3.15.1), whatever the R bit says.
/// Returns the summary; items and diagnostics go to `sink`.
pub fn parse_attribute(attr: &[u8], cfg: CfgType, options: &Options, sink: &mut Sink) -> AttrInfo {
    let mut info = AttrInfo::default();
    let Some((header, rest)) = attr.split_first_chunk::<{ attr::HEADER_LEN }>() else {
        if let Some(t) = wire::be16(attr, attr::TYPE) {
            info.attr_type = t & attr::TYPE_MASK;
            info.kind = kind_of(info.attr_type, options) as u8;
        }
        sink.diag(
            Code::ATTR_HEADER_TRUNCATED,
            ItemRef::ATTRIBUTE,
            0,
            attr.len(),
            attr.len() as u64,
        );
        info.total_length = attr.len() as u32;
        return finish(info, sink);
    };
    let type_field = wire::be16_of(header, attr::TYPE);
    let length = wire::be16_of(header, attr::LENGTH);
    let kind = kind_of(type_field & attr::TYPE_MASK, options);
    info.kind = kind as u8;
    info.attr_type = type_field & attr::TYPE_MASK;
    info.value_length = length;
    if type_field & attr::R_BIT != 0 {
        info.r_bit = 1;
        sink.diag(Code::R_BIT_SET, ItemRef::ATTRIBUTE, 0, 2, type_field.into());
    }
    let value = match rest.get(..usize::from(length)) {
        Some(v) => v,
        None => {
            sink.diag(
                Code::ATTR_LENGTH_EXCEEDS_DATA,
                ItemRef::ATTRIBUTE,
                2,
                2,
                length.into(),
            );
            rest
        }
    };
    info.total_length = (attr::HEADER_LEN + value.len()) as u32;
    match kind {
        AttrKind::EncdnsIp4 => parse_encdns_ip::<{ encdns_ip::IPV4_LEN }>(value, cfg, sink),
        AttrKind::EncdnsIp6 => parse_encdns_ip::<{ encdns_ip::IPV6_LEN }>(value, cfg, sink),
        AttrKind::EncdnsDigestInfo => {
            if options.digest_layout == DigestLayout::Draft00 as u8 {
                parse_digest_info_draft00(value, cfg, sink)
            } else {
                parse_digest_info(value, cfg, sink)
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

/// ENCDNS_IP4 / ENCDNS_IP6 value (RFC 9464 §3.1); `ADDR_LEN` is 4 or 16.
fn parse_encdns_ip<const ADDR_LEN: usize>(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    // Offsets in items are from the attribute start.
    let at = |off: usize| attr::HEADER_LEN + off;

    if value.is_empty() {
        if cfg.is_reply_or_set() {
            sink.diag(
                Code::IP_LENGTH_ZERO_IN_REPLY_OR_SET,
                ItemRef::ATTRIBUTE,
                2,
                2,
                0,
            );
        }
        return;
    }
    if cfg.is_ack() {
        sink.diag(
            Code::IP_NONZERO_LENGTH_IN_ACK,
            ItemRef::ATTRIBUTE,
            2,
            2,
            value.len() as u64,
        );
    }
    let Some((fixed, rest)) = value.split_first_chunk::<{ encdns_ip::FIXED_LEN }>() else {
        fixed_part_truncated(value, sink);
        return;
    };
    let priority = wire::be16_of(fixed, encdns_ip::PRIORITY);
    let num = fixed[encdns_ip::NUM_ADDRS];
    let adn_len = fixed[encdns_ip::ADN_LEN];

    let first = sink.push_all([
        Item::leaf(Field::Priority, at(0), 2, priority.into()),
        Item::leaf(Field::NumAddrs, at(encdns_ip::NUM_ADDRS), 1, num.into()),
        Item::leaf(Field::AdnLen, at(encdns_ip::ADN_LEN), 1, adn_len.into()),
    ]);
    let (num_ref, adn_ref) = (ItemRef(first as u32 + 1), ItemRef(first as u32 + 2));
    if priority == 0 {
        let r = ItemRef(first as u32);
        sink.diag(Code::SERVICE_PRIORITY_ZERO, r, at(0), 2, 0);
    }
    if num == 0 && cfg.is_reply_or_set() {
        sink.diag(
            Code::NUM_ADDRESSES_ZERO_IN_REPLY_OR_SET,
            num_ref,
            at(encdns_ip::NUM_ADDRS),
            1,
            0,
        );
    }

    let need = usize::from(num) * ADDR_LEN;
    if need > rest.len() {
        addresses_overrun::<ADDR_LEN>(rest, need, num_ref, sink);
        return;
    }
    let (addrs, rest) = rest.split_at(need);
    addresses::<ADDR_LEN>(addrs, sink);

    let adn_at = encdns_ip::ADDRS + need;
    let Some(adn) = rest.get(..usize::from(adn_len)) else {
        undecoded(sink, at(adn_at), rest.len());
        sink.diag(
            Code::ADN_OVERRUN,
            adn_ref,
            at(adn_at),
            rest.len(),
            adn_len.into(),
        );
        return;
    };
    if adn.is_empty() {
        if cfg.is_reply_or_set() {
            sink.diag(
                Code::ADN_ABSENT_IN_REPLY_OR_SET,
                adn_ref,
                at(encdns_ip::ADN_LEN),
                1,
                0,
            );
        }
    } else {
        let r = sink.leaf(Field::Adn, at(adn_at), adn.len(), 0);
        check_adn(adn, at(adn_at), r, sink);
    }

    let params_at = at(adn_at + adn.len());
    let params = &rest[adn.len()..];
    if params.is_empty() {
        if cfg.is_reply_or_set() {
            sink.diag(Code::SVCPARAMS_NO_ALPN, ItemRef::ATTRIBUTE, params_at, 0, 0);
        }
        return;
    }
    let mut facts = Facts::default();
    parse_svcparams(params, params_at, cfg, &mut facts, sink);
    transport_items(&facts, sink);
}

/// The whole addresses of `addrs`, which sit at value offset `encdns_ip::ADDRS`.
fn addresses<const ADDR_LEN: usize>(addrs: &[u8], sink: &mut Sink) {
    let field = if ADDR_LEN == encdns_ip::IPV4_LEN {
        Field::Ipv4
    } else {
        Field::Ipv6
    };
    let mut at = attr::HEADER_LEN + encdns_ip::ADDRS;
    for addr in addrs.chunks_exact(ADDR_LEN) {
        let v = if ADDR_LEN == encdns_ip::IPV4_LEN {
            u64::from(u32::from_be_bytes([addr[0], addr[1], addr[2], addr[3]]))
        } else {
            0
        };
        sink.leaf(field, at, ADDR_LEN, v);
        at += ADDR_LEN;
    }
}

/// Fewer octets than Num Addresses promises: the whole addresses there are, the rest
/// undecoded.
#[cold]
fn addresses_overrun<const ADDR_LEN: usize>(
    rest: &[u8],
    need: usize,
    num_ref: ItemRef,
    sink: &mut Sink,
) {
    let whole = rest.len() / ADDR_LEN * ADDR_LEN;
    addresses::<ADDR_LEN>(&rest[..whole], sink);
    let at = attr::HEADER_LEN + encdns_ip::ADDRS;
    undecoded(sink, at + whole, rest.len() - whole);
    sink.diag(
        Code::ADDRESSES_OVERRUN,
        num_ref,
        at,
        rest.len(),
        need as u64,
    );
}

/// A value too short for Priority, Num Addresses and ADN Length: what there is of
/// them, then nothing more.
#[cold]
fn fixed_part_truncated(value: &[u8], sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    let mut decoded = 0;
    if let Some(p) = wire::be16(value, encdns_ip::PRIORITY) {
        sink.leaf(Field::Priority, at(0), 2, p.into());
        decoded = 2;
        if let Some(n) = wire::byte(value, encdns_ip::NUM_ADDRS) {
            sink.leaf(Field::NumAddrs, at(encdns_ip::NUM_ADDRS), 1, n.into());
            decoded = 3;
        }
    }
    undecoded(sink, at(decoded), value.len() - decoded);
    sink.diag(
        Code::IP_FIXED_FIELDS_TRUNCATED,
        ItemRef::ATTRIBUTE,
        at(0),
        value.len(),
        value.len() as u64,
    );
}

/// The generated transport and effective-port fields: one pair per transport the alpn
/// ids name, the port from the port parameter or the transport's default.
#[inline(always)]
fn transport_items(facts: &Facts, sink: &mut Sink) {
    let Some((_, alpn_at, alpn_len)) = facts.alpn else {
        return;
    };
    for t in facts.transports.iter() {
        let port = match facts.port {
            Some((port, at, len)) => Item::leaf(Field::EffectivePort, at, len, port.into()),
            None => Item::leaf(
                Field::EffectivePort,
                alpn_at,
                alpn_len,
                t.default_port().into(),
            ),
        };
        sink.push_all([
            Item::leaf(Field::Transport, alpn_at, alpn_len, t as u64).generated(),
            port.generated(),
        ]);
    }
}

pub(crate) fn undecoded(sink: &mut Sink, offset: usize, length: usize) {
    if length > 0 {
        sink.leaf(Field::Undecoded, offset, length, 0);
    }
}

/// Packs two numbers a message names into one diagnostic value.
pub(crate) fn pair(a: usize, b: usize) -> u64 {
    ((a as u64) << 32) | (b as u64 & 0xffff_ffff)
}

/// The rules every DIGEST_INFO layout shares: a CFG_ACK carries none, every other
/// CFG type needs a value. Returns whether there is a value to decode.
fn digest_info_framing(value: &[u8], cfg: CfgType, sink: &mut Sink) -> bool {
    if cfg.is_ack() {
        if !value.is_empty() {
            sink.diag(
                Code::DIGEST_NONZERO_LENGTH_IN_ACK,
                ItemRef::ATTRIBUTE,
                2,
                2,
                value.len() as u64,
            );
            undecoded(sink, attr::HEADER_LEN, value.len());
        }
        return false;
    }
    if value.is_empty() {
        sink.diag(
            Code::DIGEST_LENGTH_ZERO_OUTSIDE_ACK,
            ItemRef::ATTRIBUTE,
            2,
            2,
            cfg.0.into(),
        );
        return false;
    }
    true
}

/// ENCDNS_DIGEST_INFO value, RFC 9464 §3.2.
fn parse_digest_info(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    if !digest_info_framing(value, cfg, sink) {
        return;
    }
    let (Some(num), Some(adn_len)) = (
        wire::byte(value, digest_info::NUM_HASH_ALGS),
        wire::byte(value, digest_info::ADN_LEN),
    ) else {
        sink.leaf(Field::DigestNumHashAlgs, at(0), 1, value[0].into());
        sink.diag(
            Code::DIGEST_FIXED_FIELDS_TRUNCATED,
            ItemRef::ATTRIBUTE,
            at(0),
            value.len(),
            pair(value.len(), digest_info::FIXED_LEN),
        );
        return;
    };
    let num_ref = sink.leaf(
        Field::DigestNumHashAlgs,
        at(digest_info::NUM_HASH_ALGS),
        1,
        num.into(),
    );
    let adn_ref = sink.leaf(
        Field::DigestAdnLen,
        at(digest_info::ADN_LEN),
        1,
        adn_len.into(),
    );
    let rest = &value[digest_info::FIXED_LEN..];

    if cfg.is_request() {
        // Figure 3: the list fills the value; there is no ADN, whatever ADN Length says.
        if adn_len != 0 {
            sink.diag(
                Code::DIGEST_REQ_ADN_LENGTH_NONZERO,
                adn_ref,
                at(digest_info::ADN_LEN),
                1,
                adn_len.into(),
            );
        }
        let listed = hash_alg_list(rest, at(digest_info::FIXED_LEN), sink);
        if rest.len() % digest_info::HASH_ALG_LEN != 0 {
            sink.diag(
                Code::DIGEST_REQ_LENGTH_ODD,
                ItemRef::ATTRIBUTE,
                2,
                2,
                value.len() as u64,
            );
        }
        if usize::from(num) != listed {
            sink.diag(
                Code::DIGEST_REQ_NUM_HASH_ALGS_MISMATCH,
                num_ref,
                at(digest_info::NUM_HASH_ALGS),
                1,
                pair(num.into(), listed),
            );
        }
        return;
    }
    if !cfg.is_reply_or_set() {
        // An unknown CFG type says neither layout applies.
        undecoded(sink, at(digest_info::FIXED_LEN), rest.len());
        return;
    }
    // Figure 4.
    if num != 1 {
        sink.diag(
            Code::DIGEST_REPLY_NUM_HASH_ALGS_NOT_ONE,
            num_ref,
            at(digest_info::NUM_HASH_ALGS),
            1,
            num.into(),
        );
    }
    adn_alg_digest(rest, at(digest_info::FIXED_LEN), adn_len, adn_ref, sink);
}

/// ENCDNS_DIGEST_INFO value, draft-ietf-ipsecme-add-ike-00 §3.2: RESERVED (3), ADN
/// Length, ADN, then the hash algorithm list (request) or one algorithm and the
/// digest (reply). The draft sets no rule on counts, so only the framing is checked.
fn parse_digest_info_draft00(value: &[u8], cfg: CfgType, sink: &mut Sink) {
    let at = |off: usize| attr::HEADER_LEN + off;
    if !digest_info_framing(value, cfg, sink) {
        return;
    }
    let Some(adn_len) = wire::byte(value, digest_info::DRAFT_ADN_LEN) else {
        undecoded(sink, at(0), value.len());
        sink.diag(
            Code::DIGEST_FIXED_FIELDS_TRUNCATED,
            ItemRef::ATTRIBUTE,
            at(0),
            value.len(),
            pair(value.len(), digest_info::DRAFT_FIXED_LEN),
        );
        return;
    };
    sink.leaf(
        Field::DigestReserved,
        at(0),
        digest_info::DRAFT_RESERVED.len(),
        0,
    );
    let adn_ref = sink.leaf(
        Field::DigestAdnLen,
        at(digest_info::DRAFT_ADN_LEN),
        1,
        adn_len.into(),
    );
    let rest = &value[digest_info::DRAFT_FIXED_LEN..];
    let rest_at = at(digest_info::DRAFT_FIXED_LEN);
    if cfg.is_request() {
        let Some(adn) = rest.get(..usize::from(adn_len)) else {
            undecoded(sink, rest_at, rest.len());
            sink.diag(
                Code::DIGEST_ADN_OVERRUN,
                adn_ref,
                rest_at,
                rest.len(),
                adn_len.into(),
            );
            return;
        };
        adn_item(adn, rest_at, sink);
        hash_alg_list(&rest[adn.len()..], rest_at + adn.len(), sink);
    } else if cfg.is_reply_or_set() {
        adn_alg_digest(rest, rest_at, adn_len, adn_ref, sink);
    } else {
        undecoded(sink, rest_at, rest.len());
    }
}

fn adn_item(adn: &[u8], offset: usize, sink: &mut Sink) {
    if !adn.is_empty() {
        let r = sink.leaf(Field::DigestAdn, offset, adn.len(), 0);
        check_adn(adn, offset, r, sink);
    }
}

/// A list of 2-octet hash algorithm identifiers at `offset`; returns how many.
/// A trailing odd octet is shown as undecoded.
fn hash_alg_list(list: &[u8], offset: usize, sink: &mut Sink) -> usize {
    let mut sha2_256 = false;
    let ids = list.chunks_exact(digest_info::HASH_ALG_LEN);
    let odd = ids.remainder().len();
    let mut n = 0;
    for (k, id) in ids.enumerate() {
        let alg = u16::from_be_bytes([id[0], id[1]]);
        let off = offset + k * digest_info::HASH_ALG_LEN;
        let r = sink.leaf(
            Field::DigestHashAlg,
            off,
            digest_info::HASH_ALG_LEN,
            alg.into(),
        );
        if let Some(code) = registry::hash_alg_problem(alg) {
            sink.diag(code, r, off, digest_info::HASH_ALG_LEN, alg.into());
        }
        sha2_256 |= alg == HASH_SHA2_256;
        n += 1;
    }
    undecoded(sink, offset + n * digest_info::HASH_ALG_LEN, odd);
    if n == 0 {
        sink.diag(
            Code::DIGEST_REQ_NO_HASH_ALGS,
            ItemRef::ATTRIBUTE,
            offset,
            0,
            0,
        );
    } else if !sha2_256 {
        sink.diag(
            Code::DIGEST_REQ_SHA2_256_NOT_OFFERED,
            ItemRef::ATTRIBUTE,
            offset,
            n * digest_info::HASH_ALG_LEN,
            n as u64,
        );
    }
    n
}

/// The reply tail shared by both layouts: ADN (L octets), Hash Algorithm Identifier,
/// Certificate Digest to the end of the value.
fn adn_alg_digest(rest: &[u8], offset: usize, adn_len: u8, adn_ref: ItemRef, sink: &mut Sink) {
    let Some(adn) = rest.get(..usize::from(adn_len)) else {
        undecoded(sink, offset, rest.len());
        sink.diag(
            Code::DIGEST_ADN_OVERRUN,
            adn_ref,
            offset,
            rest.len(),
            adn_len.into(),
        );
        return;
    };
    adn_item(adn, offset, sink);
    let rest = &rest[adn.len()..];
    let alg_at = offset + adn.len();
    let Some(alg) = wire::be16(rest, 0..digest_info::HASH_ALG_LEN) else {
        undecoded(sink, alg_at, rest.len());
        sink.diag(
            Code::DIGEST_HASH_ALG_MISSING,
            ItemRef::ATTRIBUTE,
            alg_at,
            rest.len(),
            rest.len() as u64,
        );
        return;
    };
    let alg_ref = sink.leaf(
        Field::DigestHashAlg,
        alg_at,
        digest_info::HASH_ALG_LEN,
        alg.into(),
    );
    if let Some(code) = registry::hash_alg_problem(alg) {
        sink.diag(code, alg_ref, alg_at, digest_info::HASH_ALG_LEN, alg.into());
    }
    let digest = &rest[digest_info::HASH_ALG_LEN..];
    let digest_at = alg_at + digest_info::HASH_ALG_LEN;
    if digest.is_empty() {
        sink.diag(Code::DIGEST_EMPTY, alg_ref, digest_at, 0, alg.into());
        return;
    }
    let r = sink.leaf(Field::DigestValue, digest_at, digest.len(), 0);
    if let Some(want) = registry::digest_len(alg) {
        if digest.len() != want {
            sink.diag(
                Code::DIGEST_LENGTH_MISMATCH,
                r,
                digest_at,
                digest.len(),
                pair(want, alg.into()),
            );
        }
    }
}

/// An attribute parsed into owned lists: for tools and tests, which may allocate.
/// (The plugin parses into its own buffers with [`parse_attribute`].)
pub struct Parsed {
    pub info: AttrInfo,
    pub items: Vec<crate::Item>,
    pub diags: Vec<crate::Diag>,
}

/// [`parse_attribute`] into buffers grown until everything fits.
pub fn parse_owned(attr: &[u8], cfg: CfgType, options: &Options) -> Parsed {
    let mut items = vec![crate::Item::default(); 64];
    let mut diags = vec![crate::Diag::default(); 16];
    loop {
        let mut sink = Sink::new(&mut items, &mut diags);
        let info = parse_attribute(attr, cfg, options, &mut sink);
        let (ni, nd) = sink.counts();
        if ni <= items.len() && nd <= diags.len() {
            items.truncate(ni);
            diags.truncate(nd);
            return Parsed { info, items, diags };
        }
        items.resize(ni.max(items.len()), crate::Item::default());
        diags.resize(nd.max(diags.len()), crate::Diag::default());
    }
}
