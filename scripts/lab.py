#!/usr/bin/env python3
"""Student trees and grading for the labs in docs/labs/ (make lab, make grade).

    scripts/lab.py list
    scripts/lab.py strip N OUTDIR [--src TREE] [--force]
    scripts/lab.py check [N ...]
    scripts/lab.py refresh [N ...] [--from DIR]
    scripts/lab.py grade N [--tree TREE] [--kernel K --initrd I] [--build DIR]

The reference solutions are plain code in the tree. Each lab's starting
point is a patch beside its handout, docs/labs/labN-name.patch: a unified
diff (patch -p1, git apply) that replaces the solution by the stub the
student starts from, a "LAB N: your code here" comment and just enough
code for the tree to build and boot.

`strip` copies the tree (the files git knows, tracked or new, as they are
in the working tree; every file when TREE is not a git checkout) to OUTDIR,
less lab N's own patch (its "-" lines are the answer), and applies that
patch to the copy with `patch`, refusing a hunk whose context changed (an
offset is fine). Other labs' solutions stay in. A file whose content did
not change keeps its timestamp, so make rebuilds only what a new strip
changed; a file the student edited since the last strip is never
overwritten (the strip refuses, unless --force).

`check` says whether every lab's patch (or lab N's) applies to the tree
that way, and whether any old fence comment is left in the sources.

`refresh` rewrites lab N's patch (every lab's without N) against the tree
as it is now. Without --from it re-applies the old patch, letting
`patch` move hunks whose surrounding lines changed, and diffs the result;
a hunk that cannot be placed is left in a scratch directory with its
.rej file, to be fixed by hand and finished with --from that directory.
With --from DIR, the stub is DIR's version of every file of the tree that
DIR holds and that differs (DIR may be a student tree made by `strip`).

`grade` runs tests/labs/labN.py, which boots the kernel and initramfs and
prints one line per check and "lab N: SCORE/MAX". With --kernel/--initrd
it uses those files; otherwise it builds TREE (default: this tree) with
make into --build (default TREE/build) first, kernel and initramfs only.
The exit status is 0 only for full marks.
"""

import argparse
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys

# Keep the source tree clean: no __pycache__ beside the graders.
sys.dont_write_bytecode = True

from labpatch import (MANIFEST, REPO, LabError,  # noqa: E402
                      apply_to, check_patch, fences, handout_name, labs,
                      patch_name, read_patch, refresh, tree_contents, tree_files)


# -- copying a tree -------------------------------------------------------------

def write_if_changed(path, data, like):
    """Give path the content data, with the mode of the file like.

    When data is like's own content the file also gets like's timestamp;
    a file that already holds data is left alone. So make, in a build
    seeded from the source tree's build, recompiles only what the strip
    changed. A file new in the student tree (like is missing) gets mode
    0644 and the time of writing.
    """
    try:
        st = os.stat(like)
    except FileNotFoundError:
        st = None
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
    if st is None:
        os.chmod(path, 0o644)
        return
    os.chmod(path, st.st_mode & 0o777)
    with open(like, "rb") as f:
        if f.read() == data:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def student_files(lab, src, out):
    """{path: bytes} of lab's student tree: src's files (less any inside
    out, and less lab's patch) with the patch applied."""
    inside = os.path.relpath(out, src) + os.sep
    own = patch_name(lab)
    files = [f for f in tree_files(src)
             if not f.startswith(inside) and f != own]
    planned = tree_contents(src, files)
    patch = read_patch(lab, src)
    try:
        stubs, _ = apply_to(planned, patch)
    except LabError as e:
        raise LabError(f"{e}\n{own} no longer applies to {src} (maintainers: "
                       f"scripts/lab.py refresh {lab})") from None
    for rel, data in stubs.items():
        if data is None:
            planned.pop(rel, None)
        else:
            planned[rel] = data
    return planned, len(stubs)


def strip_tree(lab, out, src=REPO, force=False):
    """Write the student tree of lab into out; return (files, files the
    patch changed).

    A file the student changed since the last strip (its content differs
    from what that strip wrote) is never overwritten unless force.
    """
    src, out = os.path.abspath(src), os.path.abspath(out)
    if src == out or src.startswith(out + os.sep):
        raise SystemExit(f"lab.py: {out} would overwrite the source tree")
    written = read_manifest(out)
    planned, changed = student_files(lab, src, out)
    edited = [rel for rel, digest in written.items()
              if digest != file_digest(os.path.join(out, rel))]
    if edited and not force:
        raise SystemExit(f"lab.py: {out} has your changes in "
                         f"{', '.join(sorted(edited)[:5])}"
                         f"{' ...' if len(edited) > 5 else ''}; not "
                         "overwriting (copy them away, or use --force)")
    for rel, data in planned.items():
        write_if_changed(os.path.join(out, rel), data, os.path.join(src, rel))
    for rel in set(written) - set(planned):
        with contextlib.suppress(OSError):
            os.remove(os.path.join(out, rel))
    write_manifest(out, {rel: sha(data) for rel, data in planned.items()})
    return sorted(planned), changed


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
SEED_SKIP = {"test-logs", "tp2", "debug", "labs", "iso", "taskbase.iso",
             "grade-logs"}


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


def fix_dep_files(build, seed):
    """Make the dependency files (.d) copied from seed name build's
    files. -MMD writes paths as make named them, so a copy still named
    the seed's object as its target and the seed's generated files
    (kallsyms.S, asm-offsets.h) as prerequisites: make saw no header
    dependency for the copied objects and kept a stale one when a header
    changed (lab 7 linked an old cpu_has() call). Paths already in build,
    as make writes them there itself, are left alone."""
    prefixes = [seed + os.sep]
    rel = os.path.relpath(seed, REPO)
    if not rel.startswith(".."):
        prefixes.append(rel + os.sep)
    for path, _, names in os.walk(build):
        for name in (n for n in names if n.endswith(".d")):
            dep = os.path.join(path, name)
            with open(dep, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            words = re.split(r"(\s+)", text)
            for i, w in enumerate(words):
                if w.startswith(build + os.sep):
                    continue
                for p in prefixes:
                    if w.startswith(p):
                        words[i] = os.path.join(build, w[len(p):])
                        break
            fixed = "".join(words)
            if fixed != text:
                with open(dep, "w", encoding="utf-8",
                          errors="surrogateescape") as f:
                    f.write(fixed)


def build_tree(tree, build, seed=None, output=None):
    """make the kernel and initramfs of tree into build (no ISO); with
    seed, a new build directory starts as a copy of that one. Raises
    LabError if make fails; make's output (warnings) goes on the list
    output when one is given."""
    tree, build = os.path.abspath(tree), os.path.abspath(build)
    seed_build(build, seed and os.path.abspath(seed))
    if seed:
        fix_dep_files(build, os.path.abspath(seed))
    targets = [os.path.join(build, "kernel.elf"),
               os.path.join(build, "initramfs.cpio")]
    jobs = str(os.cpu_count() or 1)
    done = subprocess.run(["make", "--no-print-directory", "-s", "-j", jobs,
                           "-C", tree, f"O={build}"] + targets,
                          capture_output=True, text=True)
    if output is not None:
        output.append(done.stdout + done.stderr)
    if done.returncode:
        raise LabError(f"{done.stdout}{done.stderr}building {tree} failed")
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


def cmd_check(nums):
    """Print whether each lab's patch applies; 0 when all do and no fence
    is left in the sources."""
    bad = 0
    for n in nums:
        try:
            messages = check_patch(n)
            moved = " (some hunks at an offset)" if "offset" in messages else ""
            print(f"lab {n}: {patch_name(n)} applies{moved}")
        except LabError as e:
            print(f"lab {n}: {patch_name(n)} does NOT apply:\n{e}")
            bad += 1
    for where in fences():
        print(f"old solution fence left: {where}")
        bad += 1
    return 1 if bad else 0


def cmd_refresh(nums, from_dir):
    """Rewrite the patches of nums; 0 when all were rewritten."""
    bad = 0
    for n in nums:
        try:
            files, messages = refresh(n, from_dir)
            print(f"lab {n}: {patch_name(n)} changes {', '.join(files)}")
            for line in messages.splitlines():
                if "fuzz" in line:
                    print(f"  moved, check it: {line.strip()}")
        except LabError as e:
            print(f"lab {n}: {e}")
            bad += 1
    return 1 if bad else 0


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the labs and their handouts")
    s = sub.add_parser("strip", help="write a student tree")
    s.add_argument("lab", type=int)
    s.add_argument("out")
    s.add_argument("--src", default=REPO)
    s.add_argument("--force", action="store_true",
                   help="overwrite files changed in OUTDIR since the last strip")
    c = sub.add_parser("check", help="do the lab patches apply to this tree?")
    c.add_argument("labs", type=int, nargs="*")
    r = sub.add_parser("refresh", help="rewrite lab patches for this tree")
    r.add_argument("labs", type=int, nargs="*")
    r.add_argument("--from", dest="from_dir",
                   help="a tree (or part of one) holding the stub")
    g = sub.add_parser("grade", help="grade a tree")
    g.add_argument("lab", type=int)
    g.add_argument("--tree")
    g.add_argument("--build")
    g.add_argument("--kernel")
    g.add_argument("--initrd")
    g.add_argument("--log", help="keep the guests' console output here")
    args = p.parse_args(argv)
    wanted = args.labs if args.cmd in ("check", "refresh") else \
        [] if args.cmd == "list" else [args.lab]
    for n in wanted:
        if n not in labs():
            p.error(f"no lab {n} (labs: {' '.join(map(str, labs()))})")
    if args.cmd in ("check", "refresh") and not args.labs:
        args.labs = labs()
    if args.cmd == "refresh" and args.from_dir and len(args.labs) != 1:
        p.error("refresh --from DIR takes exactly one lab")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.cmd == "list":
        for n in labs():
            print(f"lab {n}: {handout_name(n)}")
        return 0
    if args.cmd == "check":
        return cmd_check(args.labs)
    if args.cmd == "refresh":
        return cmd_refresh(args.labs, args.from_dir)
    try:
        if args.cmd == "strip":
            files, changed = strip_tree(args.lab, args.out, args.src,
                                        args.force)
            print(f"lab {args.lab}: student tree in {args.out} ({len(files)} "
                  f"files, {changed} changed by {patch_name(args.lab)})")
            print(f"  cd {args.out} && make && make grade LAB={args.lab}")
            return 0
        score, top = grade(args.lab, args.tree, args.kernel, args.initrd,
                           args.build, args.log)
    except LabError as e:
        raise SystemExit(f"lab.py: {e}") from None
    return 0 if score == top else 1


if __name__ == "__main__":
    sys.exit(main())

