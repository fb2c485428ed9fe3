/* An object shared by modules of several directories (../common/tbhelper.o). */
#include <linux/kernel.h>

int tbhelper_answer(void);

int tbhelper_answer(void)
{
	return 42;
}
