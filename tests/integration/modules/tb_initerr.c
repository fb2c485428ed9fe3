/* init fails with -ENODEV: insmod gets ENODEV, nothing stays loaded. */
#include "tbmod.h"

static int __init tb_initerr_init(void)
{
	printk("tb_initerr: failing\n");
	return -19;
}

module_init(tb_initerr_init);
MODULE_LICENSE("GPL");
