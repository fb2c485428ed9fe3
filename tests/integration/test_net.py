"""Sockets (kernel/net/), driven over the serial console: the socktests
program (user/socktests.c: every socket call and its errno values,
Unix-domain stream, datagram and seqpacket sockets, a forked client and
server, SCM_RIGHTS, poll, the send buffer limit, the AF_INET sockets
that reach nothing), then the check that every page came back after
many connections with descriptors in flight."""
from tb import mem_free_back, mem_free_kb, tap_passed, timeout


@timeout(300)
def test_socktests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        g.run("socktests cycles", timeout=120)     # warm the caches
        before = mem_free_kb(g)
        out = g.run("socktests", timeout=240)
        tap_passed(out, "socktests")
        out = g.run("socktests cycles", timeout=120)
        tap_passed(out, "socktests")
        mem_free_back(g, before)
