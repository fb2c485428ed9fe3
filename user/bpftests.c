/*
 * bpftests: eBPF from user space, checked against Linux 6.1's answers:
 * the bpf(2) system call (the attr size and pointer rules, unknown
 * commands, who may call it), BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_HASH
 * maps and their element commands, BPF_PROG_LOAD and the verifier's
 * verdicts (EINVAL for a malformed program, EACCES for an unsafe one,
 * EBADF for a map fd not open, the log), the ideas of two CVE
 * reproducers, and socket filters (SO_ATTACH_BPF on AF_UNIX datagram and
 * UDP sockets) whose programs write what the interpreter computed into
 * an array map that the test then reads with BPF_MAP_LOOKUP_ELEM.
 *
 *   bpftests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# bpftests: P passed, F failed". Run it as root: a test that drops to
 * the student or drops capabilities does it in its own child. musl has
 * no <linux/bpf.h>: the few numbers and layouts needed are below, as in
 * Linux 6.1's include/uapi/linux/bpf.h.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "linux_filter.h"
#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define STUDENT 1000
#define NR_BPF 321			/* x86_64's __NR_bpf */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Linux 6.1's uapi: commands, map and program types, flags ---- */

enum {
	BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM,
	BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_PROG_LOAD,
};
#define BPF_MAP_TYPE_HASH 1
#define BPF_MAP_TYPE_ARRAY 2
#define BPF_PROG_TYPE_SOCKET_FILTER 1
#define BPF_ANY 0
#define BPF_NOEXIST 1
#define BPF_EXIST 2
#define BPF_F_LOCK 4			/* update flag: only for spin-lock maps */
#define BPF_F_NO_PREALLOC 1		/* map_flags */
#define BPF_F_NO_COMMON_LRU 2		/* LRU hash maps only */
#define BPF_F_STACK_BUILD_ID 32		/* stack-trace maps only */
#define BPF_F_MMAPABLE 1024		/* array maps only */
#define BPF_PSEUDO_MAP_FD 1		/* ld_imm64's src_reg: imm is a map fd */
#define BPF_FUNC_map_lookup_elem 1
#define BPF_FUNC_map_update_elem 2
#define BPF_FUNC_map_delete_elem 3
#define BPF_FUNC_ktime_get_ns 5
#define BPF_FUNC_get_prandom_u32 7
#define BPF_FUNC_get_smp_processor_id 8
#define BPF_FUNC_skb_load_bytes 26
#define CAP_SYS_ADMIN 21
#define CAP_BPF 39

/* The union's members bpftests uses, laid out as Linux 6.1's (144 bytes). */
union bpf_attr {
	struct {			/* BPF_MAP_CREATE */
		uint32_t map_type, key_size, value_size, max_entries;
		uint32_t map_flags, inner_map_fd, numa_node;
		char map_name[16];
		uint32_t map_ifindex, btf_fd, btf_key_type_id;
		uint32_t btf_value_type_id, btf_vmlinux_value_type_id;
		uint64_t map_extra;
	};
	struct {			/* BPF_MAP_*_ELEM, BPF_MAP_GET_NEXT_KEY */
		uint32_t map_fd;
		uint64_t key;
		union {
			uint64_t value;
			uint64_t next_key;
		};
		uint64_t flags;
	};
	struct {			/* BPF_PROG_LOAD */
		uint32_t prog_type, insn_cnt;
		uint64_t insns, license;
		uint32_t log_level, log_size;
		uint64_t log_buf;
		uint32_t kern_version, prog_flags;
		char prog_name[16];
		uint32_t prog_ifindex, expected_attach_type, prog_btf_fd;
		uint32_t func_info_rec_size;
		uint64_t func_info;
		uint32_t func_info_cnt, line_info_rec_size;
		uint64_t line_info;
		uint32_t line_info_cnt, attach_btf_id, attach_prog_fd;
		uint32_t core_relo_cnt;
		uint64_t fd_array, core_relos;
		uint32_t core_relo_rec_size;
	};
};
_Static_assert(sizeof(union bpf_attr) == 144, "Linux 6.1's union bpf_attr");

/* ---- the instruction set ---- */

struct bpf_insn {
	uint8_t code;
	uint8_t dst_reg : 4;
	uint8_t src_reg : 4;
	int16_t off;
	int32_t imm;
};

/* eBPF's own fields (the shared ones: user/lib/linux_filter.h). */
#define BPF_JMP32 0x06			/* classes */
#define BPF_ALU64 0x07
#define BPF_DW 0x18			/* size */
#define BPF_ATOMIC 0xc0			/* mode */
#define BPF_MOV 0xb0			/* ALU and jump operations */
#define BPF_ARSH 0xc0
#define BPF_END 0xd0
#define BPF_JNE 0x50
#define BPF_JSGT 0x60
#define BPF_JSGE 0x70
#define BPF_CALL 0x80
#define BPF_EXIT 0x90
#define BPF_JLT 0xa0
#define BPF_JLE 0xb0
#define BPF_JSLT 0xc0
#define BPF_JSLE 0xd0
#define BPF_TO_LE 0x00			/* BPF_END's byte orders */
#define BPF_TO_BE 0x08

enum { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 };

/* Instructions as initializers (ld_imm64 and LD_MAP_FD are two). */
#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), \
	.src_reg = (s), .off = (o), .imm = (i) })
#define ALU64_IMM(op, d, i) INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s) INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i) INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define ALU32_REG(op, d, s) INSN(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i) ALU64_IMM(BPF_MOV, d, i)
#define MOV64_REG(d, s) ALU64_REG(BPF_MOV, d, s)
#define MOV32_IMM(d, i) ALU32_IMM(BPF_MOV, d, i)
#define LD_IMM64_RAW(d, s, v) \
	INSN(BPF_LD | BPF_DW | BPF_IMM, d, s, 0, (int32_t)(uint32_t)(uint64_t)(v)), \
	INSN(0, 0, 0, 0, (int32_t)(uint32_t)((uint64_t)(v) >> 32))
#define LD_IMM64(d, v) LD_IMM64_RAW(d, 0, v)
#define LD_MAP_FD(d, fd) LD_IMM64_RAW(d, BPF_PSEUDO_MAP_FD, fd)
#define LDX_MEM(sz, d, s, o) INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX_MEM(sz, d, s, o) INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST_MEM(sz, d, o, i) INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define ATOMIC_ADD(sz, d, s, o) INSN(BPF_STX | BPF_ATOMIC | (sz), d, s, o, BPF_ADD)
#define JMP_IMM(op, d, i, o) INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JA(o) INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(f) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT_INSN() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* r0 = bpf_map_lookup_elem(map @fd, &key 0), the key at fp-4. */
#define LOOKUP_KEY0(fd) \
	ST_MEM(BPF_W, R10, -4, 0), LD_MAP_FD(R1, fd), MOV64_REG(R2, R10), \
	ALU64_IMM(BPF_ADD, R2, -4), CALL(BPF_FUNC_map_lookup_elem)
/* Return 0 unless r0 is not NULL. */
#define NULL_EXIT JMP_IMM(BPF_JNE, R0, 0, 2), MOV64_IMM(R0, 0), EXIT_INSN()
/* An instruction array and its length, for the tables of programs. */
#define PROG(...) (const struct bpf_insn[]){ __VA_ARGS__ }, \
	sizeof((const struct bpf_insn[]){ __VA_ARGS__ }) / sizeof(struct bpf_insn)

/* ---- bpf(2) and its commands ---- */

static long sys_bpf(int cmd, void *attr, unsigned int size)
{
	return syscall(NR_BPF, cmd, attr, size);
}

/* 1 if @r is a failure with errno @err. */
static int fails(long r, int err)
{
	return r == -1 && errno == err;
}

static int map_create(uint32_t type, uint32_t key_size, uint32_t value_size,
		      uint32_t max_entries, uint32_t flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = max_entries;
	a.map_flags = flags;
	return sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

/* An element command with nothing but these fields set. */
static long map_cmd(int cmd, int fd, const void *key, const void *value,
		    uint64_t flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (uintptr_t)key;
	a.value = (uintptr_t)value;
	a.flags = flags;
	return sys_bpf(cmd, &a, sizeof(a));
}

static long map_lookup(int fd, const void *key, void *value)
{
	return map_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

static long map_update(int fd, const void *key, const void *value, uint64_t flags)
{
	return map_cmd(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

static long map_delete(int fd, const void *key)
{
	return map_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

static long map_next(int fd, const void *key, void *next)
{
	return map_cmd(BPF_MAP_GET_NEXT_KEY, fd, key, next, 0);
}

/* A BPF_PROG_LOAD attr for @n instructions at @insns: a socket filter,
 * license "GPL", no log. */
static void prog_attr(union bpf_attr *a, const struct bpf_insn *insns,
		      unsigned int n)
{
	memset(a, 0, sizeof(*a));
	a->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a->insns = (uintptr_t)insns;
	a->insn_cnt = n;
	a->license = (uintptr_t)"GPL";
}

static long prog_load(union bpf_attr *a)
{
	return sys_bpf(BPF_PROG_LOAD, a, sizeof(*a));
}

/* 0 if the @n instructions load (the fd closed again, errno 0), else
 * the errno. */
static int load_errno(const struct bpf_insn *insns, unsigned int n)
{
	union bpf_attr a;
	long fd;

	prog_attr(&a, insns, n);
	fd = prog_load(&a);
	if (fd < 0)
		return errno;
	close(fd);
	errno = 0;
	return 0;
}

/* Print the last @lines lines of the verifier's @log as "#   " lines. */
static void print_log_tail(const char *log, int lines)
{
	const char *p = log + strlen(log);

	while (p > log && lines >= 0)
		if (*--p == '\n')
			lines--;
	if (*p == '\n')
		p++;
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("#   log: %.*s\n", len, p);
		p += len + (nl != NULL);
	}
}

/* Load @n instructions that must pass: the fd, or -1 after tap_fail()
 * with the errno and the verifier log's last lines printed. */
static int load_ok(const struct bpf_insn *insns, unsigned int n)
{
	static char log[1 << 20];
	union bpf_attr a;
	long fd;
	int err;

	prog_attr(&a, insns, n);
	fd = prog_load(&a);
	if (fd >= 0)
		return fd;
	err = errno;
	log[0] = '\0';
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	if (prog_load(&a) >= 0)
		return tap_fail("load failed with errno %d, then passed with a log", err);
	print_log_tail(log, 4);
	return tap_fail("load: errno %d (%s)", err, strerror(err));
}

/* 1 if /proc/self/fd/@fd links to @want. */
static int fd_link_is(int fd, const char *want)
{
	char path[64], link[128];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = '\0';
	return strcmp(link, want) == 0;
}

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/* Take capability @cap out of this process's effective and permitted
 * sets; its uid stays 0. 0, or -1 with errno set. */
static int drop_cap(int cap)
{
	struct cap_header h = { 0x20080522, 0 };	/* version 3 */
	struct cap_data d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[cap / 32].effective &= ~(1u << cap % 32);
	d[cap / 32].permitted &= ~(1u << cap % 32);
	return syscall(SYS_capset, &h, d);
}

/* ---- running programs: socket filters writing into a results map ---- */

#define SLOTS 64			/* u64 results in the map's one value */
#define MAX_INSNS 1024

/* A program built instruction by instruction. */
struct prog {
	struct bpf_insn insn[MAX_INSNS];
	unsigned int n;
};

static void emit_all(struct prog *p, const struct bpf_insn *insns, unsigned int n)
{
	for (unsigned int i = 0; i < n && p->n < MAX_INSNS; i++)
		p->insn[p->n++] = insns[i];
}

static void emit(struct prog *p, struct bpf_insn insn)
{
	emit_all(p, &insn, 1);
}

static void emit_ld64(struct prog *p, int reg, uint64_t v)
{
	struct bpf_insn two[] = { LD_IMM64(reg, v) };

	emit_all(p, two, 2);
}

/* Start @p: r6 = ctx, r7 = the value of key 0 in results map @map (the
 * program returns 0 if there is none). */
static void prog_begin(struct prog *p, int map)
{
	struct bpf_insn head[] = {
		MOV64_REG(R6, R1),
		LOOKUP_KEY0(map),
		NULL_EXIT,
		MOV64_REG(R7, R0),
	};

	p->n = 0;
	emit_all(p, head, ARRAY_SIZE(head));
}

/* End @p: return 0xffffffff (keep the whole datagram). */
static void prog_end(struct prog *p)
{
	emit(p, MOV64_IMM(R0, -1));
	emit(p, EXIT_INSN());
}

/* An array map with one value of SLOTS u64s: where programs put results. */
static int results_map(void)
{
	return map_create(BPF_MAP_TYPE_ARRAY, 4, SLOTS * 8, 1, 0);
}

static long read_results(int map, uint64_t *r)
{
	uint32_t key = 0;

	return map_lookup(map, &key, r);
}

static long write_results(int map, const uint64_t *r)
{
	uint32_t key = 0;

	return map_update(map, &key, r, BPF_ANY);
}

static int attach(int sock, int prog)
{
	return setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog, sizeof(prog));
}

static int detach(int sock)
{
	int unused = 0;

	return setsockopt(sock, SOL_SOCKET, SO_DETACH_BPF, &unused, sizeof(unused));
}

/* Fill @buf with @len bytes 'a'..'z', 'a'.. */
static void pattern(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = 'a' + i % 26;
}

/* Send a @len-byte datagram from sv[0] to sv[1]: the bytes that arrived
 * (0 for an empty datagram), -1 if none did (errno EAGAIN), -2 if the send
 * did not return @len, -3 if what arrived is not the datagram's head. */
static long send_recv(int sv[2], size_t len)
{
	char out[2048], in[2048];
	long n;

	pattern(out, len);
	if (send(sv[0], out, len, 0) != (ssize_t)len)
		return -2;
	n = recv(sv[1], in, sizeof(in), MSG_DONTWAIT);
	if (n > 0 && memcmp(in, out, n))
		return -3;
	return n;
}

/* One @len-byte datagram through a new AF_UNIX datagram pair whose
 * receiving end runs @prog: as send_recv(), or -4 if it could not attach. */
static long through_unix(int prog, size_t len)
{
	int sv[2];
	long n = -4;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return -4;
	if (attach(sv[1], prog) == 0)
		n = send_recv(sv, len);
	close(sv[0]);
	close(sv[1]);
	return n;
}

/* Load @p, run it once on a @len-byte datagram, read results map @map
 * into @r. 0, or -1 after tap_fail(). */
static int run_collect(const struct prog *p, int map, size_t len, uint64_t *r)
{
	int fd = load_ok(p->insn, p->n);
	long n;

	if (fd < 0)
		return -1;
	n = through_unix(fd, len);
	close(fd);
	if (n < -1)
		return tap_fail("datagram through the filter: %ld (errno %d)", n, errno);
	if (read_results(map, r))
		return tap_fail("lookup of the results: errno %d", errno);
	return 0;
}

/* 0 if @got[i] is @want[i] for each of the @n @names, else -1 after
 * tap_fail() with each difference printed. */
static int check_slots(const char *const *names, const uint64_t *got,
		       const uint64_t *want, int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		if (got[i] == want[i])
			continue;
		printf("#   %s: got %#llx, want %#llx\n", names[i],
		       (unsigned long long)got[i], (unsigned long long)want[i]);
		bad++;
	}
	return bad ? tap_fail("%d of %d results wrong", bad, n) : 0;
}

/* ---- bpf(2) itself ---- */

/* Linux (__sys_bpf, bpf_check_uarg_tail_zero): bpf() reads min(size,
 * sizeof(union bpf_attr)) bytes and zero-fills the rest; a bigger size is
 * fine when every byte past the union is zero, E2BIG when one is not or
 * when size is over a page (4096); EFAULT for an attr it cannot read;
 * EINVAL for an unknown command. */
static int attr_size_and_pointer(void)
{
	static uint64_t page[8192 / 8];
	char *bytes = (char *)page;
	union bpf_attr *a = (union bpf_attr *)page;
	long fd;

	a->map_type = BPF_MAP_TYPE_ARRAY;
	a->key_size = 4;
	a->value_size = 8;
	a->max_entries = 1;
	CHECK((fd = sys_bpf(BPF_MAP_CREATE, page, 4096)) >= 0);
	close(fd);
	CHECK((fd = sys_bpf(BPF_MAP_CREATE, page, 20)) >= 0);	/* up to map_flags */
	close(fd);
	bytes[4095] = 1;
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, page, 4096), E2BIG));
	bytes[4095] = 0;
	bytes[sizeof(union bpf_attr)] = 1;	/* the first byte past Linux's union */
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, page, sizeof(union bpf_attr) + 1), E2BIG));
	bytes[sizeof(union bpf_attr)] = 0;
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, page, 4097), E2BIG));
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, (void *)8, sizeof(union bpf_attr)), EFAULT));
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, NULL, 20), EFAULT));
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, (void *)8, 4096), EFAULT));
	CHECK(fails(sys_bpf(1000, page, sizeof(union bpf_attr)), EINVAL));
	CHECK(fails(sys_bpf(-1, page, sizeof(union bpf_attr)), EINVAL));
	return 0;
}

/* Linux (CHECK_ATTR): the attr's bytes past the last field a command
 * reads must be zero, else EINVAL: past map_extra (72) for
 * BPF_MAP_CREATE, flags (32) for lookup and update, key (16) for delete,
 * next_key (24) for get_next_key, core_relo_rec_size (140) for
 * BPF_PROG_LOAD. */
static int attr_unused_fields_zero(void)
{
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };
	uint64_t key = 5, value = 0;
	char *bytes;
	union bpf_attr a;
	int h;

	CHECK((h = map_create(BPF_MAP_TYPE_HASH, 8, 8, 4, 0)) >= 0);
	memset(&a, 0, sizeof(a));
	bytes = (char *)&a;
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	bytes[72] = 1;
	EXPECT(fails(sys_bpf(BPF_MAP_CREATE, &a, sizeof(a)), EINVAL));
	memset(&a, 0, sizeof(a));
	a.map_fd = h;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&value;
	bytes[32] = 1;
	EXPECT(fails(sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a)), EINVAL));
	EXPECT(fails(sys_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a)), EINVAL));
	bytes[32] = 0;
	EXPECT(fails(sys_bpf(BPF_MAP_DELETE_ELEM, &a, sizeof(a)), EINVAL));	/* value */
	a.value = 0;
	EXPECT(fails(sys_bpf(BPF_MAP_DELETE_ELEM, &a, sizeof(a)), ENOENT));
	a.flags = 1;
	EXPECT(fails(sys_bpf(BPF_MAP_DELETE_ELEM, &a, sizeof(a)), EINVAL));
	a.next_key = (uintptr_t)&value;
	EXPECT(fails(sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a)), EINVAL));
	prog_attr(&a, ok, ARRAY_SIZE(ok));
	bytes[140] = 1;
	EXPECT(fails(prog_load(&a), EINVAL));
	return 0;
}

/* Linux (__sys_bpf; Debian's CONFIG_BPF_UNPRIV_DEFAULT_OFF): with
 * kernel.unprivileged_bpf_disabled at its default 2, BPF_MAP_CREATE and
 * BPF_PROG_LOAD need CAP_BPF or CAP_SYS_ADMIN, EPERM before the attr is
 * even read. */
static int unprivileged_eperm(void)
{
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };
	char value[16];
	union bpf_attr a;

	CHECK(procfs_read("/proc/sys/kernel/unprivileged_bpf_disabled", value,
			  sizeof(value)) > 0);
	CHECK(strcmp(value, "2\n") == 0);
	if (tap_become(STUDENT, 0))
		return -1;
	CHECK(fails(map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0), EPERM));
	CHECK(fails(map_create(BPF_MAP_TYPE_HASH, 4, 8, 1, 0), EPERM));
	prog_attr(&a, ok, ARRAY_SIZE(ok));
	CHECK(fails(prog_load(&a), EPERM));
	CHECK(fails(sys_bpf(BPF_MAP_CREATE, (void *)8, 8192), EPERM));
	return 0;
}

/* Linux 6.1 (since 5.19, "bpf: refine kernel.unprivileged_bpf_disabled
 * behaviour"): the sysctl blocks only the commands that make objects; a
 * user without CAP_BPF who holds a map fd (here inherited from root)
 * may still look its elements up and update them, and an unknown
 * command is still EINVAL, not EPERM. */
static int unprivileged_fd_commands(void)
{
	uint32_t key = 0;
	uint64_t value = 77, got = 0;
	int map;

	CHECK((map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	CHECK(map_update(map, &key, &value, BPF_ANY) == 0);
	if (tap_become(STUDENT, 0))
		return -1;
	CHECK(map_lookup(map, &key, &got) == 0 && got == 77);
	value = 78;
	CHECK(map_update(map, &key, &value, BPF_EXIST) == 0);
	CHECK(map_lookup(map, &key, &got) == 0 && got == 78);
	CHECK(map_next(map, NULL, &key) == 0 && key == 0);
	CHECK(fails(sys_bpf(1000, &value, 8), EINVAL));
	return 0;
}

/* A program that counts its datagrams in @map's value: 0, or -1 after
 * tap_fail(). */
static int count_one_datagram(int map)
{
	struct bpf_insn p[] = {
		LOOKUP_KEY0(map), NULL_EXIT,
		MOV64_IMM(R1, 1), ATOMIC_ADD(BPF_DW, R0, R1, 0),
		MOV64_IMM(R0, -1), EXIT_INSN(),
	};
	uint64_t count = 0;
	uint32_t key = 0;
	int fd = load_ok(p, ARRAY_SIZE(p));

	if (fd < 0)
		return -1;
	CHECK(through_unix(fd, 10) == 10);
	close(fd);
	CHECK(map_lookup(map, &key, &count) == 0 && count == 1);
	return 0;
}

/* Linux (bpf_capable(): CAP_BPF or CAP_SYS_ADMIN): root without
 * CAP_SYS_ADMIN but with CAP_BPF still creates maps and loads socket
 * filters, as LTP's bpf_prog02-04 do; without both it is EPERM. */
static int cap_bpf_is_enough(void)
{
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };
	int map;

	CHECK(drop_cap(CAP_SYS_ADMIN) == 0);
	CHECK((map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	if (count_one_datagram(map))
		return -1;
	CHECK(drop_cap(CAP_BPF) == 0);
	CHECK(fails(map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0), EPERM));
	CHECK(load_errno(ok, ARRAY_SIZE(ok)) == EPERM);
	return 0;
}

/* ---- maps ---- */

/* Linux (map_create, anon_inode_getfd("bpf-map", ..., O_CLOEXEC)): a map
 * is an fd linking to "anon_inode:bpf-map", close-on-exec; a type that
 * is not a map type is EINVAL. */
static int map_create_types(void)
{
	int hash, array;

	CHECK((hash = map_create(BPF_MAP_TYPE_HASH, 4, 8, 16, 0)) >= 0);
	CHECK((array = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 16, 0)) >= 0);
	CHECK(fd_link_is(hash, "anon_inode:bpf-map"));
	CHECK(fd_link_is(array, "anon_inode:bpf-map"));
	CHECK(fcntl(hash, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(array, F_GETFD) == FD_CLOEXEC);
	CHECK(fails(map_create(0, 4, 8, 16, 0), EINVAL));	/* UNSPEC */
	CHECK(fails(map_create(1000, 4, 8, 16, 0), EINVAL));
	return 0;
}

/* Linux (array_map_alloc_check, htab_map_alloc_check): an array's key is
 * a u32 index (key_size 4), a hash's key at most MAX_BPF_STACK (512)
 * bytes, or E2BIG; zero sizes or entries are EINVAL; a flag the type
 * does not take is EINVAL (BPF_F_NO_PREALLOC is a hash's only). */
static int map_create_errors(void)
{
	const int A = BPF_MAP_TYPE_ARRAY, H = BPF_MAP_TYPE_HASH;
	int fd;

	EXPECT(fails(map_create(A, 8, 8, 4, 0), EINVAL));
	EXPECT(fails(map_create(A, 0, 8, 4, 0), EINVAL));
	EXPECT(fails(map_create(A, 4, 0, 4, 0), EINVAL));
	EXPECT(fails(map_create(A, 4, 8, 0, 0), EINVAL));
	EXPECT(fails(map_create(A, 4, 8, 4, BPF_F_NO_PREALLOC), EINVAL));
	EXPECT(fails(map_create(A, 4, 8, 4, BPF_F_STACK_BUILD_ID), EINVAL));
	EXPECT(fails(map_create(H, 0, 8, 4, 0), EINVAL));
	EXPECT(fails(map_create(H, 4, 0, 4, 0), EINVAL));
	EXPECT(fails(map_create(H, 4, 8, 0, 0), EINVAL));
	EXPECT(fails(map_create(H, 513, 8, 4, 0), E2BIG));
	EXPECT(fails(map_create(H, 4, 8, 4, BPF_F_NO_COMMON_LRU), EINVAL));
	EXPECT(fails(map_create(H, 4, 8, 4, BPF_F_MMAPABLE), EINVAL));
	EXPECT((fd = map_create(H, 512, 8, 4, 0)) >= 0);
	close(fd);
	EXPECT((fd = map_create(H, 4, 8, 4, BPF_F_NO_PREALLOC)) >= 0);
	close(fd);
	return 0;
}

/* Linux (map_lookup_elem and friends, __bpf_map_get, __bpf_copy_key): an
 * fd not open is EBADF, an fd that is not a map EINVAL, a key or value
 * the kernel cannot read or write EFAULT; update's flags are BPF_ANY,
 * BPF_NOEXIST or BPF_EXIST, anything else EINVAL (BPF_F_LOCK too, for a
 * map without a spin lock). */
static int elem_errors(void)
{
	uint64_t value = 1, key = 0;
	int p[2], a, h;
	void *bad = (void *)8;

	CHECK(pipe(p) == 0);
	CHECK((a = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0)) >= 0);
	CHECK((h = map_create(BPF_MAP_TYPE_HASH, 8, 8, 4, 0)) >= 0);
	CHECK(map_update(h, &key, &value, BPF_ANY) == 0);
	EXPECT(fails(map_lookup(999, &key, &value), EBADF));
	EXPECT(fails(map_update(999, &key, &value, BPF_ANY), EBADF));
	EXPECT(fails(map_delete(999, &key), EBADF));
	EXPECT(fails(map_next(999, NULL, &key), EBADF));
	EXPECT(fails(map_lookup(p[0], &key, &value), EINVAL));
	EXPECT(fails(map_update(p[1], &key, &value, BPF_ANY), EINVAL));
	EXPECT(fails(map_delete(p[0], &key), EINVAL));
	EXPECT(fails(map_next(p[0], NULL, &key), EINVAL));
	EXPECT(fails(map_lookup(a, bad, &value), EFAULT));
	EXPECT(fails(map_lookup(h, &key, bad), EFAULT));
	EXPECT(fails(map_update(h, bad, &value, BPF_ANY), EFAULT));
	EXPECT(fails(map_update(a, &key, bad, BPF_ANY), EFAULT));
	EXPECT(fails(map_delete(h, bad), EFAULT));
	EXPECT(fails(map_next(h, bad, &key), EFAULT));
	EXPECT(fails(map_next(h, NULL, bad), EFAULT));
	EXPECT(fails(map_update(a, &key, &value, 3), EINVAL));
	EXPECT(fails(map_update(h, &key, &value, 3), EINVAL));
	EXPECT(fails(map_update(h, &key, &value, BPF_F_LOCK), EINVAL));
	return 0;
}

/* Linux (arraymap.c): an array's elements all exist from the start,
 * zeroed; an index past the end is ENOENT to look up and E2BIG to update;
 * BPF_NOEXIST is EEXIST (every element exists); delete is EINVAL;
 * get_next_key from NULL or from an index out of range gives 0, from the
 * last index ENOENT. */
static int array_elements(void)
{
	uint32_t key, next = 99;
	uint64_t value, want = 0x1122334455667788ULL;
	int a;

	CHECK((a = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0)) >= 0);
	for (key = 0; key < 4; key++)
		CHECK(map_lookup(a, &key, &value) == 0 && value == 0);
	CHECK(fails(map_lookup(a, &key, &value), ENOENT));	/* key 4 */
	CHECK(fails(map_update(a, &key, &want, BPF_ANY), E2BIG));
	key = 2;
	CHECK(map_update(a, &key, &want, BPF_ANY) == 0);
	CHECK(map_lookup(a, &key, &value) == 0 && value == want);
	CHECK(fails(map_update(a, &key, &want, BPF_NOEXIST), EEXIST));
	CHECK(map_update(a, &key, &want, BPF_EXIST) == 0);
	CHECK(fails(map_delete(a, &key), EINVAL));
	CHECK(map_next(a, NULL, &next) == 0 && next == 0);
	key = 1000;
	CHECK(map_next(a, &key, &next) == 0 && next == 0);
	key = 1;
	CHECK(map_next(a, &key, &next) == 0 && next == 2);
	key = 3;
	CHECK(fails(map_next(a, &key, &next), ENOENT));
	return 0;
}

/* Linux (hashtab.c): a key not in the map is ENOENT to look up and to
 * delete; BPF_NOEXIST on a key present is EEXIST, BPF_EXIST on a key
 * absent ENOENT; an update replaces the value. */
static int hash_elements(void)
{
	uint64_t key = 0xabcdef, value = 1, got;
	int h;

	CHECK((h = map_create(BPF_MAP_TYPE_HASH, 8, 8, 8, 0)) >= 0);
	CHECK(fails(map_lookup(h, &key, &got), ENOENT));
	CHECK(fails(map_update(h, &key, &value, BPF_EXIST), ENOENT));
	CHECK(map_update(h, &key, &value, BPF_NOEXIST) == 0);
	CHECK(map_lookup(h, &key, &got) == 0 && got == 1);
	value = 2;
	CHECK(fails(map_update(h, &key, &value, BPF_NOEXIST), EEXIST));
	CHECK(map_update(h, &key, &value, BPF_EXIST) == 0);
	CHECK(map_lookup(h, &key, &got) == 0 && got == 2);
	value = 3;
	CHECK(map_update(h, &key, &value, BPF_ANY) == 0);
	CHECK(map_lookup(h, &key, &got) == 0 && got == 3);
	CHECK(map_delete(h, &key) == 0);
	CHECK(fails(map_lookup(h, &key, &got), ENOENT));
	CHECK(fails(map_delete(h, &key), ENOENT));
	return 0;
}

/* Linux (alloc_htab_elem): a full hash takes no new key (E2BIG) but still
 * replaces the value of a key it has; a delete makes room again. */
static int hash_full(void)
{
	uint64_t key, value = 5, got;
	int h;

	CHECK((h = map_create(BPF_MAP_TYPE_HASH, 8, 8, 3, 0)) >= 0);
	for (key = 10; key < 13; key++)
		CHECK(map_update(h, &key, &value, BPF_NOEXIST) == 0);
	CHECK(fails(map_update(h, &key, &value, BPF_ANY), E2BIG));	/* key 13 */
	key = 11;
	value = 6;
	CHECK(map_update(h, &key, &value, BPF_ANY) == 0);
	CHECK(map_update(h, &key, &value, BPF_EXIST) == 0);
	CHECK(map_lookup(h, &key, &got) == 0 && got == 6);
	CHECK(map_delete(h, &key) == 0);
	key = 13;
	CHECK(map_update(h, &key, &value, BPF_NOEXIST) == 0);
	CHECK(map_lookup(h, &key, &got) == 0 && got == 6);
	return 0;
}

/* Walk @h (8-byte keys 100..104 in it) with get_next_key from NULL: 0 if
 * every key came once and the walk ended in ENOENT, -1 after tap_fail(). */
static int walk_five(int h)
{
	uint64_t key, next;
	int seen[5] = { 0 }, n = 0;
	long r;

	for (r = map_next(h, NULL, &next); r == 0 && n < 10; r = map_next(h, &key, &next)) {
		CHECK(next >= 100 && next < 105 && !seen[next - 100]);
		seen[next - 100] = 1;
		key = next;
		n++;
	}
	CHECK(fails(r, ENOENT) && n == 5);
	return 0;
}

/* Linux (htab_map_get_next_key): from NULL or from a key not in the map
 * the walk starts at some first key; it visits every key once, then
 * ENOENT; an empty hash is ENOENT at once. With BPF_F_NO_PREALLOC too. */
static int hash_walk(void)
{
	const uint32_t flags[] = { 0, BPF_F_NO_PREALLOC };
	uint64_t key, next;

	for (unsigned int f = 0; f < ARRAY_SIZE(flags); f++) {
		int h = map_create(BPF_MAP_TYPE_HASH, 8, 8, 8, flags[f]);

		CHECK(h >= 0);
		CHECK(fails(map_next(h, NULL, &next), ENOENT));
		for (key = 100; key < 105; key++)
			CHECK(map_update(h, &key, &key, BPF_NOEXIST) == 0);
		if (walk_five(h))
			return -1;
		key = 7;
		CHECK(map_next(h, &key, &next) == 0 && next >= 100 && next < 105);
		close(h);
	}
	return 0;
}

/* ---- loading programs ---- */

/* Linux (bpf_prog_load): the license is copied first (EFAULT for a bad
 * pointer), then insn_cnt must be 1..1000000 (BPF_COMPLEXITY_LIMIT_INSNS
 * for bpf_capable(); 0 is E2BIG too), the instructions are copied
 * (EFAULT), and a type that is no program type is EINVAL. A program is an
 * fd linking to "anon_inode:bpf-prog", close-on-exec. */
static int prog_load_errors(void)
{
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };
	union bpf_attr a;
	long fd;

	prog_attr(&a, ok, 0);
	EXPECT(fails(prog_load(&a), E2BIG));
	prog_attr(&a, ok, 1000001);
	EXPECT(fails(prog_load(&a), E2BIG));
	prog_attr(&a, (void *)8, 2);
	EXPECT(fails(prog_load(&a), EFAULT));
	prog_attr(&a, NULL, 2);
	EXPECT(fails(prog_load(&a), EFAULT));
	prog_attr(&a, ok, 2);
	a.license = 0;
	EXPECT(fails(prog_load(&a), EFAULT));
	a.license = 8;
	EXPECT(fails(prog_load(&a), EFAULT));
	prog_attr(&a, ok, 2);
	a.prog_type = 0;			/* UNSPEC */
	EXPECT(fails(prog_load(&a), EINVAL));
	a.prog_type = 1000;
	EXPECT(fails(prog_load(&a), EINVAL));
	prog_attr(&a, ok, 2);
	CHECK((fd = prog_load(&a)) >= 0);
	CHECK(fd_link_is(fd, "anon_inode:bpf-prog"));
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	return 0;
}

/* Linux (bpf_check, bpf_verifier_log_attr_valid): asking for a log
 * (log_level, log_buf or log_size nonzero) needs all of level 1..7
 * (BPF_LOG_MASK), a buffer, and a size of at least 128, else EINVAL. */
static int prog_log_attrs(void)
{
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };
	static char log[4096];
	union bpf_attr a;
	long fd;

	prog_attr(&a, ok, 2);
	a.log_level = 1;
	a.log_size = sizeof(log);
	EXPECT(fails(prog_load(&a), EINVAL));		/* no buffer */
	a.log_buf = (uintptr_t)log;
	a.log_size = 127;
	EXPECT(fails(prog_load(&a), EINVAL));
	a.log_size = sizeof(log);
	a.log_level = 0;
	EXPECT(fails(prog_load(&a), EINVAL));		/* a buffer, no level */
	a.log_buf = 0;
	EXPECT(fails(prog_load(&a), EINVAL));		/* a size, no level */
	a.log_buf = (uintptr_t)log;
	a.log_level = 8;
	EXPECT(fails(prog_load(&a), EINVAL));
	a.log_level = 1;
	EXPECT((fd = prog_load(&a)) >= 0);
	close(fd);
	return 0;
}

/* Linux: a rejected program's reason is in the log (a NUL-terminated
 * string) when log_level is 1 ("R0 !read_ok" here); the errno is the
 * verifier's. */
static int rejected_program_log(void)
{
	struct bpf_insn no_r0[] = { EXIT_INSN() };
	static char log[4096];
	union bpf_attr a;

	memset(log, 'x', sizeof(log));
	prog_attr(&a, no_r0, 1);
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	CHECK(fails(prog_load(&a), EACCES));
	CHECK(memchr(log, '\0', sizeof(log)) != NULL);
	CHECK(strlen(log) > 0);
	return 0;
}

/* ---- the verifier ---- */

/* One program and the errno its load must give (0: it loads). */
struct verdict {
	const char *what;
	const struct bpf_insn *insns;
	unsigned int n;
	int err;
};

/* 0 if each of the @n programs gets its errno, else -1 after tap_fail()
 * with each wrong one printed. */
static int check_verdicts(const struct verdict *v, int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		int err = load_errno(v[i].insns, v[i].n);

		if (err == v[i].err)
			continue;
		printf("#   %s: errno %d (%s), want %d (%s)\n", v[i].what, err,
		       err ? strerror(err) : "loaded", v[i].err,
		       v[i].err ? strerror(v[i].err) : "loaded");
		bad++;
	}
	return bad ? tap_fail("%d of %d programs judged wrong", bad, n) : 0;
}

/* Linux (resolve_pseudo_ldimm64, check_subprogs, check_cfg, do_check):
 * EINVAL for an unknown opcode, a jump out of the program, an endless
 * loop (Linux 6.1 lets CAP_BPF programs have bounded loops; one that
 * always comes back to the same state is "infinite loop detected"),
 * instructions no path reaches, and a last instruction that is not exit
 * or ja. */
static int verifier_structure(void)
{
	const struct verdict v[] = {
		{ "loads", PROG(MOV64_IMM(R0, 0), EXIT_INSN()), 0 },
		{ "opcode 0xff", PROG(MOV64_IMM(R0, 0), INSN(0xff, 0, 0, 0, 0),
				      EXIT_INSN()), EINVAL },
		{ "jmp opcode 0xe5", PROG(MOV64_IMM(R0, 0), INSN(0xe5, 0, 0, 0, 0),
					  EXIT_INSN()), EINVAL },
		{ "ja past the end", PROG(MOV64_IMM(R0, 0), JA(5), EXIT_INSN()), EINVAL },
		{ "ja before the start", PROG(MOV64_IMM(R0, 0), JA(-3), EXIT_INSN()),
		  EINVAL },
		{ "jeq past the end", PROG(MOV64_IMM(R0, 0),
					   JMP_IMM(BPF_JEQ, R0, 0, 1), EXIT_INSN()),
		  EINVAL },
		{ "ja to itself", PROG(MOV64_IMM(R0, 0), JA(-1)), EINVAL },
		{ "jeq back to itself", PROG(MOV64_IMM(R0, 0),
					     JMP_IMM(BPF_JEQ, R0, 0, -1), EXIT_INSN()),
		  EINVAL },
		{ "unreachable", PROG(MOV64_IMM(R0, 0), EXIT_INSN(), MOV64_IMM(R0, 1),
				      EXIT_INSN()), EINVAL },
		{ "no exit at the end", PROG(MOV64_IMM(R0, 0)), EINVAL },
	};

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* Linux 6.1 (check_cfg() since 5.3, is_state_visited()): a CAP_BPF
 * caller's program may loop; the verifier walks it round by round, so a
 * loop with a known bound loads, one that comes back to the same state
 * is "infinite loop detected" (EINVAL), one whose count it cannot know
 * reaches the walk's limits (E2BIG: here the exits pending, one a
 * round; a loop whose state changes for ever, r0++, takes the walk to
 * its million instructions, seconds under TCG, so it is left to the
 * fuzzer). A jump backwards that closes no loop is no loop. */
static int verifier_loops(void)
{
	const struct verdict v[] = {
		{ "count down from 10", PROG(MOV64_IMM(R0, 0), MOV64_IMM(R1, 10),
			ALU64_REG(BPF_ADD, R0, R1), ALU64_IMM(BPF_SUB, R1, 1),
			JMP_IMM(BPF_JNE, R1, 0, -3), EXIT_INSN()), 0 },
		{ "back to an exit", PROG(MOV64_IMM(R0, 0), JA(1), EXIT_INSN(),
					  JA(-2)), 0 },
		{ "nothing changes", PROG(MOV64_IMM(R0, 0), MOV64_IMM(R1, 10),
			MOV64_IMM(R0, 1), JMP_IMM(BPF_JNE, R1, 0, -2),
			EXIT_INSN()), EINVAL },
		{ "count from ctx->len", PROG(LDX_MEM(BPF_W, R2, R1, 0),
			ALU64_IMM(BPF_SUB, R2, 1), JMP_IMM(BPF_JEQ, R2, 0, 1),
			JA(-3), MOV64_IMM(R0, 0), EXIT_INSN()), E2BIG },
	};

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* The bounded loop runs: 10 + 9 + ... + 1 = 55, stored in slot 0. */
static int run_loop(void)
{
	struct bpf_insn body[] = {
		MOV64_IMM(R0, 0), MOV64_IMM(R1, 10),
		ALU64_REG(BPF_ADD, R0, R1), ALU64_IMM(BPF_SUB, R1, 1),
		JMP_IMM(BPF_JNE, R1, 0, -3),
		STX_MEM(BPF_DW, R7, R0, 0),
	};
	static struct prog p;
	int map = results_map();
	uint64_t r[SLOTS];

	CHECK(map >= 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if (run_collect(&p, map, 8, r))
		return -1;
	CHECK(r[0] == 55);
	return 0;
}

/* Linux (is_state_visited(): a path that reaches a prune point in a
 * state one already proved safe covers stops there): 40 rounds of a
 * loop, each with a branch on ctx->len whose two sides meet again in one
 * state, load; walked path by path it would be 2^40 paths. Both sides
 * count what they see in the map, so the run shows which was taken. */
static int verifier_prunes(void)
{
	struct bpf_insn body[] = {
		MOV64_IMM(R8, 0),
		LDX_MEM(BPF_W, R2, R6, 0),		/* loop: ctx->len */
		JMP_IMM(BPF_JGT, R2, 100, 4),
		MOV64_IMM(R1, 1), ATOMIC_ADD(BPF_DW, R7, R1, 0),	/* small */
		MOV64_IMM(R2, 0), JA(3),
		MOV64_IMM(R1, 1), ATOMIC_ADD(BPF_DW, R7, R1, 8),	/* big */
		MOV64_IMM(R2, 0),
		ALU64_IMM(BPF_ADD, R8, 1),		/* join */
		JMP_IMM(BPF_JLT, R8, 40, -11),
	};
	static struct prog p;
	int map = results_map();
	uint64_t r[SLOTS];

	CHECK(map >= 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if (run_collect(&p, map, 8, r))
		return -1;
	CHECK(r[0] == 40 && r[1] == 0);
	if (run_collect(&p, map, 200, r))
		return -1;
	CHECK(r[0] == 40 && r[1] == 40);
	return 0;
}

/* Linux (check_cfg(): "back-edge from insn %d to %d"): a caller without
 * CAP_BPF may load programs while unprivileged_bpf_disabled is 0, but
 * not loops (EINVAL); the same program loads with CAP_BPF. */
static int verifier_loops_unprivileged(void)
{
	struct bpf_insn loop[] = {
		MOV64_IMM(R0, 0), MOV64_IMM(R1, 10),
		ALU64_REG(BPF_ADD, R0, R1), ALU64_IMM(BPF_SUB, R1, 1),
		JMP_IMM(BPF_JNE, R1, 0, -3), EXIT_INSN(),
	};
	const char *knob = "/proc/sys/kernel/unprivileged_bpf_disabled";
	int status, fd;
	pid_t pid;

	CHECK(load_errno(loop, ARRAY_SIZE(loop)) == 0);
	CHECK((fd = open(knob, O_WRONLY)) >= 0);
	CHECK(write(fd, "0", 1) == 1);
	pid = fork();
	if (pid == 0)
		_exit(drop_cap(CAP_BPF) || drop_cap(CAP_SYS_ADMIN) ? 100 :
		      load_errno(loop, ARRAY_SIZE(loop)));
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(pwrite(fd, "2", 1, 0) == 1);
	close(fd);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EINVAL);
	return 0;
}

/* Linux (check_alu_op): EINVAL for a division or modulo by an immediate 0
 * and for an immediate shift outside 0..63 (0..31 for 32-bit ALU). */
static int verifier_alu_immediates(void)
{
#define R0_OP(insn) PROG(MOV64_IMM(R0, 1), insn, EXIT_INSN())
	const struct verdict v[] = {
		{ "div 0", R0_OP(ALU64_IMM(BPF_DIV, R0, 0)), EINVAL },
		{ "div32 0", R0_OP(ALU32_IMM(BPF_DIV, R0, 0)), EINVAL },
		{ "mod 0", R0_OP(ALU64_IMM(BPF_MOD, R0, 0)), EINVAL },
		{ "mod32 0", R0_OP(ALU32_IMM(BPF_MOD, R0, 0)), EINVAL },
		{ "div 1", R0_OP(ALU64_IMM(BPF_DIV, R0, 1)), 0 },
		{ "lsh 64", R0_OP(ALU64_IMM(BPF_LSH, R0, 64)), EINVAL },
		{ "rsh 64", R0_OP(ALU64_IMM(BPF_RSH, R0, 64)), EINVAL },
		{ "arsh 64", R0_OP(ALU64_IMM(BPF_ARSH, R0, 64)), EINVAL },
		{ "lsh -1", R0_OP(ALU64_IMM(BPF_LSH, R0, -1)), EINVAL },
		{ "lsh32 32", R0_OP(ALU32_IMM(BPF_LSH, R0, 32)), EINVAL },
		{ "rsh32 32", R0_OP(ALU32_IMM(BPF_RSH, R0, 32)), EINVAL },
		{ "arsh32 32", R0_OP(ALU32_IMM(BPF_ARSH, R0, 32)), EINVAL },
		{ "lsh 63", R0_OP(ALU64_IMM(BPF_LSH, R0, 63)), 0 },
		{ "arsh32 31", R0_OP(ALU32_IMM(BPF_ARSH, R0, 31)), 0 },
	};
#undef R0_OP

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* Linux (check_helper_call, resolve_pseudo_ldimm64): EINVAL for a helper
 * number that is none (or not a socket filter's) and for an ld_imm64
 * whose second half is not a zero instruction; BPF_LD_MAP_FD's fd is
 * looked up: EBADF if not open, EINVAL if not a map. */
static int verifier_calls_and_ld_imm64(void)
{
	int p[2], map, prog;
	struct bpf_insn ok[] = { MOV64_IMM(R0, 0), EXIT_INSN() };

	CHECK(pipe(p) == 0);
	CHECK((map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	CHECK((prog = load_ok(ok, 2)) >= 0);
	{
		const struct verdict v[] = {
			{ "call 100000", PROG(CALL(100000), MOV64_IMM(R0, 0), EXIT_INSN()),
			  EINVAL },
			{ "call -1", PROG(CALL(-1), MOV64_IMM(R0, 0), EXIT_INSN()), EINVAL },
			{ "call ktime_get_ns", PROG(CALL(BPF_FUNC_ktime_get_ns),
						    EXIT_INSN()), 0 },
			{ "ld_imm64 then mov", PROG(INSN(BPF_LD | BPF_DW | BPF_IMM, R0, 0, 0, 1),
						    MOV64_IMM(R0, 0), EXIT_INSN()), EINVAL },
			{ "ld_imm64 half with dst", PROG(INSN(BPF_LD | BPF_DW | BPF_IMM, R0, 0, 0, 1),
							 INSN(0, R1, 0, 0, 0), EXIT_INSN()), EINVAL },
			{ "ld_imm64 without half", PROG(INSN(BPF_LD | BPF_DW | BPF_IMM, R0, 0, 0, 1),
							EXIT_INSN()), EINVAL },
			{ "ld_imm64", PROG(LD_IMM64(R0, 1ULL << 40), EXIT_INSN()), 0 },
			{ "map fd 999", PROG(LD_MAP_FD(R1, 999), MOV64_IMM(R0, 0), EXIT_INSN()),
			  EBADF },
			{ "map fd of a pipe", PROG(LD_MAP_FD(R1, p[0]), MOV64_IMM(R0, 0),
						   EXIT_INSN()), EINVAL },
			{ "map fd of a program", PROG(LD_MAP_FD(R1, prog), MOV64_IMM(R0, 0),
						      EXIT_INSN()), EINVAL },
			{ "map fd of a map", PROG(LD_MAP_FD(R1, map), MOV64_IMM(R0, 0),
						  EXIT_INSN()), 0 },
		};

		return check_verdicts(v, ARRAY_SIZE(v));
	}
}

/* Linux (check_reg_arg): EACCES for reading a register never written
 * (r0 at exit, any at the start but r1 and r10, r1-r5 after a call) and
 * for writing r10, the read-only frame pointer; EINVAL for a register
 * number past r10 ("R15 is invalid"), in any place an instruction names
 * one. (The fuzzer's r15 once made Taskbase's verifier index its register
 * array out of bounds before the check: UBSAN on the debug kernel.) */
static int verifier_registers(void)
{
	const struct verdict v[] = {
		{ "exit without r0", PROG(EXIT_INSN()), EACCES },
		{ "r0 = r5", PROG(MOV64_REG(R0, R5), EXIT_INSN()), EACCES },
		{ "r0 += 1 unset", PROG(ALU64_IMM(BPF_ADD, R0, 1), EXIT_INSN()), EACCES },
		{ "r0 = r1 after a call", PROG(CALL(BPF_FUNC_ktime_get_ns),
					      MOV64_REG(R0, R1), EXIT_INSN()), EACCES },
		{ "r0 = r6 after a call", PROG(MOV64_IMM(R6, 3),
					      CALL(BPF_FUNC_ktime_get_ns),
					      MOV64_REG(R0, R6), EXIT_INSN()), 0 },
		{ "r10 = 0", PROG(MOV64_IMM(R10, 0), MOV64_IMM(R0, 0), EXIT_INSN()),
		  EACCES },
		{ "r10 += -8", PROG(ALU64_IMM(BPF_ADD, R10, -8), MOV64_IMM(R0, 0),
				    EXIT_INSN()), EACCES },
		{ "r2 = r10 - 8", PROG(MOV64_REG(R2, R10), ALU64_IMM(BPF_ADD, R2, -8),
				       MOV64_IMM(R0, 0), EXIT_INSN()), 0 },
		{ "r15 = 0", PROG(MOV64_IMM(15, 0), MOV64_IMM(R0, 0), EXIT_INSN()),
		  EINVAL },
		{ "r0 = r12", PROG(MOV64_REG(R0, 12), EXIT_INSN()), EINVAL },
		{ "if r13 == 0", PROG(MOV64_IMM(R0, 0), JMP_IMM(BPF_JEQ, 13, 0, 0),
				      EXIT_INSN()), EINVAL },
		{ "r14 = 1 (ld_imm64)", PROG(LD_IMM64(14, 1), MOV64_IMM(R0, 0),
					     EXIT_INSN()), EINVAL },
		{ "r11 = *(u64 *)(r10 - 8)", PROG(ST_MEM(BPF_DW, R10, -8, 1),
						  LDX_MEM(BPF_DW, 11, R10, -8),
						  MOV64_IMM(R0, 0), EXIT_INSN()),
		  EINVAL },
	};

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* Linux (check_stack_access_within_bounds, check_stack_read_fixed_off):
 * EACCES for a stack access outside [fp-512, fp) and for reading stack
 * bytes no instruction wrote (Linux 6.1 refuses that to root too). */
static int verifier_stack(void)
{
	const struct verdict v[] = {
		{ "store at fp+0", PROG(ST_MEM(BPF_DW, R10, 0, 1), MOV64_IMM(R0, 0),
					EXIT_INSN()), EACCES },
		{ "store at fp-520", PROG(ST_MEM(BPF_DW, R10, -520, 1), MOV64_IMM(R0, 0),
					  EXIT_INSN()), EACCES },
		{ "store byte at fp-513", PROG(ST_MEM(BPF_B, R10, -513, 1),
					       MOV64_IMM(R0, 0), EXIT_INSN()), EACCES },
		{ "store at fp-4 size 8", PROG(ST_MEM(BPF_DW, R10, -4, 1),
					       MOV64_IMM(R0, 0), EXIT_INSN()), EACCES },
		{ "read unwritten", PROG(LDX_MEM(BPF_DW, R0, R10, -8), EXIT_INSN()),
		  EACCES },
		{ "read half written", PROG(ST_MEM(BPF_W, R10, -8, 1),
					    LDX_MEM(BPF_DW, R0, R10, -8), EXIT_INSN()),
		  EACCES },
		{ "read at fp-520", PROG(LDX_MEM(BPF_DW, R0, R10, -520), EXIT_INSN()),
		  EACCES },
		{ "write, read fp-512", PROG(ST_MEM(BPF_DW, R10, -512, 1),
					     LDX_MEM(BPF_DW, R0, R10, -512), EXIT_INSN()),
		  0 },
	};

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* Linux (check_mem_access, check_map_access, adjust_ptr_min_max_vals):
 * EACCES for a load, store or arithmetic on bpf_map_lookup_elem()'s
 * result before it is tested against NULL, for a map value access
 * outside [0, value_size), and for dereferencing a scalar. */
static int verifier_pointers(void)
{
	int m;

	CHECK((m = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
#define CHECKED(...) PROG(LOOKUP_KEY0(m), NULL_EXIT, __VA_ARGS__, \
			  MOV64_IMM(R0, 0), EXIT_INSN())
		const struct verdict v[] = {
			{ "load before NULL test", PROG(LOOKUP_KEY0(m),
				LDX_MEM(BPF_DW, R0, R0, 0), EXIT_INSN()), EACCES },
			{ "store before NULL test", PROG(LOOKUP_KEY0(m),
				ST_MEM(BPF_DW, R0, 0, 1), MOV64_IMM(R0, 0), EXIT_INSN()),
			  EACCES },
			{ "add before NULL test", PROG(LOOKUP_KEY0(m),
				ALU64_IMM(BPF_ADD, R0, 8), MOV64_IMM(R0, 0), EXIT_INSN()),
			  EACCES },
			{ "store u64 at 0", CHECKED(ST_MEM(BPF_DW, R0, 0, 1)), 0 },
			{ "load u8 at 7", CHECKED(LDX_MEM(BPF_B, R1, R0, 7)), 0 },
			{ "store u64 at 8", CHECKED(ST_MEM(BPF_DW, R0, 8, 1)), EACCES },
			{ "store u32 at 6", CHECKED(ST_MEM(BPF_W, R0, 6, 1)), EACCES },
			{ "store u8 at -1", CHECKED(ST_MEM(BPF_B, R0, -1, 1)), EACCES },
			{ "load u64 at 1", CHECKED(LDX_MEM(BPF_DW, R1, R0, 1)), EACCES },
			{ "load via scalar", PROG(MOV64_IMM(R1, 4096),
				LDX_MEM(BPF_DW, R0, R1, 0), EXIT_INSN()), EACCES },
			{ "store via scalar", PROG(MOV64_IMM(R1, 0),
				ST_MEM(BPF_W, R1, 0, 1), MOV64_IMM(R0, 0), EXIT_INSN()),
			  EACCES },
		};
#undef CHECKED

		return check_verdicts(v, ARRAY_SIZE(v));
	}
}

/* Linux (sk_filter_is_valid_access, bpf_skb_is_valid_access, do_check's
 * BPF_ST rule): a socket filter reads struct __sk_buff's fields by their
 * size and alignment (not tc_classid at 72, nor data and beyond at 76..),
 * writes only cb[0..4] (48..67) and only from a register (a BPF_ST into
 * ctx is refused), and only through r1 unmoved: else EACCES. */
static int verifier_ctx(void)
{
#define CTX(...) PROG(__VA_ARGS__, MOV64_IMM(R0, 0), EXIT_INSN())
	const struct verdict v[] = {
		{ "read len", CTX(LDX_MEM(BPF_W, R2, R1, 0)), 0 },
		{ "read hash (68)", CTX(LDX_MEM(BPF_W, R2, R1, 68)), 0 },
		{ "read u32 at 2", CTX(LDX_MEM(BPF_W, R2, R1, 2)), EACCES },
		{ "read u64 at 0", CTX(LDX_MEM(BPF_DW, R2, R1, 0)), EACCES },
		{ "read tc_classid (72)", CTX(LDX_MEM(BPF_W, R2, R1, 72)), EACCES },
		{ "read data (76)", CTX(LDX_MEM(BPF_W, R2, R1, 76)), EACCES },
		{ "read at 1000", CTX(LDX_MEM(BPF_W, R2, R1, 1000)), EACCES },
		{ "read at -4", CTX(LDX_MEM(BPF_W, R2, R1, -4)), EACCES },
		{ "write cb[0]", CTX(MOV64_IMM(R2, 7), STX_MEM(BPF_W, R1, R2, 48)), 0 },
		{ "write cb[4]", CTX(MOV64_IMM(R2, 7), STX_MEM(BPF_W, R1, R2, 64)), 0 },
		{ "write len", CTX(MOV64_IMM(R2, 7), STX_MEM(BPF_W, R1, R2, 0)), EACCES },
		{ "write hash", CTX(MOV64_IMM(R2, 7), STX_MEM(BPF_W, R1, R2, 68)),
		  EACCES },
		{ "BPF_ST to cb[0]", CTX(ST_MEM(BPF_W, R1, 48, 7)), EACCES },
		{ "read via r1 + 4", CTX(ALU64_IMM(BPF_ADD, R1, 4),
					 LDX_MEM(BPF_W, R2, R1, 0)), EACCES },
	};
#undef CTX

	return check_verdicts(v, ARRAY_SIZE(v));
}

/* Linux (check_func_arg, check_helper_mem_access): a helper's arguments
 * must be of the kind it takes, else EACCES: bpf_map_lookup_elem()'s r1
 * a map, its r2 a pointer to key_size initialized bytes on the stack (or
 * in a map value), bpf_map_update_elem()'s r3 one to value_size. */
static int verifier_helper_args(void)
{
	int m;

	CHECK((m = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
#define KEY_AT(off) MOV64_REG(R2, R10), ALU64_IMM(BPF_ADD, R2, off)
#define LOOKUP_THEN_0(...) PROG(__VA_ARGS__, CALL(BPF_FUNC_map_lookup_elem), \
				MOV64_IMM(R0, 0), EXIT_INSN())
		const struct verdict v[] = {
			{ "key written", LOOKUP_THEN_0(ST_MEM(BPF_W, R10, -8, 0),
				LD_MAP_FD(R1, m), KEY_AT(-8)), 0 },
			{ "key unwritten", LOOKUP_THEN_0(LD_MAP_FD(R1, m), KEY_AT(-8)),
			  EACCES },
			{ "key half written", LOOKUP_THEN_0(ST_MEM(BPF_H, R10, -8, 0),
				LD_MAP_FD(R1, m), KEY_AT(-8)), EACCES },
			{ "key past fp", LOOKUP_THEN_0(ST_MEM(BPF_H, R10, -2, 0),
				LD_MAP_FD(R1, m), KEY_AT(-2)), EACCES },
			{ "key a scalar", LOOKUP_THEN_0(LD_MAP_FD(R1, m),
				MOV64_IMM(R2, 0)), EACCES },
			{ "key the ctx", LOOKUP_THEN_0(MOV64_REG(R2, R1),
				LD_MAP_FD(R1, m)), EACCES },
			{ "key unset", LOOKUP_THEN_0(LD_MAP_FD(R1, m)), EACCES },
			{ "map a scalar", LOOKUP_THEN_0(ST_MEM(BPF_W, R10, -8, 0),
				MOV64_IMM(R1, 0), KEY_AT(-8)), EACCES },
			{ "map the ctx", LOOKUP_THEN_0(ST_MEM(BPF_W, R10, -8, 0),
				KEY_AT(-8)), EACCES },
			{ "update value unwritten", PROG(ST_MEM(BPF_W, R10, -8, 0),
				LD_MAP_FD(R1, m), KEY_AT(-8), MOV64_REG(R3, R10),
				ALU64_IMM(BPF_ADD, R3, -16), MOV64_IMM(R4, 0),
				CALL(BPF_FUNC_map_update_elem), MOV64_IMM(R0, 0),
				EXIT_INSN()), EACCES },
		};
#undef LOOKUP_THEN_0
#undef KEY_AT

		return check_verdicts(v, ARRAY_SIZE(v));
	}
}

/* Load @n instructions that must be refused with @err, as LTP's CVE
 * tests do: without CAP_SYS_ADMIN, log_level 1; 0 if they are, with a
 * reason in the log, else -1 after tap_fail(). */
static int refused_with_log(const struct bpf_insn *insns, unsigned int n, int err)
{
	static char log[65536];
	union bpf_attr a;
	long fd;

	CHECK(drop_cap(CAP_SYS_ADMIN) == 0);
	log[0] = '\0';
	prog_attr(&a, insns, n);
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	fd = prog_load(&a);
	if (fd >= 0)
		return tap_fail("the program loaded");
	if (errno != err) {
		int got = errno;

		print_log_tail(log, 3);
		return tap_fail("errno %d (%s), want %d", got, strerror(got), err);
	}
	CHECK(log[0] != '\0');
	return 0;
}

/* Linux (LTP bpf_prog03, CVE-2017-16995, fixed by 95a762e2c8c9): a 32-bit
 * mov of -1 zero-extends, so r1 = 0xffffffff, + 1 = 1 << 32, >> 29 = 8;
 * a verifier that sign-extends believes 0 and lets the program store 8
 * bytes past its 8-byte map value. Refused with EACCES. */
static int cve_2017_16995(void)
{
	int m;

	CHECK((m = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
		struct bpf_insn p[] = {
			LOOKUP_KEY0(m), NULL_EXIT,
			MOV32_IMM(R1, -1),
			ALU64_IMM(BPF_ADD, R1, 1),
			ALU64_IMM(BPF_RSH, R1, 29),
			ALU64_REG(BPF_ADD, R0, R1),
			STX_MEM(BPF_DW, R0, R1, 0),
			MOV64_IMM(R0, 0), EXIT_INSN(),
		};

		return refused_with_log(p, ARRAY_SIZE(p), EACCES);
	}
}

/* Linux (LTP bpf_prog04, CVE-2018-18445, fixed by b799207e1e18): a 32-bit
 * shift truncates its operand first: w8 = (u32)(1 << 32) >> 29 = 0, then
 * -w8 + 8 = 8 (32-bit); a verifier that shifts the 64-bit value believes
 * 8, then 0, and lets the program store 8 bytes past its 8-byte map
 * value. Refused with EACCES. */
static int cve_2018_18445(void)
{
	int m;

	CHECK((m = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
		struct bpf_insn p[] = {
			LOOKUP_KEY0(m), NULL_EXIT,
			MOV64_IMM(R8, 1),
			ALU64_IMM(BPF_LSH, R8, 32),
			ALU32_IMM(BPF_RSH, R8, 29),
			INSN(BPF_ALU | BPF_NEG, R8, 0, 0, 0),
			ALU32_IMM(BPF_ADD, R8, 8),
			ALU64_REG(BPF_ADD, R0, R8),
			STX_MEM(BPF_DW, R0, R8, 0),
			MOV64_IMM(R0, 0), EXIT_INSN(),
		};

		return refused_with_log(p, ARRAY_SIZE(p), EACCES);
	}
}

/* Linux (check_reg_sane_offset): adding a known constant of 2^29
 * (BPF_MAX_VAR_OFF) or more to a map value pointer is EINVAL ("math
 * between map_value pointer and N is not allowed"), before any access.
 * LTP bpf_prog04's own program is of this form: (u32)(1 << 32) >> 30 - 4
 * is 0xfffffffc. */
static int ptr_add_huge_constant(void)
{
	int m;

	CHECK((m = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
		struct bpf_insn p[] = {
			LOOKUP_KEY0(m), NULL_EXIT,
			MOV64_IMM(R8, 1),
			ALU64_IMM(BPF_LSH, R8, 32),
			ALU32_IMM(BPF_RSH, R8, 30),
			ALU32_IMM(BPF_SUB, R8, 4),
			ALU64_REG(BPF_ADD, R0, R8),
			STX_MEM(BPF_DW, R0, R8, 0),
			MOV64_IMM(R0, 0), EXIT_INSN(),
		};

		return refused_with_log(p, ARRAY_SIZE(p), EINVAL);
	}
}

/* ---- the interpreter ---- */

/* One ALU instruction on r3 (and r4 for BPF_X), and the r3 it leaves. */
struct alu_case {
	const char *name;
	uint8_t code;
	uint64_t dst;		/* r3 before */
	uint64_t src;		/* r4 (BPF_X) or the imm (BPF_K, BPF_END) */
	uint64_t want;
};

static void emit_alu_case(struct prog *p, const struct alu_case *c, int slot)
{
	emit_ld64(p, R3, c->dst);
	if ((c->code & 0xf0) == BPF_END || (c->code & BPF_X) == BPF_K) {
		emit(p, INSN(c->code, R3, 0, 0, (int32_t)c->src));
	} else {
		emit_ld64(p, R4, c->src);
		emit(p, INSN(c->code, R3, R4, 0, 0));
	}
	emit(p, STX_MEM(BPF_DW, R7, R3, slot * 8));
}

/* Run the @n cases in one program; 0 if each left its r3. */
static int run_alu_cases(const struct alu_case *c, int n)
{
	static struct prog p;
	uint64_t got[SLOTS], want[SLOTS];
	const char *names[SLOTS];
	int map = results_map();

	CHECK(map >= 0 && n <= SLOTS);
	prog_begin(&p, map);
	for (int i = 0; i < n; i++) {
		emit_alu_case(&p, &c[i], i);
		want[i] = c[i].want;
		names[i] = c[i].name;
	}
	prog_end(&p);
	if (run_collect(&p, map, 64, got))
		return -1;
	return check_slots(names, got, want, n);
}

#define A64(op, src) (BPF_ALU64 | (op) | (src))
#define A32(op, src) (BPF_ALU | (op) | (src))
#define NEG(v) ((uint64_t)-(int64_t)(v))
#define IMM(v) ((uint64_t)(uint32_t)(int32_t)(v))	/* an imm's 32 bits */

/* Linux (the ISA, ___bpf_prog_run): 64-bit ALU ops; a K operand is the
 * imm sign-extended; division and modulo are unsigned; division by a
 * register holding 0 gives 0, modulo by one leaves dst as it was. */
static int run_alu64(void)
{
	const struct alu_case c[] = {
		{ "add x", A64(BPF_ADD, BPF_X), 1000, 7, 1007 },
		{ "add k", A64(BPF_ADD, BPF_K), 1000, IMM(-7), 993 },
		{ "sub x", A64(BPF_SUB, BPF_X), 7, 1000, NEG(993) },
		{ "sub k", A64(BPF_SUB, BPF_K), 0, 1, ~0ULL },
		{ "mul x", A64(BPF_MUL, BPF_X), 1ULL << 32, 1ULL << 32, 0 },
		{ "mul k", A64(BPF_MUL, BPF_K), 1000, IMM(-2), NEG(2000) },
		{ "div x", A64(BPF_DIV, BPF_X), ~0ULL, 2, 0x7fffffffffffffffULL },
		{ "div k", A64(BPF_DIV, BPF_K), 1000, 7, 142 },
		{ "div x by 0", A64(BPF_DIV, BPF_X), 1000, 0, 0 },
		{ "mod x", A64(BPF_MOD, BPF_X), ~0ULL, 10, 5 },
		{ "mod k", A64(BPF_MOD, BPF_K), 1000, 7, 6 },
		{ "mod x by 0", A64(BPF_MOD, BPF_X), 1000, 0, 1000 },
		{ "or x", A64(BPF_OR, BPF_X), 0xf0f0, 0x0f0f, 0xffff },
		{ "or k", A64(BPF_OR, BPF_K), 0, IMM(-1), ~0ULL },
		{ "and x", A64(BPF_AND, BPF_X), 0xff00ff00ff00ff00ULL,
		  0x0ff00ff00ff00ff0ULL, 0x0f000f000f000f00ULL },
		{ "and k", A64(BPF_AND, BPF_K), 0x123456789ULL, IMM(-256), 0x123456700ULL },
		{ "lsh x", A64(BPF_LSH, BPF_X), 1, 63, 1ULL << 63 },
		{ "lsh k", A64(BPF_LSH, BPF_K), 0xff, 56, 0xff00000000000000ULL },
		{ "rsh x", A64(BPF_RSH, BPF_X), 1ULL << 63, 63, 1 },
		{ "rsh k", A64(BPF_RSH, BPF_K), 0xff00000000000000ULL, 60, 0xf },
		{ "arsh x", A64(BPF_ARSH, BPF_X), 1ULL << 63, 63, ~0ULL },
		{ "arsh k", A64(BPF_ARSH, BPF_K), NEG(1000), 4, NEG(63) },
		{ "neg", A64(BPF_NEG, BPF_K), 1000, 0, NEG(1000) },
		{ "xor x", A64(BPF_XOR, BPF_X), 0xffff, 0x0ff0, 0xf00f },
		{ "xor k", A64(BPF_XOR, BPF_K), 0, IMM(-1), ~0ULL },
		{ "mov x", A64(BPF_MOV, BPF_X), 0, 0x123456789abcdef0ULL,
		  0x123456789abcdef0ULL },
		{ "mov k", A64(BPF_MOV, BPF_K), 5, IMM(-1), ~0ULL },
	};

	return run_alu_cases(c, ARRAY_SIZE(c));
}

/* Linux (the ISA): 32-bit ALU ops work on the low halves and zero-extend
 * the result into the whole register; division by a register whose low
 * half is 0 gives 0, modulo by one leaves dst's low half. */
static int run_alu32(void)
{
	const uint64_t G = 0xdeadbeef00000000ULL;	/* garbage above */
	const struct alu_case c[] = {
		{ "add32 x", A32(BPF_ADD, BPF_X), G | 5, 0x1fffffffeULL, 3 },
		{ "add32 k", A32(BPF_ADD, BPF_K), G | 0xffffffff, 1, 0 },
		{ "sub32 x", A32(BPF_SUB, BPF_X), G, 1, 0xffffffff },
		{ "sub32 k", A32(BPF_SUB, BPF_K), 5, 6, 0xffffffff },
		{ "mul32 x", A32(BPF_MUL, BPF_X), 0x10000, 0x10000, 0 },
		{ "mul32 k", A32(BPF_MUL, BPF_K), G | 3, IMM(-1), 0xfffffffd },
		{ "div32 x", A32(BPF_DIV, BPF_X), G | 0xffffffff, 0x100000002ULL,
		  0x7fffffff },
		{ "div32 k", A32(BPF_DIV, BPF_K), G | 100, 7, 14 },
		{ "div32 x by 0", A32(BPF_DIV, BPF_X), G | 100, 0x500000000ULL, 0 },
		{ "mod32 x", A32(BPF_MOD, BPF_X), G | 100, 0x100000007ULL, 2 },
		{ "mod32 k", A32(BPF_MOD, BPF_K), ~0ULL, 10, 5 },
		{ "mod32 x by 0", A32(BPF_MOD, BPF_X), G | 100, 0x500000000ULL, 100 },
		{ "or32 x", A32(BPF_OR, BPF_X), G | 0xf0, 0x0f, 0xff },
		{ "or32 k", A32(BPF_OR, BPF_K), G, IMM(-1), 0xffffffff },
		{ "and32 x", A32(BPF_AND, BPF_X), ~0ULL, 0xffffffff0000ffffULL, 0xffff },
		{ "and32 k", A32(BPF_AND, BPF_K), G | 0x12345678, 0xff00, 0x5600 },
		{ "lsh32 x", A32(BPF_LSH, BPF_X), G | 1, 31, 0x80000000 },
		{ "lsh32 k", A32(BPF_LSH, BPF_K), G | 0xff, 24, 0xff000000 },
		{ "rsh32 x", A32(BPF_RSH, BPF_X), G | 0x80000000, 31, 1 },
		{ "rsh32 k", A32(BPF_RSH, BPF_K), ~0ULL, 28, 0xf },
		{ "arsh32 x", A32(BPF_ARSH, BPF_X), 0x80000000, 31, 0xffffffff },
		{ "arsh32 k", A32(BPF_ARSH, BPF_K), G | 0xfffffc18, 4, 0xffffffc1 },
		{ "neg32", A32(BPF_NEG, BPF_K), G | 1, 0, 0xffffffff },
		{ "xor32 x", A32(BPF_XOR, BPF_X), G | 0xffff, 0xffff00000ff0ULL, 0xf00f },
		{ "xor32 k", A32(BPF_XOR, BPF_K), G, IMM(-1), 0xffffffff },
		{ "mov32 x", A32(BPF_MOV, BPF_X), 0, 0x123456789abcdef0ULL, 0x9abcdef0 },
		{ "mov32 k", A32(BPF_MOV, BPF_K), 5, IMM(-1), 0xffffffff },
	};

	return run_alu_cases(c, ARRAY_SIZE(c));
}

/* Linux (the ISA): BPF_END | BPF_TO_BE swaps the low 16, 32 or 64 bits
 * (on x86 little-endian), BPF_TO_LE only truncates to them, both
 * zero-extending; ld_imm64 loads all 64 bits; a 64-bit mov of an imm
 * sign-extends it, a 32-bit one does not. */
static int run_byteswap_and_constants(void)
{
	const uint64_t V = 0x0102030405060708ULL;
	const uint8_t BE = BPF_ALU | BPF_END | BPF_TO_BE, LE = BPF_ALU | BPF_END | BPF_TO_LE;
	const struct alu_case c[] = {
		{ "be16", BE, V, 16, 0x0807 },
		{ "be32", BE, V, 32, 0x08070605 },
		{ "be64", BE, V, 64, 0x0807060504030201ULL },
		{ "le16", LE, V, 16, 0x0708 },
		{ "le32", LE, V, 32, 0x05060708 },
		{ "le64", LE, V, 64, V },
		{ "ld_imm64 top bit", A64(BPF_MOV, BPF_X), 0, 0x8000000000000001ULL,
		  0x8000000000000001ULL },
		{ "ld_imm64 high half", A64(BPF_MOV, BPF_X), 0, 0xffffffff00000000ULL,
		  0xffffffff00000000ULL },
		{ "ld_imm64 low half", A64(BPF_MOV, BPF_X), ~0ULL, 0xffffffffULL,
		  0xffffffffULL },
		{ "ld_imm64 zero", A64(BPF_MOV, BPF_X), ~0ULL, 0, 0 },
		{ "mov k 0x80000000", A64(BPF_MOV, BPF_K), 0, 0x80000000,
		  0xffffffff80000000ULL },
		{ "mov32 k 0x80000000", A32(BPF_MOV, BPF_K), ~0ULL, 0x80000000,
		  0x80000000 },
	};

	return run_alu_cases(c, ARRAY_SIZE(c));
}

/* One conditional jump of r1 against r2 (BPF_X) or an imm (BPF_K). */
struct jmp_case {
	const char *name;
	uint8_t code;
	uint64_t dst, src;
	uint64_t taken;		/* 1 if it jumps */
};

static void emit_jmp_case(struct prog *p, const struct jmp_case *c, int slot)
{
	emit_ld64(p, R1, c->dst);
	emit(p, MOV64_IMM(R3, 1));
	if ((c->code & BPF_X) == BPF_X) {
		emit_ld64(p, R2, c->src);
		emit(p, INSN(c->code, R1, R2, 1, 0));
	} else {
		emit(p, INSN(c->code, R1, 0, 1, (int32_t)c->src));
	}
	emit(p, MOV64_IMM(R3, 0));
	emit(p, STX_MEM(BPF_DW, R7, R3, slot * 8));
}

#define J64(op, src) (BPF_JMP | (op) | (src))
#define J32(op, src) (BPF_JMP32 | (op) | (src))

/* Linux (the ISA): every conditional jump, unsigned and signed, 64-bit
 * (an imm sign-extended) and JMP32 (the low halves only). */
static int run_jumps(void)
{
	const uint64_t A = NEG(5), B = 3;	/* A > B unsigned, < B signed */
	const uint64_t C = 0x7ffffffffffffffbULL, D = 0x8000000000000003ULL;
	const uint64_t M5 = IMM(-5), TOP = 0x80000000;
	const struct jmp_case c[] = {
		{ "jeq k", J64(BPF_JEQ, BPF_K), A, M5, 1 },
		{ "jeq x", J64(BPF_JEQ, BPF_X), A, B, 0 },
		{ "jne x", J64(BPF_JNE, BPF_X), A, B, 1 },
		{ "jne k", J64(BPF_JNE, BPF_K), B, 3, 0 },
		{ "jgt x", J64(BPF_JGT, BPF_X), A, B, 1 },
		{ "jgt k", J64(BPF_JGT, BPF_K), B, M5, 0 },
		{ "jgt x c d", J64(BPF_JGT, BPF_X), C, D, 0 },
		{ "jge k", J64(BPF_JGE, BPF_K), A, M5, 1 },
		{ "jge x", J64(BPF_JGE, BPF_X), B, A, 0 },
		{ "jlt x", J64(BPF_JLT, BPF_X), B, A, 1 },
		{ "jlt k", J64(BPF_JLT, BPF_K), A, 3, 0 },
		{ "jle k", J64(BPF_JLE, BPF_K), B, 3, 1 },
		{ "jle x", J64(BPF_JLE, BPF_X), A, B, 0 },
		{ "jsgt x", J64(BPF_JSGT, BPF_X), B, A, 1 },
		{ "jsgt k", J64(BPF_JSGT, BPF_K), A, 3, 0 },
		{ "jsgt x c d", J64(BPF_JSGT, BPF_X), C, D, 1 },
		{ "jsge k", J64(BPF_JSGE, BPF_K), A, M5, 1 },
		{ "jsge x", J64(BPF_JSGE, BPF_X), A, B, 0 },
		{ "jslt x", J64(BPF_JSLT, BPF_X), A, B, 1 },
		{ "jslt k", J64(BPF_JSLT, BPF_K), B, M5, 0 },
		{ "jsle k", J64(BPF_JSLE, BPF_K), A, M5, 1 },
		{ "jsle x", J64(BPF_JSLE, BPF_X), B, A, 0 },
		{ "jset x", J64(BPF_JSET, BPF_X), A, B, 1 },
		{ "jset k", J64(BPF_JSET, BPF_K), B, 4, 0 },
		{ "jset k sign-extended", J64(BPF_JSET, BPF_K), D, TOP, 1 },
		{ "jeq32 k", J32(BPF_JEQ, BPF_K), C, M5, 1 },
		{ "jeq32 x", J32(BPF_JEQ, BPF_X), C, D, 0 },
		{ "jne32 x", J32(BPF_JNE, BPF_X), C, D, 1 },
		{ "jne32 k", J32(BPF_JNE, BPF_K), D, 3, 0 },
		{ "jgt32 x", J32(BPF_JGT, BPF_X), C, D, 1 },
		{ "jgt32 x d c", J32(BPF_JGT, BPF_X), D, C, 0 },
		{ "jge32 k", J32(BPF_JGE, BPF_K), D, 3, 1 },
		{ "jge32 x", J32(BPF_JGE, BPF_X), D, C, 0 },
		{ "jlt32 x", J32(BPF_JLT, BPF_X), D, C, 1 },
		{ "jlt32 x c d", J32(BPF_JLT, BPF_X), C, D, 0 },
		{ "jle32 k", J32(BPF_JLE, BPF_K), C, M5, 1 },
		{ "jle32 x", J32(BPF_JLE, BPF_X), C, D, 0 },
		{ "jsgt32 x", J32(BPF_JSGT, BPF_X), D, C, 1 },
		{ "jsgt32 x c d", J32(BPF_JSGT, BPF_X), C, D, 0 },
		{ "jsge32 k", J32(BPF_JSGE, BPF_K), C, M5, 1 },
		{ "jsge32 x", J32(BPF_JSGE, BPF_X), C, D, 0 },
		{ "jslt32 x", J32(BPF_JSLT, BPF_X), C, D, 1 },
		{ "jslt32 x d c", J32(BPF_JSLT, BPF_X), D, C, 0 },
		{ "jsle32 x", J32(BPF_JSLE, BPF_X), C, D, 1 },
		{ "jsle32 k", J32(BPF_JSLE, BPF_K), D, M5, 0 },
		{ "jset32 x", J32(BPF_JSET, BPF_X), C, D, 1 },
		{ "jset32 k", J32(BPF_JSET, BPF_K), D, TOP, 0 },
	};
	static struct prog p;
	uint64_t got[SLOTS], want[SLOTS];
	const char *names[SLOTS];
	int n = ARRAY_SIZE(c), map = results_map();

	CHECK(map >= 0 && n <= SLOTS);
	prog_begin(&p, map);
	for (int i = 0; i < n; i++) {
		emit_jmp_case(&p, &c[i], i);
		want[i] = c[i].taken;
		names[i] = c[i].name;
	}
	prog_end(&p);
	if (run_collect(&p, map, 64, got))
		return -1;
	return check_slots(names, got, want, n);
}

/* Linux (the ISA, little-endian x86): loads of 1, 2, 4 and 8 bytes from
 * the stack zero-extend; stores of each size, of a register or an imm
 * (sign-extended to 8 bytes for BPF_DW), write only their bytes. */
static int run_stack_memory(void)
{
	static const char *const names[] = {
		"ldx b", "ldx h", "ldx w", "ldx dw", "st b,b,h,w", "stx b,b,h,w",
		"st dw -3", "ldx b of st dw", "fp-512",
	};
	const uint64_t want[] = {
		0x88, 0x5566, 0x11223344, 0x1122334455667788ULL,
		0xfffffffe1234cdabULL, 0x5566778877888888ULL, NEG(3), 0xfd, 0x5a5a,
	};
	struct bpf_insn body[] = {
		LD_IMM64(R1, 0x1122334455667788ULL),
		STX_MEM(BPF_DW, R10, R1, -16),
		LDX_MEM(BPF_B, R2, R10, -16), STX_MEM(BPF_DW, R7, R2, 0),
		LDX_MEM(BPF_H, R2, R10, -14), STX_MEM(BPF_DW, R7, R2, 8),
		LDX_MEM(BPF_W, R2, R10, -12), STX_MEM(BPF_DW, R7, R2, 16),
		LDX_MEM(BPF_DW, R2, R10, -16), STX_MEM(BPF_DW, R7, R2, 24),
		ST_MEM(BPF_B, R10, -24, 0xab), ST_MEM(BPF_B, R10, -23, 0xcd),
		ST_MEM(BPF_H, R10, -22, 0x1234), ST_MEM(BPF_W, R10, -20, -2),
		LDX_MEM(BPF_DW, R2, R10, -24), STX_MEM(BPF_DW, R7, R2, 32),
		STX_MEM(BPF_B, R10, R1, -32), STX_MEM(BPF_B, R10, R1, -31),
		STX_MEM(BPF_H, R10, R1, -30), STX_MEM(BPF_W, R10, R1, -28),
		LDX_MEM(BPF_DW, R2, R10, -32), STX_MEM(BPF_DW, R7, R2, 40),
		ST_MEM(BPF_DW, R10, -40, -3),
		LDX_MEM(BPF_DW, R2, R10, -40), STX_MEM(BPF_DW, R7, R2, 48),
		LDX_MEM(BPF_B, R2, R10, -40), STX_MEM(BPF_DW, R7, R2, 56),
		ST_MEM(BPF_DW, R10, -512, 0x5a5a),
		LDX_MEM(BPF_DW, R2, R10, -512), STX_MEM(BPF_DW, R7, R2, 64),
	};
	static struct prog p;
	uint64_t got[SLOTS];
	int map = results_map();

	CHECK(map >= 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if (run_collect(&p, map, 64, got))
		return -1;
	return check_slots(names, got, want, ARRAY_SIZE(want));
}

/* Linux (the ISA; the verifier's spill tracking): loads and stores of
 * every size in a map value; a map value pointer spilled to the stack,
 * its register clobbered and a helper called, is still that pointer when
 * filled back. */
static int run_map_memory(void)
{
	static const char *const names[] = {
		"ldx b", "ldx h", "ldx w", "ldx dw", "untouched", "st b,h,w",
		"stx b,h,w", "stx dw", "st dw -3", "through the spilled pointer",
	};
	const uint64_t V = 0x1122334455667788ULL;
	const uint64_t want[] = {
		0x88, 0x5566, 0x11223344, V, 0, 0xfffffffe123400abULL,
		0x5566778877880088ULL, V, NEG(3), 0x7777,
	};
	struct bpf_insn body[] = {
		LDX_MEM(BPF_B, R2, R7, 160), STX_MEM(BPF_DW, R7, R2, 0),
		LDX_MEM(BPF_H, R2, R7, 162), STX_MEM(BPF_DW, R7, R2, 8),
		LDX_MEM(BPF_W, R2, R7, 164), STX_MEM(BPF_DW, R7, R2, 16),
		LDX_MEM(BPF_DW, R2, R7, 160), STX_MEM(BPF_DW, R7, R2, 24),
		ST_MEM(BPF_B, R7, 40, 0xab), ST_MEM(BPF_H, R7, 42, 0x1234),
		ST_MEM(BPF_W, R7, 44, -2),
		LD_IMM64(R8, V),
		STX_MEM(BPF_B, R7, R8, 48), STX_MEM(BPF_H, R7, R8, 50),
		STX_MEM(BPF_W, R7, R8, 52), STX_MEM(BPF_DW, R7, R8, 56),
		ST_MEM(BPF_DW, R7, 64, -3),
		STX_MEM(BPF_DW, R10, R7, -16),
		MOV64_IMM(R7, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		LDX_MEM(BPF_DW, R9, R10, -16),
		ST_MEM(BPF_DW, R9, 72, 0x7777),
		MOV64_REG(R7, R9),
	};
	static struct prog p;
	uint64_t got[SLOTS] = { 0 };
	int map = results_map();

	CHECK(map >= 0);
	got[20] = V;
	CHECK(write_results(map, got) == 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if (run_collect(&p, map, 64, got))
		return -1;
	CHECK(got[20] == V);
	return check_slots(names, got, want, ARRAY_SIZE(want));
}

/* Linux (BPF_STX | BPF_ATOMIC, imm BPF_ADD): lock-add of a register to a
 * u64 or a u32 of a map value (a u32 add wraps in its 4 bytes); the
 * program runs once per datagram. */
static int run_atomic_add(void)
{
	struct bpf_insn body[] = {
		MOV64_IMM(R1, 5),
		ATOMIC_ADD(BPF_DW, R7, R1, 0), ATOMIC_ADD(BPF_DW, R7, R1, 0),
		MOV64_IMM(R1, 1), ATOMIC_ADD(BPF_W, R7, R1, 8),
		MOV32_IMM(R1, -1), ATOMIC_ADD(BPF_W, R7, R1, 16),
	};
	static struct prog p;
	uint64_t r[SLOTS] = { 0 };
	int map = results_map(), fd;

	CHECK(map >= 0);
	r[2] = 0xaaaaaaaa00000001ULL;
	CHECK(write_results(map, r) == 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if ((fd = load_ok(p.insn, p.n)) < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		CHECK(through_unix(fd, 20) == 20);
	CHECK(read_results(map, r) == 0);
	CHECK(r[0] == 30);
	CHECK(r[1] == 3);
	CHECK(r[2] == 0xaaaaaaaafffffffeULL);
	return 0;
}

/* Linux (bpf_map_update_elem, bpf_map_delete_elem and lookup as helpers
 * on a hash map): a program's changes are what user space then sees; a
 * helper's failure is its negative errno in r0 (-EEXIST, -ENOENT). */
static int run_hash_helpers(void)
{
	uint32_t key = 7;
	uint64_t value = 1, r[SLOTS];
	int res, h, fd;

	CHECK((res = results_map()) >= 0);
	CHECK((h = map_create(BPF_MAP_TYPE_HASH, 4, 8, 16, 0)) >= 0);
	CHECK(map_update(h, &key, &value, BPF_NOEXIST) == 0);
	{
#define HASH_CALL(k, fn, ...) ST_MEM(BPF_W, R10, -8, k), LD_MAP_FD(R1, h), \
	MOV64_REG(R2, R10), ALU64_IMM(BPF_ADD, R2, -8), __VA_ARGS__, CALL(fn)
#define VALUE_AND(flags) MOV64_REG(R3, R10), ALU64_IMM(BPF_ADD, R3, -16), \
	MOV64_IMM(R4, flags)
		struct bpf_insn p[] = {
			MOV64_REG(R6, R1),
			LOOKUP_KEY0(res), NULL_EXIT, MOV64_REG(R7, R0),
			LDX_MEM(BPF_W, R1, R6, 0), STX_MEM(BPF_DW, R10, R1, -16),
			HASH_CALL(42, BPF_FUNC_map_update_elem, VALUE_AND(BPF_ANY)),
			STX_MEM(BPF_DW, R7, R0, 0),
			HASH_CALL(42, BPF_FUNC_map_update_elem, VALUE_AND(BPF_NOEXIST)),
			STX_MEM(BPF_DW, R7, R0, 8),
			HASH_CALL(7, BPF_FUNC_map_delete_elem, MOV64_IMM(R3, 0)),
			STX_MEM(BPF_DW, R7, R0, 16),
			HASH_CALL(8, BPF_FUNC_map_delete_elem, MOV64_IMM(R3, 0)),
			STX_MEM(BPF_DW, R7, R0, 24),
			HASH_CALL(42, BPF_FUNC_map_lookup_elem, MOV64_IMM(R3, 0)),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			LDX_MEM(BPF_DW, R1, R0, 0), STX_MEM(BPF_DW, R7, R1, 32),
			MOV64_IMM(R0, -1), EXIT_INSN(),
		};
#undef VALUE_AND
#undef HASH_CALL

		if ((fd = load_ok(p, ARRAY_SIZE(p))) < 0)
			return -1;
	}
	CHECK(through_unix(fd, 77) == 77);
	CHECK(read_results(res, r) == 0);
	CHECK(r[0] == 0 && (int64_t)r[1] == -EEXIST);
	CHECK(r[2] == 0 && (int64_t)r[3] == -ENOENT);
	CHECK(r[4] == 77);
	key = 42;
	CHECK(map_lookup(h, &key, &value) == 0 && value == 77);
	key = 7;
	CHECK(fails(map_lookup(h, &key, &value), ENOENT));
	return 0;
}

static uint64_t monotonic_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* Linux: bpf_ktime_get_ns() is CLOCK_MONOTONIC in ns, bpf_get_prandom_u32()
 * a fresh u32 each call, bpf_get_smp_processor_id() the CPU it runs on. */
static int run_time_random_cpu(void)
{
	struct bpf_insn body[] = {
		CALL(BPF_FUNC_ktime_get_ns), STX_MEM(BPF_DW, R7, R0, 0),
		CALL(BPF_FUNC_get_prandom_u32), STX_MEM(BPF_DW, R7, R0, 8),
		CALL(BPF_FUNC_get_prandom_u32), STX_MEM(BPF_DW, R7, R0, 16),
		CALL(BPF_FUNC_get_smp_processor_id), STX_MEM(BPF_DW, R7, R0, 24),
	};
	static struct prog p;
	uint64_t r[SLOTS], before, after;
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	int map = results_map();

	CHECK(map >= 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	before = monotonic_ns();
	if (run_collect(&p, map, 8, r))
		return -1;
	after = monotonic_ns();
	CHECK(r[0] >= before && r[0] <= after);
	CHECK(r[1] <= 0xffffffff && r[2] <= 0xffffffff && r[1] != r[2]);
	CHECK(cpus > 0 && r[3] < (uint64_t)cpus);
	return 0;
}

/* A program that stores ctx->len in results map @map's slot 0 and
 * returns @ret: its fd, or -1 after tap_fail(). */
static int len_prog(int map, int32_t ret)
{
	static struct prog p;

	prog_begin(&p, map);
	emit(&p, LDX_MEM(BPF_W, R1, R6, 0));
	emit(&p, STX_MEM(BPF_DW, R7, R1, 0));
	emit(&p, MOV64_IMM(R0, ret));
	emit(&p, EXIT_INSN());
	return load_ok(p.insn, p.n);
}

/* Linux (__sk_buff.len): an AF_UNIX datagram's filter sees its length in
 * ctx->len, an empty datagram's 0. */
static int ctx_len(void)
{
	const size_t lens[] = { 0, 1, 100, 1500 };
	uint64_t r[SLOTS];
	int map = results_map(), fd;

	CHECK(map >= 0);
	if ((fd = len_prog(map, -1)) < 0)
		return -1;
	for (unsigned int i = 0; i < ARRAY_SIZE(lens); i++) {
		CHECK(through_unix(fd, lens[i]) == (long)lens[i]);
		CHECK(read_results(map, r) == 0);
		CHECK(r[0] == lens[i]);
	}
	return 0;
}

/* Linux (bpf_skb_is_valid_access, bpf_ctx_narrow_access_ok): a socket
 * filter may also read a u32 field's low byte or half, or its byte 1
 * (little-endian), with a narrower load: len 300 reads as 44, 300, 1. */
static int ctx_narrow_loads(void)
{
	struct bpf_insn body[] = {
		LDX_MEM(BPF_B, R1, R6, 0), STX_MEM(BPF_DW, R7, R1, 0),
		LDX_MEM(BPF_H, R1, R6, 0), STX_MEM(BPF_DW, R7, R1, 8),
		LDX_MEM(BPF_B, R1, R6, 1), STX_MEM(BPF_DW, R7, R1, 16),
	};
	static const char *const names[] = { "u8 at 0", "u16 at 0", "u8 at 1" };
	const uint64_t want[] = { 300 & 0xff, 300, 300 >> 8 };
	static struct prog p;
	uint64_t r[SLOTS];
	int map = results_map();

	CHECK(map >= 0);
	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	if (run_collect(&p, map, 300, r))
		return -1;
	return check_slots(names, r, want, ARRAY_SIZE(want));
}

/* ---- socket filters ---- */

/* A program that returns @v: its fd, or -1 after tap_fail(). */
static int ret_prog(uint64_t v)
{
	struct bpf_insn p[] = { LD_IMM64(R0, v), EXIT_INSN() };

	return load_ok(p, ARRAY_SIZE(p));
}

/* Linux (sk_filter_trim_cap, unix_dgram_sendmsg): the program's return
 * value, a u32, is how many bytes of the datagram to keep: 0 drops it
 * (the sender's send still returns the full length), fewer than its
 * length trims it, as many or more keeps it whole. */
static int filter_return_values(void)
{
	const struct { uint64_t ret; long got; } c[] = {
		{ 0, -1 }, { 1, 1 }, { 10, 10 }, { 99, 99 }, { 100, 100 },
		{ 1000, 100 }, { 0xffffffff, 100 }, { ~0ULL, 100 },
		{ 1ULL << 32, -1 },		/* a u32 of 0 */
		{ (1ULL << 32) | 5, 5 },
	};

	int bad = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		int fd = ret_prog(c[i].ret);
		long n;

		if (fd < 0)
			return -1;
		errno = 0;
		n = through_unix(fd, 100);
		close(fd);
		if (n == c[i].got && (n != -1 || errno == EAGAIN))
			continue;
		printf("#   return %#llx: %ld of 100 bytes arrived (errno %d), want %ld\n",
		       (unsigned long long)c[i].ret, n, errno, c[i].got);
		bad++;
	}
	return bad ? tap_fail("%d of %d return values wrong", bad,
			      (int)ARRAY_SIZE(c)) : 0;
}

/* Linux (sock_setsockopt, sk_attach_bpf, sk_detach_filter): SO_ATTACH_BPF
 * takes exactly a 4-byte fd of a socket filter program: EBADF for an fd
 * not open, EINVAL for any other file or another length; SO_DETACH_BPF
 * removes the program, ENOENT when there is none; a newer program
 * replaces the older; only the receiving socket's program runs. */
static int filter_attach_detach(void)
{
	int sv[2], p[2], drop, keep5, map;
	uint64_t wide;

	CHECK((drop = ret_prog(0)) >= 0);
	CHECK((keep5 = ret_prog(5)) >= 0);
	CHECK((map = results_map()) >= 0);
	CHECK(pipe(p) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(fails(detach(sv[1]), ENOENT));
	EXPECT(fails(attach(sv[1], 999), EBADF));
	EXPECT(fails(attach(sv[1], map), EINVAL));
	EXPECT(fails(attach(sv[1], p[0]), EINVAL));
	EXPECT(fails(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_BPF, &drop, 2), EINVAL));
	wide = drop;
	EXPECT(fails(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_BPF, &wide, 8), EINVAL));
	detach(sv[1]);				/* in case one of those took */
	CHECK(send_recv(sv, 100) == 100);
	CHECK(attach(sv[1], drop) == 0);
	CHECK(send_recv(sv, 100) == -1 && errno == EAGAIN);
	CHECK(attach(sv[1], keep5) == 0);
	CHECK(send_recv(sv, 100) == 5);
	CHECK(detach(sv[1]) == 0);
	CHECK(send_recv(sv, 100) == 100);
	CHECK(fails(detach(sv[1]), ENOENT));
	CHECK(attach(sv[0], drop) == 0);	/* the sender's: not run on send */
	CHECK(send_recv(sv, 100) == 100);
	return 0;
}

/* A UDP socket on 127.0.0.1 (its address in @a) and one to send from. */
static int udp_sockets(int *rx, int *tx, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*rx = socket(AF_INET, SOCK_DGRAM, 0);
	*tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (*rx < 0 || *tx < 0 || bind(*rx, (struct sockaddr *)a, sizeof(*a)))
		return -1;
	return getsockname(*rx, (struct sockaddr *)a, &len);
}

/* Send @len bytes from @tx to @a, wait up to @ms for them at @rx: the
 * payload bytes that arrived, -1 if none did, -2 if the send failed. */
static long udp_send_recv(int rx, int tx, const struct sockaddr_in *a,
			  size_t len, int ms)
{
	char out[2048], in[2048];
	struct pollfd pfd = { .fd = rx, .events = POLLIN };

	pattern(out, len);
	if (sendto(tx, out, len, 0, (const struct sockaddr *)a, sizeof(*a)) != (ssize_t)len)
		return -2;
	if (poll(&pfd, 1, ms) != 1)
		return -1;
	return recv(rx, in, sizeof(in), MSG_DONTWAIT);
}

/* Send @len bytes to @rx (running @what): 0 if @want payload bytes
 * arrived (-1: none within @ms), else -1 after tap_fail(). */
static int udp_case(int rx, int tx, const struct sockaddr_in *a, size_t len,
		    int ms, long want, const char *what)
{
	long n = udp_send_recv(rx, tx, a, len, ms);

	if (n == want)
		return 0;
	return tap_fail("%s, %zu bytes sent: %ld arrived, want %ld", what, len, n, want);
}

/* Linux (udp_queue_rcv_one_skb: sk_filter_trim_cap(sk, skb, sizeof(struct
 * udphdr))): a UDP socket's filter sees the datagram from its UDP header
 * on, so ctx->len is the payload's length + 8 and the kept length counts
 * the header too (at least its 8 bytes are kept); 0 drops the datagram. */
static int filter_udp(void)
{
	struct sockaddr_in a;
	uint64_t r[SLOTS];
	int rx, tx, map, trim, drop, tiny;

	CHECK((map = results_map()) >= 0);
	if ((trim = len_prog(map, 8 + 10)) < 0)
		return -1;
	CHECK((drop = ret_prog(0)) >= 0);
	CHECK((tiny = ret_prog(4)) >= 0);
	CHECK(udp_sockets(&rx, &tx, &a) == 0);
	if (udp_case(rx, tx, &a, 100, 2000, 100, "no filter"))
		return -1;
	CHECK(attach(rx, trim) == 0);
	if (udp_case(rx, tx, &a, 100, 2000, 10, "return 18"))
		return -1;
	CHECK(read_results(map, r) == 0);
	if (r[0] != 108)
		return tap_fail("100 bytes sent: ctx->len %llu, want 108",
				(unsigned long long)r[0]);
	if (udp_case(rx, tx, &a, 5, 2000, 5, "return 18"))
		return -1;
	CHECK(read_results(map, r) == 0 && r[0] == 13);
	CHECK(attach(rx, tiny) == 0);
	if (udp_case(rx, tx, &a, 100, 2000, 0, "return 4"))
		return -1;
	CHECK(attach(rx, drop) == 0);
	if (udp_case(rx, tx, &a, 100, 300, -1, "return 0"))
		return -1;
	CHECK(detach(rx) == 0);
	return udp_case(rx, tx, &a, 100, 2000, 100, "detached");
}

/* A program that copies bytes @off..@off+7 of what its filter sees
 * (bpf_skb_load_bytes) to results map @map's slot 0 and the helper's
 * return to slot 1, and keeps the datagram: its fd, or -1. */
static int bytes_prog(int map, int32_t off)
{
	static struct prog p;
	struct bpf_insn body[] = {
		MOV64_REG(R1, R6), MOV64_IMM(R2, off),
		MOV64_REG(R3, R10), ALU64_IMM(BPF_ADD, R3, -16),
		MOV64_IMM(R4, 8), CALL(BPF_FUNC_skb_load_bytes),
		STX_MEM(BPF_DW, R7, R0, 8),
		LDX_MEM(BPF_DW, R1, R10, -16), STX_MEM(BPF_DW, R7, R1, 0),
	};

	prog_begin(&p, map);
	emit_all(&p, body, ARRAY_SIZE(body));
	prog_end(&p);
	return load_ok(p.insn, p.n);
}

/* Linux (udp_queue_rcv_one_skb): the UDP header a filter reads is the
 * datagram's own: the sender's port, the receiver's, the length with the
 * header's 8 bytes; bytes past the end are -EFAULT and a zeroed copy. */
static int filter_udp_header(void)
{
	struct sockaddr_in a, from;
	socklen_t len = sizeof(from);
	uint64_t r[SLOTS];
	uint8_t h[8];
	int rx, tx, map, fd, past;

	CHECK((map = results_map()) >= 0);
	if ((fd = bytes_prog(map, 0)) < 0 || (past = bytes_prog(map, 100)) < 0)
		return -1;
	CHECK(udp_sockets(&rx, &tx, &a) == 0);
	CHECK(attach(rx, fd) == 0);
	if (udp_case(rx, tx, &a, 30, 2000, 30, "header copied"))
		return -1;
	CHECK(getsockname(tx, (struct sockaddr *)&from, &len) == 0);
	CHECK(read_results(map, r) == 0 && r[1] == 0);
	memcpy(h, &r[0], sizeof(h));
	if (memcmp(h, &from.sin_port, 2) != 0)
		return tap_fail("source port %u, want the sender's %u",
				h[0] << 8 | h[1], ntohs(from.sin_port));
	CHECK(memcmp(h + 2, &a.sin_port, 2) == 0);
	CHECK((h[4] << 8 | h[5]) == 30 + 8);
	CHECK(attach(rx, past) == 0);
	if (udp_case(rx, tx, &a, 30, 2000, 30, "bytes past the end"))
		return -1;
	CHECK(read_results(map, r) == 0);
	CHECK(r[0] == 0 && (int64_t)r[1] == -EFAULT);
	return 0;
}

/* Linux (sk_filter holds a reference on its bpf_prog, a bpf_prog on its
 * used_maps): closing the program's fd and its map's fd changes nothing
 * while the socket uses them. The program counts datagrams in a map
 * whose fd is closed, and copies the count to one the test still has. */
static int objects_outlive_fds(void)
{
	int counter, mirror, fd, sv[2];
	uint64_t count = 0;
	uint32_t key = 0;

	CHECK((counter = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	CHECK((mirror = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0)) >= 0);
	{
		struct bpf_insn p[] = {
			LOOKUP_KEY0(counter), NULL_EXIT,
			MOV64_IMM(R1, 1), ATOMIC_ADD(BPF_DW, R0, R1, 0),
			LDX_MEM(BPF_DW, R8, R0, 0),
			LOOKUP_KEY0(mirror), NULL_EXIT,
			STX_MEM(BPF_DW, R0, R8, 0),
			MOV64_IMM(R0, -1), EXIT_INSN(),
		};

		if ((fd = load_ok(p, ARRAY_SIZE(p))) < 0)
			return -1;
	}
	CHECK(close(counter) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(attach(sv[1], fd) == 0);
	CHECK(close(fd) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(send_recv(sv, 50) == 50);
	CHECK(map_lookup(mirror, &key, &count) == 0 && count == 3);
	return 0;
}

static const struct tap_test tests[] = {
	{ "attr_size_and_pointer", attr_size_and_pointer },
	{ "attr_unused_fields_zero", attr_unused_fields_zero },
	{ "unprivileged_eperm", unprivileged_eperm },
	{ "unprivileged_fd_commands", unprivileged_fd_commands },
	{ "cap_bpf_is_enough", cap_bpf_is_enough },
	{ "map_create_types", map_create_types },
	{ "map_create_errors", map_create_errors },
	{ "elem_errors", elem_errors },
	{ "array_elements", array_elements },
	{ "hash_elements", hash_elements },
	{ "hash_full", hash_full },
	{ "hash_walk", hash_walk },
	{ "prog_load_errors", prog_load_errors },
	{ "prog_log_attrs", prog_log_attrs },
	{ "rejected_program_log", rejected_program_log },
	{ "verifier_structure", verifier_structure },
	{ "verifier_loops", verifier_loops },
	{ "verifier_loops_unprivileged", verifier_loops_unprivileged },
	{ "verifier_prunes", verifier_prunes },
	{ "run_loop", run_loop },
	{ "verifier_alu_immediates", verifier_alu_immediates },
	{ "verifier_calls_and_ld_imm64", verifier_calls_and_ld_imm64 },
	{ "verifier_registers", verifier_registers },
	{ "verifier_stack", verifier_stack },
	{ "verifier_pointers", verifier_pointers },
	{ "verifier_ctx", verifier_ctx },
	{ "verifier_helper_args", verifier_helper_args },
	{ "cve_2017_16995", cve_2017_16995 },
	{ "cve_2018_18445", cve_2018_18445 },
	{ "ptr_add_huge_constant", ptr_add_huge_constant },
	{ "run_alu64", run_alu64 },
	{ "run_alu32", run_alu32 },
	{ "run_byteswap_and_constants", run_byteswap_and_constants },
	{ "run_jumps", run_jumps },
	{ "run_stack_memory", run_stack_memory },
	{ "run_map_memory", run_map_memory },
	{ "run_atomic_add", run_atomic_add },
	{ "run_hash_helpers", run_hash_helpers },
	{ "run_time_random_cpu", run_time_random_cpu },
	{ "ctx_len", ctx_len },
	{ "ctx_narrow_loads", ctx_narrow_loads },
	{ "filter_return_values", filter_return_values },
	{ "filter_attach_detach", filter_attach_detach },
	{ "filter_udp", filter_udp },
	{ "filter_udp_header", filter_udp_header },
	{ "objects_outlive_fds", objects_outlive_fds },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("bpftests", tests, ARRAY_SIZE(tests), TEST_TIMEOUT,
			       argc, argv);
}
