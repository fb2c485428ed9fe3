"""Sockets (kernel/net/), driven over the serial console: the socktests
program (user/socktests.c: every socket call and its errno values,
Unix-domain stream, datagram and seqpacket sockets, a forked client and
server, SCM_RIGHTS, poll, the send buffer limit, the AF_INET sockets
that reach nothing), then the check that every page came back after
many connections with descriptors in flight; and BusyBox's syslogd and
logger talking over /dev/log."""
import re
import time

from tb import status_of, tap_passes_pages_back, timeout


@timeout(300)
def test_socktests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        tap_passes_pages_back(g, "socktests")


@timeout(120)
def test_busybox_syslogd_and_logger_over_dev_log(ctx):
    """BusyBox's syslogd binds the datagram socket /dev/log (a file of
    type socket, `ls -l` shows `s`); logger sends a line to it, and
    syslogd writes it to its log file; netstat -x lists the socket."""
    with ctx.shell() as g:
        out, st = status_of(g, "syslogd -O /tmp/messages")
        assert st == 0, out
        ls = ""
        for _ in range(20):
            ls = g.run("ls -lL /dev/log")
            if ls.startswith("s"):
                break
            time.sleep(0.25)
        assert ls.startswith("srw"), ls
        out, st = status_of(g, "logger -t socktest hello over a socket")
        assert st == 0, out
        text = ""
        for _ in range(20):
            text = g.run("cat /tmp/messages")
            if "hello over a socket" in text:
                break
            time.sleep(0.25)
        assert re.search(r"socktest.*: hello over a socket", text), text
        # netstat -x reads /proc/net/unix: syslogd's socket, by its name.
        ns = g.run("netstat -x")
        assert re.search(r"^unix .*DGRAM .* /dev/log$", ns, re.M), ns
        g.run("killall syslogd")
