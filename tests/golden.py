#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of the installed plugin: exact decoded values, tree placement,
diagnostics, and -V goldens. Run through tests/run-all, which builds the plugin into a
private HOME and passes it here:

    tests/golden.py HOME [--update-golden]

tshark runs as an unprivileged user when we are root (root ignores personal plugins).
"""

import difflib
import json
import re
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reliability"))
import tree_diff  # noqa: E402  (lives beside the reliability scripts that use it too)
import frontends  # noqa: E402
# One set of -V goldens per Wireshark minor version: Wireshark's own lines change
# between versions (spacing, value truncation); ours must not.
GOLDEN_BASE = os.path.join(HERE, "golden")
GOLDEN_DIR = None  # set in main() from tshark --version
RUN_UID = 65534

IKEAUTH = "encdns-ikeauth-null.pcap"
PLAIN = "encdns-plaintext-cp.pcap"
SVC = "encdns-svcparams.pcap"
SA = "encdns-sa-rules.pcap"
FRAG = "encdns-fragmented.pcap"
SHAPES = "encdns-shapes.pcap"
TWO = "encdns-two-messages.pcap"
IKETCP = "encdns-iketcp.pcap"
IKETCP_STRONGSWAN = "encdns-iketcp-strongswan.pcap"
STRONGSWAN = ["strongswan-cbc.pcap", "strongswan-gcm.pcap", "strongswan-null.pcap"]
STRONGSWAN_REQUEST = "strongswan-request.pcap"
# What tests/interop/vici_pool.py has the strongSwan responder hand out.
STRONGSWAN_REPLY = ("4|1,2,1|dot.example.net,doh.example.net,doh.example.com|192.0.2.53,192.0.2.54,192.0.2.80|"
                    "2001:db8:99:88:77:66:55:44|doh.example.com|2|3")
TLS_MATCH = "encdns-tls-match.pcap"
TLS_MISMATCH = "encdns-tls-mismatch.pcap"
TLS_STREEBOG = "encdns-tls-streebog.pcap"
# The SHA2-256 of the DER SubjectPublicKeyInfo of tests/data/dot-example-net.crt, and
# its Streebog-256 and -512 (from the gostcrypto Python package).
SPKI_SHA256 = open(os.path.join(HERE, "data", "dot-example-net.spki-sha256")).read().strip()
SPKI_STREEBOG = {alg: open(os.path.join(HERE, "data", "dot-example-net.spki-streebog%d" % bits)).read().strip()
                 for alg, bits in [(6, 256), (7, 512)]}

# The attribute types RFC 9464 defines, as docs/fields.md lists them.
RFC9464_TYPES = [t for t, name in tree_diff.TYPES.items() if name.startswith("ENCDNS_")]

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class Tshark:
    def __init__(self, home, plugin=True):
        self.home = home
        self.plugin = plugin

    def bare(self, capture, *args, **kw):
        """The same run without the plugin: Wireshark's own decoding."""
        return Tshark(self.home, plugin=False)(capture, *args, **kw)

    def __call__(self, capture, *args, check=True, stderr=False):
        env = frontends.plugin_env(self.home)
        cmd = ["tshark"]
        if capture:
            cmd += ["-r", os.path.join(self.home, "captures", capture)]
        cmd += list(args)
        if not self.plugin:
            # Wireshark's own decoding, for comparison: a HOME with no personal plugins.
            env["HOME"] = os.path.join(self.home, "no-plugin-home")
        preexec = None
        if os.getuid() == 0:
            def preexec():
                os.setgroups([])
                os.setgid(RUN_UID)
                os.setuid(RUN_UID)
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, preexec_fn=preexec)
        if check and p.returncode != 0:
            raise AssertionError("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
        return (p.stdout, p.stderr) if stderr else p.stdout


def eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s\n  got:  %r\n  want: %r" % (what, got, want))


def fields(ts, capture, names, *extra):
    args = ["-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"]
    for n in ["frame.number"] + names:
        args += ["-e", n]
    # Booleans print as 1/0 up to 4.2 and as True/False from 4.4 on.
    rows = ts(capture, *(args + list(extra))).splitlines()
    return [re.sub(r"(?<![^|,])(True|False)(?![^|,])", lambda m: "1" if m.group(1) == "True" else "0", r) for r in rows]


IKEAUTH_FIELDS = ["encdns.priority", "encdns.num_addrs", "encdns.adn_len", "encdns.ipv4",
                  "encdns.ipv6", "encdns.adn", "encdns.svcparam.key", "encdns.svcparam.alpn",
                  "encdns.svcparam.port", "encdns.svcparam.dohpath"]
# What the IKE_AUTH capture must decode to, row by row (frame 1 is the request, whose
# ENCDNS_IP4/IP6 are empty, frame 2 the reply).
IKEAUTH_ROWS = [
    "1||||||||||",
    "2|1,2,1|2,1,1|15,15,15|192.0.2.53,192.0.2.54,192.0.2.80|2001:db8:99:88:77:66:55:44"
    "|dot.example.net,doh.example.net,doh.example.com"
    "|1,1,3,7,1,7|dot,h2,h3,h2|8443|/q{?dns},/dns-query{?dns}",
]


@test
def fields_are_registered(ts):
    out = ts(None, "-G", "fields")
    ours = {}
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and (cols[2] == "encdns" or cols[2].startswith("encdns.")) and not cols[2].startswith("encdns.expert."):
            ours[cols[2]] = cols[3] if len(cols) > 3 else cols[0]
    want = {
        "encdns": "encdns",  # the protocol line: P, name, filter
        "encdns.priority": "FT_UINT16",
        "encdns.num_addrs": "FT_UINT8",
        "encdns.adn_len": "FT_UINT8",
        "encdns.ipv4": "FT_IPv4",
        "encdns.ipv6": "FT_IPv6",
        "encdns.adn": "FT_STRING",
        "encdns.undecoded": "FT_BYTES",
        "encdns.digest.num_hash_algs": "FT_UINT8",
        "encdns.digest.adn_len": "FT_UINT8",
        "encdns.digest.reserved": "FT_BYTES",
        "encdns.digest.adn": "FT_STRING",
        "encdns.digest.hash_alg": "FT_UINT16",
        "encdns.digest.value": "FT_BYTES",
        "encdns.svcparam": "FT_NONE",
        "encdns.svcparam.key": "FT_UINT16",
        "encdns.svcparam.length": "FT_UINT16",
        "encdns.svcparam.value": "FT_BYTES",
        "encdns.svcparam.mandatory": "FT_UINT16",
        "encdns.svcparam.alpn.length": "FT_UINT8",
        "encdns.svcparam.alpn": "FT_STRING",
        "encdns.svcparam.port": "FT_UINT16",
        "encdns.svcparam.ipv4hint": "FT_IPv4",
        "encdns.svcparam.ipv6hint": "FT_IPv6",
        "encdns.svcparam.ech": "FT_BYTES",
        "encdns.svcparam.dohpath": "FT_STRING",
        "encdns.svcparam.tls_supported_group": "FT_UINT16",
        "encdns.svcparam.docpath.length": "FT_UINT8",
        "encdns.svcparam.docpath.segment": "FT_STRING",
        "encdns.transport": "FT_UINT8",
        "encdns.effective_port": "FT_UINT16",
        "encdns.internal_dns_domain": "FT_STRING",
        "encdns.dnssec_ta.key_tag": "FT_UINT16",
        "encdns.dnssec_ta.algorithm": "FT_UINT8",
        "encdns.dnssec_ta.digest_type": "FT_UINT8",
        "encdns.dnssec_ta.digest": "FT_BYTES",
        "encdns.nat_info": "FT_BYTES",
        "encdns.liveness_timeout": "FT_UINT32",
        "encdns.request_in": "FT_FRAMENUM",
        "encdns.reply_in": "FT_FRAMENUM",
        "encdns.digest.claimed_in": "FT_FRAMENUM",
        "encdns.digest.checked_in": "FT_FRAMENUM",
        "encdns.digest.computed": "FT_BYTES",
        "encdns.digest.match": "FT_BOOLEAN",
        "encdns.retransmission_of": "FT_FRAMENUM",
    }
    got_proto = [l for l in out.splitlines() if l.startswith("P\t") and l.endswith("\tencdns")]
    eq(got_proto, ["P\tIKEv2 Encrypted DNS Configuration (RFC 9464)\tencdns"], "protocol line")
    ours["encdns"] = "encdns"
    eq(ours, want, "encdns fields and types")


@test
def expert_infos_are_registered(ts):
    out = ts(None, "-G", "fields")
    experts = sorted(l.split("\t")[2] for l in out.splitlines() if "\tencdns.expert." in l)
    for code in ["service_priority_zero", "r_bit_set", "adn_overrun", "addresses_overrun",
                 "attr_length_exceeds_data", "adn_contains_terminator", "adn_not_ascii"]:
        if "encdns.expert." + code not in experts:
            raise AssertionError("encdns.expert.%s not registered; have %s" % (code, experts))


def reference_tables():
    """docs/fields.md, read back: {filter: cells} for fields and expert infos, and
    {filter: {value: name}} for the value names."""
    fields_, experts, values = {}, {}, {}
    section, current = None, None
    with open(os.path.join(HERE, "..", "docs", "fields.md")) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                section = line[3:]
            elif line.startswith("### `"):
                current = line[5:-1]
                values[current] = {}
            elif line.startswith("| ") and not line.startswith("| Filter") and not line.startswith("| Value"):
                cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
                if section == "Fields":
                    fields_[cells[0].strip("`")] = cells[1:]
                elif section == "Expert infos":
                    experts[cells[0].strip("`")] = cells[1:]
                elif section == "Value names":
                    values[current][int(cells[0])] = cells[1]
    return fields_, experts, values


@test
def reference_matches_tshark(ts):
    # docs/fields.md against what tshark reports of the loaded plugin: every field with
    # its name, type, base and description; every expert info with its summary (tshark
    # has no expert report: expert infos are FT_NONE rows of -G fields); every value name.
    doc_fields, doc_experts, doc_values = reference_tables()
    got_fields, got_experts = {}, {}
    for line in ts(None, "-G", "fields").splitlines():
        cols = line.split("\t")
        if cols[0] != "F" or len(cols) < 8 or cols[4] not in ("encdns", "iketcp"):
            continue
        if cols[2].startswith(("encdns.expert.", "iketcp.expert.")):
            got_experts[cols[2]] = (cols[1], cols[3])
        else:
            # A boolean's display is its bit width, 0 for a whole-octet flag like ours.
            base = "" if cols[3] == "FT_BOOLEAN" and cols[5] == "0" else cols[5]
            got_fields[cols[2]] = [cols[1], cols[3], base, cols[7]]
    eq(sorted(got_fields), sorted(doc_fields), "fields in docs/fields.md vs tshark -G fields")
    for name, cells in doc_fields.items():
        eq(got_fields[name], cells, "docs/fields.md row of " + name)
    eq(sorted(got_experts), sorted(doc_experts), "expert infos in docs/fields.md vs tshark -G fields")
    for name, cells in doc_experts.items():
        eq(got_experts[name], (cells[2], "FT_NONE"), "docs/fields.md summary of " + name)
    got_values = {}
    for line in ts(None, "-G", "values").splitlines():
        cols = line.split("\t")
        if cols[0] == "V" and cols[1].startswith(("encdns.", "iketcp.")):
            got_values.setdefault(cols[1], {})[int(cols[2])] = cols[3]
    eq(got_values, doc_values, "value names in docs/fields.md vs tshark -G values")


def howto_filters():
    """The filters of the table in docs/decrypting-ikev2.md, section Filters."""
    out, inside = [], False
    with open(os.path.join(HERE, "..", "docs", "decrypting-ikev2.md")) as f:
        for line in f:
            if line.startswith("## "):
                inside = line.strip() == "## Filters"
            elif inside and line.startswith("| `"):
                out.append(re.match(r"\| `(.*?)` \|", line).group(1))
    return out


@test
def howto_filters_match_bundled_captures(ts):
    # Each documented filter compiles and finds a frame in one of the bundled captures
    # (not merged: some share SPIs and addresses, which would merge their IKE SAs).
    filters = howto_filters()
    if len(filters) < 10:
        raise AssertionError("docs/decrypting-ikev2.md lists only %d filters" % len(filters))
    captures = [IKEAUTH, PLAIN, SVC, SA, TLS_MISMATCH, TLS_MATCH, FRAG] + STRONGSWAN + [STRONGSWAN_REQUEST]
    for flt in filters:
        if not any(ts(c, "-Y", flt).strip() for c in captures):
            raise AssertionError("documented filter matches nothing in the bundled captures: " + flt)


@test
def decrypted_ikeauth_fields(ts):
    eq(fields(ts, IKEAUTH, IKEAUTH_FIELDS), IKEAUTH_ROWS, "one pass")


@test
def decrypted_ikeauth_fields_two_pass(ts):
    eq(fields(ts, IKEAUTH, IKEAUTH_FIELDS, "-2"), IKEAUTH_ROWS, "two pass")


DIGEST_FIELDS = ["encdns.digest.num_hash_algs", "encdns.digest.adn_len", "encdns.digest.hash_alg",
                 "encdns.digest.value"]


@test
def digest_info_fields(ts):
    for extra in ([], ["-2"]):
        eq(fields(ts, IKEAUTH, DIGEST_FIELDS, *extra), [
            "1|3|0|2,3,4|",
            "2|1|15|2|9408457aefd071cec127c1f98539930861ad1ba94c940db975c972c09fc68b68",
        ], "DIGEST_INFO request and reply %s" % extra)
    # Hash algorithms filter by name too, as value strings do in Wireshark.
    got = ts(IKEAUTH, "-Y", 'encdns.digest.hash_alg == "SHA2-384"', "-T", "fields", "-e", "frame.number").split()
    eq(got, ["1"], "hash algorithm by name")


@test
def digest_info_draft00_preference(ts):
    # Read as draft-00, Figure 5's request splits differently (RESERVED 030000, ADN
    # Length 2): the preference reaches the parser.
    rows = fields(ts, PLAIN, ["encdns.digest.reserved", "encdns.digest.adn_len", "encdns.digest.adn",
                              "encdns.digest.hash_alg"],
                  "-o", "encdns.digest_layout:draft00", "-Y", "frame.number == 1")
    # (The 2-octet "ADN" 00 03 starts with a NUL, so tshark prints it empty; the
    # terminator diagnostic shows it is there.)
    eq(rows, ["1|030000|2||4"], "draft-00 layout")
    got = ts(PLAIN, "-o", "encdns.digest_layout:draft00", "-Y", "encdns.expert.adn_contains_terminator",
             "-T", "fields", "-e", "frame.number").split()
    eq(got, ["1", "7", "10"], "draft-00 ADN diagnostic (frame 7's is in an ENCDNS_IP6)")
    got = ts(PLAIN, "-Y", "encdns.expert.adn_contains_terminator", "-T", "fields", "-e", "frame.number").split()
    eq(got, ["7"], "RFC layout has no ADN in frame 1")


@test
def type_code_preferences(ts):
    reply = ["-T", "fields", "-e", "encdns.ipv4", "-e", "encdns.ipv6", "-Y", "frame.number == 2"]
    decoded = "192.0.2.53,192.0.2.54,192.0.2.80\t2001:db8:99:88:77:66:55:44"
    # Moving ENCDNS_IP4 to a private-use code: 27 is no longer decoded.
    for code in ("16400", "32767"):
        out, err = ts(IKEAUTH, "-o", "encdns.type_ip4:" + code, *reply, stderr=True)
        eq(out.strip("\n"), "\t2001:db8:99:88:77:66:55:44", "type_ip4 %s" % code)
        eq("ENCDNS preferences" in err, False, "type_ip4 %s accepted without a message" % code)
    # Codes that are no attribute type (0, beyond 15 bits; 65564 would wrap to 28) and
    # two kinds on one code are refused with a message, and the types before are kept.
    for pref, message in [("type_ip6:65564", "ENCDNS_IP6 attribute type 65564 refused: attribute types are 1 to 32767"),
                          ("type_ip4:32768", "ENCDNS_IP4 attribute type 32768 refused"),
                          ("type_digest_info:0", "ENCDNS_DIGEST_INFO attribute type 0 refused"),
                          ("type_ip4:28", "ENCDNS_IP4 and ENCDNS_IP6 attribute types refused: both are 28")]:
        out, err = ts(IKEAUTH, "-o", "encdns." + pref, *reply, stderr=True)
        if message not in err or "keeping types 27/28/29" not in err:
            raise AssertionError("-o encdns.%s: no refusal on stderr: %r" % (pref, err))
        eq(out.strip(), decoded, "-o encdns.%s: decoded with the types before" % pref)


@test
def display_filter_one_and_two_pass(ts):
    for extra in ([], ["-2"]):
        for flt, want in [('encdns.adn == "doh.example.com"', ["2"]),
                          ("encdns.ipv4 == 192.0.2.54", ["2"]),
                          ("encdns", ["1", "2"]),
                          ("encdns.priority == 7", [])]:
            got = ts(IKEAUTH, "-Y", flt, "-T", "fields", "-e", "frame.number", *extra).split()
            eq(got, want, "%s %s" % (flt, extra))


@test
def fields_runs_print_no_labels(ts):
    # -T fields prints a protocol item as its label if it has one: 4.0's tshark builds
    # shown trees for -T fields, where the plugin writes no labels (nothing prints
    # them), so on every version the payload item prints as the protocol's name. The
    # other -T modes still get labels.
    for spelling in (["-T", "fields"], ["-Tfields"]):
        got = ts(IKEAUTH, *spelling, "-e", "encdns", "-E", "occurrence=a", "-E", "aggregator=|",
                 "-Y", "frame.number == 2").strip().split("|")
        if set(got) != {"encdns"}:
            raise AssertionError("%s -e encdns printed %r" % (" ".join(spelling), got))
    root = pdml_tree(ts, IKEAUTH, "-Y", "frame.number == 2")
    labels = [e.get("showname") for e in root.iter("proto") if e.get("name") == "encdns"]
    eq(labels, [tree_diff.OURS + ": Configuration payload"], "-T pdml")


@test
def read_filter_two_pass(ts):
    # -R keeps frame 2 only, and the second pass numbers the frames it kept from 1.
    got = ts(IKEAUTH, "-2", "-R", "encdns.priority == 2", "-T", "fields", "-e", "frame.number",
             "-e", "encdns.priority").splitlines()
    eq(got, ["1\t1,2,1"], "-2 -R")


@test
def custom_columns(ts):
    fmt = 'gui.column.format:"No.","%m","ADN","%Cus:encdns.adn","Priority","%Cus:encdns.priority"'
    for extra in ([], ["-2"]):
        rows = [l.split() for l in ts(IKEAUTH, "-o", fmt, *extra).splitlines()]
        eq(rows, [["1"], ["2", "dot.example.net,doh.example.net,doh.example.com", "1,2,1"]],
           "custom columns %s" % extra)


def pdml_tree(ts, capture, *extra):
    return ET.fromstring(ts(capture, "-T", "pdml", *extra))


@test
def fields_are_children_of_isakmp_cfg_attr_and_relabelled(ts):
    for extra in ([], ["-2"]):
        root = pdml_tree(ts, IKEAUTH, *extra)
        parents = {c: p for p in root.iter() for c in p}
        protos = [e for e in root.iter("proto") if e.get("name") == "encdns"]
        payload = [e for e in protos if e.get("showname").endswith(": Configuration payload")]
        # The attributes' fields go straight under Wireshark's attribute items; the only
        # encdns protocol items shown are the payload-level ones.
        eq(len(payload), len(protos), "encdns protocol items other than payload items %s" % extra)
        eq(len(payload), 2 if extra else 1, "payload items %s" % extra)
        # The reply's payload-level item (its link to the request) sits beside its attributes.
        for e in payload:
            if not any(c.get("name") == "isakmp.cfg.attr" for c in parents[e]):
                raise AssertionError("payload item is not beside the attributes")
        ours = [e for e in root.iter("field") if (e.get("name") or "").startswith("encdns.")
                and e.get("name") not in ("encdns.request_in", "encdns.reply_in")]
        attrs = []
        for e in ours:
            p = parents[e]
            while p.get("name") != "isakmp.cfg.attr" and p in parents and p.tag == "field":
                p = parents[p]
            eq((p.tag, p.get("name")), ("field", "isakmp.cfg.attr"), "attribute above %s" % e.get("name"))
            if p not in attrs:
                attrs.append(p)
        # The request's ENCDNS_IP4 and ENCDNS_IP6 are empty: nothing to decode there.
        eq(len(attrs), 5, "attributes with fields in the IKE_AUTH capture %s" % extra)
        relabelled = 0
        for attr in (e for e in root.iter("field") if e.get("name") == "isakmp.cfg.attr"):
            types = [c for c in attr if c.get("name") == "isakmp.cfg.attr.type"]
            eq(len(types), 1, "type child")
            if int(types[0].get("show")) not in RFC9464_TYPES:
                eq(attr in attrs, False, "fields under attribute %r" % attr.get("showname"))
                continue
            kind = types[0].get("showname").split(": ", 1)[1].split(" (")[0]
            if kind not in ("ENCDNS_IP4", "ENCDNS_IP6", "ENCDNS_DIGEST_INFO"):
                raise AssertionError("type label not relabelled: %r" % types[0].get("showname"))
            if "): %s" % kind not in attr.get("showname"):
                raise AssertionError("attribute label not relabelled: %r" % attr.get("showname"))
            relabelled += 1
        eq(relabelled, 7, "relabelled attributes %s" % extra)
        text = ET.tostring(root, encoding="unicode")
        if "RESERVED TO IANA" in text:
            raise AssertionError("a RESERVED TO IANA label is left %s" % extra)
    # Filters naming the protocol still find every attribute: through a hidden item.
    root = pdml_tree(ts, IKEAUTH, "-Y", "encdns")
    parents = {c: p for p in root.iter() for c in p}
    protos = [e for e in root.iter("proto") if e.get("name") == "encdns"
              and not e.get("showname").endswith(": Configuration payload")]
    eq([(e.get("hide"), parents[e].get("name")) for e in protos],
       [("yes", "isakmp.cfg.attr")] * 7, "hidden encdns items under the attributes with -Y encdns")


@test
def json_output(ts):
    def pairs(kv):
        return kv  # keep duplicate keys: tshark's JSON repeats them

    packets = json.loads(ts(IKEAUTH, "-T", "json"), object_pairs_hook=pairs)
    found = []

    def walk(node):
        if isinstance(node, list):
            for k, v in node:
                if k == "encdns.adn":
                    found.append(v)
                walk(v) if isinstance(v, list) else None

    for pkt in packets:
        walk(pkt)
    eq(found, ["dot.example.net", "doh.example.net", "doh.example.com"], "encdns.adn in -T json")


@test
def without_plugin_wireshark_shows_reserved(ts):
    # Proves the relabelling and fields above are ours: Wireshark alone knows nothing.
    bare = Tshark(ts.home, plugin=False)
    out = bare(IKEAUTH, "-V")
    if "(t=27,l=35): RESERVED TO IANA" not in out:
        raise AssertionError("expected Wireshark's own label without the plugin")
    if "Authentication Domain Name" in out:
        raise AssertionError("the plugin seems loaded in the no-plugin run")


@test
def appendix_a_examples(ts):
    rows = fields(ts, PLAIN, ["encdns.priority", "encdns.num_addrs", "encdns.adn_len", "encdns.ipv6", "encdns.adn",
                              "encdns.svcparam.key", "encdns.svcparam.alpn", "encdns.svcparam.dohpath"],
                  "-Y", "frame.number <= 3")
    eq(rows, [
        "1||||||||",  # Figure 5: empty ENCDNS_IP4 in a request
        "2|1|1|15|2001:db8:99:88:77:66:55:44|doh.example.com|1,7|h2|/dns-query{?dns}",
        "3|1,1,1|1,0,0|0,15,0|2001:db8:99:88:77:66:55:44|doh.example.com|1|dot|",  # Figures 7-9
    ], "Appendix A")


def experts_by_frame(ts, capture):
    out = ts(capture, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
             "-e", "frame.number", "-e", "_ws.expert.message")
    return {int(l.split("\t")[0]): l.split("\t")[1].split("|") if l.split("\t")[1] else []
            for l in out.splitlines()}


@test
def diagnostics_named_with_values(ts):
    ex = experts_by_frame(ts, PLAIN)
    want = {
        6: ["Service Priority is 0: MUST NOT be 0 (AliasMode is not supported by RFC 9464)",
            "Num Addresses is 0 in CFG_REPLY/CFG_SET: at least one resolver address is required",
            "ADN Length is 40 but only 13 octets remain in the attribute"],
        7: ["IP addresses need 12 octets but only 4 remain in the attribute",
            "ADN contains non-ASCII octet 0xc3 at attribute offset 25; internationalized names must be sent as A-labels (xn--)",
            "ADN contains a terminator (NUL, 0x00) at attribute offset 23"],
        9: ["Num Hash Algs is 2 in CFG_REPLY/CFG_SET; it MUST be 1",
            "Certificate Digest is 32 octets; a SHA2-384 (3) digest is 48 octets",
            "ADN Length is 20 but only 15 octets remain in the attribute"],
        10: ["None of the 1 offered hash algorithms is SHA2-256, which implementations MUST support",
             "Value of 5 octets is not 2 + 2N: the hash algorithm list ends in half an identifier",
             "Num Hash Algs is 5 but the list holds 2 identifiers",
             "ENCDNS_DIGEST_INFO with Length 0 in CFG_REQUEST: only a CFG_ACK carries it empty"],
        8: ["ENCDNS_IP* value is 3 octets, shorter than its 4 fixed octets (Service Priority, Num Addresses, ADN Length)",
            "ENCDNS_IP* with Length 0 in CFG_REPLY/CFG_SET gives no resolver (Num Addresses MUST NOT be 0)",
            "Attribute Length 40 runs past the Configuration payload: 19 octets of value present"],
    }
    for frame, msgs in want.items():
        for m in msgs:
            if m not in ex.get(frame, []):
                raise AssertionError("frame %d lacks expert %r; has %r" % (frame, m, ex.get(frame)))
    r_bit = [m for m in ex[7] if m.startswith("Reserved bit set in attribute type field 0x801b")]
    eq(len(r_bit), 1, "R bit diagnostic in frame 7")
    # Well-formed frames carry none of ours.
    ours = ("Service Priority", "Num Addresses", "ADN", "IP addresses", "ENCDNS_", "Attribute ", "Reserved bit",
            "Num Hash Algs", "Certificate Digest", "None of", "Value of", "Hash algorithm")
    for frame in (1, 2, 3, 4):
        bad = [m for m in ex.get(frame, []) if m.startswith(ours)]
        eq(bad, [], "no diagnostics in well-formed frame %d" % frame)


@test
def expert_fields_filter(ts):
    for code, frames in [("service_priority_zero", ["6"]), ("adn_overrun", ["6"]),
                         ("num_addresses_zero_in_reply_or_set", ["6"]), ("addresses_overrun", ["7"]),
                         ("adn_not_ascii", ["7"]), ("adn_contains_terminator", ["7"]), ("r_bit_set", ["7"]),
                         ("ip_fixed_fields_truncated", ["8"]), ("ip_length_zero_in_reply_or_set", ["8"]),
                         ("attr_length_exceeds_data", ["8"]), ("ip_nonzero_length_in_ack", []),
                         ("digest_reply_num_hash_algs_not_one", ["9"]), ("digest_length_mismatch", ["9"]),
                         ("digest_adn_overrun", ["9"]), ("digest_req_sha2_256_not_offered", ["10"]),
                         ("digest_req_length_odd", ["10"]), ("digest_req_num_hash_algs_mismatch", ["10"]),
                         ("digest_length_zero_outside_ack", ["10"]), ("digest_nonzero_length_in_ack", [])]:
        got = ts(PLAIN, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number").split()
        eq(got, frames, code)


@test
def rest_of_packet_still_decodes_after_malformed(ts):
    rows = fields(ts, PLAIN, ["encdns.adn", "encdns.ipv4", "isakmp.cfg.attr.internal_ip4_dns"], "-Y", "frame.number == 6")
    eq(rows, ["6|zero.example,after.example|192.0.2.7,192.0.2.8|192.0.2.9"], "frame 6 after malformed attributes")


@test
def cfg_set_and_ack(ts):
    rows = fields(ts, PLAIN, ["isakmp.cfg.type", "encdns.priority", "encdns.ipv4", "encdns.adn"],
                  "-Y", "frame.number == 4 || frame.number == 5")
    eq(rows, ["4|3|5|192.0.2.99|resolver.example", "5|4|||"], "CFG_SET / CFG_ACK")


@test
def ikev1_and_non_ike_untouched(ts):
    got = ts(PLAIN, "-Y", "encdns", "-T", "fields", "-e", "frame.number").split()
    eq(got, [str(n) for n in range(1, 11)], "frames with encdns")
    v = ts(PLAIN, "-V", "-Y", "frame.number == 11 || frame.number == 12")
    if "IKEv2 Encrypted DNS" in v or "ENCDNS" in v:
        raise AssertionError("IKEv1 or DNS frame got our items")
    if "Config Attribute (t=27,l=4): FUTURE USE" not in v:
        raise AssertionError("IKEv1 attribute 27 label changed")


@test
def frames_without_our_attributes_get_nothing(ts):
    # Every capture, with and without the plugin: the frames the plugin adds items to
    # are IKEv2 frames with attribute types it decodes, TLS certificate frames (checked
    # against a DIGEST_INFO), and CP payloads of an SA whose request asked for our
    # attributes (the request/reply link and the unanswered-request note, nothing
    # else); every other frame's -V output is byte for byte Wireshark's own; and in the
    # frames that are ours, nothing outside our subtrees changes but the relabelled
    # attribute names.
    bare = Tshark(ts.home, plugin=False)
    # Wireshark 3.4 itself does not always number a capture's UDP streams alike: with no
    # plugin at all, 1 run in 30 of `tshark -V` on encdns-sa-rules.pcap gave frames 11
    # and 12 other stream indexes (and the stream timestamps with them). Those lines are
    # its own bookkeeping, not ours to compare there.
    unsettled = re.compile(r"(?m)^ *\[(Stream index|Time since first frame|Time since previous frame): .*\n")
    if GOLDEN_DIR.rstrip("/").endswith("3.4"):
        verbose = lambda t, *a: unsettled.sub("", t(*a))  # noqa: E731
    else:
        verbose = lambda t, *a: t(*a)  # noqa: E731
    decoded = "(%s)" % " || ".join("isakmp.cfg.attr.type == %d" % t for t in tree_diff.TYPES)
    with_attrs = "(%s && isakmp.version == 0x20) || tls.handshake.certificate" % decoded
    payload_only = "encdns && !(%s) && !tls.handshake.certificate" % decoded
    checked = 0
    for cap in [IKEAUTH, PLAIN, SVC, SA, FRAG, TLS_MATCH, TLS_MISMATCH, STRONGSWAN_REQUEST] + STRONGSWAN:
        every = ts(cap, "-T", "fields", "-e", "frame.number").split()
        ours = ts(cap, "-Y", "encdns", "-T", "fields", "-e", "frame.number").split()
        allowed = bare(cap, "-Y", with_attrs, "-T", "fields", "-e", "frame.number").split()
        for frame in re.split(r"(?m)^(?=Frame \d+:)", ts(cap, "-V", "-Y", payload_only))[1:]:
            number = frame.split()[1].rstrip(":")
            roots = [ln.strip() for ln in frame.splitlines() if ln.strip().startswith(tree_diff.OURS)]
            # A payload-level item only: our subtree on the CP payload, nothing else.
            if roots != [tree_diff.OURS + ": Configuration payload"] * len(roots) or not roots:
                raise AssertionError("%s: frame %s has encdns items but no attribute of ours: %s"
                                     % (cap, number, roots))
            allowed.append(number)
        if not set(ours) <= set(allowed):
            raise AssertionError("%s: encdns items in frames %s, which carry none of our attributes"
                                 % (cap, sorted(set(ours) - set(allowed), key=int)))
        others = [n for n in every if n not in ours]
        if others:
            only = " || ".join("frame.number == %s" % f for f in others)  # 3.4 has no commas in sets
            eq(verbose(ts, cap, "-V", "-Y", only), verbose(bare, cap, "-V", "-Y", only),
               "%s: -V of frames %s" % (cap, only))
            checked += len(others)
        _, _, violations = tree_diff.compare(verbose(ts, cap, "-V").splitlines(), verbose(bare, cap, "-V").splitlines())
        eq(violations, [], "%s: changes outside our subtrees" % cap)
    if checked < 20:
        raise AssertionError("only %d frames without our attributes were compared" % checked)


def golden(ts, name, capture, update, *extra, shown="isakmp"):
    got = ts(capture, "-V", "-O", shown, *extra)
    path = os.path.join(GOLDEN_DIR, name)
    if not update and not os.path.exists(path):
        raise AssertionError("no golden %s for this Wireshark version: make it with --update-golden "
                             "and review it against another version's" % path)
    want = open(path).read() if os.path.exists(path) else ""
    diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), path, "now"))
    if update:
        # What is written is printed, to be reviewed by eye before it is committed.
        if diff:
            print(diff, end="")
            with open(path, "w") as f:
                f.write(got)
        return
    if diff:
        raise AssertionError("tshark -V differs from %s:\n%s" % (path, "".join(diff.splitlines(True)[:60])))


@test
def svcparams_fields(ts):
    rows = fields(ts, SVC, ["encdns.svcparam.key", "encdns.svcparam.mandatory", "encdns.svcparam.alpn",
                            "encdns.svcparam.port", "encdns.svcparam.dohpath", "encdns.svcparam.tls_supported_group",
                            "encdns.svcparam.docpath.segment", "encdns.transport", "encdns.effective_port"],
                  "-Y", "frame.number == 1")
    eq(rows, ["1|0,1,3,5,7,8,9,1,10,11,12|1,7|h2,h3,doq,dot|8443|/dns-query{?dns}|29,23|dns,query|2,3,1|8443,853,853"],
       "every key in frame 1")
    # Generated fields filter like any other, by value name too.
    got = ts(SVC, "-Y", 'encdns.transport == "DoQ"', "-T", "fields", "-e", "frame.number").split()
    eq(got, ["1"], "transport filter")
    got = ts(SVC, "-2", "-Y", "encdns.effective_port == 8443", "-T", "fields", "-e", "frame.number").split()
    eq(got, ["1"], "effective port filter, two-pass")


@test
def svcparams_diagnostics(ts):
    want = {
        "svcparams_keys_not_increasing": ["2"], "svcparams_duplicate_key": ["2"], "svcparams_truncated": ["2"],
        "svcparam_bad_value": ["3"], "svcparam_mandatory_lists_mandatory": ["3"],
        "svcparam_mandatory_lists_automatic_key": ["3"], "svcparam_mandatory_key_absent": ["3"],
        "svcparam_no_default_alpn_not_applicable": ["3"], "svcparam_no_default_alpn_without_alpn": ["3"],
        "svcparam_ipv4hint_forbidden": ["4"], "svcparam_ipv6hint_forbidden": ["4"], "svcparams_no_alpn": ["3", "4"],
        "dohpath_missing_for_http_alpn": ["4"], "dohpath_without_dns_variable": ["4"],
        "ohttp_without_http_alpn": ["4"], "svcparam_unknown_key": ["4"], "svcparam_invalid_key_65535": ["4"],
        "dnssec_ta_truncated": ["5"], "attr_unexpected_length": ["5"],
    }
    for code, frames in want.items():
        got = ts(SVC, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number").split()
        eq(got, frames, code)
    ex = experts_by_frame(ts, SVC)
    eq([m for m in ex.get(1, []) if not m.startswith("Reserved")], [], "frame 1 is clean")
    for frame, msg in [
        (2, "SvcParamKey alpn follows port: keys must be strictly increasing"),
        (2, "SvcParams end inside a parameter: it needs 12 octets, 6 remain"),
        (3, "alpn: a length-prefixed item runs past the value (4 octets left)"),
        (3, "mandatory lists port, which is not among the SvcParams"),
        (3, "tls-supported-groups lists a group twice"),
        (4, 'dohpath "/dns-query" has no dns variable (e.g. {?dns})'),
        (4, "SvcParamKey key65280 is for private use; clients ignore it"),
        (5, "Length 2 is neither 0 nor 4, the sizes this attribute type has"),
    ]:
        if msg not in ex.get(frame, []):
            raise AssertionError("frame %d lacks %r; has %r" % (frame, msg, ex.get(frame)))


@test
def every_diagnostic_shows_in_a_capture(ts):
    registered = {l.split("\t")[2] for l in ts(None, "-G", "fields").splitlines() if "\tencdns.expert." in l}
    seen = set()
    for capture in [IKEAUTH, PLAIN, SVC, SA, TLS_MATCH, TLS_MISMATCH, TLS_STREEBOG, FRAG, SHAPES, TWO,
                    STRONGSWAN_REQUEST] + STRONGSWAN:
        for f in pdml_tree(ts, capture).iter("field"):
            if (f.get("name") or "").startswith("encdns.expert."):
                seen.add(f.get("name"))
    # Octets past an attribute inside a capture are the next attribute; only
    # encdns-decode reports them (tests/cli.rs).
    # digest_not_checkable needs an unassigned hash algorithm or a broken certificate
    # from a real server (tests/certificates.rs covers both); configured_certificate_
    # unusable a preference (digest_against_configured_certificate below).
    missing = registered - seen - {"encdns.expert.trailing_bytes_after_attribute",
                                   "encdns.expert.digest_not_checkable",
                                   "encdns.expert.configured_certificate_unusable"}
    eq(sorted(missing), [], "diagnostics no capture shows")
    if len(registered) < 50:
        raise AssertionError("only %d diagnostics registered" % len(registered))


@test
def digest_and_adn_diagnostics(ts):
    want = {
        "adn_absent_in_reply_or_set": ["6"], "adn_too_long": ["6"], "adn_bad_label_length": ["6"],
        "adn_invalid_a_label": ["6"], "adn_non_ldh": ["6"], "digest_fixed_fields_truncated": ["7"],
        "digest_hash_alg_missing": ["7"], "digest_empty": ["7"], "hash_alg_reserved_zero": ["7"],
        "hash_alg_identity": ["7"], "hash_alg_unassigned": ["7"], "hash_alg_private_use": ["7"],
        "digest_req_adn_length_nonzero": ["8"], "digest_req_no_hash_algs": ["8"],
        "ip_nonzero_length_in_ack": ["9"], "digest_nonzero_length_in_ack": ["9"], "attr_header_truncated": ["10"],
    }
    for code, frames in want.items():
        got = ts(SVC, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number").split()
        eq(got, frames, code)
    # The attribute before the truncated header still decodes.
    rows = fields(ts, SVC, ["encdns.adn", "isakmp.notify.msgtype"], "-Y", "frame.number == 10")
    eq(rows, ["10|r.example|16384"], "frame 10 around the truncated header")


@test
def rules_between_attributes(ts):
    for extra in ([], ["-2"]):
        for code, frames in [("empty_and_suggested_attributes_mixed", ["1"]), ("duplicate_identical_attribute", ["1"]),
                             ("digest_adn_ambiguous", ["2"]), ("digest_adn_with_single_adn", ["3"]),
                             ("digest_adn_unmatched", ["3"]), ("internal_dns_domain_without_dns_server", ["4"]),
                             ("dnssec_ta_not_after_dns_domain", ["4"])]:
            got = ts(SA, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number", *extra).split()
            eq(got, frames, "%s %s" % (code, extra))
    # Each lands on the attribute it is about.
    root = pdml_tree(ts, SA, "-Y", "frame.number == 1")
    parents = {c: p for p in root.iter() for c in p}
    dup = [f for f in root.iter("field") if f.get("name") == "encdns.expert.duplicate_identical_attribute"]
    eq(len(dup), 1, "one duplicate")
    node = dup[0]
    while node.get("name") != "isakmp.cfg.attr":
        node = parents[node]
    # Ethernet 14 + IPv4 20 + UDP 8 + IKE 28 + payload headers 8, then 4 + 35 octets.
    eq(node.get("pos"), str(14 + 20 + 8 + 28 + 8 + 4 + 35), "the duplicate is the third attribute")


@test
def request_reply_pairing(ts):
    # Two passes: each CFG_REQUEST links to its CFG_REPLY and back, across message
    # IDs (EAP, frames 9 and 12) and for a reply without attributes of ours.
    both = ["1||2", "2|1|", "3||", "4||", "5||6", "6|5|", "7||8", "8|7|", "9||12", "10||", "11||", "12|9|"]
    for extra in ([], ["-R", "frame"], ["-Y", "isakmp"]):
        rows = fields(ts, SA, ["encdns.request_in", "encdns.reply_in"], "-2", *extra)
        eq(rows, both, "links, two passes %s" % extra)
    # One pass knows a reply's request when it sees the reply.
    rows = fields(ts, SA, ["encdns.request_in"], "-Y", "encdns.request_in")
    eq(rows, ["2|1", "6|5", "8|7", "12|9"], "links, one pass")


@test
def retransmissions_icmp_errors_and_gateway_pushes(ts):
    # tests/gen_captures.py shapes(): what each frame links to, what it repeats, what
    # it is told, in every pass mode; one exchange counts once in the tap.
    names = ["encdns.request_in", "encdns.reply_in", "encdns.retransmission_of", "encdns.expert.quoted_in_icmp_error"]
    two = ["1||3||", "2||3|1|", "3|1|||", "4|1||3|", "5||6||", "6|5|||", "7||6|5|", "8|5||6|",
           "9||11||", "10||||1", "11|9|||", "12||14||", "13||||1", "14|12|||", "15||16||", "16|15|||",
           "17||18||", "18|17|||", "19||||"]
    for extra in (["-2"], ["-2", "-R", "frame"]):
        eq(fields(ts, SHAPES, names, *extra), two, "links and copies %s" % extra)
    # One pass: the same, without links to frames not read yet.
    one = [r if r.split("|")[0] not in ("1", "2", "5", "9", "12", "15", "17") else
           "|".join(c if i != 2 else "" for i, c in enumerate(r.split("|"))) for r in two]
    eq(fields(ts, SHAPES, names), one, "links and copies, one pass")
    # The tap: one IKE SA each (the gateway's CFG_SET does not split its SA, ICMP errors
    # invent none), each exchange counted once.
    rows = stats_rows(ts, SHAPES)
    sas = [r for r in rows if r[0] == 1]
    eq(len(sas), 7, "IKE SAs in the tap: %r" % sas)
    for n in range(1, 5):
        spi = ("3%d" % n) * 8 + "/" + ("4%d" % n) * 8
        responder = "2001:db8::2" if n == 4 else "192.0.2.2"
        want = (1, "IKE SA %s, responder %s" % (spi, responder), 4)
        if want not in rows:
            raise AssertionError("tap lacks %r: %r" % (want, sas))
    if (1, "IKE SA 3535353535353535/4545454545454545, responder 192.0.2.2", 2) not in rows:
        raise AssertionError("the CFG_SET/CFG_ACK SA: %r" % sas)
    # A split-tunnel reply: the digest's ADN is found past 300 subnets; a payload with
    # more RFC 9464 attributes than are compared says so, and its verdicts still hold.
    ex = experts_by_frame(ts, SHAPES)
    eq([m for m in ex[18] if "ADN" in m],
       ["Digest names its ADN although the payload gives only one; the name is sent only when there are several"],
       "split tunnel")
    eq(sorted(m.split(":")[0] for m in ex[19]),
       ["Digest has no ADN but the payload gives 2 different ADNs",
        "The payload has 301 RFC 9464 attributes; only the first 256 were compared for duplicates and distinct "
        "ADNs, this one and those after it were not"], "past the pairwise bound")


@test
def two_messages_in_one_frame_each_decoded(ts):
    # PPPMux frames with two SK-protected messages each: every message's attributes
    # from its own decrypted data, in every mode.
    want = ["1||||2,2", "2|192.0.2.53|2001:db8:99:88:77:66:55:44|1,1|"]
    names = ["encdns.ipv4", "encdns.ipv6", "encdns.request_in", "encdns.reply_in"]
    eq(fields(ts, TWO, names, "-2"), want, "-T fields, two passes")
    eq(fields(ts, TWO, ["encdns.ipv6"], "-Y", "encdns.ipv6"), ["2|2001:db8:99:88:77:66:55:44"], "-Y")
    got = ts(TWO, "-o", "gui.column.format:\"v6\",\"%Cus:encdns.ipv6\"", "-Y", "frame.number == 2")
    if "2001:db8:99:88:77:66:55:44" not in got:
        raise AssertionError("custom column: %r" % got)
    types = [r for r in fields(ts, TWO, ["isakmp.cfg.attr.type"], "-Y", "encdns")]
    eq(types, ["1|27,28,27", "2|27,28"], "attributes found in both messages")
    rows = stats_rows(ts, TWO)
    for want_row in [(3, "CFG_REQUEST ENCDNS_IP6: empty", 1),
                     (3, "CFG_REPLY ENCDNS_IP6: doh.example.com 2001:db8:99:88:77:66:55:44 (DoH, port 443, "
                         "dohpath /dns-query{?dns}), priority 1", 1)]:
        if want_row not in rows:
            raise AssertionError("tap lacks %r: %r" % (want_row, rows))


@test
def rules_across_messages(ts):
    want = [("encdns_family_not_answered", ["6", "12"]), ("encdns_family_not_requested", ["8"]),
            ("digest_hash_alg_not_requested", ["8"]), ("encdns_from_null_auth_responder", ["8"])]
    for extra in ([], ["-2"]):
        for code, frames in want:
            got = ts(SA, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number", *extra).split()
            eq(got, frames, "%s %s" % (code, extra))
    ex = experts_by_frame(ts, SA)
    for frame, msg in [
        (6, "The CFG_REQUEST asked for ENCDNS_IP6 and the reply has none: the responder does not support it"),
        (8, "The reply gives ENCDNS_IP6 resolvers, but the CFG_REQUEST asked for none"),
        (8, "The reply's digest uses SHA2-256 (2), which the CFG_REQUEST did not offer"),
        (8, "The responder authenticated with NULL authentication (method 13): "
            "the initiator MUST NOT use these resolvers unless preconfigured"),
        (12, "The CFG_REQUEST asked for ENCDNS_IP4 and the reply has none: the responder does not support it"),
    ]:
        if msg not in ex.get(frame, []):
            raise AssertionError("frame %d lacks %r; has %r" % (frame, msg, ex.get(frame)))
    # The initiator's own NULL AUTH (frame 7) is no reason to warn about its request.
    eq([m for m in ex.get(7, []) if "NULL" in m], [], "frame 7")


def stats_rows(ts, capture):
    """(indent, label, count) of each row of tshark -z encdns,tree."""
    rows = []
    for line in ts(capture, "-q", "-z", "encdns,tree").splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if m and not line.startswith("Topic"):
            rows.append((len(m.group(1)), m.group(2), int(m.group(3))))
    return rows


@test
def capture_summary_stats_tree(ts):
    rows = stats_rows(ts, SA)
    labels = rows
    sa = "IKE SA c1c2c3c4c5c6c7c8/d1d2d3d4d5d6d7d8, responder 192.0.2.2"
    for want in [
        (0, "IKEv2 encrypted DNS (RFC 9464)", 36),  # 19 + 9 + 6 + 2 below
        (1, sa, 9),
        (2, "Attributes", 5),
        (3, "CFG_REPLY ENCDNS_IP6: dot6.example.net 2001:db8::53 (DoT, port 853), priority 2", 1),
        (3, "CFG_REQUEST ENCDNS_DIGEST_INFO: SHA2-384 offered", 1),
        (2, "Diagnostics", 4),
        (3, "encdns.expert.encdns_from_null_auth_responder", 1),
        (1, "IKE SA e1e2e3e4e5e6e7e8/f1f2f3f4f5f6f7f8, responder 192.0.2.2", 2),
        (3, "encdns.expert.encdns_family_not_answered", 1),
    ]:
        if want not in labels:
            raise AssertionError("stats tree lacks %r; has %r" % (want, labels))
    # A DoH resolver shows its path; counts add up over the capture.
    rows = stats_rows(ts, IKEAUTH)
    if (3, "CFG_REPLY ENCDNS_IP4: doh.example.net 192.0.2.80 (DoH, port 8443, dohpath /q{?dns}), priority 2", 1) not in rows:
        raise AssertionError("DoH resolver row missing: %r" % rows)
    eq(rows[0], (0, "IKEv2 encrypted DNS (RFC 9464)", 7), "IKE_AUTH capture total")
    # Certificate checks count per server.
    rows = stats_rows(ts, TLS_MISMATCH)
    for want in [(1, "TLS certificates from 192.0.2.53", 2), (3, "does not match the digest claimed in frame 2", 1),
                 (3, "encdns.expert.digest_certificate_mismatch", 1)]:
        if want not in rows:
            raise AssertionError("stats tree lacks %r; has %r" % (want, rows))


@test
def certificate_digest_verification(ts):
    # A real TLS 1.2 handshake with the resolver the CFG_REPLY (frame 2) names.
    names = ["encdns.digest.claimed_in", "encdns.digest.checked_in", "encdns.digest.match", "encdns.digest.computed"]
    for capture, match in [(TLS_MATCH, "1"), (TLS_MISMATCH, "0")]:
        rows = [r for r in fields(ts, capture, names, "-2") if any(r.split("|")[1:])]
        cert_frame = rows[1].split("|")[0]
        eq(rows, ["2||%s|%s|" % (cert_frame, match), "%s|2||%s|%s" % (cert_frame, match, SPKI_SHA256)],
           "two passes, %s" % capture)
        # One pass knows the verdict in the TLS frame.
        rows = fields(ts, capture, ["encdns.digest.match"], "-Y", "encdns.digest.claimed_in")
        eq(rows, ["%s|%s" % (cert_frame, match)], "one pass, %s" % capture)
        got = ts(capture, "-Y", "tls.handshake.certificate", "-T", "fields", "-e", "frame.number").split()
        eq(got, [cert_frame], "the checked frame carries the certificate")
    ex = experts_by_frame(ts, TLS_MATCH)
    cert = int(fields(ts, TLS_MATCH, [], "-Y", "encdns.digest.claimed_in")[0])
    eq([m for m in ex[cert] if "SubjectPublicKeyInfo" in m],
       ["The certificate's SubjectPublicKeyInfo has the SHA2-256 (2) digest advertised in frame 2"], "match message")
    ex = experts_by_frame(ts, TLS_MISMATCH)
    eq([m for m in ex[cert] if "SubjectPublicKeyInfo" in m],
       ["The certificate's SubjectPublicKeyInfo does not have the SHA2-256 (2) digest advertised in frame 2: "
        "not the resolver the VPN named"], "mismatch message")
    got = ts(TLS_MISMATCH, "-Y", "encdns.expert.digest_certificate_mismatch", "-T", "fields", "-e", "frame.number").split()
    eq(got, [str(cert)], "mismatch filter")


@test
def digest_against_configured_certificate(ts):
    # The resolver of encdns-tls-*.pcap, checked against its certificate from the
    # preferences instead of the handshake: the verdict shows on the DIGEST_INFO.
    cert = os.path.join(ts.home, "captures", "dot-example-net.crt")
    pref = 'uat:encdns_certificates:"dot.example.net","%s"' % cert
    for capture, match, code in [(TLS_MATCH, "1", "digest_matches_certificate"),
                                 (TLS_MISMATCH, "0", "digest_certificate_mismatch")]:
        rows = fields(ts, capture, ["encdns.digest.match"], "-o", pref, "-Y", "frame.number == 2")
        eq(rows, ["2|%s" % match], "configured certificate, one pass, %s" % capture)
        # Two passes add the check against the handshake in the capture.
        rows = fields(ts, capture, ["encdns.digest.match"], "-o", pref, "-2", "-R", "ip.src == 192.0.2.2")
        eq(rows, ["1|%s,%s" % (match, match)], "configured certificate and handshake, %s" % capture)
        got = ts(capture, "-o", pref, "-Y", "encdns.expert." + code, "-T", "fields", "-e", "frame.number").split()
        eq(got[0], "2", code)
    out = ts(TLS_MISMATCH, "-o", pref, "-Y", "frame.number == 2", "-T", "fields", "-e", "_ws.expert.message")
    eq(out.strip(), "The certificate configured for this ADN (Resolver certificates preference, row 1) "
       "does not have the advertised SHA2-256 (2) digest", "configured-certificate mismatch message")
    # Without the preference nothing is said on frame 2.
    eq(fields(ts, TLS_MATCH, ["encdns.digest.match"], "-Y", "frame.number == 2"), ["2|"], "no preference, one pass")


# encdns-tls-streebog.pcap: four IKE SAs, each reply (frames 2, 18, 34, 50) followed by
# a TLS handshake of its own, claim a wrong Streebog-256, a wrong Streebog-512, the real
# Streebog-256 and the real Streebog-512 digest of the resolver's key.
STREEBOG_REPLIES = [(2, 6, "0"), (18, 7, "0"), (34, 6, "1"), (50, 7, "1")]


@test
def streebog_digests_checked_against_the_handshake(ts):
    names = ["encdns.digest.claimed_in", "encdns.digest.match", "encdns.digest.computed"]
    for extra in [[], ["-2"]]:
        rows = fields(ts, TLS_STREEBOG, names, "-Y", "encdns.digest.claimed_in", *extra)
        certs = [int(r.split("|")[0]) for r in rows]
        eq(len(certs), 4, "four certificate frames")
        want = ["%d|%d|%s|%s" % (cert, reply, match, SPKI_STREEBOG[alg])
                for cert, (reply, alg, match) in zip(certs, STREEBOG_REPLIES)]
        eq(rows, want, "Streebog verdicts %s" % extra)
    ex = experts_by_frame(ts, TLS_STREEBOG)
    eq([m for c in certs for m in ex[c] if "SubjectPublicKeyInfo" in m], [
        "The certificate's SubjectPublicKeyInfo does not have the STREEBOG_256 (6) digest advertised in frame 2: "
        "not the resolver the VPN named",
        "The certificate's SubjectPublicKeyInfo does not have the STREEBOG_512 (7) digest advertised in frame 18: "
        "not the resolver the VPN named",
        "The certificate's SubjectPublicKeyInfo has the STREEBOG_256 (6) digest advertised in frame 34",
        "The certificate's SubjectPublicKeyInfo has the STREEBOG_512 (7) digest advertised in frame 50"],
       "Streebog messages")
    # The replies link to their checks (two passes), and the mismatch filter finds
    # exactly the two wrong claims' certificates.
    rows = fields(ts, TLS_STREEBOG, ["encdns.digest.checked_in", "encdns.digest.match"], "-2",
                  "-Y", "encdns.digest.checked_in")
    eq(rows, ["%d|%d|%s" % (r, c, m) for (r, _, m), c in zip(STREEBOG_REPLIES, certs)], "links from the replies")
    got = ts(TLS_STREEBOG, "-Y", "encdns.digest.match == 0", "-T", "fields", "-e", "frame.number").split()
    eq(got, [str(c) for c in certs[:2]], "mismatch filter")


@test
def streebog_digests_and_key_files_from_the_preferences(ts):
    # The certificate from a file that holds the private key first (then EC
    # parameters, then the certificate in 76-column lines): the replies' Streebog
    # digests are checked where they are, without the handshakes.
    data = os.path.join(os.path.dirname(HERE), "tests", "data")
    key = open(os.path.join(data, "dot-example-net.key")).read()
    cert_b64 = "".join(l for l in open(os.path.join(data, "dot-example-net.crt")).read().splitlines()
                       if not l.startswith("-----"))
    lines = [cert_b64[i:i + 76] for i in range(0, len(cert_b64), 76)]
    files = {
        "key-then-cert.pem": key + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n",
        "key-only.pem": key,
    }
    for name, text in files.items():
        path = os.path.join(ts.home, "captures", name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
    pref = lambda f: 'uat:encdns_certificates:"dot.example.net","%s"' % os.path.join(ts.home, "captures", f)
    only_replies = ["-Y", "encdns.digest.hash_alg && ip.src == 192.0.2.2"]
    rows = fields(ts, TLS_STREEBOG, ["encdns.digest.hash_alg", "encdns.digest.match"], "-o", pref("key-then-cert.pem"),
                  *only_replies)
    eq(rows, ["%d|%d|%s" % r for r in STREEBOG_REPLIES], "Streebog against the configured certificate")
    out = ts(TLS_STREEBOG, "-o", pref("key-then-cert.pem"), "-Y", "frame.number == 18 || frame.number == 50",
             "-T", "fields", "-e", "_ws.expert.message")
    eq([l for l in out.splitlines()], [
        "The certificate configured for this ADN (Resolver certificates preference, row 1) does not have the "
        "advertised STREEBOG_512 (7) digest",
        "The certificate configured for this ADN (Resolver certificates preference, row 1) has the advertised "
        "STREEBOG_512 (7) digest"], "messages naming the row")
    # A file with no certificate or public key: said at load (stderr) and on every
    # reply whose digest it was meant to check; no verdict.
    out, err = ts(TLS_STREEBOG, "-o", pref("key-only.pem"), "-T", "fields", "-e", "frame.number",
                  "-e", "encdns.digest.match", "-Y", "encdns.expert.configured_certificate_unusable", stderr=True)
    eq(out.split(), ["2", "18", "34", "50"], "unusable row flagged on each reply, no verdict")
    if "resolver certificate for dot.example.net" not in err or "holds no certificate or public key" not in err:
        raise AssertionError("no log line at load: %r" % err)
    msg = ts(TLS_STREEBOG, "-o", pref("key-only.pem"), "-Y", "frame.number == 2", "-T", "fields",
             "-e", "_ws.expert.message")
    eq(msg.strip(), "The file of row 1 of the Resolver certificates preference, configured for this ADN, holds "
       "no certificate or public key: this digest is not checked against it", "unusable message")


@test
def strongswan_interop(ts):
    # Real strongSwan 5.9 IKE_AUTH exchanges (AES-CBC + HMAC-SHA2-256, AES-GCM-16,
    # ENCR_NULL + HMAC-SHA2-256),
    # decrypted with the keys from charon's log: the responder's CFG_REPLY carries the
    # attributes loaded through VICI, paired with the initiator's CFG_REQUEST (frame 3).
    names = ["encdns.priority", "encdns.adn", "encdns.ipv4", "encdns.ipv6", "encdns.digest.adn",
             "encdns.digest.hash_alg", "encdns.request_in"]
    for capture in STRONGSWAN:
        for extra in ([], ["-2"]):
            rows = [r for r in fields(ts, capture, names, *extra) if any(r.split("|")[1:])]
            eq(rows, [STRONGSWAN_REPLY], "%s %s" % (capture, extra))
        got = ts(capture, "-Y", "isakmp.cfg.type == 1", "-T", "fields", "-e", "frame.number").split()
        eq(got, ["3"], "strongSwan's initiator sends the CFG_REQUEST")
        # strongSwan's initiator does not ask for RFC 9464 attributes: both families
        # come unrequested.
        got = ts(capture, "-Y", "encdns.expert.encdns_family_not_requested", "-T", "fields",
                 "-e", "frame.number").split()
        eq(got, ["4"], "unrequested families in %s" % capture)


@test
def crafted_initiator_against_strongswan(ts):
    # tests/interop/initiator.py asks the real strongSwan responder for RFC 9464
    # attributes: empty ENCDNS_IP4, a suggested ENCDNS_IP6, SHA2-256/384 offered.
    names = ["isakmp.cfg.type", "encdns.adn", "encdns.ipv6", "encdns.digest.hash_alg", "encdns.request_in",
             "encdns.reply_in"]
    for extra in ([], ["-2", "-R", "frame"]):
        rows = [r for r in fields(ts, STRONGSWAN_REQUEST, names, *extra) if r.split("|")[2]]
        reply_in = "4" if extra else ""
        eq(rows, ["3|1|dot.example.net|2001:db8::53|2,3||" + reply_in,
                  "4|2|dot.example.net,doh.example.net,doh.example.com|2001:db8:99:88:77:66:55:44|2|3|"],
           "request and reply %s" % extra)
    # Both families were asked for and SHA2-256 was offered: nothing to note on either side.
    ex = experts_by_frame(ts, STRONGSWAN_REQUEST)
    eq([m for f in (3, 4) for m in ex.get(f, []) if "CFG_REQUEST" in m or "offer" in m], [], "no SA notes")


@test
def fragmented_ike_auth(ts):
    # The CFG_REPLY spans two RFC 7383 fragments: decoded in the reassembled message
    # (frame 3), and still paired with its request.
    for extra in ([], ["-2"]):
        rows = fields(ts, FRAG, ["encdns.adn", "encdns.ipv4", "encdns.ipv6", "encdns.request_in"], *extra)
        eq(rows, ["1||||", "2||||",
                  "3|dot.example.net,doh.example.com|192.0.2.53,192.0.2.54|2001:db8:99:88:77:66:55:44|1"],
           "fragmented %s" % extra)
    root = pdml_tree(ts, FRAG, "-Y", "frame.number == 3")
    parents = {c: p for p in root.iter() for c in p}
    ours = [e for e in root.iter("field") if e.get("name") == "encdns.priority"]
    eq([parents[e].get("name") for e in ours], ["isakmp.cfg.attr", "isakmp.cfg.attr"], "under the reassembled attributes")


@test
def split_dns_and_3gpp_attributes(ts):
    rows = fields(ts, SVC, ["encdns.internal_dns_domain", "encdns.dnssec_ta.key_tag", "encdns.dnssec_ta.algorithm",
                            "encdns.dnssec_ta.digest_type", "encdns.liveness_timeout", "encdns.nat_info"],
                  "-Y", "frame.number == 5")
    eq(rows, ["5|corp.example|57830|13|2|300|c63364091194"], "RFC 8598 and 3GPP attributes")
    root = pdml_tree(ts, SVC, "-Y", "frame.number == 5")
    labels = [f.get("showname") for f in root.iter("field") if f.get("name") == "isakmp.cfg.attr"]
    eq(labels, [
        "Config Attribute (t=27,l=32): ENCDNS_IP4: dot.corp.example 192.0.2.53 (DoT, port 853), priority 1",
        "Config Attribute (t=25,l=12): INTERNAL_DNS_DOMAIN: corp.example",
        "Config Attribute (t=26,l=36): INTERNAL_DNSSEC_TA: key tag 57830, algorithm 13",
        "Config Attribute (t=24,l=4): TIMEOUT_PERIOD_FOR_LIVENESS_CHECK: 300 s",
        "Config Attribute (t=23,l=6): EXTERNAL_SOURCE_IP4_NAT_INFO",
        "Config Attribute (t=26,l=2): INTERNAL_DNSSEC_TA",
        "Config Attribute (t=24,l=2): TIMEOUT_PERIOD_FOR_LIVENESS_CHECK",
    ], "attribute labels")


@test
def attribute_labels_read_like_sentences(ts):
    root = pdml_tree(ts, IKEAUTH, "-Y", "frame.number == 2")
    labels = [f.get("showname") for f in root.iter("field") if f.get("name") == "isakmp.cfg.attr"]
    eq(labels, [
        "Config Attribute (t=1,l=4): INTERNAL_IP4_ADDRESS",
        "Config Attribute (t=27,l=35): ENCDNS_IP4: dot.example.net 192.0.2.53, 192.0.2.54 (DoT, port 853), priority 1",
        "Config Attribute (t=27,l=51): ENCDNS_IP4: doh.example.net 192.0.2.80 (DoH, port 8443, dohpath /q{?dns}), priority 2",
        "Config Attribute (t=28,l=62): ENCDNS_IP6: doh.example.com 2001:db8:99:88:77:66:55:44 (DoH, port 443, dohpath /dns-query{?dns}), priority 1",
        "Config Attribute (t=29,l=51): ENCDNS_DIGEST_INFO: SHA2-256 digest for doh.example.com: 9408457aefd071ce\u2026",
    ], "sentences")


@test
def attributes_after_a_misread_one_still_decode(ts):
    # An ENCDNS_IP4 with the R bit set, which Wireshark reads as the IKEv1 AF bit
    # (a 4-octet TV attribute), then another ENCDNS_IP4: Wireshark's items after the
    # first no longer line up with the attributes. The plugin reads the payload by
    # its Length fields: both attributes decode, the second in an item of its own.
    sys.path.insert(0, HERE)
    import gen_captures as g

    first = g.attr(g.ENCDNS_IP4, g.encdns_ip(1, ["192.0.2.53"], b"dot.example.net", g.alpn("dot")), r_bit=True)
    second = g.attr(g.ENCDNS_IP4, g.encdns_ip(2, ["192.0.2.54"], b"two.example.net", g.alpn("dot")))
    msg = g.ike_plain(bytes(range(1, 9)), bytes(range(9, 17)), g.INFORMATIONAL, g.FLAG_RESPONSE, 1,
                      [(g.PT_CP, g.cp_body(g.CFG_REPLY, [first, second]))])
    path = os.path.join(ts.home, "captures", "misread.pcap")
    g.write_pcap(path, [g.udp_frame(g.ADDR_R, g.ADDR_I, 500, 500, msg, 1)])
    os.chmod(path, 0o644)
    for extra in ([], ["-2"]):
        eq(fields(ts, "misread.pcap", ["encdns.priority", "encdns.adn"], *extra),
           ["1|1,2|dot.example.net,two.example.net"], "both attributes %s" % extra)
    root = pdml_tree(ts, "misread.pcap")
    parents = {c: p for p in root.iter() for c in p}
    adns = [e for e in root.iter("field") if e.get("name") == "encdns.adn"]
    eq([parents[e].get("name") for e in adns], ["isakmp.cfg.attr", "encdns"], "where the ADNs are")
    eq(parents[adns[1]].get("showname"),
       tree_diff.OURS + ": ENCDNS_IP4: two.example.net 192.0.2.54 (DoT, port 853), priority 2",
       "the second attribute's own item, beside the items Wireshark misread")
    eq(parents[parents[adns[1]]].get("name"), "isakmp.typepayload", "under the Configuration payload")


UPDATE = False


@test
def golden_ikeauth_verbose(ts):
    golden(ts, "ikeauth-null.V.txt", IKEAUTH, UPDATE)


@test
def golden_plaintext_verbose(ts):
    golden(ts, "plaintext-cp.V.txt", PLAIN, UPDATE)


@test
def golden_svcparams_verbose(ts):
    golden(ts, "svcparams.V.txt", SVC, UPDATE)


@test
def golden_sa_rules_verbose_two_pass(ts):
    golden(ts, "sa-rules.V2.txt", SA, UPDATE, "-2")


@test
def golden_iketcp_verbose(ts):
    golden(ts, "iketcp.V.txt", IKETCP, UPDATE, shown="iketcp,isakmp")


@test
def ike_and_esp_over_tcp(ts):
    # tests/gen_captures.py iketcp(): connection A (frames 1-12), B (13-16), C (17-21,
    # not RFC 9329), D (22-26).
    names = ["iketcp.prefix", "iketcp.length", "iketcp.non_esp_marker", "isakmp.exchangetype", "esp.spi",
             "encdns.adn", "encdns.request_in"]
    want = [
        "4|IKETCP|59|0x00000000|35|||",
        # The IKE_AUTH response, reassembled from frames 5 to 7.
        "7||156|0x00000000|35||dot.example.net,doh.example.com|4",
        # An ESP packet and an INFORMATIONAL with CFG_SET in one segment.
        "8||42,78|0x00000000|37|0xc0ffee01|dot2.example.net|",
        # An IKE message without its marker: ESP to a receiver.
        "9||30|||0xa1a2a3a4||",
        "10||4|||||",
        "11||1|||||",
        "12|||||||",
        "16||34|0x00000000|34|||",
        "25|IKETCP|34|0x00000000|34|||",
        "26|IKETCP|34|0x00000000|34|||",
    ]
    for extra in ([], ["-2"]):
        eq(fields(ts, IKETCP, names, "-Y", "iketcp", *extra), want, "iketcp fields %s" % extra)
    codes = {"marker_missing": ["9"], "message_too_short": ["10"], "length_below_two": ["11"],
             "no_prefix": ["16"], "prefix_from_both": ["26"]}
    for code, frames in codes.items():
        got = ts(IKETCP, "-Y", "iketcp.expert.%s" % code, "-T", "fields", "-e", "frame.number").split()
        eq(got, frames, "iketcp.expert.%s" % code)
    cols = ts(IKETCP, "-Y", " || ".join("frame.number == %d" % n for n in (4, 8, 10, 11, 12)), "-T", "fields", "-e", "_ws.col.Info").splitlines()
    eq(cols, ["Stream prefix | IKE_AUTH MID=01 Initiator Request",
              "ESP (SPI=0xc0ffee01) | INFORMATIONAL MID=02 Initiator Request",
              "Message too short", "Length below 2 (framing lost)", "Continuation (framing lost)"], "Info column")
    # The request links its reply where the reply has been seen (two passes).
    got = fields(ts, IKETCP, ["encdns.reply_in"], "-2", "-Y", "encdns.reply_in")
    eq(got, ["4|7"], "reply_in")
    # Port 4500 used by something else (connection C) is left as it is without the
    # plugin.
    sel = "tcp.port == 40003"
    eq(ts(IKETCP, "-V", "-Y", sel), ts.bare(IKETCP, "-V", "-Y", sel), "a TCP 4500 stream that is not RFC 9329")
    eq(ts(IKETCP, "-Y", "%s && iketcp" % sel), "", "connection C is not iketcp's")


@test
def libreswan_over_tcp(ts):
    # libreswan 4.10 over TCP on a kernel without espintcp (tests/interop/libreswan):
    # the prefix, then each Non-ESP Marker and IKE message with no Length before it.
    # Each message is still found, decoded and flagged.
    rows = fields(ts, "libreswan-tcp.pcap", ["iketcp.prefix", "iketcp.length", "isakmp.exchangetype",
                                             "isakmp.flags"], "-Y", "iketcp")
    # (3.4 prints isakmp.flags in eight hex digits, later versions in two.)
    units = [r.split("|")[1:] for r in rows]
    units = [u[:3] + ["%#04x" % int(u[3], 16) if u[3] else ""] for u in units]
    eq(["|".join(u) for u in units],
       ["IKETCP|||", "||34|0x08", "||34|0x20", "||35|0x08", "||35|0x20"], "libreswan's units")
    got = ts("libreswan-tcp.pcap", "-Y", "iketcp.expert.length_missing", "-T", "fields", "-e", "frame.number").split()
    eq(len(got), 4, "every message flagged")
    eq(ts("libreswan-tcp.pcap", "-Y", "iketcp.expert.length_below_two"), "", "no framing lost")


@test
def strongswan_exchange_over_tcp_decrypted(ts):
    # strongSwan's real AES-CBC exchange moved into a TCP stream: the interop keys
    # decrypt it as over UDP; the reply is reassembled from two segments (frames 7, 8).
    names = ["encdns.priority", "encdns.adn", "encdns.ipv4", "encdns.ipv6", "encdns.digest.adn",
             "encdns.digest.hash_alg", "encdns.request_in"]
    for extra in ([], ["-2"]):
        rows = [r for r in fields(ts, IKETCP_STRONGSWAN, names, *extra) if any(r.split("|")[1:])]
        eq(rows, ["8" + STRONGSWAN_REPLY[1:].replace("|2|3", "|2|6")], "strongSwan over TCP %s" % extra)
    got = ts(IKETCP_STRONGSWAN, "-Y", "iketcp.prefix", "-T", "fields", "-e", "frame.number").split()
    eq(got, ["4"], "the initiator's prefix")


# One analysis whatever the front-end: tshark's pass modes, sharkd.
TESTS.extend(frontends.TESTS)


def main():
    global UPDATE
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    UPDATE = "--update-golden" in sys.argv
    if len(args) != 1:
        print(__doc__)
        return 2
    home = args[0]
    # The same decryption keys, but no personal plugin folder.
    bare_cfg = os.path.join(home, "no-plugin-home", ".config", "wireshark")
    os.makedirs(bare_cfg, exist_ok=True)
    with open(os.path.join(home, ".config", "wireshark", "ikev2_decryption_table")) as src:
        with open(os.path.join(bare_cfg, "ikev2_decryption_table"), "w") as dst:
            dst.write(src.read())
    if os.getuid() == 0:
        for d, _, files in os.walk(os.path.join(home, "no-plugin-home")):
            os.chown(d, RUN_UID, RUN_UID)
            for f in files:
                os.chown(os.path.join(d, f), RUN_UID, RUN_UID)
    ts = Tshark(home)
    global GOLDEN_DIR
    version = re.search(r"TShark \(Wireshark\) (\d+\.\d+)", ts(None, "--version")).group(1)
    GOLDEN_DIR = os.path.join(GOLDEN_BASE, version)
    if UPDATE:
        os.makedirs(GOLDEN_DIR, exist_ok=True)
    passed = failed = 0
    only = os.environ.get("ENCDNS_ONLY")  # a test's name: that test alone, while working on it
    for t in TESTS:
        if only and t.__name__ != only:
            continue
        began = time.monotonic()
        try:
            t(ts)
            passed += 1
            print("PASS %s (%.1f s)" % (t.__name__, time.monotonic() - began))
        except Exception as e:  # report every failure, then go on
            failed += 1
            print("FAIL %s: %s" % (t.__name__, e))
    print("tshark: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
