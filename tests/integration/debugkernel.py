"""The debug kernel (make DEBUG_KERNEL=1: lockdep, fault injection; see
docs/robustness.md) for the tests that need it: built once per test run
beside ctx's build, in <build>/debug, for ctx's THREAD_PAGES. Tests run
side by side; a lock file makes the others wait for the one building.

    d = debug_build(ctx)                 # -> the build directory
    with ctx.guest(**debug_guest(ctx, append="ktest=...")) as g: ...
"""
import fcntl
import os
import subprocess

from tb import REPO


def debug_build(ctx):
    """make O=<build>/debug DEBUG_KERNEL=1 kernel.elf initramfs.cpio."""
    out = os.path.join(ctx.build_dir(), "debug")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".test-build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cmd = ["make", "-s", "-j2", f"O={out}", "DEBUG_KERNEL=1",
               f"THREAD_PAGES={ctx.tp}",
               os.path.join(out, "kernel.elf"),
               os.path.join(out, "initramfs.cpio")]
        p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                           timeout=900)
    assert p.returncode == 0, f"{' '.join(cmd)}:\n{p.stdout}{p.stderr}"
    return out


def debug_guest(ctx, initrd=None, **kw):
    """Guest arguments booting the debug kernel (and its initramfs, or
    @initrd)."""
    d = debug_build(ctx)
    kw["kernel"] = os.path.join(d, "kernel.elf")
    kw["initrd"] = initrd or os.path.join(d, "initramfs.cpio")
    return kw
