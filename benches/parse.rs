// SPDX-License-Identifier: GPL-2.0-or-later
//! Parser throughput: attributes per second for typical ENCDNS_IP4, ENCDNS_IP6 (several
//! SvcParams) and ENCDNS_DIGEST_INFO attributes of a CFG_REPLY, next to a plain
//! memchr-style scan of the same octets (the practical limit for anything that reads
//! every byte once). A counting allocator proves the timed loops allocate nothing.
//!
//!   cargo bench            (target: >= 20 million attributes/s on one core)
//!
//! Each figure is the fastest of several timed rounds, which take turns between the
//! attributes: on a shared machine other work only ever slows a round down (whole runs
//! here went at half speed), so the fastest round is the one closest to what the parser
//! itself costs.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Instant;

use encdns::{parse_attribute, CfgType, Item, Options, Sink};

#[path = "../tests/common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

const CFG_REPLY: CfgType = CfgType(2);
const ROUNDS: usize = 9;
const PER_ROUND: usize = 2_000_000;

/// Calls per round: `PER_ROUND`, or fewer for a profiler (ENCDNS_BENCH_CALLS). Read
/// once, before anything is timed: reading the environment allocates.
fn per_round() -> usize {
    static CALLS: OnceLock<usize> = OnceLock::new();
    *CALLS.get_or_init(|| {
        std::env::var("ENCDNS_BENCH_CALLS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(PER_ROUND)
    })
}

/// A configuration attribute: Type (R bit clear), Length, Value.
fn attribute(attr_type: u16, value: &[u8]) -> Vec<u8> {
    let mut a = attr_type.to_be_bytes().to_vec();
    a.extend_from_slice(&(value.len() as u16).to_be_bytes());
    a.extend_from_slice(value);
    a
}

fn svcparam(key: u16, value: &[u8]) -> Vec<u8> {
    let mut p = key.to_be_bytes().to_vec();
    p.extend_from_slice(&(value.len() as u16).to_be_bytes());
    p.extend_from_slice(value);
    p
}

/// ENCDNS_IP4/IP6 value: Priority, Num Addresses, ADN Length, addresses, ADN, SvcParams.
fn encdns_ip(priority: u16, addrs: &[&[u8]], adn: &str, params: &[Vec<u8>]) -> Vec<u8> {
    let mut v = priority.to_be_bytes().to_vec();
    v.push(addrs.len() as u8);
    v.push(adn.len() as u8);
    for a in addrs {
        v.extend_from_slice(a);
    }
    v.extend_from_slice(adn.as_bytes());
    for p in params {
        v.extend_from_slice(p);
    }
    v
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let ip4 = attribute(
        27,
        &encdns_ip(
            1,
            &[&[192, 0, 2, 53]],
            "dot.example.net",
            &[svcparam(1, b"\x03dot")],
        ),
    );
    let v6 = [
        0x20, 0x01, 0x0d, 0xb8, 0, 0x99, 0, 0x88, 0, 0x77, 0, 0x66, 0, 0x55, 0, 0x44,
    ];
    let ip6 = attribute(
        28,
        &encdns_ip(
            2,
            &[&v6],
            "doh.example.com",
            &[
                svcparam(1, b"\x02h2\x02h3"),
                svcparam(3, &443u16.to_be_bytes()),
                svcparam(7, b"/dns-query{?dns}"),
            ],
        ),
    );
    let mut digest = vec![1u8, 15];
    digest.extend_from_slice(b"dot.example.net");
    digest.extend_from_slice(&2u16.to_be_bytes());
    digest.extend((0u8..32).map(|i| i.wrapping_mul(37)));
    let digest = attribute(29, &digest);
    vec![
        ("ENCDNS_IP4", ip4),
        ("ENCDNS_IP6", ip6),
        ("ENCDNS_DIGEST_INFO", digest),
    ]
}

/// Seconds for one round of `PER_ROUND` calls of `f`, and how many allocations they made.
fn round(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut sink = 0usize;
    let before = allocations();
    let t = Instant::now();
    for _ in 0..per_round() {
        sink = sink.wrapping_add(f());
    }
    let secs = t.elapsed().as_secs_f64();
    black_box(sink);
    (secs, allocations() - before)
}

fn scan(bytes: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let needle = LO * 0xfe;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_ne_bytes(c.try_into().unwrap()) ^ needle;
        if x.wrapping_sub(LO) & !x & HI != 0 {
            return 1;
        }
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == 0xfe)
        .unwrap_or(0)
}

fn main() {
    // `cargo test --benches` runs this too: one short round is enough there.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    per_round();
    let options = Options::default();
    let mut items = [Item::default(); 64];
    let mut diags = [None; 16];
    let mut worst = f64::MAX;
    println!(
        "{:<20} {:>6} {:>14} {:>12} {:>14} {:>7}",
        "attribute", "octets", "attributes/s", "parse MB/s", "scan MB/s", "of scan"
    );
    // One attribute alone (ENCDNS_BENCH_ONLY=ENCDNS_IP6), for a profiler that counts
    // per attribute (bench/parser-instructions).
    let mut inputs = inputs();
    if let Ok(only) = std::env::var("ENCDNS_BENCH_ONLY") {
        inputs.retain(|(name, _)| *name == only);
        assert!(!inputs.is_empty(), "no attribute named {only}");
    }
    for (name, attr) in &inputs {
        // Every attribute must parse cleanly: a benchmark of the error path would flatter.
        let mut sink = Sink::new(&mut items, &mut diags);
        let info = parse_attribute(attr, CFG_REPLY, &options, &mut sink);
        assert_eq!(sink.counts().1, 0, "{name} must parse without diagnostics");
        assert!(info.n_items > 4, "{name} must decode into items");
    }
    // Rounds take turns between the attributes, so that a slow phase of the machine
    // costs each attribute one round, not all of one attribute's.
    let mut parse = vec![f64::MAX; inputs.len()];
    let mut scanned = vec![f64::MAX; inputs.len()];
    let mut allocs = 0;
    for _ in 0..ROUNDS {
        for (i, (_, attr)) in inputs.iter().enumerate() {
            let attr = attr.as_slice();
            let (secs, n) = round(|| {
                let mut sink = Sink::new(&mut items, &mut diags);
                parse_attribute(black_box(attr), CFG_REPLY, &options, &mut sink).n_items as usize
            });
            parse[i] = parse[i].min(secs);
            allocs += n;
            scanned[i] = scanned[i].min(round(|| scan(black_box(attr))).0);
        }
    }
    for (i, (name, attr)) in inputs.iter().enumerate() {
        let per_sec = per_round() as f64 / parse[i];
        let mb = |secs: f64| (per_round() * attr.len()) as f64 / secs / 1e6;
        worst = worst.min(per_sec);
        println!(
            "{:<20} {:>6} {:>14.0} {:>12.0} {:>14.0} {:>6.0}%",
            name,
            attr.len(),
            per_sec,
            mb(parse[i]),
            mb(scanned[i]),
            100.0 * mb(parse[i]) / mb(scanned[i])
        );
    }
    println!("allocations while parsing: {allocs}");
    println!("parses: {}", inputs.len() * (1 + ROUNDS * per_round()));
    println!(
        "slowest: {:.1} million attributes/s (target >= 20): {}",
        worst / 1e6,
        if worst >= 20e6 && allocs == 0 {
            "met"
        } else {
            "NOT MET"
        }
    );
    assert_eq!(allocs, 0, "parsing allocated");
}
