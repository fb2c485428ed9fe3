/*
 * The per-CPU areas: one struct percpu per possible CPU, each reached
 * through that CPU's GS base (see asm/percpu.h).
 */
#include "asm/percpu.h"
#include "asm/io.h"
#include "lib/bug.h"

struct percpu percpu_area[NR_CPUS];

void percpu_setup(unsigned int cpu)
{
	struct percpu *pc = &percpu_area[cpu];

	BUG_ON(cpu >= NR_CPUS);
	pc->self = pc;
	pc->cpu = cpu;
	wrmsr(MSR_GS_BASE, (u64)pc);
	wrmsr(MSR_KERNEL_GS_BASE, 0);	/* user GS, swapped in by swapgs */
}
