# BPF_F_SLEEPABLE: a Rex program runs on its CPU's Rex stack and may not
# sleep, so a sleepable load is refused before the image is looked at.
REX_TEST_SLEEPABLE=1 expect_refused plain-xdp.rex xdp EINVAL "Rex programs cannot be sleepable"
