/*
 * user/lib/aio_abi.h: native AIO's records (Linux's
 * include/uapi/linux/aio_abi.h), which musl's headers lack: what
 * splicetests and failnth pass to io_submit and get from io_getevents.
 */
#ifndef USER_LIB_AIO_ABI_H
#define USER_LIB_AIO_ABI_H

#include <stdint.h>

struct aio_iocb {
	uint64_t data;
	uint32_t key;
	int rw_flags;
	uint16_t opcode;
	int16_t reqprio;
	uint32_t fd;
	uint64_t buf, nbytes;
	int64_t offset;
	uint64_t reserved2;
	uint32_t flags, resfd;
};

struct aio_event {
	uint64_t data, obj;
	int64_t res, res2;
};

#endif
