/*
 * user/lib/ulib.h: helpers shared by the Taskbase user programs.
 *
 * Interface: ulib_err() prints "prog: message" on stderr; ulib_parse_long()
 * parses a whole decimal number; ulib_sig_*() map signal numbers to the
 * names `kill` takes and the descriptions the shell prints ("Killed",
 * "Segmentation fault", ...); ulib_on_taskbase() guards the destructive
 * programs; ulib_open_console() gives pid 1 its fds 0, 1 and 2;
 * ulib_copy_file() copies a program for the tests that exec a copy;
 * ulib_find_program() searches PATH as execvp does.
 *
 * Every program is linked with the .c files of user/lib (user/build.mk).
 */
#ifndef USER_LIB_ULIB_H
#define USER_LIB_ULIB_H

/* Print "prog: <formatted message>\n" on stderr. */
void ulib_err(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parse all of s as a decimal long. Returns 0, or -1 if s is not a number. */
int ulib_parse_long(const char *s, long *out);

/* Signal number for "KILL", "SIGKILL", "kill" or "9"; -1 if unknown. */
int ulib_sig_from_name(const char *name);

/* Short name without "SIG" ("KILL"), or NULL for an unnamed signal. */
const char *ulib_sig_name(int sig);

/* What bash prints when a job dies of sig ("Segmentation fault"). */
const char *ulib_sig_desc(int sig);

/* 1 if uname(2) reports sysname "Taskbase", else 0. */
int ulib_on_taskbase(void);

/* Write @adj (-1000..1000) to /proc/self/oom_score_adj: the OOM
 * killer's preference for this process and the children it makes from
 * now on (-1000: never; 1000: first). 0, or -1 with errno set. */
int ulib_set_oom_score_adj(int adj);

/* Open /dev/console on each of fds 0, 1, 2 that is not open. */
void ulib_open_console(void);

/* Copy file @src to a new file @dst (any old one unlinked) with mode
 * @mode. Returns 0, or -1 with errno set. */
int ulib_copy_file(const char *src, const char *dst, unsigned int mode);

/* Write the string @s to the existing file @path in one write() (a
 * /proc or /sys file: uid_map, a sysctl). 0, or -1 with errno set. */
int ulib_write_file(const char *path, const char *s);

/* Where execvp would find program @cmd (a static buffer, or @cmd if it
 * has a '/'); NULL if it is nowhere on PATH or not executable. */
const char *ulib_find_program(const char *cmd);

/* Milliseconds on CLOCK_MONOTONIC (for deadlines and durations). */
long ulib_now_ms(void);

/* Sleep @ms milliseconds, resuming after signal handlers. */
void ulib_sleep_ms(long ms);

#endif
