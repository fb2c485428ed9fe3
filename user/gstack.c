/*
 * gstack: print the user-space stack of every thread of a process, as
 * gdb's "thread apply all bt" (and the classic gstack script) does.
 *
 *   gstack PID
 *
 *   Thread 2 (LWP 9):
 *   #0  0x0000000000408ae7 in __syscall_cp_c ()
 *   #1  0x0000000000409c1c in pause ()
 *   #2  0x0000000000401335 in thread_main ()
 *   #3  0x000000000040904b in start ()
 *
 * How, as gdb's attach does: every thread is stopped with PTRACE_SEIZE
 * and PTRACE_INTERRUPT (waitpid with __WALL sees each stop), its user
 * registers (rip, rsp, rbp) come from PTRACE_GETREGS, and PTRACE_DETACH
 * lets it go on as before (a signal that arrived meanwhile is passed on).
 * Frame #0 is rip. Our programs are built
 * with frame pointers, so in their functions [rbp] is the caller's rbp
 * and [rbp+8] the return address: the frame-pointer chain. musl's libc is
 * built without frame pointers, and a thread blocked in a system call sits
 * in libc (pause -> __syscall_cp_c), so for a function that does not set
 * up rbp we scan its stack upward for the return address into its caller:
 * a word that points just after a call instruction (preferably one that
 * calls this very function). Stack memory and code bytes are read through
 * /proc/<pid>/mem; the stack's bounds come from /proc/<pid>/maps. The
 * walk stops at a 0 frame pointer, outside the stack, at _start/__clone,
 * or after 64 frames. Addresses are named with the executable's ELF symbol
 * table (.symtab + .strtab, found through the section headers).
 *
 * When ptrace is refused (the process is traced already, or is gstack's
 * own), the process is read without stopping it: /proc/<pid>/task/<tid>/
 * uregs has the registers a blocked or preempted thread saved on its
 * kernel stack; one running on a CPU right now has none saved, so gstack
 * asks again for up to a second, until it is switched out.
 *
 * Linux interfaces: ptrace(2), waitpid(__WALL), /proc/<pid>/task
 * (readdir), /proc/<pid>/maps, /proc/<pid>/mem (pread at the address),
 * /proc/<pid>/exe; without ptrace, Taskbase's /proc/<pid>/task/<tid>/uregs
 * ("rip 0x..." lines), or else Linux's /proc/<pid>/task/<tid>/syscall.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

#define MAX_FRAMES 64
#define MAX_MAPS 256
#define SCAN_LIMIT 4096		/* bytes of stack searched for one frame */

struct sym {
	uint64_t addr, size;
	const char *name;
	int rank;			/* for aliases: higher wins */
};

struct map {
	uint64_t lo, hi;
	int exec;
};

static struct sym *syms;
static size_t nsyms;
static struct map maps[MAX_MAPS];
static int nmaps;
static int mem_fd = -1;
static long target_pid;

/* ---- memory and maps ----------------------------------------------- */

static int read_mem(uint64_t addr, void *buf, size_t len)
{
	return pread(mem_fd, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static int read_word(uint64_t addr, uint64_t *v)
{
	return read_mem(addr, v, sizeof(*v));
}

static const struct map *find_map(uint64_t addr)
{
	for (int i = 0; i < nmaps; i++)
		if (addr >= maps[i].lo && addr < maps[i].hi)
			return &maps[i];
	return NULL;
}

static int is_code(uint64_t addr)
{
	const struct map *m = find_map(addr);

	return m && m->exec;
}

/* Read /proc/<pid>/maps; remember the exe path of the first line. */
static int read_maps(char *exe, size_t exe_size)
{
	static char text[65536];
	char path[64], *line, *save = NULL;

	snprintf(path, sizeof(path), "/proc/%ld/maps", target_pid);
	if (procfs_read(path, text, sizeof(text)) < 0)
		return -1;
	for (line = strtok_r(text, "\n", &save); line && nmaps < MAX_MAPS;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long lo, hi;
		char perms[8], file[256] = "";

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perms, file) < 3)
			continue;
		maps[nmaps].lo = lo;
		maps[nmaps].hi = hi;
		maps[nmaps].exec = perms[2] == 'x';
		if (nmaps == 0 && file[0] == '/')
			snprintf(exe, exe_size, "%s", file);
		nmaps++;
	}
	return 0;
}

/* ---- ELF symbols --------------------------------------------------- */

static int compare_syms(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return y->rank - x->rank;	/* best alias first */
}

/* How good a name sym is among aliases: global, function, few '_'. */
static int sym_rank(const Elf64_Sym *s, const char *name)
{
	int rank = ELF64_ST_TYPE(s->st_info) == STT_FUNC ? 8 : 0;

	if (ELF64_ST_BIND(s->st_info) == STB_GLOBAL)
		rank += 4;
	else if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
		rank += 3;
	while (*name == '_' && rank > 0) {
		name++;
		rank--;
	}
	return rank;
}

/* Collect the code symbols of the ELF image (size bytes at img). */
static void load_symbols(const unsigned char *img, size_t size)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
		return;
	sh = (const void *)(img + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *strs = &sh[sh[i].sh_link];
		const Elf64_Sym *tab;
		size_t n;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset + sh[i].sh_size > size ||
		    strs->sh_offset + strs->sh_size > size)
			continue;
		tab = (const void *)(img + sh[i].sh_offset);
		n = sh[i].sh_size / sizeof(Elf64_Sym);
		syms = calloc(n, sizeof(*syms));
		for (size_t k = 0; syms && k < n; k++) {
			const Elf64_Sym *s = &tab[k];
			int type = ELF64_ST_TYPE(s->st_info);

			if ((type != STT_FUNC && type != STT_NOTYPE) || s->st_value == 0 ||
			    s->st_shndx == SHN_UNDEF || s->st_shndx >= eh->e_shnum ||
			    !(sh[s->st_shndx].sh_flags & SHF_EXECINSTR) ||
			    s->st_name >= strs->sh_size)
				continue;
			syms[nsyms].addr = s->st_value;
			syms[nsyms].size = s->st_size;
			syms[nsyms].name = strdup((const char *)img + strs->sh_offset + s->st_name);
			syms[nsyms].rank = sym_rank(s, syms[nsyms].name);
			nsyms++;
		}
		qsort(syms, nsyms, sizeof(*syms), compare_syms);
		return;
	}
}

static void load_elf(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t size;
	unsigned char *img;

	if (fd < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	img = size > 0 ? malloc((size_t)size) : NULL;
	if (img && pread(fd, img, (size_t)size, 0) == size)
		load_symbols(img, (size_t)size);
	free(img);
	close(fd);
}

/* The function containing addr, or NULL. */
static const struct sym *lookup(uint64_t addr)
{
	size_t lo = 0, hi = nsyms;
	const struct sym *s;

	while (lo < hi) {		/* first symbol above addr */
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	s = &syms[lo - 1];
	while (s > syms && s[-1].addr == s->addr)	/* best alias */
		s--;
	if (s->size && addr >= s->addr + s->size)
		return NULL;
	if (!s->size && lo < nsyms && addr >= syms[lo].addr)
		return NULL;
	return s;
}

/* ---- recognising code ---------------------------------------------- */

/*
 * Length of the frame-pointer prologue of f: "[endbr64] push %rbp", then
 * "mov %rsp,%rbp" (gcc may schedule a few register moves in between).
 * *push_end is the offset of the push's end. -1 if f has no such prologue
 * (libc functions built without frame pointers).
 */
static int fp_prologue(const struct sym *f, int *push_end)
{
	static const unsigned char endbr[4] = { 0xf3, 0x0f, 0x1e, 0xfa };
	unsigned char c[32];
	int i = 0;

	if (f == NULL || read_mem(f->addr, c, sizeof(c)) < 0)
		return -1;
	if (memcmp(c, endbr, 4) == 0)
		i = 4;
	if (c[i] != 0x55)
		return -1;
	*push_end = i + 1;
	for (int k = i + 1; k + 3 <= (int)sizeof(c); k++)
		if (c[k] == 0x48 && c[k + 1] == 0x89 && c[k + 2] == 0xe5)
			return k + 3;
	return -1;
}

/* Is there an indirect "call *..." (ff /2) of exactly len bytes at code? */
static int indirect_call(const unsigned char *code, int len)
{
	int i = 0, need, mod, rm;

	if (code[i] >= 0x40 && code[i] <= 0x4f)	/* REX prefix */
		i++;
	if (code[i] != 0xff || ((code[i + 1] >> 3) & 7) != 2)
		return 0;
	mod = code[i + 1] >> 6;
	rm = code[i + 1] & 7;
	need = i + 2;
	if (mod != 3 && rm == 4)			/* SIB byte */
		need += 1 + ((mod == 0 && (code[i + 2] & 7) == 5) ? 4 : 0);
	if (mod == 1)
		need += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		need += 4;
	return need == len;
}

/*
 * Does ret follow a call instruction? 2 if it is a direct call whose
 * target is f (or a jmp to f: a tail-calling stub such as __syscall_cp),
 * 1 for any other call, 0 if ret is no return address.
 */
static int call_site(uint64_t ret, const struct sym *f)
{
	unsigned char c[8];
	int32_t rel;
	uint64_t target;

	if (ret < 8 || !is_code(ret - 1) || read_mem(ret - 8, c, sizeof(c)) < 0)
		return 0;
	if (c[3] == 0xe8) {
		memcpy(&rel, &c[4], 4);
		target = ret + (uint64_t)(int64_t)rel;
		if (!is_code(target))
			return 0;
		if (f && target == f->addr)
			return 2;
		if (f && read_mem(target, c, 5) == 0 && c[0] == 0xe9) {
			memcpy(&rel, &c[1], 4);
			if (target + 5 + (uint64_t)(int64_t)rel == f->addr)
				return 2;
		}
		return 1;
	}
	for (int len = 2; len <= 7; len++)
		if (indirect_call(c + 8 - len, len))
			return 1;
	return 0;
}

/* ---- the walk ------------------------------------------------------ */

struct frame {
	uint64_t pc, sp, fp;
	int caller;		/* pc is a return address (frames #1 on) */
};

static void print_frame(int n, uint64_t pc)
{
	/* A return address may lie past its function's end (noreturn calls):
	 * name the call instruction's function, as gdb does. */
	const struct sym *s = lookup(n > 0 ? pc - 1 : pc);

	printf("#%-2d 0x%016lx in %s ()\n", n, (unsigned long)pc, s ? s->name : "??");
}

/* A plausible frame pointer: in the stack, aligned, not below sp. */
static int fp_ok(uint64_t fp, uint64_t sp, const struct map *stack)
{
	return fp >= sp && (fp & 7) == 0 && fp + 16 <= stack->hi;
}

/* Step out of frame f (in a function with a frame pointer). */
static int step_fp(struct frame *f, const struct map *stack)
{
	uint64_t next_fp, ret;

	if (!fp_ok(f->fp, f->sp, stack) || read_word(f->fp, &next_fp) < 0 ||
	    read_word(f->fp + 8, &ret) < 0)
		return -1;
	f->sp = f->fp + 16;
	f->fp = next_fp;
	f->pc = ret;
	return 0;
}

/*
 * Step out of a function without a frame pointer: find the return address
 * into its caller on the stack. The callee may have saved the caller's
 * rbp and used rbp for something else: if so, find the saved copy.
 */
static int step_scan(struct frame *f, const struct sym *fn, const struct map *stack)
{
	uint64_t end = f->sp + SCAN_LIMIT, found = 0, v;

	if (fp_ok(f->fp, f->sp, stack) && f->fp < end)
		end = f->fp;	/* the frames in between all lie below fp */
	if (end > stack->hi)
		end = stack->hi;
	for (int pass = 2; pass >= 1 && !found; pass--)
		for (uint64_t a = f->sp; a + 8 <= end && !found; a += 8)
			if (read_word(a, &v) == 0 && call_site(v, fn) >= pass)
				found = a;
	if (!found)
		return -1;
	read_word(found, &f->pc);
	if (!fp_ok(f->fp, found + 8, stack))
		for (uint64_t a = f->sp; a < found; a += 8)
			if (read_word(a, &v) == 0 && fp_ok(v, found + 8, stack)) {
				f->fp = v;
				break;
			}
	f->sp = found + 8;
	return 0;
}

/* One step outward; -1 at the end of the stack. */
static int unwind_step(struct frame *f, const struct map *stack)
{
	/* A return address may be the first byte after a noreturn call at
	 * the very end of its function: look up the call instead. */
	const struct sym *fn = lookup(f->caller ? f->pc - 1 : f->pc);
	int push_end, body = fp_prologue(fn, &push_end);
	uint64_t off = fn ? f->pc - fn->addr : 0;

	if (fn && (!strcmp(fn->name, "_start") || !strcmp(fn->name, "__clone")))
		return -1;	/* the outermost frame of a process / thread */
	if (body >= 0 && off < (uint64_t)push_end) {	/* before push %rbp */
		if (read_word(f->sp, &f->pc) < 0)
			return -1;
		f->sp += 8;
	} else if (body >= 0 && off < (uint64_t)body) {	/* rbp pushed, not set */
		if (read_word(f->sp + 8, &f->pc) < 0)
			return -1;
		f->sp += 16;
	} else if (body >= 0) {
		if (f->fp == 0 || step_fp(f, stack) < 0)
			return -1;
	} else if (step_scan(f, fn, stack) < 0) {
		/* Nothing below rbp: maybe a frame-pointer function after all. */
		if (f->fp == 0 || step_fp(f, stack) < 0)
			return -1;
	}
	f->caller = 1;
	return f->pc != 0 && is_code(f->pc) ? 0 : -1;
}

static void backtrace(struct frame f)
{
	const struct map *stack = find_map(f.sp);
	int n = 0;

	print_frame(n++, f.pc);
	if (stack == NULL) {
		printf("(rsp 0x%lx is not in any mapping)\n", (unsigned long)f.sp);
		return;
	}
	while (n < MAX_FRAMES && unwind_step(&f, stack) == 0)
		print_frame(n++, f.pc);
	if (n == MAX_FRAMES)
		printf("(more frames not shown)\n");
}

/* ---- registers ----------------------------------------------------- */

/*
 * rip, rsp, rbp of thread tid, from uregs or else from Linux's syscall
 * file. 0, or -1 with the reason in why (a running thread has no saved
 * registers: the kernel says so in a "#" line).
 */
static int thread_regs(int tid, struct frame *f, char *why, size_t why_size)
{
	char path[96], text[2048], *line, *save = NULL;
	int have = 0;

	memset(f, 0, sizeof(*f));
	snprintf(why, why_size, "no saved user registers");
	snprintf(path, sizeof(path), "/proc/%ld/task/%d/uregs", target_pid, tid);
	if (procfs_read(path, text, sizeof(text)) > 0) {
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char name[16], value[32];

			if (line[0] == '#')
				snprintf(why, why_size, "%s", line + 1 + (line[1] == ' '));
			if (sscanf(line, "%15s %31s", name, value) != 2)
				continue;
			if (!strcmp(name, "rip"))
				f->pc = strtoull(value, NULL, 16), have |= 1;
			else if (!strcmp(name, "rsp"))
				f->sp = strtoull(value, NULL, 16), have |= 2;
			else if (!strcmp(name, "rbp"))
				f->fp = strtoull(value, NULL, 16), have |= 4;
		}
		return have == 7 ? 0 : -1;
	}
	/* Linux: "nr arg1 ... arg6 sp pc" while blocked in a system call. */
	snprintf(path, sizeof(path), "/proc/%ld/task/%d/syscall", target_pid, tid);
	if (procfs_read(path, text, sizeof(text)) > 0) {
		unsigned long sp, pc;

		if (sscanf(text, "%*s %*s %*s %*s %*s %*s %*s %lx %lx", &sp, &pc) == 2) {
			f->sp = sp;
			f->pc = pc;
			return 0;	/* rbp unknown: the walk scans the stack */
		}
	}
	return -1;
}

/* Stop thread @tid for us (PTRACE_SEIZE + PTRACE_INTERRUPT); the signal
 * to pass on at detach in *@sig. 0, or -1 if ptrace refuses. */
static int stop_thread(int tid, int *sig)
{
	int st;

	*sig = 0;
	if (ptrace(PTRACE_SEIZE, tid, 0, 0) < 0)
		return -1;
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0 ||
	    waitpid(tid, &st, __WALL) != tid || !WIFSTOPPED(st)) {
		ptrace(PTRACE_DETACH, tid, 0, 0);
		return -1;
	}
	/* A signal-delivery stop came first: deliver it when we let go. */
	if ((st >> 16) == 0 && WSTOPSIG(st) != SIGTRAP)
		*sig = WSTOPSIG(st);
	return 0;
}

static int ptrace_regs(int tid, struct frame *f)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r) < 0)
		return -1;
	memset(f, 0, sizeof(*f));
	f->pc = r.rip;
	f->sp = r.rsp;
	f->fp = r.rbp;
	return 0;
}

/*
 * A stopped thread's registers come from ptrace. Without ptrace, those of
 * a thread that is running on a CPU are not saved anywhere: ask again for
 * a while, until it is switched out (preempted or blocked).
 */
static void show_thread(int tid, int stopped)
{
	char why[128];
	struct frame f;

	if (stopped && ptrace_regs(tid, &f) == 0) {
		backtrace(f);
		return;
	}
	for (int tries = 0; tries < 50; tries++) {
		if (thread_regs(tid, &f, why, sizeof(why)) == 0) {
			backtrace(f);
			return;
		}
		usleep(20000);
	}
	printf("(thread %d: %s)\n", tid, why);
}

int main(int argc, char **argv)
{
	char path[64], exe[256] = "";
	struct procfs_stat st;
	int *tids, *sigs, n;

	if (argc != 2) {
		ulib_err("gstack", "usage: gstack PID");
		return 1;
	}
	if (ulib_parse_long(argv[1], &target_pid) < 0 || target_pid <= 0) {
		ulib_err("gstack", "'%s' is not a process ID (usage: gstack PID)", argv[1]);
		return 1;
	}
	if (!procfs_pid_exists(target_pid)) {
		ulib_err("gstack", "no process with PID %ld", target_pid);
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/stat", target_pid);
	if (procfs_stat(path, &st) == 0 && (st.flags & PROCFS_PF_KTHREAD)) {
		ulib_err("gstack", "%ld (%s) is a kernel thread: it has no user "
			 "stack (its kernel stack: kstack %ld)", target_pid, st.comm,
			 target_pid);
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/mem", target_pid);
	mem_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (mem_fd < 0 || read_maps(exe, sizeof(exe)) < 0 || nmaps == 0) {
		ulib_err("gstack", "cannot read the memory of process %ld: %s",
			 target_pid, mem_fd < 0 ? strerror(errno) : "no memory maps");
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/exe", target_pid);
	load_elf(path);
	if (nsyms == 0 && exe[0])
		load_elf(exe);
	snprintf(path, sizeof(path), "/proc/%ld/task", target_pid);
	n = procfs_list(path, &tids);
	if (n <= 0) {
		ulib_err("gstack", "cannot list the threads of %ld", target_pid);
		return 1;
	}
	sigs = calloc((size_t)n, 2 * sizeof(int));
	if (!sigs)
		return 1;
	for (int i = 0; i < n; i++)	/* all stopped before any is read */
		sigs[n + i] = stop_thread(tids[i], &sigs[i]) == 0;
	for (int i = n - 1; i >= 0; i--) {
		if (n > 1)
			printf("%sThread %d (LWP %d):\n", i < n - 1 ? "\n" : "", i + 1, tids[i]);
		show_thread(tids[i], sigs[n + i]);
	}
	for (int i = 0; i < n; i++)
		if (sigs[n + i])
			ptrace(PTRACE_DETACH, tids[i], 0, sigs[i]);
	free(sigs);
	free(tids);
	return 0;
}
