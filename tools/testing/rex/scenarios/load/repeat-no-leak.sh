# Load and unload a program with a map 1000 times: no leak (kmemleak), no
# warning (the console is checked by the harness).
kml=/sys/kernel/debug/kmemleak
[ -w $kml ] && { echo scan >$kml; echo clear >$kml; }
i=0
while [ $i -lt 1000 ]; do
	rex load $IMAGES/samples/xdp_count.rex >/dev/null 2>/tmp/out || fail "load $i: $(cat /tmp/out)"
	i=$((i + 1))
done
grep -q ' rex:xdp_count:' /proc/kallsyms && sleep 2
[ -w $kml ] || { echo "kmemleak is not enabled"; exit 77; }
# Objects younger than 5 s are not reported; let the last ones age.
sleep 6
echo scan >$kml
echo scan >$kml
leaks=$(cat $kml)
[ -z "$leaks" ] || fail "kmemleak reports: $(echo "$leaks" | head -n 30)"
