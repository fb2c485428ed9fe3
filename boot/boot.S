/*
 * 32-bit entry and the switch to 64-bit long mode.
 *
 *   multiboot2_entry   GRUB: EAX = multiboot2 magic, EBX = info (physical)
 *   pvh_entry          QEMU -kernel: EBX = struct hvm_start_info (physical)
 *
 * Both arrive in 32-bit protected mode with paging off. This code runs at
 * its physical address (it is linked low, in .boot.text), builds just
 * enough page tables for the jump, enters long mode, moves to the kernel's
 * higher-half address and calls
 *
 *     void start_kernel(u32 boot_magic, u64 boot_info_phys);
 *
 * on the init task's kernel stack. The early page tables map physical
 * 0-4 GiB three times: identity (for this code, dropped once C has built
 * the real tables), at PAGE_OFFSET (the direct map) and the first GiB at
 * __START_KERNEL_map (the kernel image), all with 2 MiB pages.
 */
#include "asm/memlayout.h"
#include "arch/x86_64/segment.h"

#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define PML4_INDEX(va) (((va) >> 39) & 511)
#define PDPT_INDEX(va) (((va) >> 30) & 511)
#define COM1 0x3f8

	.section .boot.text, "ax"
	.code32

	.globl multiboot2_entry
multiboot2_entry:
	movl %eax, boot_loader_magic
	jmp common32

	.globl pvh_entry
pvh_entry:
	movl $0, boot_loader_magic		/* start_kernel tells PVH by its magic */

common32:
	cli
	cld
	movl %ebx, boot_loader_info
	movl $boot_stack_top, %esp
	call check_long_mode
	call build_page_tables
	call enable_long_mode
	lgdt boot_gdt_desc
	ljmp $__KERNEL_CS, $start64

/* Halt with a message on the serial port when the CPU is not 64-bit. */
check_long_mode:
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx			/* LM */
	jnc no_long_mode
	ret
no_long_mode:
	movl $no_lm_msg, %esi
1:	lodsb
	testb %al, %al
	jz 2f
	movw $COM1, %dx
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

/* Fill the early page tables described at the top of this file. */
build_page_tables:
	movl $boot_pgt_start, %edi
	movl $(boot_pgt_end - boot_pgt_start) / 4, %ecx
	xorl %eax, %eax
	rep stosl

	/* 2048 PD entries: 4 GiB of 2 MiB pages, identity. */
	movl $boot_pd, %edi
	movl $(PTE_P | PTE_W | PTE_PS), %eax
	movl $2048, %ecx
1:	movl %eax, (%edi)
	addl $HPAGE_SIZE, %eax
	addl $8, %edi
	loop 1b

	/* One PDPT covering 0-4 GiB, through the four PDs. */
	movl $boot_pdpt, %edi
	movl $(boot_pd + PTE_P + PTE_W), %eax
	movl $4, %ecx
2:	movl %eax, (%edi)
	addl $PAGE_SIZE, %eax
	addl $8, %edi
	loop 2b

	/* The kernel image's PDPT: its slot for -2 GiB gets the first GiB. */
	movl $(boot_pd + PTE_P + PTE_W), boot_pdpt_kernel + 8 * PDPT_INDEX(__START_KERNEL_map)

	movl $(boot_pdpt + PTE_P + PTE_W), %eax
	movl %eax, boot_pml4
	movl %eax, boot_pml4 + 8 * PML4_INDEX(PAGE_OFFSET)
	movl $(boot_pdpt_kernel + PTE_P + PTE_W), boot_pml4 + 8 * PML4_INDEX(__START_KERNEL_map)
	ret

/* PAE + EFER.LME (+NXE when the CPU has NX), then paging on. */
enable_long_mode:
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3

	movl $0x80000001, %eax
	cpuid
	movl %edx, %ebx
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	btl $20, %ebx			/* NX */
	jnc 1f
	orl $EFER_NXE, %eax
1:	wrmsr

	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP | CR0_PE), %eax
	movl %eax, %cr0
	ret

	.code64
start64:
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movabsq $start64_high, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code (Linux's KERNEL32_CS) */
	.quad 0x00af9a000000ffff	/* 0x10: 64-bit kernel code */
	.quad 0x00cf92000000ffff	/* 0x18: kernel data */
boot_gdt_end:
boot_gdt_desc:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
	.globl boot_loader_magic, boot_loader_info
boot_loader_magic:
	.long 0
boot_loader_info:
	.long 0
no_lm_msg:
	.asciz "Taskbase: this CPU has no 64-bit long mode; halting.\r\n"

	.section .boot.bss, "aw", @nobits
	.balign PAGE_SIZE
boot_pgt_start:
boot_pml4:
	.skip PAGE_SIZE
boot_pdpt:
	.skip PAGE_SIZE
boot_pdpt_kernel:
	.skip PAGE_SIZE
boot_pd:
	.skip 4 * PAGE_SIZE
boot_pgt_end:
	.skip PAGE_SIZE
boot_stack_top:

/*
 * Now in 64-bit mode at the kernel's own (higher-half) address: clear
 * .bss, take the init task's stack and enter C.
 */
	.section .text.entry, "ax"
	.globl start64_high
	.type start64_high, @function
start64_high:
	.cfi_startproc
	.cfi_undefined rip		/* tell gdb: the outermost frame */
	movq $__bss_start, %rdi
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	shrq $3, %rcx
	xorl %eax, %eax
	rep stosq

	movq $(init_thread_union + THREAD_SIZE), %rsp
	xorl %ebp, %ebp			/* the frame-pointer chain ends here */
	movl boot_loader_magic, %edi
	movl boot_loader_info, %esi
	call start_kernel
1:	cli
	hlt
	jmp 1b
	.cfi_endproc
	.size start64_high, . - start64_high
