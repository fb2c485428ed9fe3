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

# The arch's interface headers, included as "asm/NAME.h" (see the
# Makefile's include flags).
ARCH_INCLUDE := arch/x86_64/include

ARCH_LDFLAGS := -m elf_x86_64

ARCH_SRCS := $(wildcard arch/x86_64/*.c) $(wildcard arch/x86_64/*.S)

# Structure offsets for assembly, generated from asm-offsets.c (never
# typed by hand): compile to assembly, keep the "->NAME value" markers.
ARCH_SRCS := $(filter-out arch/x86_64/asm-offsets.c,$(ARCH_SRCS))
ARCH_GENERATED := $(O)/generated/asm-offsets.h

$(O)/generated/asm-offsets.h: arch/x86_64/asm-offsets.c kernel/task.h \
		$(addprefix $(ARCH_INCLUDE)/asm/,ptrace.h percpu.h processor.h) | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$(O)/asm-offsets.s)
	$(Q)$(CC) $(filter-out -MMD -MP,$(KCFLAGS)) -S $< -o $(O)/asm-offsets.s
	$(call msg,GEN,$@)
	$(Q){ echo "/* Generated from arch/x86_64/asm-offsets.c: do not edit. */"; \
	  sed -n 's/.*"->\([A-Za-z_0-9]*\) \$$\{0,1\}\(-\{0,1\}[0-9][0-9]*\)".*/#define \1 \2/p' \
	  $(O)/asm-offsets.s; } > $@

# ---- the vDSO: a tiny shared library mapped into every process ---------
# Built like a user-space .so (position-independent, no kernel code model),
# checked (no relocations, no data), stripped, and embedded in the kernel
# by vdso_image.S. The unstripped vdso.so.dbg is for gdb's add-symbol-file.
VDSO_DIR := $(O)/arch/x86_64/vdso
VDSO_CFLAGS := -std=gnu11 -O2 -g -fPIC -ffreestanding -nostdinc
VDSO_CFLAGS += -isystem $(shell $(CC) -print-file-name=include)
VDSO_CFLAGS += -fno-stack-protector -fcf-protection=none
# Frame pointers and unwind tables: gdb can walk out of a vDSO function.
VDSO_CFLAGS += -fno-omit-frame-pointer -fasynchronous-unwind-tables
VDSO_CFLAGS += -Wall -Wextra -I. -MMD -MP
VDSO_LDFLAGS := -m elf_x86_64 -shared -soname=linux-vdso.so.1
# Both hash styles: musl reads DT_HASH, glibc DT_GNU_HASH.
VDSO_LDFLAGS += --hash-style=both --eh-frame-hdr --build-id=none
VDSO_LDFLAGS += -z max-page-size=4096 -z noexecstack --no-undefined
VDSO_LDFLAGS += -T arch/x86_64/vdso/vdso.lds

$(VDSO_DIR)/vclock_gettime.o: arch/x86_64/vdso/vclock_gettime.c | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(VDSO_CFLAGS) -c $< -o $@

$(VDSO_DIR)/vdso.so.dbg: $(VDSO_DIR)/vclock_gettime.o arch/x86_64/vdso/vdso.lds \
		scripts/check_vdso.py
	$(call msg,LD,$@)
	$(Q)$(LD) $(VDSO_LDFLAGS) -o $@ $<
	$(call msg,VDSOCHK,$@)
	$(Q)$(PYTHON) scripts/check_vdso.py $@

$(VDSO_DIR)/vdso.so: $(VDSO_DIR)/vdso.so.dbg
	$(call msg,OBJCOPY,$@)
	$(Q)$(CROSS_COMPILE)objcopy --strip-debug $< $@

$(O)/arch/x86_64/vdso_image.o: $(VDSO_DIR)/vdso.so
$(O)/arch/x86_64/vdso_image.o: KASFLAGS += -Wa,-I$(VDSO_DIR)
