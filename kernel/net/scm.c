/*
 * Control messages (Linux's net/core/scm.c): what sendmsg(2) sends
 * beside the bytes, and recvmsg(2) gets back, at level SOL_SOCKET.
 *
 *   SCM_RIGHTS       descriptors. scm_send() takes a reference on each
 *                    file (at most SCM_MAX_FD); while the message is
 *                    queued the files are "in flight", held by it alone
 *                    once the sender closes them. scm_recv() installs
 *                    them as new descriptors of the receiver; a message
 *                    thrown away unread (its socket closed) puts them.
 *   SCM_CREDENTIALS  the sender's pid, uid and gid, delivered when the
 *                    receiver set SO_PASSCRED. A sender may claim other
 *                    ids only as Linux lets it: its own pid and any of
 *                    its real, effective or saved ids, or anything as
 *                    root.
 *
 * The control buffer stays in user memory until parsed here
 * (cmsg_send_each(), which IP's messages use too: ip_sockglue.c).
 */
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define OPTMEM_MAX 20480	/* net.core.optmem_max: the control bytes */

void scm_fp_free(struct scm_fp_list *fpl)
{
	if (!fpl)
		return;
	for (int i = 0; i < fpl->count; i++)
		fput(fpl->fp[i]);
	kfree(fpl);
}

struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl)
{
	struct scm_fp_list *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	n->count = fpl->count;
	for (int i = 0; i < fpl->count; i++)
		n->fp[i] = get_file(fpl->fp[i]);
	return n;
}

void scm_destroy(struct scm_cookie *scm)
{
	scm_fp_free(scm->fp);
	scm->fp = NULL;
}

/* SCM_RIGHTS: reference the files of the @n descriptors at @fds. */
static int scm_fp_copy(const int *fds, int n, struct scm_cookie *scm)
{
	struct scm_fp_list *fpl = scm->fp;

	if (n <= 0)
		return 0;
	if (!fpl) {
		fpl = kmalloc(sizeof(*fpl), GFP_KERNEL);
		if (!fpl)
			return -ENOMEM;
		fpl->count = 0;
		scm->fp = fpl;
	}
	if (fpl->count + n > SCM_MAX_FD)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct file *f = fds[i] < 0 ? NULL : fget((unsigned int)fds[i]);

		if (!f)
			return -EBADF;
		fpl->fp[fpl->count++] = f;
	}
	return 0;
}

/* SCM_CREDENTIALS: may current claim @c? Its ids, written in current's
 * user namespace (EINVAL: unmapped there), become global ones. */
static int scm_check_creds(struct ucred *c)
{
	const struct cred *cr = current->cred;
	kuid_t uid = make_kuid(cr->user_ns, c->uid);
	kgid_t gid = make_kgid(cr->user_ns, c->gid);

	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;
	c->uid = uid.val;
	c->gid = gid.val;
	if (c->pid != (u32)current->tgid && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (c->uid != cr->uid.val && c->uid != cr->euid.val &&
	    c->uid != cr->suid.val && !capable(CAP_SETUID))
		return -EPERM;
	if (c->gid != cr->gid.val && c->gid != cr->egid.val &&
	    c->gid != cr->sgid.val && !capable(CAP_SETGID))
		return -EPERM;
	return 0;
}

/* One control message (its header at @c, @len bytes in all). */
static int scm_one(const struct cmsghdr *c, void *arg)
{
	struct scm_cookie *scm = arg;
	const void *data = c + 1;
	size_t dlen = c->cmsg_len - sizeof(*c);

	if (c->cmsg_level != SOL_SOCKET)
		return 0;
	switch (c->cmsg_type) {
	case SCM_RIGHTS:
		return scm_fp_copy(data, (int)(dlen / sizeof(int)), scm);
	case SCM_CREDENTIALS:
		if (dlen != sizeof(struct ucred))
			return -EINVAL;
		memcpy(&scm->creds, data, sizeof(struct ucred));
		return scm_check_creds(&scm->creds);
	default:
		return -EINVAL;
	}
}

int cmsg_send_each(struct msghdr *m,
		   int (*fn)(const struct cmsghdr *c, void *arg), void *arg)
{
	size_t len = m->msg_controllen, off = 0;
	char *buf;
	int err = 0;

	if (len < sizeof(struct cmsghdr))
		return 0;
	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, m->msg_control, len))
		err = -EFAULT;
	/* off may pass len: the last message's length is not aligned */
	while (!err && off + sizeof(struct cmsghdr) <= len) {
		struct cmsghdr *c = (struct cmsghdr *)(buf + off);

		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > len - off)
			err = -EINVAL;		/* !CMSG_OK() */
		else
			err = fn(c, arg);
		off += CMSG_ALIGN(c->cmsg_len);
	}
	kfree(buf);
	return err;
}

int scm_send(struct socket *sock, struct msghdr *m, struct scm_cookie *scm)
{
	int err;

	scm->fp = NULL;
	scm->creds = current_ucred();
	scm->creds.uid = current->cred->uid.val;	/* the real ids, as Linux */
	scm->creds.gid = current->cred->gid.val;
	err = cmsg_send_each(m, scm_one, scm);
	if (err)
		scm_destroy(scm);
	return err;
}

bool put_cmsg(struct msghdr *m, int level, int type, const void *data,
	      size_t len)
{
	struct cmsghdr h = { CMSG_LEN(len), level, type };
	size_t room = m->msg_controllen;

	if (!m->msg_control || room < sizeof(h)) {
		m->msg_flags |= MSG_CTRUNC;
		return false;
	}
	if (h.cmsg_len > room) {
		m->msg_flags |= MSG_CTRUNC;
		h.cmsg_len = room;
	}
	if (copy_to_user(m->msg_control, &h, sizeof(h)) ||
	    (data && copy_to_user((char __user *)m->msg_control + sizeof(h),
				  data, h.cmsg_len - sizeof(h))))
		return false;
	room = MIN(room, CMSG_SPACE(h.cmsg_len - sizeof(h)));
	m->msg_control = (char __user *)m->msg_control + room;
	m->msg_controllen -= room;
	return true;
}

/* Install as many of @scm's files as @m has room for, each new
 * descriptor written straight into the message; the rest put. */
static void scm_detach_fds(struct msghdr *m, struct scm_cookie *scm,
			   int flags)
{
	struct scm_fp_list *fpl = scm->fp;
	size_t room = m->msg_control ? m->msg_controllen : 0;
	int max = room > sizeof(struct cmsghdr) ?
		  (int)((room - sizeof(struct cmsghdr)) / sizeof(int)) : 0;
	u32 __user *out = (u32 __user *)((struct cmsghdr __user *)m->msg_control + 1);
	int n = 0;

	while (n < fpl->count && n < max) {
		int fd = get_unused_fd_flags(flags & MSG_CMSG_CLOEXEC ?
					     O_CLOEXEC : 0);

		if (fd < 0)
			break;
		if (put_user_u32((u32)fd, out + n)) {
			put_unused_fd((unsigned int)fd);
			break;
		}
		fd_install((unsigned int)fd, fpl->fp[n]);
		n++;
	}
	if (n < fpl->count)
		m->msg_flags |= MSG_CTRUNC;
	if (n)
		put_cmsg(m, SOL_SOCKET, SCM_RIGHTS, NULL, n * sizeof(int));
	for (int i = n; i < fpl->count; i++)
		fput(fpl->fp[i]);
	kfree(fpl);
	scm->fp = NULL;
}

void scm_recv(struct socket *sock, struct msghdr *m, struct scm_cookie *scm,
	      int flags)
{
	struct ucred uc = scm->creds;

	/* The sender's ids as the receiver's user namespace sees them. */
	uc.uid = from_kuid_munged(current_user_ns(), KUIDT_INIT(uc.uid));
	uc.gid = from_kgid_munged(current_user_ns(), KGIDT_INIT(uc.gid));
	if (sock_flag(sock->sk, SO_PASSCRED))
		put_cmsg(m, SOL_SOCKET, SCM_CREDENTIALS, &uc, sizeof(uc));
	if (scm->fp)
		scm_detach_fds(m, scm, flags);
}
