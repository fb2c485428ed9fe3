"""What a module can call (issue 15), on modules of tests/integration/
modules/ built by kmods.py:

  ptrfmt    printk's %pS %ps %pB (a module's function with [module], a
            kernel function), %px, %p, and %pK as
            /proc/sys/kernel/kptr_restrict says (0, 1 and 2)
  sleep     an init that sleeps 2 s (ssleep, usleep_range,
            msleep_interruptible, udelay): insmod waits, the module is
            Loading in /proc/modules and "coming" in /sys meanwhile, the
            shell and a background job go on
  vmalloc   1 MiB from vmalloc() in the vmalloc area, every page usable,
            vzalloc() zeroed; its pages come back at rmmod
  procfs    a module's own /proc files (tests/modules/procfile/, built
            with make -C . M=dir against <linux/proc_fs.h> and
            <linux/seq_file.h>): seq_file and raw read/write, gone at
            rmmod; an oops in its read kills the reader, the kernel goes on
"""
import atexit
import os
import re
import shutil
import time

from test_modules import fresh_log, status_of
from test_robustness import mkinitramfs, no_oops, settle, sysinfo, \
    work_dir
from tb import REPO, timeout
import kmods

MODULES = ["tb_ptrfmt", "tb_sleepy", "tb_vmalloc"]
VMALLOC_START, VMALLOC_END = 0xffffe90000000000, 0xffffe98000000000


def build_initrd(ctx):
    from test_modbuild import kbuild
    # make test runs these tests side by side, each in a process of its
    # own: a kbuild of one module directory by two of them at once lets
    # modpost read the other's half-written procfile.o. So each process
    # builds (and packs its initramfs) in a directory of its own, removed
    # when it exits; kmods.py's modules are already written atomically.
    d = os.path.join(work_dir(ctx, f"modules-api-tp{ctx.tp}"),
                     str(os.getpid()))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    extra = [(f"lib/modules/{n}.ko", kmods.build_module(ctx, n))
             for n in MODULES]
    src = os.path.join(d, "procfile")
    shutil.copytree(os.path.join(REPO, "tests", "modules", "procfile"), src)
    kbuild(ctx, src)
    extra.append(("lib/modules/procfile.ko", os.path.join(src, "procfile.ko")))
    return mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"), extra)


@timeout(180)
def test_module_printk_pointer_formats(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        assert g.run("cat /proc/sys/kernel/kptr_restrict").strip() == "0"
        fresh_log(g)
        assert status_of(g, "insmod tb_ptrfmt")[1] == 0
        log = g.run("dmesg")
        m = re.search(r"tb_ptrfmt: S=tb_ptrfmt_func\+0x4/0x([0-9a-f]+) "
                      r"\[tb_ptrfmt\] s=tb_ptrfmt_func \[tb_ptrfmt\] "
                      r"B=tb_ptrfmt_func\+0x4/0x\1 \[tb_ptrfmt\]$", log, re.M)
        assert m, log
        assert re.search(r"tb_ptrfmt: kernel S=printk\+0x0/0x[0-9a-f]+ "
                         r"s=printk$", log, re.M), log
        m = re.search(r"tb_ptrfmt: x=(ffffffffc[0-9a-f]{7}) p=0x(\w+) "
                      r"K=0x(\w+)$", log, re.M)
        assert m and m.group(1) == m.group(2) == m.group(3), log
        addr = m.group(1)
        syms = g.run("grep tb_ptrfmt_data /proc/kallsyms")
        assert syms.startswith(addr), (addr, syms)

        out, st = status_of(g, "echo 3 > /proc/sys/kernel/kptr_restrict")
        assert st == 1 and "Invalid argument" in out, out
        out, st = status_of(g, "runas student sh -c "
                               "'echo 2 > /proc/sys/kernel/kptr_restrict'")
        assert st != 0 and "Permission denied" in out, out
        for value, shown in (("2", "0000000000000000"), ("1", addr),
                             ("0", "0x" + addr)):
            assert status_of(g, f"echo {value} > "
                                "/proc/sys/kernel/kptr_restrict")[1] == 0
            assert g.run("cat /proc/sys/kernel/kptr_restrict").strip() == value
            fresh_log(g)
            assert status_of(g, "rmmod tb_ptrfmt")[1] == 0
            assert f"tb_ptrfmt: exit K={shown}\n" in g.run("dmesg"), value
            assert status_of(g, "insmod tb_ptrfmt")[1] == 0
        no_oops(g.output)


@timeout(180)
def test_module_init_sleeps_and_the_rest_goes_on(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        fresh_log(g)
        # background(), not run(): the kernel's lines from the job may
        # follow the prompt, which run() wants at the end of the output.
        g.background("insmod tb_sleepy", timeout=30)
        # The background insmod may not have begun. Wait for the module's
        # own line in /proc/modules: the console's "tb_sleepy: loading
        # out-of-tree module taints kernel." comes earlier, while it is
        # not listed yet, and may land in cat's output.
        for _ in range(20):
            mods = g.run("cat /proc/modules")
            if re.search(r"^tb_sleepy ", mods, re.M):
                break
            time.sleep(0.1)
        assert re.search(r"^tb_sleepy \d+ 0 - Loading 0x[0-9a-f]+ \(O\+\)$",
                         mods, re.M), mods
        assert g.run("cat /sys/module/tb_sleepy/initstate").strip() == "coming"
        out, st = status_of(g, "rmmod tb_sleepy")
        assert st == 1 and "Module tb_sleepy is in use" in out, out
        assert g.run("echo still here").strip() == "still here"
        g.run("wait", timeout=30)
        log = g.run("dmesg")
        m = re.search(r"tb_sleepy: ssleep\(1\) took (\d+) ms", log)
        assert m and 1000 <= int(m.group(1)) < 4000, log
        m = re.search(r"tb_sleepy: usleep_range took (\d+) ms", log)
        assert m and 500 <= int(m.group(1)) < 3000, log
        m = re.search(r"tb_sleepy: msleep_interruptible\(500\) took (\d+) ms, "
                      r"0 left", log)
        assert m and 500 <= int(m.group(1)) < 3000, log
        m = re.search(r"tb_sleepy: udelay\(2000\) took (\d+) ms", log)
        assert m and 2 <= int(m.group(1)) < 1000, log
        assert re.search(r"^tb_sleepy \d+ 0 - Live 0x[0-9a-f]+ \(O\)$",
                         g.run("cat /proc/modules"), re.M)
        assert status_of(g, "rmmod tb_sleepy")[1] == 0

        # In the foreground: insmod takes the 2 s, a background job
        # prints while it waits.
        g.background("sh -c 'sleep 1; echo tick-from-background'", timeout=30)
        t0 = time.time()
        out, st = status_of(g, "insmod tb_sleepy", timeout=60)
        assert st == 0, out
        assert time.time() - t0 >= 2.0
        assert "tick-from-background" in out, out
        assert out.index("tick-from-background") < out.index(
            "tb_sleepy: awake"), out
        assert status_of(g, "rmmod tb_sleepy")[1] == 0
        no_oops(g.output)


@timeout(180)
def test_module_vmalloc(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        procs0, free0 = sysinfo(g)
        fresh_log(g)
        assert status_of(g, "insmod tb_vmalloc")[1] == 0
        log = g.run("dmesg")
        m = re.search(r"tb_vmalloc: 1 MiB at ([0-9a-f]{16}), is_vmalloc_addr 1, "
                      r"pattern ok, vzalloc zeroed, vfree\(NULL\) ok", log)
        assert m, log
        assert VMALLOC_START <= int(m.group(1), 16) < VMALLOC_END - (1 << 20)
        free = sysinfo(g)[1]
        assert free0 - free >= 256, (free0, free)
        fresh_log(g)
        assert status_of(g, "rmmod tb_vmalloc")[1] == 0
        assert "tb_vmalloc: pattern ok at exit" in g.run("dmesg")
        procs, free = settle(g, procs0, free0)
        assert abs(free - free0) <= 8, (free0, free)
        # Twice more: the same range is found free again.
        for _ in range(2):
            fresh_log(g)
            assert status_of(g, "insmod tb_vmalloc")[1] == 0
            assert f"1 MiB at {m.group(1)}" in g.run("dmesg")
            assert status_of(g, "rmmod tb_vmalloc")[1] == 0
        no_oops(g.output)


@timeout(180)
def test_module_proc_files(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        assert status_of(g, "insmod procfile")[1] == 0
        names = g.run("ls /proc").split()
        assert {"tb_procfile", "tb_procraw", "tb_procoops"} <= set(names), names
        assert "1" in names and "self" in names, "the rest is still there"
        assert g.run("cat /proc/tb_procfile") == \
            "hello from procfile, open #1\nsecond line\n"
        assert "open #2" in g.run("cat /proc/tb_procfile")
        assert re.search(r"^-r--r--r--\s.*tb_procfile$",
                         g.run("ls -l /proc/tb_procfile"), re.M)
        assert g.run("cat /proc/tb_procraw").strip() == "7"
        assert status_of(g, "echo 42 > /proc/tb_procraw")[1] == 0
        assert g.run("cat /proc/tb_procraw").strip() == "42"
        out, st = status_of(g, "echo zz > /proc/tb_procraw")
        assert st == 1 and "Invalid argument" in out, out
        out, st = status_of(g, "runas student sh -c 'echo 1 > /proc/tb_procraw'")
        assert st != 0 and "Permission denied" in out, out
        fresh_log(g)
        assert status_of(g, "rmmod procfile")[1] == 0
        assert "procfile: removed, value 42" in g.run("dmesg")
        out, st = status_of(g, "cat /proc/tb_procfile")
        assert st != 0 and "No such file" in out, out
        assert "tb_proc" not in g.run("ls /proc")

        # Again, then an oops inside the module's read: the reader dies.
        assert status_of(g, "insmod procfile")[1] == 0
        assert "open #1" in g.run("cat /proc/tb_procfile"), "fresh data"
        fresh_log(g)
        out, st = status_of(g, "cat /proc/tb_procoops")
        assert st != 0, out
        log = g.run("dmesg")
        assert "BUG: kernel NULL pointer dereference" in log or \
            "BUG: unable to handle" in log, log
        assert re.search(r"oops_show\+0x[0-9a-f]+/0x[0-9a-f]+ \[procfile\]",
                         log), log
        assert g.run("echo still here").strip() == "still here"
        assert "open #2" in g.run("cat /proc/tb_procfile"), "the rest works"
        assert re.search(r"^\d+$", g.run("cat /proc/sys/kernel/tainted")
                         .strip())
