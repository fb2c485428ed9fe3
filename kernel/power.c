/*
 * Power off and restart (Linux's kernel/reboot.c): the log line Linux
 * prints, then the arch's way; and reboot(2), which asks for them.
 */
#include "kernel/power.h"
#include "asm/reboot.h"
#include "kernel/cred.h"
#include "kernel/printk/printk.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

unsigned int ctrl_alt_del_reboots = 1;	/* Linux's default C_A_D */

void kernel_power_off(void)
{
	pr_emerg("reboot: Power down\n");
	arch_power_off();
}

void kernel_restart(void)
{
	pr_emerg("reboot: Restarting system\n");
	arch_restart();
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

/* Linux's second magic numbers: Linus Torvalds' birthday and his
 * daughters' (as hexadecimal dates). */
static bool reboot_magic2(u32 magic2)
{
	return magic2 == 0x28121969 || magic2 == 0x05121996 ||
	       magic2 == 0x16041998 || magic2 == 0x20112000;
}

/* reboot(2): power off, halt or restart (never returns), or set what
 * Ctrl-Alt-Del does. Root only (CAP_SYS_BOOT), both magic numbers. */
long sys_reboot(u32 magic1, u32 magic2, u32 cmd, void __user *arg)
{
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1 || !reboot_magic2(magic2))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		WRITE_ONCE(ctrl_alt_del_reboots, cmd == LINUX_REBOOT_CMD_CAD_ON);
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		kernel_power_off();
	case LINUX_REBOOT_CMD_RESTART:
		kernel_restart();
	default:
		return -EINVAL;
	}
}
