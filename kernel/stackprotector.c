/*
 * Stack protector: this boot's canary and the failure report (see
 * stackprotector.h).
 */
#include "kernel/stackprotector.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/random.h"
#include "lib/string.h"
#include "kernel/module/module.h"

/* Non-zero before boot_init_stack_canary() too, as a fixed value. */
u64 __stack_chk_guard = 0x595e9fbd94fda700ull;
EXPORT_SYMBOL(__stack_chk_guard);

__attribute__((no_stack_protector)) void boot_init_stack_canary(void)
{
	/* The low byte zero, as in glibc and Linux: a string copy running
	 * off a buffer stops at the canary instead of copying past it. */
	__stack_chk_guard = get_random_u64() & ~0xffull;
}

/* Called by GCC's check when a canary was overwritten: never returns. */
__attribute__((noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
	char sym[128];

	/* The call is the function's last instruction: its return address
	 * may already be the next function's, so look up the byte before. */
	sprint_symbol(sym, sizeof(sym), (u64)__builtin_return_address(0) - 1);
	panic("stack-protector: Kernel stack is corrupted in: %s", sym);
}
EXPORT_SYMBOL(__stack_chk_fail);

/* ---- ktest (run only when named: it panics) ---- */

static volatile size_t smash_len = 64;

/* A buffer overrun on the stack: 64 bytes into a 16-byte array. */
static __attribute__((noinline)) void smash_the_stack(void)
{
	char buf[16];

	memset(buf, 'A', smash_len);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

KTEST_CRASH(stack_protector)
{
	smash_the_stack();
	KT_EXPECT(t, false);	/* not reached: the check panics on return */
}
