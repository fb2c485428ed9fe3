"""The generic kernel reaches the CPU only through the asm/ headers.

arch/x86_64/include/asm/ holds the arch's interface (Linux's asm/ idea):
the only arch headers that kernel/ and lib/ may include, written
`#include "asm/NAME.h"` (the Makefile adds -Iarch/x86_64/include). The
other headers of arch/x86_64/ (apic.h, acpi.h, segment.h, traps.h, ...)
are private to the arch. These tests read the #include lines:
  - no file of kernel/ or lib/ includes an arch/ header by path;
  - every "asm/..." include anywhere names a header that is in asm/;
  - every header in asm/ is included by kernel/ or lib/ (one that is not
    is arch-private and belongs in arch/x86_64/).
"""

import os
import re

from tb import REPO

ASM_DIR = os.path.join(REPO, "arch", "x86_64", "include", "asm")
GENERIC = ("kernel", "lib")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(top):
    """(file, line number, included path) for every #include "..." under
    REPO/top."""
    for root, _, files in os.walk(os.path.join(REPO, top)):
        for name in sorted(files):
            if not name.endswith((".c", ".h", ".S")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                yield os.path.relpath(path, REPO), line, m.group(1)


def asm_headers():
    """The names of the interface headers (processor.h, ...)."""
    return {n for n in os.listdir(ASM_DIR) if n.endswith(".h")}


def test_arch_interface_generic_includes_no_arch_path(ctx):
    """kernel/ and lib/ include no arch/ header by its path."""
    bad = [f"{p}:{n}: {inc}" for top in GENERIC
           for p, n, inc in includes(top) if inc.startswith("arch/")]
    assert not bad, ("arch headers included by path (use \"asm/NAME.h\", or "
                     "ask the arch for an interface there):\n" + "\n".join(bad))


def test_arch_interface_asm_includes_exist(ctx):
    """Every "asm/NAME.h" included anywhere is in arch/x86_64/include/asm/."""
    have = asm_headers()
    bad = [f"{p}:{n}: {inc}" for top in GENERIC + ("arch", "boot")
           for p, n, inc in includes(top)
           if inc.startswith("asm/") and inc[len("asm/"):] not in have]
    assert not bad, "asm/ headers that do not exist:\n" + "\n".join(bad)


def test_arch_interface_every_asm_header_is_used(ctx):
    """Each header in asm/ is included by a file of kernel/ or lib/."""
    used = {inc[len("asm/"):] for top in GENERIC
            for _, _, inc in includes(top) if inc.startswith("asm/")}
    unused = sorted(asm_headers() - used)
    assert not unused, ("asm/ headers the generic kernel never includes "
                        f"(arch-private: move them to arch/x86_64/): {unused}")
