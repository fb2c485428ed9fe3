#!/usr/bin/env python3
"""modpost: the check and the glue between building a module and loading it.

    modpost.py --kernel build/kernel.elf --symvers DIR/Module.symvers
               [--extra OTHER/Module.symvers ...] DIR/foo.o ...

For each module object foo.o (the module's code, before foo.mod.o is added)
it checks, as Linux's scripts/mod/modpost does, that every undefined symbol
is exported: by the kernel (EXPORT_SYMBOL / EXPORT_SYMBOL_GPL, the
__ksymtab_* entries of kernel.elf), by another module of this build, or by
a module listed in an --extra Module.symvers (KBUILD_EXTRA_SYMBOLS). A
symbol exported by no one is an error with Linux's message; so is a
GPL-only symbol used by a module whose license is not GPL-compatible. It
then writes foo.mod.c (__this_module with name, init and exit; vermagic,
name and depends in .modinfo) and Module.symvers, the exports of these
modules in Linux's format.
"""

import argparse
import os
import struct
import sys

SHN_UNDEF = 0
STB_LOCAL = 0

# Licenses the kernel treats as GPL-compatible (Linux's license_is_gpl_compatible).
GPL_COMPATIBLE = {"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
                  "Dual MIT/GPL", "Dual MPL/GPL"}


class Elf:
    """The sections and symbols of an ELF64 little-endian file."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise ValueError("%s: not an ELF64 little-endian file" % path)
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
        self.sections = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize)
                         for i in range(shnum)]
        names = self.sections[shstrndx]
        self.names = [self.cstr(names[4] + s[0]) for s in self.sections]
        self.symbols = self.read_symbols()

    def cstr(self, off):
        return self.data[off:self.data.index(b"\0", off)].decode()

    def section_bytes(self, name):
        for n, s in zip(self.names, self.sections):
            if n == name and s[1] != 8:  # not SHT_NOBITS
                return self.data[s[4]:s[4] + s[5]]
        return None

    def read_symbols(self):
        """(name, value, section index, binding) of every symbol."""
        out = []
        for s in self.sections:
            if s[1] != 2:  # SHT_SYMTAB
                continue
            strtab = self.sections[s[6]]
            for off in range(s[4] + s[9], s[4] + s[5], s[9]):
                name, info, _, shndx, value, _ = struct.unpack_from("<IBBHQQ", self.data, off)
                out.append((self.cstr(strtab[4] + name), value, shndx, info >> 4))
        return out

    def exports(self):
        """{symbol: gpl_only} for the __ksymtab_<symbol> entries."""
        sym = {n: v for n, v, _, _ in self.symbols}
        gpl_range = (sym.get("__start___ksymtab_gpl"), sym.get("__stop___ksymtab_gpl"))
        out = {}
        for name, value, shndx, _ in self.symbols:
            if not name.startswith("__ksymtab_") or shndx == SHN_UNDEF:
                continue
            section = self.names[shndx] if shndx < len(self.names) else ""
            if section not in ("__ksymtab", "__ksymtab_gpl", ".rodata"):
                continue
            in_gpl = None not in gpl_range and gpl_range[0] <= value < gpl_range[1]
            out[name[len("__ksymtab_"):]] = section == "__ksymtab_gpl" or in_gpl
        return out

    def undefined(self):
        return sorted({n for n, _, shndx, bind in self.symbols
                       if n and shndx == SHN_UNDEF and bind != STB_LOCAL})

    def defines(self, name):
        return any(n == name and shndx != SHN_UNDEF and bind != STB_LOCAL
                   for n, _, shndx, bind in self.symbols)

    def modinfo(self, tag):
        data = self.section_bytes(".modinfo") or b""
        prefix = tag.encode() + b"="
        return [s[len(prefix):].decode(errors="replace")
                for s in data.split(b"\0") if s.startswith(prefix)]


class Module:
    def __init__(self, obj):
        self.obj = obj
        self.path = obj[:-2]                      # dir/foo
        self.name = os.path.basename(self.path).replace("-", "_")
        self.ko = self.path + ".ko"
        self.elf = Elf(obj)
        self.exports = self.elf.exports()


def read_symvers(path):
    """{symbol: (module name, gpl_only)} from a Module.symvers file."""
    out = {}
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 4:
                out[fields[1]] = (os.path.basename(fields[2]), fields[3] == "EXPORT_SYMBOL_GPL")
    return out


def check(mod, kernel, others):
    """Print modpost's errors for @mod; return (errors, set of modules it uses)."""
    errors, depends = 0, set()
    licenses = mod.elf.modinfo("license")
    if not licenses:
        print("WARNING: modpost: missing MODULE_LICENSE() in %s" % mod.obj)
    gpl_ok = any(lic in GPL_COMPATIBLE for lic in licenses)
    for sym in mod.elf.undefined():
        if sym == "__this_module":
            continue
        if sym in kernel:
            owner, gpl_only = None, kernel[sym]
        elif sym in others:
            owner, gpl_only = others[sym]
        else:
            print('ERROR: modpost: "%s" [%s] undefined!' % (sym, mod.ko))
            errors += 1
            continue
        if gpl_only and not gpl_ok:
            print("ERROR: modpost: GPL-incompatible module %s.ko uses GPL-only symbol '%s'"
                  % (mod.name, sym))
            errors += 1
        if owner and owner not in (mod.name, "vmlinux"):
            depends.add(owner)
    return errors, depends


MOD_C = """\
/* Generated by scripts/modpost.py for %(name)s.ko: do not edit. */
#include <linux/module.h>

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

%(decls)s__attribute__((section(".gnu.linkonce.this_module"), used))
struct module __this_module = {
	.name = KBUILD_MODNAME,
%(fields)s};

MODULE_INFO(depends, "%(depends)s");
"""


def write_mod_c(mod, depends):
    decls, fields = "", ""
    if mod.elf.defines("init_module"):
        decls += "extern int init_module(void);\n"
        fields += "\t.init = init_module,\n"
    if mod.elf.defines("cleanup_module"):
        decls += "extern void cleanup_module(void);\n"
        fields += "\t.exit = cleanup_module,\n"
    text = MOD_C % {"name": mod.name, "decls": decls + ("\n" if decls else ""),
                    "fields": fields, "depends": ",".join(sorted(depends))}
    path = mod.path + ".mod.c"
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--symvers", required=True)
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("objects", nargs="+")
    args = ap.parse_args()

    kernel = Elf(args.kernel).exports()
    mods = [Module(o) for o in args.objects]
    others = {}
    for path in args.extra:
        others.update(read_symvers(path))
    for m in mods:
        for sym, gpl in m.exports.items():
            others[sym] = (m.name, gpl)

    errors = 0
    for m in mods:
        n, depends = check(m, kernel, others)
        errors += n
        write_mod_c(m, depends)
    if errors:
        sys.exit(1)
    with open(args.symvers, "w") as f:
        for m in mods:
            for sym, gpl in sorted(m.exports.items()):
                f.write("0x00000000\t%s\t%s\t%s\t\n"
                        % (sym, m.path, "EXPORT_SYMBOL_GPL" if gpl else "EXPORT_SYMBOL"))


if __name__ == "__main__":
    main()
