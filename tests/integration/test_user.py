"""User space, driven over the serial console as a student would: the
shell, the user-space test suite (usertests), programs that must be
stopped (faults), stack growth and RLIMIT_STACK, threads, Ctrl-C and
poweroff. The programs are ordinary static musl binaries."""
import re
import time

from tb import (EXIT_POWEROFF, PROMPT, both_stack_sizes, mem_free_back,
                mem_free_kb, tap_passed, timeout, wait_for)



# Linux's line for an OOM kill (%s: the pid).
OOM_KILLED = (r"Out of memory: Killed process %s \(faults\) total-vm:\d+kB, "
              r"anon-rss:\d+kB, file-rss:\d+kB, shmem-rss:\d+kB, UID:\d+ "
              r"pgtables:\d+kB oom_score_adj:-?\d+")

@both_stack_sizes
@timeout(240)
def test_usertests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("usertests", timeout=180)
    assert tap_passed(out, "usertests") >= 31


def test_shell_basics_and_pipes(ctx):
    with ctx.shell() as g:
        assert g.run("echo hello world").strip() == "hello world"
        assert "Taskbase" in g.run("uname -a")
        assert g.run("echo one two three | wc -w").strip() == "3"
        assert g.run("cat /etc/motd | grep -c Taskbase").strip() == "1"
        assert "sh" in g.run("ls /bin").split()
        assert "nosuchprogram: not found" in g.run("nosuchprogram")   # ash's
        assert g.run("echo $?").strip() == "127"
        # tsh, the teaching shell, the same way.
        assert "command not found" in g.run("tsh -c nosuchprogram")
        assert g.run("echo $?").strip() == "127"
        assert g.run("echo one two three | tsh -c 'wc -w'").strip() == "3"


# mode -> (what the shell reports, what the kernel logs)
FAULTS = {
    "null": ("Segmentation fault", r"faults\[\d+\]: segfault at 0 ip "),
    "read-kernel": ("Segmentation fault", r"segfault at ffffffff80100000 ip "),
    "write-kernel": ("Segmentation fault", r"segfault at ffffffff80100000 ip "),
    "exec-kernel": ("Segmentation fault", r"segfault at ffffffff80100000 ip ffffffff80100000"),
    "exec-stack": ("Segmentation fault", r"segfault at 7ff[0-9a-f]+ ip 00007ff"),
    "divzero": ("Floating point exception", r"traps: faults\[\d+\] divide error"),
    "ud2": ("Illegal instruction", r"traps: faults\[\d+\] invalid opcode"),
    "cli": ("Segmentation fault", r"general protection fault"),
    "hlt": ("Segmentation fault", r"general protection fault"),
    "inb": ("Segmentation fault", r"general protection fault"),
    "outb": ("Segmentation fault", r"general protection fault"),
    "mov-cr3": ("Segmentation fault", r"general protection fault"),
    "lgdt": ("Segmentation fault", r"general protection fault"),
    "wrmsr": ("Segmentation fault", r"general protection fault"),
    "kernel-ds": ("Segmentation fault", r"general protection fault ip:\w+ sp:\w+ error:18"),
    "bad-handler": ("Segmentation fault",
                    r"return to non-canonical or kernel address 8000000000000000: killed"),
    "bad-sigreturn": ("Segmentation fault",
                      r"return to non-canonical or kernel address 8000000000000000: killed"),
}


@timeout(180)
def test_user_faults_are_stopped(ctx):
    with ctx.shell() as g:
        for mode, (report, log) in FAULTS.items():
            out = g.run(f"faults {mode}", timeout=20)
            assert "survived" not in out, f"{mode}: {out}"
            assert report in out, f"{mode}: {out}"
            assert re.search(log, out), f"{mode}: kernel log missing: {out}"
        out = g.run("faults efault")
        assert "EFAULT, as it must" in out, out
        out = g.run("faults bad-tls")
        assert "EPERM, as it must" in out, out
        # And the kernel is fine afterwards.
        assert g.run("echo still here").strip() == "still here"


@timeout(180)
def test_oom_in_a_page_fault_kills_the_process_not_the_kernel(ctx):
    with ctx.shell() as g:
        free0 = re.search(r"freeram:\s+(\d+)", g.run("sysinfo")).group(1)
        out = g.run("faults oom", timeout=120)
        assert "survived" not in out, out
        assert re.search(r"faults invoked oom-killer: order=0, "
                         r"oom_score_adj=0", out), out
        assert re.search(OOM_KILLED % r"\d+", out), out
        assert "Killed" in out, out
        assert g.run("echo $?").strip() == "137"
        # Every page it took comes back, and the shell still works.
        free1 = re.search(r"freeram:\s+(\d+)", g.run("sysinfo")).group(1)
        assert abs(int(free1) - int(free0)) <= 16, (free0, free1)
        assert g.run("echo still here").strip() == "still here"


@timeout(240)
def test_oom_killer_takes_the_biggest_process_not_the_faulting_one(ctx):
    """Linux's choice (kernel/mm/oom_kill.c): a process holding 160 MiB
    dies when a smaller one faults with no memory left, and the faulting
    one goes on (until it is the biggest itself); oom_score shows the
    order; oom_score_adj -1000 exempts the holder, and only root may go
    below 0."""
    with ctx.shell() as g:
        g.run("faults hog > /tmp/hog.out &")
        hog = wait_for(g, "cat /tmp/hog.out", "holding", tries=200)
        pid = re.search(r"pid (\d+)", hog).group(1)
        scores = g.run(f"cat /proc/{pid}/oom_score /proc/$$/oom_score")
        hog_score, sh_score = (int(x) for x in scores.split()[:2])
        assert hog_score > 1500 and hog_score > sh_score, scores
        out = g.run("faults oom", timeout=120)
        assert g.run("echo $?").strip() == "137"
        assert re.search(OOM_KILLED % pid, out), out
        killed = re.findall(r"Killed process (\d+)", out)
        assert killed and killed[0] == pid, out
        # Exempt: the next holder survives; the faulting one dies.
        g.run("faults hog > /tmp/hog.out &")
        hog = wait_for(g, "cat /tmp/hog.out", "holding", tries=200)
        pid = re.search(r"pid (\d+)", hog).group(1)
        g.run(f"echo -1000 > /proc/{pid}/oom_score_adj")
        assert g.run(f"cat /proc/{pid}/oom_score").strip() == "0"
        out = g.run("faults oom", timeout=120)
        assert g.run("echo $?").strip() == "137"
        assert f"Killed process {pid} " not in out, out
        assert g.run(f"kill -0 {pid} && echo alive").strip() == "alive"
        g.run(f"kill -9 {pid}")
        # An unprivileged process may raise its own, not go below 0.
        out = g.run("runas 1000 sh -c 'echo 500 > /proc/self/oom_score_adj "
                    "&& cat /proc/self/oom_score_adj; "
                    "echo -1 > /proc/self/oom_score_adj'")
        assert re.search(r"^500$", out, re.M), out
        assert "Permission denied" in out, out
        assert "Invalid argument" in g.run("echo 1001 > /proc/self/oom_score_adj")


@timeout(120)
def test_stack_grows_to_rlimit_then_sigsegv(ctx):
    with ctx.shell() as g:
        assert g.run("ulimit -s").strip() == "8192"
        out = g.run("stackdemo", timeout=60)
        assert "RLIMIT_STACK soft limit: 8192 KiB" in out
        depths = [int(d) for d in re.findall(r"depth\s+(\d+) KiB", out)]
        assert depths and 7000 < max(depths) <= 8192, depths
        addrs = [int(a, 16) for a in re.findall(r"local at 0x([0-9a-f]+)", out)]
        assert addrs == sorted(addrs, reverse=True), "the stack grows down"
        assert "Segmentation fault" in out
        assert re.search(r"stackdemo\[\d+\]: segfault at 7fffff", out)
        g.run("ulimit -s 1024")
        out = g.run("stackdemo 256", timeout=60)
        depths = [int(d) for d in re.findall(r"depth\s+(\d+) KiB", out)]
        assert max(depths) < 1024 and "Segmentation fault" in out, out
        out = g.run("stackdemo -a", timeout=60)
        assert "caught SIGSEGV on the alternate signal stack" in out, out


def test_threads_have_own_stacks(ctx):
    with ctx.shell() as g:
        g.background("threads 4")   # its output may follow the prompt
        rows = []
        deadline = time.time() + 20
        while len(rows) < 4 and time.time() < deadline:
            time.sleep(0.3)
            rows = re.findall(r"thread tid=(\d+) tgid=(\d+) stack=0x([0-9a-f]+)"
                              r"-0x([0-9a-f]+) local=0x([0-9a-f]+)", g.output)
        assert len(rows) == 4, g.output[-2000:]
        tgid = {r[1] for r in rows}
        assert len(tgid) == 1, "threads share one TGID (the process)"
        assert len({r[0] for r in rows}) == 4, "each thread has its own TID"
        ranges = [(int(lo, 16), int(hi, 16), int(loc, 16))
                  for _, _, lo, hi, loc in rows]
        for lo, hi, local in ranges:
            assert lo <= local < hi, "the local variable is on its own stack"
        ranges.sort()
        for (lo1, hi1, _), (lo2, hi2, _) in zip(ranges, ranges[1:]):
            assert hi1 <= lo2, "thread stacks do not overlap"


def test_ctrl_c_kills_foreground_not_shell(ctx):
    with ctx.shell() as g:
        g.send("sleep 100\n")
        time.sleep(1.0)
        g.send("\x03")
        g.expect(PROMPT, timeout=10)
        assert g.run("echo survived").strip() == "survived"


def test_poweroff_ends_qemu_with_status_0(ctx):
    with ctx.shell() as g:
        g.send("poweroff\n")
        assert g.wait_exit(timeout=20) == EXIT_POWEROFF
        assert "reboot: Power down" in g.output


def qmp_send_keys(sock_path, keys):
    """Press @keys (QEMU qcodes) on the emulated PS/2 keyboard via QMP."""
    import json
    import socket
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock_path)
    f = s.makefile("rw")
    f.readline()                                   # the greeting
    for cmd in [{"execute": "qmp_capabilities"}] + [
            {"execute": "send-key",
             "arguments": {"keys": [{"type": "qcode", "data": k}]}}
            for k in keys]:
        f.write(json.dumps(cmd) + "\n")
        f.flush()
        f.readline()
        time.sleep(0.03)
    s.close()


def test_ps2_keyboard_reaches_the_shell(ctx):
    import os
    import tempfile
    sock = os.path.join(tempfile.mkdtemp(), "qmp.sock")
    with ctx.shell(extra_args=["-qmp", f"unix:{sock},server=on,wait=off"]) as g:
        keys = ["e", "c", "h", "o", "spc", "shift-k", "e", "y", "s", "ret"]
        qmp_send_keys(sock, [k.split("-")[-1] for k in keys])
        g.expect(r"echo keys\r?\nkeys\r?\n", timeout=15)


def test_extra_bins_land_in_bin(ctx):
    """EXTRA_BINS="file ..." puts a student's static ELF into /bin."""
    import os
    import shlex
    import subprocess
    import tempfile
    tmp = tempfile.mkdtemp()
    mine = os.path.join(tmp, "mytrue")
    src = os.path.join(tmp, "mytrue.c")
    with open(src, "w") as f:     # a student's echo
        f.write('#include <stdio.h>\nint main(int c, char **v)\n'
                '{ for (int i = 1; i < c; i++) printf(i < c - 1 ? "%s " : "%s\\n", v[i]);'
                ' return 0; }\n')
    subprocess.run(["musl-gcc", "-static", "-o", mine, src], check=True, timeout=60)
    cpio = os.path.join(ctx.build, "initramfs.cpio")
    # The Makefile's rule (dry run: mytrue is newer, so it would rebuild).
    dry = subprocess.run(["make", "-n", f"O={ctx.build}", f"EXTRA_BINS={mine}", cpio],
                         cwd=ctx.repo, capture_output=True, text=True, timeout=60)
    line = next((l for l in dry.stdout.splitlines() if "mkinitramfs.py" in l), "")
    assert f"--add bin/mytrue={mine}" in line, dry.stdout + dry.stderr
    # Run that very command into a private archive and boot it.
    args = shlex.split(line)
    args[args.index("-o") + 1] = os.path.join(tmp, "extra.cpio")
    subprocess.run(args, cwd=ctx.repo, check=True, timeout=60)
    with ctx.shell(initrd=os.path.join(tmp, "extra.cpio")) as g:
        assert "mytrue" in g.run("ls /bin").split()
        assert g.run("mytrue student binary").strip() == "student binary"


@timeout(240)
def test_every_page_back_after_usertests(ctx):
    """After all the user-space tests, every page is back in the buddy
    allocator: MemFree returns to its value from before (the last frees
    are deferred to the kworker, hence the short, bounded wait)."""
    with ctx.shell() as g:
        # A first run may grow a slab cache by a page that stays cached
        # (Slab: +4 kB, the same after any number of runs); whether it
        # does depends on what boot left in the caches, e.g. how many
        # files the initramfs has. Warm up, then count.
        g.run("usertests getpid", timeout=60)
        before = mem_free_kb(g)
        out = g.run("usertests", timeout=180)
        tap_passed(out, "usertests")
        mem_free_back(g, before)
