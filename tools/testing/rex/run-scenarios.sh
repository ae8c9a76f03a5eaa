#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every end-to-end scenario (scenarios/<area>/<name>.sh) and report TAP:
# "ok N - area/name" or "not ok N - area/name" with the scenario's output
# as "# " diagnostics. A scenario passes by exiting 0, skips by exiting 77.
# The start of each scenario is marked in the kernel log, so a warning on
# the console can be traced to the scenario that caused it.
cd /usr/share/rex/scenarios || exit 1
echo "TAP version 13"
n=0
# Seconds a scenario may take: the test kernel runs under KASAN and TCG.
limit=300
# $1: globs of scenarios to run instead of all, separated by spaces
# (REX_SCENARIOS of run-qemu.sh)
for s in ${1:-*/*.sh}; do
	name=${s%.sh}
	n=$((n + 1))
	echo "rex-e2e: start $name" >/dev/kmsg
	timeout $limit sh -c ". /usr/share/rex/lib.sh; . ./$s" >/tmp/scenario.out 2>&1
	rc=$?
	case $rc in
	0) echo "ok $n - $name" ;;
	77) echo "ok $n - $name # SKIP $(tail -n 1 /tmp/scenario.out)" ;;
	124|143) echo "not ok $n - $name (timed out after $limit s)"
	   sed 's/^/# /' /tmp/scenario.out ;;
	*) echo "not ok $n - $name (exit $rc)"
	   sed 's/^/# /' /tmp/scenario.out ;;
	esac
done
echo "1..$n"
