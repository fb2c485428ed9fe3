/*
 * Host tests for kernel/kallsyms.c against a small hand-made table laid
 * out as scripts/kallsyms.py lays it out: sorted addresses, an alias after
 * the larger symbol at its address, a gap between symbols, a size-0 end
 * marker, and a symbol at the very top of the address space. Checks
 * lookups at every boundary, offsets and sizes, unknown addresses, the
 * name lookup, the formatted "name+0xoff/0xsize" output (and its
 * truncation) and the iterator.
 */
#undef _FORTIFY_SOURCE		/* keep calls on lib/, not __*_chk */
#include "tests/host/htest.h"
#include "kernel/kallsyms.h"
#include "lib/string.h"

#define BASE 0xffffffff80100000ull

/* No loadable modules on the host: every lookup misses. */
bool module_address_lookup(u64 addr, u64 *symsize, u64 *offset, char *name,
			   size_t namelen, char *modname)
{
	return false;
}

const u64 kallsyms_num = 8;
const u64 kallsyms_addresses[] = {
	BASE + 0x000,		/* start_kernel */
	BASE + 0x000,		/* start_kernel_alias (smaller, second) */
	BASE + 0x080,		/* schedule */
	BASE + 0x100,		/* tiny, after a gap at 0xa0..0xff */
	BASE + 0x101,		/* context_switch */
	BASE + 0x180,		/* last_fn */
	BASE + 0x1c0,		/* end_marker: size 0, covers nothing */
	0xfffffffffffffff0ull,	/* top_of_memory */
};
const u32 kallsyms_sizes[] = { 0x80, 0x10, 0x20, 0x1, 0x7f, 0x40, 0, 0x10 };
const char kallsyms_names[] =
	"start_kernel\0start_kernel_alias\0schedule\0tiny\0context_switch\0"
	"last_fn\0end_marker\0top_of_memory";
const u32 kallsyms_offsets[] = { 0, 13, 32, 41, 46, 61, 69, 80 };

/* kallsyms_lookup(@addr) is @name at @off in a symbol of @size. */
static bool finds(u64 addr, const char *name, u64 off, u64 size)
{
	u64 got_size = ~0ull, got_off = ~0ull;
	const char *got = kallsyms_lookup(addr, &got_size, &got_off);

	return got && strcmp(got, name) == 0 && got_off == off &&
	       got_size == size;
}

static void test_table_is_consistent(void)
{
	CHECK(strcmp(kallsyms_names + kallsyms_offsets[7], "top_of_memory") == 0,
	      "the test's own table: offsets point at names");
}

static void test_lookup(void)
{
	CHECK(finds(BASE, "start_kernel", 0, 0x80),
	      "first byte of a symbol, offset 0");
	CHECK(finds(BASE + 0x1a, "start_kernel", 0x1a, 0x80),
	      "inside a symbol: the larger of two at one address wins");
	CHECK(finds(BASE + 0x7f, "start_kernel", 0x7f, 0x80),
	      "last byte of a symbol");
	CHECK(finds(BASE + 0x80, "schedule", 0, 0x20),
	      "one past the end is the next symbol");
	CHECK(finds(BASE + 0x9f, "schedule", 0x1f, 0x20),
	      "last byte before a gap");
	CHECK(finds(BASE + 0x100, "tiny", 0, 1), "a one-byte symbol");
	CHECK(finds(BASE + 0x101, "context_switch", 0, 0x7f),
	      "the symbol right after a one-byte one");
	CHECK(finds(BASE + 0x1bf, "last_fn", 0x3f, 0x40),
	      "last byte of the last kernel symbol");
	CHECK(finds(0xffffffffffffffffull, "top_of_memory", 0xf, 0x10),
	      "a symbol ending at the top of the address space");
}

static void test_unknown(void)
{
	u64 size = 123, off = 456;

	CHECK(kallsyms_lookup(BASE + 0xa0, &size, &off) == NULL,
	      "first byte of a gap: no symbol");
	CHECK(size == 123 && off == 456, "a failed lookup leaves outputs alone");
	CHECK(kallsyms_lookup(BASE + 0xff, NULL, NULL) == NULL,
	      "last byte of a gap: no symbol");
	CHECK(kallsyms_lookup(BASE - 1, NULL, NULL) == NULL,
	      "below the first symbol");
	CHECK(kallsyms_lookup(0, NULL, NULL) == NULL, "address 0");
	CHECK(kallsyms_lookup(BASE + 0x1c0, NULL, NULL) == NULL,
	      "just past the last kernel symbol: on a size-0 marker");
	CHECK(kallsyms_lookup(BASE + 0x10000, NULL, NULL) == NULL,
	      "far past a size-0 marker");
	CHECK(kallsyms_lookup_name("end_marker") == BASE + 0x1c0,
	      "a size-0 marker still has its name");
	CHECK(kallsyms_lookup(0xffffffffffffffefull, NULL, NULL) == NULL,
	      "just below the top symbol");
	CHECK(strcmp(kallsyms_lookup(BASE + 4, NULL, NULL), "start_kernel") == 0,
	      "NULL size and offset pointers are allowed");
}

static void test_lookup_name(void)
{
	CHECK(kallsyms_lookup_name("schedule") == BASE + 0x80, "schedule");
	CHECK(kallsyms_lookup_name("start_kernel_alias") == BASE,
	      "an alias has its own name");
	CHECK(kallsyms_lookup_name("top_of_memory") == 0xfffffffffffffff0ull,
	      "the last name in the table");
	CHECK(kallsyms_lookup_name("sched") == 0, "a prefix is not a match");
	CHECK(kallsyms_lookup_name("schedule_x") == 0, "nor a longer name");
	CHECK(kallsyms_lookup_name("") == 0, "the empty name");
}

/* sprint_symbol(@addr) gives @want and returns its length. */
static bool prints(u64 addr, const char *want)
{
	char buf[KSYM_SYMBOL_LEN];
	int n = sprint_symbol(buf, sizeof(buf), addr);

	if (strcmp(buf, want) != 0 || n != (int)strlen(want))
		printf("# got \"%s\" (%d), want \"%s\"\n", buf, n, want);
	return strcmp(buf, want) == 0 && n == (int)strlen(want);
}

static void test_sprint_symbol(void)
{
	char buf[8];

	CHECK(prints(BASE + 0x1a, "start_kernel+0x1a/0x80"), "function+off/size");
	CHECK(prints(BASE, "start_kernel+0x0/0x80"), "offset 0 prints 0x0");
	CHECK(prints(BASE + 0x9f, "schedule+0x1f/0x20"), "another symbol");
	CHECK(prints(0xffffffff8010abcdull, "0xffffffff8010abcd"),
	      "unknown address: plain hex");
	CHECK(prints(BASE + 0xa0, "0xffffffff801000a0"), "an address in a gap");
	CHECK(prints(0x1000, "0x1000"), "a small unknown address");
	CHECK(sprint_symbol(buf, sizeof(buf), BASE) == 7 &&
	      strcmp(buf, "start_k") == 0, "truncates and returns the length kept");
	CHECK(sprint_symbol(buf, 0, BASE) == 0, "size 0 writes nothing");
}

static void test_sprint_backtrace(void)
{
	char buf[KSYM_SYMBOL_LEN];

	sprint_backtrace(buf, sizeof(buf), BASE + 0x80);
	CHECK(strcmp(buf, "start_kernel+0x80/0x80") == 0,
	      "a return address just past a function stays in it: %s", buf);
	sprint_backtrace(buf, sizeof(buf), BASE + 0x85);
	CHECK(strcmp(buf, "schedule+0x5/0x20") == 0,
	      "a return address inside a function: %s", buf);
	sprint_backtrace(buf, sizeof(buf), BASE + 0xa1);
	CHECK(strcmp(buf, "0xffffffff801000a1") == 0,
	      "a return address in a gap: %s", buf);
}

struct walk {
	int calls;
	u64 last_addr;
	bool sorted;
	char names[256];
};

static int record(void *data, const char *name, u64 addr, u32 size)
{
	struct walk *w = data;

	if (w->calls && addr < w->last_addr)
		w->sorted = false;
	w->last_addr = addr;
	strlcat(w->names, name, sizeof(w->names));
	strlcat(w->names, " ", sizeof(w->names));
	return ++w->calls == 3 && size == 0x20 ? 42 : 0;
}

static int count_all(void *data, const char *name __unused,
		     u64 addr __unused, u32 size __unused)
{
	(*(int *)data)++;
	return 0;
}

static void test_iterate(void)
{
	struct walk w = { .sorted = true };
	int n = 0;

	CHECK(kallsyms_iterate(count_all, &n) == 0 && n == 8,
	      "visits every symbol and returns 0 (%d visits)", n);
	CHECK(kallsyms_iterate(record, &w) == 42 && w.calls == 3,
	      "stops at the first non-zero return and passes it on");
	CHECK(w.sorted && strcmp(w.names,
				 "start_kernel start_kernel_alias schedule ") == 0,
	      "in address order with names: %s", w.names);
}

int main(void)
{
	test_table_is_consistent();
	test_lookup();
	test_unknown();
	test_lookup_name();
	test_sprint_symbol();
	test_sprint_backtrace();
	test_iterate();
	return htest_done();
}
