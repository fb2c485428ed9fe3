"""Build the loader tests' own small modules (tests/integration/modules/)
the cheap way: gcc with the kernel's code-generation flags, a hand-written
foo.mod.c (struct module __this_module, vermagic, name) and `ld -r` into
foo.ko. Written against kernel/module/module.h alone, so the loader's tests
do not depend on the out-of-tree build or the Linux API headers.

    ko = build_module(ctx, "tb_params")           # -> path of tb_params.ko
"""
import os
import subprocess

from tb import REPO

SRC_DIR = os.path.join(REPO, "tests", "integration", "modules")

# The Makefile's KCFLAGS and arch/x86_64/build.mk's ARCH_CFLAGS that decide
# the code a module needs (no stack protector: nothing to link it with);
# debug info for gdb's tb-symbols.
CFLAGS = ["-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdinc",
          "-fno-omit-frame-pointer", "-fno-optimize-sibling-calls",
          "-fno-asynchronous-unwind-tables", "-fno-strict-aliasing",
          "-fno-stack-protector", "-fno-common", "-mcmodel=kernel",
          "-mno-red-zone", "-mgeneral-regs-only", "-fno-pic", "-fno-pie",
          "-fcf-protection=none", "-mpreferred-stack-boundary=3",
          "-Wall", "-Wno-unused-function", "-I", REPO]

MOD_C = """#include "kernel/module/module.h"
MODULE_INFO(vermagic, {vermagic});
MODULE_INFO(name, "{name}");
int init_module(void);
{exit_decl}
__attribute__((section(".gnu.linkonce.this_module")))
struct module __this_module = {{
\t.name = "{name}",
\t.init = init_module,
{exit_init}}};
"""


def out_dir(ctx):
    d = os.path.join(ctx.build_dir(), "test-modules")
    os.makedirs(d, exist_ok=True)
    return d


def build_module(ctx, name, vermagic=None):
    """Compile modules/<name>.c into <build>/test-modules/<name>.ko for the
    build's THREAD_PAGES; vermagic= overrides the VERMAGIC_STRING (and
    builds into a subdirectory "vermagic")."""
    d = out_dir(ctx)
    if vermagic:
        d = os.path.join(d, "vermagic")
        os.makedirs(d, exist_ok=True)
    src = os.path.join(SRC_DIR, name + ".c")
    with open(src) as f:
        has_exit = "module_exit(" in f.read()
    flags = CFLAGS + [f"-DTHREAD_PAGES={ctx.tp}", f'-DKBUILD_MODNAME="{name}"']
    flags += ["-isystem", subprocess.run(
        ["gcc", "-print-file-name=include"], capture_output=True, text=True,
        check=True).stdout.strip()]
    # Tests run side by side and build the same modules: each build
    # writes files of its own and renames the .ko (and .o, for gdb) into
    # place whole, so no reader ever sees a half-written file.
    tmp = f".{os.getpid()}"
    obj = os.path.join(d, name + ".o" + tmp)
    subprocess.run(["gcc", *flags, "-c", src, "-o", obj], check=True)
    modc = os.path.join(d, name + ".mod.c" + tmp)
    with open(modc, "w") as f:
        f.write(MOD_C.format(
            name=name,
            vermagic=f'"{vermagic}"' if vermagic else "VERMAGIC_STRING",
            exit_decl="void cleanup_module(void);" if has_exit else "",
            exit_init="\t.exit = cleanup_module,\n" if has_exit else ""))
    modo = os.path.join(d, name + ".mod.o" + tmp)
    subprocess.run(["gcc", *flags, "-x", "c", "-c", modc, "-o", modo],
                   check=True)
    ko = os.path.join(d, name + ".ko")
    subprocess.run(["ld", "-r", "-m", "elf_x86_64", "-o", ko + tmp, obj, modo],
                   check=True)
    os.replace(obj, os.path.join(d, name + ".o"))
    os.replace(ko + tmp, ko)
    os.remove(modc)
    os.remove(modo)
    return ko
