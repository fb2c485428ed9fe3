/*
 * user/ltrace/filter.c: which functions ltrace traces (-e).
 *
 * ltrace's filter expression is a chain of glob rules, each "+NAME" (trace
 * it) or "-NAME" (don't); "malloc+free", "str*", "str*-strlen". A first
 * rule without a sign is "+", and then the chain starts from nothing; a
 * first rule "-NAME" (or "!NAME") starts from the default set. Several
 * -e options add up: a function is traced if any expression wants it.
 * A rule's "@LIBRARY" part is ignored: a static program is one object.
 *
 * The default set, with no -e, is libc's public API as the symbol table
 * shows it: every global or weak function whose name does not begin with
 * '_' (those are libc's internals and the start-up code: __libc_start_main,
 * __stdio_write, _start), except main. A static program's own global
 * functions are in the symbol table too; Taskbase's programs keep theirs
 * static, and -e chooses for the rest.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "ltrace.h"

#define MAX_RULES 64
#define MAX_EXPRS 16

struct rule {
	char *glob;
	int add;
};

struct expr {
	struct rule rules[MAX_RULES];
	int nrules;
};

static struct expr exprs[MAX_EXPRS];
static int nexprs;

static int default_wants(const char *name)
{
	return name[0] != '_' && strcmp(name, "main") != 0;
}

/* Append the rule at *@p (up to the next '+' or '-') to @e; advance *@p. */
static void parse_rule(struct expr *e, const char **p, int add)
{
	size_t len = strcspn(*p, "+-");
	char *glob = strndup(*p, len), *at;

	*p += len;
	if (glob == NULL || e->nrules == MAX_RULES)
		return;
	at = strchr(glob, '@');
	if (at)
		*at = '\0';
	if (glob[0] == '\0')
		strcpy(glob, "*");	/* "@libc.so*": every function */
	e->rules[e->nrules++] = (struct rule){ glob, add };
}

int filter_add(const char *text)
{
	struct expr *e;
	const char *p = text;

	if (*p == '\0' || nexprs == MAX_EXPRS)
		return -1;
	e = &exprs[nexprs++];
	while (*p) {
		int add = 1;

		if (*p == '+' || *p == '-' || *p == '!')
			add = *p++ == '+';
		parse_rule(e, &p, add);
	}
	return e->nrules ? 0 : -1;
}

static int expr_wants(const struct expr *e, const char *name)
{
	int in = !e->rules[0].add && default_wants(name);

	for (int i = 0; i < e->nrules; i++)
		if (fnmatch(e->rules[i].glob, name, 0) == 0)
			in = e->rules[i].add;
	return in;
}

int filter_wants(const char *name)
{
	if (nexprs == 0)
		return default_wants(name);
	for (int i = 0; i < nexprs; i++)
		if (expr_wants(&exprs[i], name))
			return 1;
	return 0;
}
