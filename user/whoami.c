/*
 * whoami: print the name of the effective user (/etc/passwd), or its
 * number when it has no name.
 *
 * System calls: geteuid, open/read (/etc/passwd), write.
 */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw)
		printf("%s\n", pw->pw_name);
	else
		printf("%u\n", (unsigned)geteuid());
	return 0;
}
