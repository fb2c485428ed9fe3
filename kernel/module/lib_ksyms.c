/*
 * The exports of lib/: the string, memory and formatting functions a
 * module may call (and that gcc itself calls for struct copies: memcpy,
 * memset). Linux puts EXPORT_SYMBOL beside each function in lib/; here
 * lib/ is freestanding and also built for the host tests, so it includes
 * no kernel header, and its exports are listed on the kernel's side.
 */
#include "kernel/module/module.h"
#include "lib/refcount.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(memchr);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strnlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(strrchr);
EXPORT_SYMBOL(strstr);
EXPORT_SYMBOL(strlcpy);
EXPORT_SYMBOL(strlcat);
EXPORT_SYMBOL(strscpy);
EXPORT_SYMBOL(kstrtoull);
EXPORT_SYMBOL(kstrtoll);
EXPORT_SYMBOL(kstrtouint);
EXPORT_SYMBOL(kstrtoint);

/* refcount_inc() and friends, inline, call it when a count saturates. */
EXPORT_SYMBOL(refcount_warn_saturate);

EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vscnprintf);
EXPORT_SYMBOL(scnprintf);
