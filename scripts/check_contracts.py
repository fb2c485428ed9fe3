#!/usr/bin/env python3
"""Which exported functions lack a contract comment?

    scripts/check_contracts.py [--min PERCENT] [--list] [DIR...]

Every exported (non-static) function of kernel/, arch/x86_64/ and lib/
should carry a 1-3 line comment saying what it does and what it assumes,
on its definition or on its prototype in a header. This prints the
percentage that do, lists the ones that do not with --list, and exits 1
when the percentage is below --min (default 90; tests/integration/
test_contracts.py runs it).

The parse is a plain-text heuristic that relies on the kernel's style:
- A definition starts in column 0 (after attributes such as __noreturn,
  so that `grep '^name('` finds it), is not `static`, has its `(` on
  its first line, and its body's `{` starts a line within the next few
  lines. KTEST bodies and functions written in assembly are not counted.
- It is commented when the line just above the definition (above any
  attribute-only line) ends a comment, or when a header has a prototype
  of it with a comment ending just above it or on the prototype's own
  line. A comment above a group of prototypes covers only the first: say
  something of each.
"""

import argparse
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ("kernel", "arch/x86_64", "lib")
ATTRS = re.compile(r"^(?:__\w+(?:\([^)]*\))?\s+)+")
DEF = re.compile(r"^(?!static\b|typedef\b|struct\s+\w+\s*\{|#|KTEST)"
                 r"[A-Za-z_][\w\s\*]*?\b(\w+)\(")


def sources(dirs, ext):
    """The files under @dirs (relative to the repository) ending in @ext."""
    for d in dirs:
        for root, _, files in os.walk(os.path.join(REPO, d)):
            for f in sorted(files):
                if f.endswith(ext):
                    yield os.path.join(root, f)


def ends_comment(line):
    """Does @line end a comment (/* ... */ or a // line)?"""
    s = line.strip()
    return s.endswith("*/") or s.startswith("//")


def definitions(path):
    """(name, line number, commented?) for each exported definition."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = DEF.match(ATTRS.sub("", line))
        if not m or line.rstrip().endswith(";"):
            continue
        body = next((j for j in range(i, min(i + 8, len(lines)))
                     if lines[j].startswith("{")), None)
        if body is None or any(lines[j].rstrip().endswith(";")
                               for j in range(i, body)):
            continue
        above = i - 1
        while above >= 0 and re.match(r"^(__\w+(\(.*\))?\s*)+$", lines[above]):
            above -= 1
        yield m.group(1), i + 1, above >= 0 and ends_comment(lines[above])


def header_comments(dirs):
    """Names whose prototype in some header carries a contract comment."""
    done = set()
    for path in sources(dirs, ".h"):
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"^(?:extern\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\(",
                         ATTRS.sub("", line))
            if not m or line.startswith(("#", "static", "typedef")):
                continue
            above = i > 0 and ends_comment(lines[i - 1])
            if above or "/*" in line or "//" in line:
                done.add(m.group(1))
    return done


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min", type=float, default=90.0)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("dirs", nargs="*", default=list(DIRS))
    args = ap.parse_args()
    in_headers = header_comments(args.dirs)
    total, missing = 0, []
    for path in sources(args.dirs, ".c"):
        for name, lineno, commented in definitions(path):
            total += 1
            if not commented and name not in in_headers:
                where = os.path.relpath(path, REPO)
                missing.append(f"{where}:{lineno}: {name}")
    pct = 100.0 * (total - len(missing)) / total if total else 100.0
    if args.list:
        print("\n".join(missing))
    print(f"contract comments: {total - len(missing)} of {total} exported "
          f"functions ({pct:.1f}%), minimum {args.min:.0f}%")
    return 0 if pct >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
