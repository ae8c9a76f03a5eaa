# The runtime came up with one Rex stack per possible CPU.
cpus=$(cat /sys/devices/system/cpu/possible)
online=$(nproc)
[ "$online" -ge 2 ] || fail "test kernel should boot with 2 CPUs, has $online"
line=$(dmesg | grep 'rex: runtime ready') || fail "no 'rex: runtime ready' in dmesg"
echo "$line" | grep -q "ready: $online per-CPU stacks of 64 KiB" ||
	fail "unexpected runtime line: $line (possible CPUs: $cpus)"
