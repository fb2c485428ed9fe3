/*
 * The SMP trampoline: how an application processor gets from 16-bit real
 * mode (where INIT-SIPI-SIPI starts it, at page << 12) into the kernel.
 *
 *   void secondary_start(void);   (smp.c; never returns)
 *
 * smp.c copies trampoline_start..trampoline_end to TRAMPOLINE_PHYS (a
 * page below 1 MiB, identity-mapped while APs come up) and fills the
 * parameter block at its end: CR3 (the kernel's page tables), the stack
 * (the AP's idle task's stack top) and the C entry point. The code runs
 * from wherever it was copied, so it addresses itself relative to its
 * start: in real mode through CS, later through TRAMPOLINE_PHYS.
 */
#include "arch/x86_64/segment.h"
#include "arch/x86_64/smp_boot.h"

#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define REL(x) ((x) - trampoline_start)
#define ABS(x) (TRAMPOLINE_PHYS + REL(x))

	.section .rodata
	.balign 16
	.globl trampoline_start, trampoline_end
	.code16
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl REL(tr_gdt_desc)
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $__KERNEL32_CS, $ABS(tr_32)

	.code32
tr_32:
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %ss
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl ABS(tr_cr3), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	ljmpl $__KERNEL_CS, $ABS(tr_64)

	.code64
tr_64:
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movq ABS(tr_stack), %rsp
	xorl %ebp, %ebp
	pushq $0			/* a null return address ends backtraces */
	movq ABS(tr_entry), %rax
	jmp *%rax

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* __KERNEL32_CS */
	.quad 0x00af9a000000ffff	/* __KERNEL_CS */
	.quad 0x00cf92000000ffff	/* __KERNEL_DS */
tr_gdt_end:
tr_gdt_desc:
	.short tr_gdt_end - tr_gdt - 1
	.long ABS(tr_gdt)

	/* Parameter block, filled by smp.c (offsets in smp_boot.h). */
	.balign 8
	.globl trampoline_params
trampoline_params:
tr_cr3:
	.long 0
	.long 0
tr_stack:
	.quad 0
tr_entry:
	.quad 0
trampoline_end:
