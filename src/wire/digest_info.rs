//! ENCDNS_DIGEST_INFO attribute value (RFC 9464 §3.2, Figures 3 and 4), and the
//! draft-ietf-ipsecme-add-ike-00 layout some implementations still send.
//! Offsets are into the attribute *value*.
//!
//! ```text
//! RFC 9464, CFG_REQUEST:        | Num Hash Algs | ADN Length=0  | Hash Algorithm Identifiers (2 each) ...
//! RFC 9464, CFG_REPLY/CFG_SET:  | Num Hash Algs | ADN Length L  | ADN (L) | Hash Algorithm Identifier (2) | Certificate Digest ...
//! draft-00, either direction:   |            RESERVED (3)       | ADN Length L  | ADN (L) | Hash Algorithm Identifier(s) (2 each) [| Digest ...]
//! ```

pub(crate) const NUM_HASH_ALGS: usize = 0;
pub(crate) const ADN_LEN: usize = 1;
pub(crate) const FIXED_LEN: usize = 2;

pub(crate) const DRAFT_RESERVED: core::ops::Range<usize> = 0..3;
pub(crate) const DRAFT_ADN_LEN: usize = 3;
pub(crate) const DRAFT_FIXED_LEN: usize = 4;

pub(crate) const HASH_ALG_LEN: usize = 2;
