//! The C ABI the Wireshark glue calls: the tables it registers fields and expert infos
//! from, and the session it hands each frame's bytes to (one call per frame, one list
//! back). Nothing here calls back into C.
//!
//! Every export runs inside `catch_unwind`: a panic escaping an `extern "C"` function
//! would abort the user's Wireshark. A panic inside a session's update forgets the
//! capture (the session is reset, never left half updated) and the call reports
//! failure, which the glue logs. A NULL pointer where one is required is refused the
//! same way, without a panic.
#![deny(unsafe_op_in_unsafe_fn)]

use core::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::diag::DIAGS;
use crate::fields::{Protocol, FIELDS, PROTOCOLS};
use crate::iketcp::{self, Looks, Sides};
use crate::options::Preferences;
use crate::session::{Address, Frame, Render, Session, Source, Span};
// Part of the C ABI (a frame's sources), defined where the analysis reads it.
pub use crate::session::SourceDesc;
use crate::sink::Item;

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
    /// The `Protocol` it is registered under.
    pub protocol: u8,
    pub reserved: u8,
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
    /// The `Protocol` it is registered under.
    pub protocol: u8,
}

/// A protocol the plugin registers.
#[repr(C)]
pub struct ProtocolDesc {
    pub name: *const c_char,
    pub short_name: *const c_char,
    pub filter: *const c_char,
}

/// What the glue found in a frame.
#[repr(C)]
pub struct FrameDesc {
    pub number: u32,
    /// The first look at the frame, in capture order: record what it says.
    pub record: bool,
    /// Labels will be seen.
    pub labels: bool,
    /// The encdns tap is listened to.
    pub tap: bool,
    /// The IKE messages are quoted in an ICMP error (shown, but no messages of their SA).
    pub quoted: bool,
    /// The frame's data sources, in Wireshark's order (the frame itself first).
    pub sources: *const SourceDesc,
    pub n_sources: u32,
    /// Where the frame's IKE messages start (their isakmp items), in tree order.
    pub messages: *const Span,
    pub n_messages: u32,
    /// The frame's first TLS certificate (length 0: none).
    pub certificate: Span,
    /// The frame's network addresses.
    pub src: Address,
    pub dst: Address,
}

/// A row of the certificate preference: a resolver name and a file. (Mutable for
/// the glue's preference table, which owns the strings; the crate only reads them.)
#[repr(C)]
pub struct CertificateRow {
    pub name: *mut c_char,
    pub file: *mut c_char,
}

fn guard<R>(fallback: R, f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// # Safety
/// `ptr` must be null or point to `len` readable elements that stay valid and
/// unchanged for `'a`.
unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: non-null, and the caller vouches for `len` elements living for 'a.
        unsafe { core::slice::from_raw_parts(ptr, len) }
    }
}

/// # Safety
/// `ptr` must be null or point to `len` writable octets that nothing else reads or
/// writes for `'a`.
unsafe fn slice_mut<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    if ptr.is_null() || len == 0 {
        &mut []
    } else {
        // SAFETY: non-null, and the caller vouches for `len` octets, ours alone for 'a.
        unsafe { core::slice::from_raw_parts_mut(ptr, len) }
    }
}

/// Writes `text` to `out` as a C string: cut to fit, always NUL-terminated (unless
/// `out` has no room at all).
fn write_c_string(out: &mut [u8], text: impl core::fmt::Display) {
    let Some(last) = out.len().checked_sub(1) else {
        return;
    };
    let mut w = crate::fastfmt::FixedBuf::new(&mut out[..last]);
    let _ = core::fmt::Write::write_fmt(&mut w, format_args!("{text}"));
    let n = w.len();
    out[n] = 0;
}

/// The crate version, as a static C string.
#[no_mangle]
pub extern "C" fn encdns_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Call once before anything else: keeps a panic's message off the host's stderr
/// (it is caught and reported as a failed call, which the glue logs). Builds with debug
/// assertions (the sanitizer build) keep the message, for the tests that look for it.
#[no_mangle]
pub extern "C" fn encdns_init() {
    if !cfg!(debug_assertions) {
        guard((), || std::panic::set_hook(Box::new(|_| {})));
    }
}

#[no_mangle]
pub extern "C" fn encdns_field_count() -> u32 {
    FIELDS.len() as u32
}

/// Fills `out` with field `index`; false if there is no such field or `out` is NULL.
///
/// # Safety
/// `out` must be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_field_info(index: u32, out: *mut FieldDesc) -> bool {
    // SAFETY: the caller vouches for `out`; `as_mut` refuses NULL.
    let Some(out) = (unsafe { out.as_mut() }) else {
        return false;
    };
    guard(false, || {
        let Some(f) = FIELDS.get(index as usize) else {
            return false;
        };
        *out = FieldDesc {
            name: f.name.as_ptr(),
            abbrev: f.abbrev.as_ptr(),
            description: f.description.as_ptr(),
            kind: f.kind as u8,
            base: f.base as u8,
            protocol: Protocol::of_abbrev(f.abbrev) as u8,
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
    // SAFETY: the caller vouches for `out`; `as_mut` refuses NULL.
    let Some(out) = (unsafe { out.as_mut() }) else {
        return false;
    };
    guard(false, || {
        let Some(vn) = FIELDS
            .get(field as usize)
            .and_then(|f| f.names.get(index as usize))
        else {
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
    // SAFETY: the caller vouches for `out`; `as_mut` refuses NULL.
    let Some(out) = (unsafe { out.as_mut() }) else {
        return false;
    };
    guard(false, || {
        let Some(d) = DIAGS.get(index as usize) else {
            return false;
        };
        *out = DiagDesc {
            abbrev: d.abbrev().as_ptr(),
            summary: d.summary.as_ptr(),
            severity: d.severity as u8,
            group: d.group as u8,
            protocol: Protocol::of_abbrev(d.abbrev()) as u8,
        };
        true
    })
}

/// Fills `out` with protocol `index` (a `Protocol`) of those the plugin registers.
///
/// # Safety
/// `out` must be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_protocol_info(index: u32, out: *mut ProtocolDesc) -> bool {
    // SAFETY: the caller vouches for `out`; `as_mut` refuses NULL.
    let Some(out) = (unsafe { out.as_mut() }) else {
        return false;
    };
    guard(false, || {
        let Some(p) = PROTOCOLS.get(index as usize) else {
            return false;
        };
        *out = ProtocolDesc {
            name: p.name.as_ptr(),
            short_name: p.short_name.as_ptr(),
            filter: p.filter.as_ptr(),
        };
        true
    })
}

/// How many of a unit's first octets the RFC 9329 calls want (fewer will do where the
/// unit is shorter).
pub const ENCDNS_IKETCP_HEAD_MAX: u32 = 34;
const _: () = assert!(ENCDNS_IKETCP_HEAD_MAX as usize == iketcp::HEAD_MAX);

/// The TCP port RFC 9329 streams use unless configured otherwise (RFC 9329 s5: the
/// IKE NAT-traversal port).
pub const ENCDNS_IKETCP_TCP_PORT: u32 = 4500;

/// An RFC 9329 unit spans the rest of its direction's stream (`encdns_iketcp_unit_len`).
pub const ENCDNS_IKETCP_REST: u32 = 0xffff_ffff;
const _: () = assert!(ENCDNS_IKETCP_REST == iketcp::REST);

/// The room for a finding's message in `IketcpUnitDesc`, its NUL included.
pub const ENCDNS_IKETCP_MESSAGE_MAX: usize = 200;

/// What the two directions of a TCP connection have shown (`encdns_iketcp_read`).
#[repr(C)]
pub struct IketcpSides {
    /// The unit begins its direction's stream.
    pub first: bool,
    /// The other direction began with the IKETCP prefix.
    pub other_prefix: bool,
    /// The other direction's stream has begun.
    pub other_started: bool,
}

/// One RFC 9329 unit, read.
#[repr(C)]
pub struct IketcpUnitDesc {
    /// An `Unit`: what the unit holds, and so which dissector gets its content.
    pub unit: u8,
    pub n_items: u8,
    /// Whether `code`, `diag_offset`, `diag_length` and `message` hold a finding.
    pub has_finding: bool,
    pub code: u16,
    /// The items, offsets from the unit's start.
    pub items: [Item; 2],
    /// Where the IKE message or ESP packet starts.
    pub content_offset: u32,
    pub diag_offset: u32,
    pub diag_length: u32,
    /// The finding's message, NUL-terminated.
    pub message: [c_char; ENCDNS_IKETCP_MESSAGE_MAX],
}

/// How many octets the RFC 9329 unit beginning with `head` (`n` octets of it) spans,
/// into `len` (`ENCDNS_IKETCP_REST`: the rest of the stream, its framing lost);
/// `first`: it begins its direction's stream. False: more octets are needed to tell.
///
/// # Safety
/// `head` must be null or point to `n` readable octets; `len` null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn encdns_iketcp_unit_len(
    head: *const u8,
    n: u32,
    first: bool,
    len: *mut u32,
) -> bool {
    // SAFETY: the caller vouches for `len`; `as_mut` refuses NULL.
    let Some(len) = (unsafe { len.as_mut() }) else {
        return false;
    };
    // SAFETY: the caller vouches for the octets.
    let head = unsafe { slice(head, n as usize) };
    guard(false, || match iketcp::unit_len(head, first) {
        Some(l) => {
            *len = l;
            true
        }
        None => false,
    })
}

/// Reads the RFC 9329 unit whose first octets are `head` (`n` of them: all, or at
/// least `ENCDNS_IKETCP_HEAD_MAX`) and which spans `len` octets, into `out`.
///
/// # Safety
/// `head` must be null or point to `n` readable octets; `sides` and `out` must be null
/// or valid.
#[no_mangle]
pub unsafe extern "C" fn encdns_iketcp_read(
    head: *const u8,
    n: u32,
    len: u32,
    sides: *const IketcpSides,
    out: *mut IketcpUnitDesc,
) -> bool {
    // SAFETY: the caller vouches for the pointers; `as_ref`/`as_mut` refuse NULL.
    let (Some(sides), Some(out)) = (unsafe { sides.as_ref() }, unsafe { out.as_mut() }) else {
        return false;
    };
    // SAFETY: the caller vouches for the octets.
    let head = unsafe { slice(head, n as usize) };
    guard(false, || {
        let sides = Sides {
            first: sides.first,
            other_prefix: sides.other_prefix,
            other_started: sides.other_started,
        };
        let r = iketcp::read(head, len, sides);
        out.unit = r.unit as u8;
        out.n_items = r.n_items as u8;
        out.items = r.items;
        out.content_offset = r.content_at as u32;
        out.has_finding = r.finding.is_some();
        out.message = [0; ENCDNS_IKETCP_MESSAGE_MAX];
        if let Some((finding, offset, length)) = r.finding {
            out.code = finding.code() as u16;
            out.diag_offset = offset as u32;
            out.diag_length = length as u32;
            let mut text = [0u8; ENCDNS_IKETCP_MESSAGE_MAX - 1];
            let mut w = crate::fastfmt::FixedBuf::new(&mut text);
            let span = head.get(offset..).unwrap_or(&[]);
            let _ = finding.write_message(span, &mut w);
            for (o, &b) in out.message.iter_mut().zip(w.as_bytes()) {
                *o = b as c_char;
            }
        }
        true
    })
}

/// What the Info column says of an RFC 9329 unit of kind `unit` (an `EncdnsIketcpUnit`)
/// that no other dissector takes, or NULL (IKE and ESP: isakmp and esp say).
#[no_mangle]
pub extern "C" fn encdns_iketcp_column(unit: u8) -> *const c_char {
    use iketcp::Unit;
    let u = [Unit::Prefix, Unit::Ike, Unit::Esp, Unit::Lost, Unit::Short]
        .into_iter()
        .find(|u| *u as u8 == unit);
    u.and_then(Unit::column)
        .map_or(core::ptr::null(), CStr::as_ptr)
}

/// How a TCP connection's first octets (`head`, `n` of them: `ENCDNS_IKETCP_HEAD_MAX`
/// will do) look: a `Looks`, to decide whether the connection is RFC 9329's.
///
/// # Safety
/// `head` must be null or point to `n` readable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_iketcp_looks(head: *const u8, n: u32) -> u8 {
    // SAFETY: the caller vouches for the octets.
    let head = unsafe { slice(head, n as usize) };
    guard(Looks::Other as u8, || iketcp::looks(head) as u8)
}

/// The preferences' defaults: the IANA type codes, RFC 9464's DIGEST_INFO layout.
#[no_mangle]
pub extern "C" fn encdns_default_preferences() -> Preferences {
    Preferences::default()
}

/// Whether an IKEv2 payload of type `payload_type` may hold Configuration attributes,
/// itself or in payloads nested in it: the glue need not look into those that cannot.
#[no_mangle]
pub extern "C" fn encdns_payload_may_hold_attributes(payload_type: u32) -> bool {
    u8::try_from(payload_type).map_or(true, crate::ike::may_hold_attributes)
}

/// A new session: the analysis state of one capture. Free it with
/// `encdns_session_free`.
#[no_mangle]
pub extern "C" fn encdns_session_new() -> *mut Session {
    guard(core::ptr::null_mut(), || {
        Box::into_raw(Box::new(Session::new()))
    })
}

/// Frees a session (NULL is allowed).
///
/// # Safety
/// `session` must be null or come from `encdns_session_new`, not freed before.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_free(session: *mut Session) {
    if !session.is_null() {
        // SAFETY: the caller vouches it is ours and still alive; it is not used again.
        let session = unsafe { Box::from_raw(session) };
        guard((), || drop(session));
    }
}

/// Runs `f` on the session; a panic resets it (it may be half updated) and gives
/// `fallback`.
///
/// # Safety
/// `session` must be null or a live session, not used elsewhere during the call.
unsafe fn with_session<R>(
    session: *mut Session,
    fallback: R,
    f: impl FnOnce(&mut Session) -> R,
) -> R {
    // SAFETY: the caller vouches for `session`; `as_mut` refuses NULL.
    let Some(s) = (unsafe { session.as_mut() }) else {
        return fallback;
    };
    match catch_unwind(AssertUnwindSafe(|| f(&mut *s))) {
        Ok(r) => r,
        Err(_) => {
            guard((), || s.reset());
            fallback
        }
    }
}

/// Forgets the capture (new file, close, reload); keeps the preferences.
///
/// # Safety
/// `session` must be null or a live session.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_reset(session: *mut Session) -> bool {
    // SAFETY: passed on from our caller.
    unsafe {
        with_session(session, false, |s| {
            s.reset();
            true
        })
    }
}

/// Sets the preferences the parser follows.
///
/// Decodes with `preferences` from now on, if they can be used; if not, keeps the
/// ones before and writes why (NUL-terminated, cut to fit) to `why`.
///
/// # Safety
/// `session` must be null or a live session; `preferences` null or valid for a read;
/// `why` null or `why_len` writable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_set_preferences(
    session: *mut Session,
    preferences: *const Preferences,
    why: *mut c_char,
    why_len: usize,
) -> bool {
    // SAFETY: the caller vouches for `preferences`; `as_ref` refuses NULL.
    let Some(p) = (unsafe { preferences.as_ref() }).copied() else {
        return false;
    };
    // SAFETY: the caller vouches for `why_len` octets at `why`.
    let why = unsafe { slice_mut(why.cast::<u8>(), why_len) };
    // SAFETY: passed on from our caller.
    unsafe {
        with_session(session, false, |s| match p.check() {
            Ok(options) => {
                s.set_options(options);
                true
            }
            Err(refusal) => {
                write_c_string(why, refusal);
                false
            }
        })
    }
}

/// Loads the certificates (or public keys) configured for resolver names, replacing
/// those loaded before, and writes what became of each row (an `EncdnsLoadStatus`) to
/// `status`. Each file is read only up to `ENCDNS_MAX_CERTIFICATE_FILE` octets.
///
/// # Safety
/// `session` must be null or a live session; `rows` must point to `n` rows whose
/// strings are NUL-terminated (or NULL); `status` null or `n` writable octets.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_set_certificates(
    session: *mut Session,
    rows: *const CertificateRow,
    n: u32,
    status: *mut u8,
) -> bool {
    // SAFETY: the caller vouches for `n` rows.
    let rows = unsafe { slice(rows, n as usize) };
    // SAFETY: each string is NUL-terminated or NULL, and outlives the call.
    let text = |p: *mut c_char| unsafe { (!p.is_null()).then(|| CStr::from_ptr(p)) };
    let parsed: Vec<(&[u8], &Path)> = rows
        .iter()
        .map(|r| {
            let name = text(r.name).map_or(&[][..], CStr::to_bytes);
            let file = text(r.file).and_then(|f| f.to_str().ok()).unwrap_or("");
            (name, Path::new(file))
        })
        .collect();
    // SAFETY: passed on from our caller.
    let result = unsafe {
        with_session(session, None, |s| {
            Some(s.configure_certificates(parsed.iter().copied()))
        })
    };
    let Some(result) = result else {
        return false;
    };
    if !status.is_null() {
        // SAFETY: the caller vouches for `n` writable octets at `status`.
        let out = unsafe { core::slice::from_raw_parts_mut(status, n as usize) };
        for (o, r) in out.iter_mut().zip(result) {
            *o = r as u8;
        }
    }
    true
}

/// Whether frames without IKE may have something for the session (a TLS certificate
/// to check, or the verdict of one): then the glue hands them in too.
///
/// # Safety
/// `session` must be null or a live session.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_wants_certificates(session: *const Session) -> bool {
    // SAFETY: the caller vouches for `session`; `as_ref` refuses NULL.
    let Some(s) = (unsafe { session.as_ref() }) else {
        return false;
    };
    guard(false, || s.wants_certificates())
}

/// Analyses one frame: what it records (on its first look) and the list to draw for
/// it, valid until the session's next call. NULL if the session failed (then it has
/// forgotten the capture).
///
/// # Safety
/// `session` must be null or a live session; `frame` null or valid, with every pointer
/// in it valid for the lengths it gives for the duration of the call.
#[no_mangle]
pub unsafe extern "C" fn encdns_session_frame(
    session: *mut Session,
    frame: *const FrameDesc,
) -> *const Render {
    // SAFETY: the caller vouches for `frame`; `as_ref` refuses NULL.
    let Some(fd) = (unsafe { frame.as_ref() }) else {
        return core::ptr::null();
    };
    // SAFETY: the caller vouches for the arrays and the octets they point to.
    let f = unsafe {
        Frame {
            number: fd.number,
            record: fd.record,
            labels: fd.labels,
            tap: fd.tap,
            sources: Source::from_descs(slice(fd.sources, fd.n_sources as usize)),
            messages: slice(fd.messages, fd.n_messages as usize),
            quoted: fd.quoted,
            certificate: (fd.certificate.length > 0).then_some(fd.certificate),
            src: fd.src,
            dst: fd.dst,
        }
    };
    // SAFETY: passed on from our caller.
    unsafe {
        with_session(session, core::ptr::null(), |s| {
            let view: *const Render = s.frame(&f).view();
            view
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Role;

    #[test]
    fn guard_turns_a_panic_into_the_fallback() {
        // (encdns_init is not called here: its hook would also hide test failures.)
        let r = guard(7, || -> i32 { panic!("boom") });
        assert_eq!(r, 7);
        assert_eq!(guard(7, || 3), 3);
    }

    /// An IKEv2 CFG_REQUEST with an empty ENCDNS_IP4: one attribute entry when shown.
    fn request() -> Vec<u8> {
        let mut m = vec![1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        m.extend([47, 0x20, 35, 0x08, 0, 0, 0, 1, 0, 0, 0, 44]);
        m.extend([0, 0, 0, 12, 1, 0, 0, 0, 0, 27, 0, 0]);
        m
    }

    #[test]
    fn a_panic_during_an_update_forgets_the_capture() {
        let msg = request();
        let sources = [Source::new(&msg, Role::Other)];
        let messages = [Span::default()];
        let frame = |record| Frame {
            number: 1,
            record,
            labels: false,
            tap: false,
            sources: &sources,
            messages: &messages,
            quoted: false,
            certificate: None,
            src: Address::default(),
            dst: Address::default(),
        };
        let s = encdns_session_new();
        unsafe {
            with_session(s, (), |s| {
                assert_eq!(s.frame(&frame(true)).entries().len(), 1)
            });
            // Recorded, then a panic before the update is done: the session must not
            // keep what it has half learnt.
            with_session(s, (), |s| {
                s.frame(&frame(true));
                panic!("in the middle of an update");
            });
            with_session(s, (), |s| {
                assert_eq!(s.frame(&frame(false)).entries().len(), 0)
            });
            encdns_session_free(s);
        }
    }

    #[test]
    fn null_pointers_are_refused() {
        unsafe {
            assert!(!encdns_field_info(0, core::ptr::null_mut()));
            assert!(!encdns_diag_info(0, core::ptr::null_mut()));
            assert!(!encdns_value_name(0, 0, core::ptr::null_mut()));
            assert!(encdns_session_frame(core::ptr::null_mut(), core::ptr::null()).is_null());
            let s = encdns_session_new();
            assert!(encdns_session_frame(s, core::ptr::null()).is_null());
            assert!(!encdns_session_set_preferences(
                s,
                core::ptr::null(),
                core::ptr::null_mut(),
                0
            ));
            assert!(!encdns_session_wants_certificates(core::ptr::null()));
            encdns_session_free(s);
        }
    }
}
