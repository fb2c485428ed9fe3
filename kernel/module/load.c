/*
 * load_module(): from a .ko image in kernel memory to a running module,
 * in Linux's order and with Linux's messages:
 *
 *   1. check the ELF file from end to end (lib/elf_module.c);
 *   2. read .modinfo: vermagic must match, the license and the lack of
 *      "intree" taint the kernel (P, O) as on Linux;
 *   3. lay the allocated sections out by kind into a core and an init
 *      region in the module area, and copy them there;
 *   4. resolve undefined symbols against the kernel's exports and loaded
 *      modules' (recording "used by" links), relocate (arch/x86_64/module.c);
 *   5. make text read-only+executable and rodata read-only+NX, put the
 *      module on the list (state COMING);
 *   6. without the module mutex, apply the parameters and run its init;
 *      on success it goes LIVE and the init region is freed, on failure
 *      the module is gone again.
 */
#include "kernel/module/internal.h"
#include "kernel/trace/kprobes.h"
#include "asm/pgtable.h"
#include "asm/module.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "lib/errno.h"
#include "lib/string.h"


struct load_info {
	struct elf_module_info elf;
	char name[MODULE_NAME_LEN];	/* for messages, before mod exists */
	const char *modinfo;
	u64 modinfo_size;
	bool ignore_vermagic;
	char err[128];
};

static const char *get_modinfo(const struct load_info *info, const char *tag)
{
	return info->modinfo ? modinfo_next(info->modinfo, info->modinfo_size,
					    tag, NULL) : NULL;
}

/* Linux's list of licenses that may use EXPORT_SYMBOL_GPL symbols. */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};

	for (size_t i = 0; i < ARRAY_SIZE(gpl); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

/* Every section's sh_addr where its bytes are in the image; .modinfo is
 * read from there and never loaded. The module's name, for messages. */
static void setup_load_info(struct load_info *info)
{
	struct elf_module_info *e = &info->elf;
	const char *tmpl, *name;

	for (unsigned int i = 0; i < e->shnum; i++)
		e->sechdrs[i].sh_addr = (u64)e->hdr + e->sechdrs[i].sh_offset;
	if (e->infoindex) {
		e->sechdrs[e->infoindex].sh_flags &= ~SHF_ALLOC;
		info->modinfo = (const char *)e->sechdrs[e->infoindex].sh_addr;
		info->modinfo_size = e->sechdrs[e->infoindex].sh_size;
	}
	tmpl = (const char *)e->sechdrs[e->modindex].sh_addr;
	memcpy(info->name, tmpl + offsetof(struct module, name), MODULE_NAME_LEN);
	info->name[MODULE_NAME_LEN - 1] = '\0';
	name = get_modinfo(info, "name");
	if (!info->name[0] && name)
		strlcpy(info->name, name, sizeof(info->name));
}

/* Step 2: vermagic, then the taints; fills the license fields of @p. */
static int check_modinfo(struct load_info *info, struct mod_priv *p)
{
	const char *magic = info->ignore_vermagic ? NULL : get_modinfo(info, "vermagic");
	const char *license = get_modinfo(info, "license");

	if (!magic) {
		pr_err("%s: no version magic, refusing to load (the kernel cannot force it)\n",
		       info->name);
		return -ENOEXEC;
	}
	if (strcmp(magic, VERMAGIC_STRING)) {
		pr_err("%s: version magic '%s' should be '%s'\n", info->name,
		       magic, VERMAGIC_STRING);
		return -ENOEXEC;
	}
	if (!get_modinfo(info, "intree")) {
		if (!test_taint(TAINT_OOT_MODULE))
			pr_warn("%s: loading out-of-tree module taints kernel.\n", info->name);
		add_taint(TAINT_OOT_MODULE, LOCKDEP_STILL_OK);
		p->taints |= 1ul << TAINT_OOT_MODULE;
	}
	if (!license)
		license = "unspecified";
	p->gpl_compatible = license_is_gpl_compatible(license);
	if (!p->gpl_compatible) {
		if (!test_taint(TAINT_PROPRIETARY_MODULE))
			pr_warn("%s: module license '%s' taints kernel.\n", info->name, license);
		add_taint(TAINT_PROPRIETARY_MODULE, LOCKDEP_NOW_UNRELIABLE);
		p->taints |= 1ul << TAINT_PROPRIETARY_MODULE;
	}
	return 0;
}

/* Remember where section @s (called @name) went, for debuggers. */
static void record_section(struct mod_priv *p, const char *name, u64 addr)
{
	struct mod_section *sec = &p->sections[p->nsections++];

	sec->addr = addr;
	strlcpy(sec->name, name, sizeof(sec->name));
}

/* Step 3: allocate both regions and copy each placed section there. */
static int move_module(struct load_info *info, struct mod_priv *p)
{
	struct elf_module_info *e = &info->elf;

	elf_module_layout(e);
	p->core_size = e->core_size;
	p->core_text_size = e->core_text_size;
	p->core_ro_size = e->core_ro_size;
	p->init_size = e->init_size;
	p->init_text_size = e->init_text_size;
	p->init_ro_size = e->init_ro_size;
	p->core = module_alloc(p->core_size);
	p->init = p->init_size ? module_alloc(p->init_size) : NULL;
	p->sections = kmalloc(e->shnum * sizeof(*p->sections), GFP_KERNEL);
	if (!p->core || (p->init_size && !p->init) || !p->sections)
		return -ENOMEM;
	for (unsigned int i = 1; i < e->shnum; i++) {
		Elf64_Shdr *s = &e->sechdrs[i];
		u64 off = s->sh_entsize & ~INIT_OFFSET_MASK;
		char *dest;

		if (s->sh_entsize == ~0ull)
			continue;
		dest = (char *)(s->sh_entsize & INIT_OFFSET_MASK ? p->init : p->core) + off;
		if (s->sh_type != SHT_NOBITS)
			memcpy(dest, (void *)s->sh_addr, s->sh_size);
		s->sh_addr = (u64)dest;
		record_section(p, e->secstrings + s->sh_name, s->sh_addr);
	}
	return 0;
}

/* Step 4a: one undefined symbol; 0 or -ENOENT (reported). */
static int resolve_symbol(struct module *mod, Elf64_Sym *sym, const char *name)
{
	struct module *owner;
	const struct kernel_symbol *ks = find_symbol(name, mod_priv(mod)->gpl_compatible,
						     &owner);

	if (ks) {
		sym->st_value = ks->value;
		return owner ? ref_module(mod, owner) : 0;
	}
	if (ELF64_ST_BIND(sym->st_info) == STB_WEAK) {
		sym->st_value = 0;
		return 0;
	}
	pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, -ENOENT);
	return -ENOENT;
}

/* Step 4b: every symbol's final value; all unknown ones are reported. */
static int simplify_symbols(struct module *mod, struct load_info *info)
{
	struct elf_module_info *e = &info->elf;
	int ret = 0;

	for (unsigned int i = 1; i < e->nsyms; i++) {
		Elf64_Sym *sym = &e->syms[i];
		const char *name = e->strtab + sym->st_name;
		int err = 0;

		switch (sym->st_shndx) {
		case SHN_COMMON:
			pr_warn("%s: please compile with -fno-common\n", mod->name);
			err = -ENOEXEC;
			break;
		case SHN_ABS:
			break;
		case SHN_UNDEF:
			err = resolve_symbol(mod, sym, name);
			break;
		default:
			sym->st_value += e->sechdrs[sym->st_shndx].sh_addr;
		}
		if (err && (!ret || ret == -ENOENT))
			ret = err;
	}
	return ret;
}

/* Step 4c: the relocations of every loaded section. */
static int apply_relocations(struct module *mod, struct load_info *info)
{
	struct elf_module_info *e = &info->elf;

	for (unsigned int i = 1; i < e->shnum; i++) {
		Elf64_Shdr *s = &e->sechdrs[i];

		if (s->sh_type != SHT_RELA || e->sechdrs[s->sh_info].sh_entsize == ~0ull)
			continue;	/* debug info and other unloaded sections */
		if (apply_relocate_add(e->sechdrs, e->syms, i, info->err,
				       sizeof(info->err))) {
			pr_err("%s: %s\n", mod->name, info->err);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* The placed section @name as an array of @entsize entries; count in *@n. */
static void *section_objs(const struct load_info *info, const char *name,
			  size_t entsize, unsigned int *n)
{
	unsigned int i = elf_find_section(&info->elf, name);
	const Elf64_Shdr *s = &info->elf.sechdrs[i];

	*n = 0;
	if (!i || s->sh_entsize == ~0ull || s->sh_size % entsize)
		return NULL;
	*n = (unsigned int)(s->sh_size / entsize);
	return (void *)s->sh_addr;
}

static void find_module_sections(struct module *mod, struct load_info *info)
{
	struct mod_priv *p = mod_priv(mod);

	p->ksyms = section_objs(info, "__ksymtab", sizeof(*p->ksyms), &p->num_ksyms);
	p->gpl_syms = section_objs(info, "__ksymtab_gpl", sizeof(*p->gpl_syms),
				   &p->num_gpl_syms);
	p->kp = section_objs(info, "__param", sizeof(*p->kp), &p->num_kp);
}

/* Step 5: text RX, rodata R (NX), data RW NX (as allocated). */
static void set_region_prot(void *base, u64 text, u64 ro)
{
	if (!base)
		return;
	module_set_prot(base, text, PAGE_KERNEL_EXEC);
	module_set_prot((char *)base + text, ro - text, PAGE_KERNEL_RO);
}

/* Free @mod's init region (unmapping it whatever its rights); a kprobe
 * whose handler is there goes first. */
static void free_init(struct module *mod)
{
	struct mod_priv *p = mod_priv(mod);

	if (!p->init)
		return;
	kprobes_module_going(mod->name, p->init, p->init_size);
	module_memfree(p->init, p->init_size);
	p->init = NULL;
}

void free_module(struct module *mod)
{
	struct mod_priv *p = mod_priv(mod);

	kprobes_module_going(mod->name, p->core, p->core_size);
	module_destroy_params(mod);
	kfree(p->sections);
	kfree(p->syms);
	kfree(p->strtab);
	free_init(mod);
	module_memfree(p->core, p->core_size);	/* mod itself lives there */
	kfree(p);
}

/* Steps 3-5 with the module mutex held; on success the module is on the
 * list, COMING. */
static int layout_and_link(struct module **modp, struct load_info *info,
			   struct mod_priv *p)
{
	struct elf_module_info *e = &info->elf;
	struct module *mod;
	int err = move_module(info, p);

	if (err)
		return err;
	mod = (struct module *)e->sechdrs[e->modindex].sh_addr;
	mod->loader = p;
	memcpy(mod->name, info->name, MODULE_NAME_LEN);
	mod->state = MODULE_STATE_UNFORMED;
	*modp = mod;
	err = simplify_symbols(mod, info);
	if (!err)
		err = apply_relocations(mod, info);
	if (!err)
		err = module_add_kallsyms(mod, &info->elf);
	if (err)
		return err;
	find_module_sections(mod, info);
	set_region_prot(p->core, p->core_text_size, p->core_ro_size);
	set_region_prot(p->init, p->init_text_size, p->init_ro_size);
	mod->state = MODULE_STATE_COMING;
	module_list_add(mod);
	return 0;
}

/* Take a COMING module whose parameters or init failed off the list and
 * free it. */
static void discard_module(struct module *mod)
{
	mutex_lock(&module_mutex);
	WRITE_ONCE(mod->state, MODULE_STATE_GOING);
	module_list_del(mod);
	module_unload_free(mod);
	free_module(mod);
	mutex_unlock(&module_mutex);
}

/* Step 6; the mutex is not held. Never inlined: gdb's tb-symbols stops
 * here to load the module's symbols before its init runs (Linux's
 * lx-symbols stops at the same function). */
static __attribute__((noinline)) int do_init_module(struct module *mod)
{
	int ret = mod->init ? mod->init() : 0;

	if (ret > 0) {
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			mod->name, mod->name, ret);
		ret = 0;
	}
	if (ret < 0) {
		discard_module(mod);
		return ret;
	}
	mutex_lock(&module_mutex);
	WRITE_ONCE(mod->state, MODULE_STATE_LIVE);
	module_drop_init_kallsyms(mod);
	free_init(mod);
	mutex_unlock(&module_mutex);
	return 0;
}

static int check_and_claim(struct load_info *info, struct mod_priv *p,
			   void *image, size_t len)
{
	if (elf_module_check(&info->elf, image, len, sizeof(struct module))) {
		pr_err("module: %s\n", info->elf.err);
		return -ENOEXEC;
	}
	setup_load_info(info);
	if (!info->name[0]) {
		pr_err("module: module has no name\n");
		return -ENOEXEC;
	}
	return check_modinfo(info, p);
}

int load_module(void *image, size_t len, char *args, int flags)
{
	struct load_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	struct mod_priv *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct module *mod = NULL;
	int err = info && p ? 0 : -ENOMEM;

	if (!err) {
		INIT_LIST_HEAD(&p->source_list);
		INIT_LIST_HEAD(&p->target_list);
		info->ignore_vermagic = flags & MODULE_INIT_IGNORE_VERMAGIC;
		err = check_and_claim(info, p, image, len);
	}
	if (!err && mutex_lock_interruptible(&module_mutex))
		err = -EINTR;
	if (err)
		goto out;
	if (find_module(info->name))
		err = -EEXIST;
	else
		err = layout_and_link(&mod, info, p);
	if (err && mod) {
		module_unload_free(mod);
		free_module(mod);	/* frees p too */
	} else if (err) {
		kfree(p->sections);
		module_memfree(p->core, p->core_size);
		module_memfree(p->init, p->init_size);
		kfree(p);
	}
	p = NULL;
	mutex_unlock(&module_mutex);
	/* Parameters and init are the module's code (a parameter's set() may
	 * be): run without the mutex, as Linux does, in case they oops. */
	if (!err) {
		err = module_parse_args(mod, args);
		if (err)
			discard_module(mod);
		else
			err = do_init_module(mod);
	}
out:
	kfree(p);
	kfree(info);
	return err;
}
