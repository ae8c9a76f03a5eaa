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

# boot LABEL LOGDIR: boot the test kernel in check mode (REX_QEMU_APPEND
# and REX_SCENARIOS as the caller set them) and collect its KUnit, TAP and
# console results; a LABEL names a boot after the first in the results.
boot() {
	local label=$1 dir=$2 tag=${1:+$1=} at=${1:+$1:}
	"$here/run-qemu.sh" check "$build/kernel/arch/x86/boot/bzImage" \
		"$build/initramfs.cpio.gz" "$dir"
	local rc=$?
	[[ $rc -eq 124 ]] && fails+=("--fail=${at}boot=QEMU timed out, see ${dir#"$repo"/}/check-console.log")
	[[ $rc -ne 0 && $rc -ne 124 ]] && fails+=("--fail=${at}boot=QEMU exited with $rc")
	python3 "$build/linux/tools/testing/kunit/kunit.py" parse --json="$dir/kunit.json" \
		"$dir/check-console.log" >"$dir/kunit.log" 2>&1
	results+=(--kunit-json "$tag$dir/kunit.json" --tap "$tag$dir/check-results.log"
		  --console "$tag$dir/check-console.log")
}

if [[ $kernel_ok == 1 && $tools_ok == 1 ]] && step initramfs make -s initramfs BUILD="$build"; then
	echo "check: booting the Rex kernel in QEMU (KUnit + end-to-end)"
	boot "" "$logs"

	# Again with retbleed=force,unret: TCG's CPU needs no return thunk, so
	# above every return was patched to "ret". Here the kernel picks the
	# untrained return thunk, and the loader patches programs' returns as
	# jumps to it: the image KUnit suite and the scenarios whose programs
	# return, recurse, panic, lock and are stopped run through it. Their
	# results are named rethunk:...
	echo "check: booting it again with retbleed=force,unret (return thunks)"
	REX_QEMU_APPEND="retbleed=force,unret kunit.filter_glob=rex_image" \
	REX_SCENARIOS="runtime/return-thunk.sh runtime/recursion.sh runtime/panic-*.sh
		runtime/spin-lock.sh runtime/timeout.sh runtime/task-ref.sh runtime/ringbuf.sh
		runtime/arith-panics.sh samples/xdp-attached.sh samples/tc-attached.sh
		samples/kprobe-attached.sh support/trace-stack.sh load/shared-image.sh
		bench/programs.sh" \
		boot rethunk "$logs/rethunk"
else
	fails+=("--fail=boot=not attempted: a build step failed")
fi

python3 "$here/rex_results.py" "${results[@]}" "${fails[@]}"
