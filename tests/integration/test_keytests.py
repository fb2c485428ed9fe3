"""The key retention service (issue 17, what LTP's add_key, keyctl and
request_key tests check): add_key, request_key and keyctl driven from
user space by user/keytests.c, every test in it must pass, and every
key and keyring is freed when its last reference goes."""
from debugkernel import debug_shell_run
from tb import mem_free_back, mem_free_kb, tap_passed, timeout

NTESTS = 16


@timeout(200)
def test_keytests_all_pass_and_free_their_keys(ctx):
    with ctx.shell() as g:
        g.run("keytests", timeout=120)		# warms the caches, user keyrings
        before = mem_free_kb(g)
        out = g.run("keytests", timeout=120)
        assert tap_passed(out, "keytests") >= NTESTS
        mem_free_back(g, before)


@timeout(900)
def test_keytests_on_debug_kernel_without_reports(ctx):
    """The same on the debug kernel: key_mutex against the cred and
    workqueue paths (lockdep), and no freed key touched by the collector
    or a lookup (KASAN)."""
    out = debug_shell_run(ctx, "keytests", 300)
    assert tap_passed(out, "keytests") >= NTESTS
