/*
 * The virtual address map, x86_64 with 4-level paging (Linux's layout,
 * Documentation/arch/x86/x86_64/mm.rst, trimmed to what Taskbase uses).
 *
 *  0x0000000000000000 +--------------------------------+
 *                     | user space (128 TiB)           |  per process
 *  0x00007ffffffff000 +--------------------------------+  <- user stack top
 *                     | non-canonical hole             |
 *  0xffff800000000000 +--------------------------------+  kernel half:
 *                     | (unused)                       |  shared by every
 *  0xffff888000000000 +--------------------------------+  address space
 *                     | direct map of all physical RAM |  PAGE_OFFSET
 *  0xffffc90000000000 +--------------------------------+
 *                     | kernel stacks: THREAD_SIZE     |  KSTACK_START
 *                     | blocks, each with an unmapped  |  (Linux's vmalloc
 *                     | guard gap below it             |   area, VMAP_STACK)
 *  0xffffe90000000000 +--------------------------------+  VMALLOC_START
 *                     | vmalloc() (512 GiB), mapped    |  (in Linux's hole
 *                     | page by page, guard page after |   after its vmalloc
 *  0xffffe98000000000 +--------------------------------+   area) VMALLOC_END
 *                     | (unused)                       |
 *  0xffffffff80000000 +--------------------------------+  __START_KERNEL_map
 *                     | kernel image (phys 0 + 1 MiB)  |
 *  0xffffffffc0000000 +--------------------------------+  MODULES_VADDR
 *                     | loadable modules (1008 MiB),   |  within 2 GiB of
 *                     | mapped page by page on insmod  |  kernel text, so
 *  0xffffffffff000000 +--------------------------------+  -mcmodel=kernel
 *                     | (unused)                       |  code links
 *  0xffffffffffffffff +--------------------------------+
 *
 * Assembly includes this file too, so it holds only #defines.
 */
#ifndef ASM_X86_64_MEMLAYOUT_H
#define ASM_X86_64_MEMLAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define HPAGE_SHIFT 21			/* 2 MiB large pages */
#define HPAGE_SIZE (1 << HPAGE_SHIFT)

#define PAGE_OFFSET 0xffff888000000000	/* direct map of physical memory */
#define DIRECT_MAP_SIZE 0x0000400000000000	/* 64 TiB */
#define KSTACK_START 0xffffc90000000000	/* kernel stack area */
#define KSTACK_END 0xffffe90000000000
#define VMALLOC_START 0xffffe90000000000	/* vmalloc() area: one top-level */
#define VMALLOC_END 0xffffe98000000000	/* entry, made at boot */
#define __START_KERNEL_map 0xffffffff80000000	/* kernel image, phys 0 */
#define KERNEL_PHYS_LOAD 0x100000		/* the image loads at 1 MiB */
#define MODULES_VADDR 0xffffffffc0000000	/* module area, as Linux */
#define MODULES_END 0xffffffffff000000

#define USER_STACK_TOP 0x00007ffffffff000	/* as Linux without ASLR */
#define TASK_SIZE_MAX 0x00007ffffffff000	/* end of user addresses */

/*
 * Kernel stack size, chosen at build time by THREAD_PAGES=2|4 (make passes
 * -DTHREAD_PAGES). 4 pages (16 KiB) is x86_64 Linux's size, 2 pages the
 * 32-bit one. Every task's stack block is THREAD_SIZE bytes, aligned to
 * THREAD_SIZE, with the task_struct at its lowest address.
 */
#ifndef THREAD_PAGES
#error "THREAD_PAGES must be defined by the build (2 or 4)"
#endif
#if THREAD_PAGES != 2 && THREAD_PAGES != 4
#error "THREAD_PAGES must be 2 or 4"
#endif
#define THREAD_SIZE (THREAD_PAGES * PAGE_SIZE)
#define THREAD_SIZE_ORDER (THREAD_PAGES == 4 ? 2 : 1)

#endif
