/*
 * A reader for "newc" cpio archives, the format of Linux's initramfs and
 * of ours (scripts/mkinitramfs.py). An iterator walks the archive in
 * place, entry by entry, handing out pointers into it: nothing is copied
 * and nothing outside [archive, archive + len) is ever read. A malformed
 * archive ends the walk with a negative errno and a message that says
 * what is wrong and at which offset. Pure logic, host-tested.
 *
 * Each entry is a 110-byte ASCII header ("070701" and 13 fields of 8 hex
 * digits), the NUL-terminated name, padding to 4 bytes, the data, padding
 * to 4 bytes. The entry named "TRAILER!!!" ends the archive.
 */
#ifndef LIB_CPIO_H
#define LIB_CPIO_H

#include "lib/types.h"

#define CPIO_HDR_LEN 110
#define CPIO_PATH_MAX 4096	/* longest name, NUL included (PATH_MAX) */

struct cpio_entry {
	const char *name;	/* normalised, NUL-terminated; "" is the root */
	size_t namelen;		/* strlen(name) */
	u32 ino, mode, uid, gid, nlink;	/* mode is Linux's st_mode */
	u64 mtime;
	u32 devmajor, devminor;		/* of the file system it came from */
	u32 rdevmajor, rdevminor;	/* of a device node */
	const void *data;	/* contents, or a symlink's target (no NUL) */
	size_t size;
	size_t offset;		/* of the header, from the archive's start */
};

struct cpio_iter {
	const u8 *base;
	size_t len;
	size_t off;		/* of the next header */
	int error;		/* sticky: every later call returns it */
	bool done;		/* TRAILER!!! reached */
	char errmsg[96];	/* "" unless error */
};

/* Start a walk over the @len bytes at @archive. */
void cpio_iter_init(struct cpio_iter *it, const void *archive, size_t len);

/*
 * Fill @e with the next entry and return 1; return 0 at TRAILER!!! (and on
 * every later call), or a negative errno when the archive is malformed or
 * ends without a trailer (it->errmsg says why). Names with a ".." part are
 * refused; a leading "/" or "./" is stripped.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

/*
 * Find the entry whose normalised name equals the normalised @path: 1 and
 * *@e when found, 0 when not, or a negative errno for a malformed archive.
 */
int cpio_find(const void *archive, size_t len, const char *path,
	      struct cpio_entry *e);

/*
 * 0 when the @len bytes at @name are a safe relative path for unpacking:
 * no ".." component and no NUL inside. -EINVAL otherwise, -ENAMETOOLONG
 * when @len >= CPIO_PATH_MAX.
 */
int cpio_validate_path(const char *name, size_t len);

/*
 * Strip every leading "/" and "./" (and a lone "."): "./bin/sh" and
 * "/bin/sh" give "bin/sh", "." gives "". Returns the suffix of @name and
 * updates *@len to its length; a NUL-terminated @name stays so.
 */
const char *cpio_normalize_path(const char *name, size_t *len);

#endif
