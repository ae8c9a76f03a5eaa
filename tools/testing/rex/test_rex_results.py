#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host tests of rex_results: the verdict of 'make check' depends on them."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rex_results as rr  # noqa: E402


class Tap(unittest.TestCase):
    def test_counts_pass_fail_and_skip_apart(self):
        t = rr.parse_tap("TAP version 13\nok 1 - a/b\nnot ok 2 - a/c (exit 1)\n"
                         "# FAIL: wrong\nok 3 - a/d # SKIP no veth\n1..3\n", "e2e")
        self.assertEqual((t.passed, t.failed, t.skipped), (1, 1, 1))
        self.assertIn("e2e/a/c", t.failures[0])
        self.assertIn("FAIL: wrong", t.failures[0])

    def test_ignores_non_tap_lines(self):
        t = rr.parse_tap("rex-init: mode check\nhello ok\n", "e2e")
        self.assertEqual((t.passed, t.failed), (0, 0))


class Console(unittest.TestCase):
    def test_clean_boot_has_no_alarm(self):
        t = rr.scan_console("[    0.1] rex: runtime ready\n[    0.2] Run /init\n")
        self.assertEqual(t.failed, 0)

    def test_each_alarm_kind_fails(self):
        for line in ("WARNING: CPU: 0 PID: 1 at kernel/rex/core.c:10 rex_init",
                     "BUG: unable to handle page fault for address: 0",
                     "Oops: 0000 [#1] SMP",
                     "Kernel panic - not syncing: Fatal exception",
                     "kmemleak: 3 new suspected memory leaks",
                     "UBSAN: shift-out-of-bounds in kernel/rex/x.c:3"):
            with self.subTest(line=line):
                self.assertEqual(rr.scan_console(f"[ 1.0] {line}\n").failed, 1)

    def test_alarm_names_the_running_scenario(self):
        t = rr.scan_console("rex-e2e: start cli/list\n[ 2.0] WARNING: at foo\n")
        self.assertIn("during cli/list", t.failures[0])


class KUnit(unittest.TestCase):
    DOC = {"name": "", "sub_groups": [
        {"name": "rex_stack", "sub_groups": [], "test_cases": [
            {"name": "aligned", "status": "PASS"},
            {"name": "guard", "status": "FAIL"}]},
        {"name": "rex_sysctl", "test_cases": [], "sub_groups": [
            {"name": "param", "sub_groups": [], "test_cases": [
                {"name": "write 0", "status": "PASS"},
                {"name": "write 1", "status": "SKIP"}]}]}],
        "test_cases": []}

    def test_counts_leaf_cases_in_nested_groups(self):
        t = rr.parse_kunit_json(json.dumps(self.DOC))
        self.assertEqual((t.passed, t.failed, t.skipped), (2 - 0, 1, 1))
        self.assertEqual(t.failures, ["kunit/rex_stack.guard: FAIL"])


class Ctest(unittest.TestCase):
    def test_summary_with_failures(self):
        out = ("The following tests FAILED:\n\t  3 - Json.Escapes (Failed)\n"
               "90% tests passed, 1 tests failed out of 10\n")
        t = rr.parse_ctest(out)
        self.assertEqual((t.passed, t.failed), (9, 1))
        self.assertIn("host/Json.Escapes", t.failures)

    def test_missing_summary_is_a_failure(self):
        self.assertEqual(rr.parse_ctest("make: *** Error 2\n").failed, 1)


class Unittest(unittest.TestCase):
    def test_ok_and_failed(self):
        self.assertEqual(rr.parse_unittest("Ran 5 tests in 0.1s\n\nOK\n", "py").passed, 5)
        t = rr.parse_unittest("FAIL: test_x (m.C.test_x)\nRan 5 tests in 0.1s\n\n"
                              "FAILED (failures=1, errors=1)\n", "py")
        self.assertEqual((t.passed, t.failed), (3, 2))


class Main(unittest.TestCase):
    def run_main(self, *files, fail=()):
        paths = []
        with tempfile.TemporaryDirectory() as d:
            for i, text in enumerate(files):
                p = os.path.join(d, str(i))
                with open(p, "w") as f:
                    f.write(text)
                paths.append(p)
            argv = ["--tap", paths[0], "--console", paths[1]]
            argv += [f"--fail={x}" for x in fail]
            buf = io.StringIO()
            with redirect_stdout(buf):
                rc = rr.main(argv)
        return rc, buf.getvalue().splitlines()

    def test_all_good_ends_with_summary_and_exit_0(self):
        rc, out = self.run_main("ok 1 - a/b\nrex-init: done\n", "clean\n")
        self.assertEqual(rc, 0)
        self.assertEqual(out[-1], "1 passed, 0 failed")

    def test_guest_that_never_finished_fails(self):
        rc, out = self.run_main("ok 1 - a/b\n", "clean\n")
        self.assertEqual(rc, 1)
        self.assertEqual(out[-1], "1 passed, 1 failed")

    def test_warning_on_console_fails_the_run(self):
        rc, out = self.run_main("ok 1 - a/b\nrex-init: done\n", "WARNING: x\n")
        self.assertEqual(rc, 1)
        self.assertTrue(any("console" in line for line in out))

    def test_failed_step_is_named(self):
        rc, out = self.run_main("rex-init: done\nok 1 - a\n", "",
                                fail=["build/kernel=patch 0001 does not apply"])
        self.assertEqual(rc, 1)
        self.assertIn("FAILED build/kernel: patch 0001 does not apply", out)

    def test_second_boot_is_counted_and_named(self):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            for name, text in (("tap", "ok 1 - a/b\nrex-init: done\n"),
                               ("console", "clean\n"),
                               ("tap2", "ok 1 - a/b\nnot ok 2 - a/c (exit 1)\n"),
                               ("console2", "BUG: x\n")):
                paths[name] = os.path.join(d, name)
                with open(paths[name], "w") as f:
                    f.write(text)
            argv = ["--tap", paths["tap"], "--console", paths["console"],
                    "--tap", f"rethunk={paths['tap2']}",
                    "--console", f"rethunk={paths['console2']}"]
            buf = io.StringIO()
            with redirect_stdout(buf):
                rc = rr.main(argv)
        out = buf.getvalue().splitlines()
        self.assertEqual(rc, 1)
        self.assertEqual(out[-1], "2 passed, 3 failed")
        self.assertIn("FAILED rethunk:e2e/a/c (exit 1)", out)
        self.assertIn("FAILED rethunk:e2e: the guest did not finish (crash or timeout)", out)
        self.assertTrue(any(line.startswith("FAILED rethunk:console: during boot: BUG")
                            for line in out))

    def test_a_path_is_not_a_label(self):
        self.assertEqual(rr.split_label("/a/b=c"), ("", "/a/b=c"))
        self.assertEqual(rr.split_label("rethunk=/a/b"), ("rethunk", "/a/b"))


if __name__ == "__main__":
    unittest.main()
