# A valid signature over bytes that are not an ELF image.
expect_refused garbage.rex xdp ENOEXEC "not an ELF file"
