// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-insmod: load a module with exactly one finit_module() call.
 *
 *   vmw-insmod FILE [PARAM=VALUE...]
 *
 * busybox insmod retries a failed finit_module() with init_module(), so
 * a refused module would run its init (and log) twice; tests that count
 * log lines need one attempt. On failure prints
 * "vmw-insmod: FILE: <strerror> (errno N)" and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t len = 1;
	char *params;
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: vmw-insmod FILE [PARAM=VALUE...]\n");
		return 2;
	}
	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	params = calloc(1, len);
	if (!params)
		return 2;
	for (i = 2; i < argc; i++) {
		if (i > 2)
			strcat(params, " ");
		strcat(params, argv[i]);
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vmw-insmod: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (syscall(SYS_finit_module, fd, params, 0)) {
		int e = errno;

		fprintf(stderr, "vmw-insmod: %s: %s (errno %d)\n", argv[1],
			strerror(e), e);
		return 1;
	}
	return 0;
}
