/*
 * The kernel's side of the vDSO (see asm/vdso.h). At boot the image that
 * vdso_image.S embeds is copied into pages of its own, and one more page
 * gets the clock constants (struct vdso_data). Those pages are the vDSO's
 * for ever: exec maps them into each new address space with
 * vm_insert_page(), read-only, so every process shares the same frames
 * (fork shares them further; exit and munmap only drop references; a
 * debugger's write gets a private copy). Layout in each process:
 *
 *	[vvar]	one page, r--	struct vdso_data
 *	[vdso]	n pages, r-x	the ELF image (AT_SYSINFO_EHDR points here)
 *
 * A process in a time namespace (kernel/time/namespace.h) gets a second
 * data page in [vvar], one that says clock_ok = 0: its vDSO then makes
 * the system calls, which add the namespace's offsets (Linux maps a page
 * of offsets there instead; Taskbase keeps the arithmetic in the kernel).
 */
#include "asm/vdso.h"
#include "asm/tsc.h"
#include "asm/memlayout.h"
#include "arch/x86_64/vdso/datapage.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/printk/printk.h"
#include "kernel/time/namespace.h"
#include "kernel/time/time_kernel.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

#define VDSO_MAX_PAGES 4

extern const u8 vdso_image_start[], vdso_image_end[];

static struct page *vdso_pages[VDSO_MAX_PAGES];
static unsigned int vdso_nr_pages;	/* 0: no vDSO */
static struct page *vvar_page;
static struct page *vvar_timens_page;	/* clock_ok 0: system calls */

void vdso_init(void)
{
	u64 size = vdso_image_end - vdso_image_start;
	unsigned int n = (unsigned int)((size + PAGE_SIZE - 1) / PAGE_SIZE), i;
	struct vdso_data *vd;

	/* scripts/check_vdso.py checked the image; the size is ours. */
	BUG_ON(n == 0 || n > VDSO_MAX_PAGES);
	BUG_ON(memcmp(vdso_image_start, "\177ELF", 4) != 0);
	/* Zeroed pages the vDSO keeps (their first reference) for ever. */
	vvar_page = alloc_pages(__GFP_ZERO, 0);
	vvar_timens_page = alloc_pages(__GFP_ZERO, 0);
	for (i = 0; vvar_page && i < n; i++) {
		vdso_pages[i] = alloc_pages(__GFP_ZERO, 0);
		if (!vdso_pages[i])
			break;
		memcpy(page_address(vdso_pages[i]), vdso_image_start + i * PAGE_SIZE,
		       MIN(size - i * PAGE_SIZE, (u64)PAGE_SIZE));
	}
	if (!vvar_page || !vvar_timens_page || i < n) {
		pr_err("vdso: out of memory; processes run without one\n");
		return;
	}
	vd = page_address(vvar_page);
	tsc_fill_vdso_data(vd);
	vd->boot_epoch_ns = ktime_boot_epoch_ns();
	*(struct vdso_data *)page_address(vvar_timens_page) = *vd;
	((struct vdso_data *)page_address(vvar_timens_page))->clock_ok = 0;
	vdso_nr_pages = n;
	pr_info("vdso: %lu bytes in %u page(s), clock %s\n", (unsigned long)size,
		n, vd->clock_ok ? "in user mode" : "by system call (no TSC)");
}

void vdso_update_realtime(u64 boot_epoch_ns, int tz_minuteswest, int tz_dsttime)
{
	struct vdso_data *vd;

	if (!vdso_nr_pages)
		return;
	vd = page_address(vvar_page);
	WRITE_ONCE(vd->boot_epoch_ns, boot_epoch_ns);
	WRITE_ONCE(vd->tz_minuteswest, tz_minuteswest);
	WRITE_ONCE(vd->tz_dsttime, tz_dsttime);
}

unsigned int vdso_mapped_pages(void)
{
	return vdso_nr_pages ? 1 + vdso_nr_pages : 0;
}

/* exec's new mm is its own until exec_mmap(): nobody else can take the
 * gap between get_unmapped_area() and vma_add(). */
long arch_setup_additional_pages(struct mm_struct *mm)
{
	u64 len = (1 + vdso_nr_pages) * PAGE_SIZE, base, text;
	unsigned long irq;
	long err;

	if (!vdso_nr_pages)
		return 0;
	irq = spin_lock_irqsave(&mm->lock);
	base = get_unmapped_area(mm, len);
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!base)
		return -ENOMEM;
	text = base + PAGE_SIZE;
	err = vma_add(mm, base, text, VM_READ, "[vvar]");
	err = err ?: vma_add(mm, text, base + len, VM_READ | VM_EXEC, "[vdso]");
	err = err ?: vm_insert_page(mm, base, current_in_timens() ?
				    vvar_timens_page : vvar_page);
	for (unsigned int i = 0; !err && i < vdso_nr_pages; i++)
		err = vm_insert_page(mm, text + i * PAGE_SIZE, vdso_pages[i]);
	return err ?: (long)text;
}

/* AT_SYSINFO_EHDR of @mm's last exec: where its vDSO was put, or 0. */
static u64 mm_vdso_base(struct mm_struct *mm)
{
	for (unsigned int i = 0; i + 1 < ARRAY_SIZE(mm->auxv) && mm->auxv[i]; i += 2)
		if (mm->auxv[i] == 33)	/* AT_SYSINFO_EHDR */
			return mm->auxv[i + 1];
	return 0;
}

int vdso_join_timens(struct mm_struct *mm, bool timens)
{
	u64 vvar = mm_vdso_base(mm) - PAGE_SIZE;
	struct vm_area_struct *v;
	unsigned long irq;
	bool ours;
	int err;

	if (!vdso_nr_pages || vvar + PAGE_SIZE == 0)
		return 0;
	irq = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, vvar);
	ours = v && v->vm_start == vvar && !strcmp(v->name, "[vvar]");
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!ours)
		return 0;	/* unmapped or moved by the program: let it be */
	err = do_munmap(mm, vvar, PAGE_SIZE);
	err = err ?: vma_add(mm, vvar, vvar + PAGE_SIZE, VM_READ, "[vvar]");
	return err ?: vm_insert_page(mm, vvar, timens ? vvar_timens_page : vvar_page);
}
