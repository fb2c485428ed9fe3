/*
 * Keyrings (Linux's security/keys/keyring.c): a key whose payload is a
 * list of links to other keys, each link a reference. A keyring holds at
 * most one key of a given type and description: linking another replaces
 * it. Searches walk nested keyrings depth first, up to six deep, entering
 * only those the searcher may search, and report the most telling error
 * when nothing matches (why the last matching key failed: revoked,
 * expired, negative, not searchable; EAGAIN when none matched at all). Linux
 * keeps the links in an associative array; a plain array is enough here.
 */
#include "kernel/keys/internal.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KEYRING_MAX_LINKS 65536

static long keyring_read(struct key *keyring, char *buf, size_t buflen);
const struct key_type key_type_keyring = {
	.name = "keyring",
	.read = keyring_read,
};

struct key *keyring_alloc(const char *desc, kuid_t uid, kgid_t gid,
			  u32 perm, bool no_quota)
{
	struct key *k = key_alloc(&key_type_keyring, desc, uid, gid, perm,
				  no_quota);

	if (!IS_ERR(k))
		key_instantiate(k, NULL, 0, 0);
	return k;
}

/* The serials of the live keys linked, as many as fit in @buf; the size
 * the whole list needs. */
static long keyring_read(struct key *keyring, char *buf, size_t buflen)
{
	size_t size = keyring->nr_links * sizeof(key_serial_t);
	unsigned int i;

	for (i = 0; buf && i < keyring->nr_links; i++) {
		if ((i + 1) * sizeof(key_serial_t) > buflen)
			break;
		memcpy(buf + i * sizeof(key_serial_t),
		       &keyring->links[i]->serial, sizeof(key_serial_t));
	}
	return size;
}

static int keyring_index(struct key *keyring, const struct key *key)
{
	unsigned int i;

	for (i = 0; i < keyring->nr_links; i++)
		if (keyring->links[i] == key)
			return i;
	return -1;
}

struct key *keyring_find_direct(struct key *keyring,
				const struct key_type *type, const char *desc)
{
	unsigned int i;

	for (i = 0; i < keyring->nr_links; i++) {
		struct key *k = keyring->links[i];

		if (k->type == type && !strcmp(k->description, desc) &&
		    !(k->flags & KEY_FLAG_INVALIDATED))
			return k;
	}
	return NULL;
}

/* Would linking @key into @keyring make a cycle (or go too deep)? */
static bool keyring_would_cycle(struct key *keyring, struct key *key,
				int depth)
{
	unsigned int i;

	if (key == keyring)
		return true;
	if (key->type != &key_type_keyring)
		return false;
	if (depth >= KEYRING_SEARCH_MAX_DEPTH)
		return true;
	for (i = 0; i < key->nr_links; i++)
		if (keyring_would_cycle(keyring, key->links[i], depth + 1))
			return true;
	return false;
}

static int keyring_grow(struct key *keyring)
{
	unsigned int max = keyring->max_links ? keyring->max_links * 2 : 8;
	struct key **links;

	if (keyring->nr_links >= KEYRING_MAX_LINKS)
		return -ENFILE;
	links = kmalloc(max * sizeof(*links), GFP_KERNEL);
	if (!links)
		return -ENOMEM;
	if (keyring->nr_links)
		memcpy(links, keyring->links, keyring->nr_links * sizeof(*links));
	kfree(keyring->links);
	keyring->links = links;
	keyring->max_links = max;
	return 0;
}

int key_link(struct key *keyring, struct key *key)
{
	struct key *old;
	int err;

	if (keyring->type != &key_type_keyring)
		return -ENOTDIR;
	if (keyring->flags & KEY_FLAG_REVOKED)
		return -EKEYREVOKED;
	if (keyring_index(keyring, key) >= 0)
		return 0;
	if (keyring_would_cycle(keyring, key, 0))
		return -EDEADLK;
	old = keyring_find_direct(keyring, key->type, key->description);
	if (old) {
		keyring->links[keyring_index(keyring, old)] = key_get(key);
		key_put(old);
		return 0;
	}
	if (keyring->nr_links == keyring->max_links) {
		err = keyring_grow(keyring);
		if (err)
			return err;
	}
	keyring->links[keyring->nr_links++] = key_get(key);
	return 0;
}

int key_unlink(struct key *keyring, struct key *key)
{
	int i;

	if (keyring->type != &key_type_keyring)
		return -ENOTDIR;
	i = keyring_index(keyring, key);
	if (i < 0)
		return -ENOENT;
	keyring->links[i] = keyring->links[--keyring->nr_links];
	key_put(key);
	return 0;
}

void keyring_clear(struct key *keyring)
{
	while (keyring->nr_links)
		key_put(keyring->links[--keyring->nr_links]);
}

struct search_ctx {
	const struct cred *cred;
	const struct key_type *type;
	const char *desc;
	long err;		/* why the last match failed; -EAGAIN: none */
};

static struct key *search_tree(struct search_ctx *ctx, struct key *keyring,
			       bool possessed, int depth)
{
	struct key_ref ref = { keyring, possessed };
	unsigned int i;

	if (depth > KEYRING_SEARCH_MAX_DEPTH ||
	    key_permission(&ref, ctx->cred, KEY_NEED_SEARCH) || key_validate(keyring))
		return NULL;
	for (i = 0; i < keyring->nr_links; i++) {
		struct key *k = keyring->links[i];
		struct key_ref kr = { k, possessed };
		long state;

		if (k->type != ctx->type || strcmp(k->description, ctx->desc))
			continue;
		state = key_validate(k);	/* why this match cannot be used */
		if (!state && key_permission(&kr, ctx->cred, KEY_NEED_SEARCH))
			state = -EACCES;
		if (!state)
			return k;
		ctx->err = state;
	}
	for (i = 0; i < keyring->nr_links; i++) {
		struct key *found;

		if (keyring->links[i]->type != &key_type_keyring)
			continue;
		found = search_tree(ctx, keyring->links[i], possessed, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

struct key_ref keyring_search(const struct key_ref *ref,
			      const struct cred *cred,
			      const struct key_type *type, const char *desc)
{
	struct search_ctx ctx = { cred, type, desc, -EAGAIN };
	struct key *found;

	if (ref->key->type != &key_type_keyring)
		return (struct key_ref){ ERR_PTR(-ENOTDIR), false };
	found = search_tree(&ctx, ref->key, ref->possessed, 0);
	if (!found)
		return (struct key_ref){ ERR_PTR(ctx.err), false };
	return (struct key_ref){ key_get(found), ref->possessed };
}

bool keyring_reaches(struct key *keyring, const struct key *target,
		     const struct cred *cred, bool possessed, int depth)
{
	struct key_ref ref = { keyring, possessed };
	unsigned int i;

	/* Below the top, a key counts only if the searcher may search it. */
	if (depth && key_permission(&ref, cred, KEY_NEED_SEARCH))
		return false;
	if (keyring == target)
		return true;
	if (keyring->type != &key_type_keyring || depth >= KEYRING_SEARCH_MAX_DEPTH ||
	    (!depth && key_permission(&ref, cred, KEY_NEED_SEARCH)))
		return false;
	for (i = 0; i < keyring->nr_links; i++)
		if (keyring_reaches(keyring->links[i], target, cred, possessed,
				    depth + 1))
			return true;
	return false;
}
