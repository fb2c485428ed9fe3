/*
 * I/O port permissions for user mode (Linux's arch/x86/kernel/ioport.c):
 * ioperm(2) lets a thread at some ports, iopl(2) level 3 at all of them.
 *
 * An IN or OUT in ring 3 (CPL 3 > EFLAGS.IOPL 0) makes the CPU look at
 * the I/O permission bitmap at the end of this CPU's TSS: port n's bit 0
 * allows it, 1 or a bit past the segment's limit raises #GP (SIGSEGV).
 * Each thread that holds ports has a struct io_bitmap; arch_switch_to()
 * calls switch_io_bitmap(), which copies it into the TSS and points
 * io_bitmap_base at it, or, for every other thread, points the base past
 * the limit. As in Linux since 5.5, iopl(3) does not raise EFLAGS.IOPL
 * (which would also allow cli and sti): it is emulated with a bitmap of
 * all ports allowed. Both are inherited over fork (the bitmap shared,
 * copied before either side changes it) and kept across execve.
 */
#include "asm/percpu.h"
#include "asm/processor.h"
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/preempt.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/bitops.h"
#include "lib/errno.h"
#include "lib/refcount.h"
#include "lib/string.h"

#define IO_BITMAP_LONGS (IO_BITMAP_BYTES / sizeof(unsigned long))

struct io_bitmap {
	refcount_t refcnt;		/* threads sharing it (fork) */
	u64 sequence;			/* new at every change: which one a TSS holds */
	unsigned int max;		/* bytes up to the last allowed port */
	unsigned long bitmap[IO_BITMAP_LONGS];	/* 1: denied, as the CPU's */
};

/* iopl(3)'s all-ports bitmap as a sequence number no change reaches. */
#define IO_BITMAP_SEQ_ALL (~0ull)

static u64 io_bitmap_sequence;	/* the last sequence handed out */

/* This CPU's TSS bitmap holds @bytes of @src (NULL: all ports), the rest
 * denied; copied only if it does not hold bitmap @seq already (Linux's
 * sequence numbers: a thread switched back in finds its ports in place).
 * Preemption off: the TSS is this CPU's. */
static void tss_copy_io_bitmap(const void *src, unsigned int bytes, u64 seq)
{
	struct percpu *pc = this_cpu();
	unsigned int old = pc->io_bitmap_max;

	pc->tss.io_bitmap_base = IO_BITMAP_OFFSET_VALID;
	if (pc->io_bitmap_seq == seq)
		return;
	if (src)
		memcpy(pc->tss.io_bitmap, src, bytes);
	else
		memset(pc->tss.io_bitmap, 0, bytes);	/* iopl(3): all */
	if (old > bytes)
		memset(pc->tss.io_bitmap + bytes, 0xff, old - bytes);
	pc->io_bitmap_max = bytes;
	pc->io_bitmap_seq = seq;
}

void switch_io_bitmap(struct task_struct *next)
{
	struct thread_struct *t = &next->thread;

	if (t->iopl_emul == 3)
		tss_copy_io_bitmap(NULL, IO_BITMAP_BYTES, IO_BITMAP_SEQ_ALL);
	else if (t->io_bitmap)
		tss_copy_io_bitmap(t->io_bitmap->bitmap, t->io_bitmap->max,
				   t->io_bitmap->sequence);
	else
		this_cpu()->tss.io_bitmap_base = IO_BITMAP_OFFSET_INVALID;
}

/* Current changed its ports: this CPU's TSS follows before user mode. */
static void update_io_bitmap(void)
{
	preempt_disable();
	switch_io_bitmap(current);
	preempt_enable();
}

void io_bitmap_share(struct task_struct *p)
{
	struct io_bitmap *iobm = current->thread.io_bitmap;

	p->thread.iopl_emul = current->thread.iopl_emul;
	p->thread.io_bitmap = iobm;
	if (iobm)
		refcount_inc(&iobm->refcnt);
}

void io_bitmap_exit(struct task_struct *p)
{
	struct io_bitmap *iobm = p->thread.io_bitmap;

	p->thread.io_bitmap = NULL;
	if (iobm && refcount_dec_and_test(&iobm->refcnt))
		kfree(iobm);
}

/* Current's own bitmap to change: a new one (all denied), or a private
 * copy of one fork shares. NULL: no memory. */
static struct io_bitmap *io_bitmap_own(void)
{
	struct io_bitmap *old = current->thread.io_bitmap, *iobm;

	if (old && refcount_read(&old->refcnt) == 1)
		return old;
	iobm = kmalloc(sizeof(*iobm), GFP_KERNEL);
	if (!iobm)
		return NULL;
	if (old) {
		memcpy(iobm->bitmap, old->bitmap, sizeof(iobm->bitmap));
		iobm->max = old->max;
	} else {
		memset(iobm->bitmap, 0xff, sizeof(iobm->bitmap));
		iobm->max = 0;
	}
	refcount_set(&iobm->refcnt, 1);
	io_bitmap_exit(current);
	current->thread.io_bitmap = iobm;
	return iobm;
}

/* Bytes up to and including the last long with an allowed port; 0: none. */
static unsigned int io_bitmap_used(const struct io_bitmap *iobm)
{
	for (unsigned int i = IO_BITMAP_LONGS; i > 0; i--)
		if (iobm->bitmap[i - 1] != ~0ul)
			return i * sizeof(unsigned long);
	return 0;
}

/*
 * ioperm(2): allow (@turn_on) or deny ports [@from, @from + @num) to the
 * calling thread. EINVAL past port 65535, EPERM to allow without
 * CAP_SYS_RAWIO (denying needs nothing), ENOMEM.
 */
long sys_ioperm(unsigned long from, unsigned long num, int turn_on)
{
	struct io_bitmap *iobm;

	if (from + num <= from || from + num > IO_BITMAP_BITS)
		return -EINVAL;
	if (turn_on && !capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (!turn_on && !current->thread.io_bitmap)
		return 0;
	iobm = io_bitmap_own();
	if (!iobm)
		return -ENOMEM;
	for (unsigned long port = from; port < from + num; port++) {
		unsigned long *word = &iobm->bitmap[port / BITS_PER_LONG];
		unsigned long bit = 1ul << (port % BITS_PER_LONG);

		*word = turn_on ? *word & ~bit : *word | bit;	/* ours alone */
	}
	iobm->max = io_bitmap_used(iobm);
	iobm->sequence = __atomic_add_fetch(&io_bitmap_sequence, 1,
					    __ATOMIC_RELAXED);
	if (!iobm->max)
		io_bitmap_exit(current);	/* nothing allowed: none */
	update_io_bitmap();
	return 0;
}

/*
 * iopl(2): the calling thread's I/O privilege level; 3 allows every port
 * (emulated: interrupts stay the kernel's), below 3 only ioperm's.
 * EINVAL above 3, EPERM to raise it without CAP_SYS_RAWIO.
 */
long sys_iopl(unsigned int level)
{
	struct thread_struct *t = &current->thread;

	if (level > 3)
		return -EINVAL;
	if (level > t->iopl_emul && !capable(CAP_SYS_RAWIO))
		return -EPERM;
	t->iopl_emul = level;
	update_io_bitmap();
	return 0;
}
