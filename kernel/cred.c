/*
 * init_cred: root's credentials (uid 0, gid 0), which init_task and every
 * task created after it share (dup_task_struct() sets the pointers). See
 * cred.h for what comes next.
 */
#include "kernel/cred.h"
#include "kernel/ktest.h"
#include "kernel/module/module.h"
#include "kernel/tasklist.h"

struct cred init_cred = {
	.usage = 1,
};
EXPORT_SYMBOL(init_cred);

KTEST(every_task_has_root_cred)
{
	struct task_struct *g, *th;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	KT_EXPECT(t, init_task.cred == &init_cred);
	for_each_process_thread(g, th) {
		KT_EXPECTF(t, th->cred && th->real_cred, "pid %d", th->pid);
		KT_EXPECTF(t, th->cred->uid.val == 0 && th->cred->euid.val == 0,
			   "pid %d", th->pid);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
