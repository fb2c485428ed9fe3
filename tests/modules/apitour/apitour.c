/*
 * Every module API header and the main calls of each, for the build
 * test: it must compile without a warning and link (modpost finds each
 * call exported by the kernel). Loaded, it prints one line per area.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/preempt.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include <linux/version.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/atomic.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/ratelimit.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <asm/param.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("the module API, one call of each");

#if LINUX_VERSION_CODE != KERNEL_VERSION(6, 1, 0)
#error "Taskbase follows Linux 6.1"
#endif

struct item {
	int n;
	struct list_head list;
};

static DEFINE_SPINLOCK(tour_lock);
static DEFINE_MUTEX(tour_mutex);
static atomic_t tour_count = ATOMIC_INIT(0);
/* Wait queues come with linux/mutex.h (the mutex sleeps on one). */
static DECLARE_WAIT_QUEUE_HEAD(tour_wq);
static DEFINE_PER_CPU(int, tour_hits);
static LIST_HEAD(tour_items);

static int tour_thread(void *data)
{
	while (!kthread_should_stop()) {
		atomic_inc(&tour_count);
		wake_up(&tour_wq);
		msleep(10);
	}
	return 0;
}

static void tour_tasks(void)
{
	struct task_struct *g, *t, *p;
	int procs = 0, threads = 0;
	struct pid *pid;

	rcu_read_lock();
	for_each_process(p)
		procs++;
	do_each_thread(g, t) {
		task_lock(t);
		threads++;
		task_unlock(t);
	} while_each_thread(g, t);
	for_each_process_thread(g, t)
		threads--;
	rcu_read_unlock();
	pid = find_get_pid(1);
	p = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (p) {
		pr_info("pid 1 is %s, %d threads, uid %u\n", p->comm, get_nr_threads(p),
			from_kuid(&init_user_ns, task_uid(p)));
		put_task_struct(p);
	}
	pr_info("%d processes, threads counted twice differ by %d\n", procs, threads);
	pr_info("current %s pid %d tgid %d euid %u in_task %d cpu %d\n", current->comm,
		task_pid_nr(current), task_tgid_nr(current),
		from_kuid(&init_user_ns, current_euid()), !!in_task(), raw_smp_processor_id());
}

static void tour_memory(void)
{
	struct kmem_cache *cache = kmem_cache_create("tour", sizeof(struct item), 0,
						     SLAB_HWCACHE_ALIGN, NULL);
	struct item *it = cache ? kmem_cache_alloc(cache, GFP_KERNEL) : NULL;
	char *buf = kzalloc(64, GFP_KERNEL);
	void *big = vmalloc(3 * 4096);
	unsigned long flags;

	if (it) {
		it->n = 1;
		spin_lock_irqsave(&tour_lock, flags);
		list_add(&it->list, &tour_items);
		list_del(&it->list);
		spin_unlock_irqrestore(&tour_lock, flags);
		kmem_cache_free(cache, it);
	}
	if (cache)
		kmem_cache_destroy(cache);
	if (buf) {
		strscpy(buf, "kmalloc", 64);
		pr_info("%s %zu, ksize %zu\n", buf, strlen(buf), ksize(buf));
	}
	kfree(buf);
	vfree(big);
}

static int __init tour_init(void)
{
	struct task_struct *k;
	unsigned long start = jiffies;
	ktime_t t0 = ktime_get();
	int cpu = get_cpu();

	per_cpu(tour_hits, cpu)++;
	put_cpu();
	tour_tasks();
	tour_memory();
	mutex_lock(&tour_mutex);
	k = kthread_run(tour_thread, NULL, "tour/%d", 0);
	if (IS_ERR(k)) {
		mutex_unlock(&tour_mutex);
		return PTR_ERR(k);
	}
	wait_event(tour_wq, atomic_read(&tour_count) > 0);
	ssleep(0);
	msleep(50);
	kthread_stop(k);
	mutex_unlock(&tour_mutex);
	udelay(10);
	mdelay(1);
	pr_info("thread ran %d times; %u ms, %lld ns, HZ %d, preempt %d\n",
		atomic_read(&tour_count), jiffies_to_msecs(jiffies - start),
		ktime_sub(ktime_get(), t0), HZ, preempt_count());
	pr_info_ratelimited("ratelimited %d\n", msecs_to_jiffies(1000) == HZ);
	return 0;
}

static void __exit tour_exit(void)
{
	char __user *nowhere = NULL;

	pr_info("bye: copy_to_user(NULL) leaves %lu\n",
		(unsigned long)copy_to_user(nowhere, "x", 1));
}

module_init(tour_init);
module_exit(tour_exit);
