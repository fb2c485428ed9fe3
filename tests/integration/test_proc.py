"""/proc over the serial console, as a student reads it: every file parsed
against Linux's format (field names, order, counts, types), the Taskbase
status fields (TaskStruct == KStackBase, KStackSize == THREAD_SIZE) for
every task, threads with stacks of their own in task/ and maps, kernel
stacks through the scheduler, errors (ENOENT, EACCES), a file held open
while its process exits, /proc/sysrq-trigger, and RssFile: the text exec
maps from the file's own pages."""
import os
import re
import time

from debugkernel import debug_guest
from tb import PROMPT, REPO, both_stack_sizes, timeout

# Linux's status fields, in order (fs/proc/array.c); kernel threads have
# no Vm*/Rss* lines. Then the Taskbase fields of DESIGN.md.
STATUS_HEAD = ["Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid",
               "TracerPid", "Uid", "Gid", "FDSize", "Groups", "NStgid", "NSpid",
               "NSpgid", "NSsid", "Kthread"]
STATUS_MEM = ["VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS",
              "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe",
              "VmLib", "VmPTE", "VmSwap"]
STATUS_TAIL = ["Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn",
               "SigCgt", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
               "NoNewPrivs", "Seccomp", "Seccomp_filters", "Cpus_allowed",
               "Cpus_allowed_list",
               "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
               "TaskStruct", "KStackBase", "KStackSize", "KStackUsed",
               "UStack", "Cpu"]

# start-end perms offset dev inode [name at column 73]
MAPS_LINE = re.compile(r"^([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) "
                       r"([0-9a-f]{8}) ([0-9a-f]{2}):([0-9a-f]{2}) (\d+) "
                       r"( +(\S.*))?$")
STACK_LINE = re.compile(r"^\[<0>\] [\w.]+\+0x[0-9a-f]+/0x[0-9a-f]+$")


def settle(g, tag="settled"):
    """Catch up with the shell after starting a background job: what run()
    sees next starts after this marker's output and its prompt. The
    command is typed as a"b so that its echo never matches the output."""
    g.send(f'echo {tag[0]}"{tag[1:]}"\n')
    g.expect(rf"{tag}\r?\n")
    g.expect(PROMPT)


def run(g, line, timeout=30):
    """The command's output, without carriage returns."""
    return g.run(line, timeout=timeout).replace("\r", "")


def pids(g, path="/proc"):
    return sorted(int(n) for n in run(g, f"ls {path}").split() if n.isdigit())


def parse_status(text):
    """[(name, value)] of a status file, checking each line's shape."""
    fields = []
    for line in text.strip("\n").split("\n"):
        m = re.match(r"^([A-Za-z_]+):\t(.*)$", line)
        assert m, f"not a status line: {line!r}"
        fields.append((m.group(1), m.group(2)))
    return fields


def check_status(text, tp):
    fields = parse_status(text)
    names = [n for n, _ in fields]
    values = dict(fields)
    kthread = values["Kthread"] == "1"
    want = STATUS_HEAD + ([] if kthread else STATUS_MEM) + STATUS_TAIL
    if "Umask" not in values:          # a kernel thread without fs_struct
        want.remove("Umask")
    assert names == want, f"field order:\n{names}\n{want}"
    # One PID namespace: each NS line holds the one id (kernel/ns/).
    assert values["NSpid"] == values["Pid"], text
    assert values["NStgid"] == values["Tgid"], text
    assert re.match(r"^[RSDTtZXI] \([a-z ]+\)$", values["State"])
    for n in ("Uid", "Gid"):
        assert re.match(r"^\d+\t\d+\t\d+\t\d+$", values[n])
    for n in STATUS_MEM:
        if n in values:
            assert re.match(r"^ *\d+ kB$", values[n]) and \
                len(values[n]) >= 11, (n, values[n])
    for n in ("SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"):
        assert re.match(r"^[0-9a-f]{16}$", values[n]), values[n]
    assert re.match(r"^\d+/\d+$", values["SigQ"])
    assert re.match(r"^[0-9a-f]+$", values["Cpus_allowed"])
    assert re.match(r"^\d+(-\d+)?(,\d+(-\d+)?)*$", values["Cpus_allowed_list"])
    assert values["TaskStruct"] == values["KStackBase"], text
    assert re.match(r"^0x[0-9a-f]{16}$", values["TaskStruct"])
    assert int(values["KStackSize"]) == tp * 4096
    assert 0 < int(values["KStackUsed"]) < tp * 4096
    if kthread:
        assert values["UStack"] == "-"
    else:
        assert re.match(r"^0x[0-9a-f]{16}-0x[0-9a-f]{16}$", values["UStack"])
    assert int(values["Cpu"]) >= 0
    return values


def parse_stat(line):
    """Linux's 52 stat fields: [pid, comm, state, 49 integers]."""
    m = re.match(r"^(\d+) \((.{1,16})\) ([RSDTtZXI]) (.*)$", line.strip())
    assert m, f"bad stat line {line!r}"
    rest = m.group(4).split(" ")
    assert len(rest) == 49, f"{3 + len(rest)} fields: {line!r}"
    assert all(re.match(r"^-?\d+$", f) for f in rest), line
    return [int(m.group(1)), m.group(2), m.group(3)] + [int(f) for f in rest]


@both_stack_sizes
@timeout(240)
def test_every_task_status_stat_statm(ctx):
    with ctx.shell() as g:
        g.background("sleep 30")
        settle(g)
        tasks = []
        for pid in pids(g):
            tasks += [(pid, tid) for tid in pids(g, f"/proc/{pid}/task")]
        assert len(tasks) >= 4, tasks     # sh, kthreadd, a kworker, sleep
        addresses = set()
        for pid, tid in tasks:
            path = f"/proc/{pid}/task/{tid}"
            values = check_status(run(g, f"cat {path}/status"), ctx.tp)
            assert int(values["Pid"]) == tid and int(values["Tgid"]) == pid
            addresses.add(values["TaskStruct"])
            stat = parse_stat(run(g, f"cat {path}/stat"))
            # (State and Cpu may change between the two reads.)
            assert stat[0] == tid and stat[1] == values["Name"]
            assert stat[3] == int(values["PPid"])
            assert stat[19] == int(values["Threads"])   # num_threads (20)
            assert 0 <= stat[38] < 2                    # processor (39)
            kthread = bool(stat[8] & 0x00200000)        # PF_KTHREAD (9)
            assert kthread == (values["Kthread"] == "1")
            statm = run(g, f"cat /proc/{pid}/statm").split()
            assert len(statm) == 7 and all(s.isdigit() for s in statm)
            assert (statm == ["0"] * 7) == kthread
        assert len(addresses) == len(tasks), "one task_struct per task"
        # The shell is on the console: tty_nr is /dev/console (5:1);
        # init (pid 1) has no controlling terminal (0, tpgid -1).
        sh = parse_stat(run(g, "cat /proc/$$/stat"))
        assert sh[6] == (5 << 8 | 1) and sh[7] > 0
        init = parse_stat(run(g, "cat /proc/1/stat"))
        assert init[1] == "init" and init[6] == 0 and init[7] == -1


@timeout(120)
def test_maps_format(ctx):
    with ctx.shell() as g:
        for path in ("/proc/self/maps", "/proc/$$/maps"):
            lines = run(g, f"cat {path}").strip("\n").split("\n")
            names = []
            for line in lines:
                m = MAPS_LINE.match(line)
                assert m, f"bad maps line {line!r}"
                assert int(m.group(1), 16) < int(m.group(2), 16)
                if m.group(9):      # the name starts at column 73, as Linux
                    assert line.index(m.group(9)) == 73, line
                names.append(m.group(9) or "")
            assert "[stack]" in names
            # The vDSO's data page right below its code, as on Linux.
            vvar, vdso = (next(MAPS_LINE.match(l) for l in lines
                               if l.endswith(n)) for n in ("[vvar]", "[vdso]"))
            assert vvar.group(3) == "r--p" and vdso.group(3) == "r-xp", lines
            assert vvar.group(2) == vdso.group(1), lines
            # cat and the shell are both Debian's BusyBox, whose file the
            # maps name with every link resolved (/bin/sh -> busybox).
            exe = "/bin/busybox"
            assert exe in names and names[0] == exe, names
        assert run(g, "cat /proc/2/maps") == ""     # a kernel thread


@timeout(120)
def test_status_rss_file_and_anon(ctx):
    """exec maps a program's text from the file's own pages: a freshly
    exec'd cat, and the shell, have more RssFile than the vDSO's pages
    (which every process has); VmRSS is RssAnon + RssFile."""
    with ctx.shell() as g:
        vdso_kb = sum(int(m.group(2), 16) - int(m.group(1), 16)
                      for m in map(MAPS_LINE.match,
                                   run(g, "cat /proc/$$/maps").splitlines())
                      if m and m.group(9) in ("[vdso]", "[vvar]")) // 1024
        assert vdso_kb > 0
        for path in ("/proc/self/status", "/proc/$$/status"):
            values = dict(parse_status(run(g, f"cat {path}")))
            kb = {n: int(values[n].split()[0])
                  for n in ("VmRSS", "RssAnon", "RssFile")}
            assert kb["RssFile"] > vdso_kb, (path, kb, vdso_kb)
            assert kb["RssAnon"] > 0, (path, kb)   # stack, data
            assert kb["RssAnon"] + kb["RssFile"] == kb["VmRSS"], (path, kb)


def ustack(g, pid, tid):
    m = re.search(r"UStack:\t0x([0-9a-f]+)-0x([0-9a-f]+)",
                  run(g, f"cat /proc/{pid}/task/{tid}/status"))
    assert m
    return int(m.group(1), 16), int(m.group(2), 16)


@both_stack_sizes
@timeout(180)
def test_threads_in_task_dir_and_maps(ctx):
    with ctx.shell() as g:
        pid = g.background("threads 4")
        deadline = time.time() + 20
        while len(re.findall(r"thread tid=", g.output)) < 4 \
                and time.time() < deadline:
            time.sleep(0.3)
        settle(g)
        tids = pids(g, f"/proc/{pid}/task")
        assert len(tids) == 5 and pid in tids, tids
        assert re.search(r"Threads:\t5\n", run(g, f"cat /proc/{pid}/status"))
        stacks = {tid: ustack(g, pid, tid) for tid in tids}
        assert len(set(stacks.values())) == 5, "each thread its own stack"
        for tid in tids:
            lines = run(g, f"cat /proc/{pid}/task/{tid}/maps").split("\n")
            lo, hi = stacks[tid]
            around = [l for l in lines if re.search(r"\[stack(:\d+)?\]$", l)
                      and int(l.split("-")[0], 16) <= lo
                      and hi <= int(l.split("-")[1].split()[0], 16)]
            assert len(around) == 1, (tid, hex(lo), hex(hi), lines)
            want = "[stack]" if tid == pid else f"[stack:{tid}]"
            assert around[0].endswith(" " + want), around
            # Each thread sleeps in pause() or pthread_join: the scheduler.
            trace = run(g, f"cat /proc/{pid}/task/{tid}/stack").strip()
            assert all(STACK_LINE.match(l) for l in trace.split("\n")), trace
            assert "] __schedule+0x" in trace and "] schedule+0x" in trace
            regs = dict(l.split() for l in
                        run(g, f"cat /proc/{pid}/task/{tid}/uregs").split("\n")
                        if l)
            assert lo <= int(regs["rsp"], 16) < hi, (regs, lo, hi)
            assert int(regs["cs"], 16) & 3 == 3
        run(g, f"kill {pid}")


def test_self_links_and_errors(ctx):
    with ctx.shell() as g:
        stat = parse_stat(run(g, "cat /proc/self/stat"))
        assert stat[1] == "cat" and stat[0] > 1
        assert "Name:\tcat" in run(g, "cat /proc/thread-self/status")
        assert re.search(r"self -> \d+", run(g, "ls -l /proc"))
        assert re.search(r"exe -> /bin/busybox", run(g, "ls -l /proc/self/"))
        assert re.search(r"0 -> /dev/console", run(g, "ls -l /proc/1/fd"))
        assert re.search(r"1 -> pipe:\[\d+\]", run(g, "ls -l /proc/self/fd | cat"))
        assert "No such file or directory" in run(g, "cat /proc/99999/status")
        assert "No such file or directory" in run(g, "cat /proc/1/nothing")
        assert "No such file or directory" in run(g, "ls /proc/2/task/1")
        out = run(g, "echo hi > /proc/1/status")
        assert "Permission denied" in out, out
        out = run(g, "cat /proc/sysrq-trigger")
        assert "Permission denied" in out, out
        assert run(g, "echo still alive").strip() == "still alive"
        trace = run(g, "cat /proc/1/stack").strip().split("\n")
        assert all(STACK_LINE.match(l) for l in trace), trace
        assert trace[0].startswith("[<0>] __schedule+0x")
        assert any("sys_wait4" in l for l in trace), trace
        # cmdline: NUL-separated argv; auxv: 16-byte pairs up to AT_NULL.
        assert run(g, "cat /proc/self/cmdline | wc -c").strip() == \
            str(len("cat\0/proc/self/cmdline\0"))
        n = int(run(g, "cat /proc/self/auxv | wc -c").strip())
        assert n > 0 and n % 16 == 0
        assert run(g, "cat /proc/self/comm").strip() == "cat"


@timeout(120)
def test_file_open_while_process_exits(ctx):
    with ctx.shell() as g:
        pid = g.background("sleep 2")
        settle(g, "first")
        # The second job holds pid's status open (as its stdin) while pid
        # exits and is reaped; then it closes it, dropping the last
        # reference to pid's task_struct.
        g.background(f"sleep 4 < /proc/{pid}/status")
        settle(g, "second")
        deadline = time.time() + 30
        while "No such file" not in run(g, f"cat /proc/{pid}/stat") \
                and time.time() < deadline:   # gone once the shell reaps it
            time.sleep(0.5)
        assert "No such file or directory" in run(g, f"cat /proc/{pid}/status")
        assert re.search(r"Running +sleep 4", run(g, "jobs"))
        run(g, "wait", timeout=20)
        # A process reading its own files as it exits.
        run(g, "sleep 1 < /proc/self/maps")
        assert run(g, "echo still alive").strip() == "still alive"
        assert "Name:\tcat" in run(g, "cat /proc/self/status")


def test_proc_config_gz(ctx):
    """/proc/config.gz is the tree's .config, gzipped (Linux's
    IKCONFIG_PROC): zcat gives it back byte for byte, and the default
    kernel's names none of the debug kernel's tools."""
    with ctx.shell() as g:
        out = g.run("zcat /proc/config.gz; echo status=$?")
        size = g.run("wc -c < /proc/config.gz").strip()
    with open(os.path.join(REPO, ".config")) as f:
        want = f.read()
    got = out.replace("\r", "")
    assert got.endswith("status=0\n") or got.rstrip().endswith("status=0"), out
    assert got[:got.rindex("status=0")] == want, got[:2000]
    assert "CONFIG_KASAN" not in got and "CONFIG_LOCKDEP" not in got
    assert int(size) == os.path.getsize(os.path.join(ctx.build,
                                                     "config_data.gz"))


FIND_GLOBAL = ("find /proc -path '/proc/[0-9]*' -prune -o -path /proc/self "
               "-prune -o -path /proc/thread-self -prune -o "
               "-exec stat -c 'ino %i %n' {} +; echo find-end")


@timeout(300)
def test_global_files_have_inode_numbers_of_their_own(ctx):
    """Every file of /proc that belongs to no process has an inode number
    no other has (find, du and tar take two names with one number for hard
    links of one file): /proc/net's and /proc/sysvipc's files once shared a
    block. On both kernels: the debug kernel has /proc/slab, /proc/failslab
    and /proc/fail_page_alloc besides."""
    for kw in ({}, debug_guest(ctx)):
        with ctx.shell(**kw) as g:
            out = g.run(FIND_GLOBAL, timeout=120)
        assert "find-end" in out, out[-2000:]
        names = {}
        for ino, name in re.findall(r"^ino (\d+) (\S+)", out, re.M):
            names.setdefault(int(ino), []).append(name)
        assert len(names) > 80, out[-2000:]
        assert any(n == "/proc/sysvipc/msg" for v in names.values() for n in v)
        shared = {i: v for i, v in names.items() if len(v) > 1}
        assert not shared, shared
        if kw:
            assert any(n.startswith("/proc/slab/kmalloc-64")
                       for v in names.values() for n in v), out[-2000:]


@timeout(120)
def test_system_files_format(ctx):
    with ctx.shell() as g:
        cpuinfo = run(g, "cat /proc/cpuinfo")
        blocks = [b for b in cpuinfo.split("\n\n") if b.strip()]
        assert len(blocks) == 2                       # SMP=2 by default
        keys = ["processor", "vendor_id", "cpu family", "model", "model name",
                "stepping", "cpu MHz", "physical id", "siblings", "core id",
                "cpu cores", "apicid", "initial apicid", "fpu",
                "fpu_exception", "cpuid level", "wp", "flags", "bugs",
                "bogomips", "clflush size", "cache_alignment",
                "address sizes", "power management"]
        for i, b in enumerate(blocks):
            rows = [re.match(r"^([A-Za-z_ ]+?)\t*: ?(.*)$", l)
                    for l in b.split("\n")]
            assert all(rows), b
            assert [r.group(1) for r in rows] == keys, b
            info = {r.group(1): r.group(2) for r in rows}
            assert info["processor"] == str(i)
            assert re.match(r"^\d+\.\d{3}$", info["cpu MHz"])
            flags = info["flags"].split()
            for f in ("fpu", "tsc", "apic", "nx", "lm", "smep", "smap", "umip"):
                assert f in flags, (f, flags)
            assert re.match(r"^\d+ bits physical, \d+ bits virtual$",
                            info["address sizes"])

        meminfo = run(g, "cat /proc/meminfo").strip("\n").split("\n")
        assert [l.split(":")[0] for l in meminfo[:5]] == \
            ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached"]
        mem = {}
        for l in meminfo:
            if l.startswith("HugePages_"):  # a count, no unit (Linux's)
                assert re.match(r"^HugePages_\w+:\s+\d+$", l) and len(l) == 24, repr(l)
                continue
            m = re.match(r"^([A-Za-z_()]+):\s+(\d+) kB$", l)
            assert m and (len(l) == 27 or len(m.group(2)) > 8), repr(l)
            mem[m.group(1)] = int(m.group(2))
        assert 200 * 1024 < mem["MemTotal"] <= 256 * 1024
        assert 0 < mem["MemFree"] <= mem["MemTotal"]
        assert mem["KernelStack"] > 0 and mem["Slab"] > 0
        assert mem["AnonPages"] > 0

        inter = run(g, "cat /proc/interrupts").strip("\n").split("\n")
        assert re.match(r"^ {11}CPU0 {7}CPU1 {7}$", inter[0]), inter[0]
        rows = {}
        for l in inter[1:]:
            m = re.match(r"^ *(\d+|[A-Z]{3}):((?: +\d+)+)(?:  +(.*))?$", l)
            assert m, repr(l)
            rows[m.group(1)] = ([int(x) for x in m.group(2).split()],
                                m.group(3))
        assert len(rows["LOC"][0]) == 2 and min(rows["LOC"][0]) > 0
        assert rows["LOC"][1] == "Local timer interrupts"
        assert rows["NMI"][1] == "Non-maskable interrupts"
        assert re.match(r"IO-APIC +4-edge +serial", rows["4"][1])
        assert sum(rows["4"][0]) > 0      # what we typed arrived

        buddy = run(g, "cat /proc/buddyinfo").strip("\n")
        assert re.match(r"^Node 0, zone   Normal( +\d+){11} $", buddy), buddy

        # Linux's slabinfo 2.1: a line per kmalloc size class, largest
        # first; one-page slabs, so the slab pages are meminfo's Slab.
        slab = run(g, "cat /proc/slabinfo").strip("\n").split("\n")
        assert slab[0] == "slabinfo - version: 2.1", slab
        assert slab[1].split()[:3] == ["#", "name", "<active_objs>"], slab[1]
        sizes, pages = [], 0
        for l in slab[2:]:
            m = re.match(r"^(kmalloc-(\d+)) +(\d+) +(\d+) +(\d+) +(\d+) +1 : "
                         r"tunables +0 +0 +0 : slabdata +(\d+) +(\d+) +0$", l)
            assert m, repr(l)
            active, total, size, per, slabs = (int(m.group(i)) for i in (3, 4, 5, 6, 7))
            assert size == int(m.group(2)) and per == 4096 // size
            assert active <= total == slabs * per and int(m.group(8)) == slabs
            sizes.append(size)
            pages += slabs
        assert sizes == [2048, 1024, 512, 256, 128, 64, 32, 16], sizes
        assert pages > 0

        stat = run(g, "cat /proc/stat").strip("\n").split("\n")
        assert re.match(r"^cpu  \d+( \d+){9}$", stat[0]), stat[0]
        assert re.match(r"^cpu0 \d+( \d+){9}$", stat[1])
        assert re.match(r"^cpu1 \d+( \d+){9}$", stat[2])
        assert [l.split()[0] for l in stat[3:]] == \
            ["intr", "ctxt", "btime", "processes", "procs_running",
             "procs_blocked"]
        assert all(re.match(r"^[a-z_]+( \d+)+$", l) for l in stat[3:])

        assert re.match(r"^\d+\.\d\d \d+\.\d\d$", run(g, "cat /proc/uptime").strip())
        la = run(g, "cat /proc/loadavg").strip()
        m = re.match(r"^0\.00 0\.00 0\.00 (\d+)/(\d+) (\d+)$", la)
        assert m and 1 <= int(m.group(1)) <= int(m.group(2)), la
        syms = run(g, "head -3 /proc/kallsyms").strip().split("\n")
        assert all(re.match(r"^[0-9a-f]{16} [Tt] \w+$", l) for l in syms)
        assert re.search(r"(?m)^[0-9a-f]{16} T start_kernel$",
                         run(g, "grep ' T start_kernel' /proc/kallsyms"))
        assert run(g, "cat /proc/version").startswith("Taskbase version ")
        irqst = run(g, "cat /proc/irqstacks").strip().split("\n")
        assert irqst[0].split() == ["CPU", "IRQ-stack", "depth", "#DF-stack",
                                    "NMI-stack", "#DB-stack", "#MC-stack"]
        for cpu, l in enumerate(irqst[1:]):
            f = l.split()
            assert f[0] == str(cpu) and f[2].isdigit() and len(f) == 7
            for r in f[1:2] + f[3:]:
                lo, hi = (int(x, 16) for x in r.split("-"))
                assert hi - lo in (8192, 16384)


@both_stack_sizes
def test_sysrq_trigger_dumps_tasks(ctx):
    with ctx.shell() as g:
        # /bin/echo, not ash's builtin: the shell sleeps in wait4 meanwhile.
        out = run(g, "/bin/echo t > /proc/sysrq-trigger")
        assert "sysrq: Show State" in out
        assert re.search(r"task:sh +state:S", out), out
        assert "Call Trace:" in out and "__schedule+0x" in out
        out = run(g, "echo m > /proc/sysrq-trigger")
        assert "sysrq: Show Memory" in out
        assert run(g, "echo ok").strip() == "ok"
