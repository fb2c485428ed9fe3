/*
 * kprobes for modules (kernel/trace/kprobes.h has the whole story):
 * struct kprobe and struct kretprobe, register_kprobe() and friends, and
 * the pt_regs accessors a handler uses (instruction_pointer(),
 * regs_return_value(), regs_get_kernel_argument()). Taskbase probes
 * function entries only: symbol_name with offset 0.
 */
#ifndef _LINUX_KPROBES_H
#define _LINUX_KPROBES_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include "kernel/trace/kprobes.h"

#endif
