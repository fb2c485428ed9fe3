/*
 * The vDSO image (arch/x86_64/vdso/, built as vdso.so), embedded in the
 * kernel; vdso_init() copies it into the pages every process maps.
 */
	.section .rodata
	.balign 4096
	.globl vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin "vdso.so"
vdso_image_end:
