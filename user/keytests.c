/*
 * keytests: the key retention service (kernel/keys/; issue 17, what
 * LTP's add_key, keyctl and request_key tests check) as Linux 6.1
 * answers it, from user space: each call and its errno values, the
 * special keyrings across fork and exec, permissions, quotas, expiry,
 * /proc/keys and /proc/key-users.
 *
 *   keytests [NAME]...    run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c). Every test runs in a child of its own
 * that first joins a new session keyring, so the tests do not see each
 * other's keys. The calls are made with syscall(2) (musl has no key
 * wrappers); the same binary runs on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 20
#define BAD_PTR ((void *)8)
#define STUDENT 1000

#define KEY_SPEC_THREAD_KEYRING		-1
#define KEY_SPEC_PROCESS_KEYRING	-2
#define KEY_SPEC_SESSION_KEYRING	-3
#define KEY_SPEC_USER_KEYRING		-4
#define KEY_SPEC_USER_SESSION_KEYRING	-5
#define KEY_SPEC_GROUP_KEYRING		-6

#define KEYCTL_GET_KEYRING_ID		0
#define KEYCTL_JOIN_SESSION_KEYRING	1
#define KEYCTL_UPDATE			2
#define KEYCTL_REVOKE			3
#define KEYCTL_CHOWN			4
#define KEYCTL_SETPERM			5
#define KEYCTL_DESCRIBE			6
#define KEYCTL_CLEAR			7
#define KEYCTL_LINK			8
#define KEYCTL_UNLINK			9
#define KEYCTL_SEARCH			10
#define KEYCTL_READ			11
#define KEYCTL_INSTANTIATE		12
#define KEYCTL_SET_REQKEY_KEYRING	14
#define KEYCTL_SET_TIMEOUT		15
#define KEYCTL_INVALIDATE		21

#define KEY_REQKEY_DEFL_NO_CHANGE	-1
#define KEY_REQKEY_DEFL_THREAD_KEYRING	1
#define KEY_REQKEY_DEFL_SESSION_KEYRING	3
#define KEY_REQKEY_DEFL_GROUP_KEYRING	6

#define KEY_POS_ALL	0x3f000000
#define KEY_POS_WRITE	0x04000000
#define KEY_POS_VIEW_READ_SEARCH 0x0b000000

static long add_key(const char *type, const char *desc, const void *p,
		    size_t plen, int ring)
{
	return syscall(SYS_add_key, type, desc, p, plen, ring);
}

static long request_key(const char *type, const char *desc,
			const char *callout, int dest)
{
	return syscall(SYS_request_key, type, desc, callout, dest);
}

static long keyctl(int op, long a2, long a3, long a4, long a5)
{
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

/* Did the last call fail with @err? */
static int failed(long ret, int err)
{
	return ret == -1 && errno == err;
}

static long ring_id(int spec, int create)
{
	return keyctl(KEYCTL_GET_KEYRING_ID, spec, create, 0, 0);
}

/* A fresh session keyring for the test (its own keys only). */
static int new_session(void)
{
	CHECK(keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) > 0);
	return 0;
}

static int test_add_key_errors(void)
{
	static char big[32768];

	CHECK(new_session() == 0);
	EXPECT(failed(add_key(BAD_PTR, "d", "p", 1, KEY_SPEC_SESSION_KEYRING), EFAULT));
	EXPECT(failed(add_key("user", BAD_PTR, "p", 1, KEY_SPEC_SESSION_KEYRING), EFAULT));
	EXPECT(failed(add_key("user", "d", NULL, 64, KEY_SPEC_SESSION_KEYRING), EFAULT));
	EXPECT(failed(add_key(".user", "d", "p", 1, KEY_SPEC_SESSION_KEYRING), EPERM));
	EXPECT(failed(add_key("keyring", ".kr", NULL, 0, KEY_SPEC_SESSION_KEYRING), EPERM));
	EXPECT(failed(add_key("nosuchtype", "d", "p", 1, KEY_SPEC_SESSION_KEYRING), ENODEV));
	EXPECT(failed(add_key("", "d", "p", 1, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("user", "", "p", 1, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("user", "d", "p", 0, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(add_key("user", "d", big, 32767, KEY_SPEC_SESSION_KEYRING) > 0);
	EXPECT(failed(add_key("user", "d", big, 32768, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("user", "d", big, 1 << 20, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("keyring", "kr", "p", 1, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("logon", "nocolon", "p", 1, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("logon", ":x", "p", 1, KEY_SPEC_SESSION_KEYRING), EINVAL));
	EXPECT(failed(add_key("user", "d", "p", 1, 0), EINVAL));
	EXPECT(failed(add_key("user", "d", "p", 1, 0x7fffffff), ENOKEY));
	EXPECT(failed(add_key("user", "d", "p", 1, KEY_SPEC_GROUP_KEYRING), EINVAL));
	long k = add_key("user", "u", "p", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	EXPECT(failed(add_key("user", "d", "p", 1, k), ENOTDIR));
	return 0;
}

static int test_add_update_read(void)
{
	char buf[16] = "";
	long k, k2;

	CHECK(new_session() == 0);
	k = add_key("user", "mykey", "hello", 5, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	CHECK(keyctl(KEYCTL_READ, k, (long)buf, sizeof(buf), 0) == 5);
	CHECK(!memcmp(buf, "hello", 5));
	/* The same name again updates the key in place. */
	k2 = add_key("user", "mykey", "bye", 3, KEY_SPEC_SESSION_KEYRING);
	CHECK(k2 == k);
	CHECK(keyctl(KEYCTL_READ, k, (long)buf, sizeof(buf), 0) == 3);
	CHECK(keyctl(KEYCTL_UPDATE, k, (long)"abcdef", 6, 0) == 0);
	memset(buf, 0, sizeof(buf));
	/* A short buffer: the full size, and only the bytes that fit. */
	CHECK(keyctl(KEYCTL_READ, k, (long)buf, 2, 0) == 6);
	CHECK(!strcmp(buf, "ab"));
	CHECK(keyctl(KEYCTL_READ, k, 0, 0, 0) == 6);
	EXPECT(failed(keyctl(KEYCTL_READ, k, (long)BAD_PTR, 6, 0), EFAULT));
	EXPECT(failed(keyctl(KEYCTL_UPDATE, k, (long)BAD_PTR, 6, 0), EFAULT));
	EXPECT(failed(keyctl(KEYCTL_UPDATE, k, (long)buf, 0, 0), EINVAL));
	/* logon keys are never read back; keyrings are not updated. */
	k = add_key("logon", "svc:name", "secret", 6, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	EXPECT(failed(keyctl(KEYCTL_READ, k, (long)buf, sizeof(buf), 0), EOPNOTSUPP));
	k = add_key("keyring", "kr", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	EXPECT(failed(keyctl(KEYCTL_UPDATE, k, (long)"x", 1, 0), EOPNOTSUPP));
	EXPECT(failed(keyctl(KEYCTL_READ, 0x7fffffff, (long)buf, 4, 0), ENOKEY));
	return 0;
}

static int test_describe(void)
{
	char buf[64], exp[64];
	long k;

	CHECK(new_session() == 0);
	k = add_key("user", "desc1", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	snprintf(exp, sizeof(exp), "user;%d;%d;3f010000;desc1", getuid(), getgid());
	CHECK(keyctl(KEYCTL_DESCRIBE, k, (long)buf, sizeof(buf), 0) ==
	      (long)strlen(exp) + 1);
	CHECK(!strcmp(buf, exp));
	strcpy(buf, "untouched");
	CHECK(keyctl(KEYCTL_DESCRIBE, k, (long)buf, 4, 0) == (long)strlen(exp) + 1);
	CHECK(!strcmp(buf, "untouched"));
	k = add_key("logon", "a:b", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(keyctl(KEYCTL_DESCRIBE, k, (long)buf, sizeof(buf), 0) > 0);
	CHECK(!strncmp(buf, "logon;", 6) && strstr(buf, ";3d010000;a:b"));
	return 0;
}

/* In the child of an exec: no thread keyring, the same session one. */
static int exec_check(const char *session)
{
	return !(failed(ring_id(KEY_SPEC_THREAD_KEYRING, 0), ENOKEY) &&
		 failed(ring_id(KEY_SPEC_PROCESS_KEYRING, 0), ENOKEY) &&
		 ring_id(KEY_SPEC_SESSION_KEYRING, 0) == atol(session));
}

static int test_special_keyrings(void)
{
	long t, p, s, u, us;
	char arg[24];
	int st;
	pid_t pid;

	CHECK(new_session() == 0);
	EXPECT(failed(ring_id(KEY_SPEC_THREAD_KEYRING, 0), ENOKEY));
	EXPECT(failed(ring_id(KEY_SPEC_PROCESS_KEYRING, 0), ENOKEY));
	CHECK((t = ring_id(KEY_SPEC_THREAD_KEYRING, 1)) > 0);
	CHECK(ring_id(KEY_SPEC_THREAD_KEYRING, 0) == t);
	CHECK((p = ring_id(KEY_SPEC_PROCESS_KEYRING, 1)) > 0 && p != t);
	CHECK((s = ring_id(KEY_SPEC_SESSION_KEYRING, 0)) > 0);
	CHECK((u = ring_id(KEY_SPEC_USER_KEYRING, 0)) > 0);
	CHECK((us = ring_id(KEY_SPEC_USER_SESSION_KEYRING, 0)) > 0 && us != u);
	EXPECT(failed(ring_id(KEY_SPEC_GROUP_KEYRING, 1), EINVAL));
	EXPECT(failed(ring_id(0, 0), EINVAL));
	/* fork: the session keyring is shared; thread and process are not. */
	pid = fork();
	if (pid == 0)
		_exit(!(failed(ring_id(KEY_SPEC_THREAD_KEYRING, 0), ENOKEY) &&
			failed(ring_id(KEY_SPEC_PROCESS_KEYRING, 0), ENOKEY) &&
			ring_id(KEY_SPEC_SESSION_KEYRING, 0) == s));
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st));
	/* exec drops the thread and process keyrings. */
	snprintf(arg, sizeof(arg), "%ld", s);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "keytests", "exec-check", arg, (char *)0);
		_exit(2);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st));
	return 0;
}

/* Without a session keyring, the user session keyring stands in; a
 * user's keyrings are its uid's, never a keyring another user named
 * "_uid.N" (LTP add_key03). */
static int test_user_keyrings(void)
{
	long fake, fake_ses, us;

	CHECK((us = ring_id(KEY_SPEC_USER_SESSION_KEYRING, 0)) > 0);
	CHECK(ring_id(KEY_SPEC_SESSION_KEYRING, 0) == us);
	fake = add_key("keyring", "_uid.1001", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	fake_ses = add_key("keyring", "_uid_ses.1001", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	CHECK(fake > 0 && fake_ses > 0);
	/* Root may chown a uid's user keyrings away; the uid's quota record
	 * names them, so it must outlive its keys (it was a BUG_ON). */
	CHECK(setresuid(200000 + getpid() % 10000, 0, 0) == 0);	/* new uid */
	CHECK(keyctl(KEYCTL_CHOWN, KEY_SPEC_USER_KEYRING, 0, -1, 0) == 0);
	CHECK(keyctl(KEYCTL_CHOWN, KEY_SPEC_USER_SESSION_KEYRING, 0, -1, 0) == 0);
	CHECK(tap_become(1001, 0) == 0);
	CHECK(ring_id(KEY_SPEC_USER_KEYRING, 0) > 0);
	CHECK(ring_id(KEY_SPEC_USER_KEYRING, 0) != fake);
	CHECK(ring_id(KEY_SPEC_USER_SESSION_KEYRING, 0) != fake_ses);
	return 0;
}

/* A key revoked, invalidated, or past its expiry time. */
static int test_revoke_invalidate_expire(void)
{
	char buf[8];
	long k;

	CHECK(new_session() == 0);
	k = add_key("user", "r", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0 && keyctl(KEYCTL_REVOKE, k, 0, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_READ, k, (long)buf, sizeof(buf), 0), EKEYREVOKED));
	EXPECT(failed(keyctl(KEYCTL_REVOKE, k, 0, 0, 0), EKEYREVOKED));
	EXPECT(failed(request_key("user", "r", NULL, 0), EKEYREVOKED));
	/* add_key replaces a revoked key: a new serial. */
	long k2 = add_key("user", "r", "y", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k2 > 0 && k2 != k);
	CHECK(keyctl(KEYCTL_INVALIDATE, k2, 0, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_READ, k2, (long)buf, sizeof(buf), 0), ENOKEY));
	EXPECT(failed(request_key("user", "r", NULL, 0), ENOKEY));
	k = add_key("keyring", "exp", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0 && keyctl(KEYCTL_SET_TIMEOUT, k, 1, 0, 0) == 0);
	usleep(1100000);	/* the only wait: expiry is in whole seconds */
	EXPECT(failed(request_key("user", "d", NULL, k), EKEYEXPIRED));
	EXPECT(failed(keyctl(KEYCTL_READ, k, (long)buf, sizeof(buf), 0), EKEYEXPIRED));
	EXPECT(failed(keyctl(KEYCTL_REVOKE, 0x7fffffff, 0, 0, 0), ENOKEY));
	return 0;
}

static int test_permissions(void)
{
	long k;

	CHECK(new_session() == 0);
	k = add_key("user", "p", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	EXPECT(failed(keyctl(KEYCTL_SETPERM, k, 0x40000000, 0, 0), EINVAL));
	CHECK(keyctl(KEYCTL_SETPERM, k, KEY_POS_ALL & ~KEY_POS_WRITE, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_UPDATE, k, (long)"y", 1, 0), EACCES));
	CHECK(keyctl(KEYCTL_SETPERM, k, KEY_POS_ALL, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_UPDATE, k, (long)"y", 1, 0) == 0);
	/* Root gives it away; the new owner is charged for it. */
	CHECK(keyctl(KEYCTL_CHOWN, k, STUDENT, STUDENT, 0) == 0);
	char buf[64];
	CHECK(keyctl(KEYCTL_DESCRIBE, k, (long)buf, sizeof(buf), 0) > 0);
	CHECK(!strncmp(buf, "user;1000;1000;", 15));
	CHECK(keyctl(KEYCTL_CHOWN, k, 0, 0, 0) == 0);
	/* Another user: not the owner, and no setattr by "other" bits. */
	long k2 = add_key("user", "q", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k2 > 0);
	CHECK(keyctl(KEYCTL_SETPERM, k2, 0x0b0b0b0b, 0, 0) == 0);
	CHECK(tap_become(STUDENT, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_SETPERM, k2, KEY_POS_ALL, 0, 0), EACCES));
	EXPECT(failed(keyctl(KEYCTL_CHOWN, k2, STUDENT, -1, 0), EACCES));
	return 0;
}

static int test_keyring_ops(void)
{
	long ring, k, ids[4], r;

	CHECK(new_session() == 0);
	ring = add_key("keyring", "A", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	CHECK(ring > 0);
	k = add_key("user", "nested", "x", 1, ring);
	CHECK(k > 0);
	CHECK(keyctl(KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, (long)"user",
		     (long)"nested", 0) == k);
	EXPECT(failed(keyctl(KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, (long)"user",
			     (long)"none", 0), ENOKEY));
	EXPECT(failed(keyctl(KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, (long)"nosuch",
			     (long)"nested", 0), ENOKEY));
	EXPECT(failed(keyctl(KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, (long)BAD_PTR,
			     (long)"nested", 0), EFAULT));
	/* The search links what it finds into the destination. */
	CHECK(keyctl(KEYCTL_SEARCH, ring, (long)"user", (long)"nested",
		     KEY_SPEC_SESSION_KEYRING) == k);
	r = keyctl(KEYCTL_READ, KEY_SPEC_SESSION_KEYRING, (long)ids, sizeof(ids), 0);
	CHECK(r == 2 * sizeof(int));
	/* A destination that is no key, or one not writable, fails the
	 * search before it starts. */
	EXPECT(failed(keyctl(KEYCTL_SEARCH, ring, (long)"user", (long)"nested",
			     0x7fffffff), ENOKEY));
	CHECK(keyctl(KEYCTL_SETPERM, ring, KEY_POS_ALL & ~KEY_POS_WRITE, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_SEARCH, ring, (long)"user", (long)"nested",
			     ring), EACCES));
	CHECK(keyctl(KEYCTL_SETPERM, ring, KEY_POS_ALL, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_UNLINK, k, KEY_SPEC_SESSION_KEYRING, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_UNLINK, k, KEY_SPEC_SESSION_KEYRING, 0, 0), ENOENT));
	EXPECT(failed(keyctl(KEYCTL_LINK, ring, ring, 0, 0), EDEADLK));
	EXPECT(failed(keyctl(KEYCTL_LINK, KEY_SPEC_SESSION_KEYRING, ring, 0, 0), EDEADLK));
	EXPECT(failed(keyctl(KEYCTL_LINK, ring, k, 0, 0), ENOTDIR));
	CHECK(keyctl(KEYCTL_LINK, k, KEY_SPEC_SESSION_KEYRING, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_CLEAR, ring, 0, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_READ, ring, (long)ids, sizeof(ids), 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_CLEAR, k, 0, 0, 0), ENOTDIR));
	return 0;
}

static int test_request_key(void)
{
	long ring, k, neg, id;
	char buf[8];

	CHECK(new_session() == 0);
	ring = add_key("keyring", "ltp", NULL, 0, KEY_SPEC_THREAD_KEYRING);
	CHECK(ring > 0);
	CHECK(request_key("keyring", "ltp", NULL, 0) == ring);
	EXPECT(failed(request_key("user", "absent", NULL, 0), ENOKEY));
	EXPECT(failed(request_key(BAD_PTR, "d", NULL, 0), EFAULT));
	EXPECT(failed(request_key("user", BAD_PTR, NULL, 0), EFAULT));
	EXPECT(failed(request_key("user", "d", BAD_PTR, 0), EFAULT));
	EXPECT(failed(request_key(".user", "d", NULL, 0), EPERM));
	EXPECT(failed(request_key("dead", "d", "info", 0), ENOKEY));
	/* No /sbin/request-key: a negative key in the destination, ENOENT;
	 * asked again, the negative key answers ENOKEY. */
	k = request_key("user", "made", "info", KEY_SPEC_PROCESS_KEYRING);
	CHECK(failed(k, ENOENT));
	CHECK(keyctl(KEYCTL_READ, KEY_SPEC_PROCESS_KEYRING, (long)&neg,
		     sizeof(neg), 0) == sizeof(int));
	neg = (int)neg;
	EXPECT(failed(keyctl(KEYCTL_READ, neg, (long)buf, sizeof(buf), 0), ENOKEY));
	EXPECT(failed(request_key("user", "made", "info", 0), ENOKEY));
	/* add_key gives the negative key a payload. */
	id = add_key("user", "made", "x", 1, KEY_SPEC_PROCESS_KEYRING);
	CHECK(id == neg);
	CHECK(request_key("user", "made", NULL, 0) == neg);
	return 0;
}

/* request_key's default keyring without write permission: EACCES, and
 * nothing linked (LTP request_key04). */
static int test_reqkey_default(void)
{
	long t, ids[2];

	CHECK(new_session() == 0);
	CHECK((t = ring_id(KEY_SPEC_THREAD_KEYRING, 1)) > 0);
	CHECK(keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_THREAD_KEYRING, 0, 0, 0) == 0);
	CHECK(ring_id(KEY_SPEC_THREAD_KEYRING, 0) == t);	/* not a new one */
	CHECK(keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE, 0, 0, 0) ==
	      KEY_REQKEY_DEFL_THREAD_KEYRING);
	EXPECT(failed(keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_GROUP_KEYRING, 0, 0, 0), EINVAL));
	EXPECT(failed(keyctl(KEYCTL_SET_REQKEY_KEYRING, 99, 0, 0, 0), EINVAL));
	CHECK(keyctl(KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING, KEY_POS_VIEW_READ_SEARCH, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_SESSION_KEYRING, 0, 0, 0) == 1);
	EXPECT(failed(request_key("user", "desc", "info", 0), EACCES));
	CHECK(keyctl(KEYCTL_READ, KEY_SPEC_SESSION_KEYRING, (long)ids, sizeof(ids), 0) == 0);
	return 0;
}

static int test_join_session(void)
{
	long a, b, c;

	CHECK((a = keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0)) > 0);
	CHECK((b = keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0)) > 0 && b != a);
	CHECK(ring_id(KEY_SPEC_SESSION_KEYRING, 0) == b);
	/* A keyring is found by name only with the user's search
	 * permission (the defaults lack it): else a new one is made. */
	CHECK((c = add_key("keyring", "named", NULL, 0, KEY_SPEC_PROCESS_KEYRING)) > 0);
	CHECK(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"named", 0, 0, 0) != c);
	CHECK(keyctl(KEYCTL_SETPERM, c, KEY_POS_ALL | 0x000b0000, 0, 0) == 0);
	CHECK(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"named", 0, 0, 0) == c);
	/* The session keyring joined again: 0. */
	CHECK(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"named", 0, 0, 0) == 0);
	EXPECT(failed(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)".builtin_trusted_keys",
			     0, 0, 0), EPERM));
	EXPECT(failed(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)BAD_PTR, 0, 0, 0), EFAULT));
	EXPECT(failed(keyctl(KEYCTL_INSTANTIATE, 1, 0, 0, 0), EPERM));
	EXPECT(failed(keyctl(9999, 0, 0, 0, 0), EOPNOTSUPP));
	return 0;
}

/* Write @val into the file @path; 0 or -1 after tap_fail(). */
static int write_file(const char *path, const char *val)
{
	CHECK(procfs_write(path, val) == 0);
	return 0;
}

/* Joining a keyring by name when the new cred cannot be allocated fails
 * ENOMEM and leaves the session as it was. Only on the debug kernel,
 * whose failslab fails this process's allocation after the 4096 bytes
 * of the name's copy (key_string_from_user()): prepare_creds()'s. */
static int test_join_session_nomem(void)
{
	long ses, named;
	int fd;

	if (access("/proc/failslab", F_OK))
		return 0;
	CHECK(new_session() == 0);
	ses = ring_id(KEY_SPEC_SESSION_KEYRING, 0);
	named = add_key("keyring", "nomem", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	CHECK(ses > 0 && named > 0);
	CHECK(keyctl(KEYCTL_SETPERM, named, KEY_POS_ALL | 0x000b0000, 0, 0) == 0);
	CHECK(write_file("/proc/failslab/verbose", "0") == 0);
	CHECK(write_file("/proc/failslab/task-filter", "1") == 0);
	CHECK(write_file("/proc/failslab/interval", "1") == 0);
	CHECK(write_file("/proc/failslab/times", "1") == 0);
	CHECK(write_file("/proc/failslab/space", "4096") == 0);
	CHECK(write_file("/proc/failslab/probability", "100") == 0);
	fd = open("/proc/self/make-it-fail", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "1", 1) == 1);
	EXPECT(failed(keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"nomem", 0, 0, 0),
		      ENOMEM));
	CHECK(write(fd, "0", 1) == 1);
	close(fd);
	CHECK(write_file("/proc/failslab/probability", "0") == 0);
	CHECK(write_file("/proc/failslab/space", "0") == 0);
	CHECK(write_file("/proc/failslab/task-filter", "0") == 0);
	CHECK(write_file("/proc/failslab/verbose", "2") == 0);
	CHECK(ring_id(KEY_SPEC_SESSION_KEYRING, 0) == ses);
	return 0;
}

/* Write @val into /proc/sys/kernel/keys/@name. */
static int set_sysctl(const char *name, const char *val)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/sys/kernel/keys/%s", name);
	return write_file(path, val);
}

/* A user past maxkeys gets EDQUOT; /proc/key-users shows the count. */
static int test_quota(void)
{
	char line[256], want[32];
	FILE *f;
	int i, ok = 0;
	long r = 0;

	CHECK(set_sysctl("maxkeys", "5") == 0);
	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(new_session() == 0);
	for (i = 0; i < 10 && (r = add_key("user", (char[]){ 'a' + i, 0 }, "x", 1,
					    KEY_SPEC_SESSION_KEYRING)) > 0; i++)
		;
	EXPECT(failed(r, EDQUOT) && i >= 3 && i < 5);
	f = fopen("/proc/key-users", "r");
	CHECK(f);
	snprintf(want, sizeof(want), " %d: ", STUDENT);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want) && strstr(line, "5/5 "))
			ok = 1;
	fclose(f);
	EXPECT(ok);
	return 0;
}

static int test_proc_keys(void)
{
	char line[256], serial[32];
	FILE *f;
	long k;
	int ok = 0;

	CHECK(new_session() == 0);
	k = add_key("user", "shown", "12345", 5, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0 && keyctl(KEYCTL_SET_TIMEOUT, k, 120, 0, 0) == 0);
	snprintf(serial, sizeof(serial), "%08lx ", k);
	f = fopen("/proc/keys", "r");
	CHECK(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, serial, 9)) {
			ok = strstr(line, " I--Q--- ") && strstr(line, " 2m ") &&
			     strstr(line, " 3f010000 ") &&
			     strstr(line, " user      shown: 5\n");
			if (!ok)
				printf("# %s", line);
		}
	fclose(f);
	CHECK(ok);
	CHECK(access("/proc/sys/kernel/keys/root_maxkeys", R_OK) == 0);
	return 0;
}

/* A key with no references left is freed: its serial is gone. */
static int test_freed(void)
{
	long k;
	int i;

	CHECK(new_session() == 0);
	k = add_key("user", "gone", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0 && keyctl(KEYCTL_UNLINK, k, KEY_SPEC_SESSION_KEYRING, 0, 0) == 0);
	for (i = 0; i < 100 && !failed(keyctl(KEYCTL_DESCRIBE, k, 0, 0, 0), ENOKEY); i++)
		usleep(10000);	/* the collector runs in a kworker */
	CHECK(i < 100);
	return 0;
}

/* A user's quota record (struct key_user) goes with its last key, as
 * Linux's: a key handed through 1000 owners leaves none of their
 * records behind (it kept each, 64 bytes, for good). */
static int test_owners_freed(void)
{
	long k, before, after;
	int base = 100000 + (int)getpid() % 10000 * 1000;	/* new each run */

	CHECK(new_session() == 0);
	k = add_key("user", "passed-on", "x", 1, KEY_SPEC_SESSION_KEYRING);
	CHECK(k > 0);
	before = procfs_slab_objects("kmalloc-64");
	for (int uid = base; uid < base + 1000; uid++)
		CHECK(keyctl(KEYCTL_CHOWN, k, uid, -1, 0) == 0);
	CHECK(keyctl(KEYCTL_CHOWN, k, 0, -1, 0) == 0);
	after = procfs_slab_objects("kmalloc-64");
	CHECK(before > 0 && after > 0);
	EXPECT(after - before < 100);
	CHECK(keyctl(KEYCTL_UNLINK, k, KEY_SPEC_SESSION_KEYRING, 0, 0) == 0);
	return 0;
}

static const struct tap_test tests[] = {
	{ "add_key_errors", test_add_key_errors },
	{ "add_update_read", test_add_update_read },
	{ "describe", test_describe },
	{ "special_keyrings", test_special_keyrings },
	{ "user_keyrings", test_user_keyrings },
	{ "revoke_invalidate_expire", test_revoke_invalidate_expire },
	{ "permissions", test_permissions },
	{ "keyring_ops", test_keyring_ops },
	{ "request_key", test_request_key },
	{ "reqkey_default", test_reqkey_default },
	{ "join_session", test_join_session },
	{ "join_session_nomem", test_join_session_nomem },
	{ "quota", test_quota },
	{ "proc_keys", test_proc_keys },
	{ "freed", test_freed },
	{ "owners_freed", test_owners_freed },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	int ret;

	if (argc == 3 && !strcmp(argv[1], "exec-check"))
		return exec_check(argv[2]);
	ret = tap_run("keytests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
	if (getuid() == 0)
		set_sysctl("maxkeys", "200");	/* test_quota's change undone */
	return ret;
}
