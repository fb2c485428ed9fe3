"""seccomp from the shell: seccomptests (user/seccomptests.c: strict mode,
filters and each action, stacking and precedence, inheritance across
fork and execve, TSYNC, the no_new_privs rule, bad programs and their
errnos, PTRACE_O_TRACESECCOMP, the Seccomp lines of /proc/<pid>/status);
the code is kernel/seccomp.c, lib/bpf_filter.c (the classic BPF checker
and interpreter) and the hook in arch/x86_64/syscall.c do_syscall_64()."""
import re

from debugkernel import assert_no_report, debug_shell_run
from tb import fuzz_only, tap_passed, timeout


@timeout(180)
def test_seccomptests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("seccomptests", timeout=150)
    assert tap_passed(out, "seccomptests") >= 18


@timeout(120)
def test_proc_status_has_seccomp_lines(ctx):
    """Linux 6.1's lines, right after NoNewPrivs, for a task without
    seccomp."""
    with ctx.shell() as g:
        out = g.run("cat /proc/self/status")
    assert re.search(r"NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n",
                     out.replace("\r", "")), out


@timeout(120)
def test_config_gz_says_seccomp(ctx):
    """LTP's seccomp01 runs only where /proc/config.gz has both."""
    with ctx.shell() as g:
        out = g.run("zcat /proc/config.gz | grep SECCOMP")
    assert "CONFIG_SECCOMP=y" in out and "CONFIG_SECCOMP_FILTER=y" in out, out


@timeout(300)
def test_fuzz_of_seccomp_survives(ctx):
    """The fuzzer on seccomp and prctl alone (with fork and the calls its
    filters act on): no oops, and the shell answers after."""
    fuzz_only(ctx, "seccomp prctl fork getppid wait4 close", 3000)


@timeout(900)
def test_seccomptests_on_debug_kernel_without_reports(ctx):
    """KASAN, UBSAN and lockdep find nothing while seccomptests runs."""
    out = debug_shell_run(ctx, "seccomptests", 300)
    m = re.search(r"# seccomptests: (\d+) passed, (\d+) failed", out)
    assert m and m.group(2) == "0", out[-3000:]
    assert_no_report(out)
