/*
 * Unix-domain socket names (Linux's net/unix/af_unix.c, its bind and
 * lookup half). bind(2) gives a socket a path in the file system (a new
 * S_IFSOCK inode: EADDRINUSE if the name exists; the inode stays after
 * the socket closes, until unlinked, as on Linux), an abstract name
 * (sun_path starting with a NUL byte: no file, gone with the socket), or
 * with only a family a free abstract name (autobind). The name table,
 * unix_table, lists the bound sockets: a path is found by its inode, so
 * a socket is reached through any link to it and not through a new file
 * of the same name. Connecting or sending to a path needs write
 * permission on it (EACCES). /proc/net/unix lists every socket with its
 * name, in Linux's format (unix_proc_show()).
 */
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/net/af_unix.h"
#include "kernel/net/net_namespace.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static LIST_HEAD(unix_table);		/* bound unix_socks, under unix_lock */

void unix_addr_put(struct unix_address *addr)
{
	if (addr && refcount_dec_and_test(&addr->refcnt)) {
		if (addr->inode)
			iput(addr->inode);
		kfree(addr);
	}
}

struct unix_address *unix_addr_alloc(const void *name, int len,
				     struct inode *inode)
{
	struct unix_address *addr = kzalloc(sizeof(*addr), GFP_KERNEL);

	if (!addr)
		return NULL;
	refcount_set(&addr->refcnt, 1);
	addr->len = len;
	addr->inode = inode;
	memcpy(&addr->name, name, (size_t)len);
	return addr;
}

int unix_validate_addr(struct sockaddr_un *name, int len)
{
	if (len <= (int)sizeof(name->sun_family) ||
	    len > (int)sizeof(struct sockaddr_un))
		return -EINVAL;
	return name->sun_family == AF_UNIX ? 0 : -EINVAL;
}

/* A bound socket of @net with abstract name @name of @len bytes and
 * @type (any type when 0), under unix_lock; or NULL. */
static struct unix_sock *unix_find_abstract(struct net *net,
					    const struct sockaddr_un *name,
					    int len, int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_table, bound) {
		if (u->addr->inode || u->addr->len != len ||
		    (type && u->sk.sk_type != type) || sock_net(&u->sk) != net)
			continue;
		if (!memcmp(&u->addr->name, name, (size_t)len))
			return u;
	}
	return NULL;
}

static struct unix_sock *unix_find_inode(struct inode *inode)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_table, bound)
		if (u->addr->inode == inode)
			return u;
	return NULL;
}

/* The socket bound to the file at path @path, of @type, referenced. */
static struct unix_sock *unix_find_bsd(const char *path, int type)
{
	struct dentry *d = path_lookup(path, LOOKUP_FOLLOW);
	struct unix_sock *u;
	int err;

	if (IS_ERR(d))
		return (struct unix_sock *)d;
	err = inode_permission(d->d_inode, MAY_WRITE);
	if (!err && !S_ISSOCK(d->d_inode->i_mode))
		err = -ECONNREFUSED;
	spin_lock(&unix_lock);
	u = err ? NULL : unix_find_inode(d->d_inode);
	if (!err && !u)
		err = -ECONNREFUSED;
	else if (!err && u->sk.sk_type != type)
		err = -EPROTOTYPE;
	if (!err)
		sock_hold(&u->sk);
	spin_unlock(&unix_lock);
	dput(d);
	return err ? ERR_PTR(err) : u;
}

struct unix_sock *unix_find_other(struct net *net, struct sockaddr_un *name,
				  int len, int type)
{
	struct unix_sock *u;

	if (name->sun_path[0]) {
		((char *)name)[len] = '\0';	/* the caller's buffer has room */
		return unix_find_bsd(name->sun_path, type);
	}
	spin_lock(&unix_lock);
	u = unix_find_abstract(net, name, len, type);
	if (u)
		sock_hold(&u->sk);
	spin_unlock(&unix_lock);
	return u ? u : ERR_PTR(-ECONNREFUSED);
}

/* Put @u in the name table under @addr, unless bound or the name is
 * taken; 0, -EINVAL or -EADDRINUSE. @addr is consumed either way. */
static int unix_table_add(struct unix_sock *u, struct unix_address *addr)
{
	int err = 0;

	spin_lock(&unix_lock);
	if (u->addr)
		err = -EINVAL;
	else if (!addr->inode && unix_find_abstract(sock_net(&u->sk),
						    &addr->name, addr->len,
						    u->sk.sk_type))
		err = -EADDRINUSE;
	if (!err) {
		u->addr = addr;
		list_add_tail(&u->bound, &unix_table);
	}
	spin_unlock(&unix_lock);
	if (err)
		unix_addr_put(addr);
	return err;
}

/* bind() to the path @name->sun_path: a new S_IFSOCK file. */
static int unix_bind_bsd(struct unix_sock *u, struct sockaddr_un *name,
			 int len)
{
	struct unix_address *addr;
	struct dentry *d;
	int err;

	((char *)name)[len] = '\0';
	len = (int)(strlen(name->sun_path) + sizeof(name->sun_family) + 1);
	if (READ_ONCE(u->addr))
		return -EINVAL;
	err = vfs_mknod(NULL, name->sun_path, S_IFSOCK | 0777, 0);
	if (err)
		return err == -EEXIST ? -EADDRINUSE : err;
	d = path_lookup(name->sun_path, 0);
	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	addr = unix_addr_alloc(name, len, igrab(d->d_inode));
	dput(d);
	if (!addr)
		return -ENOMEM;
	if (!addr->inode->i_nlink) {	/* unlinked already: nothing to find */
		unix_addr_put(addr);
		return -ENOENT;
	}
	return unix_table_add(u, addr);
}

/* bind() with only a family: a free abstract name "\0XXXXX" (5 hex
 * digits), as Linux's autobind. */
static int unix_autobind(struct unix_sock *u)
{
	static u32 ordernum;
	struct sockaddr_un name = { AF_UNIX, { 0 } };
	int len = (int)sizeof(name.sun_family) + 6;

	for (int tries = 0; tries < 0x100000; tries++) {
		struct unix_address *addr;
		u32 n = __atomic_fetch_add(&ordernum, 1, __ATOMIC_RELAXED);
		int err;

		snprintf(name.sun_path + 1, 6, "%05x", n & 0xfffff);
		addr = unix_addr_alloc(&name, len, NULL);
		if (!addr)
			return -ENOMEM;
		err = unix_table_add(u, addr);
		if (err != -EADDRINUSE)
			return err;
	}
	return -ENOSPC;
}

int unix_bind(struct socket *sock, struct sockaddr *sa, int len)
{
	struct sockaddr_un *name = (struct sockaddr_un *)sa;
	struct unix_sock *u = unix_sk(sock->sk);
	struct unix_address *addr;
	int err;

	if (len == (int)sizeof(name->sun_family) && name->sun_family == AF_UNIX)
		return unix_autobind(u);
	err = unix_validate_addr(name, len);
	if (err)
		return err;
	mutex_lock(&u->bindlock);
	if (name->sun_path[0]) {
		err = unix_bind_bsd(u, name, len);
	} else {
		addr = unix_addr_alloc(name, len, NULL);
		err = addr ? unix_table_add(u, addr) : -ENOMEM;
	}
	mutex_unlock(&u->bindlock);
	return err;
}

#define SS_CONNECTING 2
#define SS_DISCONNECTING 4
#define SO_ACCEPTCON_FLAG (1 << 16)	/* Linux's __SO_ACCEPTCON */

/* One line of /proc/net/unix for @u, under unix_lock. */
static void unix_proc_line(struct seq_buf *m, struct unix_sock *u)
{
	struct socket *s = READ_ONCE(u->sk.sk_socket);
	bool listening = u->sk.sk_state == TCP_LISTEN;
	int state = s ? s->state : u->sk.sk_state == TCP_ESTABLISHED ?
		    SS_CONNECTING : SS_DISCONNECTING;

	/* The address is %pK's, which shows no kernel address: zeros. */
	seq_printf(m, "%016x: %08X %08X %08X %04X %02X %5lu", 0,
		   (unsigned int)refcount_read(&u->sk.sk_refcnt), 0,
		   listening ? SO_ACCEPTCON_FLAG : 0, u->sk.sk_type,
		   listening ? SS_UNCONNECTED : state,
		   s ? (unsigned long)s->file->f_inode->i_ino : 0ul);
	if (u->addr) {
		const char *p = u->addr->name.sun_path;
		int n = u->addr->len - (int)sizeof(u->addr->name.sun_family);

		seq_putc(m, ' ');
		if (!p[0])		/* abstract: '@' for each NUL, as Linux */
			for (int i = 0; i < n; i++)
				seq_putc(m, p[i] ? p[i] : '@');
		else
			seq_write(m, p, (size_t)n - 1);
	}
	seq_putc(m, '\n');
}

int unix_proc_show(struct seq_buf *m, void *data)
{
	struct net *net = current_net();	/* the reader's, as Linux */
	struct unix_sock *u;

	seq_puts(m, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	spin_lock(&unix_lock);
	list_for_each_entry(u, &unix_all, all)
		if (u->sk.sk_family == AF_UNIX && sock_net(&u->sk) == net)
			unix_proc_line(m, u);
	spin_unlock(&unix_lock);
	return 0;
}
