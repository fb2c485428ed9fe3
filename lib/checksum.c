/*
 * The Internet checksum (lib/checksum.h): what IP, ICMP and UDP put in
 * their headers, computed byte by byte for clarity (Linux's x86_64
 * csum_partial() adds 64 bits at a time with the carry flag).
 */
#include "lib/checksum.h"

u32 csum_partial(const void *p, size_t len, u32 sum)
{
	const u8 *b = p;

	for (size_t k = 0; k + 1 < len; k += 2)
		sum += (u32)b[k] << 8 | b[k + 1];
	if (len & 1)
		sum += (u32)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

u16 csum_fold(u32 sum)
{
	u16 v = (u16)~sum;

	return (u16)(v << 8 | v >> 8);	/* to network order */
}
