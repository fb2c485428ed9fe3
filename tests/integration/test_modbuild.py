"""Building loadable modules out of tree, kbuild's way (no QEMU).

Each test copies sample modules from tests/modules/ into a temporary
directory and builds them as a student would, with
`make -C <taskbase> M=<dir>` or the module's own Makefile and
KDIR=<taskbase>, against the kernel of the build directory under test
(scripts/Makefile.modules, scripts/Makefile.modbuild, scripts/modpost.py).
The .ko files are read with modpost's own ELF reader.
"""

import importlib.util
import os
import re
import shlex
import shutil
import struct
import subprocess
import tempfile

from tb import REPO

SAMPLES = os.path.join(REPO, "tests", "modules")

_spec = importlib.util.spec_from_file_location(
    "modpost", os.path.join(REPO, "scripts", "modpost.py"))
modpost = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(modpost)


def samples():
    """A private copy of tests/modules/; its path."""
    tmp = tempfile.mkdtemp(prefix="tb-modules-")
    for name in os.listdir(SAMPLES):
        src = os.path.join(SAMPLES, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(tmp, name))
    return tmp


def kbuild(ctx, moddir, *args, check=True):
    """make -C <repo> M=<moddir> ARGS against ctx's kernel; the result."""
    cmd = ["make", "-C", REPO, f"O={ctx.build}", f"THREAD_PAGES={ctx.tp}",
           f"M={moddir}", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check:
        assert p.returncode == 0, f"{shlex.join(cmd)}: {p.returncode}\n{p.stdout}{p.stderr}"
    return p


def short_lines(out):
    """kbuild's short lines ("  CC [M]  path"), without make's chatter."""
    return [l for l in out.splitlines() if l.startswith("  ")]


def kernel_exports(ctx):
    return modpost.Elf(ctx.kernel()).exports()


def test_modbuild_short_output_and_depends(ctx):
    """Two modules built together: kbuild's lines in kbuild's order; the
    user of the other's exports gets depends= and Module.symvers lists them."""
    d = os.path.join(samples(), "stack")
    p = kbuild(ctx, d)
    assert short_lines(p.stdout) == [
        f"  CC [M]  {d}/core_mod.o",
        f"  CC [M]  {d}/user_mod.o",
        f"  MODPOST {d}/Module.symvers",
        f"  CC [M]  {d}/core_mod.mod.o",
        f"  LD [M]  {d}/core_mod.ko",
        f"  CC [M]  {d}/user_mod.mod.o",
        f"  LD [M]  {d}/user_mod.ko",
    ], p.stdout
    user = modpost.Elf(os.path.join(d, "user_mod.ko"))
    assert user.modinfo("depends") == ["core_mod"]
    core = modpost.Elf(os.path.join(d, "core_mod.ko"))
    assert core.modinfo("depends") == [""]
    with open(os.path.join(d, "Module.symvers")) as f:
        symvers = f.read()
    assert f"0x00000000\tcore_mod_twice\t{d}/core_mod\tEXPORT_SYMBOL\t\n" in symvers
    assert f"0x00000000\tcore_mod_value\t{d}/core_mod\tEXPORT_SYMBOL_GPL\t\n" in symvers
    with open(os.path.join(d, "modules.order")) as f:
        assert f.read().split() == ["core_mod.ko", "user_mod.ko"]
    # modules_install has no host to install to: it says where they go.
    inst = kbuild(ctx, d, "modules_install")
    assert f'run MODULES="{d}/core_mod.ko {d}/user_mod.ko"' in inst.stdout, inst.stdout
    # Nothing changed: nothing is rebuilt. A header changed: its users are.
    again = kbuild(ctx, d)
    assert not [l for l in short_lines(again.stdout) if "CC" in l or "LD" in l], again.stdout
    later = os.stat(os.path.join(d, "user_mod.o")).st_mtime + 1
    os.utime(os.path.join(d, "core_mod.h"), (later, later))
    again = kbuild(ctx, d)
    assert [l for l in short_lines(again.stdout) if "CC" in l or "LD" in l] == [
        f"  CC [M]  {d}/user_mod.o", f"  LD [M]  {d}/user_mod.ko"], again.stdout


def test_modbuild_ko_is_a_module(ctx):
    """A .ko is an ELF64 x86_64 relocatable with .modinfo (license,
    vermagic, name), __this_module in .gnu.linkonce.this_module whose init
    and exit point at init_module/cleanup_module, and the export tables."""
    d = os.path.join(samples(), "stack")
    kbuild(ctx, d)
    ko = os.path.join(d, "core_mod.ko")
    with open(ko, "rb") as f:
        head = f.read(64)
    assert head[:4] == b"\x7fELF" and head[4] == 2          # ELF64
    e_type, e_machine = struct.unpack_from("<HH", head, 16)
    assert (e_type, e_machine) == (1, 62)                    # ET_REL, x86_64
    elf = modpost.Elf(ko)
    assert elf.modinfo("license") == ["GPL"]
    assert elf.modinfo("name") == ["core_mod"]
    assert elf.modinfo("vermagic") == [
        f"6.1.0-taskbase SMP mod_unload x86_64 THREAD_PAGES={ctx.tp}"]
    for sec in (".gnu.linkonce.this_module", ".init.text", ".exit.text",
                "__ksymtab", "__ksymtab_gpl", ".modinfo"):
        assert sec in elf.names, (sec, elf.names)
    assert elf.exports() == {"core_mod_twice": False, "core_mod_value": True}
    relocs = rela_symbols(elf, ".rela.gnu.linkonce.this_module")
    assert {"init_module", "cleanup_module"} <= relocs, relocs
    # user_mod has no module_exit: no .exit, as modpost decides from nm.
    user = modpost.Elf(os.path.join(d, "user_mod.ko"))
    assert "cleanup_module" not in rela_symbols(user, ".rela.gnu.linkonce.this_module")
    assert not [n for n in user.undefined() if n not in kernel_exports(ctx)
                and not n.startswith("core_mod_")], user.undefined()


def rela_symbols(elf, section):
    """Names of the symbols the relocations of @section refer to."""
    i = elf.names.index(section)
    s = elf.sections[i]
    symtab = elf.sections[s[6]]
    strtab = elf.sections[symtab[6]]
    out = set()
    for off in range(s[4], s[4] + s[5], 24):
        _, info, _ = struct.unpack_from("<QQq", elf.data, off)
        name_off = struct.unpack_from("<I", elf.data, symtab[4] + (info >> 32) * 24)[0]
        out.add(elf.cstr(strtab[4] + name_off))
    return out


def test_modbuild_params_in_modinfo_and_param_section(ctx):
    """module_param of every type, an array, a string: parm= and
    parmtype= as Linux writes them, one __param entry each, naming the
    kernel's param_ops_*; the .ko links once the kernel exports them."""
    d = os.path.join(samples(), "hello")
    p = kbuild(ctx, d, check=False)
    obj = modpost.Elf(os.path.join(d, "hello.o"))
    types = dict(t.split(":", 1) for t in obj.modinfo("parmtype"))
    assert types == {"count": "int", "ucount": "uint", "big": "long", "ubig": "ulong",
                     "small": "short", "usmall": "ushort", "loud": "bool",
                     "quiet": "invbool", "level": "byte", "huge": "ullong",
                     "whom": "charp", "primes": "array of int", "tag": "string",
                     "delay": "int"}, types
    assert sorted(obj.modinfo("parm")) == ["count:how many greetings",
                                           "primes:up to four numbers",
                                           "whom:who to greet"]
    assert obj.modinfo("version") == ["1.2"] and obj.modinfo("alias") == ["hello-params"]
    param = obj.sections[obj.names.index("__param")]
    assert param[5] == 14 * 40, param                    # 14 struct kernel_param
    ops = rela_symbols(obj, ".rela__param")
    assert {"param_ops_int", "param_ops_charp", "param_array_ops",
            "param_ops_string", "__this_module"} <= ops, ops
    missing = sorted(s for s in obj.undefined()
                     if s != "__this_module" and s not in kernel_exports(ctx))
    if missing:
        # The loader's parsers are not in this kernel: modpost says so.
        assert p.returncode != 0
        for sym in missing:
            assert f'ERROR: modpost: "{sym}" [{d}/hello.ko] undefined!' in p.stdout, p.stdout
        assert not os.path.exists(os.path.join(d, "hello.ko"))
    else:
        assert p.returncode == 0, p.stdout + p.stderr
        ko = modpost.Elf(os.path.join(d, "hello.ko"))
        assert "__param" in ko.names and ko.modinfo("name") == ["hello"]


def test_modbuild_multi_object_module(ctx):
    """<mod>-objs with an object in a subdirectory and one in another
    directory (../common), ccflags-y, EXTRA_CFLAGS, ccflags-remove-y, and
    the CONFIG_* macros of .config (main.c #errors without them)."""
    top = samples()
    d = os.path.join(top, "multi")
    p = kbuild(ctx, d)
    assert short_lines(p.stdout) == [
        f"  CC [M]  {d}/main.o",
        f"  CC [M]  {d}/lib/helper.o",
        f"  CC [M]  {top}/common/tbhelper.o",
        f"  LD [M]  {d}/multi.o",
        f"  MODPOST {d}/Module.symvers",
        f"  CC [M]  {d}/multi.mod.o",
        f"  LD [M]  {d}/multi.ko",
    ], p.stdout
    elf = modpost.Elf(os.path.join(d, "multi.ko"))
    defined = {n for n, _, shndx, _ in elf.symbols if shndx != 0}
    assert {"multi_helper", "tbhelper_answer", "init_module", "__this_module"} <= defined
    assert elf.modinfo("name") == ["multi"]


def test_modbuild_undefined_symbol_fails(ctx):
    """A call no one exports: Linux's modpost error, a failed build, no .ko."""
    d = os.path.join(samples(), "undef")
    p = kbuild(ctx, d, check=False)
    assert p.returncode != 0
    assert f'ERROR: modpost: "tb_no_such_function" [{d}/undef.ko] undefined!' \
        in p.stdout.splitlines(), p.stdout
    assert not os.path.exists(os.path.join(d, "undef.ko"))
    assert not os.path.exists(os.path.join(d, "Module.symvers"))


def test_modbuild_gpl_only_symbol_refused(ctx):
    """A module whose license is not GPL-compatible may not use an
    EXPORT_SYMBOL_GPL symbol: modpost refuses, as Linux's."""
    d = os.path.join(samples(), "stack")
    with open(os.path.join(d, "closed.c"), "w") as f:
        f.write('#include <linux/module.h>\nMODULE_LICENSE("Proprietary");\n'
                "extern int core_mod_value;\n"
                "static int __init closed_init(void) { return core_mod_value; }\n"
                "module_init(closed_init);\n")
    with open(os.path.join(d, "Kbuild"), "w") as f:
        f.write("obj-m := core_mod.o closed.o\n")
    p = kbuild(ctx, d, check=False)
    assert p.returncode != 0
    assert "ERROR: modpost: GPL-incompatible module closed.ko uses GPL-only symbol " \
        "'core_mod_value'" in p.stdout, p.stdout


def test_modbuild_verbose_shows_commands(ctx):
    """V=1: the commands themselves instead of the short lines."""
    d = os.path.join(samples(), "stack")
    p = kbuild(ctx, d, "V=1")
    assert not short_lines(p.stdout), p.stdout
    cc = next(l for l in p.stdout.splitlines() if l.endswith("core_mod.c")
              and " -c " in l)
    for flag in ("-DMODULE", "-D__KERNEL__", "-DKBUILD_MODNAME='\"core_mod\"'",
                 "-DKBUILD_BASENAME='\"core_mod\"'", "-mcmodel=kernel",
                 f"-I{REPO}/kernel/include", f"-DTHREAD_PAGES={ctx.tp}"):
        assert flag in cc, (flag, cc)
    assert re.search(r"modpost\.py --kernel \S+kernel\.elf", p.stdout), p.stdout
    assert re.search(r"\bld\b.* -r .*-o \S+/user_mod\.ko", p.stdout), p.stdout


def test_modbuild_clean_leaves_the_sources(ctx):
    """M=dir clean removes what the build made, in the directory and the
    objects it built elsewhere (../common/tbhelper.o)."""
    top = samples()
    before = sorted(tree(top))
    for name in ("stack", "multi"):
        kbuild(ctx, os.path.join(top, name))
    assert os.path.exists(os.path.join(top, "common", "tbhelper.o"))
    for name in ("stack", "multi"):
        p = kbuild(ctx, os.path.join(top, name), "clean")
        assert short_lines(p.stdout) == [f"  CLEAN   {top}/{name}"], p.stdout
    assert sorted(tree(top)) == before


def tree(top):
    for dirpath, _, files in os.walk(top):
        for f in files:
            yield os.path.relpath(os.path.join(dirpath, f), top)


def test_modbuild_book_style_makefile_with_kdir(ctx):
    """The book's Makefile shape: `make KDIR=<taskbase>` runs
    `make -C $(KDIR) M=$(PWD) modules`, and its -include $(KDIR)/.config
    finds CONFIG_MODULES=y; `make clean` the same way."""
    d = os.path.join(samples(), "stack")
    env = dict(os.environ, MAKEFLAGS=f"O={ctx.build} THREAD_PAGES={ctx.tp}")
    p = subprocess.run(["make", f"KDIR={REPO}"], cwd=d, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert os.path.exists(os.path.join(d, "user_mod.ko"))
    p = subprocess.run(["make", f"KDIR={REPO}", "clean"], cwd=d, env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and not os.path.exists(os.path.join(d, "user_mod.ko"))
    # The conditional (KERNELRELEASE) kind, with KDIR relative to it.
    h = os.path.join(samples(), "hello")
    p = subprocess.run(["make", f"KDIR={REPO}"], cwd=h, env=env, capture_output=True,
                       text=True, timeout=300)
    assert f"  CC [M]  {h}/hello.o" in p.stdout, p.stdout + p.stderr


def test_modules_go_into_lib_modules(ctx):
    """MODULES="a.ko b.ko": the initramfs rule adds them under /lib/modules."""
    d = os.path.join(samples(), "stack")
    kbuild(ctx, d)
    kos = [os.path.join(d, "core_mod.ko"), os.path.join(d, "user_mod.ko")]
    cpio = os.path.join(ctx.build, "initramfs.cpio")
    dry = subprocess.run(["make", "-n", f"O={ctx.build}", f"MODULES={' '.join(kos)}", cpio],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    line = next((l for l in dry.stdout.splitlines() if "mkinitramfs.py" in l), "")
    for ko in kos:
        assert f"--add lib/modules/{os.path.basename(ko)}={ko}" in line, dry.stdout
    args = shlex.split(line)
    out = os.path.join(d, "test.cpio")
    args[args.index("-o") + 1] = out
    subprocess.run(args, cwd=REPO, check=True, timeout=60)
    with open(out, "rb") as f:
        names = cpio_files(f.read())
    with open(kos[0], "rb") as f:
        assert names["lib/modules/core_mod.ko"] == f.read()
    assert "lib/modules/user_mod.ko" in names and "bin/sh" in names


def cpio_files(data):
    """{name: contents} of a newc archive."""
    out, off = {}, 0
    while True:
        hdr = data[off:off + 110]
        size, namesize = int(hdr[54:62], 16), int(hdr[94:102], 16)
        name = data[off + 110:off + 110 + namesize - 1].decode()
        off += (110 + namesize + 3) & ~3
        if name == "TRAILER!!!":
            return out
        out[name] = data[off:off + size]
        off += (size + 3) & ~3


def test_modbuild_api_headers(ctx):
    """Every module API header, and a call of each area, builds without a
    warning (even with W=1) and links against the kernel's exports."""
    d = os.path.join(samples(), "apitour")
    p = kbuild(ctx, d, "W=1")
    assert "warning" not in p.stdout + p.stderr, p.stdout + p.stderr
    elf = modpost.Elf(os.path.join(d, "apitour.ko"))
    used = set(elf.undefined())
    # find_get_pid() looks the number up in the caller's pid namespace and
    # takes a reference on the struct pid (put_pid() drops it).
    assert {"printk", "rcu_read_lock", "rcu_read_unlock", "find_pid_ns",
            "task_active_pid_ns", "put_pid",
            "get_task_struct", "put_task_struct", "kmalloc", "kfree", "kthread_create",
            "kthread_stop", "kthread_should_stop", "msleep", "jiffies", "spin_lock_irqsave",
            "copy_to_user", "init_thread_union",
            "get_nr_threads", "prepare_to_wait", "wake_up", "udelay"} <= used, used
    assert used <= set(kernel_exports(ctx)), used - set(kernel_exports(ctx))


def test_modbuild_each_header_stands_alone(ctx):
    """Each header of kernel/include/ compiles on its own, first in a file,
    without a warning: no header works only after another."""
    inc = os.path.join(REPO, "kernel", "include")
    d = tempfile.mkdtemp(prefix="tb-headers-")
    objs = []
    for dirpath, _, files in os.walk(inc):
        for f in sorted(files):
            header = os.path.relpath(os.path.join(dirpath, f), inc)
            name = re.sub(r"[/.]", "_", header)
            with open(os.path.join(d, name + ".c"), "w") as out:
                out.write(f"#include <{header}>\n")
            objs.append(name + ".o")
    assert len(objs) >= 40, objs
    with open(os.path.join(d, "main.c"), "w") as out:
        out.write('#include <linux/module.h>\nMODULE_LICENSE("GPL");\n')
    with open(os.path.join(d, "Kbuild"), "w") as out:
        out.write("obj-m := headers.o\nheaders-objs := main.o " + " ".join(objs) + "\n")
    p = kbuild(ctx, d, "W=1")
    assert "warning" not in p.stdout + p.stderr, p.stdout + p.stderr
    assert os.path.exists(os.path.join(d, "headers.ko"))


def test_modbuild_thread_pages_follow_the_kernel(ctx):
    """Modules take THREAD_PAGES from the kernel in O= (its init_thread_union
    is THREAD_SIZE bytes); a THREAD_PAGES that disagrees is refused."""
    d = os.path.join(samples(), "stack")
    other = 2 if ctx.tp == 4 else 4
    p = subprocess.run(["make", "-C", REPO, f"O={ctx.build}", f"THREAD_PAGES={other}",
                        f"M={d}"], capture_output=True, text=True, timeout=300)
    assert p.returncode != 0
    assert f"kernel.elf was built with THREAD_PAGES={ctx.tp}, not {other}" in p.stderr, p.stderr
    builds = [(ctx.build, ctx.tp)]
    if ctx.build_tp2:
        builds.append((ctx.build_tp2, 2))
    for build, tp in builds:
        p = subprocess.run(["make", "-C", REPO, f"O={build}", f"M={d}"],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stdout + p.stderr
        vermagic = modpost.Elf(os.path.join(d, "core_mod.ko")).modinfo("vermagic")
        assert vermagic == [f"6.1.0-taskbase SMP mod_unload x86_64 THREAD_PAGES={tp}"]
