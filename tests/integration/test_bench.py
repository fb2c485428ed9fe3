"""The benchmark still works: `bench quick` inside Taskbase prints every
metric with a positive number and ends cleanly; scripts/bench.py builds a
Linux initramfs and draws its chart (scripts/benchchart.py, matplotlib)
from a table or a saved bench.csv. Nothing here times anything: numbers
are measured by `make bench`, never asserted (DESIGN.md)."""
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

from tb import PROMPT, REPO, timeout

sys.path.insert(0, os.path.join(REPO, "scripts"))
import bench  # noqa: E402
import benchchart  # noqa: E402

# Every microbenchmark user/bench.c runs; boot_to_init only as pid 1.
METRICS = ["syscall_bare", "syscall_enosys", "getpid", "clock_gettime", "yield_thread",
           "yield_process", "pipe_roundtrip", "futex_handoff",
           "thread_create_join", "fork_exit_wait", "fork_exec_wait",
           "fork_exec_busybox", "page_fault", "mmap_munmap_4k", "proc_status_read",
           "open_close_deep", "ptrace_syscall", "strace_c_getppid"]


@timeout(180)
def test_bench_quick_prints_every_metric(ctx):
    # The image with Debian's strace (the Makefile), as make bench boots.
    with ctx.guest(initrd=os.path.join(ctx.build_dir(),
                                       "initramfs-strace.cpio")) as g:
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
    # The plain image has no benchmod.ko: test_bench_module_row has it.
    assert skips == [("boot_to_init", "not pid 1"),
                     ("module_load_unload", "no /lib/modules/benchmod.ko")], skips
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


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PANELS = [benchchart.Panel("p", [("getpid", 200.0, 600.0), ("fork", 1e6, None)],
                           lambda v: f"{v:g} ns"),
          benchchart.Panel("q", [("a", 3.0, 2.0)])]


def png_colours(path):
    """(width, height) from the PNG header, and the set of RGB colours
    matplotlib reads back from the file."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == PNG_SIGNATURE, data[:8]
    size = struct.unpack(">II", data[16:24])
    rgb = (benchchart.pyplot().imread(path)[..., :3] * 255).round().astype(int)
    return size, {tuple(p) for p in rgb.reshape(-1, 3).tolist()}


def test_chart_labels_values_ratios_and_both_series(ctx):
    fig = benchchart.chart_figure("t", PANELS)
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"200 ns", "600 ns", "1e+06 ns", "3.0", "2.0"} <= texts, texts
    assert {"0.33x", "1.50x", benchchart.RATIO} <= texts, texts
    assert "fork" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == list(benchchart.SERIES), legend
    # 200 to 1e6 spans orders of magnitude; 2 to 3 does not.
    assert [ax.get_xscale() for ax in fig.axes] == ["log", "linear"]
    benchchart.pyplot().close(fig)


def test_chart_is_a_png_of_its_size_with_both_colours(ctx):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.png")
        benchchart.grouped_bars(path, "t", PANELS)
        size, colours = png_colours(path)
    want = tuple(round(x * benchchart.DPI) for x in benchchart.figure_size(PANELS))
    assert size == want, (size, want)
    for hexcolour in benchchart.COLORS + (benchchart.FASTER, benchchart.SLOWER):
        rgb = tuple(int(hexcolour[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"{hexcolour} not drawn"


def test_chart_redrawn_from_a_saved_csv(ctx):
    """bench.py --redraw CSV: the table comes back from bench.csv as it was
    written, and bench.png is drawn beside it."""
    table = [("wall", "getpid", "ns", 170.0, 397.0, 0.5),
             ("wall", "syscall_bare", "ns", 33.0, None, None),
             ("icount", "getpid", "ns", 192.0, 310.0, 0.625),
             ("scale", "scale_threads", "threads", 9641.0, 1615.0, 6.0)]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench.csv")
        bench.write_csv(path, table)
        assert bench.read_csv(path) == table
        p = subprocess.run([sys.executable, os.path.join(REPO, "scripts",
                                                         "bench.py"),
                            "--redraw", path], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 0, p.stdout + p.stderr
        (w, h), colours = png_colours(os.path.join(d, "bench.png"))
    assert w > h > 0 and len(colours) > 10


def test_syscall_floor_compares_with_the_bare_pair(ctx):
    table = [("wall", "syscall_bare", "ns", 30.0, None, None),
             ("wall", "syscall_enosys", "ns", 240.0, 180.0, 1.33),
             ("wall", "getpid", "ns", 90.0, 300.0, 0.3),
             ("icount", "syscall_enosys", "ns", 200.0, 210.0, 0.95)]
    assert bench.syscall_floor(table) == [
        "wall: syscall_enosys takes 8.0 times the bare syscall+sysret pair",
        "wall: getpid takes 3.0 times the bare syscall+sysret pair"]


@timeout(240)
def test_bench_module_row(ctx):
    """module_load_unload: scripts/benchmod/ built as a student's module
    (make -C . M=dir), in /lib/modules of the image: `bench only
    module_load_unload 2` loads and unloads it, and nothing stays."""
    from test_modbuild import kbuild
    from test_robustness import mkinitramfs, work_dir
    d = work_dir(ctx, f"bench-module-tp{ctx.tp}")
    src = os.path.join(d, "benchmod")
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "scripts", "benchmod"), src)
    kbuild(ctx, src)
    initrd = mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"), [
        ("lib/modules/benchmod.ko", os.path.join(src, "benchmod.ko"))])
    with ctx.guest(initrd=initrd) as g:
        g.expect(PROMPT, timeout=30)
        out = g.run("bench only module_load_unload 2", timeout=150)
        mods = g.run("cat /proc/modules")
    rows = re.findall(r"^BENCH (\S+) (\S+) ns", out, re.M)
    assert [r[0] for r in rows] == ["module_load_unload"] * 2, out
    assert all(float(r[1]) > 0 for r in rows), rows
    assert "benchmod" not in mods, mods
