/*
 * Fetch arguments (Linux's kernel/trace/trace_probe.c; the syntax of
 * Documentation/trace/kprobetrace.rst): [NAME=]ARG[:TYPE] with ARG
 *
 *   %REG        a register (%di or %rdi, %r8, %ip, %sp, %flags ...)
 *   $argN       the Nth argument, 1 to 6 (rdi, rsi, rdx, rcx, r8, r9)
 *   $retval     the value returned (return probes only)
 *   $stack      the stack pointer; $stackN its Nth word
 *   $comm       current's name
 *   @ADDR       the memory at an address (not @SYM: Taskbase's kallsyms
 *               has functions only, no data)
 *   +|-OFFS(ARG), +u|-uOFFS(ARG)   the memory at ARG + OFFS (+u: a user
 *               address), nested up to MAX_DEREF deep
 *
 * and TYPE u8..u64, s8..s64, x8..x64 (the default x64), string (a kernel
 * string at the address) or ustring (a user one). Memory is read with
 * the *_nofault() copies: a handler runs with interrupts off and must
 * not sleep, so a page that is not there shows "(fault)".
 */
#include "kernel/trace/trace_probe.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "asm/ptrace.h"

#define MAX_STRING 64			/* bytes of a string argument shown */

/* "u32", "x64", "s8", "string", "ustring" for @a: 0 or -EINVAL. */
static int parse_type(struct probe_arg *a, const char *t)
{
	unsigned int bits;

	if (a->kind == FETCH_COMM)
		return strcmp(t, "string") ? -EINVAL : 0;
	if (!strcmp(t, "string") || !strcmp(t, "ustring")) {
		if (!a->nderef)
			return -EINVAL;	/* of memory only: +0(%si):string */
		a->type = t[0] == 'u' ? 'U' : 'S';
		return 0;
	}
	if ((t[0] != 'u' && t[0] != 's' && t[0] != 'x') ||
	    kstrtouint(t + 1, 10, &bits) ||
	    (bits != 8 && bits != 16 && bits != 32 && bits != 64))
		return -EINVAL;
	a->type = t[0];
	a->bits = bits;
	return 0;
}

/* ARG @s (without name and type) into @a; @depth dereferences around it. */
static int parse_fetch(struct probe_arg *a, char *s, bool is_return, int depth)
{
	char *open = strchr(s, '(');
	size_t len = strlen(s);
	int err, off;

	if ((s[0] == '+' || s[0] == '-') && open && s[len - 1] == ')') {
		bool user = s[1] == 'u';
		u64 v;

		if (depth == MAX_DEREF)
			return -E2BIG;
		*open = s[len - 1] = '\0';
		if (kstrtoull(s + 1 + user, 0, &v) || v > 1 << 20)
			return -EINVAL;
		err = parse_fetch(a, open + 1, is_return, depth + 1);
		if (err)
			return err;
		a->deref_user[a->nderef] = user;
		a->deref[a->nderef++] = s[0] == '-' ? -(long)v : (long)v;
		return 0;
	}
	if (s[0] == '@') {	/* @ADDR; no @SYM: kallsyms has no data */
		a->kind = FETCH_IMM;
		a->deref[a->nderef++] = 0;		/* the memory there */
		return kstrtoull(s + 1, 0, &a->imm) ? -EINVAL : 0;
	}
	if (s[0] == '%') {
		off = regs_query_register_offset(s + 1);
		if (off < 0)
			return -EINVAL;
		a->kind = FETCH_REG;
		a->n = (unsigned int)off;
	} else if (!strcmp(s, "$retval") && is_return) {
		a->kind = FETCH_RETVAL;
	} else if (!strcmp(s, "$comm") && !depth) {
		a->kind = FETCH_COMM;
	} else if (!strcmp(s, "$stack")) {
		a->kind = FETCH_STACK;
	} else if (!strncmp(s, "$stack", 6) && !kstrtouint(s + 6, 10, &a->n) &&
		   a->n < 64) {
		a->kind = FETCH_STACKN;
	} else if (!strncmp(s, "$arg", 4) && !kstrtouint(s + 4, 10, &a->n) &&
		   a->n >= 1 && a->n <= 6) {
		a->kind = FETCH_ARG;
	} else {
		return -EINVAL;
	}
	return 0;
}

int parse_probe_arg(struct probe_arg *a, int i, char *tok, bool is_return)
{
	char *eq = strchr(tok, '='), *colon, *src = eq ? eq + 1 : tok;
	int err;

	if (strlen(tok) >= MAX_ARG_TEXT)
		return -E2BIG;
	strscpy(a->text, tok, sizeof(a->text));
	if (eq && (eq == tok || eq - tok >= MAX_ARG_NAME))
		return -EINVAL;
	if (eq) {
		memcpy(a->name, tok, (size_t)(eq - tok));
		a->name[eq - tok] = '\0';
	} else {
		snprintf(a->name, sizeof(a->name), "arg%d", i + 1);
	}
	colon = strrchr(src, ':');
	if (colon)
		*colon++ = '\0';
	a->type = 'x';
	a->bits = 64;
	err = parse_fetch(a, src, is_return, 0);
	if (!err && colon)
		err = parse_type(a, colon);
	return err;
}

/* The base of @a: a register, an argument, ... */
static u64 fetch_base(const struct probe_arg *a, struct pt_regs *regs)
{
	switch (a->kind) {
	case FETCH_REG:
		return *(u64 *)((char *)regs + a->n);
	case FETCH_ARG:
		return regs_get_kernel_argument(regs, a->n - 1);
	case FETCH_RETVAL:
		return regs_return_value(regs);
	case FETCH_STACK:
		return kernel_stack_pointer(regs);
	case FETCH_STACKN:
		return regs_get_kernel_stack_nth(regs, a->n);
	default:		/* FETCH_IMM */
		return a->imm;
	}
}

/* Read @size bytes at @addr, of user space if @user: 0 or -errno. */
static long fetch_mem(void *dst, u64 addr, size_t size, bool user)
{
	return user ? copy_from_user_nofault(dst, (const void __user *)addr, size)
		    : copy_from_kernel_nofault(dst, (const void *)addr, size);
}

/* The value of numeric @a into *@v, following its dereferences: 0, or
 * -EFAULT; for a string type, *@v is the string's address. */
static long fetch_value(const struct probe_arg *a, struct pt_regs *regs, u64 *v)
{
	bool string = a->type == 'S' || a->type == 'U';
	u64 x = fetch_base(a, regs);

	for (int i = 0; i < a->nderef; i++) {
		u64 addr = x + (u64)a->deref[i];
		size_t size = i < a->nderef - 1 ? 8 : a->bits / 8;

		if (string && i == a->nderef - 1) {
			x = addr;		/* the string starts here */
			break;
		}
		x = 0;
		if (fetch_mem(&x, addr, size, a->deref_user[i]))
			return -EFAULT;
	}
	if (!string && a->bits < 64)
		x &= (1ull << a->bits) - 1;
	*v = x;
	return 0;
}

/* @a's string at @addr into @s[MAX_STRING], printable: 0 or -EFAULT. */
static long fetch_string(const struct probe_arg *a, u64 addr, char *s)
{
	long n = a->type == 'U' ?
		 strncpy_from_user_nofault(s, (const void __user *)addr, MAX_STRING) :
		 strncpy_from_kernel_nofault(s, (const void *)addr, MAX_STRING);

	for (long i = 0; i < n - 1; i++)
		if (s[i] < ' ' || s[i] > '~')
			s[i] = '?';
	return n < 0 ? n : 0;
}

void format_probe_args(const struct probe_arg *args, int n,
		       struct pt_regs *regs, char *buf, size_t size)
{
	size_t len = strlen(buf);

	for (int i = 0; i < n && len < size; i++) {
		const struct probe_arg *a = &args[i];
		char s[MAX_STRING];
		u64 v = 0;
		s64 sv;

		if (a->kind == FETCH_COMM) {
			len += scnprintf(buf + len, size - len, " %s=\"%s\"",
					 a->name, current->comm);
			continue;
		}
		if (fetch_value(a, regs, &v) ||
		    ((a->type == 'S' || a->type == 'U') && fetch_string(a, v, s))) {
			len += scnprintf(buf + len, size - len, " %s=(fault)", a->name);
			continue;
		}
		sv = a->bits < 64 && (v >> (a->bits - 1)) & 1 ?
		     (s64)(v | ~((1ull << a->bits) - 1)) : (s64)v;
		if (a->type == 'S' || a->type == 'U')
			len += scnprintf(buf + len, size - len, " %s=\"%s\"", a->name, s);
		else if (a->type == 'x')
			len += scnprintf(buf + len, size - len, " %s=0x%lx",
					 a->name, (unsigned long)v);
		else if (a->type == 's')
			len += scnprintf(buf + len, size - len, " %s=%ld", a->name, (long)sv);
		else
			len += scnprintf(buf + len, size - len, " %s=%lu",
					 a->name, (unsigned long)v);
	}
}
