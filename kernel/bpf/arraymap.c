/*
 * BPF_MAP_TYPE_ARRAY (Linux's kernel/bpf/arraymap.c): max_entries values
 * indexed by a u32 key, all there from the start (zeroed), none ever
 * deleted. One vzalloc()ed block; each value rounded up to 8 bytes so
 * that a program's u64 loads and stores stay aligned.
 */
#include "kernel/bpf/bpf.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ARRAY_MAX_BYTES (64ULL << 20)	/* one map's values, at most */

struct bpf_array {
	struct bpf_map map;
	u32 elem_size;			/* value_size rounded up to 8 */
	u8 *values;			/* max_entries * elem_size bytes */
};

static struct bpf_array *to_array(struct bpf_map *map)
{
	return (struct bpf_array *)map;
}

static void *array_map_lookup(struct bpf_map *map, const void *key)
{
	struct bpf_array *a = to_array(map);
	u32 index = *(const u32 *)key;

	if (index >= map->max_entries)
		return NULL;
	return a->values + (u64)index * a->elem_size;
}

static long array_map_update(struct bpf_map *map, const void *key,
			     const void *value, u64 flags)
{
	void *slot;

	if (flags == BPF_NOEXIST)	/* every element exists already */
		return -EEXIST;
	slot = array_map_lookup(map, key);
	if (!slot)
		return -E2BIG;
	memcpy(slot, value, map->value_size);
	return 0;
}

static long array_map_delete(struct bpf_map *map, const void *key)
{
	return -EINVAL;			/* elements cannot be deleted */
}

static long array_map_get_next_key(struct bpf_map *map, const void *key,
				   void *next)
{
	u32 index = key ? *(const u32 *)key : ~0u;

	if (index >= map->max_entries) {
		*(u32 *)next = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*(u32 *)next = index + 1;
	return 0;
}

static void array_map_free(struct bpf_map *map)
{
	vfree(to_array(map)->values);
	kfree(map);
}

static const struct bpf_map_ops array_map_ops = {
	.lookup = array_map_lookup,
	.update = array_map_update,
	.delete = array_map_delete,
	.get_next_key = array_map_get_next_key,
	.free = array_map_free,
};

struct bpf_map *array_map_alloc(const union bpf_attr *attr)
{
	struct bpf_array *a;
	u32 elem_size;

	if (attr->key_size != 4 || !attr->value_size || !attr->max_entries ||
	    attr->map_flags)
		return ERR_PTR(-EINVAL);
	if (attr->value_size > KMALLOC_MAX_CACHE_SIZE * 512)
		return ERR_PTR(-E2BIG);
	elem_size = (attr->value_size + 7) & ~7u;
	if ((u64)elem_size * attr->max_entries > ARRAY_MAX_BYTES)
		return ERR_PTR(-ENOMEM);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	a->values = vzalloc((u64)elem_size * attr->max_entries);
	if (!a->values) {
		kfree(a);
		return ERR_PTR(-ENOMEM);
	}
	a->elem_size = elem_size;
	a->map.ops = &array_map_ops;
	return &a->map;
}
