#!/usr/bin/env python3
"""The lab patches (docs/labs/labN-name.patch): find, apply, check, rewrite.

A lab's patch is a unified diff against the tree (patch -p1 or git apply
read it) that turns the reference solution, plain code in the sources,
into the stub the student starts from. scripts/lab.py applies it to a
copy of the tree (make lab), checks it (make lab-check) and rewrites it
after the code changed (make lab-refresh); the functions are here, the
commands there. Patches are applied with GNU patch and made with diff -u.
"""

import contextlib
import glob
import os
import re
import shutil
import subprocess
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS_DOCS = os.path.join(REPO, "docs", "labs")
MANIFEST = ".lab-files"          # what the last strip wrote (sha256 path)

# Never copied into a student tree: build output and the grader's scratch.
SKIP_DIRS = {".git", "build", "__pycache__"}
# The fence comments solutions used to sit between: none may come back.
SOURCE_SUFFIXES = (".c", ".h", ".S")
FENCE = re.compile(r"/\* LAB \d+ (SOLUTION (BEGIN|END)|STUB:)")
# How much context refresh lets patch ignore: all three lines. Every hunk
# removes solution lines, which patch still matches exactly, so an assert
# or a comment added beside a solution does not stop a refresh.
REFRESH_FUZZ = 3
# The file names in a unified diff's "--- a/x" and "+++ b/x" lines.
DIFF_FILE = re.compile(r"^(?:---|\+\+\+) (?:[ab]/)?(\S+)")


class LabError(Exception):
    """A patch that does not apply, or a tree that does not build."""


# -- the tree's files -----------------------------------------------------------

def tree_files(src):
    """Relative paths of the files that make up the tree at src: what git
    knows there (tracked, or new and not ignored) when src is the top of
    a git checkout, else every file outside build directories."""
    try:
        top = subprocess.run(["git", "-C", src, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True)
        if os.path.realpath(top.stdout.strip()) == os.path.realpath(src):
            out = subprocess.run(["git", "-C", src, "ls-files", "-z",
                                  "--cached", "--others", "--exclude-standard"],
                                 capture_output=True, check=True).stdout
            names = [n for n in out.decode().split("\0") if n]
            return sorted(n for n in names
                          if os.path.isfile(os.path.join(src, n))
                          and not os.path.islink(os.path.join(src, n)))
    except (OSError, subprocess.CalledProcessError):
        pass
    names = []
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), src)
            if f != MANIFEST:
                names.append(rel)
    return sorted(names)


# -- labs and their patches -----------------------------------------------------

def handout_name(lab):
    """docs/labs/labN-*.md, relative to the tree, or None."""
    found = sorted(glob.glob(os.path.join(LABS_DOCS, f"lab{lab}-*.md")))
    return os.path.relpath(found[0], REPO) if found else None


def patch_name(lab):
    """docs/labs/labN-*.patch (the handout's name), relative to the tree."""
    handout = handout_name(lab)
    return handout[:-len(".md")] + ".patch" if handout else None


def labs():
    """The lab numbers that have a handout, ascending."""
    nums = set()
    for path in glob.glob(os.path.join(LABS_DOCS, "lab*-*.md")):
        m = re.match(r"lab(\d+)-", os.path.basename(path))
        if m:
            nums.add(int(m.group(1)))
    return sorted(nums)


def read_patch(lab, src=REPO):
    """The text of lab's patch in the tree at src."""
    path = os.path.join(src, patch_name(lab) or f"docs/labs/lab{lab}-?.patch")
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise LabError(f"no patch for lab {lab}: {e}") from None


def patched_files(patch):
    """The tree-relative paths a unified diff changes, in order."""
    names = []
    for line in patch.splitlines():
        m = DIFF_FILE.match(line)
        if m and m.group(1) != "/dev/null" and m.group(1) not in names:
            names.append(m.group(1))
    return names


def run_patch(work, patch, fuzz):
    """Apply patch inside work with GNU patch; return (ok, its messages).

    --force: never guess that a hunk is reversed (re-applying a patch
    must fail, not undo it); no .orig backups when a hunk moved.
    """
    done = subprocess.run(["patch", "-p1", "--force", "--no-backup-if-mismatch",
                           f"--fuzz={fuzz}", "-d", work],
                          input=patch, capture_output=True, text=True)
    return done.returncode == 0, done.stdout + done.stderr


def apply_to(files, patch, fuzz=0, keep=None):
    """Apply patch to {path: bytes}; return the patched {path: bytes|None}
    (None: the patch deleted it). Raises LabError with patch's messages.

    The files live in a scratch directory for the while: keep names one
    to fill and leave behind, with any .rej file, for a person to fix.
    """
    work = keep or tempfile.mkdtemp(prefix="lab-patch-")
    try:
        for rel in patched_files(patch):
            if files.get(rel) is not None:
                os.makedirs(os.path.dirname(os.path.join(work, rel)),
                            exist_ok=True)
                with open(os.path.join(work, rel), "wb") as f:
                    f.write(files[rel])
        ok, messages = run_patch(work, patch, fuzz)
        if not ok:
            raise LabError(messages.rstrip())
        out = {}
        for rel in patched_files(patch):
            out[rel] = None
            with contextlib.suppress(FileNotFoundError):
                with open(os.path.join(work, rel), "rb") as f:
                    out[rel] = f.read()
        return out, messages
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def tree_contents(src, names):
    """{path: bytes} of names in the tree at src (None when missing)."""
    out = {}
    for rel in names:
        try:
            with open(os.path.join(src, rel), "rb") as f:
                out[rel] = f.read()
        except FileNotFoundError:
            out[rel] = None
    return out


def check_patch(lab, src=REPO):
    """Raise LabError unless lab's patch applies to src as `strip` applies
    it (no fuzz) and, when git is installed, as `git apply` does; return
    patch's messages (they name hunks that applied at an offset)."""
    patch = read_patch(lab, src)
    names = patched_files(patch)
    if not names:
        raise LabError(f"{patch_name(lab)} changes no file")
    files = tree_contents(src, names)
    _, messages = apply_to(files, patch)
    if shutil.which("git"):
        work = tempfile.mkdtemp(prefix="lab-git-apply-")
        try:
            for rel, data in files.items():
                if data is not None:
                    os.makedirs(os.path.dirname(os.path.join(work, rel)),
                                exist_ok=True)
                    with open(os.path.join(work, rel), "wb") as f:
                        f.write(data)
            # Outside any repository git apply works on plain files.
            env = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.dirname(work))
            done = subprocess.run(["git", "apply", "--check", "-"], cwd=work,
                                  input=patch, capture_output=True, text=True,
                                  env=env)
            if done.returncode:
                raise LabError("git apply: " + done.stderr.rstrip())
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return messages


def fences(src=REPO):
    """"path:line: text" for every old solution fence left in the sources."""
    found = []
    for rel in tree_files(src):
        if not rel.endswith(SOURCE_SUFFIXES):
            continue
        with open(os.path.join(src, rel), encoding="utf-8",
                  errors="replace") as f:
            for i, line in enumerate(f, 1):
                if FENCE.search(line):
                    found.append(f"{rel}:{i}: {line.strip()}")
    return found


# -- writing a patch ------------------------------------------------------------

def patch_header(lab):
    """The text before the first diff: what the patch is, how to remake it.
    No line may start like a diff header ("--- ", "+++ ", "diff ")."""
    return (f"Lab {lab}'s starting point ({handout_name(lab)}): `make lab "
            f"LAB={lab}` applies\n"
            "this to a copy of the tree, replacing the reference solution by "
            "the stub\nthe student starts from. After changing the code it "
            f"touches, run\n`scripts/lab.py refresh {lab}` (docs/labs/"
            "README.md, \"Changing a lab\").\n\n")


def unified_diff(rel, old, new):
    """diff -u of one file, named a/rel and b/rel; "" when they agree."""
    with tempfile.TemporaryDirectory(prefix="lab-diff-") as tmp:
        paths = []
        for name, data in (("old", old), ("new", new)):
            paths.append(os.path.join(tmp, name))
            with open(paths[-1], "wb") as f:
                f.write(data or b"")
        labels = ["a/" + rel if old is not None else "/dev/null",
                  "b/" + rel if new is not None else "/dev/null"]
        done = subprocess.run(["diff", "-u", "--label", labels[0], "--label",
                               labels[1], paths[0], paths[1]],
                              capture_output=True, text=True)
    if done.returncode > 1:
        raise LabError(f"diff {rel}: {done.stderr.strip()}")
    return done.stdout


def write_patch(lab, stubs, src=REPO):
    """Make lab's patch turn src into {path: stub bytes|None}; return the
    files it changes. An unchanged patch keeps its timestamp."""
    diffs = [(rel, unified_diff(rel, old, stubs[rel]))
             for rel, old in sorted(tree_contents(src, stubs).items())]
    diffs = [(rel, d) for rel, d in diffs if d]
    if not diffs:
        raise LabError(f"lab {lab}: the stub is the solution; not writing "
                       "an empty patch")
    text = patch_header(lab) + "".join(d for _, d in diffs)
    path = os.path.join(src, patch_name(lab))
    with contextlib.suppress(OSError), open(path, encoding="utf-8") as f:
        if f.read() == text:
            return [rel for rel, _ in diffs]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return [rel for rel, _ in diffs]


def refresh(lab, from_dir=None, src=REPO):
    """Rewrite lab's patch for src as it is now; return (the files it
    changes, patch's messages: hunks applied with fuzz want a look).

    Without from_dir the old patch is applied with REFRESH_FUZZ and the
    result diffed; a hunk that cannot be placed raises LabError, leaving
    the files in a scratch directory to finish by hand. With from_dir,
    the stub is from_dir's version of every file of src that it holds
    and that differs (from_dir may be a student tree or that scratch).
    """
    if from_dir:
        from_dir = os.path.abspath(from_dir)
        names = [rel for rel in tree_files(src)
                 if os.path.isfile(os.path.join(from_dir, rel))
                 and not re.fullmatch(r"docs/labs/lab\d+-.*\.patch", rel)]
        stubs = {rel: data for rel, data in
                 tree_contents(from_dir, names).items()
                 if data != tree_contents(src, [rel])[rel]}
        return write_patch(lab, stubs, src), ""
    patch = read_patch(lab, src)
    files = tree_contents(src, patched_files(patch))
    keep = tempfile.mkdtemp(prefix=f"lab{lab}-refresh-")
    try:
        stubs, messages = apply_to(files, patch, fuzz=REFRESH_FUZZ, keep=keep)
    except LabError as e:
        raise LabError(
            f"{e}\nlab {lab}: the patch no longer fits. {keep} holds the "
            "files it touches,\npatched where it could be, and .rej files "
            "with the hunks that failed:\nmake the stub there by hand, then "
            f"run scripts/lab.py refresh {lab} --from {keep}") from None
    shutil.rmtree(keep, ignore_errors=True)
    return write_patch(lab, stubs, src), messages
