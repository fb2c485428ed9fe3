/*
 * Per-interface IPv4 settings (Linux's net/ipv4/devinet.c, its
 * ipv4_devconf part): the values /proc/sys/net/ipv4/conf/<all|default|
 * lo>/ shows (kernel/fs/proc/proc_sysctl_net.c). Each network namespace
 * has its own three sets. A new namespace copies the initial
 * namespace's "all" and "default" (Linux's default for IPv4,
 * net.core.devconf_inherit_init_net 0), and its lo starts from its
 * "default". Taskbase's lo routes nothing, so nothing reads them but
 * the programs that set them; writing all/forwarding sets it on every
 * interface, as Linux's inet_forward_change() does.
 */
#include "kernel/net/net_namespace.h"
#include "lib/bug.h"

/* Linux's compiled-in values (ipv4_devconf, ipv4_devconf_dflt). */
static void devconf_defaults(struct ipv4_devconf *c, bool dflt)
{
	*c = (struct ipv4_devconf){ { 0 } };
	c->data[DEVCONF_ACCEPT_REDIRECTS] = 1;
	c->data[DEVCONF_SEND_REDIRECTS] = 1;
	c->data[DEVCONF_SECURE_REDIRECTS] = 1;
	c->data[DEVCONF_SHARED_MEDIA] = 1;
	c->data[DEVCONF_IGMPV2_INTERVAL] = 10000;	/* ms */
	c->data[DEVCONF_IGMPV3_INTERVAL] = 1000;
	c->data[DEVCONF_ARP_EVICT_NOCARRIER] = 1;
	if (dflt)
		c->data[DEVCONF_ACCEPT_SOURCE_ROUTE] = 1;
}

/* lo's set: its namespace's "default", and no IPsec on loopback
 * (Linux's inetdev_init() for IFF_LOOPBACK). */
static void devconf_lo(struct net *net)
{
	net->devconf[DEVCONF_LO] = net->devconf[DEVCONF_DFLT];
	net->devconf[DEVCONF_LO].data[DEVCONF_NOXFRM] = 1;
	net->devconf[DEVCONF_LO].data[DEVCONF_NOPOLICY] = 1;
}

void devinet_init_net(struct net *net)
{
	if (net == &init_net) {
		devconf_defaults(&net->devconf[DEVCONF_ALL], false);
		devconf_defaults(&net->devconf[DEVCONF_DFLT], true);
	} else {
		for (int i = DEVCONF_ALL; i <= DEVCONF_DFLT; i++)
			for (int k = 0; k < IPV4_DEVCONF_MAX; k++)
				net->devconf[i].data[k] =
					READ_ONCE(init_net.devconf[i].data[k]);
	}
	devconf_lo(net);
}

int devinet_conf_get(struct net *net, int which, int idx)
{
	BUG_ON(which < 0 || which >= DEVCONF_NR || idx < 0 ||
	       idx >= IPV4_DEVCONF_MAX);
	return READ_ONCE(net->devconf[which].data[idx]);
}

void devinet_conf_set(struct net *net, int which, int idx, int v)
{
	BUG_ON(which < 0 || which >= DEVCONF_NR || idx < 0 ||
	       idx >= IPV4_DEVCONF_MAX);
	WRITE_ONCE(net->devconf[which].data[idx], v);
	if (which == DEVCONF_ALL && idx == DEVCONF_FORWARDING)
		for (int i = DEVCONF_DFLT; i < DEVCONF_NR; i++)
			WRITE_ONCE(net->devconf[i].data[idx], v);
}
