/* A proprietary module that wants a GPL-only export: refused. */
#include "tbmod.h"

int tb_export_gpl(void);

static int __init tb_propuser_init(void)
{
	return tb_export_gpl() - 1;
}

module_init(tb_propuser_init);
MODULE_LICENSE("Proprietary");
