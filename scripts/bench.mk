# scripts/bench.mk: `make bench`, Taskbase against Linux, included by the
# top-level Makefile after the kernel and initramfs rules.
#
#   make bench                    wall time and instruction counts, then the
#                                 scale runs (about 5 minutes without KVM)
#   make bench BENCH_MODES=wall   one mode only (wall or icount)
#   make bench BENCH_SCALE=0      without the thread-scale runs
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

bench: all $(LINUX_KERNEL)
ifneq ($(BENCH_SCALE),0)
	$(call msg,MAKE,$(O)/tp2 THREAD_PAGES=2)
	$(Q)$(MAKE) --no-print-directory O=$(O)/tp2 THREAD_PAGES=2 all
endif
	$(call msg,BENCH,$(O)/bench)
	$(Q)BUSYBOX=$(BUSYBOX) $(PYTHON) scripts/bench.py --build $(O) --linux $(LINUX_KERNEL) \
		--smp $(SMP) --mem $(MEM) --accel $(ACCEL) \
		--icount-smp $(BENCH_ICOUNT_SMP) --modes $(BENCH_MODES) \
		$(if $(filter 0,$(BENCH_SCALE)),--no-scale,--build-tp2 $(O)/tp2)

.DEFAULT_GOAL := $(BENCH_SAVED_DEFAULT_GOAL)
