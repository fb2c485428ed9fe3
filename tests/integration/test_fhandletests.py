"""File handles (name_to_handle_at(2), open_by_handle_at(2): LTP's
name_to_handle_at01/02 and open_by_handle_at01/02) driven from user
space by user/fhandletests.c: every test in it must pass, on the
default kernel and on the debug kernel without a report."""
from debugkernel import debug_shell_run
from tb import tap_passed, timeout

NTESTS = 8


@timeout(200)
def test_fhandletests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("fhandletests", timeout=120)
    assert tap_passed(out, "fhandletests") >= NTESTS


@timeout(900)
def test_fhandletests_on_debug_kernel_without_reports(ctx):
    """The same on the debug kernel: the search of the tree under
    ramfs_lock and namespace_sem (lockdep), and no freed inode reached
    from a handle (KASAN)."""
    out = debug_shell_run(ctx, "fhandletests", 300)
    assert tap_passed(out, "fhandletests") >= NTESTS
