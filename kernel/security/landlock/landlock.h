/*
 * Landlock (Linux 6.1's security/landlock/, ABI version 2): a process
 * sandboxes itself, without privilege, by naming the file hierarchies
 * it may still use.
 *
 *   fd = landlock_create_ruleset(&{handled_access_fs}, size, 0)
 *        a ruleset: which access rights it restricts ("handles");
 *   landlock_add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &{rights, dirfd}, 0)
 *        a rule: these rights stay allowed beneath that directory;
 *   prctl(PR_SET_NO_NEW_PRIVS, 1); landlock_restrict_self(fd, 0)
 *        the ruleset becomes a new layer of the task's domain.
 *
 * A domain is a stack of frozen layers (at most 16) hanging off the
 * task's struct cred, so fork and exec inherit it and nothing removes
 * it. An access a layer handles is allowed only when that layer has a
 * rule granting it on the file or on one of its ancestors (fs.c walks
 * d_parent up to the root); every layer must agree. Unhandled rights
 * stay allowed, except LANDLOCK_ACCESS_FS_REFER (moving a file to
 * another directory), which every layer handles.
 *
 * Files: ruleset.c (the objects), syscalls.c (the three calls), fs.c
 * (the checks the VFS asks for through kernel/security/security.h).
 */
#ifndef KERNEL_SECURITY_LANDLOCK_H
#define KERNEL_SECURITY_LANDLOCK_H

#include "kernel/locking/mutex.h"
#include "lib/refcount.h"
#include "kernel/uaccess.h"
#include "lib/types.h"

/* ---- the user ABI (Linux's include/uapi/linux/landlock.h) ---- */

#define LANDLOCK_ABI_VERSION 2
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH 1

#define LANDLOCK_ACCESS_FS_EXECUTE (1ULL << 0)
#define LANDLOCK_ACCESS_FS_WRITE_FILE (1ULL << 1)
#define LANDLOCK_ACCESS_FS_READ_FILE (1ULL << 2)
#define LANDLOCK_ACCESS_FS_READ_DIR (1ULL << 3)
#define LANDLOCK_ACCESS_FS_REMOVE_DIR (1ULL << 4)
#define LANDLOCK_ACCESS_FS_REMOVE_FILE (1ULL << 5)
#define LANDLOCK_ACCESS_FS_MAKE_CHAR (1ULL << 6)
#define LANDLOCK_ACCESS_FS_MAKE_DIR (1ULL << 7)
#define LANDLOCK_ACCESS_FS_MAKE_REG (1ULL << 8)
#define LANDLOCK_ACCESS_FS_MAKE_SOCK (1ULL << 9)
#define LANDLOCK_ACCESS_FS_MAKE_FIFO (1ULL << 10)
#define LANDLOCK_ACCESS_FS_MAKE_BLOCK (1ULL << 11)
#define LANDLOCK_ACCESS_FS_MAKE_SYM (1ULL << 12)
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)	/* ABI 2 */

/* Every right of ABI 2; the ones that mean something on a file (not a
 * directory: a rule on a file may grant only these). */
#define LANDLOCK_MASK_ACCESS_FS ((LANDLOCK_ACCESS_FS_REFER << 1) - 1)
#define LANDLOCK_ACCESS_FILE (LANDLOCK_ACCESS_FS_EXECUTE | \
			      LANDLOCK_ACCESS_FS_WRITE_FILE | \
			      LANDLOCK_ACCESS_FS_READ_FILE)
/* Handled by every layer whether it asks or not (Linux's
 * ACCESS_INITIALLY_DENIED): reparenting is refused by default. */
#define LANDLOCK_ACCESS_INITIALLY_DENIED LANDLOCK_ACCESS_FS_REFER

#define LANDLOCK_MAX_NUM_LAYERS 16

struct landlock_ruleset_attr {
	u64 handled_access_fs;
};

struct landlock_path_beneath_attr {
	u64 allowed_access;
	s32 parent_fd;
} __attribute__((packed));

/* ---- the kernel objects (ruleset.c) ---- */

typedef u16 access_mask_t;

/* What a rule allows beneath one inode (a directory or a file). */
struct landlock_rule {
	struct landlock_rule *next;
	struct inode *object;		/* referenced: igrab() */
	access_mask_t access;
};

/*
 * A ruleset, and also one layer of a domain: a ruleset from
 * landlock_create_ruleset(2) has num_layers 0 and grows by add_rule
 * under @lock; landlock_restrict_self(2) freezes a copy of it as the
 * new top layer (num_layers = parent's + 1) on top of @parent, the
 * domain the task had. A layer is never written again.
 */
struct landlock_ruleset {
	refcount_t usage;
	struct mutex lock;		/* @rules of a ruleset being filled */
	struct landlock_ruleset *parent;	/* a layer: the one below */
	u32 num_layers;			/* 0: not (yet) a domain */
	access_mask_t handled;		/* LANDLOCK_ACCESS_FS_* it restricts */
	struct landlock_rule *rules;
};

/* A new, empty ruleset handling @handled (not 0), usage 1; ERR_PTR. */
struct landlock_ruleset *landlock_create_ruleset(access_mask_t handled);
/* Take a reference to @ruleset (not NULL). */
void landlock_get_ruleset(struct landlock_ruleset *ruleset);
/* Drop a reference; the last frees the rules and drops the layer below. */
void landlock_put_ruleset(struct landlock_ruleset *ruleset);
/* Let @ruleset (not a domain) allow @access beneath @inode, merged with
 * a rule already there: 0 or -ENOMEM. Takes @ruleset->lock. */
int landlock_insert_rule(struct landlock_ruleset *ruleset,
			 struct inode *inode, access_mask_t access);
/* A new domain: a frozen copy of @ruleset stacked on @parent (NULL: the
 * first layer); ERR_PTR(-E2BIG) past LANDLOCK_MAX_NUM_LAYERS. */
struct landlock_ruleset *landlock_merge_ruleset(struct landlock_ruleset *parent,
						struct landlock_ruleset *ruleset);
/* The rule of layer @layer on @inode, or NULL. */
const struct landlock_rule *landlock_find_rule(const struct landlock_ruleset *layer,
					       const struct inode *inode);

/* ---- the system calls (syscalls.c) ---- */

long sys_landlock_create_ruleset(const struct landlock_ruleset_attr __user *attr,
				 u64 size, u32 flags);
long sys_landlock_add_rule(int ruleset_fd, int rule_type,
			   const void __user *rule_attr, u32 flags);
long sys_landlock_restrict_self(int ruleset_fd, u32 flags);

/* ---- the hooks (fs.c, cred handling in ruleset.c) ---- */

struct cred;
struct dentry;
struct file;

/* current's domain: the top layer, or NULL when not sandboxed. */
struct landlock_ruleset *landlock_get_current_domain(void);
/* A new cred shares its domain: one more reference. */
void landlock_cred_prepare(struct cred *new, const struct cred *old);
/* A cred is freed: drop its domain. */
void landlock_cred_free(struct cred *cred);

int landlock_file_open(struct file *file);
int landlock_file_open_exec(struct dentry *d);
int landlock_path_mknod(struct dentry *dir, unsigned int mode);
int landlock_path_remove(struct dentry *dir, struct dentry *victim);
int landlock_path_link(struct dentry *old, struct dentry *new_dir);
int landlock_path_rename(struct dentry *old_dir, struct dentry *old,
			 struct dentry *new_dir, struct dentry *new,
			 bool exchange);

#endif
