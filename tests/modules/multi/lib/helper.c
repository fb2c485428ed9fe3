/* Second object of the multi module, in a subdirectory. */
#include <linux/kernel.h>
#include "../multi.h"

int multi_helper(void)
{
	return MULTI_BASE + MULTI_STEP;
}
