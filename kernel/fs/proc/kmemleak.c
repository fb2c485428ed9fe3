/*
 * /proc/kmemleak (CONFIG_DEBUG_KMEMLEAK), Linux's
 * /sys/kernel/debug/kmemleak: reading lists the suspected leaks of
 * kernel/mm/kmemleak.c's last scans in Linux's format (the address and
 * size, the allocating task and time, the first bytes, the allocating
 * stack); writing "scan" runs a scan, "scan=off", "scan=on" or
 * "scan=<secs>" stops, starts or times the periodic one, "clear" forgets
 * the leaks listed.
 */
#ifdef CONFIG_DEBUG_KMEMLEAK

#include "kernel/fs/proc/internal.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/string.h"

/* "    6b 6d 65 ...  kme...": 16 bytes a row, as print_hex_dump(). */
static void show_hex(struct seq_buf *m, const u8 *p, size_t len)
{
	for (size_t row = 0; row < len; row += 16) {
		size_t n = MIN(len - row, (size_t)16);

		seq_puts(m, "    ");
		for (size_t i = 0; i < n; i++)
			seq_printf(m, "%02x%s", p[row + i], i + 1 < n ? " " : "");
		seq_printf(m, "%*s  ", (int)(16 - n) * 3, "");
		for (size_t i = 0; i < n; i++) {
			u8 ch = p[row + i];

			seq_putc(m, ch >= 0x20 && ch < 0x7f ? ch : '.');
		}
		seq_putc(m, '\n');
	}
}

static void show_leak(struct seq_buf *m, const struct kmemleak_leak *l)
{
	u64 msecs = (jiffies - l->jiffies) * 1000 / HZ;

	seq_printf(m, "unreferenced object 0x%lx (size %zu):\n",
		   (unsigned long)l->ptr, l->size);
	seq_printf(m, "  comm \"%s\", pid %d, jiffies %lu (age %lu.%03lus)\n",
		   l->comm, l->pid, (unsigned long)l->jiffies,
		   (unsigned long)(msecs / 1000), (unsigned long)(msecs % 1000));
	seq_printf(m, "  hex dump (first %zu bytes):\n", l->hex_len);
	show_hex(m, l->hex, l->hex_len);
	seq_puts(m, "  backtrace:\n");
	for (int i = 0; i < l->trace_len; i++)
		seq_printf(m, "    [<%016lx>] %pS\n", (unsigned long)l->trace[i],
			   (void *)l->trace[i]);
}

int proc_kmemleak_show(struct seq_buf *m, void *pi)
{
	struct kmemleak_leak leak;
	u64 pos = 0;

	while (kmemleak_next_leak(&pos, &leak))
		show_leak(m, &leak);
	return 0;
}

/* "scan", "scan=on|off|<secs>" (the periodic scan) or "clear"; EPERM
 * but for "clear" once kmemleak is off, as Linux's kmemleak_write(). */
int proc_kmemleak_store(void *pi, const char *buf, size_t len)
{
	if (!kmemleak_enabled() && strcmp(buf, "clear"))
		return -EPERM;
	if (!strncmp(buf, "scan=", 5))
		return kmemleak_set_scan(buf + 5);
	if (!strcmp(buf, "scan"))
		kmemleak_scan();
	else if (!strcmp(buf, "clear"))
		kmemleak_clear();
	else
		return -EINVAL;
	return 0;
}

#endif
