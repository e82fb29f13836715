#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal IKEv2 initiator (RFC 7296) that asks a real responder for RFC 9464
resolvers: IKE_SA_INIT (AES-CBC-128, HMAC-SHA2-256, DH group 14), then IKE_AUTH with a
pre-shared key and a CP(CFG_REQUEST) carrying an empty ENCDNS_IP4, a suggested
ENCDNS_IP6 and an ENCDNS_DIGEST_INFO that offers SHA2-256 and SHA2-384. No packaged
initiator sends these, so this is how the request side of a real exchange is captured.
Prints the IKE SA's ikev2_decryption_table line.

    initiator.py RESPONDER_ADDR PSK LOCAL_ID REMOTE_ID
"""

import hashlib
import hmac
import os
import socket
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_captures import attr, cp_body, encdns_ip, payloads  # noqa: E402

# RFC 3526 group 14 (2048-bit MODP).
P = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AACAA68FFFFFFFFFFFFFFFF",
    16,
)

SA, KE, IDI, AUTH, NONCE, TSI, TSR, SK, CP = 33, 34, 35, 39, 40, 44, 45, 46, 47
IKE_SA_INIT, IKE_AUTH = 34, 35


def transform(ttype, tid, keylen=None, last=False):
    attrs = struct.pack("!HH", 0x800E, keylen) if keylen else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


def proposal(protocol, spi, transforms):
    body = b"".join(transforms)
    return struct.pack("!BBHBBBB", 0, 0, 8 + len(spi) + len(body), 1, protocol, len(spi), len(transforms)) + spi + body


def header(spi_i, spi_r, first, exch, flags, msgid, body):
    return spi_i + spi_r + struct.pack("!BBBBII", first, 0x20, exch, flags, msgid, 28 + len(body)) + body


def prf(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def prf_plus(key, seed, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = prf(key, t + seed + bytes([i]))
        out += t
        i += 1
    return out[:n]


def parse(msg):
    """{payload type: body} of a plaintext message."""
    found, nxt, off = {}, msg[16], 28
    while nxt and off + 4 <= len(msg):
        length = struct.unpack_from("!H", msg, off + 2)[0]
        found[nxt] = msg[off + 4:off + length]
        nxt, off = msg[off], off + length
    return found


def main():
    responder, psk, local_id, remote_id = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode(), sys.argv[4].encode()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", 500))
    s.settimeout(5)
    spi_i, zero = os.urandom(8), bytes(8)

    # IKE_SA_INIT
    x = int.from_bytes(os.urandom(32), "big")
    gx = pow(2, x, P).to_bytes(256, "big")
    ni = os.urandom(32)
    ike_sa = proposal(1, b"", [transform(1, 12, 128), transform(2, 5), transform(3, 12), transform(4, 14, last=True)])
    first, body = payloads([(SA, ike_sa), (KE, struct.pack("!HH", 14, 0) + gx), (NONCE, ni)])
    init = header(spi_i, zero, first, IKE_SA_INIT, 0x08, 0, body)
    s.sendto(init, (responder, 500))
    resp, _ = s.recvfrom(65535)
    spi_r = resp[8:16]
    p = parse(resp)
    gy = int.from_bytes(p[KE][4:], "big")
    nr = p[NONCE]
    shared = pow(gy, x, P).to_bytes(256, "big")
    skeyseed = prf(ni + nr, shared)
    keys = prf_plus(skeyseed, ni + nr + spi_i + spi_r, 32 + 32 + 32 + 16 + 16 + 32 + 32)
    sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr = (
        keys[0:32], keys[32:64], keys[64:96], keys[96:112], keys[112:128], keys[128:160], keys[160:192])

    # IKE_AUTH with the CP(CFG_REQUEST) no packaged initiator sends
    idi = bytes([2, 0, 0, 0]) + local_id  # ID_FQDN
    auth = prf(prf(psk, b"Key Pad for IKEv2"), init + nr + prf(sk_pi, idi))
    request = cp_body(1, [
        attr(1),
        attr(27),
        attr(28, encdns_ip(1, ["2001:db8::53"], b"dot.example.net", v6=True)),
        attr(29, bytes([2, 0]) + struct.pack("!HH", 2, 3)),
    ])
    child = proposal(3, os.urandom(4), [transform(1, 12, 128), transform(3, 12), transform(5, 0, last=True)])
    ts = struct.pack("!B3x", 1) + struct.pack("!BBHHH", 7, 0, 16, 0, 65535) + bytes(4) + b"\xff" * 4
    inner_first, inner = payloads([(IDI, idi), (AUTH, bytes([2, 0, 0, 0]) + auth), (CP, request), (SA, child),
                                   (TSI, ts), (TSR, ts)])
    pad = (16 - (len(inner) + 1) % 16) % 16
    plain = inner + bytes(pad) + bytes([pad])
    iv = os.urandom(16)
    enc = Cipher(algorithms.AES(sk_ei), modes.CBC(iv)).encryptor()
    encrypted = iv + enc.update(plain) + enc.finalize()
    icv_len = 16
    sk_len = 4 + len(encrypted) + icv_len
    # The header's Length and the SK payload's count the ICV, which covers all before it.
    msg = header(spi_i, spi_r, SK, IKE_AUTH, 0x08, 1, struct.pack("!BBH", inner_first, 0, sk_len) + encrypted)
    msg = msg[:24] + struct.pack("!I", len(msg) + icv_len) + msg[28:]
    msg += hmac.new(sk_ai, msg, hashlib.sha256).digest()[:icv_len]
    s.sendto(msg, (responder, 500))
    s.recvfrom(65535)
    print(",".join([spi_i.hex(), spi_r.hex(), sk_ei.hex(), sk_er.hex(), '"AES-CBC-128 [RFC3602]"',
                    sk_ai.hex(), sk_ar.hex(), '"HMAC_SHA2_256_128 [RFC4868]"']))


if __name__ == "__main__":
    main()
