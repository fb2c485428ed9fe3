/*
 * The vDSO (virtual dynamic shared object): a small shared library the
 * kernel maps into every process at exec, next to a read-only data page,
 * so that clock_gettime(), gettimeofday() and time() need no system call.
 * The code is in arch/x86_64/vdso/; this is the kernel's side.
 */
#ifndef ASM_X86_64_VDSO_H
#define ASM_X86_64_VDSO_H

#include "lib/types.h"

struct mm_struct;
struct vdso_data;

/* Boot, after the clock is calibrated and the page allocator works: copy
 * the image into pages and fill the data page. Without memory the kernel
 * runs on without a vDSO (the C library then makes the system calls). */
void vdso_init(void);

/*
 * exec: map [vvar] and [vdso] into the new @mm (Linux's name for the
 * hook). Returns the vDSO's address for AT_SYSINFO_EHDR, 0 when there is
 * no vDSO, or -ENOMEM.
 */
long arch_setup_additional_pages(struct mm_struct *mm);

/* @mm's [vvar] becomes the page of a process in a time namespace
 * (@timens: its vDSO makes system calls) or the ordinary one. 0 or
 * -errno; 0 when the program moved or unmapped its [vvar]. */
int vdso_join_timens(struct mm_struct *mm, bool timens);

/* The clock was set: CLOCK_REALTIME is now boot_epoch_ns plus
 * CLOCK_MONOTONIC, and the time zone is @tz_minuteswest, @tz_dsttime. */
void vdso_update_realtime(u64 boot_epoch_ns, int tz_minuteswest, int tz_dsttime);

/* Pages arch_setup_additional_pages() maps into every process (file
 * pages in RssFile, as Linux counts the vDSO); 0 without a vDSO. */
unsigned int vdso_mapped_pages(void);

#endif
