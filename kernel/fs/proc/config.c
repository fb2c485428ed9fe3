/*
 * /proc/config.gz: the configuration this kernel was built with, as
 * Linux's CONFIG_IKCONFIG_PROC (kernel/configs.c). The build gzips the
 * tree's .config (the options whose features Taskbase has, in Linux's
 * form; the debug kernel adds its tools' options) and this file carries
 * the result whole: `zcat /proc/config.gz | grep NS=` in the guest, and
 * programs that check for a kernel option (LTP's tst_kconfig) read it as
 * they read Linux's.
 */
#include "kernel/fs/proc/internal.h"

/*
 * The gzipped text, placed by the assembler from the file the Makefile
 * names in CONFIG_DATA_GZ ($(O)/config_data.gz), as Linux does with
 * .incbin; the Makefile makes this object depend on that file.
 */
extern const char kernel_config_data[], kernel_config_data_end[];
asm(".pushsection .rodata, \"a\"\n"
    ".globl kernel_config_data\n"
    "kernel_config_data:\n"
    ".incbin \"" CONFIG_DATA_GZ "\"\n"
    ".globl kernel_config_data_end\n"
    "kernel_config_data_end:\n"
    ".popsection\n");

int proc_config_gz_show(struct seq_buf *m, void *pi)
{
	seq_write(m, kernel_config_data,
		  kernel_config_data_end - kernel_config_data);
	return 0;
}
