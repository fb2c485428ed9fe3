/*
 * CPU identification and feature enabling. The features the boot log
 * lists (NX, SMEP, SMAP, UMIP, APIC, x2APIC, TSC) are read from CPUID
 * once, on the boot CPU; cpu_init_features() turns the useful ones on in
 * each CPU's control registers.
 */
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

struct cpuinfo_x86 boot_cpu_data;
extern u8 smap_enabled;

/* Where each feature is: CPUID leaf, sub-leaf, register (0-3 = abcd), bit. */
static const struct {
	const char *name;
	u32 leaf, sub;
	u8 reg, bit;
} features[X86_NR_FEATURES] = {
	[X86_FEATURE_NX] = { "NX", 0x80000001, 0, 3, 20 },
	[X86_FEATURE_SMEP] = { "SMEP", 7, 0, 1, 7 },
	[X86_FEATURE_SMAP] = { "SMAP", 7, 0, 1, 20 },
	[X86_FEATURE_UMIP] = { "UMIP", 7, 0, 2, 2 },
	[X86_FEATURE_APIC] = { "APIC", 1, 0, 3, 9 },
	[X86_FEATURE_X2APIC] = { "x2APIC", 1, 0, 2, 21 },
	[X86_FEATURE_TSC] = { "TSC", 1, 0, 3, 4 },
	[X86_FEATURE_INVARIANT_TSC] = { "invariant-TSC", 0x80000007, 0, 3, 8 },
	[X86_FEATURE_PGE] = { "PGE", 1, 0, 3, 13 },
	[X86_FEATURE_PDPE1GB] = { "1GB-pages", 0x80000001, 0, 3, 26 },
	[X86_FEATURE_FXSR] = { "FXSR", 1, 0, 3, 24 },
	[X86_FEATURE_XSAVE] = { "XSAVE", 1, 0, 2, 26 },
	[X86_FEATURE_FSGSBASE] = { "FSGSBASE", 7, 0, 1, 0 },
	[X86_FEATURE_PKU] = { "PKU", 7, 0, 2, 3 },
};

static u32 cpuid_reg(u32 leaf, u32 sub, int reg)
{
	u32 r[4], max;

	cpuid(leaf & 0x80000000, 0, &max, &r[1], &r[2], &r[3]);
	if (leaf > max)
		return 0;
	cpuid(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
	return r[reg];
}

static void read_strings(struct cpuinfo_x86 *c)
{
	u32 a, b, d, cc;

	cpuid(0, 0, &a, &b, &cc, &d);
	memcpy(c->vendor, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cc, 4);
	c->vendor[12] = '\0';
	for (u32 i = 0; i < 3; i++) {
		u32 *p = (u32 *)(c->model_id + 16 * i);

		cpuid(0x80000002 + i, 0, &p[0], &p[1], &p[2], &p[3]);
	}
	c->model_id[48] = '\0';
}

void cpu_detect(void)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;
	u32 sig = cpuid_reg(1, 0, 0), addr = cpuid_reg(0x80000008, 0, 0);

	read_strings(c);
	c->family = (sig >> 8) & 0xf;
	c->model = (sig >> 4) & 0xf;
	c->stepping = sig & 0xf;
	if (c->family == 0xf)
		c->family += (sig >> 20) & 0xff;
	if (c->family >= 6)
		c->model |= ((sig >> 16) & 0xf) << 4;
	c->phys_bits = addr ? (addr & 0xff) : 36;
	c->virt_bits = addr ? ((addr >> 8) & 0xff) : 48;
	for (int f = 0; f < X86_NR_FEATURES; f++)
		if (cpuid_reg(features[f].leaf, features[f].sub,
			      features[f].reg) & (1u << features[f].bit))
			c->features |= 1ull << f;
}

/* True when the boot CPU has feature @f (CPUID, read at boot). */
/* The /proc/cpuinfo flag name of feature @f. */
const char *cpu_feature_name(enum x86_feature f)
{
	return features[f].name;
}

void cpu_print_info(void)
{
	char line[160], missing[160];
	size_t n = 0, m = 0;
	const char *model = boot_cpu_data.model_id;

	while (*model == ' ')
		model++;
	pr_info("CPU: %s %s (family 0x%x, model 0x%x, stepping 0x%x)\n",
		boot_cpu_data.vendor, model, boot_cpu_data.family,
		boot_cpu_data.model, boot_cpu_data.stepping);
	line[0] = missing[0] = '\0';
	for (int f = 0; f < X86_NR_FEATURES; f++) {
		if (cpu_has(f))
			n += scnprintf(line + n, sizeof(line) - n, " %s",
				       features[f].name);
		else
			m += scnprintf(missing + m, sizeof(missing) - m, " %s",
				       features[f].name);
	}
	pr_info("CPU features:%s\n", line);
	if (m)
		pr_info("CPU features not present:%s\n", missing);
}

/*
 * NX in EFER; SMEP/SMAP/UMIP, PKE and PGE in CR4 when present; SSE enabled
 * for user programs (the kernel itself never uses it).
 */
void cpu_init_features(void)
{
	u64 cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	u64 cr0 = read_cr0();

	if (cpu_has(X86_FEATURE_NX))
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	if (cpu_has(X86_FEATURE_PGE))
		cr4 |= X86_CR4_PGE;
	if (cpu_has(X86_FEATURE_SMEP))
		cr4 |= X86_CR4_SMEP;
	if (cpu_has(X86_FEATURE_SMAP)) {
		cr4 |= X86_CR4_SMAP;
		smap_enabled = 1;
	}
	if (cpu_has(X86_FEATURE_UMIP))
		cr4 |= X86_CR4_UMIP;
	if (cpu_has(X86_FEATURE_PKU))
		cr4 |= X86_CR4_PKE;	/* protection keys (asm/pkru.h) */
	cr0 &= ~(1ul << 2);		/* EM off: x87/SSE instructions work */
	cr0 |= (1ul << 1) | X86_CR0_WP;	/* MP, and WP: read-only means it */
	write_cr0(cr0);
	write_cr4(cr4);
}
