/*
 * kprobes and kretprobes (Linux's kernel/kprobes.c; kernel/trace/ here,
 * as kernel/ has its files). kernel/trace/kprobes.h says how a probe
 * works; this file keeps the registered probes, arms and disarms their
 * sites, and runs their handlers from the int3 trap.
 *
 * The probes sit in a small hash table by address, several at one
 * address in one chain. Writers hold kprobe_mutex; the int3 handler
 * reads the chains without a lock, with interrupts off. So a probe is
 * linked before its site is armed, and after it is unlinked (and the
 * site disarmed if it was the last) arch_kprobes_sync() waits until
 * every CPU has left the handlers it was in before it may be freed.
 */
#include "kernel/trace/kprobes.h"
#include "kernel/kallsyms.h"
#include "kernel/locking/mutex.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "asm/percpu.h"
#include "asm/ptrace.h"
#include "asm/smp.h"

#define KPROBE_HASH_BITS 6
#define KPROBE_TABLE_SIZE (1 << KPROBE_HASH_BITS)

static DEFINE_MUTEX(kprobe_mutex);
static struct kprobe *kprobe_table[KPROBE_TABLE_SIZE];
/* The probe whose handler runs on each CPU (Linux's current_kprobe). */
static struct kprobe *kprobe_running[NR_CPUS];
/* Pools of unregistered kretprobes whose last instance came home: freed
 * at the next (un)registration, in process context. Pushed lock-free. */
static struct kretprobe_holder *orphans;

static struct kprobe **kprobe_bucket(u64 addr)
{
	return &kprobe_table[(addr >> 4) & (KPROBE_TABLE_SIZE - 1)];
}

/* kprobe_mutex held: does an enabled probe other than @skip sit at @addr? */
static bool site_in_use(u64 addr, const struct kprobe *skip)
{
	for (struct kprobe *p = *kprobe_bucket(addr); p; p = p->next)
		if ((u64)p->addr == addr && p != skip &&
		    !(p->flags & KPROBE_FLAG_DISABLED))
			return true;
	return false;
}

bool kprobe_can_probe(u64 addr)
{
	return arch_kprobe_site(addr);
}

/* Where @p goes: its addr, or its symbol's plus offset. */
static int kprobe_resolve(struct kprobe *p, u64 *addr)
{
	if (!!p->addr == !!p->symbol_name)
		return -EINVAL;
	*addr = (u64)p->addr;
	if (p->symbol_name) {
		*addr = kallsyms_lookup_name(p->symbol_name);
		if (!*addr)
			return -ENOENT;
	}
	*addr += p->offset;
	if (kprobe_can_probe(*addr))
		return 0;
	return p->offset ? -EILSEQ : -EINVAL;
}

static void free_orphans(void)
{
	struct kretprobe_holder *h = xchg(&orphans, NULL);

	while (h) {
		struct kretprobe_holder *next = h->next_orphan;

		kfree(h);
		h = next;
	}
}

/* kprobe_mutex held: is @p in the table? */
static bool kprobe_registered(struct kprobe *p)
{
	if (!p->addr)
		return false;
	for (struct kprobe *q = *kprobe_bucket((u64)p->addr); q; q = q->next)
		if (q == p)
			return true;
	return false;
}

int register_kprobe(struct kprobe *p)
{
	u64 addr;
	int err = kprobe_resolve(p, &addr);

	if (err)
		return err;
	mutex_lock(&kprobe_mutex);
	free_orphans();
	if (kprobe_registered(p))
		err = -EINVAL;			/* registered twice */
	if (!err) {
		p->addr = (kprobe_opcode_t *)addr;
		p->flags &= KPROBE_FLAG_DISABLED;
		p->nmissed = 0;
		p->next = *kprobe_bucket(addr);
		WRITE_ONCE(*kprobe_bucket(addr), p);	/* linked, then armed */
		if (!(p->flags & KPROBE_FLAG_DISABLED) && !site_in_use(addr, p))
			arch_arm_kprobe(addr);
	}
	mutex_unlock(&kprobe_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(register_kprobe);

/*
 * kprobe_mutex held: take the registered @p away and wait until no CPU
 * runs its handlers. Unlinked first: a CPU that took the int3 before the
 * nop is back finds no probe and goes on (kprobe_int3_handler()); then
 * one sync, the disarm's or its own, covers both.
 */
static void __unregister_kprobe(struct kprobe *p)
{
	bool disarm = !(p->flags & KPROBE_FLAG_DISABLED) &&
		      !site_in_use((u64)p->addr, p);
	struct kprobe **pp;

	BUG_ON(!mutex_is_locked_by_me(&kprobe_mutex));
	for (pp = kprobe_bucket((u64)p->addr); *pp != p; pp = &(*pp)->next)
		;
	WRITE_ONCE(*pp, p->next);	/* p->next stays for a reader on p */
	if (disarm)
		arch_disarm_kprobe((u64)p->addr);
	else
		arch_kprobes_sync();
}

void unregister_kprobe(struct kprobe *p)
{
	mutex_lock(&kprobe_mutex);
	if (kprobe_registered(p))
		__unregister_kprobe(p);
	mutex_unlock(&kprobe_mutex);
}
EXPORT_SYMBOL_GPL(unregister_kprobe);

/* Arm (@on) or disarm a registered @p. */
static int kprobe_set_enabled(struct kprobe *p, bool on)
{
	int err = 0;

	mutex_lock(&kprobe_mutex);
	if (!kprobe_registered(p)) {
		err = -EINVAL;
	} else if (on == !!(p->flags & KPROBE_FLAG_DISABLED)) {
		if (!site_in_use((u64)p->addr, p)) {
			if (on)
				arch_arm_kprobe((u64)p->addr);
			else
				arch_disarm_kprobe((u64)p->addr);
		}
		p->flags ^= KPROBE_FLAG_DISABLED;
	}
	mutex_unlock(&kprobe_mutex);
	return err;
}

int disable_kprobe(struct kprobe *p)
{
	return kprobe_set_enabled(p, false);
}
EXPORT_SYMBOL_GPL(disable_kprobe);

int enable_kprobe(struct kprobe *p)
{
	return kprobe_set_enabled(p, true);
}
EXPORT_SYMBOL_GPL(enable_kprobe);

bool kprobe_int3_handler(struct pt_regs *regs)
{
	u64 addr = instruction_pointer(regs) - 1;
	unsigned int cpu = smp_processor_id();
	bool ours = false;

	BUG_ON(!arch_irqs_disabled());
	for (struct kprobe *p = READ_ONCE(*kprobe_bucket(addr)); p;
	     p = READ_ONCE(p->next)) {
		if ((u64)p->addr != addr)
			continue;
		ours = true;
		if (READ_ONCE(p->flags) & KPROBE_FLAG_DISABLED)
			continue;
		if (kprobe_running[cpu]) {
			p->nmissed++;		/* a probe hit in a handler */
			continue;
		}
		kprobe_running[cpu] = p;
		instruction_pointer_set(regs, addr);	/* as Linux's handlers see */
		if (!p->pre_handler || !p->pre_handler(p, regs)) {
			instruction_pointer_set(regs, addr + 1);	/* past the nop */
			if (p->post_handler)
				p->post_handler(p, regs, 0);
		}
		kprobe_running[cpu] = NULL;
	}
	/* A probe unlinked while this CPU was on its way here: its site,
	 * a nop again, needs nothing more. */
	return ours || arch_kprobe_site(addr);
}

/* ---- kretprobes ---- */

/* The entry probe of a kretprobe: take an instance, keep the real return
 * address in it and send the return to the trampoline. */
static int kretprobe_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe *rp = (struct kretprobe *)p;	/* kp is first */
	struct kretprobe_holder *h = rp->rph;
	struct kretprobe_instance *ri;
	unsigned long flags = spin_lock_irqsave(&h->lock);

	ri = h->free;
	if (ri)
		h->free = ri->next;
	spin_unlock_irqrestore(&h->lock, flags);
	if (!ri) {
		rp->nmissed++;
		return 0;
	}
	refcount_inc(&h->ref);
	ri->slot = arch_kretprobe_slot(regs);
	ri->ret_addr = *ri->slot;
	if (rp->entry_handler && rp->entry_handler(ri, regs)) {
		flags = spin_lock_irqsave(&h->lock);
		ri->next = h->free;
		h->free = ri;
		spin_unlock_irqrestore(&h->lock, flags);
		refcount_dec(&h->ref);
		return 0;
	}
	*ri->slot = (u64)kretprobe_trampoline;
	ri->next = current->kretprobe_instances;
	current->kretprobe_instances = ri;
	return 0;
}

/* @ri is done: back to its pool, and the pool to the orphans when it
 * was its kretprobe's last. Any context. */
static void kretprobe_recycle(struct kretprobe_instance *ri)
{
	struct kretprobe_holder *h = ri->rph;
	unsigned long flags = spin_lock_irqsave(&h->lock);

	ri->next = h->free;
	h->free = ri;
	spin_unlock_irqrestore(&h->lock, flags);
	if (refcount_dec_and_test(&h->ref)) {
		struct kretprobe_holder *old;

		do {
			old = READ_ONCE(orphans);
			h->next_orphan = old;
		} while (cmpxchg(&orphans, old, h) != old);
	}
}

u64 kretprobe_trampoline_handler(struct pt_regs *regs, u64 *slot)
{
	struct kretprobe_instance *ri = current->kretprobe_instances;
	unsigned int cpu = smp_processor_id();
	struct kretprobe *rp;
	u64 ret;

	BUG_ON(!ri || ri->slot != slot);	/* returns come back in order */
	current->kretprobe_instances = ri->next;
	ret = ri->ret_addr;
	rp = READ_ONCE(ri->rph->rp);
	instruction_pointer_set(regs, ret);
	if (rp && rp->handler && !kprobe_running[cpu]) {
		kprobe_running[cpu] = &rp->kp;
		rp->handler(ri, regs);
		kprobe_running[cpu] = NULL;
	}
	kretprobe_recycle(ri);
	return ret;
}

u64 kretprobe_find_ret_addr(const struct task_struct *tsk, const u64 *slot)
{
	u64 ret = *slot;

	if (ret != (u64)kretprobe_trampoline)
		return ret;
	for (struct kretprobe_instance *ri = READ_ONCE(tsk->kretprobe_instances);
	     ri; ri = READ_ONCE(ri->next))
		if (ri->slot == slot)
			return ri->ret_addr;
	return ret;
}

void kretprobe_flush_task(struct task_struct *tsk)
{
	struct kretprobe_instance *ri = tsk->kretprobe_instances;

	tsk->kretprobe_instances = NULL;
	while (ri) {
		struct kretprobe_instance *next = ri->next;

		kretprobe_recycle(ri);
		ri = next;
	}
}

/* A pool of @rp->maxactive instances for @rp. */
static struct kretprobe_holder *kretprobe_alloc(struct kretprobe *rp)
{
	size_t isize = ALIGN_UP(sizeof(struct kretprobe_instance) + rp->data_size, 8);
	struct kretprobe_holder *h;
	char *insts;

	h = kzalloc(sizeof(*h) + isize * (size_t)rp->maxactive, GFP_KERNEL);
	if (!h)
		return NULL;
	h->rp = rp;
	refcount_set(&h->ref, 1);
	spin_lock_init(&h->lock, "kretprobe_holder.lock");
	insts = (char *)(h + 1);
	for (int i = 0; i < rp->maxactive; i++) {
		struct kretprobe_instance *ri = (void *)(insts + isize * (size_t)i);

		ri->rph = h;
		ri->next = h->free;
		h->free = ri;
	}
	return h;
}

int register_kretprobe(struct kretprobe *rp)
{
	int err;

	if (rp->kp.pre_handler || rp->kp.post_handler || rp->maxactive < 0 ||
	    rp->maxactive > 4096 || rp->data_size > 4096)
		return -EINVAL;
	if (!rp->maxactive)		/* Linux's default */
		rp->maxactive = MAX(10, 2 * (int)num_online_cpus());
	rp->nmissed = 0;
	rp->rph = kretprobe_alloc(rp);
	if (!rp->rph)
		return -ENOMEM;
	rp->kp.pre_handler = kretprobe_pre_handler;
	err = register_kprobe(&rp->kp);
	if (err) {
		kfree(rp->rph);
		rp->rph = NULL;
		rp->kp.pre_handler = NULL;
	}
	return err;
}
EXPORT_SYMBOL_GPL(register_kretprobe);

/* kprobe_mutex held: take the registered kretprobe @rp away. Its pool
 * forgets it first, so that returns skip its handler; the entry probe's
 * sync then leaves no CPU in either handler. The pool goes with the last
 * of the instances still out. */
static void __unregister_kretprobe(struct kretprobe *rp)
{
	struct kretprobe_holder *h = rp->rph;

	WRITE_ONCE(h->rp, NULL);
	__unregister_kprobe(&rp->kp);
	rp->rph = NULL;
	rp->kp.pre_handler = NULL;
	if (refcount_dec_and_test(&h->ref))
		kfree(h);
	free_orphans();
}

void unregister_kretprobe(struct kretprobe *rp)
{
	mutex_lock(&kprobe_mutex);
	if (rp->rph && kprobe_registered(&rp->kp))
		__unregister_kretprobe(rp);
	mutex_unlock(&kprobe_mutex);
}
EXPORT_SYMBOL_GPL(unregister_kretprobe);

/* Does @p, or a handler of its, lie in [@start, @start + @size)? */
static bool kprobe_within(struct kprobe *p, u64 start, u64 size)
{
	struct kretprobe *rp = (struct kretprobe *)p;	/* if it is one */
	bool ret = p->pre_handler == kretprobe_pre_handler;
	u64 addrs[] = {
		(u64)p, (u64)p->pre_handler, (u64)p->post_handler,
		ret ? (u64)rp->handler : 0, ret ? (u64)rp->entry_handler : 0,
	};

	for (size_t i = 0; i < ARRAY_SIZE(addrs); i++)
		if (addrs[i] - start < size)
			return true;
	return false;
}

void kprobes_module_going(const char *name, const void *start, u64 size)
{
	mutex_lock(&kprobe_mutex);
again:
	for (int b = 0; b < KPROBE_TABLE_SIZE; b++) {
		for (struct kprobe *p = kprobe_table[b]; p; p = p->next) {
			if (!kprobe_within(p, (u64)start, size))
				continue;
			pr_warn("kprobes: %s left its %s at %pS registered: "
				"unregistered as it goes\n", name,
				p->pre_handler == kretprobe_pre_handler ?
				"kretprobe" : "kprobe", p->addr);
			if (p->pre_handler == kretprobe_pre_handler)
				__unregister_kretprobe((struct kretprobe *)p);
			else
				__unregister_kprobe(p);
			goto again;		/* the chain changed */
		}
	}
	mutex_unlock(&kprobe_mutex);
}
