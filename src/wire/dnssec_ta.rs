//! INTERNAL_DNSSEC_TA attribute value (RFC 8598 §4.2): a DS record's fields.
//!
//! ```text
//! |           Key Tag             | DNSKEY Alg    | Digest Type   |
//! ~                         Digest Data                           ~
//! ```

use core::ops::Range;

pub(crate) const KEY_TAG: Range<usize> = 0..2;
pub(crate) const ALGORITHM: usize = 2;
pub(crate) const DIGEST_TYPE: usize = 3;
pub(crate) const DIGEST: usize = 4;
/// The fixed fields and at least one octet of digest.
pub(crate) const MIN_LEN: usize = 5;
