"""The build's own output, as Linux's kbuild prints it: one short line per
step ("  CC      lib/string.o", the path inside O=), the full commands with
V=1, nothing with make -s, nothing at all when nothing changed. Each test
builds one small object in a fresh O= directory, never the whole kernel."""
import os
import re
import shutil
import subprocess
import tempfile

from tb import REPO

# Two spaces, a tag padded to seven columns, a space, a relative path.
SHORT = re.compile(r"^  [A-Z][A-Z0-9 \[\]]{0,6} +[^ /]\S*(?: \S+)*$")
MAKEFILES = ["Makefile", "arch/x86_64/build.mk", "user/build.mk",
             "scripts/labs.mk", "scripts/bench.mk", "scripts/robustness.mk"]


# What a make above us (`make test`) passes down: its flags, its level
# (which would add "make[1]: Entering directory") and its variables.
PARENT_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "V", "O")


def make(out, *args):
    """make O=out args...; returns stdout+stderr, failing on an error."""
    env = {k: v for k, v in os.environ.items() if k not in PARENT_MAKE}
    p = subprocess.run(["make", f"O={out}", *args], cwd=REPO, env=env,
                       text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=100)
    assert p.returncode == 0, f"make {' '.join(args)}: {p.returncode}\n{p.stdout}"
    return p.stdout


def test_build_lines_are_short_and_v1_shows_the_commands(ctx):
    out = tempfile.mkdtemp(prefix="tb-build-")
    obj = os.path.join(out, "lib", "string.o")
    try:
        quiet = make(out, obj)
        lines = quiet.splitlines()
        assert "  CC      lib/string.o" in lines, quiet
        assert "  GEN     generated/asm-offsets.h" in lines, quiet
        for line in lines:
            assert SHORT.match(line), f"not a short line: {line!r}\n{quiet}"
        assert make(out, obj) == "", "a second make must rebuild nothing"

        os.remove(obj)
        loud = make(out, "V=1", obj)
        cmd = [l for l in loud.splitlines() if l.endswith(f"-o {obj}")]
        assert len(cmd) == 1, loud
        assert " -c lib/string.c " in cmd[0] and "-ffreestanding" in cmd[0], cmd
        assert "  CC      lib/string.o" not in loud, loud

        os.remove(obj)
        assert make(out, "-s", obj) == "", "make -s prints nothing"
        assert os.path.exists(obj)
    finally:
        shutil.rmtree(out)


def recipe_lines(path):
    """(line number, text) of each recipe line that starts a command."""
    with open(os.path.join(REPO, path)) as f:
        text = f.read().splitlines()
    out, continued = [], False
    for n, line in enumerate(text, 1):
        if line.startswith("\t") and not continued:
            out.append((n, line[1:]))
        continued = line.endswith("\\")
    return out


def test_every_recipe_line_is_quiet(ctx):
    """A new rule that echoes its command in full would bring the long
    lines back: every command is @-silent, $(Q)-quiet or a $(call msg)."""
    loud = [f"{path}:{n}: {line}" for path in MAKEFILES
            for n, line in recipe_lines(path)
            if not line.startswith(("@", "$(Q)", "$(call msg,"))]
    assert not loud, "commands printed in full without V=1:\n" + "\n".join(loud)
