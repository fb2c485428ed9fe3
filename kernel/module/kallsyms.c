/*
 * kallsyms for modules: each module keeps its function and object symbols
 * (name, address, size, nm's type letter), sorted by address, so that
 * oops reports, stack traces and /proc/<pid>/stack name module code as
 * "sym+0x1c/0x40 [modname]" and /proc/kallsyms lists it with "[modname]",
 * as Linux does. Symbols of the init region go when it is freed.
 */
#include "kernel/module/internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Longer names are cut: lookups copy into KSYM_NAME_LEN buffers. */
#define MAX_NAME 64


/* nm's letter: t text, r read-only, d data, b bss; upper case if global. */
static char symbol_type(const Elf64_Sym *sym, const Elf64_Shdr *s)
{
	char c = s->sh_flags & SHF_EXECINSTR ? 't' :
		 !(s->sh_flags & SHF_WRITE) ? 'r' :
		 s->sh_type == SHT_NOBITS ? 'b' : 'd';

	return ELF64_ST_BIND(sym->st_info) == STB_LOCAL ? c : (char)(c - 'a' + 'A');
}

static bool is_core_symbol(const struct elf_module_info *e, const Elf64_Sym *sym)
{
	u8 type = ELF64_ST_TYPE(sym->st_info);

	return (type == STT_FUNC || type == STT_OBJECT) && sym->st_name &&
	       e->strtab[sym->st_name] && sym->st_shndx != SHN_UNDEF &&
	       sym->st_shndx < e->shnum && e->sechdrs[sym->st_shndx].sh_entsize != ~0ull;
}

static void sort_syms(struct mod_kallsym *s, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		struct mod_kallsym k = s[i];
		unsigned int j = i;

		for (; j > 0 && s[j - 1].addr > k.addr; j--)
			s[j] = s[j - 1];
		s[j] = k;
	}
}

int module_add_kallsyms(struct module *mod, const struct elf_module_info *e)
{
	struct mod_priv *p = mod_priv(mod);
	unsigned int n = 0;
	size_t strsize = 0;

	for (unsigned int i = 1; i < e->nsyms; i++) {
		if (is_core_symbol(e, &e->syms[i])) {
			n++;
			strsize += MIN(strlen(e->strtab + e->syms[i].st_name),
				       MAX_NAME - 1) + 1;
		}
	}
	p->syms = kmalloc(n * sizeof(*p->syms) + 1, GFP_KERNEL);
	p->strtab = kmalloc(strsize + 1, GFP_KERNEL);
	if (!p->syms || !p->strtab)
		return -ENOMEM;
	strsize = 0;
	for (unsigned int i = 1; i < e->nsyms; i++) {
		const Elf64_Sym *sym = &e->syms[i];
		struct mod_kallsym *k = &p->syms[p->nsyms];

		if (!is_core_symbol(e, sym))
			continue;
		k->addr = sym->st_value;
		k->size = (u32)sym->st_size;
		k->type = symbol_type(sym, &e->sechdrs[sym->st_shndx]);
		k->name = (u32)strsize;
		strlcpy(p->strtab + strsize, e->strtab + sym->st_name, MAX_NAME);
		strsize += strlen(p->strtab + strsize) + 1;
		p->nsyms++;
	}
	sort_syms(p->syms, p->nsyms);
	return 0;
}

static bool in_region(u64 addr, const void *base, u64 size)
{
	return base && addr >= (u64)base && addr - (u64)base < size;
}

void module_drop_init_kallsyms(struct module *mod)
{
	struct mod_priv *p = mod_priv(mod);
	unsigned long flags = spin_lock_irqsave(&module_list_lock);
	unsigned int kept = 0;

	for (unsigned int i = 0; i < p->nsyms; i++)
		if (!in_region(p->syms[i].addr, p->init, p->init_size))
			p->syms[kept++] = p->syms[i];
	p->nsyms = kept;
	spin_unlock_irqrestore(&module_list_lock, flags);
}

/*
 * The symbol of @p covering @addr, or NULL. Of several at one address
 * (module_init()'s alias init_module and the function itself) the first
 * in the file's order wins, as on Linux: the local, named one.
 */
static const struct mod_kallsym *covering(const struct mod_priv *p, u64 addr)
{
	const struct mod_kallsym *best = NULL;

	for (unsigned int i = 0; i < p->nsyms && p->syms[i].addr <= addr; i++)
		if (addr - p->syms[i].addr < MAX(p->syms[i].size, 1u) &&
		    (!best || p->syms[i].addr > best->addr))
			best = &p->syms[i];
	return best;
}

bool module_address_lookup(u64 addr, u64 *symsize, u64 *offset, char *name,
			   size_t namelen, char *modname)
{
	unsigned long flags = spin_lock_irqsave(&module_list_lock);
	const struct module *mod;
	bool found = false;

	list_for_each_entry(mod, &modules, list) {
		const struct mod_priv *p = mod_priv(mod);
		const struct mod_kallsym *k = covering(p, addr);

		if (!k)
			continue;
		*symsize = k->size;
		*offset = addr - k->addr;
		strlcpy(name, p->strtab + k->name, namelen);
		strlcpy(modname, mod->name, MODULE_NAME_LEN);
		found = true;
		break;
	}
	spin_unlock_irqrestore(&module_list_lock, flags);
	return found;
}

bool is_module_text_address(u64 addr)
{
	unsigned long flags = spin_lock_irqsave(&module_list_lock);
	const struct module *mod;
	bool found = false;

	list_for_each_entry(mod, &modules, list) {
		const struct mod_priv *p = mod_priv(mod);

		if (in_region(addr, p->core, p->core_text_size) ||
		    in_region(addr, p->init, p->init_text_size))
			found = true;
	}
	spin_unlock_irqrestore(&module_list_lock, flags);
	return found;
}

void module_kallsyms_show(struct seq_buf *m)
{
	const struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list) {
		const struct mod_priv *p = mod_priv(mod);

		for (unsigned int i = 0; i < p->nsyms; i++)
			seq_printf(m, "%016llx %c %s\t[%s]\n",
				   (unsigned long long)p->syms[i].addr, p->syms[i].type,
				   p->strtab + p->syms[i].name, mod->name);
	}
	mutex_unlock(&module_mutex);
}
