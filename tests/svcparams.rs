// SPDX-License-Identifier: GPL-2.0-or-later
//! SvcParams inside ENCDNS_IP4: the decoded items, and each SvcParams diagnostic on a
//! case made to trigger it next to one that must not.

mod common;
use common::{codes, hex, parse};
use encdns::{Code, Field, ItemKind};

const REQUEST: u8 = 1;
const REPLY: u8 = 2;

/// ENCDNS_IP4, priority 1, 192.0.2.53, ADN "a.example", then `params` (hex).
fn ip4_with(params: &str) -> Vec<u8> {
    let mut v = hex("0001 01 09 c0000235");
    v.extend(b"a.example");
    v.extend(hex(params));
    let mut a = hex("001b");
    a.extend((v.len() as u16).to_be_bytes());
    a.extend(v);
    a
}

fn svc_codes(params: &str, cfg: u8) -> Vec<Code> {
    codes(&parse(&ip4_with(params), cfg))
}

const ALPN_DOT: &str = "0001 0004 03646f74";
const ALPN_H2: &str = "0001 0003 026832";
const DOHPATH: &str = "0007 0010 2f646e732d71756572797b3f646e737d"; // /dns-query{?dns}

#[test]
fn clean_params_have_no_diagnostics() {
    for p in [
        ALPN_DOT.to_string(),
        format!("{ALPN_H2} {DOHPATH}"),
        format!("0000 0002 0001 {ALPN_DOT}"), // mandatory=alpn
        format!("{ALPN_DOT} 0003 0002 0355"), // port=853
        format!("{ALPN_DOT} 0009 0004 001d 0017"), // tls-supported-groups=x25519,secp256r1
        format!("{ALPN_H2} {DOHPATH} 0008 0000"), // ohttp
        format!("{ALPN_DOT} 0005 0004 0002 abcd"), // ech with a 2-octet list
        format!("{ALPN_DOT} 000a 0004 03 646e73"), // docpath=/dns
        format!("{ALPN_DOT} 000a 0000"),      // docpath=/
    ] {
        assert_eq!(svc_codes(&p, REPLY), vec![], "{p}");
    }
}

#[test]
fn items_follow_the_wire() {
    let p = parse(
        &ip4_with(&format!("{ALPN_H2} 0003 0002 20fb {DOHPATH}")),
        REPLY,
    );
    let fields: Vec<(Field, u8)> = p
        .items
        .iter()
        .filter(|i| i.kind != ItemKind::Close as u8)
        .map(|i| (Field::from_u16(i.field).unwrap(), i.kind))
        .skip(5) // priority, num, ADN length, address, ADN
        .collect();
    use Field::*;
    let open = ItemKind::Open as u8;
    let leaf = ItemKind::Leaf as u8;
    assert_eq!(
        fields,
        vec![
            (SvcParam, open),
            (SvcParamKey, leaf),
            (SvcParamLength, leaf),
            (SvcParamAlpnLength, leaf),
            (SvcParamAlpn, leaf),
            (SvcParam, open),
            (SvcParamKey, leaf),
            (SvcParamLength, leaf),
            (SvcParamPort, leaf),
            (SvcParam, open),
            (SvcParamKey, leaf),
            (SvcParamLength, leaf),
            (SvcParamDohPath, leaf),
            (Transport, leaf),
            (EffectivePort, leaf),
        ]
    );
    let port = p
        .items
        .iter()
        .find(|i| i.field == SvcParamPort as u16)
        .unwrap();
    assert_eq!(port.value, 8443);
    let eff = p
        .items
        .iter()
        .find(|i| i.field == EffectivePort as u16)
        .unwrap();
    assert_eq!((eff.value, eff.flags & 1), (8443, 1));
    let t = p
        .items
        .iter()
        .find(|i| i.field == Transport as u16)
        .unwrap();
    assert_eq!(t.value, 2, "DoH");
}

#[test]
fn default_ports_per_transport() {
    let p = parse(&ip4_with("0001 0008 03646f74 03646f71"), REPLY); // alpn=dot,doq
    let pairs: Vec<(u64, u64)> = p
        .items
        .iter()
        .filter(|i| i.field == Field::Transport as u16)
        .zip(
            p.items
                .iter()
                .filter(|i| i.field == Field::EffectivePort as u16),
        )
        .map(|(t, port)| (t.value, port.value))
        .collect();
    assert_eq!(pairs, vec![(1, 853), (3, 853)]);
    let p = parse(&ip4_with(&format!("{ALPN_H2} {DOHPATH}")), REPLY);
    let port = p
        .items
        .iter()
        .find(|i| i.field == Field::EffectivePort as u16)
        .unwrap();
    assert_eq!(port.value, 443);
}

#[test]
fn framing_and_order() {
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 0003"), REPLY),
        vec![Code::SVCPARAMS_TRUNCATED]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 0003 0004 0355"), REPLY),
        vec![Code::SVCPARAMS_TRUNCATED]
    );
    assert_eq!(
        svc_codes(&format!("0003 0002 0355 {ALPN_DOT}"), REPLY),
        vec![Code::SVCPARAMS_KEYS_NOT_INCREASING]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} {ALPN_DOT}"), REPLY),
        vec![Code::SVCPARAMS_DUPLICATE_KEY]
    );
}

#[test]
fn bad_values() {
    for p in [
        "0001 0000".to_string(),                                  // alpn empty
        "0001 0004 05646f74".to_string(),                         // alpn id overruns
        format!("{ALPN_DOT} 0003 0001 03"),                       // port of 1 octet
        format!("{ALPN_DOT} 0009 0003 001d00"),                   // odd group list
        format!("{ALPN_DOT} 0009 0004 001d 001d"),                // duplicate group
        format!("{ALPN_DOT} 0005 0003 0005ab"),                   // ech length prefix wrong
        format!("{ALPN_DOT} 000b 0001 00"),                       // pvd not empty
        format!("0000 0004 0003 0001 {ALPN_DOT} 0003 0002 0355"), // mandatory not increasing
    ] {
        let c = svc_codes(&p, REPLY);
        assert!(c.contains(&Code::SVCPARAM_BAD_VALUE), "{p}: {c:?}");
    }
    // alpn with an empty id
    assert!(svc_codes("0001 0005 00 03646f74", REPLY).contains(&Code::SVCPARAM_BAD_VALUE));
    // dohpath that is not UTF-8
    assert!(
        svc_codes(&format!("{ALPN_H2} 0007 0002 c328"), REPLY).contains(&Code::SVCPARAM_BAD_VALUE)
    );
}

#[test]
fn mandatory_rules() {
    assert_eq!(
        svc_codes(&format!("0000 0002 0003 {ALPN_DOT}"), REPLY),
        vec![
            Code::SVCPARAM_MANDATORY_LISTS_AUTOMATIC_KEY,
            Code::SVCPARAM_MANDATORY_KEY_ABSENT
        ]
    );
    assert_eq!(
        svc_codes(&format!("0000 0002 0000 {ALPN_DOT}"), REPLY),
        vec![Code::SVCPARAM_MANDATORY_LISTS_MANDATORY]
    );
    assert_eq!(
        svc_codes(&format!("0000 0002 0007 {ALPN_DOT}"), REPLY),
        vec![Code::SVCPARAM_MANDATORY_KEY_ABSENT]
    );
    let p = parse(&ip4_with(&format!("0000 0004 0001 0007 {ALPN_DOT}")), REPLY);
    let encdns::On::Item(absent) = p.diags[0].on else {
        panic!("{:?}", p.diags[0]);
    };
    assert_eq!(
        p.items[absent as usize].field,
        Field::SvcParamMandatory as u16
    );
    assert_eq!(p.items[absent as usize].value, 7);
}

#[test]
fn alpn_rules() {
    assert_eq!(
        svc_codes("0003 0002 0355", REPLY),
        vec![Code::SVCPARAMS_NO_ALPN]
    );
    assert_eq!(svc_codes("0003 0002 0355", REQUEST), vec![]);
    assert_eq!(svc_codes("", REPLY), vec![Code::SVCPARAMS_NO_ALPN]);
    assert_eq!(svc_codes("", REQUEST), vec![]);
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 0002 0000"), REPLY),
        vec![Code::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE]
    );
    assert_eq!(
        svc_codes("0002 0000", REQUEST),
        vec![
            Code::SVCPARAM_NO_DEFAULT_ALPN_NOT_APPLICABLE,
            Code::SVCPARAM_NO_DEFAULT_ALPN_WITHOUT_ALPN
        ]
    );
    assert_eq!(
        svc_codes(ALPN_H2, REPLY),
        vec![Code::DOHPATH_MISSING_FOR_HTTP_ALPN]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_H2} 0007 0004 2f717279"), REPLY),
        vec![Code::DOHPATH_WITHOUT_DNS_VARIABLE]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 0008 0000"), REPLY),
        vec![Code::OHTTP_WITHOUT_HTTP_ALPN]
    );
}

#[test]
fn forbidden_and_unknown_keys() {
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 0004 0004 c0000201"), REPLY),
        vec![Code::SVCPARAM_IPV4HINT_FORBIDDEN]
    );
    assert_eq!(
        svc_codes(
            &format!("{ALPN_DOT} 0006 0010 20010db8000000000000000000000001"),
            REPLY
        ),
        vec![Code::SVCPARAM_IPV6HINT_FORBIDDEN]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 000d 0001 aa"), REPLY),
        vec![Code::SVCPARAM_UNKNOWN_KEY]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} ff00 0000"), REPLY),
        vec![Code::SVCPARAM_UNKNOWN_KEY]
    );
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} ffff 0000"), REPLY),
        vec![Code::SVCPARAM_INVALID_KEY_65535]
    );
    // Registered keys without a decoder are not "unknown".
    assert_eq!(
        svc_codes(&format!("{ALPN_DOT} 000c 0002 0164"), REPLY),
        vec![]
    );
}

#[test]
fn split_dns_and_3gpp_neighbours() {
    let p = parse(&hex("0019000b 6578616d706c652e636f6d"), REPLY);
    assert_eq!(p.info.kind, encdns::AttrKind::InternalDnsDomain as u8);
    assert_eq!(p.items[0].field, Field::DnsDomain as u16);
    let p = parse(&hex("001a0008 e1e6 0d 02 aabbccdd"), REPLY);
    let v: Vec<(u16, u64)> = p.items.iter().map(|i| (i.field, i.value)).collect();
    assert_eq!(
        v,
        vec![
            (Field::DnssecTaKeyTag as u16, 0xe1e6),
            (Field::DnssecTaAlgorithm as u16, 13),
            (Field::DnssecTaDigestType as u16, 2),
            (Field::DnssecTaDigest as u16, 0)
        ]
    );
    assert_eq!(
        codes(&parse(&hex("001a0003 e1e60d"), REPLY)),
        vec![Code::DNSSEC_TA_TRUNCATED]
    );
    assert_eq!(codes(&parse(&hex("001a0000"), REQUEST)), vec![]);
    let p = parse(&hex("00180004 0000012c"), REPLY);
    assert_eq!(
        (p.items[0].field, p.items[0].value),
        (Field::LivenessTimeout as u16, 300)
    );
    assert_eq!(
        codes(&parse(&hex("00180002 012c"), REPLY)),
        vec![Code::ATTR_UNEXPECTED_LENGTH]
    );
    assert_eq!(codes(&parse(&hex("00170006 c0000201 1194"), REPLY)), vec![]);
    assert_eq!(
        codes(&parse(&hex("00170004 c0000201"), REPLY)),
        vec![Code::ATTR_UNEXPECTED_LENGTH]
    );
}
