"""TCP and UDP over the loopback interface (kernel/net/af_inet.c, udp.c),
driven over the serial console: the inettests program (user/inettests.c:
bind, connect, accept, names, UDP's ECONNREFUSED, IPv6 and mapped IPv4
addresses, O_ASYNC, /proc/net/tcp), every page back after many
connections, and BusyBox's nc, netstat and httpd/wget over 127.0.0.1."""
import re

from tb import mem_free_back, mem_free_kb, status_of, tap_passed, timeout


@timeout(300)
def test_inettests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        g.run("inettests cycles", timeout=120)     # warm the caches
        before = mem_free_kb(g)
        out = g.run("inettests", timeout=240)
        tap_passed(out, "inettests")
        out = g.run("inettests cycles", timeout=120)
        tap_passed(out, "inettests")
        mem_free_back(g, before)
