#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a fuzz target's seed corpus from the test and interop captures, in that
target's input layout. Usage: fuzz/seeds.py TARGET OUTDIR
  parse_attribute, render: <mode octet = CFG type><attribute to the end of its CP payload>
  cp_payload:  a CP payload body (from its CFG Type)
  session:      one capture's IKEv2 messages as <u16 length><message><u16 length><inner>
  certificate: the certificates and keys in tests/data and tests/data/oracle"""

import base64
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "tests", "captures")
CAPTURE_DIRS = [CAPTURES, os.path.join(CAPTURES, "interop")]
CERTS = os.path.join(HERE, "..", "tests", "data")
PT_SK, PT_CP = 46, 47


def frames(path):
    data = open(path, "rb").read()
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        yield data[off + 16:off + 16 + incl]
        off += 16 + incl


def ike_messages(frame):
    if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
        return
    ihl = (frame[14] & 0x0F) * 4
    udp = frame[14 + ihl:]
    dport = struct.unpack_from("!H", udp, 2)[0]
    payload = udp[8:]
    if dport == 4500:
        if payload[:4] != b"\0\0\0\0":
            return
        payload = payload[4:]
    if dport in (500, 4500) and len(payload) >= 28 and payload[17] >> 4 == 2:
        yield payload[16], payload[28:], payload


def payload_chain(first, body):
    """(type, the type of the payload after it, body) for each payload."""
    off, ptype = 0, first
    while ptype and off + 4 <= len(body):
        length = struct.unpack_from("!H", body, off + 2)[0]
        if length < 4:
            return
        yield ptype, body[off], body[off + 4:off + length]
        ptype = body[off]
        off += length


def sk_inner(first, body):
    """The SK payload's content as ENCR_NULL without integrity leaves it: the inner
    payloads (the first named by the SK payload's Next Payload), then Pad Length."""
    for ptype, nxt, pbody in payload_chain(first, body):
        if ptype == PT_SK and pbody:
            return nxt, pbody[:-1]
    return None, b""


def cp_bodies(first, body):
    for ptype, _, pbody in payload_chain(first, body):
        if ptype == PT_CP and len(pbody) >= 4:
            yield pbody
    nxt, inner = sk_inner(first, body)
    if inner:
        yield from cp_bodies(nxt, inner)


def cp_attributes(first, body):
    for pbody in cp_bodies(first, body):
        cfg, attrs, off = pbody[0], pbody[4:], 0
        while off + 4 <= len(attrs):
            yield bytes([cfg]) + attrs[off:]
            off += 4 + struct.unpack_from("!H", attrs, off + 2)[0]


def record(part):
    return struct.pack("!H", len(part)) + part[:0xFFFF]


def captures():
    for d in CAPTURE_DIRS:
        for name in sorted(os.listdir(d)):
            if name.endswith(".pcap"):
                yield os.path.join(d, name)


def seeds(target):
    if target == "certificate":
        dirs = (CERTS, os.path.join(CERTS, "oracle"))
        paths = [os.path.join(d, n) for d in dirs for n in sorted(os.listdir(d))]
        for path in filter(os.path.isfile, paths):
            text = open(path, "rb").read()
            yield text
            if b"-----BEGIN CERTIFICATE-----" in text:
                b64 = text.split(b"-----")[2]
                yield base64.b64decode(b"".join(b64.split()))
        return
    for path in captures():
        sequence = b""
        for frame in frames(path):
            for first, body, msg in ike_messages(frame):
                if target in ("parse_attribute", "render"):
                    yield from cp_attributes(first, body)
                elif target == "cp_payload":
                    yield from cp_bodies(first, body)
                elif target == "session":
                    sequence += record(msg) + record(sk_inner(first, body)[1])
        if sequence:
            yield sequence


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for seed in seeds(target):
        with open(os.path.join(out, "seed-%04d" % n), "wb") as f:
            f.write(seed)
        n += 1
    print("%d seeds in %s" % (n, out))


if __name__ == "__main__":
    main()
