/*
 * The Internet checksum (RFC 1071; Linux's csum_partial() and
 * csum_fold(), include/net/checksum.h): the ones' complement sum of
 * 16-bit big-endian words, over IP, ICMP, UDP headers and data.
 */
#ifndef LIB_CHECKSUM_H
#define LIB_CHECKSUM_H

#include "lib/types.h"

/* The running sum: @sum plus the 16-bit big-endian words of @len bytes
 * at @p (an odd last byte padded), folded to 16 bits; a part before the
 * last must have an even length. */
u32 csum_partial(const void *p, size_t len, u32 sum);
/* The checksum of running sum @sum, in network order, ready for a
 * header's field: 0 when the sum covered a correct checksum. */
u16 csum_fold(u32 sum);

#endif
