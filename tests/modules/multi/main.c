/* The init of the multi-object module: calls into the other two objects. */
#include <linux/module.h>
#include "multi.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("three objects, one module");

#if !IS_ENABLED(CONFIG_MODULES) || !defined(CONFIG_SMP)
#error "the CONFIG_* macros of Taskbase's .config are missing"
#endif

#ifdef MULTI_REMOVED
#error "ccflags-remove-y did not remove -DMULTI_REMOVED"
#endif

static int __init multi_init(void)
{
	pr_info("%s: %d %d\n", KBUILD_MODNAME, multi_helper(), tbhelper_answer());
	return 0;
}
module_init(multi_init);
