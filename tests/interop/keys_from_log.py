#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One ikev2_decryption_table line for the IKE SA of a capture, with the keys charon
logged at 'ike 4' (Sk_ei/Sk_er/Sk_ai/Sk_ar hex dumps) and the SPIs of the capture.

    keys_from_log.py CHARON_LOG CAPTURE cbc|gcm|null
"""

import re
import struct
import sys

ALGORITHMS = {
    "cbc": ('"AES-CBC-128 [RFC3602]"', '"HMAC_SHA2_256_128 [RFC4868]"'),
    "gcm": ('"AES-GCM-128 with 16 octet ICV [RFC5282]"', '"NONE [RFC4306]"'),
    "null": ('"NULL [RFC2410]"', '"HMAC_SHA2_256_128 [RFC4868]"'),
}


def keys(log):
    lines = open(log).read().split("\n")
    found = {}
    for i, line in enumerate(lines):
        m = re.search(r"(Sk_e[ir]|Sk_a[ir]) secret => (\d+) bytes", line)
        if not m:
            continue
        n, octets, j = int(m.group(2)), "", i + 1
        while len(octets) < 2 * n:
            dump = re.match(r"^\d+\[IKE\]\s+\d+: ((?:[0-9A-F]{2} ?)+)", lines[j])
            octets += dump.group(1).replace(" ", "").lower()
            j += 1
        found[m.group(1)] = octets[: 2 * n]
    return found


def spis(capture):
    """The SPIs of the first IKE message that has a responder SPI."""
    data = open(capture, "rb").read()
    off = 24
    while off + 16 <= len(data):
        n = struct.unpack_from("<I", data, off + 8)[0]
        frame = data[off + 16:off + 16 + n]
        ike = frame[14 + 20 + 8:]
        if ike[:4] == b"\0\0\0\0":
            ike = ike[4:]
        if len(ike) >= 16 and any(ike[8:16]):
            return ike[:8].hex(), ike[8:16].hex()
        off += 16 + n
    sys.exit("no IKE message with both SPIs in " + capture)


if __name__ == "__main__":
    log, capture, variant = sys.argv[1:]
    k = keys(log)
    encr, integ = ALGORITHMS[variant]
    ispi, rspi = spis(capture)
    # AES-GCM has no integrity keys; ENCR_NULL has no encryption keys.
    ai, ar = (k.get("Sk_ai", ""), k.get("Sk_ar", "")) if variant != "gcm" else ("", "")
    print(",".join([ispi, rspi, k.get("Sk_ei", ""), k.get("Sk_er", ""), encr, ai, ar, integ]))
