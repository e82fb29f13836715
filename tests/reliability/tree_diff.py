#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares tshark -V output with the plugin (WITH) and without it (WITHOUT) and
checks that the plugin changed nothing but what it may:
  - it adds subtrees of its own: an item labelled with our protocol's name and every
    line indented under it;
  - it adds lines under a Configuration attribute of a type it decodes (the table
    "Attribute types" of docs/fields.md), after Wireshark's own lines there: the
    attribute's decoded fields;
  - it relabels an attribute Wireshark names "RESERVED TO IANA": the line is the same
    except that those words are replaced.
Anything else -- a line gone, moved, added elsewhere or changed otherwise -- is a
violation. Usage: tree_diff.py WITH WITHOUT; prints one line of counts (ours: subtrees
and attributes given fields; relabels; violations) and the first violations; exits 1
if there are any."""

import os
import re
import sys

OURS = "IKEv2 Encrypted DNS Configuration (RFC 9464)"
UNASSIGNED = "RESERVED TO IANA"


def indent(line):
    return len(line) - len(line.lstrip(" "))


def strip_ours(lines):
    """The lines without our subtrees, each with its line number; and how many
    subtrees were taken out."""
    kept, subtrees, skip_deeper_than = [], 0, None
    for n, line in enumerate(lines, 1):
        if skip_deeper_than is not None:
            if line.strip() and indent(line) > skip_deeper_than:
                continue
            skip_deeper_than = None
        if line.lstrip(" ").startswith(OURS):
            subtrees += 1
            skip_deeper_than = indent(line)
            continue
        kept.append((n, line))
    return kept, subtrees


def is_relabel(with_line, without_line):
    at = without_line.find(UNASSIGNED)
    if at < 0:
        return False
    head, tail = without_line[:at], without_line[at + len(UNASSIGNED):]
    return (len(with_line) > len(head) + len(tail) and with_line.startswith(head)
            and with_line.endswith(tail))


def decoded_attribute_types():
    """{type: name} of the attribute types the plugin decodes, from docs/fields.md
    (which the crate's own tables generate)."""
    types, inside = {}, False
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "fields.md")) as f:
        for line in f:
            if line.startswith("## "):
                inside = line.strip() == "## Attribute types"
            elif inside and re.match(r"\| \d+ \|", line):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                types[int(cells[0])] = cells[1]
    return types


TYPES = decoded_attribute_types()
# A Configuration attribute item of a type the plugin decodes.
OUR_ATTRIBUTE = re.compile(r"Config Attribute \(t=(%s),l=\d+\)" % "|".join(str(t) for t in TYPES))


def compare(with_lines, without_lines):
    kept, subtrees = strip_ours(with_lines)
    relabels, violations = 0, []
    # Lines only WITH has are allowed below one of our attributes (attr_indent), once
    # Wireshark's own lines there are through: they cannot equal the next line
    # WITHOUT has, which is shallower.
    attr_indent, given_fields = None, False
    j = 0
    for n, a in kept:
        if attr_indent is not None and indent(a) <= attr_indent:
            attr_indent = None
        b = without_lines[j] if j < len(without_lines) else None
        if b is not None and (a == b or is_relabel(a, b)):
            relabels += a != b
            j += 1
            if OUR_ATTRIBUTE.match(a.lstrip(" ")):
                attr_indent, given_fields = indent(a), False
            continue
        if attr_indent is not None and indent(a) > attr_indent:
            subtrees += not given_fields
            given_fields = True
            continue
        violations.append("line %d: %r, without the plugin %r" % (n, a, b))
        j += 1
    if j != len(without_lines):
        violations.append("%d of %d lines without the plugin met"
                          % (j, len(without_lines)))
    return subtrees, relabels, violations


def main():
    with_lines = open(sys.argv[1], errors="replace").read().splitlines()
    without_lines = open(sys.argv[2], errors="replace").read().splitlines()
    subtrees, relabels, violations = compare(with_lines, without_lines)
    print("ours %d relabels %d violations %d" % (subtrees, relabels, len(violations)))
    for v in violations[:5]:
        print("  " + v)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
