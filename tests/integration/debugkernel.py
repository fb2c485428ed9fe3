"""The debug kernel (make DEBUG_KERNEL=1: KASAN, UBSAN, lockdep, fault
injection; see docs/robustness.md) for the tests that need it: built once
per test run beside ctx's build, in <build>/debug, for ctx's THREAD_PAGES.
Tests run side by side; a lock file makes the others wait for the one
building.

    d = debug_build(ctx)                 # -> the build directory
    with ctx.guest(**debug_guest(ctx, append="ktest=...")) as g: ...
    out = boot_ktests(ctx, "kasan_slab_oob")   # -> the console
    out = debug_shell_run(ctx, "fuzz -n 3000", 300)   # -> its output
"""
import fcntl
import os
import re
import subprocess

from tb import EXIT_POWEROFF, PROMPT, REPO

# What a debug tool prints when it finds a bug (docs/robustness.md).
TOOL_REPORT = re.compile(r"BUG: KASAN:|UBSAN:|"
                         r"WARNING: possible (circular|recursive) locking|"
                         r"WARNING: inconsistent lock state|"
                         r"list_add corruption|list_add double add|"
                         r"list_del corruption|"
                         r"kmemleak: \d+ new suspected memory leaks")

# kmemleak reports an object unreferenced for 5 s in two scans in a row:
# two scans 6 s apart, then the list; "kmemleak-end" marks its end.
SCAN_TWICE = ("echo scan > /proc/kmemleak; sleep 6; echo scan > /proc/kmemleak; "
              "cat /proc/kmemleak; echo kmemleak-end")



def robustness_command(name):
    """The guest command scripts/robustness.mk's variable @name holds (for
    DEBUG_KERNEL=1), as make fuzz types it: continuation lines joined,
    make's "$$" a shell's "$"."""
    mk = open(os.path.join(REPO, "scripts", "robustness.mk")).read()
    mk = re.sub(r"\\\n\s*", " ", mk)
    m = re.search(rf"^{name} = (.*)$", mk, re.M)
    assert m, f"scripts/robustness.mk has no {name}"
    return m.group(1).replace("$$", "$")


# Under make test, the parent make's variables would reach this make too.
PARENT_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "V", "O",
               "DEBUG_KERNEL")


def debug_build(ctx):
    """make O=<build>/debug DEBUG_KERNEL=1 kernel.elf initramfs.cpio (and
    kernel.nm, which kernel.elf's rule writes)."""
    out = os.path.join(ctx.build_dir(), "debug")
    os.makedirs(out, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in PARENT_MAKE}
    with open(os.path.join(out, ".test-build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cmd = ["make", "-s", "-j2", f"O={out}", "DEBUG_KERNEL=1",
               f"THREAD_PAGES={ctx.tp}",
               os.path.join(out, "kernel.elf"),
               os.path.join(out, "initramfs.cpio")]
        p = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True,
                           text=True, timeout=900)
    assert p.returncode == 0, f"{' '.join(cmd)}:\n{p.stdout}{p.stderr}"
    return out


def debug_guest(ctx, initrd=None, **kw):
    """Guest arguments booting the debug kernel (and its initramfs, or
    @initrd)."""
    d = debug_build(ctx)
    kw["kernel"] = os.path.join(d, "kernel.elf")
    kw["initrd"] = initrd or os.path.join(d, "initramfs.cpio")
    return kw


def boot_ktests(ctx, names, **kw):
    """Boot the debug kernel with ktest=names; its console once it is off."""
    append = f"ktest={names}" if names else "ktest"
    with ctx.guest(**debug_guest(ctx, append=append, **kw)) as g:
        status = g.wait_exit(timeout=150)
        assert status == EXIT_POWEROFF, f"exit status {status}\n{g.output}"
        return g.output


def debug_shell_run(ctx, cmd, timeout):
    """Run cmd at the debug kernel's shell; its output, once the whole
    console is checked for tool reports (assert_no_report())."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=120)
        out = g.run(cmd, timeout=timeout)
        log = g.output
    assert_no_report(log)
    return out


def text(out):
    """The console without carriage returns and printk's "[  1.234] "."""
    return re.sub(r"(?m)^\[\s*\d+\.\d+\] ", "", out.replace("\r", ""))


def assert_no_report(log):
    """No debug tool (KASAN, UBSAN, lockdep) reported in console @log."""
    m = TOOL_REPORT.search(log)
    assert not m, log[max(m.start() - 200, 0):][:4000]
