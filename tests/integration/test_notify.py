"""inotify on the fsnotify core (kernel/fs/notify/), driven over the
serial console: the notifytests program (user/notifytests.c: a file's and
a directory's events with names and cookies, the watch's end in
IN_IGNORED, IN_UNMOUNT, IN_ONESHOT, IN_EXCL_UNLINK, the overflow event,
the per-user limits, readiness, FIONREAD, fdinfo and every errno) with
every page back (a closed descriptor gives back its group, marks and
events), once on the debug kernel, and the fuzzer on the calls; and
fanotify's notification class (the same program: records with a
descriptor and the pid, FAN_ONDIR, FAN_EVENT_ON_CHILD, ignore masks,
FLUSH, mount marks, the errnos)."""
from debugkernel import debug_shell_run
from tb import fuzz_only, tap_passed, tap_passes_pages_back, timeout


@timeout(300)
def test_notifytests_all_pass_and_every_page_back(ctx):
    # fan_tracefs first: the trace buffer its kprobe event makes is kept.
    with ctx.shell() as g:
        tap_passes_pages_back(g, "notifytests", cycles="fan_tracefs")


@timeout(600)
def test_notifytests_on_debug_kernel_without_reports(ctx):
    """notifytests on the debug kernel (KASAN, UBSAN, lockdep): the
    order fsnotify_lock, then a group's lock, ramfs_lock and the user
    counts' lock; no mark used after its inode's last iput()."""
    out = debug_shell_run(ctx, "notifytests", 500)
    tap_passed(out, "notifytests")


@timeout(300)
def test_fuzz_of_the_inotify_calls_survives(ctx):
    """The fuzzer on the inotify and fanotify calls with the file calls that make
    events: no oops, and the shell answers after."""
    calls = ("inotify_init inotify_init1 inotify_add_watch inotify_rm_watch "
             "fanotify_init fanotify_mark read close open mkdir unlink "
             "rename")
    fuzz_only(ctx, calls, 3000, seconds=30)
