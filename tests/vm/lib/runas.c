// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-runas: run a program with another identity, in the test guest.
 *
 *   vmw-runas UID GID GROUPS PROGRAM [ARG...]
 *
 * GROUPS is a comma-separated list of supplementary group ids, or "-"
 * for none. Numeric ids only: the guest has no NSS. The capability sets
 * are dropped by the kernel at the setuid() to a non-zero uid.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end) {
		fprintf(stderr, "vmw-runas: bad number '%s'\n", s);
		exit(127);
	}
	return v;
}

int main(int argc, char **argv)
{
	gid_t groups[32];
	size_t n = 0;
	uid_t uid;
	gid_t gid;

	if (argc < 5) {
		fprintf(stderr, "usage: vmw-runas UID GID GROUPS|- PROGRAM [ARG...]\n");
		return 127;
	}
	uid = num(argv[1]);
	gid = num(argv[2]);
	if (strcmp(argv[3], "-")) {
		char *list = strdup(argv[3]), *tok, *save = NULL;

		for (tok = strtok_r(list, ",", &save); tok && n < 32;
		     tok = strtok_r(NULL, ",", &save))
			groups[n++] = num(tok);
	}
	if (setgroups(n, groups) || setgid(gid) || setuid(uid)) {
		perror("vmw-runas");
		return 127;
	}
	execvp(argv[4], argv + 4);
	fprintf(stderr, "vmw-runas: %s: %s\n", argv[4], strerror(errno));
	return 127;
}
