/*
 * captests: capabilities as Linux has them (issue 17; man capabilities(7)),
 * checked from user space as root and as the ordinary user (uid 1000).
 *
 *   captests [NAME]...     run every test, or only the ones named
 *   captests --caps        print "prm=P eff=E inh=I amb=A bnd=B secure=S
 *                          euid=U" (hex sets, the exec tests run this)
 *
 *   proc_status  /proc/self/status's CapInh..CapAmb and NoNewPrivs lines,
 *                after SigCgt as in Linux
 *   capget       the three versions, the preferred one written back, pid
 *                0, self and others, ESRCH, EINVAL, EFAULT
 *   capset       the subset rules (EPERM), pid, EFAULT; a dropped
 *                effective capability refuses what it allowed
 *   setuid       leaving root empties the sets (unless PR_SET_KEEPCAPS),
 *                an euid of 0 makes them effective again, setfsuid moves
 *                only the file capabilities, access() asks as the real uid
 *   exec         root's exec rule, a bounding set dropped, ambient
 *                capabilities across an ordinary user's exec
 *   bset         PR_CAPBSET_READ and PR_CAPBSET_DROP
 *   securebits   PR_SET/GET_SECUREBITS and the locks, PR_SET/GET_KEEPCAPS
 *   ambient      PR_CAP_AMBIENT's operations and errors
 *   no_new_privs PR_SET/GET_NO_NEW_PRIVS, kept across fork, and a
 *                set-user-ID exec that then keeps the caller's ids
 *   pipe_size    F_SETPIPE_SZ over pipe-max-size needs CAP_SYS_RESOURCE
 *                (LTP fcntl37)
 *   sched_reset_on_fork  SCHED_RESET_ON_FORK's children, and the flag kept
 *                without CAP_SYS_NICE (LTP sched_setscheduler04)
 *
 * TAP from user/lib/tap.c tap_run(), each test in a child of its own, so
 * a test may drop what it likes. Run it as root; the same binary runs on
 * Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#define STUDENT 1000
#define SELF "/bin/captests"
#define TEST_TIMEOUT 20
#define V1 0x19980330
#define V2 0x20071026
#define V3 0x20080522
#define ALL_CAPS 0x1ffffffffffULL	/* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */
#define FS_CAPS 0x10800021fULL		/* the capabilities over files */
#define BIT(cap) (1ULL << (cap))
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_SETUID 7
#define CAP_SETPCAP 8
#define CAP_NET_BIND_SERVICE 10
#define CAP_SYS_NICE 23
#define CAP_SYS_RESOURCE 24

struct cap_header {
	unsigned int version;
	int pid;
};

struct cap_data {
	unsigned int effective, permitted, inheritable;
};

struct caps {
	unsigned long long eff, prm, inh;
};

static long capget_raw(struct cap_header *h, struct cap_data *d)
{
	return syscall(SYS_capget, h, d);
}

static long capset_raw(struct cap_header *h, const struct cap_data *d)
{
	return syscall(SYS_capset, h, d);
}

/* @pid's three sets (version 3); -1 with errno on failure. */
static int get_caps(int pid, struct caps *c)
{
	struct cap_header h = { V3, pid };
	struct cap_data d[2];

	if (capget_raw(&h, d))
		return -1;
	c->eff = d[0].effective | (unsigned long long)d[1].effective << 32;
	c->prm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	c->inh = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
	return 0;
}

/* Set current's three sets (version 3); capset's result. */
static int set_caps(unsigned long long eff, unsigned long long prm,
		    unsigned long long inh)
{
	struct cap_header h = { V3, 0 };
	struct cap_data d[2] = {
		{ (unsigned int)eff, (unsigned int)prm, (unsigned int)inh },
		{ (unsigned int)(eff >> 32), (unsigned int)(prm >> 32),
		  (unsigned int)(inh >> 32) },
	};

	return capset_raw(&h, d);
}

/* The value of /proc/self/status's line @name, or "" (static buffer). */
static const char *status_line(const char *name, int *pos)
{
	static char buf[4096], val[64];
	int fd = open("/proc/self/status", O_RDONLY), n = 0;
	size_t len = strlen(name);
	char *line;

	val[0] = '\0';
	*pos = -1;
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	line = buf;
	for (int i = 0; line && *line; i++) {
		if (!strncmp(line, name, len) && line[len] == ':') {
			sscanf(line + len + 1, "%63s", val);
			*pos = i;
			break;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return val;
}

static int test_proc_status(void)
{
	int sigcgt, inh, prm, eff, bnd, amb, nnp, cpus;
	char want[32];

	CHECK(strcmp(status_line("CapInh", &inh), "0000000000000000") == 0);
	snprintf(want, sizeof(want), "%016llx", ALL_CAPS);
	CHECK(strcmp(status_line("CapPrm", &prm), want) == 0);
	CHECK(strcmp(status_line("CapEff", &eff), want) == 0);
	CHECK(strcmp(status_line("CapBnd", &bnd), want) == 0);
	CHECK(strcmp(status_line("CapAmb", &amb), "0000000000000000") == 0);
	CHECK(strcmp(status_line("NoNewPrivs", &nnp), "0") == 0);
	status_line("SigCgt", &sigcgt);
	status_line("Cpus_allowed", &cpus);
	CHECK(sigcgt >= 0 && inh == sigcgt + 1 && prm == inh + 1 &&
	      eff == prm + 1 && bnd == eff + 1 && amb == bnd + 1 &&
	      nnp == amb + 1 && cpus > nnp);
	CHECK(set_caps(BIT(CAP_CHOWN), BIT(CAP_CHOWN) | BIT(CAP_SETUID), 0) == 0);
	CHECK(strcmp(status_line("CapEff", &eff), "0000000000000001") == 0);
	CHECK(strcmp(status_line("CapPrm", &prm), "0000000000000081") == 0);
	return 0;
}

static int test_capget(void)
{
	struct cap_header h = { V1, 0 };
	struct cap_data d[2];
	struct caps c;

	memset(d, 0xa5, sizeof(d));
	CHECK(capget_raw(&h, d) == 0 && d[0].effective == 0xffffffff);
	CHECK(d[1].effective == 0xa5a5a5a5);	/* version 1: one word only */
	h.version = V2;
	CHECK(capget_raw(&h, d) == 0 && d[1].permitted == ALL_CAPS >> 32);
	h = (struct cap_header){ 0x12345678, 0 };
	CHECK(capget_raw(&h, d) == -1 && errno == EINVAL && h.version == V3);
	h.version = 1;
	CHECK(capget_raw(&h, NULL) == 0 && h.version == V3);
	CHECK(capget_raw(&h, NULL) == 0);	/* a known version: just 0 */
	h.pid = -1;
	CHECK(capget_raw(&h, d) == -1 && errno == EINVAL);
	h.pid = 4000000;
	CHECK(capget_raw(&h, d) == -1 && errno == ESRCH);
	h.pid = 0;
	CHECK(capget_raw(NULL, d) == -1 && errno == EFAULT);
	CHECK(capget_raw(&h, (struct cap_data *)1) == -1 && errno == EFAULT);
	CHECK(get_caps(getpid(), &c) == 0 && c.eff == ALL_CAPS && c.inh == 0);
	CHECK(get_caps(1, &c) == 0 && c.prm == ALL_CAPS);
	return 0;
}

/* A file of root's, mode 0600, for the tests to chown and read. */
static const char *root_file(void)
{
	static const char path[] = "/tmp/ut_capfile";
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	if (fd < 0 || fchown(fd, 0, 0) || fchmod(fd, 0600))
		return NULL;
	close(fd);
	return path;
}

static int test_capset(void)
{
	const unsigned long long nochown = ALL_CAPS & ~BIT(CAP_CHOWN);
	struct cap_header h = { V3, 0 };
	const char *f = root_file();
	struct caps c;

	CHECK(f && set_caps(ALL_CAPS, ALL_CAPS, BIT(CAP_CHOWN)) == 0);
	CHECK(set_caps(nochown, ALL_CAPS, 0) == 0);
	CHECK(chown(f, 1, 1) == -1 && errno == EPERM);
	CHECK(set_caps(ALL_CAPS, nochown, 0) == -1 && errno == EPERM);
	/* CAP_SETPCAP: inheritable may hold what permitted lacks. */
	CHECK(set_caps(nochown, nochown, BIT(CAP_CHOWN)) == 0);
	CHECK(get_caps(0, &c) == 0 && c.prm == nochown && c.inh == BIT(CAP_CHOWN));
	CHECK(set_caps(nochown, ALL_CAPS, 0) == -1 && errno == EPERM);
	CHECK(set_caps(0, nochown, 0) == 0);
	CHECK(set_caps(0, nochown, BIT(CAP_CHOWN)) == -1 && errno == EPERM);
	CHECK(set_caps(0, nochown, BIT(CAP_SETUID)) == 0);
	h.pid = getppid();
	CHECK(capset_raw(&h, (struct cap_data[2]){ 0 }) == -1 && errno == EPERM);
	h = (struct cap_header){ 7, 0 };
	CHECK(capset_raw(&h, (struct cap_data[2]){ 0 }) == -1 && errno == EINVAL &&
	      h.version == V3);
	CHECK(capset_raw(&h, NULL) == -1 && errno == EFAULT);
	CHECK(capset_raw(NULL, NULL) == -1 && errno == EFAULT);
	unlink(f);
	return 0;
}

static int test_setuid(void)
{
	const char *f = root_file();
	struct caps c;

	CHECK(f);

	CHECK(setresuid(-1, STUDENT, -1) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == 0 && c.prm == ALL_CAPS);
	CHECK(setresuid(-1, 0, -1) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == ALL_CAPS);
	CHECK(setfsuid(STUDENT) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == (ALL_CAPS & ~FS_CAPS));
	CHECK(setfsuid(0) == STUDENT);
	CHECK(get_caps(0, &c) == 0 && c.eff == ALL_CAPS);
	CHECK(setresuid(STUDENT, 0, 0) == 0);	/* access() asks as 1000 */
	CHECK(access(f, R_OK) == -1 && errno == EACCES);
	CHECK(open(f, O_RDONLY) >= 0);
	CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
	CHECK(setresuid(STUDENT, STUDENT, STUDENT) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == 0 && c.prm == ALL_CAPS);
	CHECK(chown(f, STUDENT, STUDENT) == -1 && errno == EPERM);
	CHECK(setuid(0) == -1 && errno == EPERM);
	CHECK(set_caps(BIT(CAP_CHOWN), ALL_CAPS, 0) == 0);
	CHECK(chown(f, STUDENT, STUDENT) == 0);	/* a student with CAP_CHOWN */
	/* With CAP_SETUID effective, back to root and all its capabilities. */
	CHECK(set_caps(BIT(CAP_SETUID), ALL_CAPS, 0) == 0 && setuid(0) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == ALL_CAPS);
	unlink(f);
	return 0;
}

static int test_setuid_drops_all(void)
{
	struct caps c;

	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == 0 && c.prm == 0 && c.inh == 0);
	CHECK(setuid(0) == -1 && errno == EPERM);
	CHECK(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 1);
	CHECK(prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0) == -1 && errno == EPERM);
	CHECK(prctl(PR_SET_SECUREBITS, 0, 0, 0, 0) == -1 && errno == EPERM);
	return 0;
}

/* Run "captests --caps" after @setup in a child; its line into @out. */
static int caps_after_exec(const char *path, int (*setup)(void), char *out,
			   size_t size)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fds) == 0 && (pid = fork()) >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		if (setup && setup())
			_exit(2);
		execl(path, "captests", "--caps", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	n = read(fds[0], out, size - 1);
	close(fds[0]);
	out[n > 0 ? n : 0] = '\0';
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	return 0;
}

static int drop_bset_keep_inh(void)
{
	return set_caps(ALL_CAPS, ALL_CAPS, BIT(CAP_NET_BIND_SERVICE)) ||
	       prctl(PR_CAPBSET_DROP, CAP_NET_BIND_SERVICE, 0, 0, 0);
}

static int student_keepcaps(void)
{
	return prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) ||
	       setresuid(STUDENT, STUDENT, STUDENT);
}

static int student_ambient(void)
{
	return student_keepcaps() ||
	       set_caps(0, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_CHOWN),
			BIT(CAP_NET_BIND_SERVICE)) ||
	       prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
		     CAP_NET_BIND_SERVICE, 0, 0);
}

static int real_root_only(void)
{
	return setresuid(0, STUDENT, STUDENT);
}

/* What "captests --caps" prints after each set-up and an exec. */
static const struct {
	int (*setup)(void);
	const char *want;
} exec_cases[] = {
	{ NULL, "prm=1ffffffffff eff=1ffffffffff inh=0 amb=0 bnd=1ffffffffff "
		"secure=0 euid=0\n" },
	/* Root's exec: permitted = bounding | inheritable. */
	{ drop_bset_keep_inh, "prm=1ffffffffff eff=1ffffffffff inh=400 amb=0 "
			      "bnd=1fffffffbff secure=0 euid=0\n" },
	/* Real uid 0 only: permitted, none effective. */
	{ real_root_only, "prm=1ffffffffff eff=0 inh=0 amb=0 bnd=1ffffffffff "
			  "secure=1 euid=1000\n" },
	/* An ordinary user's exec keeps nothing but the ambient set. */
	{ student_keepcaps, "prm=0 eff=0 inh=0 amb=0 bnd=1ffffffffff secure=0 "
			    "euid=1000\n" },
	{ student_ambient, "prm=400 eff=400 inh=400 amb=400 bnd=1ffffffffff "
			   "secure=0 euid=1000\n" },
};

static int test_exec(void)
{
	char out[160];

	for (unsigned int i = 0; i < sizeof(exec_cases) / sizeof(exec_cases[0]); i++) {
		CHECK(caps_after_exec(SELF, exec_cases[i].setup, out, sizeof(out)) == 0);
		if (strcmp(out, exec_cases[i].want))
			return tap_fail("case %u: \"%.70s\"", i, out);
	}
	return 0;
}

static int test_bset(void)
{
	CHECK(prctl(PR_CAPBSET_READ, 40, 0, 0, 0) == 1);
	CHECK(prctl(PR_CAPBSET_READ, 41, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_CAPBSET_READ, -1L, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_CAPBSET_DROP, 41, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0) == 0);
	CHECK(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 0);
	CHECK(set_caps(0, ALL_CAPS, BIT(CAP_CHOWN)) == -1 && errno == EPERM);
	CHECK(set_caps(ALL_CAPS & ~BIT(CAP_SETPCAP), ALL_CAPS, 0) == 0);
	CHECK(prctl(PR_CAPBSET_DROP, CAP_SETUID, 0, 0, 0) == -1 && errno == EPERM);
	return 0;
}

static int test_securebits(void)
{
	CHECK(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) == 0);
	CHECK(prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_SET_SECUREBITS, 0x10, 0, 0, 0) == 0);	/* KEEP_CAPS */
	CHECK(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) == 1);
	CHECK(prctl(PR_SET_SECUREBITS, 0x100, 0, 0, 0) == -1 && errno == EPERM);
	CHECK(prctl(PR_SET_SECUREBITS, 0x30, 0, 0, 0) == 0);	/* and its lock */
	CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1 && errno == EPERM);
	CHECK(prctl(PR_SET_SECUREBITS, 0x20, 0, 0, 0) == -1 && errno == EPERM);
	CHECK(prctl(PR_SET_SECUREBITS, 0x10, 0, 0, 0) == -1 && errno == EPERM);
	CHECK(prctl(PR_SET_SECUREBITS, 0xf0, 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) == 0xf0);
	CHECK(set_caps(ALL_CAPS, ALL_CAPS, BIT(CAP_CHOWN)) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) == -1 &&
	      errno == EPERM);		/* SECBIT_NO_CAP_AMBIENT_RAISE */
	return 0;
}

static int test_ambient(void)
{
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) == -1 &&
	      errno == EPERM);		/* not inheritable */
	CHECK(set_caps(ALL_CAPS, ALL_CAPS, BIT(CAP_CHOWN)) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) == 1);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 41, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(prctl(PR_CAP_AMBIENT, 9, CAP_CHOWN, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_CHOWN, 0, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) == 0);
	/* Dropping it from inheritable drops it from ambient. */
	CHECK(set_caps(ALL_CAPS, ALL_CAPS, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) == 0);
	CHECK(set_caps(ALL_CAPS, ALL_CAPS, BIT(CAP_CHOWN)) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == 0);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) == 0);
	return 0;
}

static int become_student(void)
{
	return tap_become(STUDENT, 0);
}

/* The student with no_new_privs set: set-ID bits are ignored. */
static int student_nnp(void)
{
	return tap_become(STUDENT, 0) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static int test_no_new_privs(void)
{
	char out[160];
	int pos, status;
	pid_t pid;

	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0);
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(ulib_copy_file(SELF, "/tmp/ut_capsuid", 04755) == 0);
	/* Without no_new_privs, the set-user-ID root program is root. */
	CHECK(caps_after_exec("/tmp/ut_capsuid", become_student, out,
			      sizeof(out)) == 0);
	CHECK(strcmp(out, "prm=1ffffffffff eff=1ffffffffff inh=0 amb=0 "
		     "bnd=1ffffffffff secure=1 euid=0\n") == 0);
	CHECK(caps_after_exec("/tmp/ut_capsuid", student_nnp, out,
			      sizeof(out)) == 0);
	unlink("/tmp/ut_capsuid");
	CHECK(strcmp(out, "prm=0 eff=0 inh=0 amb=0 bnd=1ffffffffff secure=0 "
		     "euid=1000\n") == 0);
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	CHECK(strcmp(status_line("NoNewPrivs", &pos), "1") == 0);
	CHECK((pid = fork()) >= 0);
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	return 0;
}

/* LTP fcntl37: past pipe-max-size only with CAP_SYS_RESOURCE, which
 * root may drop. */
static int test_pipe_size(void)
{
	int fds[2], fd = open("/proc/sys/fs/pipe-max-size", O_RDONLY);
	char buf[32] = "";

	CHECK(fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0);
	close(fd);
	CHECK(pipe(fds) == 0);
	CHECK(set_caps(ALL_CAPS & ~BIT(CAP_SYS_RESOURCE),
		       ALL_CAPS & ~BIT(CAP_SYS_RESOURCE), 0) == 0);
	CHECK(fcntl(fds[1], F_SETPIPE_SZ, atoi(buf) + 1) == -1 && errno == EPERM);
	CHECK(fcntl(fds[1], F_SETPIPE_SZ, atoi(buf)) >= atoi(buf));
	return 0;
}

/* LTP sched_setscheduler04: SCHED_RESET_ON_FORK gives children the
 * normal policy and a nice of at least 0; without CAP_SYS_NICE the flag
 * cannot be taken back. */
static int test_sched_reset_on_fork(void)
{
	const int fifo_reset = SCHED_FIFO | SCHED_RESET_ON_FORK;
	struct sched_param sp;
	int status;
	pid_t pid;

	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = 10;
	CHECK(setpriority(PRIO_PROCESS, 0, -5) == 0);
	/* musl's wrappers are ENOSYS by design: the system calls. */
	CHECK(syscall(SYS_sched_setscheduler, 0, fifo_reset, &sp) == 0);
	CHECK(syscall(SYS_sched_getscheduler, 0) == fifo_reset);
	CHECK((pid = fork()) >= 0);
	if (pid == 0)
		_exit(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER &&
		      getpriority(PRIO_PROCESS, 0) == 0 ? 0 : 1);
	CHECK(syscall(SYS_sched_getscheduler, pid) == SCHED_OTHER);
	CHECK(syscall(SYS_sched_getparam, pid, &sp) == 0 && sp.sched_priority == 0);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(set_caps(ALL_CAPS & ~BIT(CAP_SYS_NICE),
		       ALL_CAPS & ~BIT(CAP_SYS_NICE), 0) == 0);
	sp.sched_priority = 10;
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp) == -1 &&
	      errno == EPERM);
	CHECK(syscall(SYS_sched_setscheduler, 0, fifo_reset, &sp) == 0);
	return 0;
}

/* --caps: what the exec tests compare. */
static int print_caps(void)
{
	struct caps c;
	unsigned long long amb = 0, bnd = 0;

	if (get_caps(0, &c))
		return 1;
	for (int cap = 0; cap <= 40; cap++) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1)
			amb |= BIT(cap);
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			bnd |= BIT(cap);
	}
	printf("prm=%llx eff=%llx inh=%llx amb=%llx bnd=%llx secure=%lu euid=%u\n",
	       c.prm, c.eff, c.inh, amb, bnd, getauxval(AT_SECURE),
	       (unsigned int)geteuid());
	return 0;
}

static const struct tap_test tests[] = {
	{ "proc_status", test_proc_status },
	{ "capget", test_capget },
	{ "capset", test_capset },
	{ "setuid", test_setuid },
	{ "setuid_drops_all", test_setuid_drops_all },
	{ "exec", test_exec },
	{ "bset", test_bset },
	{ "securebits", test_securebits },
	{ "ambient", test_ambient },
	{ "no_new_privs", test_no_new_privs },
	{ "pipe_size", test_pipe_size },
	{ "sched_reset_on_fork", test_sched_reset_on_fork },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--caps"))
		return print_caps();
	return tap_run_as_root("captests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
