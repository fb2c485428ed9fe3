/*
 * tracetests: kprobe events through tracefs, as Linux 6.1 has them
 * (kernel/trace/: kprobes.c, trace_kprobe.c, trace.c, tracefs.c),
 * checked from user space: the tree at /sys/kernel/tracing and its
 * magic, definitions read back and removed, an open(2) traced at entry
 * with its arguments and at return with its value, user and kernel
 * memory fetched (strings, words, a fault), the stacktrace trigger,
 * Linux's errnos for
 * bad definitions, root only, trace_pipe that waits and consumes,
 * tracing_on, a full buffer overwriting its oldest lines, kretprobes on
 * a function that never returns (do_exit), and events switched while
 * other threads run through the probed function.
 *
 *   tracetests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c). Run as root; every
 * test removes the events it made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define TRACEFS "/sys/kernel/tracing/"
#define TRACEFS_MAGIC 0x74726163
#define TEST_TIMEOUT 120

/* Write @text to tracefs file @name (with O_TRUNC if @trunc): 0, or -1
 * with errno. */
static int tw(const char *name, const char *text, int trunc)
{
	char path[128];
	int f, err = 0;

	snprintf(path, sizeof(path), TRACEFS "%s", name);
	f = open(path, O_WRONLY | (trunc ? O_TRUNC : 0));
	if (f < 0)
		return -1;
	if (write(f, text, strlen(text)) != (ssize_t)strlen(text))
		err = errno;
	close(f);
	errno = err;
	return err ? -1 : 0;
}

/* The whole of tracefs file @name into a malloc()ed string, or NULL. */
static char *tr(const char *name)
{
	static const size_t max = 1 << 20;
	char path[128], *buf = malloc(max);
	ssize_t n, len = 0;
	int f;

	snprintf(path, sizeof(path), TRACEFS "%s", name);
	f = open(path, O_RDONLY);
	if (f < 0 || !buf) {
		free(buf);
		if (f >= 0)
			close(f);
		return NULL;
	}
	while ((n = read(f, buf + len, max - 1 - (size_t)len)) > 0)
		len += n;
	close(f);
	buf[len] = '\0';
	return buf;
}

/* Does tracefs file @name contain @needle? */
static int has(const char *name, const char *needle)
{
	char *s = tr(name);
	int yes = s && strstr(s, needle);

	free(s);
	return yes;
}

/* The two numbers of trace's "entries-in-buffer/entries-written" line. */
static int entries(long *in_buffer, long *written)
{
	char *s = tr("trace"), *p = s ? strstr(s, "entries-written: ") : NULL;
	int ok = p && sscanf(p + 17, "%ld/%ld", in_buffer, written) == 2;

	free(s);
	return ok ? 0 : -1;
}

/* The hits and misses kprobe_profile shows for @event: 0 or -1. */
static int profile(const char *event, long *hits, long *missed)
{
	char *s = tr("kprobe_profile"), name[64];
	int found = 0;

	for (char *line = s; line && !found; line = strchr(line, '\n')) {
		line += *line == '\n';
		found = sscanf(line, " %63s %ld %ld", name, hits, missed) == 3 &&
			!strcmp(name, event);
	}
	free(s);
	return found ? 0 : -1;
}

/* Open and close @path @n times in a child called @comm: its pid. */
static pid_t opener(const char *comm, const char *path, int n)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = -1;

		prctl(PR_SET_NAME, comm);
		for (int i = 0; i < n; i++) {
			fd = open(path, O_RDONLY);
			close(fd);
		}
		_exit(fd);
	}
	return pid;
}

static int files(void)
{
	struct statfs st;
	struct stat s;
	const char *names[] = { "kprobe_events", "kprobe_profile", "trace",
				"trace_pipe", "tracing_on", "buffer_size_kb",
				"events/enable" };

	CHECK(statfs(TRACEFS, &st) == 0 && st.f_type == TRACEFS_MAGIC);
	CHECK(stat(TRACEFS, &s) == 0 && (s.st_mode & 07777) == 0700);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[96];

		snprintf(path, sizeof(path), TRACEFS "%s", names[i]);
		CHECK(stat(path, &s) == 0 && S_ISREG(s.st_mode));
	}
	CHECK(tw("tracing_on", "1", 0) == 0 && has("tracing_on", "1\n"));
	CHECK(mkdir("/tmp/tt_mnt", 0700) == 0);
	CHECK(mount("nodev", "/tmp/tt_mnt", "tracefs", 0, NULL) == 0);
	CHECK(tw("kprobe_events", "p:tt_two oom_kill_process", 0) == 0);
	CHECK(stat("/tmp/tt_mnt/events/kprobes/tt_two/enable", &s) == 0);
	CHECK(umount("/tmp/tt_mnt") == 0 && rmdir("/tmp/tt_mnt") == 0);
	CHECK(tw("kprobe_events", "-:tt_two", 0) == 0);
	CHECK(stat(TRACEFS "events/kprobes/tt_two", &s) == -1 && errno == ENOENT);
	return 0;
}

static int define_list_remove(void)
{
	struct stat s;

	CHECK(tw("kprobe_events", "p:tt_open do_sys_openat2 dfd=%di how=$arg3:x32\n"
	      "r5:mygrp/tt_ret do_sys_openat2 ret=$retval:s64\n"
	      "p do_sys_openat2 %ax $stack $stack1 $comm", 0) == 0);
	CHECK(has("kprobe_events", "p:kprobes/tt_open do_sys_openat2 dfd=%di how=$arg3:x32\n"
		  "r5:mygrp/tt_ret do_sys_openat2 ret=$retval:s64\n"
		  "p:kprobes/p_do_sys_openat2_0 do_sys_openat2 %ax $stack $stack1 $comm\n"));
	CHECK(stat(TRACEFS "events/mygrp/tt_ret/enable", &s) == 0);
	CHECK(stat(TRACEFS "events/kprobes/tt_ret", &s) == -1 && errno == ENOENT);
	CHECK(has("events/kprobes/tt_open/enable", "0\n"));
	CHECK(tw("events/mygrp/enable", "1", 0) == 0);
	CHECK(has("events/mygrp/enable", "1\n") && has("events/enable", "X\n"));
	CHECK(tw("events/mygrp/enable", "0", 0) == 0 && has("events/enable", "0\n"));
	CHECK(tw("kprobe_events", "-:kprobes/p_do_sys_openat2_0", 0) == 0);
	CHECK(!has("kprobe_events", "p_do_sys_openat2_0"));
	CHECK(tw("kprobe_events", "", 1) == 0);		/* O_TRUNC: all go */
	CHECK(!has("kprobe_events", "tt_"));
	CHECK(stat(TRACEFS "events/mygrp", &s) == -1 && errno == ENOENT);
	return 0;
}

static int trace_an_open(void)
{
	char want[96], *trace, *line;
	long hits, missed;
	int status;
	pid_t pid;

	CHECK(tw("kprobe_events", "p:tt_open do_sys_openat2 dfd=%di:s32 comm=$comm\n"
	      "r:tt_ret do_sys_openat2 ret=$retval:s32", 0) == 0);
	CHECK(tw("trace", "", 1) == 0 && tw("events/kprobes/enable", "1", 1) == 0);
	pid = opener("tt_opener", "/etc/hostname", 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK(tw("events/kprobes/enable", "0", 0) == 0);
	trace = tr("trace");
	CHECK(trace && strstr(trace, "# tracer: nop"));
	snprintf(want, sizeof(want), "tt_opener-%-7d [", pid);
	line = strstr(trace, want);
	CHECK(line && strstr(line, "tt_open: (do_sys_openat2+0x0/0x"));
	CHECK(strstr(line, " dfd=-100 comm=\"tt_opener\"\n"));	/* AT_FDCWD */
	line = strstr(line, "tt_ret: (");
	snprintf(want, sizeof(want), "<- do_sys_openat2) ret=%d\n", WEXITSTATUS(status));
	CHECK(line && strstr(line, want));
	free(trace);
	CHECK(profile("tt_open", &hits, &missed) == 0 && hits >= 1 && missed == 0);
	CHECK(tw("kprobe_events", "", 1) == 0);
	return 0;
}

/* Memory fetches: a user string, a kernel string, a kernel word, a
 * user byte, and a kernel read of a user address that must fail. */
static int fetch_memory(void)
{
	char want[64], *trace, *line;
	int status;
	pid_t pid;

	CHECK(tw("kprobe_events", "p:tt_mem do_sys_openat2 name=+0($arg2):ustring "
	      "flags=+0(%dx):x32 first=+u0(%si):u8 bad=+0(%si):u32\n"
	      "p:tt_kstr path_openat path=+0(%si):string", 0) == 0);
	CHECK(tw("trace", "", 1) == 0 && tw("events/kprobes/enable", "1", 0) == 0);
	pid = opener("tt_fetcher", "/etc/hostname", 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(tw("events/kprobes/enable", "0", 0) == 0);
	trace = tr("trace");
	snprintf(want, sizeof(want), "tt_fetcher-%-7d [", pid);
	line = trace ? strstr(trace, want) : NULL;
	CHECK(line && (line = strstr(line, "tt_mem: ")));
	CHECK(!strncmp(strchr(line, ')'), ") name=\"/etc/hostname\" flags=0x", 30));
	CHECK(strstr(line, " first=47 bad=(fault)\n"));	/* '/'; ERANGE */
	CHECK(strstr(line, "tt_kstr: (path_openat+0x0/0x"));
	CHECK(strstr(line, " path=\"/etc/hostname\"\n"));
	free(trace);
	CHECK(tw("kprobe_events", "", 1) == 0);
	return 0;
}

/* The stacktrace trigger: after each hit, "<stack trace>" and the
 * frames, innermost first, at a function's entry and at its return. */
static int stacktrace_trigger(void)
{
	char want[64], *trace, *line, *stack;
	struct stat st;
	pid_t pid;
	int f;

	CHECK(tw("kprobe_events", "p:tt_st do_sys_openat2\nr:tt_str do_sys_openat2", 0) == 0);
	CHECK(stat(TRACEFS "events/kprobes/tt_st/trigger", &st) == 0);
	CHECK(has("events/kprobes/tt_st/trigger", "# Available triggers:\n# stacktrace\n"));
	CHECK(tw("events/kprobes/tt_st/trigger", "traceon", 0) == -1 && errno == EINVAL);
	CHECK(tw("events/kprobes/tt_st/trigger", "stacktrace", 1) == 0);
	CHECK(tw("events/kprobes/tt_str/trigger", "stacktrace", 1) == 0);
	CHECK(has("events/kprobes/tt_st/trigger", "stacktrace:unlimited\n"));
	CHECK(tw("trace", "", 1) == 0 && tw("events/kprobes/enable", "1", 0) == 0);
	pid = opener("tt_stacker", "/etc/hostname", 1);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(tw("events/kprobes/enable", "0", 0) == 0);
	trace = tr("trace");
	snprintf(want, sizeof(want), "tt_stacker-%-7d [", pid);
	line = trace ? strstr(trace, want) : NULL;
	CHECK(line && (line = strstr(line, "tt_st: (do_sys_openat2+0x0/0x")));
	stack = strstr(line, ": <stack trace>\n");
	/* musl's open() is the open system call: sys_open, or sys_openat */
	CHECK(stack && !strncmp(stack, ": <stack trace>\n => do_sys_openat2\n"
				" => sys_open", 47));
	line = strstr(stack, "tt_str: (sys_open");
	stack = line ? strstr(line, ": <stack trace>\n") : NULL;
	CHECK(stack && !strncmp(stack, ": <stack trace>\n => sys_open", 28));
	free(trace);
	f = open(TRACEFS "events/kprobes/tt_st/trigger", O_WRONLY);
	CHECK(f >= 0 && write(f, "!stacktrace", 11) == 11);
	CHECK(has("events/kprobes/tt_st/trigger", "# stacktrace\n"));
	CHECK(tw("kprobe_events", "", 1) == 0);
	CHECK(write(f, "stacktrace", 10) == -1 && errno == ENODEV);	/* gone */
	close(f);
	return 0;
}

static int errors(void)
{
	static const struct { const char *def; int err; } bad[] = {
		{ "p:tt_e no_such_function_here", ENOENT },
		{ "p:tt_e printk", EINVAL },		/* on the NMI path */
		{ "p:tt_e kprobe_int3_handler", EINVAL },
		{ "p:tt_e do_sys_openat2+4", EILSEQ },	/* entries only */
		{ "p:tt_e do_sys_openat2 x=$retval", EINVAL },
		{ "p:tt_e do_sys_openat2 %xyz", EINVAL },
		{ "p:tt_e do_sys_openat2 $arg7", EINVAL },
		{ "p:tt_e do_sys_openat2 %di:u7", EINVAL },
		{ "p:tt_e do_sys_openat2 $comm:u32", EINVAL },
		{ "q:tt_e do_sys_openat2", EINVAL },
		{ "p5:tt_e do_sys_openat2", EINVAL },
		{ "r0:tt_e do_sys_openat2", EINVAL },
		{ "p:tt-e do_sys_openat2", EINVAL },
		{ "p: do_sys_openat2", EINVAL },
		{ "p:tt_e", EINVAL },
		{ "p:tt_e do_sys_openat2 a b c d e f g h i", E2BIG },
		{ "-:tt_nosuch", ENOENT },
		{ "-tt_e", EINVAL },
		{ "p:tt_e do_sys_openat2 %si:string", EINVAL },	/* memory only */
		{ "p:tt_e do_sys_openat2 $comm:ustring", EINVAL },
		{ "p:tt_e do_sys_openat2 +z(%si)", EINVAL },
		{ "p:tt_e do_sys_openat2 +0(%si", EINVAL },
		{ "p:tt_e do_sys_openat2 @jiffies", EINVAL },	/* no data symbols */
		{ "p:tt_e do_sys_openat2 +0(+0(+0(+0(%si))))", E2BIG },
	};
	int f;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		if (tw("kprobe_events", bad[i].def, 0) != -1 || errno != bad[i].err)
			return tap_fail("\"%s\": errno %d, not %d", bad[i].def,
					errno, bad[i].err);
	}
	CHECK(tw("kprobe_events", "p:tt_e do_sys_openat2", 0) == 0);
	CHECK(tw("kprobe_events", "p:tt_e vfs_read", 0) == -1 && errno == EEXIST);
	CHECK(tw("kprobe_events", "p:tt_f vfs_read\nbogus", 0) == -1 && errno == EINVAL);
	CHECK(has("kprobe_events", "tt_f vfs_read"));	/* lines before stay */
	CHECK(tw("events/kprobes/tt_e/enable", "2", 0) == -1 && errno == EINVAL);
	CHECK(tw("events/kprobes/tt_e/enable", "1", 0) == 0);
	CHECK(tw("kprobe_events", "-:tt_e", 0) == -1 && errno == EBUSY);
	CHECK(tw("kprobe_events", "", 1) == -1 && errno == EBUSY);
	CHECK(tw("events/kprobes/tt_e/enable", "0", 0) == 0);
	f = open(TRACEFS "events/kprobes/tt_e/enable", O_WRONLY);
	CHECK(f >= 0 && tw("kprobe_events", "-:tt_e", 0) == 0);
	CHECK(write(f, "1", 1) == -1 && errno == ENODEV);	/* gone */
	close(f);
	CHECK(tw("trace_pipe", "x", 0) == -1 && errno == EINVAL);
	CHECK(tw("kprobe_events", "", 1) == 0);
	return 0;
}

static int root_only(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (tap_become(1000, 0))
			_exit(2);
		_exit(open(TRACEFS "kprobe_events", O_RDONLY) == -1 &&
		      errno == EACCES ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	return 0;
}

static int trace_pipe_waits_and_consumes(void)
{
	char buf[4096];
	int p[2], status, f;
	long in, all;
	pid_t reader;
	ssize_t n;

	CHECK(tw("kprobe_events", "p:tt_pipe do_sys_openat2", 0) == 0);
	CHECK(tw("trace", "", 1) == 0);
	f = open(TRACEFS "trace_pipe", O_RDONLY | O_NONBLOCK);
	CHECK(f >= 0 && read(f, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	CHECK(read(f, buf, 10) == -1 && errno == EAGAIN);
	close(f);
	CHECK(pipe(p) == 0);
	reader = fork();
	if (reader == 0) {		/* blocks until the event comes */
		f = open(TRACEFS "trace_pipe", O_RDONLY);
		n = read(f, buf, sizeof(buf) - 1);
		_exit(n > 0 && write(p[1], buf, (size_t)n) == n ? 0 : 1);
	}
	usleep(200000);
	CHECK(tw("events/kprobes/tt_pipe/enable", "1", 0) == 0);
	CHECK(waitpid(opener("tt_piper", "/etc/hostname", 1), NULL, 0) > 0);
	CHECK(tw("events/kprobes/tt_pipe/enable", "0", 0) == 0);
	CHECK(waitpid(reader, &status, 0) == reader && status == 0);
	n = read(p[0], buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n] = '\0';
	CHECK(strstr(buf, "tt_pipe: (do_sys_openat2+0x0/0x"));
	CHECK(entries(&in, &all) == 0 && all >= 1);
	f = open(TRACEFS "trace_pipe", O_RDONLY | O_NONBLOCK);
	while (read(f, buf, sizeof(buf)) > 0)
		;			/* consume the rest */
	close(f);
	CHECK(entries(&in, &all) == 0 && in == 0 && all >= 1);
	close(p[0]);
	close(p[1]);
	CHECK(tw("kprobe_events", "", 1) == 0);
	return 0;
}

static int tracing_on_and_overflow(void)
{
	long in, all, size;
	char *s;

	CHECK(tw("kprobe_events", "p:tt_many do_sys_openat2", 0) == 0);
	CHECK(tw("trace", "", 1) == 0 && tw("tracing_on", "0", 0) == 0);
	CHECK(tw("events/kprobes/tt_many/enable", "1", 0) == 0);
	CHECK(waitpid(opener("tt_off", "/etc/hostname", 10), NULL, 0) > 0);
	CHECK(entries(&in, &all) == 0 && in == 0 && all == 0);
	CHECK(tw("tracing_on", "1", 0) == 0);
	CHECK(waitpid(opener("tt_on", "/etc/hostname", 1100), NULL, 0) > 0);
	CHECK(tw("events/kprobes/tt_many/enable", "0", 0) == 0);
	CHECK(entries(&in, &all) == 0 && all >= 1100 && in < all && in >= 1000);
	s = tr("buffer_size_kb");
	CHECK(s && sscanf(s, "%ld", &size) == 1 && size > 0);
	free(s);
	CHECK(tw("tracing_on", "x", 0) == -1 && errno == EINVAL);
	CHECK(tw("kprobe_events", "", 1) == 0);
	return 0;
}

static int kretprobe_on_exit(void)
{
	long hits, missed;

	CHECK(tw("kprobe_events", "r:tt_exit do_exit\np:tt_exit_in do_exit code=%di", 0) == 0);
	CHECK(tw("events/kprobes/enable", "1", 0) == 0);
	for (int i = 0; i < 30; i++) {	/* never returns: flushed at free */
		pid_t pid = fork();

		if (pid == 0)
			_exit(i);
		CHECK(pid > 0 && waitpid(pid, NULL, 0) == pid);
	}
	CHECK(tw("events/kprobes/enable", "0", 0) == 0);
	CHECK(profile("tt_exit", &hits, &missed) == 0 && hits == 0 && missed == 0);
	CHECK(profile("tt_exit_in", &hits, &missed) == 0 && hits >= 30);
	CHECK(has("trace", "tt_exit_in: (do_exit+0x0/0x"));
	CHECK(tw("kprobe_events", "", 1) == 0);
	CHECK(tw("kprobe_events", "r:tt_exit do_exit", 0) == 0);	/* again */
	CHECK(tw("kprobe_events", "-:tt_exit", 0) == 0);
	return 0;
}

static volatile int stop;

static void *open_loop(void *arg __attribute__((unused)))
{
	while (!stop)
		close(open("/etc/hostname", O_RDONLY));
	return NULL;
}

static int switched_under_load(void)
{
	pthread_t th[3];

	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&th[i], NULL, open_loop, NULL) == 0);
	for (int i = 0; i < 25; i++) {
		CHECK(tw("kprobe_events", "p:tt_l1 do_sys_openat2 %si\nr:tt_l2 do_sys_openat2 $retval\n"
		      "r2:tt_l3 vfs_read", 0) == 0);
		CHECK(tw("events/enable", "1", 0) == 0);
		usleep(1000);
		CHECK(tw("events/kprobes/tt_l1/enable", "0", 0) == 0);
		CHECK(tw("events/enable", "0", 0) == 0);
		CHECK(tw("kprobe_events", "", 1) == 0);
	}
	stop = 1;
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(has("kprobe_events", "") && !has("kprobe_events", "tt_"));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tap_test tests[] = {
		{ "files", files },
		{ "define_list_remove", define_list_remove },
		{ "trace_an_open", trace_an_open },
		{ "fetch_memory", fetch_memory },
		{ "stacktrace_trigger", stacktrace_trigger },
		{ "errors", errors },
		{ "root_only", root_only },
		{ "trace_pipe_waits_and_consumes", trace_pipe_waits_and_consumes },
		{ "tracing_on_and_overflow", tracing_on_and_overflow },
		{ "kretprobe_on_exit", kretprobe_on_exit },
		{ "switched_under_load", switched_under_load },
	};

	return tap_run("tracetests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
