# SPDX-License-Identifier: GPL-2.0-or-later
"""The same analysis in every front-end: what the plugin shows of each frame (its items,
links and diagnostics, and isakmp's attribute items it names) read from tshark's PDML
(one pass, -2, -2 with a read or display filter) and from sharkd's JSON-RPC interface
(`sharkd -`) with the frames opened in several orders, as a client would. tests/golden.py
runs the tests this module lists."""

import json
import os
import random
import select
import re
import subprocess
import time
import xml.etree.ElementTree as ET

RUN_UID = 65534
TESTS = []

# Links to later frames: one pass cannot know them (it has not read those frames).
FORWARD_LINKS = {"encdns.reply_in", "encdns.digest.checked_in"}


def test(fn):
    TESTS.append(fn)
    return fn


def plugin_env(home, **more):
    """The environment of a Wireshark program under test: a private HOME, nothing of
    ours but ENCDNS_FIND_IN_TREE when set (tests/run-all runs some tests again with it,
    so the glue's way of finding IKE messages without isakmp's calls is tested too)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"}
    if "ENCDNS_FIND_IN_TREE" in os.environ:
        env["ENCDNS_FIND_IN_TREE"] = os.environ["ENCDNS_FIND_IN_TREE"]
    env.update(more)
    return env


def as_user():
    if os.getuid() == 0:
        os.setgroups([])
        os.setgid(RUN_UID)
        os.setuid(RUN_UID)


def ours(name):
    """Whether a field is one of ours, or isakmp's attribute item that ours relabel."""
    return name == "encdns" or name.startswith("encdns.") or name in ("isakmp.cfg.attr", "isakmp.cfg.attr.type")


def captures(home):
    return sorted(f for f in os.listdir(os.path.join(home, "captures")) if f.endswith(".pcap"))


_VALUELESS = None


def valueless_fields(ts):
    """{display name: abbreviation} of our fields without a value (FT_NONE): sharkd gives
    no filter for their items, only the label."""
    global _VALUELESS
    if _VALUELESS is None:
        _VALUELESS = {}
        for line in ts(None, "-G", "fields").splitlines():
            cols = line.split("\t")
            if len(cols) > 3 and cols[0] == "F" and cols[2].startswith("encdns.") and cols[3] == "FT_NONE":
                _VALUELESS[cols[1]] = cols[2]
    return _VALUELESS


def ws_version(ts):
    """(major, minor) of the tshark under test."""
    m = re.search(r"\(Wireshark\) (\d+)\.(\d+)", ts(None, "--version"))
    return (int(m.group(1)), int(m.group(2)))


class Sharkd:
    """sharkd -, driven as a client would: over its JSON-RPC 2.0 interface, or (Wireshark
    3.4) its older protocol of one {"req": ...} object a line and the bare result back."""

    def __init__(self, ts):
        self.valueless = valueless_fields(ts)
        self.legacy = ws_version(ts) < (3, 6)
        env = plugin_env(ts.home)
        self.p = subprocess.Popen(["sharkd", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, text=True, preexec_fn=as_user)
        self.next_id = 0
        self.pending = b""

    def line(self, what):
        """The next non-empty line sharkd writes (3.4 ends each answer with an empty
        one), read from the pipe itself: a request sharkd does not understand gets no
        answer at all, and the wait must end."""
        while True:
            while b"\n" not in self.pending:
                if not select.select([self.p.stdout], [], [], 300)[0]:
                    raise AssertionError("sharkd %s: no answer in 300 s" % what)
                chunk = os.read(self.p.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise AssertionError("sharkd %s: sharkd exited" % what)
                self.pending += chunk
            line, self.pending = self.pending.split(b"\n", 1)
            if line.strip():
                return line.decode()

    def call(self, method, **params):
        self.next_id += 1
        if self.legacy:
            request = dict(params, req=method)
        else:
            request = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.p.stdin.write(json.dumps(request) + "\n")
        self.p.stdin.flush()
        reply = json.loads(self.line("%s %r" % (method, params)))
        if self.legacy:
            if isinstance(reply, dict) and reply.get("err", 0) != 0:
                raise AssertionError("sharkd %s %r: %r" % (method, params, reply))
            return reply
        if reply.get("id") != self.next_id or "error" in reply:
            raise AssertionError("sharkd %s %r: %r" % (method, params, reply))
        return reply["result"]

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def items(self, frame):
        """[(field, label)] of a frame opened in the packet details, in tree order."""
        out = []

        def walk(nodes):
            for n in nodes:
                # sharkd gives an item without a value (FT_NONE) no filter, or one on
                # its octets ("frame[78:4] == ...").
                name = n.get("f", "").split(" ", 1)[0]
                if "[" in name:
                    name = ""
                if not name and n.get("l", "").startswith("Config Attribute (t="):
                    name = "isakmp.cfg.attr"
                elif not name:
                    name = self.valueless.get(n.get("l", "").split(":", 1)[0], "")
                if ours(name):
                    out.append((name, n["l"]))
                walk(n.get("n", []))
        walk(self.call("frame", frame=frame, proto=True)["tree"])
        return out


def pdml_items(ts, capture, *args):
    """{frame: [(field, label)]} of the frames tshark prints as PDML, hidden items left
    out (no front-end shows them)."""
    root = ET.fromstring(ts(capture, "-T", "pdml", *args))
    frames = {}
    for packet in root.iter("packet"):
        num = int(next(f.get("show") for f in packet.iter("field") if f.get("name") == "frame.number"))
        items = []

        def walk(e):
            for c in e:
                if c.get("hide") != "yes":
                    if ours(c.get("name", "")):
                        items.append((c.get("name"), c.get("showname")))
                    walk(c)
        walk(packet)
        frames[num] = items
    return frames


def stats(tree, path=()):
    """{path of names: count} of a stats tree as sharkd gives it (its rows come in another
    order than tshark prints them)."""
    rows = {}
    for node in tree:
        here = path + (node["name"],)
        rows[here] = node["count"]
        rows.update(stats(node.get("sub", []), here))
    return rows


def tshark_stats(ts, capture, *args):
    rows, path = {}, []
    for line in ts(capture, "-q", "-z", "encdns,tree", *args).splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if m and not line.startswith("Topic"):
            depth = len(m.group(1))
            path[depth:] = [m.group(2)]
            rows[tuple(path)] = int(m.group(3))
    return rows


def differ(what, got, want):
    if got != want:
        for frame in sorted(set(got) | set(want)):
            if got.get(frame) != want.get(frame):
                raise AssertionError("%s, frame %d:\n  got:  %r\n  want: %r"
                                     % (what, frame, got.get(frame), want.get(frame)))
        raise AssertionError("%s differ" % what)


@test
def every_tshark_pass_mode_shows_the_same(ts):
    """tshark -2 with and without a read or display filter gives every frame the same
    items; one pass the same but for links to frames it has not read yet; the summary
    (-z encdns,tree) counts the same in all of them."""
    checked = 0
    for cap in captures(ts.home):
        two = pdml_items(ts, cap, "-2")
        if not any(two.values()):
            continue
        checked += 1
        differ("%s: -2 -R frame" % cap, pdml_items(ts, cap, "-2", "-R", "frame"), two)
        flt = "encdns || isakmp.cfg.attr"
        shown = pdml_items(ts, cap, "-2", "-Y", flt)
        differ("%s: -2 -Y %s" % (cap, flt), shown, {f: two[f] for f in shown})
        for frame, items in pdml_items(ts, cap).items():
            missing = list(two[frame])
            for it in items:
                if it not in missing:
                    raise AssertionError("%s, frame %d: one pass shows %r, -2 does not" % (cap, frame, it))
                missing.remove(it)
            # What only -2 can show: a link to a later frame, the verdict that came with
            # it, and the payload item that exists to carry the link.
            for name, label in missing:
                if not (name in FORWARD_LINKS or name == "encdns.digest.match"
                        or (name == "encdns" and label.endswith(": Configuration payload"))):
                    raise AssertionError("%s, frame %d: one pass lacks %r" % (cap, frame, (name, label)))
        # The summary counts the same in every pass mode (and counts something).
        want = tshark_stats(ts, cap, "-2")
        if not any(want.get(k, 0) for k in want if len(k) == 1):
            raise AssertionError("%s: -2 -z encdns,tree counts nothing: %r" % (cap, want))
        for extra in ([], ["-2", "-R", "frame"]):
            got = tshark_stats(ts, cap, *extra)
            if got != want:
                raise AssertionError("%s: -z encdns,tree %s:\n  got:  %r\n  want (-2): %r" % (cap, extra, got, want))
    if checked < 8:
        raise AssertionError("only %d captures had our items" % checked)


@test
def sharkd_shows_what_tshark_two_pass_shows_in_any_order(ts):
    """sharkd: each capture loaded, its frames opened in capture order, backwards, and
    shuffled, each frame twice; every look equals tshark -2's."""
    rng = random.Random(9464)
    checked = 0
    with Sharkd(ts) as sd:
        for cap in captures(ts.home):
            want = pdml_items(ts, cap, "-2")
            if not any(want.values()):
                continue
            checked += 1
            frames = sorted(want)
            shuffled = frames[:]
            rng.shuffle(shuffled)
            for order, name in [(frames[::-1], "backwards"), (shuffled, "shuffled"), (frames, "in order")]:
                # A fresh load each time: nothing opened before may help.
                sd.call("load", file=os.path.join(ts.home, "captures", cap))
                got = {f: sd.items(f) for f in order}
                differ("sharkd %s, frames %s" % (cap, name), got, want)
    if checked < 8:
        raise AssertionError("only %d captures had our items" % checked)


@test
def sharkd_filter_and_tap_match_tshark(ts):
    """sharkd's frame list under a filter of ours and its encdns stats tree equal tshark's,
    also for the second file loaded in one session."""
    with Sharkd(ts) as sd:
        for k, cap in enumerate(["encdns-sa-rules.pcap", "encdns-tls-mismatch.pcap", "encdns-ikeauth-null.pcap"]):
            sd.call("load", file=os.path.join(ts.home, "captures", cap))
            for flt in ["encdns", "encdns.reply_in", "encdns.digest.checked_in", "encdns.digest.match == 0",
                        "_ws.expert && encdns"]:
                # sharkd keeps each filter's result by its text, also across files: a
                # filter is written differently for each file.
                unique = "(%s) && frame.number != %d" % (flt, 100000 + k)
                got = [f["num"] for f in sd.call("frames", filter=unique)]
                want = [int(n) for n in ts(cap, "-2", "-Y", flt, "-T", "fields", "-e", "frame.number").split()]
                if got != want:
                    raise AssertionError("sharkd %s, filter %s: frames %r; tshark -2: %r" % (cap, flt, got, want))
            taps = sd.call("tap", tap0="stat:encdns")["taps"]
            got = stats(taps[0]["stats"])
            want = tshark_stats(ts, cap, "-2")
            if got != want or not any(want.get(k, 0) for k in want if len(k) == 1):
                raise AssertionError("sharkd %s, stats tree:\n  got:  %r\n  want: %r" % (cap, got, want))


def value_part(label):
    """What Lua's FieldInfo.display gives of a label: what follows its first ": "."""
    return label.split(": ", 1)[1] if ": " in label else label


class Gui:
    """Wireshark's Qt GUI under Xvfb, run as the test user with the test HOME; a Lua
    post-dissector (tests/gui_dump.lua) writes down what every dissection holds."""

    def __init__(self, ts):
        self.ts = ts
        self.display = ":%d" % (200 + os.getpid() % 300)
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.work = os.path.join(ts.home, "gui")
        os.makedirs(self.work, exist_ok=True)
        self.lua = os.path.join(self.work, "gui_dump.lua")
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gui_dump.lua")) as src:
            with open(self.lua, "w") as dst:
                dst.write(src.read())

    def close(self):
        self.xvfb.terminate()
        self.xvfb.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def items(self, capture, frame, colorize):
        """[(field, value)] of `frame` as the GUI's packet details show it when the
        capture is opened at that frame (-g), packet list coloring on or off."""
        cfg = os.path.join(self.ts.home, ".config", "wireshark")
        with open(os.path.join(cfg, "recent_common"), "w") as f:
            f.write("privs.warn_if_elevated: FALSE\nsys.warn_if_no_capture: FALSE\n"
                    "gui.geometry_main_width: 1280\ngui.geometry_main_height: 1000\n")
        with open(os.path.join(cfg, "recent"), "w") as f:
            f.write("gui.packet_list_colorize: %s\n" % ("TRUE" if colorize else "FALSE"))
        dump = os.path.join(self.work, "dump.txt")
        open(dump, "w").close()
        for p in (self.work, dump, self.lua, os.path.join(cfg, "recent"), os.path.join(cfg, "recent_common")):
            if os.getuid() == 0:
                os.chown(p, RUN_UID, RUN_UID)
        env = plugin_env(self.ts.home, DISPLAY=self.display, ENCDNS_GUI_DUMP=dump, XDG_RUNTIME_DIR=self.work)
        gui = subprocess.Popen(["wireshark", "-r", os.path.join(self.ts.home, "captures", capture),
                                "-g", str(frame), "-X", "lua_script:" + self.lua],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=as_user)
        try:
            # The selected frame's details: its dissection with the most of our items
            # (the packet list's dissections hold none of them). Waits for them to stop
            # changing.
            deadline, best, stable = time.time() + 90, None, 0
            while time.time() < deadline and stable < 3:
                time.sleep(1)
                now = max((b for f, b in gui_blocks(dump) if f == frame), key=len, default=None)
                stable = stable + 1 if now and now == best else 0
                best = now
            if best is None:
                raise AssertionError("GUI: no dissection of frame %d of %s written down" % (frame, capture))
            return best
        finally:
            gui.terminate()
            try:
                gui.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gui.kill()
                gui.wait()


def gui_blocks(path):
    """[(frame, [(field, value)])] of the GUI dump, one per dissection."""
    blocks, frame, items = [], None, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("frame "):
                frame, items = int(line.split()[1]), []
            elif line == "end" and frame is not None:
                blocks.append((frame, items))
                frame = None
            elif frame is not None:
                items.append(tuple(line.split("\t", 1)))
    return blocks


@test
def gui_shows_what_tshark_two_pass_shows(ts):
    """The Qt GUI (under Xvfb), the capture opened at a frame whose items depend on
    other frames, coloring rules on and off: its packet details equal tshark -2's."""
    cases = [("encdns-tls-mismatch.pcap", 2), ("encdns-tls-mismatch.pcap", 8), ("encdns-sa-rules.pcap", 1),
             ("encdns-sa-rules.pcap", 12)]
    with Gui(ts) as gui:
        for cap, frame in cases:
            want = [(n, value_part(label)) for n, label in pdml_items(ts, cap, "-2")[frame]]
            if not want:
                raise AssertionError("%s frame %d: tshark -2 shows nothing of ours" % (cap, frame))
            for colorize in (True, False):
                got = gui.items(cap, frame, colorize)
                if got != want:
                    raise AssertionError("GUI %s frame %d, coloring %s:\n  got:  %r\n  want: %r"
                                         % (cap, frame, "on" if colorize else "off", got, want))


@test
def protocol_field_marks_every_decoded_frame(ts):
    """-e encdns (fields, ek, json) is set on exactly the frames -Y encdns matches, in one
    pass and two."""
    checked = 0
    for cap in captures(ts.home):
        for extra in ([], ["-2"]):
            want = ts(cap, "-Y", "encdns", "-T", "fields", "-e", "frame.number", *extra).split()
            if not want:
                continue
            checked += 1
            rows = ts(cap, "-T", "fields", "-e", "frame.number", "-e", "encdns", *extra).splitlines()
            got = [r.split("\t")[0] for r in rows if r.split("\t")[1:] != [""]]
            if got != want:
                raise AssertionError("%s %s: -e encdns set on %r, -Y encdns matches %r" % (cap, extra, got, want))
            for mode in ("ek", "json"):
                out = ts(cap, "-T", mode, "-e", "frame.number", "-e", "encdns", *extra)
                docs = [json.loads(line) for line in out.splitlines() if line.startswith('{"timestamp"')] \
                    if mode == "ek" else json.loads(out)
                layers = [d["layers"] if mode == "ek" else d["_source"]["layers"] for d in docs]
                got = [str(layer["frame_number" if mode == "ek" else "frame.number"][0]) for layer in layers
                       if layer.get("encdns")]
                if got != want:
                    raise AssertionError("%s %s: -T %s -e encdns set on %r, -Y encdns matches %r"
                                         % (cap, extra, mode, got, want))
    if checked < 12:
        raise AssertionError("only %d runs had frames with our items" % checked)
