# An entry without ENDBR64 (built with -fcf-protection=none): the
# dispatcher's indirect call would fault on a CPU with IBT, so the loader
# refuses it, whatever the CPU (TCG has no CET) and the kernel's config.
expect_refused no-endbr.rex xdp ENOEXEC "program hostile: entry hostile_entry does not begin with ENDBR64"
# The same source with ENDBR64 loads.
rex-test-raw-load $IMAGES/bad/plain-xdp.rex xdp >/tmp/out 2>&1 || fail "plain-xdp: $(cat /tmp/out)"
