"""Boot: both boot paths, the boot log, memory sizes, the command line,
and the oops report an exception in the kernel produces."""
import re

from tb import EXIT_PANIC, EXIT_POWEROFF, PROMPT, both_stack_sizes, timeout

BANNER = r"Taskbase version \S+ \(x86_64\) THREAD_PAGES=(\d) THREAD_SIZE=(\d+)"


def boot_ktest(ctx, append="ktest", exit_timeout=120, **kw):
    """Boot with the self-tests, wait for power-off, return the output."""
    with ctx.guest(append=append, **kw) as g:
        g.expect(BANNER, timeout=30)
        status = g.wait_exit(timeout=exit_timeout)
        assert status == EXIT_POWEROFF, f"exit status {status}"
        return g.output


def check_banner_and_log(ctx, out):
    """The boot log of a PVH boot with "ktest": banner, map, CPU."""
    m = re.search(BANNER, out)
    assert int(m.group(1)) == ctx.tp
    assert int(m.group(2)) == ctx.tp * 4096
    assert "Boot loader: PVH" in out
    assert "Command line: ktest" in out
    assert re.search(r"BIOS-e820: \[mem 0x0+-0x0+9[0-9a-f]{4}\] usable", out)
    # -cpu max under TCG has all of these but x2APIC (QEMU 7.2 emulates
    # it only with KVM): the log lists what is missing too.
    assert re.search(r"CPU features:.*\bNX\b.*\bSMEP\b.*\bSMAP\b.*\bUMIP\b"
                     r".*\bAPIC\b.*\bTSC\b", out), out
    assert re.search(r"CPU features (not present:.*\bx2APIC\b|:.*\bx2APIC\b)",
                     out), out
    assert re.search(r"tsc: Detected \d+\.\d+ MHz processor", out)
    assert "reboot: Power down" in out


@both_stack_sizes
def test_boot_pvh_banner_log_and_ktests_pass(ctx):
    """One boot (the self-tests take most of it) for both checks."""
    out = boot_ktest(ctx)
    check_banner_and_log(ctx, out)
    m = re.search(r"# ktest: (\d+) passed, (\d+) failed", out)
    assert m, "no ktest summary"
    failed = [l for l in out.splitlines() if re.match(r"\S*\s*not ok \d+", l)]
    assert m.group(2) == "0", "\n".join(failed)
    assert int(m.group(1)) >= 5
    # The refcount_underflow test's own warning, and no other misuse.
    assert out.count("refcount_t: ") == 1, \
        "\n".join(l for l in out.splitlines() if "refcount_t: " in l)


@timeout(240)
def test_ktest_slow_ones_pass(ctx):
    """The KTEST_SLOW tests, which "ktest" leaves out (every boot test
    runs it): run once, on two CPUs, as their races need."""
    out = boot_ktest(ctx, append="ktest=slow", smp=2, exit_timeout=200)
    assert re.search(r"^(\[[ .0-9]+\] )?ok \d+ vfree_keeps_its_range_until_unmapped$",
                     out, re.M), out
    m = re.search(r"# ktest: (\d+) passed, 0 failed", out)
    assert m and int(m.group(1)) >= 1, out


def test_ktest_refcount_underflow_warns_and_goes_on(ctx):
    out = boot_ktest(ctx, append="ktest=refcount_underflow")
    warning = out[out.index("refcount_t: underflow; use-after-free."):]
    assert re.search(r"\A.*\n.*WARNING: CPU: \d+ at lib/refcount\.c:\d+\n"
                     r"(.*\n)*?.*Call Trace:\n(.*\n)*?"
                     r".*refcount_warn_saturate\+0x", warning), warning
    assert re.search(r"ktest_refcount_underflow\+0x", warning), warning
    # Printed once, though the test underflows twice; then the kernel
    # finishes the test and powers off (boot_ktest checks the exit).
    assert out.count("refcount_t:") == 1
    assert re.search(r"\bok 1 refcount_underflow\b", out), out
    assert "# ktest: 1 passed, 0 failed" in out


@timeout(180)
def test_boot_grub_iso(ctx):
    with ctx.guest(iso=ctx.iso()) as g:
        g.expect(BANNER, timeout=120)
        g.expect(r"Boot loader: GRUB", timeout=10)
        g.expect(r"Command line: init=/bin/init", timeout=10)
        g.expect(r"Memory: \d+K/\d+K available", timeout=30)
        g.expect(r"initramfs: unpacked \d+ entries", timeout=30)
        # What make run gives a student: a working shell on the console.
        g.expect(PROMPT, timeout=60)
        assert g.run("echo from the ISO").strip() == "from the ISO"


def memory_figures(out):
    m = re.search(r"Memory: (\d+)K/(\d+)K available \((\d+)K kernel code", out)
    assert m, "no Memory: line"
    return int(m.group(1)), int(m.group(2))


@timeout(240)
def test_memory_sizes(ctx):
    # (QEMU -m, MiB of RAM the firmware reports as usable at least)
    for mem, mib in (("32M", 31), ("256M", 254), ("4G", 4090)):
        out = boot_ktest(ctx, mem=mem)
        avail, total = memory_figures(out)
        assert mib * 1024 <= total <= int(mem[:-1]) * (1024 if mem[-1] == "M"
                                                       else 1024 * 1024), \
            f"-m {mem}: total {total}K"
        # Free memory: all but the kernel, mem_map and early page tables.
        # The initramfs QEMU loads is reserved too (its files are used in
        # place): it is the image's size, not the kernel's overhead.
        m = re.search(r"initramfs: unpacked \d+ entries \((\d+) bytes\)", out)
        assert m, "no initramfs: unpacked line"
        initrd = int(m.group(1)) // 1024
        assert avail + initrd > total * 0.80, \
            f"-m {mem}: only {avail}K of {total}K free ({initrd}K initramfs)"
        assert avail < total
        if mem == "4G":
            assert re.search(r"BIOS-e820: \[mem 0x0000000100000000-", out), \
                "no RAM above 4 GiB in the map"


def test_unknown_cmdline_option(ctx):
    out = boot_ktest(ctx, append="ktest foo=bar  bogus")
    assert 'Unknown kernel command line parameter "foo=bar", ignored' in out
    assert 'Unknown kernel command line parameter "bogus", ignored' in out


def expect_oops(ctx, test, *patterns):
    with ctx.guest(append=f"ktest={test}") as g:
        for p in patterns:
            g.expect(p, timeout=30)
        g.expect(r"Kernel panic - not syncing: Fatal exception", timeout=10)
        assert g.wait_exit(timeout=10) == EXIT_PANIC
        return g.output


def test_oops_invalid_opcode(ctx):
    out = expect_oops(ctx, "exception_ud",
                      r"Oops: invalid opcode: 0000 \[#1\] CPU: 0",
                      r"RIP: 0010:do_ud2\+0x[0-9a-f]+/0x[0-9a-f]+",
                      r"RAX: [0-9a-f]{16} RBX: [0-9a-f]{16} RCX: [0-9a-f]{16}",
                      r"R13: [0-9a-f]{16} R14: [0-9a-f]{16} R15: [0-9a-f]{16}",
                      r"Call Trace:")
    trace = out[out.index("Call Trace:"):]
    assert re.search(r"ktest_exception_ud\+0x", trace), trace
    assert re.search(r"ktest_run\+0x", trace), trace
    assert re.search(r"kernel_init\+0x", trace), trace
    assert re.search(r"ret_from_fork\+0x", trace), trace


def test_oops_page_fault(ctx):
    expect_oops(ctx, "exception_pf",
                r"BUG: unable to handle page fault for address: ffffc78000000000",
                r"#PF: supervisor read access in kernel mode",
                r"#PF: error_code\(0x0000\) - not-present page",
                r"Oops: page fault: 0000 \[#1\]",
                r"RIP: 0010:read_from\+",
                r"CR0: [0-9a-f]{16} CR2: ffffc78000000000")


def test_oops_freed_kernel_stack(ctx):
    """A freed stack block waits in kernel/mm/kstack.c's cache unmapped:
    touching it still faults (the cache saves the shootdown, not the
    check)."""
    expect_oops(ctx, "kstack_use_after_free",
                r"BUG: unable to handle page fault for address: ffffc9",
                r"#PF: error_code\(0x0000\) - not-present page",
                r"RIP: 0010:read_stack\+")


def test_oops_general_protection(ctx):
    expect_oops(ctx, "exception_gp", r"Oops: general protection fault",
                r"RIP: 0010:read_from\+")


def test_oops_divide_error(ctx):
    expect_oops(ctx, "exception_de", r"Oops: divide error",
                r"RIP: 0010:divide\+")


def test_stack_protector_catches_an_overrun(ctx):
    """A 64-byte memset into a 16-byte stack array: the canary check in
    the function's epilogue panics, naming the function."""
    with ctx.guest(append="ktest=stack_protector") as g:
        g.expect(r"Kernel panic - not syncing: stack-protector: Kernel stack "
                 r"is corrupted in: smash_the_stack\+0x", timeout=30)
        assert g.wait_exit(timeout=10) == EXIT_PANIC


def test_panic_exits_qemu(ctx):
    with ctx.guest(append="ktest=panic_message") as g:
        g.expect(r"Kernel panic - not syncing: ktest: deliberate panic")
        g.expect(r"Call Trace:")
        assert g.wait_exit(timeout=10) == EXIT_PANIC
