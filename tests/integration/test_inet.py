"""TCP and UDP over the loopback interface (kernel/net/af_inet.c, udp.c),
driven over the serial console: the inettests program (user/inettests.c:
bind, connect, accept, names, UDP's ECONNREFUSED, IPv6 and mapped IPv4
addresses, O_ASYNC, /proc/net/tcp, the receive side's IP control
messages), every page back after many
connections, and BusyBox's nc, netstat and httpd/wget over 127.0.0.1."""
import re

from debugkernel import debug_shell_run
from tb import status_of, tap_passed, tap_passes_pages_back, timeout, wait_for


@timeout(300)
def test_inettests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        assert tap_passes_pages_back(g, "inettests") == 16


@timeout(120)
def test_busybox_nc_and_netstat_over_127_0_0_1(ctx):
    """BusyBox's nc listens on a TCP port, on :: (netstat -tln shows it,
    read from /proc/net/tcp6), and a second nc sends it a line over
    127.0.0.1, which the first writes out (Debian's BusyBox nc has no
    UDP mode)."""
    with ctx.shell() as g:
        g.run("(nc -l -p 7777 > /tmp/nc.out &)")
        ns = wait_for(g, "netstat -tln", ":7777")
        assert re.search(r"^tcp +0 +0 (0\.0\.0\.0|::):7777 +(0\.0\.0\.0|::):\* +LISTEN",
                         ns, re.M), ns
        out, st = status_of(g, "echo hello over lo | nc 127.0.0.1 7777")
        assert st == 0, out
        text = wait_for(g, "cat /tmp/nc.out", "hello over lo")
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


@timeout(600)
def test_inettests_and_socktests_on_debug_kernel_without_reports(ctx):
    """inettests and socktests on the debug kernel (KASAN, UBSAN,
    lockdep): the shared af_unix queues, the port table and SIGIO from
    sk_data_ready() raise no report."""
    out = debug_shell_run(ctx, "inettests; socktests", 500)
    assert tap_passed(out, "inettests") == 16, out
    tap_passed(out, "socktests")
