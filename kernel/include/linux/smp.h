/*
 * Which CPU this is. smp_processor_id() reads the per-CPU area (%gs), so
 * it is stable only while preemption is off; raw_ is the same read without
 * that promise, get_cpu()/put_cpu() bracket a region that needs it.
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/preempt.h>
#include "asm/percpu.h"
#include "asm/smp.h"

#define raw_smp_processor_id() smp_processor_id()
#define get_cpu() ({ preempt_disable(); smp_processor_id(); })
#define put_cpu() preempt_enable()
#define nr_cpu_ids NR_CPUS

#endif
