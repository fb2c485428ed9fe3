"""The house rules of the source tree, checked on the files themselves.

docs/layout.md draws the rooms of kernel/ and says what may call what;
these tests keep the tree the way that page (and STYLE.md) says:
  - no room holds more than ROOM_MAX source files, and no source file of
    kernel/, arch/ or lib/ (self-tests aside) is longer than FILE_MAX lines;
  - every path that the guides cite exists, and every function they name
    beside a C file is defined in that file;
  - assembly reaches structure fields through generated offsets only;
  - a folder's internal.h is included from that folder only, and no
    procfs files use each other in a circle.
"""

import glob
import os
import re

from tb import REPO

ROOM_MAX = 25
FILE_MAX = 600
GUIDES = ["README.md", "docs/concepts.md", "docs/layout.md", "docs/syscalls.md",
          "docs/robustness.md", "docs/performance.md", "docs/userspace.md",
          "docs/net.md", "docs/namespaces.md", "docs/cgroups.md",
          "docs/landlock.md", "docs/perf.md", "docs/bpf.md",
          "docs/tracing.md"] + \
    sorted(os.path.relpath(p, REPO)
           for p in glob.glob(os.path.join(REPO, "docs", "labs", "*.md")))

# A path of the tree as the guides write it: kernel/fs/namei.c, scripts/gdb/.
CITED = re.compile(r"(?<![\w/.$-])((?:boot|arch|kernel|lib|user|scripts|tests|docs)"
                   r"/[\w./-]*[\w/])")
# "kernel/fs/file.c `vfs_read()`, `vfs_write()`": functions after a C file.
CITED_FUNCS = re.compile(r"((?:arch|kernel|lib|user)/[\w/.-]+\.[chS])"
                         r"((?:,? ?`[A-Za-z_]\w*\(\)`)+)")


def sources(top, exts=(".c", ".S", ".h")):
    """Every file under REPO/top with one of the extensions."""
    for root, _, files in os.walk(os.path.join(REPO, top)):
        for f in files:
            if f.endswith(exts):
                yield os.path.join(root, f)


def test_rooms_are_small(ctx):
    """No folder under kernel/ holds more than ROOM_MAX .c/.S files."""
    crowded = []
    for root, _, files in os.walk(os.path.join(REPO, "kernel")):
        n = sum(f.endswith((".c", ".S")) for f in files)
        if n > ROOM_MAX:
            crowded.append(f"{os.path.relpath(root, REPO)}: {n}")
    assert not crowded, f"rooms over {ROOM_MAX} source files: {crowded}"


def test_files_are_short(ctx):
    """No kernel, arch or lib source (self-tests aside) over FILE_MAX lines."""
    long_files = []
    for top in ("kernel", "arch", "lib"):
        for path in sources(top):
            if path.endswith("_test.c"):
                continue
            with open(path, encoding="utf-8") as f:
                n = sum(1 for _ in f)
            if n > FILE_MAX:
                long_files.append(f"{os.path.relpath(path, REPO)} ({n})")
    assert not long_files, f"files over {FILE_MAX} lines: {long_files}"


# Paths a guide may name that are not in the tree: where users put their
# own files, and Linux's own files named for comparison.
NOT_OURS = {"user/extra/", "scripts/checkstack.pl"}


def cited_paths(text):
    """The tree paths a guide names, less patterns (test_*.c, labN.py)."""
    for m in CITED.finditer(text):
        path = m.group(1).rstrip(".")
        after = text[m.end(1):m.end(1) + 1]
        if after in ("*", "<", "{") or re.search(r"[A-Z]\.\w+$", path) \
                or re.search(r"lab[nN](\b|-)", path) \
                or path.endswith((".o", ".ko")) or path in NOT_OURS:
            continue        # a pattern, or a build product
        yield path


def test_guides_cite_existing_paths(ctx):
    """Every path in README.md and docs/ exists in the tree."""
    missing = []
    for guide in GUIDES:
        with open(os.path.join(REPO, guide), encoding="utf-8") as f:
            text = f.read()
        for path in cited_paths(text):
            if not os.path.exists(os.path.join(REPO, path)):
                missing.append(f"{guide}: {path}")
    assert not missing, "paths that do not exist:\n" + "\n".join(missing)


def defines(path, name):
    """True if the C/assembly file at path defines (or declares) name."""
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        text = f.read()
    return re.search(r"(^|[\s*])" + re.escape(name) + r"\s*\(", text, re.M) \
        or re.search(r"^" + re.escape(name) + r":", text, re.M) \
        or re.search(r"#define\s+" + re.escape(name) + r"\b", text)


def test_guides_name_functions_where_they_are(ctx):
    """A function a guide names beside a C file is in that file."""
    wrong = []
    for guide in GUIDES:
        with open(os.path.join(REPO, guide), encoding="utf-8") as f:
            text = f.read()
        for m in CITED_FUNCS.finditer(text):
            path = m.group(1)
            if not os.path.exists(os.path.join(REPO, path)):
                continue        # reported by test_guides_cite_existing_paths
            for name in re.findall(r"`(\w+)\(\)`", m.group(2)):
                if not defines(path, name):
                    wrong.append(f"{guide}: {path} `{name}()`")
    assert not wrong, "functions not in the file named:\n" + "\n".join(wrong)


def test_assembly_uses_generated_offsets(ctx):
    """No .S file addresses memory at a displacement typed as a number."""
    typed = []
    number_disp = re.compile(r"(?<![\w$])(0x[0-9a-fA-F]+|\d+)\s*"
                             r"(?:[-+*]\s*\w+\s*)*\(%r(?!ip)")
    for top in ("arch", "boot"):
        for path in sources(top, (".S",)):
            with open(path, encoding="utf-8") as f:
                for i, line in enumerate(f, 1):
                    code = line.split("/*")[0].split("#")[0]
                    if number_disp.search(code):
                        typed.append(f"{os.path.relpath(path, REPO)}:{i}: "
                                     f"{line.strip()}")
    assert not typed, "offsets typed by hand:\n" + "\n".join(typed)


def includes(top):
    """(file, included path) for every #include "..." under REPO/top."""
    for path in sources(top):
        with open(path, encoding="utf-8") as f:
            for inc in re.findall(r'^#\s*include\s+"([^"]+)"', f.read(), re.M):
                yield os.path.relpath(path, REPO), inc


def test_include_rules(ctx):
    """The rules of docs/layout.md's "What may call what", by #include."""
    rules = [
        # (room, what it may not include, why)
        ("lib", re.compile(r"^(kernel|arch)/"),
         "lib/ is freestanding and host-tested"),
        ("kernel/mm", re.compile(r"^kernel/(fs|tty|init)/"),
         "memory sits below the files"),
        ("kernel/locking", re.compile(r"^kernel/(fs|mm|tty|init|time)/"),
         "locks sit below everything that takes them"),
        ("kernel/printk", re.compile(r"^kernel/(fs|init|sched)/|"
                                     r"^kernel/tty/(?!console\.h)"),
         "printk calls down only to the consoles"),
    ]
    broken = []
    for room, banned, why in rules:
        for path, inc in includes(room):
            if banned.search(inc):
                broken.append(f"{path} includes {inc} ({why})")
    private = [(p, i) for top in ("kernel", "arch", "lib")
               for p, i in includes(top)
               if os.path.basename(i) == "internal.h"
               and os.path.dirname(p) != os.path.dirname(i)]
    broken += [f"{p} includes {i} (that folder's own header)"
               for p, i in private]
    assert not broken, "\n".join(broken)


# A definition in column 0 that other files can use: a function or an
# object, not static (the name before "(" or "=").
EXPORTED = re.compile(r"^(?!static\b|typedef\b|#)[A-Za-z_][\w\s*]*?"
                      r"\b([A-Za-z_]\w*)\s*(?:\(|=)", re.M)


def uses_between(folder):
    """{file: files of folder whose exported names it uses}, self-tests
    aside."""
    d = os.path.join(REPO, folder)
    text = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".c") and not f.endswith("_test.c"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                text[f] = fh.read()
    owner = {name: f for f, t in text.items() for name in EXPORTED.findall(t)}
    return {f: {owner[w] for w in set(re.findall(r"\b\w+\b", t))
                if w in owner and owner[w] != f}
            for f, t in text.items()}


def find_circle(graph):
    """A list of files that use each other in a circle, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def test_procfs_files_form_no_circle(ctx):
    """No procfs file needs another that needs it back, however
    indirectly: what they share is inode.c's, which uses none of them."""
    circle = find_circle(uses_between("kernel/fs/proc"))
    assert not circle, "procfs files in a circle: " + " -> ".join(circle)
