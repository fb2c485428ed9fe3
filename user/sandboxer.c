/*
 * sandboxer: run a command in a Landlock sandbox (docs/landlock.md), as
 * Linux's samples/landlock/sandboxer.c does:
 *
 *   LL_FS_RO=/bin:/etc LL_FS_RW=/tmp sandboxer CMD [ARG]...
 *
 * The command (and everything it starts) may read and execute beneath
 * the colon-separated LL_FS_RO paths, and also write, make, remove and
 * move files beneath the LL_FS_RW ones; every other file access is
 * refused (EACCES, or EXDEV for a move). One ruleset handling all of
 * ABI 2's rights, one rule per path, no_new_privs, restrict, exec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LANDLOCK_RULE_PATH_BENEATH 1
#define ACCESS_FS_EXECUTE (1ULL << 0)
#define ACCESS_FS_WRITE_FILE (1ULL << 1)
#define ACCESS_FS_READ_FILE (1ULL << 2)
#define ACCESS_FS_READ_DIR (1ULL << 3)
#define ACCESS_FS_REFER (1ULL << 13)
#define ACCESS_FILE (ACCESS_FS_EXECUTE | ACCESS_FS_WRITE_FILE | \
		     ACCESS_FS_READ_FILE)
#define ACCESS_FS_ROUGHLY_READ (ACCESS_FS_EXECUTE | ACCESS_FS_READ_FILE | \
				ACCESS_FS_READ_DIR)
#define ACCESS_FS_ALL ((ACCESS_FS_REFER << 1) - 1)	/* ABI 2 */

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* One rule granting @access beneath each path of the list @env names. */
static int add_rules(int ruleset, const char *env, uint64_t access)
{
	char *list = getenv(env), *path, *save = NULL;

	if (!list)
		return 0;
	list = strdup(list);
	for (path = strtok_r(list, ":", &save); path;
	     path = strtok_r(NULL, ":", &save)) {
		struct path_beneath_attr pb = { access, open(path, O_PATH | O_CLOEXEC) };
		struct stat st;

		if (pb.parent_fd < 0 || fstat(pb.parent_fd, &st)) {
			fprintf(stderr, "sandboxer: %s: %s\n", path, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode))
			pb.allowed_access &= ACCESS_FILE;
		if (syscall(445, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) {
			fprintf(stderr, "sandboxer: rule for %s: %s\n", path,
				strerror(errno));
			return -1;
		}
		close(pb.parent_fd);
	}
	free(list);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t handled = ACCESS_FS_ALL;
	int ruleset;

	if (argc < 2) {
		fprintf(stderr, "usage: LL_FS_RO=PATH:... LL_FS_RW=PATH:... "
			"sandboxer CMD [ARG]...\n");
		return 2;
	}
	ruleset = (int)syscall(444, &handled, sizeof(handled), 0);
	if (ruleset < 0) {
		perror("sandboxer: landlock_create_ruleset");
		return 1;
	}
	if (add_rules(ruleset, "LL_FS_RO", ACCESS_FS_ROUGHLY_READ) ||
	    add_rules(ruleset, "LL_FS_RW", ACCESS_FS_ALL))
		return 1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(446, ruleset, 0)) {
		perror("sandboxer: landlock_restrict_self");
		return 1;
	}
	close(ruleset);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "sandboxer: %s: %s\n", argv[1], strerror(errno));
	return 126;
}
