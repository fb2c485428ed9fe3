/*
 * user/lib/tap.h: the one test runner of the user-space test programs
 * (usertests, abitests, credtests, shmtest, socktests, ptracetest), in
 * the spirit of Linux's kselftest.h.
 *
 * Interface: a program lists its tests as struct tap_test and hands them
 * to tap_run(), which runs the ones named on the command line (all when
 * none is), each in a forked child of its own, and prints TAP:
 *
 *   1..N
 *   ok 1 - name
 *   not ok 2 - name: reason
 *   # prog: P passed, F failed
 *
 * A test returns 0, or -1 after tap_fail() gave the reason: tests write
 * `return tap_fail(...)` or CHECK(cond); EXPECT(cond) reports a failed
 * condition and lets the test go on.
 */
#ifndef USER_LIB_TAP_H
#define USER_LIB_TAP_H

#include <errno.h>
#include <string.h>

/* One test: its name on the command line and in the TAP line. */
struct tap_test {
	const char *name;
	int (*fn)(void);
};

/* Why the running test failed (tap_fail() fills it in). */
extern char tap_reason[256];

/* Record why the test failed; returns -1 so tests can `return tap_fail()`. */
int tap_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fail the test with the line, the condition's text and errno unless
 * cond holds. */
#define CHECK(cond) do { if (!(cond)) return tap_fail("line %d: %s (errno %d: %s)", \
	__LINE__, #cond, errno, strerror(errno)); } while (0)

/* Like CHECK, but the test goes on (to show every broken check): print
 * "#   func:line: cond (errno N)" and fail the test when it returns. */
#define EXPECT(cond) do { if (!(cond)) tap_expect_failed(__func__, __LINE__, \
	#cond); } while (0)

/* EXPECT's report of a condition that did not hold. */
void tap_expect_failed(const char *func, int line, const char *cond);

/* In a test's child: become user @id (its group has the same number),
 * with supplementary group @extra too (0: none), as su does: groups,
 * gid, then uid. 0, or -1 after tap_fail(). */
int tap_become(unsigned int id, unsigned int extra);

/* In a test's child, as LTP's tst_setup_netns(): become user @id, then
 * make a user namespace where it is root (uid and gid 0 mapped to @id)
 * and a network namespace owned by it, whose lo starts down. 0, or -1
 * after tap_fail(). */
int tap_user_netns(unsigned int id);

/* Wait for child @pid: its exit status, or -1 when it did not exit (a
 * signal ended it, or it is not a child). */
int tap_wait_status(int pid);

/* Run the @n tests named in argv[1..] (every one without names), each in
 * a child in its own process group killed after @timeout seconds; print
 * TAP and "# @prog: P passed, F failed". Returns the exit status: 1 if
 * a test failed, else 0. */
int tap_run(const char *prog, const struct tap_test *tests, int n,
	    int timeout, int argc, char **argv);

/* tap_run() for the programs that test what root and the student may do:
 * unbuffered output, and exit status 2 unless run as root. */
int tap_run_as_root(const char *prog, const struct tap_test *tests, int n,
		    int timeout, int argc, char **argv);

#endif
