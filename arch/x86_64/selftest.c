/*
 * x86 self-tests. The KTEST_CRASH ones each end the kernel on purpose and
 * run only when named ("ktest=exception_ud"); the QEMU harness checks the
 * oops report they produce (tests/integration/test_boot.py).
 */
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "arch/x86_64/mmu.h"
#include "asm/percpu.h"
#include "kernel/ktest.h"
#include "lib/bug.h"

/* noipa: no inlining or cloning (read_from.isra.0), so the oops names
 * exactly these functions in RIP and the trace. */
static __attribute__((noipa)) void do_ud2(void)
{
	__asm__ __volatile__("ud2");
}

KTEST_CRASH(exception_ud)
{
	do_ud2();
}

static __attribute__((noipa)) u64 read_from(volatile u64 *p)
{
	return *p;
}

KTEST_CRASH(exception_pf)
{
	/* Inside the direct map, but far beyond any RAM: not present. */
	read_from((volatile u64 *)(PAGE_OFFSET + 0x3f0000000000ull));
}

KTEST_CRASH(exception_gp)
{
	read_from((volatile u64 *)0x8000000000000000ull);	/* non-canonical */
}

static __attribute__((noipa)) int divide(int a, int b)
{
	int q;

	__asm__ __volatile__("cltd; idivl %2" : "=a"(q) : "a"(a), "r"(b) : "rdx");
	return q;
}

KTEST_CRASH(exception_de)
{
	divide(1, 0);
}

KTEST_CRASH(panic_message)
{
	panic("ktest: deliberate panic");
}

KTEST(gdt_selectors)
{
	u16 cs, ss;

	__asm__ __volatile__("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	KT_EXPECT(t, cs == __KERNEL_CS);
	KT_EXPECT(t, ss == __KERNEL_DS);
}

KTEST(percpu_gs_base)
{
	KT_EXPECT(t, rdmsr(MSR_GS_BASE) == (u64)this_cpu());
	KT_EXPECT(t, this_cpu()->self == this_cpu());
	KT_EXPECT(t, smp_processor_id() == this_cpu()->cpu);
}

KTEST(kernel_text_readonly_data_nx)
{
	extern char _text[], _rodata[], _data[];
	u64 *text = kernel_lookup_pte((u64)_text);
	u64 *ro = kernel_lookup_pte((u64)_rodata);
	u64 *data = kernel_lookup_pte((u64)_data);

	KT_EXPECT(t, text && !(*text & _PAGE_RW) && !(*text & _PAGE_NX));
	KT_EXPECT(t, ro && !(*ro & _PAGE_RW) && (*ro & _PAGE_NX));
	KT_EXPECT(t, data && (*data & _PAGE_RW) && (*data & _PAGE_NX));
	KT_EXPECT(t, read_cr0() & X86_CR0_WP);
}

KTEST(low_identity_map_gone)
{
	/* The boot identity map must not survive into the real tables. */
	u64 *top = phys_to_virt(read_cr3() & PTE_ADDR_MASK);

	KT_EXPECT(t, !(top[0] & _PAGE_PRESENT));
}

/* The hardening the CPU offers is switched on (with -cpu max under TCG
 * every one of these is present). */
KTEST(smep_smap_umip_nx_enabled)
{
	u64 cr4 = read_cr4();

	if (cpu_has(X86_FEATURE_SMEP))
		KT_EXPECT(t, cr4 & X86_CR4_SMEP);
	if (cpu_has(X86_FEATURE_SMAP))
		KT_EXPECT(t, cr4 & X86_CR4_SMAP);
	if (cpu_has(X86_FEATURE_UMIP))
		KT_EXPECT(t, cr4 & X86_CR4_UMIP);
	if (cpu_has(X86_FEATURE_NX))
		KT_EXPECT(t, rdmsr(MSR_EFER) & EFER_NXE);
	KT_EXPECT(t, read_cr0() & X86_CR0_WP);
}
