#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarize 'make bench': medians per figure, the Rex/eBPF ratio, and the
cost of one operation where a figure was run at two counts.

Usage: bench.py [MODEL=]RESULTS... (MODEL: tcg, icount; one table each)
"""

import re
import statistics
import sys
from collections import defaultdict

# name, figure with one operation, figure with many, how many more, unit,
# target (Rex/eBPF at most; for recursion eBPF/Rex at least, "speed-up")
PER_OP = [
    ("per lookup", "lookup_1", "lookup_16", 15, "ratio", 1.10),
    ("per lock+unlock", "spin_lock_1", "spin_lock_16", 15, "ratio", 1.15),
    ("per level", "recurse_d1", "recurse_d33", 32, "speed-up", 3.0),
]


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


def per_op(rows, one, many, extra):
    """Cost of one operation on each side, from the figures run with one and
    with 1 + extra operations: the fixed cost of a run cancels."""
    by_name = {name: (mr, me) for name, _, mr, me, _ in rows}
    if one not in by_name or many not in by_name:
        return None
    (r1, e1), (rn, en) = by_name[one], by_name[many]
    return (rn - r1) / extra, (en - e1) / extra


def per_level(rows):
    """Cost of one level of recursion (Rex) and one tail call (eBPF)."""
    return per_op(rows, "recurse_d1", "recurse_d33", 32)


def derived(rows):
    """(name, Rex per op, eBPF per op, figure, kind, target, met) per PER_OP
    entry whose two figures are present."""
    out = []
    for name, one, many, extra, kind, target in PER_OP:
        costs = per_op(rows, one, many, extra)
        if not costs:
            continue
        rex, ebpf = costs
        if kind == "ratio":
            figure = rex / ebpf if ebpf > 0 else float("inf")
            met = figure <= target
        else:
            figure = ebpf / rex if rex > 0 else float("inf")
            met = figure >= target
        out.append((name, rex, ebpf, figure, kind, target, met))
    return out


def report(model, rows):
    unit = "instructions" if model == "icount" else "ns"
    lines = []
    if model:
        lines.append(f"== {model}: {'guest instructions per run (-icount shift=0)' if model == 'icount' else 'wall time under TCG, ns per run'}")
    lines.append(f"{'benchmark':<16} {'runs':>4} {'Rex':>9} {'eBPF':>9} {'Rex/eBPF':>9}")
    for name, n, mr, me, ratio in rows:
        lines.append(f"{name:<16} {n:>4} {mr:>9.1f} {me:>9.1f} {ratio:>9.3f}")
    for name, rex, ebpf, figure, kind, target, met in derived(rows):
        if kind == "ratio":
            goal = f"target Rex/eBPF <= {target:.2f}"
        else:
            goal = f"target Rex >= {target:.1f}x faster"
        lines.append(f"{name}: Rex {rex:.1f} {unit}, eBPF {ebpf:.1f} {unit}: "
                     f"{kind} {figure:.2f} ({goal}: {'met' if met else 'not met'})")
    return lines


def parse_args(args):
    out = []
    for arg in args:
        model, sep, path = arg.partition("=")
        out.append((model, path) if sep else ("", arg))
    return out


def main(args):
    status = 0
    for model, path in parse_args(args):
        rows = summarize(open(path, errors="replace").read())
        if not rows:
            print(f"bench: no results in {path} (see the console log)")
            status = 1
            continue
        print("\n".join(report(model, rows)))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
