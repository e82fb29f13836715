//! IANA registries the attributes refer to, as far as this crate needs them.

use crate::diag::Code;
use crate::fields::ValueName;

/// "IKEv2 Configuration Payload CFG Types" (RFC 7296 §3.15).
pub fn cfg_type_name(cfg: u8) -> Option<&'static str> {
    match cfg {
        crate::wire::cp::CFG_REQUEST => Some("CFG_REQUEST"),
        crate::wire::cp::CFG_REPLY => Some("CFG_REPLY"),
        crate::wire::cp::CFG_SET => Some("CFG_SET"),
        crate::wire::cp::CFG_ACK => Some("CFG_ACK"),
        _ => None,
    }
}

/// "IKEv2 Hash Algorithms" (RFC 7427 §7 and later additions; SPEC.md §4).
pub static HASH_ALGORITHMS: [ValueName; 8] = [
    ValueName {
        value: 0,
        name: cstr!("Reserved"),
    },
    ValueName {
        value: 1,
        name: cstr!("SHA1"),
    },
    ValueName {
        value: 2,
        name: cstr!("SHA2-256"),
    },
    ValueName {
        value: 3,
        name: cstr!("SHA2-384"),
    },
    ValueName {
        value: 4,
        name: cstr!("SHA2-512"),
    },
    ValueName {
        value: 5,
        name: cstr!("Identity"),
    },
    ValueName {
        value: 6,
        name: cstr!("STREEBOG_256"),
    },
    ValueName {
        value: 7,
        name: cstr!("STREEBOG_512"),
    },
];

pub(crate) const HASH_SHA2_256: u16 = 2;
const HASH_IDENTITY: u16 = 5;
const FIRST_UNASSIGNED: u16 = 8;
const FIRST_PRIVATE_USE: u16 = 1024;

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

/// What is wrong with using `alg` to identify a certificate digest, if anything.
pub fn hash_alg_problem(alg: u16) -> Option<Code> {
    match alg {
        0 => Some(Code::HASH_ALG_RESERVED_ZERO),
        HASH_IDENTITY => Some(Code::HASH_ALG_IDENTITY),
        FIRST_UNASSIGNED..FIRST_PRIVATE_USE => Some(Code::HASH_ALG_UNASSIGNED),
        FIRST_PRIVATE_USE.. => Some(Code::HASH_ALG_PRIVATE_USE),
        _ => None,
    }
}

pub fn hash_alg_name(alg: u16) -> Option<&'static core::ffi::CStr> {
    HASH_ALGORITHMS
        .iter()
        .find(|v| v.value == u32::from(alg))
        .map(|v| v.name)
}

/// "Service Parameter Keys (SvcParamKeys)" (RFC 9460 §14.3.2 and later; SPEC.md §3).
pub static SVCPARAM_KEYS: [ValueName; 14] = [
    ValueName {
        value: 0,
        name: cstr!("mandatory"),
    },
    ValueName {
        value: 1,
        name: cstr!("alpn"),
    },
    ValueName {
        value: 2,
        name: cstr!("no-default-alpn"),
    },
    ValueName {
        value: 3,
        name: cstr!("port"),
    },
    ValueName {
        value: 4,
        name: cstr!("ipv4hint"),
    },
    ValueName {
        value: 5,
        name: cstr!("ech"),
    },
    ValueName {
        value: 6,
        name: cstr!("ipv6hint"),
    },
    ValueName {
        value: 7,
        name: cstr!("dohpath"),
    },
    ValueName {
        value: 8,
        name: cstr!("ohttp"),
    },
    ValueName {
        value: 9,
        name: cstr!("tls-supported-groups"),
    },
    ValueName {
        value: 10,
        name: cstr!("docpath"),
    },
    ValueName {
        value: 11,
        name: cstr!("pvd"),
    },
    ValueName {
        value: 12,
        name: cstr!("oots"),
    },
    ValueName {
        value: 65535,
        name: cstr!("key65535 (invalid)"),
    },
];

pub(crate) mod key {
    pub(crate) const MANDATORY: u16 = 0;
    pub(crate) const ALPN: u16 = 1;
    pub(crate) const NO_DEFAULT_ALPN: u16 = 2;
    pub(crate) const PORT: u16 = 3;
    pub(crate) const IPV4HINT: u16 = 4;
    pub(crate) const ECH: u16 = 5;
    pub(crate) const IPV6HINT: u16 = 6;
    pub(crate) const DOHPATH: u16 = 7;
    pub(crate) const OHTTP: u16 = 8;
    pub(crate) const TLS_SUPPORTED_GROUPS: u16 = 9;
    pub(crate) const DOCPATH: u16 = 10;
    pub(crate) const PVD: u16 = 11;
    pub(crate) const OOTS: u16 = 12;
    pub(crate) const FIRST_PRIVATE_USE: u16 = 65280;
    pub(crate) const INVALID: u16 = 65535;
}

/// Whether a SvcParamKey is registered (what `svcparam_key_name` answers, without a
/// table walk and the name's measuring: this runs for every parameter of every
/// attribute).
pub fn svcparam_key_registered(k: u16) -> bool {
    // Keys 0 to 12 are the registered ones; a test keeps this in step with the table.
    k <= key::OOTS
}

/// The registered name of a SvcParamKey.
pub fn svcparam_key_name(k: u16) -> Option<&'static str> {
    SVCPARAM_KEYS
        .iter()
        .find(|v| v.value == u32::from(k) && k != key::INVALID)
        .and_then(|v| v.name.to_str().ok())
}

/// TLS NamedGroups (IANA "TLS Supported Groups"), the ones resolvers use.
pub static TLS_GROUPS: [ValueName; 13] = [
    ValueName {
        value: 23,
        name: cstr!("secp256r1"),
    },
    ValueName {
        value: 24,
        name: cstr!("secp384r1"),
    },
    ValueName {
        value: 25,
        name: cstr!("secp521r1"),
    },
    ValueName {
        value: 29,
        name: cstr!("x25519"),
    },
    ValueName {
        value: 30,
        name: cstr!("x448"),
    },
    ValueName {
        value: 256,
        name: cstr!("ffdhe2048"),
    },
    ValueName {
        value: 257,
        name: cstr!("ffdhe3072"),
    },
    ValueName {
        value: 258,
        name: cstr!("ffdhe4096"),
    },
    ValueName {
        value: 259,
        name: cstr!("ffdhe6144"),
    },
    ValueName {
        value: 260,
        name: cstr!("ffdhe8192"),
    },
    ValueName {
        value: 4587,
        name: cstr!("SecP256r1MLKEM768"),
    },
    ValueName {
        value: 4588,
        name: cstr!("X25519MLKEM768"),
    },
    ValueName {
        value: 4589,
        name: cstr!("SecP384r1MLKEM1024"),
    },
];

/// Encrypted DNS transports, as `encdns.transport` values.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    DoT = 1,
    DoH = 2,
    DoQ = 3,
}

pub static TRANSPORTS: [ValueName; 3] = [
    ValueName {
        value: 1,
        name: cstr!("DoT"),
    },
    ValueName {
        value: 2,
        name: cstr!("DoH"),
    },
    ValueName {
        value: 3,
        name: cstr!("DoQ"),
    },
];

impl Transport {
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

    pub fn default_port(self) -> u16 {
        match self {
            Transport::DoT | Transport::DoQ => 853,
            Transport::DoH => 443,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Transport::DoT => "DoT",
            Transport::DoH => "DoH",
            Transport::DoQ => "DoQ",
        }
    }

    pub const ALL: [Transport; 3] = [Transport::DoT, Transport::DoH, Transport::DoQ];
}

/// "DNS Security Algorithm Numbers", the ones in use.
pub static DNSKEY_ALGORITHMS: [ValueName; 10] = [
    ValueName {
        value: 5,
        name: cstr!("RSASHA1"),
    },
    ValueName {
        value: 7,
        name: cstr!("RSASHA1-NSEC3-SHA1"),
    },
    ValueName {
        value: 8,
        name: cstr!("RSASHA256"),
    },
    ValueName {
        value: 10,
        name: cstr!("RSASHA512"),
    },
    ValueName {
        value: 12,
        name: cstr!("ECC-GOST"),
    },
    ValueName {
        value: 13,
        name: cstr!("ECDSAP256SHA256"),
    },
    ValueName {
        value: 14,
        name: cstr!("ECDSAP384SHA384"),
    },
    ValueName {
        value: 15,
        name: cstr!("ED25519"),
    },
    ValueName {
        value: 16,
        name: cstr!("ED448"),
    },
    ValueName {
        value: 23,
        name: cstr!("ECC-GOST12"),
    },
];

/// "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms".
pub static DS_DIGEST_TYPES: [ValueName; 5] = [
    ValueName {
        value: 1,
        name: cstr!("SHA-1"),
    },
    ValueName {
        value: 2,
        name: cstr!("SHA-256"),
    },
    ValueName {
        value: 3,
        name: cstr!("GOST R 34.11-94"),
    },
    ValueName {
        value: 4,
        name: cstr!("SHA-384"),
    },
    ValueName {
        value: 5,
        name: cstr!("GOST R 34.11-2012"),
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn registered_keys_are_the_named_ones() {
        for k in 0..=u16::MAX {
            assert_eq!(
                super::svcparam_key_registered(k),
                super::svcparam_key_name(k).is_some(),
                "key {k}"
            );
        }
    }
}
