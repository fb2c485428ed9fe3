"""User namespaces (CLONE_NEWUSER; issue 17: LTP ioctl_ns06, clone304 and
the network tests' unshare -U) driven from user space by
user/usernstests.c: an ordinary user makes one, ids are 65534 until
uid_map and gid_map are written (with Linux's rules and errors),
capabilities count inside only, NS_GET_* on user namespaces, setns, the
clone flag rules, the nesting limit, ids seen through stat and
/proc/<pid>/status, set-ID bits of an owner the namespace cannot name. Every test in it must pass, on the debug kernel too
with nothing reported."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_usernstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("usernstests", timeout=150)
    assert tap_passed(out, "usernstests") >= 12


@timeout(900)
def test_usernstests_on_debug_kernel_without_reports(ctx):
    out = debug_shell_run(ctx, "usernstests", 300)
    assert tap_passed(out, "usernstests") >= 12


@timeout(120)
def test_busybox_unshare_map_root(ctx):
    """What a student types (docs/namespaces.md): BusyBox's unshare -U -r
    runs a shell as root of a new user namespace (uid 0 inside, the
    student's uid outside), whose files owned by root outside show as
    65534 (nobody); that root may not rename the machine, but may rename
    a UTS namespace of its own (its capabilities survive the exec)."""
    with ctx.shell() as g:
        out = g.run("runas student unshare -U -r sh -c "
                    "'id -u; cat /proc/self/uid_map; stat -c %u /; "
                    "hostname x || echo refused; "
                    "unshare -u sh -c \"hostname inside; hostname\"'")
        outer = g.run("hostname")
    lines = [l.strip() for l in out.splitlines() if l.strip()]
    assert "0" in lines, out
    assert any(l.split() == ["0", "1000", "1"] for l in lines), out
    assert "65534" in lines, out
    assert "refused" in lines and "inside" in lines, out
    assert "inside" not in outer and "taskbase" in outer, outer
