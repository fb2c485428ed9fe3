/*
 * Packet sockets (Linux's net/packet/af_packet.c and uapi
 * linux/if_packet.h) on Taskbase's one interface, lo: what they share
 * between packet.c (the socket: create, bind, send, also from the TX
 * ring, receive), packet_opt.c (the SOL_PACKET options) and
 * packet_ring.c (PACKET_RX_RING and PACKET_TX_RING: the rings, their
 * checks, mmap, and the frames the kernel writes into them) and
 * packet_fanout.c (PACKET_FANOUT: groups of sockets that share the
 * frames, each frame going to one member).
 *
 * A frame on lo is an Ethernet frame with zero addresses
 * (ARPHRD_LOOPBACK): 6 bytes destination, 6 source, 2 the protocol in
 * network byte order, then the payload. Protocols are kept as the user
 * gave them: big-endian 16-bit values (htons(ETH_P_ALL)).
 */
#ifndef KERNEL_NET_PACKET_H
#define KERNEL_NET_PACKET_H

#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/net/net.h"
#include "kernel/net/net_namespace.h"
#include "kernel/time/timer.h"
#include "lib/refcount.h"

#define SOL_PACKET 263
#define ETH_P_ALL 0x0003
#define ETH_P_802_3 0x0001
#define ETH_P_802_2 0x0004
#define ETH_P_802_3_MIN 0x0600
#define ETH_ALEN 6
#define ETH_HLEN 14
#define ARPHRD_LOOPBACK 772
#define LO_IFINDEX 1

/* sll_pkttype */
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4

/* SOL_PACKET options */
#define PACKET_ADD_MEMBERSHIP 1
#define PACKET_DROP_MEMBERSHIP 2
#define PACKET_RX_RING 5
#define PACKET_STATISTICS 6
#define PACKET_COPY_THRESH 7
#define PACKET_AUXDATA 8
#define PACKET_ORIGDEV 9
#define PACKET_VERSION 10
#define PACKET_HDRLEN 11
#define PACKET_RESERVE 12
#define PACKET_TX_RING 13
#define PACKET_LOSS 14
#define PACKET_VNET_HDR 15
#define PACKET_TIMESTAMP 17
#define PACKET_FANOUT 18
#define PACKET_TX_HAS_OFF 19
#define PACKET_QDISC_BYPASS 20
#define PACKET_ROLLOVER_STATS 21
#define PACKET_FANOUT_DATA 22
#define PACKET_IGNORE_OUTGOING 23

/* PACKET_FANOUT's modes (the low byte of its upper 16 bits) and flags */
#define PACKET_FANOUT_HASH 0
#define PACKET_FANOUT_LB 1
#define PACKET_FANOUT_CPU 2
#define PACKET_FANOUT_ROLLOVER 3
#define PACKET_FANOUT_RND 4
#define PACKET_FANOUT_QM 5
#define PACKET_FANOUT_CBPF 6
#define PACKET_FANOUT_EBPF 7
#define PACKET_FANOUT_FLAG_ROLLOVER 0x1000
#define PACKET_FANOUT_FLAG_UNIQUEID 0x2000
#define PACKET_FANOUT_FLAG_IGNORE_OUTGOING 0x4000
#define PACKET_FANOUT_FLAG_DEFRAG 0x8000
#define PACKET_FANOUT_MAX (1 << 16)	/* members a group may be asked for */
#define PACKET_FANOUT_DEF_MAX 256	/* without fanout_args.max_num_members */

#define TPACKET_V1 0
#define TPACKET_V2 1
#define TPACKET_V3 2

/* Frame and block status words. */
#define TP_STATUS_KERNEL 0
#define TP_STATUS_USER 0x1
#define TP_STATUS_LOSING 0x4
#define TP_STATUS_BLK_TMO 0x20
#define TP_STATUS_TS_SOFTWARE (1u << 29)
#define TP_STATUS_AVAILABLE 0		/* TX ring */
#define TP_STATUS_SEND_REQUEST 0x1
#define TP_STATUS_SENDING 0x2
#define TP_STATUS_WRONG_FORMAT 0x4

#define TPACKET_ALIGNMENT 16
#define TPACKET_ALIGN(x) (((x) + TPACKET_ALIGNMENT - 1) & ~(TPACKET_ALIGNMENT - 1))

struct sockaddr_ll {
	u16 sll_family;
	u16 sll_protocol;		/* network byte order */
	int sll_ifindex;
	u16 sll_hatype;
	u8 sll_pkttype;
	u8 sll_halen;
	u8 sll_addr[8];
};
#define SLL_ADDR_OFF 12			/* offsetof(struct sockaddr_ll, sll_addr) */

struct tpacket_req {
	unsigned int tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr;
};

struct tpacket_req3 {
	unsigned int tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr;
	unsigned int tp_retire_blk_tov, tp_sizeof_priv, tp_feature_req_word;
};

struct tpacket_hdr {			/* TPACKET_V1 */
	unsigned long tp_status;
	unsigned int tp_len, tp_snaplen;
	unsigned short tp_mac, tp_net;
	unsigned int tp_sec, tp_usec;
};

struct tpacket2_hdr {
	u32 tp_status, tp_len, tp_snaplen;
	u16 tp_mac, tp_net;
	u32 tp_sec, tp_nsec;
	u16 tp_vlan_tci, tp_vlan_tpid;
	u8 tp_padding[4];
};

struct tpacket3_hdr {
	u32 tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status;
	u16 tp_mac, tp_net;
	u32 tp_rxhash, tp_vlan_tci;	/* hv1 */
	u16 tp_vlan_tpid, tp_hv1_padding;
	u8 tp_padding[8];
};

/* A TPACKET_V3 block's header (tpacket_block_desc with tpacket_hdr_v1). */
struct tpacket_block_desc {
	u32 version, offset_to_priv;
	u32 block_status, num_pkts, offset_to_first_pkt, blk_len;
	u64 seq_num;
	u32 ts_first_sec, ts_first_nsec, ts_last_sec, ts_last_nsec;
};

#define TPACKET_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET2_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket2_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET3_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) + sizeof(struct sockaddr_ll))
#define BLK_HDR_LEN ALIGN_UP(sizeof(struct tpacket_block_desc), 8)
#define BLK_PLUS_PRIV(p) (BLK_HDR_LEN + ALIGN_UP((u64)(p), 8))
#define VNET_HDR_LEN 10			/* struct virtio_net_hdr */
#define PRB_DEFAULT_TOV 8		/* ms: Linux's for a link without a speed */

/* One ring: blocks of whole pages, mapped contiguously for the kernel
 * (buf, vmap()) and given to user space by mmap (packet_ring.c). */
struct packet_ring {
	struct page **pages;		/* NULL: no ring */
	u8 *buf;
	u64 size;			/* block_size * block_nr bytes */
	unsigned int block_size, block_nr, frame_size, frame_nr;
	unsigned int frames_per_block, head;	/* V1/V2: the next frame */
	/* TPACKET_V3 (RX): the block being filled and its fill point. */
	unsigned int kactive, last_kactive, nxt_offset, prev_offset;
	unsigned int sizeof_priv, tov;	/* tov: jiffies */
	bool frozen, timer_on;
	u64 seq;
	struct timer_list timer;
};

/* A fanout group (Linux's struct packet_fanout): the sockets of one
 * network namespace that joined group @id share its frames, each frame
 * going to one member (arr[]) chosen by @type. Its list entry and
 * sk_ref are fanout_mutex's; num_members, arr[] and hook are
 * packet_list_lock's (the lock every delivery holds), so a delivery
 * sees each member whole or not at all. */
struct packet_fanout {
	struct list_head list;		/* on fanout_list */
	struct list_head hook;		/* on fanout_hooks while num_members */
	struct net *net;		/* not referenced: each member has it */
	u16 id;
	u8 type, flags;			/* flags: PACKET_FANOUT_FLAG_* >> 8 */
	u16 num;			/* the members' protocol (network order) */
	int ifindex;			/* and interface */
	refcount_t sk_ref;		/* members (fanout_mutex) */
	unsigned int num_members;	/* in arr[] (packet_list_lock) */
	unsigned int max_num_members;
	unsigned int rr_cur;		/* PACKET_FANOUT_LB's turn */
	struct bpf_prog *bpf_prog;	/* PACKET_FANOUT_[CE]BPF's, referenced
					 * (packet_list_lock) */
	struct packet_sock *arr[];
};

/* A member's rollover state (PACKET_FANOUT_ROLLOVER or the flag): where
 * the last rollover went and the counters PACKET_ROLLOVER_STATS reads.
 * Written under packet_list_lock. */
#define ROLLOVER_HLEN 16			/* flow hashes kept (a cache line) */
struct packet_rollover {
	unsigned int sock;
	u64 num, num_huge, num_failed;
	u32 history[ROLLOVER_HLEN];	/* recent frames' flow hashes */
};

struct tpacket_rollover_stats {
	u64 tp_all, tp_huge, tp_failed;
};

/* A queued frame (no ring): the whole Ethernet frame. */
struct packet_skb {
	struct list_head list;
	size_t len;			/* frame bytes (a filter may keep fewer
					 * than ETH_HLEN) */
	size_t origlen;			/* before the filter: PACKET_AUXDATA's */
	u16 protocol;			/* network order */
	u8 pkttype;
	u8 source[ETH_ALEN];		/* the link source, kept whole */
	u8 data[];
};

struct packet_sock {
	struct sock sk;			/* first: pkt_sk() */
	struct list_head list;		/* on packet_list */
	struct mutex bind_lock;		/* num and ifindex against
					 * joining a fanout group (Linux's
					 * po->bind_lock) */
	struct packet_fanout *fanout;	/* the group, or NULL: set under
					 * fanout_mutex, bind_lock and
					 * packet_list_lock; cleared on
					 * release (fanout_release()) */
	struct packet_rollover *rollover;
	struct mutex optlock;		/* rings and the options they fix
					 * (Linux's lock_sock, pg_vec_lock) */
	struct mutex iolock;		/* one reader at a time */
	spinlock_t lock;		/* queue, stats, ring contents (irqsave:
					 * the V3 timer runs in softirq) */
	struct list_head queue;
	u64 qbytes;			/* against sk_rcvbuf */
	u16 num;			/* bound protocol (network order), 0:
					 * none, no frame comes in (Linux's
					 * po->running: packet_running()) */
	int ifindex;			/* 0: every interface */
	int version;
	unsigned int reserve, hdrlen;	/* tp_reserve; ring header length */
	bool vnet_hdr, auxdata, origdev, ignore_outgoing, tx_has_off;
	bool qdisc_bypass;
	int loss, tstamp;
	unsigned int tp_packets, tp_drops, freeze_q_cnt;
	struct packet_ring rx, tx;
	struct address_space *mmap_obj;	/* the rings as mapped, or NULL */
};

static inline struct packet_sock *pkt_sk(struct sock *sk)
{
	return container_of(sk, struct packet_sock, sk);
}

#define PACKET_SKB_OVERHEAD 256		/* charged per queued frame */

static inline u16 pkt_htons(u16 v)
{
	return __builtin_bswap16(v);
}

/* Does a socket or group of @hnet bound to protocol @num (0: none) and
 * interface @ifindex (0: every one) take a frame of @want from @net's
 * lo? The one match of every delivery (packet_deliver()). */
static inline bool packet_hook_wants(struct net *hnet, u16 num, int ifindex,
				     struct net *net, u16 want)
{
	return hnet == net && num &&
	       (num == pkt_htons(ETH_P_ALL) || num == want) &&
	       (ifindex == 0 || ifindex == LO_IFINDEX);
}

/* ---- packet_ring.c ---- */

/* PACKET_RX_RING / PACKET_TX_RING (@tx) from the user's @val (@len
 * bytes): Linux's checks (each bad value EINVAL), the ring made, or
 * freed for tp_block_nr 0. optlock held. 0 or -errno. */
int packet_set_ring(struct packet_sock *ps, const void __user *val, int len,
		    bool tx);
/* Free both rings (release: optlock held, no more frames). */
void packet_free_rings(struct packet_sock *ps);
/* Write the frame @frame (@len bytes, @pkttype, @proto; at most
 * @snaplen of them from where @ps's view starts, as its filter said)
 * into @ps's RX ring, or count it dropped; ps->lock not held. */
void tpacket_rcv(struct packet_sock *ps, const u8 *frame, size_t len,
		 u32 snaplen, u8 pkttype, u16 proto);
/* Is the frame or block @ring_len >> @pow_off past the one the next
 * frame goes to free (the whole ring's length: @pow_off 0 means the next
 * one)? A fanout group's room test. RX ring, ps->lock held. */
bool packet_ring_has_room(struct packet_sock *ps, unsigned int pow_off);
/* Is a filled RX frame or block waiting (poll's EPOLLIN)? ps->lock held. */
bool packet_ring_readable(struct packet_sock *ps);
/* V1/V2 (and TX) frame @i of @ring. */
u8 *ring_frame(struct packet_ring *ring, unsigned int i);
/* Frame @h's status word (tp_status of @ps's version: not a V3 RX
 * frame, whose block has the status): as the user left it, and set
 * after the frame's other bytes. */
u32 frame_status(struct packet_sock *ps, u8 *h);
void frame_set_status(struct packet_sock *ps, u8 *h, u32 status);
/* mmap of both rings (RX first, as Linux): proto_ops.mmap. */
int packet_mmap(struct socket *sock, u64 len, u64 off, struct mmap_object *obj);

/* ---- packet_opt.c: the SOL_PACKET options (proto_ops) ---- */

int packet_setsockopt(struct socket *sock, int level, int opt,
		      const void __user *val, int len);
int packet_getsockopt(struct socket *sock, int level, int opt,
		      void __user *val, int __user *lenp);

/* ---- packet_fanout.c: PACKET_FANOUT groups ---- */

/* setsockopt(PACKET_FANOUT) with @len bytes at @val (an int, or Linux's
 * struct fanout_args): join or make the group; 0 or -errno. */
int packet_fanout_setsockopt(struct packet_sock *ps, const void __user *val,
			     int len);
/* PACKET_FANOUT_DATA: a BPF program for a CBPF or EBPF group. */
int fanout_set_data(struct packet_sock *ps, const void __user *val, int len);
/* getsockopt(PACKET_FANOUT): id | mode << 16 | flags << 24, or 0. */
unsigned int fanout_getsockopt_value(struct packet_sock *ps);
/* PACKET_ROLLOVER_STATS into @st; -EINVAL without rollover. */
int fanout_rollover_stats(struct packet_sock *ps,
			  struct tpacket_rollover_stats *st);
/* Take @ps out of its group's members (release, before fanout_release):
 * no frame reaches it after. bind_lock and packet_list_lock held. */
void __fanout_unlink(struct packet_sock *ps);
/* Leave the group on release; the last member frees it. */
void fanout_release(struct packet_sock *ps);
/* packet_deliver()'s pass over the groups: hand a frame to each group
 * of @net that takes @want, one member each; going out from @sender,
 * not to its own group nor to one that ignores outgoing frames (@sender
 * NULL: coming in). packet_list_lock held. */
void fanout_deliver(struct net *net, struct packet_sock *sender, u16 want,
		    const u8 *frame, size_t len, u8 pkttype, u16 proto);

/* ---- packet.c ---- */

/* Every packet socket: held across each delivery, so a frame goes past
 * all sockets before the next, and whoever holds it sees no socket or
 * group change. */
extern struct mutex packet_list_lock;
extern struct list_head packet_list;	/* of packet_sock, by list */
/* One frame to one socket: its ring or its queue. packet_list_lock held. */
void packet_rcv(struct packet_sock *ps, const u8 *frame, size_t len,
		u8 pkttype, u16 proto);
/* Do frames reach @ps (Linux's po->running: a protocol, and lo up if
 * bound to it)? bind_lock or packet_list_lock held. */
bool packet_running(struct packet_sock *ps);

/* PACKET_AUXDATA on: a struct tpacket_auxdata for @skb into @m's control
 * buffer, as Linux's packet_recvmsg() (packet_opt.c). */
void packet_put_auxdata(struct packet_sock *ps, struct msghdr *m,
			const struct packet_skb *skb);

/* The sockaddr_ll of a frame on lo (@pkttype, @proto, its link source
 * address @source). */
void packet_fill_sll(struct sockaddr_ll *sll, const u8 *source, u8 pkttype,
		     u16 proto);

#endif
