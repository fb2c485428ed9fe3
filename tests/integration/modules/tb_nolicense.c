/* No MODULE_LICENSE: loads, and taints the kernel (P). */
#include "tbmod.h"

static int __init tb_nolicense_init(void)
{
	printk("tb_nolicense: loaded\n");
	return 0;
}

static void __exit tb_nolicense_exit(void)
{
}

module_init(tb_nolicense_init);
module_exit(tb_nolicense_exit);
