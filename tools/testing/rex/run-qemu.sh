#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the Rex kernel in QEMU with the test initramfs.
#
# Usage: run-qemu.sh MODE BZIMAGE INITRAMFS LOGDIR
#   MODE: check | demo | kunit | shell | bench
#
# The console (ttyS0) is kept in LOGDIR/MODE-console.log, and shown on the
# terminal for demo and shell; the result channel (ttyS1) is written to
# LOGDIR/MODE-results.log. TCG is used unless a probe (cached in
# LOGDIR/../kvm-probe) showed that KVM boots this kernel. REX_QEMU_TIMEOUT
# (seconds) bounds the run; exit 124 means it was hit. REX_QEMU_MODEL=icount
# (benchmarks) runs TCG with a virtual clock that advances one nanosecond
# per guest instruction, so guest time counts instructions.
set -euo pipefail

mode=$1 kernel=$2 initrd=$3 logdir=$4
mkdir -p "$logdir"
console=$logdir/$mode-console.log
results=$logdir/$mode-results.log
probe=$logdir/../kvm-probe
: "${REX_QEMU_TIMEOUT:=900}"

qemu_base=(qemu-system-x86_64 -machine q35 -m 1024 -smp 2 -no-reboot -display none
	   -kernel "$kernel" -initrd "$initrd")
cmdline="console=ttyS0 panic=-1 kunit.enable=$([[ $mode == check || $mode == kunit ]] && echo 1 || echo 0)"
# REX_QEMU_APPEND: more kernel parameters (the check's second boot:
# retbleed=force,unret and a KUnit filter)
cmdline+=${REX_QEMU_APPEND:+ $REX_QEMU_APPEND}

# KVM only when it has been shown to boot this machine's kernels.
accel=(-accel tcg -cpu max)
if [[ -w /dev/kvm && "${REX_QEMU_ACCEL:-auto}" != tcg ]] &&
   grep -qwE 'vmx|svm' /proc/cpuinfo; then
	if [[ ! -f "$probe" ]]; then
		if (timeout 60 "${qemu_base[@]}" -accel kvm -cpu host -smp 1 -serial null \
			-serial file:"$probe.out" -append "$cmdline kunit.enable=0 -- probe" \
			>/dev/null 2>&1) 2>/dev/null && grep -q 'rex-init: done' "$probe.out" 2>/dev/null; then
			echo kvm >"$probe"
		else
			echo tcg >"$probe"
		fi
		rm -f "$probe.out"
	fi
	[[ "$(cat "$probe")" == kvm ]] && accel=(-accel kvm -cpu host)
fi
if [[ "${REX_QEMU_MODEL:-}" == icount ]]; then
	accel=(-accel tcg,thread=single -cpu max -icount shift=0,align=off,sleep=off)
fi

: >"$results"
# REX_SCENARIOS='GLOB...' (e.g. 'runtime/*'): run only those end-to-end scenarios
# (bench: the figure groups to run, e.g. 'kprobe bmc').
scenarios=$(printf '%s' "${REX_SCENARIOS:-}" | tr -s ' \t\n' ' ')
args=("${qemu_base[@]}" "${accel[@]}" -append "$cmdline -- $mode $scenarios")
case "$mode" in
shell)
	exec "${args[@]}" -serial mon:stdio -serial file:"$results"
	;;
demo)
	set +e
	timeout --foreground "$REX_QEMU_TIMEOUT" "${args[@]}" -serial stdio \
		-serial file:"$results" </dev/null | tee "$console"
	rc=${PIPESTATUS[0]}
	;;
*)
	set +e
	timeout "$REX_QEMU_TIMEOUT" "${args[@]}" -serial file:"$console" \
		-serial file:"$results" </dev/null
	rc=$?
	;;
esac
[[ $rc -eq 124 ]] && echo "run-qemu: timeout: QEMU still running after ${REX_QEMU_TIMEOUT}s (console: $console)" >&2
exit $rc
