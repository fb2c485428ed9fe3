/*
 * Host tests for lib/vsprintf.c. A table of formats is crossed with a table
 * of values and each result compared with the host C library's vsprintf()
 * (which lib/ does not replace), at every buffer size from 0 up, with a
 * guard byte after the buffer. Explicit checks cover what is ours alone:
 * %p, "(null)", unknown conversions and scnprintf().
 */
#undef _FORTIFY_SOURCE		/* keep snprintf on lib/, not __snprintf_chk */
#include "tests/host/htest.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define OUT 512
#define GUARD '#'

/* The program's own text, from the linker: lib/ must be what we test. */
extern char __executable_start[], etext[];

static bool in_program(void *fn)
{
	return (char *)fn >= __executable_start && (char *)fn < etext;
}

/* Format into every size 0..want+1: same return, a correct prefix, guard. */
static bool truncations_ok(const char *ref, int want, const char *fmt,
			   va_list ap)
{
	char buf[OUT + 1];
	size_t size, keep;
	va_list aq;
	int n;

	for (size = 0; size <= (size_t)want + 1; size++) {
		memset(buf, GUARD, sizeof(buf));
		va_copy(aq, ap);
		n = vsnprintf(buf, size, fmt, aq);
		va_end(aq);
		keep = size ? MIN((size_t)want, size - 1) : 0;
		if (n != want || buf[size] != GUARD)
			return false;
		if (size && (memcmp(buf, ref, keep) || buf[keep] != 0))
			return false;
	}
	return true;
}

/* Compare our vsnprintf() with libc's vsprintf() on one format and args. */
__printf(2, 3) static void cmp(int line, const char *fmt, ...)
{
	char ref[OUT], got[OUT];
	va_list ap, aq;
	int want, n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	want = vsprintf(ref, fmt, aq);	/* the host's C library */
	va_end(aq);
	va_copy(aq, ap);
	n = vsnprintf(got, sizeof(got), fmt, aq);
	va_end(aq);
	CHECK(n == want && !memcmp(got, ref, want + 1) &&
	      truncations_ok(ref, want, fmt, ap),
	      "line %d: \"%s\" -> \"%s\" (%d), libc \"%s\" (%d)", line, fmt,
	      got, n, ref, want);
	va_end(ap);
}

#define CMP(...) cmp(__LINE__, __VA_ARGS__)

static const char *const int_fmts[] = {
	"%d", "%i", "%u", "%x", "%X", "%o", "[%5d]", "[%-5d]", "[%05d]",
	"%+d", "% d", "%+ d", "[% 5d]", "[%-+6d]", "%.3d", "%.0d", "[%8.3d]",
	"[%-8.3d]", "[%08.3d]", "[%+08d]", "[%- 8d]", "[%010u]", "%#x", "%#X",
	"%#o", "%#.0o", "%.0x", "%#.0x", "[%#8x]", "[%#-8x]", "[%#08x]",
	"[%08X]", "[%#010o]", "%#.5o", "%.10u", "%hhd", "%hhu", "%hhx", "%hd",
	"%hu", "%hx", "[%+.0d]", "[% .0i]", "[%3.0d]", "%#5.3x", "[%1d]",
	"[%-1d]", "[%20d]", "[%-020d]",
};

static const int int_vals[] = {
	0, 1, -1, 7, 8, 42, -42, 127, 128, -128, -129, 255, 256, 4095,
	32767, -32768, 65535, 65536, 123456789, 0x7fffffff, -0x7fffffff - 1,
	(int)0xdeadbeef,
};

static const char *const ll_fmts[] = {
	"%lld", "%lli", "%llu", "%llx", "%llX", "%llo", "%ld", "%lu", "%lx",
	"%jd", "%ju", "%zd", "%zu", "%zx", "%td", "%tu", "%tx", "[%25lld]",
	"[%-25lld]", "[%025lld]", "%+lld", "% lld", "%.25lld", "%#llx",
	"%#llo", "[%#30llx]", "[%-#30llo]", "%.0lld", "%#.20llX",
};

static const long long ll_vals[] = {
	0, 1, -1, 42, -42, 0x7fffffff, 0x80000000LL, 0xffffffffLL,
	0x100000000LL, -0x100000000LL, 0x123456789abcdef0LL, INT64_MAX,
	INT64_MIN, INT64_MIN + 1, 1000000000000000000LL,
};

static const char *const str_fmts[] = {
	"%s", "[%10s]", "[%-10s]", "%.3s", "[%.0s]", "[%10.3s]", "[%-10.3s]",
	"%.10s", "[%1s]", "[%.30s]", "<%s|%s>",
};

static const char *const str_vals[] = {
	"", "a", "abc", "hello", "hello world, a longer string", "%d %s",
};

static const char *const chr_fmts[] = { "%c", "[%3c]", "[%-3c]", "[%1c]" };
static const int chr_vals[] = { 'a', ' ', '%', 'Z', 0x7e, 0xe9 };

static void test_int_table(void)
{
	size_t f, v;

	for (f = 0; f < ARRAY_SIZE(int_fmts); f++)
		for (v = 0; v < ARRAY_SIZE(int_vals); v++)
			cmp(__LINE__, int_fmts[f], int_vals[v]);
	for (f = 0; f < ARRAY_SIZE(ll_fmts); f++)
		for (v = 0; v < ARRAY_SIZE(ll_vals); v++)
			cmp(__LINE__, ll_fmts[f], ll_vals[v]);
}

static void test_str_chr_table(void)
{
	size_t f, v;

	for (f = 0; f < ARRAY_SIZE(str_fmts); f++)
		for (v = 0; v < ARRAY_SIZE(str_vals); v++)
			cmp(__LINE__, str_fmts[f], str_vals[v], str_vals[0]);
	for (f = 0; f < ARRAY_SIZE(chr_fmts); f++)
		for (v = 0; v < ARRAY_SIZE(chr_vals); v++)
			cmp(__LINE__, chr_fmts[f], chr_vals[v]);
}

static void test_star_and_mixed(void)
{
	const char *empty = "";

	CMP("[%*d]", 5, 42);
	CMP("[%*d]", -5, 42);
	CMP("[%-*d]", -5, 42);
	CMP("[%0*d]", 6, -42);
	CMP("[%.*d]", 3, 7);
	CMP("[%.*d]", -1, 7);
	CMP("[%.*d]", 0, 0);
	CMP("[%*.*d]", 8, 4, -7);
	CMP("[%*.*x]", -8, 4, 255);
	CMP("[%.*s]", 2, "hello");
	CMP("[%.*s]", -1, "hello");
	CMP("[%*s]", -6, "ab");
	CMP("[%*c]", 4, 'x');
	CMP("%%");
	CMP("100%% sure, %d%%", 5);
	CMP("a%db%sc%xd%ce%uf", -3, "str", 0xbeefu, 'q', 9u);
	CMP("%s=%lld, %s=%#lx, %hhu%hhu", "a", -5LL, "b", 0xffUL, 1, 2);
	CMP("no conversions at all");
	CMP(empty, 0);
	CMP("%c", 0);		/* an embedded NUL still counts */
	CMP("[%5c]", 0);
}

static bool fmt_is(const char *want, const char *fmt, ...) __printf(2, 3);

/* True when vsnprintf() prints exactly @want and returns its length. */
static bool fmt_is(const char *want, const char *fmt, ...)
{
	char buf[OUT];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n != (int)strlen(want) || strcmp(buf, want))
		printf("# got \"%s\" (%d), want \"%s\"\n", buf, n, want);
	return n == (int)strlen(want) && !strcmp(buf, want);
}

static void test_ours_alone(void)
{
	const char nt[3] = { 'a', 'b', 'c' };	/* not NUL-terminated */
	void *kp = (void *)0xffffffff80101234UL;
	char *volatile np = NULL;	/* hidden from gcc's own format checks */

	CHECK(fmt_is("0xffffffff80101234", "%p", kp), "%%p kernel address");
	CHECK(fmt_is("0x0000000000001234", "%p", (void *)0x1234), "%%p pads");
	CHECK(fmt_is("0x0000000000000000", "%p", NULL), "%%p NULL");
	CHECK(fmt_is("[  0x0000000000000010]", "[%20p]", (void *)16),
	      "%%p width");
	CHECK(fmt_is("[0x0000000000000010  ]", "[%-20p]", (void *)16),
	      "%%p left-justified");
	CHECK(fmt_is("(null)", "%s", np), "%%s NULL");
	CHECK(fmt_is("[  (null)]", "[%8s]", np), "%%s NULL width");
	CHECK(fmt_is("(nu", "%.3s", np), "%%s NULL precision");
	CHECK(fmt_is("abc", "%.3s", nt), "%%.3s reads no further than 3");
	CHECK(fmt_is("-9223372036854775808", "%lld", (long long)INT64_MIN), "INT64_MIN");
	CHECK(fmt_is("1777777777777777777777", "%llo",
		     (unsigned long long)UINT64_MAX),
	      "UINT64_MAX in octal");
	CHECK(fmt_is("ffffffffffffffff", "%zx", SIZE_MAX), "%%zx SIZE_MAX");
	CHECK(fmt_is("-1", "%zd", (size_t)-1), "%%zd is signed");
}

/*
 * The kernel's side of %pS/%ps/%pB and %pK (kernel/printk/pointer.c),
 * played here: one "module" symbol at 0x1000..0x1040, and a policy the
 * test sets.
 */
static int fake_policy = KPTR_AS_P;

int vsprintf_symbol(char *buf, size_t size, u64 addr, char ext)
{
	u64 a = ext == 'B' ? addr - 1 : addr;

	if (a < 0x1000 || a >= 0x1040)
		return 0;
	if (ext == 's')
		return scnprintf(buf, size, "foo_init [foo]");
	return scnprintf(buf, size, "foo_init+0x%llx/0x40 [foo]",
			 (unsigned long long)(addr - 0x1000));
}

int vsprintf_kptr_policy(void)
{
	return fake_policy;
}

static void test_pointer_extensions(void)
{
	void *kp = (void *)0xffffffff80101234UL;

	CHECK(fmt_is("ffffffff80101234", "%px", kp), "%%px: no 0x");
	CHECK(fmt_is("0000000000001234!", "%px!", (void *)0x1234), "%%px pads");
	CHECK(fmt_is("[    0000000000000010]", "[%20px]", (void *)16),
	      "%%px width");
	CHECK(fmt_is("foo_init+0x1c/0x40 [foo]", "%pS", (void *)0x101c), "%%pS");
	CHECK(fmt_is("foo_init+0x1c/0x40 [foo]", "%pSR", (void *)0x101c),
	      "%%pSR is %%pS");
	CHECK(fmt_is("foo_init [foo]", "%ps", (void *)0x101c), "%%ps");
	CHECK(fmt_is("foo_init+0x40/0x40 [foo]", "%pB", (void *)0x1040),
	      "%%pB looks up the address before a return address");
	CHECK(fmt_is("0x2000", "%pS", (void *)0x2000), "%%pS without a symbol");
	CHECK(fmt_is("[foo_init [foo]      ]", "[%-20ps]", (void *)0x1000),
	      "%%ps left-justified");
	CHECK(fmt_is("0xffffffff80101234", "%pK", kp), "%%pK at 0: as %%p");
	fake_policy = KPTR_AS_PX;
	CHECK(fmt_is("ffffffff80101234", "%pK", kp), "%%pK allowed: as %%px");
	fake_policy = KPTR_ZERO;
	CHECK(fmt_is("0000000000000000", "%pK", kp), "%%pK restricted: zeros");
	fake_policy = KPTR_ERROR;
	CHECK(fmt_is("pK-error", "%pK", kp), "%%pK in an interrupt");
	fake_policy = KPTR_AS_P;
	CHECK(fmt_is("0x0000000000000010y", "%py", (void *)16),
	      "an unknown letter after %%p is text");
	CHECK(fmt_is("0x0000000000000010 s", "%p s", (void *)16),
	      "a space ends the conversion");
}

/* Formats gcc rightly rejects at compile time go through a variable. */
static void test_bad_formats(void)
{
	const char *bad[] = { "%y", "abc%", "x%-5", "%5%", "%hq" };
	const char *want[] = { "%y", "abc%", "x%-5", "%", "%hq" };
	char buf[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int n = snprintf(buf, sizeof(buf), bad[i], 1);

		CHECK(n == (int)strlen(want[i]) && !strcmp(buf, want[i]),
		      "unknown conversion \"%s\" printed as \"%s\"", bad[i], buf);
	}
}

static void test_sizes(void)
{
	char buf[8];

	CHECK(snprintf(NULL, 0, "%d", 12345) == 5, "size 0, NULL buffer: length");
	buf[0] = 'x';
	CHECK(snprintf(buf, 1, "%d", 12345) == 5 && buf[0] == 0,
	      "size 1: just the NUL");
	CHECK(snprintf(buf, sizeof(buf), "%s", "0123456789") == 10 &&
	      !strcmp(buf, "0123456"), "truncated output is terminated");
}

static void test_scnprintf(void)
{
	char buf[16];
	size_t pos = 0;
	int i;

	CHECK(scnprintf(buf, sizeof(buf), "%d", 123) == 3, "scnprintf fits");
	CHECK(scnprintf(buf, 4, "%s", "abcdef") == 3 && !strcmp(buf, "abc"),
	      "scnprintf truncated: size - 1");
	CHECK(scnprintf(buf, 0, "%s", "abcdef") == 0, "scnprintf size 0");
	CHECK(scnprintf(buf, 1, "%s", "abcdef") == 0 && buf[0] == 0,
	      "scnprintf size 1");
	CHECK(scnprintf(buf, 4, "%s", "abc") == 3, "scnprintf exact fit");
	for (i = 0; i < 10; i++)
		pos += scnprintf(buf + pos, sizeof(buf) - pos, "%d,", i * 11);
	CHECK(pos == sizeof(buf) - 1 && !strcmp(buf, "0,11,22,33,44,5"),
	      "scnprintf chains without overrunning: \"%s\"", buf);
}

int main(void)
{
	CHECK(in_program(vsnprintf) && in_program(snprintf),
	      "lib/vsprintf.c, not libc, is under test");
	test_int_table();
	test_str_chr_table();
	test_star_and_mixed();
	test_ours_alone();
	test_pointer_extensions();
	test_bad_formats();
	test_sizes();
	test_scnprintf();
	return htest_done();
}
