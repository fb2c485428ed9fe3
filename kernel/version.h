/*
 * Kernel name and version, as uname(2) and /proc/version report them.
 * The release names the Linux version whose interfaces Taskbase follows
 * (system calls, /proc formats, the module API), as other Linux-compatible
 * kernels do, so that programs and test suites that check for a minimum
 * kernel version (LTP's tst_kvercmp, glibc) accept it. The system name
 * stays "Taskbase": the destructive programs' guards rely on it.
 */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define UTS_SYSNAME "Taskbase"
#define UTS_RELEASE "6.1.0-taskbase"
#define UTS_MACHINE "x86_64"
#define UTS_VERSION "#1 SMP"		/* uname -v */
#define __NEW_UTS_LEN 64		/* uname's fields hold 64 bytes and a NUL */

/* The host name is per UTS namespace: kernel/ns/utsname.h. */

#endif
