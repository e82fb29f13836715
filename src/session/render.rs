//! The one list a frame's analysis hands the glue: entries (an attribute, a payload's
//! links, a certificate check), each with its items in tree order and its expert
//! infos already attached; the tap's rows; and the texts they name, in one buffer.
//! The session owns it and fills it anew for every frame.

use core::ffi::c_char;
use core::fmt::{self, Write};

use crate::fastfmt::Label;

/// A text offset that names no text.
pub const ENCDNS_NO_TEXT: u32 = 0xffff_ffff;
/// `EncdnsExpert::item` of an expert info on the entry's own item.
pub const ENCDNS_ON_ENTRY: u32 = 0xffff_ffff;
/// `EncdnsEntry::message` when the entry's IKE message is not among those the frame
/// was handed with (it was found from what an earlier pass recorded).
pub const ENCDNS_NO_MESSAGE: u32 = 0xffff_ffff;
/// `EncdnsRenderItem::flags`: the value was computed, not read from the packet.
pub const ENCDNS_ITEM_GENERATED: u8 = 1;
/// `EncdnsRenderItem::flags`: `text` is the value, a NUL-terminated printable string.
pub const ENCDNS_ITEM_STRING: u8 = 2;
/// `EncdnsRenderItem::flags`: `text` holds the value's octets (`value` of them), which
/// are not in the packet.
pub const ENCDNS_ITEM_OCTETS: u8 = 4;

/// The longest label Wireshark keeps (ITEM_LABEL_LENGTH less its NUL), and the longest
/// expert message the glue passes on.
pub(crate) const LABEL_MAX: usize = 239;
pub(crate) const MESSAGE_MAX: usize = 255;

/// What an entry is, and so where it goes.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// An attribute: its items go under Wireshark's item for the attribute at
    /// (`source`, `offset`), which is relabelled; without one, under an item of ours.
    Attribute = 0,
    /// A Configuration payload's own item (its links, what concerns it as a whole):
    /// beside the attribute at (`source`, `near`).
    Payload = 1,
    /// A TLS certificate's check: at the top of the frame's tree.
    Certificate = 2,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// An `EntryKind`.
    pub kind: u8,
    pub reserved: u8,
    /// An attribute's type (without the R bit).
    pub attr_type: u16,
    /// The index of the entry's IKE message in `EncdnsFrame::messages`, or
    /// `ENCDNS_NO_MESSAGE`.
    pub message: u32,
    /// The octets the entry covers: data source index, offset and length.
    pub source: u32,
    pub offset: u32,
    pub length: u32,
    /// The offset in `source` of the first attribute of the entry's payload.
    pub near: u32,
    /// Texts (offsets in `EncdnsRender::text`): an attribute's IANA name and summary;
    /// what follows the protocol name in the label of an item of ours.
    pub name: u32,
    pub label: u32,
    /// Its items and expert infos, as ranges of `EncdnsRender::items` and `experts`.
    pub items: u32,
    pub n_items: u32,
    pub experts: u32,
    pub n_experts: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderItem {
    /// The octets the item covers in its entry's source.
    pub offset: u32,
    pub length: u32,
    /// The value of numbers, booleans, frame numbers and IPv4 addresses (host order).
    pub value: u64,
    /// Offsets in `EncdnsRender::text`: the value (see the flags), and a label of the
    /// item's own (or `ENCDNS_NO_TEXT`: Wireshark's).
    pub text: u32,
    pub label: u32,
    /// An `EncdnsField`.
    pub field: u16,
    /// An `EncdnsItemKind`: a leaf, one that opens a subtree, or the end of one.
    pub kind: u8,
    /// `ENCDNS_ITEM_*` bits.
    pub flags: u8,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expert {
    /// The item it is on (an index in its entry's items), or `ENCDNS_ON_ENTRY`.
    pub item: u32,
    /// Its code: an index in the diagnostics table (`encdns_diag_info`).
    pub code: u16,
    pub reserved: u16,
    /// Its message (a text offset).
    pub message: u32,
}

/// A row of the encdns tap: a group under a heading, and the row's text.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TapEntry {
    pub heading: u32,
    pub group: u32,
    pub text: u32,
}

/// A frame's list, as the glue reads it. Valid until the session's next call.
#[repr(C)]
pub struct Render {
    pub entries: *const Entry,
    pub n_entries: u32,
    pub items: *const RenderItem,
    pub n_items: u32,
    pub experts: *const Expert,
    pub n_experts: u32,
    pub taps: *const TapEntry,
    pub n_taps: u32,
    /// Every text of the list, NUL-terminated, at the offsets the list gives.
    pub text: *const c_char,
}

/// A `fmt::Write` into the text buffer that keeps at most `room` octets.
pub(crate) struct TextOut<'a> {
    buf: &'a mut Vec<u8>,
    room: usize,
}

impl Write for TextOut<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write_ascii(s.as_bytes())
    }
}

impl Label for TextOut<'_> {
    /// (Cut octet-wise where the room ends, as Wireshark's label buffer cuts.)
    fn write_ascii(&mut self, b: &[u8]) -> fmt::Result {
        let n = b.len().min(self.room);
        self.buf.extend_from_slice(&b[..n]);
        self.room -= n;
        Ok(())
    }
}

/// The list being filled, and the buffers it lives in.
pub struct RenderBuf {
    pub(crate) entries: Vec<Entry>,
    pub(crate) items: Vec<RenderItem>,
    pub(crate) experts: Vec<Expert>,
    pub(crate) taps: Vec<TapEntry>,
    pub(crate) text: Vec<u8>,
    view: Render,
}

impl Default for RenderBuf {
    fn default() -> Self {
        RenderBuf {
            entries: Vec::new(),
            items: Vec::new(),
            experts: Vec::new(),
            taps: Vec::new(),
            text: Vec::new(),
            view: Render {
                entries: core::ptr::null(),
                n_entries: 0,
                items: core::ptr::null(),
                n_items: 0,
                experts: core::ptr::null(),
                n_experts: 0,
                taps: core::ptr::null(),
                n_taps: 0,
                text: core::ptr::null(),
            },
        }
    }
}

impl RenderBuf {
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.items.clear();
        self.experts.clear();
        self.taps.clear();
        self.text.clear();
    }

    /// Writes a text of at most `max` octets; its offset, or `ENCDNS_NO_TEXT` if it is
    /// empty (or did not render).
    pub(crate) fn text(&mut self, max: usize, f: impl FnOnce(&mut TextOut) -> fmt::Result) -> u32 {
        let start = self.text.len();
        let mut out = TextOut {
            buf: &mut self.text,
            room: max,
        };
        if f(&mut out).is_err() || self.text.len() == start {
            self.text.truncate(start);
            return ENCDNS_NO_TEXT;
        }
        self.text.push(0);
        start as u32
    }

    /// Octets that are not in the packet (a computed digest); their offset.
    pub(crate) fn octets(&mut self, b: &[u8]) -> u32 {
        let start = self.text.len() as u32;
        self.text.extend_from_slice(b);
        start
    }

    /// The view the glue reads, pointing into the buffers as they are now.
    pub(crate) fn view(&mut self) -> &Render {
        self.view = Render {
            entries: self.entries.as_ptr(),
            n_entries: self.entries.len() as u32,
            items: self.items.as_ptr(),
            n_items: self.items.len() as u32,
            experts: self.experts.as_ptr(),
            n_experts: self.experts.len() as u32,
            taps: self.taps.as_ptr(),
            n_taps: self.taps.len() as u32,
            text: self.text.as_ptr().cast(),
        };
        &self.view
    }

    // Read access, for Rust callers (tools and tests).

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn items(&self, e: &Entry) -> &[RenderItem] {
        self.items
            .get(e.items as usize..(e.items + e.n_items) as usize)
            .unwrap_or(&[])
    }

    pub fn experts(&self, e: &Entry) -> &[Expert] {
        self.experts
            .get(e.experts as usize..(e.experts + e.n_experts) as usize)
            .unwrap_or(&[])
    }

    pub fn taps(&self) -> &[TapEntry] {
        &self.taps
    }

    /// The text at `at` (empty for `ENCDNS_NO_TEXT`).
    pub fn text_at(&self, at: u32) -> &str {
        let Some(rest) = self.text.get(at as usize..) else {
            return "";
        };
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        // A text cut at its room may end inside a character: up to there.
        match core::str::from_utf8(&rest[..end]) {
            Ok(s) => s,
            Err(e) => core::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or(""),
        }
    }

    /// The octets at `at` (for `ENCDNS_ITEM_OCTETS` items).
    pub fn octets_at(&self, at: u32, len: usize) -> &[u8] {
        self.text
            .get(at as usize..(at as usize).saturating_add(len))
            .unwrap_or(&[])
    }
}
