# user/build.mk: the user programs, included by the top-level Makefile.
#
# Each program is one file, user/NAME.c, linked with the shared helpers in
# user/lib/ into a static Linux x86_64 ELF at $(O)/user/NAME. Taskbase
# speaks the Linux system-call ABI, so these are ordinary musl binaries: the
# same file runs on Linux (for comparison) and on Taskbase.
#
# Offers: USER_PROGS (names), USER_BINS (built paths), USER_EXTRA (prebuilt
# static ELF files from EXTRA_BINS="path ..." and user/extra/), and the rule
# that builds $(USER_BINS). It sets no default goal.

# Remember the includer's default goal: the rules below must not become it.
USER_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

# Taskbase writes only the programs that teach something of the course
# (ps -LA with its fields, kstack, gstack, strace, threads, the demos, the
# tests and benchmarks, readable module tools); every other standard tool
# is Debian's BusyBox (Makefile, BUSYBOX). true stays: it is the smallest
# program bench's fork+exec row runs.
USER_PROGS := init tsh true poweroff threads stackdemo usertests faults lab2 lab6 \
	bench fuzz badcall bombs soak sysinfo
USER_PROGS += ps dmesg insmod rmmod lsmod modinfo kstack gstack strace runas nice pgrep \
	ptracetest credtests
USER_PROGS += abitests ltprun
USER_PROGS += vfstests
USER_PROGS += shmtest
USER_PROGS += pipetests
USER_PROGS += ltrace_demo
USER_PROGS += timetests dltests
USER_PROGS += timertests
USER_PROGS += misctests
USER_PROGS += socktests
USER_PROGS += epolltests
USER_PROGS += splicetests
USER_PROGS += inettests
USER_PROGS += mounttests
USER_PROGS += ipctests ipcs ipcrm mqtests
USER_PROGS += captests
USER_PROGS += uffdtests
USER_PROGS += xattrtests dnotifytests fhandletests
USER_PROGS += notifytests
USER_PROGS += coredemo pagemaptest
USER_PROGS += nstests ipcnstests usernstests
USER_PROGS += keytests
USER_PROGS += pidfdtests
USER_PROGS += pidnstests
USER_PROGS += failnth
USER_PROGS += seccomptests
USER_PROGS += cgtests
USER_PROGS += landlocktests sandboxer
USER_PROGS += uringtests
USER_PROGS += perftests
USER_PROGS += packettests fanouttests
USER_PROGS += rawtests
USER_PROGS += bpftests
USER_PROGS += tracetests
USER_PROGS += sockfiltertests
USER_BINS := $(addprefix $(O)/user/,$(USER_PROGS))
USER_EXTRA := $(EXTRA_BINS) $(wildcard user/extra/*)

USER_LIB_SRCS := $(wildcard user/lib/*.c)
USER_LIB_HDRS := $(wildcard user/lib/*.h)

# musl's wrapper around the system gcc: musl headers, crt files and libc.a.
USER_CC ?= musl-gcc

# No dynamic loader in Taskbase: everything is linked into the binary.
USER_CFLAGS := -static
# Optimised, with full debug info for gdb; the symbols are kept (no -s).
USER_CFLAGS += -O2 -g
USER_CFLAGS += -Wall -Wextra
# Frame pointers in every function, so gstack can walk the user stack
# through rbp (musl's own libc.a is built without them).
USER_CFLAGS += -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
# A plain ET_EXEC at a fixed address (0x400000): the kernel's ELF loader
# need not relocate anything, and addresses match between runs.
USER_CFLAGS += -fno-pie -no-pie
# 4 KiB segment alignment keeps the binaries small and page-aligned.
USER_CFLAGS += -Wl,-z,max-page-size=4096
# Every program links all of user/lib: keep only the functions and data it
# uses (about half of each binary), so the image with BusyBox in it still
# leaves a 32 MiB machine its free memory (test_boot test_memory_sizes).
USER_CFLAGS += -ffunction-sections -fdata-sections -Wl,--gc-sections
# Programs include the helpers as "ulib.h".
USER_CFLAGS += -Iuser/lib

# The pthread functions are in musl's libc.a; -pthread is harmless.
USER_LDLIBS := -pthread

$(USER_BINS): $(O)/user/%: user/%.c $(USER_LIB_SRCS) $(USER_LIB_HDRS) | deps
	@mkdir -p $(dir $@)
	$(call msg,CC [U],$@)
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $< $(USER_LIB_SRCS) $(USER_LDLIBS)

# Programs without a C library (their own _start and system calls): the
# set-ID demo showids, nothing between the exec and what it prints.
USER_NOLIBC_PROGS := showids
USER_NOLIBC_BINS := $(addprefix $(O)/user/,$(USER_NOLIBC_PROGS))
USER_NOLIBC_CFLAGS := -static -nostdlib -ffreestanding -fno-stack-protector
USER_NOLIBC_CFLAGS += -O2 -g -Wall -Wextra -fno-pie -no-pie
USER_NOLIBC_CFLAGS += -Wl,-z,max-page-size=4096

$(USER_NOLIBC_BINS): $(O)/user/%: user/%.c | deps
	@mkdir -p $(dir $@)
	$(call msg,CC [U],$@)
	$(Q)$(USER_CC) $(USER_NOLIBC_CFLAGS) -o $@ $<

USER_PROGS += $(USER_NOLIBC_PROGS)
USER_BINS += $(USER_NOLIBC_BINS)

# ltrace is one program of several files (user/ltrace/: symbols,
# breakpoints, prototypes, output, stops, detach, main); ltrace_demo is what its
# tests trace.
USER_LTRACE_SRCS := $(wildcard user/ltrace/*.c)
$(O)/user/ltrace: $(USER_LTRACE_SRCS) $(wildcard user/ltrace/*.h) $(USER_LIB_SRCS) $(USER_LIB_HDRS) | deps
	@mkdir -p $(dir $@)
	$(call msg,CC [U],$@)
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $(USER_LTRACE_SRCS) $(USER_LIB_SRCS) $(USER_LDLIBS)

USER_PROGS += ltrace
USER_BINS += $(O)/user/ltrace

# ltrace_demo again, linked with glibc (the gcc's own libc.a, as Debian's
# static programs are): ltrace's tests trace a glibc program too. At
# 0.9 MB it goes into the strace image only (the Makefile), not /bin.
$(O)/user/ltrace_demo_glibc: user/ltrace_demo.c | deps
	@mkdir -p $(dir $@)
	$(call msg,CC [U],$@)
	$(Q)$(CC) -static -O2 -fno-pie -no-pie -Wall -Wextra -o $@ $< -pthread

.PHONY: user
user: $(USER_BINS)

.DEFAULT_GOAL := $(USER_SAVED_DEFAULT_GOAL)
