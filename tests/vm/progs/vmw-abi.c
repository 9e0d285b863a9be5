// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-abi: the ioctl ABI's refusals, straight on the uapi header.
 *
 *   VMW_MAX_RAW_HB=N vmw-abi [-d DEVICE]   (as root, on a QEMU guest)
 *
 * Prints TAP lines without numbers ("ok - ..."; the host renumbers) and
 * exits 1 when any failed. Every refusal is checked against a valid
 * baseline call, changing one field at a time, so that the errno is the
 * one of that field. The expected errnos are those the uapi header and
 * docs/driver.md promise: EFAULT for a bad pointer, EINVAL for non-zero
 * flags or reserved fields (for CALL: an unknown flag, the output bit
 * DELIVERED, a timeout without its flag or over its bound) and bad modes
 * or protocols, EMSGSIZE over a
 * limit, ENOTTY for other ioctls, ENOENT for an unknown handle.
 * Whether the host has a message channel is asked, not assumed
 * (vmw-hostcaps, which must be in PATH): without one, opening a channel
 * and a call are ECONNREFUSED (QEMU's vmport); with one, they succeed.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"
#include "tap.h"

static int dev;
static void *noaccess;	/* a PROT_NONE page */
static void *rdonly;	/* a PROT_READ page */
static struct vmw_rpc_info info;
static int host_channel;	/* the host has a message channel */


/* ioctl(dev, req, arg) must fail with errno @want. */
static void refused(unsigned long req, void *arg, int want, const char *what)
{
	int ret, e;

	errno = 0;
	ret = ioctl(dev, req, arg);
	e = errno;
	ok(ret == -1 && e == want, "%s: %s%s%s", what, errname(want),
	   ret == -1 && e == want ? "" : ", got ",
	   ret == -1 && e == want ? "" : (ret == -1 ? errname(e) : "success"));
}

static void succeeds(unsigned long req, void *arg, const char *what)
{
	int ret = ioctl(dev, req, arg);
	int e = errno;

	ok(ret == 0, "%s: succeeds%s%s", what, ret ? ", got " : "",
	   ret ? errname(e) : "");
}

/* A channel opens (a handle, never 0), and closes again. */
static void opened(struct vmw_rpc_chan_open *op, const char *what)
{
	struct vmw_rpc_chan_close cl;

	succeeds(VMW_RPC_IOC_CHAN_OPEN, op, what);
	if (!op->handle)
		return;
	memset(&cl, 0, sizeof(cl));
	cl.handle = op->handle;
	succeeds(VMW_RPC_IOC_CHAN_CLOSE, &cl, "CHAN_CLOSE of that channel");
	op->handle = 0;
}

/* Ask the host (vmw-hostcaps) whether it has a message channel. */
static void ask_host(const char *path)
{
	char cmd[512], line[128];
	int mc = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "vmw-hostcaps -d '%s'", path);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p)) {
		if (!strcmp(line, "message_channel=yes\n"))
			mc = 1;
		else if (!strcmp(line, "message_channel=no\n"))
			mc = 0;
	}
	ok(p && !pclose(p) && mc >= 0,
	   "vmw-hostcaps: %s", mc < 0 ? "no answer" :
	   mc ? "the host has a message channel" : "the host has no message channel");
	host_channel = mc == 1;
}

static struct vmw_rpc_backdoor lb_getversion(void)
{
	struct vmw_rpc_backdoor bd;

	memset(&bd, 0, sizeof(bd));
	bd.mode = VMW_RPC_BDOOR_LB;
	bd.in.ebx = ~VMW_RPC_BDOOR_MAGIC;
	bd.in.ecx = VMW_RPC_BDOOR_CMD_GETVERSION;
	return bd;
}

static void test_info_and_unknown(void)
{
	struct termios tio;
	char big[256];

	refused(VMW_RPC_IOC_INFO, NULL, EFAULT, "INFO, NULL struct pointer");
	refused(VMW_RPC_IOC_INFO, noaccess, EFAULT,
		"INFO, struct pointer to an inaccessible page");
	refused(VMW_RPC_IOC_INFO, rdonly, EFAULT,
		"INFO, struct pointer to a read-only page");
	refused(_IO(VMW_RPC_IOC_MAGIC, 0x7f), NULL, ENOTTY,
		"unknown ioctl _IO(0xD6, 0x7f)");
	refused(_IOWR(VMW_RPC_IOC_MAGIC, 0x01, char[64]), big, ENOTTY,
		"BACKDOOR's number with another size");
	refused(_IOR(VMW_RPC_IOC_MAGIC, 0x00, __u32), big, ENOTTY,
		"INFO's number with another size");
	refused(TCGETS, &tio, ENOTTY, "a terminal ioctl (TCGETS)");
}

static void test_backdoor(void)
{
	size_t pg = getpagesize();
	struct vmw_rpc_backdoor bd, *rob;
	unsigned char *buf;
	const char *want_hb;

	bd = lb_getversion();
	succeeds(VMW_RPC_IOC_BACKDOOR, &bd, "BACKDOOR baseline (LB GETVERSION)");
	ok(bd.out.eax == 6 && bd.out.ebx == VMW_RPC_BDOOR_MAGIC,
	   "BACKDOOR baseline answers version 6 and the magic (eax=%#x ebx=%#x)",
	   bd.out.eax, bd.out.ebx);

	refused(VMW_RPC_IOC_BACKDOOR, NULL, EFAULT, "BACKDOOR, NULL struct pointer");
	refused(VMW_RPC_IOC_BACKDOOR, noaccess, EFAULT,
		"BACKDOOR, struct pointer to an inaccessible page");
	/* Valid input in a read-only page: the result cannot be written back. */
	rob = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*rob = lb_getversion();
	mprotect(rob, pg, PROT_READ);
	refused(VMW_RPC_IOC_BACKDOOR, rob, EFAULT,
		"BACKDOOR, valid struct in a read-only page");
	munmap(rob, pg);

	bd = lb_getversion();
	bd.flags = 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, flags 0x1");
	bd = lb_getversion();
	bd.flags = 0x80000000;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, flags 0x80000000");
	bd = lb_getversion();
	bd.reserved = 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, reserved 1");
	bd = lb_getversion();
	bd.in.reserved = 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, in.reserved 1");
	bd = lb_getversion();
	bd.mode = 3;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, mode 3");
	bd = lb_getversion();
	bd.mode = 0xffffffff;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, mode 0xffffffff");
	bd = lb_getversion();
	bd.buf = (uintptr_t)&info;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, LB with a buffer");
	bd = lb_getversion();
	bd.buf_len = 4;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, LB with buf_len 4");
	bd = lb_getversion();
	bd.in.ebp = 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, LB with ebp 1");

	/* The driver's VMW_RAW_HB_MAX, passed in by 20-backdoor.t. */
	want_hb = getenv("VMW_MAX_RAW_HB");
	ok(want_hb && info.max_raw_hb == strtoul(want_hb, NULL, 0),
	   "INFO max_raw_hb is VMW_RAW_HB_MAX (%s; got %u)",
	   want_hb ? want_hb : "VMW_MAX_RAW_HB unset", info.max_raw_hb);
	buf = calloc(1, (size_t)info.max_raw_hb + 1);
	memset(&bd, 0, sizeof(bd));
	bd.mode = VMW_RPC_BDOOR_HB_OUT;
	bd.buf = (uintptr_t)buf;
	bd.buf_len = info.max_raw_hb + 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EMSGSIZE,
		"BACKDOOR, HB out with buf_len max_raw_hb + 1");
	bd.buf_len = 0xffffffff;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EMSGSIZE,
		"BACKDOOR, HB out with buf_len 0xffffffff");
	bd.mode = VMW_RPC_BDOOR_HB_IN;
	bd.buf_len = info.max_raw_hb + 1;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EMSGSIZE,
		"BACKDOOR, HB in with buf_len max_raw_hb + 1");
	bd.mode = VMW_RPC_BDOOR_HB_OUT;
	bd.buf_len = 16;
	bd.flags = 2;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EINVAL, "BACKDOOR, HB out with flags 0x2");
	bd.flags = 0;
	bd.buf = (uintptr_t)noaccess;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EFAULT,
		"BACKDOOR, HB out from an inaccessible buffer");
	bd.mode = VMW_RPC_BDOOR_HB_IN;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EFAULT,
		"BACKDOOR, HB in to an inaccessible buffer");
	bd.buf = (uintptr_t)rdonly;
	refused(VMW_RPC_IOC_BACKDOOR, &bd, EFAULT,
		"BACKDOOR, HB in to a read-only buffer");
	/*
	 * The limit itself is accepted: the host's answer (QEMU has nothing
	 * on port 0x5659; a host with a channel rejects channel 0 without
	 * its cookies) is data, not an errno.
	 */
	bd.mode = VMW_RPC_BDOOR_HB_OUT;
	bd.buf = (uintptr_t)buf;
	bd.buf_len = info.max_raw_hb;
	succeeds(VMW_RPC_IOC_BACKDOOR, &bd, "BACKDOOR, HB out of exactly max_raw_hb bytes");
	free(buf);
}

static void test_channels(void)
{
	struct vmw_rpc_chan_open op;
	struct vmw_rpc_chan_msg m;
	struct vmw_rpc_chan_close cl;
	char msg[] = "info-get guestinfo.vmw_rpc.test";
	char *big = calloc(1, (size_t)info.max_send + 1);

	memset(&op, 0, sizeof(op));
	op.protocol = VMW_RPC_PROTO_RPCI;
	refused(VMW_RPC_IOC_CHAN_OPEN, NULL, EFAULT, "CHAN_OPEN, NULL struct pointer");
	refused(VMW_RPC_IOC_CHAN_OPEN, noaccess, EFAULT,
		"CHAN_OPEN, struct pointer to an inaccessible page");
	op.flags = 1;
	refused(VMW_RPC_IOC_CHAN_OPEN, &op, EINVAL, "CHAN_OPEN, flags 0x1");
	op.flags = 0;
	op.reserved = 1;
	refused(VMW_RPC_IOC_CHAN_OPEN, &op, EINVAL, "CHAN_OPEN, reserved 1");
	op.reserved = 0;
	op.protocol = 0;
	refused(VMW_RPC_IOC_CHAN_OPEN, &op, EINVAL, "CHAN_OPEN, protocol 0");
	op.protocol = VMW_RPC_PROTO_RPCI | 0x80000000U;
	refused(VMW_RPC_IOC_CHAN_OPEN, &op, EINVAL,
		"CHAN_OPEN, protocol RPCI|0x80000000 (the cookie flag is the driver's)");
	op.protocol = VMW_RPC_PROTO_RPCI;
	if (host_channel) {
		opened(&op, "CHAN_OPEN RPCI (the host has a message channel)");
		op.protocol = VMW_RPC_PROTO_TCLO;
		op.handle = 0;
		opened(&op, "CHAN_OPEN TCLO as root (the host has a message channel)");
	} else {
		refused(VMW_RPC_IOC_CHAN_OPEN, &op, ECONNREFUSED,
			"CHAN_OPEN RPCI, the host has no message channel (QEMU)");
		op.protocol = VMW_RPC_PROTO_TCLO;
		op.handle = 0;
		refused(VMW_RPC_IOC_CHAN_OPEN, &op, ECONNREFUSED,
			"CHAN_OPEN TCLO as root, the host has no message channel (QEMU)");
	}

	memset(&m, 0, sizeof(m));
	m.handle = 12345;
	m.buf = (uintptr_t)msg;
	m.len = sizeof(msg) - 1;
	refused(VMW_RPC_IOC_CHAN_SEND, NULL, EFAULT, "CHAN_SEND, NULL struct pointer");
	refused(VMW_RPC_IOC_CHAN_SEND, &m, ENOENT, "CHAN_SEND, unknown handle");
	m.flags = 1;
	refused(VMW_RPC_IOC_CHAN_SEND, &m, EINVAL, "CHAN_SEND, flags 0x1");
	m.flags = 0;
	m.reserved = 1;
	refused(VMW_RPC_IOC_CHAN_SEND, &m, EINVAL, "CHAN_SEND, reserved 1");
	m.reserved = 0;
	m.buf = (uintptr_t)big;
	m.len = info.max_send + 1;
	refused(VMW_RPC_IOC_CHAN_SEND, &m, EMSGSIZE, "CHAN_SEND, len max_send + 1");
	m.buf = (uintptr_t)noaccess;
	m.len = 16;
	refused(VMW_RPC_IOC_CHAN_SEND, &m, EFAULT,
		"CHAN_SEND, message in an inaccessible page");

	memset(&m, 0, sizeof(m));
	m.handle = 12345;
	m.buf = (uintptr_t)big;
	m.len = 64;
	refused(VMW_RPC_IOC_CHAN_RECV, NULL, EFAULT, "CHAN_RECV, NULL struct pointer");
	refused(VMW_RPC_IOC_CHAN_RECV, &m, ENOENT, "CHAN_RECV, unknown handle");
	m.flags = 1;
	refused(VMW_RPC_IOC_CHAN_RECV, &m, EINVAL, "CHAN_RECV, flags 0x1");
	m.flags = 0;
	m.reserved = 1;
	refused(VMW_RPC_IOC_CHAN_RECV, &m, EINVAL, "CHAN_RECV, reserved 1");

	memset(&cl, 0, sizeof(cl));
	cl.handle = 12345;
	refused(VMW_RPC_IOC_CHAN_CLOSE, NULL, EFAULT, "CHAN_CLOSE, NULL struct pointer");
	refused(VMW_RPC_IOC_CHAN_CLOSE, &cl, ENOENT, "CHAN_CLOSE, unknown handle");
	cl.flags = 1;
	refused(VMW_RPC_IOC_CHAN_CLOSE, &cl, EINVAL, "CHAN_CLOSE, flags 0x1");
	free(big);
}

static void test_call(void)
{
	char req[] = "info-get guestinfo.vmw_rpc.test";
	struct vmw_rpc_call c, base;
	char reply[256];
	char *big = calloc(1, (size_t)info.max_send + 1);

	memset(&base, 0, sizeof(base));
	base.request = (uintptr_t)req;
	base.request_len = sizeof(req) - 1;
	base.reply = (uintptr_t)reply;
	base.reply_len = sizeof(reply);

	refused(VMW_RPC_IOC_CALL, NULL, EFAULT, "CALL, NULL struct pointer");
	refused(VMW_RPC_IOC_CALL, noaccess, EFAULT,
		"CALL, struct pointer to an inaccessible page");
	c = base;
	c.flags = 0x2;
	refused(VMW_RPC_IOC_CALL, &c, EINVAL, "CALL, flags 0x2 (unknown)");
	c = base;
	c.flags = VMW_RPC_CALL_DELIVERED;
	refused(VMW_RPC_IOC_CALL, &c, EINVAL, "CALL, the output bit DELIVERED as input");
	c = base;
	c.reserved = 1;
	refused(VMW_RPC_IOC_CALL, &c, EINVAL, "CALL, reserved (timeout_ms) 1 without TIMEOUT");
	c = base;
	c.flags = VMW_RPC_CALL_TIMEOUT;
	c.timeout_ms = VMW_RPC_CALL_TIMEOUT_MAX_MS + 1;
	refused(VMW_RPC_IOC_CALL, &c, EINVAL, "CALL, timeout over VMW_RPC_CALL_TIMEOUT_MAX_MS");
	c = base;
	c.request_len = 0;
	refused(VMW_RPC_IOC_CALL, &c, EINVAL, "CALL, empty request");
	c = base;
	c.request = (uintptr_t)big;
	c.request_len = info.max_send + 1;
	refused(VMW_RPC_IOC_CALL, &c, EMSGSIZE, "CALL, request_len max_send + 1");
	c = base;
	c.request = (uintptr_t)noaccess;
	refused(VMW_RPC_IOC_CALL, &c, EFAULT, "CALL, request in an inaccessible page");
	c = base;
	if (host_channel) {
		succeeds(VMW_RPC_IOC_CALL, &c, "CALL (the host has a message channel)");
		ok(c.reply_len >= 2 && (!memcmp(reply, "1 ", 2) || !memcmp(reply, "0 ", 2)),
		   "CALL: the reply starts with the host's \"1 \" or \"0 \" (len %u)",
		   c.reply_len);
		ok(c.flags == VMW_RPC_CALL_DELIVERED,
		   "CALL: flags come back as DELIVERED (0x%x)", c.flags);
		c = base;
		c.flags = VMW_RPC_CALL_TIMEOUT;
		c.timeout_ms = 1000;
		succeeds(VMW_RPC_IOC_CALL, &c, "CALL with a 1000 ms timeout");
		ok(c.flags == (VMW_RPC_CALL_TIMEOUT | VMW_RPC_CALL_DELIVERED),
		   "CALL with a timeout: TIMEOUT kept, DELIVERED added (0x%x)", c.flags);
	} else {
		refused(VMW_RPC_IOC_CALL, &c, ECONNREFUSED,
			"CALL, the host has no message channel (QEMU)");
		ok(c.flags == 0, "CALL refused: not DELIVERED, the struct as it was (0x%x)",
		   c.flags);
	}
	free(big);
}

int main(int argc, char **argv)
{
	const char *path = argc > 2 && !strcmp(argv[1], "-d") ? argv[2] :
			   "/dev/vmw_rpc";
	size_t pg = getpagesize();

	dev = open(path, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		ok(0, "open %s: %s", path, errname(errno));
		return 1;
	}
	noaccess = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rdonly = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (noaccess == MAP_FAILED || rdonly == MAP_FAILED) {
		ok(0, "mmap: %s", errname(errno));
		return 1;
	}
	succeeds(VMW_RPC_IOC_INFO, &info, "INFO");
	ask_host(path);

	test_info_and_unknown();
	test_backdoor();
	test_channels();
	test_call();

	succeeds(VMW_RPC_IOC_INFO, &info, "INFO still works after all of the above");
	close(dev);
	return tap_status();
}
