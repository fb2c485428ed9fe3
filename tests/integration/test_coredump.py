"""Core dumps (kernel/fs/exec/coredump.c, kernel/fs/exec/elf_core.c), driven
as a user would: `ulimit -c`, /proc/sys/kernel/core_pattern, a program
that crashes (user/coredemo.c), and host gdb reading the core file.

The core is copied out of the guest as `gzip -c core | base64` over the
console; gdb only reads it and the program's file on the host (the
program never runs there).
"""

import base64
import gzip
import os
import re
import struct
import subprocess
import tempfile

from tb import status_of, timeout

# ELF note types of a Linux core, in the order Linux writes them.
NT_PRSTATUS, NT_PRFPREG, NT_PRPSINFO, NT_AUXV = 1, 2, 3, 6
NT_SIGINFO, NT_FILE = 0x53494749, 0x46494C45
# The marker pages of coredemo dontdump/dodump/filter0: "x", then y's.
MARKER = "x" + "y" * 60


def fetch_file(g, path):
    """The bytes of guest file path, gzipped and base64'd over the console."""
    out = g.run(f"gzip -c {path} | base64", timeout=60)
    lines = [l.strip() for l in out.splitlines()]
    text = "".join(l for l in lines if re.fullmatch(r"[A-Za-z0-9+/=]+", l))
    return gzip.decompress(base64.b64decode(text))


def elf_core_layout(data):
    """(e_type, e_machine, [(p_type, p_vaddr, p_filesz)], [note types])."""
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    phoff, = struct.unpack_from("<Q", data, 32)
    phnum, = struct.unpack_from("<H", data, 56)
    phdrs, notes = [], []
    for i in range(phnum):
        p_type, _, off, vaddr, _, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + 56 * i)
        phdrs.append((p_type, vaddr, filesz))
        if p_type == 4:         # PT_NOTE
            pos = off
            while pos < off + filesz:
                namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
                notes.append(ntype)
                pos += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
    return e_type, e_machine, phdrs, notes


def host_gdb(ctx, core, *commands):
    """gdb -batch on the host: build/user/coredemo with @core; its output."""
    prog = os.path.join(ctx.build_dir(), "user", "coredemo")
    args = ["gdb", "-batch", "-nx"]
    for c in commands:
        args += ["-ex", c]
    r = subprocess.run(args + [prog, core], capture_output=True, text=True,
                       timeout=60)
    return r.stdout + r.stderr


@timeout(180)
def test_no_core_by_default_then_gdb_reads_the_one_ulimit_allows(ctx):
    with ctx.shell() as g:
        # Linux's defaults: soft limit 0, pattern "core", filter 0x33.
        assert g.run("ulimit -c").strip() == "0"
        assert g.run("cat /proc/sys/kernel/core_pattern").strip() == "core"
        assert g.run("cat /proc/sys/kernel/core_uses_pid").strip() == "0"
        assert g.run("cat /proc/sys/fs/suid_dumpable").strip() == "0"
        assert g.run("cat /proc/self/coredump_filter").strip() == "00000033"
        g.run("cd /tmp")
        out, st = status_of(g, "coredemo")
        assert "Segmentation fault" in out and "core dumped" not in out, out
        assert st == 139
        assert "No such file" in g.run("ls core")

        g.run("ulimit -c unlimited")
        out, st = status_of(g, "coredemo")
        assert "Segmentation fault (core dumped)" in out, out
        assert st == 139
        assert g.run("stat -c '%a %U %F' core").strip() == \
            "600 root regular file"
        data = fetch_file(g, "core")

    e_type, machine, phdrs, notes = elf_core_layout(data)
    assert (e_type, machine) == (4, 62)      # ET_CORE, EM_X86_64
    assert phdrs[0][0] == 4 and all(p[0] == 1 for p in phdrs[1:]), phdrs
    assert notes == [NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV,
                     NT_FILE, NT_PRFPREG], notes
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "core")
        with open(core, "wb") as f:
            f.write(data)
        out = host_gdb(ctx, core, "bt", "info registers rip",
                       "print $_siginfo.si_signo", "info proc mappings")
    assert "Program terminated with signal SIGSEGV" in out, out
    assert re.search(r"^#0\s+crash_here .*\n#1\s+0x\w+ in parse_config .*\n"
                     r"#2\s+0x\w+ in main ", out, re.M), out
    assert re.search(r"^rip\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <crash_here", out,
                     re.M), out
    assert re.search(r"^\$1 = 11$", out, re.M), out
    assert "/bin/coredemo" in out, out      # NT_FILE names the program


@timeout(180)
def test_core_pattern_names_the_file_or_refuses_a_pipe(ctx):
    with ctx.shell() as g:
        g.run("cd /tmp; ulimit -c unlimited")
        g.run("echo '/tmp/c.%e.%p.%s.%u.%%' > /proc/sys/kernel/core_pattern")
        out = g.run("coredemo abort")
        assert "Aborted (core dumped)" in out, out
        names = g.run("ls /tmp | grep '^c\\.'").split()
        assert len(names) == 1 and re.fullmatch(
            r"c\.coredemo\.\d+\.6\.0\.%", names[0]), names

        g.run("echo core > /proc/sys/kernel/core_pattern")
        g.run("echo 1 > /proc/sys/kernel/core_uses_pid")
        out = g.run("coredemo & wait $!; echo job=$!")
        pid = re.search(r"job=(\d+)", out).group(1)
        assert g.run(f"ls core.{pid}").strip() == f"core.{pid}", out
        g.run("echo 0 > /proc/sys/kernel/core_uses_pid")

        g.run("echo '|/bin/cat' > /proc/sys/kernel/core_pattern")
        out, st = status_of(g, "coredemo")
        assert "Segmentation fault" in out and "core dumped" not in out, out
        assert "core_pattern is a pipe: not supported" in out, out
        assert "No such file" in g.run("ls core")


@timeout(180)
def test_no_core_when_limit_permission_or_dumpable_forbid(ctx):
    with ctx.shell() as g:
        g.run("cd /tmp")
        # Less than a page: nothing. A few pages: a short file, which
        # counts as dumped as on Linux (LTP waitpid01 sets a one-page
        # limit and wants WCOREDUMP).
        out, _ = status_of(g, "ulimit -c 1; coredemo")
        assert "core dumped" not in out and "No such" in g.run("ls core")
        out, _ = status_of(g, "ulimit -c 8; coredemo")
        assert "core dumped" in out, out
        assert 0 < int(g.run("stat -c %s core").strip()) <= 8192
        g.run("rm core; ulimit -c unlimited")
        # PR_SET_DUMPABLE 0.
        out, _ = status_of(g, "coredemo nodump")
        assert "core dumped" not in out and "No such" in g.run("ls core")
        # "core" is a directory, or a symlink (never followed).
        g.run("mkdir core")
        assert "core dumped" not in g.run("coredemo")
        g.run("rmdir core; ln -s /tmp/target core")
        assert "core dumped" not in g.run("coredemo")
        assert "No such" in g.run("ls /tmp/target")
        g.run("rm core")
        # Someone else's file, and a directory the user may not write.
        g.run("mkdir -m 777 /tmp/shared; cd /tmp/shared; touch core; "
              "chmod 666 core")
        out = g.run("runas student sh -c 'ulimit -c unlimited; coredemo'")
        assert "core dumped" not in out, out
        assert g.run("stat -c %s core").strip() == "0"
        g.run("rm core; chmod 755 /tmp/shared")
        out = g.run("runas student sh -c 'ulimit -c unlimited; coredemo'")
        assert "core dumped" not in out and "No such" in g.run("ls core")
        # The same user in a directory of its own: a core, owned by it.
        g.run("chmod 777 /tmp/shared")
        out = g.run("runas student sh -c 'ulimit -c unlimited; coredemo'")
        assert "(core dumped)" in out, out
        assert g.run("stat -c '%a %U' core").strip() == "600 student"


@timeout(180)
def test_madv_dontdump_and_coredump_filter_leave_memory_out(ctx):
    with ctx.shell() as g:
        g.run("cd /tmp; ulimit -c unlimited")
        found = {}
        for mode in ("dontdump", "dodump", "filter0", "segv"):
            out = g.run(f"coredemo {mode}")
            assert "(core dumped)" in out, (mode, out)
            found[mode] = g.run(f"grep -q {MARKER} core && echo found || "
                                "echo absent; rm core").strip()
        assert found == {"dontdump": "absent", "dodump": "found",
                         "filter0": "absent", "segv": "absent"}, found
        # Per process, writable by its owner, kept across fork and exec.
        g.run("sh -c 'echo 0x7 > /proc/self/coredump_filter'")
        assert g.run("cat /proc/self/coredump_filter").strip() == "00000033"
        assert g.run("echo 0x7 > /proc/$$/coredump_filter; "
                     "cat /proc/self/coredump_filter").strip() == "00000007"


@timeout(180)
def test_a_thread_crash_kills_and_dumps_the_whole_process(ctx):
    with ctx.shell() as g:
        g.run("cd /tmp; ulimit -c unlimited")
        out, st = status_of(g, "coredemo thread")
        assert "Segmentation fault (core dumped)" in out, out
        assert "survived" not in out and st == 139, out
        data = fetch_file(g, "core")
        # What the parent learns: CLD_DUMPED and WCOREDUMP only when a
        # file was written.
        out = g.run("coredemo child")
        assert re.search(r"si_code=CLD_DUMPED si_status=11 WCOREDUMP=1", out), out
        out = g.run("ulimit -c 0; coredemo child")
        assert re.search(r"si_code=CLD_KILLED si_status=11 WCOREDUMP=0", out), out
    # Both threads are in the core: the one that crashed first, then main
    # (parked in do_exit() while the core was written), in pthread_join.
    notes = elf_core_layout(data)[3]
    assert notes.count(NT_PRSTATUS) == 2 and notes.count(NT_PRFPREG) == 2
    with tempfile.TemporaryDirectory() as d:
        core = os.path.join(d, "core")
        with open(core, "wb") as f:
            f.write(data)
        out = host_gdb(ctx, core, "bt", "info threads")
    assert re.search(r"^#1\s+0x\w+ in thread_crash_here ", out, re.M), out
    assert len(re.findall(r"^[ *] +\d+ +LWP \d+ ", out, re.M)) == 2, out


@timeout(120)
def test_tsh_says_core_dumped(ctx):
    """Taskbase's teaching shell reports the core as bash does."""
    with ctx.shell() as g:
        g.run("cd /tmp; ulimit -c unlimited")
        g.send("tsh\n")
        g.expect(r"# $", timeout=30)
        g.send("coredemo\n")
        g.expect(r"Segmentation fault \(core dumped\)\r?\n(\x1b\[0m)?# $",
                 timeout=30)
