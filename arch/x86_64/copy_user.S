/*
 * The user-copy primitives behind kernel/uaccess.h.
 *
 *   u64 __copy_user(void *to, const void *from, u64 n);    bytes NOT copied
 *   u64 __clear_user(void *to, u64 n);                     bytes NOT cleared
 *   long __strncpy_user(char *dst, const char *src, long count);
 *                                  length, count if no NUL, -1 on a fault
 *   int __futex_cmpxchg_user(u32 *uaddr, u32 old, u32 new, u32 *cur);
 *                                  0 and *cur the word found, -EFAULT
 *
 * Each instruction that touches user memory has an __ex_table entry: if it
 * faults, the page-fault handler resumes at the fixup label, which
 * returns how much was left. stac/clac open and close the SMAP window;
 * on a CPU without SMAP they would be invalid instructions, so they are
 * skipped when smap_enabled (uaccess.c) is 0. (Linux patches the
 * instructions in at boot instead; a test and a branch is plainer.)
 */
	.macro EX insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
	.endm

	.macro ASM_STAC
	cmpb $0, smap_enabled(%rip)
	je 9f
	stac
9:
	.endm

	.macro ASM_CLAC
	cmpb $0, smap_enabled(%rip)
	je 9f
	clac
9:
	.endm

	.text
	.globl __copy_user
	.type __copy_user, @function
__copy_user:
	movq %rdx, %rcx
	ASM_STAC
1:	rep movsb
	ASM_CLAC
	movq %rcx, %rax		/* 0 unless a fault stopped the copy */
	ret
2:	ASM_CLAC
	movq %rcx, %rax
	ret
	EX 1b, 2b
	.size __copy_user, . - __copy_user

	.globl __clear_user
	.type __clear_user, @function
__clear_user:
	movq %rsi, %rcx
	xorl %eax, %eax
	ASM_STAC
1:	rep stosb
	ASM_CLAC
	movq %rcx, %rax
	ret
2:	ASM_CLAC
	movq %rcx, %rax
	ret
	EX 1b, 2b
	.size __clear_user, . - __clear_user

	.globl __strncpy_user
	.type __strncpy_user, @function
__strncpy_user:
	xorl %eax, %eax		/* bytes copied so far */
	ASM_STAC
3:	cmpq %rdx, %rax
	je 5f			/* count reached: no NUL */
1:	movb (%rsi,%rax), %cl
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 4f
	incq %rax
	jmp 3b
4:	ASM_CLAC		/* length without the NUL */
	ret
5:	ASM_CLAC
	ret
2:	ASM_CLAC
	movq $-1, %rax
	ret
	EX 1b, 2b
	.size __strncpy_user, . - __strncpy_user

	.globl __futex_cmpxchg_user
	.type __futex_cmpxchg_user, @function
__futex_cmpxchg_user:
	movl %esi, %eax
	ASM_STAC
1:	lock cmpxchgl %edx, (%rdi)
	ASM_CLAC
	movl %eax, (%rcx)	/* the old value, whether it matched or not */
	xorl %eax, %eax
	ret
2:	ASM_CLAC
	movl $-14, %eax		/* -EFAULT */
	ret
	EX 1b, 2b
	.size __futex_cmpxchg_user, . - __futex_cmpxchg_user
