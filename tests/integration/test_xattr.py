"""Extended attributes from the shell: xattrtests (user/xattrtests.c: the
twelve xattr calls on tmpfs, their flags, sizes, names and errnos, the
namespaces' rules, the ordinary user's view, the file systems without
attributes, the budget of a tmpfs instance), with every page back
afterwards: the attributes go with their files (kernel/fs/xattr.c
simple_xattrs_free(), from kernel/fs/ramfs/inode.c ramfs_evict())."""
from tb import mem_free_back, mem_free_kb, tap_passed, timeout


@timeout(180)
def test_xattrtests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        g.run("xattrtests", timeout=120)	# warm the slab caches
        before = mem_free_kb(g)
        out = g.run("xattrtests", timeout=120)
        assert tap_passed(out, "xattrtests") >= 13
        mem_free_back(g, before)
