// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-pty PROGRAM [ARG...]: run PROGRAM with its stdout on a pseudo
 * terminal in raw mode (no \n -> \r\n), and copy what it writes there to
 * our stdout, byte for byte. Exit status: PROGRAM's, or 125 when the
 * terminal cannot be set up. For tests of "a newline only when stdout is
 * a terminal".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct termios tio;
	char buf[4096];
	int master, slave, status;
	pid_t pid;
	ssize_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: vmw-pty PROGRAM [ARG...]\n");
		return 125;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		perror("vmw-pty: posix_openpt");
		return 125;
	}
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0 || tcgetattr(slave, &tio)) {
		perror("vmw-pty: the slave");
		return 125;
	}
	cfmakeraw(&tio);
	if (tcsetattr(slave, TCSANOW, &tio)) {
		perror("vmw-pty: tcsetattr");
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		perror("vmw-pty: fork");
		return 125;
	}
	if (pid == 0) {
		if (dup2(slave, STDOUT_FILENO) < 0)
			_exit(125);
		execvp(argv[1], argv + 1);
		perror("vmw-pty: exec");
		_exit(127);
	}
	close(slave);
	/* EIO once the program's last copy of the slave is closed. */
	while ((n = read(master, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return 125;
	}
	if (fflush(stdout) || waitpid(pid, &status, 0) != pid)
		return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
