/*
 * ipcnstests: IPC namespaces (CLONE_NEWIPC) as Linux 6.1 has them, from
 * user space: System V message queues, semaphore arrays and shared
 * memory segments and POSIX message queues seen only inside the
 * namespace they were made in, their limits and /proc views per
 * namespace, setns(2) into one, the SEM_UNDO records left behind, the
 * privilege it takes, and everything given back when a namespace dies.
 *
 *   ipcnstests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); each test runs in a forked child of its
 * own, and moves into new namespaces only in children of that. Runs as
 * root; the same binary runs on Linux with the same results.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/fanotify.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 60		/* seconds one test may take */
#define STUDENT 1000		/* an unprivileged user */
#define KEY 0x1badcafe		/* the System V key every test uses */
#define QNAME "/ipcnstests"	/* the POSIX queue every test uses */
#define NS_GET_NSTYPE 0xb703	/* <linux/nsfs.h> */
#define IPC_INIT_INO 4026531839u

struct msgbuf_k {
	long mtype;
	char mtext[64];
};

/* clone(2) without a new stack: a fork with @flags. */
static pid_t clone_flags(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

/* Run @fn in a child (which may enter namespaces); 0 when it returned
 * 0, else -1 with its reason. */
static int in_child(int (*fn)(void))
{
	int fds[2], status;
	char why[sizeof(tap_reason)] = "";
	pid_t pid;

	if (pipe(fds))
		return tap_fail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		int r = fn();

		if (r && write(fds[1], tap_reason, strlen(tap_reason)) < 0)
			_exit(2);
		_exit(r ? 1 : 0);
	}
	close(fds[1]);
	if (read(fds[0], why, sizeof(why) - 1) < 0)
		why[0] = '\0';
	close(fds[0]);
	status = tap_wait_status(pid);
	if (status != 0)
		return tap_fail("child (status %d): %s", status, why);
	return 0;
}

/* The number in the link /proc/@pid/ns/ipc (0: self), or 0. */
static unsigned long ipc_ino(pid_t pid)
{
	char path[64], buf[64];
	ssize_t n;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/ipc");
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n <= 5)
		return 0;
	buf[n] = '\0';
	return strncmp(buf, "ipc:[", 5) ? 0 : strtoul(buf + 5, NULL, 10);
}

static int read_file(const char *path, char *buf, size_t size)
{
	return procfs_read(path, buf, size) < 0 ? -1 : 0;
}

static long read_long(const char *path)
{
	char buf[64];

	return read_file(path, buf, sizeof(buf)) ? -1 : strtol(buf, NULL, 10);
}

/* Does /proc/sysvipc/@kind list key @key? */
static int sysvipc_lists(const char *kind, int key)
{
	char path[64], buf[8192], want[16];

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", kind);
	snprintf(want, sizeof(want), " %d ", key);
	return read_file(path, buf, sizeof(buf)) == 0 && strstr(buf, want) != NULL;
}

/* One of each System V kind with key @key, and queue QNAME; 0 or -1. */
static int make_all(int key)
{
	struct msgbuf_k m = { 1, "hello" };
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	int shmid = shmget(key, 65536, IPC_CREAT | 0600);
	char *p = shmid < 0 ? NULL : shmat(shmid, NULL, 0);
	int msqid = msgget(key, IPC_CREAT | 0600);
	mqd_t q = mq_open(QNAME, O_CREAT | O_WRONLY, 0600, &attr);

	if (!p || p == (void *)-1 || msqid < 0 || q == (mqd_t)-1)
		return -1;
	memset(p, 0x5a, 65536);			/* its pages exist */
	shmdt(p);
	if (semget(key, 4, IPC_CREAT | 0600) < 0 || msgsnd(msqid, &m, 6, 0) ||
	    mq_send(q, "x", 1, 0))
		return -1;
	mq_close(q);
	return 0;
}

/* Remove what make_all() made in the caller's namespace. */
static void remove_all(int key)
{
	shmctl(shmget(key, 0, 0), IPC_RMID, NULL);
	msgctl(msgget(key, 0), IPC_RMID, NULL);
	semctl(semget(key, 0, 0), 0, IPC_RMID);
	mq_unlink(QNAME);
}

static int outer_msqid;

/* In a new namespace: nothing of the parent's is there, by key, id,
 * name or /proc; the same key makes new objects. */
static int fresh_namespace_child(void)
{
	unsigned long before = ipc_ino(0);

	CHECK(unshare(CLONE_NEWIPC) == 0);
	CHECK(ipc_ino(0) != before && ipc_ino(0) != 0);
	errno = 0;
	CHECK(msgget(KEY, 0) == -1 && errno == ENOENT);
	CHECK(semget(KEY, 0, 0) == -1 && errno == ENOENT);
	CHECK(shmget(KEY, 0, 0) == -1 && errno == ENOENT);
	CHECK(mq_open(QNAME, O_RDONLY) == (mqd_t)-1 && errno == ENOENT);
	CHECK(msgctl(outer_msqid, IPC_STAT, &(struct msqid_ds){ 0 }) == -1 &&
	      errno == EINVAL);
	CHECK(!sysvipc_lists("msg", KEY) && !sysvipc_lists("sem", KEY) &&
	      !sysvipc_lists("shm", KEY));
	CHECK(msgget(KEY, IPC_CREAT | IPC_EXCL | 0600) >= 0);
	CHECK(semget(KEY, 1, IPC_CREAT | IPC_EXCL | 0600) >= 0);
	CHECK(shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600) >= 0);
	CHECK(mq_open(QNAME, O_CREAT | O_EXCL | O_RDONLY, 0600, NULL) != (mqd_t)-1);
	CHECK(sysvipc_lists("msg", KEY) && sysvipc_lists("shm", KEY));
	return 0;			/* and they die with the namespace */
}

/* ids in one namespace are invisible in another: the parent's in the
 * child's, the child's (made with the same key) in the parent's. */
static int test_ids_invisible(void)
{
	struct msqid_ds ds;

	remove_all(KEY);
	CHECK(make_all(KEY) == 0);
	CHECK((outer_msqid = msgget(KEY, 0)) >= 0);
	if (in_child(fresh_namespace_child))
		return -1;
	/* Ours are still there, untouched; the child's never were. */
	CHECK(msgctl(outer_msqid, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1);
	CHECK(sysvipc_lists("msg", KEY) && sysvipc_lists("sem", KEY));
	CHECK(mq_unlink(QNAME) == 0);
	remove_all(KEY);
	CHECK(!sysvipc_lists("msg", KEY));
	return 0;
}

/* Both namespaces at once: a queue of one key in each, each with its
 * own message. */
static int test_same_key_distinct(void)
{
	struct msgbuf_k m = { 1, "outer" }, got;
	int sync[2], done[2], id = msgget(KEY, IPC_CREAT | 0600);
	pid_t pid;
	char c = 0;

	CHECK(id >= 0 && pipe(sync) == 0 && pipe(done) == 0);
	CHECK(msgsnd(id, &m, 6, 0) == 0);
	pid = fork();
	if (pid == 0) {
		struct msgbuf_k in = { 2, "inner" };
		int inner = unshare(CLONE_NEWIPC) ? -1 : msgget(KEY, IPC_CREAT | 0600);
		char c = inner >= 0 && msgsnd(inner, &in, 6, 0) == 0 ? 'y' : 'n';

		if (write(sync[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(2);
		_exit(msgrcv(inner, &got, sizeof(got.mtext), 0, IPC_NOWAIT) == 6 &&
		      got.mtype == 2 ? 0 : 1);
	}
	CHECK(read(sync[0], &c, 1) == 1 && c == 'y');
	/* Ours holds only "outer", type 1. */
	CHECK(msgrcv(id, &got, sizeof(got.mtext), 0, IPC_NOWAIT) == 6 &&
	      got.mtype == 1 && strcmp(got.mtext, "outer") == 0);
	errno = 0;
	CHECK(msgrcv(id, &got, sizeof(got.mtext), 0, IPC_NOWAIT) == -1 && errno == ENOMSG);
	CHECK(write(done[1], "g", 1) == 1);
	CHECK(tap_wait_status(pid) == 0);
	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
	return 0;
}

/* The limits files of a new namespace: Linux's defaults, whatever its
 * parent's are; set there, they bind there only. */
static int limits_child(void)
{
	struct mq_attr attr;
	struct shmid_ds ds;
	char sem[64], *p;
	mqd_t q;
	int id;

	CHECK(unshare(CLONE_NEWIPC) == 0);
	CHECK(read_long("/proc/sys/kernel/msgmax") == 8192);
	CHECK(read_long("/proc/sys/fs/mqueue/queues_max") == 256);
	CHECK(read_long("/proc/sys/kernel/shm_rmid_forced") == 0);
	CHECK(read_long("/proc/sys/kernel/msg_next_id") == -1);
	CHECK(procfs_write("/proc/sys/kernel/msgmni", "1") == 0);
	CHECK(procfs_write("/proc/sys/kernel/sem", "250 32000 32 5") == 0);
	CHECK(procfs_write("/proc/sys/fs/mqueue/msg_max", "3") == 0);
	CHECK(procfs_write("/proc/sys/kernel/msg_next_id", "77") == 0);
	CHECK(read_file("/proc/sys/kernel/sem", sem, sizeof(sem)) == 0 &&
	      strncmp(sem, "250\t32000\t32\t5", 14) == 0);
	CHECK(msgget(IPC_PRIVATE, 0600) == 77);
	errno = 0;
	CHECK(msgget(IPC_PRIVATE, 0600) == -1 && errno == ENOSPC);
	CHECK((q = mq_open(QNAME, O_CREAT | O_RDWR, 0600, NULL)) != (mqd_t)-1);
	CHECK(mq_getattr(q, &attr) == 0 && attr.mq_maxmsg == 3);
	/* shm_rmid_forced: a segment goes at its last detach. */
	CHECK(procfs_write("/proc/sys/kernel/shm_rmid_forced", "1") == 0);
	CHECK((id = shmget(IPC_PRIVATE, 4096, 0600)) >= 0);
	CHECK((p = shmat(id, NULL, 0)) != (void *)-1 && shmdt(p) == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
	return 0;
}

static int test_limits_per_ns(void)
{
	long msgmax = read_long("/proc/sys/kernel/msgmax");
	char sem[64];
	int id;

	CHECK(msgmax > 0 && read_file("/proc/sys/kernel/sem", sem, sizeof(sem)) == 0);
	CHECK(procfs_write("/proc/sys/kernel/msgmax", "4000") == 0);
	if (in_child(limits_child)) {
		procfs_write("/proc/sys/kernel/msgmax", "8192");
		return -1;
	}
	CHECK(read_long("/proc/sys/kernel/msgmax") == 4000);
	CHECK(procfs_write("/proc/sys/kernel/msgmax", "8192") == 0);
	CHECK(read_long("/proc/sys/kernel/msgmni") == 32000);
	CHECK(read_long("/proc/sys/fs/mqueue/msg_max") == 10);
	CHECK(read_long("/proc/sys/kernel/msg_next_id") == -1);
	CHECK(read_long("/proc/sys/kernel/shm_rmid_forced") == 0);
	id = msgget(IPC_PRIVATE, 0600);
	CHECK(id >= 0 && msgget(IPC_PRIVATE, 0600) >= 0);	/* not msgmni 1 */
	msgctl(id, IPC_RMID, NULL);
	msgctl(id + 1, IPC_RMID, NULL);
	return 0;
}

/* setns(2) into another process's IPC namespace finds its objects;
 * NS_GET_NSTYPE says what the file is. */
static int test_setns_join(void)
{
	unsigned long want;
	int sync[2], fd;
	pid_t holder, joiner;
	char c, path[64];

	CHECK(pipe(sync) == 0);
	holder = fork();
	if (holder == 0) {
		c = unshare(CLONE_NEWIPC) == 0 && msgget(KEY, IPC_CREAT | 0600) >= 0
		    ? 'y' : 'n';
		if (write(sync[1], &c, 1) == 1)
			pause();
		_exit(1);
	}
	CHECK(read(sync[0], &c, 1) == 1 && c == 'y');
	want = ipc_ino(holder);
	CHECK(want != ipc_ino(0) && want != 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)holder);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && ioctl(fd, NS_GET_NSTYPE) == CLONE_NEWIPC);
	errno = 0;
	CHECK(msgget(KEY, 0) == -1 && errno == ENOENT);
	joiner = fork();
	if (joiner == 0)
		_exit(setns(fd, CLONE_NEWIPC) == 0 && msgget(KEY, 0) >= 0 &&
		      ipc_ino(0) == want ? 0 : 1);
	CHECK(tap_wait_status(joiner) == 0);
	kill(holder, SIGKILL);
	tap_wait_status(holder);
	/* The open file keeps the namespace, and its queue, for a setns. */
	joiner = fork();
	if (joiner == 0)
		_exit(setns(fd, 0) == 0 && msgget(KEY, 0) >= 0 ? 0 : 1);
	CHECK(tap_wait_status(joiner) == 0);
	close(fd);
	return 0;
}

/* MemFree of /proc/meminfo in kB, -1 if unreadable. */
static long mem_free_kb(void)
{
	char buf[4096], *p;

	if (read_file("/proc/meminfo", buf, sizeof(buf)) || !(p = strstr(buf, "MemFree:")))
		return -1;
	return strtol(p + 8, NULL, 10);
}

/* Wait up to 3 s for MemFree to come back to @want kB or more. */
static long mem_free_back_to(long want)
{
	long now = mem_free_kb();

	for (int i = 0; i < 30 && now < want; i++) {
		usleep(100000);
		now = mem_free_kb();
	}
	return now;
}

/* @n children, each dying in a namespace of its own full of objects. */
static int ns_churn(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid == 0)
			_exit(unshare(CLONE_NEWIPC) || make_all(KEY) ? 1 : 0);
		if (tap_wait_status(pid) != 0)
			return -1;
	}
	return 0;
}

/* A namespace that dies takes its objects along: 200 of them, each with
 * a 64 KiB segment, cost 12.5 MiB if they stayed, and a dozen kmalloc
 * objects each (the namespace, its tables, queues, inodes, messages). */
static int test_ns_death_frees(void)
{
	long before, after, objs;

	CHECK(ns_churn(20) == 0);		/* the caches fill first */
	before = mem_free_kb();
	objs = procfs_slab_objects(NULL);
	CHECK(before > 0 && objs > 0 && ns_churn(200) == 0);
	after = mem_free_back_to(before - 256);
	if (after < before - 256)
		return tap_fail("MemFree %ld kB before 200 namespaces, %ld kB after",
				before, after);
	if (procfs_slab_objects(NULL) > objs + 100)
		return tap_fail("%ld kmalloc objects before 200 namespaces, %ld after",
				objs, procfs_slab_objects(NULL));
	errno = 0;
	CHECK(msgget(KEY, 0) == -1 && errno == ENOENT);
	CHECK(mq_open(QNAME, O_RDONLY) == (mqd_t)-1 && errno == ENOENT);
	return 0;
}

/* Without CAP_SYS_ADMIN: no new IPC namespace, no joining one (root's
 * child made it). */
static int test_eperm(void)
{
	pid_t pid = clone_flags(CLONE_NEWIPC);
	char path[64];
	int fd;

	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	fd = open(path, O_RDONLY);
	kill(pid, SIGKILL);
	tap_wait_status(pid);
	CHECK(fd >= 0);
	if (tap_become(STUDENT, 0))
		return -1;
	errno = 0;
	CHECK(unshare(CLONE_NEWIPC) == -1 && errno == EPERM);
	CHECK(clone_flags(CLONE_NEWIPC) == -1 && errno == EPERM);
	CHECK(setns(fd, CLONE_NEWIPC) == -1 && errno == EPERM);
	CHECK(clone_flags(CLONE_NEWIPC | CLONE_SYSVSEM) == -1 && errno == EPERM);
	return 0;
}

#define SEG_SIZE (4 << 20)

/* Leave a new namespace with its segment still attached: the segment,
 * and so the namespace, lives until the detach, and then goes. */
static int shm_survivor_child(void)
{
	int outer = open("/proc/self/ns/ipc", O_RDONLY), id;
	unsigned long inner_ino;
	long before, after;
	char *p;

	CHECK(outer >= 0 && unshare(CLONE_NEWIPC) == 0);
	inner_ino = ipc_ino(0);
	CHECK((id = shmget(KEY, SEG_SIZE, IPC_CREAT | 0600)) >= 0);
	CHECK((p = shmat(id, NULL, 0)) != (void *)-1);
	memset(p, 0xa5, SEG_SIZE);
	CHECK(setns(outer, CLONE_NEWIPC) == 0 && ipc_ino(0) != inner_ino);
	errno = 0;
	CHECK(shmget(KEY, 0, 0) == -1 && errno == ENOENT);
	CHECK(p[0] == (char)0xa5 && p[SEG_SIZE - 1] == (char)0xa5);
	p[1] = 1;				/* still writable */
	before = mem_free_kb();
	CHECK(shmdt(p) == 0);
	after = mem_free_back_to(before + SEG_SIZE / 1024 / 2);
	if (after < before + SEG_SIZE / 1024 / 2)
		return tap_fail("MemFree %ld kB before the detach, %ld kB after",
				before, after);
	return 0;
}

static int test_shm_survives_ns(void)
{
	return in_child(shm_survivor_child);
}

/* unshare(CLONE_NEWIPC) leaves the SEM_UNDO records: their adjustments
 * are undone in the namespace left, at once. clone cannot both share
 * them and make a new namespace. */
static int test_sem_undo_detached(void)
{
	struct sembuf up = { 0, 1, SEM_UNDO };
	int id = semget(IPC_PRIVATE, 1, 0600), sync[2], done[2];
	pid_t pid;
	char c;

	CHECK(id >= 0 && pipe(sync) == 0 && pipe(done) == 0);
	pid = fork();
	if (pid == 0) {
		c = semop(id, &up, 1) == 0 && semctl(id, 0, GETVAL) == 1 &&
		    unshare(CLONE_NEWIPC) == 0 ? 'y' : 'n';
		if (write(sync[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	CHECK(read(sync[0], &c, 1) == 1 && c == 'y');
	CHECK(semctl(id, 0, GETVAL) == 0);	/* undone, the child alive */
	CHECK(write(done[1], "g", 1) == 1 && tap_wait_status(pid) == 0);
	CHECK(semctl(id, 0, GETVAL) == 0);
	semctl(id, 0, IPC_RMID);
	errno = 0;
	CHECK(clone_flags(CLONE_NEWIPC | CLONE_SYSVSEM) == -1 && errno == EINVAL);
	return 0;
}

/* Does directory @dir hold @name and nothing else (readdir)? */
static int dir_lists_only(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0, found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		found |= !strcmp(e->d_name, name);
	}
	closedir(d);
	return n == 1 && found;
}

/* mount -t mqueue in a new namespace shows that namespace's queues. */
static int mqueue_mount_child(void)
{
	struct stat st;

	CHECK(unshare(CLONE_NEWIPC | CLONE_NEWNS) == 0);
	CHECK(mkdir("/tmp/ipcns-mq", 0755) == 0 || errno == EEXIST);
	CHECK(mount("none", "/tmp/ipcns-mq", "mqueue", 0, NULL) == 0);
	CHECK(stat("/tmp/ipcns-mq" QNAME, &st) == -1 && errno == ENOENT);
	CHECK(mq_open("/inner", O_CREAT | O_RDONLY, 0600, NULL) != (mqd_t)-1);
	CHECK(stat("/tmp/ipcns-mq/inner", &st) == 0);
	CHECK(dir_lists_only("/tmp/ipcns-mq", "inner"));
	CHECK(unlink("/tmp/ipcns-mq/inner") == 0);
	CHECK(mq_unlink("/inner") == -1 && errno == ENOENT);
	CHECK(umount("/tmp/ipcns-mq") == 0);
	return 0;
}

/* A mount of a namespace's mqueue instance outlives the namespace: its
 * queues stay there, no new one can be made (EACCES), and it unmounts. */
static int mqueue_orphan_child(void)
{
	const char *dir = "/tmp/ipcns-mq";
	pid_t pid;
	int fd;

	CHECK(unshare(CLONE_NEWNS) == 0);
	CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST);
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWIPC) == 0 &&
		      mount("none", dir, "mqueue", 0, NULL) == 0 &&
		      mq_open("/gone", O_CREAT | O_RDONLY, 0600, NULL) != (mqd_t)-1
		      ? 0 : 1);
	CHECK(tap_wait_status(pid) == 0);
	CHECK(access("/tmp/ipcns-mq/gone", F_OK) == 0);
	errno = 0;
	fd = open("/tmp/ipcns-mq/new", O_CREAT | O_RDWR, 0600);
	CHECK(fd == -1 && errno == EACCES);
	CHECK(umount(dir) == 0);
	return 0;
}

static int test_mqueue_mount(void)
{
	mqd_t q = mq_open(QNAME, O_CREAT | O_RDONLY, 0600, NULL);
	int ret;

	CHECK(q != (mqd_t)-1);
	ret = in_child(mqueue_mount_child) ?: in_child(mqueue_orphan_child);
	mq_close(q);
	mq_unlink(QNAME);
	rmdir("/tmp/ipcns-mq");
	return ret;
}

/* The boot namespace's number, and a new one for a clone with the flag. */
static int test_ns_links(void)
{
	pid_t pid;

	CHECK(ipc_ino(0) == IPC_INIT_INO);
	pid = clone_flags(CLONE_NEWIPC);
	if (pid == 0)
		_exit(ipc_ino(0) != IPC_INIT_INO && ipc_ino(0) != 0 ? 0 : 1);
	CHECK(pid > 0 && tap_wait_status(pid) == 0);
	return 0;
}

/* A queue still open when its namespace (and so its mqueue instance)
 * dies: usable until closed, and the close frees it (the instance went
 * first, and the queue's inode then used its freed super block: a KASAN
 * report in the fuzzer's seed 55). */
static int test_queue_outlives_ns(void)
{
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		int old = open("/proc/self/ns/ipc", O_RDONLY);
		mqd_t q;

		if (old < 0 || unshare(CLONE_NEWIPC) != 0)
			_exit(1);
		q = mq_open(QNAME, O_CREAT | O_RDWR, 0600, NULL);
		if (q == (mqd_t)-1 || setns(old, CLONE_NEWIPC) != 0)
			_exit(2);	/* the new namespace is gone now */
		if (mq_send(q, "x", 1, 0) != 0)
			_exit(3);
		_exit(mq_close(q) == 0 ? 0 : 4);
	}
	CHECK(tap_wait_status(pid) == 0);
	return 0;
}

/* A fanotify mark on a namespace's mqueue mount (FAN_MARK_MOUNT: here
 * the mark of the instance's super block) goes at the latest with the
 * instance, when the namespace dies: it would name a freed super block
 * (its fdinfo line read it). */
static int fanotify_orphan_child(void)
{
	const char *dir = "/tmp/ipcns-mq";
	char path[64], buf[512];
	int old = open("/proc/self/ns/ipc", O_RDONLY);
	int fan = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);

	CHECK(old >= 0 && fan >= 0);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fan);
	CHECK(unshare(CLONE_NEWIPC | CLONE_NEWNS) == 0);
	CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST);
	CHECK(mount("none", dir, "mqueue", 0, NULL) == 0);
	CHECK(fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD,
			    dir) == 0);
	CHECK(procfs_read(path, buf, sizeof(buf)) > 0 && strstr(buf, "fanotify sdev:"));
	CHECK(umount(dir) == 0);
	CHECK(setns(old, CLONE_NEWIPC) == 0);	/* the namespace dies */
	CHECK(procfs_read(path, buf, sizeof(buf)) > 0 && !strstr(buf, "fanotify sdev:"));
	return 0;
}

static int test_fanotify_mark_outlives_ns(void)
{
	int ret = in_child(fanotify_orphan_child);

	rmdir("/tmp/ipcns-mq");
	return ret;
}

#define T(name) { #name, test_##name }
static const struct tap_test tests[] = {
	T(ns_links),
	T(ids_invisible),
	T(same_key_distinct),
	T(limits_per_ns),
	T(setns_join),
	T(eperm),
	T(sem_undo_detached),
	T(mqueue_mount),
	T(shm_survives_ns),
	T(ns_death_frees),
	T(queue_outlives_ns),
	T(fanotify_mark_outlives_ns),
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run_as_root("ipcnstests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
