/*
 * The empty symbol table of the first link pass (see scripts/kallsyms.py).
 *
 *   extern const u64 kallsyms_num;               (kernel/kallsyms.h)
 *   extern const u64 kallsyms_addresses[];
 *   extern const u32 kallsyms_sizes[];
 *   extern const u32 kallsyms_offsets[];
 *   extern const char kallsyms_names[];
 *
 * The same symbols as the generated table, with kallsyms_num = 0, so that
 * pass 1 links and every lookup in it finds nothing.
 */
	.section .kallsyms, "a"
	.balign 8
	.globl kallsyms_num
	.type kallsyms_num, @object
kallsyms_num:
	.quad 0
	.size kallsyms_num, . - kallsyms_num

	.globl kallsyms_addresses, kallsyms_sizes, kallsyms_offsets
	.globl kallsyms_names
	.type kallsyms_addresses, @object
	.type kallsyms_sizes, @object
	.type kallsyms_offsets, @object
	.type kallsyms_names, @object
kallsyms_addresses:
kallsyms_sizes:
kallsyms_offsets:
kallsyms_names:
	.byte 0

	.section .note.GNU-stack, "", @progbits
