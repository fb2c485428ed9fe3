/*
 * The kernel's page tables (init_top_pgt, Linux's name). Built once at
 * boot to replace boot/boot.S's rough 4 GiB map:
 *
 *   - the direct map of every RAM and ACPI range at PAGE_OFFSET + phys,
 *     2 MiB pages where alignment allows, no execute;
 *   - the kernel image in 4 KiB pages with per-section rights: text
 *     read+execute, rodata read-only, data/bss read+write, no execute;
 *     the page below the init task's stack left unmapped as a guard;
 *   - an empty kernel-stack area and vmalloc area whose top-level
 *     entries exist from the start, so that every address space (which
 *     copies the kernel half of the top level) sees stacks and vmalloc()
 *     memory mapped later; likewise the module area's table of 2 MiB
 *     entries.
 * The identity map of low memory is gone after the switch.
 */
#include "arch/x86_64/mmu.h"
#include "asm/io.h"
#include "kernel/mm/memblock.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/printk/printk.h"
#include "kernel/locking/spinlock.h"
#include "lib/bootinfo.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PTRS_PER_TABLE 512
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW)
#define FOUR_GIB 0x100000000ull

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

u64 *init_top_pgt;
static bool buddy_ready;	/* page tables come from buddy, not memblock */
/*
 * Changes to the kernel half after boot (kernel stacks coming and going on
 * every CPU, ioremap) take this lock: two CPUs must not both create the
 * same page table, nor prune a table another CPU is mapping into.
 */
static DEFINE_SPINLOCK(kernel_pgtable_lock);

static inline unsigned int pt_index(u64 va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1);
}

/* A zeroed page for a page table, or NULL when memory is out. */
static u64 *alloc_table(void)
{
	void *table;

	if (buddy_ready) {
		table = __get_free_pages(__GFP_ZERO | __GFP_NOWARN, 0);
	} else {
		u64 phys = memblock_alloc(PAGE_SIZE, PAGE_SIZE, FOUR_GIB);

		table = phys ? phys_to_virt(phys) : NULL;
	}
	if (table)
		memset(table, 0, PAGE_SIZE);
	return table;
}

/* The entry for @va at @level (1 = PTE), creating tables above it; NULL
 * when a table cannot be had. */
static u64 *walk_try_create(u64 *top, u64 va, int level)
{
	u64 *table = top;

	for (int l = 4; l > level; l--) {
		u64 *e = &table[pt_index(va, l)];

		BUG_ON((*e & _PAGE_PRESENT) && (*e & _PAGE_PSE));
		if (!(*e & _PAGE_PRESENT)) {
			u64 *t = alloc_table();

			if (!t)
				return NULL;
			*e = virt_to_phys(t) | TABLE_FLAGS;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, level)];
}

/* The same, where running out of memory is a bug (boot, ioremap). */
static u64 *walk_create(u64 *top, u64 va, int level)
{
	u64 *e = walk_try_create(top, va, level);

	BUG_ON(!e);
	return e;
}

/* Map [va, va + size) to [pa, ...) with 2 MiB pages where aligned. */
static void map_range(u64 *top, u64 va, u64 pa, u64 size, u64 flags)
{
	u64 end = va + size;

	while (va < end) {
		if (IS_ALIGNED(va | pa, HPAGE_SIZE) && end - va >= HPAGE_SIZE) {
			*walk_create(top, va, 2) = pa | flags | _PAGE_PSE;
			va += HPAGE_SIZE;
			pa += HPAGE_SIZE;
		} else {
			*walk_create(top, va, 1) = pa | flags;
			va += PAGE_SIZE;
			pa += PAGE_SIZE;
		}
	}
}

static void map_kernel_section(char *start, char *end, u64 flags)
{
	u64 s = ALIGN_DOWN((u64)start, PAGE_SIZE);
	u64 e = ALIGN_UP((u64)end, PAGE_SIZE);

	for (u64 va = s; va < e; va += PAGE_SIZE)
		*walk_create(init_top_pgt, va, 1) = virt_to_phys((void *)va) | flags;
}

static void map_direct(const struct boot_info *bi)
{
	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		u64 s = ALIGN_DOWN(r->addr, PAGE_SIZE);
		u64 e = ALIGN_UP(r->addr + r->size, PAGE_SIZE);

		if (r->type == E820_TYPE_RAM || r->type == E820_TYPE_ACPI ||
		    r->type == E820_TYPE_NVS)
			map_range(init_top_pgt, PAGE_OFFSET + s, s, e - s,
				  PAGE_KERNEL);
	}
}

/*
 * Build init_top_pgt from the sanitized memory map and switch to it.
 * Page tables come from memblock, below 4 GiB (still mapped by boot.S).
 */
void mmu_init_tables(const struct boot_info *bi)
{
	init_top_pgt = alloc_table();
	map_direct(bi);
	map_kernel_section(_text, _etext, PAGE_KERNEL_EXEC);
	map_kernel_section(_rodata, _erodata, PAGE_KERNEL_RO);
	map_kernel_section(_data, _end, PAGE_KERNEL);
	/* Make the kernel-stack area's top-level entry exist now. */
	walk_create(init_top_pgt, KSTACK_START, 3);
	walk_create(init_top_pgt, VMALLOC_START, 3);	/* and vmalloc()'s */
	/* And the module area's one middle-level table (it spans less than
	 * 1 GiB), so that loading and unloading modules leaves none behind. */
	walk_create(init_top_pgt, MODULES_VADDR, 2);
	write_cr3(virt_to_phys(init_top_pgt));
}

/* From now on page tables come from the buddy allocator. */
void mmu_buddy_ready(void)
{
	buddy_ready = true;
}

void *ioremap(u64 phys, u64 size)
{
	u64 s = ALIGN_DOWN(phys, PAGE_SIZE);
	u64 e = ALIGN_UP(phys + size, PAGE_SIZE);
	unsigned long irq = spin_lock_irqsave(&kernel_pgtable_lock);

	for (u64 pa = s; pa < e; pa += PAGE_SIZE) {
		u64 *pte = kernel_lookup_pte(PAGE_OFFSET + pa);

		if (pte && (*pte & _PAGE_PSE))
			continue;	/* RAM-backed 2 MiB page: leave it */
		*walk_create(init_top_pgt, PAGE_OFFSET + pa, 1) =
			pa | PAGE_KERNEL_NOCACHE;
		invlpg(PAGE_OFFSET + pa);
	}
	spin_unlock_irqrestore(&kernel_pgtable_lock, irq);
	return phys_to_virt(phys);
}

/* The entry at @level for @va if every table above it exists, or NULL. */
static u64 *walk_existing(u64 va, int level)
{
	u64 *table = init_top_pgt;

	for (int l = 4; l > level; l--) {
		u64 e = table[pt_index(va, l)];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, level)];
}

u64 *kernel_lookup_pte(u64 va)
{
	u64 *table = init_top_pgt;

	for (int l = 4; l >= 1; l--) {
		u64 *e = &table[pt_index(va, l)];

		if (!(*e & _PAGE_PRESENT))
			return NULL;
		if (l == 1 || (*e & _PAGE_PSE))
			return e;
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return NULL;
}

int kernel_map_page(u64 va, u64 phys, u64 flags)
{
	unsigned long irq;
	u64 *pte;

	BUG_ON(va < PAGE_OFFSET || !IS_ALIGNED(va | phys, PAGE_SIZE));
	irq = spin_lock_irqsave(&kernel_pgtable_lock);
	pte = walk_try_create(init_top_pgt, va, 1);
	if (pte) {
		*pte = phys | flags;
		invlpg(va);
	}
	spin_unlock_irqrestore(&kernel_pgtable_lock, irq);
	return pte ? 0 : -ENOMEM;
}

u64 kernel_prune_page_table(u64 va)
{
	unsigned long irq = spin_lock_irqsave(&kernel_pgtable_lock);
	u64 *pde = walk_existing(va, 2), *pt, freed = 0;

	if (pde && (*pde & _PAGE_PRESENT) && !(*pde & _PAGE_PSE)) {
		pt = phys_to_virt(*pde & PTE_ADDR_MASK);
		freed = virt_to_phys(pt);
		for (int i = 0; i < PTRS_PER_TABLE && freed; i++)
			if (pt[i])
				freed = 0;	/* still in use */
		if (freed) {
			*pde = 0;
			invlpg(va);	/* drops cached paging-structure entries */
		}
	}
	spin_unlock_irqrestore(&kernel_pgtable_lock, irq);
	return freed;
}

void kernel_unmap_page(u64 va)
{
	unsigned long irq = spin_lock_irqsave(&kernel_pgtable_lock);
	u64 *pte = kernel_lookup_pte(va);

	BUG_ON(!pte || (*pte & _PAGE_PSE));
	*pte = 0;
	invlpg(va);
	spin_unlock_irqrestore(&kernel_pgtable_lock, irq);
}

/*
 * Identity-map [phys, phys + size) (executable) in the kernel's tables,
 * for the SMP trampoline, which runs at its physical address while an AP
 * turns paging on. Only while APs come up: identity_unmap_low() removes
 * it again (no address space may keep a mapping of low memory).
 */
void identity_map_low(u64 phys, u64 size)
{
	map_range(init_top_pgt, phys, phys, size, _PAGE_PRESENT | _PAGE_RW);
}

static void free_table_tree(u64 *table, int level)
{
	for (int i = 0; level > 1 && i < PTRS_PER_TABLE; i++)
		if ((table[i] & _PAGE_PRESENT) && !(table[i] & _PAGE_PSE))
			free_table_tree(phys_to_virt(table[i] & PTE_ADDR_MASK),
					level - 1);
	free_pages(table, 0);
}

/* Drop the low identity map (the APs' trampoline) once the secondary CPUs
 * are up, and free its page tables. Boot CPU, at the end of SMP boot. */
void identity_unmap_low(void)
{
	u64 e = init_top_pgt[0];

	init_top_pgt[0] = 0;
	write_cr3(read_cr3());
	if (e & _PAGE_PRESENT)
		free_table_tree(phys_to_virt(e & PTE_ADDR_MASK), 3);
}
