/* execve (kernel/fs/exec.c). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "lib/types.h"

#ifndef __user
#define __user
#endif

long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp);
/* execve with kernel strings, for pid 1's first program. 0 or -errno. */
long kernel_execve(const char *filename, const char *const *argv,
		   const char *const *envp);

#endif
