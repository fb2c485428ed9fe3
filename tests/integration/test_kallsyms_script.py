"""End-to-end test of scripts/kallsyms.py and kernel/kallsyms.c on the host.

It builds a small host program twice, the way the Makefile links the
kernel: pass 1 with kernel/kallsyms_empty.S, pass 2 with the table the
script generated from pass 1's nm output. Then it checks that no function
moved (--check), that the program's own table lists exactly nm's text
symbols, and that lookups inside the program agree with nm.
"""

import os
import subprocess
import sys
import tempfile

from tb import REPO

SCRIPT = os.path.join(REPO, "scripts", "kallsyms.py")

PROGRAM = r"""
#include <stdio.h>
#include "kernel/kallsyms.h"

__attribute__((noinline)) int alpha(int x) { return x * 3 + 1; }
__attribute__((noinline)) static int beta(int x) { return alpha(x) - 2; }
__attribute__((weak, noinline)) int gamma_weak(int x) { return beta(x); }

void panic(const char *fmt, ...) { (void)fmt; for (;;) ; }
/* No loadable modules here: kallsyms.c's module fallback finds nothing. */
bool module_address_lookup(u64 addr, u64 *symsize, u64 *offset, char *name,
                           size_t namelen, char *modname)
{
	(void)addr; (void)symsize; (void)offset; (void)name; (void)namelen;
	(void)modname;
	return false;
}
void warn_slowpath(const char *f, int l, const char *c)
{
	(void)f; (void)l; (void)c;
}

static int dump(void *data, const char *name, unsigned long long addr,
                unsigned int size)
{
	(void)data;
	printf("sym %llx %x %s\n", addr, size, name);
	return 0;
}

int main(void)
{
	char buf[KSYM_SYMBOL_LEN];

	kallsyms_iterate((void *)dump, NULL);
	sprint_symbol(buf, sizeof(buf), (u64)beta + 2);
	printf("beta+2 %s\n", buf);
	printf("alpha %llx\n", (unsigned long long)kallsyms_lookup_name("alpha"));
	printf("gamma %d\n", gamma_weak(1));
	return 0;
}
"""


def sh(cmd, cwd):
    """Run a command; fail the test with its output if it fails."""
    p = subprocess.run(cmd, cwd=cwd, text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    assert p.returncode == 0, \
        f"{' '.join(cmd)}: status {p.returncode}\n{p.stdout}"
    return p.stdout


def nm(path, cwd):
    """nm -n -S --defined-only output of a file, also saved beside it."""
    out = sh(["nm", "-n", "-S", "--defined-only", path], cwd)
    with open(os.path.join(cwd, path + ".nm"), "w") as f:
        f.write(out)
    return out


def code_symbols(path, cwd):
    """{(name, address)} of the symbols in code sections, from objdump.

    An oracle independent of nm's type letters: the section of each symbol.
    """
    code = set()
    for line in sh(["objdump", "-hw", path], cwd).splitlines():
        f = line.split()
        if len(f) > 7 and f[0].isdigit() and "CODE" in line:
            code.add(f[1])
    syms = set()
    for line in sh(["objdump", "-tw", path], cwd).splitlines():
        # address, 7 flag characters, section, size, [.hidden] name
        if len(line) < 26 or not line[0].isalnum():
            continue
        flags, rest = line[17:24], line[25:].split()
        if len(rest) >= 3 and rest[0] in code and flags[6] not in "df":
            syms.add((rest[-1], int(line[:16], 16)))
    return syms


def nm_sizes(nm_text):
    """{name: size} of the symbols nm gives a size."""
    return {f[3]: int(f[1], 16) for f in map(str.split, nm_text.splitlines())
            if len(f) == 4}


def build_two_passes(d):
    """Build pass1 and pass2 in d as the Makefile does; return pass2's nm."""
    cflags = ["-std=gnu11", "-O1", "-fno-builtin", "-fno-pie", "-I", REPO]
    with open(os.path.join(d, "prog.c"), "w") as f:
        f.write(PROGRAM)
    objs = []
    for src in ["prog.c", f"{REPO}/kernel/kallsyms.c", f"{REPO}/lib/string.c",
                f"{REPO}/lib/vsprintf.c"]:
        obj = os.path.basename(src)[:-2] + ".o"
        sh(["gcc", *cflags, "-c", src, "-o", obj], d)
        objs.append(obj)
    sh(["gcc", "-c", f"{REPO}/kernel/kallsyms_empty.S", "-o", "empty.o"], d)
    sh(["gcc", "-no-pie", "-o", "pass1", *objs, "empty.o"], d)
    nm("pass1", d)
    sh([sys.executable, SCRIPT, "pass1.nm", "-o", "table.S"], d)
    sh(["gcc", "-c", "table.S", "-o", "table.o"], d)
    sh(["gcc", "-no-pie", "-o", "pass2", *objs, "table.o"], d)
    return nm("pass2", d)


def test_two_pass_link(ctx):
    with tempfile.TemporaryDirectory() as d:
        nm2 = build_two_passes(d)
        sh([sys.executable, SCRIPT, "--check", "pass1.nm", "pass2.nm"], d)
        out = sh(["./pass2"], d)
        want, sizes = code_symbols("pass2", d), nm_sizes(nm2)
        got = {(f[3], int(f[1], 16)) for f in
               (line.split() for line in out.splitlines()) if f[0] == "sym"}
        assert got == want, f"table differs from nm: {got ^ want}"
        assert "beta" in dict(got), "static functions are in the table"
        lines = dict(line.split(" ", 1) for line in out.splitlines()
                     if not line.startswith("sym "))
        assert lines["beta+2"] == f"beta+0x2/{sizes['beta']:#x}", lines
        assert int(lines["alpha"], 16) == dict(want)["alpha"], lines


def test_check_catches_moved_code(ctx):
    with tempfile.TemporaryDirectory() as d:
        nm1 = "ffffffff80100000 0000000000000010 T foo\n" \
              "ffffffff80100010 T bar\n"
        moved = nm1.replace("80100010 T bar", "80100020 T bar")
        for name, text in (("a.nm", nm1), ("b.nm", moved)):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        p = subprocess.run([sys.executable, SCRIPT, "--check", "a.nm", "b.nm"],
                           cwd=d, text=True, capture_output=True, timeout=30)
        assert p.returncode == 1, p
        assert "bar" in p.stderr and "moved" in p.stderr, p.stderr
        p = subprocess.run([sys.executable, SCRIPT, "--check", "a.nm", "a.nm"],
                           cwd=d, capture_output=True, timeout=30)
        assert p.returncode == 0, p


def test_generated_sizes_and_order(ctx):
    nm_text = ("ffffffff80100000 0000000000000010 T foo\n"
               "ffffffff80100000 t foo_label\n"
               "ffffffff80100010 W bar\n"
               "ffffffff80100030 0000000000000010 T baz\n"
               "ffffffff80100040 R some_rodata\n"
               "ffffffff80100050 D some_data\n"
               "ffffffff80100050 W weak_data\n"
               "0000000000100000 T _boot_end\n"
               "                 U undefined\n")
    p = subprocess.run([sys.executable, SCRIPT], input=nm_text, text=True,
                       capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr
    body = [line.strip() for line in p.stdout.splitlines()]

    def array(label):
        start = body.index(label + ":") + 1
        return body[start:body.index(f".size {label}, . - {label}")]

    assert array("kallsyms_num") == [".quad 5"], "5 text symbols"
    assert array("kallsyms_names") == [
        '.asciz "_boot_end"', '.asciz "foo"', '.asciz "foo_label"',
        '.asciz "bar"', '.asciz "baz"'], \
        "address order, the larger symbol first at one address"
    # foo_label and bar have no size: the distance to the next symbol;
    # _boot_end's next symbol is too far away: an end marker, size 0.
    assert array("kallsyms_sizes") == [
        ".long 0x0", ".long 0x10", ".long 0x10", ".long 0x20", ".long 0x10"]
    assert array("kallsyms_addresses")[3] == ".quad 0xffffffff80100010"
    assert array("kallsyms_offsets") == [
        ".long 0", ".long 10", ".long 14", ".long 24", ".long 28"]
    assert '.section .kallsyms, "a"' in body
