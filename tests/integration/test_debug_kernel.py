"""The debug kernel (make DEBUG_KERNEL=1, scripts/debug.mk): the default
build carries none of its tools; the debug build says which it carries,
boots, passes the ktests and usertests, and each tool's report, provoked
on purpose by a ktest, has Linux's format and names the guilty function.

`make test` builds the debug kernel in <build>/debug first; run alone,
these tests build it there themselves (make, under a lock)."""
import fcntl
import os
import re
import subprocess

from tb import EXIT_PANIC, EXIT_POWEROFF, REPO, timeout

PARENT_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "V", "O",
               "DEBUG_KERNEL")
UBSAN_SEP = "=" * 80


def debug_build(ctx):
    """<build>/debug, brought up to date by make DEBUG_KERNEL=1."""
    out = os.path.join(ctx.build, "debug")
    os.makedirs(out, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in PARENT_MAKE}
    with open(os.path.join(out, ".make.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        p = subprocess.run(["make", "-s", "-j2", f"O={out}", "DEBUG_KERNEL=1",
                            "all"], cwd=REPO, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=900)
    assert p.returncode == 0, p.stdout
    return out


def debug_guest(ctx, **kw):
    out = debug_build(ctx)
    kw.setdefault("kernel", os.path.join(out, "kernel.elf"))
    kw.setdefault("initrd", os.path.join(out, "initramfs.cpio"))
    return ctx.guest(**kw)


def boot_ktests(ctx, names, **kw):
    """Boot the debug kernel with ktest=names; its console once it is off."""
    with debug_guest(ctx, append=f"ktest={names}", **kw) as g:
        status = g.wait_exit(timeout=150)
        assert status == EXIT_POWEROFF, f"exit status {status}\n{g.output}"
        return g.output


def reports(out, sep):
    """The text between each pair of separator lines."""
    lines = out.splitlines()
    marks = [i for i, l in enumerate(lines)
             if re.sub(r"^\[[ .\d]+\] ", "", l.rstrip()) == sep]
    return ["\n".join(lines[a + 1:b]) for a, b in zip(marks[::2], marks[1::2])]


def test_default_build_has_no_debug_tools(ctx):
    nm = open(os.path.join(ctx.build, "kernel.nm")).read()
    for sym in ("__asan_", "__ubsan_", "kasan_", "ubsan_"):
        assert sym not in nm, f"{sym}* in the default kernel"
    with open(ctx.kernel(), "rb") as f:
        image = f.read()
    for text in (b"CONFIG_", b"Debug kernel:", b"KASAN", b"UBSAN"):
        assert text not in image, f"{text!r} in the default kernel"


@timeout(900)
def test_debug_kernel_says_what_it_carries(ctx):
    out = debug_build(ctx)
    nm = open(os.path.join(out, "kernel.nm")).read()
    assert "__ubsan_handle_shift_out_of_bounds" in nm
    with debug_guest(ctx, append="ktest=ubsan_shift") as g:
        g.expect(r"Taskbase version \S+ ", timeout=60)
        g.expect(r"Debug kernel: .*\bUBSAN\b", timeout=10)
        assert g.wait_exit(timeout=120) == EXIT_POWEROFF


UBSAN_CASES = [
    # (ktest, kind, detail line, the guilty function)
    ("ubsan_shift", "shift-out-of-bounds",
     r"shift exponent 64 is too large for 64-bit type 'long unsigned int'",
     "ubsan_do_shift"),
    ("ubsan_overflow", "signed-integer-overflow",
     r"2147483647 \+ 1 cannot be represented in type 'int'",
     "ubsan_do_overflow"),
    ("ubsan_bounds", "array-index-out-of-bounds",
     r"index 4 is out of range for type 'int \[4\]'", "ubsan_do_bounds"),
    ("ubsan_misaligned", "misaligned-access",
     r"load of misaligned address 0x[0-9a-f]+ for type 'u32'\n"
     r".*which requires 4 byte alignment", "ubsan_do_misaligned"),
    ("ubsan_null", "null-ptr-deref",
     r"member access within null pointer of type 'struct kt_ub_pair'",
     "ubsan_do_null"),
    ("ubsan_vla", "variable-length-array",
     r"variable length array bound evaluates to non-positive value 0",
     "ubsan_do_vla"),
    ("ubsan_bool_load", "invalid-load",
     r"load of value 5 is not a valid value for type '_Bool'",
     "ubsan_do_bool_load"),
]


@timeout(900)
def test_ubsan_reports(ctx):
    out = boot_ktests(ctx, ",".join(c[0] for c in UBSAN_CASES))
    found = reports(out, UBSAN_SEP)
    assert len(found) == len(UBSAN_CASES), out
    for test, kind, detail, func in UBSAN_CASES:
        rep = [r for r in found if f"UBSAN: {kind} in " in r]
        ok = len(rep) == 1 and re.search(
            rf"UBSAN: {kind} in kernel/ubsan\.c:\d+:\d+\n.*{detail}\n"
            rf".*CPU: \d+ PID: \d+ Comm: \S+\n.*Call Trace:\n(.*\n)*?"
            rf".*\b{func}[.\w]*\+0x[0-9a-f]+/0x[0-9a-f]+\n(.*\n)*?"
            rf".*ktest_{test}\+0x", rep[0] + "\n")
        ctx.subtest(test, bool(ok), "\n".join(rep) or out[-3000:])
        assert ok, "\n".join(rep) or out
    assert re.search(rf"# ktest: {len(UBSAN_CASES)} passed, 0 failed", out)


@timeout(900)
def test_ubsan_unreachable_panics(ctx):
    with debug_guest(ctx, append="ktest=ubsan_unreachable") as g:
        g.expect(r"UBSAN: unreachable in kernel/ubsan\.c:\d+:\d+", timeout=60)
        g.expect(r"calling __builtin_unreachable\(\)", timeout=10)
        g.expect(r"ubsan_do_unreachable[.\w]*\+0x", timeout=10)
        g.expect(r"Kernel panic - not syncing: can't return from "
                 r"__builtin_unreachable\(\)", timeout=10)
        assert g.wait_exit(timeout=30) == EXIT_PANIC
