/* Uses core_mod's exports: its .modinfo must say depends=core_mod. */
#include <linux/module.h>
#include "core_mod.h"

MODULE_LICENSE("Dual MIT/GPL");

static int __init user_mod_init(void)
{
	pr_info("user_mod: %d\n", core_mod_twice(core_mod_value));
	return 0;
}
module_init(user_mod_init);
