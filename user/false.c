/*
 * false: exit with status 1, doing nothing.
 *
 * System calls: only musl's start-up (arch_prctl, set_tid_address) and
 * exit_group. The shell sees the 1 through wait4's status word.
 */
int main(void)
{
	return 1;
}
