/*
 * A network namespace (Linux's include/net/net_namespace.h, cut down):
 * what one namespace has of its own. Taskbase's one interface, lo, is
 * in every namespace; its flags are per namespace, so a new namespace's
 * lo starts down, as on Linux, until a caller with CAP_NET_ADMIN there
 * sets IFF_UP (kernel/net/dev.c). Packet sockets (kernel/net/packet.c)
 * see only the frames sent in their own namespace. TCP, UDP and Unix
 * sockets do not look at the namespace yet.
 */
#ifndef KERNEL_NET_NET_NAMESPACE_H
#define KERNEL_NET_NET_NAMESPACE_H

#include "kernel/ns/nsproxy.h"
#include "lib/types.h"

struct net {
	struct ns_common ns;		/* first: to_net() */
	unsigned int lo_flags;		/* IFF_UP, ... of this lo (dev.c) */
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
/* Is @net's lo up (IFF_UP)? (kernel/net/dev.c) */
bool dev_lo_up(struct net *net);

#endif
