/*
 * Host tests for lib/checksum.h: RFC 1071's worked example (the sum of
 * 00 01 f2 03 f4 f5 f6 f7 is 0xddf2), an odd length padded, a sum split
 * across calls at an even boundary, a header that holds its own
 * checksum folding to 0, and a real IPv4 header's checksum.
 */
#include "tests/host/htest.h"
#include "lib/checksum.h"
#include "lib/string.h"

static void test_rfc1071(void)
{
	static const u8 b[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	u16 c = csum_fold(csum_partial(b, sizeof(b), 0));

	CHECK(csum_partial(b, sizeof(b), 0) == 0xddf2, "RFC 1071's sum 0xddf2");
	CHECK(((const u8 *)&c)[0] == 0x22 && ((const u8 *)&c)[1] == 0x0d,
	      "its checksum 0x220d, in network order");
	CHECK(csum_partial(b, 4, csum_partial(b + 4, 4, 0)) == 0xddf2,
	      "summed in two even parts, the same");
	CHECK(csum_partial(b, 3, 0) == 0xf201, "an odd last byte padded");
}

static void test_ip_header(void)
{
	/* 127.0.0.1 to 127.0.0.1, ICMP, 84 bytes, TTL 64, DF, ID 0x1c46 */
	u8 h[20] = { 0x45, 0, 0, 84, 0x1c, 0x46, 0x40, 0, 64, 1, 0, 0,
		     127, 0, 0, 1, 127, 0, 0, 1 };
	u16 c = csum_fold(csum_partial(h, sizeof(h), 0));

	memcpy(h + 10, &c, 2);
	CHECK(h[10] == 0x20 && h[11] == 0x61, "the header's checksum 0x2061");
	CHECK(csum_fold(csum_partial(h, sizeof(h), 0)) == 0,
	      "a header holding its checksum folds to 0");
	h[8] = 63;
	CHECK(csum_fold(csum_partial(h, sizeof(h), 0)) != 0,
	      "one byte changed: not 0");
}

int main(void)
{
	test_rfc1071();
	test_ip_header();
	return htest_done();
}
