/*
 * packettests: packet sockets (AF_PACKET) on lo as Linux 6.1 has them,
 * from user space: a raw socket sees the frame another sends (once going
 * out, once coming back in), the sockaddr_ll of each, SOCK_DGRAM's link
 * header built and cut off, bind and getsockname, the send errors, the
 * RX ring in each TPACKET version read without a system call, the TX
 * ring, every bad ring parameter (EINVAL), the statistics, EPERM for a
 * user, and all of it inside unshare(CLONE_NEWUSER | CLONE_NEWNET),
 * where lo starts down.
 *
 *   packettests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); runs as root.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "if_packet.h"
#include "pktsock.h"
#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 60
#define STUDENT 1000
#define PROTO 0x88b5			/* IEEE's "local experimental" */
#define PROTO2 0x88b6
#define PG 4096

/* ---- helpers ---- */

/* A packet socket of @type for @proto (host order), bound to lo unless
 * @proto is 0; -1 with errno. */
static int psock(int type, int proto)
{
	return pkt_socket(type, proto, 1);
}

/* Send an Ethernet frame of @proto with @len payload bytes of @c on lo
 * from raw socket @fd: what sendto returns. */
static ssize_t send_frame(int fd, int proto, size_t len, int c)
{
	return pkt_send_frame(fd, proto, NULL, len, c);
}

/* Receive one frame without waiting: its length, *@sll filled. */
static ssize_t recv_frame(int fd, void *buf, size_t len, struct sockaddr_ll *sll,
			  socklen_t *slen)
{
	*slen = sizeof(*sll);
	return recvfrom(fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)sll, slen);
}

static int set_int(int fd, int opt, int v)
{
	return setsockopt(fd, SOL_PACKET, opt, &v, sizeof(v));
}

/* lo up (@up) or down in current's network namespace, through @fd. */
static int lo_set(int fd, int up)
{
	struct ifreq r = { 0 };

	strcpy(r.ifr_name, "lo");
	r.ifr_flags = up ? IFF_UP : 0;
	return ioctl(fd, SIOCSIFFLAGS, &r);
}

static int lo_flags(int fd)
{
	struct ifreq r = { 0 };

	strcpy(r.ifr_name, "lo");
	return ioctl(fd, SIOCGIFFLAGS, &r) ? -1 : r.ifr_flags;
}

/* ---- tests ---- */

/* A frame from one raw socket: the other ETH_P_ALL socket sees it going
 * out (PACKET_OUTGOING) and coming in (PACKET_HOST), the sender only
 * coming in; a socket of another protocol not at all. */
static int t_raw_loopback(void)
{
	int a = psock(SOCK_RAW, ETH_P_ALL), b = psock(SOCK_RAW, ETH_P_ALL);
	int other = psock(SOCK_RAW, PROTO2);
	unsigned char buf[2000];
	struct sockaddr_ll sll;
	struct pollfd p;
	socklen_t sl;

	CHECK(a >= 0 && b >= 0 && other >= 0);
	CHECK(send_frame(a, PROTO, 100, 0x42) == 114);
	p = (struct pollfd){ .fd = b, .events = POLLIN };
	CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN));
	CHECK(recv_frame(b, buf, sizeof(buf), &sll, &sl) == 114);
	CHECK(sl == sizeof(sll) && sll.sll_family == AF_PACKET);
	CHECK(sll.sll_pkttype == PACKET_OUTGOING && sll.sll_ifindex == 1);
	CHECK(sll.sll_protocol == htons(PROTO) && sll.sll_hatype == 772);
	CHECK(sll.sll_halen == 6 && buf[12] == 0x88 && buf[14] == 0x42);
	CHECK(recv_frame(b, buf, sizeof(buf), &sll, &sl) == 114);
	CHECK(sll.sll_pkttype == PACKET_HOST && sll.sll_protocol == htons(PROTO));
	CHECK(recv_frame(b, buf, sizeof(buf), &sll, &sl) < 0 && errno == EAGAIN);
	CHECK(recv_frame(a, buf, sizeof(buf), &sll, &sl) == 114);
	CHECK(sll.sll_pkttype == PACKET_HOST);
	CHECK(recv_frame(a, buf, sizeof(buf), &sll, &sl) < 0 && errno == EAGAIN);
	CHECK(recv_frame(other, buf, sizeof(buf), &sll, &sl) < 0 && errno == EAGAIN);
	/* MSG_PEEK keeps it, MSG_TRUNC says its length. */
	CHECK(send_frame(a, PROTO2, 50, 1) == 64);
	CHECK(recv(other, buf, 10, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT) == 64);
	CHECK(recv(other, buf, 10, MSG_DONTWAIT) == 10);
	CHECK(recv(other, buf, 10, MSG_DONTWAIT) < 0 && errno == EAGAIN);
	close(a), close(b), close(other);
	return 0;
}

/* SOCK_DGRAM: the link header built from sll_addr and the protocol on
 * send, cut off on receive; a raw socket sees it whole. */
static int t_dgram(void)
{
	int d = psock(SOCK_DGRAM, PROTO), r = psock(SOCK_RAW, ETH_P_ALL);
	int s = socket(AF_PACKET, SOCK_DGRAM, 0);
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1,
				  .sll_protocol = htons(PROTO), .sll_halen = 6,
				  .sll_addr = { 0, 0, 0, 0, 0, 0 } };
	unsigned char buf[200];
	struct sockaddr_ll sll;
	socklen_t sl;

	CHECK(d >= 0 && r >= 0 && s >= 0);
	CHECK(sendto(s, "hello", 5, 0, (struct sockaddr *)&to, sizeof(to)) == 5);
	CHECK(recv_frame(d, buf, sizeof(buf), &sll, &sl) == 5);
	CHECK(!memcmp(buf, "hello", 5) && sll.sll_pkttype == PACKET_HOST);
	CHECK(sll.sll_protocol == htons(PROTO) && sll.sll_halen == 6);
	CHECK(recv_frame(r, buf, sizeof(buf), &sll, &sl) == 19);
	CHECK(sll.sll_pkttype == PACKET_OUTGOING);
	CHECK(buf[12] == 0x88 && buf[13] == 0xb5 && !memcmp(buf + 14, "hello", 5));
	CHECK(recv_frame(r, buf, sizeof(buf), &sll, &sl) == 19);
	/* A destination not lo's address: another host's frame. */
	to.sll_addr[0] = 0x02;
	CHECK(sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) == 1);
	CHECK(recv_frame(d, buf, sizeof(buf), &sll, &sl) == 1);
	CHECK(sll.sll_pkttype == PACKET_OTHERHOST);
	close(d), close(r), close(s);
	return 0;
}

/* bind's errors and getsockname's answers. */
static int t_bind_getsockname(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	struct sockaddr_ll a = { .sll_family = AF_PACKET, .sll_ifindex = 1,
				 .sll_protocol = htons(PROTO) };
	struct sockaddr_ll got;
	socklen_t len = sizeof(got);

	CHECK(fd >= 0);
	CHECK(getsockname(fd, (struct sockaddr *)&got, &len) == 0);
	CHECK(len == 12 && got.sll_family == AF_PACKET && got.sll_ifindex == 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a) - 1) < 0 && errno == EINVAL);
	a.sll_family = AF_INET;
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno == EINVAL);
	a.sll_family = AF_PACKET;
	a.sll_ifindex = 77;
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno == ENODEV);
	a.sll_ifindex = 1;
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	len = sizeof(got);
	CHECK(getsockname(fd, (struct sockaddr *)&got, &len) == 0);
	CHECK(len == 18 && got.sll_ifindex == 1 && got.sll_protocol == htons(PROTO));
	CHECK(got.sll_hatype == 772 && got.sll_halen == 6);
	CHECK(getpeername(fd, (struct sockaddr *)&got, &len) < 0 && errno == EOPNOTSUPP);
	close(fd);
	return 0;
}

/* What a send refuses: a frame shorter than its header, longer than the
 * MTU, no interface, a short address, a socket type not there. */
static int t_send_errors(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(PROTO));
	static unsigned char big[65536 + 15];
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1 };

	CHECK(fd >= 0);
	CHECK(sendto(fd, big, 13, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	      errno == EINVAL);
	CHECK(sendto(fd, big, sizeof(big), 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	      errno == EMSGSIZE);
	CHECK(sendto(fd, big, sizeof(big) - 1, 0, (struct sockaddr *)&to, sizeof(to)) ==
	      (ssize_t)sizeof(big) - 1);
	CHECK(send(fd, big, 20, 0) < 0 && errno == ENXIO);	/* not bound */
	to.sll_ifindex = 9;
	CHECK(sendto(fd, big, 20, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	      errno == ENXIO);
	CHECK(sendto(fd, big, 20, 0, (struct sockaddr *)&to, 10) < 0 && errno == EINVAL);
	CHECK(socket(AF_PACKET, SOCK_STREAM, 0) < 0 && errno == ESOCKTNOSUPPORT);
	close(fd);
	return 0;
}

/* The calls of connected sockets, which packet sockets do not have:
 * EOPNOTSUPP, as Linux's sock_no_*() (they were a call through a NULL
 * pointer: the fuzz slices' kernel panic in sys_listen()). */
static int t_no_stream_calls(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(PROTO));
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1 };

	CHECK(fd >= 0);
	CHECK(listen(fd, 1) < 0 && errno == EOPNOTSUPP);
	CHECK(shutdown(fd, SHUT_RDWR) < 0 && errno == EOPNOTSUPP);
	/* sock_no_shutdown() does not look at how: the families check it */
	CHECK(shutdown(fd, 99) < 0 && errno == EOPNOTSUPP);
	CHECK(accept(fd, NULL, NULL) < 0 && errno == EOPNOTSUPP);
	CHECK(connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	      errno == EOPNOTSUPP);
	close(fd);
	return 0;
}

/* An RX ring of version @v: @n frames; *@map its mapping. */
static int rx_ring(int fd, int v, unsigned int bs, unsigned int fs,
		   unsigned int nb, void **map)
{
	struct tpacket_req3 r = { .tp_block_size = bs, .tp_block_nr = nb,
				  .tp_frame_size = fs, .tp_frame_nr = bs / fs * nb,
				  .tp_retire_blk_tov = 20 };

	if (set_int(fd, PACKET_VERSION, v) ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r,
		       v == TPACKET_V3 ? sizeof(r) : sizeof(struct tpacket_req)))
		return -1;
	*map = mmap(NULL, (size_t)bs * nb, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	return *map == MAP_FAILED ? -1 : 0;
}

/* TPACKET_V2: a frame sent arrives in the first ring frame with its
 * header, sockaddr_ll and status, read without a system call. */
static int t_rx_ring_v2(void)
{
	int fd = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);
	struct tpacket2_hdr *h;
	struct sockaddr_ll *sll;
	struct pollfd p;
	void *map;

	CHECK(fd >= 0 && s >= 0);
	CHECK(rx_ring(fd, TPACKET_V2, PG, 2048, 2, &map) == 0);
	h = map;
	CHECK(h->tp_status == TP_STATUS_KERNEL);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 0);
	CHECK(send_frame(s, PROTO, 60, 0x5a) == 74);
	CHECK(h->tp_status & TP_STATUS_USER);
	CHECK(h->tp_len == 74 && h->tp_snaplen == 74);
	CHECK(h->tp_mac == TPACKET_ALIGN(TPACKET2_HDRLEN + 16) - 14);
	CHECK(h->tp_net == h->tp_mac + 14 && h->tp_sec > 0);
	sll = (void *)((char *)h + TPACKET_ALIGN(sizeof(*h)));
	CHECK(sll->sll_family == AF_PACKET && sll->sll_protocol == htons(PROTO));
	CHECK(sll->sll_ifindex == 1 && sll->sll_pkttype == PACKET_HOST);
	CHECK(((unsigned char *)h)[h->tp_mac + 14] == 0x5a);
	CHECK(poll(&p, 1, 0) == 1);
	h->tp_status = TP_STATUS_KERNEL;	/* back to the kernel */
	/* The ring is 4 frames: 5 more frames, one dropped. */
	for (int i = 0; i < 5; i++)
		CHECK(send_frame(s, PROTO, 10, i) == 24);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0);
	CHECK(sl == sizeof(st) && st.tp_packets == 6 && st.tp_drops == 1);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0);
	CHECK(st.tp_packets == 0);			/* read and reset */
	/* A mapped ring may not change, nor the version. */
	CHECK(set_int(fd, PACKET_VERSION, TPACKET_V1) < 0 && errno == EBUSY);
	CHECK(munmap(map, 2 * PG) == 0);
	close(fd), close(s);
	return 0;
}

/* TPACKET_V1: the same with struct tpacket_hdr (an unsigned long status). */
static int t_rx_ring_v1(void)
{
	int fd = psock(SOCK_DGRAM, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	struct tpacket_hdr *h;
	void *map;

	CHECK(fd >= 0 && s >= 0);
	CHECK(rx_ring(fd, TPACKET_V1, PG, PG, 1, &map) == 0);
	CHECK(send_frame(s, PROTO, 30, 0x11) == 44);
	h = map;
	CHECK(h->tp_status & TP_STATUS_USER);
	CHECK(h->tp_len == 30 && h->tp_mac == h->tp_net);	/* DGRAM: payload */
	CHECK(h->tp_mac == TPACKET_ALIGN(TPACKET_HDRLEN) + 16);
	CHECK(((unsigned char *)h)[h->tp_net] == 0x11);
	munmap(map, PG);
	close(fd), close(s);
	return 0;
}

/* TPACKET_V3: frames go into a block that reaches the user when its
 * timer finds it idle (TP_STATUS_BLK_TMO), with its descriptor. */
static int t_rx_ring_v3(void)
{
	int fd = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	struct tpacket_block_desc *b;
	struct tpacket3_hdr *h;
	struct pollfd p;
	void *map;

	CHECK(fd >= 0 && s >= 0);
	CHECK(rx_ring(fd, TPACKET_V3, 2 * PG, 2048, 2, &map) == 0);
	b = map;
	CHECK(send_frame(s, PROTO, 40, 1) == 54 && send_frame(s, PROTO, 40, 2) == 54);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, 2000) == 1);
	CHECK(b->hdr.bh1.block_status & TP_STATUS_USER);
	CHECK(b->hdr.bh1.block_status & TP_STATUS_BLK_TMO);
	CHECK(b->hdr.bh1.num_pkts == 2 && b->hdr.bh1.seq_num == 1);
	h = (void *)((char *)b + b->hdr.bh1.offset_to_first_pkt);
	CHECK(h->tp_len == 54 && h->tp_snaplen == 54 && h->tp_next_offset > 0);
	CHECK(((unsigned char *)h)[h->tp_mac + 14] == 1);
	h = (void *)((char *)h + h->tp_next_offset);
	CHECK(h->tp_next_offset == 0 && ((unsigned char *)h)[h->tp_mac + 14] == 2);
	b->hdr.bh1.block_status = TP_STATUS_KERNEL;
	munmap(map, 4 * PG);
	close(fd), close(s);
	return 0;
}

/* Each bad ring parameter, and the options that guard them: EINVAL. */
static int t_ring_einval(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	struct tpacket_req r = { PG, 2, 2048, 4 };
	struct tpacket_req3 r3 = { PG, 2, PG, 2, 100, 3u << 30, 0 };
	unsigned int big = UINT_MAX - TPACKET2_HDRLEN + 1;

#define RING_EINVAL(req) (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &(req), \
				     sizeof(req)) < 0 && errno == EINVAL)
	CHECK(fd >= 0);
	CHECK(set_int(fd, PACKET_VERSION, 3) < 0 && errno == EINVAL);
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RESERVE, &big, sizeof(big)) < 0 &&
	      errno == EINVAL);
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r, 8) < 0 && errno == EINVAL);
	r.tp_block_size = PG + 16;
	CHECK(RING_EINVAL(r));				/* not whole pages */
	r = (struct tpacket_req){ PG, 2, 2048 + 8, 2 };
	CHECK(RING_EINVAL(r));				/* frame not aligned */
	r = (struct tpacket_req){ PG, 2, 32, 256 };
	CHECK(RING_EINVAL(r));				/* frame < header */
	r = (struct tpacket_req){ PG, 2, 2048, 5 };
	CHECK(RING_EINVAL(r));				/* frame_nr */
	r = (struct tpacket_req){ PG, 0x40000000, 16 * 16, 16u << 30 };
	CHECK(RING_EINVAL(r));				/* overflows */
	r = (struct tpacket_req){ 0x80000000u, 1, PG, 0x80000 };
	CHECK(RING_EINVAL(r));				/* negative size */
	r = (struct tpacket_req){ PG, 0, 2048, 2 };
	CHECK(RING_EINVAL(r));				/* frames, no blocks */
	CHECK(set_int(fd, PACKET_RESERVE, 4050) == 0);
	r = (struct tpacket_req){ PG, 1, PG, 1 };
	CHECK(RING_EINVAL(r));				/* reserve too big */
	CHECK(set_int(fd, PACKET_RESERVE, 0) == 0);
	CHECK(set_int(fd, PACKET_VERSION, TPACKET_V3) == 0);
	CHECK(RING_EINVAL(r3));				/* CVE-2017-7308 */
	r3.tp_sizeof_priv = 512;
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r3, sizeof(r3)) == 0);
	CHECK(set_int(fd, PACKET_VERSION, TPACKET_V2) < 0 && errno == EBUSY);
	CHECK(set_int(fd, PACKET_RESERVE, 1) < 0 && errno == EBUSY);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, PG) == MAP_FAILED &&
	      errno == EINVAL);
	r3.tp_sizeof_priv = 0;
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &r3, sizeof(r3)) < 0 &&
	      errno == EINVAL);			/* no V3 block transmit */
	r3 = (struct tpacket_req3){ 0 };
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r3, sizeof(r3)) == 0);
	CHECK(set_int(fd, PACKET_VERSION, TPACKET_V1) == 0);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EINVAL);
	close(fd);
	return 0;
}

/* PACKET_HDRLEN per version, PACKET_VNET_HDR only on SOCK_RAW. */
static int t_options(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0), d = socket(AF_PACKET, SOCK_DGRAM, 0);
	int v, want[] = { TPACKET_HDRLEN, TPACKET2_HDRLEN, TPACKET3_HDRLEN };
	socklen_t len;

	CHECK(fd >= 0 && d >= 0);
	for (int i = 0; i < 3; i++) {
		v = i;
		len = sizeof(v);
		CHECK(getsockopt(fd, SOL_PACKET, PACKET_HDRLEN, &v, &len) == 0);
		CHECK(v == want[i] && len == sizeof(v));
	}
	v = 7;
	len = sizeof(v);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_HDRLEN, &v, &len) < 0 && errno == EINVAL);
	CHECK(set_int(d, PACKET_VNET_HDR, 1) < 0 && errno == EINVAL);
	CHECK(set_int(fd, PACKET_VNET_HDR, 1) == 0);
	len = sizeof(v);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &v, &len) == 0 && v == 1);
	CHECK(set_int(fd, 9999, 1) < 0 && errno == ENOPROTOOPT);
	len = sizeof(v);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, &len) == 0 && v == 0);
	len = sizeof(v);
	CHECK(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 && v == 0);
	close(fd), close(d);
	return 0;
}

/* sendto03's case (CVE-2020-14386): a V2 ring with a virtio_net_hdr and
 * a reserve that pushes tp_net past 16 bits drops the frame. */
static int t_vnet_overflow(void)
{
	int fd = psock(SOCK_RAW, ETH_P_ALL), s = socket(AF_PACKET, SOCK_RAW, 255);
	struct tpacket_req r = { 0x800000, 1, 0x11000, 0x800000 / 0x11000 };
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);

	CHECK(fd >= 0 && s >= 0);
	CHECK(set_int(fd, PACKET_VERSION, TPACKET_V2) == 0);
	CHECK(set_int(fd, PACKET_VNET_HDR, 1) == 0);
	CHECK(set_int(fd, PACKET_RESERVE, 0xffff - 75) == 0);
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r, sizeof(r)) == 0);
	CHECK(send_frame(s, 0x4242, 1000, 0x42) == 1014);
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0);
	CHECK(st.tp_drops >= 1);
	close(fd), close(s);
	return 0;
}

/* A TX ring of version @v: frames marked TP_STATUS_SEND_REQUEST go with
 * one send(), and are TP_STATUS_AVAILABLE again. */
static int tx_ring(int v)
{
	int tx = psock(SOCK_RAW, PROTO), rx = psock(SOCK_RAW, PROTO), v3 = v == TPACKET_V3;
	struct tpacket_req3 r = { PG, 1, 2048, 2, 0, 0, 0 };
	struct tpacket2_hdr *h2;
	struct tpacket3_hdr *h3;
	size_t hl = v3 ? TPACKET_ALIGN(sizeof(*h3)) : TPACKET_ALIGN(sizeof(*h2));
	unsigned char buf[100];
	char *map;

	CHECK(tx >= 0 && rx >= 0);
	CHECK(set_int(tx, PACKET_VERSION, v) == 0);
	CHECK(setsockopt(tx, SOL_PACKET, PACKET_TX_RING, &r, sizeof(r)) == 0);
	map = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, tx, 0);
	CHECK(map != MAP_FAILED);
	for (int i = 1; i >= 0; i--) {	/* h2, h3 end on frame 0 */
		char *d = map + i * 2048 + hl;

		h2 = (void *)(map + i * 2048), h3 = (void *)h2;
		memset(d, 0, 20);
		d[12] = (char)0x88, d[13] = (char)0xb5, d[14] = (char)(i + 1);
		if (v3)
			h3->tp_len = 20, h3->tp_status = TP_STATUS_SEND_REQUEST;
		else
			h2->tp_len = 20, h2->tp_status = TP_STATUS_SEND_REQUEST;
	}
	CHECK(send(tx, NULL, 0, 0) == 40);
	CHECK((v3 ? h3->tp_status : h2->tp_status) == TP_STATUS_AVAILABLE);
	CHECK(recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 20 && buf[14] == 1);
	CHECK(recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 20 && buf[14] == 2);
	munmap(map, PG);
	close(tx), close(rx);
	return 0;
}

static int t_tx_ring(void)
{
	return tx_ring(TPACKET_V2) ? -1 : tx_ring(TPACKET_V3);
}

/* SO_RCVBUF limits the queue: the rest is dropped and counted; epoll
 * sees a queued frame. */
static int t_rcvbuf_epoll(void)
{
	int fd = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	int small = 2304, ep = epoll_create1(0), n = 0;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);
	char buf[2000];

	CHECK(fd >= 0 && s >= 0 && ep >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) == 0);
	for (int i = 0; i < 20; i++)
		CHECK(send_frame(s, PROTO, 1000, i) == 1014);
	CHECK(epoll_wait(ep, &out, 1, 1000) == 1 && (out.events & EPOLLIN));
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	CHECK(getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0);
	CHECK(n > 0 && n < 20 && st.tp_packets == 20 && st.tp_drops == 20u - n);
	close(fd), close(s), close(ep);
	return 0;
}

/* A user: no packet socket (EPERM), no changing lo (EPERM). */
static int t_eperm_user(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	CHECK(fd >= 0);
	if (tap_become(STUDENT, 0))
		return -1;
	CHECK(socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) < 0 && errno == EPERM);
	CHECK(socket(AF_PACKET, SOCK_DGRAM, 0) < 0 && errno == EPERM);
	CHECK(lo_set(fd, 1) < 0 && errno == EPERM);
	close(fd);
	return 0;
}

/* As LTP's tst_setup_netns(): a user makes a user and a network
 * namespace, where it has CAP_NET_RAW; lo starts down (ENETDOWN) until
 * it sets IFF_UP; a socket of the old namespace sees none of it. */
static int t_userns_netns(void)
{
	int old = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), fd, r;
	char buf[100];

	CHECK(old >= 0);
	if (tap_user_netns(STUDENT))
		return -1;
	fd = psock(SOCK_RAW, ETH_P_ALL);
	r = socket(AF_PACKET, SOCK_RAW, 0);
	CHECK(fd >= 0 && r >= 0);
	CHECK(lo_flags(fd) >= 0 && !(lo_flags(fd) & IFF_UP));
	CHECK(send_frame(r, PROTO, 10, 1) < 0 && errno == ENETDOWN);
	CHECK(lo_set(fd, 1) == 0 && (lo_flags(fd) & IFF_UP));
	CHECK(send_frame(r, PROTO, 10, 1) == 24);
	CHECK(recv(fd, buf, sizeof(buf), MSG_DONTWAIT) == 24);
	while (recv(old, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		CHECK(buf[12] != (char)0x88 || buf[14] != 1);
	close(fd), close(r), close(old);
	return 0;
}

/* /proc/net/packet, Linux's columns: a bound SOCK_RAW socket of PROTO on
 * lo (Type 3, Proto 88b5, Iface 1, running) and an unbound SOCK_DGRAM one
 * (Type 2, nothing bound, not running), each with its inode; a closed
 * socket's line goes. */
static int t_procnet(void)
{
	int fd = psock(SOCK_RAW, PROTO), d = socket(AF_PACKET, SOCK_DGRAM, 0);
	struct stat st_fd, st_d;
	char raw_line[96], dgram_line[96];

	CHECK(fd >= 0 && d >= 0 && fstat(fd, &st_fd) == 0 &&
	      fstat(d, &st_d) == 0);
	snprintf(raw_line, sizeof(raw_line), "0000000000000000 %-6d %-4d %04x"
		 "   %-5d %1d %-6u %-6u %-8lu\n", 3, 3, PROTO, 1, 1, 0, 0,
		 (unsigned long)st_fd.st_ino);
	snprintf(dgram_line, sizeof(dgram_line), " %-4d %04x   %-5d %1d %-6u "
		 "%-6u %-8lu\n", 2, 0, 0, 0, 0, 0, (unsigned long)st_d.st_ino);
	CHECK(procfs_net_has("packet", "sk               RefCnt Type Proto  "
			     "Iface R Rmem   User   Inode\n"));
	CHECK(procfs_net_has("packet", strchr(raw_line, ' ') + 8));
	CHECK(procfs_net_has("packet", dgram_line));
	close(d);
	CHECK(!procfs_net_has("packet", dgram_line));
	close(fd);
	return 0;
}

static const struct tap_test tests[] = {
	{ "raw_loopback", t_raw_loopback },
	{ "dgram", t_dgram },
	{ "bind_getsockname", t_bind_getsockname },
	{ "send_errors", t_send_errors },
	{ "no_stream_calls", t_no_stream_calls },
	{ "rx_ring_v2", t_rx_ring_v2 },
	{ "rx_ring_v1", t_rx_ring_v1 },
	{ "rx_ring_v3", t_rx_ring_v3 },
	{ "ring_einval", t_ring_einval },
	{ "options", t_options },
	{ "vnet_overflow", t_vnet_overflow },
	{ "tx_ring", t_tx_ring },
	{ "rcvbuf_epoll", t_rcvbuf_epoll },
	{ "eperm_user", t_eperm_user },
	{ "userns_netns", t_userns_netns },
	{ "procnet", t_procnet },
};
#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run_as_root("packettests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
