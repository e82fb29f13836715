//! The 3GPP attributes IANA lists at 23 and 24, named so they stop showing as
//! "RESERVED TO IANA". IANA's registry gives their lengths; of their layouts only 24's
//! (a number of seconds) is known well enough to decode.

use crate::diag::Finding;
use crate::field::Field;
use crate::sink::{On, Sink};
use crate::wire::attr;

/// EXTERNAL_SOURCE_IP4_NAT_INFO (23, 3GPP TS 29.139): Length 0 or 6; shown as octets.
pub fn parse_nat_info(value: &[u8], sink: &mut Sink) {
    if !value.is_empty() {
        sink.leaf(Field::NatInfo, attr::HEADER_LEN, value.len(), 0);
    }
    expect_length(value, 6, sink);
}

/// TIMEOUT_PERIOD_FOR_LIVENESS_CHECK (24, 3GPP TS 24.302): Length 0 or 4, seconds.
pub fn parse_liveness_timeout(value: &[u8], sink: &mut Sink) {
    match value {
        [a, b, c, d] => {
            sink.leaf(
                Field::LivenessTimeout,
                attr::HEADER_LEN,
                4,
                u32::from_be_bytes([*a, *b, *c, *d]).into(),
            );
        }
        [] => {}
        _ => {
            sink.undecoded(attr::HEADER_LEN, value.len());
        }
    }
    expect_length(value, 4, sink);
}

/// The type's Length is 0 or `full`.
fn expect_length(value: &[u8], full: u8, sink: &mut Sink) {
    if !value.is_empty() && value.len() != usize::from(full) {
        let f = Finding::ATTR_UNEXPECTED_LENGTH {
            length: value.len() as u16,
            expected: full,
        };
        sink.diag(f, On::Attribute, 2, 2);
    }
}
