"""Fault injection on the debug kernel (issue 19): Linux's failslab and
fail_page_alloc (kernel/mm/fault_inject.c, lib/fault-inject.c).

  options    failslab= and fail_page_alloc= on the command line set the
             files in /proc/failslab/ and /proc/fail_page_alloc/; a bad
             value is refused with a warning
  a failure  a process marked make-it-fail gets its allocation failed,
             with Linux's "FAULT_INJECTION: forcing a failure." and the
             stack; the shell that is not marked goes on
  fuzz       the short slice: the fuzzer with 3% of its workers'
             allocations failing (slab and pages); every task reaped, no
             kernel report, every page back (docs/robustness.md has the
             long runs)
  fail-nth   Linux's /proc/<pid>/task/<tid>/fail-nth (a thread's N-th
             allocation fails); failnth (user/failnth.c) fails each
             allocation of a few system calls in turn: every one answers,
             nothing leaks (kmemleak), the free pages come back; and an
             injected failure in a page fault is retried, not an OOM kill
"""
import re
import time

from debugkernel import SCAN_TWICE, assert_no_report, debug_guest
from tb import PROMPT, tap_passed, timeout

PAGES_SLACK = 8
REPORT = re.compile(r"BUG: |Oops|general protection fault in kernel|Kernel panic|"
                    r"double fault|refcount_t: |WARNING: ")


def run(g, line, timeout=30):
    return g.run(line, timeout=timeout).replace("\r", "")


def values(g, attr):
    out = run(g, f"cat /proc/{attr}/interval /proc/{attr}/probability "
                 f"/proc/{attr}/space /proc/{attr}/times /proc/{attr}/verbose "
                 f"/proc/{attr}/task-filter")
    return [int(l) for l in out.splitlines() if re.fullmatch(r"-?\d+", l.strip())]


@timeout(200)
def test_fault_injection_boot_options_and_files(ctx):
    append = "failslab=3,0,4096,5 fail_page_alloc=1,0,0,-1"
    with ctx.guest(**debug_guest(ctx, append=append)) as g:
        g.expect(PROMPT, timeout=60)
        assert values(g, "failslab") == [3, 0, 4096, 5, 2, 0]
        assert values(g, "fail_page_alloc") == [1, 0, 0, -1, 2, 0]
        out = run(g, "ls /proc/failslab")
        assert out.split() == ["interval", "probability", "space",
                               "task-filter", "times", "verbose"], out
        run(g, "echo 1 > /proc/failslab/task-filter; echo 7 > /proc/failslab/probability")
        assert values(g, "failslab")[1] == 7 and values(g, "failslab")[5] == 1
        run(g, "echo 101 > /proc/failslab/probability")    # -EINVAL
        assert values(g, "failslab")[1] == 7
        assert run(g, "cat /proc/self/make-it-fail").strip() == "0"
    with ctx.guest(**debug_guest(ctx, append="failslab=1,200,0,1")) as g:
        g.expect(r'failslab: cannot parse "1,200,0,1" '
                 r"\(interval,probability,space,times\)", timeout=60)
        g.expect(PROMPT, timeout=60)
        assert values(g, "failslab")[:4] == [1, 0, 0, 1]


@timeout(200)
def test_failslab_fails_only_the_marked_process(ctx):
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        run(g, "echo 1 > /proc/failslab/task-filter; echo 1 > /proc/failslab/times; "
               "echo 100 > /proc/failslab/probability")
        # The marked subshell's next allocation fails (an mmap, a fork or
        # the exec of cat): an error it sees and copes with.
        out = run(g, "sh -c 'echo 1 > /proc/$$/make-it-fail; cat /proc/version'")
        assert "FAULT_INJECTION: forcing a failure." in out, out
        assert re.search(r"name failslab, interval 1, probability 100, space 0, "
                         r"times 0", out), out
        trace = out[out.index("Call Trace:"):]
        # kmalloc (or kzalloc, into which it may be inlined) from a
        # system call of the marked process.
        assert re.search(r"k[mz]alloc\+0x", trace), out
        assert re.search(r"entry_SYSCALL_64\+0x", trace), out
        assert values(g, "failslab")[3] == 0
        # Unmarked, with failures still on: the shell itself is fine.
        run(g, "echo -1 > /proc/failslab/times")
        out = run(g, "cat /proc/version")
        assert "Taskbase" in out and "FAULT_INJECTION" not in out, out
        run(g, "echo 0 > /proc/failslab/probability")


def sysinfo(g):
    out = run(g, "sysinfo", timeout=20)
    return (int(re.search(r"procs:\s+(\d+)", out).group(1)),
            int(re.search(r"freeram:\s+(\d+) pages", out).group(1)))


def settle(g, procs0, free0, seconds=20):
    deadline = time.time() + seconds
    while True:
        procs, free = sysinfo(g)
        if (procs == procs0 and abs(free - free0) <= PAGES_SLACK) or \
                time.time() > deadline:
            return procs, free
        time.sleep(1)


@timeout(240)
def test_fuzz_with_failing_allocations_leaks_nothing(ctx):
    """The fuzzer under 3% failing allocations, slab and pages (not the
    module calls: a loaded module's memory is not a leak)."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        out = run(g, "fuzz -s 99 -n 500 -T 30", timeout=60)   # warm-up
        assert "fuzz: PASS" in out, out[-2000:]
        procs0, free0 = sysinfo(g)
        for a in ("failslab", "fail_page_alloc"):
            run(g, f"echo 0 > /proc/{a}/verbose; echo -1 > /proc/{a}/times; "
                   f"echo 1 > /proc/{a}/task-filter; echo 3 > /proc/{a}/probability")
        start = len(g.output)
        g.send("fuzz -F -s 1 -n 15000 -T 60 -k init_module -k finit_module "
               "-k delete_module\n")
        g.expect(r"fuzz: (PASS|FAIL)[^\n]*\n", timeout=120)
        g.expect(PROMPT, timeout=30)
        out = g.output[start:].replace("\r", "")
        for a in ("failslab", "fail_page_alloc"):
            run(g, f"echo 0 > /proc/{a}/probability")
        m = REPORT.search(g.output)
        assert not m, g.output[max(0, m.start() - 500):][:4000]
        assert "fuzz: PASS" in out, out[-3000:]
        enomem = re.search(r"ENOMEM (\d+)", out)
        assert enomem and int(enomem.group(1)) > 50, out[-2000:]
        procs, free = settle(g, procs0, free0)
        assert procs == procs0, (procs0, procs)
        assert abs(free - free0) <= PAGES_SLACK, (free0, free)
        assert "debug_locks:                       1" in run(g, "cat /proc/lockdep_stats")


@timeout(240)
def test_kmemleak_stays_on_under_failing_page_allocations(ctx):
    """kmemleak's records (__GFP_NOLEAKTRACE) are never failed on purpose,
    neither by failslab nor by fail_page_alloc (kernel/mm/page_alloc.c
    alloc_pages()): a failed record turns kmemleak off for good, and the
    fuzz runs under fault injection then had no leak check at all."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        run(g, "echo 0 > /proc/fail_page_alloc/verbose; "
               "echo -1 > /proc/fail_page_alloc/times; "
               "echo 1 > /proc/fail_page_alloc/task-filter; "
               "echo 50 > /proc/fail_page_alloc/probability")
        out = run(g, "fuzz -F -s 7 -n 3000 -T 60 -k init_module "
                     "-k finit_module -k delete_module", timeout=120)
        run(g, "echo 0 > /proc/fail_page_alloc/probability")
        assert "fuzz: PASS" in out, out[-3000:]
        assert "Kernel memory leak detector disabled" not in g.output, \
            g.output[-3000:]


@timeout(200)
def test_fail_nth_file_counts_down_one_thread(ctx):
    """fail-nth is a thread's own (task/<tid>/ and thread-self, not the
    process directory), reads back what was written, counts down only
    that thread's allocations and fails the N-th, whatever failslab and
    fail_page_alloc say (both at probability 0 here)."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        assert run(g, "cat /proc/thread-self/fail-nth").strip() == "0"
        listing = run(g, "ls /proc/self; echo ---; ls /proc/thread-self")
        own, thread = listing.split("---")
        assert "fail-nth" not in own.split() and "fail-nth" in thread.split(), listing
        # A sleeping process allocates nothing: its count stays (once
        # its exec is done: that allocates).
        out = run(g, "sleep 30 & p=$!; sleep 1; echo 7 > /proc/$p/task/$p/fail-nth; "
                     "cat /proc/$p/task/$p/fail-nth; echo x > /proc/$p/task/$p/fail-nth; "
                     "echo status=$?; kill $p")
        assert re.search(r"^7$", out, re.M) and "status=1" in out, out
        # The shell's next allocation after its write (its fork of
        # true) fails, with failslab's probability at 0: it says so.
        out = run(g, "sh -c 'echo 1 > /proc/thread-self/fail-nth; /bin/true'")
        assert "FAULT_INJECTION: forcing a failure." in out, out
        assert "probability 0" in out and "Cannot allocate memory" in out, out
        assert run(g, "echo still here").strip() == "still here"


@timeout(300)
def test_failnth_fails_every_allocation_once_and_leaks_nothing(ctx):
    """failnth fails the 1st, 2nd, ... allocation of each of its
    30 scenarios (a tmpfs mount, a file, a pipe, a fork, exec, IPC, timers,
    keys, TCP, AIO, userfaultfd, ptrace, every namespace at once, eBPF and
    classic socket filters...)
    until one runs through: every run answers (ENOMEM mostly), no tool
    reports, and a second pass gives every page back. Its writes and
    reads of fail-nth, and its page faults, are part of the count: an
    injected failure in a page fault is retried (Linux 6.1 retries every
    VM_FAULT_OOM), where it used to be an OOM kill of the test. What it
    found: a tmpfs mount whose root inode could not be made leaked its
    super block (the long fuzz's kmemleak suspects), epoll_wait freed
    a wild pointer when its snapshot could not be allocated (a panic),
    and a mount namespace that could not be copied kept its owner's
    reference (the user namespace leaked: the long fuzz's kmemleak
    suspects of seeds 71-74), and a uid's first user keyring that could
    not be made freed its key_user twice (KASAN, the fuzz of seed 84), and
    a verifier whose second allocation failed read its program through a
    NULL pointer (the fuzz of seed 115)."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(PROMPT, timeout=60)
        run(g, "echo 0 > /proc/failslab/verbose; echo 0 > /proc/fail_page_alloc/verbose")
        out = run(g, "failnth", timeout=200)
        tap_passed(out, "failnth")
        counts = dict(re.findall(r"# (\w+): (\d+) allocations", out))
        assert len(counts) == 30 and all(int(n) > 0 for n in counts.values()), out
        # A struct file that cannot be had is ENOMEM, as Linux's (ENFILE
        # is for a pipe's or a socket's inode), and an inotify event lost
        # for want of memory queues IN_Q_OVERFLOW (read() said EAGAIN).
        for name in ("epoll", "inotify", "timerfd_signalfd", "memfd_mmap", "pidfd"):
            assert re.search(rf"# {name}: .* 0 other errors", out), out
        procs0, free0 = sysinfo(g)
        out = run(g, "failnth", timeout=200)
        tap_passed(out, "failnth")
        procs, free = settle(g, procs0, free0)
        assert procs == procs0 and abs(free - free0) <= PAGES_SLACK, \
            (procs0, free0, procs, free)
        scan = run(g, SCAN_TWICE, timeout=120)
        assert "kmemleak-end" in scan and "unreferenced object" not in scan, scan
        assert "Out of memory: Killed" not in g.output, g.output[-3000:]
        assert_no_report(g.output)
