"""Control groups v2 (issue 17: LTP's clone303), driven from user space
by user/cgtests.c: the cgroup2 hierarchy mounted at /sys/fs/cgroup and
again elsewhere, mkdir/rmdir rules, moving processes through
cgroup.procs, /proc/<pid>/cgroup, fork inheritance, cgroup.events,
cgroup.subtree_control, the pids controller, clone3's CLONE_INTO_CGROUP
with Linux 6.1's errors, and the cgroup namespace. Every test in it must
pass, on both stack sizes and on the debug kernel with nothing
reported; and the shell session of docs/cgroups.md works as written."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_cgtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("cgtests", timeout=150)
        after = g.run("ls /sys/fs/cgroup; cat /proc/self/cgroup")
    assert tap_passed(out, "cgtests") >= 14
    # Nothing left behind, and the shell is still in the root cgroup.
    assert "cgtests" not in after and "0::/\n" in after.replace("\r", ""), after


@timeout(900)
def test_cgtests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN and lockdep: cgroup_mutex held across
    fork, the references of tasks, inodes and namespaces on a cgroup."""
    out = debug_shell_run(ctx, "cgtests", 300)
    assert tap_passed(out, "cgtests") >= 14


@timeout(120)
def test_shell_demo_of_docs(ctx):
    """docs/cgroups.md's session in BusyBox's ash: a cgroup, the shell
    moved in, a child that inherits it, populated, rmdir refused until
    the shell leaves, and a pids.max that stops a fork."""
    with ctx.shell() as g:
        g.run("cd /sys/fs/cgroup && mkdir demo")
        g.run("echo $$ > demo/cgroup.procs")
        me = g.run("cat /proc/self/cgroup; cat demo/cgroup.events")
        busy = g.run("rmdir demo; echo rc=$?")
        g.run("echo +pids > cgroup.subtree_control; echo 2 > demo/pids.max")
        g.run("sleep 30 &")
        fork = g.run("read n < demo/pids.current; echo current=$n; "
                     "sleep 1; echo rc=$?")
        g.run("kill $!; wait")
        g.run("echo $$ > cgroup.procs")
        gone = g.run("rmdir demo; echo rc=$?; "
                     "echo -pids > cgroup.subtree_control; ls; cd /")
    assert "0::/demo" in me and "populated 1" in me, me
    assert "busy" in busy and "rc=1" in busy, busy
    assert "current=2" in fork and "can't fork" in fork, fork
    assert "rc=0" not in fork, fork
    assert "rc=0" in gone and "demo" not in gone, gone
