/*
 * The UTS namespace (Linux's include/linux/utsname.h): the host name
 * uname(2) reports and sethostname(2) sets, one per namespace, so a
 * process that unshares CLONE_NEWUTS may rename its machine without the
 * rest of the system seeing it. The other uname fields are constants.
 */
#ifndef KERNEL_NS_UTSNAME_H
#define KERNEL_NS_UTSNAME_H

#include "kernel/locking/spinlock.h"
#include "kernel/ns/nsproxy.h"
#include "kernel/version.h"
#include "lib/types.h"

struct uts_namespace {
	struct ns_common ns;		/* first: put_ns() frees the whole */
	spinlock_t lock;		/* nodename, domainname */
	char nodename[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];	/* NIS's: uname's last field */
};

extern struct uts_namespace init_uts_ns;

/* A new UTS namespace starting with @old's names, or NULL. */
struct uts_namespace *copy_utsname(struct uts_namespace *old);
/* current's host name (uname -n, /proc/sys/kernel/hostname) into @buf. */
void get_hostname(char *buf, size_t size);
/* Set current's host name to @len bytes of @name; -EINVAL past 64. */
int set_hostname(const char *name, size_t len);
/* The same for the domain name (uname's domainname, setdomainname(2),
 * /proc/sys/kernel/domainname); "(none)" until set, as Linux. */
void get_domainname(char *buf, size_t size);
int set_domainname(const char *name, size_t len);

#endif
