//! The C ABI the Wireshark glue calls. Every export runs inside `catch_unwind`: a
//! panic escaping an `extern "C"` function would abort the user's Wireshark, so a
//! panic becomes an ordinary failure return instead. Nothing here calls back into C.

use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::diag::DIAGS;
use crate::fields::FIELDS;
use crate::message::{render, FixedBuf};
use crate::parse::{classify, parse_attribute, AttrInfo, CfgType, Options};
use crate::sink::{Diag, Item, Sink};
use crate::text;
use crate::wire::{self, cp};

/// Octets from the start of a Configuration payload to its first attribute.
pub const ENCDNS_CP_PREFIX_LEN: usize = 8;
/// Octets from the start of a Configuration payload body (its CFG Type) to its first
/// attribute.
pub const ENCDNS_CP_ATTRIBUTES_IN_BODY: usize = 4;
/// CFG Type of a configuration request (RFC 7296 §3.15).
pub const ENCDNS_CFG_REQUEST: u8 = 1;
/// `EncdnsDiag::item` for a diagnostic about the attribute as a whole.
pub const ENCDNS_DIAG_ON_ATTRIBUTE: u32 = 0xffff_ffff;
/// `EncdnsDiag::item` for a diagnostic about a Configuration payload as a whole.
pub const ENCDNS_DIAG_ON_PAYLOAD: u32 = 0xffff_fffe;
/// `EncdnsItem::flags` bit: the value was computed, not read from the packet.
pub const ENCDNS_FLAG_GENERATED: u8 = 1;
/// `EncdnsItem::flags` bit: `encdns_item_text` has a label for the item.
pub const ENCDNS_FLAG_TEXT: u8 = 2;
// (Literals above, not paths: cbindgen only exports constants it can evaluate.
// `exported_constants_match` keeps them equal to the crate's own.)

/// One row of the field table, for `hf_register_info`.
#[repr(C)]
pub struct FieldDesc {
    pub name: *const c_char,
    pub abbrev: *const c_char,
    pub description: *const c_char,
    /// A `Kind`.
    pub kind: u8,
    /// A `Base`.
    pub base: u8,
    pub reserved: u16,
    /// How many named values `encdns_value_name` has for this field.
    pub n_names: u32,
}

#[repr(C)]
pub struct ValueNameDesc {
    pub value: u32,
    pub name: *const c_char,
}

/// One row of the diagnostics catalogue, for `ei_register_info`.
#[repr(C)]
pub struct DiagDesc {
    pub abbrev: *const c_char,
    pub summary: *const c_char,
    /// A `Severity`.
    pub severity: u8,
    /// A `Group`.
    pub group: u8,
}

/// What the octets in front of a payload's first attribute say.
#[repr(C)]
pub struct CpHeader {
    pub cfg_type: u8,
    pub reserved: [u8; 3],
    /// The generic payload header's Payload Length: octets from the payload start.
    pub payload_length: u32,
}

fn guard<R>(fallback: R, f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// # Safety
/// `ptr` must be null or point to `len` readable octets.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(ptr, len)
    }
}

/// # Safety
/// `ptr` must be null or point to `len` writable, initialised elements.
unsafe fn slots<'a, T>(ptr: *mut T, len: usize) -> &'a mut [T] {
    if ptr.is_null() || len == 0 {
        &mut []
    } else {
        core::slice::from_raw_parts_mut(ptr, len)
    }
}

/// The crate version, as a static C string.
#[no_mangle]
pub extern "C" fn encdns_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Call once before anything else: keeps a panic's message off the host's stderr
/// (it is caught and reported as a failed call instead).
#[no_mangle]
pub extern "C" fn encdns_init() {
    guard((), || std::panic::set_hook(Box::new(|_| {})));
}

#[no_mangle]
pub extern "C" fn encdns_field_count() -> u32 {
    FIELDS.len() as u32
}

/// Fills `out` with field `index`; false if there is no such field.
///
/// # Safety
/// `out` must be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_field_info(index: u32, out: *mut FieldDesc) -> bool {
    guard(false, || {
        let (Some(f), Some(out)) = (FIELDS.get(index as usize), out.as_mut()) else {
            return false;
        };
        *out = FieldDesc {
            name: f.name.as_ptr(),
            abbrev: f.abbrev.as_ptr(),
            description: f.description.as_ptr(),
            kind: f.kind as u8,
            base: f.base as u8,
            reserved: 0,
            n_names: f.names.len() as u32,
        };
        true
    })
}

/// Fills `out` with named value `index` of field `field`.
///
/// # Safety
/// `out` must be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_value_name(
    field: u32,
    index: u32,
    out: *mut ValueNameDesc,
) -> bool {
    guard(false, || {
        let vn = FIELDS
            .get(field as usize)
            .and_then(|f| f.names.get(index as usize));
        let (Some(vn), Some(out)) = (vn, out.as_mut()) else {
            return false;
        };
        *out = ValueNameDesc {
            value: vn.value,
            name: vn.name.as_ptr(),
        };
        true
    })
}

#[no_mangle]
pub extern "C" fn encdns_diag_count() -> u32 {
    DIAGS.len() as u32
}

/// Fills `out` with catalogue entry `index`.
///
/// # Safety
/// `out` must be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_diag_info(index: u32, out: *mut DiagDesc) -> bool {
    guard(false, || {
        let (Some(d), Some(out)) = (DIAGS.get(index as usize), out.as_mut()) else {
            return false;
        };
        *out = DiagDesc {
            abbrev: d.abbrev.as_ptr(),
            summary: d.summary.as_ptr(),
            severity: d.severity as u8,
            group: d.group as u8,
        };
        true
    })
}

/// Reads the `ENCDNS_CP_PREFIX_LEN` octets in front of a payload's first attribute.
/// False if they are missing or cannot be a Configuration payload header.
///
/// # Safety
/// `prefix` must point to `len` readable octets; `out` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_cp_header(
    prefix: *const u8,
    len: usize,
    out: *mut CpHeader,
) -> bool {
    guard(false, || {
        let prefix = bytes(prefix, len);
        let (Some(length), Some(cfg_type), Some(out)) = (
            wire::be16(prefix, cp::PAYLOAD_LENGTH),
            wire::byte(prefix, cp::CFG_TYPE),
            out.as_mut(),
        ) else {
            return false;
        };
        if usize::from(length) < cp::PREFIX_LEN {
            return false;
        }
        *out = CpHeader {
            cfg_type,
            reserved: [0; 3],
            payload_length: length.into(),
        };
        true
    })
}

/// The IKE major version of the ISAKMP message whose header starts at `hdr`
/// (0 if the header is too short).
///
/// # Safety
/// `hdr` must point to `len` readable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_ike_major_version(hdr: *const u8, len: usize) -> u8 {
    guard(0, || {
        wire::byte(bytes(hdr, len), wire::ike::VERSION)
            .map_or(0, |v| v >> wire::ike::MAJOR_VERSION_SHIFT)
    })
}

/// The `AttrKind` of the attribute whose header starts at `attr` (0: not ours).
///
/// # Safety
/// `attr` must point to `len` readable octets; `options` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_classify(
    attr: *const u8,
    len: usize,
    options: *const Options,
) -> u8 {
    guard(0, || match options.as_ref() {
        Some(o) => classify(bytes(attr, len), o) as u8,
        None => 0,
    })
}

/// The IANA name of an `AttrKind`, as a static C string ("" for none).
#[no_mangle]
pub extern "C" fn encdns_attr_name(kind: u8) -> *const c_char {
    crate::parse::AttrKind::from_u8(kind).name().as_ptr()
}

/// Parses one attribute (from its 4-octet header) found in a Configuration payload of
/// CFG type `cfg_type`. Writes at most `items_cap` items and `diags_cap` diagnostics;
/// `info` says how many there are in all, so a caller whose buffers were too small
/// can call again with larger ones. False only if the parser failed internally.
///
/// # Safety
/// Pointers must be valid for the given lengths; `info` and `options` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_parse_attribute(
    attr: *const u8,
    attr_len: usize,
    cfg_type: u8,
    options: *const Options,
    items: *mut Item,
    items_cap: usize,
    diags: *mut Diag,
    diags_cap: usize,
    info: *mut AttrInfo,
) -> bool {
    guard(false, || {
        let (Some(options), Some(info)) = (options.as_ref(), info.as_mut()) else {
            return false;
        };
        let mut sink = Sink::new(slots(items, items_cap), slots(diags, diags_cap));
        *info = parse_attribute(bytes(attr, attr_len), CfgType(cfg_type), options, &mut sink);
        true
    })
}

/// Checks the rules between the attributes of one Configuration payload. `body` runs
/// from the payload's CFG Type to its end. Diagnostics have `item ==
/// ENCDNS_DIAG_ON_ATTRIBUTE` and `offset` = the offset in `body` of the attribute they
/// concern; render their messages with `encdns_diag_message(body, ...)`. Returns how
/// many there are (more than `diags_cap` means call again with more room).
///
/// # Safety
/// Pointers must be valid for the given lengths; `options` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_analyze_cp(
    body: *const u8,
    len: usize,
    options: *const Options,
    diags: *mut Diag,
    diags_cap: usize,
) -> usize {
    guard(0, || {
        let Some(options) = options.as_ref() else {
            return 0;
        };
        let mut sink = Sink::new(&mut [], slots(diags, diags_cap));
        crate::cp_rules::analyze_cp(bytes(body, len), options, &mut sink);
        sink.counts().1
    })
}

/// Where the attributes of ours start in a Configuration payload body (`body` from its
/// CFG Type to the payload's end): writes their offsets in `body`, at most `cap`, and
/// returns how many there are in all. Trees nobody shows do not get Wireshark's own
/// attribute items unless something asks for them, and asking costs every IKE frame:
/// the glue finds our attributes here instead.
///
/// # Safety
/// `body` must point to `len` readable octets, `offsets` to `cap` writable ones;
/// `options` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_cp_attributes(
    body: *const u8,
    len: usize,
    options: *const Options,
    offsets: *mut u32,
    cap: usize,
) -> usize {
    guard(0, || {
        let Some(options) = options.as_ref() else {
            return 0;
        };
        let (body, out) = (bytes(body, len), slots(offsets, cap));
        let mut n = 0;
        // Down to a last attribute whose type is all there is: ours to flag as truncated.
        for at in crate::cp_rules::attribute_starts(body) {
            if classify(&body[at..], options) != crate::parse::AttrKind::Other {
                if let Some(slot) = out.get_mut(n) {
                    *slot = at as u32;
                }
                n += 1;
            }
        }
        n
    })
}

/// Writes the 16-octet key of the IKE SA of the message starting at `msg` (its IKE
/// header) into `key`. False if the header is too short.
///
/// # Safety
/// `msg` must point to `len` readable octets, `key` to 16 writable ones.
#[no_mangle]
pub unsafe extern "C" fn encdns_sa_key(msg: *const u8, len: usize, key: *mut u8) -> bool {
    guard(false, || {
        match (crate::sa::sa_key(bytes(msg, len)), key.is_null()) {
            (Some(k), false) => {
                slots(key, 16).copy_from_slice(&k);
                true
            }
            _ => false,
        }
    })
}

/// The name of a CFG Type ("CFG_REPLY"), as a static C string.
#[no_mangle]
pub extern "C" fn encdns_cfg_type_name(cfg: u8) -> *const c_char {
    match cfg {
        cp::CFG_REQUEST => cstr!("CFG_REQUEST"),
        cp::CFG_REPLY => cstr!("CFG_REPLY"),
        cp::CFG_SET => cstr!("CFG_SET"),
        cp::CFG_ACK => cstr!("CFG_ACK"),
        _ => cstr!("unknown CFG type"),
    }
    .as_ptr()
}

/// Whether the IKE message starting at `msg` is a response (its Response flag).
///
/// # Safety
/// `msg` must point to `len` readable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_ike_is_response(msg: *const u8, len: usize) -> bool {
    guard(false, || {
        wire::byte(bytes(msg, len), wire::ike::FLAGS)
            .is_some_and(|f| f & wire::ike::FLAG_RESPONSE != 0)
    })
}

/// Takes one IKEv2 message of an IKE SA, in capture order: `msg` from its IKE header,
/// `inner` the decrypted content of its SK payload (NULL/0 if none), `frame` its frame
/// number. Updates `state` (zeroed for a new SA) and fills `result`; diagnostics on
/// the message's CP payload go to `diags` (offsets in the CP body; `item` is
/// `ENCDNS_DIAG_ON_ATTRIBUTE` or `ENCDNS_DIAG_ON_PAYLOAD`). False on internal failure.
///
/// # Safety
/// Pointers must be valid for the given lengths; `state`, `options`, `result` valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_sa_message(
    state: *mut crate::sa::SaState,
    msg: *const u8,
    msg_len: usize,
    inner: *const u8,
    inner_len: usize,
    frame: u32,
    options: *const Options,
    diags: *mut Diag,
    diags_cap: usize,
    result: *mut crate::sa::MessageResult,
) -> bool {
    guard(false, || {
        let (Some(state), Some(options), Some(result)) =
            (state.as_mut(), options.as_ref(), result.as_mut())
        else {
            return false;
        };
        let mut sink = Sink::new(&mut [], slots(diags, diags_cap));
        *result = crate::sa::sa_message(
            state,
            bytes(msg, msg_len),
            bytes(inner, inner_len),
            frame,
            options,
            &mut sink,
        );
        result.n_diags = sink.counts().1 as u32;
        true
    })
}

/// The resolver addresses the ENCDNS_DIGEST_INFO attributes of a CFG_REPLY/CFG_SET
/// payload body claim a digest for. Writes at most `cap` claims; returns how many
/// there are.
///
/// # Safety
/// Pointers must be valid for the given lengths; `options` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_digest_claims(
    body: *const u8,
    len: usize,
    options: *const Options,
    out: *mut crate::cp_rules::DigestClaim,
    cap: usize,
) -> usize {
    guard(0, || match options.as_ref() {
        Some(o) => crate::cp_rules::digest_claims(bytes(body, len), o, slots(out, cap)),
        None => 0,
    })
}

/// Checks a claimed digest against a certificate (DER) or a SubjectPublicKeyInfo:
/// returns a `Check`, and writes the digest computed (if any) to `computed`
/// (`MAX_DIGEST` octets of room), its length to `computed_len`.
///
/// # Safety
/// Pointers must be valid for the given lengths; `computed` has 64 writable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_check_certificate(
    der: *const u8,
    der_len: usize,
    claim: *const crate::cp_rules::DigestClaim,
    computed: *mut u8,
    computed_len: *mut usize,
) -> u8 {
    guard(crate::spki::Check::NotACertificate as u8, || {
        let Some(c) = claim.as_ref() else {
            return crate::spki::Check::NotACertificate as u8;
        };
        let digest = &c.digest[..usize::from(c.digest_len).min(c.digest.len())];
        let (result, d) = crate::spki::check(bytes(der, der_len), c.alg, digest);
        if let (Some(d), Some(len)) = (d, computed_len.as_mut()) {
            slots(computed, crate::hash::MAX_DIGEST)[..d.as_bytes().len()]
                .copy_from_slice(d.as_bytes());
            *len = d.as_bytes().len();
        }
        result as u8
    })
}

/// Whether two domain names are the same (case-insensitive, trailing dot ignored).
///
/// # Safety
/// Pointers must be valid for the given lengths.
#[no_mangle]
pub unsafe extern "C" fn encdns_same_name(
    a: *const u8,
    a_len: usize,
    b: *const u8,
    b_len: usize,
) -> bool {
    guard(false, || {
        crate::cp_rules::same_name(bytes(a, a_len), bytes(b, b_len))
    })
}

/// The DER SubjectPublicKeyInfo in a file's contents: a certificate or a public key,
/// PEM or DER. Writes it to `out`; returns its length (0: none found, or no room).
///
/// # Safety
/// Pointers must be valid for the given lengths.
#[no_mangle]
pub unsafe extern "C" fn encdns_spki_from_file(
    data: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
) -> usize {
    guard(0, || {
        let data = bytes(data, len);
        let mut der = vec![0u8; data.len()];
        let der = match crate::spki::pem_to_der(data, &mut der) {
            Some(n) => &der[..n],
            None => data,
        };
        let out = slots(out, cap);
        match crate::spki::spki(der) {
            Some(key) if key.len() <= out.len() => {
                out[..key.len()].copy_from_slice(key);
                key.len()
            }
            _ => 0,
        }
    })
}

/// Runs `render` into `buf` as a NUL-terminated string, cut to fit; returns its
/// length without the NUL (0 if there is no room or nothing to say).
fn write_c_string(
    buf: *mut c_char,
    cap: usize,
    render: impl FnOnce(&mut FixedBuf) -> bool,
) -> usize {
    // SAFETY: the caller of the export vouches for `buf`/`cap`.
    let out = unsafe { slots(buf.cast::<u8>(), cap) };
    let Some(room) = out.len().checked_sub(1) else {
        return 0;
    };
    let mut w = FixedBuf::new(&mut out[..room]);
    let n = if render(&mut w) { w.len() } else { 0 };
    out[n] = 0;
    n
}

/// Writes the one-line summary of a parsed attribute (`ENCDNS_IP4: dot.example.net
/// 192.0.2.53 (DoT, port 853), priority 1`) into `buf`, NUL-terminated and cut to fit.
/// `items` are the attribute's items as `encdns_parse_attribute` wrote them for a payload
/// of CFG type `cfg_type`.
///
/// # Safety
/// Pointers must be valid for the given lengths.
#[no_mangle]
pub unsafe extern "C" fn encdns_attr_summary(
    attr: *const u8,
    attr_len: usize,
    kind: u8,
    cfg_type: u8,
    items: *const Item,
    n_items: usize,
    buf: *mut c_char,
    cap: usize,
) -> usize {
    guard(0, || {
        let attr = bytes(attr, attr_len);
        let items = if items.is_null() || n_items == 0 {
            &[][..]
        } else {
            core::slice::from_raw_parts(items, n_items)
        };
        let kind = crate::parse::AttrKind::from_u8(kind);
        write_c_string(buf, cap, |w| {
            text::attr_summary(attr, kind, CfgType(cfg_type), items, w).is_ok()
        })
    })
}

/// Writes the label of an item that has `ENCDNS_FLAG_TEXT` into `buf`.
///
/// # Safety
/// Pointers must be valid for the given lengths; `item` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_item_text(
    attr: *const u8,
    attr_len: usize,
    item: *const Item,
    buf: *mut c_char,
    cap: usize,
) -> usize {
    guard(0, || {
        let attr = bytes(attr, attr_len);
        let Some(item) = item.as_ref() else {
            return 0;
        };
        write_c_string(buf, cap, |w| {
            matches!(text::item_label(attr, item, w), Ok(true))
        })
    })
}

/// Writes the message for `diag` (reported on the attribute `attr`) into `buf` as a
/// NUL-terminated string, cut to fit. Returns its length without the NUL.
///
/// # Safety
/// Pointers must be valid for the given lengths; `diag` must be valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_diag_message(
    attr: *const u8,
    attr_len: usize,
    diag: *const Diag,
    buf: *mut c_char,
    cap: usize,
) -> usize {
    guard(0, || {
        let attr = bytes(attr, attr_len);
        let diag = diag.as_ref();
        write_c_string(buf, cap, |w| match diag {
            Some(d) => render(attr, d, w).is_ok(),
            None => false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_constants_match() {
        assert_eq!(ENCDNS_CP_PREFIX_LEN, cp::PREFIX_LEN);
        assert_eq!(ENCDNS_CFG_REQUEST, cp::CFG_REQUEST);
        assert_eq!(ENCDNS_CP_ATTRIBUTES_IN_BODY, cp::ATTRIBUTES_IN_BODY);
        assert_eq!(ENCDNS_DIAG_ON_ATTRIBUTE, crate::sink::DIAG_ON_ATTRIBUTE);
        assert_eq!(ENCDNS_DIAG_ON_PAYLOAD, crate::sink::DIAG_ON_PAYLOAD);
        assert_eq!(ENCDNS_FLAG_GENERATED, crate::sink::FLAG_GENERATED);
        assert_eq!(ENCDNS_FLAG_TEXT, crate::sink::FLAG_TEXT);
    }

    #[test]
    fn guard_turns_a_panic_into_the_fallback() {
        // (encdns_init is not called here: its hook would also hide test failures.)
        let r = guard(7, || -> i32 { panic!("boom") });
        assert_eq!(r, 7);
        assert_eq!(guard(7, || 3), 3);
    }

    #[test]
    fn diag_message_is_nul_terminated_and_cut() {
        let diag = Diag {
            code: crate::Code::SERVICE_PRIORITY_ZERO as u16,
            ..Diag::EMPTY
        };
        let mut buf = [0x55 as c_char; 16];
        let n = unsafe {
            encdns_diag_message(core::ptr::null(), 0, &diag, buf.as_mut_ptr(), buf.len())
        };
        assert_eq!(n, 15);
        assert_eq!(buf[15], 0);
    }
}
