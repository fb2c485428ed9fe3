/*
 * kmemleak_demo: a sample module that leaks memory on purpose, for the
 * debug kernel's leak detector (docs/robustness.md, "kmemleak"). At insmod
 * it loses three objects, each allocated in a function of its own so the
 * report's backtrace names it: 64 bytes of kmalloc() (a slab object), 5000
 * bytes (a whole-page block) and 8 KiB of vmalloc(). It also keeps one
 * object in a static variable, which the scan must not report, and frees
 * it at rmmod. In the debug kernel:
 *
 *   insmod kmemleak_demo
 *   echo scan > /proc/kmemleak; sleep 5; echo scan > /proc/kmemleak
 *   cat /proc/kmemleak
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("leaks three objects on purpose, for kmemleak");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

static char *kept;	/* reachable from the module's data: no leak */

/* The address goes out of scope with the function: nothing points at
 * the object any more. noinline keeps each in the backtrace. */
static noinline void leak_small(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (p)
		strscpy(p, "kmemleak_demo: lost 64 bytes", 64);
	pr_info("kmemleak_demo: leaking 64 bytes at %px\n", p);
}

static noinline void leak_large(void)
{
	void *p = kzalloc(5000, GFP_KERNEL);

	pr_info("kmemleak_demo: leaking 5000 bytes at %px\n", p);
}

static noinline void leak_vmalloc(void)
{
	void *p = vzalloc(8192);

	pr_info("kmemleak_demo: leaking 8192 bytes of vmalloc at %px\n", p);
}

static int __init kmemleak_demo_init(void)
{
	kept = kmalloc(128, GFP_KERNEL);
	leak_small();
	leak_large();
	leak_vmalloc();
	return 0;
}

static void __exit kmemleak_demo_exit(void)
{
	kfree(kept);
}

module_init(kmemleak_demo_init);
module_exit(kmemleak_demo_exit);
