"""Contracts checked in code (issue 14): lockdep_assert_held() and
might_sleep() report a broken contract and stop the kernel, with the
report Linux would give.

The crash tests run one KTEST_CRASH of kernel/locking/lockdep_test.c
each, by name; the quiet ones run with every other ktest (test_boot.py).
"""
import re

from tb import EXIT_PANIC


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
