"""The labs (docs/labs/) can be graded, and their graders can tell: for
every lab, tests/labs/labN.py gives full marks to the main tree (the
reference solution) and fewer to the student tree `make lab LAB=N` makes
(docs/labs/labN-*.patch applied: the solution replaced by its stub), so
no grader passes an empty answer.

Each student tree is written to BUILD/labs/labN/tree and built into
BUILD/labs/labN/build, kernel and initramfs only. A new build directory
starts as a copy of BUILD (timestamps kept) and the strip keeps the
timestamps of the files it does not change, so make recompiles only the
patched files: seconds, not a full build. One test per lab, so the
runner grades them side by side.

The patches themselves are checked without QEMU: each still applies to
the tree (a change to the code that breaks one fails here, and
`make lab-refresh` mends it), none of the old fence comments is back in
the sources, and `scripts/lab.py refresh` follows moved code and takes
an edited stub.
"""
import contextlib
import io
import os
import shutil
import sys
import tempfile

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


def build_student_tree(ctx, n):
    """Write and build lab n's student tree; return (kernel, initrd)."""
    base = os.path.join(ctx.build, "labs", f"lab{n}")
    tree, build = os.path.join(base, "tree"), os.path.join(base, "build")
    labtool.strip_tree(n, tree, force=True)
    assert not os.path.exists(os.path.join(tree, labtool.patch_name(n))), \
        f"lab {n}'s student tree holds its own patch, whose - lines are the answer"
    output = []
    try:
        kernel, initrd = labtool.build_tree(tree, build, seed=ctx.build,
                                            output=output)
    except labtool.LabError as e:
        raise AssertionError(f"lab {n}: the student tree does not build:\n{e}")
    warnings = [l for l in "".join(output).splitlines() if "warning:" in l]
    ctx.subtest(f"lab{n} student tree builds without warnings", not warnings,
                "\n".join(warnings))
    assert not warnings, f"lab {n}: the stub warns:\n" + "\n".join(warnings)
    return kernel, initrd


def check_lab(ctx, n):
    score, top, text = grade(ctx, n, ctx.kernel(), ctx.initrd(), "main")
    ctx.subtest(f"lab{n} main tree {score}/{top}", score == top, text)
    assert top > 0 and score == top, \
        f"lab {n}: the reference solution scores {score}/{top}:\n{text}"
    kernel, initrd = build_student_tree(ctx, n)
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


def test_labs_patches_apply(ctx):
    """Every lab with a handout has a patch, and it applies to the tree
    as it is, with patch (no fuzz) and with git apply."""
    assert len(labtool.labs()) >= 5
    failed = []
    for n in labtool.labs():
        try:
            messages = labtool.check_patch(n)
            ok = True
        except labtool.LabError as e:
            messages, ok = str(e), False
            failed.append(n)
        ctx.subtest(f"lab{n} {labtool.patch_name(n)} applies", ok, messages)
    assert not failed, (f"lab patches that no longer apply: {failed}; "
                        "run `make lab-refresh` (docs/labs/README.md)")


def test_labs_no_solution_fences(ctx):
    """The solutions are plain code: no fence or commented-out stub of the
    old marker scheme is left in a .c, .h or .S file."""
    left = labtool.fences()
    assert not left, "old lab fences in the sources:\n" + "\n".join(left)


@contextlib.contextmanager
def tree_copy():
    """A scratch copy of the tree's files (not a git checkout)."""
    with tempfile.TemporaryDirectory(prefix="test-labs-") as tmp:
        for rel in labtool.tree_files(REPO):
            os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
            shutil.copy2(os.path.join(REPO, rel), os.path.join(tmp, rel))
        yield tmp


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, f"{path} no longer holds {old!r}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_labs_refresh_follows_moved_code(ctx):
    """Lines added above lab 3's solution, one of them right before it
    (an assert at the top of the function), stop its patch from applying;
    `refresh` rewrites the patch so that it applies exactly again and
    gives the same stub with the new lines kept."""
    top = "/* A new line above everything. */\n"
    head = "unsigned long stack_not_used(const struct task_struct *p)\n{\n"
    check = "\tBUG_ON(!p);\n\n"

    def moved(text):
        return top + text.replace(head, head + check, 1)

    with tree_copy() as src:
        task = os.path.join(src, "kernel", "task.c")
        stub = labtool.student_files(3, src, os.path.join(src, "out"))[0]
        with open(task, encoding="utf-8") as f:
            text = f.read()
        assert head in text, "kernel/task.c: stack_not_used() moved"
        with open(task, "w", encoding="utf-8") as f:
            f.write(moved(text))
        try:
            labtool.check_patch(3, src)
            raise AssertionError("the old patch applies despite the assert")
        except labtool.LabError:
            pass
        files, _ = labtool.refresh(3, src=src)
        assert files == ["kernel/task.c"], files
        messages = labtool.check_patch(3, src)
        assert "offset" not in messages and "fuzz" not in messages, messages
        after = labtool.student_files(3, src, os.path.join(src, "out"))[0]
        assert after["kernel/task.c"].decode() == \
            moved(stub["kernel/task.c"].decode())


def test_labs_refresh_takes_an_edited_stub(ctx):
    """`refresh N --from DIR` makes lab N's patch give DIR's stub: make a
    student tree, change its stub, refresh from it, and the next student
    tree has the change while the solution tree is untouched."""
    with tree_copy() as src:
        out = os.path.join(src, "build", "lab3")
        labtool.strip_tree(3, out, src=src)
        task = os.path.join(out, "kernel", "task.c")
        edit(task, "\t(void)p;\n\treturn 0;\n",
             "\t(void)p;\n\treturn 0;\t/* nothing measured yet */\n")
        solution = read(os.path.join(src, "kernel", "task.c"))
        files, _ = labtool.refresh(3, from_dir=out, src=src)
        assert files == ["kernel/task.c"], files
        assert read(os.path.join(src, "kernel", "task.c")) == solution
        again = os.path.join(src, "build", "lab3-again")
        labtool.strip_tree(3, again, src=src)
        assert read(os.path.join(again, "kernel", "task.c")) == read(task)


def test_labs_patch_never_applies_twice(ctx):
    """A student tree is not a source for another: lab 1's patch, applied
    to a tree that already has it, fails instead of being reversed."""
    with tree_copy() as src:
        out = os.path.join(src, "build", "lab1")
        labtool.strip_tree(1, out, src=src)
        shutil.copy2(os.path.join(src, labtool.patch_name(1)),
                     os.path.join(out, labtool.patch_name(1)))
        try:
            labtool.check_patch(1, out)
        except labtool.LabError:
            return
        raise AssertionError("lab 1's patch applied to its own student tree")
