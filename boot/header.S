/*
 * Boot headers: how loaders find Taskbase's 32-bit entry points.
 *
 * - The multiboot2 header (GRUB's `multiboot2` command; checked by
 *   `grub-file --is-x86-multiboot2`). GRUB enters at the ELF entry point,
 *   multiboot2_entry, with EAX = 0x36d76289 and EBX = the info structure.
 * - A Xen PVH ELF note (XEN_ELFNOTE_PHYS32_ENTRY), which is how QEMU's
 *   `-kernel` starts a 64-bit ELF directly: it enters pvh_entry with EBX =
 *   a struct hvm_start_info. Tests use this path; it skips the firmware and
 *   GRUB and boots several times faster.
 * There is deliberately no multiboot1 header: QEMU would then refuse the
 * ELF64 image instead of looking for the PVH note.
 */

#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_TAG_END 0
#define MB2_TAG_MODULE_ALIGN 6
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/* Page-align modules: the initramfs is then mapped without copying. */
	.balign 8
	.short MB2_TAG_MODULE_ALIGN
	.short 0
	.long 8

	.balign 8
	.short MB2_TAG_END
	.short 0
	.long 8
mb2_header_end:

	.section .note.Xen, "a"
	.balign 4
	.long 4				/* namesz: "Xen\0" */
	.long 8				/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad pvh_entry			/* physical: the boot code runs there */
