/*
 * rawtests: raw IPv4 and IPv6 sockets, UDP corking, SO_NO_CHECK and lo's
 * MTU (kernel/net/raw.c, raw_ipv6.c, udp.c, inet_opt.c, dev.c), checked
 * against what Linux 6.1 answers; the same binary passes on Linux. Each
 * test that sends raw packets runs in a network namespace of its own, so
 * that nothing else on the machine sees them.
 *
 *   rawtests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); exit status 1 if a test failed.
 *
 *   mtu        SIOCSIFMTU/SIOCGIFMTU on lo, per namespace: EINVAL below
 *              0, ENODEV, EFAULT, EPERM for a user, but not in its own
 *              user and network namespace; packet sockets keep to it
 *   nocheck    SO_NO_CHECK set and read back; EINVAL, EFAULT
 *   cork       MSG_MORE and UDP_CORK make one datagram; a sendto while
 *              corked, EMSGSIZE past 65507 bytes, close drops it
 *   hdrincl    IP_HDRINCL get and set (IPPROTO_RAW has it), ENOPROTOOPT
 *              on UDP and IPv6, one-byte values; an IPv6 raw bind
 *   rawsend    the header the kernel builds, one given (IP_HDRINCL) and
 *              its checks (EINVAL, EMSGSIZE), delivery by protocol and
 *              bound address, the sender's name, every errno
 *   netns      lo down: ENETDOWN, ENETUNREACH; packets stay in their
 *              namespace
 *   procnet    /proc/net/raw and raw6 list the namespace's raw sockets
 *              in Linux's columns, and /proc/net/udp none of them
 *   ping       an ICMP echo request to 127.0.0.1 gets its echo reply
 *   ping6      an ICMPv6 echo request to ::1 gets its echo reply, the
 *              kernel's checksums; ICMP6_FILTER; a send's errnos
 *   raw6       raw IPv6 sockets of a protocol get its packets' payload;
 *              IPV6_CHECKSUM
 *   udptap     a raw socket of IPPROTO_UDP sees each UDP datagram sent
 *              over IPv4 (a receiver or not), with Linux's IP and UDP
 *              headers; not those sent over IPv6; a UDP_SEGMENT send
 *              as one packet
 *   icmpfilter SOL_RAW ICMP_FILTER: the types it names are not
 *              delivered, nor ICMP shorter than its header; its errnos
 *   race       IP_HDRINCL flipped by a thread during sendmsg (LTP
 *              sendmsg03, CVE-2017-17712): no taint, each send whole
 *   port_unreach a UDP datagram to a closed port: the ICMP (ICMPv6)
 *              port unreachable raw ICMP sockets see; one for a
 *              UDP_SEGMENT send
 *   raw_to_udp UDP datagrams raw sockets send (IPv4, IP_HDRINCL, IPv6)
 *              reach UDP sockets: sources, checksums, lengths, fragments
 *   cmsgs_send a send's IP_TTL, IP_TOS, IP_PKTINFO in the header (raw
 *              ICMP, UDP as raw sockets see it); IPV6_HOPLIMIT and
 *              IPV6_TCLASS on raw ICMPv6
 *   cmsgs      IP_RECVTTL and IP_PKTINFO on raw ICMP, IPV6_RECVHOPLIMIT
 *              and IPV6_2292HOPLIMIT (BusyBox ping6's) on raw ICMPv6:
 *              the request's TTL, the kernel's echo reply's 64
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 60
#define STUDENT 1000
#define PROTO 253			/* "for experimentation" (RFC 3692) */

/* The call failed with errno @e. */
#define FAILS(call, e) CHECK((call) == -1 && errno == (e))

static struct sockaddr_in in4(const char *dotted, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		.sin_port = htons((unsigned short)port) };

	inet_aton(dotted, &a.sin_addr);
	return a;
}

/* lo's MTU through @fd, or -1. */
static int lo_mtu(int fd)
{
	struct ifreq r = { .ifr_name = "lo" };

	return ioctl(fd, SIOCGIFMTU, &r) ? -1 : r.ifr_mtu;
}

static int set_mtu(int fd, const char *name, int mtu)
{
	struct ifreq r = { 0 };

	strncpy(r.ifr_name, name, IFNAMSIZ - 1);
	r.ifr_mtu = mtu;
	return ioctl(fd, SIOCSIFMTU, &r);
}

/* Bring lo up (IFF_UP) through @fd; 0 or -1. */
static int lo_up(int fd)
{
	struct ifreq r = { .ifr_name = "lo", .ifr_flags = IFF_UP };

	return ioctl(fd, SIOCSIFFLAGS, &r);
}

/* Send @len bytes of IPv4 payload on lo from a datagram packet socket. */
static long pkt_send(size_t len)
{
	static char buf[2048];
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1,
				  .sll_protocol = htons(0x0800), .sll_halen = 6 };
	int fd = socket(AF_PACKET, SOCK_DGRAM, 0), e;
	long n = fd < 0 ? -1 : sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to));

	e = errno;
	close(fd);
	errno = e;
	return n;
}

/* A new network namespace (as root), its lo up unless @down. */
static int new_netns(int down)
{
	int fd, err;

	if (unshare(CLONE_NEWNET))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	err = fd < 0 || (!down && lo_up(fd));
	close(fd);
	return err ? -1 : 0;
}

static int test_mtu(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), pid;

	CHECK(fd >= 0 && lo_mtu(fd) == 65536);
	FAILS(ioctl(fd, SIOCSIFMTU, (void *)8), EFAULT);
	pid = fork();
	if (pid == 0) {		/* a user in the initial namespace */
		_exit(tap_become(STUDENT, 0) || set_mtu(fd, "lo", 1500) != -1 ||
		      errno != EPERM || lo_mtu(fd) != 65536);
	}
	CHECK(tap_wait_status(pid) == 0);
	close(fd);
	CHECK(new_netns(1) == 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);	/* Linux: the socket's lo */
	CHECK(fd >= 0 && lo_mtu(fd) == 65536);
	CHECK(set_mtu(fd, "lo", 1500) == 0 && lo_mtu(fd) == 1500);
	CHECK(lo_up(fd) == 0);		/* a packet socket keeps to it too */
	CHECK(pkt_send(1500) == 1500);
	FAILS(pkt_send(1501), EMSGSIZE);
	FAILS(set_mtu(fd, "lo", -1), EINVAL);
	FAILS(set_mtu(fd, "eth0", 1500), ENODEV);
	CHECK(set_mtu(fd, "lo", 0) == 0 && lo_mtu(fd) == 0);	/* lo: no min */
	CHECK(set_mtu(fd, "lo", 1 << 20) == 0 && lo_mtu(fd) == 1 << 20);
	pid = fork();
	if (pid == 0) {		/* root of its own namespaces, as LTP's */
		int f = tap_user_netns(STUDENT) ? -1 : socket(AF_INET, SOCK_DGRAM, 0);

		_exit(f < 0 || lo_mtu(f) != 65536 || set_mtu(f, "lo", 1500) ||
		      lo_mtu(f) != 1500);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(lo_mtu(fd) == 1 << 20);
	close(fd);
	return 0;
}

static int test_nocheck(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), x = socket(AF_UNIX, SOCK_DGRAM, 0);
	int v = -1, one = 1;
	socklen_t len = sizeof(v);

	CHECK(u >= 0 && x >= 0);
	CHECK(getsockopt(u, SOL_SOCKET, SO_NO_CHECK, &v, &len) == 0 && v == 0);
	CHECK(setsockopt(u, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)) == 0);
	CHECK(getsockopt(u, SOL_SOCKET, SO_NO_CHECK, &v, &len) == 0 && v == 1);
	CHECK(setsockopt(x, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)) == 0);
	FAILS(setsockopt(u, SOL_SOCKET, SO_NO_CHECK, &one, 2), EINVAL);
	FAILS(setsockopt(u, SOL_SOCKET, SO_NO_CHECK, (void *)8, 4), EFAULT);
	FAILS(getsockopt(u, SOL_SOCKET, SO_NO_CHECK, (void *)8, &len), EFAULT);
	close(u), close(x);
	return 0;
}

/* A UDP socket bound to 127.0.0.1 at an ephemeral port, its name in *@a. */
static int udp_receiver(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	*a = in4("127.0.0.1", 0);
	if (s < 0 || bind(s, (struct sockaddr *)a, sizeof(*a)) ||
	    getsockname(s, (struct sockaddr *)a, &len))
		return -1;
	return s;
}

static char big[70000];

static int test_cork(void)
{
	struct sockaddr_in a, b;
	int r = udp_receiver(&a), r2 = udp_receiver(&b), one = 1, zero = 0;
	int s = socket(AF_INET, SOCK_DGRAM, 0), v;
	socklen_t len = sizeof(v);

	CHECK(r >= 0 && r2 >= 0 && s >= 0);
	FAILS(send(s, big, 10, MSG_MORE), EDESTADDRREQ);
	CHECK(connect(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(send(s, big, 4000, MSG_MORE) == 4000);
	FAILS(recv(r, big, sizeof(big), MSG_DONTWAIT), EAGAIN);
	CHECK(sendto(s, big, 1, 0, (struct sockaddr *)&b, sizeof(b)) == 1);
	CHECK(recv(r, big, sizeof(big), MSG_DONTWAIT) == 4001);	/* one, to a */
	FAILS(recv(r2, big, sizeof(big), MSG_DONTWAIT), EAGAIN);
	CHECK(setsockopt(s, IPPROTO_UDP, UDP_CORK, &one, sizeof(one)) == 0);
	CHECK(getsockopt(s, IPPROTO_UDP, UDP_CORK, &v, &len) == 0 && v == 1);
	CHECK(send(s, big, 100, 0) == 100 && send(s, big, 0, 0) == 0);
	CHECK(send(s, big, 23, 0) == 23);
	FAILS(recv(r, big, sizeof(big), MSG_DONTWAIT), EAGAIN);
	CHECK(setsockopt(s, IPPROTO_UDP, UDP_CORK, &zero, sizeof(zero)) == 0);
	CHECK(recv(r, big, sizeof(big), MSG_DONTWAIT) == 123);
	/* past 65507 bytes: EMSGSIZE, and what pended is gone */
	CHECK(send(s, big, 65000, MSG_MORE) == 65000);
	FAILS(send(s, big, 508, MSG_MORE), EMSGSIZE);
	CHECK(send(s, big, 7, 0) == 7);
	CHECK(recv(r, big, sizeof(big), MSG_DONTWAIT) == 7);
	CHECK(send(s, big, 65000, MSG_MORE) == 65000 && send(s, big, 507, 0) == 507);
	CHECK(recv(r, big, sizeof(big), MSG_DONTWAIT) == 65507);
	FAILS(send(s, big, 65536, MSG_MORE), EMSGSIZE);
	/* connect while corked: the datagram goes to the new address */
	CHECK(send(s, big, 5, MSG_MORE) == 5);
	CHECK(connect(s, (struct sockaddr *)&b, sizeof(b)) == 0);
	CHECK(send(s, big, 5, 0) == 5);
	CHECK(recv(r2, big, sizeof(big), MSG_DONTWAIT) == 10);
	/* close drops it */
	CHECK(send(s, big, 5, MSG_MORE) == 5);
	close(s);
	FAILS(recv(r2, big, sizeof(big), MSG_DONTWAIT), EAGAIN);
	close(r), close(r2);
	return 0;
}

static int test_hdrincl(void)
{
	int i = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), one = 1, v = -1;
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	unsigned char c = 1;
	socklen_t len = sizeof(v);

	CHECK(i >= 0 && raw >= 0 && u >= 0);
	CHECK(getsockopt(i, SOL_IP, IP_HDRINCL, &v, &len) == 0 && v == 0);
	CHECK(getsockopt(raw, SOL_IP, IP_HDRINCL, &v, &len) == 0 && v == 1);
	CHECK(setsockopt(i, SOL_IP, IP_HDRINCL, &one, sizeof(one)) == 0);
	CHECK(getsockopt(i, SOL_IP, IP_HDRINCL, &v, &len) == 0 && v == 1);
	CHECK(setsockopt(i, SOL_IP, IP_HDRINCL, NULL, 0) == 0);	/* 0 bytes: 0 */
	CHECK(getsockopt(i, SOL_IP, IP_HDRINCL, &v, &len) == 0 && v == 0);
	CHECK(setsockopt(i, SOL_IP, IP_HDRINCL, &c, 1) == 0);
	c = 0, len = 1;
	CHECK(getsockopt(i, SOL_IP, IP_HDRINCL, &c, &len) == 0 && c == 1 &&
	      len == 1);
	len = sizeof(v);
	FAILS(setsockopt(i, SOL_IP, IP_HDRINCL, (void *)8, 4), EFAULT);
	FAILS(setsockopt(i, SOL_IP, IP_HDRINCL, &one, -1), EINVAL);
	FAILS(getsockopt(i, SOL_IP, IP_HDRINCL, &v, (socklen_t *)8), EFAULT);
	FAILS(setsockopt(u, SOL_IP, IP_HDRINCL, &one, sizeof(one)), ENOPROTOOPT);
	CHECK(getsockopt(u, SOL_IP, IP_HDRINCL, &v, &len) == 0 && v == 0);
	close(i), close(raw), close(u);
	/* IPv6: no IP_HDRINCL; bind takes a sockaddr_in6 on lo */
	i = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	CHECK(i >= 0);
	FAILS(setsockopt(i, SOL_IP, IP_HDRINCL, &one, sizeof(one)), ENOPROTOOPT);
	FAILS(bind(i, (struct sockaddr *)&a4, sizeof(a4)), EINVAL);
	CHECK(bind(i, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	close(i);
	return 0;
}

/* Receive one packet on @s without waiting into @buf; its length or -1;
 * its sender in *@from. */
static int rx(int s, void *buf, size_t n, struct sockaddr_in *from)
{
	socklen_t len = sizeof(*from);

	memset(from, 0, sizeof(*from));
	return (int)recvfrom(s, buf, n, MSG_DONTWAIT, (struct sockaddr *)from,
			     &len);
}

/* The IP checksum of the header @h is right. */
static int csum_ok(const void *h, size_t n)
{
	const unsigned char *b = h;
	unsigned int sum = 0;

	for (size_t k = 0; k < n; k += 2)
		sum += (unsigned int)b[k] << 8 | b[k + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* An IP header of @ihl words for @len bytes to 127.0.0.1 at @h. */
static void mkhdr(struct iphdr *h, int ihl, int proto)
{
	memset(h, 0, sizeof(*h));
	h->version = 4;
	h->ihl = (unsigned int)ihl & 0xf;
	h->ttl = 9;
	h->protocol = (unsigned char)proto;
	h->tot_len = htons(7);		/* the kernel sets it */
	h->daddr = htonl(INADDR_LOOPBACK);
}

static int test_rawsend(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), from, b2 = in4("127.0.0.2", 0);
	unsigned char buf[2048];
	struct iphdr *h = (struct iphdr *)buf;
	int s, r, other, bound, one = 1, v;
	socklen_t len = sizeof(from);

	CHECK(new_netns(0) == 0);
	s = socket(AF_INET, SOCK_RAW, PROTO);
	r = socket(AF_INET, SOCK_RAW, PROTO);
	other = socket(AF_INET, SOCK_RAW, PROTO + 1);
	bound = socket(AF_INET, SOCK_RAW, PROTO);
	CHECK(s >= 0 && r >= 0 && other >= 0 && bound >= 0);
	CHECK(getsockname(s, (struct sockaddr *)&from, &len) == 0 &&
	      from.sin_port == htons(PROTO) && from.sin_addr.s_addr == 0);
	FAILS(bind(bound, (struct sockaddr *)&lo, 8), EINVAL);
	b2.sin_addr.s_addr = htonl(0x0a000001);
	FAILS(bind(bound, (struct sockaddr *)&b2, sizeof(b2)), EADDRNOTAVAIL);
	b2 = in4("127.0.0.2", 0);
	CHECK(bind(bound, (struct sockaddr *)&b2, sizeof(b2)) == 0);
	/* the kernel's header */
	CHECK(sendto(s, "hello", 5, 0, (struct sockaddr *)&lo, sizeof(lo)) == 5);
	CHECK(rx(r, buf, sizeof(buf), &from) == 25);
	CHECK(h->version == 4 && h->ihl == 5 && h->protocol == PROTO &&
	      ntohs(h->tot_len) == 25 && h->ttl == 64 && csum_ok(h, 20));
	CHECK(h->saddr == lo.sin_addr.s_addr && h->daddr == lo.sin_addr.s_addr);
	CHECK(!memcmp(buf + 20, "hello", 5));
	CHECK(from.sin_family == AF_INET && from.sin_port == 0 &&
	      from.sin_addr.s_addr == lo.sin_addr.s_addr);
	CHECK(rx(s, buf, sizeof(buf), &from) == 25);	/* the sender too */
	FAILS(rx(other, buf, sizeof(buf), &from), EAGAIN);
	FAILS(rx(bound, buf, sizeof(buf), &from), EAGAIN);
	CHECK(sendto(s, "hello", 5, 0, (struct sockaddr *)&lo, sizeof(lo)) == 5);
	CHECK(rx(r, buf, 10, &from) == 10);		/* cut short */
	FAILS(rx(r, buf, 10, &from), EAGAIN);
	CHECK(rx(s, buf, sizeof(buf), &from) == 25);
	/* to 127.0.0.2: the bound one too */
	CHECK(sendto(s, "x", 1, 0, (struct sockaddr *)&b2, sizeof(b2)) == 1);
	CHECK(rx(bound, buf, sizeof(buf), &from) == 21 && h->daddr == b2.sin_addr.s_addr);
	CHECK(rx(r, buf, sizeof(buf), &from) == 21 && rx(s, buf, 99, &from) == 21);
	/* a header of our own */
	CHECK(setsockopt(s, SOL_IP, IP_HDRINCL, &one, sizeof(one)) == 0);
	mkhdr(h, 5, PROTO);
	memcpy(buf + 20, "abc", 3);
	CHECK(sendto(s, buf, 23, 0, (struct sockaddr *)&lo, sizeof(lo)) == 23);
	memset(buf, 0, 64);
	CHECK(rx(r, buf, sizeof(buf), &from) == 23 && h->ttl == 9);
	CHECK(ntohs(h->tot_len) == 23 && h->saddr == lo.sin_addr.s_addr &&
	      csum_ok(h, 20) && !memcmp(buf + 20, "abc", 3));
	CHECK(rx(s, buf, sizeof(buf), &from) == 23);
	mkhdr(h, 5, PROTO + 1);		/* its protocol is the header's */
	CHECK(sendto(s, buf, 20, 0, (struct sockaddr *)&lo, sizeof(lo)) == 20);
	CHECK(rx(other, buf, sizeof(buf), &from) == 20);
	FAILS(rx(r, buf, sizeof(buf), &from), EAGAIN);
	FAILS(sendto(s, buf, 19, 0, (struct sockaddr *)&lo, sizeof(lo)), EINVAL);
	mkhdr(h, 15, PROTO);		/* 60 bytes of header in 40 */
	FAILS(sendto(s, buf, 40, 0, (struct sockaddr *)&lo, sizeof(lo)), EINVAL);
	mkhdr(h, 3, PROTO);		/* sent as it is, dropped by lo */
	CHECK(sendto(s, buf, 40, 0, (struct sockaddr *)&lo, sizeof(lo)) == 40);
	FAILS(rx(r, buf, sizeof(buf), &from), EAGAIN);
	CHECK(set_mtu(s, "lo", 1000) == 0);
	mkhdr(h, 5, PROTO);
	FAILS(sendto(s, buf, 1001, 0, (struct sockaddr *)&lo, sizeof(lo)), EMSGSIZE);
	CHECK(sendto(s, buf, 1000, 0, (struct sockaddr *)&lo, sizeof(lo)) == 1000);
	CHECK(rx(r, big, sizeof(big), &from) == 1000);
	CHECK(rx(s, big, sizeof(big), &from) == 1000);
	/* without the header, the MTU does not matter (fragments) */
	CHECK(setsockopt(s, SOL_IP, IP_HDRINCL, &v, 0) == 0);
	CHECK(sendto(s, big, 2000, 0, (struct sockaddr *)&lo, sizeof(lo)) == 2000);
	CHECK(rx(r, big, sizeof(big), &from) == 2020);
	FAILS(sendto(s, big, 65516, 0, (struct sockaddr *)&lo, sizeof(lo)), EMSGSIZE);
	FAILS(sendto(s, big, 65536, 0, (struct sockaddr *)&lo, sizeof(lo)), EMSGSIZE);
	/* the errors of a send */
	FAILS(sendto(s, buf, 5, 0, (struct sockaddr *)&lo, 8), EINVAL);
	lo.sin_family = AF_UNIX;
	FAILS(sendto(s, buf, 5, 0, (struct sockaddr *)&lo, sizeof(lo)), EAFNOSUPPORT);
	lo.sin_family = AF_INET;
	FAILS(send(s, buf, 5, 0), EDESTADDRREQ);
	FAILS(sendto(s, buf, 5, MSG_OOB, (struct sockaddr *)&lo, sizeof(lo)), EOPNOTSUPP);
	FAILS(sendto(s, (void *)8, 5, 0, (struct sockaddr *)&lo, sizeof(lo)), EFAULT);
	b2.sin_addr.s_addr = htonl(0x0a000001);
	FAILS(sendto(s, buf, 5, 0, (struct sockaddr *)&b2, sizeof(b2)), ENETUNREACH);
	CHECK(connect(s, (struct sockaddr *)&lo, sizeof(lo)) == 0);
	CHECK(send(s, buf, 5, 0) == 5 && rx(r, buf, 99, &from) == 25);
	close(s), close(r), close(other), close(bound);
	return 0;
}

static int test_netns(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), any = in4("0.0.0.0", 0);
	int outside = socket(AF_INET, SOCK_RAW, PROTO), s, fd;
	struct sockaddr_in from;
	char buf[64];

	CHECK(outside >= 0 && new_netns(1) == 0);
	s = socket(AF_INET, SOCK_RAW, PROTO);
	CHECK(s >= 0);
	FAILS(sendto(s, "x", 1, 0, (struct sockaddr *)&any, sizeof(any)), ENETDOWN);
	FAILS(sendto(s, "x", 1, 0, (struct sockaddr *)&lo, sizeof(lo)), ENETUNREACH);
	FAILS(bind(s, (struct sockaddr *)&lo, sizeof(lo)), EADDRNOTAVAIL);
	CHECK(bind(s, (struct sockaddr *)&any, sizeof(any)) == 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0 && lo_up(fd) == 0);
	CHECK(sendto(s, "x", 1, 0, (struct sockaddr *)&any, sizeof(any)) == 1);
	CHECK(rx(s, buf, sizeof(buf), &from) == 21 &&
	      from.sin_addr.s_addr == lo.sin_addr.s_addr);
	FAILS(rx(outside, buf, sizeof(buf), &from), EAGAIN);
	CHECK(sendto(outside, "x", 1, 0, (struct sockaddr *)&lo, sizeof(lo)) == 1);
	FAILS(rx(s, buf, sizeof(buf), &from), EAGAIN);
	close(s), close(fd), close(outside);
	return 0;
}

static int test_procnet(void)
{
	int outside = socket(AF_INET, SOCK_RAW, 254), icmp, udp, v6;

	CHECK(outside >= 0 && new_netns(1) == 0);
	CHECK((icmp = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK((udp = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	CHECK((v6 = socket(AF_INET6, SOCK_RAW, PROTO)) >= 0);
	CHECK(procfs_net_has("raw", "  sl  local_address rem_address   st "
			   "tx_queue rx_queue tr tm->when retrnsmt   uid  "
			   "timeout inode ref pointer drops\n"));
	CHECK(procfs_net_has("raw", "   1: 00000000:0001 00000000:0000 07 "
			   "00000000:00000000 00:00000000 00000000     0 "));
	CHECK(procfs_net_has("raw", "  17: 00000000:0011 00000000:0000 07 "));
	CHECK(!procfs_net_has("raw", " 254: "));	/* another namespace's */
	CHECK(!procfs_net_has("udp", " 00000000:0011 "));	/* raw's, not UDP's */
	CHECK(procfs_net_has("raw6", "  253: 00000000000000000000000000000000"
			   ":00FD 00000000000000000000000000000000:0000 07 "));
	close(v6), close(udp), close(icmp);
	CHECK(!procfs_net_has("raw", "   1: "));
	close(outside);
	return 0;
}

static int test_ping(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), from;
	unsigned char req[16] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g' };
	unsigned char buf[128];
	unsigned int sum = 0;
	int s;

	CHECK(new_netns(0) == 0);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	CHECK(s >= 0);
	FAILS(sendto(s, req, 1, 0, (struct sockaddr *)&lo, sizeof(lo)), EFAULT);
	for (int k = 0; k < 16; k += 2)
		sum += (unsigned int)req[k] << 8 | req[k + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	req[2] = (unsigned char)(~sum >> 8), req[3] = (unsigned char)~sum;
	CHECK(sendto(s, req, 16, 0, (struct sockaddr *)&lo, sizeof(lo)) == 16);
	CHECK(rx(s, buf, sizeof(buf), &from) == 36 && buf[20] == 8);
	CHECK(rx(s, buf, sizeof(buf), &from) == 36 && buf[20] == 0);
	CHECK(!memcmp(buf + 24, req + 4, 12) && csum_ok(buf + 20, 16));
	close(s);
	return 0;
}

/* Receive one IPv6 packet's payload on @s without waiting; its length
 * or -1; its sender in *@from. */
static int rx6(int s, void *buf, size_t n, struct sockaddr_in6 *from)
{
	socklen_t len = sizeof(*from);

	memset(from, 0, sizeof(*from));
	return (int)recvfrom(s, buf, n, MSG_DONTWAIT, (struct sockaddr *)from,
			     &len);
}

/* Is the checksum of the @n-byte packet @p from ::1 to ::1, next header
 * @nh, right (RFC 8200's pseudo-header)? */
static int csum6_ok(const unsigned char *p, size_t n, int nh)
{
	unsigned int sum = 1 + 1 + (unsigned int)n + (unsigned int)nh;

	for (size_t k = 0; k < n; k += 2)
		sum += (unsigned int)p[k] << 8 | (k + 1 < n ? p[k + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

#define SOL_ICMPV6 58
#define ICMP6_FILTER 1
#define IPV6_CHECKSUM 7

/* Linux (rawv6_sendmsg(), rawv6_push_pending_frames(), icmpv6_echo_reply()):
 * an ICMPv6 echo request to ::1 from a raw socket, its checksum left 0,
 * goes out with the kernel's checksum and comes back as an echo reply;
 * the socket reads both, without the IPv6 header. ICMP6_FILTER keeps
 * the request out. The errnos of a send. */
static int test_ping6(void)
{
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT }, from;
	struct sockaddr_in6 other = lo6, any = { .sin6_family = AF_INET6 };
	struct sockaddr_in lo = in4("127.0.0.1", 0);
	unsigned char req[12] = { 128, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g' };
	unsigned int filter[8], got[8];
	unsigned char buf[128];
	socklen_t len = sizeof(got);
	int s, v = 4;

	CHECK(new_netns(0) == 0);
	CHECK((s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) >= 0);
	FAILS(sendto(s, req, 1, 0, (struct sockaddr *)&lo6, sizeof(lo6)), EFAULT);
	FAILS(sendto(s, req, 3, 0, (struct sockaddr *)&lo6, sizeof(lo6)), EINVAL);
	FAILS(sendto(s, req, 12, 0, (struct sockaddr *)&lo, sizeof(lo)), EINVAL);
	lo.sin_family = AF_INET;
	FAILS(sendto(s, req, 12, 0, (struct sockaddr *)&lo, 28), EAFNOSUPPORT);
	other.sin6_addr.s6_addr[15] = 2;
	FAILS(sendto(s, req, 12, 0, (struct sockaddr *)&other, sizeof(other)),
	      ENETUNREACH);
	FAILS(send(s, req, 12, 0), EDESTADDRREQ);
	CHECK(sendto(s, req, 12, 0, (struct sockaddr *)&lo6, sizeof(lo6)) == 12);
	CHECK(rx6(s, buf, sizeof(buf), &from) == 12 && buf[0] == 128);
	CHECK(!memcmp(&from.sin6_addr, &lo6.sin6_addr, 16) && from.sin6_port == 0);
	CHECK((buf[2] | buf[3]) && csum6_ok(buf, 12, IPPROTO_ICMPV6));
	CHECK(rx6(s, buf, sizeof(buf), &from) == 12 && buf[0] == 129);
	CHECK(!memcmp(buf + 4, req + 4, 8) && csum6_ok(buf, 12, IPPROTO_ICMPV6));
	/* Block everything but echo replies, as BusyBox's ping6; to :: */
	memset(filter, 0xff, sizeof(filter));
	filter[129 >> 5] &= ~(1u << (129 & 31));
	CHECK(setsockopt(s, SOL_ICMPV6, ICMP6_FILTER, filter, sizeof(filter)) == 0);
	CHECK(getsockopt(s, SOL_ICMPV6, ICMP6_FILTER, got, &len) == 0 &&
	      len == sizeof(got) && !memcmp(got, filter, sizeof(got)));
	CHECK(sendto(s, req, 12, 0, (struct sockaddr *)&any, sizeof(any)) == 12);
	CHECK(rx6(s, buf, sizeof(buf), &from) == 12 && buf[0] == 129);
	FAILS(rx6(s, buf, sizeof(buf), &from), EAGAIN);
	/* RFC 3542: ICMPv6's checksum is the kernel's, at 2 */
	FAILS(setsockopt(s, SOL_IPV6, IPV6_CHECKSUM, &v, sizeof(v)), EINVAL);
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_IPV6, IPV6_CHECKSUM, &v, &len) == 0 && v == 2);
	close(s);
	return 0;
}

/* Linux (rawv6_sendmsg(), ipv6_raw_deliver()): a raw IPv6 socket's
 * packet reaches every raw IPv6 socket of its protocol, the sender's
 * too, as its payload alone; IPV6_CHECKSUM (off by default) has the
 * kernel fill a checksum in at an even offset. */
static int test_raw6(void)
{
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT }, from;
	unsigned char buf[128];
	unsigned int filter[8] = { 0 };
	socklen_t len = sizeof(int);
	int a, b, c, v = -2;

	CHECK(new_netns(0) == 0);
	CHECK((a = socket(AF_INET6, SOCK_RAW, PROTO)) >= 0);
	CHECK((b = socket(AF_INET6, SOCK_RAW, PROTO)) >= 0);
	CHECK((c = socket(AF_INET6, SOCK_RAW, PROTO + 1)) >= 0);
	CHECK(sendto(a, "hello", 5, 0, (struct sockaddr *)&lo6, sizeof(lo6)) == 5);
	CHECK(rx6(b, buf, sizeof(buf), &from) == 5 && !memcmp(buf, "hello", 5));
	CHECK(!memcmp(&from.sin6_addr, &lo6.sin6_addr, 16));
	CHECK(rx6(a, buf, sizeof(buf), &from) == 5);
	FAILS(rx6(c, buf, sizeof(buf), &from), EAGAIN);
	CHECK(getsockopt(a, SOL_IPV6, IPV6_CHECKSUM, &v, &len) == 0 && v == -1);
	v = 3;
	FAILS(setsockopt(a, SOL_IPV6, IPV6_CHECKSUM, &v, sizeof(v)), EINVAL);
	v = 0;
	CHECK(setsockopt(a, SOL_RAW, IPV6_CHECKSUM, &v, sizeof(v)) == 0);
	FAILS(sendto(a, "x", 1, 0, (struct sockaddr *)&lo6, sizeof(lo6)), EINVAL);
	CHECK(sendto(a, "\0\0abc", 5, 0, (struct sockaddr *)&lo6, sizeof(lo6)) == 5);
	CHECK(rx6(b, buf, sizeof(buf), &from) == 5 && csum6_ok(buf, 5, PROTO));
	FAILS(setsockopt(a, SOL_ICMPV6, ICMP6_FILTER, filter, sizeof(filter)),
	      EOPNOTSUPP);
	close(a), close(b), close(c);
	return 0;
}

/* A UDP socket bound to @addr (port 0: any), or -1. */
static int udp_bound(int family, const void *addr, socklen_t len)
{
	int s = socket(family, SOCK_DGRAM, 0);

	if (s >= 0 && bind(s, addr, len)) {
		close(s);
		return -1;
	}
	return s;
}

static int test_udptap(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), to, from;
	struct sockaddr_in6 any6 = { .sin6_family = AF_INET6 }, to6;
	socklen_t len = sizeof(to);
	unsigned char p[128], *u = p + 20;
	int r, rx_s, tx, tx6, one = 1, two = 2, zero = 0;

	CHECK(new_netns(0) == 0);
	CHECK((r = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	CHECK((rx_s = udp_bound(AF_INET, &lo, sizeof(lo))) >= 0);
	CHECK((tx = udp_bound(AF_INET, &lo, sizeof(lo))) >= 0);
	CHECK(getsockname(rx_s, (struct sockaddr *)&to, &len) == 0);
	CHECK(sendto(tx, "hello", 5, 0, (struct sockaddr *)&to, len) == 5);
	CHECK(rx(r, p, sizeof(p), &from) == 33 && p[9] == IPPROTO_UDP);
	CHECK(!memcmp(p + 12, &lo.sin_addr, 4) && !memcmp(p + 16, &lo.sin_addr, 4));
	CHECK(!memcmp(u + 2, &to.sin_port, 2) && u[4] == 0 && u[5] == 13);
	CHECK((u[6] | u[7]) != 0 && !memcmp(u + 8, "hello", 5));
	CHECK(recv(rx_s, p, sizeof(p), MSG_DONTWAIT) == 5);
	/* UDP_SEGMENT: lo hands the send on whole (Linux's lo does GSO),
	 * the receiving socket's side cuts it */
	CHECK(setsockopt(tx, SOL_UDP, UDP_SEGMENT, &two, sizeof(two)) == 0);
	CHECK(sendto(tx, "hello", 5, 0, (struct sockaddr *)&to, len) == 5);
	CHECK(rx(r, p, sizeof(p), &from) == 33 && u[4] == 0 && u[5] == 13);
	FAILS(rx(r, p, sizeof(p), &from), EAGAIN);
	CHECK(recv(rx_s, p, sizeof(p), MSG_DONTWAIT) == 2 &&
	      recv(rx_s, p, sizeof(p), MSG_DONTWAIT) == 2 &&
	      recv(rx_s, p, sizeof(p), MSG_DONTWAIT) == 1 && p[0] == 'o');
	CHECK(setsockopt(tx, SOL_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0);
	/* No receiver: raw still sees it. SO_NO_CHECK: no checksum. */
	CHECK(setsockopt(tx, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)) == 0);
	close(rx_s);
	CHECK(sendto(tx, "x", 1, 0, (struct sockaddr *)&to, len) == 1);
	CHECK(rx(r, p, sizeof(p), &from) == 29 && u[6] == 0 && u[7] == 0);
	/* Over IPv6 (::1) no IPv4 packet; to ::ffff:127.0.0.1 one. */
	CHECK((tx6 = udp_bound(AF_INET6, &any6, sizeof(any6))) >= 0);
	to6 = any6;
	to6.sin6_port = to.sin_port;
	to6.sin6_addr.s6_addr[15] = 1;
	CHECK(sendto(tx6, "v6", 2, 0, (struct sockaddr *)&to6, sizeof(to6)) == 2);
	FAILS(rx(r, p, sizeof(p), &from), EAGAIN);
	to6.sin6_addr.s6_addr[15] = 0;
	to6.sin6_addr.s6_addr[10] = to6.sin6_addr.s6_addr[11] = 0xff;
	memcpy(to6.sin6_addr.s6_addr + 12, &lo.sin_addr, 4);
	CHECK(sendto(tx6, "v4", 2, 0, (struct sockaddr *)&to6, sizeof(to6)) == 2);
	CHECK(rx(r, p, sizeof(p), &from) == 30 && !memcmp(u + 8, "v4", 2));
	close(tx6), close(tx), close(r);
	return 0;
}

#define SOL_RAW 255
#define ICMP_FILTER 1

/* Send an echo request of @len bytes (at least 8: then a right
 * checksum) from raw ICMP socket @s to 127.0.0.1; sendto()'s result. */
static long ping_send(int s, size_t len)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0);
	unsigned char req[16] = { 8, 0, 0, 0, 0x12, 0x34, 0, 2, 'f', 'i', 'l' };
	unsigned int sum = 0;

	for (int k = 0; k < 16; k += 2)
		sum += (unsigned int)req[k] << 8 | req[k + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	req[2] = (unsigned char)(~sum >> 8), req[3] = (unsigned char)~sum;
	return sendto(s, req, len, 0, (struct sockaddr *)&lo, sizeof(lo));
}

static int test_icmpfilter(void)
{
	unsigned int f = ~(1u << 0), got = 0;	/* echo replies only */
	socklen_t len = sizeof(got);
	struct sockaddr_in from;
	unsigned char buf[128];
	int s, all, u;

	CHECK(new_netns(0) == 0);
	CHECK((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK((all = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK((u = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	CHECK(getsockopt(s, SOL_RAW, ICMP_FILTER, &got, &len) == 0 &&
	      got == 0 && len == 4);
	CHECK(setsockopt(s, SOL_RAW, ICMP_FILTER, &f, 8) == 0);	/* 4 taken */
	len = 8;
	CHECK(getsockopt(s, SOL_RAW, ICMP_FILTER, &got, &len) == 0 &&
	      got == f && len == 4);
	CHECK(ping_send(s, 16) == 16);
	CHECK(rx(s, buf, sizeof(buf), &from) == 36 && buf[20] == 0);
	FAILS(rx(s, buf, sizeof(buf), &from), EAGAIN);	/* no request */
	CHECK(rx(all, buf, sizeof(buf), &from) == 36 && buf[20] == 8);
	CHECK(rx(all, buf, sizeof(buf), &from) == 36 && buf[20] == 0);
	CHECK(ping_send(all, 4) == 4);	/* too short for an ICMP header */
	FAILS(rx(all, buf, sizeof(buf), &from), EAGAIN);
	FAILS(rx(s, buf, sizeof(buf), &from), EAGAIN);
	/* The errors: do_raw_setsockopt()'s and raw_geticmpfilter()'s. */
	FAILS(setsockopt(u, SOL_RAW, ICMP_FILTER, &f, 4), EOPNOTSUPP);
	FAILS(setsockopt(s, SOL_RAW, 2, &f, 4), ENOPROTOOPT);
	FAILS(setsockopt(s, SOL_RAW, ICMP_FILTER, (void *)8, 4), EFAULT);
	len = (socklen_t)-1;
	FAILS(getsockopt(s, SOL_RAW, ICMP_FILTER, &got, &len), EINVAL);
	len = 4;
	FAILS(getsockopt(u, SOL_RAW, ICMP_FILTER, &got, &len), EOPNOTSUPP);
	close(u), close(all), close(s);
	return 0;
}

/* Receive one packet on @s without waiting, @clen bytes of control
 * room at @ctl; its length, *@m as recvmsg left it. */
static ssize_t rx_ctl(int s, void *ctl, size_t clen, struct msghdr *m)
{
	static char data[128];
	static struct iovec v = { data, sizeof(data) };

	*m = (struct msghdr){ .msg_iov = &v, .msg_iovlen = 1,
			      .msg_control = ctl, .msg_controllen = clen };
	return recvmsg(s, m, MSG_DONTWAIT);
}

/* Is @c an int control message of @level and @type holding @v? */
static int cmsg_int(struct cmsghdr *c, int level, int type, int v)
{
	return c && c->cmsg_level == level && c->cmsg_type == type &&
	       c->cmsg_len == CMSG_LEN(sizeof(int)) &&
	       !memcmp(CMSG_DATA(c), &v, sizeof(v));
}

/* Linux (raw_recvmsg()'s ip_cmsg_recv(), rawv6_recvmsg()'s
 * ip6_datagram_recv_ctl()): a raw socket's control messages carry the
 * TTL or hop limit of each packet: the sender's IP_TTL or
 * IPV6_UNICAST_HOPS for the request, 64 for the kernel's echo reply;
 * IP_PKTINFO the destination on lo; RFC 2292's hop limit as well. */
static int test_cmsgs(void)
{
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	unsigned char req[8] = { 128, 0, 0, 0, 0x12, 0x34, 0, 3 };
	union { struct cmsghdr h; char b[128]; } ctl;
	struct in_pktinfo pi = { .ipi_ifindex = 1 };
	struct msghdr m;
	struct cmsghdr *c;
	int s, one = 1, ttl = 17, hops = 5;

	CHECK(new_netns(0) == 0);
	CHECK((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK(setsockopt(s, SOL_IP, IP_RECVTTL, &one, sizeof(one)) == 0 &&
	      setsockopt(s, SOL_IP, IP_PKTINFO, &one, sizeof(one)) == 0 &&
	      setsockopt(s, SOL_IP, IP_TTL, &ttl, sizeof(ttl)) == 0);
	CHECK(ping_send(s, 16) == 16);
	pi.ipi_spec_dst = pi.ipi_addr = in4("127.0.0.1", 0).sin_addr;
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 36);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c && c->cmsg_level == SOL_IP && c->cmsg_type == IP_PKTINFO &&
	      c->cmsg_len == CMSG_LEN(sizeof(pi)) &&
	      !memcmp(CMSG_DATA(c), &pi, sizeof(pi)));
	CHECK(cmsg_int(CMSG_NXTHDR(&m, c), SOL_IP, IP_TTL, ttl));
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 36);		/* the reply */
	CHECK(cmsg_int(CMSG_NXTHDR(&m, CMSG_FIRSTHDR(&m)), SOL_IP, IP_TTL, 64));
	close(s);
	CHECK((s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) >= 0);
	CHECK(setsockopt(s, SOL_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) == 0 &&
	      setsockopt(s, SOL_IPV6, IPV6_2292HOPLIMIT, &one, sizeof(one)) == 0 &&
	      setsockopt(s, SOL_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) == 0);
	CHECK(sendto(s, req, 8, 0, (struct sockaddr *)&lo6, sizeof(lo6)) == 8);
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 8);
	CHECK(cmsg_int(c = CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_HOPLIMIT, hops));
	CHECK(cmsg_int(CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_2292HOPLIMIT, hops));
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 8);		/* the reply */
	CHECK(cmsg_int(c = CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_HOPLIMIT, 64));
	CHECK(cmsg_int(CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_2292HOPLIMIT, 64));
	close(s);
	return 0;
}

/* sendto(@s) of @len bytes at @buf to @to with two control messages
 * of @level: @type1 holding the int @v1, @type2 the int @v2. */
static ssize_t send_two_ints(int s, const void *buf, size_t len,
			     const void *to, socklen_t tolen, int level,
			     int type1, int v1, int type2, int v2)
{
	union { struct cmsghdr h; char b[2 * CMSG_SPACE(sizeof(int))]; } ctl;
	struct iovec v = { (void *)buf, len };
	struct msghdr m = { .msg_name = (void *)to, .msg_namelen = tolen,
			    .msg_iov = &v, .msg_iovlen = 1, .msg_control = &ctl,
			    .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	memset(&ctl, 0, sizeof(ctl));
	*c = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)),
			       .cmsg_level = level, .cmsg_type = type1 };
	memcpy(CMSG_DATA(c), &v1, sizeof(int));
	c = CMSG_NXTHDR(&m, c);
	*c = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)),
			       .cmsg_level = level, .cmsg_type = type2 };
	memcpy(CMSG_DATA(c), &v2, sizeof(int));
	return sendmsg(s, &m, 0);
}

/* Linux (raw_sendmsg()'s and udp_sendmsg()'s ip_cmsg_send(),
 * rawv6_sendmsg()'s ip6_datagram_send_ctl()): a send's IP_TTL and
 * IP_TOS go into the header it is sent with, UDP's as a raw socket of
 * IPPROTO_UDP sees it, and IP_PKTINFO's source with them;
 * IPV6_HOPLIMIT and IPV6_TCLASS into an IPv6 one; the kernel's echo
 * reply keeps 64. */
static int test_cmsgs_send(void)
{
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in lo = in4("127.0.0.1", 9), from;
	unsigned char req[8] = { 128, 0, 0, 0, 0x12, 0x34, 0, 4 };
	unsigned char buf[128], ping[8] = { 8, 0, 0xf7, 0xfa, 0, 0, 0, 5 };
	union { struct cmsghdr h; char b[128]; } ctl;
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct in_pktinfo))]; } pc;
	struct iphdr *h = (struct iphdr *)buf;
	struct in_pktinfo pi = { .ipi_spec_dst = in4("127.0.0.9", 0).sin_addr };
	struct iovec v = { "hi", 2 };
	struct msghdr m = { .msg_name = &lo, .msg_namelen = sizeof(lo),
			    .msg_iov = &v, .msg_iovlen = 1, .msg_control = &pc,
			    .msg_controllen = sizeof(pc) };
	struct cmsghdr *c;
	int u, d, s, one = 1;

	CHECK(new_netns(0) == 0);
	CHECK((u = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	CHECK((d = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(send_two_ints(d, "hi", 2, &lo, sizeof(lo), SOL_IP, IP_TTL, 5,
			    IP_TOS, 0x20) == 2);
	CHECK(rx(u, buf, sizeof(buf), &from) == 30 && h->ttl == 5 &&
	      h->tos == 0x20 && csum_ok(h, 20));
	memset(&pc, 0, sizeof(pc));
	pc.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(pi)),
				 .cmsg_level = SOL_IP, .cmsg_type = IP_PKTINFO };
	memcpy(CMSG_DATA(&pc.h), &pi, sizeof(pi));
	CHECK(sendmsg(d, &m, 0) == 2);
	CHECK(rx(u, buf, sizeof(buf), &from) == 30 && h->ttl == 64 &&
	      h->saddr == pi.ipi_spec_dst.s_addr);
	close(d), close(u);

	CHECK((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK(send_two_ints(s, ping, 8, &lo, sizeof(lo), SOL_IP, IP_TTL, 3,
			    IP_TOS, 0x10) == 8);
	CHECK(rx(s, buf, sizeof(buf), &from) == 28 && h->ttl == 3 &&
	      h->tos == 0x10 && buf[20] == 8);		/* the request */
	CHECK(rx(s, buf, sizeof(buf), &from) == 28 && h->ttl == 64 &&
	      buf[20] == 0);				/* the reply */
	CHECK(send_two_ints(s, ping, 8, &lo, sizeof(lo), SOL_IP, IP_TTL, 0,
			    IP_TOS, 0) == -1 && errno == EINVAL);
	close(s);

	CHECK((s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) >= 0);
	CHECK(setsockopt(s, SOL_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) == 0 &&
	      setsockopt(s, SOL_IPV6, IPV6_RECVTCLASS, &one, sizeof(one)) == 0);
	CHECK(send_two_ints(s, req, 8, &lo6, sizeof(lo6), SOL_IPV6,
			    IPV6_HOPLIMIT, 2, IPV6_TCLASS, 0x80) == 8);
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 8);
	CHECK(cmsg_int(c = CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_HOPLIMIT, 2));
	CHECK(cmsg_int(CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_TCLASS, 0x80));
	CHECK(rx_ctl(s, &ctl, sizeof(ctl), &m) == 8);		/* the reply */
	CHECK(cmsg_int(CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_HOPLIMIT, 64));
	CHECK(send_two_ints(s, req, 8, &lo6, sizeof(lo6), SOL_IPV6,
			    IPV6_HOPLIMIT, 300, IPV6_TCLASS, 0) == -1 &&
	      errno == EINVAL);
	close(s);
	return 0;
}

/* The ones' complement sum of @n bytes at @p added to @sum, folded. */
static unsigned int sum16(const void *p, size_t n, unsigned int sum)
{
	const unsigned char *b = p;

	for (size_t k = 0; k < n; k++)
		sum += k & 1 ? b[k] : (unsigned int)b[k] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* A UDP datagram at @u: ports @sport, @dport, @n bytes of @data after
 * the header; its checksum over the pseudo-header of @saddr and @daddr
 * (IPv4, network order) if @sum, else 0; its length. */
static size_t mkudp(unsigned char *u, int sport, int dport, const char *data,
		    size_t n, uint32_t saddr, uint32_t daddr, int sum)
{
	struct udphdr *uh = (struct udphdr *)u;
	unsigned char ph[12];
	unsigned int s;

	uh->source = htons((uint16_t)sport);
	uh->dest = htons((uint16_t)dport);
	uh->len = htons((uint16_t)(8 + n));
	uh->check = 0;
	memcpy(u + 8, data, n);
	memcpy(ph, &saddr, 4), memcpy(ph + 4, &daddr, 4);
	ph[8] = 0, ph[9] = IPPROTO_UDP;
	memcpy(ph + 10, &uh->len, 2);
	s = ~sum16(u, 8 + n, sum16(ph, 12, 0)) & 0xffff;
	uh->check = sum ? htons((uint16_t)(s ? s : 0xffff)) : 0;
	return 8 + n;
}

/* Linux (ip_local_deliver() to udp_rcv(), ipv6's to udpv6_rcv()): a UDP
 * datagram a raw socket sends reaches the UDP socket it is addressed to
 * with the source its header names, when its length fits and its
 * checksum is right or (IPv4) 0; a connected socket takes its peer's
 * alone; a fragment, a bad checksum, a bad length, an IPv6 datagram
 * without a checksum do not arrive. */
static int test_raw_to_udp(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), from;
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT }, from6, dst6;
	uint32_t a1 = lo.sin_addr.s_addr, a5 = in4("127.0.0.5", 0).sin_addr.s_addr;
	unsigned char pkt[128];
	struct iphdr *h = (struct iphdr *)pkt;
	socklen_t flen;
	char got[32];
	int u, r, hr, u6, r6, port, six = 6;
	size_t n;

	CHECK(new_netns(0) == 0);
	CHECK((u = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(u, (struct sockaddr *)&lo, sizeof(lo)) == 0);
	flen = sizeof(lo);
	CHECK(getsockname(u, (struct sockaddr *)&lo, &flen) == 0);
	port = ntohs(lo.sin_port);
	CHECK((r = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	n = mkudp(pkt, 7777, port, "hello", 5, a1, a1, 1);
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	flen = sizeof(from);
	CHECK(recvfrom(u, got, sizeof(got), MSG_DONTWAIT, (struct sockaddr *)&from,
		       &flen) == 5 && !memcmp(got, "hello", 5));
	CHECK(from.sin_addr.s_addr == a1 && from.sin_port == htons(7777));
	n = mkudp(pkt, 7777, port, "nosum", 5, a1, a1, 0);	/* 0: none */
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(recv(u, got, sizeof(got), MSG_DONTWAIT) == 5);
	n = mkudp(pkt, 7777, port, "badsum", 6, a1, a1, 1);
	pkt[9] ^= 1;						/* a bad sum */
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	n = mkudp(pkt, 7777, port, "long", 4, a1, a1, 0);
	pkt[5] = 40;						/* past the end */
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	pkt[5] = 7;						/* under 8 */
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(recv(u, got, sizeof(got), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	/* IP_HDRINCL: its own source; a fragment is dropped */
	CHECK((hr = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) >= 0);
	mkhdr(h, 5, IPPROTO_UDP);
	h->saddr = a5;
	n = 20 + mkudp(pkt + 20, 7778, port, "incl", 4, a5, a1, 1);
	CHECK(sendto(hr, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	flen = sizeof(from);
	CHECK(recvfrom(u, got, sizeof(got), MSG_DONTWAIT, (struct sockaddr *)&from,
		       &flen) == 4 && from.sin_addr.s_addr == a5 &&
	      from.sin_port == htons(7778));
	h->frag_off = htons(IP_MF);
	CHECK(sendto(hr, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(recv(u, got, sizeof(got), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	/* a connected socket: its peer's datagram only */
	from = in4("127.0.0.1", 7777);
	CHECK(connect(u, (struct sockaddr *)&from, sizeof(from)) == 0);
	n = mkudp(pkt, 7778, port, "other", 5, a1, a1, 1);
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(recv(u, got, sizeof(got), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	n = mkudp(pkt, 7777, port, "peer", 4, a1, a1, 1);
	CHECK(sendto(r, pkt, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(recv(u, got, sizeof(got), MSG_DONTWAIT) == 4);
	close(u), close(r), close(hr);

	/* IPv6: the kernel's checksum at offset 6 (IPV6_CHECKSUM); none,
	 * and it is dropped */
	CHECK((u6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(u6, (struct sockaddr *)&lo6, sizeof(lo6)) == 0);
	flen = sizeof(lo6);
	CHECK(getsockname(u6, (struct sockaddr *)&lo6, &flen) == 0);
	CHECK((r6 = socket(AF_INET6, SOCK_RAW, IPPROTO_UDP)) >= 0);
	n = mkudp(pkt, 6666, ntohs(lo6.sin6_port), "six", 3, 0, 0, 0);
	dst6 = lo6;
	dst6.sin6_port = 0;		/* a raw socket's: 0 or its protocol */
	CHECK(sendto(r6, pkt, n, 0, (struct sockaddr *)&dst6, sizeof(dst6)) == (ssize_t)n);
	CHECK(recv(u6, got, sizeof(got), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(setsockopt(r6, SOL_IPV6, IPV6_CHECKSUM, &six, sizeof(six)) == 0);
	CHECK(sendto(r6, pkt, n, 0, (struct sockaddr *)&dst6, sizeof(dst6)) == (ssize_t)n);
	flen = sizeof(from6);
	CHECK(recvfrom(u6, got, sizeof(got), MSG_DONTWAIT, (struct sockaddr *)&from6,
		       &flen) == 3 && !memcmp(got, "six", 3) &&
	      from6.sin6_port == htons(6666) &&
	      !memcmp(&from6.sin6_addr, &lo6.sin6_addr, 16));
	close(u6), close(r6);
	return 0;
}

/* Linux (__udp4_lib_rcv()'s icmp_send()): a UDP datagram no socket
 * takes earns an ICMP port unreachable from where it went, which raw
 * ICMP sockets see: TTL 64, TOS 0xc0, the datagram's header and as much
 * of it as fits in 576 bytes; one a socket takes earns none. Over IPv6
 * (udpv6_rcv()'s icmpv6_send()), ICMPv6's destination unreachable,
 * code 4. */
static int test_port_unreach(void)
{
	struct sockaddr_in lo = in4("127.0.0.1", 0), from;
	unsigned char buf[700], big[1000] = { 0 };
	struct iphdr *h = (struct iphdr *)buf, *in = (struct iphdr *)(buf + 28);
	struct udphdr *uh = (struct udphdr *)(buf + 48);
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t flen = sizeof(lo);
	int r, s, u, closed, ttl = 7, six = 6, seg = 2;
	size_t n;

	CHECK(new_netns(0) == 0);
	CHECK((r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) >= 0);
	CHECK((u = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(u, (struct sockaddr *)&lo, sizeof(lo)) == 0 &&
	      getsockname(u, (struct sockaddr *)&lo, &flen) == 0);
	closed = ntohs(lo.sin_port);
	close(u);		/* its port: no one there now */
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(setsockopt(s, SOL_IP, IP_TTL, &ttl, sizeof(ttl)) == 0);
	CHECK(sendto(s, "probe", 5, 0, (struct sockaddr *)&lo, sizeof(lo)) == 5);
	CHECK(rx(r, buf, sizeof(buf), &from) == 20 + 8 + 20 + 8 + 5);
	CHECK(h->protocol == IPPROTO_ICMP && h->ttl == 64 && h->tos == 0xc0 &&
	      h->saddr == lo.sin_addr.s_addr && csum_ok(h, 20));
	CHECK(buf[20] == 3 && buf[21] == 3 && csum_ok(buf + 20, 8 + 33));
	CHECK(in->protocol == IPPROTO_UDP && in->ttl == ttl &&
	      uh->dest == htons((uint16_t)closed) && !memcmp(buf + 56, "probe", 5));
	CHECK(sendto(s, big, sizeof(big), 0, (struct sockaddr *)&lo, sizeof(lo)) ==
	      (ssize_t)sizeof(big));
	CHECK(rx(r, buf, sizeof(buf), &from) == 576 && ntohs(h->tot_len) == 576 &&
	      ntohs(in->tot_len) == 1028);
	/* a UDP_SEGMENT send goes whole: one error, about all of it */
	CHECK(setsockopt(s, SOL_UDP, UDP_SEGMENT, &seg, sizeof(seg)) == 0);
	CHECK(sendto(s, "probe", 5, 0, (struct sockaddr *)&lo, sizeof(lo)) == 5);
	CHECK(rx(r, buf, sizeof(buf), &from) == 20 + 8 + 20 + 8 + 5 &&
	      ntohs(in->tot_len) == 33);
	FAILS(rx(r, buf, sizeof(buf), &from), EAGAIN);
	seg = 0;
	CHECK(setsockopt(s, SOL_UDP, UDP_SEGMENT, &seg, sizeof(seg)) == 0);
	/* a connected sender: the error, then ECONNREFUSED */
	CHECK(connect(s, (struct sockaddr *)&lo, sizeof(lo)) == 0);
	CHECK(send(s, "x", 1, 0) == 1 && rx(r, buf, sizeof(buf), &from) == 57);
	CHECK(send(s, "x", 1, 0) == -1 && errno == ECONNREFUSED);
	close(s);
	/* a raw socket's datagram too; none for a datagram taken */
	CHECK((u = socket(AF_INET, SOCK_RAW, IPPROTO_UDP)) >= 0);
	n = mkudp(big, 9999, closed, "raw", 3, lo.sin_addr.s_addr,
		  lo.sin_addr.s_addr, 1);
	CHECK(sendto(u, big, n, 0, (struct sockaddr *)&lo, sizeof(lo)) == (ssize_t)n);
	CHECK(rx(r, buf, sizeof(buf), &from) == 59 && buf[20] == 3 &&
	      uh->source == htons(9999));
	close(u);
	CHECK((u = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(u, (struct sockaddr *)&lo, sizeof(lo)) == 0);
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(sendto(s, "taken", 5, 0, (struct sockaddr *)&lo, sizeof(lo)) == 5);
	CHECK(rx(r, buf, sizeof(buf), &from) == -1 && errno == EAGAIN);
	close(u), close(s), close(r);
	/* IPv6 (a raw socket's datagram): ICMPv6's, type 1 code 4 */
	CHECK((r = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) >= 0);
	CHECK((u = socket(AF_INET6, SOCK_RAW, IPPROTO_UDP)) >= 0);
	CHECK(setsockopt(u, SOL_IPV6, IPV6_CHECKSUM, &six, sizeof(six)) == 0);
	n = mkudp(big, 9999, closed, "raw6", 4, 0, 0, 0);
	CHECK(sendto(u, big, n, 0, (struct sockaddr *)&lo6, sizeof(lo6)) == (ssize_t)n);
	CHECK(recv(r, buf, sizeof(buf), MSG_DONTWAIT) == 8 + 40 + 12 &&
	      buf[0] == 1 && buf[1] == 4 && buf[8 + 6] == IPPROTO_UDP &&
	      !memcmp(buf + 8 + 48, "raw6", 4));
	close(u), close(r);
	return 0;
}

static int race_fd;
static volatile int race_stop;

static void *race_flip(void *arg)
{
	for (int v = 0; !race_stop; v ^= 1)
		setsockopt(race_fd, SOL_IP, IP_HDRINCL, &v, sizeof(v));
	return arg;
}

/* /proc/sys/kernel/tainted, or -1. */
static long tainted(void)
{
	char t[32] = "";
	int fd = open("/proc/sys/kernel/tainted", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, t, sizeof(t) - 1);

	close(fd);
	return n <= 0 ? -1 : atol(t);
}

static int test_race(void)
{
	static unsigned char pkt[100];
	struct sockaddr_in any = in4("0.0.0.0", 0);
	struct iovec iov[4] = { { pkt, 100 }, { pkt, 100 }, { pkt, 100 },
				{ pkt, 100 } };
	struct msghdr m = { .msg_name = &any, .msg_namelen = sizeof(any),
			    .msg_iov = iov, .msg_iovlen = 4 };
	long taint = tainted();
	pthread_t t;
	int one = 1;

	CHECK(new_netns(0) == 0);
	memset(pkt, 0xcc, sizeof(pkt));
	race_fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	CHECK(race_fd >= 0 && pthread_create(&t, NULL, race_flip, NULL) == 0);
	for (int k = 0; k < 3000; k++) {
		setsockopt(race_fd, SOL_IP, IP_HDRINCL, &one, sizeof(one));
		EXPECT(sendmsg(race_fd, &m, 0) == 400);
	}
	race_stop = 1;
	pthread_join(t, NULL);
	CHECK(tainted() == taint);
	close(race_fd);
	return 0;
}

static const struct tap_test tests[] = {
	{ "mtu", test_mtu },
	{ "nocheck", test_nocheck },
	{ "cork", test_cork },
	{ "hdrincl", test_hdrincl },
	{ "rawsend", test_rawsend },
	{ "netns", test_netns },
	{ "procnet", test_procnet },
	{ "ping", test_ping },
	{ "ping6", test_ping6 },
	{ "raw6", test_raw6 },
	{ "udptap", test_udptap },
	{ "icmpfilter", test_icmpfilter },
	{ "race", test_race },
	{ "cmsgs", test_cmsgs },
	{ "cmsgs_send", test_cmsgs_send },
	{ "raw_to_udp", test_raw_to_udp },
	{ "port_unreach", test_port_unreach },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

/* Root's tests (namespaces, raw sockets): exit status 2 for a user. */
int main(int argc, char **argv)
{
	return tap_run_as_root("rawtests", tests, NTESTS, TEST_TIMEOUT, argc,
			       argv);
}
