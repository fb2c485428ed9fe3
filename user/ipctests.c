/*
 * ipctests: System V IPC as Linux has it, checked from user space.
 * Shared memory (shmget, shmat, shmdt, shmctl): every flag and errno,
 * the ids, the attach counts across fork, exec and exit, SHM_RDONLY's
 * SIGSEGV, IPC_RMID's deferred destruction, /proc/<pid>/maps. Message
 * queues (msgget, msgsnd, msgrcv, msgctl): types, sizes, blocking and
 * its ends (room, a message, a signal, removal). Semaphores (semget,
 * semop, semtimedop, semctl): all-or-none operations, the sleepers'
 * counts and ends (a change, a time limit, a signal, removal), SEM_UNDO. /proc/sysvipc, the
 * /proc/sys/kernel limits, and what the ordinary user (uid 1000) may and
 * may not do to root's objects and to its own.
 *
 *   ipctests [NAME]...     run every test, or only the ones named
 *   ipctests --keep KEY    make a segment of 8192 bytes (mode 0644,
 *                          attached once and written), a queue with one
 *                          message of 2 bytes (0600) and an array of 2
 *                          semaphores (0640), all with KEY (0x... too),
 *                          and exit without removing them: they stay, as
 *                          on Linux (the ipcs/ipcrm test); prints
 *                          "shmid=ID msqid=ID semid=ID"
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# ipctests: P passed, F failed". Run it as root. The same binary runs
 * on Linux (where SHM_HUGETLB may have hugetlbfs behind it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif
#ifndef SHM_REMAP
#define SHM_REMAP 040000
#endif
#ifndef SHM_DEST
#define SHM_DEST 01000
#endif
#ifndef SHM_LOCKED
#define SHM_LOCKED 02000
#endif
#define PG 4096ul
#define STUDENT 1000
#define TEST_TIMEOUT 30
#define KEY_BASE 0x7ab10000	/* keys of our own: KEY_BASE + test number */

/* ---- helpers --------------------------------------------------------------- */

/* A new private segment of @size bytes and mode @mode; its id. */
static int new_seg(size_t size, int mode)
{
	return shmget(IPC_PRIVATE, size, IPC_CREAT | mode);
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;

	memset(&ds, 0xff, sizeof(ds));
	if (shmctl(id, IPC_STAT, &ds) < 0)
		ds.shm_segsz = 0;
	return ds;
}

static unsigned long nattch(int id)
{
	return stat_of(id).shm_nattch;
}

/* Run @fn(@arg) in a child; its wait status. */
static int in_child(int (*fn)(long), long arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg) ? 1 : 0);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* The first line of @path holding @needle, into @line; 0 if found. */
static int grep_file(const char *path, const char *needle, char *line, int n)
{
	FILE *f = fopen(path, "r");
	int found = -1;

	while (f && found && fgets(line, n, f))
		if (strstr(line, needle))
			found = 0;
	if (f)
		fclose(f);
	return found;
}

static unsigned long read_ulong(const char *path)
{
	char line[64] = "0";

	grep_file(path, "", line, sizeof(line));
	return strtoul(line, NULL, 10);
}

/* Field @i (from 0) of the one-line file @path, as a number. */
static unsigned long read_ulong_field(const char *path, int i)
{
	char line[128] = "", *p = line;

	grep_file(path, "", line, sizeof(line));
	while (i-- > 0)
		strtoul(p, &p, 10);
	return strtoul(p, NULL, 10);
}

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int ret = f && fputs(s, f) >= 0 ? 0 : -1;

	if (f && fclose(f))
		ret = -1;
	return ret;
}

static long status_kb(const char *key)
{
	char line[256];

	if (grep_file("/proc/self/status", key, line, sizeof(line)))
		return -1;
	return atol(line + strlen(key));
}

/* ---- shmget ------------------------------------------------------------------- */

static int get_private(void)
{
	int a = new_seg(PG, 0600), b = new_seg(PG, 0600);

	CHECK(a >= 0 && b >= 0 && a != b);
	CHECK(stat_of(a).shm_segsz == PG && stat_of(a).shm_perm.__key == IPC_PRIVATE);
	CHECK(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600) < 0 && errno == EINVAL);
	CHECK(shmget(IPC_PRIVATE, read_ulong("/proc/sys/kernel/shmmax") + 1, 0600) < 0 &&
	      errno == EINVAL);
	CHECK(shmctl(a, IPC_RMID, NULL) == 0 && shmctl(b, IPC_RMID, NULL) == 0);
	return 0;
}

static int get_key(void)
{
	key_t key = KEY_BASE + 1;
	int id, e;

	shmctl(shmget(key, PG, 0), IPC_RMID, NULL);	/* a last run's */
	CHECK(shmget(key, PG, 0600) < 0 && errno == ENOENT);
	id = shmget(key, 3 * PG, IPC_CREAT | IPC_EXCL | 0640);
	CHECK(id >= 0);
	CHECK(shmget(key, PG, IPC_CREAT | 0600) == id);
	CHECK(shmget(key, 0, 0) == id);
	CHECK(shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600) < 0 && errno == EEXIST);
	CHECK(shmget(key, 4 * PG, 0600) < 0 && errno == EINVAL);
	CHECK((stat_of(id).shm_perm.mode & 0777) == 0640 && stat_of(id).shm_perm.__key == key);
	e = shmget(IPC_PRIVATE, PG, IPC_CREAT | SHM_HUGETLB | 0600) < 0 ? errno : 0;
	if (ulib_on_taskbase())
		CHECK(e == EINVAL);	/* no huge pages (LTP shmget02) */
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(shmget(key, PG, 0600) < 0 && errno == ENOENT);
	return 0;
}

/* ENOSPC past shmmni segments and past shmall pages (root sets both). */
static int get_limits(void)
{
	char old_mni[32], old_all[32], buf[32];
	struct shm_info info;
	int used, ids[8], n = 0, e;

	snprintf(old_mni, sizeof(old_mni), "%lu", read_ulong("/proc/sys/kernel/shmmni"));
	snprintf(old_all, sizeof(old_all), "%lu", read_ulong("/proc/sys/kernel/shmall"));
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&info) >= 0);
	used = info.__used_ids;
	snprintf(buf, sizeof(buf), "%d", used + 2);
	CHECK(write_str("/proc/sys/kernel/shmmni", buf) == 0);
	while (n < 8 && (ids[n] = new_seg(PG, 0600)) >= 0)
		n++;
	e = errno;
	write_str("/proc/sys/kernel/shmmni", old_mni);
	for (int i = 0; i < n; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	CHECK(n == 2 && e == ENOSPC);
	snprintf(buf, sizeof(buf), "%lu", info.shm_tot + 2);
	CHECK(write_str("/proc/sys/kernel/shmall", buf) == 0);
	e = new_seg(3 * PG, 0600) < 0 ? errno : 0;
	n = new_seg(2 * PG, 0600);
	write_str("/proc/sys/kernel/shmall", old_all);
	shmctl(n, IPC_RMID, NULL);
	CHECK(e == ENOSPC && n >= 0);
	CHECK(read_ulong("/proc/sys/kernel/shmall") == strtoul(old_all, NULL, 10));
	return 0;
}

/* An id is slot + sequence * 32768; a removed id names nothing. */
static int ids(void)
{
	int a = new_seg(PG, 0600), b;
	struct shmid_ds ds;

	CHECK(a >= 0 && shmctl(a, IPC_RMID, NULL) == 0);
	CHECK(shmctl(a, IPC_STAT, &ds) < 0 && errno == EINVAL);
	b = new_seg(PG, 0600);
	CHECK(b >= 0 && b != a);
	CHECK(shmctl(b % 32768, SHM_STAT, &ds) == b && ds.shm_segsz == PG);
	CHECK(shmctl(b % 32768, SHM_STAT_ANY, &ds) == b);
	CHECK(shmctl(b + 32768, IPC_STAT, &ds) < 0 && errno == EINVAL);
	CHECK(shmctl(b, IPC_RMID, NULL) == 0);
	return 0;
}

/* ---- shmat and shmdt -------------------------------------------------------------- */

static int at_basic(void)
{
	int id = new_seg(2 * PG + 1, 0600);
	char *a, *b;
	struct shmid_ds ds;

	CHECK(id >= 0 && nattch(id) == 0);
	a = shmat(id, NULL, 0);
	b = shmat(id, NULL, 0);
	CHECK(a != (void *)-1 && b != (void *)-1 && a != b);
	CHECK(((unsigned long)a & (PG - 1)) == 0);
	a[2 * PG] = 'x';		/* the segment's last byte: its page is whole */
	a[3 * PG - 1] = 'y';
	CHECK(b[2 * PG] == 'x' && b[3 * PG - 1] == 'y');
	ds = stat_of(id);
	CHECK(ds.shm_nattch == 2 && ds.shm_lpid == getpid() && ds.shm_cpid == getpid());
	CHECK(ds.shm_atime >= time(NULL) - 5 && ds.shm_dtime == 0);
	CHECK(shmdt(b) == 0 && nattch(id) == 1 && stat_of(id).shm_dtime != 0);
	CHECK(shmdt(b) < 0 && errno == EINVAL);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(shmdt(a) == 0);
	return 0;
}

/* SHM_RND, unaligned addresses, overlaps, SHM_REMAP. */
static int at_addr(void)
{
	int id = new_seg(PG, 0600);
	char *area = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	CHECK(id >= 0 && area != MAP_FAILED);
	CHECK(munmap(area + 2 * PG, 2 * PG) == 0);
	CHECK(shmat(id, area + 2 * PG + 5, 0) == (void *)-1 && errno == EINVAL);
	CHECK(shmat(id, area + 2 * PG + 5, SHM_RND) == area + 2 * PG);
	CHECK(shmat(id, area, 0) == (void *)-1 && errno == EINVAL);	/* taken */
	CHECK(shmat(id, NULL, SHM_REMAP) == (void *)-1 && errno == EINVAL);
	p = shmat(id, area, SHM_REMAP);
	CHECK(p == area && nattch(id) == 2);
	/* Two addresses of one page: the compiler must not reorder them. */
	*(volatile char *)p = 'r';
	CHECK(*(volatile char *)(area + 2 * PG) == 'r');
	CHECK(shmdt(area) == 0 && shmdt(area + 2 * PG) == 0 && nattch(id) == 0);
	CHECK(shmdt(area + 5) < 0 && errno == EINVAL);
	CHECK(shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL);
	CHECK(shmat(id + 32768, NULL, 0) == (void *)-1 && errno == EINVAL);
	CHECK(munmap(area + PG, PG) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

static int write_at(long addr)
{
	*(volatile char *)addr = 1;
	return 0;
}

static int at_rdonly(void)
{
	int id = new_seg(PG, 0600), st;
	char *p = shmat(id, NULL, SHM_RDONLY);

	CHECK(p != (void *)-1);
	CHECK(p[0] == 0);
	st = in_child(write_at, (long)p);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) < 0 && errno == EACCES);
	CHECK(shmdt(p) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

/* /proc/self/maps: "/SYSV<key> (deleted)", shared, the id as inode;
 * SHM_EXEC adds x; the pages count as RssShmem. */
static int at_maps(void)
{
	key_t key = KEY_BASE + 2;
	int id = shmget(key, 4 * PG, IPC_CREAT | 0600);
	char name[32], line[256], want[64];
	long shmem = status_kb("RssShmem:");
	char *p = shmat(id, NULL, SHM_EXEC);

	CHECK(id >= 0 && p != (void *)-1);
	memset(p, 1, 4 * PG);
	CHECK(status_kb("RssShmem:") == shmem + 16);
	snprintf(name, sizeof(name), "/SYSV%08x (deleted)", key);
	CHECK(grep_file("/proc/self/maps", name, line, sizeof(line)) == 0);
	snprintf(want, sizeof(want), "%lx-%lx rwxs 00000000 00:01 %d ",
		 (unsigned long)p, (unsigned long)p + 4 * PG, id);
	CHECK(strncmp(line, want, strlen(want)) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0 && shmdt(p) == 0);
	CHECK(status_kb("RssShmem:") == shmem);
	return 0;
}

/* shmdt of an attach whose first page was unmapped still finds the rest;
 * an address inside a segment is not one. */
static int dt_pieces(void)
{
	int id = new_seg(3 * PG, 0600);
	char *p = shmat(id, NULL, 0);

	CHECK(p != (void *)-1);
	CHECK(shmdt(p + PG) < 0 && errno == EINVAL);
	CHECK(munmap(p + PG, PG) == 0 && nattch(id) == 2);	/* split in two */
	CHECK(munmap(p, PG) == 0 && nattch(id) == 1);
	CHECK(shmdt(p) == 0 && nattch(id) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

/* ---- fork, exec, exit ------------------------------------------------------------- */

static int fork_shares(void)
{
	int id = new_seg(PG, 0600), st;
	volatile int *p = shmat(id, NULL, 0);
	pid_t pid;

	CHECK(p != (void *)-1);
	pid = fork();
	if (pid == 0) {
		p[0] = (int)nattch(id);	/* the child's copy counts */
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(p[0] == 2 && nattch(id) == 1);
	CHECK(stat_of(id).shm_lpid == pid);	/* the child's exit detached */
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(nattch(id) == 1);
	CHECK(shmdt((void *)p) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

/* IPC_RMID of an attached segment: SHM_DEST, the key private, the memory
 * still there until the last detach, then the id gone. */
static int rmid_deferred(void)
{
	key_t key = KEY_BASE + 3;
	int id = shmget(key, PG, IPC_CREAT | 0600), st;
	char *p = shmat(id, NULL, 0);
	struct shmid_ds ds;
	pid_t pid;

	CHECK(id >= 0 && p != (void *)-1);
	pid = fork();
	if (pid == 0) {
		usleep(200 * 1000);
		p[1] = 'c';
		_exit(shmdt(p) == 0 ? 0 : 1);
	}
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	ds = stat_of(id);
	CHECK((ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == IPC_PRIVATE);
	CHECK(shmget(key, PG, 0600) < 0 && errno == ENOENT);
	CHECK(shmdt(p) == 0 && nattch(id) == 1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) < 0 && errno == EINVAL);
	return 0;
}

/* ---- shmctl ----------------------------------------------------------------------- */

static int ctl_stat_set(void)
{
	int id = new_seg(5000, 0640);
	struct shmid_ds ds = stat_of(id);

	CHECK(id >= 0 && ds.shm_segsz == 5000 && ds.shm_nattch == 0);
	CHECK(ds.shm_perm.uid == 0 && ds.shm_perm.cuid == 0 && ds.shm_cpid == getpid());
	CHECK((ds.shm_perm.mode & 0777) == 0640 && ds.shm_ctime >= time(NULL) - 5);
	CHECK(shmctl(id, IPC_STAT, (void *)1) < 0 && errno == EFAULT);
	CHECK(shmctl(id, IPC_SET, (void *)1) < 0 && errno == EFAULT);
	CHECK(shmctl(id, 77, &ds) < 0 && errno == EINVAL);
	CHECK(shmctl(-1, IPC_STAT, &ds) < 0 && errno == EINVAL);
	ds.shm_perm.mode = 0604 | SHM_DEST;	/* only the permission bits */
	ds.shm_perm.uid = STUDENT;
	CHECK(shmctl(id, IPC_SET, &ds) == 0);
	ds = stat_of(id);
	CHECK((ds.shm_perm.mode & 07777) == 0604 && ds.shm_perm.uid == STUDENT);
	CHECK(ds.shm_perm.cuid == 0);
	CHECK(shmctl(id, SHM_LOCK, NULL) == 0 && (stat_of(id).shm_perm.mode & SHM_LOCKED));
	CHECK(shmctl(id, SHM_UNLOCK, NULL) == 0 && !(stat_of(id).shm_perm.mode & SHM_LOCKED));
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) < 0 && errno == EINVAL);
	return 0;
}

static int ctl_info(void)
{
	int id = new_seg(3 * PG, 0600);
	struct shminfo lim;
	struct shm_info used;
	char *p = shmat(id, NULL, 0);

	CHECK(id >= 0 && p != (void *)-1);
	p[0] = 1;
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&lim) >= id % 32768);
	CHECK(lim.shmmax == read_ulong("/proc/sys/kernel/shmmax"));
	CHECK(lim.shmall == read_ulong("/proc/sys/kernel/shmall"));
	CHECK(lim.shmmni == read_ulong("/proc/sys/kernel/shmmni") && lim.shmmin == 1);
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&used) >= id % 32768);
	CHECK(used.__used_ids >= 1 && used.shm_tot >= 3 && used.shm_rss >= 1);
	CHECK(shmctl(0, IPC_INFO, (void *)1) < 0 && errno == EFAULT);
	CHECK(shmdt(p) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

/* /proc/sysvipc/shm: Linux's columns, one line per segment. */
static int proc_sysvipc(void)
{
	int id = shmget(KEY_BASE + 4, 8192, IPC_CREAT | 0644);
	char line[512], want[64];
	long key, sid, size;
	unsigned int mode;

	CHECK(id >= 0);
	CHECK(grep_file("/proc/sysvipc/shm", "shmid perms", line, sizeof(line)) == 0);
	snprintf(want, sizeof(want), " %d ", id);
	CHECK(grep_file("/proc/sysvipc/shm", want, line, sizeof(line)) == 0);
	CHECK(sscanf(line, "%ld %ld %o %ld", &key, &sid, &mode, &size) == 4);
	CHECK(key == KEY_BASE + 4 && sid == id && mode == 0644 && size == 8192);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(grep_file("/proc/sysvipc/shm", want, line, sizeof(line)) != 0);
	return 0;
}

/* ---- message queues --------------------------------------------------------------- */

struct tmsg {
	long mtype;
	char mtext[64];
};

static int send_text(int q, long type, const char *text, int flags)
{
	struct tmsg m = { .mtype = type };

	strncpy(m.mtext, text, sizeof(m.mtext) - 1);
	return msgsnd(q, &m, strlen(text), flags);
}

/* Receive into @m (cleared first) as msgrcv(@type, @flags) with @size
 * bytes of room; its result. */
static long recv_text(int q, struct tmsg *m, size_t size, long type, int flags)
{
	memset(m, 0, sizeof(*m));
	return msgrcv(q, m, size, type, flags);
}

static int msg_get(void)
{
	key_t key = KEY_BASE + 6;
	int q, e;
	char old[32], buf[32];
	struct msginfo info;

	msgctl(msgget(key, 0), IPC_RMID, NULL);		/* a last run's */
	CHECK(msgget(key, 0600) < 0 && errno == ENOENT);
	q = msgget(key, IPC_CREAT | IPC_EXCL | 0640);
	CHECK(q >= 0 && msgget(key, 0) == q && msgget(key, IPC_CREAT | 0600) == q);
	CHECK(msgget(key, IPC_CREAT | IPC_EXCL | 0600) < 0 && errno == EEXIST);
	CHECK(msgget(IPC_PRIVATE, 0600) != q);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0 && msgget(key, 0) < 0 && errno == ENOENT);
	CHECK(msgctl(q, IPC_RMID, NULL) < 0 && errno == EINVAL);
	/* ENOSPC past msgmni queues. */
	CHECK(msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= 0);
	snprintf(old, sizeof(old), "%lu", read_ulong("/proc/sys/kernel/msgmni"));
	snprintf(buf, sizeof(buf), "%d", info.msgpool + 1);
	CHECK(write_str("/proc/sys/kernel/msgmni", buf) == 0);
	q = msgget(IPC_PRIVATE, 0600);
	e = msgget(IPC_PRIVATE, 0600) < 0 ? errno : 0;
	write_str("/proc/sys/kernel/msgmni", old);
	msgctl(q, IPC_RMID, NULL);
	CHECK(q >= 0 && e == ENOSPC);
	return 0;
}

/* Types: 0 the first, > 0 that one, MSG_EXCEPT any other, < 0 the
 * lowest up to it; E2BIG and MSG_NOERROR; ENOMSG; the sizes' errnos. */
static int msg_types(void)
{
	int q = msgget(IPC_PRIVATE, 0600);
	struct tmsg m;
	struct msqid_ds ds;

	CHECK(q >= 0);
	CHECK(send_text(q, 3, "three", 0) == 0 && send_text(q, 1, "one", 0) == 0);
	CHECK(send_text(q, 2, "two", 0) == 0 && send_text(q, 5, "five", 0) == 0);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 4 && ds.msg_cbytes == 15);
	CHECK(ds.msg_lspid == getpid() && ds.msg_lrpid == 0 && ds.msg_stime >= time(NULL) - 5);
	CHECK(recv_text(q, &m, 64, 2, 0) == 3 && m.mtype == 2 && !strcmp(m.mtext, "two"));
	CHECK(recv_text(q, &m, 64, -4, 0) == 3 && m.mtype == 1);
	CHECK(recv_text(q, &m, 64, 3, MSG_EXCEPT) == 4 && m.mtype == 5);
	CHECK(recv_text(q, &m, 2, 0, 0) < 0 && errno == E2BIG);
	CHECK(recv_text(q, &m, 2, 0, MSG_NOERROR) == 2 && !strcmp(m.mtext, "th"));
	CHECK(recv_text(q, &m, 64, 0, IPC_NOWAIT) < 0 && errno == ENOMSG);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 && ds.msg_lrpid == getpid());
	CHECK(send_text(q, 0, "x", 0) < 0 && errno == EINVAL);
	m.mtype = 1;
	CHECK(msgsnd(q, &m, read_ulong("/proc/sys/kernel/msgmax") + 1, 0) < 0 && errno == EINVAL);
	CHECK(msgsnd(q, (void *)1, 4, 0) < 0 && errno == EFAULT);
	CHECK(msgrcv(q, &m, (size_t)-1, 0, 0) < 0 && errno == EINVAL);
	CHECK(msgsnd(-1, &m, 4, 0) < 0 && errno == EINVAL);
	CHECK(msgsnd(q + 32768, &m, 4, 0) < 0 && errno == EINVAL);
	/* MSG_COPY (CONFIG_CHECKPOINT_RESTORE) never waits: EINVAL without
	 * IPC_NOWAIT; no message number 0 in an empty queue. */
	CHECK(msgrcv(q, &m, 64, 0, 040000) < 0 && errno == EINVAL);
	CHECK(msgrcv(q, &m, 64, 0, 040000 | IPC_NOWAIT) < 0 && errno == ENOMSG);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A full queue: EAGAIN, or a sender that waits for room; a receiver
 * that waits for a message; EINTR even under SA_RESTART; EIDRM. */
static int msg_block(void)
{
	int q = msgget(IPC_PRIVATE, 0600), st;
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct msqid_ds ds;
	struct tmsg m;
	pid_t pid;

	CHECK(q >= 0 && msgctl(q, IPC_STAT, &ds) == 0);
	ds.msg_qbytes = 8;
	CHECK(msgctl(q, IPC_SET, &ds) == 0);
	CHECK(send_text(q, 1, "12345678", 0) == 0);
	CHECK(send_text(q, 1, "9", IPC_NOWAIT) < 0 && errno == EAGAIN);
	pid = fork();
	if (pid == 0)
		_exit(send_text(q, 2, "9", 0) == 0 ? 0 : 1);	/* waits for room */
	usleep(100 * 1000);
	CHECK(recv_text(q, &m, 64, 1, 0) == 8);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(recv_text(q, &m, 64, 2, 0) == 1);
	pid = fork();
	if (pid == 0)
		_exit(recv_text(q, &m, 64, 7, 0) == 3 && !strcmp(m.mtext, "abc") ? 0 : 1);
	usleep(100 * 1000);
	CHECK(send_text(q, 7, "abc", 0) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	alarm(1);
	CHECK(recv_text(q, &m, 64, 0, 0) < 0 && errno == EINTR);
	pid = fork();
	if (pid == 0)
		_exit(recv_text(q, &m, 64, 0, 0) < 0 && errno == EIDRM ? 0 : 1);
	usleep(100 * 1000);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	return 0;
}

static int msg_ctl(void)
{
	int q = msgget(KEY_BASE + 7, IPC_CREAT | 0644);
	struct msginfo info;
	struct msqid_ds ds;
	char line[256], want[32];

	CHECK(q >= 0 && send_text(q, 4, "four", 0) == 0);
	CHECK(msgctl(0, IPC_INFO, (struct msqid_ds *)&info) >= q % 32768);
	CHECK(info.msgmax == (int)read_ulong("/proc/sys/kernel/msgmax"));
	CHECK(info.msgmnb == (int)read_ulong("/proc/sys/kernel/msgmnb"));
	CHECK(msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= 0 && info.msgmap >= 1);
	CHECK(msgctl(q % 32768, MSG_STAT, &ds) == q && ds.msg_qnum == 1);
	CHECK(msgctl(q, IPC_STAT, (void *)1) < 0 && errno == EFAULT);
	CHECK(msgctl(q, 77, &ds) < 0 && errno == EINVAL);
	ds.msg_qbytes = read_ulong("/proc/sys/kernel/msgmnb") * 2;	/* root may */
	ds.msg_perm.mode = 0600;
	CHECK(msgctl(q, IPC_SET, &ds) == 0);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && (ds.msg_perm.mode & 0777) == 0600);
	snprintf(want, sizeof(want), " %d ", q);
	CHECK(grep_file("/proc/sysvipc/msg", want, line, sizeof(line)) == 0);
	CHECK(strstr(line, "  600 ") != NULL);	/* the perms column */
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	CHECK(grep_file("/proc/sysvipc/msg", want, line, sizeof(line)) != 0);
	return 0;
}

/* ---- semaphores ------------------------------------------------------------------- */

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	void *ptr;
};

static int sem1(int id, int num, int op, int flg)
{
	struct sembuf b = { .sem_num = (unsigned short)num, .sem_op = (short)op,
			    .sem_flg = (short)flg };

	return semop(id, &b, 1);
}

static int semval(int id, int num)
{
	return semctl(id, num, GETVAL);
}

static int sem_get(void)
{
	key_t key = KEY_BASE + 9;
	int id;

	semctl(semget(key, 0, 0), 0, IPC_RMID);		/* a last run's */
	CHECK(semget(key, 2, 0600) < 0 && errno == ENOENT);
	CHECK(semget(IPC_PRIVATE, 0, 0600) < 0 && errno == EINVAL);
	CHECK(semget(IPC_PRIVATE, -1, 0600) < 0 && errno == EINVAL);
	CHECK(semget(IPC_PRIVATE, 32001, 0600) < 0 && errno == EINVAL);
	id = semget(key, 3, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id >= 0 && semget(key, 2, 0) == id && semget(key, 0, 0) == id);
	CHECK(semget(key, 4, 0) < 0 && errno == EINVAL);
	CHECK(semget(key, 3, IPC_CREAT | IPC_EXCL | 0600) < 0 && errno == EEXIST);
	CHECK(semval(id, 0) == 0 && semval(id, 3) < 0 && errno == EINVAL);
	CHECK(semctl(id, 0, IPC_RMID) == 0 && semget(key, 0, 0) < 0 && errno == ENOENT);
	return 0;
}

/* Values, all-or-none, the errnos of semop and semctl. */
static int sem_ops(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	unsigned short all[3] = { 1, 2, 3 }, got[3];
	struct sembuf two[2] = { { 0, 1, 0 }, { 1, -5, IPC_NOWAIT } };
	struct semid_ds ds;
	union semun arg;

	CHECK(id >= 0);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 4 }) == 0 && semval(id, 0) == 4);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 32768 }) < 0 && errno == ERANGE);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = -1 }) < 0 && errno == ERANGE);
	CHECK(sem1(id, 0, -3, 0) == 0 && semval(id, 0) == 1);
	CHECK(semctl(id, 0, GETPID) == getpid());
	CHECK(sem1(id, 0, -2, IPC_NOWAIT) < 0 && errno == EAGAIN);
	CHECK(sem1(id, 0, 0, IPC_NOWAIT) < 0 && errno == EAGAIN);
	CHECK(sem1(id, 2, 0, IPC_NOWAIT) == 0);			/* it is 0 */
	CHECK(sem1(id, 0, 32767, 0) < 0 && errno == ERANGE);
	CHECK(sem1(id, 3, 1, 0) < 0 && errno == EFBIG);
	CHECK(semop(id, two, 2) < 0 && errno == EAGAIN && semval(id, 0) == 1);
	CHECK(semop(id, two, 0) < 0 && errno == EINVAL);
	CHECK(semop(id, (void *)1, 1) < 0 && errno == EFAULT);
	CHECK(semop(-1, two, 1) < 0 && errno == EINVAL);
	arg.array = all;
	CHECK(semctl(id, 0, SETALL, arg) == 0);
	arg.array = got;
	CHECK(semctl(id, 0, GETALL, arg) == 0 && got[0] == 1 && got[1] == 2 && got[2] == 3);
	all[1] = 40000;
	arg.array = all;
	CHECK(semctl(id, 0, SETALL, arg) < 0 && errno == ERANGE && semval(id, 1) == 2);
	CHECK(semctl(id, 0, GETALL, (union semun){ .ptr = (void *)1 }) < 0 && errno == EFAULT);
	arg.buf = &ds;
	CHECK(semctl(id, 0, IPC_STAT, arg) == 0 && ds.sem_nsems == 3);
	CHECK(ds.sem_otime >= time(NULL) - 5 && ds.sem_perm.cuid == 0);
	CHECK(semctl(id, 0, 77) < 0 && errno == EINVAL);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	CHECK(sem1(id, 0, 1, 0) < 0 && errno == EINVAL);
	return 0;
}

static volatile sig_atomic_t alarms;

static void count_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Sleepers: semncnt and semzcnt count them; a change wakes them; a time
 * limit, a signal (EINTR under SA_RESTART too) and removal end them. */
static int sem_block(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600), st;
	struct sigaction sa = { .sa_handler = count_alarm, .sa_flags = SA_RESTART };
	struct timespec limit = { 0, 100 * 1000 * 1000 };
	struct sembuf down = { 0, -1, 0 };
	long t0;
	pid_t pid;

	CHECK(id >= 0);
	pid = fork();
	if (pid == 0)
		_exit(sem1(id, 0, -2, 0) == 0 ? 0 : 1);
	usleep(100 * 1000);
	CHECK(semctl(id, 0, GETNCNT) == 1 && semctl(id, 0, GETZCNT) == 0);
	CHECK(sem1(id, 0, 1, 0) == 0 && semctl(id, 0, GETNCNT) == 1);	/* not yet */
	CHECK(sem1(id, 0, 1, 0) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0 && semval(id, 0) == 0);
	CHECK(sem1(id, 1, 1, 0) == 0);
	pid = fork();
	if (pid == 0)
		_exit(sem1(id, 1, 0, 0) == 0 ? 0 : 1);		/* waits for 0 */
	usleep(100 * 1000);
	CHECK(semctl(id, 1, GETZCNT) == 1);
	CHECK(sem1(id, 1, -1, 0) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	t0 = ulib_now_ms();
	CHECK(semtimedop(id, &down, 1, &limit) < 0 && errno == EAGAIN);
	CHECK(ulib_now_ms() - t0 >= 90);
	limit.tv_nsec = -1;
	CHECK(semtimedop(id, &down, 1, &limit) < 0 && errno == EINVAL);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	alarm(1);
	CHECK(sem1(id, 0, -1, 0) < 0 && errno == EINTR && alarms == 1);
	pid = fork();
	if (pid == 0)
		_exit(sem1(id, 0, -1, 0) < 0 && errno == EIDRM ? 0 : 1);
	usleep(100 * 1000);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	return 0;
}

/* In a child: @op on semaphore 0 with SEM_UNDO, then wait for a byte on
 * @fd (if not -1) before exiting. */
static int undo_child(int id, int op, int fd)
{
	char c;
	pid_t pid = fork();

	if (pid == 0) {
		if (sem1(id, 0, op, SEM_UNDO))
			_exit(1);
		if (fd >= 0 && read(fd, &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	return pid;
}

/* SEM_UNDO: undone at exit, within 0..SEMVMX; SETVAL forgets it; a
 * fork's child does not share it. */
static int sem_undo(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600), st, p[2];
	pid_t pid;

	CHECK(id >= 0 && pipe(p) == 0);
	pid = undo_child(id, 3, -1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0 && semval(id, 0) == 0);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 2 }) == 0);
	pid = undo_child(id, -2, -1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0 && semval(id, 0) == 2);
	pid = undo_child(id, 5, p[0]);
	usleep(100 * 1000);
	CHECK(semval(id, 0) == 7);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 1 }) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0 && semval(id, 0) == 1);
	/* Ours: a fork's child exits without undoing what we did. */
	CHECK(sem1(id, 0, 1, SEM_UNDO) == 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, &st, 0) == pid && semval(id, 0) == 2);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	return 0;
}

static int undo_id;

static void *undo_thread(void *arg)
{
	(void)arg;
	return (void *)(long)sem1(undo_id, 0, 2, SEM_UNDO);
}

/* In a child: a thread made before any SEM_UNDO does one and exits; the
 * process's list (CLONE_SYSVSEM) keeps it until the process exits. */
static int undo_in_thread(long id)
{
	pthread_t t;
	void *ret;

	undo_id = (int)id;
	CHECK(pthread_create(&t, NULL, undo_thread, NULL) == 0);
	CHECK(pthread_join(t, &ret) == 0 && ret == NULL);
	CHECK(semval((int)id, 0) == 2);		/* not undone by the thread */
	return 0;
}

static int sem_undo_threads(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600), st;

	CHECK(id >= 0);
	st = in_child(undo_in_thread, id);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(semval(id, 0) == 0);		/* undone by the process's exit */
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	return 0;
}

static int sem_ctl(void)
{
	int id = semget(KEY_BASE + 10, 4, IPC_CREAT | 0640);
	struct seminfo info;
	struct semid_ds ds;
	char line[256], want[32], old[64];

	CHECK(id >= 0);
	CHECK(semctl(0, 0, IPC_INFO, (union semun){ .ptr = &info }) >= id % 32768);
	CHECK(info.semvmx == 32767 && info.semmsl == 32000 && info.semopm == 500);
	CHECK(semctl(0, 0, SEM_INFO, (union semun){ .ptr = &info }) >= 0 && info.semaem >= 4);
	CHECK(semctl(id % 32768, 0, SEM_STAT, (union semun){ .buf = &ds }) == id);
	ds.sem_perm.mode = 0604;
	CHECK(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) == 0);
	CHECK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0 &&
	      (ds.sem_perm.mode & 0777) == 0604);
	CHECK(semctl(id, 0, IPC_SET, (union semun){ .ptr = (void *)1 }) < 0 && errno == EFAULT);
	snprintf(want, sizeof(want), " %d ", id);
	CHECK(grep_file("/proc/sysvipc/sem", want, line, sizeof(line)) == 0);
	CHECK(strstr(line, "  604          4 ") != NULL);
	CHECK(grep_file("/proc/sys/kernel/sem", "", old, sizeof(old)) == 0);
	CHECK(write_str("/proc/sys/kernel/sem", "32000 1024000000 2 32000") == 0);
	CHECK(semctl(0, 0, IPC_INFO, (union semun){ .ptr = &info }) >= 0 && info.semopm == 2);
	{
		struct sembuf three[3] = { { 0, 1, 0 }, { 1, 1, 0 }, { 2, 1, 0 } };

		CHECK(semop(id, three, 3) < 0 && errno == E2BIG);
	}
	CHECK(write_str("/proc/sys/kernel/sem", old) == 0);
	CHECK(write_str("/proc/sys/kernel/sem", "1 2 3") < 0);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	CHECK(grep_file("/proc/sysvipc/sem", want, line, sizeof(line)) != 0);
	return 0;
}

/* Every array SEMMNI allows (32000: LTP semget05), then ENOSPC; the
 * tables find them by slot and key without walking them all. */
static int sem_many(void)
{
	static int ids[32768];
	struct seminfo info;
	int n = 0, max, e;

	CHECK(semctl(0, 0, SEM_INFO, (union semun){ .ptr = &info }) >= 0);
	max = (int)read_ulong_field("/proc/sys/kernel/sem", 3) - info.semusz;
	CHECK(max > 0 && max <= 32768);
	while (n < max && (ids[n] = semget(KEY_BASE + 0x1000 + n, 1,
					   IPC_CREAT | IPC_EXCL | 0600)) >= 0)
		n++;
	e = semget(IPC_PRIVATE, 1, 0600) < 0 ? errno : 0;
	for (int i = 0; i < n; i++)
		semctl(ids[i], 0, IPC_RMID);
	CHECK(n == max && e == ENOSPC);
	return 0;
}

/* ---- the ordinary user ------------------------------------------------------------ */

/* The student and root's queue (KEY_BASE + 8, mode 0600), and its own. */
static int student_msg(void)
{
	int q = msgget(KEY_BASE + 8, 0), own = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	struct tmsg m = { .mtype = 1 };

	CHECK(q >= 0 && own >= 0);
	CHECK(msgget(KEY_BASE + 8, 0600) < 0 && errno == EACCES);
	CHECK(msgsnd(q, &m, 1, 0) < 0 && errno == EACCES);
	CHECK(msgrcv(q, &m, 1, 0, IPC_NOWAIT) < 0 && errno == EACCES);
	CHECK(msgctl(q, IPC_RMID, NULL) < 0 && errno == EPERM);
	CHECK(msgctl(own, IPC_STAT, &ds) == 0 && ds.msg_perm.cuid == STUDENT);
	ds.msg_qbytes *= 2;		/* above msgmnb: root's */
	CHECK(msgctl(own, IPC_SET, &ds) < 0 && errno == EPERM);
	CHECK(msgctl(own, IPC_RMID, NULL) == 0);
	return 0;
}

/* The student and root's array (KEY_BASE + 11, mode 0600). */
static int student_sem(void)
{
	int id = semget(KEY_BASE + 11, 0, 0);

	CHECK(id >= 0);
	CHECK(semget(KEY_BASE + 11, 0, 0600) < 0 && errno == EACCES);
	CHECK(sem1(id, 0, 1, 0) < 0 && errno == EACCES);
	CHECK(semval(id, 0) < 0 && errno == EACCES);
	CHECK(semctl(id, 0, IPC_RMID) < 0 && errno == EPERM);
	return 0;
}

static int student_view(long id)
{
	struct shmid_ds ds;
	struct rlimit zero = { 0, 0 };
	int own;
	char *p;

	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(shmget(KEY_BASE + 5, PG, 0600) < 0 && errno == EACCES);
	CHECK(shmget(KEY_BASE + 5, PG, 0) == id);	/* no rights asked */
	CHECK(shmat((int)id, NULL, 0) == (void *)-1 && errno == EACCES);
	CHECK(shmctl((int)id, IPC_STAT, &ds) < 0 && errno == EACCES);
	CHECK(shmctl((int)id % 32768, SHM_STAT, &ds) < 0 && errno == EACCES);
	CHECK(shmctl((int)id % 32768, SHM_STAT_ANY, &ds) == id);
	CHECK(shmctl((int)id, IPC_RMID, NULL) < 0 && errno == EPERM);
	CHECK(shmctl((int)id, IPC_SET, &ds) < 0 && errno == EPERM);
	CHECK(shmctl((int)id, SHM_LOCK, NULL) < 0 && errno == EPERM);
	own = new_seg(PG, 0600);
	CHECK(own >= 0 && stat_of(own).shm_perm.cuid == STUDENT);
	p = shmat(own, NULL, 0);
	CHECK(p != (void *)-1 && shmdt(p) == 0);
	CHECK(setrlimit(RLIMIT_MEMLOCK, &zero) == 0);
	CHECK(shmctl(own, SHM_LOCK, NULL) < 0 && errno == EPERM);
	CHECK(shmctl(own, IPC_RMID, NULL) == 0);
	return student_msg() ?: student_sem();
}

static int student(void)
{
	int id = shmget(KEY_BASE + 5, PG, IPC_CREAT | 0600);
	int q = msgget(KEY_BASE + 8, IPC_CREAT | 0600);
	int sem = semget(KEY_BASE + 11, 1, IPC_CREAT | 0600);
	int st;

	CHECK(id >= 0 && q >= 0 && sem >= 0);
	st = in_child(student_view, id);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0 && msgctl(q, IPC_RMID, NULL) == 0);
	CHECK(semctl(sem, 0, IPC_RMID) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

static const struct tap_test tests[] = {
	{ "get_private", get_private },
	{ "get_key", get_key },
	{ "get_limits", get_limits },
	{ "ids", ids },
	{ "at_basic", at_basic },
	{ "at_addr", at_addr },
	{ "at_rdonly", at_rdonly },
	{ "at_maps", at_maps },
	{ "dt_pieces", dt_pieces },
	{ "fork_shares", fork_shares },
	{ "rmid_deferred", rmid_deferred },
	{ "ctl_stat_set", ctl_stat_set },
	{ "ctl_info", ctl_info },
	{ "proc_sysvipc", proc_sysvipc },
	{ "msg_get", msg_get },
	{ "msg_types", msg_types },
	{ "msg_block", msg_block },
	{ "msg_ctl", msg_ctl },
	{ "sem_get", sem_get },
	{ "sem_ops", sem_ops },
	{ "sem_block", sem_block },
	{ "sem_undo", sem_undo },
	{ "sem_undo_threads", sem_undo_threads },
	{ "sem_ctl", sem_ctl },
	{ "sem_many", sem_many },
	{ "student", student },
};

/* --keep KEY: a segment, a queue and a semaphore array that outlive
 * their maker. */
static int keep(const char *arg)
{
	key_t key = (key_t)strtol(arg, NULL, 0);
	int id = shmget(key, 8192, IPC_CREAT | 0644);
	int q = msgget(key, IPC_CREAT | 0600), sem = semget(key, 2, IPC_CREAT | 0640);
	char *p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);

	if (p == (void *)-1 || q < 0 || sem < 0 || send_text(q, 1, "hi", 0)) {
		perror("ipctests: --keep");
		return 1;
	}
	p[0] = 1;
	printf("shmid=%d msqid=%d semid=%d\n", id, q, sem);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--keep"))
		return keep(argv[2]);
	return tap_run("ipctests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
