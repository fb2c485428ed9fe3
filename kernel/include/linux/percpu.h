/*
 * Per-CPU variables for modules: one slot per possible CPU (NR_CPUS), an
 * array in the module's data. The kernel's own per-CPU area (struct
 * percpu, reached through %gs: arch/x86_64/percpu.h) has fixed fields and
 * no room for a module's; the accessors below keep Linux's meaning: the
 * caller has preemption off (get_cpu_var) or names the CPU (per_cpu).
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H

#include <linux/smp.h>

#define DEFINE_PER_CPU(type, name) __typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[NR_CPUS]
#define per_cpu(var, cpu) ((var)[cpu])
#define per_cpu_ptr(ptr, cpu) (&(*(ptr))[cpu])
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, smp_processor_id())
#define get_cpu_var(var) (*({ preempt_disable(); &(var)[smp_processor_id()]; }))
#define put_cpu_var(var) preempt_enable()

#endif
