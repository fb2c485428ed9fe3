/*
 * KASAN's self-tests: each makes one bad access on purpose, in a function
 * of its own that the report must name, and checks that one report was
 * printed. They run only when named (ktest=kasan_slab_oob,...), so that a
 * plain "ktest" run of the debug kernel stays free of reports;
 * tests/integration/test_debug_kernel.py checks the reports' text. The
 * default build has no KASAN and compiles this file to nothing.
 */
#ifdef CONFIG_KASAN
#include "kernel/ktest.h"
#include "kernel/mm/kasan.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/string.h"

/* True when exactly one report was printed since @before. */
static bool one_report(int before)
{
	return kasan_report_count() == before + 1;
}

static __attribute__((noipa)) char kasan_do_slab_oob(volatile char *p)
{
	return p[100];
}

/* kmalloc(100) is a 128-byte object: bytes 100..127 are its redzone. */
KTEST_CRASH(kasan_slab_oob)
{
	int before = kasan_report_count();
	char *p = kmalloc(100, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kasan_do_slab_oob(p);
	KT_EXPECT(t, one_report(before));
	kfree(p);
}

static __attribute__((noipa)) char kasan_do_slab_oob_exact(volatile char *p)
{
	return p[64];
}

/* kmalloc(64) fills a 64-byte class: the debug kernel's kmalloc() takes
 * the next class, so a redzone follows this object too. */
KTEST_CRASH(kasan_slab_oob_exact)
{
	int before = kasan_report_count();
	char *p = kmalloc(64, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kasan_do_slab_oob_exact(p);
	KT_EXPECT(t, one_report(before));
	kfree(p);
}

static __attribute__((noipa)) long kasan_do_slab_uaf(volatile long *p)
{
	return p[1];
}

KTEST_CRASH(kasan_slab_uaf)
{
	int before = kasan_report_count();
	long *p = kmalloc(64, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kfree(p);
	kasan_do_slab_uaf(p);
	KT_EXPECT(t, one_report(before));
}

static __attribute__((noipa)) void kasan_do_page_oob(volatile char *p)
{
	p[5000] = 1;
}

/* kmalloc(5000) takes two whole pages: past 5000 is the block's tail. */
KTEST_CRASH(kasan_page_oob)
{
	int before = kasan_report_count();
	char *p = kmalloc(5000, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kasan_do_page_oob(p);
	KT_EXPECT(t, one_report(before));
	kfree(p);
}

static __attribute__((noipa)) int kasan_do_page_uaf(volatile int *p)
{
	return p[10];
}

KTEST_CRASH(kasan_page_uaf)
{
	int before = kasan_report_count();
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	int *p = page ? page_address(page) : NULL;

	KT_EXPECT(t, p != NULL);
	__free_pages(page, 0);
	kasan_do_page_uaf(p);
	KT_EXPECT(t, one_report(before));
}

static __attribute__((noipa)) void kasan_do_double_free(void *p)
{
	kfree(p);
}

/* The second kfree() is reported, and the object stays out of use. */
KTEST_CRASH(kasan_double_free)
{
	int before = kasan_report_count();
	void *p = kmalloc(32, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kfree(p);
	kasan_do_double_free(p);
	KT_EXPECT(t, one_report(before));
}

static __attribute__((noipa)) u64 kasan_do_copy_from_user(void *buf)
{
	return copy_from_user(buf, (const void __user *)0, 32);
}

/* copy_from_user() 32 bytes into a 16-byte object: reported before the
 * copy (which faults here on the unmapped user address 0). */
KTEST_CRASH(kasan_copy_from_user_oob)
{
	int before = kasan_report_count();
	char *p = kmalloc(16, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	KT_EXPECT(t, kasan_do_copy_from_user(p) == 32);
	KT_EXPECT(t, one_report(before));
	kfree(p);
}

static __attribute__((noipa)) void kasan_do_memset_oob(char *p)
{
	memset(p, 0, 101);
	barrier();	/* no tail call: the report names this function */
}

/* memset() checks its whole range before filling it (the loop itself is
 * not instrumented): one byte past kmalloc(100) is reported. */
KTEST_CRASH(kasan_memset_oob)
{
	int before = kasan_report_count();
	char *p = kmalloc(100, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kasan_do_memset_oob(p);
	KT_EXPECT(t, one_report(before));
	kfree(p);
}

static char kasan_global_array[10];

static __attribute__((noipa)) char kasan_do_global_oob(volatile char *p)
{
	return p[10];
}

/* gcc puts a redzone after each global; its constructor registers it. */
KTEST_CRASH(kasan_global_oob)
{
	int before = kasan_report_count();

	kasan_do_global_oob(kasan_global_array);
	KT_EXPECT(t, one_report(before));
}

/* fork()'s memory check (nr_free_pages_approx()) leaves the quarantine
 * alone: a freed object stays poisoned, its use still caught. It used
 * to empty the quarantine at every fork of the fuzzer's workers. */
KTEST(kasan_quarantine_kept_across_fork_check)
{
	char *p = kmalloc(100, GFP_KERNEL);

	KT_EXPECT(t, p != NULL);
	kfree(p);
	KT_EXPECT(t, nr_free_pages_approx() > 0);
	KT_EXPECT(t, (u8)*kasan_shadow_of((u64)p) == KASAN_SLAB_FREE);
}

/* A normal life: no report for every byte of the request, ksize() bytes
 * after ksize(), or kzalloc()'s. */
KTEST(kasan_quiet_on_good_accesses)
{
	int before = kasan_report_count();
	volatile char *p = kmalloc(100, GFP_KERNEL);
	char *z = kzalloc(3000, GFP_KERNEL);

	KT_EXPECT(t, p && z);
	for (int i = 0; p && i < 100; i++)
		p[i] = (char)i;
	for (size_t i = 0; p && i < ksize((void *)p); i++)
		p[i] = 0;
	for (int i = 0; z && i < 3000; i++)
		KT_EXPECT(t, z[i] == 0);
	kfree((void *)p);
	kfree(z);
	KT_EXPECT(t, kasan_report_count() == before);
}
#endif
