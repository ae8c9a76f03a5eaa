# SPDX-License-Identifier: GPL-2.0-only
#
# Rex for C++: the driver. Every target builds only what is out of date and
# installs the Debian packages it needs (scripts/rex/deps.sh).
#
#   make run        build everything, boot the Rex kernel in QEMU, run the demo
#   make check      all tests: host, KUnit and end-to-end in one boot
#   make help       the other targets

SHELL     := /bin/bash
REPO      := $(CURDIR)
BUILD     ?= $(REPO)/build
KTREE     := $(BUILD)/linux
KOUT      := $(BUILD)/kernel
BZIMAGE   := $(KOUT)/arch/x86/boot/bzImage
HEADERS   := $(BUILD)/headers
TOOLS     := $(BUILD)/tools
INITRAMFS := $(BUILD)/initramfs.cpio.gz
LOGS      := $(BUILD)/logs
JOBS      ?= $(shell nproc)
FRAGMENTS ?= configs/rex.config configs/debug.config
# make bench: the same kernel without the debug options (lockdep and
# kmemleak weigh on every lock and allocation, unevenly), in its own build
# directory, trusting the main build's signing key so the same signed
# images load in both.
BENCH_KOUT := $(BUILD)/kernel-bench
BENCH_BZIMAGE := $(BENCH_KOUT)/arch/x86/boot/bzImage
# tcg: wall time under TCG; icount: virtual time of one nanosecond per
# guest instruction (-icount shift=0), i.e. instructions per run.
BENCH_MODELS ?= tcg icount
# figure groups (tools/testing/rex/bench.sh), checked before anything is built
BENCH_GROUPS := xdp watchdog kprobe bmc
BENCH_FIGURES ?= $(BENCH_GROUPS)
ifneq ($(filter bench,$(MAKECMDGOALS)),)
ifneq ($(filter-out $(BENCH_GROUPS),$(BENCH_FIGURES)),)
$(error BENCH_FIGURES: no figure group '$(filter-out $(BENCH_GROUPS),$(BENCH_FIGURES))' (the groups: $(BENCH_GROUPS)))
endif
endif
TESTING   := tools/testing/rex

# ccache: paths under the repository are hashed relative to it, so another
# clone of the repository on this machine reuses the same cache.
export CCACHE_BASEDIR  := $(REPO)
export CCACHE_NOHASHDIR := true
export CCACHE_MAXSIZE  ?= 5G

KMAKE := $(MAKE) -s -C $(KTREE) O=$(KOUT) ARCH=x86_64 CC="ccache gcc" -j$(JOBS)
QEMU  := $(TESTING)/run-qemu.sh

.PHONY: help deps tree config headers kernel tools bpftool initramfs run shell \
	kunit host-tests check bench bench-kernel

help:
	@echo "make run         build kernel, tools and initramfs; boot QEMU and run the demo"
	@echo "make check       host tests + KUnit + end-to-end scenarios; ends 'N passed, N failed'"
	@echo "make kernel      prepare the 6.12 tree (overlay + patches/), configure, build bzImage"
	@echo "make tools       build tools/rex (rex CLI, librex, host tests)"
	@echo "make bpftool     build bpftool from the kernel tree (static)"
	@echo "make initramfs   build the test initramfs"
	@echo "make kunit       boot and run the Rex KUnit suites only"
	@echo "make host-tests  host tests only (ctest, Python)"
	@echo "make shell       boot the Rex kernel with an interactive shell"
	@echo "make bench       Rex vs eBPF benchmarks, same boot (medians, ratios); BENCH_MODELS=tcg icount, BENCH_FIGURES=xdp watchdog kprobe bmc"
	@echo "Variables: KERNEL_SRC=/path/to/linux-6.12 BUILD=dir JOBS=n"

deps:
	@scripts/rex/deps.sh kernel tools qemu

tree:
	@scripts/rex/deps.sh kernel
	@scripts/rex/prepare-tree.sh $(REPO) $(BUILD)

config: tree
	@scripts/rex/config.sh $(KTREE) $(KOUT) $(FRAGMENTS)

# headers_install rewrites every header (rsync without times); staging it
# and copying only what changed keeps the tools' objects up to date.
headers: config
	@+$(KMAKE) headers_install INSTALL_HDR_PATH=$(HEADERS).stage >/dev/null
	@rsync -rc --delete $(HEADERS).stage/ $(HEADERS)/

kernel: headers
	@echo "kernel: building $(BZIMAGE) (log in the terminal; ccache on)"
	@+$(KMAKE) bzImage
	@echo "kernel: $(BZIMAGE) is up to date"

tools: headers
	@scripts/rex/deps.sh tools
	@cmake -S tools/rex -B $(TOOLS) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
		-DREX_UAPI_DIR=$(HEADERS) >/dev/null
	@cmake --build $(TOOLS) -j$(JOBS)

# bpftool from the same tree, static for the initramfs: Rex programs must
# show in it as ordinary BPF programs.
bpftool: headers
	@scripts/rex/deps.sh tools
	@mkdir -p $(BUILD)/bpftool
	@+$(MAKE) -s -C $(KTREE)/tools/bpf/bpftool OUTPUT=$(BUILD)/bpftool/ \
		EXTRA_LDFLAGS=-static feature-libcap=0 feature-llvm=0 feature-libbfd=0 \
		feature-libbfd-liberty=0 feature-libbfd-liberty-z=0 \
		feature-disassembler-four-args=0 feature-disassembler-init-styled=0 >/dev/null

initramfs: tools bpftool
	@scripts/rex/deps.sh qemu
	@$(TESTING)/mkinitramfs.sh $(REPO) $(BUILD) $(INITRAMFS)

run: kernel initramfs
	@$(QEMU) demo $(BZIMAGE) $(INITRAMFS) $(LOGS); \
	st=$$(sed -n 's/^rex-demo: exit \([0-9]*\).*/\1/p' $(LOGS)/demo-results.log); \
	if [ "$$st" != 0 ]; then \
		echo "make run: the demo failed (exit $${st:-missing: the guest did not finish}); console: $(LOGS)/demo-console.log" >&2; \
		exit 1; \
	fi

shell: kernel initramfs
	@$(QEMU) shell $(BZIMAGE) $(INITRAMFS) $(LOGS)

kunit: kernel initramfs
	@$(QEMU) kunit $(BZIMAGE) $(INITRAMFS) $(LOGS) || true
	@python3 $(KTREE)/tools/testing/kunit/kunit.py parse $(LOGS)/kunit-console.log

bench-kernel: kernel
	@mkdir -p $(BENCH_KOUT)
	@echo 'CONFIG_MODULE_SIG_KEY="$(KOUT)/certs/signing_key.pem"' >$(BENCH_KOUT)/signing-key.config
	@scripts/rex/config.sh $(KTREE) $(BENCH_KOUT) configs/rex.config configs/bench.config \
		$(BENCH_KOUT)/signing-key.config
	@echo "kernel: building $(BENCH_BZIMAGE) (no debug options, for make bench)"
	@+$(MAKE) -s -C $(KTREE) O=$(BENCH_KOUT) ARCH=x86_64 CC="ccache gcc" -j$(JOBS) bzImage

bench: bench-kernel initramfs
	@for model in $(BENCH_MODELS); do \
		echo "bench: booting the bench kernel ($$model)"; \
		REX_QEMU_MODEL=$$model REX_SCENARIOS="$(BENCH_FIGURES)" $(QEMU) bench $(BENCH_BZIMAGE) $(INITRAMFS) $(LOGS) || exit 1; \
		mv $(LOGS)/bench-results.log $(LOGS)/bench-$$model-results.log; \
		mv $(LOGS)/bench-console.log $(LOGS)/bench-$$model-console.log; \
	done
	@set -o pipefail; \
	python3 $(TESTING)/bench.py $(foreach m,$(BENCH_MODELS),$(m)=$(LOGS)/bench-$(m)-results.log) \
		| tee $(LOGS)/bench-summary.txt

host-tests: tools
	@ctest --test-dir $(TOOLS) --output-on-failure
	@python3 -m unittest discover -s $(TESTING) -p 'test_*.py'

check:
	@$(TESTING)/check.sh $(REPO) $(BUILD)
