/*
 * /proc/net/tcp, tcp6, udp, udp6, raw and raw6 (Linux's tcp4_seq_show(),
 * udp4_format_sock(), raw_sock_seq_show() and their IPv6 twins): one
 * line per socket of the reader's network namespace, in Linux's
 * columns, which `netstat -tuwln` (BusyBox) and `ss` read. An
 * address is the 32-bit words of its network-order bytes, printed as
 * this little-endian machine reads them: 127.0.0.1 is 0100007F; a port
 * is plain hex. The tables list what Linux's hash tables hold: TCP
 * listeners and connections, bound UDP sockets, every raw socket (its
 * "port" is its protocol, and so is its line number, Linux's hash
 * bucket). The queue columns are
 * the bytes sent and not yet read (tx) and the bytes waiting to be read
 * (rx); a listener's rx is its waiting connections. There
 * are no timers and no retransmissions: those columns are 0.
 * /proc/sys/net/ipv4/ip_local_port_range is here too: the ports bind
 * picks from for port 0 (inet_pick_port()).
 */
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "kernel/printk/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TCP_HEADER "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
#define UDP_HEADER "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops"
#define TCP6_HEADER "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
#define UDP6_HEADER TCP6_HEADER " ref pointer drops"
#define RAW_HEADER TCP_HEADER " ref pointer drops"
#define RAW_TABLE (-1)		/* inet_proc_show()'s @protocol for raw */

/* Word @n of @a's address as /proc/net prints it. */
static u32 addr_word(const struct sockaddr_in6 *a, int n)
{
	u32 w;

	memcpy(&w, a->sin6_addr + 4 * n, 4);
	return w;
}

/* @a as "ADDR:PORT": the IPv4 word alone for a v4 table. */
static void put_addr(struct seq_buf *m, const struct sockaddr_in6 *a, bool v6)
{
	if (v6)
		seq_printf(m, "%08X%08X%08X%08X:%04X", addr_word(a, 0),
			   addr_word(a, 1), addr_word(a, 2), addr_word(a, 3),
			   ntohs(a->sin6_port));
	else
		seq_printf(m, "%08X:%04X", addr_word(a, 3), ntohs(a->sin6_port));
}

/* Does @i belong in the table of @family and @protocol (RAW_TABLE:
 * raw sockets of any protocol)? */
static bool inet_listed(struct inet_sock *i, int family, int protocol)
{
	u8 state = i->u.sk.sk_state;

	if (i->u.sk.sk_family != family || !i->u.addr || i->u.sk.sk_dead)
		return false;
	if (protocol == RAW_TABLE)
		return i->raw;
	if (i->raw || i->protocol != protocol)
		return false;	/* a raw socket of IPPROTO_UDP is raw's */
	return protocol == IPPROTO_UDP || state == TCP_LISTEN ||
	       state == TCP_ESTABLISHED;
}

/* One line for @i, number @n (a raw socket's: its protocol), under
 * unix_lock. */
static void inet_proc_line(struct seq_buf *m, struct inet_sock *i, int n,
			   bool v6)
{
	bool udp = !i->raw && i->protocol == IPPROTO_UDP;
	struct socket *s = READ_ONCE(i->u.sk.sk_socket);
	struct inode *inode = s ? s->file->f_inode : NULL;
	struct sockaddr_in6 local, peer;
	bool listening = i->u.sk.sk_state == TCP_LISTEN;
	long tx = listening ? 0 : i->u.sk.sk_wmem_alloc;
	long rx = listening ? (long)i->u.accept_qlen : (long)i->u.rmem;

	inet_names(i, &local, &peer);
	if (!peer.sin6_family)
		memset(&peer, 0, sizeof(peer));
	if (i->raw) {
		n = i->protocol;
		peer.sin6_port = 0;
	}
	seq_printf(m, udp || (i->raw && v6) ? "%5d: " : "%4d: ", n);
	put_addr(m, &local, v6);
	seq_putc(m, ' ');
	put_addr(m, &peer, v6);
	seq_printf(m, " %02X %08lX:%08lX 00:00000000 00000000 %5u %8d %lu %u "
		   "0000000000000000", i->u.sk.sk_state, tx, rx,
		   inode ? inode->i_uid : 0, 0,
		   inode ? (unsigned long)inode->i_ino : 0ul,
		   (unsigned int)refcount_read(&i->u.sk.sk_refcnt));
	seq_puts(m, udp || i->raw ? " 0\n" : " 100 0 0 10 0\n");
}

static int inet_proc_show(struct seq_buf *m, int family, int protocol,
			  const char *header, int width)
{
	struct net *net = current_net();	/* the reader's, as Linux */
	struct unix_sock *u;
	int n = 0;

	seq_printf(m, "%-*s\n", width, header);
	spin_lock(&unix_lock);
	list_for_each_entry(u, &unix_all, all)
		if (u->sk.sk_family != AF_UNIX && sock_net(&u->sk) == net &&
		    inet_listed(inet_sk(&u->sk), family, protocol))
			inet_proc_line(m, inet_sk(&u->sk), n++,
				       family == AF_INET6);
	spin_unlock(&unix_lock);
	return 0;
}

static int tcp4_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET, IPPROTO_TCP, TCP_HEADER, 149);
}

static int tcp6_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET6, IPPROTO_TCP, TCP6_HEADER, 0);
}

static int udp4_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET, IPPROTO_UDP, UDP_HEADER, 127);
}

static int udp6_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET6, IPPROTO_UDP, UDP6_HEADER, 0);
}

static int raw4_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET, RAW_TABLE, RAW_HEADER, 0);
}

static int raw6_show(struct seq_buf *m, void *data)
{
	return inet_proc_show(m, AF_INET6, RAW_TABLE, UDP6_HEADER, 0);
}

int ip_local_port_range_show(struct seq_buf *m, void *data)
{
	seq_printf(m, "%u\t%u\n", READ_ONCE(inet_port_range[0]),
		   READ_ONCE(inet_port_range[1]));
	return 0;
}

/* The next decimal number in @buf (@len bytes) from *@pos, or -1. */
static long next_port(const char *buf, size_t len, size_t *pos)
{
	long v = -1;

	while (*pos < len && (buf[*pos] == ' ' || buf[*pos] == '\t'))
		(*pos)++;
	while (*pos < len && buf[*pos] >= '0' && buf[*pos] <= '9' && v < 65536)
		v = (v < 0 ? 0 : v * 10) + (buf[(*pos)++] - '0');
	return v;
}

/* "LOW HIGH": both in 1..65535, LOW not past HIGH (else EINVAL). */
int ip_local_port_range_store(void *data, const char *buf, size_t len)
{
	size_t pos = 0;
	long low = next_port(buf, len, &pos), high = next_port(buf, len, &pos);

	while (pos < len && (buf[pos] == ' ' || buf[pos] == '\n'))
		pos++;
	if (low < 1 || high > 65535 || low > high || pos != len)
		return -EINVAL;
	spin_lock(&unix_lock);		/* inet_pick_port() reads both */
	inet_port_range[0] = (unsigned int)low;
	inet_port_range[1] = (unsigned int)high;
	spin_unlock(&unix_lock);
	return 0;
}

void inet_proc_init(void)
{
	if (proc_net_create("tcp", tcp4_show) ||
	    proc_net_create("tcp6", tcp6_show) ||
	    proc_net_create("udp", udp4_show) ||
	    proc_net_create("udp6", udp6_show) ||
	    proc_net_create("raw", raw4_show) ||
	    proc_net_create("raw6", raw6_show) ||
	    proc_net_create("dev", dev_proc_show))
		pr_warn("net: cannot make /proc/net/tcp, udp, raw, dev\n");
}
