//! The decoders of each attribute type's value, called by `crate::parse`.

pub(crate) mod digest_info;
pub(crate) mod encdns_ip;
pub(crate) mod split_dns;
pub(crate) mod threegpp;
