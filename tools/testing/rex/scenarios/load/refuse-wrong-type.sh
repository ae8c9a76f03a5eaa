# Loaded as another program type than its descriptor says.
expect_refused plain-xdp.rex kprobe EINVAL "is of type 6"
