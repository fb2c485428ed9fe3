# x86_64 build settings, included by the top-level Makefile.

# The kernel is linked in the top 2 GiB of the address space.
ARCH_CFLAGS := -mcmodel=kernel
# Interrupts push onto the current stack, which would clobber a red zone.
ARCH_CFLAGS += -mno-red-zone
# No SSE/x87 in the kernel: a user program's FPU state stays live in it.
ARCH_CFLAGS += -mgeneral-regs-only
# Absolute addresses, one fixed load address.
ARCH_CFLAGS += -fno-pic -fno-pie
# No endbr64 in every function: less noise when students disassemble.
ARCH_CFLAGS += -fcf-protection=none
# 8-byte stack alignment, as Linux: with no SSE nothing needs 16, and
# interrupt frames (pt_regs, 168 bytes) leave the stack 8 mod 16.
ARCH_CFLAGS += -mpreferred-stack-boundary=3

ARCH_LDFLAGS := -m elf_x86_64

ARCH_SRCS := $(wildcard arch/x86_64/*.c) $(wildcard arch/x86_64/*.S)

# Structure offsets for assembly, generated from asm-offsets.c (never
# typed by hand): compile to assembly, keep the "->NAME value" markers.
ARCH_SRCS := $(filter-out arch/x86_64/asm-offsets.c,$(ARCH_SRCS))
ARCH_GENERATED := $(O)/generated/asm-offsets.h

$(O)/generated/asm-offsets.h: arch/x86_64/asm-offsets.c arch/x86_64/ptrace.h \
		arch/x86_64/percpu.h kernel/task.h arch/x86_64/thread.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(KCFLAGS)) -S $< -o $(O)/asm-offsets.s
	{ echo "/* Generated from arch/x86_64/asm-offsets.c: do not edit. */"; \
	  sed -n 's/.*"->\([A-Za-z_0-9]*\) \$$\{0,1\}\(-\{0,1\}[0-9][0-9]*\)".*/#define \1 \2/p' \
	  $(O)/asm-offsets.s; } > $@
