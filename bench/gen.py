#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the benchmark captures (deterministic):

  bench-ike.pcap      IKE_AUTH exchanges over 200 IKE SAs (a few thousand table rows
                      would cost Wireshark seconds of start-up): the request's ENCR_NULL SK
                      payload carries IDi, N(INITIAL_CONTACT), AUTH, a CFG_REQUEST for our
                      attributes, SAi2, TSi, TSr and N(ESP_TFC_PADDING_NOT_SUPPORTED);
                      the reply's IDr, AUTH, a CFG_REPLY with INTERNAL_IP4_ADDRESS, two
                      ENCDNS_IP4, one ENCDNS_IP6 and an ENCDNS_DIGEST_INFO, SAr2, TSi, TSr
  bench-other.pcap    IKE traffic without RFC 9464 attributes, most of what a VPN
                      gateway sends, over the same SAs: IKE_SA_INIT (SA, KE, Nonce,
                      NAT detection), IKE_AUTH whose CFG_REQUEST/CFG_REPLY carry only
                      INTERNAL_IP4_ADDRESS and INTERNAL_IP4_DNS, CREATE_CHILD_SA (SA,
                      Nonce, TSi, TSr) and empty INFORMATIONAL liveness checks, in turn
  ikev2_decryption_table   the SAs' rows (ENCR_NULL, no integrity)
  bench-dns.pcap      DNS queries and responses: traffic without IKE at all
  bench-tcp.pcap      TCP traffic that is not RFC 9329: connections to port 443 and,
                      one in four, to port 4500 (where the iketcp dissector looks at a
                      connection's first octets, and leaves it alone)

Usage: bench/gen.py OUTDIR [IKE_MESSAGES [DNS_FRAMES]]   (default 20000 50000; as many
other IKE messages as IKE_AUTH ones)
       bench/gen.py --memory OUTDIR MESSAGES   (bench/memory: bench-ike.pcap, and
                      bench-many.pcap, the same CPs in the clear, an IKE SA per exchange)"""

import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from gen_captures import (  # noqa: E402
    ADDR_I, ADDR_R, CFG_REPLY, CFG_REQUEST, ENCDNS_DIGEST_INFO, ENCDNS_IP4, ENCDNS_IP6,
    FIG6_IP6, FLAG_INITIATOR, FLAG_RESPONSE, IKE_AUTH, INFORMATIONAL, INTERNAL_IP4_ADDRESS,
    INTERNAL_IP4_DNS, PT_AUTH, PT_CP, PT_IDI, DIGEST_SHA256, alpn, attr, cp_body, dohpath,
    encdns_ip, ike_plain, ike_sk, ip4, port, tcp_frame, udp_frame,
)

PT_SA, PT_KE, PT_IDR, PT_NOTIFY, PT_NONCE, PT_TSI, PT_TSR = 33, 34, 36, 41, 40, 44, 45
IKE_SA_INIT, CREATE_CHILD_SA = 34, 36


def child_sa_proposal():
    """SAi2/SAr2: one ESP proposal, AES-GCM-16 with a 256-bit key and no ESN, the way
    IKE_AUTH messages carry the first Child SA (RFC 7296 s3.3)."""
    key_len = struct.pack("!HH", 0x800E, 256)  # TV attribute: Key Length
    transforms = [(1, 20, key_len), (5, 0, b"")]  # ENCR_AES_GCM_16; ESN: none
    body = b""
    for i, (ttype, tid, attrs) in enumerate(transforms):
        last = 0 if i + 1 == len(transforms) else 3
        body += struct.pack("!BBHBBH", last, 0, 8 + len(attrs), ttype, 0, tid) + attrs
    spi = b"\xc0\x01\x02\x03"
    return struct.pack("!BBHBBBB", 0, 0, 8 + len(spi) + len(body), 1, 3, len(spi), len(transforms)) + spi + body


def ike_sa_proposal():
    """SAi1/SAr1: one IKE proposal, AES-CBC-256, HMAC-SHA2-256 (PRF and integrity),
    Curve25519."""
    key_len = struct.pack("!HH", 0x800E, 256)
    transforms = [(1, 12, key_len), (2, 5, b""), (3, 12, b""), (4, 31, b"")]
    body = b""
    for i, (ttype, tid, attrs) in enumerate(transforms):
        last = 0 if i + 1 == len(transforms) else 3
        body += struct.pack("!BBHBBH", last, 0, 8 + len(attrs), ttype, 0, tid) + attrs
    return struct.pack("!BBHBBBB", 0, 0, 8 + len(body), 1, 1, 0, len(transforms)) + body


def traffic_selector(first, last):
    """A TSi/TSr payload body with one IPv4 address range selector."""
    ts = struct.pack("!BBHHH", 7, 0, 16, 0, 65535) + ip4(first) + ip4(last)
    return bytes([1, 0, 0, 0]) + ts


def notify(ntype):
    return struct.pack("!BBH", 0, 0, ntype)


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            # 2023-11-01 00:00:00 UTC plus 1 ms per frame.
            f.write(struct.pack("<IIII", 1698796800 + i // 1000, i % 1000 * 1000, len(fr), len(fr)) + fr)


SAS = 200


def ike_exchange(n):
    sa, msgid = n % SAS, n // SAS + 1
    ispi = struct.pack("!Q", 0x1000000000000000 + sa)
    rspi = struct.pack("!Q", 0x2000000000000000 + sa)
    auth = (PT_AUTH, bytes([2, 0, 0, 0]) + bytes(32))
    # The payloads an IKE_AUTH exchange carries besides the CP (RFC 7296 s1.2), so
    # that the baseline is Wireshark's work on a real message, not on a CP alone.
    child = [(PT_SA, child_sa_proposal()),
             (PT_TSI, traffic_selector("198.51.100.0", "198.51.100.255")),
             (PT_TSR, traffic_selector("0.0.0.0", "255.255.255.255"))]
    request = [
        (PT_IDI, bytes([2, 0, 0, 0]) + b"client%d.example" % n),
        (PT_NOTIFY, notify(16384)),  # INITIAL_CONTACT
        auth,
        (PT_CP, cp_body(CFG_REQUEST, [
            attr(INTERNAL_IP4_ADDRESS), attr(ENCDNS_IP4), attr(ENCDNS_IP6),
            attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2)),
        ])),
    ] + child + [(PT_NOTIFY, notify(16394))]  # ESP_TFC_PADDING_NOT_SUPPORTED
    reply = [
        (PT_IDR, bytes([2, 0, 0, 0]) + b"vpn.example"),
        auth,
        (PT_CP, cp_body(CFG_REPLY, [
            attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.%d" % (n % 250 + 1))),
            attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53", "192.0.2.54"], b"dot.example.net", alpn("dot"))),
            attr(ENCDNS_IP4, encdns_ip(2, ["192.0.2.80"], b"doh.example.net",
                                       alpn("h2", "h3") + port(8443) + dohpath("/q{?dns}"))),
            attr(ENCDNS_IP6, FIG6_IP6),
            attr(ENCDNS_DIGEST_INFO, bytes([1, 15]) + b"doh.example.com" + struct.pack("!H", 2) + DIGEST_SHA256),
        ])),
    ] + child
    frames = [
        udp_frame(ADDR_I, ADDR_R, 500, 500, ike_sk(ispi, rspi, IKE_AUTH, FLAG_INITIATOR, msgid, request), n & 0xFFFF),
        udp_frame(ADDR_R, ADDR_I, 500, 500, ike_sk(ispi, rspi, IKE_AUTH, FLAG_RESPONSE, msgid, reply), n & 0xFFFF),
    ]
    row = '%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (ispi.hex(), rspi.hex())
    return frames, row


def other_exchange(n):
    """The n-th exchange of IKE traffic without RFC 9464 attributes, on the same SAs."""
    sa, msgid = n % SAS, n // SAS + 1
    ispi = struct.pack("!Q", 0x1000000000000000 + sa)
    rspi = struct.pack("!Q", 0x2000000000000000 + sa)
    kind = n // SAS % 4  # each SA goes through the four in turn
    nonce = (PT_NONCE, bytes(range(32)))
    nat = [(PT_NOTIFY, notify(16388) + bytes(20)), (PT_NOTIFY, notify(16389) + bytes(20))]
    if kind == 0:  # IKE_SA_INIT, in the clear; the request's responder SPI is zero
        init = [(PT_SA, ike_sa_proposal()), (PT_KE, struct.pack("!HH", 31, 0) + bytes(32)), nonce] + nat
        request = ike_plain(ispi, bytes(8), IKE_SA_INIT, FLAG_INITIATOR, 0, init)
        reply = ike_plain(ispi, rspi, IKE_SA_INIT, FLAG_RESPONSE, 0, init)
    elif kind == 1:  # IKE_AUTH whose CP has only RFC 7296 attributes
        auth = (PT_AUTH, bytes([2, 0, 0, 0]) + bytes(32))
        request = ike_sk(ispi, rspi, IKE_AUTH, FLAG_INITIATOR, msgid, [
            (PT_IDI, bytes([2, 0, 0, 0]) + b"client%d.example" % n), auth,
            (PT_CP, cp_body(CFG_REQUEST, [attr(INTERNAL_IP4_ADDRESS), attr(INTERNAL_IP4_DNS)])),
            (PT_SA, child_sa_proposal()),
            (PT_TSI, traffic_selector("198.51.100.0", "198.51.100.255")),
            (PT_TSR, traffic_selector("0.0.0.0", "255.255.255.255"))])
        reply = ike_sk(ispi, rspi, IKE_AUTH, FLAG_RESPONSE, msgid, [
            (PT_IDR, bytes([2, 0, 0, 0]) + b"vpn.example"), auth,
            (PT_CP, cp_body(CFG_REPLY, [attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.%d" % (n % 250 + 1))),
                                        attr(INTERNAL_IP4_DNS, ip4("198.51.100.53"))])),
            (PT_SA, child_sa_proposal()),
            (PT_TSI, traffic_selector("198.51.100.0", "198.51.100.255")),
            (PT_TSR, traffic_selector("0.0.0.0", "255.255.255.255"))])
    elif kind == 2:  # CREATE_CHILD_SA: a Child SA rekeyed
        child = [(PT_SA, child_sa_proposal()), nonce,
                 (PT_TSI, traffic_selector("198.51.100.0", "198.51.100.255")),
                 (PT_TSR, traffic_selector("0.0.0.0", "255.255.255.255"))]
        request = ike_sk(ispi, rspi, CREATE_CHILD_SA, FLAG_INITIATOR, msgid, child)
        reply = ike_sk(ispi, rspi, CREATE_CHILD_SA, FLAG_RESPONSE, msgid, child)
    else:  # INFORMATIONAL with nothing inside: a liveness check
        request = ike_sk(ispi, rspi, INFORMATIONAL, FLAG_INITIATOR, msgid, [])
        reply = ike_sk(ispi, rspi, INFORMATIONAL, FLAG_RESPONSE, msgid, [])
    return [udp_frame(ADDR_I, ADDR_R, 500, 500, request, n & 0xFFFF),
            udp_frame(ADDR_R, ADDR_I, 500, 500, reply, n & 0xFFFF)]


def many_sas_exchange(n):
    """The same CFG_REQUEST/CFG_REPLY as ike_exchange's, in the clear (an INFORMATIONAL
    exchange), each of its own IKE SA: a capture of many SAs needs no key table."""
    ispi = struct.pack("!Q", 0x3000000000000000 + n)
    rspi = struct.pack("!Q", 0x4000000000000000 + n)
    request = [(PT_CP, cp_body(CFG_REQUEST, [
        attr(INTERNAL_IP4_ADDRESS), attr(ENCDNS_IP4), attr(ENCDNS_IP6),
        attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2))]))]
    reply = [(PT_CP, cp_body(CFG_REPLY, [
        attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.%d" % (n % 250 + 1))),
        attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53", "192.0.2.54"], b"dot.example.net", alpn("dot"))),
        attr(ENCDNS_IP6, FIG6_IP6),
        attr(ENCDNS_DIGEST_INFO, bytes([1, 15]) + b"doh.example.com" + struct.pack("!H", 2) + DIGEST_SHA256)]))]
    return [udp_frame(ADDR_I, ADDR_R, 500, 500, ike_plain(ispi, rspi, INFORMATIONAL, FLAG_INITIATOR, 1, request), n & 0xFFFF),
            udp_frame(ADDR_R, ADDR_I, 500, 500, ike_plain(ispi, rspi, INFORMATIONAL, FLAG_RESPONSE, 1, reply), n & 0xFFFF)]


def dns_name(name):
    return b"".join(bytes([len(label)]) + label for label in name.split(b".")) + b"\x00"


def dns_frame(n):
    qid = n // 2 & 0xFFFF
    question = dns_name(b"host%d.example.com" % (n // 2 % 1000)) + struct.pack("!HH", 1, 1)
    if n % 2 == 0:
        msg = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question
        return udp_frame(ADDR_I, ADDR_R, 10000 + qid % 50000, 53, msg, n & 0xFFFF)
    answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + ip4("198.51.100.%d" % (n % 250 + 1))
    msg = struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + answer
    return udp_frame(ADDR_R, ADDR_I, 53, 10000 + qid % 50000, msg, n & 0xFFFF)


def tcp_frames(n):
    """The segments of TCP connection n (not RFC 9329): handshake, a request of 300
    octets, a response of 1,200, in either order of ports."""
    cport, sport = 20000 + n % 40000, 4500 if n % 4 == 0 else 443
    seq_c, seq_s = 1000 + n, 90000 + n
    frames = [
        tcp_frame(ADDR_I, ADDR_R, cport, sport, seq_c, 0, 0x02, b"", n & 0xFFFF),
        tcp_frame(ADDR_R, ADDR_I, sport, cport, seq_s, seq_c + 1, 0x12, b"", n & 0xFFFF),
        tcp_frame(ADDR_I, ADDR_R, cport, sport, seq_c + 1, seq_s + 1, 0x10, b"", n & 0xFFFF),
    ]
    request = bytes((n + i) & 0xFF for i in range(300))
    response = bytes((n * 7 + i) & 0xFF for i in range(1200))
    frames.append(tcp_frame(ADDR_I, ADDR_R, cport, sport, seq_c + 1, seq_s + 1, 0x18, request, n & 0xFFFF))
    frames.append(tcp_frame(ADDR_R, ADDR_I, sport, cport, seq_s + 1, seq_c + 301, 0x18, response, n & 0xFFFF))
    return frames


def write_ike(out, n):
    """bench-ike.pcap with n IKE_AUTH messages, and the key table of their SAs."""
    frames, rows = [], ["# Keys of the benchmark's IKE SAs (ENCR_NULL, no integrity)\n"]
    for k in range(n // 2):
        f, row = ike_exchange(k)
        frames += f
        if k < SAS:
            rows.append(row)
    write_pcap(os.path.join(out, "bench-ike.pcap"), frames)
    with open(os.path.join(out, "ikev2_decryption_table"), "w") as f:
        f.writelines(rows)
    return len(frames)


def main():
    if sys.argv[1] == "--memory":
        # bench/memory: OUTDIR MESSAGES -> bench-ike.pcap (few SAs, with its key table)
        # and bench-many.pcap (an SA per exchange, in the clear).
        out, n = sys.argv[2], int(sys.argv[3])
        os.makedirs(out, exist_ok=True)
        write_ike(out, n)
        write_pcap(os.path.join(out, "bench-many.pcap"), [f for k in range(n // 2) for f in many_sas_exchange(k)])
        return
    out = sys.argv[1]
    n_ike = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    n_dns = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
    os.makedirs(out, exist_ok=True)
    n_auth = write_ike(out, n_ike)
    write_pcap(os.path.join(out, "bench-other.pcap"), [f for n in range(n_ike // 2) for f in other_exchange(n)])
    write_pcap(os.path.join(out, "bench-dns.pcap"), [dns_frame(n) for n in range(n_dns)])
    write_pcap(os.path.join(out, "bench-tcp.pcap"), [f for n in range(n_dns // 5) for f in tcp_frames(n)])
    print("bench captures in %s: %d IKE_AUTH messages, as many other IKE messages, %d DNS frames, "
          "as many TCP frames" % (out, n_auth, n_dns))


if __name__ == "__main__":
    main()
