/*
 * printk's pointer extensions on a module's own function, a kernel
 * function and a data address: %pS %ps %pB %px %pK. rmmod prints %pK
 * again, after the test changed kptr_restrict.
 */
#include "tbmod.h"

static int tb_ptrfmt_data = 1;

__attribute__((noinline)) int tb_ptrfmt_func(int x)
{
	return x * 3 + tb_ptrfmt_data;
}

static int __init tb_ptrfmt_init(void)
{
	void *f = (char *)tb_ptrfmt_func + 4;

	printk("tb_ptrfmt: S=%pS s=%ps B=%pB\n", f, f, f);
	printk("tb_ptrfmt: kernel S=%pS s=%ps\n", (void *)printk, (void *)printk);
	printk("tb_ptrfmt: x=%px p=%p K=%pK\n", (void *)&tb_ptrfmt_data,
	       (void *)&tb_ptrfmt_data, (void *)&tb_ptrfmt_data);
	return tb_ptrfmt_func(0) == 1 ? 0 : -22;
}

static void __exit tb_ptrfmt_exit(void)
{
	printk("tb_ptrfmt: exit K=%pK\n", (void *)&tb_ptrfmt_data);
}

module_init(tb_ptrfmt_init);
module_exit(tb_ptrfmt_exit);
MODULE_LICENSE("GPL");
