# A plain kernel function cannot be imported.
expect_refused forbidden-symbol.rex xdp EACCES "import commit_creds: forbidden symbol"
