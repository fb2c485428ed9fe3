"""Credentials from the shell (issue 16): root becomes the ordinary user
`student` with runas (setgroups, setgid, setuid), and the student is
refused what Linux refuses an ordinary user: reading root's 0600 file,
signalling root's processes, loading modules, powering off, giving files
away. /proc/<pid>/status shows the ids, id and whoami name them, ps aux
shows each process's user and `ps x` the user's own processes."""
import re

from tb import refused, status_of


def test_root_and_student_ids(ctx):
    with ctx.shell() as g:
        # BusyBox's id lists groups= only for supplementary groups, and
        # pid 1 has none (the kernel starts it so); -G adds the gid.
        assert g.run("id").strip() == "uid=0(root) gid=0(root)"
        assert g.run("id -G").strip() == "0"
        assert re.search(r"Groups:\t *\n", g.run("cat /proc/1/status"))
        assert g.run("whoami").strip() == "root"
        out = g.run("runas student id")
        assert out.strip() == ("uid=1000(student) gid=1000(student) "
                               "groups=1000(student)"), out
        status = g.run("runas student cat /proc/self/status")
        assert "Uid:\t1000\t1000\t1000\t1000\n" in status, status
        assert "Gid:\t1000\t1000\t1000\t1000\n" in status, status
        assert "Groups:\t1000 \n" in status, status
        assert "Uid:\t0\t0\t0\t0\n" in g.run("cat /proc/1/status")
        assert g.run("runas student whoami").strip() == "student"
        g.run("runas student sleep 30 &")
        g.run("sleep 1")
        ps = g.run("ps aux")
        assert re.search(r"^student\s+\d+ .*sleep 30\s*$", ps, re.M), ps
        assert re.search(r"^root\s+1 ", ps, re.M), ps
        mine = g.run("runas student ps x")
        assert "sleep 30" in mine and " sh\n" not in mine, mine


def test_student_is_refused(ctx):
    with ctx.shell() as g:
        g.run("echo secret > /tmp/secret")
        out, st = status_of(g, "chmod 600 /tmp/secret")
        assert st == 0, out
        assert g.run("cat /tmp/secret").strip() == "secret"
        refused(g, "runas student cat /tmp/secret", "Permission denied")
        refused(g, "runas student kill -TERM 1", "not permitted")
        refused(g, "runas student insmod /bin/true", "not permitted")
        refused(g, "runas student poweroff", "not permitted")
        refused(g, "runas student chown student /tmp/secret", "not permitted")
        refused(g, "runas student chmod 644 /tmp/secret", "not permitted")
        # What the student makes is the student's, and root reads it.
        g.run("runas student sh -c 'echo mine > /tmp/mine'")
        assert g.run("cat /tmp/mine").strip() == "mine"
        out, st = status_of(g, "chown student /tmp/secret")
        assert st == 0, out
        assert g.run("runas student cat /tmp/secret").strip() == "secret"
        assert "Uid:\t0" in g.run("cat /proc/1/status")
