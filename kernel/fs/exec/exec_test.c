/*
 * Self-tests for execve's loader: a program's text is its file's own
 * pages (the root file system is page-backed), one physical frame shared
 * by every process that runs it; a copy of the program in tmpfs (not
 * page-backed) gets private pages.
 * Each exec runs in a kernel thread of its own that becomes a process
 * (init_user_task(), kernel_execve()), looks at its new page tables
 * without ever returning to user mode, and exits.
 */
#include "asm/pgtable.h"
#include "asm/vdso.h"
#include "kernel/fs/exec/exec.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/task.h"
#include "kernel/fs/vfs_test.h"
#include "kernel/sched/wait.h"
#include "lib/err.h"
#include "lib/string.h"

#define KT_TRUE_TMP "/tmp/kt-true"

/* What one exec'd process saw of its text, for the test to check. */
struct kt_exec {
	const char *path;
	long err;			/* kernel_execve()'s */
	struct page *text;		/* at the start of its code */
	u64 pte;
	u32 text_count;			/* page_count(text) then */
	u64 rss, rss_file;
	struct completion seen;		/* the fields above are filled */
	struct completion go;		/* the test lets it exit */
};

static int kt_exec_thread(void *arg)
{
	struct kt_exec *e = arg;
	const char *argv[] = { e->path, NULL };
	struct mm_struct *mm;
	u64 *pte;

	e->err = init_user_task() ?: kernel_execve(e->path, argv, NULL);
	mm = current->mm;
	if (!e->err) {
		pte = user_pte(mm->pgd, mm->start_code, false);
		e->pte = pte ? *pte : 0;
		e->text = pte_present(e->pte) ? pte_page(e->pte) : NULL;
		e->text_count = e->text ? page_count(e->text) : 0;
		e->rss = mm->rss;
		e->rss_file = mm->rss_file;
	}
	complete(&e->seen);
	wait_for_completion(&e->go);
	return 0;
}

/* Exec @e->path in a new thread and wait until it has looked. */
static pid_t kt_exec_start(struct kt_exec *e, const char *path)
{
	pid_t pid;

	memset(e, 0, sizeof(*e));
	e->path = path;
	init_completion(&e->seen);
	init_completion(&e->go);
	pid = kernel_thread(kt_exec_thread, e, "ktest-exec", 0);
	if (pid > 0)
		wait_for_completion(&e->seen);
	return pid;
}

static void kt_exec_end(struct kt_exec *e, pid_t pid)
{
	complete(&e->go);
	if (pid > 0)
		kernel_wait(pid, NULL);
}

/* Copy /bin/true into tmpfs, executable. */
static bool kt_copy_true(void)
{
	struct file *in = filp_open("/bin/true", O_RDONLY, 0);
	struct file *out = do_filp_open(NULL, KT_TRUE_TMP,
					O_CREAT | O_WRONLY | O_TRUNC, 0755);
	static char buf[4096];
	bool ok = !IS_ERR(in) && !IS_ERR(out);
	long n;

	while (ok && (n = kernel_read(in, buf, sizeof(buf))) > 0)
		ok = kernel_write(out, buf, n) == n;
	if (!IS_ERR(in))
		fput(in);
	if (!IS_ERR(out))
		fput(out);
	return ok;
}

KTEST(exec_maps_text_from_the_files_pages)
{
	struct kt_exec a, b;
	pid_t pa, pb;

	vfs_test_init();
	pa = kt_exec_start(&a, "/bin/true");
	pb = kt_exec_start(&b, "/bin/true");
	KT_EXPECT(t, pa > 0 && pb > 0 && a.err == 0 && b.err == 0);
	KT_EXPECT(t, a.text && a.text == b.text);	/* one frame */
	KT_EXPECT(t, a.text && !PageAnon(a.text));
	KT_EXPECT(t, !(a.pte & _PAGE_RW) && !(b.pte & _PAGE_RW));
	/* The file system's reference, a's and b's. */
	KT_EXPECTF(t, b.text_count == 3, "page_count %u", b.text_count);
	KT_EXPECT(t, a.rss_file > vdso_mapped_pages() && a.rss_file < a.rss);
	KT_EXPECT(t, a.rss_file == b.rss_file);
	kt_exec_end(&b, pb);
	kt_exec_end(&a, pa);
	KT_EXPECT(t, a.text && page_count(a.text) == 1);
}

KTEST(exec_copies_a_tmpfs_program)
{
	struct vfs_test_env env;
	struct kt_exec a, b;
	pid_t pa, pb;

	vfs_test_enter(&env);
	KT_EXPECT(t, kt_copy_true());
	pa = kt_exec_start(&a, KT_TRUE_TMP);
	pb = kt_exec_start(&b, KT_TRUE_TMP);
	KT_EXPECT(t, pa > 0 && pb > 0 && a.err == 0 && b.err == 0);
	KT_EXPECT(t, a.text && b.text && a.text != b.text);
	KT_EXPECT(t, a.text && PageAnon(a.text) && a.text_count == 1);
	/* No file pages but the vDSO's. */
	KT_EXPECT(t, a.rss > 0 && a.rss_file == vdso_mapped_pages() &&
		  b.rss_file == vdso_mapped_pages());
	kt_exec_end(&b, pb);
	kt_exec_end(&a, pa);
	vfs_unlink(NULL, KT_TRUE_TMP, false);
	vfs_test_leave(&env);
}
