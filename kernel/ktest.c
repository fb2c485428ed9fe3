/*
 * The self-test runner (see ktest.h). Output is KTAP, as KUnit prints it:
 *
 *   KTAP version 1
 *   1..3
 *   ok 1 buddy_alignment
 *   # kmalloc_no_leak: EXPECTATION FAILED at kernel/mm/slab.c:200
 *   not ok 2 kmalloc_no_leak
 *   ...
 *   # ktest: 2 passed, 1 failed
 */
#include "kernel/ktest.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

extern const struct ktest_case __start_ktest[], __stop_ktest[];

/* Count a failed expectation of test @t and print where it is; returns @ok. */
bool ktest_check(struct ktest *t, bool ok, const char *expr, const char *file,
		 int line)
{
	if (!ok) {
		t->failures++;
		pr_info("    # %s: EXPECTATION FAILED at %s:%d: %s\n", t->name,
			file, line, expr);
	}
	return ok;
}

/* Print an explanation line under test @t's last failure. */
void ktest_note(struct ktest *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_info("    # %s: %s\n", t->name, buf);
}

/* Is @name in the comma-separated @list? */
static bool selected(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list && *list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && !strncmp(list, name, n))
			return true;
		list = end ? end + 1 : NULL;
	}
	return false;
}

static bool wanted(const struct ktest_case *c, const char *selection)
{
	if (selection && !strcmp(selection, "slow"))
		return c->slow;
	if (selection && *selection)
		return selected(selection, c->name);
	return !c->crash && !c->slow;
}

void ktest_run(const char *selection)
{
	const struct ktest_case *c;
	int total = 0, n = 0, failed = 0;

	for (c = __start_ktest; c < __stop_ktest; c++)
		total += wanted(c, selection);
	pr_info("KTAP version 1\n");
	pr_info("1..%d\n", total);
	for (c = __start_ktest; c < __stop_ktest; c++) {
		struct ktest t = { c->name, 0 };

		if (!wanted(c, selection))
			continue;
		c->fn(&t);
		failed += t.failures != 0;
		pr_info("%s %d %s\n", t.failures ? "not ok" : "ok", ++n, c->name);
	}
	if (selection && *selection && total == 0)
		pr_warn("ktest: no test matches \"%s\"\n", selection);
	pr_info("# ktest: %d passed, %d failed\n", n - failed, failed);
}
