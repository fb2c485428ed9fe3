"""Landlock, Linux 6.1's unprivileged sandbox (ABI 2), driven from user
space by user/landlocktests.c: the three system calls' errno values, a
child that can read one directory only, making and removing files,
reparenting (REFER, EXDEV), the domain inherited across fork and exec and
kept across KEYCTL_SESSION_TO_PARENT, stacked layers, the no_new_privs
rule, the path walk across mount points. Every test must pass, on both
stack sizes and on the debug kernel with nothing reported; and the shell
session of docs/landlock.md works as written."""
from debugkernel import SCAN_TWICE, debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout

NTESTS = 11


@both_stack_sizes
@timeout(200)
def test_landlocktests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("landlocktests", timeout=150)
        after = g.run("ls /tmp")
    assert tap_passed(out, "landlocktests") == NTESTS
    assert "ll" not in after.split(), after


@timeout(900)
def test_landlocktests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: the rules'
    inode references, the layers' references from each cred, the blank
    cred of KEYCTL_SESSION_TO_PARENT."""
    out = debug_shell_run(ctx, f"landlocktests; {SCAN_TWICE}", 660)
    assert tap_passed(out, "landlocktests") == NTESTS
    leaks = out[out.index("# landlocktests:"):]
    assert "kmemleak-end" in leaks and "unreferenced object" not in leaks, leaks


@timeout(120)
def test_shell_demo_of_docs(ctx):
    """docs/landlock.md's session: sandboxer runs a shell that reads
    /tmp/box and nothing else, and cannot write there; the shell outside
    is not sandboxed."""
    with ctx.shell() as g:
        g.run("mkdir -p /tmp/box && echo hello > /tmp/box/note")
        g.run("LL_FS_RO=/bin:/tmp/box sandboxer sh")
        inside = g.run("cat /tmp/box/note; cat /etc/motd; "
                       "echo x > /tmp/box/new; ls /")
        g.run("exit")
        outside = g.run("cat /etc/motd >/dev/null && echo read-ok; "
                        "rm -r /tmp/box")
    assert "hello" in inside, inside
    assert "can't open '/etc/motd': Permission denied" in inside, inside
    assert "can't create /tmp/box/new: Permission denied" in inside, inside
    assert "can't open '/': Permission denied" in inside, inside
    assert "read-ok" in outside, outside
