/*
 * user/ltrace/elfsym.c: the functions of a static program, from the
 * symbol table (.symtab) of its ELF file.
 *
 * A static binary has no PLT and no dynamic symbols: libc is linked into
 * it, and the only list of its functions is the ordinary symbol table
 * that the linker writes (and `strip` removes). ltrace keeps the defined
 * global and weak STT_FUNC symbols: those are what other object files can
 * call, libc's API among them. STT_GNU_IFUNC symbols (glibc's strlen and
 * friends) are left out: their address is a resolver that runs once at
 * start-up, not the function that is called.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ltrace.h"

static int is_traceable(const Elf64_Sym *s)
{
	int bind = ELF64_ST_BIND(s->st_info);

	return ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
	       s->st_value != 0 && (bind == STB_GLOBAL || bind == STB_WEAK);
}

/* The section header of the symbol table in image @img, or NULL. */
static const Elf64_Shdr *find_symtab(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh = (const void *)(img + eh->e_shoff);

	if (eh->e_shoff == 0 || eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) > len)
		return NULL;
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		if (sh[i].sh_offset + sh[i].sh_size > len ||
		    sh[sh[i].sh_link].sh_offset + sh[sh[i].sh_link].sh_size > len)
			return NULL;
		return &sh[i];
	}
	return NULL;
}

/* Copy the traceable symbols of @symsh (strings in @strsh) into @st. */
static int collect(const unsigned char *img, const Elf64_Shdr *symsh,
		   const Elf64_Shdr *strsh, struct symtab *st)
{
	const Elf64_Sym *syms = (const void *)(img + symsh->sh_offset);
	const char *strs = (const char *)img + strsh->sh_offset;
	size_t nsyms = symsh->sh_size / sizeof(*syms), used = 0;

	st->v = calloc(nsyms ? nsyms : 1, sizeof(*st->v));
	st->strings = malloc(strsh->sh_size + 1);
	if (st->v == NULL || st->strings == NULL)
		return -1;
	for (size_t i = 0; i < nsyms; i++) {
		const Elf64_Sym *s = &syms[i];
		size_t n;

		if (!is_traceable(s) || s->st_name >= strsh->sh_size)
			continue;
		n = strnlen(strs + s->st_name, strsh->sh_size - s->st_name);
		if (n == 0 || used + n + 1 > strsh->sh_size + 1)
			continue;
		memcpy(st->strings + used, strs + s->st_name, n);
		st->strings[used + n] = '\0';
		st->v[st->n++] = (struct sym){ st->strings + used, s->st_value, s->st_size,
					       ELF64_ST_BIND(s->st_info) == STB_GLOBAL };
		used += n + 1;
	}
	return 0;
}

static int check_header(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = (const void *)img;

	return len >= sizeof(*eh) && memcmp(img, ELFMAG, SELFMAG) == 0 &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_machine == EM_X86_64;
}

int elf_read_functions(const char *path, struct symtab *st, char *err, size_t errlen)
{
	const Elf64_Shdr *symsh;
	unsigned char *img;
	struct stat sb;
	int fd, ret = -1;

	memset(st, 0, sizeof(*st));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		snprintf(err, errlen, "Can't open %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	img = sb.st_size ? mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (img == MAP_FAILED || !check_header(img, sb.st_size)) {
		snprintf(err, errlen, "\"%s\" is not an ELF file", path);
	} else if ((symsh = find_symtab(img, sb.st_size)) == NULL) {
		snprintf(err, errlen, "%s has no symbol table (stripped?): "
			 "no functions to trace", path);
	} else if (collect(img, symsh, (const Elf64_Shdr *)(img +
		   ((const Elf64_Ehdr *)img)->e_shoff) + symsh->sh_link, st) < 0) {
		snprintf(err, errlen, "out of memory");
	} else {
		ret = 0;
	}
	if (img != MAP_FAILED)
		munmap(img, sb.st_size);
	if (ret < 0)
		symtab_free(st);
	return ret;
}

void symtab_free(struct symtab *st)
{
	free(st->v);
	free(st->strings);
	memset(st, 0, sizeof(*st));
}
