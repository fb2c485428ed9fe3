/*
 * faults MODE: try one thing a user program must not be able to do, and
 * report if it survived. The kernel must stop it with the right signal
 * (the shell then prints "Segmentation fault", "Illegal instruction"...),
 * or refuse the system call with the right errno, and keep running.
 *
 *   read-kernel  write-kernel  exec-kernel  exec-stack  null
 *   divzero  ud2  cli  hlt  inb  outb  mov-cr3  lgdt  wrmsr
 *   kernel-ds    (load a kernel data selector into %ds)
 *   efault       (read(2) into a kernel address: expects EFAULT)
 *   bad-handler  (a signal handler at a non-canonical address)
 *   bad-sigreturn (rt_sigreturn with a forged frame: non-canonical rip)
 *   bad-tls      (arch_prctl(ARCH_SET_FS) to a kernel address: EPERM)
 *   oom          (touch 4 GiB of anonymous memory: the kernel must kill
 *                 us with "Out of memory", not panic)
 *   hog          (touch 160 MiB, say so, then wait: the process the OOM
 *                 killer should choose over a smaller one that faults)
 *   list         (print the modes)
 */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define KERNEL_TEXT 0xffffffff80100000ul	/* the kernel image */

static void survived(const char *mode)
{
	printf("faults: %s: survived (the kernel let it happen!)\n", mode);
	fflush(stdout);
	_exit(3);
}

static void do_efault(void)
{
	int fds[2];
	ssize_t n;

	if (pipe(fds) || write(fds[1], "x", 1) != 1) {
		perror("faults: pipe");
		_exit(2);
	}
	n = read(fds[0], (void *)KERNEL_TEXT, 1);
	if (n < 0 && errno == EFAULT) {
		printf("faults: efault: read into kernel memory: EFAULT, as it must\n");
		_exit(0);
	}
	printf("faults: efault: read returned %zd (errno %d)\n", n, errno);
	_exit(3);
}

static void do_exec_stack(void)
{
	/* A one-byte function (ret) on the stack: NX must stop the call. */
	volatile unsigned char code[16] = { 0xc3 };
	void (*fn)(void) = (void (*)(void))(uintptr_t)code;

	fn();
}

#define NON_CANONICAL 0x8000000000000000ul

/* The kernel must not iret to a non-canonical rip (that faults in ring 0):
 * the process dies with SIGSEGV instead. */
static void do_bad_handler(void)
{
	struct { unsigned long handler, flags, restorer, mask; } act = {
		NON_CANONICAL, 0x04000000 /* SA_RESTORER */, NON_CANONICAL, 0 };

	syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	raise(SIGUSR1);
}

static void do_bad_sigreturn(void)
{
	static unsigned char fpstate[512] __attribute__((aligned(64)));
	unsigned long frame[64] = { 0 };

	/* The frame: pretcode, then the ucontext whose uc_mcontext starts at
	 * byte 48; in it rip is the 17th word and fpstate the 24th. A valid
	 * fpstate, so that only the rip is wrong. */
	frame[(48 + 16 * 8) / 8] = NON_CANONICAL;
	frame[(48 + 23 * 8) / 8] = (unsigned long)fpstate;
	__asm__ volatile("mov %0, %%rsp; add $8, %%rsp; mov $15, %%eax; syscall"
			 : : "r"(frame) : "memory", "rax");
}

static void do_bad_tls(void)
{
	long r = syscall(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, NON_CANONICAL);

	if (r < 0 && errno == EPERM) {
		printf("faults: bad-tls: EPERM, as it must\n");
		_exit(0);
	}
	printf("faults: bad-tls: returned %ld (errno %d)\n", r, errno);
	_exit(3);
}

struct mode {
	const char *name;
	void (*run)(void);
};

static void m_read_kernel(void) { (void)*(volatile unsigned long *)KERNEL_TEXT; }
static void m_write_kernel(void) { *(volatile unsigned long *)KERNEL_TEXT = 0; }
static void m_exec_kernel(void) { ((void (*)(void))KERNEL_TEXT)(); }
static void m_null(void) { (void)*(volatile int *)0; }
static void m_divzero(void)
{
	volatile int zero = 0, x = 1;

	x = x / zero;
}
static void m_ud2(void) { __asm__ volatile("ud2"); }
static void m_cli(void) { __asm__ volatile("cli"); }
static void m_hlt(void) { __asm__ volatile("hlt"); }
static void m_inb(void)
{
	unsigned char v;

	__asm__ volatile("inb $0x64, %0" : "=a"(v));
}
static void m_outb(void) { __asm__ volatile("outb %0, $0xf4" : : "a"((unsigned char)1)); }
static void m_mov_cr3(void) { __asm__ volatile("mov %0, %%cr3" : : "r"(0ul)); }
static void m_lgdt(void)
{
	struct { unsigned short l; unsigned long b; } __attribute__((packed)) d = { 0, 0 };

	__asm__ volatile("lgdt %0" : : "m"(d));
}
static void m_wrmsr(void) { __asm__ volatile("wrmsr" : : "c"(0xc0000080), "a"(0), "d"(0)); }
static void m_kernel_ds(void) { __asm__ volatile("mov %0, %%ds" : : "r"(0x18)); }

/* @len bytes of anonymous memory, each page touched (@mode names the
 * caller in a failure: exit 4). */
static void touch_anon(size_t len, const char *mode)
{
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("faults: %s: mmap: %s\n", mode, strerror(errno));
		_exit(4);
	}
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 1;
}

/* More memory than the machine has, one page at a time. */
static void m_oom(void)
{
	touch_anon(4ul << 30, "oom");
}

/* Hold 160 MiB of the guest's 256 until killed. */
static void m_hog(void)
{
	size_t len = 160ul << 20;

	touch_anon(len, "hog");
	printf("faults: hog: holding %zu MiB, pid %d\n", len >> 20, (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}

static const struct mode modes[] = {
	{ "read-kernel", m_read_kernel }, { "write-kernel", m_write_kernel },
	{ "exec-kernel", m_exec_kernel }, { "exec-stack", do_exec_stack },
	{ "null", m_null }, { "divzero", m_divzero }, { "ud2", m_ud2 },
	{ "cli", m_cli }, { "hlt", m_hlt }, { "inb", m_inb }, { "outb", m_outb },
	{ "mov-cr3", m_mov_cr3 }, { "lgdt", m_lgdt }, { "wrmsr", m_wrmsr },
	{ "kernel-ds", m_kernel_ds }, { "efault", do_efault },
	{ "bad-handler", do_bad_handler }, { "bad-sigreturn", do_bad_sigreturn },
	{ "bad-tls", do_bad_tls }, { "oom", m_oom }, { "hog", m_hog },
};

int main(int argc, char **argv)
{
	size_t n = sizeof(modes) / sizeof(modes[0]);

	if (argc != 2 || !strcmp(argv[1], "list")) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", modes[i].name);
		return argc == 2 ? 0 : 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(argv[1], modes[i].name)) {
			modes[i].run();
			survived(argv[1]);
		}
	}
	fprintf(stderr, "faults: unknown mode %s (try: faults list)\n", argv[1]);
	return 2;
}
