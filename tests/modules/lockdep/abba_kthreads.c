/*
 * abba_kthreads: the AB-BA deadlock. Two kernel threads take two mutexes
 * in opposite orders, each pausing in between so that both get their
 * first lock: then each waits for the other's, forever. With lockdep the
 * second thread's attempt is reported first ("possible circular locking
 * dependency detected"), naming both locks and both thread functions;
 * the threads stay stuck (ps shows them in D state).
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/mutex.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("two kernel threads deadlocked AB-BA, for lockdep");
MODULE_LICENSE("Dual MIT/GPL");

static DEFINE_MUTEX(lock_A);
static DEFINE_MUTEX(lock_B);

static noinline int abba_thread_ab(void *unused)
{
	mutex_lock(&lock_A);
	msleep(300);
	mutex_lock(&lock_B);	/* never returns once the other has B */
	mutex_unlock(&lock_B);
	mutex_unlock(&lock_A);
	return 0;
}

static noinline int abba_thread_ba(void *unused)
{
	msleep(100);
	mutex_lock(&lock_B);
	msleep(600);
	mutex_lock(&lock_A);
	mutex_unlock(&lock_A);
	mutex_unlock(&lock_B);
	return 0;
}

static int __init abba_kthreads_init(void)
{
	struct task_struct *ab = kthread_run(abba_thread_ab, NULL, "abba_ab");
	struct task_struct *ba = kthread_run(abba_thread_ba, NULL, "abba_ba");

	if (IS_ERR(ab) || IS_ERR(ba))
		return -ENOMEM;
	pr_info("abba_kthreads: two threads started\n");
	return 0;
}

module_init(abba_kthreads_init);
