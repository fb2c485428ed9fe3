/*
 * kmalloc(), kzalloc(), kfree() are Taskbase's (kernel/mm/slab.c: power-of-
 * two size classes, pages above 2 KiB). kmem_cache_create() and friends
 * have no cache of their own type yet: a cache here is its object size,
 * constructor and name, and each object comes from the kmalloc size class
 * that fits it. The calls and their contracts are Linux's.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/string.h>
#include <linux/limits.h>
#include "kernel/mm/slab.h"

#define GFP_ATOMIC GFP_KERNEL
#define GFP_NOWAIT GFP_KERNEL
#define GFP_USER GFP_KERNEL
#define GFP_NOFS GFP_KERNEL
#define GFP_NOIO GFP_KERNEL
#define GFP_DMA 0
#define __GFP_NOFAIL 0
#define __GFP_RETRY_MAYFAIL 0
#define SLAB_HWCACHE_ALIGN 0x00002000U
#define SLAB_PANIC 0x00040000U
#define SLAB_ACCOUNT 0

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void kfree_sensitive(const void *p)
{
	if (!ZERO_OR_NULL_PTR(p))
		memset((void *)p, 0, ksize(p));
	kfree(p);
}

static inline char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len = s ? strlen(s) + 1 : 0;
	char *p = s ? kmalloc(len, gfp) : NULL;

	return p ? memcpy(p, s, len) : NULL;
}

/* A module's object cache: see the top of this file. */
struct kmem_cache_module {
	const char *name;
	unsigned int size;
	void (*ctor)(void *);
};
#define kmem_cache kmem_cache_module

static inline struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
		unsigned int align, unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (c) {
		c->name = name;
		c->size = size > align ? size : align;
		c->ctor = ctor;
	}
	return c;
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	void *p = kmalloc(c->size, flags);

	if (p && c->ctor)
		c->ctor(p);
	return p;
}

static inline void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t flags)
{
	return kmalloc(c->size, flags | __GFP_ZERO);
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	kfree(p);
}

static inline void kmem_cache_destroy(struct kmem_cache *c)
{
	kfree(c);
}

static inline unsigned int kmem_cache_size(struct kmem_cache *c)
{
	return c->size;
}

#endif
