//! Where the parser writes: caller-owned slices of items and diagnostics. Writes past
//! a slice's end are counted but dropped, so a caller with too small a buffer learns
//! the size it needs from the counts and parses again (no allocation here, ever).

use crate::diag::Finding;
use crate::field::Field;

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A field with no children.
    Leaf = 0,
    /// A field that opens a subtree; the items up to the matching `Close` are its children.
    Open = 1,
    /// Ends the innermost open subtree. Its field, offset and length mean nothing.
    Close = 2,
}

/// `Item::flags`: the value was computed, not read from the packet.
pub(crate) const FLAG_GENERATED: u8 = 1;
/// `Item::flags`: the item has a label of its own (`crate::text::item_label`).
pub(crate) const FLAG_TEXT: u8 = 2;

/// One field span. Offsets are from the start of the attribute (its 4-octet header),
/// or in a render list from the start of the entry the item is in.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub offset: u32,
    pub length: u32,
    /// The decoded value of numeric and address fields (IPv4 as a host-order u32).
    pub value: u64,
    /// A field id (`EncdnsField`).
    pub field: u16,
    /// An `EncdnsItemKind`: a leaf, one that opens a subtree, or the end of one.
    pub kind: u8,
    pub flags: u8,
}

/// The most octets one attribute spans: its header and a value of up to 65,535.
const ATTRIBUTE_MAX: usize = 4 + 0xffff;

/// What a diagnostic is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    /// The attribute as a whole.
    Attribute,
    /// The Configuration payload as a whole.
    Payload,
    /// One of the attribute's items, by its index.
    Item(u32),
}

/// One diagnostic: a finding, and the octets it points at (`offset`/`length` from the
/// start of what was checked: the attribute, or the payload body for the rules between
/// attributes and messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diag {
    pub finding: Finding,
    pub on: On,
    pub offset: u32,
    pub length: u32,
}

impl Item {
    fn new(kind: ItemKind, field: Field, offset: usize, length: usize, value: u64) -> Item {
        // Item offsets and lengths stay within one attribute (4 + 65,535 octets), so
        // they fit a u32 as they are; diagnostics, which other inputs raise, clamp.
        debug_assert!(offset <= ATTRIBUTE_MAX && length <= ATTRIBUTE_MAX);
        Item {
            offset: offset as u32,
            length: length as u32,
            value,
            field: field as u16,
            kind: kind as u8,
            flags: 0,
        }
    }

    /// A field with no children.
    pub(crate) fn leaf(field: Field, offset: usize, length: usize, value: u64) -> Item {
        Item::new(ItemKind::Leaf, field, offset, length, value)
    }

    /// A field whose children follow, up to a `Close`.
    pub(crate) fn open(field: Field, offset: usize, length: usize, value: u64) -> Item {
        Item::new(ItemKind::Open, field, offset, length, value)
    }

    /// The item, with a label of its own (`crate::text::item_label`).
    pub(crate) fn with_text(mut self) -> Item {
        self.flags |= FLAG_TEXT;
        self
    }

    /// The item, its value computed rather than read from the packet (shown as
    /// generated, like Wireshark's `[...]` items); its octets are those it was
    /// computed from.
    pub(crate) fn generated(mut self) -> Item {
        self.flags |= FLAG_GENERATED;
        self
    }

    /// Whether the value was computed rather than read from the packet.
    pub fn is_generated(&self) -> bool {
        self.flags & FLAG_GENERATED != 0
    }

    pub(crate) const EMPTY: Item = Item {
        offset: 0,
        length: 0,
        value: 0,
        field: 0,
        kind: 0,
        flags: 0,
    };
}

/// Where the parser writes.
pub struct Sink<'a> {
    items: &'a mut [Item],
    diags: &'a mut [Option<Diag>],
    /// Items emitted for one attribute: a few per octet at most, so a u32 holds
    /// them, and index arithmetic on it cannot overflow a usize.
    n_items: u32,
    n_diags: usize,
}

/// Names an emitted item so a diagnostic can point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef(pub u32);

impl From<ItemRef> for On {
    fn from(r: ItemRef) -> On {
        On::Item(r.0)
    }
}

impl<'a> Sink<'a> {
    pub fn new(items: &'a mut [Item], diags: &'a mut [Option<Diag>]) -> Self {
        Sink {
            items,
            diags,
            n_items: 0,
            n_diags: 0,
        }
    }

    /// Items and diagnostics emitted, including any that did not fit.
    pub fn counts(&self) -> (usize, usize) {
        (self.n_items as usize, self.n_diags)
    }

    pub fn items(&self) -> &[Item] {
        &self.items[..(self.n_items as usize).min(self.items.len())]
    }

    pub fn diags(&self) -> impl Iterator<Item = &Diag> {
        self.diags[..self.n_diags.min(self.diags.len())]
            .iter()
            .flatten()
    }

    pub(crate) fn push(&mut self, item: Item) -> ItemRef {
        // The count is written before the item: the compiler cannot tell that an
        // item store leaves the count alone, and would read it again after one.
        let index = self.n_items;
        self.n_items = index + 1;
        if let Some(slot) = self.items.get_mut(index as usize) {
            *slot = item;
        }
        ItemRef(index)
    }

    /// Several items in a row, with one look at the room and the count: each push
    /// reads both again, since the compiler cannot tell an item store leaves them
    /// alone. Returns the first one's index.
    #[inline(always)]
    pub(crate) fn push_all<const N: usize>(&mut self, items: [Item; N]) -> usize {
        let first = self.n_items as usize;
        self.n_items += N as u32;
        match self.items.get_mut(first..first + N) {
            // The same writing as below, but with room for all N known, which lets
            // each slot be written directly, without a check per item.
            Some(slots) => {
                for (slot, item) in slots.iter_mut().zip(items) {
                    *slot = item;
                }
            }
            None => {
                // Those that fit, as separate pushes would have written them.
                for (slot, item) in self.items.iter_mut().skip(first).zip(items) {
                    *slot = item;
                }
            }
        }
        first
    }

    pub(crate) fn leaf(
        &mut self,
        field: Field,
        offset: usize,
        length: usize,
        value: u64,
    ) -> ItemRef {
        self.push(Item::leaf(field, offset, length, value))
    }

    /// The items emitted so far that fit the buffer, from index `from` on.
    pub fn emitted_since(&self, from: usize) -> &[Item] {
        let end = (self.n_items as usize).min(self.items.len());
        &self.items[from.min(end)..end]
    }

    /// How many items have been emitted so far (the index the next one gets).
    pub fn next_index(&self) -> usize {
        self.n_items as usize
    }

    pub(crate) fn close(&mut self) {
        self.push(Item {
            kind: ItemKind::Close as u8,
            ..Item::EMPTY
        });
    }

    /// A finding on `on`, about the octets at `offset`/`length`.
    pub(crate) fn diag(
        &mut self,
        finding: Finding,
        on: impl Into<On>,
        offset: usize,
        length: usize,
    ) {
        self.report(Diag::new(finding, on.into(), offset, length));
    }

    /// Octets that cannot be decoded because an earlier field overran its space.
    pub(crate) fn undecoded(&mut self, offset: usize, length: usize) {
        if length > 0 {
            self.leaf(Field::Undecoded, offset, length, 0);
        }
    }
}

impl Diag {
    pub fn new(finding: Finding, on: On, offset: usize, length: usize) -> Diag {
        Diag {
            finding,
            on,
            offset: clamp(offset),
            length: clamp(length),
        }
    }

    /// The octets it points at in `checked` (what its offsets are from).
    pub fn span<'a>(&self, checked: &'a [u8]) -> &'a [u8] {
        let start = self.offset as usize;
        checked
            .get(start..start.saturating_add(self.length as usize))
            .unwrap_or(&[])
    }
}

/// Where diagnostics go: the parser's fixed buffers, or a list that grows, for the
/// rules between attributes and between messages (which run once per payload and may
/// allocate).
pub trait Report {
    fn report(&mut self, d: Diag);

    fn diag(&mut self, finding: Finding, on: On, offset: usize, length: usize) {
        self.report(Diag::new(finding, on, offset, length));
    }
}

impl Report for Sink<'_> {
    fn report(&mut self, d: Diag) {
        if let Some(slot) = self.diags.get_mut(self.n_diags) {
            *slot = Some(d);
        }
        self.n_diags += 1;
    }
}

impl Report for Vec<Diag> {
    fn report(&mut self, d: Diag) {
        self.push(d);
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
