/*
 * Fetch arguments of probe events (Linux's kernel/trace/trace_probe.h):
 * what a kprobe event records at each hit, parsed from its definition
 * ("dfd=%di:s32", "name=+0($arg2):ustring") and read from the registers
 * and memory of the probed code (kernel/trace/trace_probe.c).
 */
#ifndef KERNEL_TRACE_TRACE_PROBE_H
#define KERNEL_TRACE_TRACE_PROBE_H

#include "lib/types.h"

struct pt_regs;

#define MAX_TRACE_ARGS 8
#define MAX_ARG_NAME 32
#define MAX_ARG_TEXT 64
#define MAX_DEREF 3			/* +8(+0(+16(%di))) at most */

enum fetch_kind { FETCH_REG, FETCH_ARG, FETCH_RETVAL, FETCH_STACK,
		  FETCH_STACKN, FETCH_COMM, FETCH_IMM };

struct probe_arg {
	char name[MAX_ARG_NAME];
	char text[MAX_ARG_TEXT];	/* as written, for kprobe_events */
	enum fetch_kind kind;
	unsigned int n;			/* register offset, arg or word number */
	u64 imm;			/* FETCH_IMM: an address (@ADDR) */
	int nderef;			/* memory reads after the base, inner first */
	long deref[MAX_DEREF];		/* their offsets */
	bool deref_user[MAX_DEREF];	/* +u: a user address */
	char type;	/* 'u', 's', 'x'; 'S' string, 'U' user string */
	unsigned int bits;
};

/*
 * Parse FETCHARG @tok ("[NAME=]ARG[:TYPE]", changed in place) into @a,
 * argument number @i (its default name argI+1); @is_return allows
 * $retval. 0, -EINVAL, or -E2BIG (too long, or nested too deep).
 */
int parse_probe_arg(struct probe_arg *a, int i, char *tok, bool is_return);
/* Append " NAME=VALUE" for each of @args[@n] at @regs to @buf[@size]
 * (a failed memory read shows "(fault)"). Any context; never sleeps. */
void format_probe_args(const struct probe_arg *args, int n,
		       struct pt_regs *regs, char *buf, size_t size);

#endif
