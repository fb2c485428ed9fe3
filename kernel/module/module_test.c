/*
 * In-kernel tests of the module loader's parts that need the kernel:
 * the module area's mappings (rights, guard page, freeing) and parameter
 * parsing against real param_ops, on a module made up here.
 */
#include "kernel/module/internal.h"
#include "asm/pgtable.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

extern const struct kernel_param_ops param_ops_int, param_ops_bool,
	param_ops_charp, param_ops_ulong, param_array_ops;

static u64 pte_of(void *p)
{
	u64 *pte = kernel_lookup_pte((u64)p);

	return pte ? *pte : 0;
}

KTEST(module_area_rights_guard_and_free)
{
	char *p = module_alloc(3 * PAGE_SIZE + 1), *q;

	KT_EXPECT(t, p && (u64)p >= MODULES_VADDR && (u64)p < MODULES_END);
	if (!p)
		return;
	KT_EXPECT(t, (u64)p % PAGE_SIZE == 0);
	for (int i = 0; i < 4; i++)
		KT_EXPECTF(t, (pte_of(p + i * PAGE_SIZE) & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)) ==
			   (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX), "page %d: %llx", i,
			   (unsigned long long)pte_of(p + i * PAGE_SIZE));
	KT_EXPECT(t, !(pte_of(p + 4 * PAGE_SIZE) & _PAGE_PRESENT));	/* guard */
	KT_EXPECT(t, p[0] == 0 && p[3 * PAGE_SIZE] == 0);		/* zeroed */
	q = module_alloc(PAGE_SIZE);
	KT_EXPECT(t, q && (q >= p + 5 * PAGE_SIZE || q + PAGE_SIZE <= p));
	module_set_prot(p, PAGE_SIZE, PAGE_KERNEL_EXEC);
	module_set_prot(p + PAGE_SIZE, PAGE_SIZE, PAGE_KERNEL_RO);
	KT_EXPECT(t, !(pte_of(p) & (_PAGE_RW | _PAGE_NX)));
	KT_EXPECT(t, !(pte_of(p + PAGE_SIZE) & _PAGE_RW) && (pte_of(p + PAGE_SIZE) & _PAGE_NX));
	module_memfree(p, 3 * PAGE_SIZE + 1);
	module_memfree(q, PAGE_SIZE);
	KT_EXPECT(t, !(pte_of(p) & _PAGE_PRESENT) && !(pte_of(q) & _PAGE_PRESENT));
	KT_EXPECT(t, module_alloc(0) == NULL);
}

static int mp_int = 1;
static bool mp_bool;
static char *mp_str = "default";
static unsigned long mp_ulong;
static int mp_arr[3];
static unsigned int mp_arr_n;
static const struct kparam_array arr = {
	.max = 3, .elemsize = sizeof(int), .num = &mp_arr_n, .ops = &param_ops_int,
	.elem = mp_arr,
};
static const struct kernel_param params[] = {
	{ .name = "mp_int", .ops = &param_ops_int, .arg = &mp_int },
	{ .name = "mp_bool", .ops = &param_ops_bool, .arg = &mp_bool },
	{ .name = "mp_str", .ops = &param_ops_charp, .arg = &mp_str },
	{ .name = "mp_ulong", .ops = &param_ops_ulong, .arg = &mp_ulong },
	{ .name = "mp_arr", .ops = &param_array_ops, .arr = &arr },
};

/* Parse @args (copied: parsing writes into it) for the made-up module. */
static int parse(struct module *mod, const char *args)
{
	char buf[128];

	strlcpy(buf, args, sizeof(buf));
	return module_parse_args(mod, buf);
}

KTEST(module_params_linux_rules)
{
	struct mod_priv priv = { .kp = params, .num_kp = ARRAY_SIZE(params) };
	struct module mod = { .name = "ktest_mod", .loader = &priv };

	KT_EXPECT(t, parse(&mod, "  mp_int=-12 mp_bool mp_str=\"hi there\" "
			   "mp-ulong=0x20 mp_arr=4,5 ") == 0);
	KT_EXPECT(t, mp_int == -12 && mp_bool && mp_ulong == 32);
	KT_EXPECTF(t, !strcmp(mp_str, "hi there"), "mp_str=%s", mp_str);
	KT_EXPECT(t, mp_arr_n == 2 && mp_arr[0] == 4 && mp_arr[1] == 5);
	KT_EXPECT(t, parse(&mod, "\"mp_str=a b\" mp_bool=n") == 0);
	KT_EXPECT(t, !strcmp(mp_str, "a b") && !mp_bool);
	KT_EXPECT(t, parse(&mod, "nosuch=1 mp_int=3") == 0 && mp_int == 3);
	KT_EXPECT(t, parse(&mod, "mp_int=abc") == -EINVAL && mp_int == 3);
	KT_EXPECT(t, parse(&mod, "mp_int=4294967296") == -ERANGE);
	KT_EXPECT(t, parse(&mod, "mp_int") == -EINVAL);
	KT_EXPECT(t, parse(&mod, "mp_bool=maybe") == -EINVAL);
	KT_EXPECT(t, parse(&mod, "mp_arr=1,2,3,4") == -EINVAL);
	KT_EXPECT(t, parse(&mod, "mp_int=7 -- mp_int=8") == 0 && mp_int == 7);
	module_destroy_params(&mod);
}
