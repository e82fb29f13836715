//! IANA registries the attributes refer to, as far as this crate needs them.

use crate::diag::Code;
use crate::fields::ValueName;

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

pub const HASH_SHA2_256: u16 = 2;
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
