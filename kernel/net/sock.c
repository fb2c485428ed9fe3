/*
 * Socket options (Linux's net/core/sock.c): setsockopt(2) and
 * getsockopt(2) at level SOL_SOCKET, kept in the generic struct sock so
 * that every family has them. The buffer sizes are real limits: a
 * sender waits (or gets EAGAIN) while the bytes it has sent and the
 * receiver has not read pass sk_sndbuf. As Linux, a size set is stored
 * doubled (the kernel's bookkeeping overhead) between a floor and
 * net.core.wmem_max/rmem_max; SO_SNDBUFFORCE and SO_RCVBUFFORCE pass the
 * ceiling for root. SO_RCVTIMEO and SO_SNDTIMEO bound how long a
 * receive (or accept) and a send (or connect) may wait, then EAGAIN.
 * On/off options are bits of sk_flags; those Taskbase does not act on
 * (SO_KEEPALIVE, SO_BROADCAST, SO_NO_CHECK: no UDP checksum, and lo
 * has none to skip, ...) are still kept and read back, as a socket
 * without a network would. Other levels belong
 * to a protocol: AF_UNIX has none (EOPNOTSUPP).
 */
#include "kernel/cred.h"
#include "kernel/net/inet.h"
#include "kernel/net/syscalls.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/time/time.h"
#include "lib/err.h"
#include "lib/errno.h"

/* The on/off options: stored, read back. */
static bool sock_bool_opt(int opt)
{
	switch (opt) {
	case SO_DEBUG: case SO_REUSEADDR: case SO_DONTROUTE:
	case SO_BROADCAST: case SO_KEEPALIVE: case SO_OOBINLINE:
	case SO_REUSEPORT: case SO_PASSCRED: case SO_NO_CHECK:
		return true;
	default:
		return false;
	}
}

/* A buffer size asked for, clamped and doubled as Linux stores it. */
static int sock_buf_size(int val, bool force, int floor)
{
	long v = val < 0 ? 0 : val;

	if (!force && v > SK_MEM_MAX)
		v = SK_MEM_MAX;
	v = MIN(v * 2, (long)INT32_MAX);
	return (int)MAX(v, (long)floor);
}

struct sock_timeval {		/* struct timeval, SO_RCVTIMEO_OLD's */
	s64 tv_sec, tv_usec;
};

#define USEC_PER_TICK (1000000 / HZ)

/* SO_RCVTIMEO, SO_SNDTIMEO: a timeval into ticks, as Linux's
 * sock_set_timeout(): 0 s 0 us is no limit, a negative time 0 (a wait
 * gives up at once); 0 or -EINVAL, -EFAULT, -EDOM. */
static int sock_set_timeout(u64 *timeo, const void __user *val, int len)
{
	struct sock_timeval tv;
	u64 ticks;

	if (len < (int)sizeof(tv))
		return -EINVAL;
	if (copy_from_user(&tv, val, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		WRITE_ONCE(*timeo, 0);
		return 0;
	}
	ticks = (u64)tv.tv_usec / USEC_PER_TICK +
		((u64)tv.tv_usec % USEC_PER_TICK != 0);
	if (!tv.tv_sec && !ticks)
		ticks = MAX_SCHEDULE_TIMEOUT;
	else if ((u64)tv.tv_sec < MAX_SCHEDULE_TIMEOUT / HZ - 1)
		ticks += (u64)tv.tv_sec * HZ;
	else
		ticks = MAX_SCHEDULE_TIMEOUT;
	WRITE_ONCE(*timeo, ticks);
	return 0;
}

/* The timeval of @timeo ticks, cut to *@lenp bytes. */
static int sock_get_timeout(u64 timeo, void __user *val, int __user *lenp,
			    u32 len)
{
	struct sock_timeval tv = { 0, 0 };

	if (timeo != MAX_SCHEDULE_TIMEOUT) {
		tv.tv_sec = (s64)(timeo / HZ);
		tv.tv_usec = (s64)(timeo % HZ) * USEC_PER_TICK;
	}
	len = MIN(len, (u32)sizeof(tv));
	if (copy_to_user(val, &tv, len))
		return -EFAULT;
	return put_user_u32(len, (u32 __user *)lenp) ? -EFAULT : 0;
}

int sock_setsockopt(struct socket *sock, int opt, const void __user *val,
		    int len)
{
	struct sock *sk = sock->sk;
	bool force = opt == SO_SNDBUFFORCE || opt == SO_RCVBUFFORCE;
	u32 v;

	if (opt == SO_RCVTIMEO || opt == SO_SNDTIMEO)
		return sock_set_timeout(opt == SO_RCVTIMEO ? &sk->sk_rcvtimeo :
					&sk->sk_sndtimeo, val, len);
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (get_user_u32(&v, (const u32 __user *)val))
		return -EFAULT;
	if (force && !capable(CAP_NET_ADMIN))
		return -EPERM;
	if (sock_bool_opt(opt)) {
		if (v)
			__atomic_or_fetch(&sk->sk_flags, 1u << opt,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&sk->sk_flags, ~(1u << opt),
					   __ATOMIC_RELAXED);
		return 0;
	}
	switch (opt) {
	case SO_SNDBUF: case SO_SNDBUFFORCE:
		WRITE_ONCE(sk->sk_sndbuf,
			   sock_buf_size((int)v, force, SOCK_MIN_SNDBUF));
		wake_up(&sk->sk_wait);	/* a bigger buffer may take more */
		return 0;
	case SO_RCVBUF: case SO_RCVBUFFORCE:
		WRITE_ONCE(sk->sk_rcvbuf,
			   sock_buf_size((int)v, force, SOCK_MIN_RCVBUF));
		return 0;
	case SO_ATTACH_BPF:
		return len == sizeof(u32) ? sk_attach_bpf(sk, (int)v) : -EINVAL;
	case SO_ATTACH_FILTER:
		return sk_attach_filter(sk, val, len);
	case SO_DETACH_BPF:
		return sk_detach_filter(sk);
	case SO_LOCK_FILTER:
		return sk_lock_filter(sk, v != 0);
	default:
		return -ENOPROTOOPT;
	}
}

/* The value of int option @opt, or -ENOPROTOOPT. */
static long sock_int_opt(struct socket *sock, int opt)
{
	struct sock *sk = sock->sk;

	if (sock_bool_opt(opt))
		return sock_flag(sk, opt);
	switch (opt) {
	case SO_TYPE:
		return sock->type;
	case SO_ERROR:
		return -sock_error(sk);
	case SO_SNDBUF:
		return READ_ONCE(sk->sk_sndbuf);
	case SO_RCVBUF:
		return READ_ONCE(sk->sk_rcvbuf);
	case SO_ACCEPTCONN:
		return READ_ONCE(sk->sk_state) == TCP_LISTEN;
	case SO_PROTOCOL:
		if (sk->sk_family == AF_PACKET || sk->sk_family == AF_NETLINK)
			return sk->sk_protocol;
		return sk->sk_family == AF_UNIX ? 0 : inet_sk(sk)->protocol;
	case SO_DOMAIN:
		return sk->sk_family;
	case SO_RCVLOWAT: case SO_SNDLOWAT:
		return 1;
	case SO_LOCK_FILTER:
		return READ_ONCE(sk->sk_filter_locked);
	default:
		return -ENOPROTOOPT;
	}
}

int sock_getsockopt(struct socket *sock, int opt, void __user *val,
		    int __user *lenp)
{
	struct ucred cred = sock->sk->sk_peercred;
	u32 len;
	long v;

	if (get_user_u32(&len, (const u32 __user *)lenp))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	if (opt == SO_RCVTIMEO || opt == SO_SNDTIMEO)
		return sock_get_timeout(opt == SO_RCVTIMEO ?
				READ_ONCE(sock->sk->sk_rcvtimeo) :
				READ_ONCE(sock->sk->sk_sndtimeo), val, lenp, len);
	if (opt == SO_PEERCRED) {
		/* The peer's (global) ids as the caller's namespace sees them;
		 * -1 (no peer) stays. */
		if (cred.uid != (u32)-1)
			cred.uid = from_kuid_munged(current_user_ns(), KUIDT_INIT(cred.uid));
		if (cred.gid != (u32)-1)
			cred.gid = from_kgid_munged(current_user_ns(), KGIDT_INIT(cred.gid));
		len = MIN(len, (u32)sizeof(cred));
		if (copy_to_user(val, &cred, len))
			return -EFAULT;
		return put_user_u32(len, (u32 __user *)lenp) ? -EFAULT : 0;
	}
	if (opt == SO_GET_FILTER) {	/* the length counts instructions */
		v = sk_get_filter(sock->sk, val, len);
		if (v < 0)
			return (int)v;
		return put_user_u32((u32)v, (u32 __user *)lenp) ? -EFAULT : 0;
	}
	v = sock_int_opt(sock, opt);
	if (v < 0)
		return (int)v;
	len = MIN(len, (u32)sizeof(int));
	if (copy_to_user(val, &v, len))
		return -EFAULT;
	return put_user_u32(len, (u32 __user *)lenp) ? -EFAULT : 0;
}

/*
 * What an option of another level than SOL_SOCKET gets: AF_UNIX has none
 * (EOPNOTSUPP); an IP socket's levels are inet_opt.c's, and Linux's
 * getsockopt answers EOPNOTSUPP for a level no IP protocol has, its
 * setsockopt ENOPROTOOPT. (Raw sockets answer SOL_RAW themselves.)
 */
int sock_other_level(struct sock *sk, int level, int opt, void __user *val,
		     int __user *lenp, int len)
{
	bool known = level == SOL_IP || level == SOL_IPV6 ||
		     level == SOL_TCP || level == SOL_UDP;

	if (sk->sk_family == AF_UNIX)
		return -EOPNOTSUPP;
	if (!lenp)
		return inet_setsockopt(sk, level, opt, val, len);
	return known ? inet_getsockopt(sk, level, opt, val, lenp) : -EOPNOTSUPP;
}

/* setsockopt(2): set option @opt of level @level from @len bytes. */
long sys_setsockopt(int fd, int level, int opt, const void __user *val,
		    int len)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long err;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	if (len < 0)
		err = -EINVAL;
	else if (level == SOL_SOCKET)
		err = sock_setsockopt(sock, opt, val, len);
	else if (sock->ops->setsockopt)
		err = sock->ops->setsockopt(sock, level, opt, val, len);
	else
		err = sock_other_level(sock->sk, level, opt, (void __user *)val,
				       NULL, len);
	fput(f);
	return err;
}

/* getsockopt(2): option @opt of level @level into @val, its length in
 * *@lenp (in: the room). */
long sys_getsockopt(int fd, int level, int opt, void __user *val,
		    int __user *lenp)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long err;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	if (level == SOL_SOCKET)
		err = sock_getsockopt(sock, opt, val, lenp);
	else if (sock->ops->getsockopt)
		err = sock->ops->getsockopt(sock, level, opt, val, lenp);
	else
		err = sock_other_level(sock->sk, level, opt, val, lenp, 0);
	fput(f);
	return err;
}
