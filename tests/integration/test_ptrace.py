"""ptrace(2) and the tools on it, driven over the serial console: the
user-space suite user/ptracetest.c (every request, every stop kind, the
bad input), and Debian's own strace 6.1 (/usr/bin/strace in the image,
scripts/build-strace.sh, in $(O)/initramfs-strace.cpio) against the known system calls of ptracetest's
tracee modes."""
import os
import re
import time

from tb import both_stack_sizes, tap_passed, timeout

STRACE = "/usr/bin/strace"


def strace_shell(ctx):
    """ctx.shell() from the image that has /usr/bin/strace (see the
    Makefile)."""
    return ctx.shell(initrd=os.path.join(ctx.build_dir(),
                                         "initramfs-strace.cpio"))


def lines(out):
    """The output without the kernel's log lines ("[    0.1] ...")."""
    return [l.rstrip("\r") for l in out.splitlines()
            if l.strip() and not re.match(r"\s*\[\s*\d+\.\d+\]", l)]


def has_strace(g):
    out = g.run(f"ls {STRACE}")
    return STRACE in out and "No such" not in out


@both_stack_sizes
@timeout(240)
def test_ptracetest_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("ptracetest", timeout=180)
    assert tap_passed(out, "ptracetest") >= 15


@timeout(240)
def test_real_strace(ctx):
    """Debian's strace: echo, -f of two threads, -e, -c, -p and detach."""
    with strace_shell(ctx) as g:
        assert has_strace(g), "no /usr/bin/strace: scripts/build-strace.sh?"
        out = lines(g.run(f"{STRACE} echo hi", timeout=60))
        assert out[0].startswith('execve("/bin/echo", ["echo", "hi"]'), out
        assert any(l.startswith(("writev(1, ", "write(1, ")) for l in out), out
        assert "exit_group(0)" in " ".join(out), out
        assert out[-1] == "+++ exited with 0 +++", out

        out = lines(g.run(f"{STRACE} -qq -e trace=getppid "
                          "ptracetest --getppid 3", timeout=60))
        calls = [l for l in out if l.startswith("getppid()")]
        assert len(calls) == 3, out

        out = g.run(f"{STRACE} -f -e trace=getppid,exit "
                    "ptracetest --threads", timeout=60)
        tids = re.findall(r"\[pid +(\d+)\] getppid\(\) += \d+", out)
        exits = re.findall(r"\[pid +(\d+)\] \+\+\+ exited with 0 \+\+\+", out)
        assert len(set(tids)) == 2 and set(tids) == set(exits), out
        assert out.count("Process ") >= 2 and "attached" in out, out

        out = g.run(f"{STRACE} -c ptracetest --getppid 10", timeout=60)
        row = re.search(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+getppid$", out,
                        re.M)
        assert row and row.group(1) == "10", out
        assert re.search(r"100\.00\s+[\d.]+\s+\d+\s+\d+\s+total", out), out


@timeout(240)
def test_real_strace_c_times(ctx):
    """strace -c takes each syscall's system time from the rusage wait4
    returns for the tracee's stops: for 20000 calls it is not all 0."""
    with strace_shell(ctx) as g:
        assert has_strace(g), "no /usr/bin/strace: scripts/build-strace.sh?"
        out = g.run(f"{STRACE} -c ptracetest --getppid 20000", timeout=180)
    total = re.search(r"^100\.00\s+([\d.]+)\s+\d+\s+\d+\s+total$", out, re.M)
    assert total and float(total.group(1)) > 0, out


def wait_for(g, pattern, start, limit):
    """Wait until pattern shows up in the guest's output after offset start:
    a background job's line may come before or after the prompt that
    background() consumes."""
    deadline = time.monotonic() + limit
    while not re.search(pattern, g.output[start:]):
        assert time.monotonic() < deadline, g.output[start:]
        time.sleep(0.1)


@timeout(240)
def test_real_strace_attach_detach(ctx):
    """strace -p attaches to a sleeping process (state t, TracerPid), which
    resumes its sleep through restart_syscall as on Linux, and detaches on
    SIGINT; the process then runs on and ends normally."""
    with strace_shell(ctx) as g:
        assert has_strace(g), "no /usr/bin/strace: scripts/build-strace.sh?"
        pid = g.background("sleep 8", timeout=30)
        start = len(g.output)
        tracer = g.background(f"{STRACE} -p {pid}", timeout=30)
        wait_for(g, rf"Process {pid} attached", start, 30)
        wait_for(g, r"restart_syscall\(<\.\.\. resuming interrupted ", start, 30)
        out = g.run(f"sleep 1; grep TracerPid /proc/{pid}/status", timeout=30)
        assert re.search(rf"TracerPid:\s+{tracer}\b", out), out
        out = g.run(f"kill -INT {tracer}; sleep 1; echo done", timeout=30)
        assert "detached" in out, out
        out = g.run(f"grep TracerPid /proc/{pid}/status", timeout=30)
        assert re.search(r"TracerPid:\s+0\b", out), out
        g.run("sleep 8", timeout=60)
        assert f" {pid} " not in g.run("ps"), "the tracee did not finish"


@timeout(120)
def test_exec_with_no_environment(ctx):
    """execve with an empty envp still ends argv and envp with a NULL each:
    glibc's static start-up (strace) finds the auxiliary vector after them."""
    with strace_shell(ctx) as g:
        out = g.run(f"env -i {STRACE} -V", timeout=60)
    assert "strace -- version" in out and "Segmentation" not in out, out
