/*
 * bpf(2) (Linux's kernel/bpf/syscall.c): make a map or load a program,
 * each a descriptor ("anon_inode:bpf-map", "anon_inode:bpf-prog", always
 * close-on-exec), and read or change a map's elements by key. Only a
 * caller with CAP_BPF or CAP_SYS_ADMIN may make maps and load programs
 * while /proc/sys/kernel/unprivileged_bpf_disabled is not 0 (the default,
 * 2); whoever holds a map's descriptor may use it (Linux since 5.19).
 */
#include "kernel/bpf/bpf.h"
#include "kernel/cred.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static int sysctl_unprivileged_bpf_disabled = 2;

/* Where Linux 6.1's attr for each command ends: bytes past it must be 0. */
static const u32 bpf_attr_end[] = {
	[BPF_MAP_CREATE] = 72, [BPF_MAP_LOOKUP_ELEM] = 32,
	[BPF_MAP_UPDATE_ELEM] = 32, [BPF_MAP_DELETE_ELEM] = 16,
	[BPF_MAP_GET_NEXT_KEY] = 24, [BPF_PROG_LOAD] = 140,
};

static int bpf_map_release(struct inode *inode, struct file *f)
{
	bpf_map_put(f->private_data);
	return 0;
}

static void bpf_map_show_fdinfo(struct seq_buf *m, struct file *f)
{
	const struct bpf_map *map = f->private_data;

	seq_printf(m, "map_type:\t%u\nkey_size:\t%u\nvalue_size:\t%u\n"
		   "max_entries:\t%u\nmap_flags:\t%#x\n", map->map_type,
		   map->key_size, map->value_size, map->max_entries,
		   map->map_flags);
}

static const struct file_operations bpf_map_fops = {
	.release = bpf_map_release,
	.show_fdinfo = bpf_map_show_fdinfo,
};

static int bpf_prog_release(struct inode *inode, struct file *f)
{
	bpf_prog_put(f->private_data);
	return 0;
}

static void bpf_prog_show_fdinfo(struct seq_buf *m, struct file *f)
{
	const struct bpf_prog *prog = f->private_data;

	u64 bytes = sizeof(*prog) + prog->len * sizeof(struct bpf_insn);

	seq_printf(m, "prog_type:\t%u\nprog_jited:\t0\nmemlock:\t%lu\n",
		   prog->type, (bytes + PAGE_SIZE - 1) & ~(u64)(PAGE_SIZE - 1));
}

static const struct file_operations bpf_prog_fops = {
	.release = bpf_prog_release,
	.show_fdinfo = bpf_prog_show_fdinfo,
};

void bpf_map_put(struct bpf_map *map)
{
	if (refcount_dec_and_test(&map->refcnt))
		map->ops->free(map);
}

void bpf_prog_put(struct bpf_prog *prog)
{
	u32 i;

	if (!refcount_dec_and_test(&prog->refcnt))
		return;
	for (i = 0; i < prog->used_map_cnt; i++)
		bpf_map_put(prog->used_maps[i]);
	kfree(prog->used_maps);
	kfree(prog->orig_prog);
	vfree(prog);
}

struct bpf_prog *bpf_prog_alloc(u32 insn_cnt)
{
	struct bpf_prog *prog = vzalloc(sizeof(*prog) +
					(u64)insn_cnt * sizeof(struct bpf_insn));

	if (prog)
		refcount_set(&prog->refcnt, 1);
	return prog;
}

/* The map or program behind @fd (whose file's operations must be
 * @fops), referenced; ERR_PTR(-EBADF) or ERR_PTR(-EINVAL). */
static void *bpf_fd_get(int fd, const struct file_operations *fops)
{
	struct file *f = fget((unsigned int)fd);
	void *priv;

	if (!f)
		return ERR_PTR(-EBADF);
	priv = f->f_op == fops ? f->private_data : ERR_PTR(-EINVAL);
	if (!IS_ERR(priv) && fops == &bpf_map_fops)
		refcount_inc(&((struct bpf_map *)priv)->refcnt);
	else if (!IS_ERR(priv))
		refcount_inc(&((struct bpf_prog *)priv)->refcnt);
	fput(f);
	return priv;
}

struct bpf_map *bpf_map_get(int fd)
{
	return bpf_fd_get(fd, &bpf_map_fops);
}

struct bpf_prog *bpf_prog_get_type(int fd, u32 type)
{
	struct bpf_prog *prog = bpf_fd_get(fd, &bpf_prog_fops);

	if (!IS_ERR(prog) && prog->type != type) {
		bpf_prog_put(prog);
		return ERR_PTR(-EINVAL);
	}
	return prog;
}

static long map_create(const union bpf_attr *attr)
{
	struct bpf_map *map;
	int fd;

	switch (attr->map_type) {
	case BPF_MAP_TYPE_HASH:
		map = htab_map_alloc(attr);
		break;
	case BPF_MAP_TYPE_ARRAY:
		map = array_map_alloc(attr);
		break;
	default:
		return -EINVAL;
	}
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags;
	refcount_set(&map->refcnt, 1);
	fd = anon_inode_getfd_name("bpf-map", &bpf_map_fops, map,
				   O_RDWR | O_CLOEXEC);
	if (fd < 0)
		map->ops->free(map);
	return fd;
}

/* A kernel copy of the @size bytes at user @ubuf (kfree it); ERR_PTR. */
static void *bpf_copy_in(u64 ubuf, u32 size)
{
	void *buf = kmalloc(size, GFP_KERNEL);

	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(buf, (const void __user *)ubuf, size)) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	return buf;
}

/* LOOKUP (value out), UPDATE (value in), DELETE, GET_NEXT_KEY (key out). */
static long map_elem_cmd(int cmd, const union bpf_attr *attr)
{
	struct bpf_map *map;
	void *key = NULL, *val = NULL, *p;
	long err;

	if (cmd == BPF_MAP_LOOKUP_ELEM && attr->flags)
		return -EINVAL;
	if (cmd == BPF_MAP_UPDATE_ELEM && attr->flags > BPF_EXIST)
		return -EINVAL;
	map = bpf_map_get((int)attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (cmd != BPF_MAP_GET_NEXT_KEY || attr->key)
		key = bpf_copy_in(attr->key, map->key_size);
	err = IS_ERR(key) ? PTR_ERR(key) : 0;
	if (!err && cmd == BPF_MAP_UPDATE_ELEM)
		val = bpf_copy_in(attr->value, map->value_size);
	else if (!err && cmd != BPF_MAP_DELETE_ELEM)
		val = kmalloc(cmd == BPF_MAP_GET_NEXT_KEY ? map->key_size :
			      map->value_size, GFP_KERNEL) ?: ERR_PTR(-ENOMEM);
	if (!err && IS_ERR(val))
		err = PTR_ERR(val);
	if (err)
		goto out;
	switch (cmd) {
	case BPF_MAP_LOOKUP_ELEM:
		p = map->ops->lookup(map, key);
		if (!p)
			err = -ENOENT;
		else if (copy_to_user((void __user *)attr->value,
				      memcpy(val, p, map->value_size),
				      map->value_size))
			err = -EFAULT;
		break;
	case BPF_MAP_UPDATE_ELEM:
		err = map->ops->update(map, key, val, attr->flags);
		break;
	case BPF_MAP_DELETE_ELEM:
		err = map->ops->delete(map, key);
		break;
	default:
		err = map->ops->get_next_key(map, key, val);
		if (!err && copy_to_user((void __user *)attr->next_key, val,
					 map->key_size))
			err = -EFAULT;
	}
out:
	if (!IS_ERR(key))
		kfree(key);
	if (!IS_ERR(val))
		kfree(val);
	bpf_map_put(map);
	return err;
}

static long prog_load(const union bpf_attr *attr)
{
	struct bpf_prog *prog;
	char license[128];
	long err;

	if (attr->prog_type != BPF_PROG_TYPE_SOCKET_FILTER)
		return -EINVAL;
	if (strncpy_from_user(license, (const char __user *)attr->license,
			      sizeof(license) - 1) < 0)
		return -EFAULT;
	if (!attr->insn_cnt || attr->insn_cnt > BPF_COMPLEXITY_LIMIT_INSNS)
		return -E2BIG;
	prog = bpf_prog_alloc(attr->insn_cnt);
	if (!prog)
		return -ENOMEM;
	prog->type = attr->prog_type;
	prog->len = attr->insn_cnt;
	if (copy_from_user(prog->insnsi, (const void __user *)attr->insns,
			   prog->len * sizeof(struct bpf_insn)))
		err = -EFAULT;
	else
		err = bpf_check(prog, attr);
	if (!err)
		err = anon_inode_getfd_name("bpf-prog", &bpf_prog_fops, prog,
					    O_RDWR | O_CLOEXEC);
	if (err < 0)
		bpf_prog_put(prog);
	return err;
}

/* Linux's bpf_check_uarg_tail_zero(): an attr bigger than ours is fine
 * when the rest is zero (a newer caller asking nothing new). */
static long bpf_check_tail(const u8 __user *uattr, u32 ours, u32 size)
{
	u8 b;

	if (size > PAGE_SIZE)
		return -E2BIG;
	for (; ours < size; ours++) {
		if (copy_from_user(&b, uattr + ours, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	return 0;
}

long sys_bpf(int cmd, union bpf_attr __user *uattr, u32 size)
{
	union bpf_attr attr;
	long err;
	u32 i;

	/* Object creation first, as Linux 6.1's __sys_bpf(). */
	if ((cmd == BPF_MAP_CREATE || cmd == BPF_PROG_LOAD) &&
	    !bpf_capable() && READ_ONCE(sysctl_unprivileged_bpf_disabled))
		return -EPERM;
	err = bpf_check_tail((const u8 __user *)uattr, sizeof(attr), size);
	if (err)
		return err;
	size = MIN(size, (u32)sizeof(attr));
	memset(&attr, 0, sizeof(attr));
	if (copy_from_user(&attr, uattr, size))
		return -EFAULT;
	if (cmd < 0 || cmd > BPF_PROG_LOAD)
		return -EINVAL;
	for (i = bpf_attr_end[cmd]; i < sizeof(attr); i++)
		if (attr.linux_size[i])
			return -EINVAL;
	if (cmd == BPF_MAP_CREATE)
		return map_create(&attr);
	if (cmd == BPF_PROG_LOAD)
		return prog_load(&attr);
	return map_elem_cmd(cmd, &attr);
}

int bpf_unpriv_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(sysctl_unprivileged_bpf_disabled));
	return 0;
}

/* 0, 1 or 2; CAP_SYS_ADMIN only; once 1, for good (Linux's
 * bpf_unpriv_handler()). */
int bpf_unpriv_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtoint(buf, 10, &v) || v < 0 || v > 2)
		return -EINVAL;
	if (READ_ONCE(sysctl_unprivileged_bpf_disabled) == 1 && v != 1)
		return -EPERM;
	WRITE_ONCE(sysctl_unprivileged_bpf_disabled, v);
	return 0;
}
