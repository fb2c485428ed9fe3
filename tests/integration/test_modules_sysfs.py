"""Module parameters in /sys/module (issue 15): a small sysfs mounted at
/sys, with a directory per loaded module (tests/integration/modules/
tb_sysfs.c, built by kmods.py).

  sysfs      /sys/module/<name>/parameters/<param> for every parameter whose
             perm is not 0, of that mode; cat reads the value, echo > sets it
             through the parameter's own set() (the module sees the new
             value, its own set() runs); no write bit, no read bit or a
             non-root writer: EACCES; a bad value: EINVAL and nothing
             changes; initstate, refcnt; everything gone after rmmod
"""
import re

from test_modules import fresh_log, status_of
from test_robustness import mkinitramfs, no_oops, work_dir
from tb import both_stack_sizes, timeout
import kmods
import os

MODULES = ["tb_sysfs"]
PARAMS = "/sys/module/tb_sysfs/parameters"


def build_initrd(ctx):
    d = work_dir(ctx, f"modules-sysfs-tp{ctx.tp}")
    extra = [(f"lib/modules/{n}.ko", kmods.build_module(ctx, n))
             for n in MODULES]
    return mkinitramfs(ctx, os.path.join(d, "initramfs.cpio"), extra)


def ls(g, path):
    return g.run(f"ls {path}").split()


@both_stack_sizes
@timeout(240)
def test_module_params_in_sysfs(ctx):
    with ctx.shell(initrd=build_initrd(ctx)) as g:
        assert "module" in ls(g, "/sys")
        assert ls(g, "/sys/module") == []
        assert status_of(g, "insmod tb_sysfs mp_int=9")[1] == 0
        assert ls(g, "/sys/module") == ["tb_sysfs"]
        assert ls(g, "/sys/module/tb_sysfs") == [
            "coresize", "initsize", "initstate", "parameters", "refcnt",
            "taint"]
        assert ls(g, PARAMS) == sorted(
            ["mp_int", "mp_str", "mp_ro", "mp_secret", "mp_wo", "mp_arr",
             "mp_cb"]), "perm 0 (mp_hidden): no file"
        modes = g.run(f"ls -l {PARAMS}")
        for name, mode in (("mp_int", "-rw-r--r--"), ("mp_ro", "-r--r--r--"),
                           ("mp_secret", "-rw-------"), ("mp_wo", "--w-------")):
            # Owner root: numeric (Taskbase's ls) or by name (BusyBox's).
            assert re.search(rf"^{mode}\s+1\s+(0\s+0|root\s+root)\s.*"
                             rf"\b{name}$", modes, re.M), modes
        assert g.run("cat /sys/module/tb_sysfs/initstate").strip() == "live"
        assert g.run("cat /sys/module/tb_sysfs/refcnt").strip() == "0"
        assert g.run("cat /sys/module/tb_sysfs/taint").strip() == "O"
        for name, value in (("mp_int", "9"), ("mp_str", "default"),
                            ("mp_ro", "Y"), ("mp_secret", "11"),
                            ("mp_arr", "1,2"), ("mp_cb", "5")):
            assert g.run(f"cat {PARAMS}/{name}").strip() == value, name

        # Writes go through the parameter's set(): the module sees them.
        fresh_log(g)
        for name, value, shown in (("mp_int", "-42", "-42"),
                                   ("mp_str", "hello", "hello"),
                                   ("mp_secret", "0x20", "32"),
                                   ("mp_wo", "77", None),
                                   ("mp_arr", "4,5,6", "4,5,6"),
                                   ("mp_cb", "12", "12")):
            out, st = status_of(g, f"echo {value} > {PARAMS}/{name}")
            assert st == 0, (name, out)
            if shown is not None:
                assert g.run(f"cat {PARAMS}/{name}").strip() == shown, name
        assert "tb_sysfs: mp_cb set to 12" in g.run("dmesg"), "own set()"

        # Refusals: EACCES by mode (root too), EINVAL for a bad value.
        for line in (f"echo N > {PARAMS}/mp_ro", f"cat {PARAMS}/mp_wo",
                     f"runas student sh -c 'echo 1 > {PARAMS}/mp_int'",
                     f"runas student cat {PARAMS}/mp_secret"):
            out, st = status_of(g, line)
            assert st != 0 and "Permission denied" in out, (line, out)
        for name, bad in (("mp_int", "abc"), ("mp_int", "99999999999"),
                          ("mp_arr", "1,2,3,4,5"), ("mp_cb", "x")):
            out, st = status_of(g, f"echo {bad} > {PARAMS}/{name}")
            assert st == 1 and re.search(
                r"write error: (Invalid argument|Result not representable|"
                r"Numerical result out of range)", out), (name, out)
        assert "write error: Invalid argument" in status_of(
            g, f"echo abc > {PARAMS}/mp_int")[0]
        assert g.run(f"cat {PARAMS}/mp_int").strip() == "-42", "unchanged"
        assert g.run(f"runas student cat {PARAMS}/mp_int").strip() == "-42"

        fresh_log(g)
        assert status_of(g, "rmmod tb_sysfs")[1] == 0
        # As on Linux, a list too long fails after storing the first four.
        assert ("tb_sysfs: exit int=-42 str=hello ro=1 hidden=3 secret=32 "
                "wo=77 arr=4:1,2,3 cb=12") in g.run("dmesg")
        assert ls(g, "/sys/module") == []
        out, st = status_of(g, f"cat {PARAMS}/mp_int")
        assert st != 0 and "No such file" in out, out
        # Loaded again: a fresh copy of the data, the defaults.
        assert status_of(g, "insmod tb_sysfs")[1] == 0
        assert g.run(f"cat {PARAMS}/mp_int").strip() == "7"
        assert g.run(f"cat {PARAMS}/mp_str").strip() == "default"
        assert status_of(g, "rmmod tb_sysfs")[1] == 0
        no_oops(g.output)

