/*
 * The "user" and "logon" key types (Linux's security/keys/user_defined.c)
 * and the table of types add_key() and request_key() know. A user key's
 * payload is 1 to 32767 bytes of anything, readable with KEYCTL_READ and
 * replaced with KEYCTL_UPDATE or another add_key() of the same name. A
 * logon key is the same but never read back (its payload is for the
 * kernel alone) and its description must be "service:name".
 */
#include "kernel/keys/internal.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

#define USER_MAX_PAYLOAD 32767

/* Replace @key's payload with a copy of @data, charging its bytes. */
static int user_set_payload(struct key *key, const void *data, size_t len)
{
	void *p;
	int err;

	if (!data || !len || len > USER_MAX_PAYLOAD)
		return -EINVAL;
	p = kmalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	err = key_payload_reserve(key, len);
	if (err) {
		kfree(p);
		return err;
	}
	memcpy(p, data, len);
	kfree(key->payload);
	key->payload = p;
	return 0;
}

static long user_read(struct key *key, char *buf, size_t buflen)
{
	if (buf && key->payload)
		memcpy(buf, key->payload, buflen < key->datalen ? buflen :
								key->datalen);
	return key->datalen;
}

/* A revoked key's payload goes at once, as Linux's user_revoke(). */
static void user_revoke(struct key *key)
{
	key_payload_reserve(key, 0);
	kfree(key->payload);
	key->payload = NULL;
}

static void user_destroy(struct key *key)
{
	kfree(key->payload);
	key->payload = NULL;
}

/* "service:name": a colon, not first. */
static int logon_vet_description(const char *desc)
{
	const char *colon = strchr(desc, ':');

	return colon && colon != desc ? 0 : -EINVAL;
}

const struct key_type key_type_user = {
	.name = "user",
	.instantiate = user_set_payload,
	.update = user_set_payload,
	.read = user_read,
	.revoke = user_revoke,
	.destroy = user_destroy,
};

const struct key_type key_type_logon = {
	.name = "logon",
	.vet_description = logon_vet_description,
	.instantiate = user_set_payload,
	.update = user_set_payload,
	.revoke = user_revoke,
	.destroy = user_destroy,
};

static const struct key_type *const key_types[] = {
	&key_type_keyring, &key_type_user, &key_type_logon,
};

const struct key_type *key_type_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(key_types); i++)
		if (!strcmp(key_types[i]->name, name))
			return key_types[i];
	return NULL;
}
