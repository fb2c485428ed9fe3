"""Namespaces as Linux answers them (issue 17: LTP's unshare, setns,
clone and ioctl_ns tests), driven from user space by user/nstests.c:
every test in it must pass."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_nstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("nstests", timeout=150)
    assert tap_passed(out, "nstests") >= 17


@timeout(900)
def test_nstests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN and lockdep: the nsproxy and namespace
    references, the magic links and the vDSO's page swap leave no report."""
    out = debug_shell_run(ctx, "nstests", 300)
    assert tap_passed(out, "nstests") >= 17


@timeout(120)
def test_busybox_unshare_nsenter(ctx):
    """BusyBox's unshare and nsenter, as a shell user would try them: a
    host name set in a new UTS namespace stays there, /proc/<pid>/ns says
    which namespace a process is in, and nsenter joins another's."""
    with ctx.shell() as g:
        init = g.run("readlink /proc/self/ns/uts")
        inner = g.run("unshare -u sh -c 'hostname inner; hostname; "
                      "readlink /proc/self/ns/uts'")
        outer = g.run("hostname")
        joined = g.run("unshare -u sh -c 'hostname boxed; exec sleep 30' & "
                       "sleep 1; nsenter -t $! -u hostname; kill $!")
    assert "uts:[4026531838]" in init, init
    assert "inner" in inner and "uts:[4026531838]" not in inner, inner
    assert "uts:[" in inner, inner
    assert "inner" not in outer and "taskbase" in outer, outer
    assert "boxed" in joined, joined
