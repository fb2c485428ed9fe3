/*
 * poweroff: flush the file systems and switch the machine off.
 *
 *   poweroff
 *
 * Destructive, so it refuses to run unless uname(2) says "Taskbase": run
 * as root on a Linux host it would really power the host off.
 *
 * System calls: uname, sync, reboot(LINUX_REBOOT_CMD_POWER_OFF), writev.
 */
#include <errno.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "ulib.h"

int main(void)
{
	if (!ulib_on_taskbase()) {
		ulib_err("poweroff", "not running on Taskbase, refusing");
		return 1;
	}
	sync();
	reboot(RB_POWER_OFF);
	ulib_err("poweroff", "reboot: %s", strerror(errno));
	return 1;
}
