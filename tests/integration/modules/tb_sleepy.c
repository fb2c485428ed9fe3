/*
 * An init that sleeps 2 s in three ways (ssleep, usleep_range,
 * msleep_interruptible) and says how long each took by the clock.
 * insmod waits for it; everything else goes on meanwhile.
 */
#include "tbmod.h"

void ssleep(unsigned int seconds);
void usleep_range(unsigned long min, unsigned long max);
unsigned long msleep_interruptible(unsigned int ms);
void udelay(unsigned long long us);
unsigned long long ktime_get_ns(void);

static unsigned long long ms_since(unsigned long long t0)
{
	return (ktime_get_ns() - t0) / 1000000;
}

static int __init tb_sleepy_init(void)
{
	unsigned long long t0 = ktime_get_ns(), t;
	unsigned long left;

	printk("tb_sleepy: sleeping\n");
	ssleep(1);
	printk("tb_sleepy: ssleep(1) took %llu ms\n", ms_since(t0));
	t = ktime_get_ns();
	usleep_range(500000, 510000);
	printk("tb_sleepy: usleep_range took %llu ms\n", ms_since(t));
	t = ktime_get_ns();
	left = msleep_interruptible(500);
	printk("tb_sleepy: msleep_interruptible(500) took %llu ms, %lu left\n",
	       ms_since(t), left);
	t = ktime_get_ns();
	udelay(2000);
	printk("tb_sleepy: udelay(2000) took %llu ms\n", ms_since(t));
	printk("tb_sleepy: awake after %llu ms\n", ms_since(t0));
	return 0;
}

static void __exit tb_sleepy_exit(void)
{
	printk("tb_sleepy: exit\n");
}

module_init(tb_sleepy_init);
module_exit(tb_sleepy_exit);
MODULE_LICENSE("GPL");
