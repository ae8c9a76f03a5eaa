# bpf_override_return is not offered to XDP programs.
expect_refused helper-not-allowed.rex xdp EACCES "import bpf_override_return: helper not available"
