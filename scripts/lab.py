#!/usr/bin/env python3
"""Student trees and grading for the labs in docs/labs/ (make lab, make grade).

    scripts/lab.py list
    scripts/lab.py strip N OUTDIR [--src TREE] [--force]
    scripts/lab.py grade N [--tree TREE] [--kernel K --initrd I] [--build DIR]

Reference solutions live in the main tree's C and assembly files (.c, .h,
.S), fenced by comment markers:

    /* LAB 1 SOLUTION BEGIN */
    /* LAB 1 STUB:
    code that replaces the solution in the student's tree
    */
    ...the solution...
    /* LAB 1 SOLUTION END */

The STUB comment is optional and, when present, comes right after BEGIN.
`strip` copies the tree (the files git knows, tracked or new, as they are
in the working tree; every file when TREE is not a git checkout) to OUTDIR
and replaces each block of lab N by a "your code here" line and the stub,
leaving other labs' blocks alone, so the student's tree builds. A file
whose content did not change keeps its timestamp, so make rebuilds only
what a new strip changed; a file the student edited since the last strip
is never overwritten (the strip refuses, unless --force).

`grade` runs tests/labs/labN.py, which boots the kernel and initramfs and
prints one line per check and "lab N: SCORE/MAX". With --kernel/--initrd
it uses those files; otherwise it builds TREE (default: this tree) with
make into --build (default TREE/build) first, kernel and initramfs only.
The exit status is 0 only for full marks.
"""

import argparse
import contextlib
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys

# Keep the source tree clean: no __pycache__ beside the graders.
sys.dont_write_bytecode = True

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS_DOCS = os.path.join(REPO, "docs", "labs")
MANIFEST = ".lab-files"          # what the last strip wrote (sha256 path)

BEGIN = re.compile(r"^\s*/\* LAB (\d+) SOLUTION BEGIN \*/\s*$")
END = re.compile(r"^\s*/\* LAB (\d+) SOLUTION END \*/\s*$")
STUB = re.compile(r"^\s*/\* LAB (\d+) STUB:(.*)$")
# Never copied into a student tree: build output and the grader's scratch.
SKIP_DIRS = {".git", "build", "__pycache__"}
# Solutions live in C and assembly only (docs and scripts quote the markers).
SOURCE_SUFFIXES = (".c", ".h", ".S")


class MarkerError(Exception):
    """A solution block that is not closed, nested, or mismatched."""


# -- markers ------------------------------------------------------------------

def strip_text(text, lab, name="<text>"):
    """Return (text with lab's solution blocks replaced, number of blocks).

    Blocks of other labs stay as they are. Raises MarkerError for a BEGIN
    without END, an END without BEGIN, or blocks inside blocks.
    """
    out, blocks, lines = [], 0, text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if END.match(lines[i]):
            raise MarkerError(f"{name}:{i + 1}: END without BEGIN")
        if not m:
            out.append(lines[i])
            i += 1
            continue
        n = int(m.group(1))
        j = i + 1
        while j < len(lines) and not END.match(lines[j]):
            if BEGIN.match(lines[j]):
                raise MarkerError(f"{name}:{j + 1}: nested LAB block")
            j += 1
        if j == len(lines) or int(END.match(lines[j]).group(1)) != n:
            raise MarkerError(f"{name}:{i + 1}: LAB {n} block has no "
                              f"matching END")
        if n == lab:
            out += student_lines(lines[i:j + 1], lab)
            blocks += 1
        else:
            out += lines[i:j + 1]
        i = j + 1
    return "".join(out), blocks


def student_lines(block, lab):
    """What replaces one solution block: a pointer to the handout, then the
    stub (the STUB comment's lines, or its one-line text)."""
    indent = re.match(r"^\s*", block[0]).group(0)
    handout = handout_name(lab) or f"docs/labs/lab{lab}-*.md"
    lines = [f"{indent}/* LAB {lab}: your code here (see {handout}) */\n"]
    m = STUB.match(block[1]) if len(block) > 2 else None
    if not m:
        return lines
    rest = m.group(2)
    if rest.rstrip().endswith("*/"):           # one line: /* LAB n STUB: x */
        stub = rest.rstrip()[:-2].strip()
        return lines + ([f"{indent}{stub}\n"] if stub else [])
    for k in range(2, len(block) - 1):
        if block[k].strip() == "*/":
            return lines + block[2:k]
    raise MarkerError(f"LAB {lab} STUB comment is not closed by a '*/' line")


def handout_name(lab):
    """docs/labs/labN-*.md, relative to the tree, or None."""
    found = sorted(glob.glob(os.path.join(LABS_DOCS, f"lab{lab}-*.md")))
    return os.path.relpath(found[0], REPO) if found else None


def labs():
    """The lab numbers that have a handout, ascending."""
    nums = set()
    for path in glob.glob(os.path.join(LABS_DOCS, "lab*-*.md")):
        m = re.match(r"lab(\d+)-", os.path.basename(path))
        if m:
            nums.add(int(m.group(1)))
    return sorted(nums)


# -- copying a tree -------------------------------------------------------------

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


def write_if_changed(path, data, like):
    """Give path the content data, with the mode of the file like.

    When data is like's own content the file also gets like's timestamp;
    a file that already holds data is left alone. So make, in a build
    seeded from the source tree's build, recompiles only what the strip
    changed.
    """
    st = os.stat(like)
    try:
        with open(path, "rb") as f:
            same = f.read() == data
    except OSError:
        same = False
    if not same:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp-lab"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    os.chmod(path, st.st_mode & 0o777)
    with open(like, "rb") as f:
        if f.read() == data:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def strip_tree(lab, out, src=REPO, force=False):
    """Write the student tree of lab into out; return (files, blocks).

    A file the student changed since the last strip (its content differs
    from what that strip wrote) is never overwritten unless force.
    """
    src, out = os.path.abspath(src), os.path.abspath(out)
    if src == out or src.startswith(out + os.sep):
        raise SystemExit(f"lab.py: {out} would overwrite the source tree")
    # A student tree inside the source tree (O=dir) is not part of it.
    inside = os.path.relpath(out, src) + os.sep
    files = [f for f in tree_files(src) if not f.startswith(inside)]
    written = read_manifest(out)
    planned, blocks = {}, 0
    for rel in files:
        path = os.path.join(src, rel)
        with open(path, "rb") as f:
            data = f.read()
        if rel.endswith(SOURCE_SUFFIXES) and \
                f"LAB {lab} SOLUTION BEGIN".encode() in data:
            text, n = strip_text(data.decode(), lab, rel)
            blocks += n
            data = text.encode()
        planned[rel] = data
    if not blocks:
        raise SystemExit(f"lab.py: no LAB {lab} SOLUTION blocks in {src}")
    edited = [rel for rel, digest in written.items()
              if digest != file_digest(os.path.join(out, rel))]
    if edited and not force:
        raise SystemExit(f"lab.py: {out} has your changes in "
                         f"{', '.join(sorted(edited)[:5])}"
                         f"{' ...' if len(edited) > 5 else ''}; not "
                         "overwriting (copy them away, or use --force)")
    for rel, data in planned.items():
        write_if_changed(os.path.join(out, rel), data,
                         os.path.join(src, rel))
    for rel in set(written) - set(planned):
        with contextlib.suppress(OSError):
            os.remove(os.path.join(out, rel))
    write_manifest(out, {rel: sha(data) for rel, data in planned.items()})
    return files, blocks


def sha(data):
    return hashlib.sha256(data).hexdigest()


def file_digest(path):
    """sha256 of a file, or None if it is gone."""
    try:
        with open(path, "rb") as f:
            return sha(f.read())
    except OSError:
        return None


def read_manifest(out):
    """{path: sha256} of what the last strip into out wrote."""
    try:
        with open(os.path.join(out, MANIFEST), encoding="utf-8") as f:
            pairs = [line.split(" ", 1) for line in f.read().splitlines()]
    except OSError:
        return {}
    return {p[1]: p[0] for p in pairs if len(p) == 2}


def write_manifest(out, digests):
    with open(os.path.join(out, MANIFEST), "w", encoding="utf-8") as f:
        for rel in sorted(digests):
            f.write(f"{digests[rel]} {rel}\n")


# -- grading --------------------------------------------------------------------

# Parts of a build directory that a seeded build does not need.
SEED_SKIP = {"test-logs", "tp2", "labs", "iso", "taskbase.iso", "grade-logs"}


def seed_build(build, seed):
    """Start build as a copy of seed (a build of the source tree), with
    the timestamps kept, unless build already exists."""
    if os.path.exists(build) or not seed or not os.path.isdir(seed):
        return
    tmp = build + ".seeding"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(seed, tmp, symlinks=True,
                    ignore=lambda d, names: [n for n in names
                                             if d == seed and n in SEED_SKIP])
    os.replace(tmp, build)


def build_tree(tree, build, seed=None):
    """make the kernel and initramfs of tree into build (no ISO); with
    seed, a new build directory starts as a copy of that one."""
    tree, build = os.path.abspath(tree), os.path.abspath(build)
    seed_build(build, seed and os.path.abspath(seed))
    targets = [os.path.join(build, "kernel.elf"),
               os.path.join(build, "initramfs.cpio")]
    jobs = str(os.cpu_count() or 1)
    done = subprocess.run(["make", "--no-print-directory", "-s", "-j", jobs,
                           "-C", tree, f"O={build}"] + targets,
                          capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"lab.py: building {tree} failed")
    return targets


def grader(lab):
    """The module tests/labs/labN.py, imported."""
    sys.path.insert(0, os.path.join(REPO, "tests", "labs"))
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    import importlib
    return importlib.import_module(f"lab{lab}")


def grade(lab, tree=None, kernel=None, initrd=None, build=None, log=None):
    """Run lab's grader; print its report; return (score, max)."""
    tree = os.path.abspath(tree or REPO)
    if not (kernel and initrd):
        kernel, initrd = build_tree(tree, build or os.path.join(tree, "build"))
    return grader(lab).grade(kernel=kernel, initrd=initrd, tree=tree, log=log)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the labs and their handouts")
    s = sub.add_parser("strip", help="write a student tree")
    s.add_argument("lab", type=int)
    s.add_argument("out")
    s.add_argument("--src", default=REPO)
    s.add_argument("--force", action="store_true",
                   help="overwrite files changed in OUTDIR since the last strip")
    g = sub.add_parser("grade", help="grade a tree")
    g.add_argument("lab", type=int)
    g.add_argument("--tree")
    g.add_argument("--build")
    g.add_argument("--kernel")
    g.add_argument("--initrd")
    g.add_argument("--log", help="keep the guests' console output here")
    args = p.parse_args(argv)
    if args.cmd == "list":
        for n in labs():
            print(f"lab {n}: {handout_name(n)}")
        return 0
    if args.lab not in labs():
        raise SystemExit(f"lab.py: no lab {args.lab} (labs: "
                         f"{' '.join(map(str, labs()))})")
    if args.cmd == "strip":
        try:
            files, blocks = strip_tree(args.lab, args.out, args.src, args.force)
        except MarkerError as e:
            raise SystemExit(f"lab.py: {e}") from None
        print(f"lab {args.lab}: student tree in {args.out} ({len(files)} "
              f"files, {blocks} solution blocks removed)")
        print(f"  cd {args.out} && make && make grade LAB={args.lab}")
        return 0
    score, top = grade(args.lab, args.tree, args.kernel, args.initrd,
                       args.build, args.log)
    return 0 if score == top else 1


if __name__ == "__main__":
    sys.exit(main())
