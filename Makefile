# Taskbase: one non-recursive Makefile. See README.md.
#
#   make                  build $(O)/kernel.elf, $(O)/samples/*/*.ko (the sample
#                         modules), $(O)/initramfs.cpio, $(O)/taskbase.iso
#   make run              boot the ISO in QEMU (GRUB), console on this terminal
#   make run-kernel       boot kernel.elf directly (qemu -kernel, no GRUB)
#   make debug            QEMU halted with a gdb stub, gdb attached
#   make test             every test; ends with "N passed, M failed"
#   make labs             the graded labs; make lab LAB=n, make grade LAB=n
#   make bench            Taskbase against Linux (docs/performance.md)
#   make clean
#
# Variables: O=dir (build directory), THREAD_PAGES=2|4, SMP=n, MEM=size,
# ACCEL=tcg|kvm, CROSS_COMPILE=prefix, APPEND="kernel command line",
# V=1 (print every command in full instead of "  CC      kernel/fork.o"),
# DEBUG_KERNEL=1 (KASAN, UBSAN, lockdep...: scripts/debug.mk; own O=build/debug).

.DEFAULT_GOAL := all

# The debug kernel builds apart, so the default build stays as it is.
ifeq ($(DEBUG_KERNEL),1)
O ?= build/debug
endif
O ?= build
# One spelling of the build directory: relative to the tree when inside it.
# The .d files name their targets as O was spelled when they were made; a
# build of the same directory as an absolute O (the tests' debug_build())
# would miss those rules and keep objects a changed header made stale.
override O := $(patsubst $(CURDIR)/%,%,$(abspath $(O)))
THREAD_PAGES ?= 4
SMP ?= 2
MEM ?= 256M
ACCEL ?= tcg
APPEND ?=
CROSS_COMPILE ?=

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
NM := $(CROSS_COMPILE)nm
HOSTCC ?= cc
PYTHON ?= python3

# ---- quiet output, as Linux's kbuild ---------------------------------------
# Each step prints one short line, a tag and its target inside $(O):
# "  CC      kernel/fork.o". V=1 prints the full commands instead. A recipe
# says $(call msg,TAG,target) and runs its commands as $(Q)command: msg is
# the short line (nothing with V=1), Q hides the command (not with V=1).
# The included .mk files use the same two. `make -n` still lists every
# command, and `make -s` silences the short lines too (scripts/lab.py
# builds that way): the first word of MAKEFLAGS holds the one-letter flags.
V ?= 0
ifeq ($(V),1)
Q :=
msg =
else
Q := @
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
msg =
else
msg = @printf '  %-7s %s\n' '$(1)' '$(patsubst $(O)/%,%,$(2))'
endif
endif

include arch/x86_64/build.mk
include user/build.mk

# ---- kernel flags ----------------------------------------------------------
# gnu11 for typeof, statement expressions and inline asm.
KCFLAGS := -std=gnu11
# Optimised, with full debug info for gdb.
KCFLAGS += -O2 -g
# No hosted C library: only the compiler's own freestanding headers.
KCFLAGS += -ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include)
# Keep frame pointers so backtraces (panic, /proc/<pid>/stack) can walk rbp.
KCFLAGS += -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
# ...and no tail calls, which would drop the caller's frame from traces.
KCFLAGS += -fno-optimize-sibling-calls
# No unwind tables: nothing here uses them.
KCFLAGS += -fno-asynchronous-unwind-tables
# Kernel code casts between types on purpose (page tables, headers).
KCFLAGS += -fno-strict-aliasing
# Stack protector, one global canary picked at boot (kernel/panic.c).
KCFLAGS += -fstack-protector-strong -mstack-protector-guard=global
KCFLAGS += -Wall -Wextra -Wno-unused-parameter
# Includes are by path from the repo root: #include "kernel/task.h".
KCFLAGS += -I.
# The one exception, Linux's asm/ idea: the CPU interface headers in
# arch/x86_64/include/asm/ are "asm/NAME.h", the only arch headers kernel/
# and lib/ may include (tests/integration/test_arch_interface.py checks).
KCFLAGS += -I$(ARCH_INCLUDE)
KCFLAGS += -DTHREAD_PAGES=$(THREAD_PAGES)
# Generated headers (asm-offsets.h) live in the build directory.
KCFLAGS += -I$(O)
# Header dependencies, regenerated on every compile.
KCFLAGS += -MMD -MP
KCFLAGS += $(ARCH_CFLAGS)

KASFLAGS := $(filter-out -std=gnu11,$(KCFLAGS)) -D__ASSEMBLY__

# ---- DEBUG_KERNEL=1: the bug-finding tools (docs/robustness.md) -----------
# Each tool's section of scripts/debug.mk adds its flags to KCFLAGS and its
# name to DEBUG_TOOLS, which the kernel prints at boot (debug.mk's per-file
# flags come last: they copy KCFLAGS as it is then). The default build
# includes none of them.
ifeq ($(DEBUG_KERNEL),1)
include scripts/debug.mk
KCFLAGS += -DCONFIG_DEBUG_TOOLS='"$(strip $(DEBUG_TOOLS))"'
DEBUG_MAKEFILES := scripts/debug.mk
endif

KLDFLAGS := $(ARCH_LDFLAGS) -nostdlib -z max-page-size=0x1000 -z noexecstack
KLDFLAGS += $(shell $(LD) --help 2>/dev/null | grep -q no-warn-rwx && echo --no-warn-rwx-segments)

# ---- kernel sources --------------------------------------------------------
# Not kernel/samples/ (modules, built below as a student builds them) nor
# kernel/include/ (the module API headers).
KSRCS := $(wildcard boot/*.S) $(ARCH_SRCS) \
	$(filter-out kernel/kallsyms_empty.S,$(shell find kernel \( -path kernel/samples \
		-o -path kernel/include \) -prune -o -name '*.[cS]' -print | sort)) \
	$(wildcard lib/*.c)
KOBJS := $(patsubst %,$(O)/%.o,$(basename $(KSRCS)))
# foo.c and foo.S would both build foo.o: refuse that.
ifneq ($(words $(KOBJS)),$(words $(sort $(KOBJS))))
$(error two kernel sources share an object name: $(sort $(basename $(KSRCS))))
endif

KERNEL := $(O)/kernel.elf
INITRAMFS := $(O)/initramfs.cpio
ISO := $(O)/taskbase.iso

# M=dir: kbuild's interface for external modules (scripts/Makefile.modules),
# in place of every rule below.
ifneq ($(M),)
include scripts/Makefile.modules
else

all: $(KERNEL) $(INITRAMFS) $(ISO)
.PHONY: all deps run run-kernel run-strace debug test host-tests clean

# Missing host tools are installed on first use (quiet when all are there).
deps:
	@scripts/install-deps.sh

$(KOBJS): | $(ARCH_GENERATED)
# A changed tool flag rebuilds the debug kernel (nothing in the default).
$(KOBJS): $(DEBUG_MAKEFILES)

# kprobe sites (kernel/trace/kprobes.h): a one-byte nop at the entry of
# every kernel function, listed in __patchable_function_entries, which a
# probe turns into int3. Code that runs on the way into a probe's trap
# (the entry, the sanitizers, the handler itself) has none, so a probe
# never traps before its reentry guard; nor has the code the NMI handler
# runs (backtraces: printk, its clock and console, kallsyms, the demo's
# current_affairs()), for an int3's iretq there would let the next NMI in
# onto the NMI's own stack. Modules have no sites either.
KPROBE_CFLAGS := -fpatchable-function-entry=1,0
NOKPROBE_DIRS := boot/ arch/ lib/ kernel/locking/ kernel/debug/ kernel/mm/kasan/ \
	kernel/trace/kprobes.c kernel/printk/ kernel/time/timekeeping.c \
	kernel/tty/console.c kernel/kallsyms.c kernel/module/kallsyms.c \
	kernel/demo.c kernel/panic.c kernel/oops.c
kprobe_cflags = $(if $(filter $(addsuffix %,$(NOKPROBE_DIRS)),$(1)),,$(KPROBE_CFLAGS))
# A change to either list rebuilds every object (kbuild keeps such a
# record of each object's command line).
KPROBE_STAMP := $(O)/kprobe-flags.txt
$(shell mkdir -p $(O) && echo '$(KPROBE_CFLAGS) $(NOKPROBE_DIRS)' | cmp -s - $(KPROBE_STAMP) || echo '$(KPROBE_CFLAGS) $(NOKPROBE_DIRS)' > $(KPROBE_STAMP))
$(KOBJS): $(KPROBE_STAMP)

$(O)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(KCFLAGS) $(call kprobe_cflags,$<) -c $< -o $@

$(O)/%.o: %.S | deps
	@mkdir -p $(dir $@)
	$(call msg,AS,$@)
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

$(O)/linker.ld: linker.ld $(ARCH_INCLUDE)/asm/memlayout.h | deps
	@mkdir -p $(dir $@)
	$(call msg,LDS,$@)
	$(Q)$(CC) -E -P -x c -I. -DTHREAD_PAGES=$(THREAD_PAGES) -D__ASSEMBLY__ $< -o $@

# Two link passes, as Linux's kallsyms: the first with an empty symbol
# table, the second with the table generated from the first. The table sits
# after the code, so code addresses do not move (the script checks).
$(O)/kernel.pass1.elf: $(KOBJS) $(O)/kernel/kallsyms_empty.o $(O)/linker.ld
	$(call msg,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -T $(O)/linker.ld -o $@ $(KOBJS) $(O)/kernel/kallsyms_empty.o

$(O)/kallsyms.S: $(O)/kernel.pass1.elf scripts/kallsyms.py
	$(call msg,KSYMS,$@)
	$(Q)$(NM) -n -S --defined-only $< | $(PYTHON) scripts/kallsyms.py > $@

$(KERNEL): $(KOBJS) $(O)/kallsyms.o $(O)/linker.ld
	$(call msg,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -T $(O)/linker.ld -o $@ $(KOBJS) $(O)/kallsyms.o
	$(call msg,SYSMAP,$(O)/kernel.nm)
	$(Q)$(NM) -n -S --defined-only $(O)/kernel.pass1.elf > $(O)/kernel.pass1.nm
	$(Q)$(NM) -n -S --defined-only $@ > $(O)/kernel.nm
	$(Q)$(PYTHON) scripts/kallsyms.py --check $(O)/kernel.pass1.nm $(O)/kernel.nm

# /proc/config.gz (kernel/fs/proc/config.c): the tree's .config, plus the
# debug kernel's tool options (DEBUG_KCONFIG, scripts/debug.mk), gzipped
# and carried whole in the kernel image (.incbin), as Linux's IKCONFIG.
$(O)/config_data.gz: .config $(DEBUG_MAKEFILES) | deps
	@mkdir -p $(dir $@)
	$(call msg,GZIP,$@)
	$(Q){ cat .config; $(if $(DEBUG_KCONFIG),printf '%s\n' $(DEBUG_KCONFIG);) } | gzip -9n > $@.tmp && mv $@.tmp $@
$(O)/kernel/fs/proc/config.o: $(O)/config_data.gz
$(O)/kernel/fs/proc/config.o: KCFLAGS += -DCONFIG_DATA_GZ='"$(O)/config_data.gz"'

$(O)/kallsyms.o: $(O)/kallsyms.S
	$(call msg,AS,$@)
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# ---- initramfs and ISO -----------------------------------------------------
# The initramfs: initramfs/ (config files) plus every user program in /bin,
# and any prebuilt static binaries from EXTRA_BINS or user/extra/. The
# programs go in without their debug sections (symbols stay, for gstack
# and ltrace): gdb reads the debug info from $(O)/user/NAME on the host,
# and the image stays small enough for a 32 MiB machine.
USER_BINS_IMAGE := $(addprefix $(O)/image-bin/,$(USER_PROGS))
INITRAMFS_ADD = $(foreach b,$(USER_BINS_IMAGE) $(USER_EXTRA),--add bin/$(notdir $(b))=$(b))
# The set-ID demo runs as the student, whoever starts it (docs/concepts.md).
INITRAMFS_ADD += --attr bin/showids=6755:1000:1000

# The sample modules (kernel/samples/NAME/, docs/modules.md) are built by
# the out-of-tree path a student uses, `make -C . M=dir modules`. Kbuild
# puts a module's objects beside its sources, so each sample's sources are
# first copied to $(O)/samples/NAME/ and built there: the source tree
# stays clean, and each build directory (THREAD_PAGES) gets its own .ko
# files. The module make runs every time (FORCE): kbuild's own dependency
# files know which headers each object includes, and the .ko changes only
# when rebuilt. They go into /lib/modules of every image, with MODULES=.
SAMPLES := $(notdir $(patsubst %/,%,$(dir $(wildcard kernel/samples/*/Makefile))))
SAMPLE_KOS := $(foreach s,$(SAMPLES),$(O)/samples/$(s)/$(s).ko)
# A MODULES= file of the same name as a sample takes its place.
SAMPLE_KOS_IMAGE = $(filter-out $(addprefix %/,$(notdir $(MODULES))),$(SAMPLE_KOS))
INITRAMFS_ADD += $(foreach k,$(SAMPLE_KOS_IMAGE),--add lib/modules/$(notdir $(k))=$(k))

sample_srcs = $(wildcard $(addprefix kernel/samples/$(1)/,*.c *.h Makefile Kbuild))
define sample_rule
$(O)/samples/$(1)/$(1).ko: $(call sample_srcs,$(1)) $(KERNEL) FORCE
	@mkdir -p $$(dir $$@)
	$(Q)cp -p $(call sample_srcs,$(1)) $$(dir $$@)
	$(Q)$$(MAKE) --no-print-directory M=$$(abspath $$(dir $$@)) modules
endef
$(foreach s,$(SAMPLES),$(eval $(call sample_rule,$(s))))

samples: $(SAMPLE_KOS)
.PHONY: samples

# MODULES="path/foo.ko ...": loadable modules in /lib/modules; the list is
# kept in a file so that a changed list rebuilds the image.
INITRAMFS_ADD += $(foreach m,$(MODULES),--add lib/modules/$(notdir $(m))=$(m))
$(O)/initramfs.modules: FORCE
	@mkdir -p $(dir $@); echo '$(MODULES)' | cmp -s - $@ || echo '$(MODULES)' > $@

# Debian's strace 6.1 (scripts/build-strace.sh: its source package, built
# static once and cached outside the build directory) is 2.2 MB: too much
# for the default image, which must leave a 32 MiB machine 80% of its
# memory. It goes, as /usr/bin/strace beside Taskbase's own /bin/strace,
# into a second image, $(O)/initramfs-strace.cpio (everything else the
# same), which test_ptrace and make bench boot, and make run-strace runs;
# /usr/bin/ltrace_demo_glibc (user/build.mk) goes there too, for test_ltrace.
# make test, run-strace and bench build it if it is missing; other goals
# take it only if it is cached; STRACE=0 leaves it out.
ifneq ($(STRACE),0)
ifneq ($(filter test run-strace bench,$(MAKECMDGOALS)),)
STRACE_BIN := $(shell scripts/build-strace.sh 2>/dev/null)
else
STRACE_BIN := $(shell scripts/build-strace.sh --check 2>/dev/null)
endif
endif
INITRAMFS_STRACE := $(if $(STRACE_BIN),$(O)/initramfs-strace.cpio)
all: $(INITRAMFS_STRACE)

# The programs go into the image without their debug sections (gdb reads
# those from $(O)/user/ on the host), so small machines keep their memory.
$(USER_BINS_IMAGE): $(O)/image-bin/%: $(O)/user/%
	@mkdir -p $(dir $@)
	$(call msg,STRIP,$@)
	$(Q)$(CROSS_COMPILE)objcopy --strip-debug $< $@

# Debian's BusyBox (busybox-static, scripts/install-deps.sh) and a link in
# /bin for each of its applets that Taskbase has no program of its own for.
BUSYBOX ?= /bin/busybox
INITRAMFS_ADD += --busybox $(BUSYBOX)

# The whole list of what goes in, kept in a file too: a program removed
# from USER_PROGS, or another BUSYBOX, rebuilds the image.
$(O)/initramfs.list: FORCE
	@mkdir -p $(dir $@); echo '$(INITRAMFS_ADD)' | cmp -s - $@ || echo '$(INITRAMFS_ADD)' > $@

$(INITRAMFS) $(INITRAMFS_STRACE): $(SAMPLE_KOS) $(MODULES) $(O)/initramfs.modules $(O)/initramfs.list $(BUSYBOX)
$(INITRAMFS_STRACE): $(STRACE_BIN) $(O)/user/ltrace_demo_glibc
# (Not a symlink to an absolute path: make would look at its target on
# the host, and /proc/self/mounts is new every time.)
$(INITRAMFS) $(INITRAMFS_STRACE): scripts/mkinitramfs.py $(shell find initramfs -type f -o -type l -lname '[!/]*' ! -xtype l) $(USER_BINS_IMAGE) $(USER_EXTRA) | deps
	$(call msg,CPIO,$@)
	$(Q)$(PYTHON) scripts/mkinitramfs.py -o $@ initramfs $(INITRAMFS_ADD) $(if $(filter $@,$(INITRAMFS_STRACE)),--add usr/bin/strace=$(STRACE_BIN) --add usr/bin/ltrace_demo_glibc=$(O)/user/ltrace_demo_glibc)

$(ISO): $(KERNEL) $(INITRAMFS) boot/grub.cfg
	@rm -rf $(O)/iso && mkdir -p $(O)/iso/boot/grub
	$(call msg,MKISO,$@)
	$(Q)cp $(KERNEL) $(O)/iso/boot/kernel.elf
	$(Q)cp $(INITRAMFS) $(O)/iso/boot/initramfs.cpio
	$(Q)cp boot/grub.cfg $(O)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(O)/iso 2> $(O)/grub-mkrescue.log || { cat $(O)/grub-mkrescue.log; exit 1; }

# ---- the course kit: make labs, make lab LAB=n, make grade LAB=n ---------
include scripts/labs.mk

# ---- make bench: Taskbase against Linux (docs/performance.md) -------------
include scripts/bench.mk

# ---- make fuzz, make soak: the long robustness runs (docs/robustness.md) ---
include scripts/robustness.mk

# ---- running ---------------------------------------------------------------
QEMU_RUN := $(PYTHON) scripts/qemu.py --smp $(SMP) --mem $(MEM) --accel $(ACCEL)

run: $(ISO)
	$(call msg,QEMU,$(ISO))
	$(Q)$(QEMU_RUN) --interactive --iso $(ISO)

run-kernel: $(KERNEL) $(INITRAMFS)
	$(call msg,QEMU,$(KERNEL))
	$(Q)$(QEMU_RUN) --interactive --kernel $(KERNEL) --initrd $(INITRAMFS) --append "$(APPEND)"

run-strace: $(KERNEL) $(INITRAMFS_STRACE)
	$(call msg,QEMU,$(KERNEL) with /usr/bin/strace)
	$(Q)$(QEMU_RUN) --interactive --kernel $(KERNEL) --initrd $(INITRAMFS_STRACE) --append "$(APPEND)"

debug: $(KERNEL) $(INITRAMFS)
	$(call msg,GDB,$(KERNEL))
	$(Q)scripts/debug.sh $(KERNEL) $(INITRAMFS) "$(APPEND)" $(SMP) $(MEM)

# ---- tests -----------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -O1 -g -fno-builtin -Wall -Wextra -Wno-unused-parameter -I. -I$(ARCH_INCLUDE)
HOST_TESTS := $(patsubst tests/host/%.c,$(O)/tests/host/%,$(wildcard tests/host/test_*.c))
HOST_LIB_SRCS := $(wildcard lib/*.c)
# Pure kernel logic each host test links besides lib/.
HOST_SRCS_test_buddy := kernel/mm/buddy.c
HOST_SRCS_test_kallsyms := kernel/kallsyms.c
HOST_SRCS_test_elf_module := arch/x86_64/module.c

$(O)/tests/host/%: tests/host/%.c $(HOST_LIB_SRCS) $(wildcard lib/*.h tests/host/*.h) $(shell find kernel -name '*.h') | deps
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(HOST_LIB_SRCS) $(HOST_SRCS_$*)

host-tests: $(HOST_TESTS)

# Both stack sizes: the tp2 build goes to $(O)/tp2; the debug kernel
# (tests/integration/test_debug_kernel.py) to $(O)/debug.
# The user programs depend on neither THREAD_PAGES nor DEBUG_KERNEL: the
# two other builds start from copies of this one's (times kept, so make
# sees them up to date) instead of compiling all of them twice more.
# The three builds run one job per CPU unless make was given a -j of its
# own (whose job server they then share): built one file at a time they
# took 5.5 of make test's minutes on 2 CPUs, and 2.7 so.
TEST_JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc))
test:
	$(Q)$(MAKE) --no-print-directory $(TEST_JOBS) all host-tests
	$(Q)for d in $(O)/tp2 $(O)/debug; do mkdir -p $$d && \
		cp -a $(O)/user $(O)/image-bin $$d/; done
	$(call msg,MAKE,$(O)/tp2 THREAD_PAGES=2)
	$(Q)$(MAKE) --no-print-directory $(TEST_JOBS) O=$(O)/tp2 THREAD_PAGES=2 all
	$(call msg,MAKE,$(O)/debug DEBUG_KERNEL=1)
	$(Q)$(MAKE) --no-print-directory $(TEST_JOBS) O=$(O)/debug DEBUG_KERNEL=1 all
	$(call msg,TEST,tests/run_tests.py)
	$(Q)$(PYTHON) tests/run_tests.py --build $(O) --build-tp2 $(O)/tp2

clean:
	$(call msg,CLEAN,$(O))
	$(Q)rm -rf $(O)

# The dependency files of this build. The lab trees under $(O)/labs are
# copies of the source with builds of their own, whose .d files name
# "build/..." targets relative to the copy: they must not leak in here.
-include $(shell find $(O) -path '$(O)/labs' -prune -o -name '*.d' -print 2>/dev/null)
# A target named by its absolute path (as the tests name them) is the
# same file as the one the rules name relative to the tree.
ifneq ($(O),$(abspath $(O)))
$(CURDIR)/$(O)/%: $(O)/% ;
endif

.PHONY: FORCE
endif
