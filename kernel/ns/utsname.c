/*
 * UTS namespaces (Linux's kernel/utsname.c): the host and domain names
 * live in the uts_namespace current's nsproxy points at, so uname(2),
 * sethostname(2), setdomainname(2) and /proc/sys/kernel/hostname and
 * domainname all read and write the caller's own. A new namespace starts as a copy of its creator's.
 */
#include "kernel/mm/slab.h"
#include "kernel/ns/utsname.h"
#include "lib/errno.h"
#include "lib/string.h"

struct uts_namespace init_uts_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_UTS_INIT_INO,
		.type = CLONE_NEWUTS,
		.user_ns = &init_user_ns },
	.lock = __SPIN_LOCK_UNLOCKED(init_uts_ns.lock),
	.nodename = "taskbase",
	.domainname = "(none)",		/* Linux's default */
};

struct uts_namespace *copy_utsname(struct uts_namespace *old)
{
	struct uts_namespace *uts = kzalloc(sizeof(*uts), GFP_KERNEL);
	unsigned long flags;

	if (!uts)
		return NULL;
	ns_init(&uts->ns, CLONE_NEWUTS);
	spin_lock_init(&uts->lock, "uts_namespace.lock");
	flags = spin_lock_irqsave(&old->lock);
	memcpy(uts->nodename, old->nodename, sizeof(uts->nodename));
	memcpy(uts->domainname, old->domainname, sizeof(uts->domainname));
	spin_unlock_irqrestore(&old->lock, flags);
	return uts;
}

/* Copy current's name field @field (nodename or domainname) out. */
static void get_uts_field(size_t field, char *buf, size_t size)
{
	struct uts_namespace *uts = current_nsproxy()->uts_ns;
	unsigned long flags = spin_lock_irqsave(&uts->lock);

	strlcpy(buf, (char *)uts + field, size);
	spin_unlock_irqrestore(&uts->lock, flags);
}

static int set_uts_field(size_t field, const char *name, size_t len)
{
	struct uts_namespace *uts = current_nsproxy()->uts_ns;
	unsigned long flags;

	if (len > __NEW_UTS_LEN)
		return -EINVAL;
	flags = spin_lock_irqsave(&uts->lock);
	memcpy((char *)uts + field, name, len);
	((char *)uts + field)[len] = '\0';
	spin_unlock_irqrestore(&uts->lock, flags);
	return 0;
}

void get_hostname(char *buf, size_t size)
{
	get_uts_field(__builtin_offsetof(struct uts_namespace, nodename), buf, size);
}

int set_hostname(const char *name, size_t len)
{
	return set_uts_field(__builtin_offsetof(struct uts_namespace, nodename),
			     name, len);
}

void get_domainname(char *buf, size_t size)
{
	get_uts_field(__builtin_offsetof(struct uts_namespace, domainname), buf,
		      size);
}

int set_domainname(const char *name, size_t len)
{
	return set_uts_field(__builtin_offsetof(struct uts_namespace, domainname),
			     name, len);
}
