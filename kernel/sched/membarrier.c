/*
 * membarrier(2) (Linux's kernel/sched/membarrier.c): a memory barrier on
 * other CPUs, asked for from user space. A program whose fast path uses
 * only compiler barriers (user-space RCU, a garbage collector's
 * safepoints) makes its rare slow path call membarrier, which guarantees
 * that every thread running at that moment has passed a full barrier
 * before the call returns.
 *
 *   QUERY                     the commands this kernel has (a bit mask)
 *   GLOBAL                    every CPU, every process
 *   GLOBAL_EXPEDITED          every CPU, quickly, by interrupt (IPI);
 *                             meant for processes that registered
 *   PRIVATE_EXPEDITED         the CPUs running this process's threads:
 *                             mm->cpu_mask, the CPUs that have its
 *                             address space loaded (arch/x86_64/tlb.c)
 *   ..._SYNC_CORE             the same, and each CPU's instruction
 *                             stream resynchronised (for JITs): the
 *                             return from the interrupt (iretq) does it
 *   ..._RSEQ                  the same, and the thread interrupted there
 *                             restarts its rseq critical section
 *
 * Each private command needs its REGISTER_ command first (EPERM without),
 * recorded in mm->membarrier_state. An IPI handler runs on the CPU it
 * interrupts, after the work there: the barrier is smp_mb().
 */
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/syscalls.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "lib/atomic.h"
#include "lib/errno.h"

#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED (1 << 4)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE (1 << 5)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ (1 << 7)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ (1 << 8)
#define MEMBARRIER_CMD_BITMASK 0x1ff	/* all of them, as Linux 6.1 on x86 */
#define MEMBARRIER_CMD_FLAG_CPU 1

/* mm->membarrier_state: which private commands the process registered. */
#define MEMBARRIER_STATE_PRIVATE_EXPEDITED (1 << 0)
#define MEMBARRIER_STATE_GLOBAL_EXPEDITED (1 << 1)
#define MEMBARRIER_STATE_SYNC_CORE (1 << 2)
#define MEMBARRIER_STATE_RSEQ (1 << 3)

/* The barrier the interrupted CPU runs (the iretq after it serialises). */
static void ipi_mb(void *info)
{
	smp_mb();
}

/* RSEQ: a thread of @info's process interrupted here restarts its
 * critical section on the way back (its rseq state looks stale). */
static void ipi_rseq(void *info)
{
	struct task_struct *t = current;

	smp_mb();
	if (t->mm == info && t->rseq)
		WRITE_ONCE(t->rseq_ipi, true);	/* rseq_handle_notify_resume() */
}

/* Run @fn on the CPUs in @mask (this one too if in it), and wait. */
static void membarrier_ipi(u64 mask, void (*fn)(void *), void *info)
{
	unsigned int me;

	preempt_disable();
	me = smp_processor_id();
	if (mask & ~(1ull << me))
		smp_call_function_many(mask & ~(1ull << me), fn, info);
	if (mask & (1ull << me))
		fn(info);
	preempt_enable();
}

/* The private commands: @need registered, then the CPUs running our
 * threads (or only CPU @cpu_id, when >= 0). 0 or -EPERM. */
static long membarrier_private_expedited(u32 need, int cpu_id)
{
	struct mm_struct *mm = current->mm;
	void (*fn)(void *) = need & MEMBARRIER_STATE_RSEQ ? ipi_rseq : ipi_mb;
	u64 mask;

	if ((READ_ONCE(mm->membarrier_state) & need) != need)
		return -EPERM;
	if (!(need & MEMBARRIER_STATE_SYNC_CORE) &&
	    (refcount_read(&mm->mm_users) == 1 || num_online_cpus() == 1))
		return 0;		/* nobody else to order against */
	smp_mb();	/* our accesses before, theirs after the IPI */
	mask = __atomic_load_n(&mm->cpu_mask, __ATOMIC_SEQ_CST);
	if (cpu_id >= 0)
		mask &= cpu_id < 64 ? 1ull << cpu_id : 0;
	else if (!(need & MEMBARRIER_STATE_SYNC_CORE))
		mask &= ~(1ull << smp_processor_id());	/* our own smp_mb() */
	membarrier_ipi(mask & cpu_online_mask, fn, mm);
	smp_mb();
	return 0;
}

static long membarrier_register(u32 state)
{
	__atomic_fetch_or(&current->mm->membarrier_state, state,
			  __ATOMIC_SEQ_CST);
	return 0;
}

/* GLOBAL and GLOBAL_EXPEDITED: every other CPU passes a barrier. */
static long membarrier_global(void)
{
	smp_mb();
	membarrier_ipi(cpu_online_mask & ~(1ull << smp_processor_id()),
		       ipi_mb, NULL);
	smp_mb();
	return 0;
}

/* The private commands by their registration bits. */
static long membarrier_cmd(int cmd, int cpu_id)
{
	const u32 pe = MEMBARRIER_STATE_PRIVATE_EXPEDITED;

	switch (cmd) {
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		return membarrier_private_expedited(pe, cpu_id);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		return membarrier_register(pe);
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
		return membarrier_private_expedited(pe | MEMBARRIER_STATE_SYNC_CORE,
						    cpu_id);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
		return membarrier_register(pe | MEMBARRIER_STATE_SYNC_CORE);
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
		return membarrier_private_expedited(pe | MEMBARRIER_STATE_RSEQ,
						    cpu_id);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
		return membarrier_register(pe | MEMBARRIER_STATE_RSEQ);
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
		return membarrier_register(MEMBARRIER_STATE_GLOBAL_EXPEDITED);
	default:
		return -EINVAL;
	}
}

/* membarrier(2): @cmd one MEMBARRIER_CMD_*; @flags 0, or for
 * PRIVATE_EXPEDITED_RSEQ MEMBARRIER_CMD_FLAG_CPU with the one CPU
 * @cpu_id. The QUERY mask, 0, or -EINVAL/-EPERM. */
long sys_membarrier(int cmd, unsigned int flags, int cpu_id)
{
	if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ ?
	    flags & ~MEMBARRIER_CMD_FLAG_CPU : flags)
		return -EINVAL;
	if (!(flags & MEMBARRIER_CMD_FLAG_CPU))
		cpu_id = -1;
	if (cmd == MEMBARRIER_CMD_QUERY)
		return MEMBARRIER_CMD_BITMASK;
	if (cmd == MEMBARRIER_CMD_GLOBAL ||
	    cmd == MEMBARRIER_CMD_GLOBAL_EXPEDITED)
		return membarrier_global();
	if (!current->mm)
		return -EINVAL;
	return membarrier_cmd(cmd, cpu_id);
}
