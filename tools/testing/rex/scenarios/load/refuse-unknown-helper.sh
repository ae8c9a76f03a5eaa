# A name that is no BPF helper cannot be imported.
expect_refused unknown-helper.rex xdp EACCES "import bpf_no_such_helper: forbidden symbol"
