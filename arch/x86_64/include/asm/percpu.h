/*
 * Per-CPU data, reached through the GS segment base as on x86_64 Linux:
 * each CPU's MSR_GS_BASE points at its own struct percpu, so
 * this_cpu_read(cpu) is one instruction (mov %gs:OFFSET, reg) and needs no
 * lock. Entry from user mode swaps in the kernel's GS base with swapgs.
 */
#ifndef ASM_X86_64_PERCPU_H
#define ASM_X86_64_PERCPU_H

#include "arch/x86_64/segment.h"
#include "asm/irq.h"
#include "lib/types.h"

struct pt_regs;

#define NR_CPUS 8
#define N_EXCEPTION_STACKS 4	/* IST stacks: #DF, NMI, #DB, #MC */

/* I/O ports: one bit each in the TSS's permission bitmap (ioport.c). */
#define IO_BITMAP_BITS 65536
#define IO_BITMAP_BYTES (IO_BITMAP_BITS / 8)

/*
 * The 64-bit task state segment: stack pointers for privilege changes,
 * then the I/O permission bitmap (a 1 bit denies ring 3 that port; the
 * CPU wants one more byte of 1s after it). io_bitmap_base is the
 * bitmap's offset while the running thread has ports (ioperm, iopl), and
 * past the segment's limit otherwise: then every port faults.
 */
struct tss_struct {
	u32 reserved0;
	u64 rsp0;		/* kernel stack for entries from ring 3 */
	u64 rsp1, rsp2;
	u64 reserved1;
	u64 ist[7];		/* interrupt stack table */
	u64 reserved2;
	u16 reserved3;
	u16 io_bitmap_base;
	u8 io_bitmap[IO_BITMAP_BYTES + 1];
} __packed;

#define IO_BITMAP_OFFSET_VALID __builtin_offsetof(struct tss_struct, io_bitmap)
#define IO_BITMAP_OFFSET_INVALID sizeof(struct tss_struct)
_Static_assert(IO_BITMAP_OFFSET_VALID == 104, "the hardware TSS is 104 bytes");

struct task_struct;

struct percpu {
	struct percpu *self;		/* %gs:0 -> this struct */
	u32 cpu;			/* logical CPU number */
	u32 apic_id;
	struct task_struct *current_task;	/* as Linux's per-CPU current */
	s32 preempt_count;		/* Linux keeps it per CPU on x86 too */
	u32 online;
	u64 top_of_stack;		/* current task's kernel stack top */
	u64 user_rsp;			/* syscall entry scratch */
	u64 hardirq_stack_top;		/* this CPU's IRQ stack */
	u64 hardirq_stack_inuse;	/* nesting depth on it */
	u64 ist_stack_top[N_EXCEPTION_STACKS];
	u64 irq_count[NR_VECTORS];	/* per-vector interrupt counts */
	u64 nr_switches;		/* context switches on this CPU */
	struct pt_regs *irq_regs;	/* registers of the interrupt being handled */
	struct task_struct *bare_syscall_owner;	/* tb_bare_syscall(1) */
	struct mm_struct *loaded_mm;	/* address space in CR3 (NULL: init_mm) */
	/* Copies of current's pid and name, kept off its stack: a kernel
	 * stack overflow tramples the task_struct before it hits the guard,
	 * and the #DF report must still say whose stack it was. */
	int curr_pid;
	char curr_comm[16];
	u32 io_bitmap_max;		/* TSS bitmap bytes that may not be 0xff */
	u64 io_bitmap_seq;		/* which bitmap the TSS holds (0: none) */
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss_struct tss __aligned(16);
};

extern struct percpu percpu_area[NR_CPUS];

#define __percpu_off(field) __builtin_offsetof(struct percpu, field)

#define this_cpu_read(field)                                            \
	({                                                              \
		__typeof__(((struct percpu *)0)->field) __v;            \
		__asm__ __volatile__("mov %%gs:%c1, %0"                 \
				     : "=r"(__v)                        \
				     : "i"(__percpu_off(field)));       \
		__v;                                                    \
	})

#define this_cpu_write(field, val)                                      \
	do {                                                            \
		__typeof__(((struct percpu *)0)->field) __v = (val);    \
		__asm__ __volatile__("mov %0, %%gs:%c1"                 \
				     : : "r"(__v),                      \
				       "i"(__percpu_off(field))         \
				     : "memory");                       \
	} while (0)

#define this_cpu_add(field, val)                                        \
	do {                                                            \
		__typeof__(((struct percpu *)0)->field) __v = (val);    \
		__asm__ __volatile__("add %0, %%gs:%c1"                 \
				     : : "r"(__v),                      \
				       "i"(__percpu_off(field))         \
				     : "memory");                       \
	} while (0)

/* This CPU's struct percpu. */
static inline struct percpu *this_cpu(void)
{
	return this_cpu_read(self);
}

static inline unsigned int smp_processor_id(void)
{
	return this_cpu_read(cpu);
}

/* The registers the current hardware interrupt interrupted (Linux's
 * get_irq_regs()), NULL outside one. */
static inline struct pt_regs *get_irq_regs(void)
{
	return this_cpu_read(irq_regs);
}

/* Point this CPU's GS base at its percpu area (boot and AP bring-up). */
void percpu_setup(unsigned int cpu);

#endif
