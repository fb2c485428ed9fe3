/* Calls a function the kernel does not export: the build must fail. */
#include <linux/module.h>

MODULE_LICENSE("GPL");

void tb_no_such_function(void);

static int __init undef_init(void)
{
	tb_no_such_function();
	return 0;
}
module_init(undef_init);
