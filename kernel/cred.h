/*
 * Credentials: the user and group IDs a task acts with, Linux's struct
 * cred. A task holds two pointers: task->real_cred (what others see when
 * they act on it: kill, /proc) and task->cred (what it acts with); both
 * are the same set unless the kernel borrows other ids for a moment.
 * A cred is shared copy-on-write: fork and clone take a reference to the
 * parent's; to change one, prepare_creds() copies current's, the caller
 * edits the copy and commit_creds() installs it (or abort_creds() drops
 * it). A committed cred is never written again.
 *
 * Taskbase's root model: a task whose effective uid is 0 has every
 * capability Linux's root has (capable()), those over files (CAP_CHOWN,
 * CAP_DAC_OVERRIDE, CAP_FOWNER, ...) while its fsuid is 0, as Linux's
 * set*id rules drop and raise them.
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "lib/refcount.h"
#include "lib/types.h"

/* An ID as the kernel holds it (in a user namespace; Taskbase has one). */
typedef struct {
	u32 val;
} kuid_t;

typedef struct {
	u32 val;
} kgid_t;

#define KUIDT_INIT(value) ((kuid_t){ value })
#define KGIDT_INIT(value) ((kgid_t){ value })
#define GLOBAL_ROOT_UID KUIDT_INIT(0)
#define GLOBAL_ROOT_GID KGIDT_INIT(0)
#define INVALID_UID KUIDT_INIT(-1)
#define INVALID_GID KGIDT_INIT(-1)

static inline bool uid_eq(kuid_t a, kuid_t b) { return a.val == b.val; }
static inline bool gid_eq(kgid_t a, kgid_t b) { return a.val == b.val; }
static inline bool uid_valid(kuid_t uid) { return uid.val != (u32)-1; }
static inline bool gid_valid(kgid_t gid) { return gid.val != (u32)-1; }

#define NGROUPS_MAX 65536	/* setgroups(2)'s limit, as Linux's */

/* Supplementary groups, sorted (groups_search() bisects), shared. */
struct group_info {
	refcount_t usage;
	int ngroups;
	kgid_t gid[];
};

struct cred {
	refcount_t usage;
	kuid_t uid, euid, suid, fsuid;	/* real, effective, saved, fs */
	kgid_t gid, egid, sgid, fsgid;
	struct group_info *group_info;
};

/* Capabilities Taskbase checks (Linux's numbers); capable() answers. */
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_SYS_MODULE 16
#define CAP_SYS_ADMIN 21
#define CAP_SYS_PTRACE 19
#define CAP_SYS_NICE 23
#define CAP_SYS_TIME 25
#define CAP_SYS_RESOURCE 24
#define CAP_SYS_BOOT 22
#define CAP_MKNOD 27
#define CAP_SYSLOG 34

/* Root's credentials: init_task's, and every task's until it changes. */
extern struct cred init_cred;
struct task_struct;

/* Take a reference to @cred (not NULL); returns it. */
const struct cred *get_cred(const struct cred *cred);
/* Drop a reference to @cred; the last one frees it and its groups. */
void put_cred(const struct cred *cred);
/* A private, writable copy of current's cred (usage 1), or NULL. */
struct cred *prepare_creds(void);
/* Install @new as current's cred and real_cred, consuming the caller's
 * reference; the old ones are put. Always 0. */
int commit_creds(struct cred *new);
/* Drop @new from prepare_creds() unused. */
void abort_creds(struct cred *new);
/* Act with @new for a moment (a reference of its own), as faccessat()
 * does with the real ids; returns the cred to give revert_creds(). */
const struct cred *override_creds(const struct cred *new);
/* Back to @old from override_creds(). */
void revert_creds(const struct cred *old);
/* A reference to @task's real_cred, safe against the task committing
 * new ones meanwhile; put_cred() it. */
const struct cred *get_task_cred(struct task_struct *task);
/* A new task @p acts with @cred, shared (one reference per pointer):
 * fork and clone pass current's, kernel threads init_cred. */
void copy_creds(struct task_struct *p, const struct cred *cred);
/* A dying task's cred references, dropped (free_task()). */
void exit_creds(struct task_struct *p);

/* Does current have capability @cap (the root model above)? */
bool capable(int cap);
/* May current signal @t by the ids alone (kill(2)'s rule)? */
bool kill_ok_by_cred(struct task_struct *t);
/* setpriority(), sched_setscheduler()/setparam(), sched_setaffinity()
 * on @t: current's euid is @t's real or effective uid, or root
 * (CAP_SYS_NICE)? */
bool check_same_owner(struct task_struct *t);
/* prlimit() on @t: current's real uid and gid are all of @t's, or root? */
bool may_prlimit(struct task_struct *t);
/* Is @t's process dumpable: has it kept the ids it was exec'd with? */
bool task_dumpable(struct task_struct *t);
/* /proc/<pid>/mem, environ, stack of @t (Linux's ptrace_may_access()
 * with fs ids): all of @t's ids are current's fs ids and @t is
 * dumpable, or root? */
bool ptrace_may_access(struct task_struct *t);
/* PTRACE_ATTACH and PTRACE_SEIZE of @t: the same with current's real
 * ids (Linux's PTRACE_MODE_REALCREDS), or root? */
bool ptrace_may_attach(struct task_struct *t);
/* PTRACE_TRACEME to @parent (Linux's cap_ptrace_traceme()): a task
 * with root's capabilities may be traced only by a parent with them. */
bool cap_ptrace_traceme(struct task_struct *parent);
/* Linux's ptracer_capable(): is current untraced, or traced by root
 * (CAP_SYS_PTRACE), so that a set-ID exec may raise its ids? */
bool ptracer_capable(void);
/* Is @gid current's fsgid or one of its supplementary groups? */
bool in_group_p(kgid_t gid);
/* The same for the effective gid (faccessat(AT_EACCESS) and exec). */
bool in_egroup_p(kgid_t gid);
/* Is @gid in @gi (sorted)? */
bool groups_search(const struct group_info *gi, kgid_t gid);

#endif
