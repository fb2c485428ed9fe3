/*
 * The ELF loader (Linux's fs/binfmt_elf.c): the part of execve that turns
 * a static ELF64 executable into an address space. load_segments() maps
 * each PT_LOAD segment: read-only ones straight from the file's own pages
 * (shared by every process running the program, like Linux's page cache),
 * writable ones and files that are not page-backed copied into pages of
 * the process's own. setup_stack() builds the initial stack exactly as
 * Linux lays it out, which the C library's start code reads: argc, argv,
 * envp, the auxiliary vector (AT_PHDR, AT_ENTRY, AT_RANDOM, AT_SECURE,
 * AT_SYSINFO_EHDR, ...) and the strings they point at.
 */
#include "asm/fpu.h"
#include "kernel/task.h"
#include "asm/io.h"
#include "asm/percpu.h"
#include "asm/pgtable.h"
#include "asm/processor.h"
#include "asm/vdso.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"
#include "kernel/random.h"
#include "kernel/sched/rseq.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/exit.h"
#include "kernel/pid.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "kernel/fs/vfs.h"
#include "lib/elf.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "kernel/fs/exec/internal.h"

static u64 vm_flags_of(u32 p_flags)
{
	return (p_flags & PF_R ? VM_READ : 0) | (p_flags & PF_W ? VM_WRITE : 0) |
	       (p_flags & PF_X ? VM_EXEC : 0);
}

/*
 * Map the file bytes of read-only segment @s straight from the file's own
 * pages: every page that holds part of [vaddr, vaddr + filesz), whole,
 * so the bytes around the segment in its first and last page show too
 * (as on Linux; zeroing them would need a copy). 0 when done; 1 when the
 * segment must be copied instead (writable, or the file is not
 * page-backed; the copy replaces whatever was mapped); or -errno.
 */
static long map_file_pages(struct linux_binprm *b, const struct elf_load_seg *s)
{
	u64 va = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(s->vaddr + s->filesz, PAGE_SIZE);
	u64 pgoff = s->offset >> PAGE_SHIFT;

	if ((s->flags & PF_W) || !s->filesz ||
	    (s->vaddr - s->offset) % PAGE_SIZE)
		return 1;
	for (; va < end; va += PAGE_SIZE, pgoff++) {
		struct page *page = ramfs_file_page(b->inode, pgoff);
		long err;

		if (!page)
			return 1;
		err = vm_insert_page(b->mm, va, page);
		if (err)
			return err;
	}
	return 0;
}

/* Copy the file bytes of @s into new pages and zero the rest up to @end. */
static long copy_segment(struct linux_binprm *b, const struct elf_load_seg *s,
			 u64 end)
{
	u64 file_end = s->vaddr + s->filesz;

	return mm_write(b->mm, s->vaddr, (const u8 *)b->data + s->offset,
			s->filesz) ?: mm_zero(b->mm, file_end, end - file_end);
}

/* One PT_LOAD segment: its VMA, then its pages, mapped or copied. */
static long load_segment(struct linux_binprm *b, const struct elf_load_seg *s)
{
	u64 start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	long err = vma_add(b->mm, start, end, vm_flags_of(s->flags),
			   b->mm->exe_path);

	if (err)
		return err;
	/* The maps columns: where in which file. */
	vma_set_file(b->mm, start, s->offset >> PAGE_SHIFT,
		     b->inode->i_sb->s_dev, b->inode->i_ino);
	err = map_file_pages(b, s);
	/* Mapped: any pages past the file's last one (bss) are anonymous,
	 * zero-filled by the first fault on them. */
	return err > 0 ? copy_segment(b, s, end) : err;
}

/* Map every PT_LOAD segment and note where code, data and heap are. */
long load_segments(struct linux_binprm *b)
{
	struct mm_struct *mm = b->mm;

	for (int i = 0; i < b->elf.nr_load; i++) {
		const struct elf_load_seg *s = &b->elf.load[i];
		long err = load_segment(b, s);

		if (err)
			return err;
		if (s->flags & PF_X) {
			mm->start_code = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
			mm->end_code = s->vaddr + s->filesz;
		} else if (s->flags & PF_W) {
			mm->start_data = s->vaddr;
			mm->end_data = s->vaddr + s->filesz;
		}
	}
	mm->start_brk = mm->brk = b->elf.brk_start;
	return 0;
}

/* Push @len bytes below *p in the new stack; returns their address. */
static long push_bytes(struct linux_binprm *b, u64 *p, const void *src, u64 len)
{
	*p -= len;
	return mm_write(b->mm, *p, src, len);
}

static void fill_auxv(struct linux_binprm *b, u64 *aux, u64 phdr, u64 random,
		      u64 platform, u64 execfn)
{
	u32 a, bx, c, d;
	int n = 0;

	cpuid(1, 0, &a, &bx, &c, &d);
#define AUX(k, v) do { aux[n++] = (k); aux[n++] = (v); } while (0)
	AUX(AT_SYSINFO_EHDR, b->vdso);
	AUX(AT_HWCAP, d);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, phdr);
	AUX(AT_PHENT, b->elf.phentsize);
	AUX(AT_PHNUM, b->elf.phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, b->elf.entry);
	AUX(AT_UID, b->cred->uid.val);
	AUX(AT_EUID, b->cred->euid.val);
	AUX(AT_GID, b->cred->gid.val);
	AUX(AT_EGID, b->cred->egid.val);
	AUX(AT_SECURE, b->secureexec);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
}

#define NR_AUXV 20

/*
 * The initial stack, from the top down (Linux's layout):
 *   execfn string, envp strings, argv strings, 16 random bytes,
 *   "x86_64", [program headers if not mapped], padding,
 *   auxv pairs, NULL, envp[], NULL, argv[], argc  <- rsp, 16-byte aligned
 */
long setup_stack(struct linux_binprm *b)
{
	struct mm_struct *mm = b->mm;
	u64 top = USER_STACK_TOP, p = top - 8, random, platform, execfn, phdr;
	u64 rnd[2] = { get_random_u64(), get_random_u64() };
	u64 nptrs = 1 + b->argc + 1 + b->envc + 1 + 2 * NR_AUXV, *vec, *q, s;
	long err = vma_add(mm, top - STACK_INITIAL, top, VM_READ | VM_WRITE |
			   VM_STACK, "[stack]");

	if (err)
		return err;
	err = push_bytes(b, &p, b->filename, strlen(b->filename) + 1);
	execfn = p;
	err = err ?: push_bytes(b, &p, b->strings, b->argv_len + b->env_len);
	mm->arg_start = p;
	mm->arg_end = mm->env_start = p + b->argv_len;
	mm->env_end = mm->env_start + b->env_len;
	err = err ?: push_bytes(b, &p, rnd, sizeof(rnd));
	random = p;
	err = err ?: push_bytes(b, &p, "x86_64", 7);
	platform = p;
	phdr = b->elf.phdr_vaddr;
	if (!phdr) {	/* headers not in any segment: give musl a copy */
		p = ALIGN_DOWN(p, 8);
		err = err ?: push_bytes(b, &p, (const u8 *)b->data + b->elf.phoff,
					(u64)b->elf.phnum * b->elf.phentsize);
		phdr = p;
	}
	if (err)
		return err;
	vec = kmalloc(nptrs * 8, GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	q = vec;
	*q++ = b->argc;
	s = mm->arg_start;
	for (int i = 0; i < b->argc + b->envc; i++) {
		if (i == b->argc)
			*q++ = 0;
		*q++ = s;
		s += strlen(b->strings + (s - mm->arg_start)) + 1;
	}
	if (!b->envc)
		*q++ = 0;	/* argv's NULL: the loop never got to it */
	*q++ = 0;
	fill_auxv(b, q, phdr, random, platform, execfn);
	memcpy(mm->auxv, q, MIN(sizeof(mm->auxv), 2 * NR_AUXV * 8));
	b->sp = ALIGN_DOWN(p - nptrs * 8, 16);
	err = mm_write(mm, b->sp, vec, nptrs * 8);
	kfree(vec);
	mm->start_stack = b->sp;
	return err;
}