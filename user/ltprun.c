/*
 * ltprun: the guest side of scripts/ltp.sh (docs/ltp.md). Booted as init
 * (init=/bin/ltprun on Taskbase, /init in a small initramfs on Linux), it
 * runs the LTP tests (in /ltp/testcases/bin) listed in /ltp/list, one "NAME COMMAND [ARGS]" a
 * line as LTP's runtest files have them, each in its own process group
 * with a time limit, and prints one line per test for the host:
 *
 *   LTP-RESULT NAME STATUS SECONDS     STATUS: exit code, SIG n, TIMEOUT
 *   LTP-DONE
 *
 * then powers the machine off. LTP's tests change and break the system
 * they run on, so ltprun refuses to run anywhere but in a guest: on
 * Taskbase (uname -s), or on Linux as pid 1 of a kernel booted with
 * taskbase_ltp=1 (the QEMU guest that scripts/ltp.sh boots).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKER "taskbase_ltp=1"
#define MAX_ARGS 32

static int timeout_s = 60;

/* In a guest that scripts/ltp.sh booted, and only there. */
static int in_test_guest(int argc, char **argv)
{
	struct utsname u;

	if (uname(&u) == 0 && strcmp(u.sysname, "Taskbase") == 0)
		return 1;
	if (getpid() != 1)
		return 0;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], MARKER) == 0)
			return 1;
	return getenv("taskbase_ltp") && strcmp(getenv("taskbase_ltp"), "1") == 0;
}

/* What LTP's library expects around it: /proc, a writable /tmp, /dev/shm. */
static void setup(void)
{
	mkdir("/proc", 0555);
	mkdir("/tmp", 01777);
	mkdir("/sys", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/dev/shm", 01777);
	mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL);
	setenv("PATH", "/ltp/testcases/bin:/bin:/usr/bin", 1);
	setenv("TMPDIR", "/tmp", 1);
	setenv("LTPROOT", "/ltp", 1);
	setenv("LTP_COLORIZE_OUTPUT", "0", 1);
	if (getenv("ltp_timeout"))
		timeout_s = atoi(getenv("ltp_timeout"));
}

/* Taskbase hands init its options as arguments: ltp_timeout=N. */
static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "ltp_timeout=", 12) == 0)
			timeout_s = atoi(argv[i] + 12);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Split @line into argv (in place); the count. */
static int split(char *line, char **av)
{
	int n = 0;

	for (char *t = strtok(line, " \t\n"); t && n < MAX_ARGS; t = strtok(NULL, " \t\n"))
		av[n++] = t;
	av[n] = NULL;
	return n;
}

/* Wait for @pid up to the time limit; its status, or -1 on timeout. */
static int wait_limited(pid_t pid, double start)
{
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return 0;
		if (now_s() - start > timeout_s) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(20000);
	}
}

/* Run one test: av[0] is its name, av[1..] the command. */
static void run_one(char **av)
{
	double start = now_s();
	char status[32];
	int st;
	pid_t pid;

	printf("LTP-START %s\n", av[0]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (chdir("/tmp") != 0)
			_exit(127);
		execvp(av[1], av + 1);
		_exit(127);
	}
	if (pid < 0) {
		printf("LTP-RESULT %s FORK 0\n", av[0]);
		return;
	}
	setpgid(pid, pid);
	st = wait_limited(pid, start);
	/* Orphans the test left behind are reparented to us: reap them. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (st == -1)
		snprintf(status, sizeof(status), "TIMEOUT");
	else if (WIFSIGNALED(st))
		snprintf(status, sizeof(status), "SIG%d", WTERMSIG(st));
	else
		snprintf(status, sizeof(status), "%d", WEXITSTATUS(st));
	printf("LTP-RESULT %s %s %.1f\n", av[0], status, now_s() - start);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char line[1024], *av[MAX_ARGS + 1];
	FILE *list;

	if (!in_test_guest(argc, argv)) {
		fprintf(stderr, "ltprun: refusing: not Taskbase, and not pid 1 of a "
			"Linux guest booted with %s (LTP must never run on a host)\n",
			MARKER);
		return 1;
	}
	setup();
	parse_args(argc, argv);
	list = fopen("/ltp/list", "r");
	if (!list) {
		perror("ltprun: /ltp/list");
	} else {
		while (fgets(line, sizeof(line), list))
			if (line[0] != '#' && split(line, av) >= 2)
				run_one(av);
		fclose(list);
	}
	printf("LTP-DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
