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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    pub octets: u64,
    pub frame: u32,
    pub message: u16,
}

const SLOTS: usize = 1 << 16;

#[derive(Default)]
pub(crate) struct Recent {
    /// Empty until the first message (most captures have none).
    slots: Vec<Seen>,
}

impl Recent {
    /// The message first seen, if `m` is a copy of a recent one; else `m` is
    /// remembered.
    pub fn copy_of(&mut self, m: Seen) -> Option<(u32, u16)> {
        if self.slots.is_empty() {
            self.slots = vec![Seen::default(); SLOTS];
        }
        let slot = &mut self.slots[(m.octets as usize) & (SLOTS - 1)];
        if slot.octets == m.octets && slot.frame != 0 && slot.frame != m.frame {
            return Some((slot.frame, slot.message));
        }
        *slot = m;
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
