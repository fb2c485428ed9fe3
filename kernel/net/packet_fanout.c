/*
 * PACKET_FANOUT (Linux's fanout_add(), fanout_release(),
 * packet_rcv_fanout() and fanout_demux_*() in net/packet/af_packet.c):
 * packet sockets of one network namespace, bound alike, join a group
 * by its 16-bit id, and each frame that would have reached them goes
 * to one member only, chosen by the group's mode:
 *
 *   HASH      a flow hash of the frame: one flow, one member
 *   LB        round robin
 *   CPU       the CPU the frame is handled on (on lo: the sender's)
 *   ROLLOVER  the first member with room, staying there while it has
 *   RND       at random
 *   QM        the frame's queue: lo has one, so member 0
 *   CBPF/EBPF a BPF program's choice, modulo the number of members:
 *             classic or eBPF, set with PACKET_FANOUT_DATA; member 0
 *             until it is set. It sees a frame coming in from its
 *             network header, one going out from its link header, as
 *             Linux's (which runs before packet_rcv() moves skb->data)
 *
 * With PACKET_FANOUT_FLAG_ROLLOVER a member short of room passes the
 * frame on to the next member that has it.
 *
 * Locks, in this order: fanout_mutex (the groups, joining and leaving),
 * the socket's bind_lock (its binding stays as it is while it joins:
 * bind() racing PACKET_FANOUT was CVE-2017-15649, LTP's fanout01), and
 * packet_list_lock (the members and groups a delivery walks).
 */
#include "asm/percpu.h"
#include "kernel/bpf/bpf.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/net/packet.h"
#include "kernel/random.h"
#include "lib/bpf_filter.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ROOM_POW_OFF 2		/* "normal" room: more than a quarter free */
enum packet_room { ROOM_NONE, ROOM_LOW, ROOM_NORMAL };

/* setsockopt(PACKET_FANOUT)'s long form (Linux's struct fanout_args,
 * little-endian); the short form is its first int. */
struct fanout_args {
	u16 id, type_flags;
	u32 max_num_members;
};

static LIST_HEAD(fanout_list);		/* every group: fanout_mutex */
static DEFINE_MUTEX(fanout_mutex);
static LIST_HEAD(fanout_hooks);		/* groups with members: packet_list_lock */
static u16 fanout_next_id;		/* PACKET_FANOUT_FLAG_UNIQUEID's next try */

static bool fanout_has_flag(struct packet_fanout *f, u16 flag)
{
	return f->flags & (flag >> 8);
}

/* ---- joining and leaving ---- */

/* A zeroed group with room for @max members: kmalloc for a page or
 * less, else vmalloc (Linux's kvzalloc()). */
static struct packet_fanout *fanout_alloc(unsigned int max)
{
	size_t size = sizeof(struct packet_fanout) +
		      (size_t)max * sizeof(struct packet_sock *);

	return size <= PAGE_SIZE ? kzalloc(size, GFP_KERNEL) : vzalloc(size);
}

static void fanout_free(struct packet_fanout *f)
{
	if (f->bpf_prog)
		bpf_prog_put(f->bpf_prog);
	if (is_vmalloc_addr(f))
		vfree(f);
	else
		kfree(f);
}

/* Group @id of @net, or NULL. fanout_mutex held. */
static struct packet_fanout *fanout_find(struct net *net, u16 id)
{
	struct packet_fanout *f;

	lockdep_assert_held(&fanout_mutex);
	list_for_each_entry(f, &fanout_list, list)
		if (f->id == id && f->net == net)
			return f;
	return NULL;
}

/* An id no group of @net has, from where the last search ended (Linux's
 * fanout_find_new_id()); false when all 65536 are taken. */
static bool fanout_find_new_id(struct net *net, u16 *new_id)
{
	u16 id = fanout_next_id;

	do {
		if (!fanout_find(net, id)) {
			*new_id = id;
			fanout_next_id = (u16)(id + 1);
			return true;
		}
	} while (++id != fanout_next_id);
	return false;
}

/* A new, empty group @id for sockets bound as @ps, on fanout_list.
 * fanout_mutex held. */
static struct packet_fanout *fanout_new(struct packet_sock *ps, u16 id,
					u8 type, u8 flags, unsigned int max)
{
	struct packet_fanout *f = fanout_alloc(max);

	if (!f)
		return NULL;
	f->net = sock_net(&ps->sk);
	f->id = id;
	f->type = type;
	f->flags = flags;
	f->num = READ_ONCE(ps->num);	/* checked again under bind_lock */
	f->ifindex = READ_ONCE(ps->ifindex);
	f->max_num_members = max;
	refcount_set(&f->sk_ref, 0);
	INIT_LIST_HEAD(&f->hook);
	list_add(&f->list, &fanout_list);
	return f;
}

/* Make @ps a member frames reach (Linux's __fanout_link()): the group
 * goes on fanout_hooks with its first. packet_list_lock held. */
static void __fanout_link(struct packet_sock *ps, struct packet_fanout *f)
{
	lockdep_assert_held(&packet_list_lock);
	BUG_ON(f->num_members >= f->max_num_members);
	f->arr[f->num_members++] = ps;
	if (f->num_members == 1)
		list_add_tail(&f->hook, &fanout_hooks);
}

void __fanout_unlink(struct packet_sock *ps)
{
	struct packet_fanout *f = ps->fanout;
	unsigned int i = 0;

	lockdep_assert_held(&ps->bind_lock);
	lockdep_assert_held(&packet_list_lock);
	while (i < f->num_members && f->arr[i] != ps)
		i++;
	BUG_ON(i >= f->num_members);
	f->arr[i] = f->arr[--f->num_members];	/* the last takes its place */
	if (!f->num_members)
		list_del_init(&f->hook);
}

/* Join @f if @ps is running and bound as its members are (else EINVAL)
 * and @f has room (else ENOSPC), taking *@rollover. All under the bind
 * lock: a bind() comes wholly before (and then we see it) or after
 * (and then it sees ps->fanout and fails). fanout_mutex held. */
static int fanout_join(struct packet_sock *ps, struct packet_fanout *f,
		       u8 type, struct packet_rollover **rollover)
{
	int err = -EINVAL;

	lockdep_assert_held(&fanout_mutex);
	mutex_lock(&ps->bind_lock);
	mutex_lock(&packet_list_lock);
	if (packet_running(ps) && f->type == type && f->num == ps->num &&
	    f->ifindex == ps->ifindex) {
		err = -ENOSPC;
		if (refcount_read(&f->sk_ref) < f->max_num_members) {
			WRITE_ONCE(ps->rollover, *rollover);
			*rollover = NULL;
			refcount_set(&f->sk_ref, (int)refcount_read(&f->sk_ref) + 1);
			WRITE_ONCE(ps->fanout, f);
			__fanout_link(ps, f);
			err = 0;
		}
	}
	mutex_unlock(&packet_list_lock);
	mutex_unlock(&ps->bind_lock);
	return err;
}

/* Linux's fanout_add(): check @args, find group args->id of @ps's
 * namespace or make it, and join. 0 or -errno, Linux's each. */
static int fanout_add(struct packet_sock *ps, struct fanout_args *args)
{
	struct packet_rollover *rollover = NULL;
	u16 type_flags = args->type_flags, id = args->id;
	u8 type = type_flags & 0xff, flags = type_flags >> 8;
	struct packet_fanout *f;
	int err;

	if (type > PACKET_FANOUT_EBPF ||
	    (type == PACKET_FANOUT_ROLLOVER &&
	     (type_flags & PACKET_FANOUT_FLAG_ROLLOVER)))
		return -EINVAL;
	mutex_lock(&fanout_mutex);
	err = -EALREADY;
	if (ps->fanout)
		goto out;
	err = -ENOMEM;
	if (type == PACKET_FANOUT_ROLLOVER ||
	    (type_flags & PACKET_FANOUT_FLAG_ROLLOVER)) {
		rollover = kzalloc(sizeof(*rollover), GFP_KERNEL);
		if (!rollover)
			goto out;
	}
	if (type_flags & PACKET_FANOUT_FLAG_UNIQUEID) {
		err = id ? -EINVAL : -ENOMEM;
		if (id || !fanout_find_new_id(sock_net(&ps->sk), &id))
			goto out;
		flags &= ~(PACKET_FANOUT_FLAG_UNIQUEID >> 8);	/* not kept */
	}
	err = -EINVAL;
	f = fanout_find(sock_net(&ps->sk), id);
	if (f) {
		if (f->flags != flags || (args->max_num_members &&
		    args->max_num_members != f->max_num_members))
			goto out;
	} else {
		if (args->max_num_members > PACKET_FANOUT_MAX)
			goto out;
		err = -ENOMEM;
		f = fanout_new(ps, id, type, flags, args->max_num_members ?
			       args->max_num_members : PACKET_FANOUT_DEF_MAX);
		if (!f)
			goto out;
	}
	err = fanout_join(ps, f, type, &rollover);
	if (err && !refcount_read(&f->sk_ref)) {	/* made for nothing */
		list_del(&f->list);
		fanout_free(f);
	}
out:
	kfree(rollover);
	mutex_unlock(&fanout_mutex);
	return err;
}

void fanout_release(struct packet_sock *ps)
{
	struct packet_fanout *f;

	mutex_lock(&fanout_mutex);
	f = ps->fanout;
	if (f) {
		WRITE_ONCE(ps->fanout, NULL);
		if (refcount_dec_and_test(&f->sk_ref)) {
			BUG_ON(f->num_members);	/* so off fanout_hooks too */
			list_del(&f->list);
			fanout_free(f);
		}
	}
	mutex_unlock(&fanout_mutex);
	kfree(ps->rollover);
	ps->rollover = NULL;
}

int packet_fanout_setsockopt(struct packet_sock *ps, const void __user *val,
			     int len)
{
	struct fanout_args args = { 0 };

	if (len != (int)sizeof(int) && len != (int)sizeof(args))
		return -EINVAL;
	if (copy_from_user(&args, val, (u64)len))
		return -EFAULT;
	return fanout_add(ps, &args);
}

/* The program PACKET_FANOUT_DATA gives a CBPF (a struct sock_fprog) or
 * EBPF (a program's fd) group; ERR_PTR(-EINVAL, -EFAULT, -EBADF, ...). */
static struct bpf_prog *fanout_data_prog(struct packet_fanout *f,
					 const void __user *val, int len)
{
	struct sock_fprog fprog;
	int err;
	u32 fd;

	if (f->type == PACKET_FANOUT_CBPF) {
		err = copy_bpf_fprog_from_user(&fprog, val, len);
		return err ? ERR_PTR(err) : bpf_prog_create_from_user(&fprog);
	}
	if (len != (int)sizeof(fd))
		return ERR_PTR(-EINVAL);
	if (get_user_u32(&fd, (const u32 __user *)val))
		return ERR_PTR(-EFAULT);
	return bpf_prog_get_type((int)fd, BPF_PROG_TYPE_SOCKET_FILTER);
}

int fanout_set_data(struct packet_sock *ps, const void __user *val, int len)
{
	struct packet_fanout *f = READ_ONCE(ps->fanout);	/* ours till release */
	struct bpf_prog *prog, *old;

	if (!f || (f->type != PACKET_FANOUT_CBPF && f->type != PACKET_FANOUT_EBPF))
		return -EINVAL;
	if (READ_ONCE(ps->sk.sk_filter_locked))
		return -EPERM;
	prog = fanout_data_prog(f, val, len);
	if (IS_ERR(prog))
		return (int)PTR_ERR(prog);
	mutex_lock(&packet_list_lock);	/* no delivery runs the old one */
	old = f->bpf_prog;
	f->bpf_prog = prog;
	mutex_unlock(&packet_list_lock);
	if (old)
		bpf_prog_put(old);
	return 0;
}

unsigned int fanout_getsockopt_value(struct packet_sock *ps)
{
	struct packet_fanout *f = READ_ONCE(ps->fanout);

	return f ? f->id | (unsigned int)f->type << 16 |
		   (unsigned int)f->flags << 24 : 0;
}

int fanout_rollover_stats(struct packet_sock *ps,
			  struct tpacket_rollover_stats *st)
{
	struct packet_rollover *r = READ_ONCE(ps->rollover);	/* till release */

	if (!r)
		return -EINVAL;
	mutex_lock(&packet_list_lock);
	st->tp_all = r->num;
	st->tp_huge = r->num_huge;
	st->tp_failed = r->num_failed;
	mutex_unlock(&packet_list_lock);
	return 0;
}

/* ---- delivery ---- */

static u32 fanout_mix(u32 h, u32 v)
{
	h = (h ^ v) * 0x9e3779b1u;
	return h ^ (h >> 15);
}

static u32 load_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* A flow hash of Ethernet frame @frame (Linux's symmetric skb hash, in
 * spirit, not in value): for IPv4 and IPv6 the addresses, the protocol
 * and, for unfragmented TCP and UDP, the ports, each pair ordered so
 * that both directions of a flow hash alike; for other frames their
 * protocol alone. */
static u32 fanout_hash(const u8 *frame, size_t len)
{
	u32 proto = (u32)frame[12] << 8 | frame[13], a = 0, b = 0, pa = 0, pb = 0;
	const u8 *ip = frame + ETH_HLEN, *l4 = NULL;
	size_t n = len - ETH_HLEN;
	u8 l4proto = 0;

	if (proto == 0x0800 && n >= 20 && ip[0] >> 4 == 4) {
		a = load_be32(ip + 12), b = load_be32(ip + 16), l4proto = ip[9];
		if (!(load_be32(ip + 4) & 0x3fff) && n >= (ip[0] & 15) * 4u + 4)
			l4 = ip + (ip[0] & 15) * 4;	/* no fragment */
	} else if (proto == 0x86dd && n >= 40) {
		for (int i = 0; i < 16; i += 4)
			a ^= load_be32(ip + 8 + i), b ^= load_be32(ip + 24 + i);
		l4proto = ip[6];
		if (n >= 44)
			l4 = ip + 40;
	}
	if (l4 && (l4proto == 6 || l4proto == 17))
		pa = (u32)l4[0] << 8 | l4[1], pb = (u32)l4[2] << 8 | l4[3];
	if (a > b || (a == b && pa > pb)) {
		u32 t = a;

		a = b, b = t, t = pa, pa = pb, pb = t;
	}
	return fanout_mix(fanout_mix(fanout_mix(proto << 8 | l4proto, a), b),
			  pa << 16 | pb);
}

/* Room for a @len-byte frame at @ps (Linux's __packet_rcv_has_room()):
 * NORMAL with more than a quarter of its queue or ring free, LOW with
 * less, NONE when the frame would be dropped. */
static enum packet_room packet_rcv_has_room(struct packet_sock *ps, size_t len)
{
	unsigned long irq = spin_lock_irqsave(&ps->lock);
	enum packet_room room;

	if (ps->rx.pages) {
		room = packet_ring_has_room(ps, ROOM_POW_OFF) ? ROOM_NORMAL :
		       packet_ring_has_room(ps, 0) ? ROOM_LOW : ROOM_NONE;
	} else {
		s64 rcvbuf = READ_ONCE(ps->sk.sk_rcvbuf);
		s64 avail = rcvbuf - (s64)ps->qbytes -
			    (s64)(len + PACKET_SKB_OVERHEAD);

		room = avail > rcvbuf >> ROOM_POW_OFF ? ROOM_NORMAL :
		       avail > 0 ? ROOM_LOW : ROOM_NONE;
	}
	spin_unlock_irqrestore(&ps->lock, irq);
	return room;
}

/* Is this frame's flow more than half of what @ps saw lately (Linux's
 * fanout_flow_is_huge())? Such a flow rolls over even with some room
 * left, so that it does not crowd the others out. */
static bool fanout_flow_is_huge(struct packet_sock *ps, u32 hash)
{
	u32 *history = ps->rollover->history;
	int count = 0;

	for (int i = 0; i < ROLLOVER_HLEN; i++)
		count += history[i] == hash;
	history[get_random_u64() % ROLLOVER_HLEN] = hash;
	return count > ROLLOVER_HLEN / 2;
}

/* Linux's fanout_demux_rollover(): member @idx if it has room (when
 * @try_self), else the first other with room from where the last
 * rollover went; @idx when none has. */
static unsigned int fanout_demux_rollover(struct packet_fanout *f,
					  const u8 *frame, size_t len,
					  unsigned int idx, bool try_self,
					  unsigned int num)
{
	struct packet_sock *ps = f->arr[idx], *skip = NULL;
	enum packet_room room = ROOM_NONE;
	unsigned int i, j;

	BUG_ON(!ps->rollover);
	if (try_self) {
		room = packet_rcv_has_room(ps, len);
		if (room == ROOM_NORMAL || (room == ROOM_LOW &&
		    !fanout_flow_is_huge(ps, fanout_hash(frame, len))))
			return idx;
		skip = ps;
	}
	i = j = MIN(ps->rollover->sock, num - 1);
	do {
		if (f->arr[i] != skip &&
		    packet_rcv_has_room(f->arr[i], len) == ROOM_NORMAL) {
			if (i != j)
				ps->rollover->sock = i;
			ps->rollover->num++;
			if (room == ROOM_LOW)
				ps->rollover->num_huge++;
			return i;
		}
		if (++i == num)
			i = 0;
	} while (i != j);
	ps->rollover->num_failed++;
	return idx;
}

/* Linux's packet_rcv_fanout(): the frame to one member of @f. */
static void packet_rcv_fanout(struct packet_fanout *f, const u8 *frame,
			      size_t len, u8 pkttype, u16 proto)
{
	unsigned int num = f->num_members, idx;

	switch (f->type) {
	case PACKET_FANOUT_LB:
		idx = ++f->rr_cur % num;
		break;
	case PACKET_FANOUT_CPU:
		idx = smp_processor_id() % num;
		break;
	case PACKET_FANOUT_RND:
		idx = (unsigned int)(get_random_u64() % num);
		break;
	case PACKET_FANOUT_ROLLOVER:
		idx = fanout_demux_rollover(f, frame, len, 0, false, num);
		break;
	case PACKET_FANOUT_QM:		/* lo's one queue */
		idx = 0;
		break;
	case PACKET_FANOUT_CBPF:
	case PACKET_FANOUT_EBPF:	/* Linux's fanout_demux_bpf() */
		idx = f->bpf_prog ? bpf_prog_run_frame(f->bpf_prog, frame, len,
				pkttype == PACKET_OUTGOING ? 0 : ETH_HLEN,
				pkttype, proto) % num : 0;
		break;
	default:			/* PACKET_FANOUT_HASH */
		idx = (unsigned int)(((u64)fanout_hash(frame, len) * num) >> 32);
		break;
	}
	if (fanout_has_flag(f, PACKET_FANOUT_FLAG_ROLLOVER))
		idx = fanout_demux_rollover(f, frame, len, idx, true, num);
	packet_rcv(f->arr[idx], frame, len, pkttype, proto);
}

void fanout_deliver(struct net *net, struct packet_sock *sender, u16 want,
		    const u8 *frame, size_t len, u8 pkttype, u16 proto)
{
	struct packet_fanout *f;

	lockdep_assert_held(&packet_list_lock);
	list_for_each_entry(f, &fanout_hooks, hook) {
		if (sender && (sender->fanout == f ||
		    fanout_has_flag(f, PACKET_FANOUT_FLAG_IGNORE_OUTGOING)))
			continue;
		if (packet_hook_wants(f->net, f->num, f->ifindex, net, want))
			packet_rcv_fanout(f, frame, len, pkttype, proto);
	}
}
