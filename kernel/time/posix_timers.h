/*
 * POSIX interval timers (posix_timers.c): the hooks the rest of the
 * kernel calls. The system calls are declared in kernel/syscalls.h.
 */
#ifndef KERNEL_TIME_POSIX_TIMERS_H
#define KERNEL_TIME_POSIX_TIMERS_H

struct signal_struct;
struct ksiginfo;

/* si_code of a timer's signal; si_pid holds the timer id, si_uid the
 * overrun count (Linux's si_tid and si_overrun share their places). */
#define SI_TIMER (-2)

/* Delete every timer of process @s (exec, and @s being freed). */
void exit_itimers(struct signal_struct *s);
/* Signal @info (SI_TIMER) of @s was just taken: give it the timer's
 * overrun count and let the timer signal again. siglock held. */
void posixtimer_dequeued(struct signal_struct *s, struct ksiginfo *info);

#endif
