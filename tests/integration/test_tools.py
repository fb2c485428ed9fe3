"""The shell tools of "Seeing is believing", driven over the serial console
as a student would: ps (procps's formats), insmod/lsmod/rmmod and dmesg,
gstack (the user stacks), kstack (the kernel stacks and the stack block
picture), uptime, free, strace, pgrep and pidof (BusyBox's), and their
error messages.

The strace tests need ptrace(2) (user/strace.c, kernel/ptrace.c)."""
import re
import time

from tb import PROMPT, both_stack_sizes, status_of, timeout

PS_HEADER = "  PID TTY          TIME CMD"
PS_L_HEADER = "  PID   LWP TTY          TIME CMD"
PS_EF_HEADER = "UID        PID  PPID  C STIME TTY          TIME CMD"
PS_AUX_HEADER = ("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START"
                 "   TIME COMMAND")
FREE_HEADER = ("              total        used        free      shared"
               "  buff/cache   available")


def start_threads(g, n):
    """Run `threads n &`; return its PID once all its threads are up."""
    pid = g.background(f"threads {n}")
    deadline = time.time() + 20
    while time.time() < deadline:
        rows = re.findall(rf"thread tid=\d+ tgid={pid} ", g.output)
        if len(rows) == n:
            break
        time.sleep(0.3)
    assert len(rows) == n, g.output[-2000:]
    time.sleep(0.5)             # let them reach pause()
    g.run("true")               # and the shell its prompt again
    return pid


def table(out, header):
    """The rows after the header line, split on blanks."""
    lines = out.splitlines()
    assert header in lines, f"no header {header!r} in:\n{out}"
    return [l.split() for l in lines[lines.index(header) + 1:] if l.strip()]


def test_ps_threads_share_one_pid(ctx):
    with ctx.shell() as g:
        pid = start_threads(g, 4)
        out = g.run("ps -LA")
        rows = [r for r in table(out, PS_L_HEADER) if r[-1] == "threads"]
        assert len(rows) == 5, out
        assert {r[0] for r in rows} == {str(pid)}, "one PID: the process"
        lwps = [int(r[1]) for r in rows]
        assert len(set(lwps)) == 5 and pid in lwps, "LWP: one per thread"
        assert all(r[2] == "console" for r in rows), out

        out = g.run(f"ps -L -p {pid} -o pid,tid,stat,psr,comm")
        rows = table(out, "  PID   TID STAT PSR COMMAND")
        assert len(rows) == 5, out
        for p, tid, stat, psr, comm in rows:
            assert p == str(pid) and comm == "threads"
            assert stat[0] == "S" and "l" in stat, "sleeping, multithreaded"
            assert 0 <= int(psr) < 2, "the CPU it last ran on (SMP=2)"

        sh = g.run("echo $$").strip()      # the parent: the login shell
        out = g.run(f"ps -p {pid} -o pid,ppid,tgid,nlwp,args")
        assert table(out, "  PID  PPID  TGID NLWP COMMAND") == [
            [str(pid), sh, str(pid), "5", "threads", "4"]], out
        out = g.run("ps -e")
        assert sum(r[0] == str(pid) for r in table(out, PS_HEADER)) == 1
        assert g.run("pidof threads").split() == [str(pid)]
        assert g.run("pgrep -x threads").split() == [str(pid)]


def test_ps_ef_init_and_kernel_threads(ctx):
    with ctx.shell() as g:
        out = g.run("ps -ef")
        rows = [l.split(None, 7) for l in out.splitlines()[1:] if l.strip()]
        assert out.splitlines()[0] == PS_EF_HEADER, out
        by_pid = {int(r[1]): r for r in rows}
        assert by_pid[1][2] == "0", "pid 1 has no parent"
        assert re.search(r"\b(init|sh)\b", by_pid[1][7]), by_pid[1]
        kthreads = [r for r in rows if r[7].startswith("[")]
        assert by_pid[2][7] == "[kthreadd]" and by_pid[2][2] == "0"
        assert len(kthreads) >= 2, out
        for r in kthreads:
            assert r[7].endswith("]") and r[5] == "?", r
            assert r[1] == "2" or r[2] == "2", f"kthreadd's child: {r}"

        out = g.run("ps aux")
        rows = table(out, PS_AUX_HEADER)
        init = next(r for r in rows if r[1] == "1")
        assert init[0] == "root" and "s" in init[7], "pid 1 leads its session"
        assert any(r[-1] == "[kthreadd]" for r in rows)

        out = g.run("ps")
        rows = table(out, PS_HEADER)
        assert {r[-1] for r in rows} >= {"sh", "ps"}, out
        assert all(r[1] == "console" for r in rows), "only this terminal's"


def test_ps_bad_pids_and_options(ctx):
    with ctx.shell() as g:
        out, st = status_of(g, "ps -p 99999")
        assert st == 1 and "no process with PID 99999" in out, out
        assert PS_HEADER in out, "procps prints the header anyway"
        out, st = status_of(g, "ps -p abc")
        assert st == 1 and "process ID list syntax error" in out, out
        out, st = status_of(g, "ps -Z")
        assert st == 1 and "unknown option" in out and "Usage" in out, out
        out, st = status_of(g, "ps -o pid,bogus")
        assert st == 1 and 'format specifier "bogus"' in out, out
        out, st = status_of(g, "ps qq")
        assert st == 1 and "Usage" in out, out


@timeout(150)
def test_insmod_dmesg_lsmod_rmmod(ctx):
    with ctx.shell() as g:
        out, st = status_of(g, "insmod current_affairs")
        assert st == 0, out
        log = g.run("dmesg")
        assert "current_affairs: inserted" in log, log[-3000:]
        assert re.search(r"current_affairs: in process context "
                         r"\(in_task\(\)=1 in_interrupt\(\)=0", log), log
        m = re.search(r"PID\s+:\s+(\d+)\n.*TGID\s+:\s+(\d+)\n", log)
        assert m and m.group(1) == m.group(2) != "1", "insmod's PID"
        assert re.search(r"name\s+: insmod\n", log), "insmod's comm"
        lines = [l for l in log.splitlines() if l.strip()]
        assert all(re.match(r"\[\s*\d+\.\d{6}\] ", l) for l in lines), \
            "dmesg strips the <level> prefixes"
        raw = g.run("dmesg -r | head -3").splitlines()
        assert raw and all(re.match(r"<[0-7]>\[\s*\d+\.\d{6}\] ", l)
                           for l in raw), raw

        out = g.run("lsmod")
        assert out.splitlines()[0] == "Module                  Size  Used by"
        assert re.search(r"^current_affairs\s+\d+\s+0$", out, re.M), out
        out, st = status_of(g, "insmod current_affairs")
        assert st == 1 and "File exists" in out, out

        out, st = status_of(g, "rmmod current_affairs")
        assert st == 0, out
        log = g.run("dmesg")
        assert re.search(r"name\s+: rmmod\n", log), "exit ran in rmmod"
        assert "current_affairs: removed" in log, "exit ran"
        assert "current_affairs" not in g.run("lsmod")
        out, st = status_of(g, "rmmod current_affairs")
        assert st == 1 and "is not currently loaded" in out, out
        out, st = status_of(g, "insmod nosuch")
        assert st == 1 and "could not load module nosuch: " \
            "No such file or directory" in out, out

        g.run("dmesg -C")
        assert g.run("dmesg").strip() == "", "dmesg -C clears the log"


def test_gstack_shows_main_and_thread_function(ctx):
    with ctx.shell() as g:
        pid = start_threads(g, 2)
        out = g.run(f"gstack {pid}")
        heads = re.findall(r"^Thread (\d) \(LWP (\d+)\):$", out, re.M)
        assert [h[0] for h in heads] == ["3", "2", "1"], out
        assert heads[-1][1] == str(pid), "thread 1 is the main thread"
        frames = re.findall(r"^#(\d+) +0x([0-9a-f]{16}) in (\S+) \(\)$",
                            out, re.M)
        names = [f[2] for f in frames]
        assert names.count("main") == 1, out
        assert names.count("thread_main") == 2, out
        assert names.count("pause") == 2, "the threads sleep in pause()"
        assert sum(f[0] == "0" for f in frames) == 3, "a #0 per thread"

        out, st = status_of(g, "gstack abc")
        assert st == 1 and "'abc' is not a process ID" in out, out
        out, st = status_of(g, "gstack 99999")
        assert st == 1 and "no process with PID 99999" in out, out
        out, st = status_of(g, "gstack 2")
        assert st == 1 and "kernel thread" in out, out


@both_stack_sizes
def test_kstack_shows_scheduler_and_layout(ctx):
    with ctx.shell() as g:
        pid = start_threads(g, 1)
        out = g.run(f"kstack {pid}")
        threads = re.findall(r"^Thread (\d+) \(threads\), state S, CPU \d+:$",
                             out, re.M)
        assert len(threads) == 2 and str(pid) in threads, out
        assert out.count("[<0>] schedule+0x") == 2, "both sleep in schedule()"
        assert out.count("entry_SYSCALL_64") == 2, "entered by a system call"
        size = ctx.tp * 4096
        assert out.count(f"kernel stack block of THREAD_SIZE = {size} bytes") == 2
        for part in ("struct pt_regs", "STACK_END_MAGIC 0x57ac6e9d",
                     "struct task_struct", "guard gap"):
            assert out.count(part) == 2, part

        out, st = status_of(g, "kstack 99999")
        assert st == 1 and "no process with PID 99999" in out, out
        out, st = status_of(g, "kstack")
        assert st == 1 and "usage: kstack PID" in out, out


def test_uptime_and_free_formats(ctx):
    with ctx.shell() as g:
        out = g.run("uptime").strip("\n")
        assert re.fullmatch(r" \d\d:\d\d:\d\d up +(\d+ min|\d+:\d\d), +0 users,"
                            r"  load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d",
                            out), repr(out)
        # BusyBox's uptime: -s for the boot time (it has no -p).
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d",
                            g.run("uptime -s").strip())

        out = g.run("free")
        lines = out.splitlines()
        assert lines[0] == FREE_HEADER, out
        mem = re.fullmatch(r"Mem:( +\d+){6}", lines[1])
        assert mem and re.fullmatch(r"Swap:( +\d+){3}", lines[2]), out
        total, used, free = (int(x) for x in lines[1].split()[1:4])
        meminfo = g.run("cat /proc/meminfo")
        assert total == int(re.search(r"MemTotal:\s+(\d+) kB", meminfo).group(1))
        assert used + free <= total
        # BusyBox's -h: "251.1M", and a bare 0.
        assert re.fullmatch(r"Mem:( +\d+(\.\d)?[KMG]| +0){6}",
                            g.run("free -h").splitlines()[1]), "free -h"
        out, st = status_of(g, "free -x")
        assert st == 1 and "Usage: free" in out, out


@timeout(180)
def test_strace_echo_and_errors(ctx):
    """strace CMD: the child is seized (PTRACE_SEIZE) before its execve; syscall stops from there."""
    with ctx.shell() as g:
        out = g.run("strace echo hi", timeout=60)
        assert "no system-call tracing hook" not in out, out
        assert re.search(r'^execve\("/bin/echo", \["echo", "hi"\], 0x[0-9a-f]+'
                         r' /\* \d+ vars \*/\) += 0$', out, re.M), out
        # BusyBox's echo (glibc): one write(2) of the whole line.
        assert re.search(r'^write\(1, "hi\\n", 3', out, re.M), out
        assert re.search(r"^\) += 3$", out, re.M), "the write's result"
        assert re.search(r"^exit_group\(0\) += \?$", out, re.M), out
        assert out.rstrip().endswith("+++ exited with 0 +++"), out

        out = g.run("strace cat /nosuch", timeout=60)
        assert re.search(r'^openat\(AT_FDCWD, "/nosuch", O_RDONLY[|A-Z_]*\) += '
                         r'-1 ENOENT \(No such file or directory\)$', out, re.M), out
        assert "+++ exited with 1 +++" in out, out

        out, st = status_of(g, "strace -p 99999")
        assert st == 1 and "No such process" in out, out
        out, st = status_of(g, "strace nosuchprogram")
        assert st == 1 and "Can't stat 'nosuchprogram'" in out, out


@timeout(180)
def test_strace_signals_and_group_stop(ctx):
    """Signal-delivery stops are printed and the signal delivered; a
    tracee stopped by SIGSTOP stays stopped (PTRACE_LISTEN, state t)
    until SIGCONT, as with Linux's strace."""
    with ctx.shell() as g:
        out = g.run("strace sh -c 'kill -INT $$'", timeout=60)
        assert re.search(r"^--- SIGINT \{si_signo=SIGINT, si_code=SI_USER\} ---$",
                         out, re.M), out
        assert out.rstrip().endswith("+++ killed by SIGINT +++"), out

        tracer = g.background("strace -e trace=kill sh -c 'kill -STOP $$; echo after'")
        m = g.expect(r"kill\((\d+), SIGSTOP\) += 0", timeout=20)
        g.expect(r"--- stopped by SIGSTOP ---", timeout=20)
        tracee = m.group(1)
        time.sleep(0.5)
        status = g.run(f"cat /proc/{tracee}/status")
        assert re.search(r"^State:\s+t \(tracing stop\)$", status, re.M), status
        assert re.search(rf"^TracerPid:\s+{tracer}$", status, re.M), status
        assert "after" not in g.output.split("stopped by SIGSTOP")[-1], \
            "the stopped tracee ran on"
        g.send(f"kill -CONT {tracee}\n")
        g.expect(r"--- SIGCONT \{si_signo=SIGCONT, si_code=SI_USER\} ---", timeout=20)
        g.expect(r"after", timeout=20)
        g.expect(r"\+\+\+ exited with 0 \+\+\+", timeout=20)


@timeout(120)
def test_clock_reads_make_no_system_call(ctx):
    """uptime prints the time of day: musl's time() finds
    __vdso_clock_gettime through AT_SYSINFO_EHDR and never enters the
    kernel for it, so strace shows no clock system call (on a kernel
    without a vDSO it shows clock_gettime(CLOCK_REALTIME, ...))."""
    with ctx.shell() as g:
        out = g.run("strace uptime", timeout=60)
        assert re.search(r"\d\d:\d\d:\d\d up ", out), out
        assert "+++ exited with 0 +++" in out, out
        calls = re.findall(r"^(\w+)\(", out, re.M)
        assert "execve" in calls and "exit_group" in calls, calls
        clocks = {"clock_gettime", "gettimeofday", "time"} & set(calls)
        assert not clocks, f"clock read by system call: {clocks}\n{out}"


@timeout(180)
def test_strace_attach_to_sleeping_thread(ctx):
    """strace -p: PTRACE_SEIZE and PTRACE_INTERRUPT; Ctrl-C detaches."""
    with ctx.shell() as g:
        pid = start_threads(g, 1)
        start = len(g.output)
        g.send(f"strace -p {pid}\n")
        g.expect(rf"strace: Process {pid} attached", timeout=20)
        g.expect(r"futex\(0x[0-9a-f]+, FUTEX_WAIT_PRIVATE, ", timeout=20)
        time.sleep(0.5)
        g.send("\x03")
        g.expect(PROMPT)
        out = g.output[start:]
        assert f"strace: Process {pid} detached" in out, out
        assert g.run(f"ps -o pid,stat -p {pid}").split()[-1].startswith("S"), \
            "the traced thread runs on after strace detaches"
