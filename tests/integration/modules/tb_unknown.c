/* Calls a function nobody exports. */
#include "tbmod.h"

void tb_no_such_function(void);

static int __init tb_unknown_init(void)
{
	tb_no_such_function();
	return 0;
}

module_init(tb_unknown_init);
MODULE_LICENSE("GPL");
