/* Uses tb_export's export: loads only after it, keeps it in. */
#include "tbmod.h"

int tb_export_add(int a, int b);

static int __init tb_user_init(void)
{
	printk("tb_user: tb_export_add(2, 3) = %d\n", tb_export_add(2, 3));
	return 0;
}

static void __exit tb_user_exit(void)
{
}

module_init(tb_user_init);
module_exit(tb_user_exit);
MODULE_LICENSE("GPL");
