"""What every lab grader (tests/labs/labN.py) shares: the score sheet, a
booted guest at the shell prompt, in-kernel self-tests, and gdb.

A grader module offers

    grade(kernel, initrd, tree=None, log=None) -> (score, max)

and is run by scripts/lab.py (make grade LAB=n) or directly:

    python3 tests/labs/lab1.py --kernel build/kernel.elf --initrd build/initramfs.cpio

It is a list of parts; each part boots what it needs, checks behaviour
and awards points. A part that crashes or times out loses the points it
had not yet awarded, and the next part still runs, so one broken piece
costs only its own points. The report is one line per check and a last
line "lab N: SCORE/MAX".
"""

import argparse
import contextlib
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts"))

from qemu import PROMPT, Guest, GuestError  # noqa: E402

GEN_GDBINIT = os.path.join(REPO, "scripts", "gen-gdbinit.sh")
BOOT_TIMEOUT = 60           # seconds to the shell prompt (TCG, loaded host)
CMD_TIMEOUT = 60            # seconds for one shell command
GDB_TIMEOUT = 60            # seconds for one gdb -batch run
CTRL_P = "\x10"

# "[    1.234567] " in front of kernel log lines on the console.
STAMP = r"(?:\[\s*\d+\.\d+\] )?"
# The boot banner says the stack size this kernel was built with.
BANNER = re.compile(r"THREAD_PAGES=(\d) THREAD_SIZE=(\d+)")
TASK_STRUCT_SIZE = re.compile(r"task_struct: (\d+) bytes")
# One task of the Ctrl-P dump (kernel/tty/sysrq.c: sched_show_task()).
SYSRQ_TASK = re.compile(r"task:(\S+)\s+state:(\S) stack:(\d+)\s+pid:(\d+)\s+"
                        r"tgid:(\d+)\s+ppid:(\d+)")


class PartFailed(Exception):
    """A part cannot go on (its remaining points are lost)."""


class Sheet:
    """The score sheet of one grading run."""

    def __init__(self, lab, title, log=None, out=sys.stdout):
        self.lab, self.title, self.out = lab, title, out
        self.log = log
        self.score = self.max = 0
        self.boots = 0

    def say(self, text):
        print(text, file=self.out, flush=True)

    def check(self, points, name, ok, detail=""):
        """Award points when ok; print one line either way."""
        self.max += points
        if ok:
            self.score += points
        mark = "PASS" if ok else "FAIL"
        got = points if ok else 0
        line = f"  {mark} {got:>2}/{points:<2} {name}"
        if not ok and detail:
            line += "\n" + "\n".join("           " + s for s in
                                     str(detail).strip().splitlines()[-12:])
        self.say(line)
        return bool(ok)

    def run_part(self, points, name, fn, *args):
        """Run one part worth points; whatever it did not award on a crash
        or timeout is lost, with the reason."""
        before_max, before = self.max, self.score
        self.say(f"{name}:")
        try:
            fn(self, *args)
        except (GuestError, PartFailed, subprocess.SubprocessError,
                OSError, AssertionError, ValueError) as e:
            left = points - (self.max - before_max)
            if left > 0:
                self.check(left, "the rest of this part", False,
                           f"{type(e).__name__}: {e}")
        got_max = self.max - before_max
        if got_max != points:       # a grader bug: keep the sheet honest
            self.max += points - got_max
            self.say(f"  (grader: part worth {points}, checked {got_max})")
        return self.score - before

    def total(self):
        self.say(f"lab {self.lab}: {self.score}/{self.max}")
        return self.score, self.max

    def log_path(self, what):
        """Where this guest's console goes (None: nowhere)."""
        if not self.log:
            return None
        os.makedirs(self.log, exist_ok=True)
        self.boots += 1
        return os.path.join(self.log, f"lab{self.lab}-{self.boots}-{what}.log")


class Machine:
    """Where the kernel under test is, and how to boot it."""

    def __init__(self, kernel, initrd, sheet):
        self.kernel, self.initrd, self.sheet = kernel, initrd, sheet
        for path in (kernel, initrd):
            if not os.path.exists(path):
                raise SystemExit(f"grader: {path} not found (not built?)")

    def guest(self, what, append="", smp=2, gdb=False):
        return Guest(kernel=self.kernel, initrd=self.initrd, append=append,
                     smp=smp, gdb=gdb, timeout=BOOT_TIMEOUT,
                     log_path=self.sheet.log_path(what))

    @contextlib.contextmanager
    def shell(self, what, append="", smp=2, gdb=False):
        """A booted guest at the shell prompt; killed afterwards."""
        with self.guest(what, append, smp, gdb) as g:
            if gdb:
                run_gdb(self, g, ["echo detaching\\n"])   # let it run
            g.expect(PROMPT, timeout=BOOT_TIMEOUT)
            yield g

    def ktest(self, names, timeout=120):
        """Boot with ktest=names; return {name: passed} from the KTAP lines."""
        with self.guest("ktest", append="ktest=" + ",".join(names)) as g:
            g.expect(r"# ktest: \d+ passed, \d+ failed", timeout=timeout)
            out = g.output
        found = {m.group(2): not m.group(1) for m in re.finditer(
            r"^" + STAMP + r"(not )?ok \d+ (\S+)", out, re.M)}
        return found, out


def build_facts(output):
    """THREAD_SIZE and sizeof(struct task_struct) from the boot log."""
    m = BANNER.search(output)
    t = TASK_STRUCT_SIZE.search(output)
    if not m or not t:
        raise PartFailed("the boot log lacks THREAD_SIZE or the task_struct size")
    return int(m.group(2)), int(t.group(1))


def ctrl_p(g, settle=3.0):
    """Press Ctrl-P on the console; return the dump the kernel printed."""
    start = len(g.output)
    g.send(CTRL_P)
    g.expect(r"Ctrl-P: task dump requested", timeout=20)
    # The dump ends with the idle tasks; wait until output stops growing.
    last, deadline = -1, time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(settle / 3)
        now = len(g.output)
        if now == last and re.search(r"task:swapper/\d", g.output[start:]):
            break
        last = now
    return g.output[start:]


def sysrq_tasks(dump):
    """[(comm, state, stack_not_used, pid, tgid, ppid)] of a Ctrl-P dump."""
    return [(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)),
             int(m.group(5)), int(m.group(6)))
            for m in SYSRQ_TASK.finditer(dump)]


def wait_for(g, pattern, count=1, timeout=20):
    """Wait until pattern has matched count times in all output; return
    the matches."""
    deadline = time.monotonic() + timeout
    while True:
        found = list(re.finditer(pattern, g.output, re.M))
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def start_threads(g, command, count):
    """Start command (the threads demo) in the background and wait for its
    count "thread tid=T tgid=P" lines; return their matches. PartFailed
    if fewer came."""
    g.send(command + " &\n")
    started = wait_for(g, r"^thread tid=(\d+) tgid=(\d+)", count)
    if len(started) < count:
        raise PartFailed(f"`{command} &` did not start {count} threads")
    g.run("echo ready")         # the prompt came before their output
    return started



# -- gdb ----------------------------------------------------------------------

def gdbinit(machine, guest):
    out = subprocess.run([GEN_GDBINIT, "-q", machine.kernel,
                          str(guest.gdb_port)], capture_output=True,
                         text=True, timeout=10, check=True)
    return out.stdout


def run_gdb(machine, guest, commands, background=False):
    """gdb -batch with the Taskbase gdbinit and commands; its output.

    With background=True, commands must contain one "continue": the
    running gdb (a Popen) is returned once gdb is about to run it, so the
    caller can make the guest hit a breakpoint; finish it with
    finish_gdb(). (gdb buffers its output into a pipe, so the moment is
    told by a file that gdb's `shell touch` creates.)
    """
    base = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                        f"tb-grade-{os.getpid()}-{guest.gdb_port}")
    flag = base + ".continuing"
    if background:
        at = commands.index("continue")
        commands = commands[:at] + [f"shell touch {flag}"] + commands[at:]
    script = gdbinit(machine, guest) + "\n".join(commands) + "\n"
    path = base + ".gdb"
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    cmd = ["gdb", "-batch", "-nx", "-x", path]
    if not background:
        try:
            done = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True,
                                  timeout=GDB_TIMEOUT)
            return done.stdout + done.stderr
        finally:
            os.remove(path)
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    p.tb_files = (path, flag)
    deadline = time.monotonic() + GDB_TIMEOUT
    while not os.path.exists(flag):
        if p.poll() is not None or time.monotonic() > deadline:
            raise PartFailed("gdb did not get to `continue`:\n"
                             + finish_gdb(p, 1))
        time.sleep(0.1)
    time.sleep(0.5)             # from `shell touch` to the guest running
    return p


def finish_gdb(p, timeout=GDB_TIMEOUT):
    """Wait for a background gdb; return all it printed."""
    try:
        rest, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, _ = p.communicate()
        rest += f"\n[gdb killed after {timeout}s]"
    finally:
        for path in p.tb_files:
            with contextlib.suppress(OSError):
                os.remove(path)
    return rest or ""


def gdb_value(output, label):
    """The value gdb printed for `echo LABEL\\n` + `p EXPR`."""
    m = re.search(rf"^{re.escape(label)}\n\$\d+ = (.*)$", output, re.M)
    if not m:
        raise PartFailed(f"gdb printed no value for {label}:\n"
                         + "\n".join(output.splitlines()[-15:]))
    return m.group(1).strip()


def printed(label, expression):
    return [f"echo {label}\\n", f"p {expression}"]


# -- running a grader -----------------------------------------------------------

def main(grade, argv=None):
    """Command line of a grader module: --kernel, --initrd, --log."""
    p = argparse.ArgumentParser(description="Grade one lab.")
    p.add_argument("--kernel", default=os.path.join(REPO, "build", "kernel.elf"))
    p.add_argument("--initrd", default=os.path.join(REPO, "build",
                                                    "initramfs.cpio"))
    p.add_argument("--tree", default=REPO)
    p.add_argument("--log", help="directory for the guests' console logs")
    args = p.parse_args(argv)
    score, top = grade(args.kernel, args.initrd, args.tree, args.log)
    return 0 if score == top else 1
