# The debug kernel's tools, one section each, included by the Makefile when
# make runs with DEBUG_KERNEL=1 (docs/robustness.md shows each tool's
# report). Each section adds its flags to KCFLAGS and its name to
# DEBUG_TOOLS. Taskbase's own runtimes are kernel/locking/lockdep*.c,
# lib/fault-inject.c, kernel/mm/kasan/*.c and kernel/debug/ubsan.c. The
# default build has none of it: the lock structures carry no map and
# every hook is an empty inline.
#
# The per-file flags at the end copy KCFLAGS as it is then: every tool's
# flags go above them.

KCFLAGS += -DCONFIG_DEBUG_KERNEL
# Each tool's options as Linux names them, for /proc/config.gz.
DEBUG_KCONFIG := CONFIG_DEBUG_KERNEL=y

# ---- lockdep: lock classes, the dependency graph, Linux's reports ---------
KCFLAGS += -DCONFIG_LOCKDEP
DEBUG_TOOLS += lockdep
DEBUG_KCONFIG += CONFIG_LOCKDEP=y CONFIG_PROVE_LOCKING=y

# ---- list debugging: each list_add/list_del checks its neighbours -------
# (kernel/debug/list_debug.c, Linux's CONFIG_DEBUG_LIST)
KCFLAGS += -DCONFIG_DEBUG_LIST
DEBUG_KCONFIG += CONFIG_DEBUG_LIST=y

# ---- failslab / fail_page_alloc: allocations that fail on purpose ---------
KCFLAGS += -DCONFIG_FAULT_INJECTION
DEBUG_TOOLS += failslab fail_page_alloc
DEBUG_KCONFIG += CONFIG_FAULT_INJECTION=y CONFIG_FAILSLAB=y CONFIG_FAIL_PAGE_ALLOC=y

# ---- UBSAN: checks gcc adds to arithmetic, shifts, indexes and loads ------
# The subsets that need no C library: each failed check calls a
# __ubsan_handle_*() in kernel/debug/ubsan.c, which reports and carries on.
UBSAN_CFLAGS := -fsanitize=shift,signed-integer-overflow,integer-divide-by-zero
UBSAN_CFLAGS += -fsanitize=bounds,alignment,null,object-size,unreachable
UBSAN_CFLAGS += -fsanitize=vla-bound,bool,enum
# The bounds checks leave gcc's -Warray-bounds seeing indexes it cannot
# prove in range and warning of them (Linux turns it off with UBSAN too).
UBSAN_CFLAGS += -Wno-array-bounds
KCFLAGS += -DCONFIG_UBSAN $(UBSAN_CFLAGS)
DEBUG_TOOLS += UBSAN
DEBUG_KCONFIG += CONFIG_UBSAN=y

# ---- KASAN: every load and store checked against a shadow memory ----------
# Outline instrumentation: each access calls __asan_loadN/storeN_noabort()
# (kernel/mm/kasan/kasan.c), which looks the address up in Taskbase's own shadow
# of the direct map (the kernel image's globals through their direct-map
# alias; gcc's constructors register their redzones). No stack redzones:
# gcc writes those into the shadow inline, at an offset Taskbase's
# shadow does not use.
KASAN_CFLAGS := -fsanitize=kernel-address
KASAN_CFLAGS += --param asan-instrumentation-with-call-threshold=0
KASAN_CFLAGS += --param asan-stack=0 --param asan-globals=1
KCFLAGS += -DCONFIG_KASAN $(KASAN_CFLAGS)
DEBUG_TOOLS += KASAN
DEBUG_KCONFIG += CONFIG_KASAN=y CONFIG_KASAN_GENERIC=y CONFIG_KASAN_OUTLINE=y

# ---- kmemleak: objects no pointer reaches any more -----------------------
# kernel/mm/kmemleak.c records every kmalloc()/vmalloc() object; "echo scan
# > /proc/kmemleak" looks for the unreachable ones.
KCFLAGS += -DCONFIG_DEBUG_KMEMLEAK
DEBUG_TOOLS += kmemleak
DEBUG_KCONFIG += CONFIG_DEBUG_KMEMLEAK=y

# Files that must not be checked: KASAN's runtime (no tool at all), and
# the allocators, which read and write free memory (freelist links,
# zeroing) on purpose (no KASAN). UBSAN's runtime exempts its own
# functions one by one (no_sanitize_undefined): its self-tests need the
# checks.
NOSAN_OBJS := kernel/mm/kasan/kasan.o kernel/mm/kasan/report.o
KASAN_NOINSTR := kernel/mm/slab.o kernel/mm/page_alloc.o kernel/mm/buddy.o kernel/debug/ubsan.o
# kmemleak's scan reads every word of objects, redzones too, and free pages.
KASAN_NOINSTR += kernel/mm/kmemleak.o
# The lock validator and the stack walker that every allocation and lock
# record runs: their own tables and other tasks' stacks, not the heap
# (Linux leaves lockdep.o and x86's stacktrace.o uninstrumented too).
KASAN_NOINSTR += kernel/locking/lockdep.o arch/x86_64/stacktrace.o
$(addprefix $(O)/,$(NOSAN_OBJS)): KCFLAGS := $(filter-out $(KASAN_CFLAGS) $(UBSAN_CFLAGS),$(KCFLAGS))
$(addprefix $(O)/,$(KASAN_NOINSTR)): KCFLAGS := $(filter-out $(KASAN_CFLAGS),$(KCFLAGS))
# memset(), memcpy() and memmove() are KASAN's (kernel/mm/kasan/kasan.c): one
# check of the whole range, then lib/string.c's loop under another name.
$(O)/lib/string.o: KCFLAGS += -Dmemset=__memset -Dmemcpy=__memcpy -Dmemmove=__memmove
