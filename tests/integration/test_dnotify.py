"""Directory change notification from the shell: dnotifytests
(user/dnotifytests.c: fcntl F_NOTIFY's events where Linux raises them,
one-shot and multishot watches, their end, the signal and its siginfo),
every page back afterwards (a watch goes with its file:
kernel/fs/notify/dnotify.c dnotify_flush())."""
from tb import mem_free_back, mem_free_kb, tap_passed, timeout


@timeout(180)
def test_dnotifytests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        g.run("dnotifytests", timeout=60)	# warm the slab caches
        before = mem_free_kb(g)
        out = g.run("dnotifytests", timeout=60)
        assert tap_passed(out, "dnotifytests") >= 6
        mem_free_back(g, before)
