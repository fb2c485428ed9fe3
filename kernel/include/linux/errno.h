/* Linux's error numbers (Taskbase uses the same values: lib/errno.h). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include "lib/errno.h"

#endif
