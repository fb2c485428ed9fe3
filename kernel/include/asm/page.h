/* PAGE_SIZE, PAGE_SHIFT and the address conversions (asm/io.h). */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <asm/io.h>

#endif
