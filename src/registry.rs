//! IANA registries the attributes refer to, as far as this crate needs them. (The
//! SvcParamKeys registry lives with each key's decoder, in `crate::svcparam::keys`.)

use core::ffi::CStr;

use crate::wire::cp;

/// A value and its name, for fields whose numbers have names.
#[derive(Clone, Copy, Debug)]
pub struct ValueName {
    pub value: u32,
    pub name: &'static CStr,
}

macro_rules! value_names {
    ($($value:literal $name:literal),* $(,)?) => {
        [$(ValueName { value: $value, name: cstr!($name) }),*]
    };
}

/// The name of `value` in `table`.
pub fn name_in(table: &[ValueName], value: u32) -> Option<&'static CStr> {
    table.iter().find(|v| v.value == value).map(|v| v.name)
}

/// "IKEv2 Configuration Payload CFG Types" (RFC 7296 §3.15).
pub fn cfg_type_name(cfg: u8) -> Option<&'static str> {
    match cfg {
        cp::CFG_REQUEST => Some("CFG_REQUEST"),
        cp::CFG_REPLY => Some("CFG_REPLY"),
        cp::CFG_SET => Some("CFG_SET"),
        cp::CFG_ACK => Some("CFG_ACK"),
        _ => None,
    }
}

/// "IKEv2 Hash Algorithms" (RFC 7427 §7 and later additions).
#[rustfmt::skip]
pub static HASH_ALGORITHMS: [ValueName; 8] = value_names![
    0 "Reserved",
    1 "SHA1",
    2 "SHA2-256",
    3 "SHA2-384",
    4 "SHA2-512",
    5 "Identity",
    6 "STREEBOG_256",
    7 "STREEBOG_512",
];

pub(crate) const HASH_SHA2_256: u16 = 2;
pub(crate) const HASH_IDENTITY: u16 = 5;
pub(crate) const HASH_FIRST_UNASSIGNED: u16 = 8;
pub(crate) const HASH_FIRST_PRIVATE_USE: u16 = 1024;

/// The output size of a hash algorithm, where it has a fixed one.
pub fn digest_len(alg: u16) -> Option<usize> {
    match alg {
        1 => Some(20),
        2 | 6 => Some(32),
        3 => Some(48),
        4 | 7 => Some(64),
        _ => None,
    }
}

pub fn hash_alg_name(alg: u16) -> Option<&'static CStr> {
    name_in(&HASH_ALGORITHMS, alg.into())
}

/// TLS NamedGroups (IANA "TLS Supported Groups"), the ones resolvers use.
#[rustfmt::skip]
pub static TLS_GROUPS: [ValueName; 13] = value_names![
    23 "secp256r1",
    24 "secp384r1",
    25 "secp521r1",
    29 "x25519",
    30 "x448",
    256 "ffdhe2048",
    257 "ffdhe3072",
    258 "ffdhe4096",
    259 "ffdhe6144",
    260 "ffdhe8192",
    4587 "SecP256r1MLKEM768",
    4588 "X25519MLKEM768",
    4589 "SecP384r1MLKEM1024",
];

/// Encrypted DNS transports, as `encdns.transport` values.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    DoT = 1,
    DoH = 2,
    DoQ = 3,
}

/// Their names, in value order.
#[rustfmt::skip]
pub static TRANSPORTS: [ValueName; 3] = value_names![
    1 "DoT",
    2 "DoH",
    3 "DoQ",
];

impl Transport {
    pub const ALL: [Transport; 3] = [Transport::DoT, Transport::DoH, Transport::DoQ];

    /// The transport an ALPN id selects (RFC 7858/8310 dot, RFC 9250 doq, RFC 8484 over
    /// h2/h3; RFC 9461 s4.1).
    pub fn from_alpn(id: &[u8]) -> Option<Transport> {
        match id {
            b"dot" => Some(Transport::DoT),
            b"doq" => Some(Transport::DoQ),
            b"h2" | b"h3" | b"http/1.1" => Some(Transport::DoH),
            _ => None,
        }
    }

    pub fn from_value(v: u64) -> Option<Transport> {
        Transport::ALL.into_iter().find(|t| *t as u64 == v)
    }

    pub fn default_port(self) -> u16 {
        match self {
            Transport::DoT | Transport::DoQ => 853,
            Transport::DoH => 443,
        }
    }

    pub fn name(self) -> &'static CStr {
        TRANSPORTS[self as usize - 1].name
    }
}

/// "DNS Security Algorithm Numbers", the ones in use.
#[rustfmt::skip]
pub static DNSKEY_ALGORITHMS: [ValueName; 10] = value_names![
    5 "RSASHA1",
    7 "RSASHA1-NSEC3-SHA1",
    8 "RSASHA256",
    10 "RSASHA512",
    12 "ECC-GOST",
    13 "ECDSAP256SHA256",
    14 "ECDSAP384SHA384",
    15 "ED25519",
    16 "ED448",
    23 "ECC-GOST12",
];

/// "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms".
#[rustfmt::skip]
pub static DS_DIGEST_TYPES: [ValueName; 5] = value_names![
    1 "SHA-1",
    2 "SHA-256",
    3 "GOST R 34.11-94",
    4 "SHA-384",
    5 "GOST R 34.11-2012",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transports_are_named_in_value_order() {
        for t in Transport::ALL {
            assert_eq!(name_in(&TRANSPORTS, t as u32), Some(t.name()));
            assert_eq!(Transport::from_value(t as u64), Some(t));
        }
    }
}
