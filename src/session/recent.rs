//! The capture's recent messages with a Configuration payload, as a retransmission of
//! one (RFC 7296 s2.1: the same octets again) is known: a fixed table indexed by the
//! message's keyed fingerprint, so what it costs does not grow with the capture or the
//! number of IKE SAs. A message overwrites the one before it in its slot; a copy is
//! missed only if, between it and its original, another message took that slot
//! (with N messages in between, about N in 65,536; copies side by side, as in a
//! capture that holds every packet twice, are always found).

/// A message as a copy of it would be known again: a keyed fingerprint of all its
/// octets (its header's SPIs, Message ID, flags and length among them); and where it
/// was first seen (frame 0: no message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub octets: u64,
    pub frame: u32,
    pub message: u16,
}

const SLOTS: usize = 1 << 16;

pub(crate) struct Recent {
    /// A slot holds a message's fingerprint and where it was seen (frame << 16 |
    /// message); all zero when empty.
    slots: Vec<[u64; 2]>,
}

/// The table is made with the session, when a capture is opened: made at the first
/// message with a CP payload instead, it was a megabyte written while a frame waited.
impl Default for Recent {
    fn default() -> Self {
        Recent {
            slots: vec![[0; 2]; SLOTS],
        }
    }
}

impl Recent {
    /// The message first seen, if `m` is a copy of a recent one; else `m` is
    /// remembered.
    pub fn copy_of(&mut self, m: Seen) -> Option<(u32, u16)> {
        let slot = &mut self.slots[(m.octets as usize) & (SLOTS - 1)];
        let (frame, message) = ((slot[1] >> 16) as u32, slot[1] as u16);
        if slot[0] == m.octets && frame != 0 && frame != m.frame {
            return Some((frame, message));
        }
        *slot = [m.octets, u64::from(m.frame) << 16 | u64::from(m.message)];
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(octets: u64, frame: u32) -> Seen {
        Seen {
            octets,
            frame,
            message: 0,
        }
    }

    #[test]
    fn a_copy_names_the_first_and_an_overwritten_slot_forgets() {
        let mut r = Recent::default();
        assert_eq!(r.copy_of(seen(7, 1)), None);
        assert_eq!(r.copy_of(seen(7, 2)), Some((1, 0)));
        assert_eq!(r.copy_of(seen(7, 3)), Some((1, 0)), "still the first");
        // The same frame looked at again is no copy of itself.
        assert_eq!(r.copy_of(seen(9, 4)), None);
        assert_eq!(r.copy_of(seen(9, 4)), None);
        // Another message in the slot: the original is gone.
        assert_eq!(r.copy_of(seen(7 + SLOTS as u64, 5)), None);
        assert_eq!(r.copy_of(seen(7, 6)), None);
    }
}
