/*
 * The C library's memory and string functions, Linux's bounded string
 * copies, and kstrtoull() and friends, written for a freestanding kernel and
 * linked unchanged into the host unit tests. Plain loops, easy to step
 * through in gdb; the bulk copies move eight bytes at a time.
 */
#include "lib/string.h"
#include "lib/ctype.h"
#include "lib/errno.h"

/*
 * gcc may turn a copy or fill loop into a call to memcpy() or memset(),
 * which inside memcpy() itself would recurse forever. -fno-builtin already
 * prevents it; this keeps it so if a build ever drops that flag.
 */
#define __no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))

/*
 * The bulk loops are not instrumented in the debug kernel: its KASAN
 * checks a whole memset() or memcpy() range once, before the loop
 * (kernel/mm/kasan/kasan.c memset()), not each word. Elsewhere no effect.
 */
#define __no_kasan __attribute__((no_sanitize_address))

/* A word that may alias any object, so bulk copies obey strict aliasing. */
typedef u64 __attribute__((may_alias)) word_t;
/* The same at any address: x86 loads a word from any byte address (a
 * little slower across a cache line), so a copy need not go byte by byte
 * when source and destination are differently aligned (a cpio file's
 * bytes, 4-byte aligned, into a page). */
typedef u64 __attribute__((may_alias, aligned(1))) uword_t;

#define WORD_SIZE sizeof(word_t)

static inline bool word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

/* Copy upward from the lowest byte: right for memcpy and for dst < src. */
static __no_libcall __no_kasan void copy_forward(u8 *d, const u8 *s, size_t n)
{
	for (; n && !word_aligned(d); n--)
		*d++ = *s++;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {	/* d aligned, s maybe not */
		*(word_t *)d = *(const uword_t *)s;
		d += WORD_SIZE;
		s += WORD_SIZE;
	}
	while (n--)
		*d++ = *s++;
}

/* Copy downward from the highest byte: right when dst overlaps above src. */
static __no_libcall __no_kasan void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	for (; n && !word_aligned(d); n--)
		*--d = *--s;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		d -= WORD_SIZE;
		s -= WORD_SIZE;
		*(word_t *)d = *(const uword_t *)s;
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);	/* below src, or no overlap */
	else
		copy_backward(dst, src, n);
	return dst;
}

__no_libcall __no_kasan void *memset(void *s, int c, size_t n)
{
	u8 *p = s;
	word_t pattern = (u8)c * 0x0101010101010101ULL;

	for (; n && !word_aligned(p); n--)
		*p++ = (u8)c;
	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
		*(word_t *)p = pattern;
	while (n--)
		*p++ = (u8)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++) {
		if (*p == (u8)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const u8 *x = (const u8 *)a, *y = (const u8 *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	}
	return n ? NULL : (char *)hay;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	size_t n;

	if (size) {
		n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	/* No terminator within @size: nothing can be appended safely. */
	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

long strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size; i++) {
		dst[i] = src[i];
		if (!src[i])
			return i;
	}
	dst[size - 1] = '\0';
	return -E2BIG;
}

/* The value of digit @c; 16, which no base accepts, for a non-digit. */
static unsigned int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

/* Pick the base for base 0 from the prefix, and skip a hex "0x", as Linux. */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	bool hex = s[0] == '0' && tolower(s[1]) == 'x';

	if (*base == 0) {
		if (hex && isxdigit(s[2]))
			*base = 16;
		else
			*base = s[0] == '0' ? 8 : 10;
	}
	if (*base == 16 && hex)
		s += 2;
	return s;
}

/* kstrtoull() without the leading '+': digits, one optional '\n', the end. */
static int parse_ull(const char *s, unsigned int base, u64 *res)
{
	const char *start;
	unsigned int d;
	bool overflow = false;
	u64 v = 0;

	if (base == 1 || base > 16)
		return -EINVAL;
	s = fixup_radix(s, &base);
	for (start = s; (d = digit_value(*s)) < base; s++) {
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, u64 *res)
{
	if (s[0] == '+')
		s++;
	return parse_ull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, s64 *res)
{
	u64 v;
	int err;

	if (s[0] == '-') {
		err = parse_ull(s + 1, base, &v);
		if (err)
			return err;
		if (v > (u64)INT64_MAX + 1)
			return -ERANGE;
		*res = (s64)(0 - v);
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > INT64_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	u64 v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	s64 v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT32_MIN || v > INT32_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}
