/*
 * user/lib/procfs.h: reading /proc the way procps does, for ps, pgrep,
 * pidof, gstack, kstack and strace.
 *
 * Interface: procfs_read() slurps a (small) /proc file into a buffer;
 * procfs_list() gives the numeric entries of /proc or /proc/<pid>/task;
 * procfs_stat() parses a /proc/<pid>/stat line (Linux's field order, see
 * proc(5)); procfs_tty_name() turns its tty_nr into "console" or "ttyS0";
 * procfs_status_field() finds one "Name:\tvalue" line of a status file.
 */
#ifndef USER_LIB_PROCFS_H
#define USER_LIB_PROCFS_H

#include <stddef.h>

/* Linux's USER_HZ: the unit of the times in /proc/<pid>/stat. */
#define PROCFS_HZ 100
/* PF_KTHREAD in the stat flags field: a kernel thread. */
#define PROCFS_PF_KTHREAD 0x00200000u

/* The fields of /proc/<pid>/stat that the tools use (proc(5) numbering). */
struct procfs_stat {
	int pid;			/* (1) */
	char comm[64];			/* (2), without the parentheses */
	char state;			/* (3) R S D T t Z X I */
	int ppid, pgrp, session;	/* (4) (5) (6) */
	int tty_nr, tpgid;		/* (7) (8) */
	unsigned int flags;		/* (9) PF_* */
	unsigned long minflt, majflt;	/* (10) (12) */
	unsigned long utime, stime;	/* (14) (15) clock ticks */
	long priority, nice;		/* (18) (19) */
	long num_threads;		/* (20) */
	unsigned long long starttime;	/* (22) ticks after boot */
	unsigned long vsize;		/* (23) bytes */
	long rss;			/* (24) pages */
	unsigned long startstack;	/* (28) */
	int processor;			/* (39) CPU last run on */
};

/*
 * Read the file at path into buf (at most size - 1 bytes) and NUL-terminate
 * it. Returns the length, or -1 with errno set.
 */
long procfs_read(const char *path, char *buf, size_t size);

/*
 * Write text to the existing file at path in one write(2), as
 * `echo -n text > path` (/proc/sys and /proc/<pid> settings). Returns 0,
 * or -1 with errno set (the open's or the write's; a short write EIO).
 */
int procfs_write(const char *path, const char *text);

/*
 * Objects in use of kmalloc cache @cache ("kmalloc-64"), or of all caches
 * (@cache NULL): /proc/slabinfo's active_objs column (root only).
 * Returns the count, or -1.
 */
long procfs_slab_objects(const char *cache);

/*
 * Does a line of /proc/net/@name (of the reader's network namespace)
 * contain @text? 1 or 0 (0 too when the file cannot be read).
 */
int procfs_net_has(const char *name, const char *text);

/*
 * The numeric entries of directory dir ("/proc", "/proc/1/task"), sorted
 * ascending, in a malloc'd array *out. Returns the count, or -1 (errno).
 */
int procfs_list(const char *dir, int **out);

/* Parse the stat file at path. Returns 0, or -1 (errno set). */
int procfs_stat(const char *path, struct procfs_stat *st);

/* "console", "tty1", "ttyS0", "pts/0", or "?" for no terminal. */
void procfs_tty_name(int tty_nr, char *buf, size_t size);

/*
 * Copy the value of field name ("Uid", "UStack") of the status-style file
 * at path into buf (leading blanks skipped, no newline). Returns 0, or -1.
 */
int procfs_status_field(const char *path, const char *name, char *buf,
			size_t size);

/* Seconds since boot, from /proc/uptime; -1 if unreadable. */
double procfs_uptime(void);

/* 1 if /proc/<pid> exists, else 0. */
int procfs_pid_exists(long pid);

/* /proc/<pid>/cmdline with its NULs (and newlines) turned into spaces,
 * into @buf[size]: "" for kernel threads and vanished pids. */
void procfs_cmdline(int pid, char *buf, size_t size);

#endif
