/*
 * modinfo: show what a module file says about itself.
 *
 *   modinfo [-F FIELD] FILE.ko|NAME...
 *
 *   filename:       /lib/modules/hello.ko
 *   license:        GPL
 *   vermagic:       6.1.0-taskbase SMP mod_unload x86_64 THREAD_PAGES=4
 *   parm:           debug:Debug level (int)
 *
 * The fields are the "key=value" strings of the file's .modinfo section,
 * in the file's order, with parm and parmtype merged into one "parm"
 * line per parameter at the end, as kmod's modinfo prints them. Nothing
 * is loaded: this reads the ELF file itself (a NAME is looked for in
 * /lib/modules).
 *
 * Linux interfaces: none (the ELF64 format and the .modinfo convention).
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ulib.h"

#define MAX_FILE (64 << 20)
#define MAX_PARMS 64

struct parm {
	char name[64];
	const char *desc, *type;
};

/* The whole file, or NULL (errno set). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size <= MAX_FILE &&
	    (buf = malloc(st.st_size + 1)) &&
	    fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	*len = buf ? (size_t)st.st_size : 0;
	fclose(f);
	return buf;
}

/* The .modinfo section of the relocatable in @buf, or NULL. */
static const char *find_modinfo(const char *buf, size_t len, size_t *size)
{
	const Elf64_Ehdr *eh = (const void *)buf;
	const Elf64_Shdr *sh, *names;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(*sh) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (const void *)(buf + eh->e_shoff);
	names = &sh[eh->e_shstrndx];
	if (names->sh_offset > len || names->sh_size > len - names->sh_offset)
		return NULL;
	for (int i = 1; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= names->sh_size ||
		    strncmp(buf + names->sh_offset + sh[i].sh_name, ".modinfo",
			    names->sh_size - sh[i].sh_name) ||
		    sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		*size = sh[i].sh_size;
		return buf + sh[i].sh_offset;
	}
	return NULL;
}

static struct parm *parm_of(struct parm *p, int *n, const char *name, size_t len)
{
	for (int i = 0; i < *n; i++)
		if (strlen(p[i].name) == len && !strncmp(p[i].name, name, len))
			return &p[i];
	if (*n == MAX_PARMS || len >= sizeof(p->name))
		return NULL;
	memset(&p[*n], 0, sizeof(*p));
	memcpy(p[*n].name, name, len);
	return &p[(*n)++];
}

/* "name:text": remember text as @name's description or type. */
static void add_parm(struct parm *p, int *n, const char *value, bool type)
{
	const char *colon = strchr(value, ':');
	struct parm *q = colon ? parm_of(p, n, value, colon - value) : NULL;

	if (q && type)
		q->type = colon + 1;
	else if (q)
		q->desc = colon + 1;
}

static void show_field(const char *field, const char *key, const char *value)
{
	if (field)
		printf("%s\n", value);
	else
		printf("%s:%*s%s\n", key, (int)(15 - strlen(key)), "", value);
}

static void show(const char *path, const char *info, size_t size, const char *field)
{
	struct parm parms[MAX_PARMS];
	int nparms = 0;

	if (!field || !strcmp(field, "filename"))
		show_field(field, "filename", path);
	for (const char *p = info; p < info + size; p += strlen(p) + 1) {
		const char *eq = memchr(p, '=', strnlen(p, info + size - p));
		char key[64];

		if (!*p || !eq || eq - p >= (long)sizeof(key))
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
		if (!strcmp(key, "parm") || !strcmp(key, "parmtype"))
			add_parm(parms, &nparms, eq + 1, key[4] == 't');
		else if (!field || !strcmp(field, key))
			show_field(field, key, eq + 1);
	}
	for (int i = 0; field && strcmp(field, "parm") ? 0 : i < nparms; i++) {
		if (!field)
			printf("parm:%11s", "");
		printf("%s:%s", parms[i].name, parms[i].desc ? parms[i].desc : "");
		if (parms[i].type)
			printf(" (%s)", parms[i].type);
		putchar('\n');
	}
}

static int modinfo(const char *arg, const char *field)
{
	char path[512];
	size_t len, size = 0;
	char *buf;
	const char *info;

	snprintf(path, sizeof(path), "%s", arg);
	buf = slurp(path, &len);
	if (!buf && !strchr(arg, '/')) {
		snprintf(path, sizeof(path), "/lib/modules/%s%s", arg,
			 strstr(arg, ".ko") ? "" : ".ko");
		buf = slurp(path, &len);
	}
	if (!buf) {
		ulib_err("modinfo", "ERROR: Module %s not found.", arg);
		return 1;
	}
	info = find_modinfo(buf, len, &size);
	if (!info) {
		ulib_err("modinfo", "ERROR: could not get modinfo from '%s': %s", arg,
			 "Invalid module format");
		free(buf);
		return 1;
	}
	show(path, info, size, field);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *field = NULL;
	int i = 1, status = 0;

	if (argc > 2 && !strcmp(argv[1], "-F")) {
		field = argv[2];
		i = 3;
	}
	if (i >= argc || argv[i][0] == '-') {
		ulib_err("modinfo", "usage: modinfo [-F field] FILE.ko|NAME...");
		return 1;
	}
	for (; i < argc; i++)
		status |= modinfo(argv[i], field);
	return status;
}
