/* Exports a function to every module and a variable to GPL modules only. */
#include <linux/module.h>

MODULE_LICENSE("GPL");

int core_mod_value = 7;
EXPORT_SYMBOL_GPL(core_mod_value);

int core_mod_twice(int x)
{
	return 2 * x;
}
EXPORT_SYMBOL(core_mod_twice);

static int __init core_mod_init(void)
{
	return 0;
}

static void __exit core_mod_exit(void)
{
}

module_init(core_mod_init);
module_exit(core_mod_exit);
