/*
 * GDT layout and segment selectors. Same slots as x86_64 Linux
 * (arch/x86/include/asm/segment.h), so the selectors a student sees in a
 * register dump (cs=0x10 in the kernel, 0x33 in user mode) match Linux's.
 * The order KERNEL_CS, KERNEL_DS, USER32_CS, USER_DS, USER_CS is what the
 * syscall/sysret instructions require (see the STAR MSR in syscall setup).
 * Assembly includes this file too, so it holds only #defines.
 */
#ifndef ARCH_X86_64_SEGMENT_H
#define ARCH_X86_64_SEGMENT_H

#define GDT_ENTRY_KERNEL32_CS 1
#define GDT_ENTRY_KERNEL_CS 2
#define GDT_ENTRY_KERNEL_DS 3
#define GDT_ENTRY_DEFAULT_USER32_CS 4
#define GDT_ENTRY_DEFAULT_USER_DS 5
#define GDT_ENTRY_DEFAULT_USER_CS 6
#define GDT_ENTRY_TSS 8			/* 16 bytes: slots 8 and 9 */
#define GDT_ENTRIES 16

#define __KERNEL32_CS (GDT_ENTRY_KERNEL32_CS * 8)
#define __KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)
#define __USER32_CS (GDT_ENTRY_DEFAULT_USER32_CS * 8 + 3)
#define __USER_DS (GDT_ENTRY_DEFAULT_USER_DS * 8 + 3)
#define __USER_CS (GDT_ENTRY_DEFAULT_USER_CS * 8 + 3)
#define GDT_TSS_SEL (GDT_ENTRY_TSS * 8)

#endif
