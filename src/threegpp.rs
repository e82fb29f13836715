//! The 3GPP attributes IANA lists at 23 and 24, named so they stop showing as
//! "RESERVED TO IANA". SPEC.md establishes their lengths; of their layouts only 24's
//! (a number of seconds) is known well enough to decode.

use crate::diag::Code;
use crate::fields::Field;
use crate::sink::{ItemRef, Sink};
use crate::wire::attr;

/// EXTERNAL_SOURCE_IP4_NAT_INFO (23, 3GPP TS 29.139): Length 0 or 6; shown as octets.
pub fn parse_nat_info(value: &[u8], sink: &mut Sink) {
    if !value.is_empty() {
        sink.leaf(Field::NatInfo, attr::HEADER_LEN, value.len(), 0);
    }
    expect_length(value, &[0, 6], sink);
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
            sink.leaf(Field::Undecoded, attr::HEADER_LEN, value.len(), 0);
        }
    }
    expect_length(value, &[0, 4], sink);
}

fn expect_length(value: &[u8], allowed: &[usize], sink: &mut Sink) {
    if !allowed.contains(&value.len()) {
        let want = allowed.iter().copied().max().unwrap_or(0);
        sink.diag(
            Code::ATTR_UNEXPECTED_LENGTH,
            ItemRef::ATTRIBUTE,
            2,
            2,
            crate::parse::pair(value.len(), want),
        );
    }
}
