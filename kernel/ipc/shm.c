/*
 * System V shared memory (Linux's ipc/shm.c): shmget, shmat, shmdt. A
 * segment is a memory object (kernel/mm/filemap.h), the one kind that
 * MAP_SHARED anonymous memory maps too; shmat() is do_mmap() of it,
 * MAP_SHARED, shown in /proc/<pid>/maps as "/SYSV<key> (deleted)" with
 * the id as its inode. The table entry holds one reference on the object
 * and every VMA another, so the pages live while either does.
 *
 * Attaches are counted the way Linux counts them: by VMA. The object's
 * vm_ops (shm_vm_ops) hear of every VMA that maps it, made by shmat(),
 * fork, or a split, and of every one that goes (shmdt, munmap, exit,
 * exec), so shm_nattch is always the number of VMAs. IPC_RMID (shmctl.c)
 * of an attached segment only marks it SHM_DEST and makes its key
 * private; the last detach destroys it. Every VMA holds the segment's
 * IPC namespace too, as Linux's shmat file does: a segment attached by a
 * process that left the namespace keeps it, and with it the segment,
 * until its last detach.
 */
#include "kernel/ipc/shm_internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static u64 seg_pages(const struct shmid_kernel *shp)
{
	return ALIGN_UP(shp->shm_segsz, PAGE_SIZE) >> PAGE_SHIFT;
}

/* The last reference of the table: out of it, and its pages go with the
 * object's last VMA. shm_ids' lock held. */
void shm_destroy(struct shmid_kernel *shp)
{
	struct ipc_namespace *ns = shp->ns;

	lockdep_assert_held(&shm_ids(ns)->lock);
	ipc_rmid(shm_ids(ns), &shp->shm_perm);
	ns->shm_tot -= seg_pages(shp);
	shp->mapping->private_data = NULL;
	mapping_put(shp->mapping);
	kfree(shp);
}

/* Does @shp go once nothing attaches it (Linux's shm_may_destroy()):
 * removed, or its namespace's shm_rmid_forced set? */
static bool shm_goes_unattached(const struct shmid_kernel *shp)
{
	return (shp->shm_perm.mode & SHM_DEST) || READ_ONCE(shp->ns->shm_rmid_forced);
}

/* A VMA maps the segment: one attach more (Linux's shm_open()), and a
 * reference on its namespace. The segment is attached already (by the
 * VMA copied, or by shmat's pending attach): it and its namespace live. */
static void shm_vm_open(struct address_space *m)
{
	struct shmid_kernel *shp = m->private_data;
	struct ipc_namespace *ns = get_ipc_ns(shp->ns);
	unsigned long irq = spin_lock_irqsave(&shm_ids(ns)->lock);

	shp->shm_nattch++;
	shp->shm_atim = ipc_now();
	shp->shm_lprid = current->tgid;
	spin_unlock_irqrestore(&shm_ids(ns)->lock, irq);
}

/* A VMA of the segment is gone (Linux's shm_close()); a removed segment
 * goes with its last, and the namespace may go with its reference (later:
 * this may run under mm->lock). */
static void shm_vm_close(struct address_space *m)
{
	struct shmid_kernel *shp = m->private_data;
	struct ipc_namespace *ns = shp->ns;
	unsigned long irq = spin_lock_irqsave(&shm_ids(ns)->lock);

	shp->shm_lprid = current->tgid;
	shp->shm_dtim = ipc_now();
	shm_detach_locked(shp);
	spin_unlock_irqrestore(&shm_ids(ns)->lock, irq);
	put_ipc_ns_deferred(ns);
}

/* remap_file_pages() over a whole attach: Linux unmaps it first, which
 * destroys a removed segment at its last attach, and the new mapping
 * then finds no segment (EIDRM). */
static int shm_vm_remap(struct address_space *m)
{
	struct shmid_kernel *shp = READ_ONCE(m->private_data);
	unsigned long irq;
	int ret;

	if (!shp)
		return -EIDRM;
	irq = spin_lock_irqsave(&shm_ids(shp->ns)->lock);
	ret = shp->shm_nattch == 1 && shm_goes_unattached(shp) ? -EIDRM : 0;
	spin_unlock_irqrestore(&shm_ids(shp->ns)->lock, irq);
	return ret;
}

static const struct mapping_vm_ops shm_vm_ops = {
	.open = shm_vm_open,
	.close = shm_vm_close,
	.remap = shm_vm_remap,
};

void shm_detach_locked(struct shmid_kernel *shp)
{
	if (--shp->shm_nattch == 0 && shm_goes_unattached(shp))
		shm_destroy(shp);
}

/* A new segment of @size bytes for @key in @ns (Linux's newseg()); its
 * id or -errno. shm_ids(ns)'s lock held. */
static int newseg(struct ipc_namespace *ns, int key, u64 size, int shmflg)
{
	u64 pages = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	struct shmid_kernel *shp;
	int id;

	if (size < SHMMIN || size > ns->shm_ctlmax)
		return -EINVAL;
	if (pages << PAGE_SHIFT < size || ns->shm_tot + pages < ns->shm_tot ||
	    ns->shm_tot + pages > ns->shm_ctlall)
		return -ENOSPC;
	/* No huge pages: Linux built without them finds no page size for
	 * the flag (hstate_sizelog()) and says EINVAL. */
	if (shmflg & SHM_HUGETLB)
		return -EINVAL;
	shp = kzalloc(sizeof(*shp), GFP_KERNEL);
	if (!shp)
		return -ENOMEM;
	shp->mapping = mapping_alloc(size);
	if (!shp->mapping) {
		kfree(shp);
		return -ENOMEM;
	}
	id = ipc_addid(shm_ids(ns), &shp->shm_perm, key, shmflg & 0777, ns->shm_ctlmni);
	if (id < 0) {
		mapping_put(shp->mapping);
		kfree(shp);
		return id;
	}
	shp->mapping->vm_ops = &shm_vm_ops;
	shp->mapping->private_data = shp;
	shp->shm_segsz = size;
	shp->shm_cprid = current->tgid;
	shp->shm_ctim = ipc_now();
	shp->ns = ns;
	ns->shm_tot += pages;
	return id;
}

/* An existing segment asked for again by its key: 0 or -errno, in
 * Linux's order. */
static int shm_reuse(struct kern_ipc_perm *p, u64 size, int shmflg)
{
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL))
		return -EEXIST;
	if (shm_of(p)->shm_segsz < size)
		return -EINVAL;
	return ipcperms(p, shmflg);
}

/* shmget(2): the segment of @key, made if need be. */
long sys_shmget(int key, u64 size, int shmflg)
{
	struct ipc_namespace *ns = current_ipc_ns();
	unsigned long irq = spin_lock_irqsave(&shm_ids(ns)->lock);
	struct kern_ipc_perm *p = NULL;
	long ret;

	if (key != IPC_PRIVATE)
		p = ipc_findkey(shm_ids(ns), key);
	if (p)
		ret = shm_reuse(p, size, shmflg) ?: p->id;
	else if (key != IPC_PRIVATE && !(shmflg & IPC_CREAT))
		ret = -ENOENT;
	else
		ret = newseg(ns, key, size, shmflg);
	spin_unlock_irqrestore(&shm_ids(ns)->lock, irq);
	return ret;
}

/* shmat's address rules (Linux's do_shmat()): 0 lets the kernel choose;
 * SHM_RND rounds down to SHMLBA; otherwise it must be page-aligned.
 * The address to map at, or -EINVAL. */
static long shmat_addr(u64 addr, int shmflg)
{
	if (!addr)
		return shmflg & SHM_REMAP ? -EINVAL : 0;
	if (addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		addr &= ~(u64)(SHMLBA - 1);
		if (!addr && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	return (long)addr;
}

/* The segment @shmid for an attach with @acc rights, held against
 * destruction by a pending attach; or an ERR_PTR-style -errno in *@err. */
static struct shmid_kernel *shm_get_for_attach(int shmid, int acc, long *err)
{
	struct ipc_ids *ids = shm_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p = ipc_obtain_id(ids, shmid);
	struct shmid_kernel *shp = NULL;

	*err = p ? ipcperms(p, acc) : -EINVAL;
	if (!*err) {
		shp = shm_of(p);
		shp->shm_nattch++;
		mapping_get(shp->mapping);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return shp;
}

/* Map @shp at @addr as shmat() asked; the address or -errno. */
static long shm_map(struct shmid_kernel *shp, u64 addr, int shmflg)
{
	unsigned long prot = PROT_READ | (shmflg & SHM_RDONLY ? 0 : PROT_WRITE) |
			     (shmflg & SHM_EXEC ? PROT_EXEC : 0);
	unsigned long flags = MAP_SHARED;
	struct mmap_object obj = {
		.mapping = shp->mapping,
		.may_write = !(shmflg & SHM_RDONLY),
		.dev = SHM_DEV,
		.ino = (u64)shp->shm_perm.id,
	};
	long ret;

	snprintf(obj.name, sizeof(obj.name), "/SYSV%08x (deleted)",
		 (u32)shp->shm_perm.key);
	if (addr)
		flags |= shmflg & SHM_REMAP ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	if (addr && addr + shp->shm_segsz < addr)
		return -EINVAL;
	ret = mmap_check(addr, shp->shm_segsz, flags, 0) ?:
	      do_mmap(addr, shp->shm_segsz, prot, flags, &obj);
	return ret == -EEXIST ? -EINVAL : ret;
}

/* shmat(2): map segment @shmid; its address, or -errno. */
long sys_shmat(int shmid, u64 shmaddr, int shmflg)
{
	int acc = (shmflg & SHM_RDONLY ? 0444 : 0666) | (shmflg & SHM_EXEC ? 0111 : 0);
	struct shmid_kernel *shp;
	struct ipc_ids *ids;
	unsigned long irq;
	long addr, ret;

	if (shmid < 0)
		return -EINVAL;
	addr = shmat_addr(shmaddr, shmflg);
	if (addr < 0)
		return addr;
	shp = shm_get_for_attach(shmid, acc, &ret);
	if (!shp)
		return ret;
	ret = shm_map(shp, (u64)addr, shmflg);
	ids = shm_ids(shp->ns);
	irq = spin_lock_irqsave(&ids->lock);
	mapping_put(shp->mapping);	/* the table or the VMA holds one */
	shm_detach_locked(shp);		/* the pending attach */
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* Is @v a piece of a segment attached at @addr (its offset into the
 * segment equals its distance from @addr)? mm->lock held. */
static bool shm_piece_at(const struct vm_area_struct *v, u64 addr,
			 const struct address_space *m)
{
	return v->vm_mapping && v->vm_mapping->vm_ops == &shm_vm_ops &&
	       (!m || v->vm_mapping == m) && v->vm_start >= addr &&
	       v->vm_start - addr == v->vm_pgoff << PAGE_SHIFT;
}

/* The next piece of the segment attached at @addr, from @from up to
 * @limit: its range in *@start, *@end and its object in *@m (NULL: any
 * segment's, then set and referenced, so that it outlives the pieces'
 * munmaps while the caller compares with it). False when there is none. */
static bool next_piece(struct mm_struct *mm, u64 addr, u64 from, u64 limit,
		       struct address_space **m, u64 *start, u64 *end)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v;
	bool found = false;

	list_for_each_entry(v, &mm->mmap, list) {
		if (v->vm_end <= from || v->vm_end - addr > limit)
			continue;
		if (shm_piece_at(v, addr, *m)) {
			if (!*m)
				mapping_get(v->vm_mapping);
			*m = v->vm_mapping;
			*start = v->vm_start;
			*end = v->vm_end;
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return found;
}

/* shmdt(2): detach the segment attached at @addr (Linux's ksys_shmdt():
 * every piece of it left within its size from there). */
long sys_shmdt(u64 addr)
{
	struct mm_struct *mm = current->mm;
	struct address_space *m = NULL;
	u64 start, end, size;

	if (!mm || (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!next_piece(mm, addr, addr, ~0ull, &m, &start, &end))
		return -EINVAL;
	size = ALIGN_UP(m->size, PAGE_SIZE);
	do_munmap(mm, start, end - start);
	while (next_piece(mm, addr, end, size, &m, &start, &end))
		do_munmap(mm, start, end - start);
	mapping_put(m);
	return 0;
}
