/*
 * user/lib/pktsock.c: the packet socket helpers of pktsock.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pktsock.h"

int pkt_socket(int type, int proto, int ifindex)
{
	struct sockaddr_ll a = { .sll_family = AF_PACKET,
				 .sll_protocol = htons(proto),
				 .sll_ifindex = ifindex };
	int fd = socket(AF_PACKET, type, htons(proto));

	if (fd >= 0 && proto && bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

ssize_t pkt_send_frame(int fd, int proto, const void *payload, size_t len,
		       int c)
{
	unsigned char f[14 + PKT_MAX_PAYLOAD] = { 0 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1,
				  .sll_halen = 6 };

	if (len > PKT_MAX_PAYLOAD) {
		errno = EINVAL;
		return -1;
	}
	f[12] = (unsigned char)(proto >> 8);
	f[13] = (unsigned char)proto;
	if (payload)
		memcpy(f + 14, payload, len);
	else
		memset(f + 14, c, len);
	return sendto(fd, f, 14 + len, 0, (struct sockaddr *)&to, sizeof(to));
}
