#!/usr/bin/env python3
"""Name the slab objects a run left behind, from a console log.

make fuzz DEBUG_KERNEL=1 (scripts/robustness.mk) prints every kmalloc
cache's /proc/slab/<cache>/alloc_traces twice, before and after the run,
each cache after a line "alloc_traces: /proc/slab/<cache>" and the whole
listing ending with "alloc_traces: end". A listing groups a cache's live
objects by the stack that allocated them (Linux's format):

    <count> <first caller> age=... pid=... cpus=...
            <frame>
            ...
    <blank line>

This compares the two listings stack by stack (ages, pids and CPUs left
out) and prints each stack with more objects after than before: what the
run allocated and never freed. Fewer after is fine (objects of the boot or
of the shell freed meanwhile). Objects that live for good by design
(KEPT: a frame of theirs names the function that keeps them) are listed
apart and are no failure. Exit status 1 if anything else is left, 2 if
the log does not hold two listings.

    scripts/alloc_traces_diff.py build/debug/fuzz.log
"""
import re
import sys
from collections import Counter

HEADER = re.compile(r"^alloc_traces: (\S+)$")
GROUP = re.compile(r"^\s*(\d+) (\S+(?: \[\w+\])?)(?: age=\S+)?(?: pid=\S+)?(?: cpus=\S*)?$"
                   r"|^\s*(\d+) (<objects of stacks not listed>)$")

# Objects a run may leave on purpose: a frame "<function>+..." in their
# stack, and why they stay.
KEPT = {
    "user_keyrings": "a uid's user and user-session keyrings (and its "
    "key_user), made the first time it asks, kept for good as Linux keeps "
    "them in the user namespace's register (kernel/keys/process_keys.c)",
    "trace_buffer_alloc": "the trace buffer, made when the first kprobe "
    "event is defined and kept for good, as Linux keeps its ring buffer "
    "(kernel/trace/trace.c)",
    "perf_ctx_prealloc": "the perf context of a task that outlives the run "
    "(pid 1, the fuzzer's parent, a kernel thread), made when a counter "
    "first watches it and kept for the task's life, as Linux keeps "
    "task->perf_event_ctxp (kernel/events/context.c)",
}


def kept_by(stack):
    """The KEPT function a stack passes through, or None."""
    for frame in stack:
        name = frame.split("+", 1)[0]
        if name in KEPT:
            return name
    return None


def passes(stack, fn):
    """Does the stack pass through function fn?"""
    return any(frame.split("+", 1)[0] == fn for frame in stack)


def keep_key_users(kept, left):
    """Move to kept the key_user objects that kept user keyrings hold.

    A uid's key_user lives as long as any key of that uid, so the user
    and user-session keyrings kept for good keep it too, whichever call
    made it first (a session keyring's install, say): one key_user per
    two kept keyrings. Returns (kept, left)."""
    rings = sum(n for n, k in kept if not passes(k[2], "key_user_lookup"))
    users = sum(n for n, k in kept if passes(k[2], "key_user_lookup"))
    more = [(n, k) for n, k in left if passes(k[2], "key_user_lookup")]
    if not more or users + sum(n for n, _ in more) > rings // 2:
        return kept, left
    return kept + more, [(n, k) for n, k in left if (n, k) not in more]


def listings(lines):
    """Yield each complete listing as a Counter: (cache, first caller,
    stack) -> live objects. An unterminated one (the run died) is left out."""
    counts, cache, group = None, None, None
    for raw in lines:
        line = raw.rstrip("\r\n")
        m = HEADER.match(line)
        if m and m.group(1) == "end":
            if counts is not None:
                yield count_groups(counts)
            counts, cache, group = None, None, None
        elif m:
            counts = counts if counts is not None else []
            cache, group = m.group(1).rsplit("/", 1)[-1], None
        elif counts is None or not line.strip():
            group = None
        elif group is not None and line.startswith("        "):
            group[3].append(line.strip())
        elif GROUP.match(line):
            m = GROUP.match(line)
            n, first = (m.group(1), m.group(2)) if m.group(1) else m.group(3, 4)
            group = [cache, int(n), first, []]
            counts.append(group)


def count_groups(groups):
    counts = Counter()
    for cache, n, first, stack in groups:
        counts[(cache, first, tuple(stack))] += n
    return counts


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as f:
        found = list(listings(f))
    if len(found) < 2:
        print(f"alloc_traces_diff: {argv[1]} holds {len(found)} complete "
              "alloc_traces listings, not two (did the run end?)")
        return 2
    before, after = found[0], found[-1]
    left = [(after[k] - before[k], k) for k in after if after[k] > before[k]]
    kept = [(n, k) for n, k in left if kept_by(k[2])]
    left = [(n, k) for n, k in left if not kept_by(k[2])]
    kept, left = keep_key_users(kept, left)
    kept_fn = {k: kept_by(k[2]) or "user_keyrings" for _, k in kept}
    for fn in sorted(set(kept_fn.values())):
        n = sum(m for m, k in kept if kept_fn[k] == fn)
        print(f"alloc_traces_diff: {n} objects kept by design under {fn}(): "
              f"{KEPT[fn]}")
    if not left:
        print("alloc_traces_diff: no object left"
              + (" beyond those kept by design" if kept else "")
              + ": every stack has as many live objects after the run as "
              "before, or fewer")
        return 0
    total = sum(n for n, _ in left)
    print(f"alloc_traces_diff: {total} objects left by the run, "
          f"on {len(left)} stacks:")
    for n, (cache, first, stack) in sorted(left, reverse=True):
        print(f"  +{n} {cache} {first}")
        for frame in stack:
            print(f"        {frame}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
