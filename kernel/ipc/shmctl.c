/*
 * shmctl(2) and the views of the segments (Linux's ipc/shm.c, second
 * half): IPC_STAT, SHM_STAT, SHM_STAT_ANY, IPC_SET, IPC_RMID, IPC_INFO,
 * SHM_INFO, SHM_LOCK, SHM_UNLOCK; /proc/sysvipc/shm (what ipcs -m shows)
 * and the limits /proc/sys/kernel/shm{max,all,mni,_rmid_forced}, all of
 * the caller's IPC namespace; and the end of a namespace's segments.
 * Every command takes the table's lock for what it reads or changes, and
 * copies to or from the user only outside it.
 */
#include "kernel/ipc/shm_internal.h"
#include "lib/bug.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/filemap.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RLIMIT_MEMLOCK 8

/* The user's struct shmid64_ds (x86_64's layout). */
struct shmid64_ds {
	struct ipc64_perm shm_perm;
	u64 shm_segsz;
	s64 shm_atime, shm_dtime, shm_ctime;
	int shm_cpid, shm_lpid;
	u64 shm_nattch;
	u64 __unused4, __unused5;
};

/* IPC_INFO's struct shminfo64. */
struct shminfo64 {
	u64 shmmax, shmmin, shmmni, shmseg, shmall;
	u64 __unused1, __unused2, __unused3, __unused4;
};

/* SHM_INFO's struct shm_info. */
struct shm_info {
	int used_ids;
	u64 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

u64 shm_rss(const struct shmid_kernel *shp)
{
	return filemap_nr_pages(shp->mapping);
}

static void fill_shmid64(struct shmid_kernel *shp, struct shmid64_ds *out)
{
	memset(out, 0, sizeof(*out));
	kernel_to_ipc64_perm(&shp->shm_perm, &out->shm_perm);
	out->shm_segsz = shp->shm_segsz;
	out->shm_atime = shp->shm_atim;
	out->shm_dtime = shp->shm_dtim;
	out->shm_ctime = shp->shm_ctim;
	out->shm_cpid = shp->shm_cprid;
	out->shm_lpid = shp->shm_lprid;
	out->shm_nattch = shp->shm_nattch;
}

/* IPC_STAT (by id), SHM_STAT and SHM_STAT_ANY (by slot: these answer the
 * id): copy the segment's shmid64_ds to @buf. */
static long shm_stat(int shmid, int cmd, void __user *buf)
{
	struct ipc_ids *ids = shm_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct shmid64_ds ds;
	long ret;
	struct kern_ipc_perm *p = ipc_obtain_stat(ids, shmid, cmd == IPC_STAT,
						  cmd == SHM_STAT_ANY, &ret);

	if (p)
		fill_shmid64(shm_of(p), &ds);
	spin_unlock_irqrestore(&ids->lock, irq);
	if (ret >= 0 && copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* IPC_RMID: gone now, or (attached) at the last detach, its key made
 * private so that shmget no longer finds it (Linux's do_shm_rmid()). */
static void shm_rmid(struct shmid_kernel *shp)
{
	if (!shp->shm_nattch) {
		shm_destroy(shp);
		return;
	}
	shp->shm_perm.mode |= SHM_DEST;
	ipc_set_key_private(shm_ids(shp->ns), &shp->shm_perm);
}

/* May current SHM_LOCK or SHM_UNLOCK @shp? Root may; its owner or creator
 * may while RLIMIT_MEMLOCK is above 0 (for SHM_LOCK) and holds it. */
static long shm_lock_check(struct shmid_kernel *shp, int cmd)
{
	u64 lim = current->signal->rlim[RLIMIT_MEMLOCK].rlim_cur;
	const struct cred *cred = current->cred;

	if (capable(CAP_IPC_LOCK))
		return 0;
	if (!uid_eq(cred->euid, shp->shm_perm.uid) &&
	    !uid_eq(cred->euid, shp->shm_perm.cuid))
		return -EPERM;
	if (cmd == SHM_LOCK && !lim)
		return -EPERM;
	if (cmd == SHM_LOCK && lim != RLIM_INFINITY &&
	    ALIGN_UP(shp->shm_segsz, PAGE_SIZE) > lim)
		return -ENOMEM;
	return 0;
}

/* IPC_SET, IPC_RMID, SHM_LOCK, SHM_UNLOCK on segment @shmid. */
static long shm_change(int shmid, int cmd, const struct shmid64_ds *in)
{
	struct ipc_ids *ids = shm_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p = ipc_obtain_id(ids, shmid);
	struct shmid_kernel *shp = p ? shm_of(p) : NULL;
	long ret = p ? 0 : -EINVAL;

	if (!ret && (cmd == SHM_LOCK || cmd == SHM_UNLOCK))
		ret = shm_lock_check(shp, cmd);
	else if (!ret)
		ret = ipc_owner_check(p);
	if (ret)
		goto out;
	if (cmd == IPC_SET) {
		ret = ipc_update_perm(&in->shm_perm, p);
		if (!ret)
			shp->shm_ctim = ipc_now();
	} else if (cmd == IPC_RMID) {
		shm_rmid(shp);
	} else if (cmd == SHM_LOCK) {
		p->mode |= SHM_LOCKED;
	} else {
		p->mode &= ~(u32)SHM_LOCKED;
	}
out:
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* IPC_INFO and SHM_INFO: the limits, or what is in use; both answer the
 * highest slot in use. */
static long shm_info(int cmd, void __user *buf)
{
	struct ipc_namespace *ns = current_ipc_ns();
	struct ipc_ids *ids = shm_ids(ns);
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct shminfo64 limits = {
		.shmmax = ns->shm_ctlmax, .shmmin = SHMMIN,
		.shmmni = (u64)ns->shm_ctlmni, .shmseg = SHMSEG,
		.shmall = ns->shm_ctlall,
	};
	struct shm_info used = { .used_ids = ids->in_use, .shm_tot = ns->shm_tot };
	struct kern_ipc_perm *p;
	long maxidx = ipc_get_maxidx(ids);
	int i;

	ipc_for_each(ids, i, p)
		used.shm_rss += shm_rss(shm_of(p));
	spin_unlock_irqrestore(&ids->lock, irq);
	if (cmd == IPC_INFO ? copy_to_user(buf, &limits, sizeof(limits))
			    : copy_to_user(buf, &used, sizeof(used)))
		return -EFAULT;
	return maxidx < 0 ? 0 : maxidx;
}

/* shmctl(2): @cmd on segment @shmid (IPC_64 is the layout used anyway). */
long sys_shmctl(int shmid, int cmd, void __user *buf)
{
	struct shmid64_ds in;

	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	cmd &= ~IPC_64;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shm_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shm_stat(shmid, cmd, buf);
	case IPC_SET:
		if (copy_from_user(&in, buf, sizeof(in)))
			return -EFAULT;
		return shm_change(shmid, cmd, &in);
	case IPC_RMID:
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shm_change(shmid, cmd, NULL);
	default:
		return -EINVAL;
	}
}

int shm_proc_show(struct seq_buf *m, void *unused)
{
	struct ipc_ids *ids = shm_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p;
	int i;

	seq_printf(m, "       key      shmid perms                  size  cpid  lpid nattch"
		   "   uid   gid  cuid  cgid      atime      dtime      ctime"
		   "                   rss                  swap\n");
	ipc_for_each(ids, i, p) {
		struct shmid_kernel *shp = shm_of(p);

		seq_printf(m, "%10d %10d  %4o %21llu %5u %5u  %5llu %5u %5u %5u %5u"
			   " %10lld %10lld %10lld %21llu %21llu\n",
			   p->key, p->id, p->mode, (unsigned long long)shp->shm_segsz,
			   shp->shm_cprid, shp->shm_lprid,
			   (unsigned long long)shp->shm_nattch, p->uid.val, p->gid.val,
			   p->cuid.val, p->cgid.val, (long long)shp->shm_atim,
			   (long long)shp->shm_dtim, (long long)shp->shm_ctim,
			   (unsigned long long)(shm_rss(shp) << PAGE_SHIFT), 0ull);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return 0;
}

u64 shm_limit_get(enum shm_limit which)
{
	struct ipc_namespace *ns = current_ipc_ns();

	switch (which) {
	case SHM_CTLMAX:
		return READ_ONCE(ns->shm_ctlmax);
	case SHM_CTLALL:
		return READ_ONCE(ns->shm_ctlall);
	case SHM_CTLMNI:
		return (u64)READ_ONCE(ns->shm_ctlmni);
	default:
		return (u64)READ_ONCE(ns->shm_rmid_forced);
	}
}

/* Linux's bounds: shmmni at most IPCMNI, shm_rmid_forced 0 or 1. */
int shm_limit_set(enum shm_limit which, u64 val)
{
	struct ipc_namespace *ns = current_ipc_ns();

	if ((which == SHM_CTLMNI && val > IPCMNI) ||
	    (which == SHM_RMID_FORCED && val > 1))
		return -EINVAL;
	if (which == SHM_CTLMAX)
		WRITE_ONCE(ns->shm_ctlmax, val);
	else if (which == SHM_CTLALL)
		WRITE_ONCE(ns->shm_ctlall, val);
	else if (which == SHM_CTLMNI)
		WRITE_ONCE(ns->shm_ctlmni, (int)val);
	else
		WRITE_ONCE(ns->shm_rmid_forced, (int)val);
	return 0;
}

/* The namespace's end: no VMA attaches its segments (each would hold
 * it), so every one goes now. */
static void shm_free_one(struct ipc_namespace *ns, struct kern_ipc_perm *p)
{
	BUG_ON(shm_of(p)->shm_nattch);
	shm_destroy(shm_of(p));
}

void shm_exit_ns(struct ipc_namespace *ns)
{
	free_ipcs(ns, shm_ids(ns), shm_free_one);
}
