/* Exports for tb_user (stacking) and a GPL-only one for tb_propuser. */
#include "tbmod.h"

int tb_export_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(tb_export_add);

int tb_export_gpl(void)
{
	return 1;
}
EXPORT_SYMBOL_GPL(tb_export_gpl);

static int __init tb_export_init(void)
{
	printk("tb_export: loaded\n");
	return 0;
}

static void __exit tb_export_exit(void)
{
	printk("tb_export: unloaded\n");
}

module_init(tb_export_init);
module_exit(tb_export_exit);
MODULE_LICENSE("GPL");
