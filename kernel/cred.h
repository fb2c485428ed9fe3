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
 * Privilege is Linux's capabilities (kernel/capability.h): capable()
 * tests the effective set; root gets every capability from the exec
 * rule and the set*uid fixups of kernel/capability.c, as on Linux.
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "kernel/capability.h"
#include "lib/refcount.h"
#include "lib/types.h"

/* An ID as the kernel holds it: the initial user namespace's number
 * (make_kuid() and from_kuid() translate: kernel/ns/user_namespace.h). */
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

struct key;
struct landlock_ruleset;

struct cred {
	refcount_t usage;
	kuid_t uid, euid, suid, fsuid;	/* real, effective, saved, fs */
	kgid_t gid, egid, sgid, fsgid;
	/* The user namespace the capabilities below count in, and whose
	 * maps the ids are read and written through; referenced. */
	struct user_namespace *user_ns;
	unsigned int securebits;	/* SECBIT_* (prctl PR_SET_SECUREBITS) */
	kernel_cap_t cap_inheritable;	/* what an exec may pass on */
	kernel_cap_t cap_permitted;	/* what cap_effective may hold */
	kernel_cap_t cap_effective;	/* what capable() tests */
	kernel_cap_t cap_bset;		/* the most an exec may grant */
	kernel_cap_t cap_ambient;	/* kept across an ordinary exec */
	struct group_info *group_info;
	/* The key retention service's keyrings (kernel/keys/): each a
	 * reference, NULL until first used (process_keys.c). */
	struct key *thread_keyring;	/* this thread's, dropped at exec */
	struct key *process_keyring;	/* the process's, not kept by fork */
	struct key *session_keyring;	/* inherited by fork and exec */
	unsigned char jit_keyring;	/* request_key()'s default: KEY_REQKEY_DEFL_* */
	/* The Landlock domain (kernel/security/landlock/): its top layer,
	 * referenced, NULL when the task is not sandboxed. Copied by
	 * prepare_creds(), so fork and exec keep it. */
	struct landlock_ruleset *landlock_domain;
};


/* Root's credentials: init_task's, and every task's until it changes. */
extern struct cred init_cred;
struct task_struct;

/* Take a reference to @cred (not NULL); returns it. */
const struct cred *get_cred(const struct cred *cred);
/* Drop a reference to @cred; the last one frees it and its groups. */
void put_cred(const struct cred *cred);
/* An empty cred (usage 1, no groups, no namespace, every id 0) for
 * the caller to fill field by field, or NULL; put_cred() frees one
 * still partly empty. */
struct cred *cred_alloc_blank(void);
/* Make @new (allocated, holding no references: a blank one's contents
 * are overwritten) a copy of @old with one reference and its own
 * references to all @old names: prepare_creds() into a cred allocated
 * ahead, where failing is no longer an option. */
void cred_copy_into(struct cred *new, const struct cred *old);
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
/* fork and clone after copy_creds(): the child @p does not keep the
 * parent's thread keyring, nor its process keyring unless @thread
 * (Linux's copy_creds()); 0 or -ENOMEM. */
int copy_creds_keyrings(struct task_struct *p, bool thread);
/* A dying task's cred references, dropped (free_task()). */
void exit_creds(struct task_struct *p);

/* Does current have capability @cap over the whole machine: in its
 * effective set and in the initial user namespace (ns_capable())? */
bool capable(int cap);
/* Linux's perfmon_capable(): may current see kernel addresses and
 * profile everything (CAP_PERFMON, or CAP_SYS_ADMIN as before it)? */
static inline bool perfmon_capable(void)
{
	return capable(CAP_PERFMON) || capable(CAP_SYS_ADMIN);
}
/* Linux's bpf_capable(): may current load eBPF programs and make maps
 * whatever unprivileged_bpf_disabled says (CAP_BPF, or CAP_SYS_ADMIN)? */
static inline bool bpf_capable(void)
{
	return capable(CAP_BPF) || capable(CAP_SYS_ADMIN);
}
/* Does @t's cred hold @cap in the initial namespace (a tracer's check)? */
bool has_capability(struct task_struct *t, int cap);
/* Linux's cap_task_fix_setuid(): the capabilities @new keeps after a
 * set*uid(2) from @old (@fs: setfsuid(2), which moves only the fs set). */
void cap_fix_setuid(struct cred *new, const struct cred *old, bool fs);
/* faccessat(2) with the real ids: @c (a private copy) gets the
 * capabilities its real uid would have (none unless root). */
void cap_fix_access(struct cred *c);
/* execve's capabilities and ids (Linux's cap_bprm_creds_from_file()):
 * @new holds the program's set-ID ids; fills in its sets and saved and
 * fs ids from @old, keeping @old's under a tracer without
 * CAP_SYS_PTRACE or @nnp (no_new_privs). Sets *@secure (AT_SECURE) when
 * the program gains privilege. */
void cap_bprm_creds(struct cred *new, const struct cred *old, bool nnp,
		    bool *secure);
/* prctl(2)'s capability and no_new_privs options; -EINVAL for others. */
long cap_task_prctl(int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5);
/* May current signal @t by the ids alone (kill(2)'s rule)? */
bool kill_ok_by_cred(struct task_struct *t);
/* setpriority(), sched_setscheduler()/setparam(), sched_setaffinity()
 * on @t: current's euid is @t's real or effective uid, or root
 * (CAP_SYS_NICE)? */
bool check_same_owner(struct task_struct *t);
/* prlimit() on @t: current's real uid and gid are all of @t's, or
 * current has CAP_SYS_RESOURCE? */
bool may_prlimit(struct task_struct *t);
/* Is @t's process dumpable: has it kept the ids it was exec'd with? */
bool task_dumpable(struct task_struct *t);
/* /proc/<pid>/mem, environ, stack of @t (Linux's ptrace_may_access()
 * with fs ids): all of @t's ids are current's fs ids, @t is dumpable and
 * permitted nothing beyond current's effective set, or current has
 * CAP_SYS_PTRACE? */
bool ptrace_may_access(struct task_struct *t);
/* PTRACE_ATTACH and PTRACE_SEIZE of @t: the same with current's real
 * ids and permitted set (Linux's PTRACE_MODE_REALCREDS)? */
bool ptrace_may_attach(struct task_struct *t);
/* PTRACE_TRACEME to @parent (Linux's cap_ptrace_traceme()): a task may
 * be traced only by a parent permitted all its capabilities, or with
 * CAP_SYS_PTRACE. */
bool cap_ptrace_traceme(struct task_struct *parent);
/* Linux's ptracer_capable(): is current untraced, or traced by a task
 * with CAP_SYS_PTRACE, so that a set-ID exec may raise its ids? */
bool ptracer_capable(void);
/* Is @gid current's fsgid or one of its supplementary groups? */
bool in_group_p(kgid_t gid);
/* The same for the effective gid (faccessat(AT_EACCESS) and exec). */
bool in_egroup_p(kgid_t gid);
/* Is @gid in @gi (sorted)? */
bool groups_search(const struct group_info *gi, kgid_t gid);
/* Drop a reference to @gi; the last frees it. */
void put_group_info(struct group_info *gi);

#endif
