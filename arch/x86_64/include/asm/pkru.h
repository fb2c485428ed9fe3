/*
 * Memory protection keys (Linux's arch/x86/include/asm/pkru.h): each user
 * PTE carries a key 0-15 (bits 59-62, from its VMA: kernel/mm/pkeys.c),
 * and the per-thread PKRU register holds two bits per key, "access
 * disabled" and "write disabled", that the CPU checks on every data
 * access to a user page, in user or kernel mode (CR4.PKE, when the CPU
 * has PKU). A thread changes its own rights with one unprivileged
 * instruction (wrpkru), no system call and no TLB flush: the page
 * tables stay as they are. PKRU is user register state like the FPU's:
 * saved and restored at every switch (arch/x86_64/fpu.c fpu_switch()),
 * inherited by fork and clone, reset by exec.
 */
#ifndef ASM_X86_64_PKRU_H
#define ASM_X86_64_PKRU_H

#include "asm/processor.h"
#include "lib/types.h"

#define PKRU_AD_BIT 0x1u		/* access disabled */
#define PKRU_WD_BIT 0x2u		/* write disabled */
#define PKRU_BITS_PER_PKEY 2
/* Linux's init_pkru_value: key 0 open, every other key access-disabled
 * until pkey_alloc() opens it. */
#define PKRU_INIT 0x55555554u
#define PTE_PKEY_SHIFT 59		/* a PTE's key: bits 59-62 */

static inline u32 rdpkru(void)
{
	u32 eax, edx;

	__asm__ __volatile__(".byte 0x0f, 0x01, 0xee" /* rdpkru */
			     : "=a"(eax), "=d"(edx) : "c"(0));
	return eax;
}

static inline void wrpkru(u32 pkru)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xef" /* wrpkru */
			     : : "a"(pkru), "c"(0), "d"(0) : "memory");
}

/* Does this machine have protection keys (and CR4.PKE on)? */
static inline bool arch_pkeys_enabled(void)
{
	return cpu_has(X86_FEATURE_PKU);
}
/* Set current's rights for @pkey to @rights (PKEY_DISABLE_ACCESS,
 * PKEY_DISABLE_WRITE): its PKRU now and as saved. */
void arch_set_user_pkey_access(int pkey, unsigned long rights);
/* exec: current's PKRU back to PKRU_INIT. */
void pkru_reset_current(void);

/*
 * May current's PKRU reach a page with key @pkey (@write: to write it)?
 * The fault handler asks before it maps a page (Linux's
 * arch_vma_access_permitted()): the CPU checks keys on present pages
 * only, and a fault must not allocate what the access may not touch.
 */
static inline bool pkru_allows(unsigned int pkey, bool write)
{
	u32 bits;

	if (!pkey || !arch_pkeys_enabled())
		return true;
	bits = rdpkru() >> (pkey * PKRU_BITS_PER_PKEY);
	return !(bits & PKRU_AD_BIT) && !(write && (bits & PKRU_WD_BIT));
}

#endif
