// SPDX-License-Identifier: GPL-2.0
/*
 * tclo-answer: play the guest side of TCLO (docs/protocol.md section 4) on a
 * channel of /dev/vmw_rpc, straight on the uapi header (no library).
 *
 *   tclo-answer [-d DEVICE] N
 *
 * Opens a TCLO channel and polls: send the answer to the previous command
 * (empty the first time and when idle), then receive the next command.
 * Answers "ping" with "OK ", "reset" with "OK ATR toolbox" and anything
 * else with "ERROR Unknown Command". Idle polls back off 10, 20, 40, 80,
 * 100 ms as open-vm-tools does. After N commands it sends the last
 * answer, closes the channel and exits 0. Prints one "COMMAND -> ANSWER"
 * line per command (non-printable bytes as \xHH).
 * Exits 1 when N commands did not come within 10 s of idle polling,
 * 2 when the device does not open, 3 when an ioctl fails (with
 * "tclo-answer: OP: ERRNAME" on stderr), 64 on a usage error.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

static int fd;
static uint32_t handle;

static void fail(const char *op)
{
	fprintf(stderr, "tclo-answer: %s: %s\n", op, errname(errno));
	exit(3);
}

static void send_msg(const char *s, size_t len)
{
	struct vmw_rpc_chan_msg m = {
		.handle = handle, .buf = (uintptr_t)s, .len = len,
	};

	if (ioctl(fd, VMW_RPC_IOC_CHAN_SEND, &m))
		fail("send");
}

static size_t recv_msg(char *buf, size_t size)
{
	struct vmw_rpc_chan_msg m = {
		.handle = handle, .buf = (uintptr_t)buf, .len = size,
	};

	if (ioctl(fd, VMW_RPC_IOC_CHAN_RECV, &m))
		fail("recv");
	return m.len;
}

static const char *answer(const char *cmd, size_t len)
{
	if (len == 4 && !memcmp(cmd, "ping", 4))
		return "OK ";
	if (len == 5 && !memcmp(cmd, "reset", 5))
		return "OK ATR toolbox";
	return "ERROR Unknown Command";
}

static void print_escaped(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

int main(int argc, char **argv)
{
	static const unsigned int backoff_ms[] = { 10, 20, 40, 80, 100 };
	const char *dev = "/dev/vmw_rpc";
	struct vmw_rpc_chan_open o = { .protocol = VMW_RPC_PROTO_TCLO };
	struct vmw_rpc_chan_close c = { 0 };
	static char cmd[65536];
	const char *ans = "";
	unsigned int idle = 0, idle_ms = 0, want, got = 0;
	char *end;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev = argv[2];
		i = 3;
	}
	if (argc - i != 1)
		goto usage;
	want = strtoul(argv[i], &end, 10);
	if (!*argv[i] || *end)
		goto usage;
	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tclo-answer: open %s: %s\n", dev,
			errname(errno));
		return 2;
	}
	if (ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &o))
		fail("chan_open");
	handle = o.handle;

	while (got < want) {
		size_t len;

		send_msg(ans, strlen(ans));
		len = recv_msg(cmd, sizeof(cmd));
		if (!len) {
			unsigned int ms = backoff_ms[idle < 4 ? idle : 4];

			ans = "";
			if (idle_ms >= 10000) {
				fprintf(stderr, "tclo-answer: %u of %u commands came\n",
					got, want);
				return 1;
			}
			idle++;
			idle_ms += ms;
			usleep(ms * 1000);
			continue;
		}
		idle = 0;
		ans = answer(cmd, len);
		print_escaped(cmd, len);
		printf(" -> %s\n", ans);
		got++;
	}
	/* The host records an answer when it arrives: send the last one. */
	send_msg(ans, strlen(ans));
	c.handle = handle;
	if (ioctl(fd, VMW_RPC_IOC_CHAN_CLOSE, &c))
		fail("chan_close");
	return 0;
usage:
	fprintf(stderr, "usage: tclo-answer [-d DEVICE] N\n");
	return 64;
}
