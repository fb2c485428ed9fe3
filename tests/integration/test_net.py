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


@timeout(120)
def test_ipv4_conf_sysctls_are_per_network_namespace(ctx):
    """/proc/sys/net/ipv4/conf/{all,default,lo}/ (kernel/net/devinet.c):
    Linux's per-interface IPv4 settings, of the reader's network
    namespace. LTP's clone09 writes lo/tag and expects a new namespace's
    lo to start from default's value, not from what was written; a new
    namespace copies the first one's all and default; writing
    all/forwarding sets every interface's, as Linux does."""
    with ctx.shell() as g:
        conf = "/proc/sys/net/ipv4/conf"
        names = g.run(f"ls {conf}").split()
        assert names == ["all", "default", "lo"], names
        files = g.run(f"ls {conf}/lo").split()
        assert len(files) == 33 and "tag" in files and "rp_filter" in files, files
        assert g.run(f"cat {conf}/default/accept_source_route").strip() == "1"
        assert g.run(f"cat {conf}/lo/disable_xfrm").strip() == "1"
        g.run(f"echo 7 > {conf}/lo/tag")
        assert g.run(f"cat {conf}/lo/tag").strip() == "7"
        assert g.run(f"unshare -n cat {conf}/lo/tag").strip() == "0"
        g.run(f"echo 3 > {conf}/default/tag")
        assert g.run(f"unshare -n cat {conf}/lo/tag").strip() == "3"
        assert g.run(f"cat {conf}/lo/tag").strip() == "7"
        g.run(f"echo 1 > {conf}/all/forwarding")
        assert g.run(f"cat {conf}/lo/forwarding").strip() == "1"
        out, st = status_of(g, f"echo 1 > {conf}/mc_forwarding_nope")
        assert st != 0, out
        out, st = status_of(g, f"runas student sh -c 'echo 1 > {conf}/lo/tag'")
        assert st != 0 and g.run(f"cat {conf}/lo/tag").strip() == "7", out
