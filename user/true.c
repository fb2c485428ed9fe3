/*
 * true: exit with status 0, doing nothing.
 *
 * System calls: only musl's start-up (arch_prctl, set_tid_address) and
 * exit_group. The smallest possible test of execve and exit.
 */
int main(void)
{
	return 0;
}
