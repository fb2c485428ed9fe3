/*
 * The key retention service as the rest of the kernel sees it (Linux's
 * include/linux/key.h): a struct cred holds its task's thread, process
 * and session keyrings (kernel/cred.h), and these hooks keep their
 * references right as credentials are copied, dropped, forked and
 * exec'd. /proc/keys, /proc/key-users and /proc/sys/kernel/keys/ read
 * the service through the functions below. The service itself is
 * kernel/keys/ (docs/keys.md).
 */
#ifndef KERNEL_KEYS_KEYS_H
#define KERNEL_KEYS_KEYS_H

#include "lib/types.h"

struct key;
struct cred;
struct seq_buf;

/* request_key()'s default destination (KEYCTL_SET_REQKEY_KEYRING). */
#define KEY_REQKEY_DEFL_NO_CHANGE	-1
#define KEY_REQKEY_DEFL_DEFAULT		0
#define KEY_REQKEY_DEFL_THREAD_KEYRING	1
#define KEY_REQKEY_DEFL_PROCESS_KEYRING	2
#define KEY_REQKEY_DEFL_SESSION_KEYRING	3
#define KEY_REQKEY_DEFL_USER_KEYRING	4
#define KEY_REQKEY_DEFL_USER_SESSION_KEYRING 5
#define KEY_REQKEY_DEFL_GROUP_KEYRING	6
#define KEY_REQKEY_DEFL_REQUESTOR_KEYRING 7

/* The quotas of /proc/sys/kernel/keys/ (Linux's defaults). */
extern unsigned int key_quota_maxkeys, key_quota_maxbytes;
extern unsigned int key_quota_root_maxkeys, key_quota_root_maxbytes;
extern unsigned int key_gc_delay, persistent_keyring_expiry;

/* Take a reference to @key (one the caller holds already); returns it.
 * NULL passes through. */
struct key *key_get(struct key *key);
/* Drop a reference to @key (NULL allowed). Any context: the last one
 * queues the key for the collector, which frees it in process context. */
void key_put(struct key *key);

/* KEYCTL_SESSION_TO_PARENT's second half, run by the parent on its way
 * to user mode (exit_to_user_mode()): a pending
 * current->replacement_session_keyring becomes its cred. */
void key_change_session_keyring(void);
/* A copied cred @new takes references to the keyrings it names. */
void key_cred_copied(struct cred *new);
/* A cred being freed drops its keyrings. */
void key_cred_release(struct cred *c);
/* fork/clone: @new (a copy of the parent's cred for the child) loses the
 * thread keyring, and the process keyring unless the child is a thread
 * (@thread). execve calls it with @thread false: the new program has
 * neither keyring of the old one, as Linux's prepare_exec_creds(). */
void key_cred_fork(struct cred *new, bool thread);
/* Does @c hold a keyring fork must not pass on as it is (see above)? */
bool key_cred_fork_differs(const struct cred *c, bool thread);

/* /proc/keys: the keys current may view, Linux's format. */
int proc_keys_show(struct seq_buf *m, void *unused);
/* /proc/key-users: every user's key counts and quotas. */
int proc_key_users_show(struct seq_buf *m, void *unused);

#endif
