/*
 * Linux's compiler annotations, for module code. Taskbase's own few
 * (__packed, __printf, likely, READ_ONCE, ...) come from lib/types.h.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include "lib/types.h"

#define __always_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __must_check __attribute__((warn_unused_result))
#define __cold __attribute__((cold))
#define __weak __attribute__((weak))
#define __visible __attribute__((externally_visible))
#define __pure __attribute__((pure))
#define __read_mostly
#define __cacheline_aligned __attribute__((aligned(64)))
#define ____cacheline_aligned __cacheline_aligned
#define notrace
#define __force
#define __iomem
#define __rcu
#define __percpu
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define fallthrough __attribute__((fallthrough))
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

#define data_race(expr) (expr)
/* smp_mb(), smp_rmb(), smp_wmb(): the kernel's own (lib/atomic.h). */
#include "lib/atomic.h"
#define mb() smp_mb()
#define rmb() smp_rmb()
#define wmb() smp_wmb()

#endif
