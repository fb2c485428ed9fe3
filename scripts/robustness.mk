# scripts/robustness.mk: the long robustness runs (docs/robustness.md),
# included by the top-level Makefile after KERNEL, INITRAMFS, MEM, ACCEL,
# SMP and PYTHON are set.
#
#   make fuzz [SEED=n] [N=calls] [FUZZ_TIME=seconds] [FUZZ_FLAGS=...] [SMP=n]
#             [DEBUG_KERNEL=1 [FAULT=percent]]
#   make soak [DURATION=seconds] [SOAK_JOBS=n] [SMP=n]
#
# Each boots kernel.elf and the initramfs under QEMU (qemu -kernel, no
# GRUB: fast), types the command at the shell and then poweroff (the batch
# mode of scripts/qemu.py forwards our stdin to the serial console), shows
# the console and keeps it in $(O)/fuzz.log or $(O)/soak.log. The target
# fails unless the program's verdict is PASS/ok and the machine powered
# off by itself: a panic ends QEMU at once, a hang when the time limit
# kills it. The programs refuse to run outside Taskbase; these targets, and
# the tests in tests/integration/test_robustness.py, run them inside QEMU.
#
# The fuzzer prints its seed: `make fuzz SEED=that` replays the same calls
# (the order in which the workers' threads interleave may differ).

# The seed of `make fuzz` (default: the clock); N calls in all, at most
# FUZZ_TIME seconds.
SEED ?= $(shell date +%s)
N ?= 200000
FUZZ_TIME ?= 600
# More fuzz options, e.g. "-k munmap" (skip a call) or "-o futex" (only it).
FUZZ_FLAGS ?=
# FAULT=n, with DEBUG_KERNEL=1: n% of the slab and page allocations of
# the fuzzer's workers fail on purpose (fuzz -F, task-filter on; Linux's
# failslab and fail_page_alloc, docs/robustness.md).
FAULT ?=
FAULT_SETUP = $(foreach a,failslab fail_page_alloc,echo 0 > /proc/$(a)/verbose; \
	echo -1 > /proc/$(a)/times; echo 1 > /proc/$(a)/task-filter; \
	echo $(FAULT) > /proc/$(a)/probability;)
# How long `make soak` keeps the machine busy, with how many jobs.
DURATION ?= 600
SOAK_JOBS ?= 8
# A soak is about SMP: 4 CPUs unless SMP=n was given.
SOAK_SMP = $(if $(filter command line environment,$(origin SMP)),$(SMP),4)

ROB_QEMU = $(PYTHON) scripts/qemu.py --kernel $(KERNEL) --initrd $(INITRAMFS) \
	--mem $(MEM) --accel $(ACCEL)
# A line of spaces first: the very first bytes typed may arrive before the
# console is listening, and losing spaces is harmless.
ROB_PAD = printf '%64s\n' ''

# The shell carries the rest of the command line (the checks after the
# run, poweroff): the OOM killer must not take it, or the guest sits
# silent at a new prompt until the timeout (seed 108: init's "/bin/sh
# was killed by signal 9" while every worker was dying).
ROB_SPARE_SHELL = echo -1000 > /proc/self/oom_score_adj;

# The debug kernel's tools (DEBUG_KERNEL=1) report and carry on: any
# report fails the run too.
ROB_REPORTS = -e 'BUG: KASAN:' -e '^\[[ .0-9]*\] UBSAN:' -e 'list_add corruption' \
	-e 'list_add double add' -e 'list_del corruption'

# With DEBUG_KERNEL=1, `make fuzz` also checks that the run gave every
# object back: it lists each kmalloc cache's live objects by allocating
# stack (/proc/slab/<cache>/alloc_traces) before and after the run, asks
# kmemleak (two scans) in between, and scripts/alloc_traces_diff.py names
# the stacks with more objects after than before; any fails the run.
ifeq ($(DEBUG_KERNEL),1)
ROB_TRACES = for c in /proc/slab/*; do echo "alloc_traces: $$c"; \
	cat $$c/alloc_traces; done; echo "alloc_traces: end";
ROB_KMEMLEAK = sleep 6; echo scan > /proc/kmemleak; sleep 6; \
	echo scan > /proc/kmemleak; cat /proc/kmemleak;
ROB_LEFT = $(PYTHON) scripts/alloc_traces_diff.py $(O)/fuzz.log
endif

.PHONY: fuzz soak

fuzz: $(KERNEL) $(INITRAMFS)
	@{ $(ROB_PAD); echo '$(ROB_SPARE_SHELL)$(if $(FAULT),$(FAULT_SETUP) )$(ROB_TRACES) fuzz $(if $(FAULT),-F )-s $(SEED) -n $(N) -T $(FUZZ_TIME) $(FUZZ_FLAGS); $(ROB_KMEMLEAK) $(ROB_TRACES) poweroff'; } | \
		$(ROB_QEMU) --smp $(SMP) --timeout $$(($(FUZZ_TIME) + 120)) | \
		tee $(O)/fuzz.log
	@grep -q '^fuzz: PASS' $(O)/fuzz.log && grep -q 'reboot: Power down' $(O)/fuzz.log || \
		{ echo "make fuzz: FAILED (seed $(SEED)); console in $(O)/fuzz.log"; exit 1; }
	@! grep -q $(ROB_REPORTS) $(O)/fuzz.log || \
		{ echo "make fuzz: FAILED: a debug tool reported (seed $(SEED)); console in $(O)/fuzz.log"; exit 1; }
	@! grep -q 'kmemleak: Kernel memory leak detector disabled' $(O)/fuzz.log || \
		{ echo "make fuzz: FAILED: kmemleak turned itself off, so it gives no verdict (seed $(SEED)); console in $(O)/fuzz.log"; exit 1; }
	@! grep -q -e 'new suspected memory leak' -e '^unreferenced object' $(O)/fuzz.log || \
		{ echo "make fuzz: FAILED: kmemleak suspects leaks (seed $(SEED)); console in $(O)/fuzz.log"; exit 1; }
	@$(if $(ROB_LEFT),$(ROB_LEFT) || \
		{ echo "make fuzz: FAILED: the run left objects (seed $(SEED)); console in $(O)/fuzz.log"; exit 1; })
	@echo "make fuzz: passed (seed $(SEED)); console in $(O)/fuzz.log"

soak: $(KERNEL) $(INITRAMFS)
	@{ $(ROB_PAD); echo '$(ROB_SPARE_SHELL)sysinfo; soak -t $(DURATION) -j $(SOAK_JOBS); sysinfo; poweroff'; } | \
		$(ROB_QEMU) --smp $(SOAK_SMP) --timeout $$(($(DURATION) + 120)) | \
		tee $(O)/soak.log
	@grep -q '^soak: ok' $(O)/soak.log && grep -q 'reboot: Power down' $(O)/soak.log || \
		{ echo "make soak: FAILED; console in $(O)/soak.log"; exit 1; }
	@! grep -q $(ROB_REPORTS) $(O)/soak.log || \
		{ echo "make soak: FAILED: a debug tool reported; console in $(O)/soak.log"; exit 1; }
	@echo "make soak: passed; console in $(O)/soak.log"
