//! Parser for the IKEv2 Configuration Payload attributes of RFC 9464
//! (ENCDNS_IP4, ENCDNS_IP6, ENCDNS_DIGEST_INFO).
//!
//! The parser turns the bytes of one attribute into a flat list of [`sink::Item`]s
//! (field id, offset, length, value, in tree order with open/close markers) and
//! [`sink::Diag`]s (diagnostic code, the item it concerns, offset, length).
//! It knows nothing of Wireshark; the C glue in `wireshark-plugin/` maps the items
//! onto `proto_tree_add_*` calls. It never allocates and never panics on any input.

/// A `&'static CStr` from a string literal. (Not `c"..."`: the cbindgen that Debian
/// ships cannot parse C-string literals.)
macro_rules! cstr {
    // Through a constant, so that it is checked once at compile time and not, in a
    // function body, on every call (names are looked up for every shown attribute).
    ($s:literal) => {{
        const C: &core::ffi::CStr =
            match core::ffi::CStr::from_bytes_with_nul(concat!($s, "\0").as_bytes()) {
                Ok(c) => c,
                Err(_) => panic!("string literal contains a NUL"),
            };
        C
    }};
}

mod attr;
pub mod cp_rules;
pub mod diag;
pub mod fastfmt;
pub mod ffi;
pub mod field;
pub mod fields;
pub mod hash;
pub mod ike;
pub mod iketcp;
pub mod keyfile;
pub mod name;
pub mod options;
pub mod parse;
pub mod pem;
pub mod registry;
pub mod session;
pub mod sink;
pub mod spki;
pub mod svcparam;
pub mod text;
pub mod wire;

pub use diag::{Code, Finding};
pub use field::Field;
pub use options::{AttrKind, CfgType, Options, Preferences, Refusal};
pub use parse::{parse_attribute, AttrInfo};
pub use sink::{Diag, Item, ItemKind, On, Sink};
