/*
 * The ELF core file (Linux's elf_core_dump() in fs/binfmt_elf.c): what gdb
 * opens as `gdb prog core`. An ET_CORE file for EM_X86_64 whose program
 * headers are one PT_NOTE, then one PT_LOAD per VMA in address order:
 *
 *   ELF header | PT_NOTE, PT_LOAD... | notes | (page aligned) VMA bytes...
 *
 * The notes, named "CORE", in Linux's order: NT_PRSTATUS (struct
 * elf_prstatus: the signal, the ids, the times and struct
 * user_regs_struct), NT_PRPSINFO (state, name, arguments), NT_SIGINFO,
 * NT_AUXV, NT_FILE (which file each file-backed VMA shows) and
 * NT_FPREGSET (the fxsave area); then NT_PRSTATUS and NT_FPREGSET of each
 * other thread, which waits in do_exit() meanwhile (kernel/fs/exec/coredump.c
 * coredump_task_exit()): gdb's `info threads` lists them all.
 *
 * Which VMAs carry bytes (p_filesz) follows /proc/<pid>/coredump_filter
 * (Linux's default 0x33): private and shared anonymous memory, and of a
 * private file mapping only the first page when it is an ELF header; the
 * [vdso] always (gdb unwinds signal frames through it); never the
 * [vvar] page (the kernel's clock data, as Linux leaves it out), a
 * VM_DONTDUMP (madvise) or an unreadable VMA. Taskbase copies ELF segments
 * into private memory at exec, so a writable segment counts as the
 * anonymous memory it is. Pages never touched are holes that read as 0.
 */
#include "kernel/fs/coredump.h"
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/ptrace.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/elf.h"
#include "lib/string.h"

#define NT_PRSTATUS 1
#define NT_PRFPREG 2
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define NT_FILE 0x46494c45

/* coredump_filter bits (Linux's MMF_DUMP_*). */
#define DUMP_ANON_PRIVATE 0x01
#define DUMP_ANON_SHARED 0x02
#define DUMP_MAPPED_PRIVATE 0x04
#define DUMP_MAPPED_SHARED 0x08
#define DUMP_ELF_HEADERS 0x10

#define NR_USER_REGS 27
#define FPREGS_SIZE 512		/* the largest payload: fxsave */
#define SIGINFO_SIZE 128

struct timeval64 {
	s64 tv_sec, tv_usec;
};

/* Linux's struct elf_prstatus on x86_64. */
struct elf_prstatus {
	s32 si_signo, si_code, si_errno;
	s16 pr_cursig;
	u16 pad;
	u64 pr_sigpend, pr_sighold;
	s32 pr_pid, pr_ppid, pr_pgrp, pr_sid;
	struct timeval64 pr_utime, pr_stime, pr_cutime, pr_cstime;
	u64 pr_reg[NR_USER_REGS];
	s32 pr_fpvalid, pad2;
};
_Static_assert(sizeof(struct elf_prstatus) == 336, "Linux's elf_prstatus");

/* Linux's struct elf_prpsinfo on x86_64. */
struct elf_prpsinfo {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	u32 pad;
	u64 pr_flag;
	u32 pr_uid, pr_gid;
	s32 pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16];
	char pr_psargs[80];
};
_Static_assert(sizeof(struct elf_prpsinfo) == 136, "Linux's elf_prpsinfo");

/* What the dump needs of one VMA, copied out from under mm->lock. */
struct core_vma {
	u64 start, end, flags, pgoff;
	bool file, vdso, vvar;
	u64 dump;			/* bytes to write: p_filesz */
	char name[VMA_NAME_LEN];
};

struct notes {
	u8 *buf;
	u64 len;
};

static u64 note_size(u64 desc)
{
	return sizeof(u32) * 3 + 8 + ALIGN_UP(desc, 4);	/* "CORE\0" padded */
}

static void add_note(struct notes *n, u32 type, const void *desc, u64 size)
{
	u32 hdr[3] = { 5, (u32)size, type };

	memcpy(n->buf + n->len, hdr, sizeof(hdr));
	memcpy(n->buf + n->len + sizeof(hdr), "CORE\0\0\0", 8);
	memcpy(n->buf + n->len + sizeof(hdr) + 8, desc, size);
	n->len += note_size(size);
}

static struct timeval64 ticks_to_tv(u64 ticks)
{
	return (struct timeval64){ ticks / HZ, (ticks % HZ) * (1000000 / HZ) };
}

static void fill_prstatus(struct elf_prstatus *s, struct coredump_params *cprm,
			  struct task_struct *t)
{
	memset(s, 0, sizeof(*s));
	s->si_signo = s->pr_cursig = cprm->sig;
	s->pr_sigpend = t->pending.sig;
	s->pr_sighold = t->blocked.sig;
	s->pr_pid = t->pid;
	s->pr_ppid = t->group_leader->real_parent->tgid;
	s->pr_pgrp = t->signal->pgrp;
	s->pr_sid = t->signal->session;
	s->pr_utime = ticks_to_tv(t->utime);
	s->pr_stime = ticks_to_tv(t->stime);
	arch_elf_core_note(t, NT_PRSTATUS, 0, NULL, s->pr_reg);
	s->pr_fpvalid = 1;
}

static void fill_prpsinfo(struct elf_prpsinfo *p)
{
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;
	u64 len = MIN(mm->arg_end - mm->arg_start, sizeof(p->pr_psargs) - 1);

	memset(p, 0, sizeof(*p));
	p->pr_sname = 'R';
	p->pr_nice = (char)(t->prio - 120);
	p->pr_flag = t->flags;
	p->pr_uid = t->cred->uid.val;
	p->pr_gid = t->cred->gid.val;
	p->pr_pid = t->tgid;
	p->pr_ppid = t->group_leader->real_parent->tgid;
	p->pr_pgrp = t->signal->pgrp;
	p->pr_sid = t->signal->session;
	memcpy(p->pr_fname, t->comm, sizeof(p->pr_fname));
	len = access_remote_vm(mm, mm->arg_start, p->pr_psargs, len, false);
	for (u64 i = 0; i + 1 < len; i++)	/* the arguments, space-separated */
		if (!p->pr_psargs[i])
			p->pr_psargs[i] = ' ';
}

/* The auxiliary vector's length in bytes, its AT_NULL pair included. */
static u64 auxv_size(const struct mm_struct *mm)
{
	u64 n = 0;

	while (n + 2 <= ARRAY_SIZE(mm->auxv) && mm->auxv[n])
		n += 2;
	return MIN(n + 2, ARRAY_SIZE(mm->auxv)) * sizeof(u64);
}

/* NT_FILE: count, page size, {start, end, page offset} each, then the
 * names; into a new buffer (*@size bytes), NULL if out of memory. */
static void *file_note(const struct core_vma *v, int nr, u64 *size)
{
	u64 count = 0, names = 0, *hdr;
	char *p;

	for (int i = 0; i < nr; i++)
		if (v[i].file) {
			count++;
			names += strlen(v[i].name) + 1;
		}
	*size = (2 + 3 * count) * sizeof(u64) + names;
	hdr = kmalloc(*size, GFP_KERNEL);
	if (!hdr)
		return NULL;
	hdr[0] = count;
	hdr[1] = PAGE_SIZE;
	p = (char *)(hdr + 2 + 3 * count);
	for (int i = 0, k = 0; i < nr; i++) {
		if (!v[i].file)
			continue;
		hdr[2 + 3 * k] = v[i].start;
		hdr[3 + 3 * k] = v[i].end;
		hdr[4 + 3 * k++] = v[i].pgoff;
		p += strlcpy(p, v[i].name, names) + 1;
	}
	return hdr;
}

/* A thread's own notes after the first: its registers and FPU state. */
static void add_thread_notes(struct notes *n, struct coredump_params *cprm,
			     struct task_struct *t, void *scratch)
{
	u64 size;

	fill_prstatus(scratch, cprm, t);
	add_note(n, NT_PRSTATUS, scratch, sizeof(struct elf_prstatus));
	size = arch_elf_core_note(t, NT_PRFPREG, 0, NULL, scratch);
	add_note(n, NT_PRFPREG, scratch, size);
}

/* The notes, in Linux's order, into @n (room made by the caller): the
 * dying thread's, then each parked thread's from @parked on. Payloads sit
 * 4-aligned in a note, so they are made in @scratch (FPREGS_SIZE bytes)
 * and copied. */
static void fill_notes(struct notes *n, struct coredump_params *cprm,
		       void *files, u64 files_size, void *scratch,
		       const struct core_thread *parked)
{
	struct mm_struct *mm = current->mm;
	u64 size;

	fill_prstatus(scratch, cprm, current);
	add_note(n, NT_PRSTATUS, scratch, sizeof(struct elf_prstatus));
	fill_prpsinfo(scratch);
	add_note(n, NT_PRPSINFO, scratch, sizeof(struct elf_prpsinfo));
	size = arch_elf_core_note(current, NT_SIGINFO, cprm->sig, cprm->info,
				  scratch);
	add_note(n, NT_SIGINFO, scratch, size);
	add_note(n, NT_AUXV, mm->auxv, auxv_size(mm));
	add_note(n, NT_FILE, files, files_size);
	size = arch_elf_core_note(current, NT_PRFPREG, 0, NULL, scratch);
	add_note(n, NT_PRFPREG, scratch, size);
	for (; parked; parked = parked->next)
		add_thread_notes(n, cprm, parked->task, scratch);
}

/* The parked threads (a thread arriving later goes in front: the list
 * from the head read here on stays as it is) and how many. */
static const struct core_thread *parked_threads(struct core_state *cs, int *nr)
{
	unsigned long irq = spin_lock_irqsave(&cs->lock);
	const struct core_thread *head = cs->threads;

	spin_unlock_irqrestore(&cs->lock, irq);
	*nr = 0;
	for (const struct core_thread *c = head; c; c = c->next)
		(*nr)++;
	return head;
}

/* The notes (see fill_notes()); NULL if out of memory. */
static struct notes *build_notes(struct coredump_params *cprm,
				 const struct core_vma *v, int nr)
{
	u64 files_size, thread = note_size(sizeof(struct elf_prstatus)) +
				 note_size(FPREGS_SIZE);
	void *files = file_note(v, nr, &files_size);
	void *scratch = kmalloc(FPREGS_SIZE, GFP_KERNEL);
	struct notes *n = kzalloc(sizeof(*n), GFP_KERNEL);
	int nr_parked;
	const struct core_thread *parked = parked_threads(cprm->core, &nr_parked);
	u64 total = thread * (1 + nr_parked) +
		    note_size(sizeof(struct elf_prpsinfo)) +
		    note_size(SIGINFO_SIZE) + note_size(auxv_size(current->mm)) +
		    note_size(files_size);

	if (n)
		n->buf = kzalloc(total, GFP_KERNEL);
	if (files && scratch && n && n->buf) {
		fill_notes(n, cprm, files, files_size, scratch, parked);
	} else if (n) {
		kfree(n->buf);
		kfree(n);
		n = NULL;
	}
	kfree(files);
	kfree(scratch);
	return n;
}

/* Does @v start with an ELF header (the first page of a mapped binary)? */
static bool elf_header_at(const struct core_vma *v)
{
	u8 magic[SELFMAG];

	return v->pgoff == 0 &&
	       access_remote_vm(current->mm, v->start, magic, SELFMAG, false) == SELFMAG &&
	       !memcmp(magic, ELFMAG, SELFMAG);
}

/* How many of @v's bytes the core carries (Linux's vma_dump_size()). */
static u64 vma_dump_size(const struct core_vma *v, u32 filter)
{
	u64 size = v->end - v->start;

	if ((v->flags & VM_DONTDUMP) || !(v->flags & VM_READ) || v->vvar)
		return 0;
	if (v->vdso)
		return size;
	if (v->flags & VM_SHARED)
		return filter & (v->file ? DUMP_MAPPED_SHARED : DUMP_ANON_SHARED) ? size : 0;
	if (!v->file || (v->flags & VM_WRITE))
		return filter & DUMP_ANON_PRIVATE ? size : 0;
	if (filter & DUMP_MAPPED_PRIVATE)
		return size;
	return (filter & DUMP_ELF_HEADERS) && elf_header_at(v) ? PAGE_SIZE : 0;
}

/* Copy the VMAs of current's mm into @v (room for @max); how many. */
static int snapshot_vmas(struct core_vma *v, int max)
{
	struct mm_struct *mm = current->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *vma;
	int nr = 0;

	list_for_each_entry(vma, &mm->mmap, list) {
		if (nr == max)
			break;
		v[nr] = (struct core_vma){
			.start = vma->vm_start, .end = vma->vm_end,
			.flags = vma->vm_flags, .pgoff = vma->vm_pgoff,
			.file = vma->name[0] == '/',
			.vdso = !strcmp(vma->name, "[vdso]"),
			.vvar = !strcmp(vma->name, "[vvar]"),
		};
		strlcpy(v[nr++].name, vma->name, VMA_NAME_LEN);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return nr;
}

static bool write_headers(struct coredump_params *cprm, const struct core_vma *v,
			  int nr, u64 notes_len)
{
	Elf64_Ehdr eh = {
		.e_type = ET_CORE, .e_machine = EM_X86_64,
		.e_version = EV_CURRENT, .e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = (u16)(nr + 1),
	};
	u64 data = sizeof(eh) + (nr + 1) * sizeof(Elf64_Phdr) + notes_len;
	Elf64_Phdr ph = { .p_type = PT_NOTE, .p_offset = data - notes_len,
			  .p_filesz = notes_len };
	bool ok;

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	ok = dump_emit(cprm, &eh, sizeof(eh)) && dump_emit(cprm, &ph, sizeof(ph));
	data = ALIGN_UP(data, PAGE_SIZE);
	for (int i = 0; ok && i < nr; i++) {
		ph = (Elf64_Phdr){
			.p_type = PT_LOAD, .p_offset = data, .p_vaddr = v[i].start,
			.p_filesz = v[i].dump, .p_memsz = v[i].end - v[i].start,
			.p_align = PAGE_SIZE,
			.p_flags = (v[i].flags & VM_READ ? PF_R : 0) |
				   (v[i].flags & VM_WRITE ? PF_W : 0) |
				   (v[i].flags & VM_EXEC ? PF_X : 0),
		};
		ok = dump_emit(cprm, &ph, sizeof(ph));
		data += v[i].dump;
	}
	return ok;
}

/* @v's bytes, page by page: a page not present leaves a hole. */
static bool write_vma(struct coredump_params *cprm, const struct core_vma *v,
		      u8 *page)
{
	for (u64 va = v->start; va < v->start + v->dump; va += PAGE_SIZE) {
		bool ok = access_remote_vm(current->mm, va, page, PAGE_SIZE,
					   false) == PAGE_SIZE ?
			  dump_emit(cprm, page, PAGE_SIZE) :
			  dump_skip(cprm, PAGE_SIZE);

		if (!ok)
			return false;
	}
	return true;
}

/* A file that ends in a hole still needs its size. */
static bool write_tail(struct coredump_params *cprm)
{
	struct inode *inode = cprm->file->f_inode;

	return inode->i_size >= cprm->pos || !vfs_truncate(inode, cprm->pos);
}

/*
 * Linux's has_dumped: once the notes are built the core counts as dumped,
 * even if the file then ends short (RLIMIT_CORE, a failed write): the
 * wait status says WCOREDUMP, the file has what fitted.
 */
static bool write_core(struct coredump_params *cprm, struct core_vma *v, int nr)
{
	struct notes *n = build_notes(cprm, v, nr);
	u8 *page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	bool dumped = n && page;
	bool ok = dumped && write_headers(cprm, v, nr, n->len) &&
		  dump_emit(cprm, n->buf, n->len) && dump_align_page(cprm);

	for (int i = 0; ok && i < nr; i++)
		ok = write_vma(cprm, &v[i], page);
	if (ok)
		write_tail(cprm);
	kfree(page);
	if (n)
		kfree(n->buf);
	kfree(n);
	return dumped;
}

bool elf_core_dump(struct coredump_params *cprm)
{
	int max = READ_ONCE(current->mm->map_count) + 8;
	struct core_vma *v = kmalloc(max * sizeof(*v), GFP_KERNEL);
	int nr;
	bool ok;

	if (!v)
		return false;
	nr = MIN(snapshot_vmas(v, max), 0xfffe);	/* e_phnum is 16 bits */
	for (int i = 0; i < nr; i++)
		v[i].dump = vma_dump_size(&v[i], cprm->filter);
	ok = write_core(cprm, v, nr);
	kfree(v);
	return ok;
}
