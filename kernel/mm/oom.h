/*
 * The OOM killer (kernel/mm/oom_kill.c, Linux's mm/oom_kill.c): which
 * process dies when a page fault finds no memory.
 */
#ifndef KERNEL_MM_OOM_H
#define KERNEL_MM_OOM_H

#include "lib/types.h"

struct task_struct;

#define OOM_SCORE_ADJ_MIN (-1000)	/* never chosen */
#define OOM_SCORE_ADJ_MAX 1000		/* chosen first */

/*
 * A user page fault of current's found no free page (process context,
 * interrupts on; may sleep): kill the process with the most memory
 * (oom_badness()), as Linux's out_of_memory(). True when that is
 * current's own process, which must die now; false when another was
 * chosen, or the last victim is still exiting: current has waited a
 * tick and faults again. Never init or a kernel thread.
 */
bool out_of_memory(void);
/*
 * The points of process @p (its leader) against @totalpages of memory:
 * its resident pages plus oom_score_adj thousandths of @totalpages;
 * LONG_MIN when it may not be chosen (init, a kernel thread, no memory,
 * OOM_SCORE_ADJ_MIN). tasklist_lock held.
 */
long oom_badness(struct task_struct *p, u64 totalpages);

#endif
