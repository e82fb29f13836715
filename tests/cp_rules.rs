// SPDX-License-Identifier: GPL-2.0-or-later
//! Rules between the attributes of one Configuration payload, each with a payload that
//! triggers it and one that must not.

mod common;
use common::hex;
use encdns::cp_rules::analyze_cp;
use encdns::{Code, Options};

fn check(body: &str) -> Vec<(Code, u32)> {
    let body = hex(body);
    let mut diags = Vec::new();
    analyze_cp(&body, &Options::default(), &mut diags);
    diags.iter().map(|d| (d.finding.code(), d.offset)).collect()
}

// Attribute bodies used below (each a whole attribute, header included).
const IP4_DOT: &str = "001b0011 0001 01 09 c0000235 612e6578616d706c65"; // a.example
const IP4_DOH: &str = "001b0011 0002 01 09 c0000236 622e6578616d706c65"; // b.example
const IP4_EMPTY: &str = "001b0000";
const DIGEST_NO_ADN: &str = "001d0005 01 00 0002 aa";
const DIGEST_FOR_A: &str = "001d000e 01 09 612e6578616d706c65 0002 aa";
const DIGEST_FOR_C: &str = "001d000e 01 09 632e6578616d706c65 0002 aa";

fn request(attrs: &[&str]) -> String {
    format!("01000000 {}", attrs.join(" "))
}

fn reply(attrs: &[&str]) -> String {
    format!("02000000 {}", attrs.join(" "))
}

#[test]
fn rfc_examples_are_clean() {
    assert_eq!(
        check("0100000000080000000a0000001c0000001d00080300000200030004"),
        vec![]
    );
    assert_eq!(check("020000000008001120010db800000001000200030004000540001c003e0001010f20010db8009900880077006600550044646f682e6578616d706c652e636f6d00010003026832000700102f646e732d71756572797b3f646e737d001d0024010000029408457aefd071cec127c1f98539930861ad1ba94c940db975c972c09fc68b68"), vec![]);
    // Figure 11: INTERNAL_DNS_DOMAIN with ENCDNS_IP6 and no INTERNAL_IP6_DNS is fine.
    assert_eq!(check("020000000008001120010db800000001000200030004000540001c003e0001010f20010db8009900880077006600550044646f682e6578616d706c652e636f6d00010003026832000700102f646e732d71756572797b3f646e737d0019000b6578616d706c652e636f6d"), vec![]);
}

#[test]
fn duplicates_in_a_request() {
    assert_eq!(
        check(&request(&[IP4_DOT, IP4_DOH, IP4_DOT])),
        vec![(Code::DUPLICATE_IDENTICAL_ATTRIBUTE, 4 + 21 + 21)]
    );
    assert_eq!(check(&request(&[IP4_DOT, IP4_DOH])), vec![]);
    // In a reply two resolvers may well look alike; the rule is about requests.
    assert_eq!(check(&reply(&[IP4_DOT, IP4_DOT])), vec![]);
}

#[test]
fn empty_beside_suggestions() {
    assert_eq!(
        check(&request(&[IP4_EMPTY, IP4_DOT])),
        vec![(Code::EMPTY_AND_SUGGESTED_ATTRIBUTES_MIXED, 4)]
    );
    // An empty ENCDNS_IP6 beside a suggested ENCDNS_IP4 is two families, not a mix.
    assert_eq!(check(&request(&["001c0000", IP4_DOT])), vec![]);
}

#[test]
fn which_adn_a_digest_is_for() {
    let digest_at = 4 + 21 + 21;
    assert_eq!(
        check(&reply(&[IP4_DOT, IP4_DOH, DIGEST_NO_ADN])),
        vec![(Code::DIGEST_ADN_AMBIGUOUS, digest_at)]
    );
    assert_eq!(check(&reply(&[IP4_DOT, IP4_DOH, DIGEST_FOR_A])), vec![]);
    assert_eq!(
        check(&reply(&[IP4_DOT, IP4_DOH, DIGEST_FOR_C])),
        vec![(Code::DIGEST_ADN_UNMATCHED, digest_at)]
    );
    assert_eq!(check(&reply(&[IP4_DOT, DIGEST_NO_ADN])), vec![]);
    assert_eq!(
        check(&reply(&[IP4_DOT, DIGEST_FOR_A])),
        vec![(Code::DIGEST_ADN_WITH_SINGLE_ADN, 4 + 21)]
    );
    // The same ADN twice is still one ADN; names compare case-insensitively.
    let ip4_dot_upper = "001b0011 0003 01 09 c0000237 412e4558414d504c45";
    assert_eq!(
        check(&reply(&[IP4_DOT, ip4_dot_upper, DIGEST_NO_ADN])),
        vec![]
    );
}

#[test]
fn split_dns_needs_a_server() {
    let domain = "0019000b 6578616d706c652e636f6d";
    assert_eq!(
        check(&reply(&[domain])),
        vec![(Code::INTERNAL_DNS_DOMAIN_WITHOUT_DNS_SERVER, 4)]
    );
    assert_eq!(check(&reply(&["00030004 c0000235", domain])), vec![]);
    assert_eq!(check(&reply(&[IP4_DOT, domain])), vec![]);
    assert_eq!(check(&request(&[domain])), vec![]);
}

#[test]
fn trust_anchor_placement() {
    let domain = "0019000b 6578616d706c652e636f6d";
    let ta = "001a0005 e1e60d02aa";
    assert_eq!(check(&reply(&[IP4_DOT, domain, ta, ta])), vec![]);
    assert_eq!(
        check(&reply(&[IP4_DOT, ta, domain])),
        vec![(Code::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN, 4 + 21)]
    );
    assert_eq!(
        check(&request(&["001a0000"])),
        vec![(Code::DNSSEC_TA_NOT_AFTER_DNS_DOMAIN, 4)]
    );
    assert_eq!(check(&request(&["00190000", "001a0000"])), vec![]);
}

#[test]
fn digest_claims_name_the_addresses() {
    use encdns::cp_rules::digest_claims;
    let claims = |body: &str| {
        let body = hex(body);
        let options = Options::default();
        digest_claims(&body, &options)
            .map(|c| (c.addr.to_vec(), c.alg, c.digest.to_vec()))
            .collect::<Vec<_>>()
    };
    let a = hex("c0000235");
    let b = hex("c0000236");
    // No ADN: the digest is for every resolver address.
    assert_eq!(
        claims(&reply(&[IP4_DOT, IP4_DOH, DIGEST_NO_ADN])),
        vec![(a.clone(), 2, vec![0xaa]), (b.clone(), 2, vec![0xaa])]
    );
    // Naming a.example: only its address.
    assert_eq!(
        claims(&reply(&[IP4_DOT, IP4_DOH, DIGEST_FOR_A])),
        vec![(a, 2, vec![0xaa])]
    );
    // Naming nobody present, or in a request: nothing.
    assert_eq!(claims(&reply(&[IP4_DOT, DIGEST_FOR_C])), vec![]);
    assert_eq!(claims(&request(&[IP4_DOT, DIGEST_NO_ADN])), vec![]);
}

/// INTERNAL_IP4_SUBNET (13): address and mask, as split-tunnel replies carry by the
/// hundred.
const SUBNET: &str = "000d0008 c6336400 ffffff00";

#[test]
fn other_attributes_do_not_use_up_the_pairwise_bound() {
    // 300 subnets before the resolvers: the digest's ADN is still found among them,
    // and two ADNs still make a digest without a name ambiguous.
    let mut attrs = vec![SUBNET; 300];
    attrs.extend([IP4_DOT, DIGEST_FOR_A]);
    assert_eq!(
        check(&reply(&attrs)),
        vec![(Code::DIGEST_ADN_WITH_SINGLE_ADN, 4 + 300 * 12 + 21)]
    );
    let mut attrs = vec![SUBNET; 300];
    attrs.extend([IP4_DOT, IP4_DOH, DIGEST_NO_ADN]);
    assert_eq!(
        check(&reply(&attrs)),
        vec![(Code::DIGEST_ADN_AMBIGUOUS, 4 + 300 * 12 + 21 + 21)]
    );
}

#[test]
fn past_the_pairwise_bound_the_verdicts_hold_and_the_tree_says_so() {
    // 300 resolvers named a.example, then one named b.example, then a digest without
    // a name: the second name, past the bound, still makes the digest ambiguous.
    let mut attrs = vec![IP4_DOT; 300];
    attrs.extend([IP4_DOH, DIGEST_NO_ADN]);
    let got = check(&reply(&attrs));
    assert_eq!(
        got,
        vec![
            (Code::PAIRWISE_CHECKS_LIMITED, 4 + 256 * 21),
            (Code::DIGEST_ADN_AMBIGUOUS, 4 + 301 * 21)
        ]
    );
    // A digest for the name past the bound is matched, not "unmatched".
    let mut attrs = vec![IP4_DOT; 300];
    attrs.extend([IP4_DOH, "001d000e 01 09 622e6578616d706c65 0002 aa"]);
    assert_eq!(
        check(&reply(&attrs)),
        vec![(Code::PAIRWISE_CHECKS_LIMITED, 4 + 256 * 21)]
    );
}
