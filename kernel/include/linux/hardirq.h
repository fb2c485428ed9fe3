/* Interrupt context: the tests are in linux/preempt.h. */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/preempt.h>

#endif
