"""Capabilities (issue 17): captests (user/captests.c: capget, capset,
the set*uid fixups, execve's root and ambient rules, the bounding set,
securebits, no_new_privs, CAP_SYS_RESOURCE on pipes), and the five sets
in /proc/<pid>/status as root's and the student's shells show them."""
import re

from tb import tap_passed, timeout

ALL = "000001ffffffffff"	# CAP_CHOWN .. CAP_CHECKPOINT_RESTORE
NONE = "0000000000000000"


@timeout(240)
def test_captests_all_pass(ctx):
    with ctx.shell() as g:
        out = g.run("captests", timeout=180)
    assert tap_passed(out, "captests") >= 12


def test_status_shows_the_sets(ctx):
    with ctx.shell() as g:
        root = g.run("cat /proc/self/status")
        student = g.run("runas student cat /proc/self/status")
    for name, want in (("CapInh", NONE), ("CapPrm", ALL), ("CapEff", ALL),
                       ("CapBnd", ALL), ("CapAmb", NONE)):
        assert f"{name}:\t{want}\n" in root, root
    assert re.search(r"SigCgt:\t\w+\nCapInh:", root), root
    assert re.search(r"CapAmb:\t\w+\nNoNewPrivs:\t0\n", root), root
    for name, want in (("CapPrm", NONE), ("CapEff", NONE), ("CapBnd", ALL)):
        assert f"{name}:\t{want}\n" in student, student
