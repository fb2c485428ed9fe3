/*
 * user/ltrace/breakpoint.c: int3 breakpoints in a traced address space.
 *
 * A breakpoint is one byte: ltrace reads the word at the address with
 * PTRACE_PEEKTEXT, keeps its low byte and writes it back with 0xcc, the
 * int3 instruction, in its place (PTRACE_POKETEXT; the kernel gives the
 * tracee a private copy of the text page, so the file stays clean). A
 * thread that runs into it traps: SIGTRAP, a signal-delivery stop, with
 * rip one past the int3. To go on, ltrace sets rip back, puts the
 * original byte back, single-steps the one instruction (PTRACE_SINGLESTEP:
 * the trap flag, another SIGTRAP stop) and writes the int3 again.
 *
 * Every thread of a process runs the same text, so the table belongs to
 * the address space (struct space), not to a thread. While one thread is
 * stepped over a breakpoint the byte is the original one, so events.c
 * stops the other threads for the step.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "ltrace.h"

#define INT3 0xcc

/* Write byte @byte at @addr of stopped thread @tid; the old one in *@old. */
static int poke_byte(pid_t tid, uint64_t addr, uint8_t byte, uint8_t *old)
{
	long word;

	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, tid, addr, 0);
	if (errno)
		return -1;
	if (old)
		*old = word & 0xff;
	word = (word & ~0xffL) | byte;
	return ptrace(PTRACE_POKETEXT, tid, addr, word) < 0 ? -1 : 0;
}

static struct bp *bp_new(struct space *s, uint64_t addr)
{
	if (s->nbp == s->cap) {
		int cap = s->cap ? s->cap * 2 : 256;
		struct bp *v = realloc(s->bps, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		s->bps = v;
		s->cap = cap;
	}
	memset(&s->bps[s->nbp], 0, sizeof(s->bps[0]));
	s->bps[s->nbp].addr = addr;
	return &s->bps[s->nbp++];
}

struct bp *bp_find(struct space *s, uint64_t addr)
{
	for (int i = 0; i < s->nbp; i++)
		if (s->bps[i].addr == addr)
			return &s->bps[i];
	return NULL;
}

/* Put the int3 of @b (back) into the text. */
static int bp_enable(pid_t tid, struct bp *b)
{
	uint8_t old;

	if (b->enabled)
		return 0;
	if (poke_byte(tid, b->addr, INT3, &old) < 0)
		return -1;
	b->orig = old;
	b->enabled = 1;
	return 0;
}

static void bp_disable(pid_t tid, struct bp *b)
{
	if (b->enabled && poke_byte(tid, b->addr, b->orig, NULL) == 0)
		b->enabled = 0;
}

/* Of two symbols at one address, the name to show: a global one, one
 * without '_', the shorter (fputs rather than its alias fputs_unlocked). */
static int better_name(const struct sym *a, const struct sym *b)
{
	if (a->global != b->global)
		return a->global;
	if ((a->name[0] == '_') != (b->name[0] == '_'))
		return b->name[0] == '_';
	return strlen(a->name) < strlen(b->name);
}

static int by_addr(const void *x, const void *y)
{
	const struct sym *a = x, *b = y;

	return (a->addr > b->addr) - (a->addr < b->addr);
}

/* One entry breakpoint per address whose name (or an alias) is wanted. */
static void insert_entries(struct space *s, pid_t tid)
{
	struct symtab *st = s->syms;

	qsort(st->v, st->n, sizeof(st->v[0]), by_addr);
	for (int i = 0; i < st->n;) {
		const struct sym *best = NULL;
		int j = i;
		struct bp *b;

		for (; j < st->n && st->v[j].addr == st->v[i].addr; j++)
			if (filter_wants(st->v[j].name) && (!best || better_name(&st->v[j], best)))
				best = &st->v[j];
		if (best && (b = bp_new(s, best->addr)) != NULL) {
			b->func = best;
			if (bp_enable(tid, b) < 0)
				s->nbp--;	/* not writable: not traced */
		}
		i = j;
	}
}

struct space *space_create(const char *path, pid_t tid)
{
	struct space *s = calloc(1, sizeof(*s));
	char err[512];

	if (s == NULL || (s->syms = calloc(1, sizeof(*s->syms))) == NULL) {
		free(s);
		fprintf(stderr, "ltrace: out of memory\n");
		return NULL;
	}
	if (elf_read_functions(path, s->syms, err, sizeof(err)) < 0) {
		fprintf(stderr, "ltrace: %s\n", err);
		free(s->syms);
		free(s);
		return NULL;
	}
	s->syms->refs = 1;
	s->users = 1;
	insert_entries(s, tid);
	return s;
}

struct space *space_clone(const struct space *parent)
{
	struct space *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	*s = *parent;
	s->bps = malloc(parent->cap * sizeof(*s->bps));
	if (s->bps == NULL) {
		free(s);
		return NULL;
	}
	memcpy(s->bps, parent->bps, parent->nbp * sizeof(*s->bps));
	s->users = 1;
	s->syms->refs++;
	return s;
}

void space_put(struct space *s)
{
	if (s == NULL || --s->users > 0)
		return;
	if (--s->syms->refs == 0) {
		symtab_free(s->syms);
		free(s->syms);
	}
	free(s->bps);
	free(s);
}

int bp_add_return(struct space *s, pid_t tid, uint64_t addr)
{
	struct bp *b = bp_find(s, addr);

	if (b == NULL && (b = bp_new(s, addr)) == NULL)
		return -1;
	if (bp_enable(tid, b) < 0)
		return -1;
	b->ret_refs++;
	return 0;
}

void bp_drop_return(struct space *s, pid_t tid, struct bp *b)
{
	(void)s;
	if (b->ret_refs > 0 && --b->ret_refs == 0 && b->func == NULL)
		bp_disable(tid, b);
}

int bp_step_over(struct space *s, pid_t tid, struct bp *b, int *pending_sig, int *status)
{
	(void)s;
	if (poke_byte(tid, b->addr, b->orig, NULL) < 0)
		return 0;	/* not ours to write any more: nothing to step over */
	for (;;) {
		pid_t got;

		if (ptrace(PTRACE_SINGLESTEP, tid, 0, 0) < 0) {
			*status = 0;
			return -1;
		}
		/* Ctrl-C (no SA_RESTART) must not cut the step short: left
		 * unwaited, its SIGTRAP would be taken for the program's own
		 * at the detach, and kill it. */
		while ((got = waitpid(tid, status, __WALL)) < 0 && errno == EINTR)
			;
		if (got != tid) {
			*status = 0;
			return -1;
		}
		if (WIFEXITED(*status) || WIFSIGNALED(*status))
			return -1;
		if (WSTOPSIG(*status) == SIGTRAP && (*status >> 16) == 0)
			break;		/* the step is done */
		/* A signal before the step: deliver it after, at the resume. */
		if ((*status >> 16) == 0 && WSTOPSIG(*status) != (SIGTRAP | 0x80))
			*pending_sig = WSTOPSIG(*status);
	}
	if (poke_byte(tid, b->addr, INT3, NULL) < 0)
		b->enabled = 0;
	return 0;
}

void space_remove_all(struct space *s, pid_t tid)
{
	for (int i = 0; i < s->nbp; i++)
		bp_disable(tid, &s->bps[i]);
}
