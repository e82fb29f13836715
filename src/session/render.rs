//! The one list a frame's analysis hands the glue: entries (an attribute, a payload's
//! links, a certificate check), each with its items in tree order and its expert
//! infos already attached; the tap's rows; and the texts they name, in one buffer.
//! The session owns it and fills it anew for every frame.

use core::ffi::c_char;
use core::fmt::{self, Write};

use crate::fastfmt::Label;
use crate::sink::Item;

/// A text offset that names no text.
pub const ENCDNS_NO_TEXT: u32 = 0xffff_ffff;
/// `EncdnsExpert::item` of an expert info on the entry's own item.
pub const ENCDNS_ON_ENTRY: u32 = 0xffff_ffff;
/// `EncdnsEntry::message` when the entry's IKE message is not among those the frame
/// was handed with (it was found from what an earlier pass recorded).
pub const ENCDNS_NO_MESSAGE: u32 = 0xffff_ffff;
/// `EncdnsItem::flags`: the value was computed, not read from the packet.
pub const ENCDNS_ITEM_GENERATED: u8 = 1;
// (A literal: cbindgen exports only constants it can evaluate.)
const _: () = assert!(ENCDNS_ITEM_GENERATED == crate::sink::FLAG_GENERATED);

/// What a text of an item is.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// The item's label (in place of Wireshark's "Name: value").
    Label = 0,
    /// The item's value: octets that are not in the packet (a computed digest).
    Octets = 1,
}

/// A text of one item of an entry.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// The item's index in its entry.
    pub item: u32,
    /// An `EncdnsTextKind`.
    pub kind: u8,
    pub reserved: [u8; 3],
    /// Where it is in `EncdnsRender::text`, and its length (a label is also
    /// NUL-terminated).
    pub offset: u32,
    pub length: u32,
}

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
    /// The octets the entry covers: data source index, offset and length. Its items'
    /// offsets are from this offset.
    pub source: u32,
    pub offset: u32,
    pub length: u32,
    /// The offset in `source` of the first attribute of the entry's payload.
    pub near: u32,
    /// Texts (offsets in `EncdnsRender::text`): an attribute's IANA name and summary;
    /// what follows the protocol name in the label of an item of ours.
    pub name: u32,
    pub label: u32,
    /// Its items, their texts (in item order) and its expert infos, as ranges of
    /// `EncdnsRender::items`, `texts` and `experts`.
    pub items: u32,
    pub n_items: u32,
    pub texts: u32,
    pub n_texts: u32,
    pub experts: u32,
    pub n_experts: u32,
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
    pub items: *const Item,
    pub n_items: u32,
    pub texts: *const Text,
    pub n_texts: u32,
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

/// Writes a text of at most `max` octets at the end of `buf`, NUL-terminated; its
/// offset, or `ENCDNS_NO_TEXT` if it is empty (or did not render).
pub(crate) fn push_text(
    buf: &mut Vec<u8>,
    max: usize,
    f: impl FnOnce(&mut TextOut) -> fmt::Result,
) -> u32 {
    let start = buf.len();
    let mut out = TextOut { buf, room: max };
    if f(&mut out).is_err() || out.buf.len() == start {
        out.buf.truncate(start);
        return ENCDNS_NO_TEXT;
    }
    out.buf.push(0);
    start as u32
}

/// The list's items: a buffer that keeps the length it has grown to, so that the parser
/// writes each attribute's items straight into it, with nothing to fill in first.
#[derive(Default)]
pub(crate) struct Items {
    buf: Vec<Item>,
    len: usize,
}

impl Items {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn as_slice(&self) -> &[Item] {
        &self.buf[..self.len]
    }

    pub(crate) fn push(&mut self, it: Item) {
        match self.buf.get_mut(self.len) {
            Some(slot) => *slot = it,
            None => self.buf.push(it),
        }
        self.len += 1;
    }

    /// Room for `n` items after the last one, to write into and then `keep`.
    pub(crate) fn room(&mut self, n: usize) -> &mut [Item] {
        if self.buf.len() < self.len + n {
            self.buf.resize(self.len + n, Item::default());
        }
        &mut self.buf[self.len..self.len + n]
    }

    /// Keeps the first `n` items of the room.
    pub(crate) fn keep(&mut self, n: usize) {
        self.len = (self.len + n).min(self.buf.len());
    }
}

/// The list being filled, and the buffers it lives in.
pub struct RenderBuf {
    pub(crate) entries: Vec<Entry>,
    pub(crate) items: Items,
    pub(crate) texts: Vec<Text>,
    pub(crate) experts: Vec<Expert>,
    pub(crate) taps: Vec<TapEntry>,
    pub(crate) text: Vec<u8>,
    view: Render,
}

impl Default for RenderBuf {
    fn default() -> Self {
        RenderBuf {
            entries: Vec::new(),
            items: Items::default(),
            texts: Vec::new(),
            experts: Vec::new(),
            taps: Vec::new(),
            text: Vec::new(),
            view: Render {
                entries: core::ptr::null(),
                n_entries: 0,
                items: core::ptr::null(),
                n_items: 0,
                texts: core::ptr::null(),
                n_texts: 0,
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
        self.items.len = 0;
        self.texts.clear();
        self.experts.clear();
        self.taps.clear();
        self.text.clear();
    }

    /// Writes a text of at most `max` octets; its offset, or `ENCDNS_NO_TEXT` if it is
    /// empty (or did not render).
    pub(crate) fn text(&mut self, max: usize, f: impl FnOnce(&mut TextOut) -> fmt::Result) -> u32 {
        push_text(&mut self.text, max, f)
    }

    /// The text just written at `offset` (none: `ENCDNS_NO_TEXT`) is the label of item
    /// `item` (its index in the entry being filled).
    pub(crate) fn item_label(&mut self, item: usize, offset: u32) {
        if offset != ENCDNS_NO_TEXT {
            self.texts.push(Text {
                item: item as u32,
                kind: TextKind::Label as u8,
                reserved: [0; 3],
                offset,
                // Without its NUL.
                length: self.text.len() as u32 - 1 - offset,
            });
        }
    }

    /// Octets that are not in the packet (a computed digest), as a text of `item`.
    pub(crate) fn item_octets(&mut self, item: usize, b: &[u8]) {
        let offset = self.text.len() as u32;
        self.text.extend_from_slice(b);
        self.texts.push(Text {
            item: item as u32,
            kind: TextKind::Octets as u8,
            reserved: [0; 3],
            offset,
            length: b.len() as u32,
        });
    }

    /// The view the glue reads, pointing into the buffers as they are now.
    pub(crate) fn view(&mut self) -> &Render {
        self.view = Render {
            entries: self.entries.as_ptr(),
            n_entries: self.entries.len() as u32,
            items: self.items.as_slice().as_ptr(),
            n_items: self.items.len() as u32,
            texts: self.texts.as_ptr(),
            n_texts: self.texts.len() as u32,
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

    pub fn items(&self, e: &Entry) -> &[Item] {
        self.items
            .as_slice()
            .get(e.items as usize..(e.items + e.n_items) as usize)
            .unwrap_or(&[])
    }

    pub fn texts(&self, e: &Entry) -> &[Text] {
        self.texts
            .get(e.texts as usize..(e.texts + e.n_texts) as usize)
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

    /// The octets of a text.
    pub fn octets(&self, t: &Text) -> &[u8] {
        let start = t.offset as usize;
        self.text
            .get(start..start.saturating_add(t.length as usize))
            .unwrap_or(&[])
    }
}
