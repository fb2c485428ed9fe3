"""mount(2) and umount2(2) (issue 17): the mounttests program
(user/mounttests.c: every flag and errno, EROFS from every write path,
/proc/mounts) on both stack sizes, and BusyBox's mount, df and umount
typed at the shell as a user would, with every page of an unmounted
tmpfs back; mounttests again on the debug kernel (lockdep, KASAN)."""
from debugkernel import debug_shell_run
from tb import (both_stack_sizes, mem_free_back, mem_free_kb, refused,
                status_of, tap_passed, timeout)


@both_stack_sizes
@timeout(240)
def test_mounttests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("mounttests", timeout=180)
        assert tap_passed(out, "mounttests") >= 12


@timeout(900)
def test_mounttests_on_debug_kernel_without_reports(ctx):
    tap_passed(debug_shell_run(ctx, "mounttests", 300), "mounttests")


def fill_and_unmount(g):
    """Mount a tmpfs on /mnt, write 3 MiB into it, unmount it."""
    out, st = status_of(g, "mount -t tmpfs none /mnt")
    assert st == 0, out
    for i in range(3):
        g.run(f"dd if=/dev/zero of=/mnt/f{i} bs=64k count=16 2>/dev/null")
    out, st = status_of(g, "umount /mnt")
    assert st == 0, out


@timeout(240)
def test_busybox_mount_remount_umount(ctx):
    with ctx.shell() as g:
        fill_and_unmount(g)                  # warm the caches
        before = mem_free_kb(g)
        out, st = status_of(g, "mount -t tmpfs -o size=8m,mode=755 none /mnt")
        assert st == 0, out
        out = g.run("mount")
        assert "none on /mnt type tmpfs (rw,relatime,size=8192k,mode=755)" in out
        assert "proc on /proc type proc (rw,relatime)" in out
        assert "/mnt" in g.run("df /mnt")
        g.run("dd if=/dev/zero of=/mnt/big bs=64k count=48 2>/dev/null")
        assert mem_free_kb(g) <= before - 3 * 1024
        out, st = status_of(g, "mount -o remount,ro /mnt")
        assert st == 0, out
        refused(g, "touch /mnt/new", "Read-only file system")
        refused(g, "rm -f /mnt/big", "Read-only file system")
        assert "none /mnt tmpfs ro,relatime" in g.run("cat /etc/mtab")
        out, st = status_of(g, "mount -o remount,rw /mnt && touch /mnt/new")
        assert st == 0, out
        refused(g, "cd /mnt && umount /mnt", "busy")
        g.run("cd /")
        out, st = status_of(g, "umount /mnt")
        assert st == 0, out
        assert "/mnt" not in g.run("cat /proc/mounts")
        mem_free_back(g, before)
        refused(g, "umount /mnt", "Invalid argument")
        refused(g, "mount -t nosuchfs none /mnt", "No such device")
