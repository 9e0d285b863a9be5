// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-chan: channel and one-shot ioctls of /dev/vmw_rpc, straight on the
 * uapi header (no library), one operation per argument word, in order:
 *
 *   vmw-chan [-d DEVICE] OP...
 *
 *   open rpci|tclo   VMW_RPC_IOC_CHAN_OPEN on the current file; the new
 *                    handle becomes the current channel
 *   send TEXT        VMW_RPC_IOC_CHAN_SEND of TEXT on the current channel
 *   recv             VMW_RPC_IOC_CHAN_RECV on the current channel
 *   call TEXT        VMW_RPC_IOC_CALL (the driver's pool)
 *   close            VMW_RPC_IOC_CHAN_CLOSE of the current channel
 *   fill             open RPCI channels on the current file until refused
 *   newfd            open the device once more; later operations use the
 *                    new file (the earlier ones stay open)
 *   wait PATH        block until PATH exists (to hold channels meanwhile)
 *   peek             VMW_RPC_IOC_CHAN_RECV into a 1-byte buffer: a longer
 *                    reply is kept by the driver ("peek: ENOBUFS N", N the
 *                    size it needs)
 *   raw              VMW_RPC_IOC_BACKDOOR, GETVERSION, low bandwidth
 *   setuid UID       become UID (gid UID, groups UID and 990), losing every
 *                    capability; the open files stay open
 *   capdrop          drop CAP_SYS_ADMIN and CAP_SYS_RAWIO from the
 *                    effective set (they stay permitted)
 *   capraise         raise them again
 *
 * TEXT takes C escapes: \n \t \\ \0 and \xHH, so a command can carry a
 * NUL or a newline. Each operation prints one line:
 *   "open: ok", "send: ok", "close: ok", "newfd: ok", "wait: ok",
 *   "recv: REPLY", "call: REPLY" (REPLY escaped the same way),
 *   "fill: N ERRNAME" (N channels opened, then the refusal),
 *   or "OP: ERRNAME" when the ioctl failed.
 * Exit status 0 when the operations ran (whatever the ioctls said), 2 when
 * the device does not open, 64 on a usage error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

#define BUF_SIZE (1U << 20)

static const char *dev = "/dev/vmw_rpc";
static unsigned char buf[BUF_SIZE];

static void usage(void)
{
	fprintf(stderr, "usage: vmw-chan [-d DEVICE] OP...   (see the source)\n");
	exit(64);
}

static int open_dev(void)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		printf("open %s: %s\n", dev, errname(errno));
		exit(2);
	}
	return fd;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode TEXT's escapes into out (at least strlen(s) bytes). */
static size_t unescape(const char *s, unsigned char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\') {
			out[n++] = (unsigned char)*s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case '0': out[n++] = '\0'; s++; break;
		case '\\': out[n++] = '\\'; s++; break;
		case 'x':
			if (hexval(s[1]) < 0 || hexval(s[2]) < 0)
				usage();
			out[n++] = (unsigned char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 3;
			break;
		default:
			usage();
		}
	}
	return n;
}

/* Set the effective capabilities to the permitted ones, less CAP_SYS_ADMIN
 * and CAP_SYS_RAWIO unless @keep. No libcap: the raw syscalls. */
static int caps_effective(int keep)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	int i;

	if (syscall(SYS_capget, &h, d))
		return -1;
	for (i = 0; i < 2; i++)
		d[i].effective = d[i].permitted;
	if (!keep) {
		d[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
		d[CAP_TO_INDEX(CAP_SYS_RAWIO)].effective &= ~CAP_TO_MASK(CAP_SYS_RAWIO);
	}
	return syscall(SYS_capset, &h, d);
}

static int become(const char *arg)
{
	char *end;
	unsigned long id = strtoul(arg, &end, 10);
	gid_t groups[2];

	if (!*arg || *end || id == 0 || id > 65535)
		usage();
	groups[0] = id;
	groups[1] = 990;	/* vmwrpc in the vm tier's /etc/group */
	if (setgroups(2, groups) || setresgid(id, id, id) || setresuid(id, id, id))
		return -1;
	return 0;
}

static void print_reply(const char *op, const unsigned char *p, size_t len)
{
	size_t i;

	printf("%s: ", op);
	for (i = 0; i < len; i++) {
		if (p[i] == '\\')
			printf("\\\\");
		else if (p[i] == '\n')
			printf("\\n");
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			putchar(p[i]);
		else
			printf("\\x%02x", p[i]);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	static unsigned char msg[65536 + 1];
	uint32_t handle = 0;
	int fd, i = 1;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev = argv[2];
		i = 3;
	}
	if (i >= argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open_dev();

	for (; i < argc; i++) {
		const char *op = argv[i];
		const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
		int ret = 0;

		if (!strcmp(op, "open")) {
			struct vmw_rpc_chan_open o = { 0 };

			if (!arg)
				usage();
			i++;
			if (!strcmp(arg, "rpci"))
				o.protocol = VMW_RPC_PROTO_RPCI;
			else if (!strcmp(arg, "tclo"))
				o.protocol = VMW_RPC_PROTO_TCLO;
			else
				usage();
			ret = ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &o);
			if (!ret)
				handle = o.handle;
		} else if (!strcmp(op, "send")) {
			struct vmw_rpc_chan_msg m = { 0 };

			if (!arg || strlen(arg) >= sizeof(msg))
				usage();
			i++;
			m.handle = handle;
			m.len = unescape(arg, msg);
			m.buf = (uintptr_t)msg;
			ret = ioctl(fd, VMW_RPC_IOC_CHAN_SEND, &m);
		} else if (!strcmp(op, "recv")) {
			struct vmw_rpc_chan_msg m = { 0 };

			m.handle = handle;
			m.buf = (uintptr_t)buf;
			m.len = sizeof(buf);
			ret = ioctl(fd, VMW_RPC_IOC_CHAN_RECV, &m);
			if (!ret) {
				print_reply(op, buf, m.len);
				continue;
			}
		} else if (!strcmp(op, "call")) {
			struct vmw_rpc_call c = { 0 };

			if (!arg || strlen(arg) >= sizeof(msg))
				usage();
			i++;
			c.request = (uintptr_t)msg;
			c.request_len = unescape(arg, msg);
			c.reply = (uintptr_t)buf;
			c.reply_len = sizeof(buf);
			ret = ioctl(fd, VMW_RPC_IOC_CALL, &c);
			if (!ret) {
				print_reply(op, buf, c.reply_len);
				continue;
			}
		} else if (!strcmp(op, "close")) {
			struct vmw_rpc_chan_close c = { .handle = handle };

			ret = ioctl(fd, VMW_RPC_IOC_CHAN_CLOSE, &c);
		} else if (!strcmp(op, "fill")) {
			unsigned int n = 0;

			for (;;) {
				struct vmw_rpc_chan_open o = {
					.protocol = VMW_RPC_PROTO_RPCI,
				};

				if (ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &o))
					break;
				handle = o.handle;
				n++;
			}
			printf("fill: %u %s\n", n, errname(errno));
			continue;
		} else if (!strcmp(op, "peek")) {
			struct vmw_rpc_chan_msg m = { 0 };

			m.handle = handle;
			m.buf = (uintptr_t)buf;
			m.len = 1;
			ret = ioctl(fd, VMW_RPC_IOC_CHAN_RECV, &m);
			if (ret && errno == ENOBUFS) {
				printf("peek: ENOBUFS %u\n", m.len);
				continue;
			}
			if (!ret) {
				print_reply(op, buf, m.len);
				continue;
			}
		} else if (!strcmp(op, "raw")) {
			struct vmw_rpc_backdoor bd = { 0 };

			bd.mode = VMW_RPC_BDOOR_LB;
			bd.in.ecx = VMW_RPC_BDOOR_CMD_GETVERSION;
			ret = ioctl(fd, VMW_RPC_IOC_BACKDOOR, &bd);
		} else if (!strcmp(op, "setuid")) {
			if (!arg)
				usage();
			i++;
			ret = become(arg);
		} else if (!strcmp(op, "capdrop")) {
			ret = caps_effective(0);
		} else if (!strcmp(op, "capraise")) {
			ret = caps_effective(1);
		} else if (!strcmp(op, "newfd")) {
			fd = open_dev();
		} else if (!strcmp(op, "wait")) {
			if (!arg)
				usage();
			i++;
			while (access(arg, F_OK))
				usleep(20000);
		} else {
			usage();
		}
		if (ret)
			printf("%s: %s\n", op, errname(errno));
		else
			printf("%s: ok\n", op);
	}
	return 0;
}
