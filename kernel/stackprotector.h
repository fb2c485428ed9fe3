/*
 * The kernel's stack protector (-fstack-protector-strong with
 * -mstack-protector-guard=global): GCC puts __stack_chk_guard below the
 * return address of each function with a local array or an address-taken
 * local, and checks it before returning; a mismatch calls
 * __stack_chk_fail() (kernel/panic.c), which panics naming the function.
 * Linux keeps the canary per CPU at %gs:40; one global value does the
 * same job here.
 */
#ifndef KERNEL_STACKPROTECTOR_H
#define KERNEL_STACKPROTECTOR_H

#include "lib/types.h"

extern u64 __stack_chk_guard;

/*
 * Pick this boot's canary. Call it once, early, from a function that
 * never returns (start_kernel): any protected function on the stack at
 * that moment would fail its check on return.
 */
void boot_init_stack_canary(void);

#endif
