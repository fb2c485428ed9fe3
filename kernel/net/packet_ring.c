/*
 * A packet socket's rings (Linux's packet_set_ring(), tpacket_rcv(),
 * tpacket_snd() and the TPACKET_V3 block code of af_packet.c): memory
 * shared with user space, where the kernel writes each frame it
 * receives and reads each frame it is to send, so that a program reads
 * and writes packets without a system call per packet.
 *
 *   ring = tp_block_nr blocks of tp_block_size bytes (whole pages)
 *   V1/V2: each block holds tp_block_size / tp_frame_size frames:
 *     frame: tpacket_hdr/tpacket2_hdr | sockaddr_ll | pad | [vnet] data
 *            ^ tp_status: TP_STATUS_KERNEL (0, the kernel's) or
 *              TP_STATUS_USER (filled; the user writes 0 back)
 *   V3 (RX): each block is one unit handed over:
 *     block: tpacket_block_desc | priv | tpacket3_hdr+sll+data | ...
 *            ^ block_status, num_pkts, offset_to_first_pkt, seq_num
 *     a block goes to the user when full, or when its timer
 *     (tp_retire_blk_tov ms) finds it unchanged (TP_STATUS_BLK_TMO).
 *
 * The pages are the kernel's, mapped contiguously for it with vmap()
 * (ring->buf) and given to user space by mmap(2) of the socket: RX
 * ring first, then TX ring, as one object (packet_mmap()). Every write
 * the kernel makes into a ring is checked against the frame or block it
 * belongs to (BUG_ON): the user may write any value into the ring.
 */
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/net/packet.h"
#include "kernel/time/time_kernel.h"
#include "lib/errno.h"
#include "lib/string.h"

/* A ring may take a quarter of memory; more is ENOMEM at once, rather
 * than memory emptied page by page before the allocation fails. */
static u64 ring_max_bytes(void)
{
	return (nr_managed_pages() << PAGE_SHIFT) / 4;
}

/* ---- making and freeing rings ---- */

/* Linux's checks of a ring request (each failure EINVAL). */
static int packet_ring_check(struct packet_sock *ps, const struct tpacket_req3 *r,
			     bool tx)
{
	unsigned int min_frame = ps->hdrlen + ps->reserve, fpb;

	if ((int)r->tp_block_size <= 0 || r->tp_block_size % PAGE_SIZE)
		return -EINVAL;
	if (ps->version == TPACKET_V3 && !tx &&
	    r->tp_block_size < BLK_PLUS_PRIV(r->tp_sizeof_priv) + min_frame)
		return -EINVAL;		/* CVE-2017-7308 */
	if (r->tp_frame_size < min_frame ||
	    r->tp_frame_size % TPACKET_ALIGNMENT)
		return -EINVAL;
	fpb = r->tp_block_size / r->tp_frame_size;
	if (!fpb || fpb > 0xffffffffu / r->tp_block_nr ||
	    fpb * r->tp_block_nr != r->tp_frame_nr)
		return -EINVAL;
	if (ps->version == TPACKET_V3 && tx &&
	    (r->tp_retire_blk_tov || r->tp_sizeof_priv || r->tp_feature_req_word))
		return -EINVAL;		/* no block transmit */
	return 0;
}

/* Free @n pages of @pages, and the array. */
static void ring_pages_free(struct page **pages, u64 n)
{
	for (u64 i = 0; i < n; i++)
		if (pages[i] && put_page_testzero(pages[i]))
			__free_pages(pages[i], 0);
	vfree(pages);
}

/* Fresh zeroed pages for @ring (size set) and their vmap(); 0 or -ENOMEM. */
static int ring_alloc(struct packet_ring *ring)
{
	u64 n = ring->size >> PAGE_SHIFT;

	if (ring->size > ring_max_bytes())
		return -ENOMEM;
	ring->pages = vzalloc(n * sizeof(struct page *));
	if (!ring->pages)
		return -ENOMEM;
	for (u64 i = 0; i < n; i++) {
		ring->pages[i] = alloc_pages(__GFP_ZERO | __GFP_NOWARN, 0);
		if (!ring->pages[i])
			break;
	}
	if (ring->pages[n - 1])
		ring->buf = vmap(ring->pages, n);
	if (!ring->buf) {
		ring_pages_free(ring->pages, n);
		ring->pages = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Free what @ring (already off the socket) holds. */
static void ring_free(struct packet_ring *ring)
{
	if (!ring->pages)
		return;
	if (ring->timer_on)
		del_timer(&ring->timer);
	vunmap(ring->buf);
	ring_pages_free(ring->pages, ring->size >> PAGE_SHIFT);
}

static void prb_open_block(struct packet_ring *ring, unsigned int idx);
static void prb_retire_timer(void *data);

/* A new ring's geometry from @r. */
static void ring_init(struct packet_sock *ps, struct packet_ring *ring,
		      const struct tpacket_req3 *r, bool tx)
{
	ring->block_size = r->tp_block_size;
	ring->block_nr = r->tp_block_nr;
	ring->frame_size = r->tp_frame_size;
	ring->frame_nr = r->tp_frame_nr;
	ring->frames_per_block = r->tp_block_size / r->tp_frame_size;
	ring->size = (u64)r->tp_block_size * r->tp_block_nr;
	if (ps->version != TPACKET_V3 || tx)
		return;
	ring->sizeof_priv = r->tp_sizeof_priv;
	ring->tov = r->tp_retire_blk_tov ? r->tp_retire_blk_tov : PRB_DEFAULT_TOV;
	ring->tov = MAX(1u, ring->tov * HZ / 1000);
}

/* Start a V3 RX ring: its first block open, its timer running. */
static void prb_start(struct packet_sock *ps, struct packet_ring *ring)
{
	prb_open_block(ring, 0);
	timer_setup(&ring->timer, prb_retire_timer, ps);
	ring->timer_on = true;
	mod_timer(&ring->timer, jiffies + ring->tov);
}

int packet_set_ring(struct packet_sock *ps, const void __user *val, int len,
		    bool tx)
{
	struct packet_ring *ring = tx ? &ps->tx : &ps->rx, new = { 0 }, old;
	struct tpacket_req3 r = { 0 };
	size_t need = ps->version == TPACKET_V3 ? sizeof(r) : sizeof(struct tpacket_req);
	unsigned long irq;
	int err;

	if (len < (int)need)
		return -EINVAL;
	if (copy_from_user(&r, val, need))
		return -EFAULT;
	if (ps->mmap_obj && filemap_mapped(ps->mmap_obj))
		return -EBUSY;
	if (r.tp_block_nr) {
		if (ring->pages)
			return -EBUSY;
		ps->hdrlen = ps->version == TPACKET_V1 ? TPACKET_HDRLEN :
			     ps->version == TPACKET_V2 ? TPACKET2_HDRLEN : TPACKET3_HDRLEN;
		err = packet_ring_check(ps, &r, tx);
		if (err)
			return err;
		ring_init(ps, &new, &r, tx);
		err = ring_alloc(&new);
		if (err)
			return err;
	} else if (r.tp_frame_nr) {
		return -EINVAL;
	}
	if (ps->mmap_obj) {		/* unmapped: the layout changes */
		mapping_put(ps->mmap_obj);
		ps->mmap_obj = NULL;
	}
	old = *ring;
	if (old.timer_on)
		del_timer(&ring->timer);	/* before it is copied away */
	irq = spin_lock_irqsave(&ps->lock);
	*ring = new;
	if (!tx && new.pages && ps->version == TPACKET_V3)
		prb_start(ps, ring);
	spin_unlock_irqrestore(&ps->lock, irq);
	old.timer_on = false;
	ring_free(&old);
	return 0;
}

void packet_free_rings(struct packet_sock *ps)
{
	struct packet_ring rx = ps->rx, tx = ps->tx;
	unsigned long irq;

	if (rx.timer_on)
		del_timer(&ps->rx.timer);
	irq = spin_lock_irqsave(&ps->lock);
	memset(&ps->rx, 0, sizeof(ps->rx));
	memset(&ps->tx, 0, sizeof(ps->tx));
	spin_unlock_irqrestore(&ps->lock, irq);
	rx.timer_on = false;
	ring_free(&rx);
	ring_free(&tx);
	if (ps->mmap_obj)
		mapping_put(ps->mmap_obj);
	ps->mmap_obj = NULL;
}

/* The object user space maps: both rings' pages, RX first. */
static struct address_space *packet_mmap_obj(struct packet_sock *ps)
{
	u64 rx = ps->rx.size >> PAGE_SHIFT, tx = ps->tx.size >> PAGE_SHIFT;
	struct address_space *m = mapping_alloc((rx + tx) << PAGE_SHIFT);

	for (u64 i = 0; m && i < rx + tx; i++) {
		struct page *p = i < rx ? ps->rx.pages[i] : ps->tx.pages[i - rx];

		get_page(p);
		if (filemap_add_page(m, i, p)) {
			put_page_testzero(p);	/* ours still holds it */
			mapping_put(m);
			m = NULL;
		}
	}
	return m;
}

int packet_mmap(struct socket *sock, u64 len, u64 off, struct mmap_object *obj)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	int err = 0;

	mutex_lock(&ps->optlock);
	if (off || (!ps->rx.pages && !ps->tx.pages) ||
	    ALIGN_UP(len, PAGE_SIZE) != ps->rx.size + ps->tx.size)
		err = -EINVAL;
	if (!err && !ps->mmap_obj) {
		ps->mmap_obj = packet_mmap_obj(ps);
		if (!ps->mmap_obj)
			err = -ENOMEM;
	}
	if (!err) {
		mapping_get(ps->mmap_obj);
		obj->mapping = ps->mmap_obj;
		obj->may_write = true;
		obj->ino = sock->file->f_inode->i_ino;
		obj->dev = sock->file->f_inode->i_sb->s_dev;
		strlcpy(obj->name, "socket:[packet]", sizeof(obj->name));
	}
	mutex_unlock(&ps->optlock);
	return err;
}

/* ---- receiving into the RX ring ---- */

/* Where a frame goes in a ring slot (Linux's tpacket_rcv()): the offsets
 * of the link header (macoff) and the network header (netoff) from the
 * slot's start, the bytes taken, and the payload's start in @frame. */
struct tpacket_place {
	unsigned int macoff, netoff, snaplen, len;
	const u8 *data;
	bool vnet;
};

/* Fill @pl for a frame of @len bytes; false when netoff overflows the
 * 16-bit tp_net (CVE-2020-14386: dropped). */
static bool tpacket_place(struct packet_sock *ps, const u8 *frame, size_t len,
			  u32 snaplen, struct tpacket_place *pl)
{
	unsigned int room;

	if (ps->sk.sk_type == SOCK_DGRAM) {	/* from the network header */
		pl->macoff = pl->netoff = TPACKET_ALIGN(ps->hdrlen) + 16 + ps->reserve;
		pl->data = frame + ETH_HLEN;
		pl->len = (unsigned int)(len - ETH_HLEN);
		pl->vnet = false;
	} else {			/* the whole frame; maclen 14 < 16 */
		pl->netoff = TPACKET_ALIGN(ps->hdrlen + 16) + ps->reserve;
		pl->vnet = ps->vnet_hdr;
		if (pl->vnet)
			pl->netoff += VNET_HDR_LEN;
		pl->macoff = pl->netoff - ETH_HLEN;
		pl->data = frame;
		pl->len = (unsigned int)len;
	}
	if (pl->netoff > 0xffff)
		return false;
	room = ps->version == TPACKET_V3 ?
	       ps->rx.block_size - (unsigned int)BLK_PLUS_PRIV(ps->rx.sizeof_priv) :
	       ps->rx.frame_size;
	pl->snaplen = MIN(pl->len, snaplen);	/* the filter's say */
	if (pl->macoff + pl->snaplen > room) {
		pl->snaplen = pl->macoff < room ? room - pl->macoff : 0;
		if (pl->macoff >= room) {
			pl->vnet = false;
			if (ps->version == TPACKET_V3)
				pl->macoff = room;
		}
	}
	return true;
}

/* Copy @n bytes to @off of the slot at @slot (@slot_len bytes long). */
static void slot_write(u8 *slot, unsigned int slot_len, unsigned int off,
		       const void *src, unsigned int n)
{
	BUG_ON((u64)off + n > slot_len);
	memcpy(slot + off, src, n);
}

/* The headers, the sockaddr_ll and the bytes of one frame into @slot
 * (@slot_len bytes); its status word last, for V1/V2. ps->lock held. */
static void tpacket_fill(struct packet_sock *ps, u8 *slot, unsigned int slot_len,
			 const struct tpacket_place *pl, const u8 *frame,
			 u8 pkttype, u16 proto, u32 status)
{
	static const u8 vnet[VNET_HDR_LEN];
	u64 ns = ktime_get_real_ns();
	u32 sec = (u32)(ns / 1000000000), nsec = (u32)(ns % 1000000000);
	struct sockaddr_ll sll;

	slot_write(slot, slot_len, pl->macoff, pl->data, pl->snaplen);
	if (pl->vnet)
		slot_write(slot, slot_len, pl->macoff - VNET_HDR_LEN, vnet, VNET_HDR_LEN);
	packet_fill_sll(&sll, frame + ETH_ALEN, pkttype, proto);
	if (ps->version == TPACKET_V1) {
		struct tpacket_hdr h = { .tp_len = pl->len, .tp_snaplen = pl->snaplen,
			.tp_mac = (u16)pl->macoff, .tp_net = (u16)pl->netoff,
			.tp_sec = sec, .tp_usec = nsec / 1000 };

		slot_write(slot, slot_len, 0, &h, sizeof(h));
		slot_write(slot, slot_len, TPACKET_ALIGN(sizeof(h)), &sll, sizeof(sll));
		frame_set_status(ps, slot, status);
	} else if (ps->version == TPACKET_V2) {
		struct tpacket2_hdr h = { .tp_len = pl->len, .tp_snaplen = pl->snaplen,
			.tp_mac = (u16)pl->macoff, .tp_net = (u16)pl->netoff,
			.tp_sec = sec, .tp_nsec = nsec };

		slot_write(slot, slot_len, 0, &h, sizeof(h));
		slot_write(slot, slot_len, TPACKET_ALIGN(sizeof(h)), &sll, sizeof(sll));
		frame_set_status(ps, slot, status);
	} else {
		struct tpacket3_hdr h = { .tp_sec = sec, .tp_nsec = nsec,
			.tp_snaplen = pl->snaplen, .tp_len = pl->len, .tp_status = status,
			.tp_mac = (u16)pl->macoff, .tp_net = (u16)pl->netoff };

		h.tp_next_offset = ALIGN_UP(pl->macoff + pl->snaplen, 8);
		slot_write(slot, slot_len, 0, &h, sizeof(h));
		slot_write(slot, slot_len, TPACKET_ALIGN(sizeof(h)), &sll, sizeof(sll));
	}
}

u8 *ring_frame(struct packet_ring *ring, unsigned int i)
{
	unsigned int b = i / ring->frames_per_block, f = i % ring->frames_per_block;

	BUG_ON(i >= ring->frame_nr);
	return ring->buf + (u64)b * ring->block_size + (u64)f * ring->frame_size;
}

u32 frame_status(struct packet_sock *ps, u8 *h)
{
	if (ps->version == TPACKET_V1)
		return (u32)__atomic_load_n((unsigned long *)h, __ATOMIC_ACQUIRE);
	if (ps->version == TPACKET_V2)
		return __atomic_load_n((u32 *)h, __ATOMIC_ACQUIRE);
	return __atomic_load_n(&((struct tpacket3_hdr *)h)->tp_status, __ATOMIC_ACQUIRE);
}

void frame_set_status(struct packet_sock *ps, u8 *h, u32 status)
{
	if (ps->version == TPACKET_V1)
		__atomic_store_n((unsigned long *)h, (unsigned long)status, __ATOMIC_RELEASE);
	else if (ps->version == TPACKET_V2)
		__atomic_store_n((u32 *)h, status, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&((struct tpacket3_hdr *)h)->tp_status, status, __ATOMIC_RELEASE);
}

/* V3 block @i of @ring and its descriptor. */
static struct tpacket_block_desc *ring_block(struct packet_ring *ring, unsigned int i)
{
	BUG_ON(i >= ring->block_nr);
	return (struct tpacket_block_desc *)(ring->buf + (u64)i * ring->block_size);
}

static u32 block_status(struct tpacket_block_desc *d)
{
	return __atomic_load_n(&d->block_status, __ATOMIC_ACQUIRE);
}

/* Open block @idx (the kernel's) for filling (Linux's prb_open_block()). */
static void prb_open_block(struct packet_ring *ring, unsigned int idx)
{
	struct tpacket_block_desc *d = ring_block(ring, idx);
	u64 ns = ktime_get_real_ns();
	unsigned int first = (unsigned int)BLK_PLUS_PRIV(ring->sizeof_priv);

	d->version = TPACKET_V3;
	d->offset_to_priv = BLK_HDR_LEN;
	d->num_pkts = 0;
	d->offset_to_first_pkt = first;
	d->blk_len = first;
	d->seq_num = ++ring->seq;
	d->ts_first_sec = (u32)(ns / 1000000000);
	d->ts_first_nsec = (u32)(ns % 1000000000);
	d->ts_last_sec = d->ts_last_nsec = 0;
	ring->kactive = idx;
	ring->nxt_offset = first;
	ring->frozen = false;
}

/* Hand the active block to the user (TP_STATUS_USER | @status, and
 * TP_STATUS_LOSING after drops) and move on to the next (Linux's
 * prb_close_block()). */
static void prb_close_block(struct packet_sock *ps, struct packet_ring *ring,
			    u32 status)
{
	struct tpacket_block_desc *d = ring_block(ring, ring->kactive);

	if (d->num_pkts) {
		struct tpacket3_hdr *last = (void *)((u8 *)d + ring->prev_offset);

		BUG_ON(ring->prev_offset + sizeof(*last) > ring->block_size);
		last->tp_next_offset = 0;
		d->ts_last_sec = last->tp_sec;
		d->ts_last_nsec = last->tp_nsec;
	} else {
		d->ts_last_sec = d->ts_first_sec;
		d->ts_last_nsec = d->ts_first_nsec;
	}
	if (ps->tp_drops)
		status |= TP_STATUS_LOSING;
	__atomic_store_n(&d->block_status, TP_STATUS_USER | status, __ATOMIC_RELEASE);
	ring->kactive = (ring->kactive + 1) % ring->block_nr;
}

/* Open the next block if the user gave it back; else the queue freezes. */
static bool prb_dispatch_next(struct packet_sock *ps, struct packet_ring *ring)
{
	if (block_status(ring_block(ring, ring->kactive)) != TP_STATUS_KERNEL) {
		if (!ring->frozen)
			ps->freeze_q_cnt++;
		ring->frozen = true;
		return false;
	}
	prb_open_block(ring, ring->kactive);
	return true;
}

/* Room for @len bytes in the active block (closing it and opening the
 * next if it is full): the offset in the block, or -1 (queue frozen). */
static long prb_lookup(struct packet_sock *ps, struct packet_ring *ring,
		       unsigned int len, bool *closed)
{
	struct tpacket_block_desc *d;
	u64 need = ALIGN_UP((u64)len, 8);

	if (ring->frozen) {
		if (block_status(ring_block(ring, ring->kactive)) != TP_STATUS_KERNEL)
			return -1;
		prb_open_block(ring, ring->kactive);	/* thaws */
	}
	if (ring->nxt_offset + need >= ring->block_size) {
		prb_close_block(ps, ring, 0);
		*closed = true;
		if (!prb_dispatch_next(ps, ring) ||
		    ring->nxt_offset + need >= ring->block_size)
			return -1;
	}
	d = ring_block(ring, ring->kactive);
	d->num_pkts++;
	d->blk_len += (u32)need;
	ring->prev_offset = ring->nxt_offset;
	ring->nxt_offset += (unsigned int)need;
	return ring->prev_offset;
}

/* Linux's prb_retire_rx_blk_timer_expired(): a block that saw no new
 * frame for a whole period goes to the user as it is; a frozen queue
 * thaws once the user gave its block back. Softirq context. */
static void prb_retire_timer(void *data)
{
	struct packet_sock *ps = data;
	struct packet_ring *ring = &ps->rx;
	unsigned long irq = spin_lock_irqsave(&ps->lock);
	bool closed = false;

	if (ring->frozen) {
		if (block_status(ring_block(ring, ring->kactive)) == TP_STATUS_KERNEL)
			prb_open_block(ring, ring->kactive);
	} else if (ring_block(ring, ring->kactive)->num_pkts &&
		   ring->last_kactive == ring->kactive) {
		prb_close_block(ps, ring, TP_STATUS_BLK_TMO);
		prb_dispatch_next(ps, ring);
		closed = true;
	}
	ring->last_kactive = ring->kactive;
	mod_timer(&ring->timer, jiffies + ring->tov);
	spin_unlock_irqrestore(&ps->lock, irq);
	if (closed)
		wake_up(&ps->sk.sk_wait);
}

/* V1/V2: the frame at head, if the user gave it back; head moves on. */
static u8 *tpacket_v2_slot(struct packet_sock *ps, struct packet_ring *ring)
{
	u8 *h = ring_frame(ring, ring->head);

	if (frame_status(ps, h) != TP_STATUS_KERNEL)
		return NULL;
	ring->head = ring->head + 1 == ring->frame_nr ? 0 : ring->head + 1;
	return h;
}

void tpacket_rcv(struct packet_sock *ps, const u8 *frame, size_t len,
		 u32 snaplen, u8 pkttype, u16 proto)
{
	struct packet_ring *ring = &ps->rx;
	struct tpacket_place pl;
	unsigned long irq = spin_lock_irqsave(&ps->lock);
	bool closed = false;
	u8 *slot = NULL;
	u32 status = TP_STATUS_USER | TP_STATUS_TS_SOFTWARE;
	long off;

	if (!ring->pages || !tpacket_place(ps, frame, len, snaplen, &pl)) {
		ps->tp_drops++;
		spin_unlock_irqrestore(&ps->lock, irq);
		return;
	}
	if (ps->version != TPACKET_V3) {
		slot = tpacket_v2_slot(ps, ring);
		if (ps->tp_drops)
			status |= TP_STATUS_LOSING;
	} else {
		off = prb_lookup(ps, ring, pl.macoff + pl.snaplen, &closed);
		if (off >= 0)
			slot = (u8 *)ring_block(ring, ring->kactive) + off;
	}
	if (slot) {
		tpacket_fill(ps, slot, ps->version == TPACKET_V3 ?
			     ring->block_size - (unsigned int)(slot - (u8 *)ring_block(ring, ring->kactive)) :
			     ring->frame_size, &pl, frame, pkttype, proto, status);
		ps->tp_packets++;
	} else {
		ps->tp_drops++;
	}
	spin_unlock_irqrestore(&ps->lock, irq);
	if ((slot && ps->version != TPACKET_V3) || closed)
		sk_data_ready(&ps->sk);
}

bool packet_ring_readable(struct packet_sock *ps)
{
	struct packet_ring *ring = &ps->rx;
	unsigned int prev;

	if (ps->version == TPACKET_V3) {
		prev = ring->kactive ? ring->kactive - 1 : ring->block_nr - 1;
		return block_status(ring_block(ring, prev)) != TP_STATUS_KERNEL;
	}
	prev = ring->head ? ring->head - 1 : ring->frame_nr - 1;
	return frame_status(ps, ring_frame(ring, prev)) != TP_STATUS_KERNEL;
}

bool packet_ring_has_room(struct packet_sock *ps, unsigned int pow_off)
{
	struct packet_ring *ring = &ps->rx;
	bool v3 = ps->version == TPACKET_V3;
	unsigned int len = v3 ? ring->block_nr : ring->frame_nr;
	unsigned int idx = (v3 ? ring->kactive : ring->head) +
			   (pow_off ? len >> pow_off : 0);

	lockdep_assert_held(&ps->lock);
	if (idx >= len)
		idx -= len;
	if (v3)
		return block_status(ring_block(ring, idx)) == TP_STATUS_KERNEL;
	return frame_status(ps, ring_frame(ring, idx)) == TP_STATUS_KERNEL;
}
