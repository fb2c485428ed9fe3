/*
 * ELF64 executables for execve(): the gABI structures and constants, and
 * elf_parse(), which checks a static x86_64 executable from end to end and
 * reduces it to a struct elf_info: the PT_LOAD segments to map, the entry
 * point, where the program headers land (auxv AT_PHDR), the TLS template
 * and the start of the heap. The kernel maps what elf_info says and never
 * needs to look at the file's headers itself. Pure logic, host-tested.
 *
 * Static-pie executables (ET_DYN without PT_INTERP, "musl-gcc
 * -static-pie") are loaded at the fixed bias ELF_ET_DYN_BASE, where Linux
 * puts PIE programs when ASLR is off; every address in struct elf_info
 * already includes the bias. Dynamically linked programs (PT_INTERP) are
 * refused: Taskbase has no dynamic loader.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include "lib/types.h"

/* e_ident[] */
#define EI_NIDENT 16
#define EI_MAG0 0
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_OSABI 7
#define ELFMAG "\177ELF"
#define SELFMAG 4
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1

/* e_type, e_machine */
#define ET_NONE 0
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4
#define EM_386 3
#define EM_X86_64 62

/* p_type, p_flags */
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_SHLIB 5
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552
#define PT_GNU_PROPERTY 0x6474e553
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/*
 * The gABI's file header and program header, with the spec's field names.
 * The typedefs keep the spec's type names too, so the code reads like the
 * document a student looks them up in.
 */
typedef struct elf64_hdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

/* Section headers, symbols and relocations: what a relocatable (.ko) has. */
typedef struct elf64_shdr {
	u32 sh_name;
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link;
	u32 sh_info;
	u64 sh_addralign;
	u64 sh_entsize;
} Elf64_Shdr;

typedef struct elf64_sym {
	u32 st_name;
	u8 st_info;
	u8 st_other;
	u16 st_shndx;
	u64 st_value;
	u64 st_size;
} Elf64_Sym;

typedef struct elf64_rela {
	u64 r_offset;
	u64 r_info;
	s64 r_addend;
} Elf64_Rela;

_Static_assert(sizeof(Elf64_Ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(Elf64_Phdr) == 56, "ELF64 program header is 56 bytes");
_Static_assert(sizeof(Elf64_Shdr) == 64, "ELF64 section header is 64 bytes");
_Static_assert(sizeof(Elf64_Sym) == 24, "ELF64 symbol is 24 bytes");
_Static_assert(sizeof(Elf64_Rela) == 24, "ELF64 RELA entry is 24 bytes");

/* sh_type, sh_flags */
#define SHT_NULL 0
#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_NOBITS 8
#define SHT_REL 9
#define SHT_DYNSYM 11
#define SHF_WRITE 0x1
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4

/* special section indexes */
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_ABS 0xfff1
#define SHN_COMMON 0xfff2
#define SHN_XINDEX 0xffff

/* st_info */
#define ELF64_ST_BIND(i) ((i) >> 4)
#define ELF64_ST_TYPE(i) ((i) & 0xf)
#define STB_LOCAL 0
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define STT_SECTION 3
#define STT_FILE 4

/* r_info */
#define ELF64_R_SYM(i) ((u32)((i) >> 32))
#define ELF64_R_TYPE(i) ((u32)(i))

/* x86_64 relocation types (psABI) */
#define R_X86_64_NONE 0
#define R_X86_64_64 1
#define R_X86_64_PC32 2
#define R_X86_64_GOT32 3
#define R_X86_64_PLT32 4
#define R_X86_64_GOTPCREL 9
#define R_X86_64_32 10
#define R_X86_64_32S 11
#define R_X86_64_PC64 24
#define R_X86_64_GOTPCRELX 41
#define R_X86_64_REX_GOTPCRELX 42

#define ELF_PAGE_SIZE 4096ull
#define ELF_MAX_LOAD 16		/* PT_LOAD segments; musl's static binaries use 4 */
#define ELF_MAX_PHDRS_SIZE 4096	/* program header table, as Linux limits it */
#define ELF_MIN_VADDR 0x10000ull	/* Linux's vm.mmap_min_addr: NULL pages stay unmapped */
#define ELF_ET_DYN_BASE 0x555555554000ull	/* static-pie load bias (Linux, no ASLR) */

/* One PT_LOAD segment, load bias applied. */
struct elf_load_seg {
	u64 vaddr, memsz;	/* [vaddr, vaddr + memsz) in memory */
	u64 offset, filesz;	/* [offset, offset + filesz) of the file */
	u32 flags;		/* PF_R | PF_W | PF_X */
	u64 align;
};

struct elf_info {
	u16 type;		/* ET_EXEC or ET_DYN (static-pie) */
	u64 load_bias;		/* 0, or ELF_ET_DYN_BASE for ET_DYN */
	u64 entry;		/* auxv AT_ENTRY, and where user mode starts */
	u64 phdr_vaddr;		/* auxv AT_PHDR; 0 when no segment maps them */
	u64 phoff;		/* file offset of the program headers */
	u16 phnum, phentsize;	/* auxv AT_PHNUM, AT_PHENT */
	struct elf_load_seg load[ELF_MAX_LOAD];	/* sorted, disjoint pages */
	int nr_load;
	bool has_tls;		/* PT_TLS: musl builds each thread's TLS from it */
	u64 tls_vaddr, tls_memsz, tls_filesz, tls_align;
	bool exec_stack;	/* PT_GNU_STACK with PF_X; no PT_GNU_STACK: false */
	u64 lowest, highest;	/* page-rounded span of all PT_LOAD segments */
	u64 brk_start;		/* the heap starts here: page end of the last segment */
	char err[96];		/* why the file was refused, "" when accepted */
};

/*
 * Check the @size-byte ELF image at @file and fill @info (about 1 KiB: not
 * for a small kernel stack). Returns 0, -ENOEXEC for a file that is not a
 * valid x86_64 executable whose segments fit in [ELF_MIN_VADDR,
 * @user_limit), or -EINVAL for a dynamically linked one; on error only
 * info->err, which says why, is meaningful. @user_limit is page-aligned.
 */
int elf_parse(struct elf_info *info, const void *file, size_t size,
	      u64 user_limit);

#endif
