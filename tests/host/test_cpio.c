/*
 * Host tests for lib/cpio.c: an archive written by scripts/mkinitramfs.py,
 * archives built here with a small newc writer, every kind of corruption
 * (truncation, bad digits, bad names, missing trailer), path checks, and
 * a fuzz loop. Each archive is handed to the parser as an exact-size heap
 * copy, so valgrind (or ASan) sees any read past its end.
 *
 * Optional argument: a real archive to walk as well (build/initramfs.cpio).
 */
#include "tests/host/htest.h"
#include "lib/cpio.h"
#include "lib/errno.h"
#include <string.h>

#define M_DIR 0040000
#define M_REG 0100000
#define M_LNK 0120000

/* mkinitramfs.py's output for etc/motd plus --add bin/hello=... */
static const char script_archive[] =
	"07070100000001000041ed00000000000000000000000200000000000000000000"
	"00000000000000000000000000000000000400000000bin\000\000\0000707010"
	"0000002000081ed000000000000000000000001000000000000000400000000000"
	"0000000000000000000000000000a00000000bin/hello\000#!x\012070701000"
	"00003000041ed00000000000000000000000200000000000000000000000000000"
	"00000000000000000000000000400000000etc\000\000\0000707010000000400"
	"0081a4000000000000000000000001000000000000001400000000000000000000"
	"0000000000000000000900000000etc/motd\000\000Welcome to Taskbase"
	"\01207070100000000000000000000000000000000000000010000000000000000"
	"000000000000000000000000000000000000000b00000000TRAILER!!!\000\000"
	"\000\000";

/* A newc writer. Field order: ino mode uid gid nlink mtime filesize
 * devmajor devminor rdevmajor rdevminor namesize check. */
struct ar {
	unsigned char buf[8192];
	size_t len;
};

static void ar_pad(struct ar *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

/* An entry with every field given; @name's bytes are copied as they are. */
static size_t ar_raw(struct ar *a, const char *magic, const char *name,
		     size_t name_bytes, u32 namesize, u32 mode,
		     const void *data, u32 size)
{
	size_t hdr = a->len;
	char h[CPIO_HDR_LEN + 1];

	snprintf(h, sizeof(h), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 magic, (u32)hdr + 1, mode, 1000, 100, (mode & 0170000) == M_DIR ? 2 : 1,
		 0x5f000000, size, 8, 1, 0, 0, namesize, 0);
	memcpy(a->buf + a->len, h, CPIO_HDR_LEN);
	a->len += CPIO_HDR_LEN;
	memcpy(a->buf + a->len, name, name_bytes);
	a->len += name_bytes;
	ar_pad(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	ar_pad(a);
	return hdr;
}

static size_t ar_add(struct ar *a, const char *name, u32 mode, const char *data)
{
	size_t n = strlen(name) + 1;

	return ar_raw(a, "070701", name, n, n, mode, data, strlen(data));
}

static void ar_trailer(struct ar *a)
{
	ar_add(a, "TRAILER!!!", 0, "");
}

/* An exact-size heap copy: one byte more read is a valgrind error. */
static unsigned char *heap_copy(const void *p, size_t n)
{
	unsigned char *q = malloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

/* Entry name and data lie inside the archive, name NUL-terminated. */
static bool entry_inside(const struct cpio_entry *e, const unsigned char *b,
			 size_t len)
{
	const unsigned char *n = (const unsigned char *)e->name;
	const unsigned char *d = e->data;

	return n >= b && e->namelen < len && n - b <= (long)(len - e->namelen - 1) &&
	       n[e->namelen] == 0 && strlen(e->name) == e->namelen &&
	       d >= b && d <= b + len && e->size <= (size_t)(b + len - d);
}

/*
 * Walk an exact-size copy of @p; return the final cpio_next() result and
 * count entries in *@n. *@inside: every entry lay inside the archive and
 * there is a message exactly when there is an error.
 */
static int walk(const void *p, size_t len, int *n, bool *inside, char *msg)
{
	unsigned char *b = heap_copy(p, len);
	struct cpio_iter it;
	struct cpio_entry e;
	int ret;

	*n = 0;
	*inside = true;
	cpio_iter_init(&it, b, len);
	while ((ret = cpio_next(&it, &e)) > 0) {
		++*n;
		*inside &= entry_inside(&e, b, len);
	}
	*inside &= (ret < 0) == (it.errmsg[0] != 0);
	if (msg)
		strcpy(msg, it.errmsg);
	free(b);
	return ret;
}

static void test_script_archive(void)
{
	size_t len = sizeof(script_archive) - 1;
	unsigned char *b = heap_copy(script_archive, len);
	struct cpio_iter it;
	struct cpio_entry e[5];
	int r[5];

	cpio_iter_init(&it, b, len);
	for (int i = 0; i < 5; i++)
		r[i] = cpio_next(&it, &e[i]);
	CHECK(r[0] == 1 && r[1] == 1 && r[2] == 1 && r[3] == 1 && r[4] == 0,
	      "mkinitramfs archive: 4 entries then the trailer (%d %d %d %d %d)",
	      r[0], r[1], r[2], r[3], r[4]);
	CHECK(!strcmp(e[0].name, "bin") && e[0].mode == (M_DIR | 0755) &&
	      e[0].nlink == 2 && e[0].size == 0, "mkinitramfs: bin/ directory");
	CHECK(!strcmp(e[1].name, "bin/hello") && e[1].namelen == 9 &&
	      e[1].mode == (M_REG | 0755) && e[1].size == 4 &&
	      !memcmp(e[1].data, "#!x\n", 4) && e[1].ino == 2,
	      "mkinitramfs: bin/hello, executable, 4 bytes");
	CHECK(!strcmp(e[3].name, "etc/motd") && e[3].mode == (M_REG | 0644) &&
	      e[3].size == 20 && !memcmp(e[3].data, "Welcome to Taskbase\n", 20),
	      "mkinitramfs: etc/motd contents");
	CHECK(e[3].offset == 0x164 && e[3].uid == 0 && e[3].mtime == 0,
	      "mkinitramfs: offset, owner and mtime");
	CHECK(cpio_next(&it, &e[0]) == 0 && it.error == 0 && it.errmsg[0] == 0,
	      "after the trailer: 0 again, no error");
	free(b);
}

/* An archive with directories, files, a symlink, odd names. */
static void build_sample(struct ar *a)
{
	a->len = 0;
	ar_add(a, ".", M_DIR | 0755, "");
	ar_add(a, "bin", M_DIR | 0755, "");
	ar_add(a, "bin/sh", M_REG | 0755, "\177ELF shell");
	ar_add(a, "./etc", M_DIR | 0755, "");
	ar_add(a, "./etc/motd", M_REG | 0644, "hello\n");
	ar_add(a, "/usr", M_DIR | 0755, "");
	ar_add(a, "//usr/empty", M_REG | 0644, "");
	ar_add(a, "usr/link", M_LNK | 0777, "../bin/sh");
	ar_add(a, "usr/...", M_REG | 0600, "dots");
	ar_add(a, "usr/big", M_REG | 0644,
	       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abc");
	ar_trailer(a);
}

static void test_sample(void)
{
	static struct ar a;
	static const char *names[] = { "", "bin", "bin/sh", "etc", "etc/motd",
				       "usr", "usr/empty", "usr/link", "usr/...",
				       "usr/big" };
	struct cpio_iter it;
	struct cpio_entry e;
	unsigned char *b;
	int i = 0, bad = 0, ret;

	build_sample(&a);
	b = heap_copy(a.buf, a.len);
	cpio_iter_init(&it, b, a.len);
	while ((ret = cpio_next(&it, &e)) > 0) {
		if (i >= 10 || strcmp(e.name, names[i]) ||
		    e.namelen != strlen(names[i]) || !entry_inside(&e, b, a.len))
			bad++;
		if (i == 7 && (e.size != 9 || memcmp(e.data, "../bin/sh", 9) ||
			       e.mode != (M_LNK | 0777)))
			bad++;
		if (i == 9 && (e.size != 61 || ((const char *)e.data)[60] != 'c'))
			bad++;
		i++;
	}
	CHECK(ret == 0 && i == 10 && bad == 0,
	      "sample: 10 entries, names normalised, data right (%d bad)", bad);
	CHECK(e.uid == 1000 && e.gid == 100 && e.devmajor == 8 && e.devminor == 1 &&
	      e.mtime == 0x5f000000, "sample: uid, gid, dev, mtime fields");
	free(b);
}

static void test_lookup(void)
{
	static struct ar a;
	struct cpio_entry e;

	build_sample(&a);
	CHECK(cpio_find(a.buf, a.len, "/etc/motd", &e) == 1 && e.size == 6 &&
	      !memcmp(e.data, "hello\n", 6), "find: /etc/motd");
	CHECK(cpio_find(a.buf, a.len, "./bin/sh", &e) == 1 && !strcmp(e.name, "bin/sh"),
	      "find: ./bin/sh");
	CHECK(cpio_find(a.buf, a.len, "bin/ls", &e) == 0, "find: missing file is 0");
	CHECK(cpio_find(a.buf, a.len, "bin/s", &e) == 0, "find: prefix does not match");
	CHECK(cpio_find(a.buf, a.len - 4, "bin/ls", &e) == -EINVAL,
	      "find: truncated archive is an error");
}

/* Header of the first entry of a one-file archive, then a field changed. */
static int corrupt_field(int field, const char *digits, char *msg)
{
	static struct ar a;
	int n;
	bool inside;

	a.len = 0;
	ar_add(&a, "file", M_REG | 0644, "data");
	ar_trailer(&a);
	memcpy(a.buf + 6 + 8 * field, digits, 8);
	return walk(a.buf, a.len, &n, &inside, msg);
}

static void test_bad_header(void)
{
	static struct ar a;
	char msg[128];
	int n, bad = 0;
	bool inside;

	CHECK(walk("", 0, &n, &inside, msg) == -EINVAL && strstr(msg, "truncated archive"),
	      "empty buffer: truncated archive (%s)", msg);
	a.len = 0;
	ar_add(&a, "file", M_REG | 0644, "data");
	ar_trailer(&a);
	CHECK(walk(a.buf, 50, &n, &inside, msg) == -EINVAL && strstr(msg, "truncated"),
	      "header cut at 50 bytes: %s", msg);
	a.buf[3] = 'X';
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "magic") &&
	      strstr(msg, "offset 0"), "bad magic: %s", msg);
	memcpy(a.buf, "070707", 6);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "newc"),
	      "odc archive named: %s", msg);
	memcpy(a.buf, "070702", 6);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == 0 && n == 1,
	      "070702 (crc) accepted, checksum ignored");
	for (int f = 0; f < 13; f++) {
		const char *bads[] = { "0000000g", " 0000001", "-0000001", "0x000001",
				       "0000000\n", "00\000" "00000" };
		for (int k = 0; k < 6; k++)
			if (corrupt_field(f, bads[k], msg) != -EINVAL ||
			    !strstr(msg, "not hex"))
				bad++;
	}
	CHECK(bad == 0, "non-hex digit in each of the 13 fields is refused (%d bad)", bad);
	CHECK(corrupt_field(12, "DEADbeef", msg) == 0,
	      "upper- and lower-case hex both accepted");
}

static void test_bad_names(void)
{
	static struct ar a;
	char msg[128];
	int n;
	bool inside;

	a.len = 0;
	ar_raw(&a, "070701", "x", 1, 0, M_REG, "", 0);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "namesize is 0"),
	      "namesize 0: %s", msg);
	a.len = 0;
	ar_raw(&a, "070701", "", 1, 1, M_REG, "", 0);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "empty name"),
	      "empty name: %s", msg);
	a.len = 0;
	ar_raw(&a, "070701", "abc", 4, 3, M_REG, "", 0);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "NUL"),
	      "name without its NUL: %s", msg);
	a.len = 0;
	ar_raw(&a, "070701", "ab\0cd", 6, 6, M_REG, "", 0);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "NUL"),
	      "NUL inside the name: %s", msg);
	a.len = 0;
	ar_raw(&a, "070701", "name", 5, 200, M_REG, "", 0);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "truncated"),
	      "namesize past the end: %s", msg);
	a.len = 0;
	ar_raw(&a, "070701", "name", 5, 5000, M_REG, "", 0);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -ENAMETOOLONG,
	      "namesize over PATH_MAX: -ENAMETOOLONG (%s)", msg);
}

static int one_name(const char *name, char *msg)
{
	static struct ar a;
	int n;
	bool inside;

	a.len = 0;
	ar_add(&a, name, M_REG | 0644, "x");
	ar_trailer(&a);
	return walk(a.buf, a.len, &n, &inside, msg);
}

static void test_dotdot_names(void)
{
	const char *evil[] = { "..", "../etc/passwd", "a/../../b", "a/..", "/..",
			       "./../x", "a//../b" };
	const char *fine[] = { "...", "..a", "a..", "a/..b/c", "a/.../b", ".hidden" };
	char msg[128];
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(evil); i++)
		if (one_name(evil[i], msg) != -EINVAL || !strstr(msg, "unsafe"))
			bad++, printf("# accepted %s\n", evil[i]);
	CHECK(bad == 0, "names with a '..' component refused (%d bad)", bad);
	bad = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fine); i++)
		if (one_name(fine[i], msg) != 0)
			bad++, printf("# refused %s: %s\n", fine[i], msg);
	CHECK(bad == 0, "dotted names that are not '..' accepted (%d bad)", bad);
}

static void test_bad_data(void)
{
	static struct ar a;
	char msg[128];
	int n;
	bool inside;
	size_t end;

	/* filesize larger than what is left. */
	a.len = 0;
	ar_raw(&a, "070701", "f", 2, 2, M_REG, "abcd", 4);
	memcpy(a.buf + 6 + 8 * 6, "00001000", 8);
	ar_trailer(&a);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && strstr(msg, "truncated") &&
	      n == 0, "filesize past the end: %s", msg);
	memcpy(a.buf + 6 + 8 * 6, "FFFFFFFF", 8);
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL,
	      "filesize 0xffffffff: refused");

	/* No trailer at all. */
	a.len = 0;
	ar_add(&a, "a", M_REG | 0644, "1234");
	ar_add(&a, "b", M_REG | 0644, "5678");
	CHECK(walk(a.buf, a.len, &n, &inside, msg) == -EINVAL && n == 2 &&
	      strstr(msg, "truncated archive"), "missing trailer: %s", msg);

	/* Data padding cut off: entry complete, archive not. */
	a.len = 0;
	ar_add(&a, "a", M_REG | 0644, "1");
	CHECK(walk(a.buf, a.len - 3, &n, &inside, msg) == -EINVAL && n == 1,
	      "padding past the end: entry returned, then truncated archive");

	/* The trailer's own padding may be missing; what follows is ignored. */
	a.len = 0;
	ar_add(&a, "a", M_REG | 0644, "1");
	end = a.len + CPIO_HDR_LEN + 11;
	ar_trailer(&a);
	CHECK(walk(a.buf, end, &n, &inside, msg) == 0 && n == 1,
	      "trailer without padding at the very end: accepted");
	memcpy(a.buf + a.len, "garbage", 7);
	CHECK(walk(a.buf, a.len + 7, &n, &inside, msg) == 0 && n == 1,
	      "bytes after the trailer are ignored");
}

static void test_iter_edges(void)
{
	static struct ar a;
	struct cpio_iter it;
	struct cpio_entry e;
	int r1, r2;

	a.len = 0;
	ar_add(&a, "a", M_REG | 0644, "1");
	a.buf[0] = 'x';
	cpio_iter_init(&it, a.buf, a.len);
	r1 = cpio_next(&it, &e);
	r2 = cpio_next(&it, &e);
	CHECK(r1 == -EINVAL && r2 == -EINVAL && it.error == -EINVAL,
	      "errors are sticky");
	cpio_iter_init(&it, NULL, 100);
	CHECK(cpio_next(&it, &e) == -EINVAL, "NULL archive: truncated, no read");
}

static void test_paths(void)
{
	size_t len;
	const char *p;

	len = 8;
	p = cpio_normalize_path("./bin/sh", &len);
	CHECK(!strcmp(p, "bin/sh") && len == 6, "normalize: ./bin/sh");
	len = 7;
	p = cpio_normalize_path("/bin/sh", &len);
	CHECK(!strcmp(p, "bin/sh") && len == 6, "normalize: /bin/sh");
	len = 11;
	p = cpio_normalize_path(".//./bin/sh", &len);
	CHECK(len == 6 && !memcmp(p, "bin/sh", 6), "normalize: .//./ prefix");
	len = 1;
	p = cpio_normalize_path(".", &len);
	CHECK(len == 0 && *p == 0, "normalize: . is the root");
	len = 4;
	p = cpio_normalize_path(".etc", &len);
	CHECK(len == 4 && p[0] == '.', "normalize: a dot file is kept");
	len = 3;
	p = cpio_normalize_path("../", &len);
	CHECK(len == 3, "normalize: ../ is left for validate to refuse");
	CHECK(cpio_validate_path("bin/sh", 6) == 0 && cpio_validate_path("", 0) == 0,
	      "validate: plain paths");
	CHECK(cpio_validate_path("a/..", 4) == -EINVAL &&
	      cpio_validate_path("../a", 4) == -EINVAL &&
	      cpio_validate_path("..", 2) == -EINVAL, "validate: .. components");
	CHECK(cpio_validate_path("a/..b", 5) == 0 && cpio_validate_path("a/..", 3) == 0,
	      "validate: looks only at @len bytes and whole components");
	CHECK(cpio_validate_path("a\0b", 3) == -EINVAL, "validate: NUL inside");
	CHECK(cpio_validate_path("x", CPIO_PATH_MAX) == -ENAMETOOLONG,
	      "validate: too long");
}

/* Cut the archive at every length: only cuts in the trailer's padding pass. */
static void test_truncate_everywhere(const void *p, size_t len, int entries,
				     const char *what)
{
	size_t ok_from = len - 3;
	int bad = 0, n;
	bool inside, all_inside = true;

	for (size_t l = 0; l <= len; l++) {
		int ret = walk(p, l, &n, &inside, NULL);

		all_inside &= inside;
		if (l >= ok_from ? ret != 0 || n != entries : ret != -EINVAL)
			bad++;
	}
	CHECK(bad == 0 && all_inside, "%s: truncated at each of %zu lengths (%d bad)",
	      what, len + 1, bad);
}

static u32 rng_state = 0x2545f491;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Random mutations, biased to plausible bytes so deep paths get hit. */
static void test_fuzz(const void *p, size_t len, int iterations)
{
	static const char pick[] = "0123456789abcdefF/.\0 ";
	static unsigned char m[8192];
	int results[3] = { 0, 0, 0 }, n, bad = 0;
	bool inside;

	for (int i = 0; i < iterations; i++) {
		size_t l = len - (rng() % 4 == 0 ? rng() % len : 0);
		int flips = 1 + rng() % 6;

		memcpy(m, p, len);
		while (flips--)
			m[rng() % len] = rng() % 2 ? (u8)rng() : (u8)pick[rng() % (sizeof(pick) - 1)];
		int ret = walk(m, l, &n, &inside, NULL);

		bad += !inside || ret > 0 || (ret < 0 && ret != -EINVAL && ret != -ENAMETOOLONG);
		results[ret == 0 ? 0 : ret == -EINVAL ? 1 : 2]++;
	}
	CHECK(bad == 0, "fuzz: %d mutated archives, no entry outside, only errnos "
	      "(%d ok, %d EINVAL, %d ENAMETOOLONG)", iterations, results[0], results[1],
	      results[2]);
}

static void test_fuzz_all(void)
{
	static struct ar a;

	build_sample(&a);
	test_truncate_everywhere(a.buf, a.len, 10, "sample");
	test_truncate_everywhere(script_archive, sizeof(script_archive) - 1, 4,
				 "mkinitramfs archive");
	test_fuzz(a.buf, a.len, 20000);
	test_fuzz(script_archive, sizeof(script_archive) - 1, 10000);
}

/* A real archive from the command line, e.g. build/initramfs.cpio. */
static void test_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	static unsigned char buf[64 << 20];
	size_t len;
	int n, ret;
	bool inside;
	char msg[128];

	if (!f) {
		CHECK(0, "cannot open %s", path);
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ret = walk(buf, len, &n, &inside, msg);
	CHECK(ret == 0 && inside && n > 0, "%s: %d entries, result %d %s", path, n,
	      ret, msg);
}

int main(int argc, char **argv)
{
	test_script_archive();
	test_sample();
	test_lookup();
	test_bad_header();
	test_bad_names();
	test_dotdot_names();
	test_bad_data();
	test_iter_edges();
	test_paths();
	test_fuzz_all();
	if (argc > 1)
		test_file(argv[1]);
	return htest_done();
}
