/*
 * seq_file, as a module's /proc file uses it: single_open(file, show,
 * data), .proc_read = seq_read, .proc_lseek = seq_lseek, .proc_release =
 * single_release, and show(m, v) printing with seq_printf(), seq_puts(),
 * seq_putc(), seq_write(); m->private is single_open()'s data
 * (kernel/fs/seq_file.h). The printing functions are the kernel's own,
 * on the struct seq_buf that opens struct seq_file.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/fs.h>
#include "kernel/fs/seq_file.h"

#define seq_printf(m, ...) seq_printf(&(m)->buf, __VA_ARGS__)
#define seq_puts(m, s) seq_puts(&(m)->buf, s)
#define seq_putc(m, c) seq_putc(&(m)->buf, c)
#define seq_write(m, data, len) seq_write(&(m)->buf, data, len)

#endif
