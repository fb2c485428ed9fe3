/*
 * Small facts about tasks: their state letter, how much of their kernel
 * stack they have used, how many threads their process has.
 */
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/module/module.h"

/* Linux's order, as in fs/proc/array.c's task_state_array. */
static const struct {
	char letter;
	const char *name;
} states[] = {
	{ 'R', "running" }, { 'S', "sleeping" }, { 'D', "disk sleep" },
	{ 'T', "stopped" }, { 't', "tracing stop" }, { 'X', "dead" },
	{ 'Z', "zombie" }, { 'P', "parked" }, { 'I', "idle" },
};

static int state_index(const struct task_struct *p)
{
	unsigned int s = READ_ONCE(p->__state);

	if (p->exit_state == EXIT_ZOMBIE)
		return 6;
	if (p->exit_state == EXIT_DEAD || s == TASK_DEAD)
		return 5;
	if ((s & TASK_IDLE) == TASK_IDLE)
		return 8;
	if (s & TASK_UNINTERRUPTIBLE)
		return 2;
	if (s & TASK_INTERRUPTIBLE)
		return 1;
	if (s & __TASK_STOPPED)
		return 3;
	if (s & __TASK_TRACED)
		return 4;
	return 0;
}

char task_state_char(const struct task_struct *p)
{
	return states[state_index(p)].letter;
}
EXPORT_SYMBOL(task_state_char);

/* The word for @p's state in /proc ("sleeping", "zombie", ...). */
const char *task_state_name(const struct task_struct *p)
{
	return states[state_index(p)].name;
}

/*
 * Stacks start zeroed, so the lowest non-zero word above the end-of-stack
 * magic marks the deepest point ever reached (Linux's stack_not_used()).
 */
unsigned long stack_not_used(const struct task_struct *p)
{
	unsigned long *n = end_of_stack(p) + 1;
	unsigned long *top = (unsigned long *)task_stack_top(p);

	/*
	 * Most of the stack was never touched: skip its zeroes eight words
	 * at a time (one test instead of eight), then find the exact word.
	 */
	while (n <= top - 8 &&
	       !(n[0] | n[1] | n[2] | n[3] | n[4] | n[5] | n[6] | n[7]))
		n += 8;
	while (n < top && !*n)
		n++;
	return (unsigned long)n - (unsigned long)(end_of_stack(p) + 1);
}

unsigned long stack_used_max(const struct task_struct *p)
{
	unsigned long usable = task_stack_top(p) -
			       (unsigned long)(end_of_stack(p) + 1);

	return usable - stack_not_used(p);
}

int get_nr_threads(const struct task_struct *p)
{
	/* Tasks made before signal structs exist (the idle tasks) are
	 * alone. */
	return p->signal ? READ_ONCE(p->signal->nr_threads) : 1;
}
EXPORT_SYMBOL(get_nr_threads);
