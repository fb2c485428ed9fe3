/*
 * Formatted output into a buffer: vsnprintf() and snprintf() with C99
 * semantics, and Linux's scnprintf() and vscnprintf(), which return what
 * was really written and so can be chained to fill a buffer piece by piece.
 * printk(), /proc and the panic path all format through here.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%; lengths hh h l ll z t j;
 * flags - 0 + space #; width and precision, both may be '*'. %s of NULL
 * prints "(null)"; %p prints 0x and 16 hex digits (Linux prints a hash of
 * the address; a teaching kernel shows it). No floating point.
 *
 * Linux's pointer extensions, with Linux 6.1's meanings:
 *   %px  the address as 16 hex digits, no 0x ("ffffffff80101234")
 *   %pK  as kptr_restrict says (kernel/printk/pointer.c): 0, Taskbase's
 *        default, as %p; 1 as %px for a task with CAP_SYSLOG whose ids
 *        are its own, zeros for others, "pK-error" in an interrupt; 2 zeros
 *   %pS  "name+0xoff/0xsize", and " [module]" for a module's symbol
 *   %ps  "name" (and " [module]"), without the offset
 *   %pB  as %pS for a return address (looked up at the address - 1)
 * An address no symbol covers prints as "0x..."; %pSR and %pBR as %pS and
 * %pB.
 */
#ifndef LIB_VSPRINTF_H
#define LIB_VSPRINTF_H

#include "lib/types.h"

/*
 * Format into @buf[size]. Always NUL-terminates when size > 0. Returns the
 * length the whole output would have had: truncation when it is >= size.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* vsnprintf() with the arguments inline. */
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * Like vsnprintf(), but returns the number of characters actually stored in
 * @buf, not counting the NUL: 0 when size == 0, at most size - 1.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* vscnprintf() with the arguments inline. */
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * What %pS, %ps, %pB and %pK ask the kernel (kernel/printk/pointer.c).
 * Weak: lib/ is also linked alone into the host tests, where they are
 * NULL and %pS prints the address, %pK as %p.
 */
#define VSPRINTF_SYM_LEN 256	/* the longest symbol text printed */
/* Write @addr's symbol for %p@ext (S, s or B) into @buf; the length, or
 * 0 when no symbol covers @addr. */
__attribute__((weak)) int vsprintf_symbol(char *buf, size_t size, u64 addr,
					  char ext);
enum { KPTR_AS_P, KPTR_AS_PX, KPTR_ZERO, KPTR_ERROR };
/* How %pK prints for the current context: a KPTR_* value. */
__attribute__((weak)) int vsprintf_kptr_policy(void);

#endif
