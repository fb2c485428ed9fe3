"""Credentials between processes and at exec (issue 16), from the shell:
credtests (root's and the student's view of priorities, limits, CPUs,
/proc, set-ID exec and AT_SECURE, nosuid, set-group-ID directories, the
bits a write clears); the set-ID demo showids; the isolation tests of
usertests and faults again as the ordinary user; and the refusals of the
issue's Security list typed by the student at the shell."""
import re

from tb import refused, status_of, tap_passed, timeout

# usertests whose subject is one process against another or against the
# kernel (memory, signals, files, exec): they must hold for any user.
ISOLATION_TESTS = [
    "getpid", "fork_wait", "fork_private_memory", "cow_both_write",
    "cow_memfree", "cow_kernel_write", "cow_proc_mem", "exec",
    "text_write_private", "exec_tmpfs_copy", "pipe", "dup_cloexec",
    "rw_errors", "open_missing", "mmap", "prot_none", "signal_handler",
    "kill_child", "segv_child", "bare_syscall", "vdso",
]

# faults modes (user/faults.c): each must be stopped for the student too.
FAULT_MODES = ["null", "read-kernel", "write-kernel", "exec-kernel",
               "exec-stack", "cli", "inb", "mov-cr3", "wrmsr", "efault",
               "bad-tls"]


@timeout(240)
def test_credtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("credtests", timeout=180)
    assert tap_passed(out, "credtests") >= 5


def test_showids_runs_as_its_owner(ctx):
    with ctx.shell() as g:
        ls = g.run("ls -l /bin/showids")
        assert re.search(r"-rwsr-sr-x\s+\d+\s+student\s+student", ls), ls
        assert re.search(r"\s+root\s+root\s", g.run("ls -l /bin/sh")), ls
        assert g.run("showids").strip() == \
            "uid=0/1000/1000 gid=0/1000/1000 secure=1"
        assert g.run("runas student showids").strip() == \
            "uid=1000/1000/1000 gid=1000/1000/1000 secure=0"


@timeout(300)
def test_isolation_tests_as_the_student(ctx):
    with ctx.shell() as g:
        out = g.run("cd /tmp; runas student usertests "
                    + " ".join(ISOLATION_TESTS), timeout=240)
        assert tap_passed(out, "usertests") == len(ISOLATION_TESTS), out
        for mode in FAULT_MODES:
            out, st = status_of(g, f"runas student faults {mode}")
            assert "survived" not in out and st != 3, (mode, out)


def test_student_refusals_from_the_shell(ctx):
    with ctx.shell() as g:
        g.run("sleep 60 &")
        pid = g.run("pidof sleep").split()[0]
        for f in ("environ", "mem", "stack"):
            refused(g, f"runas student cat /proc/{pid}/{f}", "Permission denied")
        refused(g, f"runas student kill -TERM {pid}", "not permitted")
        assert g.run(f"ls /proc/{pid}/status").strip() == \
            f"/proc/{pid}/status"
        refused(g, "runas student insmod current_affairs", "not permitted")
        out, st = status_of(g, "insmod current_affairs")
        assert st == 0, out
        refused(g, "runas student rmmod current_affairs", "not permitted")
        assert "current_affairs" in g.run("lsmod")
        out, st = status_of(g, "echo hi > /tmp/rootfile; chmod 644 /tmp/rootfile")
        assert st == 0, out
        refused(g, "runas student sh -c 'echo no > /tmp/rootfile'", "Permission denied")
        assert g.run("cat /tmp/rootfile").strip() == "hi"
        # The student's own processes are the student's to signal.
        out, st = status_of(g, "runas student sh -c 'sleep 30 & kill $!'")
        assert st == 0, out
        refused(g, "runas student poweroff", "not permitted")
        out = g.run(f"kill {pid}")  # root may
        assert "not permitted" not in out, out


def test_student_login_shell(ctx):
    """The student's own shell (runas student, as su would give it): what
    the student types there runs with the student's ids, root's things
    are refused, and exit returns to root's shell."""
    with ctx.shell() as g:
        g.run("echo secret > /tmp/rootonly; chmod 600 /tmp/rootonly")
        g.run("sleep 60 &")
        pid = g.run("pidof sleep").split()[0]
        g.run("runas student")
        assert g.run("whoami").strip() == "student"
        assert g.run("echo $USER $HOME").strip() == "student /tmp"
        refused(g, "cat /tmp/rootonly", "Permission denied")
        refused(g, f"kill -KILL {pid}", "not permitted")
        refused(g, f"cat /proc/{pid}/environ", "Permission denied")
        refused(g, "insmod current_affairs", "not permitted")
        refused(g, "chown student /tmp/rootonly", "not permitted")
        refused(g, "runas root id", "not permitted")
        assert g.run("showids").strip() == \
            "uid=1000/1000/1000 gid=1000/1000/1000 secure=0"
        assert g.run("id").startswith("uid=1000(student)")
        g.run("exit")
        assert g.run("whoami").strip() == "root"
        assert g.run("cat /tmp/rootonly").strip() == "secret"
        g.run(f"kill {pid}")
