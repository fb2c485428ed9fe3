/*
 * Host tests for lib/permission.c, mode_permission(): the owner, group
 * and others classes (only one counts), and root's overrides on files
 * and directories, as Linux's generic_permission() decides them.
 */
#include "tests/host/htest.h"
#include "lib/errno.h"
#include "lib/permission.h"

#define REG 0100000
#define DIR 0040000

static const struct perm_asker owner = { .uid = 1000 };
static const struct perm_asker member = { .uid = 1001, .in_group = true };
static const struct perm_asker other = { .uid = 1002 };
static const struct perm_asker root = { .uid = 0, .dac_override = true,
					.dac_read_search = true };

static int may(u32 mode, const struct perm_asker *who, int mask)
{
	return mode_permission(mode, 1000, who, mask);
}

static void test_classes(void)
{
	CHECK(may(REG | 0600, &owner, MAY_READ | MAY_WRITE) == 0,
	      "owner reads and writes a 0600 file");
	CHECK(may(REG | 0600, &member, MAY_READ) == -EACCES,
	      "group member may not read a 0600 file");
	CHECK(may(REG | 0600, &other, MAY_READ) == -EACCES,
	      "others may not read a 0600 file");
	CHECK(may(REG | 0640, &member, MAY_READ) == 0,
	      "group member reads a 0640 file");
	CHECK(may(REG | 0640, &member, MAY_WRITE) == -EACCES,
	      "group member may not write a 0640 file");
	CHECK(may(REG | 0644, &other, MAY_READ) == 0, "others read 0644");
	CHECK(may(REG | 0066, &owner, MAY_READ) == -EACCES,
	      "the owner's own bits count alone (0066: owner refused)");
	CHECK(may(REG | 0606, &member, MAY_READ) == -EACCES,
	      "the group's bits count alone for a member (0606)");
	CHECK(may(REG | 0755, &other, MAY_EXEC) == 0, "others run 0755");
	CHECK(may(REG | 0754, &other, MAY_EXEC) == -EACCES,
	      "others may not run 0754");
	CHECK(may(DIR | 0711, &other, MAY_EXEC) == 0,
	      "others search a 0711 directory");
	CHECK(may(DIR | 0711, &other, MAY_READ) == -EACCES,
	      "others may not list a 0711 directory");
	CHECK(may(DIR | 0755, &other, MAY_WRITE | MAY_EXEC) == -EACCES,
	      "others may not create in a 0755 directory");
	CHECK(may(REG | 0644, &other, MAY_READ | MAY_OPEN | MAY_ACCESS) == 0,
	      "MAY_OPEN and MAY_ACCESS do not count as bits");
}

static void test_root(void)
{
	CHECK(may(REG | 0000, &root, MAY_READ | MAY_WRITE) == 0,
	      "root reads and writes a 0000 file");
	CHECK(may(REG | 0644, &root, MAY_EXEC) == -EACCES,
	      "root may not run a file without any x bit");
	CHECK(may(REG | 0001, &root, MAY_EXEC) == 0,
	      "root runs a file with any x bit");
	CHECK(may(DIR | 0000, &root, MAY_READ | MAY_EXEC | MAY_WRITE) == 0,
	      "root lists, searches and writes a 0000 directory");
	struct perm_asker rs = { .uid = 5, .dac_read_search = true };

	CHECK(may(DIR | 0000, &rs, MAY_READ | MAY_EXEC) == 0,
	      "CAP_DAC_READ_SEARCH lists and searches a directory");
	CHECK(may(DIR | 0000, &rs, MAY_WRITE) == -EACCES,
	      "CAP_DAC_READ_SEARCH does not write one");
	CHECK(may(REG | 0000, &rs, MAY_READ) == 0,
	      "CAP_DAC_READ_SEARCH reads a file");
	CHECK(may(REG | 0000, &rs, MAY_WRITE) == -EACCES,
	      "CAP_DAC_READ_SEARCH does not write a file");
}

int main(void)
{
	test_classes();
	test_root();
	return htest_done();
}
