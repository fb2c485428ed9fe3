"""The Linux system calls of issue 17 that real programs and LTP need
(poll, select and friends), driven from user space by user/abitests.c:
every test in it must pass."""
import re

from tb import PROMPT, both_stack_sizes, timeout


@both_stack_sizes
@timeout(200)
def test_abitests_all_pass(ctx):
    with ctx.guest() as g:
        g.expect(PROMPT, timeout=30)
        out = g.run("abitests", timeout=150)
    m = re.search(r"# abitests: (\d+) passed, (\d+) failed", out)
    assert m, out
    failed = [l for l in out.splitlines() if l.startswith("not ok")]
    assert m.group(2) == "0", "\n".join(failed)
    assert int(m.group(1)) >= 8
