/* Rate-limited printing: the printk_ratelimited() family (linux/printk.h). */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H

#include <linux/printk.h>

#endif
