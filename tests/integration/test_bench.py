"""The benchmark still works: `bench quick` inside Taskbase prints every
metric with a positive number and ends cleanly; scripts/bench.py builds a
Linux initramfs and a PNG correctly. Nothing here times anything: numbers
are measured by `make bench`, never asserted (DESIGN.md)."""
import os
import re
import stat
import struct
import sys
import tempfile
import zlib

from tb import PROMPT, REPO, timeout

sys.path.insert(0, os.path.join(REPO, "scripts"))
import bench  # noqa: E402
import pngchart  # noqa: E402

# Every microbenchmark user/bench.c runs; boot_to_init only as pid 1.
METRICS = ["syscall_bare", "syscall_enosys", "getpid", "clock_gettime", "yield_thread",
           "yield_process", "pipe_roundtrip", "futex_handoff",
           "thread_create_join", "fork_exit_wait", "fork_exec_wait",
           "page_fault", "mmap_munmap_4k", "proc_status_read"]


@timeout(180)
def test_bench_quick_prints_every_metric(ctx):
    with ctx.guest() as g:
        g.expect(PROMPT, timeout=30)
        out = g.run("bench quick", timeout=150)
        status = g.run("echo $?").strip()
    got = {m.group(1): float(m.group(2)) for m in
           re.finditer(r"^BENCH (\S+) (\S+) ns$", out, re.M)}
    for name in METRICS:
        assert name in got, f"{name} missing:\n{out}"
        assert got[name] > 0, f"{name} = {got[name]}:\n{out}"
    assert set(bench.MICRO) >= set(got), "bench.py must know every metric"
    skips = re.findall(r"^BENCH-SKIP (\S+) (.*)$", out, re.M)
    assert skips == [("boot_to_init", "not pid 1")], skips
    assert "BENCH-DONE quick" in out, out
    assert status == "0", status


@timeout(120)
def test_init_arguments_after_dashes_reach_bench(ctx):
    """Words after "--" on the command line are init's argv (as on Linux):
    `bench only getpid 2` as pid 1 runs that one row twice, then powers
    off."""
    with ctx.guest(append="init=/bin/bench quiet -- only getpid 2") as g:
        g.expect(r"BENCH-DONE only", timeout=90)
        status = g.wait_exit(timeout=30)
        out = g.output
    assert "BENCH-INFO mode only cpus" in out, out
    rows = re.findall(r"^BENCH (\S+) \S+ ns", out, re.M)
    assert rows == ["getpid", "getpid"], rows
    assert status == 0, f"exit status {status}"


def test_yield_rows_switch_every_time(ctx):
    """The yield rows time real switches: no warning that a yield switched
    nothing (that needs getrusage's switch counts)."""
    with ctx.guest() as g:
        g.expect(PROMPT, timeout=30)
        out = g.run("bench only yield_process", timeout=90)
    assert re.search(r"^BENCH yield_process \S+ ns", out, re.M), out
    assert "warning" not in out, out


def read_newc(blob):
    """{name: (mode, data, (rdevmajor, rdevminor))} of a newc archive."""
    out, pos = {}, 0
    while True:
        h = blob[pos:pos + 110]
        assert h[:6] == b"070701", f"bad magic at {pos}"
        f = [int(h[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        namesize, size = f[11], f[6]
        name = blob[pos + 110:pos + 110 + namesize - 1].decode()
        pos += 110 + namesize
        pos += -pos % 4
        if name == "TRAILER!!!":
            return out
        out[name] = (f[1], blob[pos:pos + size], (f[9], f[10]))
        pos += size
        pos += -pos % 4


def test_linux_initramfs_layout(ctx):
    src = os.path.join(ctx.build, "user", "bench")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "linux.cpio")
        bench.linux_initramfs(path, src, [os.path.join(ctx.build, "user",
                                                       "true")])
        with open(path, "rb") as f:
            files = read_newc(f.read())
    with open(src, "rb") as f:
        assert files["init"][1] == f.read(), "/init is the bench binary"
    assert stat.S_ISREG(files["init"][0]) and files["init"][0] & 0o111
    assert stat.S_ISCHR(files["dev/console"][0])
    assert files["dev/console"][2] == (5, 1)
    assert files["dev/null"][2] == (1, 3)
    assert "bin/true" in files and stat.S_ISDIR(files["proc"][0])


def test_chart_is_a_valid_png(ctx):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.png")
        pngchart.grouped_bars(path, "t", [("p", [("getpid", 200.0, 600.0),
                                                 ("fork", 1e6, None)])],
                              ("Taskbase", "Linux"))
        with open(path, "rb") as f:
            data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    idat = data.index(b"IDAT")
    n = struct.unpack(">I", data[idat - 4:idat])[0]
    raw = zlib.decompress(data[idat + 4:idat + 4 + n])
    assert len(raw) == h * (1 + 3 * w)
    # Both colours of the legend are drawn.
    for color in pngchart.COLORS:
        assert bytes(color) in raw


def test_syscall_floor_compares_with_the_bare_pair(ctx):
    table = [("wall", "syscall_bare", "ns", 30.0, None, None),
             ("wall", "syscall_enosys", "ns", 240.0, 180.0, 1.33),
             ("wall", "getpid", "ns", 90.0, 300.0, 0.3),
             ("icount", "syscall_enosys", "ns", 200.0, 210.0, 0.95)]
    assert bench.syscall_floor(table) == [
        "wall: syscall_enosys takes 8.0 times the bare syscall+sysret pair",
        "wall: getpid takes 3.0 times the bare syscall+sysret pair"]
