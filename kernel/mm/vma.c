/*
 * The VMA index (Linux's mm/vma.c, and the VMA half of mm/mmap.c): an
 * mm's VMAs in a sorted list and a red-black tree together, kept in step
 * by vma_link() and vma_unlink(); lookup (find_vma()), insertion and
 * merging (vma_add()), the gap search (get_unmapped_area()), splitting
 * for munmap, mprotect and mremap, and the totals /proc shows (VmData,
 * VmStk: vma_account()). Only the VMAs: their pages are memory.c's.
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct vm_area_struct *rb_vma(struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, vm_rb) : NULL;
}

/* The first VMA that ends above @addr (it contains @addr, or is the
 * next one up), or NULL: Linux's find_vma(). mm->lock held. */
struct vm_area_struct *vma_end_above(struct mm_struct *mm, u64 addr)
{
	struct rb_node *n = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	lockdep_assert_held(&mm->lock);
	while (n) {
		struct vm_area_struct *v = rb_vma(n);

		if (v->vm_end > addr) {
			found = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return found;
}

/* The last VMA that starts below @addr, or NULL. mm->lock held. */
static struct vm_area_struct *vma_start_below(struct mm_struct *mm, u64 addr)
{
	struct rb_node *n = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	lockdep_assert_held(&mm->lock);
	while (n) {
		struct vm_area_struct *v = rb_vma(n);

		if (v->vm_start < addr) {
			found = v;
			n = n->rb_right;
		} else {
			n = n->rb_left;
		}
	}
	return found;
}

static struct vm_area_struct *vma_prev(struct mm_struct *mm,
				       struct vm_area_struct *v)
{
	return v->list.prev == &mm->mmap ? NULL :
	       list_entry(v->list.prev, struct vm_area_struct, list);
}

/* Put @v, whose range must be free, in the tree and the list. mm->lock
 * held, or @mm seen by no other task yet: dup_mm() fills its copy
 * without taking the copy's lock. */
void vma_link(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *next = NULL;

	while (*link) {
		parent = *link;
		if (v->vm_start < rb_vma(parent)->vm_start) {
			next = rb_vma(parent);	/* the lowest above so far */
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
		}
	}
	v->vm_mm = mm;
	rb_link_node(&v->vm_rb, parent, link);
	rb_insert_color(&v->vm_rb, &mm->mm_rb);
	list_add_tail(&v->list, next ? &next->list : &mm->mmap);
	mm->map_count++;
}

/* Take @v out of the tree and the list (the caller frees or relinks it).
 * mm->lock held. */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *v)
{
	lockdep_assert_held(&mm->lock);
	rb_erase(&v->vm_rb, &mm->mm_rb);
	list_del(&v->list);
	mm->map_count--;
}

/* [start, end) is no longer mapped: get_unmapped_area() must look there
 * again. Raising the hint is always safe; it only costs a longer walk.
 * mm->lock held. */
void vma_range_freed(struct mm_struct *mm, u64 start, u64 end)
{
	lockdep_assert_held(&mm->lock);
	if (end > mm->free_area_hint)
		mm->free_area_hint = MIN(end, MMAP_BASE);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *v;

	lockdep_assert_held(&mm->lock);
	v = vma_end_above(mm, addr);
	return v && v->vm_start <= addr ? v : NULL;
}

/* Count @v in (@sign 1) or out of (-1) @mm's totals. A VMA that changes
 * size or flags is counted out before and in after. mm->lock held. */
void vma_account(struct mm_struct *mm, struct vm_area_struct *v, s64 sign)
{
	u64 pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;

	lockdep_assert_held(&mm->lock);
	mm->total_vm += sign * pages;
	if (v->vm_flags & VM_GROWSDOWN)
		mm->stack_vm += sign * pages;
	if ((v->vm_flags & (VM_WRITE | VM_STACK)) == VM_WRITE)
		mm->data_vm += sign * pages;
	if (v->vm_flags & VM_LOCKED)
		mm->locked_vm += sign * pages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
}

/* Linux's vm.max_map_count (65530 by default) bounds the kernel memory
 * one process's mappings take. */
bool may_add_vma(struct mm_struct *mm)
{
	return mm->map_count < MAX_MAP_COUNT;
}

/* Insert @v in address order; the range must be free. mm->lock held. */
int insert_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct vm_area_struct *next;

	lockdep_assert_held(&mm->lock);
	if (!may_add_vma(mm))
		return -ENOMEM;
	next = vma_end_above(mm, v->vm_start);
	if (next && next->vm_start < v->vm_end)
		return -EEXIST;		/* overlaps */
	vma_link(mm, v);
	vma_account(mm, v, 1);
	return 0;
}

static bool same_kind(const struct vm_area_struct *a,
		      const struct vm_area_struct *b)
{
	return a->vm_flags == b->vm_flags && !strcmp(a->name, b->name) &&
	       !a->vm_mapping && !b->vm_mapping && !(a->vm_flags & VM_HUGETLB) &&
	       a->vm_uffd_ctx == b->vm_uffd_ctx;
}

/* Join @v with the VMA just before it when they touch and match (the
 * heap growing by brk stays one [heap] line). mm->lock held. */
static void merge_with_prev(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct vm_area_struct *prev = vma_prev(mm, v);

	lockdep_assert_held(&mm->lock);
	if (!prev || prev->vm_end != v->vm_start || !same_kind(prev, v))
		return;
	vma_unlink(mm, v);
	prev->vm_end = v->vm_end;
	vma_free(v);
}

/* Put @v on its object's i_mmap list, with a reference on the object;
 * the object's owner hears of it (vm_ops->open). */
static void vma_attach(struct vm_area_struct *v)
{
	unsigned long irq;

	INIT_LIST_HEAD(&v->shared);
	if (!v->vm_mapping)
		return;
	mapping_get(v->vm_mapping);
	irq = spin_lock_irqsave(&v->vm_mapping->lock);
	list_add_tail(&v->shared, &v->vm_mapping->i_mmap);
	spin_unlock_irqrestore(&v->vm_mapping->lock, irq);
	if (v->vm_mapping->vm_ops)
		v->vm_mapping->vm_ops->open(v->vm_mapping);
}

struct vm_area_struct *vma_new(struct mm_struct *mm, u64 flags,
			       const char *name, struct address_space *m,
			       u64 pgoff)
{
	struct vm_area_struct *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	v->vm_flags = flags | mm->def_flags;
	strlcpy(v->name, name ? name : "", sizeof(v->name));
	v->vm_mapping = m;
	v->vm_pgoff = pgoff;
	v->vm_mm = mm;
	vma_attach(v);
	return v;
}

struct vm_area_struct *vma_dup(struct mm_struct *mm,
			       const struct vm_area_struct *v)
{
	struct vm_area_struct *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	*c = *v;
	c->vm_mm = mm;
	vma_attach(c);
	if (c->vm_flags & VM_HUGETLB)
		hugetlb_vma_dup(c);
	return c;
}

void vma_free(struct vm_area_struct *v)
{
	struct address_space *m = v->vm_mapping;
	unsigned long irq;

	if (v->vm_flags & VM_HUGETLB)
		hugetlb_vma_free(v);
	if (m) {
		irq = spin_lock_irqsave(&m->lock);
		list_del(&v->shared);
		spin_unlock_irqrestore(&m->lock, irq);
		if (m->vm_ops)
			m->vm_ops->close(m);
		mapping_put(m);
	}
	kfree(v);
}

/* @v now starts at @addr (within it): the object offset moves along. */
static void vma_set_start(struct vm_area_struct *v, u64 addr)
{
	if (v->vm_mapping)
		v->vm_pgoff += (addr - v->vm_start) >> PAGE_SHIFT;
	v->vm_start = addr;
}

int insert_new_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	int ret;

	lockdep_assert_held(&mm->lock);
	ret = insert_vma(mm, v);
	if (ret)
		vma_free(v);
	else
		merge_with_prev(mm, v);
	return ret;
}

int vma_add(struct mm_struct *mm, u64 start, u64 end, u64 flags,
	    const char *name)
{
	struct vm_area_struct *v;
	unsigned long irq;
	int ret;

	if (!IS_ALIGNED(start | end, PAGE_SIZE) || start >= end ||
	    end > TASK_SIZE_MAX)
		return -EINVAL;
	v = vma_new(mm, flags, name, NULL, 0);
	if (!v)
		return -ENOMEM;
	v->vm_start = start;
	v->vm_end = end;
	irq = spin_lock_irqsave(&mm->lock);
	ret = insert_new_vma(mm, v);
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

/* The gap is chosen under the same lock hold as the insert: two threads
 * must not pick the same one. */
long vma_add_anywhere(struct mm_struct *mm, u64 len, u64 flags,
		      const char *name)
{
	struct vm_area_struct *v = vma_new(mm, flags, name, NULL, 0);
	unsigned long irq;
	u64 start;
	long ret;

	if (!v)
		return -ENOMEM;
	irq = spin_lock_irqsave(&mm->lock);
	start = get_unmapped_area(mm, len);
	v->vm_start = start;
	v->vm_end = start + len;
	if (!start) {
		vma_free(v);
		ret = -ENOMEM;
	} else {
		/* @v may be merged away: return the start we chose. */
		ret = insert_new_vma(mm, v) ?: (long)start;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

/*
 * Top-down: the highest gap below MMAP_BASE that fits. [free_area_hint,
 * MMAP_BASE) has no gap at all, so the walk down the VMAs starts there:
 * unmapping raises the hint (vma_range_freed()), and the walk lowers it
 * over the gap-free VMAs it passes. A process that maps thread stack
 * after thread stack so finds its gap at once, not after walking every
 * stack it mapped before (Linux 2.6's free_area_cache, simplified).
 */
u64 get_unmapped_area(struct mm_struct *mm, u64 len)
{
	u64 top = mm->free_area_hint;
	struct vm_area_struct *v;

	lockdep_assert_held(&mm->lock);
	v = vma_start_below(mm, top);
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || len > MMAP_BASE)
		return 0;
	for (; v; v = vma_prev(mm, v)) {
		/* No gap between @v and the gap-free run above: the run,
		 * and so the hint, extends down to @v's start. */
		if (v->vm_end >= top && top == mm->free_area_hint)
			mm->free_area_hint = v->vm_start;
		if (top >= len && v->vm_end <= top - len)
			return top - len;	/* [vm_end, top) fits */
		top = v->vm_start;
	}
	return top >= len + 0x10000 ? top - len : 0;
}

/* Does any VMA overlap [start, end)? mm->lock held. */
bool range_intersects(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v;

	lockdep_assert_held(&mm->lock);
	v = vma_end_above(mm, start);
	return v && v->vm_start < end;
}

/* Cut [start, end) out of every VMA (splitting where needed). mm->lock
 * held. */
int split_out(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v, *n;

	lockdep_assert_held(&mm->lock);
	v = vma_end_above(mm, start);
	/* A huge VMA goes whole or not at all (split_at()). */
	for (n = v; n && n->vm_start < end; n = list_is_last(&n->list, &mm->mmap) ?
	     NULL : list_next_entry(n, list))
		if ((n->vm_flags & VM_HUGETLB) &&
		    (n->vm_start < start || n->vm_end > end))
			return -EINVAL;
	vma_range_freed(mm, start, end);
	/* From the first VMA that ends above start, up the list. */
	for (; v && v->vm_start < end; v = n) {
		n = list_is_last(&v->list, &mm->mmap) ? NULL :
		    list_next_entry(v, list);
		vma_account(mm, v, -1);
		if (v->vm_start < start && v->vm_end > end) {
			struct vm_area_struct *hi = may_add_vma(mm) ? vma_dup(mm, v) : NULL;

			if (!hi) {
				vma_account(mm, v, 1);
				return -ENOMEM;
			}
			vma_set_start(hi, end);
			v->vm_end = start;
			vma_link(mm, hi);
			vma_account(mm, hi, 1);
			n = NULL;	/* nothing else can overlap */
		} else if (v->vm_start < start) {
			v->vm_end = start;
		} else if (v->vm_end > end) {
			vma_set_start(v, end);
		} else {
			vma_unlink(mm, v);
			vma_free(v);
			continue;
		}
		vma_account(mm, v, 1);
	}
	return 0;
}

/* Split the VMA that straddles @addr into two at it. mm->lock held. */
int split_at(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *v, *hi;

	lockdep_assert_held(&mm->lock);
	v = find_vma(mm, addr);
	if (!v || v->vm_start == addr)
		return 0;
	if (v->vm_flags & VM_HUGETLB)
		return -EINVAL;		/* whole huge VMAs only, here */
	if (!may_add_vma(mm))
		return -ENOMEM;
	hi = vma_dup(mm, v);
	if (!hi)
		return -ENOMEM;
	vma_set_start(hi, addr);
	v->vm_end = addr;
	vma_link(mm, hi);
	return 0;
}

/* Split at the ends (none at 0 and TASK_SIZE_MAX: every VMA, which cannot
 * fail), then change the flags of each VMA between. */
int vma_modify_flags(struct mm_struct *mm, u64 start, u64 end, u64 mask,
		     u64 bits)
{
	int ret;

	lockdep_assert_held(&mm->lock);
	ret = split_at(mm, start) ?: split_at(mm, end);
	for (u64 va = start; !ret && va < end;) {
		struct vm_area_struct *v = vma_end_above(mm, va);

		if (!v || v->vm_start >= end)
			break;
		vma_account(mm, v, -1);
		v->vm_flags = (v->vm_flags & ~mask) | bits;
		vma_account(mm, v, 1);
		va = v->vm_end;
	}
	return ret;
}

/* Is [start, end) wholly covered by VMAs? mm->lock held. */
bool range_mapped(struct mm_struct *mm, u64 start, u64 end)
{
	lockdep_assert_held(&mm->lock);
	while (start < end) {
		struct vm_area_struct *v = find_vma(mm, start);

		if (!v)
			return false;
		start = v->vm_end;
	}
	return true;
}

void vma_set_file(struct mm_struct *mm, u64 addr, u64 pgoff, u32 dev, u64 ino)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, addr);

	if (v) {
		v->vm_pgoff = pgoff;
		v->vm_dev = dev;
		v->vm_ino = ino;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
}
