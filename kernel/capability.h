/*
 * Capabilities: root's powers cut into 41 bits (Linux 6.1's CAP_* numbers,
 * man capabilities(7)). A cred carries five sets of them
 * (kernel/cred.h): effective (what capable() tests), permitted (what
 * the task may make effective), inheritable (what an exec may keep),
 * bounding (the most an exec may grant) and ambient (what an exec of an
 * ordinary program keeps). kernel/capability.c moves them: set*uid's
 * fixups, execve's root rule, capget(2), capset(2) and prctl(2).
 */
#ifndef KERNEL_CAPABILITY_H
#define KERNEL_CAPABILITY_H

#include "lib/types.h"

/* One set: bit N is CAP number N (Linux's kernel_cap_t since 6.3). */
typedef struct {
	u64 val;
} kernel_cap_t;

#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_SETPCAP 8
#define CAP_LINUX_IMMUTABLE 9
#define CAP_NET_BIND_SERVICE 10
#define CAP_NET_BROADCAST 11
#define CAP_NET_ADMIN 12
#define CAP_NET_RAW 13
#define CAP_IPC_LOCK 14
#define CAP_IPC_OWNER 15
#define CAP_SYS_MODULE 16
#define CAP_SYS_RAWIO 17
#define CAP_SYS_CHROOT 18
#define CAP_SYS_PTRACE 19
#define CAP_SYS_PACCT 20
#define CAP_SYS_ADMIN 21
#define CAP_SYS_BOOT 22
#define CAP_SYS_NICE 23
#define CAP_SYS_RESOURCE 24
#define CAP_SYS_TIME 25
#define CAP_SYS_TTY_CONFIG 26
#define CAP_MKNOD 27
#define CAP_LEASE 28
#define CAP_AUDIT_WRITE 29
#define CAP_AUDIT_CONTROL 30
#define CAP_SETFCAP 31
#define CAP_MAC_OVERRIDE 32
#define CAP_MAC_ADMIN 33
#define CAP_SYSLOG 34
#define CAP_WAKE_ALARM 35
#define CAP_BLOCK_SUSPEND 36
#define CAP_AUDIT_READ 37
#define CAP_PERFMON 38
#define CAP_BPF 39
#define CAP_CHECKPOINT_RESTORE 40
#define CAP_LAST_CAP CAP_CHECKPOINT_RESTORE

/* Every capability: root's permitted and bounding sets. */
#define CAP_FULL_SET ((kernel_cap_t){ (2ULL << CAP_LAST_CAP) - 1 })
#define CAP_EMPTY_SET ((kernel_cap_t){ 0 })

/* The capabilities over files, which follow the fsuid (setfsuid(2)). */
#define CAP_FS_MASK ((1ULL << CAP_CHOWN) | (1ULL << CAP_DAC_OVERRIDE) | \
		     (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_FOWNER) | \
		     (1ULL << CAP_FSETID) | (1ULL << CAP_LINUX_IMMUTABLE) | \
		     (1ULL << CAP_MKNOD) | (1ULL << CAP_MAC_OVERRIDE))

/* Securebits (prctl PR_SET_SECUREBITS): each bit and its lock above it. */
#define SECURE_NOROOT 0
#define SECURE_NO_SETUID_FIXUP 2
#define SECURE_KEEP_CAPS 4
#define SECURE_NO_CAP_AMBIENT_RAISE 6
#define SECBIT_KEEP_CAPS (1U << SECURE_KEEP_CAPS)
#define SECBIT_KEEP_CAPS_LOCKED (1U << (SECURE_KEEP_CAPS + 1))
#define SECURE_ALL_BITS 0x55U
#define SECURE_ALL_LOCKS (SECURE_ALL_BITS << 1)

static inline bool cap_valid(u64 cap) { return cap <= CAP_LAST_CAP; }

static inline bool cap_raised(kernel_cap_t c, int cap)
{
	return c.val & (1ULL << cap);
}

static inline void cap_raise(kernel_cap_t *c, int cap) { c->val |= 1ULL << cap; }
static inline void cap_lower(kernel_cap_t *c, int cap) { c->val &= ~(1ULL << cap); }
static inline void cap_clear(kernel_cap_t *c) { c->val = 0; }

static inline kernel_cap_t cap_combine(kernel_cap_t a, kernel_cap_t b)
{
	return (kernel_cap_t){ a.val | b.val };
}

static inline kernel_cap_t cap_intersect(kernel_cap_t a, kernel_cap_t b)
{
	return (kernel_cap_t){ a.val & b.val };
}

/* Is every capability of @a in @b? */
static inline bool cap_issubset(kernel_cap_t a, kernel_cap_t b)
{
	return !(a.val & ~b.val);
}

#endif
