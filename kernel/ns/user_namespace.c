/*
 * User namespaces (Linux's kernel/user_namespace.c and the namespace
 * walk of security/commoncap.c's cap_capable(); man user_namespaces(7)).
 *
 * Anyone may make one (clone or unshare with CLONE_NEWUSER): the maker
 * gets every capability inside it, and none more outside. Its ids are
 * unmapped (seen as 65534) until a process writes /proc/<pid>/uid_map
 * and gid_map, once each, with Linux's rules: a one-line map of the
 * writer's own euid (egid, after "deny" in /proc/<pid>/setgroups) needs
 * no privilege; any other needs CAP_SETUID (CAP_SETGID) in the parent.
 * The maps hold global ids; the files show them as the reader's
 * namespace sees them.
 *
 * Taskbase's simplifications: at most 5 lines per map (Linux's inline
 * maps; its 340-line sorted maps are left out); the writer's own cred,
 * not the opener's, decides a write.
 */
#include "kernel/ns/user_namespace.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Every id of the initial namespace is the kernel's id, one to one. */
#define IDENTITY_MAP { .nr_extents = 1, .extent = { { 0, 0, 4294967295U } } }

/* Counted once for itself: never freed (free_user_ns() says so). */
struct user_namespace init_user_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_USER_INIT_INO,
		.type = CLONE_NEWUSER },
	.uid_map = IDENTITY_MAP,
	.gid_map = IDENTITY_MAP,
	.flags = USERNS_SETGROUPS_ALLOWED,
};
EXPORT_SYMBOL(init_user_ns);

u32 overflowuid = 65534;
u32 overflowgid = 65534;

/* Serialises the map writes and setgroups "deny" (Linux's
 * userns_state_mutex); readers see a map whole or not at all. */
static DEFINE_SPINLOCK(userns_state_lock);

/* ---- id translation ---- */

/* The lower (global) id of @id..@id+@count-1 in @map, all in one line,
 * or (u32)-1. */
static u32 map_id_range_down(const struct uid_gid_map *map, u32 id, u32 count)
{
	u32 n = READ_ONCE(map->nr_extents);

	smp_rmb();		/* the count, then the lines it covers */
	for (u32 i = 0; i < n; i++) {
		const struct uid_gid_extent *e = &map->extent[i];
		u32 off = id - e->first;

		if (id >= e->first && off < e->count && count <= e->count - off)
			return e->lower_first + off;
	}
	return (u32)-1;
}

/* The id of @map's namespace whose global id is @id, or (u32)-1. */
static u32 map_id_up(const struct uid_gid_map *map, u32 id)
{
	u32 n = READ_ONCE(map->nr_extents);

	smp_rmb();
	for (u32 i = 0; i < n; i++) {
		const struct uid_gid_extent *e = &map->extent[i];

		if (id >= e->lower_first && id - e->lower_first < e->count)
			return e->first + (id - e->lower_first);
	}
	return (u32)-1;
}

kuid_t make_kuid(struct user_namespace *ns, u32 uid)
{
	return KUIDT_INIT(map_id_range_down(&ns->uid_map, uid, 1));
}
EXPORT_SYMBOL(make_kuid);

kgid_t make_kgid(struct user_namespace *ns, u32 gid)
{
	return KGIDT_INIT(map_id_range_down(&ns->gid_map, gid, 1));
}
EXPORT_SYMBOL(make_kgid);

u32 from_kuid(struct user_namespace *ns, kuid_t kuid)
{
	return map_id_up(&ns->uid_map, kuid.val);
}
EXPORT_SYMBOL(from_kuid);

u32 from_kgid(struct user_namespace *ns, kgid_t kgid)
{
	return map_id_up(&ns->gid_map, kgid.val);
}
EXPORT_SYMBOL(from_kgid);

u32 from_kuid_munged(struct user_namespace *ns, kuid_t kuid)
{
	u32 uid = from_kuid(ns, kuid);

	return uid == (u32)-1 ? overflowuid : uid;
}
EXPORT_SYMBOL(from_kuid_munged);

u32 from_kgid_munged(struct user_namespace *ns, kgid_t kgid)
{
	u32 gid = from_kgid(ns, kgid);

	return gid == (u32)-1 ? overflowgid : gid;
}
EXPORT_SYMBOL(from_kgid_munged);

u32 task_from_kuid(struct task_struct *p, kuid_t kuid)
{
	const struct cred *c = get_task_cred(p);
	u32 uid = from_kuid_munged(c->user_ns, kuid);

	put_cred(c);
	return uid;
}

/* ---- capabilities relative to a namespace ---- */

struct user_namespace *current_user_ns(void)
{
	return current->cred->user_ns;
}
EXPORT_SYMBOL(current_user_ns);

bool in_userns(const struct user_namespace *ancestor,
	       const struct user_namespace *ns)
{
	for (; ns; ns = ns->parent)
		if (ns == ancestor)
			return true;
	return false;
}

bool cred_ns_capable(const struct cred *cred, struct user_namespace *ns, int cap)
{
	if (!cap_valid(cap))
		return false;
	for (;;) {
		if (ns == cred->user_ns)
			return cap_raised(cred->cap_effective, cap);
		/* Not below the cred's namespace: no privilege there. */
		if (ns->level <= cred->user_ns->level)
			return false;
		/* The maker of a child of its namespace owns it. */
		if (ns->parent == cred->user_ns && uid_eq(ns->owner, cred->euid))
			return true;
		ns = ns->parent;
	}
}

bool ns_capable(struct user_namespace *ns, int cap)
{
	return cred_ns_capable(current->cred, ns, cap);
}
EXPORT_SYMBOL(ns_capable);

/* ---- making, joining and freeing ---- */

/* @cred acts in @ns (whose reference it takes) with every capability
 * there (Linux's set_cred_user_ns()). */
static void set_cred_user_ns(struct cred *cred, struct user_namespace *ns)
{
	cred->securebits = 0;
	cap_clear(&cred->cap_inheritable);
	cap_clear(&cred->cap_ambient);
	cred->cap_permitted = CAP_FULL_SET;
	cred->cap_effective = CAP_FULL_SET;
	cred->cap_bset = CAP_FULL_SET;
	cred->user_ns = ns;
}

int create_user_ns(struct cred *new)
{
	struct user_namespace *parent = new->user_ns, *ns;

	if (parent->level > USERNS_MAX_LEVEL)
		return -ENOSPC;
	/* The maker must have ids the parent can name (man 7). */
	if (!kuid_has_mapping(parent, new->euid) ||
	    !kgid_has_mapping(parent, new->egid))
		return -EPERM;
	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	ns_init(&ns->ns, CLONE_NEWUSER);
	ns->parent = parent;		/* the cred's reference moves here */
	ns->level = parent->level + 1;
	ns->owner = new->euid;
	ns->group = new->egid;
	ns->flags = parent->flags;	/* "deny" is inherited */
	set_cred_user_ns(new, ns);	/* and the new one's to the cred */
	return 0;
}

int userns_install(struct cred *new, struct user_namespace *ns)
{
	/* Re-entering one's own namespace would regain capabilities. */
	if (ns == current->cred->user_ns)
		return -EINVAL;
	/* Threads share one namespace; so do tasks sharing a cwd. */
	if (current->signal->nr_threads > 1 ||
	    refcount_read(&current->fs->users) > 1)
		return -EINVAL;
	if (!ns_capable(ns, CAP_SYS_ADMIN))
		return -EPERM;
	put_user_ns(new->user_ns);
	set_cred_user_ns(new, get_user_ns(ns));
	return 0;
}

void free_user_ns(struct user_namespace *ns)
{
	struct user_namespace *parent = ns->parent;

	BUG_ON(ns == &init_user_ns);
	kfree(ns);
	put_user_ns(parent);
}

bool userns_may_setgroups(const struct user_namespace *ns)
{
	unsigned long irq = spin_lock_irqsave(&userns_state_lock);
	bool ok = ns->gid_map.nr_extents && (ns->flags & USERNS_SETGROUPS_ALLOWED);

	spin_unlock_irqrestore(&userns_state_lock, irq);
	return ok;
}

/* ---- /proc/<pid>/uid_map, gid_map, setgroups ---- */

/* @p's user namespace, referenced. */
static struct user_namespace *task_user_ns_get(struct task_struct *p)
{
	const struct cred *c = get_task_cred(p);
	struct user_namespace *ns = get_user_ns(c->user_ns);

	put_cred(c);
	return ns;
}

int proc_id_map_show(struct task_struct *p, struct seq_buf *m, bool gids)
{
	struct user_namespace *ns = task_user_ns_get(p);
	struct user_namespace *lower = current->cred->user_ns;
	const struct uid_gid_map *map = gids ? &ns->gid_map : &ns->uid_map;
	u32 n = READ_ONCE(map->nr_extents);

	smp_rmb();
	/* A process in @ns sees the ids of the parent, as its writer did. */
	if (lower == ns && ns->parent)
		lower = ns->parent;
	for (u32 i = 0; i < n; i++) {
		const struct uid_gid_extent *e = &map->extent[i];
		u32 id = gids ? from_kgid(lower, KGIDT_INIT(e->lower_first))
			      : from_kuid(lower, KUIDT_INIT(e->lower_first));

		seq_printf(m, "%10u %10u %10u\n", e->first, id, e->count);
	}
	put_user_ns(ns);
	return 0;
}

/* One unsigned decimal after blanks; false if there is none. */
static bool parse_u32(const char **pos, u32 *out)
{
	const char *s = *pos;
	u64 v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit(*s))
		return false;
	for (; isdigit(*s); s++) {
		v = v * 10 + (u64)(*s - '0');
		if (v > 0xffffffffULL)
			return false;
	}
	*out = (u32)v;
	*pos = s;
	return true;
}

/* Do @e's ids, upper or lower, meet a line already in @map? */
static bool mappings_overlap(const struct uid_gid_map *map,
			     const struct uid_gid_extent *e)
{
	for (u32 i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *o = &map->extent[i];

		if (e->first < o->first + o->count && o->first < e->first + e->count)
			return true;
		if (e->lower_first < o->lower_first + o->count &&
		    o->lower_first < e->lower_first + e->count)
			return true;
	}
	return false;
}

/* "first lower count" lines into @map: 0 or -EINVAL (Linux's checks:
 * no junk, no -1, no zero or wrapping count, no overlap, 5 lines). */
static int parse_map(const char *buf, struct uid_gid_map *map)
{
	const char *pos = buf;

	while (*pos) {
		struct uid_gid_extent e;

		if (!parse_u32(&pos, &e.first) || !parse_u32(&pos, &e.lower_first) ||
		    !parse_u32(&pos, &e.count))
			return -EINVAL;
		while (*pos == ' ' || *pos == '\t')
			pos++;
		if (*pos && *pos != '\n')
			return -EINVAL;
		if (*pos)
			pos++;
		if (e.first == (u32)-1 || e.lower_first == (u32)-1 ||
		    e.first + e.count <= e.first ||
		    e.lower_first + e.count <= e.lower_first)
			return -EINVAL;
		if (mappings_overlap(map, &e) ||
		    map->nr_extents == UID_GID_MAP_MAX_EXTENTS)
			return -EINVAL;
		map->extent[map->nr_extents++] = e;
	}
	return map->nr_extents ? 0 : -EINVAL;
}

/* Linux's new_idmap_permitted(): the maker may map its own euid (egid,
 * once setgroups is denied) alone; anything else needs CAP_SETUID
 * (CAP_SETGID) in the parent namespace. @map holds the parent's ids. */
static bool idmap_permitted(struct user_namespace *ns,
			    const struct uid_gid_map *map, bool gids)
{
	const struct cred *c = current->cred;

	if (map->nr_extents == 1 && map->extent[0].count == 1 &&
	    uid_eq(ns->owner, c->euid)) {
		u32 id = map->extent[0].lower_first;

		if (!gids && uid_eq(make_kuid(ns->parent, id), c->euid))
			return true;
		if (gids && !(ns->flags & USERNS_SETGROUPS_ALLOWED) &&
		    gid_eq(make_kgid(ns->parent, id), c->egid))
			return true;
	}
	return ns_capable(ns->parent, gids ? CAP_SETGID : CAP_SETUID);
}

/* The checks and parsing of map_write(), then the install. */
static int map_write(struct user_namespace *ns, const char *buf, bool gids)
{
	struct uid_gid_map new = { 0 };
	struct uid_gid_map *map = gids ? &ns->gid_map : &ns->uid_map;
	struct uid_gid_map *parent_map = gids ? &ns->parent->gid_map
					      : &ns->parent->uid_map;
	unsigned long irq;
	int err;

	if (READ_ONCE(map->nr_extents) || !ns_capable(ns, CAP_SYS_ADMIN))
		return -EPERM;		/* written once; by a privileged one */
	err = parse_map(buf, &new);
	if (err)
		return err;
	if (!idmap_permitted(ns, &new, gids))
		return -EPERM;
	/* The lower ids, as the parent names them, become global ids. */
	for (u32 i = 0; i < new.nr_extents; i++) {
		struct uid_gid_extent *e = &new.extent[i];

		e->lower_first = map_id_range_down(parent_map, e->lower_first, e->count);
		if (e->lower_first == (u32)-1)
			return -EPERM;
	}
	irq = spin_lock_irqsave(&userns_state_lock);
	err = map->nr_extents ? -EPERM : 0;
	if (!err) {
		memcpy(map->extent, new.extent, sizeof(new.extent));
		smp_wmb();	/* readers take the lines, then the count */
		WRITE_ONCE(map->nr_extents, new.nr_extents);
	}
	spin_unlock_irqrestore(&userns_state_lock, irq);
	return err;
}

int proc_id_map_write(struct task_struct *p, const char *buf, bool gids)
{
	struct user_namespace *ns = task_user_ns_get(p);
	struct user_namespace *mine = current->cred->user_ns;
	int err = -EPERM;

	/* Only from inside @ns or its parent (proc_uid_map_write()). */
	if (ns->parent && (mine == ns || mine == ns->parent))
		err = map_write(ns, buf, gids);
	put_user_ns(ns);
	return err;
}

int proc_setgroups_show(struct task_struct *p, struct seq_buf *m)
{
	struct user_namespace *ns = task_user_ns_get(p);

	seq_puts(m, (READ_ONCE(ns->flags) & USERNS_SETGROUPS_ALLOWED) ?
		 "allow\n" : "deny\n");
	put_user_ns(ns);
	return 0;
}

/* "allow" or "deny": deny only before gid_map is written, and for good. */
static int setgroups_set(struct user_namespace *ns, bool allow)
{
	unsigned long irq = spin_lock_irqsave(&userns_state_lock);
	int err = 0;

	if (allow && !(ns->flags & USERNS_SETGROUPS_ALLOWED))
		err = -EPERM;
	else if (!allow && ns->gid_map.nr_extents)
		err = -EPERM;
	else if (!allow)
		ns->flags &= ~USERNS_SETGROUPS_ALLOWED;
	spin_unlock_irqrestore(&userns_state_lock, irq);
	return err;
}

int proc_setgroups_write(struct task_struct *p, const char *buf)
{
	struct user_namespace *ns = task_user_ns_get(p);
	bool allow = !strncmp(buf, "allow", 5);
	const char *rest = buf + (allow ? 5 : 4);
	int err = 0;

	if (!allow && strncmp(buf, "deny", 4))
		err = -EINVAL;
	while (!err && (*rest == ' ' || *rest == '\t' || *rest == '\n'))
		rest++;
	if (!err && *rest)
		err = -EINVAL;
	/* Linux refuses the open for writing (EACCES) without this. */
	if (!err && !ns_capable(ns, CAP_SYS_ADMIN))
		err = -EACCES;
	if (!err)
		err = setgroups_set(ns, allow);
	put_user_ns(ns);
	return err;
}
