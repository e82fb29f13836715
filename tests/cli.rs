// SPDX-License-Identifier: GPL-2.0-or-later
//! encdns-decode, the command-line decoder, on hex dumps.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_encdns-decode"))
        .args(args)
        .output()
        .expect("run encdns-decode");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

const FIG9: &str = "001c000c000100000001000403646f74";

#[test]
fn tree_of_figure9() {
    let (rc, out) = run(&["--cfg-type", "request", FIG9]);
    assert_eq!(rc, 0);
    assert_eq!(
        out,
        "ENCDNS_IP6: (no ADN) (DoT, port 853), priority 1
    Service Priority: 1
    Num Addresses: 0
    ADN Length: 0
    SvcParam: alpn=dot
        Key: alpn (1)
        Length: 4
        ALPN Length: 3
        ALPN: dot
    [Transport: DoT (1)]
    [Effective Port: 853]
"
    );
}

#[test]
fn diagnostics_and_exit_status() {
    // In a reply the same attribute lacks addresses and an ADN: errors, exit 1.
    let (rc, out) = run(&["--cfg-type", "reply", FIG9]);
    assert_eq!(rc, 1);
    assert!(out.contains(
        "    Num Addresses: 0\n        [error: Num Addresses is 0 in CFG_REPLY/CFG_SET: at least one resolver address is required] (encdns.expert.num_addresses_zero_in_reply_or_set)\n"
    ), "{out}");
    // Octets past the attribute's Length are noted.
    let (_, out) = run(&["--cfg-type", "request", FIG9, "00"]);
    assert!(out.contains("[note: 1 octets follow the attribute's Length] (encdns.expert.trailing_bytes_after_attribute)"), "{out}");
}

#[test]
fn json_output() {
    let (rc, out) = run(&[
        "--json",
        "--cfg-type",
        "request",
        "001d0004",
        "0100",
        "0002",
    ]);
    assert_eq!(rc, 0);
    assert_eq!(
        out,
        "[{\"attribute\":\"ENCDNS_DIGEST_INFO\",\"type\":29,\"cfg_type\":1,\"length\":4,\
\"summary\":\"ENCDNS_DIGEST_INFO: SHA2-256 offered\",\"items\":[\
{\"field\":\"encdns.digest.num_hash_algs\",\"offset\":4,\"length\":1,\"show\":\"1\"},\
{\"field\":\"encdns.digest.adn_len\",\"offset\":5,\"length\":1,\"show\":\"0\"},\
{\"field\":\"encdns.digest.hash_alg\",\"offset\":6,\"length\":2,\"show\":\"SHA2-256 (2)\"}],\
\"diagnostics\":[]}]\n"
    );
}

#[test]
fn whole_cp_body() {
    // RFC 9464 Figure 5 request body: INTERNAL_IP4_ADDRESS, INTERNAL_IP6_ADDRESS,
    // ENCDNS_IP6, ENCDNS_DIGEST_INFO.
    let body = "0100000000080000000a0000001c0000001d00080300000200030004";
    let (rc, out) = run(&["--cp", body]);
    assert_eq!(rc, 0);
    assert!(
        out.starts_with(
            "ENCDNS_IP6: empty\nENCDNS_DIGEST_INFO: SHA2-256, SHA2-384, SHA2-512 offered\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("attribute type 8 (Length 0) at offset 0: not one this tool decodes"),
        "{out}"
    );
}

#[test]
fn bad_input() {
    assert_eq!(run(&["zz"]).0, 2);
    assert_eq!(run(&["--cfg-type", "nonsense", FIG9]).0, 2);
}
