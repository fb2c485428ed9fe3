"""Every row of the concept guide (docs/concepts.md) is exercised: its
"see it" commands are run the way a student would run them, and the
output must show what the row says.

The rows are read from the markdown tables (a row is `| id | idea | see
it | means | implemented in |`; the commands are the code spans of the
"see it" cell). What each row's output must contain is EXPECT below, keyed
by the row id; a row without an entry, or an entry without a row, fails
test_concepts_rows_have_checks.

How each kind of command runs:
  `$ cmd`         at the shell of one guest shared by all shell rows, in
                  document order; a row's background jobs are killed after it
  `Ctrl-P`        pressed on that guest's console
  `(gdb) cmd`     rows with `continue` boot halted, run their commands from
                  the start (rows with the same commands up to `continue`
                  share a boot); the others attach to one running guest
                  after its rows' shell commands ran; each command runs in
                  its own try, so one error does not stop the rest
  `boot: opt`     a boot with that kernel command line
  `host$ cmd`     on the host, in the repository, TASKBASE_BUILD set
Each row is reported as a subtest (test_concepts_*/<id>).
"""
import os
import re
import subprocess
import tempfile
import time

from tb import PROMPT, REPO, GuestError, log_name, timeout

CONCEPTS = os.path.join(REPO, "docs", "concepts.md")
GEN_GDBINIT = os.path.join(REPO, "scripts", "gen-gdbinit.sh")
CMD_TIMEOUT = 60
GDB_TIMEOUT = 90
ROW = re.compile(r"^\|\s*([A-Za-z][A-Za-z0-9-]*)\s*\|(.*)\|\s*$")
MARK = "@@concept-row "


def rows_with(n, name, same_pid=True):
    """A check: at least n output rows end in name, sharing the first
    column (the PID, or TGID) and with n different second columns."""
    def check(text):
        found = re.findall(rf"^\s*(\d+)\s+(\d+)\s.*\b{re.escape(name)}\s*$",
                           text, re.M)
        by_first = {}
        for first, second in found:
            by_first.setdefault(first, set()).add(second)
        return any(len(s) >= n for s in by_first.values())
    return check


def tb_ps_threads(text):
    """tb-ps: 4 rows named threads, one TGID, four task_struct addresses."""
    rows = re.findall(r"^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+\d+\s+\S\s+\d+\*?"
                      r"\s+threads\s*$", text, re.M)
    return len(rows) >= 4 and len({r[0] for r in rows}) == len(rows) and \
        len({r[2] for r in rows}) == 1


def task_dir_listing(text):
    """ls /proc/PID/task after `threads 3 &` (whose pid the harness asked
    for: "job=PID", run_shell_steps())."""
    job = re.search(r"^job=(\d+)", text, re.M)
    listing = text[text.rfind("/task"):] if "/task" in text else text
    ids = set(re.findall(r"\b(\d+)\b", listing))
    return bool(job) and job.group(1) in ids and len(ids) >= 4


# id -> what the row's output must show: "match" (every regex, re.M),
# "absent" (no regex), "check" (a function of the text).
EXPECT = {
    "monolithic": {"match": [r"__schedule\+0x", r"sys_wait4\+0x",
                             r"invoke_syscall\+0x",
                             r"entry_SYSCALL_64\+0x"]},
    "process-context": {"match": [
        r"current_affairs: in process context \(in_task\(\)=1",
        r"name\s+: insmod"]},
    "interrupt-context": {"match": [
        r"current_affairs: in hardirq context \(in_task\(\)=0",
        r"current is the task this interrupt interrupted",
        r"running on\s+: CPU\d+'s IRQ stack"]},
    "everything-process": {"match": [r"\bcpuinfo\b", r"\bmeminfo\b",
                                     r"(^|\s)1(\s|$)"]},
    "thread-path": {"match": [r"PID\s+LWP\s+TTY\s+TIME\s+CMD"],
                    "check": rows_with(4, "threads")},
    "threads-share": {"match": [r"\[stack\]", r"\[stack:\d+\]",
                                r"r-xp .*/bin/threads"]},
    "task-per-thread": {"check": tb_ps_threads},
    "two-stacks": {"match": [r"KStackBase:\s+0xffffc9", r"KStackSize:\s+\d+",
                             r"UStack:\s+0x0*7f[0-9a-f]+-0x0*7f"]},
    "user-stack": {"match": [r"^7ff[0-9a-f]+-7ffffffff000 rw-p .*\[stack\]"]},
    "kernel-stack": {"match": [r"STACK_END_MAGIC 0x57ac6e9d\s+\|\s+intact",
                               r"\| struct task_struct", r"\| struct pt_regs"]},
    "kthread-stack": {"match": [r"UStack:\s+-\s*$"]},
    "text": {"match": [r"^0*401000-[0-9a-f]+ r-xp .*/bin/busybox"]},
    "data": {"match": [r"rw-p .*/bin/busybox", r"\[heap\]"]},
    "libraries": {"match": [r"r-xp .*/bin/busybox"], "absent": [r"\.so\b"]},
    "stack-limit": {"match": [r"^8192\s*$"]},
    "stack-dynamic": {"match": [r"depth\s+\d+ KiB: local at 0x7fff",
                                r"Segmentation fault"]},
    "rlimit": {"match": [r"RLIMIT_STACK soft limit: 1024 KiB",
                         r"Segmentation fault"]},
    "stack-frames": {"match": [r"Thread \d+ \(LWP \d+\):",
                               r"#0\s+0x[0-9a-f]+ in ",
                               r"in thread_main \(\)"]},
    "kstack-size": {"match": [r"KStackSize:\s+{THREAD_SIZE}\s*$"]},
    "task-struct-in-stack": {"match": [
        r"stack_layout: insmod \(pid \d+", r"\| struct task_struct\s+\|",
        r"STACK_END_MAGIC 0x57ac6e9d\s+\| intact"]},
    "fixed-size": {"match": [r"kernel stack overflow \(double-fault\): task "
                             r"ktest-overflow", r"Kernel panic"]},
    "kstack-usage": {"match": [r"task:sh\s+state:\S stack:\d+",
                               r"task:kthreadd\s+state:\S stack:\d+"]},
    "proc-stack": {"match": [r"^\[<0>\] __schedule\+0x[0-9a-f]+/0x[0-9a-f]+",
                             r"nanosleep"]},
    "gstack": {"match": [r"Thread \d+ \(LWP \d+\):", r"in pause \(\)",
                         r"in thread_main \(\)"]},
    "bpf": {"match": [r"pid 2 \(kthreadd\)",
                      r"__schedule\+0x\S+.*kernel/sched/core\.c:\d+",
                      r"kthreadd\+0x"]},
    "task-struct": {"match": [r"type = struct task_struct \{",
                              r"struct thread_info thread_info;",
                              r"struct thread_struct thread;"]},
    "task-struct-all": {"match": [r"__state = ", r"files = 0x", r"signal = 0x",
                                  r"mm = 0x", r"thread = \{"]},
    "fork-inherit": {"match": [r"^/tmp\s*$"]},
    "credentials": {"match": [
        r"uid=1000\(student\) gid=1000\(student\).*\n\s*"
        r"uid=1000\(student\) gid=1000\(student\)",
        r"-rwsr-sr-x .*student\s+student .*showids",
        r"uid=0/1000/1000 gid=0/1000/1000 secure=1",
        r"kill: can't kill pid 1: Operation not permitted"]},
    "task-list": {"match": [r"the tasks list: init_task -> 1 -> 2 -> 3 -> .*"
                            r"init_task \(doubly linked: checked\)"]},
    "current": {"match": [r'^\$\d+ = "init']},
    "current-pointer": {"match": [r"^\$\d+ = (0x[0-9a-f]+)\n\$\d+ = "
                                  r"\(struct task_struct \*\) \1$"]},
    "in-task": {"match": [r"in_task\(\)=0 in_interrupt\(\)=1 in_hardirq\(\)=1"]},
    "do-each-thread": {"match": [r"TGID\s+PID\s+current", r"\[\s+kthreadd\]",
                                 r"\s0\s+0\s+0x[0-9a-f]{16}\s+0x[0-9a-f]{16} "
                                 r"\[\s+swapper/0\]",
                                 r"thrd_showall: total # of threads on the system: \d+"]},
    "user-mode": {"match": [r"general protection fault", r"Segmentation fault"]},
    "exception-context": {"match": [r"segfault at 0 ip", r"Segmentation fault"]},
    "kthreads": {"match": [r"UID\s+PID\s+PPID\s+C\s+STIME", r"\[kthreadd\]",
                           r"\[kworker/0\]"]},
    "irq-stack": {"match": [r"^CPU0: apic_id.*\n(?:  .*\n)*?  IRQ stack    : "
                            r"[0-9a-f]{16}-[0-9a-f]{16}"]},
    "ps-aux": {"match": [r"USER\s+PID\s+%CPU\s+%MEM\s+VSZ\s+RSS\s+TTY\s+STAT"
                         r"\s+START\s+TIME\s+COMMAND", r"\[kthreadd\]"]},
    "strace": {"match": [r'writev?\(1, .*"hi', r"\+\+\+ exited with 0 \+\+\+"]},
    "ltrace": {"match": [r'^printf\("len %d\\n", 8\) += 6',
                         r"^qsort\(0x[0-9a-f]+, 3, 8, 0x[0-9a-f]+ <unfinished \.\.\.>",
                         r'^  strcmp\("fig", "pear"\) += -10',
                         r"^<\.\.\. qsort resumed> \) += <void>"]},
    "ps-LA": {"match": [r"PID\s+LWP\s+TTY\s+TIME\s+CMD"],
              "check": rows_with(4, "threads")},
    "pid-tgid": {"match": [r"^Tgid:\s+(\d+)\n(?:.*\n)*?Pid:\s+\1$",
                           r"^Threads:\s+1$"]},
    "tgid-shared": {"check": task_dir_listing},
    "current-affairs": {"match": [r"current\s+: 0x[0-9a-f]{16}",
                                  r"this_cpu_read\(current_task\): agrees",
                                  r"running on\s+: the task's kernel stack"]},
    "thrd-showall": {"match": [r"0x[0-9a-f]{16}\s+threads\s+4\s*$",
                                r"^\[[ \d.]+\]\s+0\s+0\s+.*\[\s+swapper/0\]$"]},
    "prcs-showall": {"match": [r"Name\s+\|\s+TGID\s+\|\s+PID\s+\|\s+RUID\s+\|\s+EUID",
                               r"kthreadd\s+\|\s+2\|\s+2\|\s+0\|\s+0$",
                               r"prcs_showall: total # of processes on the system: \d+"]},
    "mm-null": {"match": [r"^\$\d+ = \(struct mm_struct \*\) 0x0$"]},
    "mm-struct": {"match": [r"pgd = 0x", r"start_brk = \d+",
                            r'exe_path = "/bin/init"']},
}


# -- reading the guide -----------------------------------------------------------

class Row:
    """One row of the guide: its id and its steps as (kind, text)."""

    def __init__(self, rid, cells, line):
        self.id, self.line = rid, line
        self.steps = [parse_step(s) for s in re.findall(r"`([^`]+)`",
                                                        cells[1])]

    def kinds(self):
        return {k for k, _ in self.steps}


def parse_step(code):
    for prefix, kind in (("$ ", "sh"), ("(gdb) ", "gdb"), ("boot: ", "boot"),
                         ("host$ ", "host")):
        if code.startswith(prefix):
            return kind, code[len(prefix):].strip()
    if code == "Ctrl-P":
        return "ctrl-p", ""
    return "?", code


def guide_rows():
    """The rows of every table whose header has a "see it" column."""
    rows, in_table = [], False
    with open(CONCEPTS, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("| id |") and "see it" in line:
                in_table = True
                continue
            if not line.startswith("|"):
                in_table = False
                continue
            m = ROW.match(line)
            if in_table and m:
                cells = [c.strip() for c in m.group(2).split("|")]
                rows.append(Row(m.group(1), cells, n))
    return rows


def judge(rid, text, ctx):
    """'' when text shows what row rid promises, else why not."""
    exp = EXPECT[rid]
    size = str(ctx.tp * 4096)
    for pat in exp.get("match", []):
        if not re.search(pat.replace("{THREAD_SIZE}", size), text, re.M):
            return f"no /{pat}/"
    for pat in exp.get("absent", []):
        if re.search(pat, text, re.M):
            return f"unexpected /{pat}/"
    if "check" in exp and not exp["check"](text):
        return f"{exp['check'].__name__} failed"
    return ""


def report(ctx, results):
    """Each row a subtest; fail listing the rows that failed."""
    failed = []
    for rid, text, why in results:
        tail = "\n".join(text.splitlines()[-25:])
        ctx.subtest(rid, not why, f"{why}\n--- output (tail) ---\n{tail}"
                    if why else "")
        if why:
            failed.append(f"{rid}: {why}")
    assert not failed, "rows not shown as the guide says:\n  " + \
        "\n  ".join(failed)


# -- shell rows -----------------------------------------------------------------

class Shell:
    """A guest at the prompt; started again if a row leaves it broken."""

    def __init__(self, ctx, **kw):
        self.ctx, self.kw, self.g = ctx, kw, None

    def guest(self):
        if self.g is None or self.g.status is not None:
            if self.g:
                self.g.kill()
            self.g = self.ctx.guest(timeout=CMD_TIMEOUT, **self.kw).start()
            self.g.expect(PROMPT)
        return self.g

    def broken(self):
        if self.g:
            self.g.kill()
        self.g = None


def ctrl_p(g):
    """Press Ctrl-P; wait until the whole task dump is out."""
    g.send("\x10")
    g.expect(r"Ctrl-P: task dump requested", timeout=20)
    last = -1
    for _ in range(60):
        time.sleep(0.3)
        if len(g.output) == last and re.search(r"task:swapper/\d.*\n.*$",
                                                g.output):
            break
        last = len(g.output)
    g.run("")


def run_shell_steps(g, steps):
    """Run a row's shell and Ctrl-P steps; return whether it started a
    background job."""
    background = False
    for kind, text in steps:
        if kind == "ctrl-p":
            ctrl_p(g)
        elif text.endswith("&"):
            # The job's pid ("job=41", ash prints no "[1] 41") and the
            # prompt after it: consumed here, or the empty line's prompt
            # below could land in the middle of the next command's output.
            g.background(text[:-1].rstrip(), timeout=CMD_TIMEOUT)
            time.sleep(1.5)         # let the job start its threads
            g.run("")
            background = True
        else:
            g.run(text, timeout=CMD_TIMEOUT)
    return background


@timeout(300)
def test_concepts_shell_rows(ctx):
    """Rows shown with shell commands and Ctrl-P, in one guest."""
    rows = [r for r in guide_rows() if r.kinds() <= {"sh", "ctrl-p"}]
    shell, results = Shell(ctx), []
    try:
        for row in rows:
            g = shell.guest()
            start = len(g.output)
            try:
                if run_shell_steps(g, row.steps):
                    g.run("kill $!; wait", timeout=CMD_TIMEOUT)
                text = g.output[start:]
                results.append((row.id, text, judge(row.id, text, ctx)))
            except GuestError as e:
                results.append((row.id, g.output[start:], f"guest: {e.reason}"))
                shell.broken()
    finally:
        shell.broken()
    report(ctx, results)


# -- gdb rows -------------------------------------------------------------------

def gdb_script(ctx, guest, groups):
    """A gdb script: the gdbinit, then each (label, commands) group after
    an echoed marker, each command guarded so an error is printed, not
    fatal."""
    init = subprocess.run([GEN_GDBINIT, "-q", ctx.kernel(),
                           str(guest.gdb_port)], capture_output=True,
                          text=True, timeout=10, check=True).stdout
    lines = [init]
    for label, commands in groups:
        if label:
            lines.append(f"echo \\n{MARK}{label}\\n")
        for cmd in commands:
            if cmd in ("continue",) or cmd.startswith("break "):
                lines.append(cmd)
                continue
            lines += ["python", "try:",
                      f"    gdb.execute({cmd!r})",
                      "except gdb.error as e:",
                      "    print('gdb error: %s' % e)",
                      "end"]
    return "\n".join(lines) + "\n"


def run_gdb(ctx, guest, groups):
    """Run the groups in gdb -batch; return {label: output}."""
    script = gdb_script(ctx, guest, groups)
    os.makedirs(ctx.log_dir, exist_ok=True)
    log = os.path.join(ctx.log_dir, log_name(ctx.name) + ".gdb.log")
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as f:
        f.write(script)
    try:
        done = subprocess.run(["gdb", "-batch", "-nx", "-x", f.name],
                              cwd=REPO, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True,
                              timeout=GDB_TIMEOUT)
        out = done.stdout + done.stderr
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") + "\n[gdb timed out]"
    finally:
        os.remove(f.name)
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"### script\n{script}### output\n{out}\n")
    parts = re.split(rf"^{re.escape(MARK)}(\S+)$", out, flags=re.M)
    found = {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    found[""] = parts[0]
    return found


def halted_prefix(row):
    """The gdb commands up to and including `continue`, or None."""
    cmds = [t for k, t in row.steps if k == "gdb"]
    return tuple(cmds[:cmds.index("continue") + 1]) if "continue" in cmds \
        else None


@timeout(300)
def test_concepts_gdb_rows(ctx):
    """Rows shown with gdb commands (after shell commands, if any)."""
    rows = [r for r in guide_rows() if "gdb" in r.kinds()]
    results = []
    halted = {}
    for row in rows:
        prefix = halted_prefix(row)
        if prefix:
            halted.setdefault(prefix, []).append(row)
    for prefix, group in halted.items():
        with ctx.guest(gdb=True, timeout=CMD_TIMEOUT) as g:
            out = run_gdb(ctx, g, [("", list(prefix))] + [
                (r.id, [t for k, t in r.steps if k == "gdb"][len(prefix):])
                for r in group])
        for r in group:
            text = out.get(r.id, "")
            results.append((r.id, text, judge(r.id, text, ctx) if text
                            else "no gdb output (did the breakpoint hit?)\n"
                            + out[""][-1500:]))
    attached = [r for r in rows if not halted_prefix(r)]
    with ctx.guest(gdb=True, timeout=CMD_TIMEOUT) as g:
        run_gdb(ctx, g, [])                 # attach once: the guest runs on
        g.expect(PROMPT)
        shell_out = {}
        for r in attached:
            start = len(g.output)
            run_shell_steps(g, [s for s in r.steps if s[0] in ("sh", "ctrl-p")])
            shell_out[r.id] = g.output[start:]
        out = run_gdb(ctx, g, [(r.id, [t for k, t in r.steps if k == "gdb"])
                               for r in attached])
    for r in attached:
        text = shell_out[r.id] + out.get(r.id, "")
        results.append((r.id, text, judge(r.id, text, ctx)))
    report(ctx, results)


# -- boot options, host commands ----------------------------------------------------

@timeout(240)
def test_concepts_boot_and_host_rows(ctx):
    """Rows shown by a boot option or a command on the host."""
    results = []
    for row in guide_rows():
        if "boot" in row.kinds():
            append = " ".join(t for k, t in row.steps if k == "boot")
            with ctx.guest(append=append, timeout=CMD_TIMEOUT) as g:
                try:
                    if "ktest" in append:
                        g.wait_exit(120)
                    else:
                        g.expect(PROMPT)
                    why = ""
                except GuestError as e:
                    why = f"guest: {e.reason}"
                text = g.output
            results.append((row.id, text, why or judge(row.id, text, ctx)))
        elif "host" in row.kinds():
            env = dict(os.environ, TASKBASE_BUILD=ctx.build)
            text = ""
            for _, cmd in row.steps:
                done = subprocess.run(cmd, shell=True, cwd=REPO, env=env,
                                      capture_output=True, text=True,
                                      timeout=120)
                text += done.stdout + done.stderr
            results.append((row.id, text, judge(row.id, text, ctx)))
    report(ctx, results)


# -- the guide itself -------------------------------------------------------------

def test_concepts_rows_have_checks(ctx):
    """Every row has an id, runnable commands and an entry in EXPECT, and
    every EXPECT entry has a row; functions are named, never lines."""
    rows = guide_rows()
    ids = [r.id for r in rows]
    assert len(rows) >= 40, f"only {len(rows)} rows in {CONCEPTS}"
    assert len(ids) == len(set(ids)), "duplicate row ids"
    assert set(ids) == set(EXPECT), (
        f"rows without checks: {sorted(set(ids) - set(EXPECT))}; "
        f"checks without rows: {sorted(set(EXPECT) - set(ids))}")
    for r in rows:
        assert r.steps, f"row {r.id} (line {r.line}) has no command"
        bad = [t for k, t in r.steps if k == "?"]
        assert not bad, f"row {r.id}: unknown command kind {bad}"
    with open(CONCEPTS, encoding="utf-8") as f:
        text = f.read()
    assert not re.search(r"\.[chS]:\d+|line \d+", text), \
        "the guide points at code by line number"
