// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-call-min COMMAND: the least a program can do for one RPCI command,
 * as the baseline of "make bench"'s start-up figure (vmw-bench-start):
 * linked dynamically against libc alone, it opens /dev/vmw_rpc, makes one
 * VMW_RPC_IOC_CALL and writes what vmw-rpctool writes (the text after
 * "1 " and a newline on stdout, exit 0; else exit 1). No library, no
 * diagnosis, no checks beyond the call's result.
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vmw_rpc.h>

static char reply[64 * 1024];

int main(int argc, char *argv[])
{
	struct vmw_rpc_call c;
	int fd;

	if (argc != 2)
		return 2;
	fd = open("/dev/vmw_rpc", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 1;
	memset(&c, 0, sizeof(c));
	c.request = (uintptr_t)argv[1];
	c.request_len = strlen(argv[1]);
	c.reply = (uintptr_t)reply;
	c.reply_len = sizeof(reply) - 1;
	if (ioctl(fd, VMW_RPC_IOC_CALL, &c) < 0 || c.reply_len < 2 ||
	    memcmp(reply, "1 ", 2))
		return 1;
	close(fd);
	reply[c.reply_len] = '\n';
	return write(1, reply + 2, c.reply_len - 1) == (ssize_t)c.reply_len - 1 ? 0 : 1;
}
