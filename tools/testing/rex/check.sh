#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# 'make check': build what is out of date, run the host tests, boot the Rex
# kernel for KUnit and the end-to-end scenarios (and again with return
# thunks for some of them), then print every
# failure with its cause and 'N passed, N failed' last. Exits non-zero on
# any failure, boot failure or timeout.
#
# Usage: check.sh REPO BUILD
set -uo pipefail

repo=$(realpath "$1") build=$(realpath -m "$2")
logs=$build/logs
here=$repo/tools/testing/rex
mkdir -p "$logs"
cd "$repo" || exit 1
fails=()

# step NAME CMD...: run CMD with its output in build/logs/NAME.log; on
# failure show the lines that say why and remember the step as failed.
step() {
	local name=$1 log=$logs/$1.log
	shift
	echo "check: $name (log: ${log#"$repo"/})"
	if "$@" >"$log" 2>&1; then
		return 0
	fi
	echo "check: $name FAILED:"
	{ grep -E -i '(^|[^a-z])(error|fatal|failed|does not apply|no such)' "$log" || tail -n 20 "$log"; } |
		tail -n 20 | sed 's/^/    /'
	fails+=("--fail=$name=failed, see ${log#"$repo"/}")
	return 1
}

step deps make -s deps BUILD="$build" || true
kernel_ok=0 tools_ok=0
step build-kernel make -s kernel BUILD="$build" && kernel_ok=1
step build-tools make -s tools BUILD="$build" && tools_ok=1

results=(--unittest "host-python=$logs/host-python.log")
echo "check: host tests"
python3 -m unittest discover -s "$here" -p 'test_*.py' >"$logs/host-python.log" 2>&1
if [[ $tools_ok == 1 ]]; then
	ctest --test-dir "$build/tools" --output-on-failure >"$logs/host-ctest.log" 2>&1
	results+=(--ctest "$logs/host-ctest.log")
fi

if [[ $kernel_ok == 1 && $tools_ok == 1 ]] && step initramfs make -s initramfs BUILD="$build"; then
	echo "check: booting the Rex kernel in QEMU (KUnit + end-to-end)"
	"$here/run-qemu.sh" check "$build/kernel/arch/x86/boot/bzImage" \
		"$build/initramfs.cpio.gz" "$logs"
	rc=$?
	[[ $rc -eq 124 ]] && fails+=("--fail=boot=QEMU timed out, see build/logs/check-console.log")
	[[ $rc -ne 0 && $rc -ne 124 ]] && fails+=("--fail=boot=QEMU exited with $rc")
	python3 "$build/linux/tools/testing/kunit/kunit.py" parse --json="$logs/kunit.json" \
		"$logs/check-console.log" >"$logs/kunit.log" 2>&1
	results+=(--kunit-json "$logs/kunit.json" --tap "$logs/check-results.log"
		  --console "$logs/check-console.log")

	# Again with retbleed=force,unret: TCG's CPU needs no return thunk, so above
	# every return was patched to "ret". Here the kernel picks the
	# untrained return thunk, and the loader patches programs' returns as
	# jumps to it: the image KUnit suite and the scenarios whose programs
	# return, panic, lock and are stopped run through it. Their results
	# are named rethunk:...
	rt=$logs/rethunk
	echo "check: booting it again with retbleed=force,unret (return thunks)"
	REX_QEMU_APPEND="retbleed=force,unret kunit.filter_glob=rex_image" \
	REX_SCENARIOS="runtime/return-thunk.sh runtime/panic-*.sh runtime/spin-lock.sh
		runtime/timeout.sh runtime/task-ref.sh runtime/ringbuf.sh runtime/arith-panics.sh
		samples/xdp-attached.sh samples/tc-attached.sh samples/kprobe-attached.sh
		support/trace-stack.sh load/shared-image.sh bench/programs.sh" \
		"$here/run-qemu.sh" check "$build/kernel/arch/x86/boot/bzImage" \
		"$build/initramfs.cpio.gz" "$rt"
	rc=$?
	[[ $rc -eq 124 ]] && fails+=("--fail=rethunk:boot=QEMU timed out, see build/logs/rethunk/check-console.log")
	[[ $rc -ne 0 && $rc -ne 124 ]] && fails+=("--fail=rethunk:boot=QEMU exited with $rc")
	python3 "$build/linux/tools/testing/kunit/kunit.py" parse --json="$rt/kunit.json" \
		"$rt/check-console.log" >"$rt/kunit.log" 2>&1
	results+=(--kunit-json "rethunk=$rt/kunit.json" --tap "rethunk=$rt/check-results.log"
		  --console "rethunk=$rt/check-console.log")
else
	fails+=("--fail=boot=not attempted: a build step failed")
fi

python3 "$here/rex_results.py" "${results[@]}" "${fails[@]}"
