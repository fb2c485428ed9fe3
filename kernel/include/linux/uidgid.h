/*
 * kuid_t and kgid_t: user and group IDs as the kernel holds them (the
 * initial user namespace's numbers: kernel/cred.h), and the conversions
 * to and from the numbers a user namespace's processes see (make_kuid(),
 * from_kuid(), ...: kernel/ns/user_namespace.h).
 */
#ifndef _LINUX_UIDGID_H
#define _LINUX_UIDGID_H

#include <linux/types.h>

#include "kernel/cred.h"	/* kuid_t, kgid_t, uid_eq(), GLOBAL_ROOT_UID */
#include "kernel/ns/user_namespace.h"

static inline uid_t __kuid_val(kuid_t uid) { return uid.val; }
static inline gid_t __kgid_val(kgid_t gid) { return gid.val; }

#endif
