#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of bench.py's summary (medians, ratios, per-operation costs)."""

import contextlib
import io
import os
import tempfile
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
        self.assertEqual(bench.summarize("bench spin_lock_1 rex 5\n"), [])

    def test_per_level_cancels_fixed_cost(self):
        text = "\n".join(["bench recurse_d1 rex 500", "bench recurse_d1 ebpf 520",
                          "bench recurse_d33 rex 820", "bench recurse_d33 ebpf 1800"])
        rex, ebpf = bench.per_level(bench.summarize(text))
        self.assertAlmostEqual(rex, 10.0)
        self.assertAlmostEqual(ebpf, 40.0)

    def test_per_level_needs_both_depths(self):
        self.assertIsNone(bench.per_level(bench.summarize("bench recurse_d1 rex 5\nbench recurse_d1 ebpf 6\n")))

    def test_derived_ratio_and_speed_up_against_targets(self):
        text = "\n".join(["bench lookup_1 rex 100", "bench lookup_1 ebpf 90",
                          "bench lookup_16 rex 250", "bench lookup_16 ebpf 240",    # 10 vs 10 per lookup
                          "bench spin_lock_1 rex 200", "bench spin_lock_1 ebpf 100",
                          "bench spin_lock_16 rex 500", "bench spin_lock_16 ebpf 340",  # 20 vs 16
                          "bench recurse_d1 rex 100", "bench recurse_d1 ebpf 100",
                          "bench recurse_d33 rex 164", "bench recurse_d33 ebpf 292"])  # 2 vs 6
        got = {name: (rex, ebpf, figure, met) for name, rex, ebpf, figure, _, _, met in
               bench.derived(bench.summarize(text))}
        self.assertEqual(got["per lookup"], (10.0, 10.0, 1.0, True))
        self.assertEqual(got["per lock+unlock"][:3], (20.0, 16.0, 1.25))
        self.assertFalse(got["per lock+unlock"][3], "1.25 is over the 1.15 target")
        self.assertEqual(got["per level"], (2.0, 6.0, 3.0, True))

    def test_report_names_the_model_and_its_unit(self):
        rows = bench.summarize("bench lookup_1 rex 10\nbench lookup_1 ebpf 10\n"
                               "bench lookup_16 rex 40\nbench lookup_16 ebpf 70\n")
        lines = bench.report("icount", rows)
        self.assertIn("icount", lines[0])
        self.assertIn("per lookup: Rex 2.0 instructions, eBPF 4.0 instructions: ratio 0.50", lines[-1])

    def test_probe_part_subtracts_the_bare_call(self):
        text = "\n".join(["bench kprobe_getppid none 300", "bench kprobe_getppid rex 420",
                          "bench kprobe_getppid ebpf 400", "bench kprobe_getppid none 310",
                          "bench kprobe_getppid rex 410", "bench kprobe_getppid ebpf 410",
                          "bench kprobe_getppid none 290", "bench kprobe_getppid rex 430",
                          "bench kprobe_getppid ebpf 390"])
        rex, ebpf, bare, ratio = bench.probe_part(bench.medians(text))
        self.assertEqual((rex, ebpf, bare), (120, 100, 300))
        self.assertAlmostEqual(ratio, 1.2)
        lines = bench.report("tcg", bench.summarize(text), bench.medians(text))
        self.assertIn("kprobe on getppid, over the bare call (300 ns): Rex 120.0 ns, eBPF 100.0 ns: ratio 1.20",
                      lines[-1])

    def test_probe_part_needs_the_bare_call(self):
        meds = bench.medians("bench kprobe_getppid rex 420\nbench kprobe_getppid ebpf 400\n")
        self.assertIsNone(bench.probe_part(meds))

    def test_bmc_speed_up_against_memcached_alone(self):
        text = "bench bmc_get rex 200\nbench bmc_get memcached 900\nbench bmc_get rex 250\n" \
               "bench bmc_get memcached 1100\n"
        rex, alone, speed_up = bench.bmc_speed_up(bench.medians(text))
        self.assertEqual((rex, alone), (225, 1000))
        self.assertAlmostEqual(speed_up, 1000 / 225)
        self.assertEqual(bench.summarize(text), [], "not a Rex/eBPF row")
        self.assertIsNone(bench.bmc_speed_up(bench.medians("bench bmc_get rex 200\n")))

    def run_main(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
            f.write(text)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                status = bench.main([f"icount={f.name}"])
        finally:
            os.unlink(f.name)
        return status, out.getvalue()

    def test_main_reports_a_group_without_ebpf_twins(self):
        status, out = self.run_main("bench bmc_get rex 200\nbench bmc_get memcached 900\nrex-bench: exit 0\n")
        self.assertEqual(status, 0, out)
        self.assertIn("speed-up 4.50x", out)
        self.assertNotIn("Rex/eBPF", out, "no Rex/eBPF table without Rex/eBPF figures")

    def test_main_fails_when_the_guest_script_failed_or_did_not_finish(self):
        text = "bench xdp_empty rex 110\nbench xdp_empty ebpf 100\n"
        status, out = self.run_main(text + "bench: gets reached memcached with bmc attached\nrex-bench: exit 1\n")
        self.assertEqual(status, 1)
        self.assertIn("bench.sh failed (exit 1)", out)
        self.assertIn("xdp_empty", out, "what was measured is still shown")
        status, out = self.run_main(text)
        self.assertEqual(status, 1)
        self.assertIn("bench.sh did not finish", out)

    def test_main_fails_without_results(self):
        status, out = self.run_main("rex-bench: exit 0\n")
        self.assertEqual(status, 1)
        self.assertIn("no results", out)

    def test_spread_of_the_rounds(self):
        text = "bench xdp_empty rex 90\nbench xdp_empty rex 100\nbench xdp_empty rex 130\n" \
               "bench xdp_empty ebpf 100\nbench xdp_empty ebpf 100\nbench xdp_empty ebpf 100\n"
        spread = bench.spreads(text)["xdp_empty"]
        self.assertAlmostEqual(spread["rex"], 0.4)
        self.assertEqual(spread["ebpf"], 0.0)
        lines = bench.report("tcg", bench.summarize(text), bench.medians(text), bench.spreads(text))
        self.assertTrue(lines[2].rstrip().endswith("40%     0%"), lines[2])

    def test_model_arguments(self):
        self.assertEqual(bench.parse_args(["tcg=/a", "/b"]), [("tcg", "/a"), ("", "/b")])


if __name__ == "__main__":
    unittest.main()
