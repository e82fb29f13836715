#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a fuzz seed corpus: every configuration attribute in tests/captures, as
<mode octet = CFG type><attribute octets to the end of its CP payload>, the input
layout of the fuzz targets. Usage: fuzz/seeds.py OUTDIR"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "tests", "captures")
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
        yield payload[16], payload[28:]


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


def cp_attributes(first, body):
    for ptype, nxt, pbody in payload_chain(first, body):
        if ptype == PT_SK and pbody:
            # ENCR_NULL without integrity: the inner payloads (the first named by the SK
            # payload's Next Payload), then the Pad Length octet.
            yield from cp_attributes(nxt, pbody[:-1])
        elif ptype == PT_CP and len(pbody) >= 4:
            cfg, attrs, off = pbody[0], pbody[4:], 0
            while off + 4 <= len(attrs):
                yield bytes([cfg]) + attrs[off:]
                off += 4 + struct.unpack_from("!H", attrs, off + 2)[0]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(CAPTURES)):
        if not name.endswith(".pcap"):
            continue
        for frame in frames(os.path.join(CAPTURES, name)):
            for first, body in ike_messages(frame):
                for seed in cp_attributes(first, body):
                    with open(os.path.join(out, "seed-%04d" % n), "wb") as f:
                        f.write(seed)
                    n += 1
    print("%d seeds in %s" % (n, out))


if __name__ == "__main__":
    main()
