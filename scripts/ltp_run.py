#!/usr/bin/env python3
"""Run LTP's system-call tests inside Taskbase and inside Linux 6.1, in the
same QEMU, and compare (called by scripts/ltp.sh; see docs/ltp.md).

    ltp_run.py LTP_BUILD [TEST|DIR ...] [--build build] [--linux VMLINUZ]
               [--batch 60] [--timeout 60] [--only taskbase|linux] [--all]

LTP_BUILD is a built LTP tree (scripts/ltp.sh build). The tests are the
entries of LTP's runtest/syscalls whose binary was built; by default only
those in the directories named after a system call Taskbase's table has
(kernel/syscall_table.c), --all for every one, or the TESTs or DIRs
named; a TEST named may also be one of runtest/net.features whose binary
is in testcases/network/packet (fanout01). They run in batches: each batch is one boot of each kernel with an
initramfs holding user/ltprun as init, the batch's test directories
(stripped) under /ltp/bin and the list in /ltp/list. Results go to
OUT/results.csv and OUT/summary.md (OUT: BUILD/ltp), guest logs to OUT/.
"""
import argparse
import collections
import csv
import os
import re
import stat
import subprocess
import sys

sys.dont_write_bytecode = True     # keep scripts/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import Guest, GuestError  # noqa: E402
from mkinitramfs import TRAILER, newc  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = "taskbase_ltp=1"
RESULT = re.compile(r"^LTP-RESULT (\S+) (\S+) ([\d.]+)", re.M)
# LTP's exit codes (include/tst_res_flags.h): 0 pass, 32 TCONF alone.
PASS, CONF = "0", "32"
# LTP's library runs some helpers through system() ("cp ..." to copy a
# test's child program): the guests get these BusyBox applets.
BUSYBOX = "/bin/busybox"
APPLETS = ("sh", "cp", "rm", "mv", "mkdir", "ln", "cat", "ls", "chmod", "touch",
           "zcat")
# Tests that depend on kernel options read the kernel's configuration:
# LTP finds Taskbase's at /proc/config.gz (the tree's .config, the options
# whose features Taskbase has) and reads it with zcat, as on Linux.


def taskbase_syscalls():
    """The names in Taskbase's system-call table."""
    with open(os.path.join(REPO, "kernel/syscall_table.c")) as f:
        text = f.read()
    return set(re.findall(r"SYSCALL(?:_AS)?\((\w+),", text))


def implemented(d, names):
    """Is LTP directory @d (fcntl, pselect, timerfd, ...) about a call
    in @names?"""
    return d in names or re.sub(r"\d+$", "", d) in names or \
        any(n.startswith(d) for n in names)


def elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


# Where the tests' binaries are, and the runtest files that name them
# (the second only for tests named on the command line).
TEST_DIRS = ("testcases/kernel/syscalls", "testcases/network/packet")
RUNTESTS, NAMED_RUNTESTS = ("syscalls",), ("net.features",)


def index_binaries(ltp):
    """basename -> path of every built ELF under TEST_DIRS."""
    found = {}
    for dirpath, _, files in (w for top in TEST_DIRS
                              for w in os.walk(os.path.join(ltp, top))):
        for name in files:
            path = os.path.join(dirpath, name)
            if os.access(path, os.X_OK) and not name.endswith((".sh", ".o")) \
                    and elf(path):
                found.setdefault(name, path)
    return found


def runtest_lines(args):
    """The lines of the runtest files the selection reads."""
    for r in RUNTESTS + (NAMED_RUNTESTS if args.tests else ()):
        with open(os.path.join(args.ltp, "runtest", r)) as f:
            yield from f


def select_tests(args, binaries):
    """[(name, command line, directory)] in runtest order."""
    names = taskbase_syscalls()
    tests, seen = [], set()
    for line in runtest_lines(args):
        parts = line.split()
        if not parts or parts[0].startswith("#") or len(parts) < 2 \
                or parts[0] in seen:
            continue
        path = binaries.get(parts[1])
        if not path:
            continue
        d = os.path.basename(os.path.dirname(path))
        if args.tests:
            if parts[0] not in args.tests and d not in args.tests:
                continue
        elif not args.all and not implemented(d, names):
            continue
        seen.add(parts[0])
        tests.append((parts[0], " ".join(parts), os.path.dirname(path)))
    return tests


def batches(tests, size):
    """Groups of whole directories, about size tests each."""
    by_dir = collections.OrderedDict()
    for t in tests:
        by_dir.setdefault(t[2], []).append(t)
    batch = []
    for group in by_dir.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch += group
    if batch:
        yield batch


def stripped(path, cache):
    """A stripped copy of binary @path, made once."""
    out = os.path.join(cache, "stripped", os.path.basename(path))
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(path):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run(["strip", "-o", out, path], check=True)
    return out


def batch_files(batch, cache):
    """(archive path, host path) of the batch's directories' binaries."""
    files = []
    for d in sorted({t[2] for t in batch}):
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and os.access(p, os.X_OK) and elf(p):
                files.append((f"ltp/testcases/bin/{name}", stripped(p, cache)))
    return files


def write_cpio(out, entries):
    """entries: (path, mode, data or host path); a newc archive at @out."""
    with open(out, "wb") as f:
        for ino, (name, mode, data) in enumerate(entries, start=1):
            if isinstance(data, str):
                with open(data, "rb") as src:
                    data = src.read()
            f.write(newc(name, mode, data, ino=ino))
        f.write(TRAILER)


def tree_entries(root, prefix=""):
    """The files, symbolic links and directories under host dir @root,
    for write_cpio."""
    out = []
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel != ".":
            out.append((prefix + rel, stat.S_IFDIR | 0o755, b""))
        for name in sorted(files):
            p = os.path.join(dirpath, name)
            dest = os.path.normpath(prefix + os.path.join(rel, name))
            if os.path.islink(p):   # initramfs/dev/log: may dangle here
                out.append((dest, stat.S_IFLNK | 0o777,
                            os.readlink(p).encode()))
            else:
                out.append((dest, stat.S_IFREG | (os.stat(p).st_mode & 0o777),
                            p))
    return out


def initramfs(args, batch, files, kernel):
    """The batch's cpio for "taskbase" or "linux"."""
    listing = "".join(t[1] + "\n" for t in batch).encode()
    # LTP looks for helper programs and data in $LTPROOT/testcases/bin.
    entries = [(d, stat.S_IFDIR | 0o755, b"")
               for d in ("ltp", "ltp/testcases", "ltp/testcases/bin")]
    entries.append(("ltp/list", stat.S_IFREG | 0o644, listing))
    entries += [(dest, stat.S_IFREG | 0o755, src) for dest, src in files]
    user = os.path.join(args.build, "user")
    applets = APPLETS if os.path.exists(BUSYBOX) else ()
    entries.append(("bin", stat.S_IFDIR | 0o755, b""))
    entries += [(f"bin/{n}", stat.S_IFREG | 0o755, BUSYBOX) for n in applets]
    if kernel == "taskbase":
        entries += tree_entries(os.path.join(REPO, "initramfs"))
        entries += [(f"bin/{n}", stat.S_IFREG | 0o755, os.path.join(user, n))
                    for n in sorted(os.listdir(user))
                    if elf(os.path.join(user, n)) and n not in applets]
    else:
        entries += [(d, stat.S_IFDIR | 0o755, b"")
                    for d in ("dev", "proc", "sys", "tmp", "etc")]
        entries += [("dev/console", stat.S_IFCHR | 0o600, b""),
                    ("init", stat.S_IFREG | 0o755, os.path.join(user, "ltprun"))]
        entries += [e for e in tree_entries(os.path.join(REPO, "initramfs"))
                    if e[0].startswith("etc/") and e[1] & stat.S_IFREG]
        entries += [(f"bin/{n}", stat.S_IFREG | 0o755, os.path.join(user, n))
                    for n in ("true", "false", "echo")
                    if os.path.exists(os.path.join(user, n))]
        # Tests that check kernel options read /boot/config-RELEASE.
        boot = os.path.join(os.path.dirname(os.path.realpath(args.linux)))
        configs = [n for n in os.listdir(boot) if n.startswith("config-")]
        entries.append(("boot", stat.S_IFDIR | 0o755, b""))
        entries += [(f"boot/{n}", stat.S_IFREG | 0o644, os.path.join(boot, n))
                    for n in configs]
    out = os.path.join(args.out, f"{kernel}-initramfs.cpio")
    write_cpio(out, entries)
    return out


def boot(args, kernel, cpio, n, tests):
    """Boot @kernel on @cpio; {test: (status, seconds)} it reported."""
    if kernel == "taskbase":
        image = os.path.join(args.build, "kernel.elf")
        append = (f"init=/bin/ltprun quiet -- {MARKER} "
                  f"ltp_timeout={args.timeout}")
    else:
        image = args.linux
        append = f"console=ttyS0 quiet panic=-1 {MARKER} ltp_timeout={args.timeout}"
    log = os.path.join(args.out, f"{kernel}-{n}.log")
    limit = len(tests) * (args.timeout + 10) + 120
    g = Guest(kernel=image, initrd=cpio, append=append, smp=2, mem=args.mem,
              timeout=limit, log_path=log)
    print(f"ltp: batch {n} on {kernel} ({len(tests)} tests) ...",
          file=sys.stderr, flush=True)
    try:
        with g:
            g.expect(r"LTP-DONE", timeout=limit)
    except GuestError as e:
        print(f"ltp: batch {n} on {kernel}: {str(e).splitlines()[0]}",
              file=sys.stderr)
    results = {m.group(1): (m.group(2), float(m.group(3)))
               for m in RESULT.finditer(g.output)}
    for t in tests:
        results.setdefault(t[0], ("NORESULT", 0.0))
    return results


def save_kernel(args, kernel, results):
    """Keep one kernel's results (OUT/KERNEL.csv), merged with earlier runs."""
    old = load_kernel(args, kernel)
    old.update(results)
    with open(os.path.join(args.out, f"{kernel}.csv"), "w", newline="") as f:
        w = csv.writer(f)
        for name, (status, secs) in sorted(old.items()):
            w.writerow([name, status, secs])


def load_kernel(args, kernel):
    """What an earlier run saved for @kernel ({} if nothing)."""
    path = os.path.join(args.out, f"{kernel}.csv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r[0]: (r[1], float(r[2])) for r in csv.reader(f) if r}


def verdict(status):
    if status == PASS:
        return "pass"
    if status == CONF:
        return "conf"
    return "fail"


def summarize(args, tests, res):
    """Write results.csv and summary.md; print the summary."""
    rows, counts = [], collections.Counter()
    for name, _, _ in tests:
        tb, lx = res["taskbase"].get(name), res["linux"].get(name)
        v = (verdict(tb[0]) if tb else "-", verdict(lx[0]) if lx else "-")
        counts[v] += 1
        rows.append((name, tb[0] if tb else "", lx[0] if lx else "", *v))
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["test", "taskbase_status", "linux_status", "taskbase",
                    "linux"])
        w.writerows(rows)
    lines = [f"LTP syscalls: {len(tests)} tests", "",
             "| Taskbase \\ Linux | " + " | ".join(("pass", "conf", "fail", "-")) + " |",
             "|---|---|---|---|---|"]
    for a in ("pass", "conf", "fail", "-"):
        lines.append(f"| {a} | " + " | ".join(str(counts[(a, b)])
                                          for b in ("pass", "conf", "fail", "-")) + " |")
    lines += ["", "Pass on Linux, not on Taskbase:"]
    lines += [f"- {r[0]}: Taskbase {r[1]}" for r in rows
              if r[4] == "pass" and r[3] != "pass"]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write(text)
    print(text)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("ltp", help="built LTP tree")
    p.add_argument("tests", nargs="*", help="tests or directories to run")
    p.add_argument("--build", default=os.path.join(REPO, "build"))
    p.add_argument("--linux", default=None,
                   help="Linux vmlinuz (default BUILD/linux/vmlinuz)")
    p.add_argument("--only", choices=("taskbase", "linux"))
    p.add_argument("--all", action="store_true",
                   help="every syscalls test, not only Taskbase's calls")
    p.add_argument("--batch", type=int, default=60)
    p.add_argument("--timeout", type=int, default=60, help="seconds a test may take")
    p.add_argument("--mem", default="1G")
    p.add_argument("--out", default=None, help="default BUILD/ltp")
    args = p.parse_intermixed_args(argv)
    args.linux = args.linux or os.path.join(args.build, "linux/vmlinuz")
    args.out = args.out or os.path.join(args.build, "ltp")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.makedirs(args.out, exist_ok=True)
    cache = os.path.dirname(os.path.abspath(args.ltp))
    tests = select_tests(args, index_binaries(args.ltp))
    kernels = [args.only] if args.only else ["taskbase", "linux"]
    res = {"taskbase": {}, "linux": {}}
    for n, batch in enumerate(batches(tests, args.batch), start=1):
        files = batch_files(batch, cache)
        for k in kernels:
            cpio = initramfs(args, batch, files, k)
            got = boot(args, k, cpio, n, batch)
            res[k].update(got)
            save_kernel(args, k, got)
    for k in ("taskbase", "linux"):
        if k not in kernels:    # the other kernel: its last run's results
            res[k] = load_kernel(args, k)
    summarize(args, tests, res)


if __name__ == "__main__":
    sys.exit(main())
