/*
 * Supplementary groups (Linux's kernel/groups.c): getgroups(2) and
 * setgroups(2). The list is kept sorted, as global gids
 * (groups_search() in kernel/cred.c bisects it), and read and written
 * through the caller's user namespace's gid map: an unmapped group reads
 * as the overflow gid, and writing one is EINVAL. In a user namespace
 * setgroups needs CAP_SETGID there, a written gid_map and no "deny" in
 * /proc/<pid>/setgroups (man user_namespaces(7)).
 */
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

/* getgroups(2): current's supplementary groups into @list (@size 0: just
 * count them); -EINVAL when they do not fit. */
long sys_getgroups(int size, u32 __user *list)
{
	const struct group_info *gi = current->cred->group_info;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return gi->ngroups;
	if (size < gi->ngroups)
		return -EINVAL;
	for (int i = 0; i < gi->ngroups; i++)
		if (put_user_u32(from_kgid_munged(current_user_ns(), gi->gid[i]),
				 list + i))
			return -EFAULT;
	return gi->ngroups;
}

/* Sort @gi's groups so groups_search() can bisect them (Shell's sort:
 * no recursion, fine for NGROUPS_MAX). */
static void groups_sort(struct group_info *gi)
{
	for (int gap = gi->ngroups / 2; gap > 0; gap /= 2)
		for (int i = gap; i < gi->ngroups; i++) {
			kgid_t g = gi->gid[i];
			int j = i;

			for (; j >= gap && gi->gid[j - gap].val > g.val; j -= gap)
				gi->gid[j] = gi->gid[j - gap];
			gi->gid[j] = g;
		}
}

/* @gi's gids as the caller wrote them, made global: 0 or -EINVAL. */
static int groups_from_user(struct group_info *gi)
{
	for (int i = 0; i < gi->ngroups; i++) {
		gi->gid[i] = make_kgid(current_user_ns(), gi->gid[i].val);
		if (!gid_valid(gi->gid[i]))
			return -EINVAL;
	}
	return 0;
}

/* Linux's may_setgroups(). */
static bool may_setgroups(void)
{
	struct user_namespace *ns = current_user_ns();

	return ns_capable(ns, CAP_SETGID) && userns_may_setgroups(ns);
}

/* setgroups(2): replace current's supplementary groups; privileged only. */
long sys_setgroups(int size, const u32 __user *list)
{
	struct group_info *gi;
	struct cred *new;
	int err;

	if (!may_setgroups())
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX)
		return -EINVAL;
	gi = kmalloc(sizeof(*gi) + size * sizeof(kgid_t), GFP_KERNEL);
	if (!gi)
		return -ENOMEM;
	refcount_set(&gi->usage, 1);
	gi->ngroups = size;
	err = copy_from_user(gi->gid, list, size * sizeof(kgid_t)) ? -EFAULT :
	      groups_from_user(gi);
	new = err ? NULL : prepare_creds();
	if (!new) {
		kfree(gi);
		return err ?: -ENOMEM;
	}
	groups_sort(gi);
	put_group_info(new->group_info);
	new->group_info = gi;
	return commit_creds(new);
}
