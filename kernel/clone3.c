/*
 * clone3(2): clone with its arguments in a versioned structure instead
 * of registers. The caller passes struct clone_args and its size; a
 * smaller (older) structure than the kernel's is extended with zeroes,
 * a larger (newer) one is accepted only if the part the kernel does not
 * know is all zero (E2BIG otherwise), the way every extensible Linux
 * system call reads its argument. The exit signal gets a field of its
 * own, the new stack is given as base and size (it grows down from
 * base + size). The work is do_fork()'s (kernel/fork.c).
 *
 * The CLONE_NEW* flags are do_fork()'s (copy_namespaces(),
 * kernel/ns/nsproxy.c). CLONE_PIDFD writes the child's pidfd to the
 * pidfd field (kernel/fs/anon/pidfd.c). CLONE_INTO_CGROUP starts the
 * child in the cgroup whose cgroup2 directory the cgroup field is a
 * descriptor of (kernel/cgroup/cgroup.c cgroup_can_fork()). set_tid is
 * refused with EINVAL, after the privilege check, so that an
 * unprivileged caller hears EPERM as on Linux.
 */
#include "kernel/cgroup/cgroup.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CLONE_ARGS_SIZE_VER0 64		/* up to tls */
#define CLONE_ARGS_SIZE_VER2 88		/* up to cgroup */
#define CLONE_LEGACY_FLAGS 0xffffffffull
#define CLONE_INTO_CGROUP 0x200000000ull
#define MAX_PID_NS_LEVEL 32

struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal;
	u64 stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/*
 * Copy @usize bytes of user @uargs into @k (zero-extended). A newer,
 * larger structure must be zero past ours. 0, -EFAULT, -E2BIG, -EINVAL.
 */
static long copy_clone_args(struct clone_args *k, const void __user *uargs,
			    u64 usize)
{
	long ret;

	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	ret = copy_struct_from_user(k, sizeof(*k), uargs, usize);
	/* A descriptor is an int; an older structure has no cgroup field. */
	if (!ret && (k->flags & CLONE_INTO_CGROUP) &&
	    (k->cgroup > 0x7fffffff || usize < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	return ret;
}

/* Linux's checks of the arguments themselves. 0 or -EINVAL. */
static long clone3_args_valid(const struct clone_args *a)
{
	if (a->set_tid_size > MAX_PID_NS_LEVEL ||
	    (!a->set_tid && a->set_tid_size) || (a->set_tid && !a->set_tid_size))
		return -EINVAL;
	if (a->exit_signal & ~(u64)CSIGNAL || a->exit_signal > _NSIG)
		return -EINVAL;
	if (a->flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (a->flags & (CLONE_DETACHED | CSIGNAL))
		return -EINVAL;
	if ((a->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return -EINVAL;
	if (!a->stack ? a->stack_size != 0 :
	    !a->stack_size || !access_ok((void __user *)a->stack, a->stack_size))
		return -EINVAL;
	if ((a->flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	return 0;
}

/* May current pick the child's pid (set_tid)? Linux asks in this order:
 * CAP_SYS_ADMIN for new namespaces (copy_namespaces(): none needed for
 * those of a new user namespace, whose maker has every capability),
 * then checkpoint_restore_ns_capable() in the user namespace owning the
 * pid namespace the pid comes from: current's for a new one. */
static bool set_tid_capable(u64 flags)
{
	struct user_namespace *ns = current_nsproxy()->pid_ns_for_children->ns.user_ns;

	if (flags & CLONE_NEWUSER)
		return true;
	if ((flags & CLONE_NAMESPACES) && !ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return false;
	if (flags & CLONE_NEWPID)
		ns = current_user_ns();
	return ns_capable(ns, CAP_SYS_ADMIN) || ns_capable(ns, CAP_CHECKPOINT_RESTORE);
}

/* What Taskbase cannot do (see the top). 0, -EPERM or -EINVAL. */
static long clone3_supported(const struct clone_args *a)
{
	if (a->set_tid)
		return set_tid_capable(a->flags) ? -EINVAL : -EPERM;
	return 0;
}

long sys_clone3(const void __user *uargs, u64 size)
{
	struct cgroup *into = NULL;
	struct clone_args a;
	long ret = copy_clone_args(&a, uargs, size);

	if (!ret)
		ret = clone3_args_valid(&a);
	if (!ret)
		ret = clone3_supported(&a);
	if (!ret && (a.flags & CLONE_INTO_CGROUP)) {
		into = cgroup_get_from_fd((int)a.cgroup);
		ret = IS_ERR(into) ? PTR_ERR(into) : 0;
	}
	if (ret)
		return ret;
	ret = kernel_clone((a.flags & ~CLONE_INTO_CGROUP) | a.exit_signal,
			   a.stack ? a.stack + a.stack_size : 0,
			   (int __user *)a.parent_tid, (int __user *)a.child_tid,
			   a.tls, (int __user *)a.pidfd, into);
	cgroup_put(into);
	return ret;
}
