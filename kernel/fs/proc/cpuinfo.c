/*
 * The CPUs in /proc:
 *
 *   cpuinfo     Linux's x86 format, one block per online CPU; flags are
 *               Linux's lowercase names of the CPUID bits we know
 *   interrupts  Linux's format: a row per device IRQ (IO-APIC, edge)
 *               and per named CPU vector (NMI, LOC, RES, CAL, ...), one
 *               column of counts per online CPU
 *   irqstacks   (Taskbase) each CPU's interrupt and exception stacks:
 *
 *     CPU IRQ-stack                         depth #DF-stack  NMI-stack ...
 *     0   ffffc90000014000-ffffc90000018000 0     ...
 *
 *     a range is [lowest, top) of the THREAD_SIZE block; depth is how many
 *     interrupts are nested on the IRQ stack right now (0: not in use).
 */
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/time/time.h"
#include "asm/processor.h"
#include "asm/irq.h"
#include "asm/io.h"
#include "asm/stacktrace.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "lib/string.h"

/* arch/x86_64/tsc.c; not declared in a header yet. */

/* ---- cpuinfo ---- */

enum { EAX, EBX, ECX, EDX };

/* One 32-bit CPUID register and Linux's names for its bits. */
struct cpuid_word {
	u32 leaf;
	int reg;
	const char *names[32];
};

static const struct cpuid_word cpuid_words[] = {
	{ 1, EDX, { "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
		    "cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
		    "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
		    "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe" } },
	{ 0x80000001, EDX, { [11] = "syscall", [19] = "mp", [20] = "nx",
		    [22] = "mmxext", [25] = "fxsr_opt", [26] = "pdpe1gb",
		    [27] = "rdtscp", [29] = "lm", [30] = "3dnowext",
		    [31] = "3dnow" } },
	{ 1, ECX, { "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx",
		    "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16",
		    "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
		    "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
		    "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor" } },
	{ 0x80000001, ECX, { "lahf_lm", "cmp_legacy", "svm", "extapic",
		    "cr8_legacy", "abm", "sse4a", "misalignsse",
		    "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
		    NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL, "tbm",
		    "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext",
		    "ptsc", "perfctr_llc", "mwaitx" } },
	{ 7, EBX, { "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2",
		    NULL, "smep", "bmi2", "erms", "invpcid", "rtm", "cqm", NULL,
		    "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx",
		    "smap", "avx512ifma", NULL, "clflushopt", "clwb",
		    "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni",
		    "avx512bw", "avx512vl" } },
	{ 7, ECX, { NULL, "avx512vbmi", "umip", "pku", "ospke", "waitpkg",
		    "avx512_vbmi2", NULL, "gfni", "vaes", "vpclmulqdq",
		    "avx512_vnni", "avx512_bitalg", NULL, "avx512_vpopcntdq",
		    NULL, "la57", NULL, NULL, NULL, NULL, NULL, "rdpid",
		    NULL, NULL, "cldemote", NULL, "movdiri", "movdir64b" } },
	{ 7, EDX, { [4] = "fsrm", [10] = "md_clear", [14] = "serialize",
		    [28] = "flush_l1d", [29] = "arch_capabilities" } },
};

/* CPUID @leaf (subleaf 0) register @reg, or 0 past the maximum leaf. */
static u32 cpuid_reg(u32 leaf, int reg)
{
	u32 r[4];

	cpuid(leaf & 0x80000000, 0, &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
	if (leaf > r[EAX])
		return 0;
	cpuid(leaf, 0, &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
	return r[reg];
}

static void cpuinfo_flags(struct seq_buf *m)
{
	seq_puts(m, "flags\t\t:");
	for (size_t w = 0; w < ARRAY_SIZE(cpuid_words); w++) {
		const struct cpuid_word *cw = &cpuid_words[w];
		u32 bits = cpuid_reg(cw->leaf, cw->reg);

		for (int b = 0; b < 32; b++)
			if ((bits & (1u << b)) && cw->names[b])
				seq_printf(m, " %s", cw->names[b]);
		/* Linux's own word 3 comes after the first two CPUID words. */
		if (w == 1) {
			if (cpu_has(X86_FEATURE_INVARIANT_TSC))
				seq_puts(m, " constant_tsc nonstop_tsc");
			seq_puts(m, " cpuid");
		}
	}
	seq_putc(m, '\n');
}

static void cpuinfo_cpu(struct seq_buf *m, unsigned int cpu, unsigned int nr)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	const char *model = c->model_id;
	u64 khz = tsc_get_khz();
	u32 apicid = percpu_area[cpu].apic_id;

	while (*model == ' ')
		model++;
	seq_printf(m, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\n"
		   "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
		   cpu, c->vendor, c->family, c->model, model, c->stepping);
	seq_printf(m, "cpu MHz\t\t: %lu.%03lu\n", (unsigned long)(khz / 1000),
		   (unsigned long)(khz % 1000));
	seq_printf(m, "physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\n"
		   "cpu cores\t: %u\napicid\t\t: %u\ninitial apicid\t: %u\n",
		   nr, cpu, nr, apicid, apicid);
	seq_printf(m, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
		   "wp\t\t: yes\n", cpuid_reg(0, EAX));
	cpuinfo_flags(m);
	seq_puts(m, "bugs\t\t:\n");
	/* Linux's delay-loop calibration gives about twice the MHz. */
	seq_printf(m, "bogomips\t: %lu.%02lu\n", (unsigned long)(khz / 500),
		   (unsigned long)(khz / 5 % 100));
	seq_printf(m, "clflush size\t: %u\ncache_alignment\t: %u\n",
		   ((cpuid_reg(1, EBX) >> 8) & 0xff) * 8,
		   ((cpuid_reg(1, EBX) >> 8) & 0xff) * 8);
	seq_printf(m, "address sizes\t: %u bits physical, %u bits virtual\n",
		   c->phys_bits, c->virt_bits);
	seq_puts(m, "power management:\n\n");
}

int proc_cpuinfo_show(struct seq_buf *m, void *unused)
{
	unsigned int cpu, nr = num_online_cpus();

	for_each_online_cpu(cpu)
		cpuinfo_cpu(m, cpu, nr);
	return 0;
}

/* ---- interrupts ---- */

#define IRQ_PREC 3	/* width of the row labels, as Linux for < 1000 IRQs */

/* Linux's row label and description for the CPU-local vectors. */
static const struct {
	const char *name;
	const char *desc;
} local_rows[] = {
	{ "LOC", "Local timer interrupts" },
	{ "SPU", "Spurious interrupts" },
	{ "RES", "Rescheduling interrupts" },
	{ "CAL", "Function call interrupts" },
	{ "TLB", "TLB shootdowns" },
};

static void irq_counts(struct seq_buf *m, unsigned int vector)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		seq_printf(m, "%10lu ",
			   (unsigned long)READ_ONCE(percpu_area[cpu].irq_count[vector]));
}

/* The vector whose handler is called @name, or the spurious one for SPU. */
static int local_vector(const char *name)
{
	if (!strcmp(name, "SPU"))
		return SPURIOUS_APIC_VECTOR;
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
		if (vector_name(v) && !strcmp(vector_name(v), name))
			return (int)v;
	return -1;
}

static bool is_local_row(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(local_rows); i++)
		if (!strcmp(local_rows[i].name, name))
			return true;
	return false;
}

int proc_interrupts_show(struct seq_buf *m, void *unused)
{
	unsigned int cpu;

	seq_printf(m, "%*s", IRQ_PREC + 8, "");
	for_each_online_cpu(cpu)
		seq_printf(m, "CPU%-8u", cpu);
	seq_putc(m, '\n');
	for (unsigned int irq = 0; irq < NR_LEGACY_IRQS; irq++) {
		const char *name = vector_name(FIRST_EXTERNAL_VECTOR + irq);

		if (!name)
			continue;
		seq_printf(m, "%*u: ", IRQ_PREC, irq);
		irq_counts(m, FIRST_EXTERNAL_VECTOR + irq);
		seq_printf(m, " %8s %*u-%-8s  %s\n", "IO-APIC", IRQ_PREC, irq,
			   "edge", name);
	}
	seq_printf(m, "%*s: ", IRQ_PREC, "NMI");
	irq_counts(m, X86_TRAP_NMI);
	seq_puts(m, "  Non-maskable interrupts\n");
	for (size_t i = 0; i < ARRAY_SIZE(local_rows); i++) {
		int v = local_vector(local_rows[i].name);

		if (v < 0)
			continue;
		seq_printf(m, "%*s: ", IRQ_PREC, local_rows[i].name);
		irq_counts(m, v);
		seq_printf(m, "  %s\n", local_rows[i].desc);
	}
	/* Other named CPU vectors (the self-tests' own) under their names. */
	for (unsigned int v = FIRST_EXTERNAL_VECTOR + NR_LEGACY_IRQS;
	     v < NR_VECTORS; v++) {
		const char *name = vector_name(v);

		if (!name || is_local_row(name))
			continue;
		seq_printf(m, "%*s: ", IRQ_PREC, name);
		irq_counts(m, v);
		seq_printf(m, "  Taskbase vector 0x%x\n", v);
	}
	seq_printf(m, "%*s: %10u\n%*s: %10u\n", IRQ_PREC, "ERR", 0,
		   IRQ_PREC, "MIS", 0);
	return 0;
}

/* ---- irqstacks ---- */

static void stack_range(struct seq_buf *m, u64 top)
{
	seq_printf(m, " %016lx-%016lx", (unsigned long)(top - THREAD_SIZE),
		   (unsigned long)top);
}

int proc_irqstacks_show(struct seq_buf *m, void *unused)
{
	unsigned int cpu;

	seq_printf(m, "%-3s %-33s %-5s", "CPU", "IRQ-stack", "depth");
	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		seq_printf(m, " %s-stack%*s", ist_stack_name(i),
			   i + 1 < N_EXCEPTION_STACKS ?
			   (int)(27 - strlen(ist_stack_name(i))) : 0, "");
	seq_putc(m, '\n');
	for_each_online_cpu(cpu) {
		const struct percpu *pc = &percpu_area[cpu];

		seq_printf(m, "%-3u", cpu);
		stack_range(m, pc->hardirq_stack_top);
		seq_printf(m, " %-5lu",
			   (unsigned long)READ_ONCE(pc->hardirq_stack_inuse));
		for (int i = 0; i < N_EXCEPTION_STACKS; i++)
			stack_range(m, pc->ist_stack_top[i]);
		seq_putc(m, '\n');
	}
	return 0;
}
