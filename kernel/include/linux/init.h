/*
 * __init, __exit and module_init()/module_exit(), as Linux defines them for
 * a module. __init code and __initdata go to .init.text/.init.data, which
 * the loader frees once the module's init has returned; __exit code goes
 * to .exit.text. module_init(fn) makes the global symbol init_module an
 * alias of fn (module_exit: cleanup_module), and the build's foo.mod.c
 * points __this_module's init and exit at them (scripts/modpost.py).
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#define __init __attribute__((section(".init.text"), cold))
#define __initdata __attribute__((section(".init.data")))
#define __initconst __attribute__((section(".init.rodata")))
#define __exit __attribute__((section(".exit.text"), used, cold))
#define __exitdata __attribute__((section(".exit.data")))
#define __init_or_module
#define __ref
#define __refdata

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/* The module's init: run by init_module(2); 0 or a -errno refusing it. */
#define module_init(initfn)						\
	static inline initcall_t __maybe_unused __inittest(void)	\
	{ return initfn; }						\
	int init_module(void) __attribute__((copy(initfn), alias(#initfn)))

/* The module's exit: run by delete_module(2) (rmmod). */
#define module_exit(exitfn)						\
	static inline exitcall_t __maybe_unused __exittest(void)	\
	{ return exitfn; }						\
	void cleanup_module(void) __attribute__((copy(exitfn), alias(#exitfn)))

#endif
