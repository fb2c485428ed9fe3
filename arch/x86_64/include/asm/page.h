/*
 * Whole-page clear and copy, as Linux's clear_page()/copy_page(): one
 * "rep stosq"/"rep movsq" of 512 quadwords. The string instructions are
 * what the CPU (and QEMU) does fastest for a whole aligned page; the
 * generic memset/memcpy in lib/string.c are loops written for any size
 * and alignment.
 */
#ifndef ARCH_X86_64_PAGE_H
#define ARCH_X86_64_PAGE_H

#include "arch/x86_64/memlayout.h"
#include "lib/types.h"

/* Zero the page at @page (a page-aligned kernel address). */
static inline void clear_page(void *page)
{
	u64 n = PAGE_SIZE / 8;

	__asm__ __volatile__("rep stosq"
			     : "+D"(page), "+c"(n)
			     : "a"(0ull)
			     : "memory");
}

/* Copy the page at @from to the page at @to (both page-aligned). */
static inline void copy_page(void *to, const void *from)
{
	u64 n = PAGE_SIZE / 8;

	__asm__ __volatile__("rep movsq"
			     : "+D"(to), "+S"(from), "+c"(n)
			     :
			     : "memory");
}

#endif
