#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarize 'make bench': medians per figure and the Rex/eBPF ratio."""

import re
import statistics
import sys
from collections import defaultdict


def summarize(text):
    runs = defaultdict(lambda: defaultdict(list))
    for m in re.finditer(r"^bench (\S+) (rex|ebpf) (\d+)$", text, re.M):
        runs[m.group(1)][m.group(2)].append(int(m.group(3)))
    rows = []
    for name, kinds in sorted(runs.items()):
        rex, ebpf = kinds.get("rex", []), kinds.get("ebpf", [])
        if not rex or not ebpf:
            continue
        mr, me = statistics.median(rex), statistics.median(ebpf)
        rows.append((name, len(rex), mr, me, mr / me if me else float("inf")))
    return rows


def per_level(rows):
    """Cost of one level of recursion (Rex) and one tail call (eBPF), from
    the 1- and 33-level figures: the fixed cost of a test run cancels."""
    by_name = {name: (mr, me) for name, _, mr, me, _ in rows}
    if "recurse_d1" not in by_name or "recurse_d33" not in by_name:
        return None
    (r1, e1), (r33, e33) = by_name["recurse_d1"], by_name["recurse_d33"]
    return (r33 - r1) / 32, (e33 - e1) / 32


def main(path):
    rows = summarize(open(path, errors="replace").read())
    if not rows:
        print("bench: no results (see the console log)")
        return 1
    print(f"{'benchmark':<16} {'runs':>4} {'Rex ns':>9} {'eBPF ns':>9} {'Rex/eBPF':>9}")
    for name, n, mr, me, ratio in rows:
        print(f"{name:<16} {n:>4} {mr:>9.1f} {me:>9.1f} {ratio:>9.3f}")
    level = per_level(rows)
    if level:
        rex, ebpf = level
        speedup = ebpf / rex if rex > 0 else float("inf")
        print(f"per level: Rex call {rex:.1f} ns, eBPF tail call {ebpf:.1f} ns: "
              f"Rex {speedup:.2f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
