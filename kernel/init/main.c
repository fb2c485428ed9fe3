/*
 * start_kernel(): the boot sequence, in the order each step needs the one
 * before it. boot/boot.S calls it on the init task's stack, in 64-bit
 * mode, with the early 4 GiB direct map, interrupts off.
 */
#include "asm/setup.h"
#include "asm/memlayout.h"
#include "asm/page.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "asm/smp.h"
#include "kernel/init/cmdline.h"
#include "kernel/futex.h"
#include "kernel/module/loader.h"
#include "kernel/fs/exec/exec.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/exit.h"
#include "kernel/fs/fs.h"
#include "kernel/fork.h"
#include "kernel/kthread.h"
#include "kernel/pid.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/sysfs/sysfs.h"
#include "kernel/trace/trace.h"
#include "kernel/sched/sched.h"
#include "kernel/stackprotector.h"
#include "kernel/tasklist.h"
#include "kernel/time/timer.h"
#include "kernel/sched/wait.h"
#include "kernel/workqueue.h"
#include "kernel/ktest.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/hugetlbfs/hugetlbfs.h"
#include "kernel/fs/memfd.h"
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/ns/nsfs.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/mm/memblock.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/net/net.h"
#include "kernel/power.h"
#include "kernel/printk/printk.h"
#include "kernel/version.h"
#include "lib/bootinfo.h"
#include "lib/debug_kernel.h"
#include "lib/bug.h"
#include "lib/vsprintf.h"

struct boot_info boot_info;

static void print_banner(void)
{
	pr_notice("%s version %s (x86_64) THREAD_PAGES=%d THREAD_SIZE=%d\n",
		  UTS_SYSNAME, UTS_RELEASE, THREAD_PAGES, THREAD_SIZE);
	if (DEBUG_KERNEL_TOOLS)
		pr_notice("Debug kernel: %s\n", DEBUG_KERNEL_TOOLS);
	pr_info("Boot loader: %s\n", boot_info.loader[0] ? boot_info.loader :
		"(unnamed)");
	pr_info("Command line: %s\n", boot_info.cmdline);
}

static void print_memory_map(void)
{
	pr_info("BIOS-provided physical RAM map:\n");
	for (u32 i = 0; i < boot_info.nr_mem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];

		pr_info("BIOS-e820: [mem 0x%016lx-0x%016lx] %s\n",
			(unsigned long)r->addr,
			(unsigned long)(r->addr + r->size - 1),
			e820_type_name(r->type));
	}
}

static void print_memory_summary(void)
{
	extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];
	u64 total = memblock_phys_mem_size() >> 10;
	u64 avail = nr_free_pages() << (PAGE_SHIFT - 10);

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, "
		"%luK rodata, %luK reserved)\n",
		(unsigned long)avail, (unsigned long)total,
		(unsigned long)((_etext - _text) >> 10),
		(unsigned long)((_end - _data) >> 10),
		(unsigned long)((_erodata - _rodata) >> 10),
		(unsigned long)(total - avail));
}

static struct completion kthreadd_done = {
	0, __WAIT_QUEUE_HEAD_INITIALIZER(kthreadd_done.wait)
};

/*
 * The root file system from the boot module. Once every file has its
 * bytes in pages of its own, the archive's memory goes to the page
 * allocator, as Linux frees the initrd; boot_info.mod[0] then describes
 * free memory (only the self-tests, which never get here, read it).
 */
static void unpack_initramfs(void)
{
	const struct boot_module *mod = &boot_info.mod[0];
	void *start = phys_to_virt(mod->start), *end = phys_to_virt(mod->end);
	u64 freed;

	if (!boot_info.nr_mod) {
		pr_warn("initramfs: no boot module: the root file system is empty\n");
		vfs_init(NULL, 0);
		return;
	}
	pr_info("initramfs: %lu bytes at 0x%lx (%s)\n",
		(unsigned long)(mod->end - mod->start),
		(unsigned long)mod->start, mod->name);
	if (vfs_init(start, mod->end - mod->start))
		return;
	freed = free_reserved_area(start, end);
	pr_info("Freeing initrd memory: %luK\n",
		(unsigned long)(freed << (PAGE_SHIFT - 10)));
}

/* execve() init at path with the arguments from after "--". */
static bool try_init(const char *path)
{
	const char *argv[MAX_INIT_ARGS + 2] = { path };
	const char *envp[] = { "HOME=/", "TERM=vt100", "PATH=/bin", NULL };
	long err;

	for (int i = 0; kparams.init_args[i]; i++)
		argv[i + 1] = kparams.init_args[i];
	err = kernel_execve(path, argv, envp);

	if (err)
		pr_err("Failed to execute %s (error %ld)\n", path, err);
	return !err;
}

/*
 * The "demo" boot option: pid 1, still a kernel thread, loads and removes
 * the current_affairs and thrd_showall sample modules from the initramfs
 * (kernel/samples/), so their init runs in its process context before
 * any user program exists.
 */
static void run_boot_demos(void)
{
	static const char *const demos[] = { "current_affairs", "thrd_showall" };
	char path[64];
	long err;

	for (unsigned int i = 0; i < ARRAY_SIZE(demos); i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s.ko", demos[i]);
		err = load_module_path(path);
		if (!err)
			err = delete_module(demos[i]);
		if (err)
			pr_warn("demo: %s: error %ld\n", path, err);
	}
}

/*
 * pid 1 becomes the first user program: the file system, stdin/stdout/
 * stderr on the console, then execve() of init= (default /bin/init, which
 * reaps orphans and runs root's login shell /bin/sh in a session of its
 * own, docs/userspace.md), falling back like Linux does. Its first return to
 * user mode is the end of this kernel thread's life as one.
 */
static __noreturn void start_user_space(void)
{
	if (init_user_task())
		panic("pid 1: out of memory setting up user space");
	/* Before memory fragments: 2 MiB blocks are easy to find now. */
	hugetlb_set_pool(kparams.hugepages);
	unpack_initramfs();
	if (proc_root_init())
		pr_warn("proc: cannot mount /proc\n");
	sock_init();
	/* The pseudo file systems, as Linux's initcalls make them: their
	 * super blocks are the kernel's, not the first user's. */
	if (pipe_fs_init() || anon_inode_init() || nsfs_init() ||
	    mqueue_init() || hugetlbfs_init() || shmem_init())
		pr_warn("init: cannot make the pseudo file systems\n");
	if (sysfs_init())
		pr_warn("sysfs: cannot mount /sys\n");
	if (cgroup_init())
		pr_warn("cgroup: cannot mount /sys/fs/cgroup\n");
	if (tracefs_init())
		pr_warn("tracefs: cannot mount /sys/kernel/tracing\n");
	if (console_open_stdio())
		pr_warn("init: cannot open /dev/console\n");
	if (kparams.demo)
		run_boot_demos();
	if (try_init(kparams.init) || try_init("/bin/init") || try_init("/bin/sh"))
		enter_user_mode(task_pt_regs(current));
	panic("No working init found. Try passing init= option to kernel.");
}

/*
 * pid 1. It starts as a kernel thread (as Linux's kernel_init does),
 * brings up the other CPUs, runs the self-tests if asked, and then
 * becomes the first user program.
 */
static int kernel_init(void *unused)
{
	wait_for_completion(&kthreadd_done);
	child_reaper = current;
	workqueue_init();
	smp_init();
	if (kparams.ktest) {
		ktest_run(kparams.ktest_only);
		kernel_power_off();
	}
	kmemleak_late_init();
	start_user_space();
	return 0;
}

/* The boot thread becomes the idle task after starting pid 1 and 2. */
static __noreturn void rest_init(void)
{
	pid_t pid;
	unsigned long flags;

	kernel_thread(kernel_init, NULL, "init", 0);
	pid = kernel_thread(kthreadd, NULL, "kthreadd", 0);
	flags = spin_lock_irqsave(&tasklist_lock);
	kthreadd_task = find_task_by_pid(pid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	complete(&kthreadd_done);
	cpu_idle();
}

/* The boot CPU's C entry (from boot/boot.S): set up every subsystem in
 * order, start pid 1 and 2, and become CPU 0's idle task. Never returns. */
void start_kernel(u32 boot_magic, u64 boot_info_phys)
{
	arch_early_setup();		/* serial, per-CPU area, GDT, IDT */
	if (arch_parse_boot_info(&boot_info, boot_magic, boot_info_phys) < 0)
		pr_err("boot: %s\n", boot_info.warning);
	else if (boot_info.nr_warnings)
		pr_warn("boot: %u problem(s) in boot information; first: %s\n",
			boot_info.nr_warnings, boot_info.warning);
	parse_cmdline(boot_info.cmdline);
	print_banner();
	print_memory_map();
	arch_cpu_setup();		/* CPU features, clock */
	boot_init_stack_canary();	/* RDRAND known now; we never return */
	arch_mem_setup(&boot_info);	/* memblock, page tables */
	mem_init();
	arch_mem_ready();
	print_memory_summary();
	pr_info("task_struct: %zu bytes, %d%% of the %d-byte kernel stack block\n",
		sizeof(struct task_struct),
		(int)(sizeof(struct task_struct) * 100 / THREAD_SIZE), THREAD_SIZE);
	sched_init();
	timers_init();
	futex_init();
	arch_irq_setup(&boot_info);	/* ACPI, APIC, timer, serial input */
	rest_init();
}
