# One byte of code changed after signing.
expect_refused tampered-code.rex xdp EKEYREJECTED "bad signature: the signature does not match"
