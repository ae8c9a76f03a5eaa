# An image without a signature is refused.
expect_refused unsigned.rex xdp ENODATA "image is not signed"
