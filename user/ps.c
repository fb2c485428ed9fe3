/*
 * ps: report processes and threads, in procps's formats, from /proc.
 *
 *   ps                  processes on this terminal: PID TTY TIME CMD
 *   ps -e | -A          every process          ps -f    full: UID PID PPID C STIME ...
 *   ps -ef              every process, full    ps aux   BSD: USER PID %CPU %MEM VSZ RSS ...
 *   ps -L | -LA | -eLf  one row per thread: PID is the process (tgid),
 *                       LWP the thread (its own pid, what gettid() returns)
 *   ps -T               threads with an SPID column
 *   ps -o pid,tid,stat,psr,comm     columns of your choice (ps -o help: list)
 *   ps -p PID[,PID...]  only those processes   ps -C NAME  only those commands
 *   ps --no-headers     no header line
 *
 * Kernel threads have no command line: their CMD/COMMAND is "[comm]".
 *
 * Linux interfaces: /proc (readdir for the pids), /proc/<pid>/stat,
 * /proc/<pid>/status (Uid, Tgid), /proc/<pid>/cmdline, /proc/<pid>/task/
 * <tid>/stat (threads), /proc/self/stat (our terminal), /proc/uptime,
 * /proc/meminfo (MemTotal, for %MEM); time() for STIME. Every field has
 * proc(5)'s meaning, so this ps works on Linux too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib.h"

#define MAX_COLS 32
#define MAX_PIDS 64
#define ARGS_MAX 1024

/* One output row: a process, or (with -L) one of its threads. */
struct row {
	struct procfs_stat st;		/* the thread's or the process's stat */
	int tgid, tid;			/* PID and LWP columns */
	long nlwp;
	unsigned int uid;
	const char *args;		/* the process's command line */
};

typedef void (*fmt_fn)(const struct row *r, char *buf, size_t size);

/* One -o column: procps's name, header, width and alignment. */
struct column {
	const char *name;
	const char *header;
	int width;
	int left;			/* left-aligned (text) column */
	fmt_fn fmt;
};

/* Facts every row needs: read once. */
static double uptime_s;
static time_t boot_time;
static unsigned long mem_total_kb;

/* ---- column formatters --------------------------------------------- */

static void f_pid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->tgid); }
static void f_tid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->tid); }
static void f_ppid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->st.ppid); }
static void f_pgid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->st.pgrp); }
static void f_sid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->st.session); }
static void f_psr(const struct row *r, char *b, size_t n) { snprintf(b, n, "%d", r->st.processor); }
static void f_nlwp(const struct row *r, char *b, size_t n) { snprintf(b, n, "%ld", r->nlwp); }
static void f_ni(const struct row *r, char *b, size_t n) { snprintf(b, n, "%ld", r->st.nice); }
static void f_pri(const struct row *r, char *b, size_t n) { snprintf(b, n, "%ld", 39 - r->st.priority); }
static void f_uid(const struct row *r, char *b, size_t n) { snprintf(b, n, "%u", r->uid); }
static void f_state(const struct row *r, char *b, size_t n) { snprintf(b, n, "%c", r->st.state); }
static void f_vsz(const struct row *r, char *b, size_t n) { snprintf(b, n, "%lu", r->st.vsize / 1024); }
static void f_rss(const struct row *r, char *b, size_t n) { snprintf(b, n, "%ld", r->st.rss * 4); }

static void f_user(const struct row *r, char *b, size_t n)
{
	struct passwd *pw = getpwuid(r->uid);

	if (pw)
		snprintf(b, n, "%s", pw->pw_name);
	else if (r->uid == 0)
		snprintf(b, n, "root");
	else
		snprintf(b, n, "%u", r->uid);
}

static void f_tty(const struct row *r, char *b, size_t n)
{
	procfs_tty_name(r->st.tty_nr, b, n);
}

/* procps's STAT: the state letter, then < N s l + flags. */
static void f_stat(const struct row *r, char *b, size_t n)
{
	size_t i = 0;

	b[i++] = r->st.state;
	if (r->st.nice < 0)
		b[i++] = '<';
	else if (r->st.nice > 0)
		b[i++] = 'N';
	if (r->st.session == r->tgid)
		b[i++] = 's';
	if (r->nlwp > 1)
		b[i++] = 'l';
	if (r->st.tpgid > 0 && r->st.pgrp == r->st.tpgid)
		b[i++] = '+';
	b[i < n ? i : n - 1] = '\0';
}

static void with_defunct(const struct row *r, char *b, size_t n)
{
	size_t len = strlen(b);

	if (r->st.state == 'Z')
		snprintf(b + len, n - len, " <defunct>");
}

static void f_comm(const struct row *r, char *b, size_t n)
{
	snprintf(b, n, "%s", r->st.comm);
	with_defunct(r, b, n);
}

/* The command line; a kernel thread (none) shows as [comm], as in procps. */
static void f_args(const struct row *r, char *b, size_t n)
{
	if (r->args[0])
		snprintf(b, n, "%s", r->args);
	else
		snprintf(b, n, "[%s]", r->st.comm);
	with_defunct(r, b, n);
}

static unsigned long cpu_seconds(const struct row *r)
{
	return (r->st.utime + r->st.stime) / PROCFS_HZ;
}

static double elapsed_seconds(const struct row *r)
{
	double e = uptime_s - (double)r->st.starttime / PROCFS_HZ;

	return e > 0 ? e : 0;
}

/* [DD-]HH:MM:SS */
static void f_time(const struct row *r, char *b, size_t n)
{
	unsigned long t = cpu_seconds(r);

	if (t >= 86400)
		snprintf(b, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24,
			 t / 60 % 60, t % 60);
	else
		snprintf(b, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

/* BSD's M:SS, for ps aux. */
static void f_bsdtime(const struct row *r, char *b, size_t n)
{
	unsigned long t = cpu_seconds(r);

	snprintf(b, n, "%3lu:%02lu", t / 60, t % 60);
}

/* [[DD-]hh:]mm:ss */
static void f_etime(const struct row *r, char *b, size_t n)
{
	unsigned long t = (unsigned long)elapsed_seconds(r);

	if (t >= 86400)
		snprintf(b, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24,
			 t / 60 % 60, t % 60);
	else if (t >= 3600)
		snprintf(b, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(b, n, "%02lu:%02lu", t / 60, t % 60);
}

static void f_etimes(const struct row *r, char *b, size_t n)
{
	snprintf(b, n, "%lu", (unsigned long)elapsed_seconds(r));
}

/* CPU use over the task's lifetime, in tenths of a percent. */
static unsigned long pcpu_permille(const struct row *r)
{
	double e = elapsed_seconds(r);
	unsigned long ticks = r->st.utime + r->st.stime;

	return e > 0 ? (unsigned long)(ticks * 1000.0 / PROCFS_HZ / e) : 0;
}

static void f_pcpu(const struct row *r, char *b, size_t n)
{
	unsigned long p = pcpu_permille(r);

	if (p > 999)
		snprintf(b, n, "%lu", p / 10);
	else
		snprintf(b, n, "%lu.%lu", p / 10, p % 10);
}

static void f_c(const struct row *r, char *b, size_t n)
{
	unsigned long p = pcpu_permille(r) / 10;

	snprintf(b, n, "%lu", p > 99 ? 99 : p);
}

static void f_pmem(const struct row *r, char *b, size_t n)
{
	unsigned long p = mem_total_kb ?
		(unsigned long)(r->st.rss * 4) * 1000 / mem_total_kb : 0;

	snprintf(b, n, "%lu.%lu", p / 10, p % 10);
}

/* Start time: HH:MM today, MonDD this year, else the year (procps). */
static void f_stime(const struct row *r, char *b, size_t n)
{
	time_t start = boot_time + (time_t)(r->st.starttime / PROCFS_HZ);
	time_t now = time(NULL);
	struct tm tm_start, tm_now;

	localtime_r(&start, &tm_start);
	localtime_r(&now, &tm_now);
	if (now - start < 86400 && tm_start.tm_yday == tm_now.tm_yday)
		strftime(b, n, "%H:%M", &tm_start);
	else if (tm_start.tm_year == tm_now.tm_year)
		strftime(b, n, "%b%d", &tm_start);
	else
		strftime(b, n, "%Y", &tm_start);
}

static const struct column columns[] = {
	{ "pid", "PID", 5, 0, f_pid },
	{ "tgid", "TGID", 5, 0, f_pid },
	{ "tid", "TID", 5, 0, f_tid },
	{ "lwp", "LWP", 5, 0, f_tid },
	{ "spid", "SPID", 5, 0, f_tid },
	{ "ppid", "PPID", 5, 0, f_ppid },
	{ "pgid", "PGID", 5, 0, f_pgid },
	{ "pgrp", "PGRP", 5, 0, f_pgid },
	{ "sid", "SID", 5, 0, f_sid },
	{ "sess", "SESS", 5, 0, f_sid },
	{ "stat", "STAT", 4, 1, f_stat },
	{ "state", "S", 1, 1, f_state },
	{ "s", "S", 1, 1, f_state },
	{ "psr", "PSR", 3, 0, f_psr },
	{ "cpuid", "CPUID", 5, 0, f_psr },
	{ "comm", "COMMAND", 15, 1, f_comm },
	{ "ucmd", "CMD", 15, 1, f_comm },
	{ "ucomm", "COMMAND", 15, 1, f_comm },
	{ "args", "COMMAND", 27, 1, f_args },
	{ "cmd", "CMD", 27, 1, f_args },
	{ "command", "COMMAND", 27, 1, f_args },
	{ "nlwp", "NLWP", 4, 0, f_nlwp },
	{ "thcount", "THCNT", 5, 0, f_nlwp },
	{ "vsz", "VSZ", 6, 0, f_vsz },
	{ "vsize", "VSZ", 6, 0, f_vsz },
	{ "rss", "RSS", 5, 0, f_rss },
	{ "rssize", "RSS", 5, 0, f_rss },
	{ "rsz", "RSZ", 5, 0, f_rss },
	{ "etime", "ELAPSED", 11, 0, f_etime },
	{ "etimes", "ELAPSED", 7, 0, f_etimes },
	{ "time", "TIME", 8, 0, f_time },
	{ "cputime", "TIME", 8, 0, f_time },
	{ "bsdtime", "TIME", 6, 0, f_bsdtime },
	{ "uid", "UID", 5, 0, f_uid },
	{ "user", "USER", 8, 1, f_user },
	{ "uname", "USER", 8, 1, f_user },
	{ "euser", "EUSER", 8, 1, f_user },
	{ "uid_hack", "UID", 8, 1, f_user },
	{ "tty", "TT", 8, 1, f_tty },
	{ "tt", "TT", 8, 1, f_tty },
	{ "tname", "TTY", 8, 1, f_tty },
	{ "pri", "PRI", 3, 0, f_pri },
	{ "ni", "NI", 3, 0, f_ni },
	{ "nice", "NI", 3, 0, f_ni },
	{ "%cpu", "%CPU", 4, 0, f_pcpu },
	{ "pcpu", "%CPU", 4, 0, f_pcpu },
	{ "%mem", "%MEM", 4, 0, f_pmem },
	{ "pmem", "%MEM", 4, 0, f_pmem },
	{ "c", "C", 2, 0, f_c },
	{ "stime", "STIME", 5, 0, f_stime },
	{ "start_time", "START", 5, 0, f_stime },
};

#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

/* ---- options ------------------------------------------------------- */

/* The chosen columns, with their headers (-o name=HEADER overrides). */
static struct column out_cols[MAX_COLS];
static int ncols;
static int opt_all, opt_threads, opt_full, opt_no_header, opt_custom;
static int opt_bsd_a, opt_bsd_x, opt_bsd_u;
static int sel_pids[MAX_PIDS], n_sel_pids;
static const char *sel_cmds[MAX_PIDS];
static int n_sel_cmds;

static void usage(void)
{
	fprintf(stderr,
		"Usage: ps [options]\n"
		"  -e, -A       every process            a, x     BSD: with / without a tty\n"
		"  -f           full format              u        BSD user format (ps aux)\n"
		"  -L           one row per thread (LWP) -T       threads, SPID column\n"
		"  -o LIST      columns, e.g. -o pid,tid,stat,psr,comm (-o help lists them)\n"
		"  -p PIDLIST   only these processes     -C NAMES only these commands\n"
		"  --no-headers no header line\n");
}

static int bad_usage(const char *fmt, const char *what)
{
	fputs("ps: ", stderr);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	usage();
	exit(1);
}

static const struct column *find_column(const char *name)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].name, name) == 0)
			return &columns[i];
	return NULL;
}

static void list_columns(void)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		printf("%-12s %s\n", columns[i].name, columns[i].header);
	exit(0);
}

/* Append the columns of a comma list ("pid,tid,comm", "pid=ID"). */
static void add_columns(const char *list)
{
	char buf[512], *p, *next;

	snprintf(buf, sizeof(buf), "%s", list);
	if (strcmp(buf, "help") == 0 || strcmp(buf, "L") == 0)
		list_columns();
	for (p = buf; p && *p; p = next) {
		char *eq, *header = NULL;
		const struct column *c;

		next = NULL;
		eq = strchr(p, '=');
		if (eq) {	/* the header runs to the end of the argument */
			*eq = '\0';
			header = eq + 1;
		} else if ((next = strpbrk(p, ", ")) != NULL) {
			*next++ = '\0';
		}
		if (*p == '\0')
			continue;
		c = find_column(p);
		if (c == NULL)
			bad_usage("unknown user-defined format specifier \"%s\"", p);
		if (ncols == MAX_COLS)
			bad_usage("too many columns: %s", p);
		out_cols[ncols] = *c;
		if (header) {
			out_cols[ncols].header = strdup(header);
			if ((int)strlen(header) > out_cols[ncols].width)
				out_cols[ncols].width = (int)strlen(header);
		}
		ncols++;
	}
	opt_custom = 1;
}

static void add_pids(const char *list)
{
	char buf[512], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (p = strtok_r(buf, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
		long pid;

		if (ulib_parse_long(p, &pid) < 0 || pid < 1 || pid > 0x3fffffff)
			bad_usage("process ID list syntax error: %s", p);
		if (n_sel_pids < MAX_PIDS)
			sel_pids[n_sel_pids++] = (int)pid;
	}
	if (n_sel_pids == 0)
		bad_usage("process ID list syntax error: %s", list);
}

static void add_cmds(const char *list)
{
	char *copy = strdup(list), *p, *save = NULL;

	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (n_sel_cmds < MAX_PIDS)
			sel_cmds[n_sel_cmds++] = p;
}

/* One "-xyz" cluster; returns how many argv entries it used. */
static int parse_unix(char **argv)
{
	const char *a = argv[0] + 1;

	for (; *a; a++) {
		const char *val;

		switch (*a) {
		case 'e': case 'A': opt_all = 1; continue;
		case 'f': opt_full = 1; continue;
		case 'L': opt_threads = 'L'; continue;
		case 'T': opt_threads = 'T'; continue;
		case 'o': case 'p': case 'C':
			break;
		default: {
			char opt[3] = { '-', *a, '\0' };

			bad_usage("unknown option %s", opt);
		}
		}
		val = a[1] ? a + 1 : argv[1];
		if (val == NULL) {
			char opt[3] = { '-', *a, '\0' };

			bad_usage("option %s needs an argument", opt);
		}
		if (*a == 'o')
			add_columns(val);
		else if (*a == 'p')
			add_pids(val);
		else
			add_cmds(val);
		return a[1] ? 1 : 2;
	}
	return 1;
}

/* BSD options without a dash: "aux", "ax", or a bare PID. */
static void parse_bsd(const char *arg)
{
	long pid;

	if (ulib_parse_long(arg, &pid) == 0) {
		add_pids(arg);
		return;
	}
	for (; *arg; arg++) {
		switch (*arg) {
		case 'a': opt_bsd_a = 1; break;
		case 'x': opt_bsd_x = 1; break;
		case 'u': opt_bsd_u = 1; break;
		case 'w': break;	/* wide: our lines are never cut */
		default: {
			char opt[2] = { *arg, '\0' };

			bad_usage("unknown BSD option %s", opt);
		}
		}
	}
}

static void parse_options(int argc, char **argv)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0) {
			usage();
			exit(0);
		} else if (strcmp(a, "--no-headers") == 0 || strcmp(a, "--no-heading") == 0) {
			opt_no_header = 1;
			i++;
		} else if (strncmp(a, "--pid=", 6) == 0) {
			add_pids(a + 6);
			i++;
		} else if (a[0] == '-' && a[1] != '\0' && a[1] != '-') {
			i += parse_unix(&argv[i]);
		} else if (a[0] != '-') {
			parse_bsd(a);
			i++;
		} else {
			bad_usage("unknown option %s", a);
		}
	}
}

/* The default columns for the options given, as procps picks them. */
static void choose_default_columns(void)
{
	const char *fmt;

	if (opt_custom)
		return;
	if (opt_bsd_u)
		fmt = "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args";
	else if (opt_full && opt_threads == 'L')
		fmt = "uid_hack,pid,ppid,lwp,c,nlwp,stime,tname,time,cmd";
	else if (opt_full && opt_threads == 'T')
		fmt = "uid_hack,pid,spid,ppid,c,stime,tname,time,cmd";
	else if (opt_full)
		fmt = "uid_hack,pid,ppid,c,stime,tname,time,cmd";
	else if (opt_threads == 'L')
		fmt = "pid,lwp,tname,time,ucmd";
	else if (opt_threads == 'T')
		fmt = "pid,spid,tname,time,ucmd";
	else if (opt_bsd_a || opt_bsd_x)
		fmt = "pid,tname,stat,bsdtime,args";
	else
		fmt = "pid,tname,time,ucmd";
	add_columns(fmt);
	if (opt_bsd_u || opt_bsd_a || opt_bsd_x) {
		/* BSD formats call the terminal and the command differently. */
		for (int i = 0; i < ncols; i++)
			if (out_cols[i].fmt == f_args)
				out_cols[i].header = "COMMAND";
	}
}

/* ---- reading and printing ------------------------------------------ */

static int our_tty;

/* Is process st (effective uid euid) one that the options select? */
static int selected(const struct procfs_stat *st, int pid, unsigned int euid)
{
	int i;

	if (n_sel_pids || n_sel_cmds) {
		for (i = 0; i < n_sel_pids; i++)
			if (sel_pids[i] == pid)
				return 1;
		for (i = 0; i < n_sel_cmds; i++)
			if (strcmp(sel_cmds[i], st->comm) == 0)
				return 1;
		return 0;
	}
	if (opt_all || (opt_bsd_a && opt_bsd_x))
		return 1;
	if (opt_bsd_a)
		return st->tty_nr != 0;
	if (opt_bsd_x)
		return euid == geteuid();	/* every process of ours */
	return st->tty_nr == our_tty;
}

static void print_cells(const char *const *cells)
{
	for (int i = 0; i < ncols; i++) {
		const struct column *c = &out_cols[i];
		int last = i == ncols - 1;

		if (i > 0)
			putchar(' ');
		if (c->left && last)
			fputs(cells[i], stdout);
		else if (c->left)
			printf("%-*s", c->width, cells[i]);
		else
			printf("%*s", c->width, cells[i]);
	}
	putchar('\n');
}

static void print_header(void)
{
	const char *cells[MAX_COLS];
	int any = 0;

	for (int i = 0; i < ncols; i++) {
		cells[i] = out_cols[i].header;
		any |= cells[i][0] != '\0';
	}
	if (any && !opt_no_header)
		print_cells(cells);
}

static void print_row(const struct row *r)
{
	static char text[MAX_COLS][ARGS_MAX + 32];
	const char *cells[MAX_COLS];

	for (int i = 0; i < ncols; i++) {
		out_cols[i].fmt(r, text[i], sizeof(text[i]));
		/* A text column that is not last is cut to its width. */
		if (out_cols[i].left && i < ncols - 1 && (int)strlen(text[i]) > out_cols[i].width)
			text[i][out_cols[i].width] = '\0';
		cells[i] = text[i];
	}
	print_cells(cells);
}

/* The rows of every thread of process r (ps -L / -T). */
static void print_threads(struct row *r)
{
	char path[64];
	int *tids, n;

	snprintf(path, sizeof(path), "/proc/%d/task", r->tgid);
	n = procfs_list(path, &tids);
	if (n <= 0) {		/* it just exited, or no task/ directory */
		print_row(r);
		return;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", r->tgid, tids[i]);
		if (procfs_stat(path, &r->st) < 0)
			continue;	/* the thread exited meanwhile */
		r->tid = tids[i];
		print_row(r);
	}
	free(tids);
}

/* Read process pid and print its row(s). Returns 1 if printed. */
static int show_process(int pid)
{
	static char args[ARGS_MAX];
	char path[64], value[64], *end = value;
	struct row r = { .tgid = pid, .tid = pid, .args = args };
	unsigned int euid = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (procfs_status_field(path, "Uid", value, sizeof(value)) == 0) {
		r.uid = (unsigned int)strtoul(value, &end, 10);
		euid = (unsigned int)strtoul(end, NULL, 10);
	}
	if (procfs_status_field(path, "Tgid", value, sizeof(value)) == 0 &&
	    atoi(value) != pid)
		return 0;	/* a thread's /proc/<tid>: shown with its process */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (procfs_stat(path, &r.st) < 0 || !selected(&r.st, pid, euid))
		return 0;
	r.nlwp = r.st.num_threads > 0 ? r.st.num_threads : 1;
	procfs_cmdline(pid, args, sizeof(args));
	if (opt_threads)
		print_threads(&r);
	else
		print_row(&r);
	return 1;
}

static void read_globals(void)
{
	struct procfs_stat self;
	char value[64];

	uptime_s = procfs_uptime();
	if (uptime_s < 0)
		uptime_s = 0;
	boot_time = time(NULL) - (time_t)uptime_s;
	if (procfs_status_field("/proc/meminfo", "MemTotal", value, sizeof(value)) == 0)
		mem_total_kb = strtoul(value, NULL, 10);
	if (procfs_stat("/proc/self/stat", &self) == 0)
		our_tty = self.tty_nr;
}

int main(int argc, char **argv)
{
	int *pids, n, shown = 0, status = 0;

	parse_options(argc, argv);
	choose_default_columns();
	n = procfs_list("/proc", &pids);
	if (n < 0) {
		ulib_err("ps", "cannot read /proc: %s", strerror(errno));
		return 1;
	}
	read_globals();
	print_header();
	for (int i = 0; i < n; i++)
		shown += show_process(pids[i]);
	fflush(stdout);
	for (int i = 0; i < n_sel_pids; i++)
		if (!procfs_pid_exists(sel_pids[i])) {
			ulib_err("ps", "no process with PID %d", sel_pids[i]);
			status = 1;
		}
	if (shown == 0)
		status = 1;
	free(pids);
	return status;
}
