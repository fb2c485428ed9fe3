/*
 * /proc/keys and /proc/key-users (Linux's security/keys/proc.c), in
 * Linux's format. /proc/keys lists the keys the reader may view (the
 * possessor's bits count for keys reached from its keyrings):
 *
 *   serial   flags   usage timeout perm     uid   gid   type      description
 *   1c2b3d4e I--Q---     2 perm 3f010000     0     0 user      mykey: 5
 *
 * flags: I instantiated (or negative), R revoked, D dead, Q charged to
 * the quota, U under construction, N negative, i invalidated. D and U
 * are always '-' here: Linux's dead key is one whose type was
 * unregistered (Taskbase's three types never are), and no key is ever
 * under construction (no request-key upcall). /proc/key-users has a
 * line per user owning keys: uid, usage, keys/instantiated, quota
 * keys/max, quota bytes/max.
 */
#include "kernel/keys/internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/task.h"
#include "kernel/time/time_kernel.h"
#include "lib/vsprintf.h"

/* The timeout column: perm, expd, or the time left in its unit. */
static void key_timeout_str(const struct key *key, char *buf, size_t size)
{
	u64 now = ktime_get_real_ns() / 1000000000ull, t;

	if (!key->expiry) {
		snprintf(buf, size, "perm");
		return;
	}
	if (now >= key->expiry) {
		snprintf(buf, size, "expd");
		return;
	}
	t = key->expiry - now;
	if (t < 60)
		snprintf(buf, size, "%lus", t);
	else if (t < 60 * 60)
		snprintf(buf, size, "%lum", t / 60);
	else if (t < 60 * 60 * 24)
		snprintf(buf, size, "%luh", t / 3600);
	else if (t < 60 * 60 * 24 * 7)
		snprintf(buf, size, "%lud", t / 86400);
	else
		snprintf(buf, size, "%luw", t / (86400 * 7));
}

static void key_describe(struct seq_buf *m, const struct key *key)
{
	bool positive = key->flags & KEY_FLAG_INSTANTIATED;

	seq_puts(m, key->description);
	if (positive && key->type == &key_type_keyring)
		seq_printf(m, key->nr_links ? ": %u" : ": empty", key->nr_links);
	else if (positive)
		seq_printf(m, ": %zu", key->datalen);
}

static void key_show(struct seq_buf *m, struct key *key)
{
	unsigned int f = key->flags;
	char timo[12];

	key_timeout_str(key, timo, sizeof(timo));
	seq_printf(m, "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s ",
		   key->serial,
		   f & (KEY_FLAG_INSTANTIATED | KEY_FLAG_NEGATIVE) ? 'I' : '-',
		   f & KEY_FLAG_REVOKED ? 'R' : '-',
		   '-',	/* D */
		   f & KEY_FLAG_IN_QUOTA ? 'Q' : '-',
		   '-',	/* U */
		   f & KEY_FLAG_NEGATIVE ? 'N' : '-',
		   f & KEY_FLAG_INVALIDATED ? 'i' : '-',
		   refcount_read(&key->usage), timo, key->perm,
		   (int)key->uid.val, (int)key->gid.val, key->type->name);
	key_describe(m, key);
	seq_putc(m, '\n');
}

int proc_keys_show(struct seq_buf *m, void *unused)
{
	struct key *key;

	mutex_lock(&key_mutex);
	list_for_each_entry(key, &key_serial_list, serial_node) {
		struct key_ref ref = { key, false };

		if (!refcount_read(&key->usage))
			continue;	/* waiting for the collector */
		ref.possessed = key_possessed(key);
		if (!key_permission(&ref, current->cred, KEY_NEED_VIEW))
			key_show(m, key);
	}
	mutex_unlock(&key_mutex);
	return 0;
}

int proc_key_users_show(struct seq_buf *m, void *unused)
{
	struct key_user *u;

	mutex_lock(&key_mutex);
	list_for_each_entry(u, &key_user_list, node) {
		seq_printf(m, "%5u: %5d %d/%d %u/%u %u/%u\n", u->uid.val,
			   refcount_read(&u->usage), u->nkeys, u->nikeys, u->qnkeys,
			   key_maxkeys(u->uid), u->qnbytes, key_maxbytes(u->uid));
	}
	mutex_unlock(&key_mutex);
	return 0;
}
