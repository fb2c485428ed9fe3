/*
 * /proc/sys: the kernel's tunables as one-line text files, Linux's sysctl
 * tree (fs/proc/proc_sysctl.c): fs/ (pipe, AIO, lease, fd limits; inotify/,
 * mqueue/), kernel/ (uname's names, pids, core_pattern, the log's, IPC's,
 * perf's and bpf's limits; keys/, random/), net/ipv4 and vm/ (huge pages,
 * userfaultfd); docs/syscalls.md lists them. An entry says how to show its
 * value and, if writable, how to store one (seq_file_fops does the rest).
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/keys/keys.h"
#include "kernel/fs/aio/aio.h"
#include "kernel/fs/coredump.h"
#include "kernel/bpf/bpf.h"
#include "kernel/cred.h"
#include "kernel/events/perf_event.h"
#include "kernel/fs/locks.h"
#include "kernel/fs/notify/inotify.h"
#include "kernel/fs/pipe_fs_i.h"
#include "asm/memlayout.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/ipc/msg.h"
#include "kernel/ipc/sem.h"
#include "kernel/ipc/shm.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/ipc/util.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/userfaultfd_k.h"
#include "kernel/net/net.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/power.h"
#include "kernel/printk/printk.h"
#include "kernel/ns/utsname.h"
#include "kernel/random.h"
#include "kernel/sched/sched.h"
#include "kernel/version.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static int pid_max_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", PID_MAX_DEFAULT);
	return 0;
}

/* ns_last_pid: the last pid handed out in the reader's pid namespace;
 * writing one (CAP_SYS_ADMIN) makes the next fork try the number after
 * it, as checkpoint/restore tools do. */
static int ns_last_pid_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(task_active_pid_ns(current)->last_pid));
	return 0;
}

static int ns_last_pid_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtoint(buf, 10, &v) || v < 0 || v >= PID_MAX_DEFAULT)
		return -EINVAL;
	pid_ns_set_last_pid(task_active_pid_ns(current), v);
	return 0;
}

/* Linux's default: as many threads as would fill an eighth of memory with
 * kernel stacks; never more than there are pids. */
static int threads_max_show(struct seq_buf *m, void *unused)
{
	u64 n = nr_managed_pages() * PAGE_SIZE / (THREAD_SIZE * 8);

	n = MIN(MAX(n, 20), (u64)PID_MAX_DEFAULT);
	seq_printf(m, "%llu\n", (unsigned long long)n);
	return 0;
}

static int hostname_show(struct seq_buf *m, void *unused)
{
	char name[__NEW_UTS_LEN + 1];

	get_hostname(name, sizeof(name));
	seq_printf(m, "%s\n", name);
	return 0;
}

static int hostname_store(void *unused, const char *buf, size_t len)
{
	return set_hostname(buf, len);
}

static int domainname_show(struct seq_buf *m, void *unused)
{
	char name[__NEW_UTS_LEN + 1];

	get_domainname(name, sizeof(name));
	seq_printf(m, "%s\n", name);
	return 0;
}

static int domainname_store(void *unused, const char *buf, size_t len)
{
	return set_domainname(buf, len);
}

static int core_pattern_show(struct seq_buf *m, void *unused)
{
	char pattern[CORENAME_MAX_SIZE];

	get_core_pattern(pattern);
	seq_printf(m, "%s\n", pattern);
	return 0;
}

static int core_pattern_store(void *unused, const char *buf, size_t len)
{
	set_core_pattern(buf, len);
	return 0;
}

static int tainted_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%lu\n", get_taint());
	return 0;
}

static int kptr_restrict_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", get_kptr_restrict());
	return 0;
}

static int kptr_restrict_store(void *unused, const char *buf, size_t len)
{
	int v;

	return kstrtoint(buf, 10, &v) ? -EINVAL : set_kptr_restrict(v);
}

static int printk_show(struct seq_buf *m, void *unused)
{
	int lv[4];

	console_levels_get(lv);
	seq_printf(m, "%d\t%d\t%d\t%d\n", lv[0], lv[1], lv[2], lv[3]);
	return 0;
}

/* One to four numbers, separated by blanks: the first levels, in order. */
static int printk_store(void *unused, const char *buf, size_t len)
{
	int lv[4], n = 0;
	char word[16];

	while (len && n < 4) {
		size_t w = 0;

		for (; len && (*buf == ' ' || *buf == '\t' || *buf == '\n'); len--)
			buf++;
		for (; len && *buf != ' ' && *buf != '\t' && *buf != '\n'; len--, buf++)
			if (w < sizeof(word) - 1)
				word[w++] = *buf;
		if (!w)
			break;
		word[w] = '\0';
		if (w == sizeof(word) - 1 || kstrtoint(word, 10, &lv[n++]))
			return -EINVAL;
	}
	if (!n)
		return -EINVAL;
	console_levels_set(lv, n);
	return 0;
}

static int dmesg_restrict_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(dmesg_restrict));
	return 0;
}

/* 0 or 1, and only CAP_SYS_ADMIN may change it (Linux's
 * proc_dointvec_minmax_sysadmin()). */
static int dmesg_restrict_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtoint(buf, 10, &v) || v < 0 || v > 1)
		return -EINVAL;
	WRITE_ONCE(dmesg_restrict, v);
	return 0;
}

/* The variable of the /proc/sys file @pi stands for (entry->data). */
static void *ctl_data(void *pi)
{
	return ((struct proc_inode *)pi)->entry->data;
}

/* A constant string, read-only (Linux's proc_dostring on a const). */
static int string_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, "%s\n", (const char *)ctl_data(pi));
	return 0;
}

/* An unsigned int or long tunable (proc_douintvec, proc_doulongvec_minmax). */
static int uint_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, "%u\n", READ_ONCE(*(unsigned int *)ctl_data(pi)));
	return 0;
}

static int uint_store(void *pi, const char *buf, size_t len)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v))
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)ctl_data(pi), v);
	return 0;
}

static int ulong_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, "%lu\n", READ_ONCE(*(unsigned long *)ctl_data(pi)));
	return 0;
}

static int ulong_store(void *pi, const char *buf, size_t len)
{
	u64 n;

	if (kstrtoull(buf, 10, &n))
		return -EINVAL;
	WRITE_ONCE(*(unsigned long *)ctl_data(pi), (unsigned long)n);
	return 0;
}

/* A System V IPC limit's file: @kind_limit_get() and _set() (kernel/ipc/). */
#define IPC_LIMIT_FILE(name, kind, which) \
	static int name##_show(struct seq_buf *m, void *unused) \
	{ return ipc_limit_show(m, kind##_limit_get(which)); } \
	static int name##_store(void *unused, const char *buf, size_t len) \
	{ u64 v; return kstrtoull(buf, 10, &v) ? -EINVAL : kind##_limit_set(which, v); }

static int ipc_limit_show(struct seq_buf *m, u64 v)
{
	seq_printf(m, "%llu\n", (unsigned long long)v);
	return 0;
}

IPC_LIMIT_FILE(shmmax, shm, SHM_CTLMAX)
IPC_LIMIT_FILE(shmall, shm, SHM_CTLALL)
IPC_LIMIT_FILE(shmmni, shm, SHM_CTLMNI)
IPC_LIMIT_FILE(shm_rmid_forced, shm, SHM_RMID_FORCED)
IPC_LIMIT_FILE(msgmax, msg, MSG_CTLMAX)
IPC_LIMIT_FILE(msgmnb, msg, MSG_CTLMNB)
IPC_LIMIT_FILE(msgmni, msg, MSG_CTLMNI)

/* The next id a new System V object of @which gets (kernel/ipc/util.c). */
#define IPC_NEXT_ID_FILE(kind, which) \
	static int kind##_next_id_show(struct seq_buf *m, void *unused) \
	{ return ipc_next_id_show(m, which); } \
	static int kind##_next_id_store(void *unused, const char *buf, size_t len) \
	{ return ipc_next_id_store(which, buf); }

IPC_NEXT_ID_FILE(msg, IPC_MSG_IDS)
IPC_NEXT_ID_FILE(sem, IPC_SEM_IDS) IPC_NEXT_ID_FILE(shm, IPC_SHM_IDS)

/* A 0644 file on unsigned int or unsigned long variable @var. */
#define CTL_UINT(n, var) { .name = n, .mode = S_IFREG | 0644, \
			   .show = uint_show, .store = uint_store, .data = &(var) }
#define CTL_ULONG(n, var) { .name = n, .mode = S_IFREG | 0644, \
			    .show = ulong_show, .store = ulong_store, .data = &(var) }
#define CTL_STRING(n, str) { .name = n, .mode = S_IFREG | 0444, \
			     .show = string_show, .data = (void *)(str) }
#define CTL_FILE(n, perm, sh, st) { .name = n, .mode = S_IFREG | (perm), \
				   .show = sh, .store = st }

/* Inode numbers of /proc/sys: a block of their own past the root's. */
#define PROC_SYS_INO(i) (PROC_SYS_INO_BASE + (i))

/* A directory of /proc/sys listing @table, its entries' inodes from
 * @ino0 on: @name_lookup(), @name_readdir() and @name_dir_iops. */
#define SYSCTL_DIR(name, table, ino0) \
	static struct inode *name##_lookup(struct inode *dir, const char *n, size_t len) \
	{ return proc_lookup_table(table, ARRAY_SIZE(table), n, len, \
				   &(struct proc_inode){ .fd = -1 }, ino0); } \
	static int name##_readdir(struct inode *dir, struct dir_context *ctx) \
	{ proc_readdir_table(ctx, table, ARRAY_SIZE(table), ino0); return 0; } \
	static const struct inode_operations name##_dir_iops __attribute__((unused)) = { \
		.lookup = name##_lookup, .readdir = name##_readdir }

/*
 * /proc/sys/kernel/random: Linux 6.1's answers for a generator that never
 * runs dry (kernel/char/random.c). The two writable ones are kept for the
 * programs that set them and, as in 6.1, change nothing.
 */
static unsigned int urandom_min_reseed_secs = 60;
static unsigned int write_wakeup_threshold = RANDOM_POOL_BITS;

static int pool_bits_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", RANDOM_POOL_BITS);
	return 0;
}

static void uuid_show(struct seq_buf *m, const u8 *u)
{
	seq_printf(m, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		   "%02x%02x%02x%02x%02x%02x\n", u[0], u[1], u[2], u[3], u[4],
		   u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		   u[14], u[15]);
}

static int boot_id_show(struct seq_buf *m, void *unused)
{
	u8 u[16];

	get_boot_id(u);
	uuid_show(m, u);
	return 0;
}

/* A new UUID at every open (the file is rendered at open). */
static int uuid_file_show(struct seq_buf *m, void *unused)
{
	u8 u[16];

	generate_random_uuid(u);
	uuid_show(m, u);
	return 0;
}

static const struct proc_entry random_entries[] = {
	CTL_FILE("boot_id", 0444, boot_id_show, NULL),
	CTL_FILE("entropy_avail", 0444, pool_bits_show, NULL),
	CTL_FILE("poolsize", 0444, pool_bits_show, NULL),
	CTL_UINT("urandom_min_reseed_secs", urandom_min_reseed_secs),
	CTL_FILE("uuid", 0444, uuid_file_show, NULL),
	CTL_UINT("write_wakeup_threshold", write_wakeup_threshold),
};

#define RANDOM_FILE_INO(i) PROC_SYS_INO(0x70 + (i))

SYSCTL_DIR(random, random_entries, RANDOM_FILE_INO(0));

/* /proc/sys/kernel/keys: the key quotas (kernel/keys/key.c); gc_delay
 * and persistent_keyring_expiry are kept for the programs that read
 * them (Taskbase frees a key at its last reference, and has no
 * persistent keyrings). */
static const struct proc_entry keys_entries[] = {
	CTL_UINT("gc_delay", key_gc_delay),
	CTL_UINT("maxbytes", key_quota_maxbytes),
	CTL_UINT("maxkeys", key_quota_maxkeys),
	CTL_UINT("persistent_keyring_expiry", persistent_keyring_expiry),
	CTL_UINT("root_maxbytes", key_quota_root_maxbytes),
	CTL_UINT("root_maxkeys", key_quota_root_maxkeys),
};

#define KEYS_FILE_INO(i) PROC_SYS_INO(0x78 + (i))

SYSCTL_DIR(keys, keys_entries, KEYS_FILE_INO(0));

/* Sorted as ls shows them. */
static const struct proc_entry kern_entries[] = {
	CTL_FILE("core_pattern", 0644, core_pattern_show, core_pattern_store),
	CTL_UINT("core_uses_pid", core_uses_pid),
	CTL_UINT("ctrl-alt-del", ctrl_alt_del_reboots),
	CTL_FILE("dmesg_restrict", 0644, dmesg_restrict_show, dmesg_restrict_store),
	CTL_FILE("domainname", 0644, domainname_show, domainname_store),
	CTL_FILE("hostname", 0644, hostname_show, hostname_store),
	{ .name = "keys", .mode = S_IFDIR | 0555, .iops = &keys_dir_iops },
	CTL_FILE("kptr_restrict", 0644, kptr_restrict_show, kptr_restrict_store),
	CTL_FILE("msg_next_id", 0644, msg_next_id_show, msg_next_id_store),
	CTL_FILE("msgmax", 0644, msgmax_show, msgmax_store),
	CTL_FILE("msgmnb", 0644, msgmnb_show, msgmnb_store),
	CTL_FILE("msgmni", 0644, msgmni_show, msgmni_store),
	CTL_FILE("ns_last_pid", 0666, ns_last_pid_show, ns_last_pid_store),
	CTL_STRING("osrelease", UTS_RELEASE),
	CTL_STRING("ostype", UTS_SYSNAME),
	PERF_SYSCTL_FILES,
	CTL_FILE("pid_max", 0444, pid_max_show, NULL),
	CTL_FILE("printk", 0644, printk_show, printk_store),
	{ .name = "random", .mode = S_IFDIR | 0555, .iops = &random_dir_iops },
	SCHED_SYSCTL_FILES,
	CTL_FILE("sem", 0644, sem_limits_show, sem_limits_store),
	CTL_FILE("sem_next_id", 0644, sem_next_id_show, sem_next_id_store),
	CTL_FILE("shm_next_id", 0644, shm_next_id_show, shm_next_id_store),
	CTL_FILE("shm_rmid_forced", 0644, shm_rmid_forced_show, shm_rmid_forced_store),
	CTL_FILE("shmall", 0644, shmall_show, shmall_store),
	CTL_FILE("shmmax", 0644, shmmax_show, shmmax_store),
	CTL_FILE("shmmni", 0644, shmmni_show, shmmni_store),
	CTL_FILE("tainted", 0444, tainted_show, NULL),
	CTL_FILE("threads-max", 0444, threads_max_show, NULL),
	BPF_SYSCTL_FILES,
	CTL_STRING("version", UTS_VERSION),
};

#define SYS_DIR_INO0 PROC_SYS_INO(0x9c)	/* fs, kernel, net, vm */
#define KERN_FILE_INO(i) PROC_SYS_INO(2 + (i))

SYSCTL_DIR(kern, kern_entries, KERN_FILE_INO(0));

/*
 * Linux's per-user pipe limits, in pages (soft: past it a user's new
 * pipes get two pages; hard: no more pipes). Taskbase counts no pipe
 * pages per user: the values are kept for programs that read them, with
 * Linux's defaults, and nothing acts on them.
 */
static unsigned long pipe_user_pages_hard;
static unsigned long pipe_user_pages_soft = 16384;

static int pipe_max_size_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%u\n", READ_ONCE(pipe_max_size));
	return 0;
}

/* Root only, by the mode; rounded up as a pipe size (Linux's rule). */
static int pipe_max_size_store(void *unused, const char *buf, size_t len)
{
	unsigned int v;
	u32 size;

	if (kstrtouint(buf, 10, &v))
		return -EINVAL;
	size = round_pipe_size(v);
	if (!size)
		return -EINVAL;
	WRITE_ONCE(pipe_max_size, size);
	return 0;
}

/* aio-nr: the events of the live AIO contexts (kernel/fs/aio/aio.c). */
static int aio_nr_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%lu\n", READ_ONCE(aio_nr));
	return 0;
}

/* nr_open: the most descriptors a table may have (kernel/fs/fdtable.c);
 * root may lower it, to 64 at least (Linux's BITS_PER_LONG). */
static int nr_open_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%u\n", READ_ONCE(sysctl_nr_open));
	return 0;
}

static int nr_open_store(void *unused, const char *buf, size_t len)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v < 64 || v > NR_OPEN_MAX)
		return -EINVAL;
	WRITE_ONCE(sysctl_nr_open, v);
	return 0;
}

/* /proc/sys/fs/inotify: inotify's limits (kernel/fs/notify/inotify_user.c). */
static const struct proc_entry inotify_entries[] = {
	CTL_UINT("max_queued_events", inotify_max_queued_events),
	CTL_UINT("max_user_instances", inotify_max_user_instances),
	CTL_UINT("max_user_watches", inotify_max_user_watches),
};

#define INOTIFY_FILE_INO(i) PROC_SYS_INO(0x90 + (i))

SYSCTL_DIR(inotify, inotify_entries, INOTIFY_FILE_INO(0));

/* /proc/sys/fs/mqueue: POSIX message queues' limits (kernel/ipc/mqueue.c). */
#define MQ_LIMIT_FILE(name, which) \
	static int name##_show(struct seq_buf *m, void *unused) \
	{ return ipc_limit_show(m, mq_limit_get(which)); } \
	static int name##_store(void *unused, const char *buf, size_t len) \
	{ u64 v; return kstrtoull(buf, 10, &v) ? -EINVAL : mq_limit_set(which, v); }

MQ_LIMIT_FILE(mq_msg_max, MQ_MSG_MAX)
MQ_LIMIT_FILE(mq_msgsize_max, MQ_MSGSIZE_MAX)
MQ_LIMIT_FILE(mq_queues_max, MQ_QUEUES_MAX)
MQ_LIMIT_FILE(mq_msg_default, MQ_MSG_DEFAULT)
MQ_LIMIT_FILE(mq_msgsize_default, MQ_MSGSIZE_DEFAULT)

static const struct proc_entry mqueue_entries[] = {
	CTL_FILE("msg_default", 0644, mq_msg_default_show, mq_msg_default_store),
	CTL_FILE("msg_max", 0644, mq_msg_max_show, mq_msg_max_store),
	CTL_FILE("msgsize_default", 0644, mq_msgsize_default_show, mq_msgsize_default_store),
	CTL_FILE("msgsize_max", 0644, mq_msgsize_max_show, mq_msgsize_max_store),
	CTL_FILE("queues_max", 0644, mq_queues_max_show, mq_queues_max_store),
};

#define MQUEUE_FILE_INO(i) PROC_SYS_INO(0x50 + (i))

SYSCTL_DIR(mqueue, mqueue_entries, MQUEUE_FILE_INO(0));

/* /proc/sys/fs: the AIO events (kernel/fs/aio/aio.c), inotify's
 * directory, the pipe limits (pipe-max-size: kernel/fs/pipe/pipe.c), the
 * time a lease holder has (kernel/fs/locks.c), the descriptor cap, and the
 * directory mqueue. */
static const struct proc_entry fs_entries[] = {
	CTL_ULONG("aio-max-nr", aio_max_nr),
	CTL_FILE("aio-nr", 0444, aio_nr_show, NULL),
	{ .name = "inotify", .mode = S_IFDIR | 0555, .iops = &inotify_dir_iops },
	CTL_UINT("lease-break-time", lease_break_time),
	{ .name = "mqueue", .mode = S_IFDIR | 0555, .iops = &mqueue_dir_iops },
	CTL_FILE("nr_open", 0644, nr_open_show, nr_open_store),
	CTL_FILE("pipe-max-size", 0644, pipe_max_size_show, pipe_max_size_store),
	CTL_ULONG("pipe-user-pages-hard", pipe_user_pages_hard),
	CTL_ULONG("pipe-user-pages-soft", pipe_user_pages_soft),
	{ .name = "suid_dumpable", .mode = S_IFREG | 0444, .show = uint_show,
	  .data = &suid_dumpable },
};

#define FS_FILE_INO(i) PROC_SYS_INO(0x41 + (i))

SYSCTL_DIR(fs, fs_entries, FS_FILE_INO(0));

/* /proc/sys/net/ipv4: conf/ (proc_sysctl_net.c), ports (inet_proc.c). */
static const struct proc_entry ipv4_entries[] = {
	{ .name = "conf", .mode = S_IFDIR | 0555, .iops = &ipv4_conf_dir_iops },
	CTL_FILE("ip_local_port_range", 0644, ip_local_port_range_show,
		 ip_local_port_range_store),
};

#define IPV4_FILE_INO(i) PROC_SYS_INO(0x61 + (i))
SYSCTL_DIR(ipv4, ipv4_entries, IPV4_FILE_INO(0));

static const struct proc_entry net_entries[] = {
	{ .name = "ipv4", .mode = S_IFDIR | 0555, .iops = &ipv4_dir_iops },
};

#define NET_DIR_INO0 PROC_SYS_INO(0x60)

SYSCTL_DIR(net, net_entries, NET_DIR_INO0);

/* nr_hugepages: the huge page pool's size (kernel/mm/hugetlb.c); a
 * write sets it as far as memory allows, and reads back what it got. */
static int nr_hugepages_show(struct seq_buf *m, void *unused)
{
	struct hugetlb_counts h;

	hugetlb_counts(&h);
	seq_printf(m, "%lu\n", (unsigned long)h.total);
	return 0;
}

static int nr_hugepages_store(void *unused, const char *buf, size_t len)
{
	u64 n;

	if (kstrtoull(buf, 10, &n))
		return -EINVAL;
	hugetlb_set_pool(n);
	return 0;
}

/* drop_caches: no caches to drop (ramfs pages are the files' only copy);
 * taken, as LTP's hugepage set-up writes it. Write-only (0200). */
static int drop_caches_show(struct seq_buf *m, void *unused)
{
	return 0;
}

static int drop_caches_store(void *unused, const char *buf, size_t len)
{
	unsigned int v;

	return kstrtouint(buf, 10, &v) || v < 1 || v > 4 ? -EINVAL : 0;
}

/* /proc/sys/vm: the page allocator's reserve, the huge page pool; who
 * may make a userfaultfd (kernel/mm/userfaultfd.c). */
static const struct proc_entry vm_entries[] = {
	CTL_FILE("drop_caches", 0200, drop_caches_show, drop_caches_store),
	CTL_UINT("min_free_kbytes", min_free_kbytes),
	CTL_FILE("nr_hugepages", 0644, nr_hugepages_show, nr_hugepages_store),
	CTL_UINT("unprivileged_userfaultfd", sysctl_unprivileged_userfaultfd),
};

#define VM_FILE_INO(i) PROC_SYS_INO(0xa1 + (i))

SYSCTL_DIR(vm, vm_entries, VM_FILE_INO(0));

/* /proc/sys itself holds four directories. */
static const struct proc_entry sys_entries[] = {
	{ .name = "fs", .mode = S_IFDIR | 0555, .iops = &fs_dir_iops },
	{ .name = "kernel", .mode = S_IFDIR | 0555, .iops = &kern_dir_iops },
	{ .name = "net", .mode = S_IFDIR | 0555, .iops = &net_dir_iops },
	{ .name = "vm", .mode = S_IFDIR | 0555, .iops = &vm_dir_iops },
};

SYSCTL_DIR(sys, sys_entries, SYS_DIR_INO0);
const struct inode_operations proc_sys_dir_iops = {
	.lookup = sys_lookup,
	.readdir = sys_readdir,
};
