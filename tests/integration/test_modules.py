"""Loadable modules, the kernel's side (issue 15): real .ko files built by
tests/integration/kmods.py from tests/integration/modules/, put into
/lib/modules of a test initramfs, loaded with insmod (finit_module(2)).

  load       parameters of every common type (quotes, bool without value,
             arrays, C number bases), __init code and data freed after init,
             /proc/modules and lsmod in Linux's format, /proc/kallsyms with
             [module], rmmod running exit, EEXIST, insmod by name
  stacking   a module using another's export: "Unknown symbol" before,
             "used by" after, rmmod of the used one refused and naming it
  params     an unknown parameter is ignored with Linux's warning; a value
             of the wrong form or too many array elements fail the load
  bad        unknown symbol, init error, GPL-only export to a proprietary
             module, missing license (taint), wrong vermagic, no module
             struct, and ELF files truncated, not ELF, for another machine,
             executables, with section, symbol or relocation indexes and
             offsets out of range or absurd sizes: insmod fails with
             Linux's errno and the kernel says why, and stays up
  oops       an oops in a module's init kills insmod, names the module's
             functions in the report, and the kernel goes on tainted
  gdb        a breakpoint in a module's init, set before insmod, stops
             there with the module's source (tb-symbols), tb-lsmod
"""
import os
import re
import shutil
import struct
import threading
import time

from test_robustness import mkinitramfs, no_oops, work_dir
from tb import PROMPT, both_stack_sizes, mem_free_back, mem_free_kb, timeout
import kmods

MODULES = ["tb_params", "tb_export", "tb_user", "tb_propuser", "tb_unknown",
           "tb_initerr", "tb_nolicense", "tb_oops"]
BAD_FORMAT = "Invalid module format"


def status_of(g, line, timeout=30):
    """(output, exit status) of line; unlike tb.status_of(), $? is asked
    for separately, so a job notice printed after the output (ash's
    "[1]+ Done") does not hide it."""
    out = g.run(line, timeout=timeout)
    return out, int(g.run("echo $?").strip())


def sections(data):
    """{name: (header offset, sh_type, sh_offset, sh_size, sh_link)}."""
    shoff, = struct.unpack_from("<Q", data, 40)
    shnum, shstrndx = struct.unpack_from("<HH", data, 60)
    hdr = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i)
           for i in range(shnum)]
    names = hdr[shstrndx][4]
    out = {}
    for i, h in enumerate(hdr):
        end = data.index(b"\0", names + h[0])
        out[data[names + h[0]:end].decode()] = (shoff + 64 * i, h[1], h[4],
                                                h[5], h[6])
    return out


def patched(data, off, fmt, value):
    data = bytearray(data)
    struct.pack_into(fmt, data, off, value)
    return bytes(data)


def bad_files(ctx, good):
    """name -> (bytes, what the kernel's log line says)."""
    with open(good, "rb") as f:
        ko = f.read()
    s = sections(ko)
    sym_off = s[".symtab"][2]
    rela_off = s[".rela.data"][2]
    with open(os.path.join(ctx.build_dir(), "user", "true"), "rb") as f:
        exe = f.read()
    return {
        "truncated": (ko[:200], r"Invalid ELF section header overflow"),
        "notelf": (b"this is not an ELF file\n" * 8,
                   r"Invalid ELF header magic"),
        "short": (ko[:40], r"Invalid ELF header len 40"),
        "i386": (patched(ko, 18, "<H", 3),
                 r"Invalid ELF header architecture: 3 != 62"),
        "exec": (exe, r"Invalid ELF header type: 2 != 1"),
        "shstrndx": (patched(ko, 62, "<H", 0x7fff),
                     r"Invalid ELF section name index"),
        "symshndx": (patched(ko, sym_off + 24 + 6, "<H", 0xfff0),
                     r"symbol 1: section index 65520 out of range"),
        "hugebss": (patched(ko, s[".bss"][0] + 32, "<Q", 1 << 40),
                    r"size 1099511627776 is absurd"),
        "reloff": (patched(ko, rela_off, "<Q", 0x100000),
                   r"tb_params: relocation type \d+ at offset 100000 is "
                   r"outside its section"),
        "relsym": (patched(ko, rela_off + 12, "<I", 0xffffff),
                   r"relocation 0 in section \d+: symbol out of range"),
        "nomodinfo": (ko.replace(b".modinfo\0", b".modinfX\0"),
                      r"tb_params: no version magic"),
    }


def build_initrd(ctx):
    d = work_dir(ctx, f"modules-tp{ctx.tp}")
    extra = [(f"lib/modules/{n}.ko", kmods.build_module(ctx, n))
             for n in MODULES]
    good = dict(extra)["lib/modules/tb_params.ko"]
    for name, (data, _) in bad_files(ctx, good).items():
        # Tests run side by side and write these same files: each whole
        # into a file of its own, renamed into place (as kmods.py does).
        path = os.path.join(d, name + ".ko")
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        extra.append((f"bad/{name}.ko", path))
    vm = kmods.build_module(ctx, "tb_initerr", vermagic="6.1.0 SMP mod_unload")
    tmp = os.path.join(d, f"vermagic.ko.{os.getpid()}")
    shutil.copy(vm, tmp)
    os.replace(tmp, os.path.join(d, "vermagic.ko"))
    extra.append(("bad/vermagic.ko", os.path.join(d, "vermagic.ko")))
    extra.append(("bad/nomodule.ko",
                  os.path.join(kmods.out_dir(ctx), "tb_initerr.o")))
    return mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"), extra)


def fresh_log(g):
    g.run("dmesg -C")


@both_stack_sizes
@timeout(240)
def test_module_load_params_lsmod_kallsyms_rmmod(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        fresh_log(g)
        out, st = status_of(g, 'insmod /lib/modules/tb_params.ko mp_int=-5 '
                               'mp_str="hello there" mp_bool mp_ulong=0x10 '
                               'mp_arr=1,2,3')
        assert st == 0, out
        log = g.run("dmesg")
        assert "tb_params: loading out-of-tree module taints kernel." in log, log
        assert "tb_params: hello from rodata" in log, log
        assert ("tb_params: int=-5 str=hello there bool=1 ulong=16 "
                "arr=3:1,2,3 init=42") in log, log
        mods = g.run("cat /proc/modules")
        m = re.search(r"^tb_params (\d+) 0 - Live (0xffffffffc[0-9a-f]{7}) "
                      r"\(O\)$", mods, re.M)
        assert m and int(m.group(1)) % 4096 == 0, mods
        out = g.run("lsmod")
        assert out.splitlines()[0] == "Module                  Size  Used by"
        assert re.search(rf"^tb_params\s+{m.group(1)}\s+0$", out, re.M), out
        syms = g.run("grep tb_params /proc/kallsyms")
        assert re.search(r"^ffffffffc[0-9a-f]{7} t tb_params_exit\t"
                         r"\[tb_params\]$", syms, re.M), syms
        assert "tb_params_init" not in syms, "init symbols go with init"
        out, st = status_of(g, "insmod tb_params")
        assert st == 1 and ("could not insert module /lib/modules/tb_params.ko"
                            ": File exists") in out, out
        out, st = status_of(g, "rmmod tb_params")
        assert st == 0, out
        assert "tb_params: exit, int=-5" in g.run("dmesg")
        assert "tb_params" not in g.run("lsmod")
        out, st = status_of(g, "rmmod tb_params")
        assert st == 1 and "Module tb_params is not currently loaded" in out
        fresh_log(g)
        out, st = status_of(g, "insmod tb_params")
        assert st == 0, out
        assert ("int=7 str=default bool=0 ulong=1 arr=0:0,0,0"
                in g.run("dmesg")), "defaults, and a fresh copy of the data"
        assert status_of(g, "rmmod tb_params.ko")[1] == 0
        out = g.run("modinfo /lib/modules/tb_params.ko")
        assert re.search(r"^license:\s+GPL$", out, re.M), out
        assert re.search(r"^vermagic:\s+6\.1\.0-taskbase SMP mod_unload x86_64 "
                         rf"THREAD_PAGES={ctx.tp}$", out, re.M), out
        assert re.search(r"^parm:\s+mp_int:an int \(int\)$", out, re.M), out
        assert g.run("modinfo -F name tb_params").strip() == "tb_params"
        no_oops(g.output)


@timeout(180)
def test_module_stacking_and_parameter_errors(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        fresh_log(g)
        out, st = status_of(g, "insmod tb_user")
        assert st == 1 and "Unknown symbol in module" in out, out
        assert "tb_user: Unknown symbol tb_export_add (err -2)" in g.run("dmesg")
        assert status_of(g, "insmod tb_export")[1] == 0
        out, st = status_of(g, "insmod tb_user")
        assert st == 0, out
        assert "tb_user: tb_export_add(2, 3) = 5" in g.run("dmesg")
        mods = g.run("cat /proc/modules")
        assert re.search(r"^tb_export \d+ 1 tb_user, Live 0x", mods, re.M), mods
        assert re.search(r"^tb_export\s+\d+\s+1 tb_user$", g.run("lsmod"), re.M)
        out, st = status_of(g, "rmmod tb_export")
        assert st == 1 and "Module tb_export is in use by: tb_user" in out, out
        assert status_of(g, "rmmod tb_user")[1] == 0
        assert status_of(g, "rmmod tb_export")[1] == 0

        fresh_log(g)
        out, st = status_of(g, "insmod tb_params bogus=1 mp_int=3")
        assert st == 0, out
        log = g.run("dmesg")
        assert "tb_params: unknown parameter 'bogus' ignored" in log, log
        assert "tb_params: int=3 " in log, log
        assert status_of(g, "rmmod tb_params")[1] == 0
        for args, msg in (("mp_int=abc", "`abc' invalid for parameter `mp_int'"),
                          ("mp_int=99999999999", "invalid for parameter `mp_int'"),
                          ("mp_bool=maybe", "invalid for parameter `mp_bool'"),
                          ("mp_arr=1,2,3,4,5", "mp_arr: can only take 4 arguments")):
            fresh_log(g)
            out, st = status_of(g, f"insmod tb_params {args}")
            assert st == 1 and "could not insert module" in out, out
            assert msg in g.run("dmesg"), args
            assert "tb_params" not in g.run("cat /proc/modules"), args
        no_oops(g.output)


@timeout(180)
def test_module_bad_inputs_are_refused(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        fresh_log(g)
        out, st = status_of(g, "insmod tb_unknown")
        assert st == 1 and "Unknown symbol in module" in out, out
        assert "tb_unknown: Unknown symbol tb_no_such_function (err -2)" \
            in g.run("dmesg")
        out, st = status_of(g, "insmod tb_initerr")
        assert st == 1 and "No such device" in out, out
        assert "tb_initerr: failing" in g.run("dmesg")
        assert g.run("cat /proc/modules").strip() == "", "nothing stays"

        fresh_log(g)
        out, st = status_of(g, "insmod tb_nolicense")
        assert st == 0, out
        log = g.run("dmesg")
        assert "tb_nolicense: module license 'unspecified' taints kernel." in log
        assert "Disabling lock debugging due to kernel taint" in log, log
        assert re.search(r"^tb_nolicense \d+ 0 - Live 0x[0-9a-f]+ \(PO\)$",
                         g.run("cat /proc/modules"), re.M)
        assert status_of(g, "insmod tb_export")[1] == 0
        fresh_log(g)
        out, st = status_of(g, "insmod tb_propuser")
        assert st == 1 and "Unknown symbol in module" in out, out
        assert "tb_propuser: Unknown symbol tb_export_gpl (err -2)" \
            in g.run("dmesg"), "GPL-only export refused"

        fresh_log(g)
        out, st = status_of(g, "insmod /bad/vermagic.ko")
        assert st == 1 and BAD_FORMAT in out, out
        assert re.search(r"tb_initerr: version magic '6\.1\.0 SMP mod_unload' "
                         r"should be '6\.1\.0-taskbase SMP", g.run("dmesg"))
        out, st = status_of(g, "insmod /bad/nomodule.ko")
        assert st == 1 and BAD_FORMAT in out, out
        assert "module: No module found in object" in g.run("dmesg")
        for name, (_, msg) in bad_files(ctx, kmods.build_module(
                ctx, "tb_params")).items():
            fresh_log(g)
            out, st = status_of(g, f"insmod /bad/{name}.ko")
            assert st == 1 and BAD_FORMAT in out, f"{name}: {out}"
            log = g.run("dmesg")
            assert re.search(msg, log), f"{name}: {log}"
        out, st = status_of(g, "insmod /etc/motd")
        assert st == 1 and BAD_FORMAT in out, out
        out, st = status_of(g, "insmod /bin")
        assert st == 1 and "Invalid parameters" in out, out
        out = g.run("cat /proc/modules")
        assert re.findall(r"^(\S+)", out, re.M) == ["tb_nolicense", "tb_export"]
        no_oops(g.output)
        assert g.run("echo still here").strip() == "still here"


@timeout(180)
def test_empty_module_file_gives_every_page_back(ctx):
    # An empty image still takes one page of the module area (image_alloc);
    # it was freed as a 0-byte buffer, so every insmod of an empty file
    # kept a page (the fuzzer's init_module/finit_module calls of length
    # 0 lost 10-17 pages a 60,000-call run).
    with ctx.shell() as g:
        g.run(": > /tmp/empty.ko; insmod /tmp/empty.ko")
        before = mem_free_kb(g)
        out = g.run("for i in $(seq 64); do insmod /tmp/empty.ko; done 2>&1 | "
                    "sort | uniq -c", timeout=120)
        assert re.search(r"64 insmod: .*Invalid module format", out), out
        mem_free_back(g, before)


@timeout(180)
def test_module_oops_kills_insmod_and_the_kernel_goes_on(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        fresh_log(g)
        out, st = status_of(g, "insmod tb_oops")
        assert st == 139, f"insmod dies of SIGSEGV: {st} {out}"
        log = g.run("dmesg")
        assert "tb_oops: about to oops" in log
        assert re.search(r"CPU: \d+ PID: \d+ Comm: insmod ", log), log
        assert "BUG: unable to handle page fault for address: 0000000000000000" \
            in log, log
        assert re.search(r"RIP: 0010:tb_oops_crash\+0x[0-9a-f]+/0x[0-9a-f]+ "
                         r"\[tb_oops\]", log), log
        assert re.search(r"tb_oops_init\+0x[0-9a-f]+/0x[0-9a-f]+ \[tb_oops\]",
                         log), "the backtrace names the module's init"
        assert "---[ end trace" in log and "Kernel panic" not in log, log
        assert re.search(r"^tb_oops \d+ 0 \[permanent\], Loading 0x[0-9a-f]+ "
                         r"\(O\+\)$",
                         g.run("cat /proc/modules"), re.M)
        out, st = status_of(g, "rmmod tb_oops")
        assert st == 1 and "is in use" in out, out
        assert g.run("echo alive").strip() == "alive"
        out, st = status_of(g, "insmod tb_params mp_int=1")
        assert st == 0, out
        assert status_of(g, "rmmod tb_params")[1] == 0


@timeout(180)
def test_gdb_stops_in_a_module_init_set_before_insmod(ctx):
    from test_gdb import GDB_TIMEOUT, check, let_it_run, run_gdb
    initrd = build_initrd(ctx)
    flag = os.path.join(ctx.log_dir, f"gdb-module-bp-{os.getpid()}.ready")
    result = {}
    with ctx.guest(gdb=True, initrd=initrd, timeout=30) as g:
        let_it_run(ctx, g)
        g.expect(PROMPT, timeout=30)
        gdb = threading.Thread(target=lambda: result.update(out=run_gdb(
            ctx, g, [f"tb-symbols {kmods.out_dir(ctx)}",
                     "break tb_params_init", f"shell touch {flag}",
                     "continue", "bt", "list", "tb-lsmod -s", "delete"])))
        gdb.start()
        deadline = time.time() + GDB_TIMEOUT
        while not os.path.exists(flag) and time.time() < deadline:
            time.sleep(0.1)
        g.send("insmod tb_params mp_int=9; echo done=$?\n")
        gdb.join(GDB_TIMEOUT + 5)
        g.expect(r"done=0\r?\n", timeout=30)
        g.expect_prompt()
        assert "tb_params: int=9" in g.run("dmesg")
    if os.path.exists(flag):
        os.remove(flag)
    out = result.get("out", "[gdb did not finish]")
    check(re.search(r"tb-symbols: tb_params from \S+tb_params\.ko at "
                    r"0xffffffffc", out), "tb-symbols did not load tb_params", out)
    check(re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?tb_params_init \(", out),
          "the breakpoint in tb_params_init did not hit", out)
    check(re.search(r"^#0\s+.*tb_params_init \(", out, re.M), "bt", out)
    check(re.search(r"do_init_module", out), "bt reaches the loader", out)
    check("greeting" in out, "list shows the module's source", out)
    check(re.search(r"^tb_params\s+0xffffffffc[0-9a-f]+\s+\d+\s+0 Loading$",
                    out, re.M), "tb-lsmod shows it loading", out)
    check(re.search(r"^\s+\.init\.text\s+0xffffffffc", out, re.M),
          "tb-lsmod -s shows the init section", out)


SAMPLES = ["current_affairs", "thrd_showall", "prcs_showall", "stack_layout",
           "kprobe_example", "kretprobe_example"]
# One row of the thrd_showall sample: TGID PID task_struct stack name [#].
SHOWALL_ROW = re.compile(r"^\[[ \d.]+\]\s+(\d+)\s+(\d+)\s+0x[0-9a-f]{16}\s+"
                         r"0x[0-9a-f]{16}\s+(\[\s*\S+\]|\S+)(?:\s+(\d+))?\s*$",
                         re.M)


@both_stack_sizes
def test_samples_built_out_of_tree(ctx):
    """make builds kernel/samples/NAME by kbuild's external-module path in
    $(O)/samples/NAME (never in the source tree), for this build's stack
    size, and the image carries them in /lib/modules."""
    build = ctx.build_dir()
    for name in SAMPLES:
        out = os.path.join(build, "samples", name)
        ko = os.path.join(out, name + ".ko")
        assert os.path.isfile(ko), f"no {ko}"
        # What scripts/Makefile.modbuild (M=dir) leaves: modpost's files.
        for f in (name + ".mod.c", "Module.symvers", "modules.order"):
            assert os.path.isfile(os.path.join(out, f)), f"no {f} in {out}"
        with open(ko, "rb") as f:
            assert f"THREAD_PAGES={ctx.tp}\0".encode() in f.read(), \
                f"{ko}: vermagic not for THREAD_PAGES={ctx.tp}"
        src = os.path.join(ctx.repo, "kernel", "samples", name)
        built = [f for f in os.listdir(src)
                 if f.endswith((".o", ".ko", ".mod.c", ".symvers"))]
        assert not built, f"build products in the source tree: {src}: {built}"
    with ctx.shell() as g:
        listing = g.run("ls /lib/modules")
        for name in SAMPLES:
            assert name + ".ko" in listing, listing


@timeout(150)
def test_sample_thrd_showall_is_the_books(ctx):
    """insmod thrd_showall: swapper/0 first, kernel threads as [%16s], the
    thread count only on a multithreaded process's leader row, and the
    total counting the idle task."""
    with ctx.shell() as g:
        job = str(g.background("threads 3", timeout=20))
        for _ in range(3):
            g.expect(r"thread tid=\d+ tgid=" + job, timeout=20)
        g.run("echo ready")         # the prompt came before their output
        out = g.run("insmod thrd_showall; echo rc=$?")
        assert "rc=0" in out, out
        log = g.run("dmesg")
    start = log.rindex("thrd_showall: inserted")
    total = re.search(r"thrd_showall: total # of threads on the system: (\d+)",
                      log[start:])
    assert total, log[start:]
    rows = SHOWALL_ROW.findall(log[start:start + total.start()])
    assert rows[0][:3] == ("0", "0", "[       swapper/0]"), rows[0]
    assert int(total.group(1)) == len(rows), (total.group(0), rows)
    assert ("2", "2", "[        kthreadd]", "") in rows, rows
    mine = [r for r in rows if r[0] == job]
    assert len(mine) == 4, rows
    counted = [r for r in rows if r[3]]
    assert counted == [(job, job, "threads", "4")], counted
