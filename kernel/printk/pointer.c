/*
 * What printk's pointer extensions ask the kernel (lib/vsprintf.h): the
 * symbol text of %pS, %ps and %pB from kallsyms (modules included), and
 * what %pK may show, by kptr_restrict (Linux's
 * /proc/sys/kernel/kptr_restrict, with Linux's values):
 *
 *   0  (Taskbase's default, and Linux's) %pK prints as %p; Linux would
 *      print a hash, Taskbase's %p prints the address
 *   1  the address (as %px) for a task holding CAP_SYSLOG whose real and
 *      effective ids agree, zeros for anyone else, "pK-error" from an
 *      interrupt (no task to ask)
 *   2  always zeros
 */
#include "kernel/cred.h"
#include "kernel/kallsyms.h"
#include "kernel/preempt.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

static int kptr_restrict;

int vsprintf_symbol(char *buf, size_t size, u64 addr, char ext)
{
	if (ext == 's')
		return sprint_symbol_no_offset(buf, size, addr);
	if (ext == 'B')
		return sprint_backtrace(buf, size, addr);
	return sprint_symbol(buf, size, addr);
}

/* Linux's rule for kptr_restrict 1 (vsprintf.c restricted_pointer()). */
static int kptr_restricted(void)
{
	const struct cred *c;

	if (!in_task())
		return KPTR_ERROR;
	c = current->cred;
	if (capable(CAP_SYSLOG) && uid_eq(c->euid, c->uid) &&
	    gid_eq(c->egid, c->gid))
		return KPTR_AS_PX;
	return KPTR_ZERO;
}

int vsprintf_kptr_policy(void)
{
	switch (READ_ONCE(kptr_restrict)) {
	case 0:
		return KPTR_AS_P;
	case 1:
		return kptr_restricted();
	default:
		return KPTR_ZERO;
	}
}

int get_kptr_restrict(void)
{
	return READ_ONCE(kptr_restrict);
}

int set_kptr_restrict(int value)
{
	if (value < 0 || value > 2)
		return -EINVAL;
	WRITE_ONCE(kptr_restrict, value);
	return 0;
}
