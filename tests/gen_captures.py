#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the test captures in tests/captures/ (deterministic: same bytes every run).

  encdns-ikeauth-null.pcap     IKE_AUTH request/response whose ENCR_NULL SK payloads
                               carry CP(CFG_REQUEST) / CP(CFG_REPLY) with RFC 9464
                               attributes; keys in ikev2_decryption_table
  encdns-svcparams.pcap        every SvcParam key and SvcParams diagnostic, RFC 8598
                               INTERNAL_DNS_DOMAIN/DNSSEC_TA and 3GPP types 23/24
  encdns-plaintext-cp.pcap     plaintext CP payloads: the RFC 9464 Appendix A examples,
                               CFG_SET/CFG_ACK, malformed attributes, an IKEv1 frame
                               and a DNS frame that must stay untouched
  encdns-two-messages.pcap     frames carrying two SK-protected IKE messages each
                               (PPPMux sub-frames), each with its own decrypted data
  encdns-iketcp.pcap           IKE and ESP over TCP (RFC 9329): the prefix, messages split
                               over segments and several in one, framing errors, a
                               connection on port 4500 that is not RFC 9329
  encdns-iketcp-strongswan.pcap  strongSwan's real AES-CBC exchange (interop capture)
                               moved into an RFC 9329 stream (the interop keys decrypt it)
  encdns-shapes.pcap           retransmissions, ICMP/ICMPv6 errors quoting IKE, a
                               gateway-initiated CFG_SET, a split-tunnel reply, a reply
                               with more attributes than are compared pairwise

Run: python3 tests/gen_captures.py [OUTDIR]   (default: tests/captures)
"""

import os
import struct
import sys

# --- IKEv2 building blocks (RFC 7296) ----------------------------------------------------

PT_NONE, PT_IDI, PT_AUTH, PT_SK, PT_CP = 0, 35, 39, 46, 47
IKE_AUTH, INFORMATIONAL = 35, 37
FLAG_INITIATOR, FLAG_RESPONSE = 0x08, 0x20
CFG_REQUEST, CFG_REPLY, CFG_SET, CFG_ACK = 1, 2, 3, 4

INTERNAL_IP4_ADDRESS, INTERNAL_IP4_DNS, INTERNAL_IP6_DNS = 1, 3, 10
ENCDNS_IP4, ENCDNS_IP6, ENCDNS_DIGEST_INFO = 27, 28, 29


def attr(atype, value=b"", r_bit=False, length=None):
    """A TLV configuration attribute; `length` overrides the Length field."""
    t = atype | (0x8000 if r_bit else 0)
    return struct.pack("!HH", t, len(value) if length is None else length) + value


def ip4(s):
    return bytes(int(x) for x in s.split("."))


ip4_bytes = ip4


def ip6(s):
    import ipaddress

    return ipaddress.IPv6Address(s).packed


def svcparam(key, value):
    return struct.pack("!HH", key, len(value)) + value


def alpn(*ids):
    return svcparam(1, b"".join(bytes([len(i)]) + i.encode() for i in ids))


def port(p):
    return svcparam(3, struct.pack("!H", p))


def dohpath(p):
    return svcparam(7, p.encode())


def encdns_ip(priority, addrs, adn, params=b"", v6=False):
    pack = ip6 if v6 else ip4
    a = b"".join(pack(x) for x in addrs)
    return struct.pack("!HBB", priority, len(addrs), len(adn)) + a + adn + params


def cp_body(cfg_type, attrs):
    return bytes([cfg_type, 0, 0, 0]) + b"".join(attrs)


def payloads(chain):
    """chain: list of (type, body). Returns (first type, bytes) with next-payload links."""
    out = b""
    for i, (ptype, body) in enumerate(chain):
        nxt = chain[i + 1][0] if i + 1 < len(chain) else PT_NONE
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (chain[0][0] if chain else PT_NONE), out


def sk_null(inner_chain):
    """An SK payload under ENCR_NULL with no integrity: the inner payloads, no padding,
    and the Pad Length octet (RFC 7296 s3.14)."""
    first, inner = payloads(inner_chain)
    return first, inner + b"\x00"


def ike(ispi, rspi, exch, flags, msgid, first_payload, body, version=0x20):
    length = 28 + len(body)
    return ispi + rspi + struct.pack("!BBBBII", first_payload, version, exch, flags, msgid, length) + body


def ike_sk(ispi, rspi, exch, flags, msgid, inner_chain):
    first, sk = sk_null(inner_chain)
    body = struct.pack("!BBH", first, 0, 4 + len(sk)) + sk
    return ike(ispi, rspi, exch, flags, msgid, PT_SK, body)


def ike_plain(ispi, rspi, exch, flags, msgid, chain):
    first, body = payloads(chain)
    return ike(ispi, rspi, exch, flags, msgid, first, body)


# --- Link layers -------------------------------------------------------------------------

MAC_I = bytes.fromhex("020000000001")
MAC_R = bytes.fromhex("020000000002")
ADDR_I, ADDR_R = "192.0.2.1", "192.0.2.2"


def ipv4_checksum(hdr):
    s = sum(struct.unpack("!10H", hdr))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def udp_frame(src, dst, sport, dport, payload, ident):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, 0, 64, 17, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", ipv4_checksum(hdr)) + hdr[12:]
    macs = (MAC_R + MAC_I) if src == ADDR_I else (MAC_I + MAC_R)
    return macs + b"\x08\x00" + hdr + udp


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            # Fixed timestamps: 2023-11-01 00:00:00 UTC plus 10 ms per frame.
            f.write(struct.pack("<IIII", 1698796800, i * 10000, len(fr), len(fr)) + fr)


# --- The scenarios -----------------------------------------------------------------------

SPI_I = bytes.fromhex("9e3779b97f4a7c15")
SPI_R = bytes.fromhex("f39cc0605cedc834")

DIGEST_SHA256 = bytes.fromhex("9408457aefd071cec127c1f98539930861ad1ba94c940db975c972c09fc68b68")

# RFC 9464 Appendix A, Figure 6: one DoH resolver over IPv6.
FIG6_IP6 = encdns_ip(
    1, ["2001:db8:99:88:77:66:55:44"], b"doh.example.com", alpn("h2") + dohpath("/dns-query{?dns}"), v6=True
)


def ikeauth_null():
    frames = []
    request = [
        (PT_IDI, bytes([2, 0, 0, 0]) + b"client.example"),
        (
            PT_CP,
            cp_body(
                CFG_REQUEST,
                [
                    attr(INTERNAL_IP4_ADDRESS),
                    attr(ENCDNS_IP4),
                    attr(ENCDNS_IP6),
                    attr(ENCDNS_DIGEST_INFO, bytes([3, 0]) + struct.pack("!HHH", 2, 3, 4)),
                ],
            ),
        ),
    ]
    reply = [
        (
            PT_CP,
            cp_body(
                CFG_REPLY,
                [
                    attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.7")),
                    attr(
                        ENCDNS_IP4,
                        encdns_ip(1, ["192.0.2.53", "192.0.2.54"], b"dot.example.net", alpn("dot")),
                    ),
                    attr(
                        ENCDNS_IP4,
                        encdns_ip(
                            2, ["192.0.2.80"], b"doh.example.net",
                            alpn("h2", "h3") + port(8443) + dohpath("/q{?dns}"),
                        ),
                    ),
                    attr(ENCDNS_IP6, FIG6_IP6),
                    # Three resolvers, so the digest names the one it is for.
                    attr(ENCDNS_DIGEST_INFO, bytes([1, 15]) + b"doh.example.com" + struct.pack("!H", 2) + DIGEST_SHA256),
                ],
            ),
        ),
    ]
    frames.append(udp_frame(ADDR_I, ADDR_R, 500, 500, ike_sk(SPI_I, SPI_R, IKE_AUTH, FLAG_INITIATOR, 1, request), 1))
    frames.append(udp_frame(ADDR_R, ADDR_I, 500, 500, ike_sk(SPI_I, SPI_R, IKE_AUTH, FLAG_RESPONSE, 1, reply), 2))
    table = '%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (SPI_I.hex(), SPI_R.hex())
    return frames, table


def plaintext_cp():
    spi_i = bytes.fromhex("0102030405060708")
    spi_r = bytes.fromhex("1112131415161718")
    msgid = [0]

    def cp_frame(cfg_type, attrs, from_initiator=True):
        msgid[0] += 1
        flags = FLAG_INITIATOR if from_initiator else FLAG_RESPONSE
        # Each example in an IKE SA of its own, so that none answers another.
        own_spi = spi_i[:7] + bytes([msgid[0]])
        msg = ike_plain(own_spi, spi_r, INFORMATIONAL, flags, msgid[0], [(PT_CP, cp_body(cfg_type, attrs))])
        src, dst = (ADDR_I, ADDR_R) if from_initiator else (ADDR_R, ADDR_I)
        return udp_frame(src, dst, 500, 500, msg, 100 + msgid[0])

    frames = [
        # 1: RFC 9464 Figure 5 request: empty ENCDNS_IP4, and a DIGEST_INFO listing
        #    SHA2-256, SHA2-384, SHA2-512 (a whole CP body).
        cp_frame(CFG_REQUEST, [attr(INTERNAL_IP4_ADDRESS), attr(ENCDNS_IP4),
                               attr(ENCDNS_DIGEST_INFO, bytes.fromhex("0300000200030004"))]),
        # 2: Figure 6 reply: INTERNAL_IP6_ADDRESS, ENCDNS_IP6 doh.example.com, DIGEST_INFO.
        cp_frame(CFG_REPLY, [attr(8, ip6("2001:db8::1") + b"\x40"), attr(ENCDNS_IP6, FIG6_IP6),
                             attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2) + DIGEST_SHA256)],
                 from_initiator=False),
        # 3: Figures 7, 8 and 9: suggested resolvers in a request (address only, ADN only,
        #    ADN-less address with alpn=dot).
        cp_frame(CFG_REQUEST, [
            attr(ENCDNS_IP6, encdns_ip(1, ["2001:db8:99:88:77:66:55:44"], b"", v6=True)),
            attr(ENCDNS_IP6, encdns_ip(1, [], b"doh.example.com", v6=True)),
            attr(ENCDNS_IP6, encdns_ip(1, [], b"", alpn("dot"), v6=True)),
        ]),
        # 4: CFG_SET with a resolver, then CFG_ACK with the empty attribute.
        cp_frame(CFG_SET, [attr(ENCDNS_IP4, encdns_ip(5, ["192.0.2.99"], b"resolver.example", alpn("doq")))],
                 from_initiator=False),
        cp_frame(CFG_ACK, [attr(ENCDNS_IP4)]),
        # 6: malformed: priority 0 and no addresses in a reply; then an attribute whose
        #    ADN Length overruns it; then valid attributes that must still decode.
        cp_frame(CFG_REPLY, [
            attr(ENCDNS_IP4, encdns_ip(0, [], b"zero.example")),
            attr(ENCDNS_IP4, struct.pack("!HBB", 1, 1, 40) + ip4("192.0.2.7") + b"short.example"),
            attr(ENCDNS_IP4, encdns_ip(3, ["192.0.2.8"], b"after.example", alpn("dot"))),
            attr(INTERNAL_IP4_DNS, ip4("192.0.2.9")),
        ], from_initiator=False),
        # 7: Num Addresses overrunning, a non-ASCII ADN, an ADN with a NUL, and last (as
        #    Wireshark reads the R bit as the IKEv1 AF bit and loses the rest) the R bit.
        cp_frame(CFG_REPLY, [
            attr(ENCDNS_IP4, struct.pack("!HBB", 1, 3, 0) + ip4("192.0.2.11")),
            attr(ENCDNS_IP6, encdns_ip(1, ["2001:db8::53"], "bücher.example".encode(), alpn("dot"), v6=True)),
            attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.12"], b"nul.example\x00", alpn("dot"))),
            attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.10"], b"rbit.example", alpn("dot")), r_bit=True),
        ], from_initiator=False),
        # 8: a value shorter than the fixed fields, an empty reply attribute, and an
        #    attribute whose Length runs past the payload (the last one).
        cp_frame(CFG_REPLY, [
            attr(ENCDNS_IP4, b"\x00\x01\x01"),
            attr(ENCDNS_IP6),
            attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.13"], b"cut.example"), length=40),
        ], from_initiator=False),
        # 9: DIGEST_INFO reply breaking Figure 4: two algorithms announced, SHA2-384
        #    with a 32-octet digest; then one whose ADN runs past it.
        cp_frame(CFG_REPLY, [
            attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"dot.example.net", alpn("dot"))),
            attr(ENCDNS_DIGEST_INFO, bytes([2, 0]) + struct.pack("!H", 3) + DIGEST_SHA256),
            attr(ENCDNS_DIGEST_INFO, bytes([1, 20]) + b"dot.example.net"),
        ], from_initiator=False),
        # 10: DIGEST_INFO requests: odd length without SHA2-256, a count that disagrees
        #     with the list, and an empty one.
        cp_frame(CFG_REQUEST, [
            attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 4) + b"\x00"),
            attr(ENCDNS_DIGEST_INFO, bytes([5, 0]) + struct.pack("!HH", 2, 1)),
            attr(ENCDNS_DIGEST_INFO),
        ]),
    ]
    # 11: IKEv1 Mode Config (Transaction exchange) with attribute type 27: not ours.
    v1_attrs = struct.pack("!HH", 27, 4) + ip4("192.0.2.200")
    v1_body = struct.pack("!BBH", PT_NONE, 0, 8 + len(v1_attrs)) + bytes([2, 0]) + struct.pack("!H", 0) + v1_attrs
    v1 = ike(spi_i, spi_r, 6, 0, 0x01020304, 14, v1_body, version=0x10)
    frames.append(udp_frame(ADDR_R, ADDR_I, 500, 500, v1, 200))
    # 12: a DNS query: nothing of ours may appear.
    dns = bytes.fromhex("abcd01000001000000000000") + b"\x07example\x03com\x00" + struct.pack("!HH", 1, 1)
    frames.append(udp_frame(ADDR_I, ADDR_R, 40000, 53, dns, 300))
    return frames


def svcparams_and_neighbours():
    """Every SvcParam key, the SvcParams diagnostics, and the RFC 8598 / 3GPP neighbours."""
    spi_i = bytes.fromhex("2122232425262728")
    spi_r = bytes.fromhex("3132333435363738")
    msgid = [0]

    def reply(attrs, cfg=CFG_REPLY):
        msgid[0] += 1
        msg = ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_RESPONSE, msgid[0], [(PT_CP, cp_body(cfg, attrs))])
        return udp_frame(ADDR_R, ADDR_I, 4500, 4500, b"\x00\x00\x00\x00" + msg, 400 + msgid[0])

    def ip4(params, adn=b"r.example", prio=1):
        return attr(ENCDNS_IP4, encdns_ip(prio, ["192.0.2.53"], adn, params))

    mandatory = lambda *keys: svcparam(0, b"".join(struct.pack("!H", k) for k in keys))
    groups = svcparam(9, struct.pack("!HH", 29, 23))
    ech = svcparam(5, struct.pack("!H", 4) + bytes.fromhex("fe0d0000"))
    docpath = svcparam(10, b"\x03dns\x05query")
    frames = [
        # 1: every registered key decoded, well formed (over UDP 4500 with the non-ESP marker).
        reply([
            ip4(mandatory(1, 7) + alpn("h2", "h3") + port(8443) + ech + dohpath("/dns-query{?dns}")
                + svcparam(8, b"") + groups),
            ip4(alpn("doq", "dot") + docpath + svcparam(11, b"") + svcparam(12, b"\x03abc\x32")),
        ]),
        # 2: framing: keys out of order, a duplicate, a parameter running past the end.
        reply([
            ip4(port(853) + alpn("dot")),
            ip4(alpn("dot") + alpn("dot")),
            ip4(alpn("dot") + struct.pack("!HH", 3, 8) + b"\x03\x55"),
        ]),
        # 3: bad values and self-consistency.
        reply([
            ip4(svcparam(1, b"\x05dot") + svcparam(3, b"\x03")),
            ip4(mandatory(0, 3, 7) + alpn("dot")),
            ip4(svcparam(2, b"") + port(853)),
            ip4(alpn("dot") + svcparam(9, struct.pack("!HH", 29, 29))),
        ]),
        # 4: RFC 9464 / 9461 / 9540 rules: hints, no alpn, HTTP without dohpath, dohpath
        #    without the dns variable, ohttp without HTTP, unknown and invalid keys.
        reply([
            ip4(alpn("dot") + svcparam(4, ip4_bytes("192.0.2.1")) + svcparam(6, ip6("2001:db8::1"))),
            ip4(port(853)),
            ip4(alpn("h2")),
            ip4(alpn("h3") + dohpath("/dns-query")),
            ip4(alpn("dot") + svcparam(8, b"")),
            ip4(alpn("dot") + svcparam(13, b"x") + svcparam(65280, b"") + svcparam(65535, b"")),
        ]),
        # 5: RFC 8598 split DNS beside an encrypted resolver, and the 3GPP types 23/24.
        reply([
            ip4(alpn("dot"), adn=b"dot.corp.example"),
            attr(25, b"corp.example"),
            attr(26, struct.pack("!HBB", 0xE1E6, 13, 2) + bytes(range(32))),
            attr(24, struct.pack("!I", 300)),
            attr(23, ip4_bytes("198.51.100.9") + struct.pack("!H", 4500)),
            attr(26, b"\x01\x02"),
            attr(24, b"\x01\x2c"),
        ]),
        # 6: ADN syntax: none in a reply, too long with an overlong label, a bad A-label,
        #    a label that is not a host name.
        reply([
            ip4(alpn("dot"), adn=b""),
            ip4(alpn("dot"), adn=b"a" * 70 + b"." + b".".join([b"b" * 60] * 3) + b".c"),
            ip4(alpn("dot"), adn=b"xn--abc-.example"),
            ip4(alpn("dot"), adn=b"_dns.example"),
        ]),
        # 7: DIGEST_INFO replies broken every way Figure 4 allows.
        reply([
            attr(ENCDNS_DIGEST_INFO, b"\x01"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00\x02"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00\x00\xaa"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00\x05\xaa"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00\x08\xaa"),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x04\x00\xaa"),
        ]),
        # 8: DIGEST_INFO requests: an ADN Length, and no algorithm at all.
        reply([
            attr(ENCDNS_DIGEST_INFO, b"\x01\x05\x00\x02"),
            attr(ENCDNS_DIGEST_INFO, b"\x00\x00"),
        ], cfg=CFG_REQUEST),
        # 9: CFG_ACK carrying values it should not.
        reply([
            ip4(alpn("dot")),
            attr(ENCDNS_DIGEST_INFO, b"\x01\x00\x00\x02" + DIGEST_SHA256),
        ], cfg=CFG_ACK),
    ]
    # 10: a CP payload ending in half an attribute header (00 1b), a Notify after it.
    msgid[0] += 1
    cp = cp_body(CFG_REPLY, [ip4(alpn("dot"))]) + b"\x00\x1b"
    notify = bytes([0, 0]) + struct.pack("!H", 16384)  # protocol 0, SPI size 0, INITIAL_CONTACT
    msg = ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_RESPONSE, msgid[0], [(PT_CP, cp), (41, notify)])
    frames.append(udp_frame(ADDR_R, ADDR_I, 4500, 4500, b"\x00\x00\x00\x00" + msg, 400 + msgid[0]))
    return frames


def sa_rules():
    """Rules between attributes, messages and IKE SAs (the rules that need more than one attribute).
    Returns the frames and the decryption-table lines of their ENCR_NULL SAs."""
    frames, table = [], []
    ident = [500]

    def send(msg, from_initiator):
        ident[0] += 1
        src, dst = (ADDR_I, ADDR_R) if from_initiator else (ADDR_R, ADDR_I)
        frames.append(udp_frame(src, dst, 500, 500, msg, ident[0]))

    def ip(kind, prio, addrs, adn, params=None):
        v6 = kind == ENCDNS_IP6
        return attr(kind, encdns_ip(prio, addrs, adn, alpn("dot") if params is None else params, v6=v6))

    def digest_req(*algs):
        return attr(ENCDNS_DIGEST_INFO, bytes([len(algs), 0]) + b"".join(struct.pack("!H", a) for a in algs))

    def digest_reply(alg, adn=b"", digest=DIGEST_SHA256):
        return attr(ENCDNS_DIGEST_INFO, bytes([1, len(adn)]) + adn + struct.pack("!H", alg) + digest)

    # Frames 1-4: plaintext payloads breaking the rules between attributes of one CP.
    spi_i, spi_r = bytes.fromhex("4142434445464748"), bytes.fromhex("5152535455565758")
    plain = [
        (CFG_REQUEST, [attr(ENCDNS_IP4), ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net"),
                       ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net")]),
        (CFG_REPLY, [ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net"),
                     ip(ENCDNS_IP4, 2, ["192.0.2.54"], b"dot2.example.net"), digest_reply(2)]),
        (CFG_REPLY, [ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net"),
                     digest_reply(2, b"dot.example.net"), digest_reply(2, b"other.example.net")]),
        (CFG_REPLY, [attr(1, ip4("198.51.100.7")), attr(25, b"corp.example"),
                     attr(26, struct.pack("!HBB", 1, 13, 2) + bytes(32)), attr(1, ip4("198.51.100.8")),
                     attr(26, struct.pack("!HBB", 2, 13, 2) + bytes(32))]),
    ]
    for i, (cfg, attrs) in enumerate(plain):
        msg = ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_INITIATOR if cfg == CFG_REQUEST else FLAG_RESPONSE,
                        i + 1, [(PT_CP, cp_body(cfg, attrs))])
        send(msg, cfg == CFG_REQUEST)

    # Frames 5 onwards: IKE_AUTH exchanges of three IKE SAs, ENCR_NULL-protected.
    def auth(method):
        return (PT_AUTH, bytes([method, 0, 0, 0]) + bytes(16))

    def exchange(spi_i, spi_r, msgid, request, reply):
        table.append('%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (spi_i.hex(), spi_r.hex()))
        send(ike_sk(spi_i, spi_r, IKE_AUTH, FLAG_INITIATOR, msgid, request), True)
        send(ike_sk(spi_i, spi_r, IKE_AUTH, FLAG_RESPONSE, msgid, reply), False)

    idi = (PT_IDI, bytes([2, 0, 0, 0]) + b"client.example")
    idr = (36, bytes([2, 0, 0, 0]) + b"gw.example")
    # 5/6: asks for both families and SHA2-256/384; gets IPv4 only, SHA2-256.
    exchange(bytes.fromhex("a1a2a3a4a5a6a7a8"), bytes.fromhex("b1b2b3b4b5b6b7b8"), 1,
             [idi, auth(2), (PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP4), attr(ENCDNS_IP6), digest_req(2, 3)]))],
             [idr, auth(14), (PT_CP, cp_body(CFG_REPLY, [ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net"),
                                                         digest_reply(2)]))])
    # 7/8: a NULL-authenticated responder answering what was not asked: IPv6, SHA2-256.
    exchange(bytes.fromhex("c1c2c3c4c5c6c7c8"), bytes.fromhex("d1d2d3d4d5d6d7d8"), 1,
             [idi, auth(13), (PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP4), digest_req(3)]))],
             [idr, auth(13), (PT_CP, cp_body(CFG_REPLY, [ip(ENCDNS_IP4, 1, ["192.0.2.53"], b"dot.example.net"),
                                                         ip(ENCDNS_IP6, 2, ["2001:db8::53"], b"dot6.example.net"),
                                                         digest_reply(2, b"dot.example.net")]))])
    # 9-12: EAP: the request in message 1, the reply in message 2, from a gateway that
    # knows no RFC 9464 (the reply has no ENCDNS attribute at all).
    spi_i, spi_r = bytes.fromhex("e1e2e3e4e5e6e7e8"), bytes.fromhex("f1f2f3f4f5f6f7f8")
    exchange(spi_i, spi_r, 1, [idi, (PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP4), attr(INTERNAL_IP4_ADDRESS)]))],
             [idr, (48, bytes([1, 1, 0, 5, 1]))])
    table.pop()
    exchange(spi_i, spi_r, 2, [auth(2)],
             [auth(2), (PT_CP, cp_body(CFG_REPLY, [attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.9"))]))])
    return frames, table


def fragmented():
    """An IKE_AUTH whose response is split into two RFC 7383 Encrypted Fragment
    payloads (ENCR_NULL); the CP(CFG_REPLY) spans both."""
    spi_i, spi_r = bytes.fromhex("9192939495969798"), bytes.fromhex("a9aaabacadaeafa0")
    PT_SKF = 53
    request = [(PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP4), attr(ENCDNS_IP6)]))]
    reply = [(PT_CP, cp_body(CFG_REPLY, [
        attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53", "192.0.2.54"], b"dot.example.net", alpn("dot"))),
        attr(ENCDNS_IP6, FIG6_IP6),
    ]))]
    first, inner = payloads(reply)
    half = len(inner) // 2
    frames = [udp_frame(ADDR_I, ADDR_R, 4500, 4500, b"\0\0\0\0" + ike_sk(spi_i, spi_r, IKE_AUTH, FLAG_INITIATOR, 1, request), 700)]
    for n, chunk in ((1, inner[:half]), (2, inner[half:])):
        # Fragment Number, Total Fragments, then (ENCR_NULL) the chunk and a Pad Length of 0.
        body = struct.pack("!HH", n, 2) + chunk + b"\x00"
        skf = struct.pack("!BBH", first if n == 1 else 0, 0, 4 + len(body)) + body
        msg = ike(spi_i, spi_r, IKE_AUTH, FLAG_RESPONSE, 1, PT_SKF, skf)
        frames.append(udp_frame(ADDR_R, ADDR_I, 4500, 4500, b"\0\0\0\0" + msg, 700 + n))
    table = '%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (spi_i.hex(), spi_r.hex())
    return frames, table


def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def icmp_error(src, dst, quoted_frame, ident):
    """An ICMP Destination Unreachable (port unreachable) from `src` to `dst` quoting
    the IP packet of `quoted_frame` (an Ethernet frame from udp_frame)."""
    quoted = quoted_frame[14:]
    icmp = struct.pack("!BBHI", 3, 3, 0, 0) + quoted
    icmp = icmp[:2] + struct.pack("!H", inet_checksum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), ident, 0, 64, 1, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", ipv4_checksum(hdr)) + hdr[12:]
    macs = (MAC_R + MAC_I) if src == ADDR_I else (MAC_I + MAC_R)
    return macs + b"\x08\x00" + hdr + icmp


ADDR6_I, ADDR6_R = "2001:db8::1", "2001:db8::2"


def ipv6_packet(src, dst, next_header, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), next_header, 64, ip6(src), ip6(dst)) + payload


def upper_checksum6(src, dst, next_header, data):
    pseudo = ip6(src) + ip6(dst) + struct.pack("!IxxxB", len(data), next_header)
    return inet_checksum(pseudo + data)


def udp6_frame(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    udp = udp[:6] + struct.pack("!H", upper_checksum6(src, dst, 17, udp)) + udp[8:]
    macs = (MAC_R + MAC_I) if src == ADDR6_I else (MAC_I + MAC_R)
    return macs + b"\x86\xdd" + ipv6_packet(src, dst, 17, udp)


def icmp6_error(src, dst, quoted_frame):
    """An ICMPv6 Destination Unreachable (port unreachable) quoting the IPv6 packet of
    `quoted_frame`."""
    icmp = struct.pack("!BBHI", 1, 4, 0, 0) + quoted_frame[14:]
    icmp = icmp[:2] + struct.pack("!H", upper_checksum6(src, dst, 58, icmp)) + icmp[4:]
    macs = (MAC_R + MAC_I) if src == ADDR6_I else (MAC_I + MAC_R)
    return macs + b"\x86\xdd" + ipv6_packet(src, dst, 58, icmp)


def shapes():
    """The capture shapes every front-end must read the same way (plaintext INFORMATIONAL
    exchanges, one IKE SA each):
      1-4    a request and its reply, each sent twice (retransmissions, RFC 7296 s2.1)
      5-8    a request, its reply, the request again, and the same reply again
      9-11   a request, an ICMP port unreachable quoting it, the reply
      12-14  the same over IPv6 with ICMPv6
      15-16  a gateway-initiated CFG_SET (from the original responder) and its CFG_ACK
      17-18  a split-tunnel reply: 300 INTERNAL_IP4_SUBNET before its resolver and the
             digest naming it
      19     a reply with 300 ENCDNS_IP4: more than the rules compare pairwise"""
    frames = []
    ident = [800]

    def udp(msg, from_initiator):
        ident[0] += 1
        src, dst = (ADDR_I, ADDR_R) if from_initiator else (ADDR_R, ADDR_I)
        return udp_frame(src, dst, 500, 500, msg, ident[0])

    dot = attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"dot.example.net", alpn("dot")))
    digest = attr(ENCDNS_DIGEST_INFO, bytes([1, 15]) + b"dot.example.net" + struct.pack("!H", 2) + DIGEST_SHA256)
    request = cp_body(CFG_REQUEST, [attr(ENCDNS_IP4), attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2))])
    reply = cp_body(CFG_REPLY, [dot, attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2) + DIGEST_SHA256)])

    def sa(n):
        return bytes([0x30 + n] * 8), bytes([0x40 + n] * 8)

    def req_msg(n, msgid=1, body=request):
        return ike_plain(*sa(n), INFORMATIONAL, FLAG_INITIATOR, msgid, [(PT_CP, body)])

    def rep_msg(n, msgid=1, body=reply):
        return ike_plain(*sa(n), INFORMATIONAL, FLAG_RESPONSE, msgid, [(PT_CP, body)])

    # 1-4 and 5-8: retransmissions; each copy is the same octets (only IP ident differs).
    frames += [udp(req_msg(1), True), udp(req_msg(1), True), udp(rep_msg(1), False), udp(rep_msg(1), False)]
    frames += [udp(req_msg(2), True), udp(rep_msg(2), False), udp(req_msg(2), True), udp(rep_msg(2), False)]
    # 9-11: the responder's port was closed for a moment.
    lost = udp(req_msg(3), True)
    frames += [lost, icmp_error(ADDR_R, ADDR_I, lost, 900), udp(rep_msg(3), False)]
    # 12-14: the same over IPv6.
    lost6 = udp6_frame(ADDR6_I, ADDR6_R, 500, 500, req_msg(4))
    frames += [lost6, icmp6_error(ADDR6_R, ADDR6_I, lost6), udp6_frame(ADDR6_R, ADDR6_I, 500, 500, rep_msg(4))]
    # 15-16: the gateway (original responder: I flag clear) pushes resolvers; the
    # client (I flag set) acknowledges in its response.
    set_body = cp_body(CFG_SET, [dot])
    ack_body = cp_body(CFG_ACK, [attr(ENCDNS_IP4)])
    frames.append(udp(ike_plain(*sa(5), INFORMATIONAL, 0, 7, [(PT_CP, set_body)]), False))
    frames.append(udp(ike_plain(*sa(5), INFORMATIONAL, FLAG_INITIATOR | FLAG_RESPONSE, 7, [(PT_CP, ack_body)]), True))
    # 17-18: split tunnel.
    subnets = [attr(13, ip4("198.51.%d.0" % (i % 256)) + ip4("255.255.255.0")) for i in range(300)]
    frames += [udp(req_msg(6), True), udp(rep_msg(6, body=cp_body(CFG_REPLY, subnets + [dot, digest])), False)]
    # 19: 300 resolvers (two names), and a digest without a name after them.
    many = [attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"a.example" if i < 299 else b"b.example", alpn("dot")))
            for i in range(300)]
    frames.append(udp(rep_msg(7, body=cp_body(CFG_REPLY, many + [attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", 2) + DIGEST_SHA256)])), False))
    return frames


def write_pcap_ppp(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 9))  # LINKTYPE_PPP
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1698796800, i * 10000, len(fr), len(fr)) + fr)


def pppmux(packets):
    """A PPP frame multiplexing IPv4 packets (RFC 3153, PPPMux): each a sub-frame with a
    two-octet length and the PPP protocol field."""
    subs = b""
    for pkt in packets:
        body = b"\x00\x21" + pkt
        subs += struct.pack("!H", 0xC000 | len(body)) + body
    return b"\xff\x03\x00\x59" + subs


def two_messages():
    """Frames that each carry two SK-protected IKE messages (ENCR_NULL) of two IKE SAs,
    in PPPMux sub-frames: the requests, then the replies. Each message's attributes are
    in its own "Decrypted Data". Returns the frames and the decryption-table lines."""
    sas = [(bytes.fromhex("b1b2b3b4b5b6b7b8"), bytes.fromhex("c1c2c3c4c5c6c7c8")),
           (bytes.fromhex("d1d2d3d4d5d6d7d8"), bytes.fromhex("e1e2e3e4e5e6e7e8"))]
    requests = [[(PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP4)]))],
                [(PT_CP, cp_body(CFG_REQUEST, [attr(ENCDNS_IP6), attr(ENCDNS_IP4)]))]]
    replies = [[(PT_CP, cp_body(CFG_REPLY, [attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"dot.example.net", alpn("dot")))]))],
               [(PT_CP, cp_body(CFG_REPLY, [attr(ENCDNS_IP6, FIG6_IP6)]))]]
    ip = lambda src, dst, msg, ident: udp_frame(src, dst, 500, 500, msg, ident)[14:]
    frames = [
        pppmux([ip(ADDR_I, ADDR_R, ike_sk(i, r, IKE_AUTH, FLAG_INITIATOR, 1, req), 1000 + n)
                for n, ((i, r), req) in enumerate(zip(sas, requests))]),
        pppmux([ip(ADDR_R, ADDR_I, ike_sk(i, r, IKE_AUTH, FLAG_RESPONSE, 1, rep), 1010 + n)
                for n, ((i, r), rep) in enumerate(zip(sas, replies))]),
    ]
    table = ['%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (i.hex(), r.hex()) for i, r in sas]
    return frames, table


# --- IKE and ESP over TCP (RFC 9329) -------------------------------------------------------

TCP_SYN, TCP_ACK, TCP_PSH = 0x02, 0x10, 0x08


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload, ident):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", inet_checksum(pseudo + tcp)) + tcp[18:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), ident, 0, 64, 6, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", ipv4_checksum(hdr)) + hdr[12:]
    macs = (MAC_R + MAC_I) if src == ADDR_I else (MAC_I + MAC_R)
    return macs + b"\x08\x00" + hdr + tcp


class TcpConnection:
    """One TCP connection from ADDR_I:cport to ADDR_R:4500, its frames appended to
    `frames`: the handshake, then segments of whatever octets each side sends."""

    def __init__(self, frames, cport, isn=(1000, 50000)):
        self.frames, self.cport = frames, cport
        self.next = {True: isn[0] + 1, False: isn[1] + 1}  # by "from the client"
        self.frame(True, TCP_SYN, b"", seq=isn[0], ack=0)
        self.frame(False, TCP_SYN | TCP_ACK, b"", seq=isn[1], ack=isn[0] + 1)
        self.frame(True, TCP_ACK, b"")

    def frame(self, from_client, flags, payload, seq=None, ack=None):
        src, dst = (ADDR_I, ADDR_R) if from_client else (ADDR_R, ADDR_I)
        sport, dport = (self.cport, 4500) if from_client else (4500, self.cport)
        seq = self.next[from_client] if seq is None else seq
        ack = self.next[not from_client] if ack is None else ack
        self.frames.append(tcp_frame(src, dst, sport, dport, seq, ack, flags, payload, 3000 + len(self.frames)))

    def send(self, from_client, *segments):
        """Each argument: the octets of one segment."""
        for seg in segments:
            self.frame(from_client, TCP_PSH | TCP_ACK, seg)
            self.next[from_client] += len(seg)


def framed(msg, marker=True):
    """An RFC 9329 unit: Length (its own two octets included), the Non-ESP Marker
    for an IKE message, the message."""
    body = (b"\0\0\0\0" if marker else b"") + msg
    return struct.pack("!H", 2 + len(body)) + body


def iketcp():
    """IKE over TCP (RFC 9329), one connection per shape:
      A  the prefix and an IKE_AUTH request (ENCR_NULL, CFG_REQUEST) in one segment; the
         reply (CFG_REPLY with RFC 9464 attributes) split over three segments; an ESP
         packet and a plaintext INFORMATIONAL with CFG_SET in one segment; an IKE message
         without its Non-ESP Marker; a Length of 4; a Length of 1, after which the
         direction's framing is lost
      B  a stream without the prefix (its start in the capture)
      C  TCP port 4500 used by something else: left alone
      D  both sides send the prefix
    Returns the frames and the decryption-table line."""
    spi_i, spi_r = bytes.fromhex("a1a2a3a4a5a6a7a8"), bytes.fromhex("b1b2b3b4b5b6b7b9")
    request = [(PT_CP, cp_body(CFG_REQUEST, [attr(INTERNAL_IP4_ADDRESS), attr(ENCDNS_IP4), attr(ENCDNS_IP6)]))]
    reply = [(PT_CP, cp_body(CFG_REPLY, [
        attr(INTERNAL_IP4_ADDRESS, ip4("198.51.100.9")),
        attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"dot.example.net", alpn("dot"))),
        attr(ENCDNS_IP6, FIG6_IP6),
    ]))]
    push = [(PT_CP, cp_body(CFG_SET, [attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.54"], b"dot2.example.net", alpn("dot")))]))]
    frames = []
    a = TcpConnection(frames, 40001)
    a.send(True, b"IKETCP" + framed(ike_sk(spi_i, spi_r, IKE_AUTH, FLAG_INITIATOR, 1, request)))
    unit = framed(ike_sk(spi_i, spi_r, IKE_AUTH, FLAG_RESPONSE, 1, reply))
    third = len(unit) // 3
    a.send(False, unit[:third], unit[third:2 * third], unit[2 * third:])
    esp = framed(bytes.fromhex("c0ffee01") + struct.pack("!I", 1) + bytes(range(32)), marker=False)
    a.send(True, esp + framed(ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_INITIATOR, 2, push)))
    a.send(False, framed(ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_RESPONSE, 2, []), marker=False))
    a.send(False, struct.pack("!H", 4) + b"\0\0")
    a.send(True, struct.pack("!H", 1) + b"\x11" * 10, b"\x22" * 20)

    spi_b = bytes.fromhex("c1c2c3c4c5c6c7c9")
    b = TcpConnection(frames, 40002)
    b.send(True, framed(ike_plain(spi_b, bytes(8), 34, FLAG_INITIATOR, 0, [])))

    c = TcpConnection(frames, 40003)
    c.send(True, b"HELLO, this is not IKE over TCP at all\r\n")
    c.send(False, b"OK\r\n")

    spi_d = bytes.fromhex("d1d2d3d4d5d6d7d9")
    d = TcpConnection(frames, 40004)
    d.send(True, b"IKETCP" + framed(ike_plain(spi_d, bytes(8), 34, FLAG_INITIATOR, 0, [])))
    d.send(False, b"IKETCP" + framed(ike_plain(spi_d, bytes.fromhex("e1e2e3e4e5e6e7e9"), 34, FLAG_RESPONSE, 0, [])))
    table = '%s,%s,,,"NULL [RFC2410]",,,"NONE [RFC4306]"\n' % (spi_i.hex(), spi_r.hex())
    return frames, table


def udp_payloads(path):
    """The UDP payloads of a pcap of Ethernet/IPv4 frames: (source address, payload)."""
    data = open(path, "rb").read()
    at, out = 24, []
    while at + 16 <= len(data):
        caplen = struct.unpack("<I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        ihl = (frame[14] & 0x0F) * 4
        src = ".".join(str(b) for b in frame[26:30])
        sport, dport = struct.unpack("!HH", frame[14 + ihl:14 + ihl + 4])
        payload = frame[14 + ihl + 8:]
        out.append((src, sport, payload))
    return out


def iketcp_strongswan(interop_dir):
    """strongSwan's real AES-CBC exchange (tests/captures/interop/strongswan-cbc.pcap:
    IKE_SA_INIT, IKE_AUTH with the RFC 9464 attributes, INFORMATIONAL), the same IKE
    messages moved into an RFC 9329 stream: decrypted with the interop keys as over
    UDP. The IKE_AUTH response goes in two segments, the INFORMATIONAL pair in one."""
    msgs = []
    for src, sport, payload in udp_payloads(os.path.join(interop_dir, "strongswan-cbc.pcap")):
        msg = payload[4:] if sport == 4500 else payload  # the UDP Non-ESP Marker
        msgs.append((src == ADDR_I, framed(msg)))
    frames = []
    c = TcpConnection(frames, 40010)
    c.send(True, b"IKETCP" + msgs[0][1])
    c.send(False, msgs[1][1])
    c.send(True, msgs[2][1])
    half = len(msgs[3][1]) // 2
    c.send(False, msgs[3][1][:half], msgs[3][1][half:])
    # (The INFORMATIONAL request comes from the responder, its response from the
    # initiator: one segment each way.)
    c.send(msgs[4][0], msgs[4][1])
    c.send(msgs[5][0], msgs[5][1])
    return frames


def digest_reply_frames(digest_hex, alg=2, n=0):
    """A plaintext CFG_REQUEST/CFG_REPLY naming the DoT resolver 192.0.2.53
    (dot.example.net) and its SPKI digest (IKEv2 hash algorithm `alg`; the request
    offers it, and Streebog's two with a Streebog digest), in the `n`th IKE SA of its
    capture; tests/tls/make-captures puts a real TLS handshake with that resolver
    after it."""
    spi_i, spi_r = bytes.fromhex("717273747576%04x" % (0x7778 + n)), bytes.fromhex("818283848586%04x" % (0x8788 + n))
    offered = [6, 7] if alg in (6, 7) else [alg]
    request = cp_body(CFG_REQUEST, [attr(ENCDNS_IP4),
                                    attr(ENCDNS_DIGEST_INFO, bytes([len(offered), 0]) + struct.pack("!%dH" % len(offered), *offered))])
    reply = cp_body(CFG_REPLY, [
        attr(ENCDNS_IP4, encdns_ip(1, ["192.0.2.53"], b"dot.example.net", alpn("dot"))),
        attr(ENCDNS_DIGEST_INFO, bytes([1, 0]) + struct.pack("!H", alg) + bytes.fromhex(digest_hex)),
    ])
    return [
        udp_frame("192.0.2.1", ADDR_R, 500, 500, ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_INITIATOR, 1, [(PT_CP, request)]), 600 + 2 * n),
        udp_frame(ADDR_R, "192.0.2.1", 500, 500, ike_plain(spi_i, spi_r, INFORMATIONAL, FLAG_RESPONSE, 1, [(PT_CP, reply)]), 601 + 2 * n),
    ]


def main():
    if len(sys.argv) in (4, 6) and sys.argv[1] == "--digest-reply":
        # --digest-reply OUT DIGEST_HEX [ALG N]
        alg, n = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) == 6 else (2, 0)
        write_pcap(sys.argv[2], digest_reply_frames(sys.argv[3], alg, n))
        return
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "captures")
    os.makedirs(out, exist_ok=True)
    frames, table = ikeauth_null()
    write_pcap(os.path.join(out, "encdns-ikeauth-null.pcap"), frames)
    frames_sa, sa_table = sa_rules()
    frames_frag, frag_table = fragmented()
    frames_two, two_table = two_messages()
    frames_tcp, tcp_table = iketcp()
    with open(os.path.join(out, "ikev2_decryption_table"), "w") as f:
        f.write("# Keys of the test captures' IKE SAs (ENCR_NULL, no integrity)\n" + table + "".join(sa_table)
                + frag_table + "".join(two_table) + tcp_table)
    write_pcap_ppp(os.path.join(out, "encdns-two-messages.pcap"), frames_two)
    write_pcap(os.path.join(out, "encdns-fragmented.pcap"), frames_frag)
    write_pcap(os.path.join(out, "encdns-plaintext-cp.pcap"), plaintext_cp())
    write_pcap(os.path.join(out, "encdns-svcparams.pcap"), svcparams_and_neighbours())
    write_pcap(os.path.join(out, "encdns-sa-rules.pcap"), frames_sa)
    write_pcap(os.path.join(out, "encdns-shapes.pcap"), shapes())
    write_pcap(os.path.join(out, "encdns-iketcp.pcap"), frames_tcp)
    write_pcap(os.path.join(out, "encdns-iketcp-strongswan.pcap"), iketcp_strongswan(os.path.join(here, "captures", "interop")))


if __name__ == "__main__":
    main()
