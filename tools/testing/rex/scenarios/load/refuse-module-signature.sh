# A module signature is not a Rex signature.
expect_refused module-signed.rex xdp ENODATA "image is not signed"
