/* An oops in a module's code: a NULL write from a named function. */
#include "tbmod.h"

int *tb_oops_target;

__attribute__((noinline)) void tb_oops_crash(void)
{
	*(volatile int *)tb_oops_target = 1;
}

static int __init tb_oops_init(void)
{
	printk("tb_oops: about to oops\n");
	tb_oops_crash();
	return 0;
}

module_init(tb_oops_init);
MODULE_LICENSE("GPL");
