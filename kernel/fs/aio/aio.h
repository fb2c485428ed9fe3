/*
 * Linux's native asynchronous I/O (fs/aio.c): the io_* system calls
 * (kernel/fs/aio/aio.c) and the limits /proc/sys/fs shows of them.
 */
#ifndef KERNEL_FS_AIO_AIO_H
#define KERNEL_FS_AIO_AIO_H

#include "kernel/uaccess.h"
#include "lib/types.h"

/* /proc/sys/fs/aio-nr: the events of every live context, counted as
 * io_setup asked for them; aio-max-nr: the most io_setup lets it reach
 * (EAGAIN past it). */
extern unsigned long aio_nr, aio_max_nr;

struct iocb;
struct io_event;
struct timespec;
struct __aio_sigset;

long sys_io_setup(unsigned int nr_events, u64 __user *ctxp);
long sys_io_destroy(u64 ctx);
long sys_io_submit(u64 ctx, long nr, struct iocb __user *__user *iocbpp);
long sys_io_cancel(u64 ctx, struct iocb __user *iocb,
		   struct io_event __user *result);
long sys_io_getevents(u64 ctx, long min_nr, long nr,
		      struct io_event __user *events,
		      struct timespec __user *timeout);
long sys_io_pgetevents(u64 ctx, long min_nr, long nr,
		       struct io_event __user *events,
		       struct timespec __user *timeout,
		       const struct __aio_sigset __user *usig);

#endif
