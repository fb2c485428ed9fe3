/*
 * fsnotify marks (Linux's fs/notify/mark.c): a group's interest in one
 * inode, with the events it wants in its mask. Linux hangs an inode's
 * marks off the inode itself; Taskbase keeps one list of every mark in
 * the system, as dnotify keeps its watches, so that an inode pays
 * nothing for them and an event with no marks anywhere costs one check
 * (fsnotify_have_marks()); a read asks for permission only while some
 * mark wants a permission event (fsnotify_have_perm_marks()). Each mark is also on its group's list, for
 * inotify_rm_watch() and the group's last close.
 *
 * A mark holds no reference to its inode: when the inode's last
 * reference goes, iput() calls fsnotify_inode_delete(), which takes its
 * marks down (inotify queues IN_IGNORED for each), so a mark never
 * points at a freed inode.
 */
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/mm/slab.h"

DEFINE_SPINLOCK(fsnotify_lock);
LIST_HEAD(fsnotify_marks);
static unsigned int perm_marks;	/* marks whose mask has FS_PERM_EVENTS */

bool fsnotify_have_marks(void)
{
	return !list_empty(&fsnotify_marks);
}

bool fsnotify_have_perm_marks(void)
{
	return READ_ONCE(perm_marks) != 0;
}

void fsnotify_set_mask_locked(struct fsnotify_mark *mark, u32 mask)
{
	if (mark->mask & FS_PERM_EVENTS)
		perm_marks--;
	if (mask & FS_PERM_EVENTS)
		perm_marks++;
	mark->mask = mask;
}

struct fsnotify_mark *fsnotify_find_mark(struct fsnotify_group *group,
					 struct inode *inode,
					 struct super_block *sb)
{
	struct fsnotify_mark *mark;

	list_for_each_entry(mark, &group->marks_list, g_list)
		if (inode ? mark->inode == inode : mark->sb == sb)
			return mark;
	return NULL;
}

struct fsnotify_mark *fsnotify_find_wd(struct fsnotify_group *group, int wd)
{
	struct fsnotify_mark *mark;

	list_for_each_entry(mark, &group->marks_list, g_list)
		if (mark->wd == wd)
			return mark;
	return NULL;
}

void fsnotify_add_mark_locked(struct fsnotify_mark *mark,
			      struct fsnotify_group *group,
			      struct inode *inode, struct super_block *sb)
{
	mark->group = group;
	mark->inode = inode;
	mark->sb = inode ? NULL : sb;
	list_add_tail(&mark->obj_list, &fsnotify_marks);
	list_add_tail(&mark->g_list, &group->marks_list);
	group->nr_marks++;
	if (mark->mask & FS_PERM_EVENTS)
		perm_marks++;
}

void fsnotify_destroy_mark_locked(struct fsnotify_mark *mark)
{
	list_del(&mark->obj_list);
	list_del(&mark->g_list);
	mark->group->nr_marks--;
	if (mark->mask & FS_PERM_EVENTS)
		perm_marks--;
	if (mark->group->ops->freeing_mark)
		mark->group->ops->freeing_mark(mark);
	kfree(mark);
}
