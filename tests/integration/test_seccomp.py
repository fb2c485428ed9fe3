"""seccomp from the shell: seccomptests (user/seccomptests.c: strict mode,
filters and each action, stacking and precedence, inheritance across
fork and execve, TSYNC, the no_new_privs rule, bad programs and their
errnos, PTRACE_O_TRACESECCOMP, the Seccomp lines of /proc/<pid>/status);
the code is kernel/sys/seccomp.c, lib/bpf_filter.c (the classic BPF checker
and interpreter) and the hook in arch/x86_64/syscall.c do_syscall_64()."""
import os
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


@timeout(240)
def test_real_strace_seccomp_bpf(ctx):
    """Debian's strace --seccomp-bpf: its filter (TRACE for the traced
    calls, ALLOW for the rest) is on the traced program, which stops only
    for those calls (PTRACE_EVENT_SECCOMP stops), and each shows once."""
    initrd = os.path.join(ctx.build_dir(), "initramfs-strace.cpio")
    with ctx.shell(initrd=initrd) as g:
        out = g.run("/usr/bin/strace --seccomp-bpf -f -e trace=getppid,openat "
                    "cat /proc/self/status | grep Seccomp", timeout=60)
        assert re.search(r"Seccomp:\t2\r?\nSeccomp_filters:\t1", out), out
        assert 'openat(AT_FDCWD, "/proc/self/status", O_RDONLY) = 3' in out
        out = g.run("/usr/bin/strace --seccomp-bpf -f -qq -e trace=getppid "
                    "ptracetest --getppid 3", timeout=60)
        assert len(re.findall(r"^getppid\(\)\s+= \d+", out, re.M)) == 3, out
        out = g.run("/usr/bin/strace -d --seccomp-bpf -f -qq -e trace=getppid "
                    "ptracetest --getppid 3 2>&1", timeout=60)
    assert "seccomp filter enabled" in out, out
    # A seccomp stop for each getppid and the execve (strace's filter
    # always traces exec), and no stop for any other call.
    assert len(re.findall(r"EVENT_SECCOMP", out)) == 4, out


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
