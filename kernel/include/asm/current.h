/* current: the running task, from the stack pointer (kernel/task.h). */
#ifndef _ASM_CURRENT_H
#define _ASM_CURRENT_H

#include "kernel/task.h"

#endif
