/*
 * Self-tests for /proc: the listing, the symlinks, every format the tools
 * parse (status field order, stat's 52 fields, the system files), the
 * errors (ENOENT, EACCES), and a file that stays readable while its task
 * exits and is reaped. They run in pid 1, a kernel thread, before user
 * space exists; the user-process files are checked by
 * tests/integration/test_proc.py.
 */
#include "kernel/fork.h"
#include "lib/ctype.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/mm/mm.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/sched/sched.h"
#include "kernel/mm/slab.h"
#include "kernel/tasklist.h"
#include "kernel/fs/vfs_test.h"
#include "kernel/sched/wait.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define BIG 8192

static void proc_test_enter(struct vfs_test_env *env)
{
	vfs_test_enter(env);
	proc_root_init();
}

/* A symlink's target (not followed) into @buf, or "" if none. */
static void kt_readlink(const char *path, char *buf, size_t size)
{
	struct dentry *d = path_lookup(path, 0);
	const char *target = NULL;
	size_t len = 0;

	buf[0] = '\0';
	if (IS_ERR(d))
		return;
	if (S_ISLNK(d->d_inode->i_mode) && d->d_inode->i_op->get_link)
		target = d->d_inode->i_op->get_link(d->d_inode, &len);
	if (target && len < size) {
		memcpy(buf, target, len);
		buf[len] = '\0';
	}
	dput(d);
}

/* The value after "@name:\t" in a status-style @text, or NULL. */
static const char *field(const char *text, const char *name, char *val,
			 size_t size)
{
	size_t n = strlen(name);
	const char *l = text;

	while (l && *l) {
		if (!strncmp(l, name, n) && l[n] == ':' && l[n + 1] == '\t') {
			const char *v = l + n + 2, *e = strchr(v, '\n');
			size_t len = MIN(e ? (size_t)(e - v) : strlen(v), size - 1);

			memcpy(val, v, len);
			val[len] = '\0';
			return val;
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return NULL;
}

KTEST(proc_root_listing)
{
	struct vfs_test_env env;
	struct kt_names *all = kzalloc(sizeof(*all), GFP_KERNEL);
	struct kt_names *part = kzalloc(sizeof(*part), GFP_KERNEL);
	struct file *f;
	int total = 0;

	proc_test_enter(&env);
	f = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	all->ctx.actor = kt_collect;
	KT_EXPECT(t, vfs_readdir(f, &all->ctx) == 0);
	KT_EXPECT(t, kt_listed(all, "self") && kt_listed(all, "thread-self"));
	KT_EXPECT(t, kt_listed(all, "meminfo") && kt_listed(all, "cpuinfo"));
	KT_EXPECT(t, kt_listed(all, "sysrq-trigger"));
	KT_EXPECT(t, kt_listed(all, "1") && kt_listed(all, "2"));
	KT_EXPECT(t, !kt_listed(all, "0"));
	/* The same names again, three per call: the position resumes. */
	KT_EXPECT(t, vfs_llseek(f, 0, SEEK_SET) == 0);
	for (int round = 0; round < 40; round++) {
		memset(part, 0, sizeof(*part));
		part->ctx.actor = kt_collect;
		part->ctx.pos = f->f_pos;
		part->max = 3;
		vfs_readdir(f, &part->ctx);
		f->f_pos = part->ctx.pos;
		total += part->n;
		if (part->n == 0)
			break;
	}
	KT_EXPECTF(t, total == all->n, "%d names in pieces, %d at once",
		   total, all->n);
	fput(f);
out:
	kfree(all);
	kfree(part);
	vfs_test_leave(&env);
}

KTEST(proc_self_and_errors)
{
	struct vfs_test_env env;
	char buf[64], want[64];

	proc_test_enter(&env);
	kt_readlink("/proc/self", buf, sizeof(buf));
	scnprintf(want, sizeof(want), "%d", current->tgid);
	KT_EXPECTF(t, !strcmp(buf, want), "self -> %s", buf);
	kt_readlink("/proc/thread-self", buf, sizeof(buf));
	scnprintf(want, sizeof(want), "%d/task/%d", current->tgid, current->pid);
	KT_EXPECTF(t, !strcmp(buf, want), "thread-self -> %s", buf);
	KT_EXPECT(t, kt_lookup_err("/proc/self/status", 0) == 0);
	KT_EXPECT(t, kt_lookup_err("/proc/thread-self/stat", 0) == 0);
	KT_EXPECT(t, kt_lookup_err("/proc/self/task/1/maps", 0) == 0);
	KT_EXPECT(t, kt_lookup_err("/proc/self/task/1/task", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/proc/2/task/1", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/proc/99999", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/proc/0", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/proc/01", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/proc/self/nothing", 0) == -ENOENT);
	KT_EXPECT(t, kt_open_err("/proc/self/status", O_WRONLY) == -EACCES);
	KT_EXPECT(t, kt_open_err("/proc/meminfo", O_RDWR) == -EACCES);
	KT_EXPECT(t, kt_open_err("/proc/sysrq-trigger", O_RDONLY) == -EACCES);
	KT_EXPECT(t, kt_open_err("/proc/self", O_RDONLY | O_DIRECTORY) == 0);
	KT_EXPECT(t, kt_open_err("/proc/new", O_CREAT | O_WRONLY) < 0);
	KT_EXPECT(t, vfs_mkdir(NULL, "/proc/newdir", 0755) < 0);
	KT_EXPECT(t, kt_write_file("/proc/sysrq-trigger", O_WRONLY, "?") == 1);
	vfs_test_leave(&env);
}

/* Linux's status field names, in order, for a kernel thread (no Vm*). */
static const char *const kthread_status_fields[] = {
	"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid",
	"Uid", "Gid", "FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid",
	"Kthread", "Threads", "SigQ",
	"SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapInh", "CapPrm",
	"CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
	"Cpus_allowed", "Cpus_allowed_list", "voluntary_ctxt_switches",
	"nonvoluntary_ctxt_switches", "TaskStruct", "KStackBase", "KStackSize",
	"KStackUsed", "UStack", "Cpu",
};

KTEST(proc_status_fields)
{
	struct vfs_test_env env;
	char *text = kmalloc(BIG, GFP_KERNEL), val[40], want[40];
	const char *l;
	size_t i = 0;

	proc_test_enter(&env);
	KT_EXPECT(t, kt_read_file("/proc/self/status", text, BIG) > 0);
	for (l = text; *l && i < ARRAY_SIZE(kthread_status_fields); i++) {
		const char *name = kthread_status_fields[i];

		KT_EXPECTF(t, !strncmp(l, name, strlen(name)) &&
			   l[strlen(name)] == ':', "field %zu: want %s", i, name);
		l = strchr(l, '\n');
		if (!l)
			break;
		l++;
	}
	KT_EXPECT(t, i == ARRAY_SIZE(kthread_status_fields) && *l == '\0');
	scnprintf(want, sizeof(want), "0x%016lx", (unsigned long)current);
	KT_EXPECT(t, field(text, "TaskStruct", val, sizeof(val)) &&
		  !strcmp(val, want));
	KT_EXPECT(t, field(text, "KStackBase", val, sizeof(val)) &&
		  !strcmp(val, want));
	scnprintf(want, sizeof(want), "%d", THREAD_SIZE);
	KT_EXPECT(t, field(text, "KStackSize", val, sizeof(val)) &&
		  !strcmp(val, want));
	KT_EXPECT(t, field(text, "UStack", val, sizeof(val)) &&
		  !strcmp(val, "-"));
	KT_EXPECT(t, field(text, "Kthread", val, sizeof(val)) &&
		  !strcmp(val, "1"));
	KT_EXPECT(t, field(text, "State", val, sizeof(val)) &&
		  !strcmp(val, "R (running)"));
	KT_EXPECT(t, field(text, "Groups", val, sizeof(val)) &&
		  !strcmp(val, " "));
	kfree(text);
	vfs_test_leave(&env);
}

/* Split @line (modified) at spaces; returns the number of fields. */
static int split(char *line, char **fields, int max)
{
	int n = 0;

	for (char *p = line; *p && n < max;) {
		fields[n++] = p;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

KTEST(proc_stat_fields)
{
	struct vfs_test_env env;
	char *text = kmalloc(BIG, GFP_KERNEL), *f[60], *close, want[16];
	int n;

	proc_test_enter(&env);
	KT_EXPECT(t, kt_read_file("/proc/self/stat", text, BIG) > 0);
	close = strrchr(text, ')');
	KT_EXPECT(t, close && close[1] == ' ' && strchr(text, '\n') &&
		  strchr(text, '\n')[1] == '\0');
	if (!close)
		goto out;
	*strchr(close, '\n') = '\0';
	n = split(close + 2, f, 60);
	KT_EXPECTF(t, n + 2 == 52, "%d fields", n + 2);	/* + pid, (comm) */
	scnprintf(want, sizeof(want), "%d (", current->pid);
	KT_EXPECT(t, !strncmp(text, want, strlen(want)));
	KT_EXPECT(t, n > 36 && !strcmp(f[0], "R"));	/* state (3) */
	KT_EXPECT(t, n > 36 && !strcmp(f[17], "1"));	/* num_threads (20) */
	scnprintf(want, sizeof(want), "%d", current->cpu);
	KT_EXPECT(t, n > 36 && !strcmp(f[36], want));	/* processor (39) */
	KT_EXPECT(t, kt_read_file("/proc/self/statm", text, BIG) > 0 &&
		  !strcmp(text, "0 0 0 0 0 0 0\n"));
out:
	kfree(text);
	vfs_test_leave(&env);
}

static int kt_sleeper(void *done)
{
	wait_for_completion(done);
	return 0;
}

/* Wait (bounded) until @p sleeps off every CPU. */
static bool wait_asleep(struct task_struct *p)
{
	for (int i = 0; i < 200; i++) {
		if (task_state_char(p) == 'D' && !READ_ONCE(p->on_cpu))
			return true;
		msleep(5);
	}
	return false;
}

KTEST(proc_task_exits_while_open)
{
	struct vfs_test_env env;
	struct completion done;
	char *text = kmalloc(BIG, GFP_KERNEL), path[48], val[40];
	struct task_struct *p;
	struct dentry *dir;
	struct file *f;
	pid_t pid;

	proc_test_enter(&env);
	init_completion(&done);
	p = kthread_create(kt_sleeper, &done, "ktproc");
	KT_EXPECT(t, p != NULL);
	if (!p)
		goto out;
	get_task_struct(p);
	pid = p->pid;
	wake_up_process(p);
	KT_EXPECT(t, wait_asleep(p));
	scnprintf(path, sizeof(path), "/proc/%d/stack", pid);
	KT_EXPECT(t, kt_read_file(path, text, BIG) > 0);
	KT_EXPECTF(t, strstr(text, "[<0>] __schedule+0x") &&
		   strstr(text, "[<0>] schedule+0x") &&
		   strstr(text, "kt_sleeper+0x"), "%s", text);
	scnprintf(path, sizeof(path), "/proc/%d/uregs", pid);
	KT_EXPECT(t, kt_read_file(path, text, BIG) == 0);
	scnprintf(path, sizeof(path), "/proc/%d/stack_layout", pid);
	KT_EXPECT(t, kt_read_file(path, text, BIG) > 0 &&
		  strstr(text, "<- stack pointer"));
	scnprintf(path, sizeof(path), "/proc/%d", pid);
	dir = path_lookup(path, 0);
	scnprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = filp_open(path, O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(dir) && !IS_ERR(f));
	/* The thread exits and kthreadd's autoreap releases it at once. */
	complete(&done);
	for (int i = 0; i < 200 && proc_task_alive(p); i++)
		msleep(5);
	KT_EXPECT(t, !proc_task_alive(p));
	KT_EXPECT(t, kt_lookup_err(path, 0) == -ENOENT);
	if (!IS_ERR(dir)) {
		struct dentry *d = lookup_one(dir, "status", 6);

		KT_EXPECT(t, PTR_ERR(d) == -ENOENT);
		if (!IS_ERR(d))
			dput(d);
		dput(dir);
	}
	if (!IS_ERR(f)) {	/* rendered at open: still all there */
		long n = kernel_read(f, text, BIG - 1);

		text[n > 0 ? n : 0] = '\0';
		KT_EXPECT(t, field(text, "Name", val, sizeof(val)) &&
			  !strcmp(val, "ktproc"));
		KT_EXPECT(t, field(text, "PPid", val, sizeof(val)) &&
			  !strcmp(val, "2"));
		fput(f);
	}
	put_task_struct(p);
out:
	kfree(text);
	vfs_test_leave(&env);
}

/* Every line of @text ends in " kB" after a name padded to 16 columns. */
static bool meminfo_ok(const char *text)
{
	int lines = 0;

	for (const char *l = text; *l; lines++) {
		const char *e = strchr(l, '\n');
		/* HugePages_Total and the like are counts, without a unit
		 * (Linux's format: 24 columns). */
		bool count = !strncmp(l, "HugePages_", 10);

		if (!e || (count ? e - l != 24 || !isdigit(e[-1]) :
			   e - l < 27 || memcmp(e - 3, " kB", 3)) ||
		    !strchr(l, ':') || strchr(l, ':') - l > 15)
			return false;
		l = e + 1;
	}
	return lines >= 20;
}

KTEST(proc_system_files)
{
	struct vfs_test_env env;
	char *text = kmalloc(256 * 1024, GFP_KERNEL);

	proc_test_enter(&env);
	KT_EXPECT(t, kt_read_file("/proc/meminfo", text, BIG) > 0 &&
		  !strncmp(text, "MemTotal:       ", 16) && meminfo_ok(text));
	KT_EXPECT(t, kt_read_file("/proc/buddyinfo", text, BIG) > 0 &&
		  !strncmp(text, "Node 0, zone   Normal ", 22));
	KT_EXPECT(t, kt_read_file("/proc/interrupts", text, BIG) > 0 &&
		  !strncmp(text, "           CPU0       ", 22) &&
		  strstr(text, "\nLOC: ") && strstr(text, "Local timer interrupts"));
	KT_EXPECT(t, kt_read_file("/proc/cpuinfo", text, BIG) > 0 &&
		  !strncmp(text, "processor\t: 0\nvendor_id\t: ", 26) &&
		  strstr(text, "\nflags\t\t: fpu ") && strstr(text, " nx") &&
		  strstr(text, "\naddress sizes\t: "));
	KT_EXPECT(t, kt_read_file("/proc/stat", text, BIG) > 0 &&
		  !strncmp(text, "cpu  ", 5) && strstr(text, "\ncpu0 ") &&
		  strstr(text, "\nctxt ") && strstr(text, "\nprocesses "));
	KT_EXPECT(t, kt_read_file("/proc/loadavg", text, BIG) > 0 &&
		  !strncmp(text, "0.00 0.00 0.00 ", 15));
	KT_EXPECT(t, kt_read_file("/proc/uptime", text, BIG) > 0 &&
		  strchr(text, '.') && strchr(text, ' '));
	KT_EXPECT(t, kt_read_file("/proc/version", text, BIG) > 0 &&
		  !strncmp(text, "Taskbase version ", 17));
	KT_EXPECT(t, kt_read_file("/proc/kallsyms", text, 256 * 1024) > 4096 &&
		  strstr(text, " T start_kernel\n"));
	KT_EXPECT(t, kt_read_file("/proc/irqstacks", text, BIG) > 0 &&
		  !strncmp(text, "CPU IRQ-stack", 13) && strstr(text, "\n0   "));
	KT_EXPECT(t, kt_read_file("/proc/self/mem", text, BIG) == 0);
	kfree(text);
	vfs_test_leave(&env);
}

KTEST(proc_fd_links)
{
	struct vfs_test_env env;
	struct file *f = NULL, *pipe[2];
	char path[40], buf[64], want[40];
	int fd = -1, pfd = -1;

	proc_test_enter(&env);
	f = filp_open("/etc/motd", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		fd = get_unused_fd_flags(0);
		fd_install(fd, f);
		scnprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		kt_readlink(path, buf, sizeof(buf));
		KT_EXPECTF(t, !strcmp(buf, "/etc/motd"), "%s", buf);
	}
	KT_EXPECT(t, create_pipe_files(pipe, 0) == 0);
	pfd = get_unused_fd_flags(0);
	fd_install(pfd, pipe[0]);
	scnprintf(path, sizeof(path), "/proc/self/fd/%d", pfd);
	kt_readlink(path, buf, sizeof(buf));
	scnprintf(want, sizeof(want), "pipe:[%lu]",
		  (unsigned long)pipe[0]->f_inode->i_ino);
	KT_EXPECTF(t, !strcmp(buf, want), "%s", buf);
	fput(pipe[1]);
	KT_EXPECT(t, kt_lookup_err("/proc/self/fd/200", 0) == -ENOENT);
	kt_readlink("/proc/self/cwd", buf, sizeof(buf));
	KT_EXPECT(t, !strcmp(buf, "/"));
	vfs_test_leave(&env);
}

KTEST(proc_mem_reads_and_writes)
{
	struct vfs_test_env env;
	struct mm_struct *mm = mm_alloc();
	char buf[32];
	struct file *f;

	proc_test_enter(&env);
	KT_EXPECT(t, mm && vma_add(mm, 0x400000, 0x402000,
				   VM_READ | VM_WRITE, "") == 0);
	/* 16 bytes across a page boundary. */
	KT_EXPECT(t, mm_write(mm, 0x400ff8, "hello, /proc/mem", 16) == 0);
	f = filp_open("/proc/self/mem", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f) || !mm)
		goto out;
	KT_EXPECT(t, f->private_data == NULL);	/* a kthread has no mm */
	KT_EXPECT(t, kernel_read(f, buf, sizeof(buf)) == 0);
	f->private_data = mm;	/* as if it were a process's: ours to put */
	KT_EXPECT(t, vfs_llseek(f, 0x400ff8, SEEK_SET) == 0x400ff8);
	KT_EXPECT(t, kernel_read(f, buf, 16) == 16 &&
		  !memcmp(buf, "hello, /proc/mem", 16));
	KT_EXPECT(t, f->f_pos == 0x401008);
	KT_EXPECT(t, vfs_llseek(f, 0x400fff, SEEK_SET) == 0x400fff);
	KT_EXPECT(t, kernel_write(f, "XY", 2) == 2);
	KT_EXPECT(t, access_remote_vm(mm, 0x400ff8, buf, 16, false) == 16 &&
		  !memcmp(buf, "hello, XYroc/mem", 16));
	KT_EXPECT(t, vfs_llseek(f, 0x500000, SEEK_SET) == 0x500000);
	KT_EXPECT(t, kernel_read(f, buf, 8) == -EIO);	/* nothing mapped */
	fput(f);		/* its release drops our mm */
	mm = NULL;
out:
	if (mm)
		mmput(mm);
	vfs_test_leave(&env);
}
