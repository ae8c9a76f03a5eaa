#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of bench.py's summary (medians, ratios, cost per level)."""

import unittest

import bench


class BenchSummary(unittest.TestCase):
    def test_medians_and_ratio(self):
        text = "\n".join(["bench xdp_empty rex 110", "bench xdp_empty ebpf 100",
                          "bench xdp_empty rex 130", "bench xdp_empty ebpf 100",
                          "bench xdp_empty rex 120", "bench xdp_empty ebpf 300",
                          "noise line"])
        (name, n, mr, me, ratio), = bench.summarize(text)
        self.assertEqual((name, n, mr, me), ("xdp_empty", 3, 120, 100))
        self.assertAlmostEqual(ratio, 1.2)

    def test_figure_without_twin_is_left_out(self):
        self.assertEqual(bench.summarize("bench spin_lock rex 5\n"), [])

    def test_per_level_cancels_fixed_cost(self):
        text = "\n".join(["bench recurse_d1 rex 500", "bench recurse_d1 ebpf 520",
                          "bench recurse_d33 rex 820", "bench recurse_d33 ebpf 1800"])
        rex, ebpf = bench.per_level(bench.summarize(text))
        self.assertAlmostEqual(rex, 10.0)
        self.assertAlmostEqual(ebpf, 40.0)

    def test_per_level_needs_both_depths(self):
        self.assertIsNone(bench.per_level(bench.summarize("bench recurse_d1 rex 5\nbench recurse_d1 ebpf 6\n")))


if __name__ == "__main__":
    unittest.main()
