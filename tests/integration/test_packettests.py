"""Packet sockets (AF_PACKET) on lo, driven from user space by
user/packettests.c: a raw socket sees the frame another sends (going
out and coming back in), sockaddr_ll, SOCK_DGRAM's link header, the RX
ring in TPACKET_V1, V2 and V3 read through mmap, the TX ring, every bad
ring parameter (EINVAL, LTP's setsockopt02/07/09 and sendto03 cases),
EPERM for a user, and all of it in a new user and network namespace
whose lo starts down; and PACKET_FANOUT groups (user/fanouttests.c):
each frame to one member by the group's mode, Linux's errno for each
bad request, a member closed, bind() racing PACKET_FANOUT (LTP's
fanout01). Every test in them must pass, on both stack sizes and on the
debug kernel with nothing reported."""
from debugkernel import debug_shell_run
from tb import both_stack_sizes, fuzz_only, tap_passed, timeout


@both_stack_sizes
@timeout(200)
def test_packettests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("packettests", timeout=150)
    assert tap_passed(out, "packettests") >= 16


@timeout(900)
def test_packettests_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: the rings'
    pages, their vmap() and the mapped object, the V3 block timer, the
    namespace references of the sockets."""
    out = debug_shell_run(ctx, "packettests", 300)
    assert tap_passed(out, "packettests") >= 16


@both_stack_sizes
@timeout(200)
def test_packettests_fanout_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("fanouttests", timeout=150)
    assert tap_passed(out, "fanouttests") >= 9


@timeout(900)
def test_packettests_fanout_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: a group freed
    by its last member, never while a delivery or a join sees it."""
    out = debug_shell_run(ctx, "fanouttests", 300)
    assert tap_passed(out, "fanouttests") >= 9


@timeout(120)
def test_lo_flags_in_a_new_network_namespace(ctx):
    """BusyBox's unshare and ifconfig: a new network namespace's lo is
    down until root there brings it up; the first namespace's stays up."""
    with ctx.shell() as g:
        out = g.run("unshare -n sh -c 'ifconfig lo | grep -c UP; "
                    "ifconfig lo up; ifconfig lo | grep -c UP'")
        outer = g.run("ifconfig lo | grep -c UP")
    lines = [l.strip() for l in out.replace("\r", "").split("\n") if l.strip()]
    assert "0" in lines and "1" in lines, out
    assert "1" in outer, outer


@timeout(180)
def test_fuzz_packet_sockets(ctx):
    """The fuzzer on the socket calls alone, its packet sockets with rings
    mapped in the pool and its socket/setsockopt calls aimed at AF_PACKET
    and SOL_PACKET now and then: no oops, every worker reaped, and a
    packet socket still works afterwards."""
    out = fuzz_only(ctx, "socket bind sendto recvfrom setsockopt getsockopt "
                    "mmap munmap getsockname ioctl poll close", 20000, 60,
                    after="packettests raw_loopback rx_ring_v3")
    assert tap_passed(out, "packettests") == 2, out
