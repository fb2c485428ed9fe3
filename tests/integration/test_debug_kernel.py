"""The debug kernel (make DEBUG_KERNEL=1, scripts/debug.mk): the default
build carries none of its tools; the debug build says which it carries,
boots, passes the ktests and usertests, and each tool's report, provoked
on purpose by a ktest, has Linux's format and names the guilty function.

`make test` builds the debug kernel in <build>/debug first; run alone,
these tests build it there themselves (make, under a lock)."""
import os
import re

from debugkernel import (assert_no_report, boot_ktests, debug_build,
                         debug_guest, debug_shell_run, text)
from tb import EXIT_PANIC, EXIT_POWEROFF, PROMPT, timeout

UBSAN_SEP = "=" * 80


def reports(out, sep):
    """The text between each pair of separator lines."""
    lines = out.splitlines()
    marks = [i for i, l in enumerate(lines)
             if re.sub(r"^\[[ .\d]+\] ", "", l.rstrip()) == sep]
    return ["\n".join(lines[a + 1:b]) for a, b in zip(marks[::2], marks[1::2])]


def test_default_build_has_no_debug_tools(ctx):
    nm = open(os.path.join(ctx.build, "kernel.nm")).read()
    for sym in ("__asan_", "__ubsan_", "kasan_", "ubsan_", "kmemleak"):
        assert sym not in nm, f"{sym}* in the default kernel"
    with open(ctx.kernel(), "rb") as f:
        image = f.read()
    for text in (b"CONFIG_", b"Debug kernel:", b"KASAN", b"UBSAN"):
        assert text not in image, f"{text!r} in the default kernel"


@timeout(900)
def test_debug_kernel_says_what_it_carries(ctx):
    out = debug_build(ctx)
    nm = open(os.path.join(out, "kernel.nm")).read()
    assert "__ubsan_handle_shift_out_of_bounds" in nm
    with ctx.guest(**debug_guest(ctx, append="ktest=ubsan_shift")) as g:
        g.expect(r"Taskbase version \S+ ", timeout=60)
        g.expect(r"Debug kernel: .*\bUBSAN\b", timeout=10)
        assert g.wait_exit(timeout=120) == EXIT_POWEROFF


@timeout(300)
def test_debug_list_reports_a_corrupted_list_where_it_is_met(ctx):
    """CONFIG_DEBUG_LIST (kernel/debug/list_debug.c): ktest list_debug
    clears the links of a node still on a list (the shape the fuzzer's
    silent guests ended in); the next list_add() beside it and the
    list_del() of its neighbour report in Linux's words, with the stack,
    and are skipped instead of linking into the loop."""
    out = text(boot_ktests(ctx, "list_debug"))
    assert re.search(r"^list_add corruption\. next->prev should be prev "
                     r"\(ffff[0-9a-f]+\), but was ffff[0-9a-f]+\. "
                     r"\(next=ffff[0-9a-f]+\)\.$", out, re.M), out
    assert re.search(r"^WARNING: CPU: \d+ at kernel/debug/list_debug\.c:\d+$\n"
                     r"(.*\n)*?\s+__list_add_valid\+0x[0-9a-f]+/0x[0-9a-f]+\n"
                     r"(\s+\? .*\n)*\s+ktest_list_debug\+", out, re.M), out
    assert re.search(r"^list_del corruption\. next->prev should be ffff[0-9a-f]+, "
                     r"but was ffff[0-9a-f]+\. \(next=ffff[0-9a-f]+\)$", out, re.M), out
    assert "ok 1 list_debug" in out and "# ktest: 1 passed, 0 failed" in out, out


UBSAN_CASES = [
    # (ktest, kind, detail line, the guilty function)
    ("ubsan_shift", "shift-out-of-bounds",
     r"shift exponent 64 is too large for 64-bit type 'long unsigned int'",
     "ubsan_do_shift"),
    ("ubsan_overflow", "signed-integer-overflow",
     r"2147483647 \+ 1 cannot be represented in type 'int'",
     "ubsan_do_overflow"),
    ("ubsan_bounds", "array-index-out-of-bounds",
     r"index 4 is out of range for type 'int \[4\]'", "ubsan_do_bounds"),
    ("ubsan_misaligned", "misaligned-access",
     r"load of misaligned address 0x[0-9a-f]+ for type 'u32'\n"
     r".*which requires 4 byte alignment", "ubsan_do_misaligned"),
    ("ubsan_null", "null-ptr-deref",
     r"member access within null pointer of type 'struct kt_ub_pair'",
     "ubsan_do_null"),
    ("ubsan_vla", "variable-length-array",
     r"variable length array bound evaluates to non-positive value 0",
     "ubsan_do_vla"),
    ("ubsan_bool_load", "invalid-load",
     r"load of value 5 is not a valid value for type '_Bool'",
     "ubsan_do_bool_load"),
]


@timeout(900)
def test_ubsan_reports(ctx):
    out = boot_ktests(ctx, ",".join(c[0] for c in UBSAN_CASES))
    found = reports(out, UBSAN_SEP)
    assert len(found) == len(UBSAN_CASES), out
    for test, kind, detail, func in UBSAN_CASES:
        rep = [r for r in found if f"UBSAN: {kind} in " in r]
        ok = len(rep) == 1 and re.search(
            rf"UBSAN: {kind} in kernel/debug/ubsan\.c:\d+:\d+\n.*{detail}\n"
            rf".*CPU: \d+ PID: \d+ Comm: \S+\n.*Call Trace:\n(.*\n)*?"
            rf".*\b{func}[.\w]*\+0x[0-9a-f]+/0x[0-9a-f]+\n(.*\n)*?"
            rf".*ktest_{test}\+0x", rep[0] + "\n")
        ctx.subtest(test, bool(ok), "\n".join(rep) or out[-3000:])
        assert ok, "\n".join(rep) or out
    assert re.search(rf"# ktest: {len(UBSAN_CASES)} passed, 0 failed", out)


@timeout(900)
def test_ubsan_unreachable_panics(ctx):
    with ctx.guest(**debug_guest(ctx, append="ktest=ubsan_unreachable")) as g:
        g.expect(r"UBSAN: unreachable in kernel/debug/ubsan\.c:\d+:\d+", timeout=60)
        g.expect(r"calling __builtin_unreachable\(\)", timeout=10)
        g.expect(r"ubsan_do_unreachable[.\w]*\+0x", timeout=10)
        g.expect(r"Kernel panic - not syncing: can't return from "
                 r"__builtin_unreachable\(\)", timeout=10)
        assert g.wait_exit(timeout=30) == EXIT_PANIC


KASAN_SEP = "=" * 66
KASAN_CASES = [
    # (ktest, bug, access line, the guilty function, what the object says)
    ("kasan_slab_oob", "slab-out-of-bounds",
     r"Read of size 1 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_slab_oob",
     r"The buggy address belongs to the object at ffff888[0-9a-f]+\n"
     r".* which belongs to the cache kmalloc-128 of size 128\n"
     r".*The buggy address is located 0 bytes to the right of\n"
     r".* allocated 100-byte region \[ffff888[0-9a-f]+, ffff888[0-9a-f]+\)"),
    ("kasan_slab_oob_exact", "slab-out-of-bounds",
     r"Read of size 1 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_slab_oob_exact",
     r"which belongs to the cache kmalloc-128 of size 128\n"
     r".*The buggy address is located 0 bytes to the right of\n"
     r".* allocated 64-byte region"),
    ("kasan_slab_uaf", "slab-use-after-free",
     r"Read of size 8 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_slab_uaf",
     r"Freed by task 1:\n(.*\n)*?.* kfree\+0x(.*\n)*?"
     r".*The buggy address is located 8 bytes inside of\n"
     r".* freed 64-byte region \[ffff888[0-9a-f]+, ffff888[0-9a-f]+\)"),
    ("kasan_page_oob", "page-out-of-bounds",
     r"Write of size 1 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_page_oob",
     r"The buggy address is located 0 bytes to the right of\n"
     r".* allocated 5000-byte region"),
    ("kasan_page_uaf", "use-after-free",
     r"Read of size 4 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_page_uaf",
     r"The buggy address belongs to the physical page:\n.*page: pfn:0x"),
    ("kasan_double_free", "double-free",
     r"Free of addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_double_free",
     r"Allocated by task 1:\n(.*\n)*?.* kmalloc\+0x(.*\n)*?"
     r".*Freed by task 1:\n(.*\n)*?.* kfree\+0x(.*\n)*?"
     r".* freed 32-byte region"),
    ("kasan_memset_oob", "slab-out-of-bounds",
     r"Write of size 101 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_memset_oob",
     r"which belongs to the cache kmalloc-128 of size 128\n"
     r".*The buggy address is located 0 bytes inside of\n"
     r".* allocated 100-byte region"),
    ("kasan_global_oob", "global-out-of-bounds",
     r"Read of size 1 at addr ffffffff8[0-9a-f]+ by task init/1",
     "kasan_do_global_oob",
     r"The buggy address belongs to the variable:\n"
     r".* kasan_global_array\+0xa/0xa of kernel/mm/kasan/kasan_test\.c"),
    ("kasan_copy_from_user_oob", "slab-out-of-bounds",
     r"Write of size 32 at addr ffff888[0-9a-f]+ by task init/1",
     "kasan_do_copy_from_user",
     r"which belongs to the cache kmalloc-32 of size 32\n"
     r".*The buggy address is located 0 bytes inside of\n"
     r".* allocated 16-byte region"),
]


@timeout(900)
def test_kasan_reports(ctx):
    out = boot_ktests(ctx, ",".join(c[0] for c in KASAN_CASES))
    found = reports(out, KASAN_SEP)
    assert len(found) == len(KASAN_CASES), out
    for test, bug, access, func, where in KASAN_CASES:
        rep = [r for r in found if f"BUG: KASAN: {bug} in {func}+" in r]
        text = rep[0] + "\n" if len(rep) == 1 else ""
        checks = [
            rf"BUG: KASAN: {bug} in {func}\+0x[0-9a-f]+/0x[0-9a-f]+\n"
            rf".*{access}\n",
            rf"CPU: \d+ PID: 1 Comm: init\n.*Call Trace:\n(.*\n)*?"
            rf".* {func}\+0x(.*\n)*?.* ktest_{test}\+0x",
            where,
            # The shadow: five rows of 16 bytes, the bad one marked.
            r"Memory state around the buggy address:\n"
            r"(.* ffff888[0-9a-f]{9}:( [0-9a-f]{2}){16}\n){2}"
            r".*>ffff888[0-9a-f]{9}:( [0-9a-f]{2}){16}\n.* +\^\n"
            r"(.* ffff888[0-9a-f]{9}:( [0-9a-f]{2}){16}\n){2}",
        ]
        bad = [c for c in checks if not re.search(c, text)]
        ctx.subtest(test, not bad, "\n".join(bad) + "\n" + text)
        assert not bad, f"{test}: no match for {bad}\n{text or out}"
    assert re.search(rf"# ktest: {len(KASAN_CASES)} passed, 0 failed", out)


@timeout(900)
def test_debug_kernel_ktests_pass_without_reports(ctx):
    """Every ktest on the debug kernel (the quiet KASAN and lockdep ones
    included): all pass, and no tool reports the kernel's own code."""
    out = boot_ktests(ctx, "")
    m = re.search(r"# ktest: (\d+) passed, (\d+) failed", out)
    assert m and m.group(2) == "0", out
    assert ctx.report_tap(text(out)) == 0, text(out)[-3000:]
    assert "ok " in out and "kasan_quiet_on_good_accesses" in out
    assert re.search(r"ok \d+ lockdep_quiet_for_a_nested_pair", out), out
    assert_no_report(out)


@timeout(900)
def test_debug_kernel_usertests_pass_without_reports(ctx):
    """The user-space suite on the debug kernel: all pass, no tool
    reports, and lockdep is still on at the end."""
    with ctx.guest(**debug_guest(ctx)) as g:
        g.expect(r"Debug kernel: .*\bKASAN\b", timeout=60)
        g.expect(PROMPT, timeout=120)
        out = g.run("usertests", timeout=600)
        stats = g.run("cat /proc/lockdep_stats", timeout=30)
        config = g.run("zcat /proc/config.gz", timeout=30)
        log = g.output
    m = re.search(r"# usertests: (\d+) passed, (\d+) failed", out)
    assert m and int(m.group(1)) > 0, out[-3000:]
    failed = [l for l in out.splitlines() if l.startswith("not ok")]
    assert m.group(2) == "0", "\n".join(failed)
    assert re.search(r"debug_locks:\s+1", stats), stats
    # /proc/config.gz names the tools this kernel carries (and the tree's
    # options); the default kernel's does not (test_proc_config_gz).
    for opt in ("KASAN", "UBSAN", "LOCKDEP", "FAILSLAB", "DEBUG_KMEMLEAK",
                "IKCONFIG_PROC"):
        assert f"CONFIG_{opt}=y" in config, config
    assert_no_report(log)


# ---- bugs the debug kernel found, each with its reproduction ------------

def run_badcall_on_debug_kernel(ctx, *modes):
    out = debug_shell_run(ctx, "; ".join(f"badcall {m}" for m in modes), 60)
    for mode in modes:
        assert f"badcall: {mode}: ok" in out, out


@timeout(900)
def test_kill_int_min_is_esrch_without_ubsan_report(ctx):
    # sys_kill() negated the pid for a process group: -INT_MIN overflows.
    run_badcall_on_debug_kernel(ctx, "kill-int-min")


@timeout(900)
def test_wait4_int_min_is_esrch_without_ubsan_report(ctx):
    # do_wait() negated wait4's pid for a process group the same way.
    run_badcall_on_debug_kernel(ctx, "wait-int-min")


@timeout(900)
def test_misaligned_poll_and_setown_int_min_without_ubsan_report(ctx):
    # Two the fuzzer found: do_sys_poll() wrote revents back through
    # &ufds[i].revents, a member access through a misaligned pointer when
    # the array is; F_SETOWN negated INT_MIN for a process group.
    run_badcall_on_debug_kernel(ctx, "poll-misaligned", "setown-int-min")


@timeout(900)
def test_misaligned_capget_header_without_ubsan_report(ctx):
    # The fuzzer's slice found it: sys_capget()/sys_capset() read
    # &hdr->version through a misaligned user pointer.
    run_badcall_on_debug_kernel(ctx, "capget-misaligned")


@timeout(900)
def test_misaligned_sched_attr_without_ubsan_report(ctx):
    # The long fuzz (seeds 31 and 32) found it: sched_copy_attr() read and
    # wrote &uattr->size through a misaligned user pointer.
    run_badcall_on_debug_kernel(ctx, "sched-attr-misaligned")


@timeout(900)
def test_seq_lseek_overflow_without_ubsan_report(ctx):
    # The long fuzz (seed 35) found it: seq_file_llseek() added a huge
    # offset to the position before checking it.
    run_badcall_on_debug_kernel(ctx, "seq-lseek-overflow")


@timeout(600)
def test_fuzz_slice_on_debug_kernel_without_reports(ctx):
    # A short slice of the fuzzer under KASAN and UBSAN (the long runs are
    # make fuzz DEBUG_KERNEL=1, docs/robustness.md).
    out = debug_shell_run(ctx, "fuzz -s 1 -n 3000 -T 120", 300)
    assert "fuzz: PASS" in out, out[-3000:]
