"""Classic BPF socket filters, driven from user space by
user/sockfiltertests.c: SO_ATTACH_FILTER on AF_UNIX datagram, UDP and
packet sockets (what the program sees at offset 0 of each, what its
return value keeps, the SKF_AD_* ancillary loads), every classic
instruction, the checker's EINVAL and EFAULT, SO_DETACH_FILTER,
SO_GET_FILTER, SO_LOCK_FILTER, eBPF programs (SO_ATTACH_BPF) on packet
sockets, the RX ring's snap length, and PACKET_FANOUT_CBPF /
PACKET_FANOUT_EBPF groups steered by PACKET_FANOUT_DATA's program. Every
test must pass, on both stack sizes and on the debug kernel with nothing
reported."""
from debugkernel import assert_no_report, debug_shell_run
from tb import both_stack_sizes, tap_passed, timeout

TESTS = 18


@both_stack_sizes
@timeout(200)
def test_sockfilter_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("sockfiltertests", timeout=150)
    assert tap_passed(out, "sockfiltertests") >= TESTS


@timeout(900)
def test_sockfilter_on_debug_kernel_without_reports(ctx):
    """The same under KASAN, UBSAN, lockdep and kmemleak: the programs'
    copies (the original kept for SO_GET_FILTER), a filter replaced or
    detached while a packet may run it, a fanout group's program freed
    with the group."""
    out = debug_shell_run(ctx, "sockfiltertests", 300)
    assert tap_passed(out, "sockfiltertests") >= TESTS


@timeout(600)
def test_fuzz_classic_filters_on_debug_kernel_without_reports(ctx):
    """The fuzzer on the socket calls with classic programs
    (SO_ATTACH_FILTER, PACKET_FANOUT_DATA, SO_GET_FILTER, SO_LOCK_FILTER):
    every program the checker takes runs at once on a datagram, so a load
    the interpreter lets past the packet would show as a KASAN report."""
    out = debug_shell_run(ctx, "fuzz -s 301 -n 30000 -T 120 -o setsockopt "
                          "-o getsockopt -o socket -o bind -o sendto "
                          "-o recvfrom -o close -o socketpair", 400)
    assert "fuzz: PASS" in out, out[-3000:]
    assert_no_report(out)
