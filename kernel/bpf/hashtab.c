/*
 * BPF_MAP_TYPE_HASH (Linux's kernel/bpf/hashtab.c): up to max_entries
 * key/value pairs in a chained hash table. As Linux's default
 * (preallocated) hash map, every element is allocated when the map is
 * made and kept on a free list between uses: a program holding a value
 * pointer from bpf_map_lookup_elem() never points into freed memory,
 * whatever another CPU deletes meanwhile. One spinlock per map guards
 * the chains and the free list.
 */
#include "kernel/bpf/bpf.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/string.h"

#define HTAB_MAX_BYTES (64ULL << 20)	/* one map's elements, at most */
#define HTAB_MAX_BUCKETS (1u << 16)

struct htab_elem {
	struct list_head node;		/* in a bucket, or on the free list */
	u32 hash;
	u8 data[] __attribute__((aligned(8)));	/* key, padded to 8, then
						 * the value: u64s aligned */
};

struct bpf_htab {
	struct bpf_map map;
	spinlock_t lock;
	u32 n_buckets;			/* a power of two */
	u32 key_room, elem_size;	/* key rounded up to 8; a whole element */
	struct list_head *buckets;
	struct list_head free_list;
	u8 *elems;			/* max_entries elements, one block */
};

static struct bpf_htab *to_htab(struct bpf_map *map)
{
	return (struct bpf_htab *)map;
}

/* FNV-1a over the key's bytes. */
static u32 htab_hash(const void *key, u32 size)
{
	const u8 *p = key;
	u32 h = 2166136261u;

	while (size--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static struct list_head *htab_bucket(struct bpf_htab *h, u32 hash)
{
	return &h->buckets[hash & (h->n_buckets - 1)];
}

/* The element of @key in its bucket, or NULL; lock held. */
static struct htab_elem *htab_find(struct bpf_htab *h, const void *key,
				   u32 hash)
{
	struct htab_elem *e;

	BUG_ON(!spin_is_locked_by_me(&h->lock));
	list_for_each_entry(e, htab_bucket(h, hash), node)
		if (e->hash == hash && !memcmp(e->data, key, h->map.key_size))
			return e;
	return NULL;
}

static void *htab_map_lookup(struct bpf_map *map, const void *key)
{
	struct bpf_htab *h = to_htab(map);
	u32 hash = htab_hash(key, map->key_size);
	unsigned long irq = spin_lock_irqsave(&h->lock);
	struct htab_elem *e = htab_find(h, key, hash);

	spin_unlock_irqrestore(&h->lock, irq);
	return e ? e->data + h->key_room : NULL;
}

static long htab_map_update(struct bpf_map *map, const void *key,
			    const void *value, u64 flags)
{
	struct bpf_htab *h = to_htab(map);
	u32 hash = htab_hash(key, map->key_size);
	unsigned long irq = spin_lock_irqsave(&h->lock);
	struct htab_elem *e = htab_find(h, key, hash);
	long err = 0;

	if (e && flags == BPF_NOEXIST)
		err = -EEXIST;
	else if (!e && flags == BPF_EXIST)
		err = -ENOENT;
	else if (!e && list_empty(&h->free_list))
		err = -E2BIG;
	if (!err && !e) {
		e = list_first_entry(&h->free_list, struct htab_elem, node);
		list_del(&e->node);
		e->hash = hash;
		memcpy(e->data, key, map->key_size);
		list_add_tail(&e->node, htab_bucket(h, hash));
	}
	if (!err)
		memcpy(e->data + h->key_room, value, map->value_size);
	spin_unlock_irqrestore(&h->lock, irq);
	return err;
}

static long htab_map_delete(struct bpf_map *map, const void *key)
{
	struct bpf_htab *h = to_htab(map);
	u32 hash = htab_hash(key, map->key_size);
	unsigned long irq = spin_lock_irqsave(&h->lock);
	struct htab_elem *e = htab_find(h, key, hash);

	if (e) {
		list_del(&e->node);
		list_add(&e->node, &h->free_list);
	}
	spin_unlock_irqrestore(&h->lock, irq);
	return e ? 0 : -ENOENT;
}

/* The first element at or after bucket @b; lock held. */
static struct htab_elem *htab_first_from(struct bpf_htab *h, u32 b)
{
	for (; b < h->n_buckets; b++)
		if (!list_empty(&h->buckets[b]))
			return list_first_entry(&h->buckets[b],
						struct htab_elem, node);
	return NULL;
}

static long htab_map_get_next_key(struct bpf_map *map, const void *key,
				  void *next)
{
	struct bpf_htab *h = to_htab(map);
	u32 hash = key ? htab_hash(key, map->key_size) : 0;
	unsigned long irq = spin_lock_irqsave(&h->lock);
	struct htab_elem *e = key ? htab_find(h, key, hash) : NULL;
	struct list_head *bucket = e ? htab_bucket(h, hash) : NULL;

	if (!e)					/* from the start */
		e = htab_first_from(h, 0);
	else if (e->node.next != bucket)	/* the next in its chain */
		e = list_next_entry(e, node);
	else					/* the next chain's first */
		e = htab_first_from(h, (u32)(bucket - h->buckets) + 1);
	if (e)
		memcpy(next, e->data, map->key_size);
	spin_unlock_irqrestore(&h->lock, irq);
	return e ? 0 : -ENOENT;
}

static void htab_map_free(struct bpf_map *map)
{
	struct bpf_htab *h = to_htab(map);

	vfree(h->elems);
	vfree(h->buckets);
	kfree(h);
}

static const struct bpf_map_ops htab_map_ops = {
	.lookup = htab_map_lookup,
	.update = htab_map_update,
	.delete = htab_map_delete,
	.get_next_key = htab_map_get_next_key,
	.free = htab_map_free,
};

/* Every element on the free list, every bucket empty. */
static void htab_init_lists(struct bpf_htab *h)
{
	u32 i;

	for (i = 0; i < h->n_buckets; i++)
		INIT_LIST_HEAD(&h->buckets[i]);
	INIT_LIST_HEAD(&h->free_list);
	for (i = 0; i < h->map.max_entries; i++) {
		struct htab_elem *e =
			(struct htab_elem *)(h->elems + (u64)i * h->elem_size);

		list_add_tail(&e->node, &h->free_list);
	}
}

struct bpf_map *htab_map_alloc(const union bpf_attr *attr)
{
	struct bpf_htab *h;
	u32 key_room, elem_size, n_buckets = 1;

	if (!attr->key_size || !attr->value_size || !attr->max_entries ||
	    (attr->map_flags & ~BPF_F_NO_PREALLOC))
		return ERR_PTR(-EINVAL);
	if (attr->key_size > MAX_BPF_STACK ||
	    attr->value_size > KMALLOC_MAX_CACHE_SIZE * 512)
		return ERR_PTR(-E2BIG);
	key_room = (attr->key_size + 7) & ~7u;
	elem_size = sizeof(struct htab_elem) + key_room +
		    ((attr->value_size + 7) & ~7u);
	if ((u64)elem_size * attr->max_entries > HTAB_MAX_BYTES)
		return ERR_PTR(-ENOMEM);
	while (n_buckets < attr->max_entries && n_buckets < HTAB_MAX_BUCKETS)
		n_buckets <<= 1;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->elems = vzalloc((u64)elem_size * attr->max_entries);
	h->buckets = vzalloc((u64)n_buckets * sizeof(struct list_head));
	if (!h->elems || !h->buckets) {
		vfree(h->elems);
		vfree(h->buckets);
		kfree(h);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&h->lock, "bpf_htab");
	h->n_buckets = n_buckets;
	h->key_room = key_room;
	h->elem_size = elem_size;
	h->map.ops = &htab_map_ops;
	h->map.max_entries = attr->max_entries;
	htab_init_lists(h);
	return &h->map;
}
