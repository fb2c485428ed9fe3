/*
 * Host tests for lib/string.c and lib/ctype.h: the mem*() functions at every
 * small alignment and length (with guard bytes around the target), the
 * str*() functions at their edges, the bounded copies' truncation rules,
 * and kstrtoull()/kstrtoll() against Linux's syntax and overflow rules.
 */
#undef _FORTIFY_SOURCE		/* keep calls on lib/string.c, not __*_chk */
#include "tests/host/htest.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BUF 128
#define GUARD 0x5a

/* The program's own text, from the linker: lib/ must be what we test. */
extern char __executable_start[], etext[];

static bool in_program(void *fn)
{
	return (char *)fn >= __executable_start && (char *)fn < etext;
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* memcpy/memset results compared with a byte-by-byte model, guards kept. */
static void test_memcpy_memset(void)
{
	unsigned char src[BUF], dst[BUF], want[BUF];
	size_t doff, soff, n, i;
	int bad_cpy = 0, bad_set = 0;

	fill_pattern(src, BUF, 3);
	for (doff = 0; doff < 16; doff++)
		for (soff = 0; soff < 16; soff++)
			for (n = 0; n <= 80; n++) {
				for (i = 0; i < BUF; i++)
					dst[i] = want[i] = GUARD;
				for (i = 0; i < n; i++)
					want[doff + i] = src[soff + i];
				if (memcpy(dst + doff, src + soff, n) != dst + doff ||
				    memcmp(dst, want, BUF))
					bad_cpy++;
				for (i = 0; i < n; i++)
					want[doff + i] = 0xab;
				if (memset(dst + doff, 0x1ab, n) != dst + doff ||
				    memcmp(dst, want, BUF))
					bad_set++;
			}
	CHECK(bad_cpy == 0, "memcpy: all offsets 0..15 x lengths 0..80 (%d bad)",
	      bad_cpy);
	CHECK(bad_set == 0, "memset: only the low byte of c, guards intact (%d bad)",
	      bad_set);
}

/* memmove in both overlap directions, against a copy through a temp. */
static void test_memmove(void)
{
	unsigned char buf[BUF], want[BUF], tmp[BUF];
	size_t from, to, n;
	int bad = 0;

	for (from = 0; from < 24; from++)
		for (to = 0; to < 24; to++)
			for (n = 0; n <= 64; n++) {
				fill_pattern(buf, BUF, 11);
				fill_pattern(want, BUF, 11);
				for (size_t i = 0; i < n; i++)
					tmp[i] = want[from + i];
				for (size_t i = 0; i < n; i++)
					want[to + i] = tmp[i];
				if (memmove(buf + to, buf + from, n) != buf + to ||
				    memcmp(buf, want, BUF))
					bad++;
			}
	CHECK(bad == 0, "memmove: overlapping up and down, all alignments (%d bad)",
	      bad);
}

static void test_memcmp_memchr(void)
{
	unsigned char a[] = { 1, 2, 3, 0x80 }, b[] = { 1, 2, 3, 0x01 };
	const char *s = "hello\0world";

	CHECK(memcmp(a, b, 3) == 0, "memcmp equal prefix");
	CHECK(memcmp(a, b, 4) > 0, "memcmp compares bytes as unsigned");
	CHECK(memcmp(b, a, 4) < 0, "memcmp sign flips");
	CHECK(memcmp(a, b, 0) == 0, "memcmp n=0");
	CHECK(memcmp("abc", "abd", 3) < 0, "memcmp last byte differs");
	CHECK(memchr(s, 'l', 11) == s + 2, "memchr finds first");
	CHECK(memchr(s, 'w', 11) == s + 6, "memchr looks past NUL");
	CHECK(memchr(s, 'w', 6) == NULL, "memchr respects n");
	CHECK(memchr(s, 0, 11) == s + 5, "memchr finds NUL");
	CHECK(memchr(s, 'h' + 0x100, 5) == s, "memchr uses c as unsigned char");
	CHECK(memchr(s, 'h', 0) == NULL, "memchr n=0");
	CHECK(memchr(a, 0x80, 4) == a + 3, "memchr high byte");
}

static void test_strlen_strcmp(void)
{
	CHECK(strlen("") == 0, "strlen empty");
	CHECK(strlen("abc") == 3, "strlen abc");
	CHECK(strnlen("abc", 2) == 2, "strnlen capped");
	CHECK(strnlen("abc", 3) == 3, "strnlen exact");
	CHECK(strnlen("abc", 99) == 3, "strnlen short string");
	CHECK(strnlen("abc", 0) == 0, "strnlen max 0");
	CHECK(strcmp("", "") == 0, "strcmp empty");
	CHECK(strcmp("abc", "abc") == 0, "strcmp equal");
	CHECK(strcmp("abc", "abd") < 0, "strcmp less");
	CHECK(strcmp("abd", "abc") > 0, "strcmp greater");
	CHECK(strcmp("ab", "abc") < 0, "strcmp prefix is less");
	CHECK(strcmp("abc", "ab") > 0, "strcmp longer is greater");
	CHECK(strcmp("\xe9", "a") > 0, "strcmp compares as unsigned char");
	CHECK(strncmp("abcx", "abcy", 3) == 0, "strncmp stops at n");
	CHECK(strncmp("abcx", "abcy", 4) < 0, "strncmp sees byte n-1");
	CHECK(strncmp("a", "b", 0) == 0, "strncmp n=0");
	CHECK(strncmp("ab\0x", "ab\0y", 4) == 0, "strncmp stops at NUL");
	CHECK(strncmp("ab", "abc", 5) < 0, "strncmp prefix");
}

static void test_strchr_strstr(void)
{
	const char *s = "hello, world";

	CHECK(strchr(s, 'o') == s + 4, "strchr first");
	CHECK(strrchr(s, 'o') == s + 8, "strrchr last");
	CHECK(strchr(s, 'z') == NULL, "strchr missing");
	CHECK(strrchr(s, 'z') == NULL, "strrchr missing");
	CHECK(strchr(s, 0) == s + 12, "strchr NUL finds terminator");
	CHECK(strrchr(s, 0) == s + 12, "strrchr NUL finds terminator");
	CHECK(strchr("a\xe9", 0xe9) != NULL, "strchr high byte as int");
	CHECK(strrchr("h", 'h') != NULL, "strrchr first char");
	CHECK(strstr(s, "") == s, "strstr empty needle");
	CHECK(strstr("", "") != NULL, "strstr empty in empty");
	CHECK(strstr("", "a") == NULL, "strstr in empty");
	CHECK(strstr(s, "world") == s + 7, "strstr at end");
	CHECK(strstr(s, "hello") == s, "strstr at start");
	CHECK(strstr(s, "worlds") == NULL, "strstr needle runs off the end");
	CHECK(strstr("aaab", "aab") != NULL, "strstr after a false start");
	CHECK(strstr("ab", "abc") == NULL, "strstr needle longer");
}

static void test_strlcpy_strlcat(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK(strlcpy(buf, "abc", sizeof(buf)) == 3 && !strcmp(buf, "abc"),
	      "strlcpy fits");
	CHECK(strlcpy(buf, "abcdefghij", sizeof(buf)) == 10 &&
	      !strcmp(buf, "abcdefg"), "strlcpy truncates, returns strlen(src)");
	CHECK(strlcpy(buf, "abcdefg", sizeof(buf)) == 7 && !strcmp(buf, "abcdefg"),
	      "strlcpy exactly size-1");
	buf[0] = 'q';
	CHECK(strlcpy(buf, "abc", 0) == 3 && buf[0] == 'q',
	      "strlcpy size 0 writes nothing");
	CHECK(strlcpy(buf, "abc", 1) == 3 && buf[0] == 0, "strlcpy size 1");

	strlcpy(buf, "ab", sizeof(buf));
	CHECK(strlcat(buf, "cd", sizeof(buf)) == 4 && !strcmp(buf, "abcd"),
	      "strlcat fits");
	CHECK(strlcat(buf, "efghij", sizeof(buf)) == 10 &&
	      !strcmp(buf, "abcdefg"), "strlcat truncates");
	CHECK(strlcat(buf, "", sizeof(buf)) == 7, "strlcat empty src");
	CHECK(strlcat(buf, "xy", 0) == 2 && !strcmp(buf, "abcdefg"),
	      "strlcat size 0");
	memset(buf, 'z', sizeof(buf));
	CHECK(strlcat(buf, "ab", 4) == 6 && buf[3] == 'z',
	      "strlcat on unterminated dst touches nothing");
}

static void test_strscpy(void)
{
	char buf[8], *nt = malloc(4);

	memset(buf, 'x', sizeof(buf));
	CHECK(strscpy(buf, "abc", sizeof(buf)) == 3 && !strcmp(buf, "abc"),
	      "strscpy fits");
	CHECK(strscpy(buf, "abcdefg", sizeof(buf)) == 7 && !strcmp(buf, "abcdefg"),
	      "strscpy exactly size-1");
	CHECK(strscpy(buf, "abcdefgh", sizeof(buf)) == -E2BIG &&
	      !strcmp(buf, "abcdefg"), "strscpy truncates with -E2BIG");
	CHECK(strscpy(buf, "", sizeof(buf)) == 0 && buf[0] == 0, "strscpy empty");
	buf[0] = 'q';
	CHECK(strscpy(buf, "abc", 0) == -E2BIG && buf[0] == 'q',
	      "strscpy size 0 is -E2BIG, writes nothing");
	CHECK(strscpy(buf, "abc", 1) == -E2BIG && buf[0] == 0, "strscpy size 1");
	/* Unterminated source exactly @size long: must not read past it. */
	memcpy(nt, "abcd", 4);
	CHECK(strscpy(buf, nt, 4) == -E2BIG && !strcmp(buf, "abc"),
	      "strscpy reads no more than size bytes of src");
	free(nt);
}

/* @s with newlines spelled "\\n", so each TAP result stays on one line. */
static const char *show(const char *s)
{
	static char buf[64];
	size_t n = 0;

	for (; *s && n < sizeof(buf) - 3; s++) {
		if (*s == '\n')
			buf[n++] = '\\', buf[n++] = 'n';
		else
			buf[n++] = *s;
	}
	buf[n] = 0;
	return buf;
}

/* One kstrtoull() case: expected error, and value when it succeeds. */
static void ull(const char *s, unsigned int base, int err, u64 want)
{
	u64 v = 0xdeadbeef;
	int r = kstrtoull(s, base, &v);

	CHECK(r == err && v == (err ? 0xdeadbeef : want),
	      "kstrtoull(\"%s\", %u) = %d, %llu", show(s), base, r,
	      (unsigned long long)v);
}

static void ll(const char *s, unsigned int base, int err, s64 want)
{
	s64 v = 0x1234;
	int r = kstrtoll(s, base, &v);

	CHECK(r == err && v == (err ? 0x1234 : want),
	      "kstrtoll(\"%s\", %u) = %d, %lld", show(s), base, r, (long long)v);
}

static void test_kstrtoull(void)
{
	ull("0", 0, 0, 0);
	ull("123", 10, 0, 123);
	ull("123", 0, 0, 123);
	ull("+5", 10, 0, 5);
	ull("123\n", 10, 0, 123);
	ull("123\n\n", 10, -EINVAL, 0);
	ull("", 10, -EINVAL, 0);
	ull("\n", 10, -EINVAL, 0);
	ull("+", 10, -EINVAL, 0);
	ull(" 1", 10, -EINVAL, 0);
	ull("1 ", 10, -EINVAL, 0);
	ull("12a", 10, -EINVAL, 0);
	ull("-1", 10, -EINVAL, 0);
	ull("0x1f", 0, 0, 31);
	ull("0X1F", 0, 0, 31);
	ull("017", 0, 0, 15);
	ull("08", 0, -EINVAL, 0);
	ull("0x", 0, -EINVAL, 0);
	ull("0xg", 0, -EINVAL, 0);
	ull("0x", 16, -EINVAL, 0);
	ull("1f", 16, 0, 31);
	ull("0x1f", 16, 0, 31);
	ull("0x1f", 10, -EINVAL, 0);
	ull("017", 10, 0, 17);
	ull("777", 8, 0, 511);
	ull("1010", 2, 0, 10);
	ull("102", 2, -EINVAL, 0);
	ull("zz", 36, -EINVAL, 0);
	ull("1", 1, -EINVAL, 0);
	ull("18446744073709551615", 10, 0, UINT64_MAX);
	ull("18446744073709551616", 10, -ERANGE, 0);
	ull("99999999999999999999999", 10, -ERANGE, 0);
	ull("99999999999999999999x", 10, -ERANGE, 0);
	ull("0xffffffffffffffff", 0, 0, UINT64_MAX);
	ull("0x10000000000000000", 0, -ERANGE, 0);
	ull("01777777777777777777777", 0, 0, UINT64_MAX);
	ull("02000000000000000000000", 0, -ERANGE, 0);
}

static void test_kstrtoll(void)
{
	unsigned int u = 7;
	int i = 7;

	ll("0", 10, 0, 0);
	ll("-0", 10, 0, 0);
	ll("-42", 10, 0, -42);
	ll("+42", 10, 0, 42);
	ll("-42\n", 10, 0, -42);
	ll("-", 10, -EINVAL, 0);
	ll("--1", 10, -EINVAL, 0);
	ll("-+1", 10, -EINVAL, 0);
	ll("+-1", 10, -EINVAL, 0);
	ll("-0x10", 0, 0, -16);
	ll("-010", 0, 0, -8);
	ll("9223372036854775807", 10, 0, INT64_MAX);
	ll("9223372036854775808", 10, -ERANGE, 0);
	ll("-9223372036854775808", 10, 0, INT64_MIN);
	ll("-9223372036854775809", 10, -ERANGE, 0);
	ll("-18446744073709551616", 10, -ERANGE, 0);
	ll("-0x8000000000000000", 0, 0, INT64_MIN);

	CHECK(kstrtouint("4294967295", 10, &u) == 0 && u == UINT32_MAX,
	      "kstrtouint max");
	CHECK(kstrtouint("4294967296", 10, &u) == -ERANGE && u == UINT32_MAX,
	      "kstrtouint overflow leaves *res");
	CHECK(kstrtoint("-2147483648", 10, &i) == 0 && i == INT32_MIN,
	      "kstrtoint min");
	CHECK(kstrtoint("2147483648", 10, &i) == -ERANGE, "kstrtoint overflow");
	CHECK(kstrtoint("-2147483649", 10, &i) == -ERANGE, "kstrtoint underflow");
	CHECK(kstrtoint("0x7fffffff", 0, &i) == 0 && i == INT32_MAX,
	      "kstrtoint hex");
}

/* Each class against the characters that spell it, for all of 0..255. */
static void test_ctype(void)
{
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	static const char digit[] = "0123456789", xdig[] = "abcdefABCDEF";
	static const char space[] = " \t\n\v\f\r";
	int c, bad = 0;

	for (c = 0; c < 256; c++) {
		bool up = c && memchr(upper, c, 26), lo = c && memchr(lower, c, 26);
		bool dg = c && memchr(digit, c, 10), sp = c && memchr(space, c, 6);
		bool xd = dg || (c && memchr(xdig, c, 12));

		bad += !!isupper(c) != up || !!islower(c) != lo;
		bad += !!isdigit(c) != dg || !!isspace(c) != sp;
		bad += !!isxdigit(c) != xd || !!isalpha(c) != (up || lo);
		bad += !!isalnum(c) != (up || lo || dg);
		bad += !!isprint(c) != (c >= 32 && c < 127);
		bad += toupper(c) != (lo ? c - 32 : c);
		bad += tolower(c) != (up ? c + 32 : c);
	}
	bad += isdigit(-1) || isspace(-1) || isprint(-1) || toupper(-1) != -1;
	CHECK(bad == 0, "ctype classes match their spelled-out sets (%d bad)",
	      bad);
}

int main(void)
{
	CHECK(in_program(memcpy) && in_program(memset) && in_program(strlen) &&
	      in_program(strcmp), "lib/string.c, not libc, is under test");
	test_memcpy_memset();
	test_memmove();
	test_memcmp_memchr();
	test_strlen_strcmp();
	test_strchr_strstr();
	test_strlcpy_strlcat();
	test_strscpy();
	test_kstrtoull();
	test_kstrtoll();
	test_ctype();
	return htest_done();
}
