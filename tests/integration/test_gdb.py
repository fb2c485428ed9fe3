"""gdb against a live Taskbase, as `make debug` gives it to a student:
breakpoints in 64-bit code under TCG, every CPU a gdb thread, and the tb-*
helpers of scripts/gdb/taskbase.py, each checked against what the kernel
itself prints on the serial console.

Each test boots one QEMU halted with a gdb stub (ctx.guest(gdb=True)) and
runs `gdb -batch -nx -x SCRIPT`: the gdbinit of scripts/gen-gdbinit.sh,
then the test's commands. gdb -batch detaches at the end, and the guest
runs on. The script and gdb's output are kept in
BUILD/test-logs/<test>.gdb.log.
"""
import os
import re
import socket
import subprocess
import sys
import threading
import time

from tb import PROMPT, REPO, both_stack_sizes, log_name

GDB_TIMEOUT = 45                # seconds for one gdb -batch run
GUEST_TIMEOUT = 30              # seconds for one expected console line
GEN_GDBINIT = os.path.join(REPO, "scripts", "gen-gdbinit.sh")
CONSOLE = os.path.join(REPO, "scripts", "console.py")
STACK_END_MAGIC = "0x57ac6e9d"

# One row of tb-ps: address, PID, TGID, PPID, state, CPU[*], name.
PS_ROW = re.compile(r"^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+"
                    r"([RSDTtXZI])\s+(\d+)\*?\s+(\S+)$", re.M)
# One row of thrd_showall: TGID, PID, current, stack-start, name.
SHOWALL_ROW = re.compile(r"^\[[ \d.]+\]\s+(\d+)\s+(\d+)\s+0x([0-9a-f]{16})\s+"
                         r"0x([0-9a-f]{16})\s+(\[\s*\S+\]|\S+)", re.M)
SHOWALL_TOTAL = r"thrd_showall: total # of threads on the system: (\d+)"
# The current task through the stack pointer, as the kernel's current does.
CURRENT_FROM_RSP = ("((struct thread_info *)((unsigned long)$rsp & "
                    "~(sizeof(union thread_union) - 1)))->task->pid")


# -- helpers -----------------------------------------------------------------

def gdb_log_path(ctx):
    """BUILD/test-logs/<test>.gdb.log: the gdb transcript of this test."""
    os.makedirs(ctx.log_dir, exist_ok=True)
    return os.path.join(ctx.log_dir, log_name(ctx.name) + ".gdb.log")


def gdbinit(ctx, guest):
    """The gdbinit make debug would use for this guest."""
    out = subprocess.run([GEN_GDBINIT, "-q", ctx.kernel(),
                          str(guest.gdb_port)], capture_output=True,
                         text=True, timeout=10, check=True)
    return out.stdout


def run_gdb(ctx, guest, commands):
    """Run gdb -batch with the gdbinit and commands; return its output.

    The transcript is appended to the test's .gdb.log.
    """
    script = gdbinit(ctx, guest) + "\n".join(commands) + "\n"
    path = gdb_log_path(ctx)
    script_path = path[:-len(".log")] + ".script"
    with open(script_path, "w", encoding="utf-8") as f:
        f.write(script)
    try:
        done = subprocess.run(["gdb", "-batch", "-nx", "-x", script_path],
                              stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=GDB_TIMEOUT)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode(errors="replace")
        output += f"\n[gdb killed after {GDB_TIMEOUT}s]"
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"### script\n{script}### output\n{output}\n")
    os.remove(script_path)
    return output


def check(condition, what, output):
    """Fail with what went wrong and the tail of gdb's output."""
    if not condition:
        tail = "\n".join(output.splitlines()[-60:])
        raise AssertionError(f"{what}\n--- gdb output (tail) ---\n{tail}")


def gdb_value(output, name):
    """The value of a `p` command whose output line is `$N = value`;
    name is the comment the script echoed just before it."""
    m = re.search(rf"^{re.escape(name)}\n\$\d+ = (.*)$", output, re.M)
    check(m, f"no value printed for {name}", output)
    return m.group(1).strip()


def printed(name, expression):
    """Commands that print expression under a label gdb_value() finds."""
    return [f"echo {name}\\n", f"p {expression}"]


def let_it_run(ctx, guest):
    """Connect once and detach: the halted guest starts running."""
    run_gdb(ctx, guest, ["echo detaching\\n"])


# -- the tests -----------------------------------------------------------------

def test_gdb_breakpoint_in_64bit_code(ctx):
    """(a) A software breakpoint in a C function hits under TCG, bt shows
    it, and each of 4 CPUs is a gdb thread."""
    with ctx.guest(gdb=True, smp=4, timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["info threads", "break kernel_init",
                               "continue", "bt"]
                      + printed("via-tb-current",
                                "$tb_current($tb_cpu())->pid")
                      + printed("via-rsp", CURRENT_FROM_RSP))
    cpus = set(re.findall(r"Thread 1\.\d+ \(CPU#(\d+)", out))
    check(cpus >= {"0", "1", "2", "3"}, "info threads must list 4 CPUs", out)
    check(re.search(r"Breakpoint 1, kernel_init \(", out),
          "breakpoint at kernel_init did not hit", out)
    check(re.search(r"^#0\s+kernel_init \(", out, re.M),
          "bt does not start in kernel_init", out)
    # kernel_init runs as pid 1: both ways to find current agree.
    check(gdb_value(out, "via-tb-current") == "1",
          "$tb_current of the breakpoint's CPU is not pid 1", out)
    check(gdb_value(out, "via-rsp") == "1",
          "rsp & ~(THREAD_SIZE-1) does not give pid 1", out)


def test_gdb_tb_ps_matches_thrd_showall(ctx):
    """(b) tb-ps at a breakpoint lists the same tasks (PIDs, names,
    task_struct addresses) that thrd_showall then prints."""
    with ctx.guest(gdb=True, append="demo", timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break showthrds", "continue", "tb-ps"])
        m = g.expect(SHOWALL_TOTAL)
        console = g.output[:m.start()]
    check(re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?showthrds", out),
          "no stop in thrd_showall's showthrds", out)
    ps = {int(pid): (addr, name) for addr, pid, _, _, _, _, name
          in PS_ROW.findall(out) if int(pid) > 0}
    showall = {int(pid): (addr, re.sub(r"^\[\s+", "[", name))
               for _, pid, addr, _, name in SHOWALL_ROW.findall(console)
               if int(pid) > 0}
    for pid, name in ((1, "[init]"), (2, "[kthreadd]"), (3, "[kworker/0]")):
        check(ps.get(pid, (None, None))[1] == name,
              f"tb-ps has no pid {pid} {name}", out)
    check(ps == showall, f"tb-ps {ps} differs from thrd_showall {showall}",
          out)
    idle = [name for addr, pid, _, _, _, _, name in PS_ROW.findall(out)
            if pid == "0"]
    check("[swapper/0]" in idle, "tb-ps lacks CPU 0's idle task", out)


def test_gdb_tb_current_is_the_breakpoint_task(ctx):
    """(c) $tb_current(0) is the task that hit the breakpoint: the one
    current_affairs has just reported, and the one $tb_task() finds."""
    with ctx.guest(gdb=True, smp=1, append="demo",
                   timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break showthrds", "continue"]
                      + printed("pid", "$tb_current(0)->pid")
                      + printed("comm", "$tb_current()->comm")
                      + printed("same", "$tb_current(0) == $tb_task(1)")
                      + printed("via-rsp", CURRENT_FROM_RSP))
        reported = g.expect(r"PID\s+:\s+(\d+)").group(1)
    check(re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?showthrds", out),
          "no stop in thrd_showall's showthrds", out)
    check(gdb_value(out, "pid") == reported,
          f"$tb_current(0)->pid is not {reported}", out)
    check(gdb_value(out, "comm").startswith('"init"'),
          "$tb_current()->comm is not init", out)
    check(gdb_value(out, "same") == "1", "$tb_current(0) != $tb_task(1)", out)
    check(gdb_value(out, "via-rsp") == reported,
          "rsp & ~(THREAD_SIZE-1) disagrees with $tb_current(0)", out)


def test_gdb_tb_kstack_sleeping_kworker(ctx):
    """(d) After boot, attached to the running kernel: the sleeping
    kworker's saved stack goes through the scheduler, with file:line, and
    tb-kstack --gdb gives gdb's own bt of it and restores the CPU."""
    with ctx.guest(gdb=True, timeout=GUEST_TIMEOUT) as g:
        let_it_run(ctx, g)
        g.expect(PROMPT, timeout=30)     # the shell is up: boot is done
        out = run_gdb(ctx, g, ["tb-ps", "tb-kstack 3"]
                      + printed("pc-before", "/x $pc")
                      + printed("sp-before", "/x $sp")
                      + ["tb-kstack --gdb 3"]
                      + printed("pc-after", "/x $pc")
                      + printed("sp-after", "/x $sp"))
    rows = {int(pid): state for _, pid, _, _, state, _, _
            in PS_ROW.findall(out)}
    check(rows.get(3) in ("S", "D", "I"), "kworker (pid 3) is not asleep",
          out)
    check(re.search(r"^#0\s+0x[0-9a-f]+ __schedule\+0x[0-9a-f]+/0x[0-9a-f]+"
                    r".*  kernel/sched/core\.c:\d+$", out, re.M),
          "tb-kstack 3 does not start in __schedule (with file:line)", out)
    check(re.search(r" schedule\+0x|\[inlined: schedule\]", out),
          "tb-kstack 3 does not go through schedule()", out)
    check(re.search(r"ret_from_fork\+0x", out),
          "tb-kstack 3 does not reach ret_from_fork", out)
    check(re.search(r"^#\d+\s+0x[0-9a-f]+ in (__)?schedule \(", out, re.M),
          "tb-kstack --gdb 3: gdb's bt lacks the scheduler", out)
    for reg in ("pc", "sp"):
        check(gdb_value(out, f"{reg}-before") == gdb_value(out, f"{reg}-after"),
              f"tb-kstack --gdb did not restore ${reg}", out)


@both_stack_sizes
def test_gdb_tb_stack_layout(ctx):
    """(e) tb-stack-layout 1: THREAD_SIZE of this build, the block at
    $tb_task(1), STACK_END_MAGIC intact right above the task_struct."""
    size = ctx.tp * 4096
    with ctx.guest(gdb=True, timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break kernel_init", "continue",
                               "tb-stack-layout 1"]
                      + printed("task", "/x (unsigned long)$tb_task(1)")
                      + printed("tsize", "sizeof(struct task_struct)"))
        g.expect(rf"THREAD_PAGES={ctx.tp} THREAD_SIZE={size}\b")
    check(f"THREAD_SIZE={size} bytes ({ctx.tp} pages)" in out,
          f"tb-stack-layout does not say THREAD_SIZE={size}", out)
    magic = re.search(r"^\s+0x([0-9a-f]{16})\s+\| STACK_END_MAGIC (0x\w+)"
                      r"\s+\|\s+(\w+)", out, re.M)
    check(magic and magic.group(2) == STACK_END_MAGIC and
          magic.group(3) == "intact", "STACK_END_MAGIC not shown intact", out)
    base = re.search(r"^\s+0x([0-9a-f]{16})\s+\+-+\+\s+block base", out, re.M)
    top = re.search(r"^\s+0x([0-9a-f]{16})\s+\+-+\+\s+top of stack", out, re.M)
    check(base and top, "no block base or top in the picture", out)
    base, top = int(base.group(1), 16), int(top.group(1), 16)
    check(top - base == size, f"top - base is not {size}", out)
    check(base == int(gdb_value(out, "task"), 16),
          "block base is not $tb_task(1)", out)
    check(int(magic.group(1), 16) == base + int(gdb_value(out, "tsize")),
          "STACK_END_MAGIC is not right above the task_struct", out)


def test_gdb_tb_dmesg(ctx):
    """(f) tb-dmesg prints the log ring buffer: the boot banner, without
    the <level> prefix unless asked for with -l."""
    with ctx.guest(gdb=True, timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break kernel_init", "continue",
                               "echo plain\\n", "tb-dmesg",
                               "echo levels\\n", "tb-dmesg -l"])
        banner = g.expect(r"Taskbase version \S+ .*").group(0)
    check("levels\n" in out, "tb-dmesg failed", out)
    plain, levels = out.split("\nplain\n", 1)[-1].split("\nlevels\n", 1)
    check(re.search(r"^\[\s*\d+\.\d{6}\] " + re.escape(banner), plain, re.M),
          "tb-dmesg lacks the boot banner", out)
    check(not re.search(r"^<\d>", plain, re.M),
          "tb-dmesg shows <level> prefixes", out)
    check(re.search(r"^<5>\[\s*\d+\.\d{6}\] " + re.escape(banner), levels,
                    re.M), "tb-dmesg -l lacks <5> before the banner", out)


def test_gdb_tb_ns(ctx):
    """tb-ns shows a task's namespaces as /proc/<pid>/ns names them: pid
    1, still a kernel thread here, is in the initial ones."""
    with ctx.guest(gdb=True, timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break kernel_init", "continue", "tb-ns 1"])
    check(re.search(r"^nsproxy 0x[0-9a-f]+ \(NULL: init_nsproxy\)", out, re.M),
          "tb-ns does not show init_nsproxy for pid 1", out)
    for name, link in (("uts", "uts:[4026531838]"), ("user", "user:[4026531837]"),
                       ("pid_for_children", "pid:[4026531836]"),
                       ("time", "time:[4026531834]")):
        check(re.search(rf"^  {name}\s+{re.escape(link)}  count \d+", out, re.M),
              f"tb-ns lacks {name} {link}", out)
    check(re.search(r"^  pid\s+pid:\[4026531836\]", out, re.M) and
          re.search(r"^  NSpid \(outermost first\): 1$", out, re.M),
          "tb-ns does not show pid 1's pid namespace and number", out)


def test_gdb_tb_cpus_irq_stack(ctx):
    """(g) tb-cpus shows each CPU's IRQ stack as the boot log printed it,
    and pid 1 current on one CPU. At thrd_showall (demo) smp_init() is
    done: every CPU the log announced is online."""
    with ctx.guest(gdb=True, smp=2, append="demo",
                   timeout=GUEST_TIMEOUT) as g:
        out = run_gdb(ctx, g, ["break showthrds", "continue", "tb-cpus",
                               "echo help\\n", "tb-help"])
        g.expect(SHOWALL_TOTAL)
        boot = dict(re.findall(r"CPU(\d+): IRQ stack ([0-9a-f]{16}-"
                               r"[0-9a-f]{16})", g.output))
    shown = dict(re.findall(r"^CPU(\d+): apic_id.*\n(?:  .*\n)*?"
                            r"  IRQ stack    : ([0-9a-f]{16}-[0-9a-f]{16})",
                            out, re.M))
    check("0" in boot, "the boot log has no CPU0 IRQ stack line", out)
    for cpu, stack in boot.items():
        check(shown.get(cpu) == stack, f"CPU{cpu}'s IRQ stack: tb-cpus "
              f"{shown.get(cpu)}, boot log {stack}", out)
    check(re.search(r"current\s+: pid 1 \(\[init\]\)", out),
          "tb-cpus does not show pid 1 current on the breakpoint's CPU", out)
    help_text = out.split("\nhelp\n", 1)[-1]
    for command in ("tb-ps", "tb-threads", "tb-kstack", "tb-stack-layout",
                    "tb-dmesg", "tb-cpus", "$tb_current", "$tb_task"):
        check(command in help_text, f"tb-help does not list {command}", out)


def test_gdb_breakpoint_in_a_user_program(ctx):
    """(h) A breakpoint in a user program (add-symbol-file) hits when the
    shell runs it, in that program. It never writes the program's text,
    which is the file's own page that every run of the program maps:
    with the breakpoint gone, the program runs as before."""
    true_elf = os.path.join(ctx.build_dir(), "user", "true")
    flag = os.path.join(ctx.log_dir, f"gdb-user-bp-{os.getpid()}.ready")
    result = {}
    with ctx.guest(gdb=True, timeout=GUEST_TIMEOUT) as g:
        let_it_run(ctx, g)
        g.expect(PROMPT, timeout=30)
        # The condition skips other programs' code at the same address.
        gdb = threading.Thread(target=lambda: result.update(out=run_gdb(
            ctx, g, [f"add-symbol-file {true_elf}",
                     "break main if $_streq($tb_current($tb_cpu())->comm,"
                     " \"true\")",
                     f"shell touch {flag}", "continue", "bt"]
            + printed("comm", "$tb_current($tb_cpu())->comm")
            + ["delete"])))
        gdb.start()
        deadline = time.time() + GDB_TIMEOUT
        while not os.path.exists(flag) and time.time() < deadline:
            time.sleep(0.1)
        g.send("/bin/true; echo first=$?\n")   # not ash's builtin    # runs once gdb continues
        gdb.join(GDB_TIMEOUT + 5)
        g.expect(r"first=0\r?\n")
        g.expect_prompt()
        again = g.run("/bin/true; echo again=$?")
    if os.path.exists(flag):
        os.remove(flag)
    out = result.get("out", "[gdb did not finish]")
    check(re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?main \(", out),
          "the breakpoint at main of /bin/true did not hit", out)
    check(gdb_value(out, "comm").startswith('"true"'),
          "the breakpoint stopped another program", out)
    check("again=0" in again and "Trace/breakpoint trap" not in again,
          f"/bin/true fails after the breakpoint: {again!r}", out)


def test_gdb_gen_gdbinit_by_hand(ctx):
    """gen-gdbinit.sh writes a .gdbinit for gdb by hand and hints at
    gdb's auto-load safe path."""
    done = subprocess.run([GEN_GDBINIT, ctx.kernel(), "4321"],
                          capture_output=True, text=True, timeout=10)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "set architecture i386:x86-64" in lines
    assert f"file {os.path.realpath(ctx.kernel())}" in lines
    assert any(re.match(r"source .*scripts/gdb/taskbase\.py$", s)
               for s in lines)
    assert lines[-1] == "target remote 127.0.0.1:4321"
    assert "add-auto-load-safe-path" in done.stderr


def test_gdb_console_relays_both_ways(ctx):
    """scripts/console.py connects stdin/stdout to a Unix socket (the
    serial console of make debug)."""
    path = os.path.join(ctx.log_dir, f"console-test-{os.getpid()}.sock")
    os.makedirs(ctx.log_dir, exist_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    server.settimeout(10)
    got = []

    def guest_side():
        conn, _ = server.accept()
        conn.settimeout(10)
        conn.sendall(b"Taskbase console\r\n$ ")
        got.append(conn.recv(100))
        conn.close()

    helper = threading.Thread(target=guest_side, daemon=True)
    helper.start()
    try:
        done = subprocess.run([sys.executable, CONSOLE, path],
                              input=b"ls\n", capture_output=True, timeout=15)
    finally:
        helper.join(10)
        server.close()
        os.remove(path)
    assert b"Taskbase console" in done.stdout, done
    assert got == [b"ls\n"], got


def test_guest_core_of_a_running_guest(ctx):
    """scripts/guest_core.py: a guest with no gdb stub (as make fuzz runs
    it) snapshot from QEMU's memory into a core; tb-ps on it lists the
    shell and a sleeping child with their PIDs, tb-kstack shows where the
    child sleeps. How seed 108's silent guest was read."""
    core = os.path.join(ctx.log_dir, f"guest-core-{os.getpid()}.core")
    os.makedirs(ctx.log_dir, exist_ok=True)
    with ctx.shell() as g:
        out = g.run("sleep 300 & echo pids $$ $!")
        shell, child = re.search(r"pids (\d+) (\d+)", out).groups()
        snap = subprocess.run([sys.executable, os.path.join(
            REPO, "scripts", "guest_core.py"), str(g.proc.pid), ctx.kernel(),
            core], capture_output=True, text=True, timeout=60)
    try:
        assert snap.returncode == 0, snap.stdout + snap.stderr
        done = subprocess.run(
            ["gdb", "-batch", "-nx", ctx.kernel(), core, "-ex",
             "source " + os.path.join(REPO, "scripts", "gdb", "taskbase.py"),
             "-ex", "tb-ps", "-ex", f"tb-kstack {child}"],
            capture_output=True, text=True, timeout=GDB_TIMEOUT)
    finally:
        os.remove(core)
    rows = {int(m[1]): (m[4], m[6]) for m in PS_ROW.findall(done.stdout)}
    assert rows.get(int(shell), ("", ""))[1] == "sh", done.stdout
    assert rows.get(int(child)) == ("S", "sleep"), done.stdout
    assert re.search(r"#\d+ +0x[0-9a-f]+ __schedule\+", done.stdout), done.stdout
    assert re.search(r"#\d+ +0x[0-9a-f]+ sys_\w*nanosleep\+", done.stdout), \
        done.stdout
