/*
 * User page tables (see asm/pgtable.h).
 */
#include "asm/pgtable.h"
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "asm/pkru.h"
#include "arch/x86_64/mmu.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "lib/bug.h"
#include "lib/string.h"

#define PTRS 512
#define USER_HALF 256		/* PML4 entries below this are user space */
#define USER_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)

extern u64 *init_top_pgt;

u64 *pgd_alloc(void)
{
	u64 *pgd = __get_free_pages(__GFP_ZERO | __GFP_NOWARN, 0);

	if (pgd)
		memcpy(pgd + USER_HALF, init_top_pgt + USER_HALF,
		       USER_HALF * sizeof(u64));
	return pgd;
}

static void free_tree(u64 *table, int level)
{
	for (int i = 0; level > 1 && i < PTRS; i++)
		if ((table[i] & (_PAGE_PRESENT | _PAGE_PSE)) == _PAGE_PRESENT)
			free_tree(phys_to_virt(table[i] & PTE_ADDR_MASK), level - 1);
	free_pages(table, 0);
}

void pgd_free(u64 *pgd)
{
	BUG_ON(virt_to_phys(pgd) == (read_cr3() & PTE_ADDR_MASK));
	for (int i = 0; i < USER_HALF; i++)
		if (pgd[i] & _PAGE_PRESENT)
			free_tree(phys_to_virt(pgd[i] & PTE_ADDR_MASK), 3);
	free_pages(pgd, 0);
}

static unsigned int index_at(u64 va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS - 1);
}

/* The entry for @va in the table at @level (1: the PTE), walking down
 * from @pgd and creating the tables above it when @create; NULL if one
 * is absent (or out of memory) or a huge page's entry is on the way. */
static u64 *walk_to(u64 *pgd, u64 va, int level, bool create)
{
	u64 *table = pgd;

	BUG_ON(va >= TASK_SIZE_MAX);
	for (int l = 4; l > level; l--) {
		u64 *e = &table[index_at(va, l)];

		if (!(*e & _PAGE_PRESENT)) {
			u64 *next;

			if (!create)
				return NULL;
			next = __get_free_pages(__GFP_ZERO | __GFP_NOWARN, 0);
			if (!next)
				return NULL;
			*e = virt_to_phys(next) | USER_TABLE;
		}
		if (*e & _PAGE_PSE)
			return NULL;	/* a huge page: nothing below it */
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[index_at(va, level)];
}

u64 *user_pte(u64 *pgd, u64 va, bool create)
{
	return walk_to(pgd, va, 1, create);
}

static bool table_empty(const u64 *table)
{
	for (int i = 0; i < PTRS; i++)
		if (table[i])
			return false;
	return true;
}

u64 *user_pmd(u64 *pgd, u64 va, bool create)
{
	u64 *e;

	BUG_ON(va & ((2ull << 20) - 1));
	e = walk_to(pgd, va, 2, create);
	if (e && (*e & (_PAGE_PRESENT | _PAGE_PSE)) == _PAGE_PRESENT)
		return NULL;		/* a page table is there */
	return e;
}

void *user_pmd_detach_table(u64 *pgd, u64 va)
{
	u64 *e = walk_to(pgd, va, 2, false), *pt;

	if (!e || (*e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT)
		return NULL;
	pt = phys_to_virt(*e & PTE_ADDR_MASK);
	if (!table_empty(pt))
		return NULL;
	*e = 0;
	return pt;
}

/*
 * A VMA with no rights at all (PROT_NONE) keeps its pages present but
 * not user-accessible: every user access faults (and the VMA says
 * SIGSEGV), while the page stays the mm's, counted and freed as before.
 */
u64 user_pte_flags(u64 vm_flags)
{
	u64 f = _PAGE_PRESENT;

	if (vm_flags & (VM_READ | VM_WRITE | VM_EXEC))
		f |= _PAGE_USER;

	if (vm_flags & VM_WRITE)
		f |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC) && cpu_has(X86_FEATURE_NX))
		f |= _PAGE_NX;
	/* The VMA's protection key (asm/pkru.h); 0 unless pkey_mprotect. */
	f |= ((vm_flags & VM_PKEY_MASK) >> VM_PKEY_SHIFT) << PTE_PKEY_SHIFT;
	return f;
}

/*
 * Like user_pte(@pgd, @va, false), but when a table on the way is absent
 * also say where the next address that could be mapped is (*@next), so a
 * walk over a huge, mostly empty range skips whole tables at once.
 */
u64 *user_pte_next(u64 *pgd, u64 va, u64 *next)
{
	u64 *table = pgd;

	for (int level = 4; level > 1; level--) {
		u64 e = table[index_at(va, level)];

		if (!(e & _PAGE_PRESENT)) {
			u64 span = 1ull << (PAGE_SHIFT + 9 * (level - 1));

			*next = ALIGN_DOWN(va, span) + span;
			return NULL;
		}
		if (level == 2 && (e & _PAGE_PSE)) {
			*next = ALIGN_DOWN(va, 2ull << 20) + (2ull << 20);
			return &table[index_at(va, level)];
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	*next = ALIGN_DOWN(va, PAGE_SIZE) + PAGE_SIZE;
	return &table[index_at(va, 1)];
}
