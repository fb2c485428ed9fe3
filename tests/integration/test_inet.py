"""TCP and UDP over the loopback interface (kernel/net/af_inet.c, udp.c),
driven over the serial console: the inettests program (user/inettests.c:
bind, connect, accept, names, UDP's ECONNREFUSED, IPv6 and mapped IPv4
addresses, O_ASYNC, /proc/net/tcp), every page back after many
connections, and BusyBox's nc, netstat and httpd/wget over 127.0.0.1."""
import re
import time

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


@timeout(120)
def test_busybox_nc_and_netstat_over_127_0_0_1(ctx):
    """BusyBox's nc listens on a TCP port, on :: (netstat -tln shows it,
    read from /proc/net/tcp6), and a second nc sends it a line over
    127.0.0.1, which the first writes out (Debian's BusyBox nc has no
    UDP mode)."""
    with ctx.shell() as g:
        g.run("(nc -l -p 7777 > /tmp/nc.out &)")
        ns = ""
        for _ in range(20):
            ns = g.run("netstat -tln")
            if ":7777" in ns:
                break
            time.sleep(0.25)
        assert re.search(r"^tcp +0 +0 (0\.0\.0\.0|::):7777 +(0\.0\.0\.0|::):\* +LISTEN",
                         ns, re.M), ns
        out, st = status_of(g, "echo hello over lo | nc 127.0.0.1 7777")
        assert st == 0, out
        text = ""
        for _ in range(20):
            text = g.run("cat /tmp/nc.out")
            if "hello over lo" in text:
                break
            time.sleep(0.25)
        assert text.strip() == "hello over lo", text
        g.run("killall nc 2>/dev/null")


@timeout(120)
def test_busybox_httpd_serves_wget(ctx):
    """BusyBox's httpd serves a directory on port 8080; wget fetches a
    file from it over 127.0.0.1 and writes it to standard output."""
    with ctx.shell() as g:
        g.run("mkdir -p /tmp/www && echo served by taskbase > /tmp/www/index.html")
        out, st = status_of(g, "httpd -p 127.0.0.1:8080 -h /tmp/www")
        assert st == 0, out
        out = g.run("wget -q -O - http://127.0.0.1:8080/index.html", timeout=30)
        assert "served by taskbase" in out, out
        g.run("killall httpd")
