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


def main(path):
    rows = summarize(open(path, errors="replace").read())
    if not rows:
        print("bench: no results (see the console log)")
        return 1
    print(f"{'benchmark':<16} {'runs':>4} {'Rex ns':>9} {'eBPF ns':>9} {'Rex/eBPF':>9}")
    for name, n, mr, me, ratio in rows:
        print(f"{name:<16} {n:>4} {mr:>9.1f} {me:>9.1f} {ratio:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
