/*
 * sysinfo: print what sysinfo(2) says: uptime, the number of tasks, and
 * total and free memory in 4 KiB pages. The robustness tests compare
 * these before and after a fuzz, bomb or soak run: the task count must
 * come back and the free pages return to within a few.
 *
 *   sysinfo
 *
 *   uptime:    12 s
 *   procs:     5
 *   totalram:  63276 pages
 *   freeram:   60512 pages
 */
#include <stdio.h>
#include <sys/sysinfo.h>

#define PAGE 4096ull

int main(int argc, char **argv)
{
	struct sysinfo si;

	if (argc > 1) {
		fprintf(stderr, "usage: %s (no arguments)\n", argv[0]);
		return 2;
	}
	if (sysinfo(&si) < 0) {
		perror("sysinfo");
		return 1;
	}
	printf("uptime:    %ld s\n", si.uptime);
	printf("procs:     %u\n", si.procs);
	printf("totalram:  %llu pages\n",
	       (unsigned long long)si.totalram * si.mem_unit / PAGE);
	printf("freeram:   %llu pages\n",
	       (unsigned long long)si.freeram * si.mem_unit / PAGE);
	return 0;
}
