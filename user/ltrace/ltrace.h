/*
 * user/ltrace/ltrace.h: the pieces of ltrace, Taskbase's library-call
 * tracer for static programs, and what they share.
 *
 * elfsym.c reads a program's symbol table; filter.c picks the functions
 * to trace (-e); breakpoint.c keeps the int3 breakpoints of one address
 * space; proto.c knows the prototypes and prints arguments and return
 * values; output.c writes ltrace's lines and the -c table; events.c
 * handles each stop of a traced thread; detach.c lets them go after -p;
 * ltrace.c parses the options, starts and attaches.
 */
#ifndef USER_LTRACE_LTRACE_H
#define USER_LTRACE_LTRACE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/user.h>
#include <time.h>

/* One function of the traced program: its name, entry address and size. */
struct sym {
	const char *name;
	uint64_t addr;
	uint64_t size;
	int global;		/* STB_GLOBAL (not weak) */
};

struct symtab {
	struct sym *v;
	int n;
	char *strings;		/* the names point here */
	int refs;		/* spaces that use it (a fork shares it) */
};

/* ---- elfsym.c ---- */

/* Read the defined global and weak STT_FUNC symbols of the ELF file
 * @path into @st. Returns 0, or -1 with a message for the user in @err. */
int elf_read_functions(const char *path, struct symtab *st, char *err, size_t errlen);

/* Give back what elf_read_functions() took. */
void symtab_free(struct symtab *st);

/* ---- filter.c ---- */

/* Add one -e expression (ltrace's syntax: "malloc+free", "str*",
 * "!printf", "-printf"). Returns 0, or -1 if it is empty. */
int filter_add(const char *expr);

/* Whether function @name is to be traced, by the -e rules or else by the
 * default rule (libc's public API: no leading '_', not main). */
int filter_wants(const char *name);

/* ---- breakpoint.c ---- */

/* An int3 at @addr: a function's entry (@func set) or a return address
 * that @ret_refs pending calls wait for. A retired one (not enabled)
 * stays in the table, so a trap another thread took there is known. */
struct bp {
	uint64_t addr;
	uint8_t orig;
	uint8_t enabled;
	const struct sym *func;
	int ret_refs;
};

/* The breakpoints of one address space (one mm): shared by its threads. */
struct space {
	struct symtab *syms;
	struct bp *bps;
	int nbp, cap;
	int users;		/* processes whose mm this is */
};

/* A new space for the program file @path, with an entry breakpoint at
 * every function filter_wants(), written through stopped thread @tid.
 * NULL (message printed) if the file has no usable symbol table. */
struct space *space_create(const char *path, pid_t tid);

/* A copy of @parent's table for a forked child (its text is a copy). */
struct space *space_clone(const struct space *parent);

/* Drop one user of @s; the last frees it. */
void space_put(struct space *s);

/* The breakpoint at @addr (enabled or retired), or NULL. */
struct bp *bp_find(struct space *s, uint64_t addr);

/* Wait at return address @addr: one more call to return there. */
int bp_add_return(struct space *s, pid_t tid, uint64_t addr);

/* One call fewer returns to @b; the last one takes a non-entry
 * breakpoint out of the text (it stays retired in the table). */
void bp_drop_return(struct space *s, pid_t tid, struct bp *b);

/* Run the instruction under @b in stopped thread @tid (rip == b->addr):
 * put the byte back, PTRACE_SINGLESTEP, re-insert. A signal that
 * arrives meanwhile is kept in *@pending_sig. Returns 0, or -1 if the
 * thread ended (its wait status in *@status). */
int bp_step_over(struct space *s, pid_t tid, struct bp *b, int *pending_sig, int *status);

/* Take every breakpoint out of the text, through stopped thread @tid. */
void space_remove_all(struct space *s, pid_t tid);

/* ---- proto.c ---- */

/* How to show a function's arguments and return value. */
struct proto {
	const char *name;
	const char *types;	/* return type, then the arguments */
	int noreturn;
};

/* The prototype of @name, or the default one (long f(long, long, long, long)). */
const struct proto *proto_find(const char *name);

/* The prototype of system call @nr ("SYS_write"); *@name set to it. */
const struct proto *proto_syscall(long nr, char *name, size_t len);

/* Print the arguments of a call of @p in thread @tid stopped at its
 * entry (registers @r; for a system call, @args). */
void proto_print_args(pid_t tid, const struct proto *p,
		      const struct user_regs_struct *r, const uint64_t *args);

/* Print return value @v as the prototype's return type says. */
void proto_print_ret(pid_t tid, const struct proto *p, uint64_t v);

/* ---- output.c ---- */

struct options {
	FILE *out;
	int to_file;		/* -o */
	int follow;		/* -f */
	int attach;		/* -p */
	int count;		/* -c */
	int syscalls;		/* -S */
	int show_ip;		/* -i */
	int indent;		/* -n N */
	int strlen_max;		/* -s N */
};
extern struct options opt;

/* printf to the trace, counting the columns of the current line. */
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Start the line of a call of @name by thread @tid at call depth @depth
 * ("name("), closing another thread's open line with " <unfinished ...>".
 * @ip is what -i shows. */
void out_call(pid_t tid, int depth, uint64_t ip, const char *name);

/* Start the return part of a call: " " on its own open line, else a new
 * "<... name resumed> " line. Then the caller prints ") = value". */
void out_resumed(pid_t tid, int depth, uint64_t ip, const char *name);

/* Close an unfinished line (" <unfinished ...>"): something else follows. */
void out_close_line(void);

/* Pad to ltrace's result column and print "= ". */
void out_result_column(void);

/* End the current line. */
void out_end_line(void);

/* A line of its own for thread @tid ("+++ exited (status 0) +++"). */
void out_note(pid_t tid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* -c: count one call of @name that took @ns nanoseconds. */
void summary_add(const char *name, long long ns);

/* -c: print ltrace's table of the counted calls. */
void summary_print(void);

/* Nanoseconds on CLOCK_MONOTONIC. */
long long now_ns(void);

/* ---- events.c ---- */

#define MAX_DEPTH 128

struct frame {
	const struct sym *func;
	const struct proto *proto;
	uint64_t ret, sp;
	long long start;
};

struct thread {
	pid_t tid, tgid;
	struct space *space;	/* NULL until its program is known */
	int shown;		/* its calls are printed (-f, or the program) */
	int adopted;		/* its parent's fork/clone event was seen */
	int parked;		/* stopped, waiting for that event */
	int let_go;		/* a forked child not followed (no -f) */
	int stopped;		/* when detaching */
	int held;		/* stopped while another thread steps */
	int deferred;		/* a stop seen then, for the main loop: */
	int deferred_status;
	int pending_sig;
	struct frame stack[MAX_DEPTH];
	int depth;
	const struct proto *sys_proto;
	char sys_name[40];
	long long sys_start;
	struct thread *next;
};

/* Every traced thread. */
extern struct thread *threads;

/* The tracked thread @tid, or NULL. */
struct thread *find_thread(pid_t tid);

/* A thread whose stop came while another stepped (events.c keeps it
 * for later), its wait status in *@status; or NULL. */
struct thread *next_deferred(int *status);

/* Forget thread @t (detached, or gone). */
void drop_thread(struct thread *t);

/* Thread @t ended with wait status @status: print its process's end
 * ("+++ exited (status 0) +++") if it was the leader, and forget it. */
void report_exit(struct thread *t, int status);

/* Trace until every traced thread is gone (or detached after Ctrl-C);
 * returns the wait status of the first process. Ctrl-C (*@interrupted)
 * detaches them all, the breakpoints taken out. */
int trace_loop(volatile int *interrupted);

/* Track thread @tid of a process running file @exe (NULL: /proc/tid/exe)
 * and put the breakpoints in; @tid is stopped. Returns 0 or -1. */
int trace_new_process(pid_t tid, const char *exe);

/* Track @tid, the child that will exec the program to trace. */
void trace_start_child(pid_t tid);

/* Track another thread @tid of the process of @leader. */
void trace_new_thread(pid_t tid, pid_t leader);

/* Let every tracked thread run (after attaching to them, stopped). */
void trace_resume_all(void);

/* ---- detach.c ---- */

/* Stop every traced thread, take the breakpoints out, let them all go. */
void detach_all(void);

#endif
