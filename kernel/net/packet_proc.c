/*
 * /proc/net/packet (Linux's packet_seq_show() in net/packet/af_packet.c):
 * one line per packet socket of the reader's network namespace, in
 * Linux's columns. sk is %pK's, which shows no kernel address (zeros);
 * Type is SOCK_RAW (3) or SOCK_DGRAM (2), Proto the bound protocol in
 * host order (0: none), Iface the bound interface (0: all), R whether
 * frames reach it (packet_running()), Rmem the bytes queued, User the
 * owner's uid as the reader's user namespace sees it, Inode the socket's.
 */
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/net/packet.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/printk/printk.h"
#include "lib/errno.h"

/* One line for @ps; packet_list_lock held. */
static void packet_proc_line(struct seq_buf *m, struct packet_sock *ps)
{
	struct socket *s = READ_ONCE(ps->sk.sk_socket);
	struct inode *inode = s ? s->file->f_inode : NULL;
	u32 uid = inode ? from_kuid_munged(current_user_ns(),
					   KUIDT_INIT(inode->i_uid)) : 0;

	seq_printf(m, "%016x %-6d %-4d %04x   %-5d %1d %-6u %-6u %-8lu\n", 0,
		   (int)refcount_read(&ps->sk.sk_refcnt), ps->sk.sk_type,
		   pkt_htons(READ_ONCE(ps->num)), READ_ONCE(ps->ifindex),
		   packet_running(ps), (unsigned int)READ_ONCE(ps->qbytes), uid,
		   inode ? (unsigned long)inode->i_ino : 0ul);
}

static int packet_proc_show(struct seq_buf *m, void *data)
{
	struct net *net = current_net();	/* the reader's, as Linux */
	struct packet_sock *ps;

	seq_printf(m, "%-17sRefCnt Type Proto  Iface R Rmem   User   Inode\n",
		   "sk");
	mutex_lock(&packet_list_lock);
	list_for_each_entry(ps, &packet_list, list)
		if (sock_net(&ps->sk) == net)
			packet_proc_line(m, ps);
	mutex_unlock(&packet_list_lock);
	return 0;
}

void packet_proc_init(void)
{
	if (proc_net_create("packet", packet_proc_show))
		pr_warn("net: cannot make /proc/net/packet\n");
}
