"""What an integration test sees: the context object and two decorators.

tests/run_tests.py calls every function test_<name>(ctx) of every
tests/integration/test_*.py, in a process of its own. ctx (a Context) knows
where the build is and hands out Guests whose serial output is logged to
BUILD/test-logs/<test>.log, which the runner shows when the test fails;
ctx.shell() is such a guest booted to the shell prompt. Helpers for what
many tests check: tap_passed() (the summary of a user/lib/tap.c program),
status_of() and refused() (a command's exit status), mem_free_back(),
tap_passes_pages_back() (a TAP program passes, every page back) and
wait_for() (a command's output, until it says something).

    from tb import both_stack_sizes, timeout

    @both_stack_sizes          # once per THREAD_PAGES build: [tp2], [tp4]
    @timeout(300)              # instead of the runner's default 120 s
    def test_boots(ctx):
        with ctx.guest(append="ktest") as g:
            g.expect(r"all tests passed")
            assert g.wait_exit() == EXIT_POWEROFF
"""

import contextlib
import os
import re
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

from qemu import (EXIT_PANIC, EXIT_POWEROFF, PROMPT, Guest,  # noqa: E402
                  GuestError, GuestExited, GuestTimeout)

__all__ = ["both_stack_sizes", "timeout", "tap_passed", "status_of",
           "refused", "mem_free_kb", "mem_free_back", "Context",
           "tap_passes_pages_back", "wait_for",
           "fake_guest", "Guest", "GuestError", "GuestExited",
           "GuestTimeout", "EXIT_PANIC", "EXIT_POWEROFF", "PROMPT", "REPO",
           "FAKE_GUEST", "BUSYBOX"]

FAKE_GUEST = os.path.join(REPO, "tests", "selftest", "fake_guest.py")
# Debian's BusyBox, which the Makefile puts into every image (BUSYBOX=).
BUSYBOX = os.environ.get("BUSYBOX", "/bin/busybox")
TAP_LINE = re.compile(r"^\s*(not )?ok (\d+)(?: -)? (.*?)\s*$")


def both_stack_sizes(fn):
    """Run the test on the THREAD_PAGES=2 and =4 builds (when both exist)."""
    fn.tb_both_stack_sizes = True
    return fn


def timeout(seconds):
    """Give the test its own time limit instead of the runner's default."""
    def mark(fn):
        fn.tb_timeout = seconds
        return fn
    return mark


def tap_passed(out, prog):
    """Assert that out, the output of a user/lib/tap.c test program, ends
    in "# prog: P passed, 0 failed"; return P. A failure's message is the
    "not ok" lines and their "#" details."""
    m = re.search(rf"# {prog}: (\d+) passed, (\d+) failed", out)
    assert m, out
    failed = [l for l in out.splitlines() if l.startswith(("not ok", "#   "))]
    assert m.group(2) == "0", "\n".join(failed)
    return int(m.group(1))


def status_of(g, cmd, timeout=None):
    """Run cmd in guest g's shell; return (its output, its exit status)."""
    out = g.run(f"{cmd}; echo status=$?", timeout=timeout)
    m = re.search(r"status=(\d+)\s*$", out)
    assert m, out
    return out[:m.start()], int(m.group(1))


def refused(g, cmd, why):
    """Assert that cmd fails in guest g's shell saying why ("not
    permitted", "Permission denied")."""
    out, st = status_of(g, cmd)
    assert st != 0 and why in out, (cmd, out)


def mem_free_kb(g):
    """MemFree of guest g's /proc/meminfo, in kB."""
    out = g.run("grep MemFree /proc/meminfo")
    return int(re.search(r"MemFree:\s+(\d+) kB", out).group(1))


def mem_free_back(g, before):
    """Assert that MemFree comes back to before within 5 s: every page a
    test took is back in the buddy allocator (the last frees are deferred
    to the kworker, hence the short, bounded wait)."""
    after = mem_free_kb(g)
    for _ in range(20):
        if after == before:
            break
        time.sleep(0.25)
        after = mem_free_kb(g)
    assert after == before, f"MemFree {before} kB before, {after} kB after"


def tap_passes_pages_back(g, prog, cycles="cycles"):
    """Run TAP program prog in guest g: all of it, then its test cycles
    again; assert both pass and that every page comes back (a first
    cycles run warms the caches). The number of tests of the whole run
    passed."""
    g.run(f"{prog} {cycles}", timeout=120)
    before = mem_free_kb(g)
    passed = tap_passed(g.run(prog, timeout=240), prog)
    tap_passed(g.run(f"{prog} {cycles}", timeout=120), prog)
    mem_free_back(g, before)
    return passed


def fuzz_only(ctx, calls, n, seconds=60, after=None):
    """Run the fuzzer (seed 17) on the system calls @calls alone, @n calls
    at most for @seconds, in a fresh shell; assert it ends with "fuzz:
    PASS" (no oops, every task reaped) and the shell still answers. Then
    run the shell command @after, if any: its output."""
    opts = " ".join(f"-o {c}" for c in calls.split())
    with ctx.shell() as g:
        out = g.run(f"fuzz -s 17 -n {n} -T {seconds} {opts}", timeout=120)
        assert "fuzz: PASS" in out, out[-3000:]
        assert g.run("echo still here").strip() == "still here"
        return g.run(after, timeout=60) if after else None


def wait_for(g, cmd, text, tries=20):
    """Run cmd in guest g until its output has text (0.25 s apart, tries
    times at most); its last output."""
    out = ""
    for _ in range(tries):
        out = g.run(cmd)
        if text in out:
            break
        time.sleep(0.25)
    return out


def log_name(test_name):
    """A test name made file-name safe: a::b[tp2] -> a.b[tp2]."""
    return re.sub(r"[^\w.\[\]-]+", ".", test_name)


def fake_guest(script, **kw):
    """A Guest running tests/selftest/fake_guest.py (with script), not QEMU."""
    kw.setdefault("kernel", os.devnull)
    kw.setdefault("timeout", 10)
    return Guest(qemu=[sys.executable, FAKE_GUEST], append=script, **kw)


class Context:
    """Where the build is, and a factory of logged Guests, for one test run."""

    def __init__(self, name, build, build_tp2=None, tp=4, repo=REPO):
        self.name = name
        self.repo = repo
        self.build = os.path.abspath(build)
        self.build_tp2 = os.path.abspath(build_tp2) if build_tp2 else None
        self.tp = tp
        self.log_dir = os.path.join(self.build, "test-logs")
        self.logs = []
        self.guests = []
        self.subtests = []

    def build_dir(self, tp=None):
        """The build directory for THREAD_PAGES=tp (default: ctx.tp)."""
        tp = tp or self.tp
        if tp == 4:
            return self.build
        if tp == 2 and self.build_tp2:
            return self.build_tp2
        raise ValueError(f"no THREAD_PAGES={tp} build (see --build-tp2)")

    def kernel(self, tp=None):
        """Path of kernel.elf for that stack size."""
        return os.path.join(self.build_dir(tp), "kernel.elf")

    def initrd(self, tp=None):
        """Path of initramfs.cpio for that stack size."""
        return os.path.join(self.build_dir(tp), "initramfs.cpio")

    def iso(self, tp=None):
        """Path of taskbase.iso for that stack size."""
        return os.path.join(self.build_dir(tp), "taskbase.iso")

    def log_path(self):
        """A fresh log file name for the next guest of this test."""
        n = len(self.logs) + 1
        suffix = "" if n == 1 else f".{n}"
        name = log_name(self.name) + suffix + ".log"
        path = os.path.join(self.log_dir, name)
        self.logs.append(path)
        return path

    def guest(self, **kw):
        """A Guest (not started) booting this build's kernel and initramfs.

        Keyword arguments go to Guest and override the defaults; with iso=
        the machine boots the ISO instead of kernel + initrd.
        """
        if "iso" not in kw:
            kw.setdefault("kernel", self.kernel())
            kw.setdefault("initrd", self.initrd())
        kw.setdefault("log_path", self.log_path())
        g = Guest(**kw)
        self.guests.append(g)
        return g

    @contextlib.contextmanager
    def shell(self, **kw):
        """A guest (arguments as for guest()) booted to the shell prompt,
        for a with block; killed after it."""
        with self.guest(**kw) as g:
            g.expect(PROMPT, timeout=30)
            yield g

    def fake_guest(self, script, **kw):
        """Like fake_guest(), but logged and cleaned up like ctx.guest()."""
        kw.setdefault("log_path", self.log_path())
        g = fake_guest(script, **kw)
        self.guests.append(g)
        return g

    def subtest(self, name, ok, detail=""):
        """Report one more result (shown as "<test>/<name>") besides the test.

        For tests that check many things at once, such as the kernel's own
        self-tests: each counts in the runner's summary.
        """
        self.subtests.append({"name": name, "ok": bool(ok), "detail": detail})

    def report_tap(self, text):
        """Report each "ok N name" / "not ok N name" line of text as a subtest.

        Returns the number of failures. Works for KTAP lines ("ok 1 name")
        and TAP lines ("ok 1 - name"); "#" lines after a failure are its
        details.
        """
        failed, last = 0, None
        for line in text.splitlines():
            m = TAP_LINE.match(line)
            if m:
                last = {"name": m.group(3), "ok": not m.group(1),
                        "detail": "" if not m.group(1) else line}
                self.subtests.append(last)
                failed += bool(m.group(1))
            elif line.startswith("#") and last and not last["ok"]:
                last["detail"] += "\n" + line
        return failed

    def close(self):
        """Kill every guest the test left running."""
        for g in self.guests:
            g.kill()
