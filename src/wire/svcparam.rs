//! One SvcParam (RFC 9460 §2.2).
//!
//! ```text
//! |          SvcParamKey          |        length of value        |
//! ~                         SvcParamValue                         ~
//! ```

use core::ops::{Range, RangeFrom};

pub(crate) const KEY: Range<usize> = 0..2;
pub(crate) const LENGTH: Range<usize> = 2..4;
pub(crate) const VALUE: RangeFrom<usize> = 4..;
pub(crate) const HEADER_LEN: usize = 4;

/// A SvcParamKey (RFC 9460 §14.3.2). Its numbers, names, decoders and presentation
/// are in `crate::svcparam::keys`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(pub u16);
