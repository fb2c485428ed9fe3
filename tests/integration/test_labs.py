"""The labs (docs/labs/) can be graded, and their graders can tell: for
every lab, tests/labs/labN.py gives full marks to the main tree (the
reference solution) and fewer to the student tree `make lab LAB=N` makes
(the solution replaced by its stub), so no grader passes an empty answer.

Each student tree is written to BUILD/labs/labN/tree and built into
BUILD/labs/labN/build, kernel and initramfs only. A new build directory
starts as a copy of BUILD (timestamps kept) and the strip keeps the
timestamps of the files it does not change, so make recompiles only the
stripped files: seconds, not a full build. One test per lab, so the
runner grades them side by side.
"""
import contextlib
import io
import os
import sys

from tb import REPO, timeout

sys.path.insert(0, os.path.join(REPO, "scripts"))
import lab as labtool  # noqa: E402  (scripts/lab.py)


def grade(ctx, n, kernel, initrd, what):
    """Run lab n's grader; return (score, max, its report)."""
    out = io.StringIO()
    log = os.path.join(ctx.log_dir, f"lab{n}-{what}")
    with contextlib.redirect_stdout(out):
        score, top = labtool.grade(n, kernel=kernel, initrd=initrd, log=log)
    return score, top, out.getvalue()


def check_lab(ctx, n):
    score, top, text = grade(ctx, n, ctx.kernel(), ctx.initrd(), "main")
    ctx.subtest(f"lab{n} main tree {score}/{top}", score == top, text)
    assert top > 0 and score == top, \
        f"lab {n}: the reference solution scores {score}/{top}:\n{text}"
    base = os.path.join(ctx.build, "labs", f"lab{n}")
    tree, build = os.path.join(base, "tree"), os.path.join(base, "build")
    labtool.strip_tree(n, tree, force=True)
    kernel, initrd = labtool.build_tree(tree, build, seed=ctx.build)
    score, top, text = grade(ctx, n, kernel, initrd, "stripped")
    ctx.subtest(f"lab{n} stripped tree {score}/{top}", score < top, text)
    assert score < top, \
        f"lab {n}: the stripped tree (no solution) scores {score}/{top}:\n{text}"


def make_test(n):
    @timeout(300)
    def test(ctx):
        check_lab(ctx, n)
    test.__doc__ = f"Lab {n}: full marks on the main tree, fewer when stripped."
    return test


for _n in labtool.labs():
    globals()[f"test_lab{_n}_grader"] = make_test(_n)


def test_labs_markers_well_formed(ctx):
    """Every LAB block in the sources has its END, no block nests, and
    every lab with a handout has at least one block."""
    seen = set()
    for rel in labtool.tree_files(REPO):
        if not rel.endswith(labtool.SOURCE_SUFFIXES):
            continue
        with open(os.path.join(REPO, rel), encoding="utf-8",
                  errors="replace") as f:
            text = f.read()
        for n in labtool.labs():
            if f"LAB {n} SOLUTION BEGIN" in text:
                labtool.strip_text(text, n, rel)      # raises if malformed
                seen.add(n)
    assert seen == set(labtool.labs()), \
        f"labs without solution blocks: {set(labtool.labs()) - seen}"
    assert len(labtool.labs()) >= 5
