/*
 * procfs: /proc, the kernel's own state as text files, in Linux's formats
 * where Linux has the file (see DESIGN.md and `man 5 proc`). This header
 * is what its files share (Linux's fs/proc/internal.h); the rest of the
 * kernel uses kernel/fs/proc/proc_fs.h only.
 *
 *   /proc                 root.c         the root: the system-wide files,
 *                                        pid directories, self
 *                         inode.c        what the others share: inodes,
 *                                        pid lookup and listing
 *   /proc/<pid>/...       base.c         per-process and per-thread tables,
 *                                        fd/, task/, exe, cwd, mem, cmdline
 *                         array.c        status, stat, statm
 *                         task_mmu.c     maps, smaps, smaps_rollup,
 *                                        pagemap
 *                         stack.c        stack, uregs, stack_layout, syscall
 *   /proc/cpuinfo ...     cpuinfo.c      cpuinfo, interrupts, irqstacks
 *                         proc_misc.c    meminfo, stat, uptime, loadavg,
 *                                        buddyinfo, kallsyms, version, ...
 *   /proc/sys/kernel/     proc_sysctl.c  the tunables: pid_max, hostname, ...
 *   /proc/<pid>/ns/       namespaces.c   uts, net, ... : magic links to the
 *                                        task's namespaces (kernel/ns/)
 *   /proc/<pid>/mounts    proc_namespace.c  mounts, mountinfo (and the
 *                                        /proc/mounts symlink to it)
 *   /proc/<module's>      generic.c      files modules make (proc_create())
 *   /proc/lockdep ...     lockdep.c      the lock validator's classes and
 *                                        tables (DEBUG_KERNEL=1)
 *   /proc/failslab/ ...   fail_inject.c  fault injection's knobs, and
 *                                        /proc/<pid>/make-it-fail
 *
 * Nothing is cached: a lookup makes a fresh inode (see kernel/fs/vfs.h), and
 * an inode of a per-process file holds a reference on its task_struct
 * (get_task_struct) until the last dentry and open file on it are gone.
 * Text files are rendered once, at open (seq_file_fops), so a process
 * that exits while its file is open changes nothing for the reader.
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include "kernel/cgroup/cgroup.h"	/* /proc/cgroups, /proc/<pid>/cgroup */
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/pid.h"
#include "kernel/task.h"
#include "kernel/fs/vfs.h"

/* One name in a /proc directory: a file, a directory or a symlink. */
struct proc_entry {
	const char *name;
	umode_t mode;				/* S_IF* | permissions */
	/* Text files: render the contents (seq_buf, at open). */
	int (*show)(struct seq_buf *m, void *pi);
	/* Writable one-value text files: take a new value, as i_store. */
	int (*store)(void *pi, const char *buf, size_t len);
	/* The variable a /proc/sys file shows and sets, for the generic
	 * show and store (Linux's ctl_table.data). */
	void *data;
	/* Files with their own operations (mem, sysrq-trigger). */
	const struct file_operations *fops;
	/* Directories. */
	const struct inode_operations *iops;
	/* Symlinks: write the target of @inode (PROC_I(inode) says whose)
	 * into @buf; its length or -errno. May adjust inode->i_mode. */
	long (*link)(struct inode *inode, char *buf, size_t size);
	/* Magic symlinks: what the link stands for (i_op->get_magic). */
	struct dentry *(*magic)(struct inode *inode);
};

/* What one inode of /proc stands for: its inode->i_private. */
struct proc_inode {
	struct task_struct *task;	/* referenced, or NULL (global files) */
	const struct proc_entry *entry;
	bool thread;			/* under task/<tid>/: one thread only */
	int fd;				/* fd/<fd> */
	char *link;			/* a symlink's target (kmalloc'ed) */
};

static inline struct proc_inode *PROC_I(const struct inode *inode)
{
	return inode->i_private;
}

/* ---- helpers shared by the procfs files (inode.c) ---- */

/* The super block of /proc, its inodes' evict_inode set (proc_root_init,
 * once); NULL when out of memory. */
struct super_block *proc_alloc_super(void);

/*
 * A new inode for @e, with a copy of @tmpl (task, thread, fd) as its
 * proc_inode (the task, if any, gets a reference of its own) and inode
 * number @ino. Symlinks get their target now. Referenced, or ERR_PTR.
 */
struct inode *proc_make_inode(const struct proc_entry *e,
			      const struct proc_inode *tmpl, u64 ino);
/* The entry of @table called @name, or NULL. */
const struct proc_entry *proc_find_entry(const struct proc_entry *table,
					 size_t n, const char *name,
					 size_t len);
/*
 * A directory whose names are a fixed table of @n entries, entry i with
 * inode number @ino0 + i: lookup makes the inode of @name with @tmpl as
 * proc_make_inode() does (ERR_PTR(-ENOENT): no such name); readdir emits
 * entry i at position 2 + i and says whether the reader took them all.
 */
struct inode *proc_lookup_table(const struct proc_entry *table, size_t n,
				const char *name, size_t len,
				const struct proc_inode *tmpl, u64 ino0);
bool proc_readdir_table(struct dir_context *ctx,
			const struct proc_entry *table, size_t n, u64 ino0);
/* A decimal pid or fd name ("0" but no other leading zeros); or -1. */
int proc_name_to_int(const char *name, size_t len);
/* The live task with thread id @pid, referenced (put_task_struct), or NULL. */
struct task_struct *proc_get_task(pid_t pid);
/* Still in the pid hash, not yet released? tasklist_lock held. */
bool proc_task_hashed(const struct task_struct *p);
/* The same, taking tasklist_lock. */
bool proc_task_alive(struct task_struct *p);
/* A pid directory to list: its name and its task's struct pid ino. */
struct proc_pid_slot {
	pid_t nr;
	u64 ino;
};
/*
 * Up to @max ids >= @from in ascending order: the tgids of all processes
 * (@group NULL) or the tids of @group's threads. The number found.
 */
int proc_collect_pids(struct task_struct *group, pid_t from,
		      struct proc_pid_slot *out, int max);
/*
 * readdir of pid directories: id N sits at position @first_pos + N, so a
 * listing resumes correctly while processes come and go. Emits the ids
 * from ctx->pos on, as directories with inode numbers of kind
 * PROC_INO_DIR, index @ino_idx. 0 (stops when the reader is full).
 */
int proc_readdir_pids(struct task_struct *group, struct dir_context *ctx,
		      u64 first_pos, unsigned int ino_idx);

/* @p's open files, referenced (put_files()), or NULL once it is exiting. */
struct files_struct *proc_get_files(struct task_struct *p);
/* @p's root and cwd, referenced (put_fs()), or NULL once it is exiting. */
struct fs_struct *proc_get_fs(struct task_struct *p);
/* The directory /proc/<pid> (@thread false) or .../task/<tid> of @p,
 * referenced, or ERR_PTR (base.c). */
struct inode *proc_pid_dir_inode(struct task_struct *p, bool thread);

/* Inode numbers: stable, so that ls -i and find see one file once, and
 * never a dead task's again (a task's files are numbered by its struct
 * pid's ino, not its pid, which is reused). The files of no process have
 * numbers below any task's (proc_ino()): the root's entries, then a
 * block of 0x100 for each directory below. */
#define PROC_ROOT_INO 1
#define PROC_SYS_INO_BASE (PROC_ROOT_INO + 0x800)	/* proc_sysctl.c */
#define PROC_FAIL_INO_BASE (PROC_ROOT_INO + 0x900)	/* fail_inject.c */
#define PROC_NET_INO_BASE (PROC_ROOT_INO + 0xa00)	/* proc_net.c */
#define PROC_SYSVIPC_INO_BASE (PROC_ROOT_INO + 0xb00)	/* sysvipc.c */
#define PROC_SLAB_INO_BASE (PROC_ROOT_INO + 0xc00)	/* slab.c */
#define PROC_DEVCONF_INO_BASE (PROC_ROOT_INO + 0xd00)	/* proc_sysctl_net.c */
static inline u64 proc_ino(u64 pid_ino, unsigned int kind, unsigned int idx)
{
	return (pid_ino << 16) | ((u64)kind << 12) | idx;
}
/* The same for a file of task @t (its thread's struct pid). */
#define proc_task_ino(t, kind, idx) proc_ino((t)->thread_pid->ino, kind, idx)
enum { PROC_INO_TGID, PROC_INO_TID, PROC_INO_FD, PROC_INO_DIR, PROC_INO_NS,
       PROC_INO_FDINFO };

/* ---- fd/ (base.c) and fdinfo/: the helpers of fd.c ---- */

/* readdir of fd/ or fdinfo/ of PROC_I(@dir)->task: one name per open
 * descriptor, inode numbers of @kind, d_type @type. 0. */
int proc_readdir_fds(struct inode *dir, struct dir_context *ctx,
		     unsigned int kind, unsigned char type);
/* fdinfo/ (fd.c). */
extern const struct inode_operations proc_fdinfo_iops;
/* /proc/sys/net/ipv4/conf (proc_sysctl_net.c). */
extern const struct inode_operations ipv4_conf_dir_iops;

/* ---- what the task files show ---- */

/* Identity of a task, read under tasklist_lock (array.c). */
struct proc_task_ids {
	bool alive;			/* not released yet */
	pid_t pid, tgid, ppid, pgrp, session, tpgid;
	pid_t tracer;			/* TracerPid: the tracer's, or 0 */
	int tty_nr;			/* Linux's encoding: 0x501 console */
	int nr_threads;
};
/* Fill @ids for @p in one tasklist_lock hold (takes it); the parent and
 * thread count only while @p is alive, the rest always. */
void proc_task_ids(struct task_struct *p, struct proc_task_ids *ids);

/*
 * The show() functions render a whole file into @m at open (seq_buf_render(),
 * which calls again with a larger buffer while m->overflow is set); each
 * returns 0 or -errno. The per-task ones take a struct proc_inode * as @pi,
 * whose reference keeps its task_struct, not the task: it may have exited
 * since the lookup (-ESRCH, or what is left of it). Process context; they
 * may sleep.
 */
/* status: Linux's lines, then the Taskbase fields (array.c). */
int proc_status_show(struct seq_buf *m, void *pi);
/* stat: one line of Linux's fields; a process adds up its threads. */
int proc_stat_show(struct seq_buf *m, void *pi);
/* statm: size resident shared text lib data dt, in pages. */
int proc_statm_show(struct seq_buf *m, void *pi);
/* maps: one line per VMA, thread stacks named [stack:<tid>]. */
int proc_maps_show(struct seq_buf *m, void *pi);
/* smaps: each maps line followed by its memory counts (Linux 6.1's
 * fields); smaps_rollup: the counts of all VMAs added up. */
int proc_smaps_show(struct seq_buf *m, void *pi);
int proc_smaps_rollup_show(struct seq_buf *m, void *pi);
/* pagemap: a 64-bit entry per page, present / file / exclusive bits and
 * (for CAP_SYS_ADMIN) the page frame number. */
extern const struct file_operations proc_pagemap_fops;
/* stack: the kernel stack's frames, "[<0>] function+0xoff/0xsize". */
int proc_stack_show(struct seq_buf *m, void *pi);
/* uregs: the saved user registers, "name 0x<value>" per line. */
int proc_uregs_show(struct seq_buf *m, void *pi);
/* stack_layout: the kernel stack block drawn, with this task's values. */
int proc_stack_layout_show(struct seq_buf *m, void *pi);
/* syscall: the system call it is blocked in, its arguments, sp and pc. */
int proc_syscall_show(struct seq_buf *m, void *pi);

/* ---- the system-wide files (cpuinfo.c, proc_misc.c); @pi unused ---- */

/* cpuinfo: one block per online CPU, Linux's x86 format. */
int proc_cpuinfo_show(struct seq_buf *m, void *pi);
/* interrupts: counts per IRQ and named vector, a column per CPU. */
int proc_interrupts_show(struct seq_buf *m, void *pi);
/* irqstacks: each CPU's interrupt and exception stacks, and depth. */
int proc_irqstacks_show(struct seq_buf *m, void *pi);
/* meminfo: "Name:  %8lu kB" lines, Linux's names; 0 where none kept. */
int proc_meminfo_show(struct seq_buf *m, void *pi);
/* /proc/stat: cpu times, intr, ctxt, btime, processes, procs_*. */
int proc_sys_stat_show(struct seq_buf *m, void *pi);
/* uptime: seconds since boot, and idle seconds of all CPUs. */
int proc_uptime_show(struct seq_buf *m, void *pi);
/* loadavg: zero averages, running/threads, the last pid given out. */
int proc_loadavg_show(struct seq_buf *m, void *pi);
/* buddyinfo: free blocks per order of the buddy allocator. */
int proc_buddyinfo_show(struct seq_buf *m, void *pi);
/* /proc/slabinfo: the kmalloc caches (kernel/mm/slab.c), Linux's format. */
int proc_slabinfo_show(struct seq_buf *m, void *pi);
/* kallsyms: "address type name" per kernel and module function. */
int proc_kallsyms_show(struct seq_buf *m, void *pi);
/* cmdline: the kernel command line the boot loader passed. */
int proc_cmdline_show(struct seq_buf *m, void *pi);
/* /proc/filesystems: "nodev\tNAME" per type mount(2) knows
 * (kernel/fs/statfs.c). */
int proc_filesystems_show(struct seq_buf *m, void *unused);
/* config.gz: the gzipped .config of this build, bytes as built
 * (config.c). */
int proc_config_gz_show(struct seq_buf *m, void *pi);
/* version: one line like Linux's: sysname, release, compiler. */
int proc_version_show(struct seq_buf *m, void *pi);
/* modules: one line per loaded module, Linux's format. */
int proc_modules_show(struct seq_buf *m, void *pi);
extern const struct file_operations proc_sysrq_trigger_fops;

/* /proc/<pid>/mounts and mountinfo (proc_namespace.c): every mount, in
 * Linux's formats; @pi unused (one table for all processes). */
int proc_mounts_show(struct seq_buf *m, void *pi);
int proc_mountinfo_show(struct seq_buf *m, void *pi);
/* Their files: the text above, and poll() for a change of the mounts. */
extern const struct file_operations proc_mounts_fops, proc_mountinfo_fops;

/* Modules' entries in /proc's root (generic.c): the inode of the one
 * called @name, referenced, or NULL; and readdir of them, at positions
 * from @first_pos on. */
struct inode *proc_pde_lookup(const char *name, size_t len);
int proc_pde_readdir(struct dir_context *ctx, u64 first_pos);

/* /proc/sys: the directory's operations (proc_sysctl.c). */
extern const struct inode_operations proc_sys_dir_iops;
/* /proc/net: the directory's operations (proc_net.c). */
extern const struct inode_operations proc_net_dir_iops;
/* /proc/<pid>/ns/ (namespaces.c). */
extern const struct inode_operations proc_ns_dir_iops;
/* /proc/<pid>/timens_offsets: the offsets of the time namespace the
 * task's children will be in; writable until one is. */
int proc_timens_offsets_show(struct seq_buf *m, void *pi);
int proc_timens_offsets_store(void *pi, const char *buf, size_t len);
/* /proc/<pid>/cgroup: "0::/path" (namespaces.c, kernel/cgroup/). */
int proc_cgroup_show(struct seq_buf *m, void *pi);
/* /proc/<pid>/uid_map, gid_map and setgroups (kernel/ns/user_namespace.c). */
int proc_uid_map_show(struct seq_buf *m, void *pi);
int proc_gid_map_show(struct seq_buf *m, void *pi);
int proc_uid_map_store(void *pi, const char *buf, size_t len);
int proc_gid_map_store(void *pi, const char *buf, size_t len);
int proc_setgroups_show_pi(struct seq_buf *m, void *pi);
int proc_setgroups_store(void *pi, const char *buf, size_t len);
/* /proc/sysvipc (sysvipc.c). */
extern const struct inode_operations proc_sysvipc_dir_iops;
/* /proc/failslab/, /proc/fail_page_alloc/ (fail_inject.c, DEBUG_KERNEL=1). */
extern const struct inode_operations proc_fail_dir_iops;
/* /proc/<pid>/make-it-fail: 0 or 1, the task's own switch. */
int proc_make_it_fail_show(struct seq_buf *m, void *pi);
int proc_make_it_fail_store(void *pi, const char *buf, size_t len);
/* /proc/<pid>/task/<tid>/fail-nth (a thread's only): N makes the
 * thread's N-th allocation from now fail, whatever failslab and
 * fail_page_alloc say; reads the count left (0: it failed). */
extern const struct file_operations proc_fail_nth_fops;
/* /proc/lockdep: every lock class and its dependencies
 * (lockdep.c, DEBUG_KERNEL=1). */
int proc_lockdep_show(struct seq_buf *m, void *pi);
/* /proc/lockdep_stats: lockdep's tables against their limits. */
int proc_lockdep_stats_show(struct seq_buf *m, void *pi);
/* /proc/kmemleak: the suspected leaks; "scan" or "clear" (kmemleak.c,
 * DEBUG_KERNEL=1). */
int proc_kmemleak_show(struct seq_buf *m, void *pi);
int proc_kmemleak_store(void *pi, const char *buf, size_t len);
/* /proc/slab/<cache>/alloc_traces: a cache's live objects by allocating
 * stack (slab.c, DEBUG_KERNEL=1). */
extern const struct inode_operations proc_slab_dir_iops;

#endif
