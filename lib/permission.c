/*
 * mode_permission(): see lib/permission.h. The owner class is decided
 * first and alone, so an owner without a bit is refused even when the
 * group or others have it, as on Linux. Root's overrides: directories may
 * always be read and searched, and written with CAP_DAC_OVERRIDE; other
 * files read and written, and executed when any execute bit is set.
 */
#include "lib/permission.h"
#include "lib/errno.h"

#define MODE_IFMT 0170000
#define MODE_IFDIR 0040000
#define MODE_IXUGO 0000111

/* The owner/group/others check alone: 0 or -EACCES. */
static int acl_permission_check(u32 mode, u32 owner,
				const struct perm_asker *who, int mask)
{
	if (who->uid == owner)
		mode >>= 6;
	else if (who->in_group)
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

int mode_permission(u32 mode, u32 owner, const struct perm_asker *who,
		    int mask)
{
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!acl_permission_check(mode, owner, who, mask))
		return 0;
	if ((mode & MODE_IFMT) == MODE_IFDIR) {
		if (!(mask & MAY_WRITE) && who->dac_read_search)
			return 0;
		return who->dac_override ? 0 : -EACCES;
	}
	if (mask == MAY_READ && who->dac_read_search)
		return 0;
	if (!(mask & MAY_EXEC) || (mode & MODE_IXUGO))
		return who->dac_override ? 0 : -EACCES;
	return -EACCES;
}
