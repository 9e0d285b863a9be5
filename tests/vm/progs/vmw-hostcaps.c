// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-hostcaps: what the host behind /dev/vmw_rpc offers, asked rather
 * than assumed, so that a test can check the behaviour that follows from
 * the answer instead of what one hypervisor happens to lack.
 *
 *   vmw-hostcaps [-d DEVICE] [--driver]
 *
 * Prints three lines:
 *   message_channel=yes|no     the host opens an RPCI channel
 *   high_bandwidth=yes|no|unknown
 *                              the host offers high bandwidth on it (the
 *                              HB bit of a SENDSIZE's status)
 *   probe=raw|driver           how it was asked
 *
 * The raw probe (needs a file opened with CAP_SYS_RAWIO, i.e. root, and
 * no kernel lockdown) goes straight to the backdoor through
 * VMW_RPC_IOC_BACKDOOR: MESSAGE OPEN of "RPCI" with the cookie flag (as
 * the driver opens), repeated after a checkpoint at most 3 times; when it
 * opened, a SENDSIZE of 1 byte for the HB bit, then CLOSE (nothing is
 * sent, so the host runs no command). When raw calls are refused (EPERM)
 * or with --driver, it asks the driver instead: VMW_RPC_IOC_CHAN_OPEN of
 * an RPCI channel, closed again if it opened; ECONNREFUSED is "no". That
 * says nothing about high bandwidth: "unknown" (no channel: "no").
 *
 * Exit status 0 with the answer; 2 when the device does not open; 3 when
 * the probe itself failed (an unexpected errno, or a channel that opened
 * but did not close), with one line on stderr.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

/* MESSAGE subcommands and status bits (ecx[31:16] of the answer). */
#define MSG_OPEN	0
#define MSG_SENDSIZE	1
#define MSG_CLOSE	6
#define ST_SUCCESS	0x0001
#define ST_CPT		0x0010
#define ST_HB		0x0080
#define FLAG_COOKIE	0x80000000U

static int fd;

/* One LB MESSAGE step; the status word, or -errno when the ioctl failed. */
static long msg(uint32_t sub, uint32_t ebx, uint32_t id, uint32_t esi,
		uint32_t edi, struct vmw_rpc_regs *out)
{
	struct vmw_rpc_backdoor bd;

	memset(&bd, 0, sizeof(bd));
	bd.mode = VMW_RPC_BDOOR_LB;
	bd.in.ebx = ebx;
	bd.in.ecx = (sub << 16) | VMW_RPC_BDOOR_CMD_MESSAGE;
	bd.in.edx = id << 16;
	bd.in.esi = esi;
	bd.in.edi = edi;
	if (ioctl(fd, VMW_RPC_IOC_BACKDOOR, &bd))
		return -errno;
	if (out)
		*out = bd.out;
	return bd.out.ecx >> 16;
}

static const char *yesno(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

static int answer(int mc, int hb, const char *probe)
{
	printf("message_channel=%s\nhigh_bandwidth=%s\nprobe=%s\n", yesno(mc),
	       yesno(mc ? hb : 0), probe);
	return fflush(stdout) ? 3 : 0;
}

static int probe_driver(void)
{
	struct vmw_rpc_chan_open op;
	struct vmw_rpc_chan_close cl;

	memset(&op, 0, sizeof(op));
	op.protocol = VMW_RPC_PROTO_RPCI;
	if (ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &op)) {
		if (errno == ECONNREFUSED)
			return answer(0, 0, "driver");
		fprintf(stderr, "vmw-hostcaps: CHAN_OPEN: %s (%s)\n",
			errname(errno), strerror(errno));
		return 3;
	}
	memset(&cl, 0, sizeof(cl));
	cl.handle = op.handle;
	if (ioctl(fd, VMW_RPC_IOC_CHAN_CLOSE, &cl)) {
		fprintf(stderr, "vmw-hostcaps: CHAN_CLOSE: %s (%s)\n",
			errname(errno), strerror(errno));
		return 3;
	}
	return answer(1, -1, "driver");
}

static int probe_raw(void)
{
	struct vmw_rpc_regs o;
	uint32_t id, esi, edi;
	long st;
	int hb, tries = 0;

	do
		st = msg(MSG_OPEN, VMW_RPC_PROTO_RPCI | FLAG_COOKIE, 0, 0, 0, &o);
	while (st >= 0 && !(st & ST_SUCCESS) && (st & ST_CPT) && tries++ < 3);
	if (st == -EPERM)
		return probe_driver();
	if (st < 0) {
		fprintf(stderr, "vmw-hostcaps: MESSAGE OPEN: %s (%s)\n",
			errname((int)-st), strerror((int)-st));
		return 3;
	}
	if (!(st & ST_SUCCESS))
		return answer(0, 0, "raw");
	id = o.edx >> 16;
	esi = o.esi;
	edi = o.edi;
	st = msg(MSG_SENDSIZE, 1, id, esi, edi, NULL);
	hb = st >= 0 && (st & ST_SUCCESS) && (st & ST_HB);
	st = msg(MSG_CLOSE, 0, id, esi, edi, NULL);
	if (st < 0 || !(st & ST_SUCCESS)) {
		fprintf(stderr, "vmw-hostcaps: MESSAGE CLOSE of channel %u: %s\n",
			id, st < 0 ? errname((int)-st) : "no success bit");
		return 3;
	}
	return answer(1, hb, "raw");
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/vmw_rpc";
	int i, driver = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			dev = argv[++i];
		} else if (!strcmp(argv[i], "--driver")) {
			driver = 1;
		} else {
			fprintf(stderr, "usage: vmw-hostcaps [-d DEVICE] [--driver]\n");
			return 64;
		}
	}
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vmw-hostcaps: open %s: %s (%s)\n", dev,
			errname(errno), strerror(errno));
		return 2;
	}
	return driver ? probe_driver() : probe_raw();
}
