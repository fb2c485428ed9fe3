"""Path walk and open extensions of issue 17 that LTP needs (openat2,
O_TMPFILE, /proc/<pid>/fd reopening, renameat2, a descriptor table that
follows RLIMIT_NOFILE), driven from user space by user/vfstests.c: every
test in it must pass."""
from tb import tap_passed, timeout


@timeout(200)
def test_vfstests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("vfstests", timeout=150)
    assert tap_passed(out, "vfstests") >= 8
