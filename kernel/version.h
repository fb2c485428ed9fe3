/* Kernel name and version, as uname(2) and /proc/version report them. */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define UTS_SYSNAME "Taskbase"
#define UTS_RELEASE "0.1.0"
#define UTS_MACHINE "x86_64"

#endif
