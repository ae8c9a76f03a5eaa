# More than 4 MiB.
expect_refused oversized.rex xdp EFBIG "exceeds the limit"
