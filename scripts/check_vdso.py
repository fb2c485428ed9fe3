#!/usr/bin/env python3
"""Check the linked vDSO before the kernel embeds it.

    check_vdso.py vdso.so.dbg

The kernel maps the same vDSO pages, read-only, into every process at an
address it picks, and the C library only looks symbols up in it: so the
image must be one r-x PT_LOAD at address 0 with a PT_DYNAMIC, have no
relocations to apply and no writable data, and export the functions
user space asks for. Exits 1 with a message when it does not.
"""
import struct
import sys

PT_LOAD, PT_DYNAMIC = 1, 2
SHT_RELA, SHT_REL, SHT_DYNSYM, SHT_NOBITS = 4, 9, 11, 8
SHF_WRITE = 1
EXPORTS = {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time"}


def sections(img, shoff, shentsize, shnum):
    for i in range(shnum):
        off = shoff + i * shentsize
        yield struct.unpack_from("<IIQQQQIIQQ", img, off)


def problems(img):
    if img[:4] != b"\x7fELF" or img[4] != 2:
        return ["not an ELF64 file"]
    (e_type, _, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize,
     shnum, shstrndx) = struct.unpack_from("<HHIQQQIHHHHHH", img, 16)
    errs = [] if e_type == 3 else ["not ET_DYN (a shared object)"]
    phdrs = [struct.unpack_from("<IIQQQQQQ", img, phoff + i * phentsize)
             for i in range(phnum)]
    loads = [p for p in phdrs if p[0] == PT_LOAD]
    if len(loads) != 1 or loads[0][1] != 5 or loads[0][3] != 0:
        errs.append("want one r-x PT_LOAD at address 0")
    if not any(p[0] == PT_DYNAMIC for p in phdrs):
        errs.append("no PT_DYNAMIC: the C library could not find symbols")
    shdrs = list(sections(img, shoff, shentsize, shnum))
    names_off = shdrs[shstrndx][4]

    def name(sh):
        end = img.index(b"\0", names_off + sh[0])
        return img[names_off + sh[0]:end].decode()

    for sh in shdrs:
        if sh[1] in (SHT_RELA, SHT_REL) and sh[5]:
            errs.append(f"relocations in {name(sh)}")
        if sh[2] & SHF_WRITE and sh[5] and name(sh) != ".dynamic":
            errs.append(f"writable data in {name(sh)} ({sh[5]} bytes)")
    dynsym = [sh for sh in shdrs if sh[1] == SHT_DYNSYM]
    exported = set()
    if dynsym:
        sym, strtab = dynsym[0], shdrs[dynsym[0][6]]
        for off in range(sym[4], sym[4] + sym[5], 24):
            st_name, _, _, st_shndx = struct.unpack_from("<IBBH", img, off)
            if st_shndx:
                end = img.index(b"\0", strtab[4] + st_name)
                exported.add(img[strtab[4] + st_name:end].decode())
    for missing in sorted(EXPORTS - exported):
        errs.append(f"{missing} not exported")
    return errs


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        errs = problems(f.read())
    for e in errs:
        print(f"{path}: {e}", file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
