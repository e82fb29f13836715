#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Loads the responder's address pool through strongSwan's VICI socket with RFC 9464
attributes as raw values under their numeric types (VICI load-pool keeps them as
octets, NULs included, which swanctl.conf's attr syntax cannot). A minimal VICI
client: https://docs.strongswan.org/docs/5.9/plugins/vici.html message format.

    vici_pool.py SOCKET
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_captures import DIGEST_SHA256, FIG6_IP6, alpn, dohpath, encdns_ip, port  # noqa: E402

SECTION_START, SECTION_END, KEY_VALUE, LIST_START, LIST_ITEM, LIST_END = 1, 2, 3, 4, 5, 6
CMD_REQUEST, CMD_RESPONSE = 0, 1


def encode(message):
    out = b""
    for key, value in message.items():
        k = key.encode()
        if isinstance(value, dict):
            out += bytes([SECTION_START, len(k)]) + k + encode(value) + bytes([SECTION_END])
        elif isinstance(value, list):
            out += bytes([LIST_START, len(k)]) + k
            for item in value:
                out += bytes([LIST_ITEM]) + struct.pack("!H", len(item)) + item
            out += bytes([LIST_END])
        else:
            v = value if isinstance(value, bytes) else str(value).encode()
            out += bytes([KEY_VALUE, len(k)]) + k + struct.pack("!H", len(v)) + v
    return out


def request(path, command, message):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    c = command.encode()
    packet = bytes([CMD_REQUEST, len(c)]) + c + encode(message)
    s.sendall(struct.pack("!I", len(packet)) + packet)
    length = struct.unpack("!I", s.recv(4))[0]
    data = b""
    while len(data) < length:
        data += s.recv(length - len(data))
    return data


# What the gateway hands out: two DoT/DoH resolvers over IPv4, the RFC's DoH resolver
# over IPv6, and the SPKI digest of the one named doh.example.com.
POOL = {
    "addrs": "198.51.100.0/28",
    "27": [
        encdns_ip(1, ["192.0.2.53", "192.0.2.54"], b"dot.example.net", alpn("dot")),
        encdns_ip(2, ["192.0.2.80"], b"doh.example.net", alpn("h2", "h3") + port(8443) + dohpath("/q{?dns}")),
    ],
    "28": [FIG6_IP6],
    "29": [bytes([1, 15]) + b"doh.example.com" + struct.pack("!H", 2) + DIGEST_SHA256],
}

if __name__ == "__main__":
    reply = request(sys.argv[1], "load-pool", {"encdns": POOL})
    if reply[:1] != bytes([CMD_RESPONSE]) or b"\x03\x07success\x00\x03yes" not in reply:
        sys.exit("load-pool failed: %r" % reply)
