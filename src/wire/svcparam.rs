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
