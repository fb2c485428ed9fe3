"""Contracts checked in code (issue 14): lockdep_assert_held() and
might_sleep() report a broken contract and stop the kernel, with the
report Linux would give; scripts/check_contracts.py finds the exported
functions without a contract comment and holds the line at 90%.

The crash tests run one KTEST_CRASH of kernel/locking/lockdep_test.c
(or kernel/mm/mm_test.c) each, by name; the quiet ones run with every
other ktest (test_boot.py).
"""
import os
import re
import subprocess
import sys
import tempfile

from tb import EXIT_PANIC, REPO

SCRIPT = os.path.join(REPO, "scripts", "check_contracts.py")


def crash(ctx, test, *patterns):
    """Boot running KTEST_CRASH @test; expect @patterns, then the panic."""
    with ctx.guest(append=f"ktest={test}") as g:
        for p in patterns:
            g.expect(p, timeout=30)
        assert g.wait_exit(timeout=10) == EXIT_PANIC
        return g.output


def test_lockdep_assert_held_fires_when_the_lock_is_free(ctx):
    out = crash(ctx, "lockdep_assert_held_unheld",
                r"Kernel panic - not syncing: BUG_ON\(!lockdep_is_held\("
                r"&contract_lock\)\) at kernel/locking/lockdep_test\.c:\d+",
                r"Call Trace:")
    trace = out[out.index("Call Trace:"):]
    assert re.search(r"needs_contract_lock\+0x", trace), trace


def test_find_vma_checks_mm_lock(ctx):
    """The mm helpers check their "mm->lock held" (kernel/mm/vma.c)."""
    out = crash(ctx, "find_vma_without_mm_lock",
                r"Kernel panic - not syncing: BUG_ON\(!lockdep_is_held\("
                r"&mm->lock\)\) at kernel/mm/vma\.c:\d+",
                r"Call Trace:")
    trace = out[out.index("Call Trace:"):]
    assert re.search(r"find_vma\+0x", trace), trace


def test_might_sleep_fires_in_atomic_context(ctx):
    out = crash(ctx, "might_sleep_in_atomic",
                r"BUG: sleeping function called from invalid context at "
                r"kernel/locking/lockdep_test\.c:\d+",
                r"in_atomic\(\): 1, irqs_disabled\(\): 0, pid: 1, name: \S+",
                r"preempt_count: 1, expected: 0",
                r"Kernel panic - not syncing: sleeping function called from "
                r"invalid context",
                r"Call Trace:")
    trace = out[out.index("Call Trace:"):]
    assert re.search(r"sleepy_under_a_spinlock\+0x", trace), trace


def run_checker(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def test_contract_comments_cover_90_percent_of_exported_functions(ctx):
    r = run_checker("--list")
    m = re.search(r"contract comments: (\d+) of (\d+) exported functions "
                  r"\(([\d.]+)%\), minimum 90%", r.stdout)
    assert m, r.stdout + r.stderr
    assert int(m.group(2)) > 500, "the parse found too few functions"
    assert r.returncode == 0, r.stdout
    assert float(m.group(3)) >= 90.0


def test_contract_checker_finds_a_missing_comment(ctx):
    """A file with one commented and one bare exported function, one
    static one and one commented in its header: 2 of 3, 66.7%, failing."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "a.h"), "w") as f:
            f.write("/* Said here. */\nint in_header(int x);\n")
        with open(os.path.join(d, "a.c"), "w") as f:
            f.write("/* Does a thing. */\n"
                    "int commented(void)\n{\n\treturn 0;\n}\n\n"
                    "int bare(int a,\n\t int b)\n{\n\treturn a + b;\n}\n\n"
                    "static int hidden(void)\n{\n\treturn 1;\n}\n\n"
                    "int in_header(int x)\n{\n\treturn x;\n}\n")
        r = run_checker("--list", d)
    assert r.returncode == 1, r.stdout
    assert re.search(r"a\.c:7: bare$", r.stdout, re.M), r.stdout
    assert "commented" not in r.stdout.split("contract comments")[0]
    assert "2 of 3 exported functions (66.7%)" in r.stdout
