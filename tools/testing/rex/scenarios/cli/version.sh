# rex --version and --help work and exit 0; an unknown subcommand exits 2.
rex --version | grep -Eq '^rex [0-9]+\.[0-9]+\.[0-9]+' || fail "rex --version: $(rex --version 2>&1)"
rex --help | grep -q 'list' || fail "rex --help does not mention 'list'"
rex frobnicate >/tmp/out 2>&1
expect_eq "exit status of an unknown subcommand" "$?" 2
grep -q frobnicate /tmp/out || fail "the error does not name the subcommand: $(cat /tmp/out)"
