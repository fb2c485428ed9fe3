/*
 * user/lib/pktsock.h: what the packet socket tests (packettests,
 * fanouttests) share: a packet socket bound to an interface, and a
 * frame sent on lo from a raw one.
 */
#ifndef USER_LIB_PKTSOCK_H
#define USER_LIB_PKTSOCK_H

#include <stddef.h>
#include <sys/types.h>

/* A packet socket of @type (SOCK_RAW or SOCK_DGRAM) for @proto (host
 * order), bound to interface @ifindex (0: every one) unless @proto is 0.
 * The socket, or -1 with errno set. */
int pkt_socket(int type, int proto, int ifindex);

#define PKT_MAX_PAYLOAD 1586		/* pkt_send_frame()'s buffer */

/* Send on lo from SOCK_RAW packet socket @fd an Ethernet frame of
 * @proto (host order, zero addresses) whose @len payload bytes (at most
 * PKT_MAX_PAYLOAD, else EINVAL) are @payload's, or all @c when @payload
 * is NULL: what sendto() returns. */
ssize_t pkt_send_frame(int fd, int proto, const void *payload, size_t len,
		       int c);

#endif
