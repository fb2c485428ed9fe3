/*
 * fanouttests: PACKET_FANOUT on packet sockets as Linux 6.1 has it, from
 * user space: two sockets in a group share the frames sent on lo, each
 * frame reaching exactly one of them, by the group's mode (LB in turn,
 * CPU by the sender's CPU, HASH by flow, ROLLOVER to the next when one
 * is full); Linux's errno for each bad request; getsockopt; a member
 * closed while in its group; bind() racing PACKET_FANOUT from two
 * threads (CVE-2017-15649, LTP's fanout01); groups per network
 * namespace and a socket on a lo that is down.
 *
 *   fanouttests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); runs as root.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netpacket/packet.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "if_packet.h"
#include "pktsock.h"
#include "tap.h"

#define TEST_TIMEOUT 60
#define STUDENT 1000
#define PROTO 0x88b5			/* IEEE's "local experimental" */
#define PROTO2 0x88b6
#define NFRAMES 16

/* ---- helpers ---- */

/* A raw packet socket for @proto (host order), bound to lo unless
 * @proto is 0; -1 with errno. */
static int psock(int proto)
{
	return pkt_socket(SOCK_RAW, proto, 1);
}

/* PACKET_FANOUT, short form: 0 or -1 with errno. */
static int fanout(int fd, int id, int type_flags)
{
	int v = (int)((unsigned int)id | (unsigned int)type_flags << 16);

	return setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &v, sizeof(v));
}

/* PACKET_FANOUT, long form with max_num_members. */
static int fanout_max(int fd, int id, int type_flags, unsigned int max)
{
	struct fanout_args a = { .id = (uint16_t)id,
				 .type_flags = (uint16_t)type_flags,
				 .max_num_members = max };

	return setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &a, sizeof(a));
}

static int fanout_get(int fd)
{
	int v = -1;
	socklen_t l = sizeof(v);

	return getsockopt(fd, SOL_PACKET, PACKET_FANOUT, &v, &l) ? -1 : v;
}

/* Read every waiting frame of @fd: how many, each one's first payload
 * byte marked in @seen (a frame seen twice counts 100). */
static int drain(int fd, int *seen, int nseen)
{
	unsigned char buf[2000];
	int n = 0;
	ssize_t r;

	while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 14) {
		n++;
		if (seen && buf[14] < nseen)
			seen[buf[14]] += seen[buf[14]] ? 100 : 1;
	}
	return n;
}

/* Two sockets for PROTO in group @id of @type_flags: 0, or -1. */
static int pair(int fd[2], int id, int type_flags)
{
	fd[0] = psock(PROTO), fd[1] = psock(PROTO);
	if (fd[0] < 0 || fd[1] < 0)
		return -1;
	return fanout(fd[0], id, type_flags) || fanout(fd[1], id, type_flags) ?
	       -1 : 0;
}

/* ---- tests ---- */

/* LB: frame i goes to member (i + 1) % 2 (the group's turn counts from
 * one, as Linux's), every frame to exactly one; a socket outside the
 * group (PROTO too) still sees them all. */
static int t_lb(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0), other = psock(PROTO);
	int seen[NFRAMES] = { 0 }, n0, n1;
	unsigned char buf[100];

	CHECK(s >= 0 && other >= 0 && pair(fd, 10, PACKET_FANOUT_LB) == 0);
	for (int i = 0; i < NFRAMES; i++) {
		CHECK(pkt_send_frame(s, PROTO, NULL, 20, i) == 34);
		CHECK(recv(fd[(i + 1) % 2], buf, sizeof(buf), MSG_DONTWAIT) == 34);
		CHECK(buf[14] == i);
		CHECK(recv(fd[i % 2], buf, sizeof(buf), MSG_DONTWAIT) < 0 &&
		      errno == EAGAIN);
	}
	CHECK(drain(other, seen, NFRAMES) == NFRAMES);
	n0 = drain(fd[0], NULL, 0), n1 = drain(fd[1], NULL, 0);
	CHECK(n0 == 0 && n1 == 0);
	close(fd[0]), close(fd[1]), close(s), close(other);
	return 0;
}

/* Send NFRAMES frames pinned to CPU @cpu: the member each went to must
 * be member @cpu % 2 (the order they joined). */
static int cpu_round(int fd[2], int s, int cpu)
{
	cpu_set_t set;
	int seen[NFRAMES] = { 0 };

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
	for (int i = 0; i < 100 && sched_getcpu() != cpu; i++)
		sched_yield();
	CHECK(sched_getcpu() == cpu);
	for (int i = 0; i < NFRAMES; i++)
		CHECK(pkt_send_frame(s, PROTO, NULL, 20, i) == 34);
	CHECK(drain(fd[cpu % 2], seen, NFRAMES) == NFRAMES);
	CHECK(drain(fd[(cpu + 1) % 2], NULL, 0) == 0);
	for (int i = 0; i < NFRAMES; i++)
		CHECK(seen[i] == 1);
	return 0;
}

/* CPU: every frame sent from CPU 0 to the first member, from CPU 1 to
 * the second. */
static int t_cpu(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0);

	CHECK(s >= 0 && pair(fd, 11, PACKET_FANOUT_CPU) == 0);
	if (cpu_round(fd, s, 0))
		return -1;
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1 && cpu_round(fd, s, 1))
		return -1;
	close(fd[0]), close(fd[1]), close(s);
	return 0;
}

/* An IPv4 UDP packet from port @sp to port @dp (addresses swapped when
 * @back), its first byte @tag: the payload of a frame. */
static void udp4(unsigned char p[28], int sp, int dp, int back, int tag)
{
	memset(p, 0, 28);
	p[0] = 0x45, p[3] = 28, p[8] = 64, p[9] = 17;
	p[12] = 10, p[15] = back ? 2 : 1;
	p[16] = 10, p[19] = back ? 1 : 2;
	p[20] = (unsigned char)(sp >> 8), p[21] = (unsigned char)sp;
	p[22] = (unsigned char)(dp >> 8), p[23] = (unsigned char)dp;
	p[25] = (unsigned char)tag;	/* not the first byte: the version is */
}

/* Which member (0 or 1) got the one frame waiting, or -1. */
static int who(int fd[2])
{
	unsigned char buf[100];
	int at = -1;

	for (int m = 0; m < 2; m++)
		while (recv(fd[m], buf, sizeof(buf), MSG_DONTWAIT) > 0)
			at = at < 0 ? m : 9;
	return at;
}

/* HASH: a flow's frames all go to one member, and so do its replies
 * (addresses and ports swapped); 16 flows use both members. */
static int t_hash(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0), used[2] = { 0 };
	unsigned char p[28];

	CHECK(s >= 0);
	fd[0] = psock(0x0800), fd[1] = psock(0x0800);
	CHECK(fd[0] >= 0 && fd[1] >= 0);
	CHECK(fanout(fd[0], 12, PACKET_FANOUT_HASH) == 0);
	CHECK(fanout(fd[1], 12, PACKET_FANOUT_HASH) == 0);
	for (int flow = 0; flow < 16; flow++) {
		int m;

		udp4(p, 1000 + flow * 7, 53, 0, flow);
		CHECK(pkt_send_frame(s, 0x0800, p, sizeof(p), 0) == 42);
		m = who(fd);
		CHECK(m == 0 || m == 1);
		used[m]++;
		for (int again = 0; again < 3; again++) {
			udp4(p, 1000 + flow * 7, 53, 0, flow);
			CHECK(pkt_send_frame(s, 0x0800, p, sizeof(p), 0) == 42);
			CHECK(who(fd) == m);
			udp4(p, 53, 1000 + flow * 7, 1, flow);
			CHECK(pkt_send_frame(s, 0x0800, p, sizeof(p), 0) == 42);
			CHECK(who(fd) == m);
		}
	}
	CHECK(used[0] > 0 && used[1] > 0);
	close(fd[0]), close(fd[1]), close(s);
	return 0;
}

/* ROLLOVER: the first member takes frames while more than a quarter of
 * its buffer is free, then they roll over to the second; none dropped.
 * The first's PACKET_ROLLOVER_STATS counts every frame placed (tp_all:
 * Linux counts the ones that stayed too), none failed. */
static int t_rollover(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0), small = 2304;
	int seen[NFRAMES] = { 0 }, n0, n1;
	struct tpacket_rollover_stats rs;
	struct tpacket_stats st;
	socklen_t l = sizeof(rs);

	CHECK(s >= 0 && pair(fd, 13, PACKET_FANOUT_ROLLOVER) == 0);
	CHECK(setsockopt(fd[0], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) == 0);
	for (int i = 0; i < NFRAMES; i++)
		CHECK(pkt_send_frame(s, PROTO, NULL, 1000, i) == 1014);
	n0 = drain(fd[0], seen, NFRAMES), n1 = drain(fd[1], seen, NFRAMES);
	CHECK(n0 > 0 && n1 > 0 && n0 + n1 == NFRAMES);
	for (int i = 0; i < NFRAMES; i++)
		CHECK(seen[i] == 1);
	CHECK(getsockopt(fd[0], SOL_PACKET, PACKET_ROLLOVER_STATS, &rs, &l) == 0);
	CHECK(l == sizeof(rs) && rs.tp_all == NFRAMES && rs.tp_failed == 0);
	l = sizeof(st);
	CHECK(getsockopt(fd[0], SOL_PACKET, PACKET_STATISTICS, &st, &l) == 0);
	CHECK(st.tp_drops == 0);
	close(fd[0]), close(fd[1]), close(s);
	return 0;
}

/* Linux's errno for each bad request. */
static int t_errors(void)
{
	int a = psock(PROTO), b = psock(PROTO), c = psock(PROTO2);
	int u = socket(AF_PACKET, SOCK_RAW, 0), v = 0;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(PROTO2), .sll_ifindex = 1 };
	socklen_t l = sizeof(v);

	CHECK(a >= 0 && b >= 0 && c >= 0 && u >= 0);
	CHECK(fanout(u, 20, PACKET_FANOUT_LB) < 0 && errno == EINVAL);	/* not bound */
	CHECK(fanout(a, 20, 8) < 0 && errno == EINVAL);			/* no mode 8 */
	CHECK(fanout(a, 20, PACKET_FANOUT_ROLLOVER | PACKET_FANOUT_FLAG_ROLLOVER) < 0 &&
	      errno == EINVAL);
	CHECK(setsockopt(a, SOL_PACKET, PACKET_FANOUT, &v, 2) < 0 && errno == EINVAL);
	CHECK(setsockopt(a, SOL_PACKET, PACKET_FANOUT, (void *)8, 4) < 0 &&
	      errno == EFAULT);
	CHECK(fanout_max(a, 20, PACKET_FANOUT_LB, 65537) < 0 && errno == EINVAL);
	CHECK(fanout_max(a, 20, PACKET_FANOUT_LB, 1) == 0);
	CHECK(fanout(a, 20, PACKET_FANOUT_LB) < 0 && errno == EALREADY);
	CHECK(fanout(b, 20, PACKET_FANOUT_LB) < 0 && errno == ENOSPC);	/* full */
	CHECK(fanout(b, 20, PACKET_FANOUT_HASH) < 0 && errno == EINVAL);	/* mode */
	CHECK(fanout(b, 20, PACKET_FANOUT_LB | PACKET_FANOUT_FLAG_DEFRAG) < 0 &&
	      errno == EINVAL);						/* flags */
	CHECK(fanout_max(b, 20, PACKET_FANOUT_LB, 2) < 0 && errno == EINVAL);
	CHECK(fanout(c, 20, PACKET_FANOUT_LB) < 0 && errno == EINVAL);	/* protocol */
	CHECK(bind(a, (struct sockaddr *)&sll, sizeof(sll)) < 0 && errno == EINVAL);
	CHECK(getsockopt(a, SOL_PACKET, PACKET_ROLLOVER_STATS, &v, &l) < 0 &&
	      errno == EINVAL);
	CHECK(fanout(b, 21, PACKET_FANOUT_LB | PACKET_FANOUT_FLAG_UNIQUEID) < 0 &&
	      errno == EINVAL);
	v = 7;
	CHECK(setsockopt(b, SOL_PACKET, PACKET_FANOUT_DATA, &v, 4) < 0 &&
	      errno == EINVAL);						/* no group */
	CHECK(setsockopt(a, SOL_PACKET, PACKET_FANOUT_DATA, &v, 4) < 0 &&
	      errno == EINVAL);						/* not BPF */
	CHECK(fanout(b, 22, PACKET_FANOUT_EBPF) == 0);
	CHECK(setsockopt(b, SOL_PACKET, PACKET_FANOUT_DATA, &v, 3) < 0 &&
	      errno == EINVAL);
	v = -1;
	CHECK(setsockopt(b, SOL_PACKET, PACKET_FANOUT_DATA, &v, 4) < 0 &&
	      errno == EBADF);					/* no fd */
	v = a;
	CHECK(setsockopt(b, SOL_PACKET, PACKET_FANOUT_DATA, &v, 4) < 0 &&
	      errno == EINVAL);					/* not a program */
	close(a), close(b), close(c), close(u);
	return 0;
}

/* getsockopt(PACKET_FANOUT): 0 outside a group, else id | mode << 16 |
 * flags << 16; UNIQUEID picks a free id and is not kept. */
static int t_getsockopt(void)
{
	int a = psock(PROTO), b = psock(PROTO), tf, id;

	CHECK(a >= 0 && b >= 0 && fanout_get(a) == 0);
	tf = PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_ROLLOVER |
	     PACKET_FANOUT_FLAG_DEFRAG;
	CHECK(fanout(a, 77, tf) == 0);
	CHECK((unsigned int)fanout_get(a) == (77u | (unsigned int)tf << 16));
	CHECK(fanout(b, 0, PACKET_FANOUT_CPU | PACKET_FANOUT_FLAG_UNIQUEID) == 0);
	id = fanout_get(b) & 0xffff;
	CHECK(fanout_get(b) == (id | PACKET_FANOUT_CPU << 16) && id != 77);
	close(a), close(b);
	return 0;
}

/* A member closed: the frames go to the other; a new socket can still
 * join; once the last leaves, the id is free for another mode. */
static int t_close_member(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0), c = psock(PROTO);

	CHECK(s >= 0 && c >= 0 && pair(fd, 30, PACKET_FANOUT_LB) == 0);
	close(fd[0]);
	for (int i = 0; i < 4; i++)
		CHECK(pkt_send_frame(s, PROTO, NULL, 20, i) == 34);
	CHECK(drain(fd[1], NULL, 0) == 4);
	CHECK(drain(c, NULL, 0) == 4);		/* not in the group yet */
	CHECK(fanout(c, 30, PACKET_FANOUT_LB) == 0);
	close(fd[1]);
	CHECK(pkt_send_frame(s, PROTO, NULL, 20, 0) == 34);
	CHECK(drain(c, NULL, 0) == 1);
	close(c);
	c = psock(PROTO);
	CHECK(c >= 0 && fanout(c, 30, PACKET_FANOUT_HASH) == 0);	/* freed */
	close(c), close(s);
	return 0;
}

static volatile int race_fd = -1, race_stop;

/* fanout01's other thread: bind the current socket to lo, protocol 0. */
static void *binder(void *unused)
{
	struct sockaddr_ll a = { .sll_family = AF_PACKET, .sll_ifindex = 1 };

	while (!race_stop)
		bind(race_fd, (struct sockaddr *)&a, sizeof(a));
	return unused;
}

/* bind() against PACKET_FANOUT from two threads, for about two seconds,
 * in a new network namespace whose lo is down (LTP's fanout01,
 * CVE-2017-15649): bound to lo first, the socket is not running and
 * cannot join (EINVAL); joined first, it cannot be bound (EINVAL).
 * Either way it is in the group or not, and closing it leaves nothing
 * behind (the id is free for another mode afterwards). */
static int t_bind_race(void)
{
	struct timespec t0, t;
	pthread_t th;
	int joined = 0, n = 0, c;

	CHECK(unshare(CLONE_NEWNET) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	race_fd = socket(AF_PACKET, SOCK_RAW, htons(PROTO));
	CHECK(race_fd >= 0);
	CHECK(pthread_create(&th, NULL, binder, NULL) == 0);
	do {
		int fd = socket(AF_PACKET, SOCK_RAW, htons(PROTO)), old = race_fd;

		CHECK(fd >= 0);
		race_fd = fd;
		close(old);
		if (fanout(fd, 40, PACKET_FANOUT_ROLLOVER) == 0) {
			joined++;
			CHECK(fanout_get(fd) == (40 | PACKET_FANOUT_ROLLOVER << 16));
		} else {
			CHECK(errno == EINVAL && fanout_get(fd) == 0);
		}
		n++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 2);
	race_stop = 1;
	pthread_join(th, NULL);
	close(race_fd);
	printf("# %d rounds, %d joined\n", n, joined);
	CHECK(n > 0);
	c = pkt_socket(SOCK_RAW, PROTO, 0);
	CHECK(c >= 0 && fanout(c, 40, PACKET_FANOUT_LB) == 0);
	close(c);
	return 0;
}

/* Groups are per network namespace: in a new one (as LTP's
 * tst_setup_netns()) the same id is another group; a socket bound to a
 * lo that is down is not running (EINVAL), one bound to every
 * interface is. */
static int t_netns(void)
{
	int old = psock(PROTO), a, b;

	CHECK(old >= 0 && fanout(old, 50, PACKET_FANOUT_LB) == 0);
	if (tap_user_netns(STUDENT))
		return -1;
	a = psock(PROTO), b = pkt_socket(SOCK_RAW, PROTO, 0);
	CHECK(a >= 0 && b >= 0);
	CHECK(fanout(a, 50, PACKET_FANOUT_HASH) < 0 && errno == EINVAL);
	CHECK(fanout(b, 50, PACKET_FANOUT_HASH) == 0);
	CHECK(fanout_get(b) == (50 | PACKET_FANOUT_HASH << 16));
	close(a), close(b), close(old);
	return 0;
}

static const struct tap_test tests[] = {
	{ "lb", t_lb },
	{ "cpu", t_cpu },
	{ "hash", t_hash },
	{ "rollover", t_rollover },
	{ "errors", t_errors },
	{ "getsockopt", t_getsockopt },
	{ "close_member", t_close_member },
	{ "bind_race", t_bind_race },
	{ "netns", t_netns },
};
#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run_as_root("fanouttests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
