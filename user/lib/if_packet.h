/*
 * user/lib/if_packet.h: what Linux's uapi linux/if_packet.h has and
 * musl's netpacket/packet.h lacks: the packet socket rings' requests,
 * frame and block headers (TPACKET_V1, V2, V3) and statistics, and
 * PACKET_FANOUT's modes, flags and arguments, for the programs that use
 * them (packettests, fanouttests).
 */
#ifndef USER_LIB_IF_PACKET_H
#define USER_LIB_IF_PACKET_H

#include <netpacket/packet.h>
#include <stdint.h>

#define ETH_P_ALL 0x0003

/* uapi linux/if_packet.h's ring structures, which musl lacks. */
enum { TPACKET_V1, TPACKET_V2, TPACKET_V3 };
#define TP_STATUS_KERNEL 0
#define TP_STATUS_USER 0x1
#define TP_STATUS_BLK_TMO 0x20
#define TP_STATUS_AVAILABLE 0
#define TP_STATUS_SEND_REQUEST 0x1
#define TPACKET_ALIGN(x) (((x) + 15) & ~15)

struct tpacket_req {
	unsigned int tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr;
};
struct tpacket_req3 {
	unsigned int tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr;
	unsigned int tp_retire_blk_tov, tp_sizeof_priv, tp_feature_req_word;
};
struct tpacket_stats {
	unsigned int tp_packets, tp_drops;
};
struct tpacket_hdr {
	unsigned long tp_status;
	unsigned int tp_len, tp_snaplen;
	unsigned short tp_mac, tp_net;
	unsigned int tp_sec, tp_usec;
};
struct tpacket2_hdr {
	uint32_t tp_status, tp_len, tp_snaplen;
	uint16_t tp_mac, tp_net;
	uint32_t tp_sec, tp_nsec;
	uint16_t tp_vlan_tci, tp_vlan_tpid;
	uint8_t tp_padding[4];
};
struct tpacket3_hdr {
	uint32_t tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status;
	uint16_t tp_mac, tp_net;
	uint32_t tp_rxhash, tp_vlan_tci;
	uint16_t tp_vlan_tpid, tp_hv1_padding;
	uint8_t tp_padding[8];
};
struct tpacket_hdr_v1 {
	uint32_t block_status, num_pkts, offset_to_first_pkt, blk_len;
	uint64_t seq_num __attribute__((aligned(8)));
	uint32_t ts_first[2], ts_last[2];
};
struct tpacket_block_desc {
	uint32_t version, offset_to_priv;
	union { struct tpacket_hdr_v1 bh1; } hdr;
};
/* PACKET_FANOUT: id | (mode | flags) << 16, or struct fanout_args. */
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
struct fanout_args {
	uint16_t id, type_flags;	/* little-endian order */
	uint32_t max_num_members;
};
struct tpacket_rollover_stats {
	uint64_t tp_all, tp_huge, tp_failed;
};

#define TPACKET_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET2_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket2_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET3_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) + sizeof(struct sockaddr_ll))

#endif
