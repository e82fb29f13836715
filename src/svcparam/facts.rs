//! What the SvcParams of one attribute said, as far as the rules between them and the
//! rest of the attribute care: gathered by the keys' decoders, read by the rules and
//! by the transport items.

use crate::registry::Transport;
use crate::sink::ItemRef;

/// The transports an alpn list names, in the order it names them.
#[derive(Clone, Copy, Debug)]
pub struct Transports {
    list: [Transport; 3],
    n: u8,
    /// Bit `t` set once transport `t` is in the list.
    seen: u8,
}

impl Transports {
    const NONE: Transports = Transports {
        list: [Transport::DoT; 3],
        n: 0,
        seen: 0,
    };

    pub(crate) fn add(&mut self, t: Transport) {
        let bit = 1 << (t as u8);
        if self.seen & bit == 0 {
            self.seen |= bit;
            // Three transports, each listed once: there is always room.
            if let Some(slot) = self.list.get_mut(usize::from(self.n)) {
                *slot = t;
                self.n += 1;
            }
        }
    }

    pub fn has(&self, t: Transport) -> bool {
        self.seen & (1 << (t as u8)) != 0
    }

    pub fn iter(&self) -> impl Iterator<Item = Transport> + '_ {
        self.list[..usize::from(self.n)].iter().copied()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub transports: Transports,
    /// The alpn parameter: its item and attribute offset/length.
    pub alpn: Option<(ItemRef, usize, usize)>,
    /// The port parameter: its value, and the offset/length of the parameter.
    pub port: Option<(u16, usize, usize)>,
    pub(crate) no_default_alpn: Option<ItemRef>,
    pub(crate) dohpath: bool,
    pub(crate) ohttp: Option<ItemRef>,
    /// The mandatory list: attribute offset of its value, its length, index of its
    /// first key item.
    pub(crate) mandatory: Option<(usize, usize, usize)>,
    pub(crate) keys_increasing: bool,
}

impl Default for Facts {
    fn default() -> Facts {
        Facts {
            transports: Transports::NONE,
            alpn: None,
            port: None,
            no_default_alpn: None,
            dohpath: false,
            ohttp: None,
            mandatory: None,
            keys_increasing: true,
        }
    }
}
