/*
 * inettests: TCP and UDP over the loopback interface (kernel/net/af_inet.c,
 * udp.c, inet_opt.c, inet_proc.c), checked against what a Linux with only
 * `lo` up answers; the same binary passes on Linux.
 *
 *   inettests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); exit status 1 if a test failed.
 *
 *   bind       ephemeral ports (ip_local_port_range), EADDRINUSE,
 *              SO_REUSEADDR, EADDRNOTAVAIL, EACCES below 1024 for a user
 *   tcp        listen, connect, accept4, names on both ends, bytes both
 *              ways, shutdown and EOF, MSG_PEEK, MSG_WAITALL; MSG_OOB,
 *              MSG_ERRQUEUE, SIOCATMARK
 *   refused    ECONNREFUSED, ENETUNREACH; a non-blocking connect is
 *              EINPROGRESS, then SO_ERROR
 *   udp        sendto/recvfrom with names, MSG_TRUNC, MSG_PEEK; connect,
 *              and ECONNREFUSED on the next call when no one listens
 *   inet6      ::1, and an IPv6 listener reached over IPv4
 *              (::ffff:127.0.0.1), IPV6_V6ONLY
 *   sockopt    TCP_NODELAY, SO_KEEPALIVE, IP_TTL, SO_PROTOCOL; another
 *              protocol's level
 *   sigio      O_ASYNC: SIGIO (and the F_SETSIG signal) when data
 *              arrives, on TCP and on a Unix socket pair
 *   iface      lo through SIOCGIFCONF, SIOCGIFFLAGS, SIOCGIFADDR,
 *              SIOCGIFINDEX, if_nametoindex, /proc/net/dev
 *   procnet    /proc/net/tcp and /proc/net/udp in Linux's format
 *   netns      a socket keeps the network namespace it was made in: in
 *              a new one (as LTP's tst_setup_netns()) lo is down
 *              (ENETUNREACH, EADDRNOTAVAIL), then up with none of the
 *              first one's ports, abstract Unix names, /proc/net lines
 *              or counts, while an old socket's ioctls still answer for
 *              the old lo
 *   cycles     many connect/accept/close cycles (test_inet checks every
 *              page comes back)
 *   ipv6_opts  IPV6_RTHDR (segment routing headers, LTP setsockopt11),
 *              IPV6_MTU; a corked UDP send spliced from a pipe
 *   cmsgs      UDP's receive control messages: IP_PKTINFO, IP_RECVTTL,
 *              IP_RECVTOS; IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT,
 *              IPV6_RECVTCLASS; IPv4 to an IPv6 socket; MSG_CTRUNC
 *   cmsgs_send the send side's: IP_TTL, IP_TOS, IP_PKTINFO; IPV6_HOPLIMIT,
 *              IPV6_TCLASS, IPV6_PKTINFO; their errors
 *   udp_gso    UDP_SEGMENT (the option, a control message, corked, IPv6),
 *              UDP_GRO on the receiver; their errors
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define STUDENT 1000

/* The call failed with errno @e. */
#define FAILS(call, e) CHECK((call) == -1 && errno == (e))

static struct sockaddr_in lo4(int port)
{
	return (struct sockaddr_in){ .sin_family = AF_INET,
		.sin_port = htons((unsigned short)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
}

/* The port @s is bound to. */
static int port_of(int s)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);

	if (getsockname(s, (struct sockaddr *)&a, &len))
		return -1;
	return ntohs(a.sin6_port);	/* at the same offset as sin_port */
}

/* A TCP socket listening on 127.0.0.1 at an ephemeral port. */
static int tcp_listener(void)
{
	struct sockaddr_in a = lo4(0);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 8))
		return -1;
	return s;
}

/* A connected pair through listener @l: *@c the client, the accepted
 * end returned. */
static int tcp_pair(int l, int *c)
{
	struct sockaddr_in a = lo4(port_of(l));

	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (*c < 0 || connect(*c, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	return accept(l, NULL, NULL);
}

/* Write @range to /proc/sys/net/ipv4/ip_local_port_range; 0 or -1. */
static int set_port_range(const char *range)
{
	int fd = open("/proc/sys/net/ipv4/ip_local_port_range", O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, range, strlen(range));
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
	return n == (ssize_t)strlen(range) ? 0 : -1;
}

static int test_bind(void)
{
	struct sockaddr_in a = lo4(0);
	int s, t, one = 1, held[2];

	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(port_of(s) >= 1024);
	a.sin_port = htons((unsigned short)port_of(s));
	CHECK((t = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(bind(t, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	a.sin_addr.s_addr = htonl(INADDR_ANY);		/* overlaps too */
	FAILS(bind(t, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	/* SO_REUSEADDR on both, neither listening: allowed. */
	CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	CHECK(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	CHECK(bind(t, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(t);
	/* ... but not next to a listener. */
	CHECK(listen(s, 1) == 0);
	CHECK((t = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	FAILS(bind(t, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	/* UDP has its own ports. */
	close(t);
	CHECK((t = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(t, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(t);
	close(s);
	/* Port 0 picks from net.ipv4.ip_local_port_range. */
	if (set_port_range("40000 40001\n"))
		return tap_fail("cannot write ip_local_port_range");
	for (int i = 0; i < 2; i++) {
		CHECK((t = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
		a.sin_port = 0;
		CHECK(bind(t, (struct sockaddr *)&a, sizeof(a)) == 0);
		CHECK(port_of(t) == 40000 || port_of(t) == 40001);
		held[i] = t;
	}
	CHECK((t = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	FAILS(bind(t, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);	/* all taken */
	close(t);
	close(held[0]);
	close(held[1]);
	CHECK(set_port_range("40001 40000") == -1 && errno == EINVAL);
	CHECK(set_port_range("32768 60999") == 0);
	/* Not an address of this machine; all of 127/8 is. */
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	a.sin_addr.s_addr = htonl(0x0a000001);
	FAILS(bind(s, (struct sockaddr *)&a, sizeof(a)), EADDRNOTAVAIL);
	a.sin_addr.s_addr = htonl(0x7f000002);
	a.sin_port = 0;
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(s);
	{
		pid_t pid = fork();
		int status;

		CHECK(pid >= 0);
		if (pid == 0) {
			a = lo4(80);
			if (setuid(STUDENT) || (s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
				_exit(2);
			_exit(bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 &&
			      errno == EACCES ? 0 : 1);
		}
		CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	}
	return 0;
}

static int test_tcp(void)
{
	struct sockaddr_in a, b;
	socklen_t len = sizeof(a);
	int l, c, s, mark = 1;
	char buf[16];

	CHECK((l = tcp_listener()) >= 0);
	a = lo4(port_of(l));
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	FAILS(connect(c, (struct sockaddr *)&a, sizeof(a)), EISCONN);
	CHECK((s = accept4(l, (struct sockaddr *)&b, &len, SOCK_CLOEXEC)) >= 0);
	/* The server sees the client's 127.0.0.1 and ephemeral port. */
	CHECK(len == sizeof(b) && b.sin_family == AF_INET &&
	      b.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      ntohs(b.sin_port) == port_of(c));
	len = sizeof(b);
	CHECK(getsockname(c, (struct sockaddr *)&b, &len) == 0 &&
	      b.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	len = sizeof(b);
	CHECK(getpeername(c, (struct sockaddr *)&b, &len) == 0 &&
	      b.sin_port == a.sin_port && b.sin_addr.s_addr == a.sin_addr.s_addr);
	len = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &len) == 0 &&
	      b.sin_port == a.sin_port);
	/* The accepted end is TCP too (LTP's servers set options on it). */
	CHECK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &mark, sizeof(mark)) == 0);
	len = sizeof(mark);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &mark, &len) == 0 &&
	      mark == IPPROTO_TCP);
	CHECK(write(c, "hello", 5) == 5);
	CHECK(recv(s, buf, sizeof(buf), MSG_PEEK) == 5);
	CHECK(recv(s, buf, 2, 0) == 2 && !memcmp(buf, "he", 2));
	CHECK(send(s, "world", 5, 0) == 5);
	CHECK(recv(c, buf, 5, MSG_WAITALL) == 5 && !memcmp(buf, "world", 5));
	/* No urgent data, no error queue (LTP recv01, sockioctl01). */
	FAILS(recv(s, buf, 1, MSG_OOB), EINVAL);
	FAILS(recv(s, buf, 1, MSG_ERRQUEUE), EAGAIN);
	CHECK(ioctl(s, SIOCATMARK, &mark) == 0 && mark == 0);
	CHECK(shutdown(c, SHUT_WR) == 0);
	CHECK(read(s, buf, sizeof(buf)) == 3 && !memcmp(buf, "llo", 3));
	CHECK(read(s, buf, sizeof(buf)) == 0);		/* EOF */
	FAILS(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	close(s);
	close(c);
	/* Unconnected: send is EPIPE, recv ENOTCONN. */
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	FAILS(recv(c, buf, 1, 0), ENOTCONN);
	FAILS(getpeername(c, (struct sockaddr *)&b, &len), ENOTCONN);
	close(c);
	close(l);
	return 0;
}

static int test_refused(void)
{
	struct sockaddr_in a = lo4(0);
	struct pollfd p;
	socklen_t len = sizeof(int);
	int s, port, err;

	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	port = port_of(s);
	close(s);			/* now no one is there */
	a = lo4(port);
	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
	close(s);
	CHECK((s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS);
	p = (struct pollfd){ .fd = s, .events = POLLOUT };
	CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLERR));
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
	      err == ECONNREFUSED);
	close(s);
	a.sin_addr.s_addr = htonl(0x0a000001);		/* no route there */
	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&a, sizeof(a)), ENETUNREACH);
	close(s);
	/* A non-blocking connect that succeeds: EINPROGRESS, writable. */
	CHECK((err = tcp_listener()) >= 0);
	a = lo4(port_of(err));
	CHECK((s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS);
	p = (struct pollfd){ .fd = s, .events = POLLOUT };
	CHECK(poll(&p, 1, 1000) == 1 && p.revents == POLLOUT);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &port, &len) == 0 && !port);
	close(s);
	close(err);
	return 0;
}

static char big[65536];

static int test_udp(void)
{
	struct sockaddr_in a = lo4(0), from;
	socklen_t len = sizeof(from);
	char buf[16];
	int r, s;

	CHECK((r = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r, (struct sockaddr *)&a, sizeof(a)) == 0);
	a = lo4(port_of(r));
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	FAILS(send(s, "x", 1, 0), EDESTADDRREQ);
	CHECK(sendto(s, "hello", 5, 0, (struct sockaddr *)&a, sizeof(a)) == 5);
	CHECK(sendto(s, "hi", 2, 0, (struct sockaddr *)&a, sizeof(a)) == 2);
	CHECK(recv(r, buf, sizeof(buf), MSG_PEEK) == 5);
	CHECK(recvfrom(r, buf, 3, 0, (struct sockaddr *)&from, &len) == 3);
	CHECK(len == sizeof(from) && from.sin_family == AF_INET &&
	      from.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      ntohs(from.sin_port) == port_of(s));
	CHECK(recv(r, buf, 1, MSG_TRUNC) == 2);		/* the whole length */
	FAILS(recv(r, buf, 1, MSG_DONTWAIT), EAGAIN);
	FAILS(recv(r, buf, 1, MSG_ERRQUEUE), EAGAIN);
	FAILS(ioctl(r, SIOCATMARK, &len), ENOTTY);
	/* The receiver answers the name it was given. */
	CHECK(sendto(r, "back", 4, 0, (struct sockaddr *)&from, len) == 4);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "back", 4));
	/* A bad buffer is EFAULT, to a receiver or to no one (Linux copies
	 * it before it routes), and nothing goes. */
	FAILS(sendto(s, (void *)8, 5, 0, (struct sockaddr *)&a, sizeof(a)), EFAULT);
	FAILS(recv(r, buf, 1, MSG_DONTWAIT), EAGAIN);
	/* Connected to a port no one has: the next call is ECONNREFUSED. */
	close(r);
	FAILS(sendto(s, (void *)8, 5, 0, (struct sockaddr *)&a, sizeof(a)), EFAULT);
	CHECK(connect(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	FAILS(send(s, (void *)8, 1, 0), EFAULT);	/* no error to come */
	CHECK(send(s, "x", 1, 0) == 1);
	FAILS(send(s, "x", 1, 0), ECONNREFUSED);
	CHECK(send(s, "x", 1, 0) == 1);
	FAILS(recv(s, buf, 1, MSG_DONTWAIT), ECONNREFUSED);
	FAILS(recv(s, buf, 1, MSG_DONTWAIT), EAGAIN);
	len = sizeof(from);
	CHECK(getpeername(s, (struct sockaddr *)&from, &len) == 0 &&
	      from.sin_port == a.sin_port);
	FAILS(sendto(s, big, 65508, 0, (struct sockaddr *)&a, sizeof(a)), EMSGSIZE);
	a.sin_port = 0;
	FAILS(sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)), EINVAL);
	close(s);
	return 0;
}

static int test_inet6(void)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 }, b6;
	struct sockaddr_in a;
	socklen_t len = sizeof(b6);
	int l, c, s, on = 1;

	CHECK((l = socket(AF_INET6, SOCK_STREAM, 0)) >= 0);
	CHECK(bind(l, (struct sockaddr *)&a6, sizeof(a6)) == 0);	/* :: */
	CHECK(listen(l, 4) == 0);
	a = lo4(port_of(l));
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK((s = accept(l, (struct sockaddr *)&b6, &len)) >= 0);
	CHECK(len == sizeof(b6) && IN6_IS_ADDR_V4MAPPED(&b6.sin6_addr) &&
	      b6.sin6_addr.s6_addr[12] == 127 && ntohs(b6.sin6_port) == port_of(c));
	CHECK(write(s, "6to4", 4) == 4 && read(c, &a, 4) == 4);
	close(s);
	close(c);
	a6.sin6_addr = in6addr_loopback;
	a6.sin6_port = htons((unsigned short)port_of(l));
	CHECK((c = socket(AF_INET6, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(c, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	len = sizeof(b6);
	CHECK(getsockname(c, (struct sockaddr *)&b6, &len) == 0 &&
	      IN6_IS_ADDR_LOOPBACK(&b6.sin6_addr));
	CHECK((s = accept(l, NULL, NULL)) >= 0);
	close(s);
	close(c);
	close(l);
	/* IPV6_V6ONLY: IPv4 no longer reaches it. */
	CHECK((l = socket(AF_INET6, SOCK_STREAM, 0)) >= 0);
	CHECK(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == 0);
	a6 = (struct sockaddr_in6){ .sin6_family = AF_INET6 };
	CHECK(bind(l, (struct sockaddr *)&a6, sizeof(a6)) == 0 && listen(l, 1) == 0);
	a = lo4(port_of(l));
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(connect(c, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
	close(c);
	close(l);
	return 0;
}

static int test_sockopt(void)
{
	int s, v = 1;
	socklen_t len = sizeof(v);

	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v == 0);
	v = 5;
	CHECK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)) == 0);
	CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v == 1);
	CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)) == 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len) == 0 && v == 1);
	CHECK(getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len) == 0 && v == 64);
	v = 0;
	FAILS(setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof(v)), EINVAL);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 &&
	      v == IPPROTO_TCP);
	FAILS(setsockopt(s, IPPROTO_UDP, 1, &v, sizeof(v)), ENOPROTOOPT);
	/* getsockopt at another protocol's level (LTP getsockopt01). */
	FAILS(getsockopt(s, IPPROTO_UDP, SO_OOBINLINE, &v, &len), EOPNOTSUPP);
	FAILS(getsockopt(s, IPPROTO_TCP, 99, &v, &len), ENOPROTOOPT);
	close(s);
	return 0;
}

static volatile sig_atomic_t sigio_count, sigio_fd;

static void on_sigio(int sig __attribute__((unused)), siginfo_t *si,
		     void *uc __attribute__((unused)))
{
	sigio_count++;
	sigio_fd = si->si_fd;
}

/* @rd has O_ASYNC (signal @sig to us); a write on @wr must raise it. */
static int sigio_on(int rd, int wr, int sig)
{
	CHECK(fcntl(rd, F_SETOWN, getpid()) == 0);
	if (sig != SIGIO)
		CHECK(fcntl(rd, F_SETSIG, sig) == 0);
	CHECK(fcntl(rd, F_SETFL, fcntl(rd, F_GETFL) | O_ASYNC) == 0);
	sigio_count = 0;
	CHECK(write(wr, "x", 1) == 1);
	for (int i = 0; i < 100 && !sigio_count; i++)
		usleep(10000);
	CHECK(sigio_count >= 1);
	if (sig != SIGIO)
		CHECK(sigio_fd == rd);
	return 0;
}

static int test_sigio(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigio, .sa_flags = SA_SIGINFO };
	int l, c, s, sv[2];

	CHECK(sigaction(SIGIO, &sa, NULL) == 0);
	CHECK(sigaction(SIGRTMIN + 1, &sa, NULL) == 0);
	CHECK((l = tcp_listener()) >= 0);
	CHECK((s = tcp_pair(l, &c)) >= 0);
	if (sigio_on(s, c, SIGIO))
		return 1;
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	if (sigio_on(sv[0], sv[1], SIGRTMIN + 1))
		return 1;
	close(sv[0]);
	close(sv[1]);
	close(s);
	close(c);
	close(l);
	return 0;
}

static int test_iface(void)
{
	struct ifreq r = { .ifr_name = "lo" }, all[4];
	struct ifconf ifc = { .ifc_len = sizeof(all), .ifc_req = all };
	struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;
	int s, u;

	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(ioctl(s, SIOCGIFFLAGS, &r) == 0 &&
	      (r.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)) ==
	      (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	CHECK(ioctl(s, SIOCGIFADDR, &r) == 0 && in->sin_family == AF_INET &&
	      in->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK(ioctl(s, SIOCGIFNETMASK, &r) == 0 &&
	      in->sin_addr.s_addr == htonl(0xff000000));
	CHECK(ioctl(s, SIOCGIFINDEX, &r) == 0 && r.ifr_ifindex == 1);
	CHECK(ioctl(s, SIOCGIFCONF, &ifc) == 0 && ifc.ifc_len == sizeof(r) &&
	      !strcmp(all[0].ifr_name, "lo"));
	strcpy(r.ifr_name, "eth0");
	FAILS(ioctl(s, SIOCGIFFLAGS, &r), ENODEV);
	/* Any socket answers: glibc asks whichever it could open. */
	CHECK((u = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0);
	strcpy(r.ifr_name, "lo");
	CHECK(ioctl(u, SIOCGIFINDEX, &r) == 0 && r.ifr_ifindex == 1);
	close(u);
	close(s);
	CHECK(if_nametoindex("lo") == 1);
	CHECK(if_nametoindex("eth0") == 0);
	if (!procfs_net_has("dev", "    lo: "))
		return tap_fail("no lo in /proc/net/dev");
	return 0;
}

static int test_procnet(void)
{
	char want[64];
	int l, u, s, c;

	CHECK((l = tcp_listener()) >= 0);
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 0A ", port_of(l));
	if (!procfs_net_has("tcp", want))
		return tap_fail("no \"%s\" in /proc/net/tcp", want);
	CHECK((u = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(u, (struct sockaddr *)&(struct sockaddr_in6){
		.sin6_family = AF_INET6 }, sizeof(struct sockaddr_in6)) == 0);
	snprintf(want, sizeof(want), ": 00000000000000000000000000000000:%04X ",
		 port_of(u));
	if (!procfs_net_has("udp6", want))
		return tap_fail("no \"%s\" in /proc/net/udp6", want);
	CHECK(procfs_net_has("tcp", "  sl  local_address rem_address   st"));
	/* A connection: both ends, ESTABLISHED (01), each the other's peer. */
	CHECK((s = tcp_pair(l, &c)) >= 0);
	snprintf(want, sizeof(want), ": 0100007F:%04X 0100007F:%04X 01 ",
		 port_of(c), port_of(l));
	if (!procfs_net_has("tcp", want))
		return tap_fail("no \"%s\" in /proc/net/tcp", want);
	snprintf(want, sizeof(want), ": 0100007F:%04X 0100007F:%04X 01 ",
		 port_of(l), port_of(c));
	if (!procfs_net_has("tcp", want))
		return tap_fail("no \"%s\" in /proc/net/tcp", want);
	close(s);
	close(c);
	close(u);
	close(l);
	return 0;
}

#define NETNS_NAME "\0inettests-netns"	/* an abstract Unix name */

/* A Unix stream socket listening at (@listening) or connected to
 * NETNS_NAME: the socket, or -1 with errno. */
static int unix_abstract(int listening)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(a.sun_family) + sizeof(NETNS_NAME) - 1;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), e;

	memcpy(a.sun_path, NETNS_NAME, sizeof(NETNS_NAME) - 1);
	if (s >= 0 && (listening ? bind(s, (struct sockaddr *)&a, len) ||
				   listen(s, 1) :
				   connect(s, (struct sockaddr *)&a, len))) {
		e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/* Is lo up, asked through socket @s? 1, 0, or -1 when ioctl fails. */
static int lo_up_via(int s)
{
	struct ifreq r = { .ifr_name = "lo" };

	if (ioctl(s, SIOCGIFFLAGS, &r))
		return -1;
	return (r.ifr_flags & IFF_UP) != 0;
}

/* Sockets of the first namespace (a TCP listener, a bound UDP socket,
 * an abstract Unix name), then a new user and network namespace as
 * LTP's tst_setup_netns() makes them, where none of them is seen. */
static int test_netns(void)
{
	struct sockaddr_in t = lo4(0), u = lo4(0);
	struct ifreq up = { .ifr_name = "lo", .ifr_flags = IFF_UP };
	int l, old, n, s, d;
	char want[64];

	CHECK((l = tcp_listener()) >= 0 && (n = unix_abstract(1)) >= 0);
	CHECK((old = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(old, (struct sockaddr *)&u, sizeof(u)) == 0);
	CHECK(procfs_net_has("unix", "@inettests-netns"));
	t = lo4(port_of(l));
	u = lo4(port_of(old));
	if (tap_user_netns(STUDENT))
		return -1;
	CHECK(procfs_net_has("dev", "    lo:       0       0 "));
	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&t, sizeof(t)), ENETUNREACH);
	FAILS(bind(s, (struct sockaddr *)&u, sizeof(u)), EADDRNOTAVAIL);
	close(s);
	CHECK((d = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(lo_up_via(d) == 0 && lo_up_via(old) == 1);
	CHECK(ioctl(d, SIOCSIFFLAGS, &up) == 0);
	CHECK(lo_up_via(d) == 1);
	CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	FAILS(connect(s, (struct sockaddr *)&t, sizeof(t)), ECONNREFUSED);
	close(s);
	CHECK(bind(d, (struct sockaddr *)&u, sizeof(u)) == 0);	/* free here */
	CHECK(sendto(d, "n", 1, 0, (struct sockaddr *)&u, sizeof(u)) == 1);
	CHECK(recv(d, want, sizeof(want), MSG_DONTWAIT) == 1 && want[0] == 'n');
	FAILS(recv(old, want, sizeof(want), MSG_DONTWAIT), EAGAIN);
	CHECK(sendto(old, "o", 1, 0, (struct sockaddr *)&u, sizeof(u)) == 1);
	CHECK(recv(old, want, sizeof(want), MSG_DONTWAIT) == 1 && want[0] == 'o');
	FAILS(recv(d, want, sizeof(want), MSG_DONTWAIT), EAGAIN);
	snprintf(want, sizeof(want), ":%04X ", ntohs(t.sin_port));
	CHECK(!procfs_net_has("tcp", want));
	CHECK(!procfs_net_has("unix", "@inettests-netns"));
	FAILS(unix_abstract(0), ECONNREFUSED);
	CHECK((s = unix_abstract(1)) >= 0);	/* the name is free here */
	CHECK(procfs_net_has("unix", "@inettests-netns"));
	close(s), close(d), close(n), close(old), close(l);
	return 0;
}

static int test_cycles(void)
{
	int l, c, s;
	char buf[64];

	CHECK((l = tcp_listener()) >= 0);
	for (int i = 0; i < 200; i++) {
		CHECK((s = tcp_pair(l, &c)) >= 0);
		CHECK(write(c, buf, sizeof(buf)) == sizeof(buf));
		if (i % 2)
			CHECK(read(s, buf, sizeof(buf)) == sizeof(buf));
		close(c);
		close(s);
	}
	close(l);
	for (int i = 0; i < 200; i++) {
		struct sockaddr_in a = lo4(0);

		CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
		CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
		a = lo4(port_of(s));
		CHECK(sendto(s, buf, 8, 0, (struct sockaddr *)&a, sizeof(a)) == 8);
		close(s);
	}
	return 0;
}

#ifndef IPV6_RTHDR
#define IPV6_RTHDR 57
#endif

/* A segment routing header (type 4) of @len bytes as LTP setsockopt11
 * builds it: ::1 as every segment, a PadN TLV filling the rest. */
static void srh_build(unsigned char *h, int len)
{
	int segs = (len - 8) / 16, pad = len - 8 - 16 * segs;
	struct in6_addr one = IN6ADDR_LOOPBACK_INIT;

	memset(h, 0, (size_t)len);
	h[1] = (unsigned char)((len - 8) / 8);
	h[2] = 4;
	h[3] = h[4] = (unsigned char)(segs - 1);
	for (int i = 0; i < segs; i++)
		memcpy(h + 8 + 16 * i, &one, 16);
	if (pad)
		h[9 + 16 * segs] = (unsigned char)(pad - 2);
}

/* Linux (ipv6_set_opt_hdr(), seg6_validate_srh(); LTP setsockopt11):
 * IPV6_RTHDR keeps a Mobile IPv6 or segment routing header, read back
 * as given; a bad one is EINVAL, 0 bytes removes it, an IPv4 socket has
 * no such option. IPV6_MTU takes 0 or 1280 up (EINVAL between) and
 * reads back the route's MTU, ENOTCONN unconnected. Then LTP's corked
 * UDP send spliced from a pipe, and the pipe's page is still the pipe's. */
static int test_ipv6_opts(void)
{
	static unsigned char h[640], got[640];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT,
				   .sin6_port = htons(12345) };
	socklen_t len = sizeof(got);
	int s = socket(AF_INET6, SOCK_DGRAM, 0), s4 = socket(AF_INET, SOCK_DGRAM, 0);
	int v = 1000, p[2], q[2], one = 1;
	char pat[256], back[256];

	CHECK(s >= 0 && s4 >= 0);
	srh_build(h, 640);
	CHECK(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 640) == 0);
	CHECK(getsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, got, &len) == 0 &&
	      len == 640 && !memcmp(got, h, 640));
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 636), EINVAL);
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 632), EINVAL);
	h[3] = 40;					/* segments_left > first */
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 640), EINVAL);
	srh_build(h, 640);
	h[633] = 7;					/* the TLV runs past */
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 640), EINVAL);
	h[2] = 0;					/* type 0: gone */
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 640), EINVAL);
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, (void *)8, 640), EFAULT);
	CHECK(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, NULL, 0) == 0);
	len = sizeof(got);
	CHECK(getsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, got, &len) == 0 && len == 0);
	FAILS(setsockopt(s4, IPPROTO_IPV6, IPV6_RTHDR, h, 640), ENOPROTOOPT);
	FAILS(setsockopt(s, IPPROTO_IPV6, IPV6_MTU, &v, sizeof(v)), EINVAL);
	v = 1280;
	CHECK(setsockopt(s, IPPROTO_IPV6, IPV6_MTU, &v, sizeof(v)) == 0);
	len = sizeof(v);
	FAILS(getsockopt(s, IPPROTO_IPV6, IPV6_MTU, &v, &len), ENOTCONN);
	/* LTP setsockopt11's send: corked, spliced, closed unsent */
	srh_build(h, 640);
	CHECK(setsockopt(s, IPPROTO_IPV6, IPV6_RTHDR, h, 640) == 0);
	CHECK(connect(s, (struct sockaddr *)&to, sizeof(to)) == 0);
	CHECK(getsockopt(s, IPPROTO_IPV6, IPV6_MTU, &v, &len) == 0 && v == 65536);
	CHECK(setsockopt(s, IPPROTO_UDP, UDP_CORK, &one, sizeof(one)) == 0);
	CHECK(pipe(p) == 0 && pipe(q) == 0);
	memset(pat, 0x42, sizeof(pat));
	CHECK(write(p[1], pat, sizeof(pat)) == (ssize_t)sizeof(pat));
	CHECK(tee(p[0], q[1], sizeof(pat), 0) == (ssize_t)sizeof(pat));
	CHECK(splice(q[0], NULL, s, NULL, sizeof(pat), SPLICE_F_MORE) ==
	      (ssize_t)sizeof(pat));
	close(s);
	CHECK(read(p[0], back, sizeof(back)) == (ssize_t)sizeof(back) &&
	      !memcmp(back, pat, sizeof(pat)));
	close(p[0]), close(p[1]), close(q[0]), close(q[1]), close(s4);
	return 0;
}

static char cmsg_data[64];
static struct iovec cmsg_iov = { cmsg_data, sizeof(cmsg_data) };

/* Receive one datagram on @s without waiting (and @flags), @clen bytes
 * of control room at @ctl; its length, *@m as recvmsg left it. */
static ssize_t recv_ctl(int s, int flags, void *ctl, size_t clen,
			struct msghdr *m)
{
	*m = (struct msghdr){ .msg_iov = &cmsg_iov, .msg_iovlen = 1,
			      .msg_control = ctl, .msg_controllen = clen };
	return recvmsg(s, m, flags | MSG_DONTWAIT);
}

/* Is @c a control message of @level and @type holding the @len bytes
 * at @data? */
static int cmsg_is(struct cmsghdr *c, int level, int type, const void *data,
		   size_t len)
{
	return c && c->cmsg_level == level && c->cmsg_type == type &&
	       c->cmsg_len == CMSG_LEN(len) && !memcmp(CMSG_DATA(c), data, len);
}

/* Set on/off option @opt at @level of @s to @v; 0 or -1. */
static int set_int(int s, int level, int opt, int v)
{
	return setsockopt(s, level, opt, &v, sizeof(v));
}

/* The int option @opt at @level of @s, or -2. */
static int get_int(int s, int level, int opt)
{
	socklen_t len = sizeof(int);
	int v;

	return getsockopt(s, level, opt, &v, &len) || len != sizeof(v) ? -2 : v;
}

/* Linux (ip_cmsg_recv_offset(), ip6_datagram_recv_ctl(), put_cmsg()):
 * what a receiver asked for comes with each datagram, in Linux's order:
 * the destination and lo's index, the sender's TTL or hop limit, its
 * TOS or traffic class; an IPv6 socket given IPv4 gets IPV6_PKTINFO of
 * the mapped address and the IPv4 messages alone; a buffer too small
 * cuts the message (MSG_CTRUNC), MSG_PEEK gets them too. */
static int test_cmsgs(void)
{
	union { struct cmsghdr h; char b[256]; } ctl;
	struct sockaddr_in a = lo4(0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct in_pktinfo pi = { .ipi_ifindex = 1 };
	struct in6_pktinfo pi6 = { .ipi6_addr = IN6ADDR_LOOPBACK_INIT,
				   .ipi6_ifindex = 1 };
	struct msghdr m;
	struct cmsghdr *c;
	int r, s, r6, s6, ttl = 33, hops = 7, tclass = 0x20, dflt = 64, zero = 0;
	unsigned char tos = 0x10;

	CHECK((r = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r, (struct sockaddr *)&a, sizeof(a)) == 0);
	a = lo4(port_of(r));
	CHECK(get_int(r, SOL_IP, IP_PKTINFO) == 0);
	CHECK(set_int(r, SOL_IP, IP_PKTINFO, 1) == 0);
	CHECK(set_int(r, SOL_IP, IP_RECVTTL, 5) == 0);	/* any non-zero */
	CHECK(set_int(r, SOL_IP, IP_RECVTOS, 1) == 0);
	CHECK(get_int(r, SOL_IP, IP_RECVTTL) == 1 &&
	      get_int(r, SOL_IP, IP_RECVTOS) == 1);
	FAILS(set_int(r, SOL_IPV6, IPV6_RECVHOPLIMIT, 1), ENOPROTOOPT);
	CHECK(set_int(s, SOL_IP, IP_TTL, ttl) == 0 &&
	      set_int(s, SOL_IP, IP_TOS, tos) == 0);
	CHECK(sendto(s, "one", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3);
	CHECK(sendto(s, "two", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3);
	pi.ipi_spec_dst = pi.ipi_addr = a.sin_addr;
	CHECK(recv_ctl(r, MSG_PEEK, &ctl, sizeof(ctl), &m) == 3);
	CHECK(!(m.msg_flags & MSG_CTRUNC) && m.msg_controllen ==
	      CMSG_SPACE(sizeof(pi)) + CMSG_SPACE(sizeof(int)) + CMSG_SPACE(1));
	CHECK(cmsg_is(c = CMSG_FIRSTHDR(&m), SOL_IP, IP_PKTINFO, &pi, sizeof(pi)));
	CHECK(cmsg_is(c = CMSG_NXTHDR(&m, c), SOL_IP, IP_TTL, &ttl, sizeof(ttl)));
	CHECK(cmsg_is(c = CMSG_NXTHDR(&m, c), SOL_IP, IP_TOS, &tos, 1));
	/* room for a part of the first: cut there, the rest dropped */
	CHECK(recv_ctl(r, 0, &ctl, 20, &m) == 3);
	CHECK((m.msg_flags & MSG_CTRUNC) && m.msg_controllen == 20 &&
	      ctl.h.cmsg_len == 20 && ctl.h.cmsg_type == IP_PKTINFO);
	CHECK(recv_ctl(r, 0, NULL, 0, &m) == 3 && (m.msg_flags & MSG_CTRUNC));
	/* the flags off; the receiver's own send, IP_TTL's default */
	CHECK(set_int(r, SOL_IP, IP_PKTINFO, 0) == 0 &&
	      set_int(r, SOL_IP, IP_RECVTOS, 0) == 0);
	CHECK(sendto(r, "me", 2, 0, (struct sockaddr *)&a, sizeof(a)) == 2);
	CHECK(recv_ctl(r, 0, &ctl, sizeof(ctl), &m) == 2 && !m.msg_flags &&
	      m.msg_controllen == CMSG_SPACE(sizeof(int)));
	CHECK(cmsg_is(CMSG_FIRSTHDR(&m), SOL_IP, IP_TTL, &dflt, sizeof(dflt)));

	/* IPv6: the packet info, hop limit and traffic class */
	CHECK((r6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK((s6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	a6.sin6_port = htons((unsigned short)port_of(r6));
	CHECK(set_int(r6, SOL_IPV6, IPV6_RECVPKTINFO, 1) == 0 &&
	      set_int(r6, SOL_IPV6, IPV6_RECVHOPLIMIT, 1) == 0 &&
	      set_int(r6, SOL_IPV6, IPV6_RECVTCLASS, 1) == 0);
	CHECK(get_int(r6, SOL_IPV6, IPV6_RECVHOPLIMIT) == 1 &&
	      get_int(s6, SOL_IPV6, IPV6_TCLASS) == 0);
	FAILS(set_int(s6, SOL_IPV6, IPV6_TCLASS, 256), EINVAL);
	CHECK(set_int(s6, SOL_IPV6, IPV6_TCLASS, tclass) == 0 &&
	      set_int(s6, SOL_IPV6, IPV6_UNICAST_HOPS, hops) == 0);
	CHECK(get_int(s6, SOL_IPV6, IPV6_TCLASS) == tclass);
	CHECK(sendto(s6, "six", 3, 0, (struct sockaddr *)&a6, sizeof(a6)) == 3);
	CHECK(recv_ctl(r6, 0, &ctl, sizeof(ctl), &m) == 3 && !m.msg_flags);
	CHECK(cmsg_is(c = CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_PKTINFO, &pi6,
		      sizeof(pi6)));
	CHECK(cmsg_is(c = CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_HOPLIMIT, &hops,
		      sizeof(hops)));
	CHECK(cmsg_is(c = CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_TCLASS, &tclass,
		      sizeof(tclass)));
	CHECK(!CMSG_NXTHDR(&m, c));
	CHECK(set_int(s6, SOL_IPV6, IPV6_TCLASS, -1) == 0 &&	/* 0 again */
	      get_int(s6, SOL_IPV6, IPV6_TCLASS) == 0);
	CHECK(sendto(r6, "me", 2, 0, (struct sockaddr *)&a6, sizeof(a6)) == 2);
	CHECK(recv_ctl(r6, 0, &ctl, sizeof(ctl), &m) == 2);
	c = CMSG_NXTHDR(&m, CMSG_FIRSTHDR(&m));
	CHECK(cmsg_is(c, SOL_IPV6, IPV6_HOPLIMIT, &dflt, sizeof(dflt)));
	CHECK(cmsg_is(CMSG_NXTHDR(&m, c), SOL_IPV6, IPV6_TCLASS, &zero,
		      sizeof(zero)));
	close(r6);

	/* IPv4 to an IPv6 socket: IPV6_PKTINFO mapped, IP_TTL, no hop limit */
	a6 = (struct sockaddr_in6){ .sin6_family = AF_INET6 };
	CHECK((r6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	CHECK(set_int(r6, SOL_IPV6, IPV6_RECVPKTINFO, 1) == 0 &&
	      set_int(r6, SOL_IPV6, IPV6_RECVHOPLIMIT, 1) == 0 &&
	      set_int(r6, SOL_IP, IP_RECVTTL, 1) == 0);
	a = lo4(port_of(r6));
	CHECK(sendto(s, "map", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3);
	memset(&pi6.ipi6_addr, 0, 16);
	pi6.ipi6_addr.s6_addr[10] = pi6.ipi6_addr.s6_addr[11] = 0xff;
	memcpy(&pi6.ipi6_addr.s6_addr[12], &a.sin_addr, 4);
	CHECK(recv_ctl(r6, 0, &ctl, sizeof(ctl), &m) == 3 && !m.msg_flags);
	CHECK(m.msg_controllen == CMSG_SPACE(sizeof(pi6)) + CMSG_SPACE(sizeof(int)));
	CHECK(cmsg_is(c = CMSG_FIRSTHDR(&m), SOL_IPV6, IPV6_PKTINFO, &pi6,
		      sizeof(pi6)));
	CHECK(cmsg_is(CMSG_NXTHDR(&m, c), SOL_IP, IP_TTL, &ttl, sizeof(ttl)));
	close(r6), close(s6), close(r), close(s);
	return 0;
}

/* Send "x" from @s to @to (@tlen bytes) with one control message of
 * @level, @type and @len bytes at @data; sendmsg's result. */
static ssize_t send_cmsg(int s, const void *to, socklen_t tlen, int level,
			 int type, const void *data, size_t len)
{
	union { struct cmsghdr h; char b[CMSG_SPACE(64)]; } ctl;
	struct iovec v = { "x", 1 };
	struct msghdr m = { .msg_name = (void *)to, .msg_namelen = tlen,
			    .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = &ctl, .msg_controllen = CMSG_SPACE(len) };

	memset(&ctl, 0, sizeof(ctl));
	ctl.h.cmsg_level = level;
	ctl.h.cmsg_type = type;
	ctl.h.cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(&ctl.h), data, len);
	return sendmsg(s, &m, 0);
}

/* The data of the control message of @level and @type in @m, or NULL. */
static void *cmsg_find(struct msghdr *m, int level, int type)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == level && c->cmsg_type == type)
			return CMSG_DATA(c);
	return NULL;
}

/* The int in control message @level/@type of the next datagram on @r
 * (the source into *@from), or -1. */
static int recv_cmsg_int(int r, int level, int type, struct sockaddr_in6 *from)
{
	union { struct cmsghdr h; char b[256]; } ctl;
	struct msghdr m;
	int v = -1, *p;

	memset(from, 0, sizeof(*from));
	m = (struct msghdr){ .msg_name = from, .msg_namelen = sizeof(*from),
			     .msg_iov = &cmsg_iov, .msg_iovlen = 1,
			     .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
	if (recvmsg(r, &m, MSG_DONTWAIT) < 0)
		return -1;
	if (type == IP_TOS && (p = cmsg_find(&m, level, type)) != NULL)
		return *(unsigned char *)p;
	if ((p = cmsg_find(&m, level, type)) != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

/* How many SOL_SOCKET control messages came with the next message on
 * @r (without waiting), or -1. */
static int recv_sol_socket(int r)
{
	union { struct cmsghdr h; char b[256]; } ctl;
	struct msghdr m = { .msg_iov = &cmsg_iov, .msg_iovlen = 1,
			    .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
	int n = 0;

	if (recvmsg(r, &m, MSG_DONTWAIT) < 0)
		return -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		n += c->cmsg_level == SOL_SOCKET;
	return n;
}

/* Linux (ip_cmsg_send(), ip6_datagram_send_ctl()): a send's IP_TTL,
 * IP_TOS (an int or a byte), IP_PKTINFO's source; IPV6_HOPLIMIT,
 * IPV6_TCLASS, IPV6_PKTINFO (a mapped one to IPv4) set that datagram
 * alone; each out-of-range value, unknown IP-level type, other
 * interface or foreign source is refused; other levels are ignored. */
static int test_cmsgs_send(void)
{
	struct sockaddr_in a = lo4(0), src = lo4(0), *f4;
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT }, from;
	struct in_pktinfo pi = { 0 };
	struct in6_pktinfo pi6 = { .ipi6_addr = IN6ADDR_LOOPBACK_INIT };
	int r, s, r6, s6, l, t, c, v, fd = 0;
	unsigned char tos = 0x28;

	f4 = (struct sockaddr_in *)&from;
	CHECK((r = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r, (struct sockaddr *)&a, sizeof(a)) == 0);
	a = lo4(port_of(r));
	CHECK(set_int(r, SOL_IP, IP_RECVTTL, 1) == 0 &&
	      set_int(r, SOL_IP, IP_RECVTOS, 1) == 0);
	CHECK(set_int(s, SOL_IP, IP_TTL, 33) == 0);
	v = 9;
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TTL, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 9);
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TOS, &tos, 1) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TOS, &from) == tos);
	v = 0x48;			/* IP_TOS as an int */
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TOS, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TOS, &from) == 0x48);
	CHECK(sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 33);	/* one only */
	/* IP_PKTINFO: the source the receiver sees */
	src.sin_addr.s_addr = htonl(0x7f000002);
	pi.ipi_spec_dst = src.sin_addr;
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_PKTINFO, &pi, sizeof(pi)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 33 &&
	      f4->sin_addr.s_addr == src.sin_addr.s_addr && f4->sin_port == htons(port_of(s)));
	pi.ipi_ifindex = 1;		/* lo */
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_PKTINFO, &pi, sizeof(pi)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 33);
	/* ignored: another level's, AF_UNIX's descriptors and credentials
	 * (UDP used to pass the descriptor on, and SO_PASSCRED's ids) */
	v = 1;
	CHECK(set_int(r, SOL_SOCKET, SO_PASSCRED, 1) == 0);
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_IPV6, IPV6_HOPLIMIT, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 33);
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_SOCKET, SCM_RIGHTS, &fd, sizeof(fd)) == 1);
	CHECK(recv_sol_socket(r) == 0);
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_SOCKET, SO_MARK, &v, sizeof(v)) == 1);
	CHECK(recv_sol_socket(r) == 0);
	/* TCP: SOL_SOCKET's alone, checked; nothing rides along */
	CHECK((l = tcp_listener()) >= 0 && (t = tcp_pair(l, &c)) >= 0);
	CHECK(set_int(c, SOL_SOCKET, SO_PASSCRED, 1) == 0);
	CHECK(send_cmsg(t, NULL, 0, SOL_SOCKET, SCM_RIGHTS, &fd, sizeof(fd)) == 1);
	CHECK(recv_sol_socket(c) == 0);
	CHECK(send_cmsg(t, NULL, 0, SOL_IP, 99, &v, sizeof(v)) == 1);
	FAILS(send_cmsg(t, NULL, 0, SOL_SOCKET, 99, &v, sizeof(v)), EINVAL);
	CHECK(recv_sol_socket(c) == 0 && recv_sol_socket(c) == -1);
	close(l), close(t), close(c);
	/* refused */
	v = 0;
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TTL, &v, sizeof(v)), EINVAL);
	v = 256;
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TTL, &v, sizeof(v)), EINVAL);
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TOS, &v, sizeof(v)), EINVAL);
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_TTL, &tos, 1), EINVAL);
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_RECVTTL, &v, sizeof(v)), EINVAL);
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_SOCKET, 99, &v, sizeof(v)), EINVAL);
	pi.ipi_ifindex = 99;
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_PKTINFO, &pi, sizeof(pi)), ENODEV);
	pi.ipi_ifindex = 0;
	pi.ipi_spec_dst.s_addr = htonl(0x0a000001);	/* 10.0.0.1: not ours */
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_PKTINFO, &pi, sizeof(pi)), EINVAL);
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_IP, IP_PKTINFO, &pi, 8), EINVAL);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == -1);	/* none went */

	/* IPv6: the hop limit and traffic class of one datagram */
	CHECK((r6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK((s6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	a6.sin6_port = htons((unsigned short)port_of(r6));
	CHECK(set_int(r6, SOL_IPV6, IPV6_RECVHOPLIMIT, 1) == 0 &&
	      set_int(r6, SOL_IPV6, IPV6_RECVTCLASS, 1) == 0 &&
	      set_int(r6, SOL_IP, IP_RECVTTL, 1) == 0);
	v = 3;
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_HOPLIMIT, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_HOPLIMIT, &from) == 3);
	v = 0x40;
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_TCLASS, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_TCLASS, &from) == 0x40);
	v = -1;				/* the socket's: 64 */
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_HOPLIMIT, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_HOPLIMIT, &from) == 64);
	pi6.ipi6_ifindex = 1;
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6)) == 1);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_HOPLIMIT, &from) == 64);
	v = 1;				/* IPv4's level: ignored */
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IP, IP_TTL, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_HOPLIMIT, &from) == 64);
	v = 256;
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_HOPLIMIT, &v, sizeof(v)), EINVAL);
	v = -2;
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_TCLASS, &v, sizeof(v)), EINVAL);
	pi6.ipi6_ifindex = 5;
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6)), ENODEV);
	pi6.ipi6_ifindex = 0;
	pi6.ipi6_addr.s6_addr[0] = 0x20;	/* 2000::1: not ours */
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6)), EINVAL);
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_RTHDR, &pi6, 8), EINVAL);
	CHECK(recv_cmsg_int(r6, SOL_IPV6, IPV6_HOPLIMIT, &from) == -1);

	/* an IPv6 socket to IPv4: SOL_IP's messages, IPV6_PKTINFO mapped */
	v = 7;
	CHECK(send_cmsg(s6, &a, sizeof(a), SOL_IP, IP_TTL, &v, sizeof(v)) == -1 &&
	      errno == EINVAL);		/* an AF_INET name: not for AF_INET6 */
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	a6.sin6_port = a.sin_port;
	a6.sin6_addr.s6_addr[10] = a6.sin6_addr.s6_addr[11] = 0xff;
	memcpy(&a6.sin6_addr.s6_addr[12], &a.sin_addr, 4);
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IP, IP_TTL, &v, sizeof(v)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 7);
	pi6.ipi6_addr = a6.sin6_addr;
	pi6.ipi6_addr.s6_addr[15] = 3;		/* ::ffff:127.0.0.3 */
	CHECK(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6)) == 1);
	CHECK(recv_cmsg_int(r, SOL_IP, IP_TTL, &from) == 64 &&
	      f4->sin_addr.s_addr == htonl(0x7f000003));
	pi6.ipi6_addr = (struct in6_addr)IN6ADDR_LOOPBACK_INIT;
	FAILS(send_cmsg(s6, &a6, sizeof(a6), SOL_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6)), EINVAL);
	close(r6), close(s6), close(r), close(s);
	return 0;
}

/* Send @len bytes of @buf from @s to @to, with a UDP_SEGMENT control
 * message of @gso unless it is -1; sendmsg's result. */
static ssize_t send_gso(int s, const void *to, socklen_t tlen,
			const char *buf, size_t len, int gso)
{
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(uint16_t))]; } ctl;
	struct iovec v = { (void *)buf, len };
	struct msghdr m = { .msg_name = (void *)to, .msg_namelen = tlen,
			    .msg_iov = &v, .msg_iovlen = 1 };
	uint16_t size = (uint16_t)gso;

	if (gso >= 0) {
		memset(&ctl, 0, sizeof(ctl));
		ctl.h.cmsg_level = SOL_UDP;
		ctl.h.cmsg_type = UDP_SEGMENT;
		ctl.h.cmsg_len = CMSG_LEN(sizeof(size));
		memcpy(CMSG_DATA(&ctl.h), &size, sizeof(size));
		m.msg_control = &ctl;
		m.msg_controllen = sizeof(ctl);
	}
	return sendmsg(s, &m, 0);
}

static char gso_data[8192];

/* Receive the datagrams waiting on @r and check them against gso_data
 * (in order, from its start): @n of @size bytes, the last one @last;
 * then none; 0 or -1. *@gro: a UDP_GRO message's size, or -1. */
static int recv_segments(int r, int n, int size, int last, int *gro)
{
	union { struct cmsghdr h; char b[256]; } ctl;
	static char got[8192];
	struct iovec v = { got, sizeof(got) };
	struct msghdr m;
	int *p, off = 0;

	*gro = -1;
	for (int k = 0; k < n; k++) {
		int want = k == n - 1 ? last : size;

		m = (struct msghdr){ .msg_iov = &v, .msg_iovlen = 1,
				     .msg_control = &ctl,
				     .msg_controllen = sizeof(ctl) };
		if (recvmsg(r, &m, MSG_DONTWAIT) != want ||
		    memcmp(got, gso_data + off, (size_t)want))
			return -1;
		if ((p = cmsg_find(&m, SOL_UDP, UDP_GRO)) != NULL)
			memcpy(gro, p, sizeof(*gro));
		off += want;
	}
	return recv(r, got, sizeof(got), MSG_DONTWAIT) == -1 &&
	       errno == EAGAIN ? 0 : -1;
}

/* Linux 6.1 (udp_send_skb(), udp_rcv_segment(), udp_cmsg_recv()): a
 * send with UDP_SEGMENT (the option or a control message) arrives as
 * datagrams of that size, the last shorter, corked ones too, over
 * either IP version; a receiver with UDP_GRO takes it whole, with the
 * size in a UDP_GRO message; a segment that would not fit lo's MTU,
 * more than 64 segments, SO_NO_CHECK, a bad message: EINVAL. */
static int test_udp_gso(void)
{
	struct sockaddr_in a = lo4(0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int r, s, r6, s6, gro, v = 1000;

	for (size_t k = 0; k < sizeof(gso_data); k++)
		gso_data[k] = (char)(k % 251);
	CHECK((r = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r, (struct sockaddr *)&a, sizeof(a)) == 0);
	a = lo4(port_of(r));
	CHECK(get_int(s, SOL_UDP, UDP_SEGMENT) == 0 &&
	      get_int(r, SOL_UDP, UDP_GRO) == 0);
	/* the option */
	CHECK(set_int(s, SOL_UDP, UDP_SEGMENT, 1000) == 0 &&
	      get_int(s, SOL_UDP, UDP_SEGMENT) == 1000);
	CHECK(sendto(s, gso_data, 2500, 0, (struct sockaddr *)&a, sizeof(a)) == 2500);
	CHECK(recv_segments(r, 3, 1000, 500, &gro) == 0 && gro == -1);
	CHECK(sendto(s, gso_data, 1000, 0, (struct sockaddr *)&a, sizeof(a)) == 1000);
	CHECK(recv_segments(r, 1, 1000, 1000, &gro) == 0);
	/* a control message's size beats the option's */
	CHECK(send_gso(s, &a, sizeof(a), gso_data, 3000, 1200) == 3000);
	CHECK(recv_segments(r, 3, 1200, 600, &gro) == 0);
	CHECK(send_gso(s, &a, sizeof(a), gso_data, 6400, 100) == 6400);
	CHECK(recv_segments(r, 64, 100, 100, &gro) == 0);
	FAILS(send_gso(s, &a, sizeof(a), (const char *)8, 3000, 1000), EFAULT);
	CHECK(recv_segments(r, 0, 0, 0, &gro) == 0);	/* no segment went */
	/* corked: the whole, cut when it goes */
	CHECK(sendto(s, gso_data, 700, MSG_MORE, (struct sockaddr *)&a, sizeof(a)) == 700);
	CHECK(send(s, gso_data + 700, 1400, 0) == 1400);	/* to the pending's */
	CHECK(recv_segments(r, 3, 1000, 100, &gro) == 0);
	/* UDP_GRO: one datagram, and the size */
	CHECK(set_int(r, SOL_UDP, UDP_GRO, 5) == 0 && get_int(r, SOL_UDP, UDP_GRO) == 1);
	CHECK(sendto(s, gso_data, 2500, 0, (struct sockaddr *)&a, sizeof(a)) == 2500);
	CHECK(recv_segments(r, 1, 2500, 2500, &gro) == 0 && gro == 1000);
	CHECK(sendto(s, gso_data, 999, 0, (struct sockaddr *)&a, sizeof(a)) == 999);
	CHECK(recv_segments(r, 1, 999, 999, &gro) == 0 && gro == -1);
	CHECK(set_int(r, SOL_UDP, UDP_GRO, 0) == 0);
	/* refused */
	FAILS(set_int(s, SOL_UDP, UDP_SEGMENT, -1), EINVAL);
	FAILS(set_int(s, SOL_UDP, UDP_SEGMENT, 65536), EINVAL);
	FAILS(send_gso(s, &a, sizeof(a), gso_data, 6401, 100), EINVAL);
	FAILS(send_gso(s, &a, sizeof(a), gso_data, 10, 65536 - 28 + 1), EINVAL);
	CHECK(send_cmsg(s, &a, sizeof(a), SOL_UDP, UDP_SEGMENT, &v, sizeof(v)) == -1 &&
	      errno == EINVAL);		/* an int: not the u16 it takes */
	FAILS(send_cmsg(s, &a, sizeof(a), SOL_UDP, UDP_CORK, &v, 2), EINVAL);
	CHECK(set_int(s, SOL_SOCKET, SO_NO_CHECK, 1) == 0);
	FAILS(sendto(s, gso_data, 10, 0, (struct sockaddr *)&a, sizeof(a)), EINVAL);
	CHECK(set_int(s, SOL_UDP, UDP_SEGMENT, 0) == 0);
	CHECK(sendto(s, gso_data, 10, 0, (struct sockaddr *)&a, sizeof(a)) == 10);
	CHECK(recv_segments(r, 1, 10, 10, &gro) == 0);

	/* IPv6: its header is 20 bytes longer */
	CHECK((r6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK((s6 = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0);
	CHECK(bind(r6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	a6.sin6_port = htons((unsigned short)port_of(r6));
	CHECK(send_gso(s6, &a6, sizeof(a6), gso_data, 2100, 1000) == 2100);
	CHECK(recv_segments(r6, 3, 1000, 100, &gro) == 0);
	FAILS(send_gso(s6, &a6, sizeof(a6), gso_data, 10, 65536 - 48 + 1), EINVAL);
	CHECK(send_gso(s6, &a6, sizeof(a6), gso_data, 10, 65536 - 48) == 10);
	CHECK(recv_segments(r6, 1, 10, 10, &gro) == 0);
	close(r6), close(s6), close(r), close(s);
	return 0;
}

/* As Linux: a client that connects, sends and closes before the server
 * calls accept(2) (nc's race under load) has its bytes read all the
 * same, then end of file. */
static int test_closed_before_accept(void)
{
	struct sockaddr_in a;
	char buf[32];
	int l = tcp_listener(), c, s;

	CHECK(l >= 0);
	a = lo4(port_of(l));
	CHECK((c = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(write(c, "hello over lo\n", 14) == 14);
	CHECK(close(c) == 0);
	CHECK((s = accept(l, NULL, NULL)) >= 0);
	CHECK(read(s, buf, sizeof(buf)) == 14 && !memcmp(buf, "hello over lo\n", 14));
	CHECK(read(s, buf, sizeof(buf)) == 0);
	close(s);
	close(l);
	return 0;
}

static const struct tap_test tests[] = {
	{ "bind", test_bind },
	{ "tcp", test_tcp },
	{ "refused", test_refused },
	{ "udp", test_udp },
	{ "inet6", test_inet6 },
	{ "sockopt", test_sockopt },
	{ "sigio", test_sigio },
	{ "iface", test_iface },
	{ "procnet", test_procnet },
	{ "netns", test_netns },
	{ "cycles", test_cycles },
	{ "closed_before_accept", test_closed_before_accept },
	{ "ipv6_opts", test_ipv6_opts },
	{ "cmsgs", test_cmsgs },
	{ "cmsgs_send", test_cmsgs_send },
	{ "udp_gso", test_udp_gso },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	return tap_run("inettests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
