/*
 * tsh: the Taskbase shell, the readable teaching shell (as xv6's sh.c is
 * for xv6). The login shell /bin/sh is BusyBox's ash (docs/userspace.md),
 * which adds what a shell needs beyond the process model: line editing,
 * history, if/for/while, functions, $(...); tsh keeps to what the course
 * is about: fork, exec, wait, pipes, redirections, process groups and
 * the terminal.
 *
 *   tsh                interactive: prompt "$ " ("# " for root), read a
 *                      line, run it
 *                      (no prompt when standard input is a pipe or file)
 *   tsh -c STRING      run STRING and exit with its status
 *   tsh FILE           run the lines of FILE
 *
 * A line is a list of pipelines separated by ';' or '&' (run in the
 * background); a pipeline is commands joined by '|'. Words may be quoted
 * with '...' (literal) or "..." (where \" \\ \$ and $NAME expand); '\'
 * escapes one character; $NAME, ${NAME}, $? (last status), $$ (the
 * shell's pid) and $! (the last background job's pid) expand;
 * '#' starts a comment. Redirections: <file, >file, >>file, N>file,
 * N>>file, N<file, N>&M. Builtins: cd, exit, pwd, ulimit, jobs, fg, bg,
 * wait, export, help. Everything else is a program found in $PATH (/bin).
 *
 * Job control, as in bash: every pipeline is a job in its own process
 * group; the foreground job gets the terminal (tcsetpgrp), so Ctrl-C and
 * Ctrl-Z reach it and never the shell, which ignores SIGINT, SIGQUIT and
 * SIGTSTP. A job killed by a signal is reported ("Segmentation fault").
 *
 * System calls: read, write, writev (stdio), fork (musl wraps it in
 * rt_sigprocmask; the child calls gettid), execve, wait4, pipe2, dup2,
 * fcntl (F_DUPFD_CLOEXEC, F_SETFD), open, close, fstat, setpgid, getpgid
 * (getpgrp), ioctl (TIOCSPGRP for tcsetpgrp; TIOCSCTTY as pid 1), setsid,
 * kill, rt_sigaction, chdir, getcwd, prlimit64 (ulimit), getpid,
 * nanosleep, exit_group.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define LINE_MAX_LEN 4096		/* longest input line, in bytes */
#define MAX_TOKENS (LINE_MAX_LEN + 2)	/* every token but the end uses a byte */
#define WORD_SPACE (64 * 1024)		/* expanded words of one pipeline */
#define MAX_JOBS 64

extern char **environ;

/* ---- lexer: a line becomes tokens; words keep their source text ------- */

enum tok_type { T_WORD, T_PIPE, T_SEMI, T_AMP, T_REDIR, T_END };
enum redir_mode { R_IN, R_OUT, R_APPEND, R_DUP };

struct token {
	enum tok_type type;
	int start, end;		/* the token is line[start..end) */
	int fd;			/* T_REDIR: the fd redirected */
	enum redir_mode mode;	/* T_REDIR: how */
};

static struct token toks[MAX_TOKENS];
static int last_status;		/* $? */
static pid_t last_background;	/* $! */
static int interactive;		/* reading commands from a terminal user */

/* Expanded words of the pipeline being started. */
static char words[WORD_SPACE];
static size_t words_used;

static int word_putc(char c)
{
	if (words_used == WORD_SPACE)
		return -1;
	words[words_used++] = c;
	return 0;
}

static int word_puts(const char *s)
{
	while (*s)
		if (word_putc(*s++) < 0)
			return -1;
	return 0;
}

/* Expand the $... at s[*p] into the word; advance *p past it. */
static int expand_dollar(const char *s, int *p)
{
	char name[128], num[16];
	int i = *p + 1, n = 0, braced = s[i] == '{';
	const char *val;

	if (s[i] == '?' || s[i] == '$' || s[i] == '!') {
		snprintf(num, sizeof(num), "%d", s[i] == '?' ? last_status :
			 s[i] == '!' ? (int)last_background : (int)getpid());
		*p = i + 1;
		return word_puts(num);
	}
	i += braced;
	while ((isalnum((unsigned char)s[i]) || s[i] == '_') && n < (int)sizeof(name) - 1)
		name[n++] = s[i++];
	name[n] = '\0';
	if (n == 0 || (braced && s[i] != '}')) {
		(*p)++;
		return word_putc('$');	/* a lone '$' is just a dollar sign */
	}
	*p = i + braced;
	val = getenv(name);
	return val ? word_puts(val) : 0;
}

/* Copy the "..." string at s[*p] into the word, expanding $ and \. */
static int expand_dquote(const char *s, int *p)
{
	int i = *p + 1, r = 0;

	while (r == 0 && s[i] && s[i] != '"') {
		if (s[i] == '\\' && s[i + 1] && strchr("\"\\$", s[i + 1])) {
			r = word_putc(s[i + 1]);
			i += 2;
		} else if (s[i] == '$') {
			r = expand_dollar(s, &i);
		} else {
			r = word_putc(s[i++]);
		}
	}
	if (s[i] != '"')
		return -2;
	*p = i + 1;
	return r;
}

/*
 * Expand the word starting at s[*p] (quotes removed, $ expanded) onto the
 * end of words[]; *p moves past it. Returns 0, -1 if words[] is full, -2
 * on an unterminated quote. *quoted tells whether the word had quotes
 * (so "" is an empty word, while an unquoted empty $X is no word).
 */
static int expand_word(const char *s, int *p, int *quoted)
{
	int i = *p, r = 0;

	*quoted = 0;
	while (r == 0 && s[i] && !strchr(" \t\n|;&<>", s[i])) {
		if (s[i] == '\'') {
			const char *close = strchr(s + i + 1, '\'');

			if (close == NULL)
				return -2;
			while (r == 0 && ++i < close - s)
				r = word_putc(s[i]);
			i++;
			*quoted = 1;
		} else if (s[i] == '"') {
			r = expand_dquote(s, &i);
			*quoted = 1;
		} else if (s[i] == '\\') {
			if (s[++i])
				r = word_putc(s[i++]);
		} else if (s[i] == '$') {
			r = expand_dollar(s, &i);
		} else {
			r = word_putc(s[i++]);
		}
	}
	*p = i;
	return r;
}

/* Lex a redirection operator at s[*p] (an fd digit may come first). */
static void lex_redir(const char *s, int *p, struct token *t)
{
	int i = *p;

	t->type = T_REDIR;
	t->fd = isdigit((unsigned char)s[i]) ? s[i++] - '0' : -1;
	if (s[i] == '<') {
		t->mode = R_IN;
		i++;
	} else if (s[i + 1] == '>') {
		t->mode = R_APPEND;
		i += 2;
	} else if (s[i + 1] == '&') {
		t->mode = R_DUP;
		i += 2;
	} else {
		t->mode = R_OUT;
		i++;
	}
	if (t->fd < 0)
		t->fd = t->mode == R_IN ? 0 : 1;
	*p = i;
}

/* Lex one token at s[*p] into t. Returns 0, or -1 after an error message. */
static int lex_token(const char *s, int *p, struct token *t)
{
	int i = *p, quoted, r;

	t->start = i;
	if (s[i] == '\0' || s[i] == '#') {
		t->type = T_END;
	} else if (s[i] == '|' || s[i] == ';' || s[i] == '\n' || s[i] == '&') {
		t->type = s[i] == '|' ? T_PIPE : s[i] == '&' ? T_AMP : T_SEMI;
		i++;
	} else if (s[i] == '<' || s[i] == '>' ||
		   (isdigit((unsigned char)s[i]) && (s[i + 1] == '<' || s[i + 1] == '>'))) {
		lex_redir(s, &i, t);
	} else {
		/* Expanded only to check the quotes; run_pipeline expands again. */
		t->type = T_WORD;
		words_used = 0;
		r = expand_word(s, &i, &quoted);
		if (r == -2) {
			ulib_err("tsh", "unexpected end of line: unterminated quote");
			return -1;
		}
		if (r == -1) {
			ulib_err("tsh", "line too long after expansion");
			return -1;
		}
	}
	t->end = i;
	*p = i;
	return 0;
}

/* Split line into toks[]; the last is T_END. Returns 0 or -1. */
static int lex(const char *line)
{
	int p = 0, n = 0;

	for (;;) {
		while (line[p] == ' ' || line[p] == '\t')
			p++;
		if (lex_token(line, &p, &toks[n]) < 0)
			return -1;
		if (toks[n].type == T_END)
			return 0;
		n++;
	}
}

/* ---- parser: tokens become pipelines of stages ------------------------- */

struct stage {
	int first, last;	/* its tokens: toks[first..last) */
};

struct pipeline {
	struct stage *stages;
	int nstages;
	int background;
	int start, end;		/* its text: line[start..end) */
};

static struct stage stages[MAX_TOKENS];
static struct pipeline pipelines[MAX_TOKENS];

static int syntax_error(const char *line, const struct token *t)
{
	if (t->type == T_END)
		ulib_err("tsh", "syntax error near unexpected token `newline'");
	else
		ulib_err("tsh", "syntax error near unexpected token `%.*s'",
			 t->end - t->start, line + t->start);
	last_status = 2;
	return -1;
}

/* Parse one stage starting at toks[*i]. Returns 0 or -1. */
static int parse_stage(const char *line, int *i, struct stage *st)
{
	int k = *i;

	st->first = k;
	while (toks[k].type == T_WORD || toks[k].type == T_REDIR) {
		if (toks[k].type == T_REDIR && toks[k + 1].type != T_WORD)
			return syntax_error(line, &toks[k + 1]);
		k += toks[k].type == T_REDIR ? 2 : 1;
	}
	if (k == st->first)
		return syntax_error(line, &toks[k]);
	st->last = k;
	*i = k;
	return 0;
}

/* Parse toks[] into pipelines[]. Returns how many, or -1. */
static int parse(const char *line)
{
	int i = 0, np = 0, ns = 0;

	while (toks[i].type != T_END) {
		struct pipeline *pl = &pipelines[np++];

		pl->stages = &stages[ns];
		pl->nstages = 0;
		pl->start = toks[i].start;
		for (;;) {
			if (parse_stage(line, &i, &stages[ns++]) < 0)
				return -1;
			pl->nstages++;
			if (toks[i].type != T_PIPE)
				break;
			i++;
		}
		pl->end = toks[i - 1].end;
		pl->background = toks[i].type == T_AMP;
		if (toks[i].type == T_SEMI || toks[i].type == T_AMP)
			i++;
	}
	return np;
}

/* ---- jobs ------------------------------------------------------------ */

enum proc_state { P_RUNNING, P_STOPPED, P_DONE };

struct proc {
	pid_t pid;
	enum proc_state state;
	int status;		/* wait status once P_DONE */
};

struct job {
	int id;			/* %1, %2, ...; 0 for a free slot */
	pid_t pgid;		/* 0 without job control */
	int nprocs;
	struct proc *procs;	/* one per pipeline stage */
	int background;
	char *text;		/* the command line, for messages */
};

static struct job jobs[MAX_JOBS];
static pid_t shell_pgid;

/* A free job slot with the next job number, or NULL. */
static struct job *job_new(const char *text, int nprocs, int background)
{
	struct job *free_slot = NULL;
	int i, max_id = 0;

	for (i = 0; i < MAX_JOBS; i++) {
		if (jobs[i].id > max_id)
			max_id = jobs[i].id;
		if (jobs[i].id == 0 && free_slot == NULL)
			free_slot = &jobs[i];
	}
	if (free_slot == NULL)
		return NULL;
	free_slot->procs = calloc((size_t)nprocs, sizeof(struct proc));
	free_slot->text = strdup(text);
	if (free_slot->procs == NULL || free_slot->text == NULL)
		return NULL;
	free_slot->id = max_id + 1;
	free_slot->pgid = 0;
	free_slot->nprocs = 0;
	free_slot->background = background;
	return free_slot;
}

static void job_free(struct job *j)
{
	free(j->procs);
	free(j->text);
	memset(j, 0, sizeof(*j));
}

/* RUNNING while a process runs; STOPPED if none runs but one is stopped. */
static enum proc_state job_state(const struct job *j)
{
	enum proc_state s = P_DONE;
	int i;

	for (i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == P_RUNNING)
			return P_RUNNING;
		if (j->procs[i].state == P_STOPPED)
			s = P_STOPPED;
	}
	return s;
}

/* Record the wait status of pid in its job (orphans are just reaped). */
static void job_note(pid_t pid, int status)
{
	int i, k;

	for (i = 0; i < MAX_JOBS; i++) {
		for (k = 0; jobs[i].id && k < jobs[i].nprocs; k++) {
			struct proc *p = &jobs[i].procs[k];

			if (p->pid != pid)
				continue;
			if (WIFSTOPPED(status)) {
				p->state = P_STOPPED;
			} else if (!WIFCONTINUED(status)) {
				p->state = P_DONE;
				p->status = status;
			}
			return;
		}
	}
}

/* Collect every child that changed state (flags: WNOHANG or 0). */
static void reap_children(int flags)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, flags | WUNTRACED)) > 0)
		job_note(pid, status);
}

/* '+' for the current job (the newest), '-' for the one before, else ' '. */
static char job_mark(const struct job *j)
{
	int i, newer = 0;

	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id > j->id)
			newer++;
	return newer == 0 ? '+' : newer == 1 ? '-' : ' ';
}

/* "Done", "Exit 3", "Segmentation fault", "Stopped" or "Running". */
static const char *job_state_text(const struct job *j, char *buf, size_t len)
{
	int status = j->procs[j->nprocs - 1].status;

	switch (job_state(j)) {
	case P_RUNNING:
		return "Running";
	case P_STOPPED:
		return "Stopped";
	default:
		if (WIFSIGNALED(status))
			return ulib_sig_desc(WTERMSIG(status));
		if (WEXITSTATUS(status) == 0)
			return "Done";
		snprintf(buf, len, "Exit %d", WEXITSTATUS(status));
		return buf;
	}
}

/* One bash-style job line: "[1]+  Done                    sleep 1". */
static void job_print(FILE *f, const struct job *j)
{
	char buf[32];
	const char *state = job_state_text(j, buf, sizeof(buf));

	fprintf(f, "[%d]%c  %-24s%s%s\n", j->id, job_mark(j), state, j->text,
		job_state(j) == P_RUNNING ? " &" : "");
}

/* Before a prompt: tell about background jobs that ended, and forget them. */
static void report_done_jobs(void)
{
	int i;

	for (i = 0; i < MAX_JOBS; i++) {
		if (jobs[i].id == 0 || job_state(&jobs[i]) != P_DONE)
			continue;
		if (interactive)
			job_print(stderr, &jobs[i]);
		job_free(&jobs[i]);
	}
}

/* The job named by arg ("%2", "2"), or the current job if arg is NULL. */
static struct job *job_find(const char *arg)
{
	long id = 0;
	int i;

	if (arg && ulib_parse_long(arg[0] == '%' ? arg + 1 : arg, &id) < 0)
		return NULL;
	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id && (arg ? jobs[i].id == id : job_mark(&jobs[i]) == '+'))
			return &jobs[i];
	return NULL;
}

/* ---- foreground jobs and the terminal ---------------------------------- */

/* Give the terminal (fd 0) to process group pgid. Errors are ignored:
 * the input may not be a terminal, or the kernel may not do job control. */
static void terminal_give(pid_t pgid)
{
	if (interactive && pgid > 0)
		tcsetpgrp(0, pgid);
}

/* Say how a foreground job died, as bash does, if a signal killed it:
 * "Segmentation fault (core dumped)" when the kernel wrote a core file. */
static void report_signal_death(const struct job *j)
{
	int sig = 0, core = 0, i;

	for (i = j->nprocs - 1; i >= 0 && sig == 0; i--)
		if (WIFSIGNALED(j->procs[i].status)) {
			sig = WTERMSIG(j->procs[i].status);
			core = WCOREDUMP(j->procs[i].status);
		}
	if (sig == 0 || sig == SIGPIPE)
		return;
	if (sig == SIGINT)
		fputc('\n', stderr);
	else
		fprintf(stderr, "%s%s\n", ulib_sig_desc(sig),
			core ? " (core dumped)" : "");
}

/* $? from a job's last process: its exit code, or 128 + signal. */
static int job_exit_code(const struct job *j)
{
	int status = j->procs[j->nprocs - 1].status;

	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Wait until the foreground job j ends or stops, then take the terminal back. */
static void job_wait_foreground(struct job *j)
{
	int status, i;
	pid_t pid;

	terminal_give(j->pgid);
	while (job_state(j) == P_RUNNING) {
		pid = waitpid(-1, &status, WUNTRACED);
		if (pid > 0)
			job_note(pid, status);
		else if (errno == ECHILD)	/* cannot happen; do not hang */
			for (i = 0; i < j->nprocs; i++)
				j->procs[i].state = P_DONE;
	}
	terminal_give(shell_pgid);
	if (job_state(j) == P_STOPPED) {
		j->background = 1;
		fputc('\n', stderr);
		job_print(stderr, j);
		last_status = 128 + SIGTSTP;
		return;
	}
	report_signal_death(j);
	last_status = job_exit_code(j);
	job_free(j);
}

/* ---- redirections and running one command ------------------------------ */

/* Apply redirection t in this process; w is its expanded target word. */
static int redirect(const struct token *t, const char *w)
{
	static const int flags[] = {
		[R_IN] = O_RDONLY,
		[R_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
		[R_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
	};
	long src;
	int fd;

	if (t->mode == R_DUP) {
		if (ulib_parse_long(w, &src) < 0 || dup2((int)src, t->fd) < 0) {
			ulib_err("tsh", "%s: bad file descriptor", w);
			return -1;
		}
		return 0;
	}
	fd = open(w, flags[t->mode], 0666);
	if (fd < 0) {
		ulib_err("tsh", "%s: %s", w, strerror(errno));
		return -1;
	}
	if (fd != t->fd) {
		dup2(fd, t->fd);
		close(fd);
	}
	return 0;
}

/* A stage with its words expanded: argv[] and its redirections. */
struct command {
	char **argv;
	int nredirs;
	const struct token **redir_tok;	/* the operators */
	const char **redir_word;	/* their expanded targets */
};

/* Space for the argv and redirections of one pipeline's commands. */
static char *argv_space[2 * MAX_TOKENS];
static const struct token *redir_tok_space[MAX_TOKENS];
static const char *redir_word_space[MAX_TOKENS];

/* Expand the words of stage st into c, using the spaces from index k0 on. */
static int command_build(const char *line, const struct stage *st,
			 struct command *c, int k0)
{
	int k, argc = 0, quoted;

	c->argv = &argv_space[k0 + st->first];
	c->redir_tok = &redir_tok_space[st->first];
	c->redir_word = &redir_word_space[st->first];
	c->nredirs = 0;
	for (k = st->first; k < st->last; k++) {
		const struct token *t = &toks[k];
		size_t start = words_used;
		int p = toks[k + (t->type == T_REDIR)].start;

		if (expand_word(line, &p, &quoted) < 0 || word_putc('\0') < 0) {
			ulib_err("tsh", "line too long after expansion");
			return -1;
		}
		if (t->type == T_REDIR) {
			c->redir_tok[c->nredirs] = t;
			c->redir_word[c->nredirs++] = &words[start];
			k++;
		} else if (quoted || words[start] != '\0') {
			c->argv[argc++] = &words[start];
		}
	}
	c->argv[argc] = NULL;
	return 0;
}

/* Run argv[0] from $PATH (or the path it names). Never returns. */
static void exec_command(char **argv)
{
	const char *path = getenv("PATH"), *dir;
	char file[PATH_MAX];
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, environ);
		err = errno;
	}
	for (dir = path ? path : "/bin"; !strchr(argv[0], '/') && dir; ) {
		const char *colon = strchr(dir, ':');
		int len = colon ? (int)(colon - dir) : (int)strlen(dir);

		snprintf(file, sizeof(file), "%.*s%s%s", len, dir, len ? "/" : "", argv[0]);
		execve(file, argv, environ);
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;
		dir = colon ? colon + 1 : NULL;
	}
	if (err == ENOENT && !strchr(argv[0], '/'))
		ulib_err("tsh", "%s: command not found", argv[0]);
	else
		ulib_err("tsh", "%s: %s", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

/* ---- builtins ---------------------------------------------------------- */

static int builtin_help(char **argv);

static int builtin_cd(char **argv)
{
	const char *dir = argv[1] ? argv[1] : getenv("HOME");
	char cwd[PATH_MAX];

	if (dir == NULL)
		dir = "/";
	if (chdir(dir) < 0) {
		ulib_err("tsh", "cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (getcwd(cwd, sizeof(cwd)))
		setenv("PWD", cwd, 1);
	return 0;
}

static int builtin_pwd(char **argv)
{
	char cwd[PATH_MAX];

	(void)argv;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		ulib_err("tsh", "pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int builtin_exit(char **argv)
{
	long code = last_status;

	if (argv[1] && ulib_parse_long(argv[1], &code) < 0) {
		ulib_err("tsh", "exit: %s: numeric argument required", argv[1]);
		code = 2;
	}
	if (getpid() == 1) {
		ulib_err("tsh", "exit: this shell is pid 1 (init) and must not exit; use poweroff");
		return 1;
	}
	fflush(stdout);
	exit((int)code & 0xff);
}

/* ulimit [-s] [KiB|unlimited]: show or set RLIMIT_STACK, in KiB. */
static int builtin_ulimit(char **argv)
{
	struct rlimit rl;
	const char *arg = argv[1];
	long kib;

	if (arg && strcmp(arg, "-s") == 0)
		arg = argv[2];
	if (getrlimit(RLIMIT_STACK, &rl) < 0 || (arg && arg[0] == '-')) {
		ulib_err("tsh", "ulimit: usage: ulimit [-s] [KiB|unlimited]");
		return 2;
	}
	if (arg == NULL) {
		if (rl.rlim_cur == RLIM_INFINITY)
			printf("unlimited\n");
		else
			printf("%llu\n", (unsigned long long)rl.rlim_cur / 1024);
		return 0;
	}
	if (strcmp(arg, "unlimited") == 0)
		rl.rlim_cur = RLIM_INFINITY;
	else if (ulib_parse_long(arg, &kib) == 0 && kib >= 0 && kib < LONG_MAX / 1024)
		rl.rlim_cur = (rlim_t)kib * 1024;
	else {
		ulib_err("tsh", "ulimit: %s: invalid number", arg);
		return 1;
	}
	if (rl.rlim_max != RLIM_INFINITY && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max))
		rl.rlim_max = rl.rlim_cur;
	if (setrlimit(RLIMIT_STACK, &rl) < 0) {
		ulib_err("tsh", "ulimit: stack size: cannot modify limit: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_jobs(char **argv)
{
	int i;

	(void)argv;
	reap_children(WNOHANG);
	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id)
			job_print(stdout, &jobs[i]);
	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id && job_state(&jobs[i]) == P_DONE)
			job_free(&jobs[i]);
	return 0;
}

/* Continue job j (SIGCONT to its process group), marking it running. */
static struct job *job_continue(char **argv, const char *who)
{
	struct job *j = job_find(argv[1]);
	int i;

	if (!interactive) {
		ulib_err("tsh", "%s: no job control", who);
		return NULL;
	}
	if (j == NULL || job_state(j) == P_DONE) {
		ulib_err("tsh", "%s: %s: no such job", who, argv[1] ? argv[1] : "current");
		return NULL;
	}
	for (i = 0; i < j->nprocs; i++)
		if (j->procs[i].state == P_STOPPED)
			j->procs[i].state = P_RUNNING;
	if (strcmp(who, "fg") == 0)
		terminal_give(j->pgid);	/* before it runs and reads the terminal */
	kill(-j->pgid, SIGCONT);
	return j;
}

static int builtin_fg(char **argv)
{
	struct job *j = job_continue(argv, "fg");

	if (j == NULL)
		return 1;
	printf("%s\n", j->text);
	fflush(stdout);
	j->background = 0;
	job_wait_foreground(j);
	return last_status;
}

static int builtin_bg(char **argv)
{
	struct job *j = job_continue(argv, "bg");

	if (j == NULL)
		return 1;
	printf("[%d]%c %s &\n", j->id, job_mark(j), j->text);
	return 0;
}

static volatile sig_atomic_t wait_interrupted;

static void on_sigint_in_wait(int sig)
{
	(void)sig;
	wait_interrupted = 1;
}

/* Is any job still running? */
static int jobs_running(void)
{
	int i;

	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id && job_state(&jobs[i]) == P_RUNNING)
			return 1;
	return 0;
}

/* wait: until every background job has ended; Ctrl-C interrupts it. */
static int builtin_wait(char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigint_in_wait }, old;
	int status;
	pid_t pid;

	(void)argv;
	wait_interrupted = 0;
	sigaction(SIGINT, &sa, &old);	/* no SA_RESTART: wait4 returns EINTR */
	while (!wait_interrupted && jobs_running()) {
		pid = waitpid(-1, &status, WUNTRACED);
		if (pid > 0)
			job_note(pid, status);
		else if (errno != EINTR)
			break;
	}
	sigaction(SIGINT, &old, NULL);
	return wait_interrupted ? 128 + SIGINT : 0;
}

/* A valid variable name is a letter or '_', then letters, digits, '_'. */
static int valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* export NAME=VALUE...: set environment variables the children inherit. */
static int builtin_export(char **argv)
{
	int status = 0, i;
	char **e;

	if (argv[1] == NULL)
		for (e = environ; *e; e++)
			printf("export %s\n", *e);
	for (i = 1; argv[i]; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

		if (!valid_name(argv[i], len)) {
			ulib_err("tsh", "export: `%s': not a valid identifier", argv[i]);
			status = 1;
		} else if (eq) {
			*eq = '\0';
			setenv(argv[i], eq + 1, 1);
			*eq = '=';
		}
	}
	return status;
}

struct builtin {
	const char *name;
	int (*fn)(char **argv);
	const char *usage;
};

static const struct builtin builtins[] = {
	{ "cd", builtin_cd, "cd [DIR]            change directory (default $HOME)" },
	{ "pwd", builtin_pwd, "pwd                 print the current directory" },
	{ "exit", builtin_exit, "exit [N]            leave the shell with status N" },
	{ "export", builtin_export, "export NAME=VALUE   set an environment variable" },
	{ "ulimit", builtin_ulimit, "ulimit -s [KiB]     show or set the stack size limit" },
	{ "jobs", builtin_jobs, "jobs                list background and stopped jobs" },
	{ "fg", builtin_fg, "fg [%N]             continue job N in the foreground" },
	{ "bg", builtin_bg, "bg [%N]             continue job N in the background" },
	{ "wait", builtin_wait, "wait                wait for all background jobs" },
	{ "help", builtin_help, "help                this text" },
};

#define NBUILTINS (int)(sizeof(builtins) / sizeof(builtins[0]))

static int builtin_help(char **argv)
{
	int i;

	(void)argv;
	printf("Taskbase sh. Syntax: cmd [args] [<in] [>out|>>out] [2>&1], "
	       "cmd | cmd, cmd ; cmd, cmd &\n"
	       "Quotes '...' and \"...\", $NAME, $? (last status), $$ (shell pid),\n"
	       "$! (last background pid).\n"
	       "Builtins:\n");
	for (i = 0; i < NBUILTINS; i++)
		printf("  %s\n", builtins[i].usage);
	printf("Other commands are programs in $PATH (ls /bin).\n");
	return 0;
}

static const struct builtin *builtin_find(const char *name)
{
	int i;

	for (i = 0; name && i < NBUILTINS; i++)
		if (strcmp(name, builtins[i].name) == 0)
			return &builtins[i];
	return NULL;
}

/*
 * Run a builtin inside the shell, with its redirections applied only for
 * its duration: the shell's own fds are saved above 10 and put back.
 */
static void run_builtin_here(const struct builtin *b, struct command *c)
{
	static int saved[MAX_TOKENS];
	int i, ok = 1;

	for (i = 0; i < c->nredirs && ok; i++) {
		saved[i] = fcntl(c->redir_tok[i]->fd, F_DUPFD_CLOEXEC, 10);
		ok = redirect(c->redir_tok[i], c->redir_word[i]) == 0;
	}
	last_status = ok ? b->fn(c->argv) : 1;
	fflush(stdout);
	while (--i >= 0) {
		if (saved[i] >= 0) {
			dup2(saved[i], c->redir_tok[i]->fd);
			close(saved[i]);
		} else {
			close(c->redir_tok[i]->fd);
		}
	}
}

/* ---- pipelines ---------------------------------------------------------- */

/* Put the signals the shell ignores back to their defaults for a child. */
static void signals_default(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
}

/*
 * In the child of a pipeline stage: join the job's process group (take
 * the terminal if it is a foreground job), connect the pipe ends in/out
 * to fds 0/1, apply the redirections, run the command. Never returns.
 */
static void child_run(struct command *c, int in, int out, pid_t pgid, int fg)
{
	const struct builtin *b = builtin_find(c->argv[0]);
	int i;

	if (interactive) {
		setpgid(0, pgid);
		if (fg)
			terminal_give(getpgrp());
	}
	signals_default();
	if (in >= 0) {
		dup2(in, 0);
		close(in);
	}
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	for (i = 0; i < c->nredirs; i++)
		if (redirect(c->redir_tok[i], c->redir_word[i]) < 0)
			_exit(1);
	if (c->argv[0] == NULL)
		_exit(0);
	if (b) {
		int status = b->fn(c->argv);

		fflush(stdout);
		_exit(status);
	}
	exec_command(c->argv);
}

/*
 * Expand every stage of pl into cmds[]. Stage i's tokens are
 * toks[first..last), so its argv (plus NULL) fits at argv_space[i + first].
 * Returns 0 or -1.
 */
static int pipeline_build(const char *line, const struct pipeline *pl,
			  struct command *cmds)
{
	int i;

	words_used = 0;
	for (i = 0; i < pl->nstages; i++)
		if (command_build(line, &pl->stages[i], &cmds[i], i) < 0)
			return -1;
	return 0;
}

/* Fork stage i of job j, reading from *in; leaves the next stage's input in *in. */
static int pipeline_fork_stage(struct job *j, struct command *c, int i, int last, int *in)
{
	int pfd[2] = { -1, -1 };
	pid_t pid;

	if (!last && pipe2(pfd, O_CLOEXEC) < 0) {
		ulib_err("tsh", "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (pfd[0] >= 0)
			close(pfd[0]);
		child_run(c, *in, pfd[1], j->pgid, !j->background);
	}
	if (*in >= 0)
		close(*in);
	if (pfd[1] >= 0)
		close(pfd[1]);
	*in = pfd[0];
	if (pid < 0) {
		ulib_err("tsh", "fork: %s", strerror(errno));
		return -1;
	}
	if (interactive) {
		if (j->pgid == 0)
			j->pgid = pid;
		setpgid(pid, j->pgid);	/* also done by the child: no race */
	}
	j->procs[i].pid = pid;
	j->procs[i].state = P_RUNNING;
	j->nprocs = i + 1;
	return 0;
}

/* Run one pipeline, in the foreground or (with &) in the background. */
static void run_pipeline(const char *line, const struct pipeline *pl)
{
	static struct command cmds[MAX_TOKENS];
	char text[LINE_MAX_LEN + 1];
	const struct builtin *b;
	struct job *j;
	int in = -1, i;

	if (pipeline_build(line, pl, cmds) < 0) {
		last_status = 1;
		return;
	}
	b = builtin_find(cmds[0].argv[0]);
	if (pl->nstages == 1 && !pl->background && b) {
		run_builtin_here(b, &cmds[0]);
		return;
	}
	snprintf(text, sizeof(text), "%.*s", pl->end - pl->start, line + pl->start);
	j = job_new(text, pl->nstages, pl->background);
	if (j == NULL) {
		ulib_err("tsh", "too many jobs");
		last_status = 1;
		return;
	}
	for (i = 0; i < pl->nstages; i++)
		if (pipeline_fork_stage(j, &cmds[i], i, i == pl->nstages - 1, &in) < 0)
			break;
	if (in >= 0)
		close(in);
	if (j->nprocs == 0) {
		job_free(j);
		last_status = 1;
	} else if (pl->background) {
		last_background = j->procs[j->nprocs - 1].pid;
		if (interactive)
			fprintf(stderr, "[%d] %d\n", j->id, (int)last_background);
		last_status = 0;
	} else {
		job_wait_foreground(j);
	}
}

/* Lex, parse and run one line of input. */
static void run_line(const char *line)
{
	int n, i;

	if (lex(line) < 0) {
		last_status = 2;
		return;
	}
	n = parse(line);
	for (i = 0; i < n; i++)
		run_pipeline(line, &pipelines[i]);
}

/* ---- input ---------------------------------------------------------------- */

/*
 * Read one line from fd, a byte at a time so no input meant for the
 * commands is consumed. "\n", "\r" and "\r\n" all end a line. Returns the
 * length, -1 at end of input, -2 if the line was too long (discarded).
 */
static int read_line(int fd, char *buf, int cap)
{
	static int after_cr;
	int n = 0, too_long = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (n == 0 && !too_long)
				return -1;
			break;
		}
		if (c == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\n' || c == '\r')
			break;
		if (n < cap - 1)
			buf[n++] = c;
		else
			too_long = 1;
	}
	buf[n] = '\0';
	return too_long ? -2 : n;
}

/* Run every line read from fd; prompt first when interactive. */
static void run_input(int fd)
{
	static char line[LINE_MAX_LEN + 1];
	int n;

	for (;;) {
		reap_children(WNOHANG);
		report_done_jobs();
		fflush(stdout);
		if (interactive)	/* root's "# ", after ESC [0m, as sh's */
			write(2, geteuid() ? "\033[0m$ " : "\033[0m# ", 6);
		n = read_line(fd, line, sizeof(line));
		reap_children(WNOHANG);		/* zombies that died meanwhile */
		if (n == -2) {
			ulib_err("tsh", "line too long");
			last_status = 2;
		} else if (n >= 0) {
			run_line(line);
		} else if (getpid() != 1) {
			if (interactive)
				write(2, "exit\n", 5);
			return;
		} else {
			ulib_err("tsh", "end of input, but pid 1 must not exit; use poweroff");
			sleep(1);
		}
	}
}

/*
 * Commands piped or redirected into sh (echo ls | sh) get no prompt and
 * no job control. Anything else, the console included, is taken as a
 * terminal: fstat works before the kernel has terminal ioctls (isatty
 * uses ioctl(TIOCGWINSZ)).
 */
static int input_is_terminal(void)
{
	struct stat st;

	if (getpid() == 1 || fstat(0, &st) < 0)
		return 1;
	return !S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode);
}

/* An interactive shell takes the terminal and ignores the job-control keys. */
static void setup_interactive(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
	size_t i;

	interactive = 1;
	if (getpid() == 1) {
		ulib_open_console();
		setsid();
		ioctl(0, TIOCSCTTY, 0);
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_IGN);
	setpgid(0, 0);
	shell_pgid = getpgrp();
	terminal_give(shell_pgid);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		if (strlen(argv[2]) > LINE_MAX_LEN) {
			ulib_err("tsh", "line too long");
			return 2;
		}
		run_line(argv[2]);
		return last_status;
	}
	if (argc > 1) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ulib_err("tsh", "%s: %s", argv[1], strerror(errno));
			return 127;
		}
		run_input(fd);
		return last_status;
	}
	if (input_is_terminal())
		setup_interactive();
	run_input(0);
	return last_status;
}
