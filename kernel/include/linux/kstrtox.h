/* kstrtoint() and friends: strings to numbers, 0 or -EINVAL/-ERANGE. */
#ifndef _LINUX_KSTRTOX_H
#define _LINUX_KSTRTOX_H

#include "lib/string.h"

static inline int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	return kstrtoull(s, base, (u64 *)res);
}

static inline int kstrtol(const char *s, unsigned int base, long *res)
{
	return kstrtoll(s, base, (s64 *)res);
}

#endif
