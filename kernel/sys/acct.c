/*
 * BSD process accounting (Linux's kernel/acct.c): acct(2) names a file,
 * and from then on every process that ends appends one record to it --
 * its command name, ids, start time, elapsed, user and system time,
 * memory, page faults and exit status -- for lastcomm(1) and sa(8) to
 * read. acct(NULL) stops it. Only CAP_SYS_PACCT may switch it.
 *
 * The record is Linux's struct acct_v3 (64 bytes, the format of
 * CONFIG_BSD_PROCESS_ACCT_V3): times in AHZ (100 per second) as comp_t,
 * a 13-bit fraction with a base-8 exponent, the elapsed time as an IEEE
 * single-precision float (built from integers here: the kernel does no
 * floating point). It is written by the process's last thread on its
 * way out (acct_exit(), from do_exit() before the parent can hear of
 * the exit), through the file opened at acct() time, under acct_mutex.
 *
 * Linux keeps one accounting file per PID namespace and pauses when its
 * file system runs low on space; Taskbase has one for the system and
 * never pauses.
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/namei.h"
#include "kernel/locking/mutex.h"
#include "kernel/mm/mm.h"
#include "kernel/signal.h"
#include "kernel/sys/sys.h"
#include "kernel/tasklist.h"
#include "kernel/time/time_kernel.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ACCT_VERSION 3
#define AHZ 100
#define ACCT_COMM 16
#define AFORK 0x01			/* forked, never exec'd */
#define ACORE 0x08			/* dumped core */
#define AXSIG 0x10			/* killed by a signal */

struct acct_v3 {
	u8 ac_flag, ac_version;
	u16 ac_tty;
	u32 ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
	u32 ac_etime;			/* a float's bits */
	u16 ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt,
	    ac_swaps;
	char ac_comm[ACCT_COMM];
};
_Static_assert(sizeof(struct acct_v3) == 64, "Linux's struct acct_v3");

static DEFINE_MUTEX(acct_mutex);
static struct file *acct_file;		/* NULL: accounting is off */

/* comp_t: @v as a 13-bit fraction times 8 to a 3-bit exponent, rounded
 * to nearest; 0xffff when too large. */
static u16 encode_comp_t(u64 v)
{
	unsigned int exp = 0;
	u64 lost = 0;

	while (v > 0x1fff) {
		lost = v & 4;		/* the highest bit shifted out */
		v >>= 3;
		exp++;
	}
	if (lost && ++v > 0x1fff) {
		v >>= 3;
		exp++;
	}
	return exp > 7 ? 0xffff : (u16)((exp << 13) | v);
}

/* The bits of (float)@v: sign 0, exponent 127 + the top bit's place,
 * the 23 bits below it (truncated). */
static u32 encode_float(u64 v)
{
	int top = 63;

	if (!v)
		return 0;
	while (!(v >> top))
		top--;
	v = top > 23 ? v >> (top - 23) : v << (23 - top);
	return ((u32)(127 + top) << 23) | ((u32)v & 0x7fffff);
}

static u64 ns_to_ahz(u64 ns)
{
	return ns / (NSEC_PER_SEC / AHZ);
}

/* The record for current's process, ending with wait status @code. */
static void fill_ac(struct acct_v3 *ac, long code)
{
	struct task_struct *p = current, *leader = p->group_leader;
	u64 now = ktime_get_ns(), start = leader->start_time;
	struct rusage_sum ru = { 0 };
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	task_rusage(p, &ru);
	ac->ac_ppid = (u32)leader->real_parent->tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	ac->ac_version = ACCT_VERSION;	/* | ACCT_BYTEORDER: 0, little-endian */
	ac->ac_flag = (p->flags & PF_FORKNOEXEC ? AFORK : 0) |
		      ((code & 0x7f) ? AXSIG : 0) | ((code & 0x80) ? ACORE : 0);
	ac->ac_exitcode = (u32)code;
	ac->ac_uid = p->real_cred->uid.val;
	ac->ac_gid = p->real_cred->gid.val;
	ac->ac_pid = (u32)p->tgid;
	ac->ac_btime = (u32)((ktime_get_real_ns() - (now - start)) / NSEC_PER_SEC);
	ac->ac_etime = encode_float(ns_to_ahz(now - start));
	ac->ac_utime = encode_comp_t(ns_to_ahz(ru.utime * (NSEC_PER_SEC / HZ)));
	ac->ac_stime = encode_comp_t(ns_to_ahz(ru.stime * (NSEC_PER_SEC / HZ)));
	ac->ac_mem = encode_comp_t(p->mm ? p->mm->total_vm * (PAGE_SIZE / 1024) : 0);
	ac->ac_minflt = encode_comp_t(ru.min_flt);
	ac->ac_majflt = encode_comp_t(ru.maj_flt);
	memcpy(ac->ac_comm, p->comm, MIN(sizeof(p->comm), sizeof(ac->ac_comm)));
	ac->ac_comm[ACCT_COMM - 1] = '\0';
}

void acct_process(long code)
{
	struct acct_v3 ac = { 0 };

	if (!READ_ONCE(acct_file))
		return;
	fill_ac(&ac, code);
	mutex_lock(&acct_mutex);
	if (acct_file)
		kernel_write(acct_file, &ac, sizeof(ac));
	mutex_unlock(&acct_mutex);
}

/* The file acct(@name) would write to: a regular file opened for
 * appending, or ERR_PTR (the open's errno; EACCES if not regular). */
static struct file *acct_open(const char __user *name)
{
	char *path = getname(name, false);
	struct file *f;

	if (IS_ERR(path))
		return ERR_PTR(PTR_ERR(path));
	f = filp_open(path, O_WRONLY | O_APPEND | O_LARGEFILE, 0);
	putname(path);
	if (!IS_ERR(f) && !S_ISREG(f->f_inode->i_mode)) {
		fput(f);
		f = ERR_PTR(-EACCES);
	}
	return f;
}

/* acct(2): account every ending process to file @name, or stop (NULL).
 * 0, -EPERM (no CAP_SYS_PACCT), or the open's errno. */
long sys_acct(const char __user *name)
{
	struct file *f = NULL, *old;

	if (!capable(CAP_SYS_PACCT))
		return -EPERM;
	if (name) {
		f = acct_open(name);
		if (IS_ERR(f))
			return PTR_ERR(f);
	}
	mutex_lock(&acct_mutex);
	old = acct_file;
	WRITE_ONCE(acct_file, f);
	mutex_unlock(&acct_mutex);
	if (old)
		fput(old);
	return 0;
}
