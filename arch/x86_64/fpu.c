/*
 * User FPU/SSE state (see asm/fpu.h): fxsave/fxrstor of a 512-byte area per
 * user thread. AVX state (the upper halves of ymm registers) is not
 * saved: user programs here are built for baseline x86_64 (SSE2); a
 * program compiled for AVX could see its ymm upper halves change.
 * The protection-key register PKRU (asm/pkru.h) is switched here too.
 */
#include "asm/fpu.h"
#include "arch/x86_64/cpu.h"
#include "asm/pkru.h"
#include "kernel/task.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MXCSR_DEFAULT 0x1f80	/* all exceptions masked, round to nearest */
#define FCW_DEFAULT 0x037f

struct fxregs {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u8 rest[512 - 32];
} __aligned(16);

_Static_assert(sizeof(struct fxregs) == FPU_STATE_SIZE, "fxsave area is 512 bytes");

static void fxsave(void *area)
{
	__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
}

static void fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static void init_state(struct fxregs *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->cwd = FCW_DEFAULT;
	fx->mxcsr = MXCSR_DEFAULT;
}

int fpu_alloc(struct task_struct *p, const struct task_struct *from)
{
	/* kmalloc's 512-byte objects are 512-aligned: fine for fxsave. */
	struct fxregs *fx = kmalloc(FPU_STATE_SIZE, GFP_KERNEL);

	if (!fx)
		return -ENOMEM;
	if (from && from->thread.fpu)
		memcpy(fx, from->thread.fpu, FPU_STATE_SIZE);
	else
		init_state(fx);
	p->thread.fpu = fx;
	return 0;
}

/* Free @p's saved FPU/SSE state (when the task is freed). */
void fpu_free(struct task_struct *p)
{
	kfree(p->thread.fpu);
	p->thread.fpu = NULL;
}

void fpu_reset_current(void)
{
	init_state(current->thread.fpu);
	fxrstor(current->thread.fpu);
}

void fpu_save_current(void)
{
	if (current->thread.fpu)
		fxsave(current->thread.fpu);
}

void fpu_restore_current(void)
{
	if (current->thread.fpu)
		fxrstor(current->thread.fpu);
}

void fpu_switch(struct task_struct *prev, struct task_struct *next)
{
	if (prev->thread.fpu && prev->__state != TASK_DEAD)
		fxsave(prev->thread.fpu);
	if (next->thread.fpu)
		fxrstor(next->thread.fpu);
	if (arch_pkeys_enabled()) {
		/* PKRU too (Linux's XSAVE component 9). Only user tasks
		 * (with FPU state) have keys: user mode may have changed
		 * prev's with wrpkru; a kernel thread leaves the register
		 * as it found it, so user -> kthread -> same user writes
		 * nothing, and a write only when the value differs. */
		u32 cur = rdpkru();

		if (prev->thread.fpu)
			prev->thread.pkru = cur;
		if (next->thread.fpu && next->thread.pkru != cur)
			wrpkru(next->thread.pkru);
	}
}

void arch_set_user_pkey_access(int pkey, unsigned long rights)
{
	unsigned int shift = pkey * PKRU_BITS_PER_PKEY;
	u32 pkru = rdpkru() & ~((PKRU_AD_BIT | PKRU_WD_BIT) << shift);

	pkru |= (rights & (PKRU_AD_BIT | PKRU_WD_BIT)) << shift;
	current->thread.pkru = pkru;
	wrpkru(pkru);
}

void pkru_reset_current(void)
{
	if (!arch_pkeys_enabled())
		return;
	current->thread.pkru = PKRU_INIT;
	wrpkru(PKRU_INIT);
}
