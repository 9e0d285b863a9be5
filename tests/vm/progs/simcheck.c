// SPDX-License-Identifier: GPL-2.0
/*
 * simcheck: drive the channel engine of vmw_rpc.ko against the simulated
 * host (vmw_rpc_sim.ko) through the ioctls, controlling the host through
 * simctl.h, and print TAP. Run as root in a `tests/vm/run --sim`
 * guest. Usage: simcheck [-v]   (-v prints the trace of one info-get)
 *               simcheck hold N SECS   (hold N channels for SECS seconds)
 *               simcheck crowded N     (64 x 200 calls while holding N)
 *               simcheck bench [N]     (counts per command and times, see
 *                                       bench(); N commands per time, 1000)
 *               simcheck bench-trace [N]  (only the tracing cost and the
 *                                       events per pooled call)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "simctl.h"
#include "tap.h"

static int verbose;
static int dev;

/* One-shot call; returns 0 or -errno, *len in/out. */
static int call(const void *req, size_t req_len, void *reply, size_t *len)
{
	struct vmw_rpc_call c = {
		.request = (uintptr_t)req, .reply = (uintptr_t)reply,
		.request_len = req_len, .reply_len = *len,
	};

	if (ioctl(dev, VMW_RPC_IOC_CALL, &c))
		return -errno;
	*len = c.reply_len;
	return 0;
}

static int chan_open(int fd, uint32_t proto)
{
	struct vmw_rpc_chan_open o = { .protocol = proto };

	if (ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &o))
		return -errno;
	return o.handle;
}

static int chan_send(int fd, int h, const void *buf, size_t len)
{
	struct vmw_rpc_chan_msg m = {
		.handle = h, .buf = (uintptr_t)buf, .len = len,
	};

	return ioctl(fd, VMW_RPC_IOC_CHAN_SEND, &m) ? -errno : 0;
}

static int chan_recv(int fd, int h, void *buf, size_t *len)
{
	struct vmw_rpc_chan_msg m = {
		.handle = h, .buf = (uintptr_t)buf, .len = *len,
	};
	int ret = ioctl(fd, VMW_RPC_IOC_CHAN_RECV, &m) ? -errno : 0;

	*len = m.len;
	return ret;
}

static int chan_close(int fd, int h)
{
	struct vmw_rpc_chan_close c = { .handle = h };

	return ioctl(fd, VMW_RPC_IOC_CHAN_CLOSE, &c) ? -errno : 0;
}

static void fill(unsigned char *p, size_t len, unsigned int seed_)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (i * 7 + seed_) & 0xff;	/* NUL bytes included */
}

static unsigned char big[(1 << 20) + 64], big2[(2 << 20)];

/* Send @msg on a fresh channel, receive into big2; -errno or reply len. */
static long roundtrip(const void *msg, size_t len)
{
	size_t rlen = sizeof(big2);
	int h, ret;

	h = chan_open(dev, VMW_RPC_PROTO_RPCI);
	if (h < 0)
		return h;
	ret = chan_send(dev, h, msg, len);
	if (!ret)
		ret = chan_recv(dev, h, big2, &rlen);
	chan_close(dev, h);
	return ret ? ret : (long)rlen;
}

static void test_basic(void)
{
	unsigned char reply[64], val[64];
	static const char bin[] = "info-set guestinfo.bin a\0b c\n\0";
	size_t len = sizeof(reply);
	ssize_t n;

	len = sizeof(reply);
	ok(!call("info-set guestinfo.k v", 22, reply, &len) && len == 2 &&
	   !memcmp(reply, "1 ", 2), "call: info-set guestinfo.k v -> \"1 \"");
	len = sizeof(reply);
	ok(!call("info-get guestinfo.k", 20, reply, &len) && len == 3 &&
	   !memcmp(reply, "1 v", 3), "call: info-get guestinfo.k -> \"1 v\"");
	len = sizeof(reply);
	ok(!call("info-get guestinfo.nokey", 24, reply, &len) && len == 16 &&
	   !memcmp(reply, "0 No value found", 16), "call: unset key -> \"0 No value found\"");
	len = sizeof(reply);
	ok(!call("bogus", 5, reply, &len) && len == 17 &&
	   !memcmp(reply, "0 Unknown command", 17), "call: unknown -> \"0 Unknown command\"");
	len = sizeof(reply);
	ok(!call(bin, sizeof(bin) - 1, reply, &len) && len == 2,
	   "call: info-set with NUL bytes in the value");
	len = sizeof(reply);
	ok(!call("info-get guestinfo.bin", 22, reply, &len) && len == 9 &&
	   !memcmp(reply, "1 a\0b c\n\0", 9), "call: info-get returns the NUL bytes");
	n = simctl_guestinfo_get("bin", val, sizeof(val));
	ok(n == 7 && !memcmp(val, "a\0b c\n\0", 7), "debugfs value matches (%zd)", n);
	len = sizeof(reply);
	ok(!call("log hello sim", 13, reply, &len) && len == 2, "call: log");
	n = simctl_log_read(val, sizeof(val));
	ok(n == 10 && !memcmp(val, "hello sim\n", 10), "debugfs log has the text");
}

static const size_t sizes[] = {
	0, 1, 2, 3, 4, 5, 4095, 4096, 4097, 65535, 65536
};

#define SET_HEAD "info-set guestinfo.m "

/* The driver's max_reply, as VMW_RPC_IOC_INFO reports it (0: unknown). */
static size_t max_reply(void)
{
	struct vmw_rpc_info i = { 0 };

	return ioctl(dev, VMW_RPC_IOC_INFO, &i) ? 0 : i.max_reply;
}

static void test_sizes(int hb)
{
	size_t head = strlen(SET_HEAD), i, mr;
	long long hbs, hbr;
	long r;

	simctl_set_hb(hb);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];

		/* A message of n bytes. */
		hbs = simctl_counter("calls.hb-send");
		if (n > head) {
			memcpy(big, SET_HEAD, head);
			fill(big + head, n - head, n);
			r = roundtrip(big, n);
			ok(r == 2 && !memcmp(big2, "1 ", 2),
			   "hb=%d send %zu bytes: reply \"1 \" (%ld)", hb, n, r);
			r = simctl_guestinfo_get("m", big2, sizeof(big2));
			ok(r == (long)(n - head) && !memcmp(big2, big + head, r),
			   "hb=%d send %zu bytes: host got them all (%ld)", hb, n, r);
		} else {
			memset(big, 'x', n);
			r = roundtrip(big, n);
			ok(r == 17 && !memcmp(big2, "0 Unknown command", 17),
			   "hb=%d send %zu bytes: \"0 Unknown command\" (%ld)", hb, n, r);
		}
		ok((simctl_counter("calls.hb-send") > hbs) == (hb && n),
		   "hb=%d send %zu bytes: high bandwidth used iff offered", hb, n);

		/* A reply of n bytes (n >= 2: "1 " + a value of n - 2). */
		if (n < 2)
			continue;
		fill(big, n - 2, n + 1);
		if (simctl_guestinfo_set("r", big, n - 2) && n > 2) {
			ok(0, "seed a value of %zu bytes", n - 2);
			continue;
		}
		if (n == 2)
			simctl_guestinfo_set("r", "", 0);
		hbr = simctl_counter("calls.hb-recv");
		r = roundtrip("info-get guestinfo.r", 20);
		ok(r == (long)n && !memcmp(big2, "1 ", 2) &&
		   !memcmp(big2 + 2, big, n - 2),
		   "hb=%d reply of %zu bytes (%ld)", hb, n, r);
		ok((simctl_counter("calls.hb-recv") > hbr) == (hb && n),
		   "hb=%d reply %zu bytes: high bandwidth used iff offered", hb, n);
	}

	/* Replies of max_reply bytes, as the driver reports it, and over. */
	mr = max_reply();
	ok(mr > 2 && mr <= sizeof(big) && mr + 2 <= sizeof(big2),
	   "max_reply %zu fits this program's buffers", mr);
	if (mr > 2 && mr <= sizeof(big) && mr + 2 <= sizeof(big2)) {
		fill(big, mr - 2, 3);
		ok(!simctl_guestinfo_set("huge", big, mr - 2),
		   "seed a max_reply - 2 value (%zu bytes)", mr - 2);
		r = roundtrip("info-get guestinfo.huge", 23);
		ok(r == (long)mr && !memcmp(big2 + 2, big, r - 2),
		   "hb=%d reply of max_reply (%ld)", hb, r);
		{
			size_t len = sizeof(big2);
			int ret = call("info-get guestinfo.huge", 23, big2, &len);

			ok(!ret && len == mr && !memcmp(big2 + 2, big, len - 2),
			   "hb=%d call: reply of max_reply (%d)", hb, ret);
		}
		ok(!simctl_guestinfo_set("huge", big, mr), "seed a max_reply value");
		r = roundtrip("info-get guestinfo.huge", 23);
		ok(r == -EFBIG, "hb=%d reply of max_reply + 2: EFBIG (%ld)", hb, r);
		simctl_guestinfo_delete("huge");
	}

	/* TCLO: a 1-byte command for the guest. */
	{
		size_t len = sizeof(big2);
		int h = chan_open(dev, VMW_RPC_PROTO_TCLO), ret;

		simctl_tclo_queue("x", 1);
		ret = chan_send(dev, h, "", 0);
		if (!ret)
			ret = chan_recv(dev, h, big2, &len);
		ok(!ret && len == 1 && big2[0] == 'x', "hb=%d tclo: reply of 1 byte (%d)", hb, ret);
		ret = chan_send(dev, h, "OK ", 3);
		len = sizeof(big2);
		if (!ret)
			ret = chan_recv(dev, h, big2, &len);
		ok(!ret && len == 0, "hb=%d tclo: idle poll, no command (%d)", hb, ret);
		if (chan_close(dev, h))
			tap_fail_diag("hb=%d tclo: closing the channel failed", hb);
		len = simctl_tclo_answers(big2, 100);
		ok(len == 6 && !memcmp(big2, "x\tOK \n", 6),
		   "hb=%d tclo: answer recorded", hb);
		simctl_tclo_answers_clear();
	}
}

static const enum simctl_step cpt_steps[] = {
	SIMCTL_OPEN, SIMCTL_SENDSIZE, SIMCTL_SENDPAYLOAD, SIMCTL_HB_SEND,
	SIMCTL_RECVSIZE, SIMCTL_RECVPAYLOAD, SIMCTL_HB_RECV, SIMCTL_RECVSTATUS,
};

static void test_cpt(void)
{
	char cmd[64], faults[256];
	size_t i;
	long r;

	fill(big, 100, 9);
	simctl_guestinfo_set("c", big, 100);
	for (i = 0; i < sizeof(cpt_steps) / sizeof(cpt_steps[0]); i++) {
		enum simctl_step step = cpt_steps[i];
		const char *s = simctl_step_names[step];
		int payload = step == SIMCTL_SENDPAYLOAD ||
			      step == SIMCTL_RECVPAYLOAD;
		int hb = step == SIMCTL_HB_SEND || step == SIMCTL_HB_RECV ||
			 (!payload && (i % 2));

		simctl_set_hb(hb);
		/* The 2nd payload step of a call, else the 1st call of s. */
		snprintf(cmd, sizeof(cmd), "cpt %s %d 1", s, payload ? 2 : 1);
		ok(!simctl_fault_cpt(step, payload ? 2 : 1, 1), "arm %s (hb=%d)",
		   cmd, hb);
		r = roundtrip("info-get guestinfo.c", 20);
		ok(r == 102 && !memcmp(big2 + 2, big, 100),
		   "one CPT at %s: the call succeeds after a restart (%ld)", s, r);
		r = simctl_faults_read(faults, sizeof(faults));
		ok(r == 0, "the CPT at %s was used", s);

		simctl_fault_cpt(step, 1, 4);
		r = roundtrip("info-get guestinfo.c", 20);
		ok(r == -EAGAIN, "4 CPTs at %s: EAGAIN (%ld)", s, r);
		simctl_faults_clear();
		r = roundtrip("info-get guestinfo.c", 20);
		ok(r == 102, "after the CPTs at %s the host works (%ld)", s, r);
	}
	simctl_set_hb(1);
}

static void test_garbage(void)
{
	size_t len;
	int h, ret;
	long r;

	simctl_guestinfo_set("g", "val", 3);
	simctl_fault_garbage(SIMCTL_G_RECVSIZE_TYPE, 1, 0);
	r = roundtrip("info-get guestinfo.g", 20);
	ok(r == -EPROTO, "wrong edx type in RECVSIZE: EPROTO (%ld)", r);
	simctl_set_hb(0);
	simctl_fault_garbage(SIMCTL_G_RECVPAYLOAD_TYPE, 1, 0);
	r = roundtrip("info-get guestinfo.g", 20);
	ok(r == -EPROTO, "wrong edx type in RECVPAYLOAD: EPROTO (%ld)", r);
	simctl_set_hb(1);
	simctl_fault_garbage(SIMCTL_G_OVERSIZE, 1, 2147483647);
	r = roundtrip("info-get guestinfo.g", 20);
	ok(r == -EFBIG, "oversized reply length: EFBIG (%ld)", r);
	simctl_fault_garbage(SIMCTL_G_BAD_REPLY, 1, 0);
	len = sizeof(big2);
	ret = call("info-get guestinfo.g", 20, big2, &len);
	ok(ret == -EBADMSG, "reply without \"1 \"/\"0 \": EBADMSG (%d)", ret);
	simctl_fault_garbage(SIMCTL_G_SHORT_REPLY, 1, 0);
	len = sizeof(big2);
	ret = call("info-get guestinfo.g", 20, big2, &len);
	ok(ret == -EBADMSG, "1-byte reply: EBADMSG (%d)", ret);
	r = roundtrip("info-get guestinfo.g", 20);
	ok(r == 5, "then the host works (%ld)", r);

	simctl_refuse_open(1);
	r = chan_open(dev, VMW_RPC_PROTO_RPCI);
	ok(r == -ECONNREFUSED, "host refuses opens: ECONNREFUSED (%ld)", r);
	simctl_refuse_open(0);

	h = chan_open(dev, VMW_RPC_PROTO_RPCI);
	ret = chan_send(dev, h, "info-get guestinfo.g", 20);
	simctl_close_channel(-1);
	len = sizeof(big2);
	ret = ret ? ret : chan_recv(dev, h, big2, &len);
	ok(ret == -ECONNRESET, "host closed the channel: ECONNRESET (%d)", ret);
	ret = chan_send(dev, h, "info-get guestinfo.g", 20);
	ok(ret == -ENOTCONN, "then the channel is closed: ENOTCONN (%d)", ret);
	chan_close(dev, h);
	len = sizeof(big2);
	ret = call("info-get guestinfo.g", 20, big2, &len);
	ok(!ret && len == 5, "call reopens a pooled channel the host closed (%d)", ret);

	/* Too small a buffer: ENOBUFS with the size, then the reply. */
	h = chan_open(dev, VMW_RPC_PROTO_RPCI);
	ret = chan_send(dev, h, "info-get guestinfo.g", 20);
	len = 2;
	ret = ret ? ret : chan_recv(dev, h, big2, &len);
	ok(ret == -ENOBUFS && len == 5, "small buffer: ENOBUFS, size 5 (%d, %zu)", ret, len);
	len = sizeof(big2);
	ret = chan_recv(dev, h, big2, &len);
	ok(!ret && len == 5 && !memcmp(big2, "1 val", 5), "then the same reply in full");
	chan_close(dev, h);
}

static void test_concurrency(void)
{
	int i, status, bad = 0, err[256] = { 0 };
	pid_t pid;

	simctl_counters_clear();
	simctl_trace_enable(0);
	simctl_guestinfo_set("p", "pval", 4);
	for (i = 0; i < 64; i++) {
		pid = fork();
		if (pid == 0) {
			char reply[64];
			int j, fails = 0;

			for (j = 0; j < 200; j++) {
				size_t len = sizeof(reply);
				int ret = call("info-get guestinfo.p", 20, reply, &len);

				if (ret || len != 6 || memcmp(reply, "1 pval", 6))
					fails = ret < 0 && ret > -255 ? -ret : 255;
			}
			_exit(fails);
		}
	}
	while ((pid = wait(&status)) > 0) {
		bad += !WIFEXITED(status) || WEXITSTATUS(status);
		if (WIFEXITED(status))
			err[WEXITSTATUS(status)]++;
	}
	for (i = 1; i < 256; i++)
		if (err[i])
			printf("# %d processes failed with %s\n", err[i],
			       i < 255 ? strerror(i) : "a wrong reply");
	ok(!bad, "64 processes x 200 calls, every one answered (%d bad)", bad);
	ok(simctl_counter("peak_channels") <= 8, "peak channels %lld <= 8",
	   simctl_counter("peak_channels"));
	simctl_trace_enable(1);
}

static void test_kill(void)
{
	long long before = simctl_nr_channels();
	pid_t pid;
	int status;

	simctl_set_hb(0);
	fill(big, 65536, 1);
	memcpy(big, "log ", 4);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/vmw_rpc", O_RDWR), h[3], i;

		for (i = 0; i < 3; i++)
			h[i] = chan_open(fd, VMW_RPC_PROTO_RPCI);
		for (;;)
			for (i = 0; i < 3; i++)
				chan_send(fd, h[i], big, 65536);
	}
	usleep(300000);
	ok(simctl_nr_channels() >= before + 3, "child holds 3 channels (%lld)", simctl_nr_channels());
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	ok(simctl_nr_channels() == before, "killed mid-transfer: no channel left (%lld, was %lld)",
	   simctl_nr_channels(), before);
	simctl_set_hb(1);
}

/* One raw LB call; returns ecx[31:16] (the status) or -errno. */
static long raw(uint32_t ebx, uint32_t ecx, uint32_t edx, uint32_t esi,
		uint32_t edi, struct vmw_rpc_regs *out)
{
	struct vmw_rpc_backdoor bd = {
		.mode = VMW_RPC_BDOOR_LB,
		.in = { .ebx = ebx, .ecx = ecx, .edx = edx, .esi = esi, .edi = edi },
	};

	if (ioctl(dev, VMW_RPC_IOC_BACKDOOR, &bd))
		return -errno;
	if (out)
		*out = bd.out;
	return bd.out.ecx >> 16;
}

#define MSG(sub) (((sub) << 16) | VMW_RPC_BDOOR_CMD_MESSAGE)

static void test_raw(void)
{
	struct vmw_rpc_regs o, op;
	uint32_t id;
	long st;

	st = raw(~VMW_RPC_BDOOR_MAGIC, VMW_RPC_BDOOR_CMD_GETVERSION, 0, 0, 0, &o);
	ok(st >= 0 && o.ebx == VMW_RPC_BDOOR_MAGIC && o.eax == 6,
	   "raw GETVERSION passes through to QEMU (eax=%u)", o.eax);
	ok(simctl_counter("calls.passthrough") >= 1, "counted as passthrough");
	st = raw(VMW_RPC_PROTO_RPCI | 0x80000000U, MSG(0), 0, 0, 0, &op);
	ok(st == 1, "raw OPEN with cookies: SUCCESS (%ld)", st);
	id = op.edx & 0xffff0000U;
	st = raw(5, MSG(1), id, op.esi ^ 1, op.edi, NULL);
	ok(st == 0, "SENDSIZE with a wrong cookie: status 0 (%ld)", st);
	st = raw(65537, MSG(1), id, op.esi, op.edi, NULL);
	ok(st == 0, "SENDSIZE of 64 KiB + 1: status 0 (%ld)", st);
	st = raw(65536, MSG(1), id, op.esi, op.edi, NULL);
	ok(st & 1, "SENDSIZE of 64 KiB: SUCCESS (%ld)", st);
	st = raw(0, MSG(9), id, op.esi, op.edi, NULL);
	ok(st == 0, "unknown subcommand: status 0 (%ld)", st);
	st = raw(0, MSG(3), id, op.esi, op.edi, &o);
	ok(st == 1, "RECVSIZE with nothing waiting: SUCCESS, no DORECV (%ld)", st);
	st = raw(0, MSG(5), id, op.esi, op.edi, NULL);
	ok(st == 0, "RECVSTATUS with nothing waiting: status 0 (%ld)", st);
	st = raw(0, MSG(6), id, op.esi, op.edi, NULL);
	ok(st == 1, "CLOSE: SUCCESS (%ld)", st);
	st = raw(0, MSG(6), id, op.esi, op.edi, NULL);
	ok(st == 0, "CLOSE again: status 0 (%ld)", st);
}

/*
 * The trace of one guestinfo get, checked register by register against
 * the tables of docs/protocol.md section 2 (not against the driver's code).
 */
struct tline {
	char step[32];
	uint32_t in[7], out[6];		/* eax ebx ecx edx esi edi (ebp) */
};

/* Read "eax=… ebx=…" after @tag in @line into @v[0..n-1]; 0 or -1. */
static int parse_regs(const char *line, const char *tag, uint32_t *v, int n)
{
	static const char *const rn[] = { "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp" };
	const char *p = strstr(line, tag);
	char key[8];
	int r;

	for (r = 0; p && r < n; r++) {
		snprintf(key, sizeof(key), "%s=", rn[r]);
		p = strstr(p, key);
		if (p)
			v[r] = strtoul(p + 4, NULL, 16);
	}
	return p ? 0 : -1;
}

static int parse_trace(struct tline *t, int max)
{
	static char tr[65536];
	ssize_t n = simctl_trace_read(tr, sizeof(tr) - 1);
	char *line, *save;
	int i = 0;

	tr[n > 0 ? n : 0] = 0;
	for (line = strtok_r(tr, "\n", &save); line && i < max;
	     line = strtok_r(NULL, "\n", &save), i++) {
		if (verbose)
			printf("# %s\n", line);
		memset(&t[i], 0, sizeof(t[i]));
		if (sscanf(line, "%*u %31s", t[i].step) != 1 ||
		    parse_regs(line, " in ", t[i].in, 7) ||
		    parse_regs(line, " out ", t[i].out, 6))
			return -1;
	}
	return i;
}

#define MAGIC 0x564d5868u
#define LBPORT 0x5658u
#define HBPORT 0x5659u
#define ST_SUCCESS 0x01u
#define ST_DORECV 0x02u
#define ST_HB 0x80u

static void test_trace_one(int hb)
{
	static const char cmd[] = "info-get guestinfo.t";	/* 20 bytes */
	static const char reply[] = "1 tv";
	struct tline t[32];
	uint32_t id, hi, lo, word;
	char got[64] = "";
	unsigned int sent = 0;
	int n, i = 0, good;

	simctl_set_hb(hb);
	simctl_guestinfo_set("t", "tv", 2);
	simctl_trace_clear();
	ok(roundtrip(cmd, 20) == 4, "hb=%d trace: an info-get answered", hb);
	n = parse_trace(t, 32);
	ok(n == (hb ? 7 : 11), "hb=%d trace: %d calls (open, size, %s, recvsize, %s, recvstatus, close)",
	   hb, n, hb ? "1 hb-send" : "5 sendpayload", hb ? "1 hb-recv" : "1 recvpayload");
	if (n != (hb ? 7 : 11))
		return;

	/* OPEN: ebx = RPCI | COOKIE; id in edx[31:16], cookies esi/edi. */
	ok(!strcmp(t[0].step, "open") && t[0].in[0] == MAGIC &&
	   t[0].in[1] == (0x49435052u | 0x80000000u) && t[0].in[2] == 30 &&
	   (t[0].in[3] & 0xffff) == LBPORT && (t[0].out[2] >> 16) & ST_SUCCESS,
	   "hb=%d trace: OPEN eax=MAGIC ebx=RPCI|COOKIE ecx=30 dx=0x5658, SUCCESS", hb);
	id = t[0].out[3] >> 16;
	hi = t[0].out[4];
	lo = t[0].out[5];
	/* Every LB step: edx = id << 16 | port, esi = high, edi = low. */
#define LBSTEP(l, sub) ((l).in[0] == MAGIC && (l).in[2] == ((sub) << 16 | 30) && \
			(l).in[3] == (id << 16 | LBPORT) && (l).in[4] == hi && \
			(l).in[5] == lo && ((l).out[2] >> 16) & ST_SUCCESS)
	i = 1;
	ok(!strcmp(t[i].step, "sendsize") && LBSTEP(t[i], 1) && t[i].in[1] == 20 &&
	   !!((t[i].out[2] >> 16) & ST_HB) == hb,
	   "hb=%d trace: SENDSIZE ebx=20, channel id and cookies, SUCCESS%s", hb,
	   hb ? "|HB" : " without HB");
	i++;
	if (hb) {
		ok(!strcmp(t[i].step, "hb-send") && t[i].in[0] == MAGIC &&
		   t[i].in[1] == ST_SUCCESS << 16 && t[i].in[2] == 20 &&
		   t[i].in[3] == (id << 16 | HBPORT) && t[i].in[5] == lo &&
		   t[i].in[6] == hi && (t[i].out[1] >> 16) & ST_SUCCESS,
		   "hb=%d trace: HB send ebx=SUCCESS<<16 ecx=20 dx=0x5659 edi=low ebp=high", hb);
		i++;
	} else {
		good = 1;
		for (; i < 7; i++) {
			good &= !strcmp(t[i].step, "sendpayload") && LBSTEP(t[i], 2);
			word = t[i].in[1];
			memcpy(got + sent, &word, 4);	/* x86: little-endian */
			sent += 4;
		}
		ok(good && !memcmp(got, cmd, 20),
		   "hb=%d trace: 5 SENDPAYLOADs carry the command 4 bytes each, little-endian", hb);
	}
	ok(!strcmp(t[i].step, "recvsize") && LBSTEP(t[i], 3) &&
	   ((t[i].out[2] >> 16) & ST_DORECV) && t[i].out[3] >> 16 == 1 &&
	   t[i].out[1] == 4,
	   "hb=%d trace: RECVSIZE: SUCCESS|DORECV, edx[31:16]=1, ebx=4", hb);
	i++;
	if (hb) {
		ok(!strcmp(t[i].step, "hb-recv") && t[i].in[1] == ST_SUCCESS << 16 &&
		   t[i].in[2] == 4 && t[i].in[3] == (id << 16 | HBPORT) &&
		   t[i].in[4] == hi && t[i].in[6] == lo &&
		   (t[i].out[1] >> 16) & ST_SUCCESS,
		   "hb=%d trace: HB receive ebx=SUCCESS<<16 ecx=4 dx=0x5659 esi=high ebp=low", hb);
	} else {
		word = t[i].out[1];
		ok(!strcmp(t[i].step, "recvpayload") && LBSTEP(t[i], 4) &&
		   t[i].in[1] == ST_SUCCESS && t[i].out[3] >> 16 == 2 &&
		   !memcmp(&word, reply, 4),
		   "hb=%d trace: RECVPAYLOAD ebx=SUCCESS: edx[31:16]=2, ebx=\"1 tv\"", hb);
	}
	i++;
	ok(!strcmp(t[i].step, "recvstatus") && LBSTEP(t[i], 5) &&
	   t[i].in[1] == ST_SUCCESS,
	   "hb=%d trace: RECVSTATUS ebx=SUCCESS (the ack)", hb);
	i++;
	ok(!strcmp(t[i].step, "close") && LBSTEP(t[i], 6),
	   "hb=%d trace: CLOSE with id and cookies, SUCCESS", hb);
#undef LBSTEP
}

static void test_trace(void)
{
	test_trace_one(1);
	test_trace_one(0);
	simctl_set_hb(1);
}

/* Message-channel calls (command 30) the host has seen since the reset. */
static long long host_calls(void)
{
	static const char *const steps[] = {
		"open", "sendsize", "sendpayload", "hb-send", "recvsize",
		"recvpayload", "hb-recv", "recvstatus", "close", "bad",
	};
	long long n = 0, c;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "calls.%s", steps[i]);
		c = simctl_counter(name);
		if (c < 0)
			return -1;
		n += c;
	}
	return n;
}

#define BENCH_REPS	4

/*
 * Backdoor calls per command for @reps runs of @req: on the driver's
 * pooled channels (VMW_RPC_IOC_CALL, warmed up first) when @pooled, else
 * on a channel opened and closed per command as open-vm-tools does.
 * -1 when a command fails or its reply is not @want_len bytes.
 */
static double bench_one(const void *req, size_t req_len, size_t want_len,
			int pooled)
{
	size_t len;
	int i;

	len = sizeof(big2);
	if (pooled && call(req, req_len, big2, &len))
		return -1;
	simctl_counters_clear();
	for (i = 0; i < BENCH_REPS; i++) {
		len = sizeof(big2);
		if (pooled ? call(req, req_len, big2, &len) :
			     (long)(len = roundtrip(req, req_len)) < 0)
			return -1;
		if (len != want_len)
			return -1;
	}
	return (double)host_calls() / BENCH_REPS;
}

/* ---- times: each figure from this program's own clock ---- */

#define BENCH_CMD	"info-get guestinfo.p"
#define BENCH_REPLY	"1 pval"

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int op_pooled(void)
{
	size_t len = sizeof(big2);

	return call(BENCH_CMD, strlen(BENCH_CMD), big2, &len) ||
	       len != strlen(BENCH_REPLY);
}

/* The way open-vm-tools' rpctool works: a fresh channel per command. */
static int op_fresh(void)
{
	return roundtrip(BENCH_CMD, strlen(BENCH_CMD)) !=
	       (long)strlen(BENCH_REPLY);
}

static int op_info(void)
{
	struct vmw_rpc_info i;

	return ioctl(dev, VMW_RPC_IOC_INFO, &i);
}

static unsigned int pool_size(void)
{
	struct vmw_rpc_info i = { 0 };

	return ioctl(dev, VMW_RPC_IOC_INFO, &i) ? 0 : i.pool_size;
}

/* GETVERSION through the driver (the sim passes it to QEMU's vmport). */
static int op_raw(void)
{
	struct vmw_rpc_regs o = { 0 };

	return raw(~VMW_RPC_BDOOR_MAGIC, VMW_RPC_BDOOR_CMD_GETVERSION, 0, 0, 0,
		   &o) < 0 || o.ebx != VMW_RPC_BDOOR_MAGIC;
}

/* GETVERSION from userspace itself: inl on the port after iopl(3). */
static int op_in(void)
{
	uint32_t a = VMW_RPC_BDOOR_MAGIC, b = ~VMW_RPC_BDOOR_MAGIC;
	uint32_t c = VMW_RPC_BDOOR_CMD_GETVERSION, d = VMW_RPC_BDOOR_PORT;

	__asm__ __volatile__("inl %%dx, %%eax"
			     : "+a" (a), "+b" (b), "+c" (c), "+d" (d)
			     : : "memory");
	return b != VMW_RPC_BDOOR_MAGIC;
}

/* Mean ns of @n runs of @op; -1 when one fails. */
static double time_op(int (*op)(void), int n)
{
	double t0 = now_ns();
	int i;

	for (i = 0; i < n; i++)
		if (op())
			return -1;
	return (now_ns() - t0) / n;
}

#define BENCH_ROUNDS	5

/*
 * The best of BENCH_ROUNDS means of @n runs: the machine is shared, and
 * another program's time slice must not count as ours.
 */
static double best_op(int (*op)(void), int n)
{
	double best = 0, t;
	int r;

	for (r = 0; r < BENCH_ROUNDS; r++) {
		t = time_op(op, n);
		if (t < 0)
			return -1;
		if (!best || t < best)
			best = t;
	}
	return best;
}

/* tracefs's directory, as trace-cmd finds it, or NULL. */
static const char *tracefs(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/vmw_rpc", dirs[i]);
		if (!access(path, F_OK))
			return dirs[i];
	}
	return NULL;
}

/* Write @val to tracefs's file @name; 0 or -errno. */
static int tracefs_write(const char *name, const char *val, int flags)
{
	const char *dir = tracefs();
	char path[160];
	int fd, ret;

	if (!dir)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | flags);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -errno;
	close(fd);
	return ret;
}

/* The events of the driver's trace system on or off; 0 or -errno. */
static int trace_events(int on)
{
	return tracefs_write("events/vmw_rpc/enable", on ? "1" : "0", 0);
}

/* Events in tracefs's buffer now, or -1. */
static long trace_entries(void)
{
	const char *dir = tracefs();
	char path[160], line[512];
	long n = 0;
	FILE *f;

	if (!dir)
		return -1;
	snprintf(path, sizeof(path), "%s/trace", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += line[0] != '#' && strstr(line, ": vmw_rpc_");
	fclose(f);
	return n;
}

/*
 * Calls per second of @procs processes doing @each one-shot gets at
 * once, on the pool as it is; *@opens: the channels opened meanwhile.
 */
static double throughput(int procs, int each, long long *opens)
{
	int i, status, bad = 0;
	double t0;
	pid_t pid;

	simctl_counters_clear();
	t0 = now_ns();
	for (i = 0; i < procs; i++) {
		pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			int j;

			for (j = 0; j < each; j++)
				if (op_pooled())
					_exit(1);
			_exit(0);
		}
	}
	while ((pid = wait(&status)) > 0)
		bad += !WIFEXITED(status) || WEXITSTATUS(status);
	t0 = now_ns() - t0;
	*opens = simctl_counter("calls.open");
	return bad ? -1 : procs * each / (t0 / 1e9);
}

/*
 * The pooled call with the driver's events on and off, alternating
 * rounds, the best of each (so noise makes neither lose); then how many
 * events one pooled call fires. Return: 0, or 1 when a figure failed.
 */
static int bench_trace(int n)
{
	double off, on, best_off = 0, best_on = 0;
	long events = -1;
	int round, i;

	for (round = 0; round < BENCH_ROUNDS; round++) {
		if (trace_events(0))
			break;
		off = time_op(op_pooled, n);
		if (trace_events(1))
			break;
		on = time_op(op_pooled, n);
		trace_events(0);
		if (off <= 0 || on <= 0)
			break;
		if (!best_off || off < best_off)
			best_off = off;
		if (!best_on || on < best_on)
			best_on = on;
	}
	trace_events(0);
	if (!tracefs_write("trace", "", O_TRUNC) && !trace_events(1)) {
		for (i = 0; i < n && !op_pooled(); i++)
			;
		trace_events(0);
		events = i == n ? trace_entries() : -1;
	}
	printf("\npooled call with the vmw_rpc tracepoints on and off, best of %d means of %d each,\nalternating:\n",
	       BENCH_ROUNDS, n);
	printf("  %-52s %10.0f ns\n", "off", best_off);
	printf("  %-52s %10.0f ns\n", "on (every event enabled, nothing reading)", best_on);
	printf("  %-52s %10.3f\n", "on / off", best_off > 0 ? best_on / best_off : 0);
	printf("  %-52s %10.2f\n", "events per pooled call", events >= 0 ? (double)events / n : -1);
	return round < BENCH_ROUNDS || events < 0;
}

/*
 * Times: what the counts above cost, measured by this program's clock
 * in this boot. Under QEMU's TCG the absolute times are TCG's, not a
 * VMware host's; the ratios are what carries over. Every figure must be
 * produced (a failed measurement fails the bench), whatever its size.
 */
static int bench_times(int n)
{
	static const int crowds[] = { 1, 4, 16, 64 };
	double pooled, fresh, info, rawt, in;
	long long opens = 0;
	int bad = 0;
	size_t i;

	simctl_reset();
	simctl_trace_enable(0);
	simctl_guestinfo_set("p", "pval", 4);
	if (op_pooled())	/* the pool's channel, opened once */
		return 1;

	pooled = best_op(op_pooled, n);
	fresh = best_op(op_fresh, n);
	bad |= pooled <= 0 || fresh <= 0;
	printf("\ntime per command, best of %d means of %d (%s):\n",
	       BENCH_ROUNDS, n, BENCH_CMD);
	printf("  %-52s %10.0f ns\n", "pooled one-shot call (VMW_RPC_IOC_CALL)", pooled);
	printf("  %-52s %10.0f ns\n", "open, send, receive, close on a fresh channel", fresh);
	printf("  %-52s %10.2f\n", "fresh channel / pooled call", pooled > 0 ? fresh / pooled : 0);

	info = best_op(op_info, n);
	rawt = best_op(op_raw, n);
	in = iopl(3) ? -1 : best_op(op_in, n);
	bad |= info <= 0 || rawt <= 0 || in <= 0;
	printf("\nraw GETVERSION, best of %d means of %d:\n", BENCH_ROUNDS, n);
	printf("  %-52s %10.0f ns\n", "null ioctl (VMW_RPC_IOC_INFO)", info);
	printf("  %-52s %10.0f ns\n", "raw backdoor ioctl (VMW_RPC_IOC_BACKDOOR)", rawt);
	printf("  %-52s %10.0f ns\n", "inl from userspace after iopl(3)", in);
	printf("  %-52s %10.2f\n", "raw ioctl / inl", in > 0 ? rawt / in : 0);
	printf("  %-52s %10.0f ns\n", "the driver's share (raw ioctl - inl)", rawt - in);

	printf("\none-shot gets on an %lld-channel host, pool of %u, its channels open:\n",
	       simctl_get(SIMCTL_MAX_CHANNELS), pool_size());
	printf("  %9s %8s %12s %14s\n", "processes", "calls", "calls/s", "channels opened");
	for (i = 0; i < sizeof(crowds) / sizeof(crowds[0]); i++) {
		int each = n * 4 / crowds[i] > 0 ? n * 4 / crowds[i] : 1;
		double t = throughput(crowds[i], each, &opens);

		bad |= t <= 0;
		printf("  %9d %8d %12.0f %14lld\n", crowds[i], crowds[i] * each, t, opens);
	}

	bad |= bench_trace(n);
	simctl_trace_enable(1);
	if (bad)
		fprintf(stderr, "simcheck bench: a time was not measured\n");
	return bad;
}

/*
 * Counts, not times: how many backdoor calls (each a VM exit on VMware)
 * one command costs, with high bandwidth and without, on a pooled channel
 * and on a channel per command, and how many channel opens the pool
 * needs under load. The host is simulated; its counters do the counting.
 */
static int bench(int n)
{
	static const size_t sizes[] = { 0, 100, 4096, 65536, (1 << 20) - 2 };
	char req[128];
	double hb, lb, fresh;
	size_t i;
	int bad = 0;

	if (simctl_reset() || simctl_trace_enable(0)) {
		fprintf(stderr, "simcheck bench: the simulated host's debugfs: %s\n",
			strerror(errno));
		return 1;
	}
	printf("backdoor calls per command (simulated host, mean of %d commands)\n\n",
	       BENCH_REPS);
	printf("info-get of a guestinfo value\n");
	printf("%10s %12s %12s %8s %14s\n", "value", "pooled HB", "pooled LB",
	       "LB/HB", "per-command HB");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		/* An unset key answers "0 No value found". */
		size_t want = n ? n + 2 : 16;
		int rl;

		fill(big, n, 3);
		if (n && simctl_guestinfo_set("b", big, n)) {
			bad = 1;
			continue;
		}
		rl = snprintf(req, sizeof(req), "info-get guestinfo.%s", n ? "b" : "unset");
		simctl_set_hb(1);
		hb = bench_one(req, rl, want, 1);
		fresh = bench_one(req, rl, want, 0);
		simctl_set_hb(0);
		lb = bench_one(req, rl, want, 1);
		bad |= hb < 0 || lb < 0 || fresh < 0;
		printf("%10zu %12.1f %12.1f %8.1f %14.1f\n", n, hb, lb,
		       hb > 0 ? lb / hb : 0, fresh);
	}

	printf("\ninfo-set of a guestinfo value\n");
	printf("%10s %12s %12s %8s\n", "value", "pooled HB", "pooled LB", "LB/HB");
	for (i = 1; i < 4; i++) {
		size_t n = sizes[i] == 65536 ? 65536 - 22 : sizes[i];
		size_t head = strlen("info-set guestinfo.b ");

		fill(big + head, n, 5);
		memcpy(big, "info-set guestinfo.b ", head);
		simctl_set_hb(1);
		hb = bench_one(big, head + n, 2, 1);
		simctl_set_hb(0);
		lb = bench_one(big, head + n, 2, 1);
		bad |= hb < 0 || lb < 0;
		printf("%10zu %12.1f %12.1f %8.1f\n", n, hb, lb, hb > 0 ? lb / hb : 0);
	}

	/*
	 * The pool under load, from cold: the reset closes every channel on
	 * the host, so the pool reopens what it uses.
	 */
	simctl_reset();
	test_concurrency();
	printf("\n64 processes x 200 info-gets on an 8-channel host, from no channel open:\n"
	       "%lld channel opens for 12800 commands, at most %lld channels open at once\n",
	       simctl_counter("calls.open"), simctl_counter("peak_channels"));
	if (bad || tap_fails)
		fprintf(stderr, "simcheck bench: a command failed\n");
	return bench_times(n) || bad || tap_fails;
}

int main(int argc, char **argv)
{
	verbose = argc > 1 && !strcmp(argv[1], "-v");
	dev = open("/dev/vmw_rpc", O_RDWR);
	if (argc == 4 && !strcmp(argv[1], "hold")) {
		int i, n = atoi(argv[2]), h;

		for (i = 0; i < n; i++) {
			h = chan_open(dev, VMW_RPC_PROTO_RPCI);
			if (h < 0)
				fprintf(stderr, "open: %s\n", strerror(-h));
		}
		sleep(atoi(argv[3]));
		return 0;
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "bench-trace")) {
		/* bench_times()'s tracing figure alone, in a few seconds. */
		if (simctl_reset() || simctl_trace_enable(0) ||
		    simctl_guestinfo_set("p", "pval", 4) || op_pooled())
			return 1;
		return bench_trace(argc == 3 && atoi(argv[2]) > 0 ?
				   atoi(argv[2]) : 1000);
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "bench"))
		return bench(argc == 3 && atoi(argv[2]) > 0 ? atoi(argv[2]) : 1000);
	if (argc == 3 && !strcmp(argv[1], "crowded")) {
		int i, n = atoi(argv[2]);

		for (i = 0; i < n; i++)
			chan_open(dev, VMW_RPC_PROTO_RPCI);
		printf("# holding %lld channels\n", simctl_nr_channels());
		test_concurrency();
		printf("# refused opens: %lld\n", simctl_counter("refused_opens"));
		return tap_status();
	}
	/* Run under tests/vm/run --sim: no device or no sim is a failure. */
	if (dev < 0) {
		ok(0, "open /dev/vmw_rpc: %s", strerror(errno));
		return 1;
	}
	if (simctl_reset()) {
		ok(0, "the simulated host's debugfs: %s", strerror(errno));
		return 1;
	}
	test_basic();
	test_sizes(1);
	test_sizes(0);
	test_cpt();
	test_garbage();
	test_concurrency();
	test_kill();
	test_trace();
	test_raw();
	printf("# nr_channels at the end: %lld\n", simctl_nr_channels());
	return tap_status();
}
