"""Extended attributes and directory change notification from the
shell: xattrtests (user/xattrtests.c: the twelve xattr calls on tmpfs,
their flags, sizes, names and errnos, the namespaces' rules, the ordinary
user's view, the file systems without attributes, the budget of a tmpfs
instance) and dnotifytests (user/dnotifytests.c: fcntl F_NOTIFY's events
where Linux raises them, one-shot and multishot watches, their end, the
signal and its siginfo), with every page back afterwards: the attributes
go with their files (kernel/fs/xattr/xattr.c simple_xattrs_free(), from
kernel/fs/ramfs/inode.c ramfs_evict()), a watch with its file
(kernel/fs/notify/dnotify.c dnotify_flush())."""
import re

from debugkernel import assert_no_report, debug_guest
from tb import PROMPT, mem_free_back, mem_free_kb, tap_passed, timeout


def all_pass_and_every_page_back(ctx, prog, at_least):
    """Run prog twice (the first warms the slab caches): all its tests
    pass, and MemFree comes back to where it was before the second."""
    with ctx.shell() as g:
        g.run(prog, timeout=120)
        before = mem_free_kb(g)
        out = g.run(prog, timeout=120)
        assert tap_passed(out, prog) >= at_least
        mem_free_back(g, before)


@timeout(180)
def test_xattrtests_all_pass_and_every_page_back(ctx):
    all_pass_and_every_page_back(ctx, "xattrtests", 15)


@timeout(180)
def test_dnotifytests_all_pass_and_every_page_back(ctx):
    all_pass_and_every_page_back(ctx, "dnotifytests", 6)


@timeout(600)
def test_xattr_and_dnotify_on_the_debug_kernel_without_reports(ctx):
    """The new locks (xattr_lock; dnotify_lock, taken before fasync_lock
    and ramfs_lock) in lockdep's sight, the lists under KASAN."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=120)
        out = g.run("xattrtests", timeout=300)
        out2 = g.run("dnotifytests", timeout=200)
        stats = g.run("cat /proc/lockdep_stats", timeout=30)
        log = g.output
    tap_passed(out, "xattrtests")
    assert "# enomem: both allocations failed with ENOMEM" in out, out
    assert out.count("FAULT_INJECTION: forcing a failure.") == 2, out
    assert "vfs_setxattr+0x" in out, out     # the attribute's own allocation
    tap_passed(out2, "dnotifytests")
    assert re.search(r"debug_locks:\s+1", stats), stats
    assert_no_report(log)
