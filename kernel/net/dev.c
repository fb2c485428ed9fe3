/*
 * The one network interface, lo (Linux's net/core/dev_ioctl.c and
 * net-procfs.c, for the loopback device alone): what user space asks
 * about interfaces. Any socket answers the SIOCGIF* ioctls (glibc's
 * if_nametoindex() uses SIOCGIFINDEX on whatever socket it opened;
 * BusyBox's ifconfig uses SIOCGIFCONF and friends): lo is up and
 * running, index 1, 127.0.0.1/8, MTU 65536, no hardware address.
 * Each network namespace has its own lo flags and MTU
 * (net_namespace.h): a new namespace's lo is down until SIOCSIFFLAGS
 * sets IFF_UP; SIOCSIFMTU sets the MTU (dev_set_mtu()). Both take
 * CAP_NET_ADMIN in the user namespace owning the network namespace
 * (EPERM otherwise); packet and raw sockets cannot send on a lo that is
 * down (ENETDOWN), and raw sockets with IP_HDRINCL not past its MTU
 * (EMSGSIZE). Other changes (SIOCSIFADDR, ...) are not done: EPERM for
 * a user, EOPNOTSUPP for root. /proc/net/dev counts what went over the
 * reader's namespace's lo: every send on an IP socket is one packet,
 * received by this same interface.
 * Interfaces through netlink (`ip addr`) are not there: no
 * NETLINK_ROUTE.
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMTU 0x8921
#define SIOCSIFMTU 0x8922
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define SIOCGIFTXQLEN 0x8942
#define SIOC_FIRST 0x8910		/* the interface ioctls' range */
#define SIOC_LAST 0x896f
#define IFF_UP 0x1
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define LO_MTU 65536			/* a new lo's (Linux's 64 * 1024) */
/* What SIOCSIFFLAGS may change (Linux's dev_change_flags() keeps the
 * rest): IFF_DEBUG, IFF_NOTRAILERS, IFF_NOARP, IFF_PROMISC,
 * IFF_ALLMULTI, IFF_MULTICAST, IFF_PORTSEL, IFF_AUTOMEDIA, IFF_DYNAMIC
 * and IFF_UP; IFF_RUNNING follows IFF_UP (lo always has a carrier). */
#define IFF_CHANGEABLE (0x4 | 0x20 | 0x80 | 0x100 | 0x200 | 0x1000 | \
			0x2000 | 0x4000 | 0x8000 | IFF_UP)
#define ARPHRD_LOOPBACK 772
#define IFNAMSIZ 16

struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr addr;
		short flags;
		int ivalue;		/* index, MTU, queue length */
		char pad[24];
	};
};

struct ifconf {
	int ifc_len;			/* in: room; out: bytes written */
	int pad;
	struct ifreq __user *ifc_req;	/* NULL: just say the length */
};

struct ns_common *net_ns_alloc(void)
{
	struct net *net = kzalloc(sizeof(*net), GFP_KERNEL);

	if (!net)
		return NULL;
	ns_init(&net->ns, CLONE_NEWNET);
	dev_net_init(net);
	return &net->ns;
}

void dev_net_init(struct net *net)
{
	/* the machine's lo is up; a new namespace's down, as Linux's */
	net->lo_flags = net == &init_net ? IFF_UP | IFF_LOOPBACK | IFF_RUNNING :
			IFF_LOOPBACK;
	net->lo_mtu = LO_MTU;
	devinet_init_net(net);
}

void net_ns_free(struct ns_common *ns)
{
	BUG_ON(ns == &init_net.ns);
	kfree(to_net(ns));
}

struct net *current_net(void)
{
	return to_net(current_nsproxy()->net_ns);
}

bool dev_lo_up(struct net *net)
{
	return READ_ONCE(net->lo_flags) & IFF_UP;
}

/* SIOCSIFFLAGS on @net's lo by a caller with CAP_NET_ADMIN there: the
 * changeable flags of @r->flags. */
static long dev_set_flags(struct net *net, const struct ifreq *r)
{
	unsigned int f = (u16)r->flags & IFF_CHANGEABLE;

	if (f & IFF_UP)
		f |= IFF_RUNNING;
	WRITE_ONCE(net->lo_flags, IFF_LOOPBACK | f);
	return 0;
}

int dev_lo_mtu(struct net *net)
{
	return READ_ONCE(net->lo_mtu);
}

/* SIOCSIFMTU on @net's lo by a caller with CAP_NET_ADMIN there (Linux's
 * dev_set_mtu()): 0 or -EINVAL. Linux's dev_validate_mtu() checks the
 * device's min_mtu and max_mtu, which loopback leaves at 0 (no minimum,
 * no maximum): only a negative MTU is refused. Linux also takes IPv4 off
 * an interface whose MTU goes below 68; Taskbase's 127.0.0.1 stays. */
static long dev_set_mtu(struct net *net, int new_mtu)
{
	if (new_mtu < 0)
		return -EINVAL;
	WRITE_ONCE(net->lo_mtu, new_mtu);
	return 0;
}

void dev_lo_count(struct net *net, size_t bytes)
{
	__atomic_add_fetch(&net->lo_packets, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&net->lo_bytes, bytes, __ATOMIC_RELAXED);
}

/* @sa as 127.0.0.1 (@mask: 255.0.0.0), an AF_INET sockaddr. */
static void lo_inet(struct sockaddr *sa, bool mask)
{
	static const u8 addr[4] = { 127, 0, 0, 1 }, netmask[4] = { 255 };
	struct sockaddr_in *in = (struct sockaddr_in *)sa;

	memset(in, 0, sizeof(*in));
	in->sin_family = AF_INET;
	memcpy(&in->sin_addr, mask ? netmask : addr, 4);
}

/* SIOCGIFCONF: lo's one IPv4 address, if the buffer has room for it. */
static long dev_ifconf(struct ifconf __user *arg)
{
	struct ifconf ifc;
	struct ifreq r = { .ifr_name = "lo" };

	if (copy_from_user(&ifc, arg, sizeof(ifc)))
		return -EFAULT;
	lo_inet(&r.addr, false);
	if (ifc.ifc_req && ifc.ifc_len >= (int)sizeof(r)) {
		if (copy_to_user(ifc.ifc_req, &r, sizeof(r)))
			return -EFAULT;
	} else if (ifc.ifc_req) {
		ifc.ifc_len = 0;
		return copy_to_user(arg, &ifc, sizeof(int)) ? -EFAULT : 0;
	}
	ifc.ifc_len = (int)sizeof(r);
	return copy_to_user(arg, &ifc, sizeof(int)) ? -EFAULT : 0;
}

/* One SIOCGIF* request about @net's lo into @r; 0 or -ENOIOCTLCMD. */
static long dev_ifreq(struct net *net, unsigned int cmd, struct ifreq *r)
{
	switch (cmd) {
	case SIOCGIFFLAGS:
		r->flags = (short)READ_ONCE(net->lo_flags);
		return 0;
	case SIOCGIFADDR: case SIOCGIFNETMASK:
		lo_inet(&r->addr, cmd == SIOCGIFNETMASK);
		return 0;
	case SIOCGIFMTU:
		r->ivalue = dev_lo_mtu(net);
		return 0;
	case SIOCGIFINDEX:
		r->ivalue = 1;
		return 0;
	case SIOCGIFTXQLEN:
		r->ivalue = 1000;
		return 0;
	case SIOCGIFHWADDR:
		memset(&r->addr, 0, sizeof(r->addr));
		r->addr.sa_family = ARPHRD_LOOPBACK;
		return 0;
	default:
		return -ENOIOCTLCMD;
	}
}

long dev_ioctl(struct net *net, unsigned int cmd, void __user *arg)
{
	struct ifreq r;
	long err;

	if (cmd < SIOC_FIRST || cmd > SIOC_LAST)
		return -ENOIOCTLCMD;
	if (cmd == SIOCGIFCONF)
		return dev_ifconf(arg);
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (cmd == SIOCGIFNAME) {
		if (r.ivalue != 1)
			return -ENODEV;
		memset(r.ifr_name, 0, IFNAMSIZ);
		memcpy(r.ifr_name, "lo", 2);
		return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
	}
	if (cmd == SIOCSIFFLAGS || cmd == SIOCSIFMTU) {	/* EPERM first */
		if (!ns_capable(net->ns.user_ns, CAP_NET_ADMIN))
			return -EPERM;
		r.ifr_name[IFNAMSIZ - 1] = 0;
		if (strcmp(r.ifr_name, "lo"))
			return -ENODEV;
		return cmd == SIOCSIFMTU ? dev_set_mtu(net, r.ivalue) :
		       dev_set_flags(net, &r);
	}
	err = dev_ifreq(net, cmd, &r);
	if (err == -ENOIOCTLCMD)	/* a setter, or one Taskbase lacks */
		return ns_capable(net->ns.user_ns, CAP_NET_ADMIN) ?
		       -EOPNOTSUPP : -EPERM;
	r.ifr_name[IFNAMSIZ - 1] = 0;
	if (strcmp(r.ifr_name, "lo"))
		return -ENODEV;
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

int dev_proc_show(struct seq_buf *m, void *data)
{
	struct net *net = current_net();	/* the reader's, as Linux */
	u64 p = __atomic_load_n(&net->lo_packets, __ATOMIC_RELAXED);
	u64 b = __atomic_load_n(&net->lo_bytes, __ATOMIC_RELAXED);

	seq_puts(m, "Inter-|   Receive                                                |  Transmit\n"
		 " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
	seq_printf(m, "%6s: %7llu %7llu    0    0    0     0          0         0 "
		   "%8llu %7llu    0    0    0     0       0          0\n",
		   "lo", (unsigned long long)b, (unsigned long long)p,
		   (unsigned long long)b, (unsigned long long)p);
	return 0;
}
