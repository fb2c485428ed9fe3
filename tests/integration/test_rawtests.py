"""Raw IPv4 and IPv6 sockets, UDP corking, SO_NO_CHECK and lo's MTU
(kernel/net/raw.c, raw_ipv6.c, udp.c, inet_opt.c, dev.c), driven from user space by
user/rawtests.c: the header the kernel builds and one the user gives
(IP_HDRINCL) with raw_send_hdrinc()'s checks, delivery over lo by
protocol and address, an ICMP and an ICMPv6 echo answered, lo down in a new network
namespace, IP_HDRINCL flipped during sendmsg (LTP sendmsg03), MSG_MORE
and UDP_CORK making one datagram (LTP setsockopt05), SIOCSIFMTU per
namespace, /proc/net/raw, the TTL and hop limit control messages
(kernel/net/ip_sockglue.c). Every test in it must pass, on both stack sizes and on the
debug kernel with nothing reported; BusyBox's ifconfig shows the MTU."""
import re

from debugkernel import debug_shell_run
from tb import both_stack_sizes, fuzz_only, status_of, tap_passed, timeout, wait_for


@both_stack_sizes
@timeout(200)
def test_rawtests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("rawtests", timeout=150)
    assert tap_passed(out, "rawtests") == 17, out


@timeout(900)
def test_rawtests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: the cork
    buffer, the packets copied to each receiver, the namespace
    references of raw sockets."""
    out = debug_shell_run(ctx, "rawtests", 400)
    assert tap_passed(out, "rawtests") == 17, out


@timeout(120)
def test_busybox_ifconfig_shows_lo_mtu_of_its_namespace(ctx):
    """BusyBox's ifconfig sets lo's MTU (SIOCSIFMTU) in a new network
    namespace and reads it back (SIOCGIFMTU); the initial namespace's
    lo keeps 65536."""
    with ctx.shell() as g:
        out = g.run("unshare -n sh -c 'ifconfig lo mtu 1500 up; ifconfig lo'")
        assert re.search(r"UP LOOPBACK RUNNING +MTU:1500", out), out
        out = g.run("ifconfig lo")
        assert re.search(r"MTU:65536", out), out


@timeout(180)
def test_fuzz_raw_and_udp_sockets(ctx):
    """The fuzzer on the socket calls alone, now and then aimed at raw
    and UDP sockets (IP_HDRINCL, UDP_CORK, SO_NO_CHECK, MSG_MORE) and at
    SIOCGIFMTU/SIOCSIFMTU on lo: no oops, every worker reaped, and raw
    sockets and corking still work afterwards."""
    out = fuzz_only(ctx, "socket bind connect sendto sendmsg recvfrom "
                    "setsockopt getsockopt ioctl close", 20000, 60,
                    after="rawtests rawsend cork")
    assert tap_passed(out, "rawtests") == 2, out


@timeout(120)
def test_busybox_netstat_lists_raw_sockets(ctx):
    """BusyBox's ping holds a raw ICMP socket while it waits between
    requests; BusyBox's netstat -w finds it in /proc/net/raw: protocol
    1 as the local port, no peer. (Its state column repeats the local
    port on Linux too: BusyBox's itoa() buffer is reused.)"""
    with ctx.shell() as g:
        g.run("(ping -c 2 -i 5 127.0.0.1 > /dev/null &)")
        out = wait_for(g, "netstat -wan", "raw")
        assert re.search(r"^raw +0 +0 0\.0\.0\.0:1 +0\.0\.0\.0:\* ", out,
                         re.M), out
        g.run("killall ping 2>/dev/null")


@timeout(120)
def test_busybox_ping6_over_lo(ctx):
    """BusyBox's ping6 (a raw ICMPv6 socket, ICMP6_FILTER for echo
    replies only) gets its replies from ::1 (kernel/net/raw_ipv6.c),
    each with the hop limit 64 of the kernel's echo reply in an
    IPV6_2292HOPLIMIT control message (kernel/net/ip_sockglue.c)."""
    with ctx.shell() as g:
        out, st = status_of(g, "ping6 -c 2 ::1")
        assert st == 0, out
        assert "2 packets transmitted, 2 packets received" in out, out
        out, st = status_of(g, "ping6 -c 1 ::1")
    assert st == 0, out
    assert re.search(r"bytes from ::1: seq=0 ttl=64 ", out), out


@timeout(120)
def test_busybox_traceroute_over_lo(ctx):
    """BusyBox's traceroute sends UDP probes to high ports and reads the
    ICMP answers on a raw ICMP socket: the first probe to 127.0.0.1
    earns a port unreachable (kernel/net/raw.c icmp_send(), from
    kernel/net/udp.c), so the destination is reached at hop 1 and
    traceroute stops there, as on Linux. Before, every probe went
    unanswered (" 1  *")."""
    with ctx.shell() as g:
        out, st = status_of(g, "traceroute -n -q 1 -w 2 -m 3 127.0.0.1")
    assert st == 0, out
    assert re.search(r"^ 1  127\.0\.0\.1  \d+\.\d+ ms\s*$", out, re.M), out
    assert not re.search(r"^ 2 ", out, re.M), out
