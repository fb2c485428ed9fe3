# scripts/debug-lockdep.mk: the lock validator and fault injection of the
# debug kernel (`make DEBUG_KERNEL=1`, docs/robustness.md), included by the
# top-level Makefile after scripts/debug.mk. The default build has none of
# it: the lock structures carry no map and every hook is an empty inline.
#
# lockdep: lock classes, the dependency graph, Linux's reports
# (kernel/locking/lockdep.c).
KCFLAGS += -DCONFIG_LOCKDEP
DEBUG_TOOLS += lockdep
# failslab / fail_page_alloc: allocations that fail on purpose
# (lib/fault-inject.c).
KCFLAGS += -DCONFIG_FAULT_INJECTION
DEBUG_TOOLS += failslab fail_page_alloc
