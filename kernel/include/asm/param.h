/* HZ: timer ticks a second (Taskbase: 100; kernel/time/time.h). */
#ifndef _ASM_PARAM_H
#define _ASM_PARAM_H

#include "kernel/time/time.h"

#endif
