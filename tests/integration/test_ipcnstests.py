"""IPC namespaces (CLONE_NEWIPC) driven from user space by
user/ipcnstests.c: System V objects and POSIX message queues seen only
in their namespace, limits and /proc views per namespace, setns, the
SEM_UNDO records left, EPERM without CAP_SYS_ADMIN, a detached segment
outliving its namespace, and every page back when namespaces die. Every
test in it must pass, on the debug kernel too with nothing reported and
nothing leaked (kmemleak)."""
import re

from debugkernel import SCAN_TWICE, debug_shell_run
from tb import both_stack_sizes, tap_passed, tap_passes_pages_back, timeout


@both_stack_sizes
@timeout(300)
def test_ipcnstests_all_pass_and_every_page_back(ctx):
    with ctx.shell() as g:
        # ns_death_frees warms the caches first, and runs again at the end.
        passed = tap_passes_pages_back(g, "ipcnstests", cycles="ns_death_frees")
    assert passed >= 12


@timeout(900)
def test_ipcnstests_on_debug_kernel_without_reports_or_leaks(ctx):
    out = debug_shell_run(ctx, f"ipcnstests; {SCAN_TWICE}", 660)
    tap_passed(out, "ipcnstests")
    leaks = out[out.index("# ipcnstests:"):]
    assert "kmemleak-end" in leaks and "unreferenced object" not in leaks, leaks


@timeout(120)
def test_shell_sees_its_own_namespace(ctx):
    """BusyBox's unshare -i as a user types it: ipcs inside a new
    namespace lists nothing of the outside, /proc/sysvipc neither."""
    with ctx.shell() as g:
        g.run("ipctests --keep 0x5eed1234")
        outer = g.run("cat /proc/sysvipc/msg")
        inner = g.run("unshare -i sh -c 'cat /proc/sysvipc/msg; "
                      "readlink /proc/self/ns/ipc'")
        g.run("ipcrm -Q 0x5eed1234 -M 0x5eed1234 -S 0x5eed1234")
    assert str(0x5eed1234) in outer, outer
    assert str(0x5eed1234) not in inner, inner
    assert "ipc:[" in inner and "ipc:[4026531839]" not in inner, inner


@timeout(300)
def test_fuzz_of_unshare_and_the_ipc_calls_leaves_nothing(ctx):
    """The fuzzer on unshare and clone (a quarter of them with
    CLONE_NEWIPC) and the System V and mqueue calls: it passes, and the
    boot namespace holds no object afterwards (the fuzzer removes its
    own; those of the workers' namespaces died with them)."""
    calls = ("unshare clone setns shmget shmat shmdt shmctl msgget msgsnd "
             "msgrcv msgctl semget semop semctl mq_open mq_unlink mq_timedsend")
    opts = " ".join(f"-o {c}" for c in calls.split())
    objects = ("cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm; "
               "ls /tmp/mq")
    with ctx.shell() as g:
        g.run("mkdir -p /tmp/mq && mount -t mqueue none /tmp/mq")
        before = g.run(objects)
        out = g.run(f"fuzz -s 17 -n 20000 -T 60 {opts}", timeout=120)
        assert "fuzz: PASS" in out, out[-3000:]
        after = g.run(objects)
    assert after == before, (before, after)
