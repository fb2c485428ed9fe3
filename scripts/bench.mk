# scripts/bench.mk: `make bench`, Taskbase against Linux, included by the
# top-level Makefile after the kernel and initramfs rules.
#
#   make bench                    wall time and instruction counts, then the
#                                 scale runs (about 5 minutes without KVM)
#   make bench BENCH_MODES=wall   one mode only (wall or icount)
#   make bench BENCH_SCALE=0      without the thread-scale runs
#   make bench BENCH_ONLY=name    one microbenchmark row only (no scale runs)
#   make linux-kernel             only fetch Debian's kernel
#
# Variables: SMP, MEM, ACCEL as for `make run` (the same for both kernels);
# BENCH_ICOUNT_SMP (default 1: see scripts/bench.py) CPUs in icount mode;
# LINUX_DIR (default $(O)/linux) where scripts/fetch-linux-kernel.sh puts
# vmlinuz; LINUX_KERNEL to boot another Linux image instead.
#
# The THREAD_PAGES=2 build goes to $(O)/tp2, as for `make test`, for the
# scale run that shows twice as many 8 KiB kernel stacks fit. Results:
# $(O)/bench/bench.csv, bench.png and each guest's log; docs/performance.md
# explains them. The benchmark runs only inside QEMU, never on this host.
#
# The module_load_unload row loads and unloads scripts/benchmod/, built
# for Taskbase as a student's module and for Linux against Debian's
# linux-headers of the benchmark kernel (scripts/build-linux-module.sh,
# cached under ~/.cache/taskbase/); Taskbase boots an image with it in
# /lib/modules, $(O)/bench/initramfs-taskbase.cpio.

BENCH_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

BENCH_MODES ?= wall,icount
BENCH_SCALE ?= 1
BENCH_ICOUNT_SMP ?= 1
LINUX_DIR ?= $(O)/linux
LINUX_KERNEL ?= $(LINUX_DIR)/vmlinuz

.PHONY: bench linux-kernel

# Debian's linux-image-*-cloud-amd64, downloaded and unpacked, not installed.
$(LINUX_DIR)/vmlinuz:
	$(call msg,FETCH,$@)
	$(Q)scripts/fetch-linux-kernel.sh $(LINUX_DIR)

linux-kernel: $(LINUX_DIR)/vmlinuz

BENCH_ONLY ?=
BENCH_MOD_SRCS := scripts/benchmod/benchmod.c scripts/benchmod/Makefile
BENCH_MOD_TB := $(O)/bench/module-taskbase/benchmod.ko
BENCH_MOD_LINUX := $(O)/bench/module-linux/benchmod.ko
BENCH_INITRAMFS := $(O)/bench/initramfs-taskbase.cpio

$(BENCH_MOD_TB): $(BENCH_MOD_SRCS) $(KERNEL) FORCE
	@mkdir -p $(dir $@)
	$(Q)cp -p $(BENCH_MOD_SRCS) $(dir $@)
	$(Q)$(MAKE) --no-print-directory M=$(abspath $(dir $@)) modules

$(BENCH_MOD_LINUX): $(BENCH_MOD_SRCS) $(LINUX_KERNEL)
	$(call msg,KBUILD,$@)
	$(Q)scripts/build-linux-module.sh $(LINUX_DIR) $(dir $@) $(BENCH_MOD_SRCS)

$(BENCH_INITRAMFS): $(INITRAMFS) $(BENCH_MOD_TB)
	$(call msg,CPIO,$@)
	$(Q)$(PYTHON) scripts/mkinitramfs.py -o $@ initramfs $(INITRAMFS_ADD) \
		--add lib/modules/benchmod.ko=$(BENCH_MOD_TB) \
		$(if $(STRACE_BIN),--add usr/bin/strace=$(STRACE_BIN))

bench: all $(LINUX_KERNEL) $(BENCH_INITRAMFS) $(BENCH_MOD_LINUX)
ifeq ($(BENCH_ONLY),)
ifneq ($(BENCH_SCALE),0)
	$(call msg,MAKE,$(O)/tp2 THREAD_PAGES=2)
	$(Q)$(MAKE) --no-print-directory O=$(O)/tp2 THREAD_PAGES=2 all
endif
endif
	$(call msg,BENCH,$(O)/bench)
	$(Q)BUSYBOX=$(BUSYBOX) $(PYTHON) scripts/bench.py --build $(O) --linux $(LINUX_KERNEL) \
		--smp $(SMP) --mem $(MEM) --accel $(ACCEL) \
		--icount-smp $(BENCH_ICOUNT_SMP) --modes $(BENCH_MODES) \
		--tb-initrd $(BENCH_INITRAMFS) --linux-module $(BENCH_MOD_LINUX) \
		$(if $(BENCH_ONLY),--only $(BENCH_ONLY) --no-scale, \
		$(if $(filter 0,$(BENCH_SCALE)),--no-scale,--build-tp2 $(O)/tp2))

.DEFAULT_GOAL := $(BENCH_SAVED_DEFAULT_GOAL)
