/*
 * A network namespace (Linux's include/net/net_namespace.h, cut down):
 * what one namespace has of its own. Taskbase's one interface, lo, is
 * in every namespace; its flags are per namespace, so a new namespace's
 * lo starts down, as on Linux, until a caller with CAP_NET_ADMIN there
 * sets IFF_UP (kernel/net/dev.c); so are its MTU (SIOCSIFMTU) and its
 * counters (/proc/net/dev). A socket belongs to the namespace it was
 * made in for good (sock_net()): raw IP sockets (kernel/net/raw.c) and
 * packet sockets (kernel/net/packet.c) see only the frames sent there,
 * TCP and UDP sockets only the ports bound there (af_inet.c), Unix
 * sockets only the abstract names bound there (paths are files, seen
 * from everywhere, as on Linux), and /proc/net lists the reader's.
 */
#ifndef KERNEL_NET_NET_NAMESPACE_H
#define KERNEL_NET_NET_NAMESPACE_H

#include "kernel/ns/nsproxy.h"
#include "lib/types.h"

/* Per-interface IPv4 settings (Linux's struct ipv4_devconf; devinet.c):
 * data[i] is file i of /proc/sys/net/ipv4/conf/<all|default|lo>/ (i:
 * Linux's IPV4_DEVCONF_* - 1; kernel/fs/proc/proc_sysctl_net.c). */
#define IPV4_DEVCONF_MAX 33
enum {
	DEVCONF_FORWARDING = 0, DEVCONF_ACCEPT_REDIRECTS = 3,
	DEVCONF_SECURE_REDIRECTS = 4, DEVCONF_SEND_REDIRECTS = 5,
	DEVCONF_SHARED_MEDIA = 6, DEVCONF_ACCEPT_SOURCE_ROUTE = 8,
	DEVCONF_NOXFRM = 14, DEVCONF_NOPOLICY = 15,
	DEVCONF_IGMPV2_INTERVAL = 26, DEVCONF_IGMPV3_INTERVAL = 27,
	DEVCONF_ARP_EVICT_NOCARRIER = 32,
};
enum { DEVCONF_ALL, DEVCONF_DFLT, DEVCONF_LO, DEVCONF_NR };
struct ipv4_devconf {
	int data[IPV4_DEVCONF_MAX];
};

struct net {
	struct ns_common ns;		/* first: to_net() */
	unsigned int lo_flags;		/* IFF_UP, ... of this lo (dev.c) */
	int lo_mtu;			/* its MTU (dev_set_mtu()) */
	u64 lo_packets, lo_bytes;	/* sent (and so received) on it:
					 * /proc/net/dev (dev_lo_count()) */
	struct ipv4_devconf devconf[DEVCONF_NR];	/* all, default, lo */
};

extern struct net init_net;

static inline struct net *to_net(struct ns_common *ns)
{
	return (struct net *)ns;
}

/* A new network namespace, lo down, referenced once; NULL when out of
 * memory (kernel/ns/nsproxy.c's unshare and clone). */
struct ns_common *net_ns_alloc(void);
/* Free @ns once its last reference went (put_ns()). */
void net_ns_free(struct ns_common *ns);
/* current's network namespace: current keeps it while it runs. */
struct net *current_net(void);
/* @net's lo and IPv4 settings at creation, the initial namespace's at
 * boot (sock_init()): lo up there, down in a new one, MTU 65536, and
 * devinet_init_net(). (kernel/net/dev.c) */
void dev_net_init(struct net *net);
/* @net's IPv4 settings at creation: Linux's defaults for the initial
 * namespace, else a copy of the initial one's all and default; lo's
 * from its default. (devinet.c) */
void devinet_init_net(struct net *net);
/* Setting @idx (< IPV4_DEVCONF_MAX) of set @which (DEVCONF_*) of @net;
 * setting all's forwarding sets every interface's. */
int devinet_conf_get(struct net *net, int which, int idx);
void devinet_conf_set(struct net *net, int which, int idx, int v);
/* Is @net's lo up (IFF_UP)? (kernel/net/dev.c) */
bool dev_lo_up(struct net *net);

#endif
