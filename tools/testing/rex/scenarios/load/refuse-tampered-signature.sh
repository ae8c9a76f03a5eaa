# One byte of the PKCS#7 signature changed.
expect_refused tampered-sig.rex xdp EKEYREJECTED "bad signature"
