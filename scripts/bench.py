#!/usr/bin/env python3
"""Taskbase against Linux: the same benchmark binary on both, one QEMU.

    bench.py --build build --linux build/linux/vmlinuz [--build-tp2 build/tp2]

Boots Taskbase (kernel.elf, init=/bin/bench) and then Debian's own Linux
kernel (vmlinuz, with a cpio whose /init is the same user/bench binary),
with the same QEMU flags (-smp, -m, -accel, -cpu), in two modes:

  wall    plain TCG: guest time is host time, what a student waits for
  icount  -icount shift=0,sleep=off: one instruction is one ns of guest
          time, so a "ns" is an instruction; the same on every run. Both
          kernels get --icount-smp CPUs (default 1): under -icount QEMU
          runs the vCPUs in turn on one host thread anyway, and Linux 6.1
          hangs bringing up a second CPU there (QEMU 7.2). The benchmarks
          run pinned to CPU 0, so their path lengths do not need CPU 1.

then the scale run (bench scale: threads until the kernel refuses) on both,
and on the THREAD_PAGES=2 build when --build-tp2 is given. Prints one table
(metric, Taskbase, Linux, ratio Taskbase/Linux: below 1 Taskbase is faster),
and writes BUILD/bench/bench.csv, bench.png and every guest's log. Nothing
here runs the benchmark on this host: only inside QEMU.

    bench.py --redraw build/bench/bench.csv

draws bench.png again, beside the table, from a saved bench.csv.
"""

import argparse
import csv
import datetime
import os
import platform
import re
import stat
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # keep scripts/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import Guest, GuestError, PROMPT  # noqa: E402
from mkinitramfs import TRAILER, newc  # noqa: E402
import benchchart  # noqa: E402

LINE = re.compile(r"^(BENCH|BENCH-SKIP|BENCH-INFO|BENCH-DONE)\s+(\S+)\s*(.*)$")
# The host's view of the TSC rate is good to a few 0.1 %; a guest clock
# further off than this is wrong, and its times are rescaled.
CLOCK_TOLERANCE = 0.02
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off"]
MARKER = "taskbase_bench=1"     # user/bench.c powers off only with it;
# as key=value Linux hands it to /init in the environment, not in argv
TB_APPEND = f"init=/bin/bench quiet {MARKER}"
LINUX_APPEND = f"console=ttyS0 quiet panic=-1 {MARKER}"
# Order of the table: the microbenchmarks, then the run as a whole.
MICRO = ["syscall_bare", "syscall_enosys", "getpid", "clock_gettime", "yield_thread",
         "yield_process", "pipe_roundtrip", "futex_handoff",
         "thread_create_join", "fork_exit_wait", "fork_exec_wait",
         "fork_exec_busybox", "page_fault", "mmap_munmap_4k", "proc_status_read",
         "open_close_deep", "module_load_unload", "ptrace_syscall", "strace_c_getppid", "boot_to_init",
         "qemu_run"]
SCALE = ["scale_threads", "scale_mem_per_thread", "scale_create_per_thread",
         "scale_join_per_thread", "proc_walk_1000", "ps_LA_1000",
         "proc_walk_4000", "ps_LA_4000"]


# -- the Linux initramfs ---------------------------------------------------

def debian_strace():
    """Debian's strace as scripts/build-strace.sh cached it, or None."""
    r = subprocess.run([os.path.join(os.path.dirname(__file__),
                                     "build-strace.sh"), "--check"],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def linux_initramfs(out, bench, extra_bins, extra_files=(), modules=()):
    """Write a cpio whose /init is bench, with /bin/<extra>, the extra
    files, the modules in /lib/modules and /dev nodes.

    The device nodes let the kernel give /init its console before any
    mount, and /dev/null exists for the programs it runs.
    """
    entries = [("dev", stat.S_IFDIR | 0o755, b"", (0, 0)),
               ("dev/console", stat.S_IFCHR | 0o600, b"", (5, 1)),
               ("dev/null", stat.S_IFCHR | 0o666, b"", (1, 3)),
               ("proc", stat.S_IFDIR | 0o555, b"", (0, 0)),
               ("sys", stat.S_IFDIR | 0o555, b"", (0, 0)),
               ("bin", stat.S_IFDIR | 0o755, b"", (0, 0))]
    with open(bench, "rb") as f:
        entries.append(("init", stat.S_IFREG | 0o755, f.read(), (0, 0)))
    for path in extra_bins:
        if os.path.exists(path):
            with open(path, "rb") as f:
                entries.append((f"bin/{os.path.basename(path)}",
                                stat.S_IFREG | 0o755, f.read(), (0, 0)))
    for dest, path in extra_files:     # (path in the image, host file)
        parts = dest.split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in [e[0] for e in entries]:
                entries.append((d, stat.S_IFDIR | 0o755, b"", (0, 0)))
        with open(path, "rb") as f:
            entries.append((dest, stat.S_IFREG | 0o755, f.read(), (0, 0)))
    mods = [p for p in modules if p and os.path.exists(p)]
    if mods:
        entries += [("lib", stat.S_IFDIR | 0o755, b"", (0, 0)),
                    ("lib/modules", stat.S_IFDIR | 0o755, b"", (0, 0))]
    for path in mods:
        with open(path, "rb") as f:
            entries.append((f"lib/modules/{os.path.basename(path)}",
                            stat.S_IFREG | 0o644, f.read(), (0, 0)))
    blob = b"".join(newc(n, m, d, i, rdev=r)
                    for i, (n, m, d, r) in enumerate(entries, start=1))
    blob += TRAILER
    with open(out, "wb") as f:
        f.write(blob)


# -- running guests --------------------------------------------------------

class Run:
    """What one guest printed: results (name -> (value, unit)), skips, info."""

    def __init__(self, name):
        self.name = name
        self.results, self.skips, self.info = {}, {}, {}
        self.done = False
        self.wall = None

    def parse(self, text):
        for line in text.splitlines():
            m = LINE.match(line.strip())
            if not m:
                continue
            kind, key, rest = m.groups()
            if kind == "BENCH":
                value, _, unit = rest.partition(" ")
                self.results[key] = (float(value), unit.strip())
            elif kind == "BENCH-SKIP":
                self.skips[key] = rest
            elif kind == "BENCH-INFO":
                self.info[key] = rest
            else:
                self.done = True
        return self


def boot(args, name, kernel, initrd, append, icount=False, shell_cmd=None):
    """Boot one guest to the end of the benchmark; returns its Run.

    Without shell_cmd the guest runs bench as init and powers off; with it
    the guest boots to the shell, runs shell_cmd, then poweroff.
    """
    log = os.path.join(args.out, f"{name}.log")
    extra = ICOUNT_ARGS if icount else []
    smp = args.icount_smp if icount else args.smp
    g = Guest(kernel=kernel, initrd=initrd, append=append, smp=smp,
              mem=args.mem, accel=args.accel, extra_args=extra,
              timeout=args.timeout, log_path=log)
    print(f"bench.py: {name} ...", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    run = Run(name)
    try:
        with g:
            if shell_cmd:
                g.expect(PROMPT)
                g.send(shell_cmd + "\n")
            start = int(g.expect(r"BENCH-INFO tsc_start (\d+)\n").group(1))
            host_start = time.monotonic()
            end = int(g.expect(r"BENCH-INFO tsc_end (\d+)\n").group(1))
            host_end = time.monotonic()
            if shell_cmd:
                g.expect(PROMPT)
                g.send("poweroff\n")
            status = g.wait_exit()
            run.wall = time.monotonic() - t0
            run.parse(g.output)
    except GuestError as e:
        print(f"bench.py: {name} failed: {e}", file=sys.stderr)
        run.parse(g.output)
        return run
    if status != 0 or not run.done:
        print(f"bench.py: {name}: QEMU status {status}, benchmark "
              f"{'finished' if run.done else 'did not finish'}; see {log}",
              file=sys.stderr)
        return run
    # The TSC's true rate: 1 GHz under -icount shift=0, else as the host saw it.
    true_mhz = 1000.0 if icount else (end - start) / (host_end - host_start) / 1e6
    correct_clock(run, true_mhz)
    if not icount:
        run.results["qemu_run"] = (run.wall * 1e9, "ns")
    return run


def correct_clock(run, true_mhz):
    """Rescale the guest's times when its clock ran fast or slow.

    bench measures every time with the guest kernel's CLOCK_MONOTONIC and
    reports the TSC rate it saw against that clock (tsc_mhz); when that
    differs from the TSC's true rate, the kernel's clock was wrong by the
    same factor (a mis-calibrated TSC, say), and so were all its times.
    """
    guest_mhz = float(run.info.get("tsc_mhz", "0") or 0)
    if not guest_mhz or not true_mhz:
        return
    factor = guest_mhz / true_mhz
    note = (f"guest clock rate {1 / factor:.4f} x true (TSC {true_mhz:.1f} "
            f"MHz, guest says {guest_mhz:.1f})")
    if abs(factor - 1) < CLOCK_TOLERANCE:
        run.info["clock_check"] = note + ": fine"
        return
    run.info["clock_check"] = note + f": times scaled by {factor:.4f}"
    print(f"bench.py: {run.name}: {run.info['clock_check']}", file=sys.stderr)
    for key, (value, unit) in run.results.items():
        if unit == "ns":
            run.results[key] = (value * factor, unit)


# -- the table -------------------------------------------------------------

def human(value, unit, icount):
    """A value for people: 612 ns, 1.25 ms, 8123 threads, 12 KiB."""
    if value is None:
        return "-"
    if unit == "ns":
        if icount:
            return (f"{value / 1e6:.2f} M" if value >= 1e6 else
                    f"{value / 1e3:.1f} k" if value >= 1e4 else
                    f"{value:.0f}") + " insn"
        for scale, name in ((1e9, "s"), (1e6, "ms"), (1e3, "us")):
            if value >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value:.0f} ns"
    if unit == "bytes":
        return f"{value / 1024:.1f} KiB"
    return f"{value:.0f} {unit}"


def rows(mode, tb, lx, names):
    """(mode, metric, unit, taskbase, linux, ratio) for each metric."""
    out = []
    for name in names:
        a, b = tb.results.get(name), lx.results.get(name)
        if not a and not b:
            continue
        unit = (a or b)[1]
        va, vb = a[0] if a else None, b[0] if b else None
        ratio = va / vb if va and vb else None
        out.append((mode, name, unit, va, vb, ratio))
    return out


def syscall_floor(table):
    """Lines comparing Taskbase's system calls with the bare syscall+sysret
    pair measured in the same run (the physical limit)."""
    out = []
    for mode in sorted({row[0] for row in table}):
        tb = {row[1]: row[3] for row in table if row[0] == mode}
        if not tb.get("syscall_bare"):
            continue
        for name in ("syscall_enosys", "getpid"):
            if tb.get(name):
                out.append(f"{mode}: {name} takes {tb[name] / tb['syscall_bare']:.1f}"
                           f" times the bare syscall+sysret pair")
    return out


def print_table(table):
    head = ("metric", "mode", "Taskbase", "Linux", "TB/Linux")
    lines = [head]
    for mode, name, unit, va, vb, ratio in table:
        icount = mode == "icount"
        lines.append((name, mode, human(va, unit, icount),
                      human(vb, unit, icount),
                      f"{ratio:.2f}" if ratio else "-"))
    widths = [max(len(l[i]) for l in lines) for i in range(len(head))]
    for n, l in enumerate(lines):
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(l, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def write_csv(path, table):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["mode", "metric", "unit", "taskbase", "linux",
                    "taskbase_over_linux"])
        for mode, name, unit, va, vb, ratio in table:
            w.writerow([mode, name, "insn" if mode == "icount" and
                        unit == "ns" else unit,
                        "" if va is None else f"{va:.1f}",
                        "" if vb is None else f"{vb:.1f}",
                        "" if ratio is None else f"{ratio:.3f}"])


def read_csv(path):
    """The table back from a bench.csv that write_csv wrote."""
    def number(s):
        return float(s) if s else None
    with open(path, newline="") as f:
        return [(r["mode"], r["metric"], "ns" if r["unit"] == "insn" else
                 r["unit"], number(r["taskbase"]), number(r["linux"]),
                 number(r["taskbase_over_linux"])) for r in csv.DictReader(f)]


def write_chart(path, table, title):
    """bench.png: one panel per mode of the timed rows, shorter is faster."""
    panels = []
    for mode, label in (("wall", "wall time (TCG)"),
                        ("icount", "instructions (-icount shift=0, 1 CPU)")):
        bars = [(name, va, vb) for m, name, unit, va, vb, _ in table
                if m == mode and unit == "ns"]
        icount = mode == "icount"
        if bars:
            panels.append(benchchart.Panel(
                label, bars, lambda v, i=icount: human(v, "ns", i)))
    benchchart.grouped_bars(path, title, panels)


def redraw(csv_path):
    """Draw bench.png beside csv_path from the table saved in it."""
    png = os.path.join(os.path.dirname(csv_path), "bench.png")
    write_chart(png, read_csv(csv_path),
                f"Taskbase vs Linux 6.1, same binary, same QEMU "
                f"(redrawn from {os.path.basename(csv_path)})")
    print(f"wrote {png}")
    return 0


def load_average():
    """The host's load average: other work on it skews wall times."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def describe_machine(args):
    """One line each: date, host CPU, QEMU version, guest shape."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    qemu = subprocess.run(["qemu-system-x86_64", "--version"],
                          capture_output=True, text=True).stdout
    return [f"date: {datetime.datetime.now().isoformat(timespec='seconds')}",
            f"host load average (1, 5, 15 min) at start: {args.load_start}, "
            f"at end: {load_average()}",
            f"host: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}",
            f"qemu: {qemu.splitlines()[0] if qemu else '?'}",
            f"guest: -smp {args.smp} -m {args.mem} -accel {args.accel} "
            f"-cpu max (icount mode: -smp {args.icount_smp})"]


# -- main ------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build", help="Taskbase build dir")
    p.add_argument("--build-tp2", help="THREAD_PAGES=2 build dir (scale)")
    p.add_argument("--linux", help="Linux vmlinuz (required to run)")
    p.add_argument("--redraw", metavar="CSV",
                   help="only draw bench.png again from a saved bench.csv")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--icount-smp", type=int, default=1,
                   help="CPUs in icount mode (default 1, see above)")
    p.add_argument("--mem", default="256M")
    p.add_argument("--accel", choices=("tcg", "kvm"), default="tcg")
    p.add_argument("--modes", default="wall,icount",
                   help="comma-separated: wall, icount")
    p.add_argument("--no-scale", action="store_true", help="skip scale runs")
    p.add_argument("--timeout", type=float, default=900,
                   help="seconds one guest may take")
    p.add_argument("--out", help="output dir (default BUILD/bench)")
    p.add_argument("--tb-initrd", help="Taskbase's initramfs (default "
                   "BUILD/initramfs.cpio; scripts/bench.mk adds benchmod.ko)")
    p.add_argument("--linux-module", action="append", default=[],
                   help="a .ko built for the Linux kernel, into its "
                   "/lib/modules (module_load_unload)")
    p.add_argument("--only", metavar="NAME",
                   help="one microbenchmark only (bench only NAME)")
    args = p.parse_args(argv)
    if not args.redraw and not args.linux:
        p.error("--linux is required (or --redraw CSV)")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.redraw:
        return redraw(args.redraw)
    args.out = args.out or os.path.join(args.build, "bench")
    os.makedirs(args.out, exist_ok=True)
    user = os.path.join(args.build, "user")
    lx_initrd = os.path.join(args.out, "linux-initramfs.cpio")
    linux_initramfs(lx_initrd, os.path.join(user, "bench"),
                    [os.path.join(user, p) for p in ("true", "ps", "ptracetest")] +
                    [os.environ.get("BUSYBOX", "/bin/busybox")],
                    [("usr/bin/strace", p) for p in [debian_strace()] if p],
                    args.linux_module)
    tb_kernel = os.path.join(args.build, "kernel.elf")
    tb_initrd = os.path.join(args.build, "initramfs.cpio")
    if os.path.exists(os.path.join(args.build, "initramfs-strace.cpio")):
        tb_initrd = os.path.join(args.build, "initramfs-strace.cpio")
    tb_initrd = args.tb_initrd or tb_initrd
    only = f" -- only {args.only}" if args.only else ""

    args.load_start = load_average()
    table, runs = [], []
    for mode in args.modes.split(","):
        icount = mode == "icount"
        tb = boot(args, f"{mode}-taskbase", tb_kernel, tb_initrd,
                  TB_APPEND + only, icount)
        lx = boot(args, f"{mode}-linux", args.linux, lx_initrd,
                  LINUX_APPEND + only, icount)
        runs += [tb, lx]
        table += rows(mode, tb, lx, MICRO)
    if not args.no_scale:
        tb = boot(args, "scale-taskbase", tb_kernel, tb_initrd, "quiet",
                  shell_cmd="bench scale")
        lx = boot(args, "scale-linux", args.linux, lx_initrd,
                  LINUX_APPEND + " -- scale")
        runs += [tb, lx]
        table += rows("scale", tb, lx, SCALE)
        if args.build_tp2:
            tp2 = boot(args, "scale-taskbase-tp2",
                       os.path.join(args.build_tp2, "kernel.elf"),
                       os.path.join(args.build_tp2, "initramfs.cpio"),
                       "quiet", shell_cmd="bench scale")
            runs.append(tp2)
            table += rows("scale-tp2", tp2, lx, SCALE)

    machine = describe_machine(args)
    for line in machine:
        print(line)
    for r in runs:
        if "kernel" in r.info:
            print(f"{r.name}: {r.info['kernel']}")
    print()
    print_table(table)
    floor = syscall_floor(table)
    if floor:
        print("\n" + "\n".join(floor))
    skipped = [f"{r.name}: {k} ({v})" for r in runs for k, v in r.skips.items()]
    if skipped:
        print("\nskipped: " + "; ".join(skipped))
    notes = [f"{r.name}: {k} {v}" for r in runs for k, v in r.info.items()
             if k.startswith(("linux_", "scale_refused", "clock_check",
                              "warning", "error"))]
    if notes:
        print("\n" + "\n".join(notes))
    write_csv(os.path.join(args.out, "bench.csv"), table)
    write_chart(os.path.join(args.out, "bench.png"), table,
                "Taskbase vs Linux 6.1, same binary, same QEMU "
                f"(-smp {args.smp} -m {args.mem}, {args.accel})")
    print(f"\nwrote {args.out}/bench.csv, {args.out}/bench.png, "
          f"logs in {args.out}/")
    failed = [r.name for r in runs if not r.done]
    if failed:
        print(f"bench.py: did not finish: {', '.join(failed)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
