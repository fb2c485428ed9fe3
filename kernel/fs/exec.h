/* execve (kernel/fs/exec.c) and execveat (kernel/fs/execveat.c). */
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
/* execve of the program at kernel path @path with user @argv and @envp
 * (execveat(2), kernel/fs/execveat.c). Returns only on failure. */
long execve_path_user_args(const char *path,
			   const char __user *const __user *argv,
			   const char __user *const __user *envp);
/* The absolute path of the file @name names (symbolic links followed),
 * into @buf; its length, or -errno (kernel/fs/execveat.c). */
long exec_abs_path(const char *name, char *buf, size_t size);

#endif
