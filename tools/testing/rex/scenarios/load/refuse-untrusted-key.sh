# Signed by a key the kernel does not trust.
expect_refused untrusted-key.rex xdp ENOKEY "signed by a key the kernel does not trust"
