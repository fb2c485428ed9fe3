/*
 * The newc cpio reader: cpio_next() checks each header field by field
 * before it trusts it, so a truncated or garbled archive stops the walk
 * with a message instead of a read past its end. Offsets are kept
 * relative to the archive's start, where newc's 4-byte padding is
 * counted from, so the archive itself may sit at any address.
 */
#include "lib/cpio.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define CPIO_TRAILER "TRAILER!!!"

/* The 13 header fields after the magic, in archive order. */
enum cpio_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	NR_FIELDS
};

static const char *const field_names[NR_FIELDS] = {
	"c_ino", "c_mode", "c_uid", "c_gid", "c_nlink", "c_mtime",
	"c_filesize", "c_devmajor", "c_devminor", "c_rdevmajor",
	"c_rdevminor", "c_namesize", "c_check",
};

static __printf(3, 4) int fail(struct cpio_iter *it, int err,
			       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(it->errmsg, sizeof(it->errmsg), fmt, ap);
	va_end(ap);
	it->error = err;
	return err;
}

static int hex_value(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Eight hex digits, no sign, no spaces: false on anything else. */
static bool parse_hex8(const u8 *p, u32 *val)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_value(p[i]);

		if (d < 0)
			return false;
		v = v << 4 | (u32)d;
	}
	*val = v;
	return true;
}

/* Magic and fields of the header at it->off, known to be in bounds. */
static int parse_header(struct cpio_iter *it, u32 *f)
{
	const u8 *h = it->base + it->off;

	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)) {
		if (!memcmp(h, "070707", 6))
			return fail(it, -EINVAL, "cpio: odc format at offset %zu, "
				    "need newc (cpio -H newc)", it->off);
		return fail(it, -EINVAL, "cpio: bad magic at offset %zu", it->off);
	}
	for (int i = 0; i < NR_FIELDS; i++)
		if (!parse_hex8(h + 6 + 8 * i, &f[i]))
			return fail(it, -EINVAL, "cpio: %s is not hex at offset %zu",
				    field_names[i], it->off);
	return 0;
}

/* Check the raw name at @name_off: @namesize bytes, the last one NUL. */
static int check_name(struct cpio_iter *it, size_t name_off, u32 namesize)
{
	const char *name = (const char *)it->base + name_off;

	if (namesize == 0)
		return fail(it, -EINVAL, "cpio: c_namesize is 0 at offset %zu",
			    it->off);
	if (namesize > CPIO_PATH_MAX)
		return fail(it, -ENAMETOOLONG, "cpio: name of %u bytes at "
			    "offset %zu", namesize, it->off);
	if (namesize > it->len - name_off)
		return fail(it, -EINVAL, "cpio: truncated archive: name at "
			    "offset %zu runs past the end", it->off);
	if (name[namesize - 1] != '\0' || memchr(name, 0, namesize - 1))
		return fail(it, -EINVAL, "cpio: name at offset %zu is not one "
			    "NUL-terminated string", it->off);
	if (namesize == 1)
		return fail(it, -EINVAL, "cpio: empty name at offset %zu", it->off);
	return 0;
}

/* Normalise and vet the name, then fill @e from the header fields. */
static int fill_entry(struct cpio_iter *it, struct cpio_entry *e,
		      const u32 *f, size_t name_off, size_t data_off)
{
	size_t len = f[F_NAMESIZE] - 1;
	const char *name = (const char *)it->base + name_off;

	name = cpio_normalize_path(name, &len);
	if (cpio_validate_path(name, len))
		return fail(it, -EINVAL, "cpio: unsafe name \"%.40s\" at "
			    "offset %zu", name, it->off);
	*e = (struct cpio_entry){
		.name = name, .namelen = len,
		.ino = f[F_INO], .mode = f[F_MODE], .uid = f[F_UID],
		.gid = f[F_GID], .nlink = f[F_NLINK], .mtime = f[F_MTIME],
		.devmajor = f[F_DEVMAJOR], .devminor = f[F_DEVMINOR],
		.rdevmajor = f[F_RDEVMAJOR], .rdevminor = f[F_RDEVMINOR],
		.data = it->base + data_off, .size = f[F_FILESIZE],
		.offset = it->off,
	};
	return 0;
}

void cpio_iter_init(struct cpio_iter *it, const void *archive, size_t len)
{
	*it = (struct cpio_iter){ .base = archive, .len = archive ? len : 0 };
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	u32 f[NR_FIELDS];
	size_t name_off, data_off;
	int err;

	if (it->error || it->done)
		return it->error;
	if (it->off > it->len || it->len - it->off < CPIO_HDR_LEN)
		return fail(it, -EINVAL, "cpio: truncated archive: no header or "
			    "TRAILER!!! at offset %zu", it->off);
	if ((err = parse_header(it, f)))
		return err;
	name_off = it->off + CPIO_HDR_LEN;
	if ((err = check_name(it, name_off, f[F_NAMESIZE])))
		return err;
	if (!strcmp((const char *)it->base + name_off, CPIO_TRAILER)) {
		it->done = true;
		return 0;
	}
	data_off = ALIGN_UP(name_off + f[F_NAMESIZE], 4);
	if (data_off > it->len || f[F_FILESIZE] > it->len - data_off)
		return fail(it, -EINVAL, "cpio: truncated archive: data at "
			    "offset %zu runs past the end", it->off);
	if ((err = fill_entry(it, e, f, name_off, data_off)))
		return err;
	/* May pass len; the next call reports that as truncation. */
	it->off = ALIGN_UP(data_off + f[F_FILESIZE], 4);
	return 1;
}

int cpio_find(const void *archive, size_t len, const char *path,
	      struct cpio_entry *e)
{
	struct cpio_iter it;
	size_t plen = strlen(path);
	int ret;

	path = cpio_normalize_path(path, &plen);
	cpio_iter_init(&it, archive, len);
	while ((ret = cpio_next(&it, e)) > 0)
		if (e->namelen == plen && !memcmp(e->name, path, plen))
			return 1;
	return ret;
}

int cpio_validate_path(const char *name, size_t len)
{
	size_t start = 0;

	if (len >= CPIO_PATH_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, 0, len))
		return -EINVAL;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '/')
			continue;
		if (i - start == 2 && name[start] == '.' && name[start + 1] == '.')
			return -EINVAL;
		start = i + 1;
	}
	return 0;
}

const char *cpio_normalize_path(const char *name, size_t *len)
{
	for (;;) {
		if (*len >= 1 && name[0] == '/') {
			name++, --*len;
		} else if (*len >= 2 && name[0] == '.' && name[1] == '/') {
			name += 2, *len -= 2;
		} else if (*len == 1 && name[0] == '.') {
			name++, --*len;
		} else {
			return name;
		}
	}
}
