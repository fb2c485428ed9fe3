/*
 * kuid_t and kgid_t: user and group IDs as the kernel holds them (inside
 * a user namespace: kernel/cred.h), and the conversions to the numbers
 * user space sees. Taskbase has one namespace, init_user_ns, so a kuid's
 * value is the uid.
 */
#ifndef _LINUX_UIDGID_H
#define _LINUX_UIDGID_H

#include <linux/types.h>

#include "kernel/cred.h"	/* kuid_t, kgid_t, uid_eq(), GLOBAL_ROOT_UID */

/* The only user namespace (defined and exported by kernel/sys.c). */
struct user_namespace;
extern struct user_namespace init_user_ns;

static inline uid_t __kuid_val(kuid_t uid) { return uid.val; }
static inline gid_t __kgid_val(kgid_t gid) { return gid.val; }
static inline uid_t from_kuid(struct user_namespace *ns, kuid_t uid) { return uid.val; }
static inline gid_t from_kgid(struct user_namespace *ns, kgid_t gid) { return gid.val; }
static inline uid_t from_kuid_munged(struct user_namespace *ns, kuid_t uid) { return uid.val; }
static inline gid_t from_kgid_munged(struct user_namespace *ns, kgid_t gid) { return gid.val; }
static inline kuid_t make_kuid(struct user_namespace *ns, uid_t uid) { return KUIDT_INIT(uid); }
static inline kgid_t make_kgid(struct user_namespace *ns, gid_t gid) { return KGIDT_INIT(gid); }

#endif
