// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the channel engine (driver/channel.c) against the simulated host
 * (tests/sim/sim_core.c), through the real transport entry points with the
 * simulator attached behind them. Table-driven: every size class both
 * ways with and without high bandwidth, a host without cookies (refused),
 * a checkpoint at each step, the retry cap, host refusal, a host-closed
 * channel, malformed answers, and a fatal signal in mid-transfer.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "sim.h"

#define KEY		"k"
#define REPLY_MAX	0x100000U	/* the driver's default max_reply */

static struct vmw_sim *sim;

enum chan_kind {
	SEND_SIZE,	/* send @size bytes, the host stores them */
	RECV_SIZE,	/* receive a @size-byte reply */
	CPT,		/* @count checkpoints at @step during an info-get */
	NO_COOKIES,	/* a host without cookies: no channel for us */
	REFUSED,	/* the host refuses every open */
	HOST_CLOSED,	/* the host closes the channel between calls */
	GARBAGE,	/* a malformed answer (@garbage) */
	BAD_REPLY,	/* a reply without a status (@garbage), @size bytes */
	KILLED,		/* a fatal signal during a @size-byte LB transfer */
};

struct chan_case {
	const char *name;
	enum chan_kind kind;
	bool hb;
	u32 size;
	enum vmw_sim_step step;
	unsigned int count;
	enum vmw_sim_garbage garbage;
	int err;	/* what the engine must return */
	bool recv;	/* KILLED: during the receive, not the send */
};

#define CPT1(s, h)	{ "cpt at " #s, CPT, h, 0, VMW_SIM_##s, 1 }

static const struct chan_case chan_cases[] = {
	{ "send 0 lb", SEND_SIZE, false, 0 },
	{ "send 1 lb", SEND_SIZE, false, 1 },
	{ "send 2 lb", SEND_SIZE, false, 2 },
	{ "send 3 lb", SEND_SIZE, false, 3 },
	{ "send 4 lb", SEND_SIZE, false, 4 },
	{ "send 5 lb", SEND_SIZE, false, 5 },
	{ "send 4095 lb", SEND_SIZE, false, 4095 },
	{ "send 4096 lb", SEND_SIZE, false, 4096 },
	{ "send 4097 lb", SEND_SIZE, false, 4097 },
	{ "send 65535 lb", SEND_SIZE, false, 65535 },
	{ "send 65536 lb", SEND_SIZE, false, 65536 },
	{ "send 0 hb", SEND_SIZE, true, 0 },
	{ "send 1 hb", SEND_SIZE, true, 1 },
	{ "send 2 hb", SEND_SIZE, true, 2 },
	{ "send 3 hb", SEND_SIZE, true, 3 },
	{ "send 4 hb", SEND_SIZE, true, 4 },
	{ "send 5 hb", SEND_SIZE, true, 5 },
	{ "send 4095 hb", SEND_SIZE, true, 4095 },
	{ "send 4096 hb", SEND_SIZE, true, 4096 },
	{ "send 4097 hb", SEND_SIZE, true, 4097 },
	{ "send 65535 hb", SEND_SIZE, true, 65535 },
	{ "send 65536 hb", SEND_SIZE, true, 65536 },
	{ "recv 0 lb", RECV_SIZE, false, 0 },
	{ "recv 1 lb", RECV_SIZE, false, 1 },
	{ "recv 2 lb", RECV_SIZE, false, 2 },
	{ "recv 3 lb", RECV_SIZE, false, 3 },
	{ "recv 4 lb", RECV_SIZE, false, 4 },
	{ "recv 5 lb", RECV_SIZE, false, 5 },
	{ "recv 4095 lb", RECV_SIZE, false, 4095 },
	{ "recv 4096 lb", RECV_SIZE, false, 4096 },
	{ "recv 4097 lb", RECV_SIZE, false, 4097 },
	{ "recv 65535 lb", RECV_SIZE, false, 65535 },
	{ "recv 65536 lb", RECV_SIZE, false, 65536 },
	{ "recv 0 hb", RECV_SIZE, true, 0 },
	{ "recv 1 hb", RECV_SIZE, true, 1 },
	{ "recv 2 hb", RECV_SIZE, true, 2 },
	{ "recv 3 hb", RECV_SIZE, true, 3 },
	{ "recv 4 hb", RECV_SIZE, true, 4 },
	{ "recv 5 hb", RECV_SIZE, true, 5 },
	{ "recv 4095 hb", RECV_SIZE, true, 4095 },
	{ "recv 4096 hb", RECV_SIZE, true, 4096 },
	{ "recv 4097 hb", RECV_SIZE, true, 4097 },
	{ "recv 65535 hb", RECV_SIZE, true, 65535 },
	{ "recv 65536 hb", RECV_SIZE, true, 65536 },
	{ "recv the reply limit", RECV_SIZE, true, REPLY_MAX },
	{ "recv one past the reply limit", RECV_SIZE, true, REPLY_MAX + 1, .err = -EFBIG },
	{ "send one past the host limit", SEND_SIZE, true, VMW_MSG_MAX_SEND + 1, .err = -EMSGSIZE },
	CPT1(OPEN, false),
	CPT1(SENDSIZE, false),
	CPT1(SENDPAYLOAD, false),
	CPT1(HB_SEND, true),
	CPT1(RECVSIZE, false),
	CPT1(RECVPAYLOAD, false),
	CPT1(HB_RECV, true),
	CPT1(RECVSTATUS, false),
	{ "3 cpts at SENDPAYLOAD: the cap", CPT, false, 0, VMW_SIM_SENDPAYLOAD, 3 },
	{ "4 cpts at SENDPAYLOAD: over the cap", CPT, false, 0, VMW_SIM_SENDPAYLOAD, 4,
	  .err = -EAGAIN },
	{ "4 cpts at RECVPAYLOAD: over the cap", CPT, false, 0, VMW_SIM_RECVPAYLOAD, 4,
	  .err = -EAGAIN },
	{ "4 cpts at HB_RECV: over the cap", CPT, true, 0, VMW_SIM_HB_RECV, 4, .err = -EAGAIN },
	{ "4 cpts at OPEN: over the cap", CPT, false, 0, VMW_SIM_OPEN, 4, .err = -EAGAIN },
	{ "no-cookie host: refused, no open without cookies", NO_COOKIES, false,
	  .err = -ECONNREFUSED },
	{ "host refuses opens", REFUSED, false, .err = -ECONNREFUSED },
	{ "host closed the channel", HOST_CLOSED, false, .err = -ECONNRESET },
	{ "wrong type in RECVSIZE", GARBAGE, false, .garbage = VMW_SIM_G_RECVSIZE_TYPE,
	  .err = -EPROTO },
	{ "wrong type in RECVPAYLOAD", GARBAGE, false,
	  .garbage = VMW_SIM_G_RECVPAYLOAD_TYPE, .err = -EPROTO },
	{ "oversized reply length", GARBAGE, false, .garbage = VMW_SIM_G_OVERSIZE,
	  .err = -EFBIG },
	{ "short reply lb", BAD_REPLY, false, 1, .garbage = VMW_SIM_G_SHORT_REPLY },
	{ "short reply hb", BAD_REPLY, true, 1, .garbage = VMW_SIM_G_SHORT_REPLY },
	{ "reply without status lb", BAD_REPLY, false, 7, .garbage = VMW_SIM_G_BAD_REPLY },
	{ "reply without status hb", BAD_REPLY, true, 7, .garbage = VMW_SIM_G_BAD_REPLY },
	{ "killed mid-send closes the channel", KILLED, false, 65536, .err = -EINTR },
	{ "killed mid-receive closes the channel", KILLED, false, 65536, .err = -EINTR,
	  .recv = true },
};

static void chan_desc(const struct chan_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(chan, chan_cases, chan_desc);

static int chan_init(struct kunit *test)
{
	struct vmw_sim_config cfg = {
		.hb = true,
		.cookies = true,
		.trace = false,
		.max_channels = 8,
		.guestinfo_max = 4U << 20,
		.log_max = 4096,
	};

	sim = vmw_sim_create(&cfg, NULL);
	if (IS_ERR(sim))
		return PTR_ERR(sim);
	vmw_sim_attached = sim;
	return vmw_rpc_transport_attach(&vmw_sim_transport);
}

static void chan_exit(struct kunit *test)
{
	vmw_rpc_transport_detach(&vmw_sim_transport);
	vmw_sim_destroy(sim);
	sim = NULL;
}

/* Bytes with NULs and every value, so nothing string-like passes. */
static u8 *pattern(struct kunit *test, size_t len, u8 seed)
{
	u8 *p = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = (i % 7) ? (u8)(i * 31 + seed) : 0;
	return p;
}

/* "info-get guestinfo.KEY" on the open channel @c. */
static int info_get_on(struct vmw_chan *c, void **reply, size_t *len)
{
	static const char cmd[] = "info-get guestinfo." KEY;
	int ret;

	ret = vmw_chan_send(c, cmd, sizeof(cmd) - 1);
	if (!ret)
		ret = vmw_chan_recv(c, reply, len, REPLY_MAX);
	return ret;
}

/* "info-get guestinfo.KEY" on a fresh channel; the reply in @reply. */
static int info_get(struct kunit *test, void **reply, size_t *len)
{
	struct vmw_chan c = {};
	int ret;

	ret = vmw_chan_open(&c, VMW_RPC_PROTO_RPCI);
	if (ret)
		return ret;
	ret = info_get_on(&c, reply, len);
	vmw_chan_close(&c);
	return ret;
}

static void expect_value_reply(struct kunit *test, const u8 *val, size_t vlen)
{
	void *reply = NULL;
	size_t len = 0;

	KUNIT_ASSERT_EQ(test, info_get(test, &reply, &len), 0);
	KUNIT_EXPECT_EQ(test, len, vlen + 2);
	if (len == vlen + 2) {
		KUNIT_EXPECT_EQ(test, memcmp(reply, "1 ", 2), 0);
		KUNIT_EXPECT_EQ(test, memcmp(reply + 2, val, vlen), 0);
	}
	kvfree(reply);
}

static void case_send(struct kunit *test, const struct chan_case *c)
{
	static const char head[] = "info-set guestinfo." KEY " ";
	const size_t hl = sizeof(head) - 1;
	struct vmw_chan ch = {};
	struct vmw_sim_blob *b;
	void *reply = NULL;
	size_t len;
	u8 *msg;

	msg = pattern(test, c->size, 3);
	if (c->size > hl)
		memcpy(msg, head, hl);
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_EXPECT_EQ(test, vmw_chan_send(&ch, msg, c->size), c->err);
	if (c->err) {
		vmw_chan_close(&ch);
		return;
	}
	KUNIT_ASSERT_EQ(test, vmw_chan_recv(&ch, &reply, &len, REPLY_MAX), 0);
	vmw_chan_close(&ch);
	KUNIT_ASSERT_GE(test, len, (size_t)2);
	if (c->size > hl) {
		/* The host stored exactly the bytes after the key. */
		KUNIT_EXPECT_EQ(test, memcmp(reply, "1 ", 2), 0);
		b = vmw_sim_guestinfo_get(sim, KEY, 1);
		KUNIT_ASSERT_NOT_NULL(test, b);
		KUNIT_EXPECT_EQ(test, b->len, c->size - hl);
		KUNIT_EXPECT_EQ(test, memcmp(b->data, msg + hl, b->len), 0);
		vmw_sim_blob_put(b);
	} else {
		KUNIT_EXPECT_EQ(test, memcmp(reply, "0 ", 2), 0);
	}
	kvfree(reply);
	if (c->size && c->hb)
		KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_SEND), 1ULL);
	else
		KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_SENDPAYLOAD),
				(u64)DIV_ROUND_UP(c->size, 4));
}

static void case_recv(struct kunit *test, const struct chan_case *c)
{
	void *reply = NULL;
	size_t len = 0;
	u8 *val;

	if (c->size < 2) {
		/* Shorter than any RPCI reply: a TCLO command of that size. */
		struct vmw_chan ch = {};

		val = pattern(test, c->size, 5);
		if (c->size)
			KUNIT_ASSERT_EQ(test, vmw_sim_tclo_queue(sim, val, c->size), 0);
		KUNIT_ASSERT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_TCLO), 0);
		KUNIT_ASSERT_EQ(test, vmw_chan_send(&ch, "", 0), 0);
		KUNIT_ASSERT_EQ(test, vmw_chan_recv(&ch, &reply, &len, REPLY_MAX), 0);
		vmw_chan_close(&ch);
		KUNIT_EXPECT_EQ(test, len, (size_t)c->size);
		if (len == c->size && len)
			KUNIT_EXPECT_EQ(test, memcmp(reply, val, len), 0);
		kvfree(reply);
		return;
	}
	val = pattern(test, c->size - 2, 9);
	KUNIT_ASSERT_EQ(test, vmw_sim_guestinfo_set(sim, KEY, 1, val, c->size - 2), 0);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, info_get(test, &reply, &len), c->err);
		KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
		kvfree(reply);
		return;
	}
	expect_value_reply(test, val, c->size - 2);
	if (c->hb)
		KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_RECV), 1ULL);
	else
		KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_RECVPAYLOAD),
				(u64)DIV_ROUND_UP(c->size, 4));
}

static void case_cpt(struct kunit *test, const struct chan_case *c)
{
	struct vmw_sim_faults f;
	void *reply = NULL;
	size_t len;
	u8 *val = pattern(test, 100, 1);

	KUNIT_ASSERT_EQ(test, vmw_sim_guestinfo_set(sim, KEY, 1, val, 100), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_fault_cpt(sim, c->step, 1, c->count), 0);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, info_get(test, &reply, &len), c->err);
		kvfree(reply);
	} else {
		expect_value_reply(test, val, 100);
		/* Every injected checkpoint was seen and survived. */
		vmw_sim_faults_get(sim, &f);
		KUNIT_EXPECT_EQ(test, f.cpt_left[c->step], 0U);
	}
	/* Nothing leaked on the host, and it still answers. */
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	vmw_sim_faults_clear(sim);
	expect_value_reply(test, val, 100);
}

/*
 * A host that gives no cookies (or a full host, which answers an open the
 * same way) gets no open without them: one OPEN, with the cookie flag,
 * then ECONNREFUSED. A channel without cookies could later reach another
 * program's channel under a reused id.
 */
static void case_no_cookies(struct kunit *test, const struct chan_case *c)
{
	struct vmw_chan ch = {};
	u64 opens;

	vmw_sim_set_cookies(sim, false);
	opens = vmw_sim_calls(sim, VMW_SIM_OPEN);
	KUNIT_EXPECT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), c->err);
	KUNIT_EXPECT_FALSE(test, ch.open);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), opens + 1);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	vmw_chan_close(&ch);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_CLOSE), 0ULL);
}

static void case_refused(struct kunit *test, const struct chan_case *c)
{
	struct vmw_chan ch = {};

	vmw_sim_set_refuse_open(sim, true);
	KUNIT_EXPECT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), c->err);
	KUNIT_EXPECT_FALSE(test, ch.open);
}

static void case_host_closed(struct kunit *test, const struct chan_case *c)
{
	static const char cmd[] = "info-get guestinfo." KEY;
	struct vmw_chan ch = {};

	KUNIT_ASSERT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_close_channel(sim, ch.id), 0);
	KUNIT_EXPECT_EQ(test, vmw_chan_send(&ch, cmd, sizeof(cmd) - 1), c->err);
	KUNIT_EXPECT_FALSE(test, ch.open);
	KUNIT_EXPECT_EQ(test, vmw_chan_send(&ch, cmd, sizeof(cmd) - 1), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
}

static void case_garbage(struct kunit *test, const struct chan_case *c)
{
	struct vmw_chan ch = {};
	void *reply = NULL;
	size_t len;
	u8 *val = pattern(test, 64, 4);

	KUNIT_ASSERT_EQ(test, vmw_sim_guestinfo_set(sim, KEY, 1, val, 64), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_fault_garbage(sim, c->garbage, 1, REPLY_MAX + 1), 0);
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_EXPECT_EQ(test, info_get_on(&ch, &reply, &len), c->err);
	/* A broken protocol closes the channel; a refused size does not. */
	KUNIT_EXPECT_EQ(test, ch.open, c->err != -EPROTO);
	vmw_chan_close(&ch);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	kvfree(reply);
	/* The host is usable again afterwards. */
	expect_value_reply(test, val, 64);
}

/*
 * The engine moves bytes: a reply without an RPCI status arrives whole,
 * and vmw_rpci_reply_valid() is what refuses it (VMW_RPC_IOC_CALL turns
 * that into EBADMSG).
 */
static void case_bad_reply(struct kunit *test, const struct chan_case *c)
{
	void *reply = NULL;
	size_t len = 0;
	u8 *val = pattern(test, 64, 6);

	KUNIT_ASSERT_EQ(test, vmw_sim_guestinfo_set(sim, KEY, 1, val, 64), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_fault_garbage(sim, c->garbage, 1, 0), 0);
	KUNIT_ASSERT_EQ(test, info_get(test, &reply, &len), 0);
	KUNIT_EXPECT_EQ(test, len, (size_t)c->size);
	KUNIT_EXPECT_FALSE(test, vmw_rpci_reply_valid(reply, len));
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	kvfree(reply);
	expect_value_reply(test, val, 64);
}

/*
 * A fatal signal in the middle of a long LB transfer: the engine gives up
 * with EINTR and, since the host holds part of a message (or of a reply),
 * closes the channel instead of leaving it mid-message for the file's
 * next user. The test thread is a kthread: it must allow SIGKILL to have
 * one pending, and clears it before returning.
 */
static void case_killed(struct kunit *test, const struct chan_case *c)
{
	static const char cmd[] = "info-get guestinfo." KEY;
	struct vmw_chan ch = {};
	void *reply = NULL;
	size_t len = 0;
	u8 *msg = pattern(test, c->size, 8);
	int ret;

	KUNIT_ASSERT_EQ(test, vmw_sim_guestinfo_set(sim, KEY, 1, msg, c->size - 2), 0);
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&ch, VMW_RPC_PROTO_RPCI), 0);
	if (c->recv)
		KUNIT_ASSERT_EQ(test, vmw_chan_send(&ch, cmd, sizeof(cmd) - 1), 0);
	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 1);
	KUNIT_EXPECT_TRUE(test, fatal_signal_pending(current));
	if (c->recv)
		ret = vmw_chan_recv(&ch, &reply, &len, REPLY_MAX);
	else
		ret = vmw_chan_send(&ch, msg, c->size);
	flush_signals(current);
	disallow_signal(SIGKILL);
	KUNIT_EXPECT_EQ(test, ret, c->err);
	KUNIT_EXPECT_FALSE(test, ch.open);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	kvfree(reply);
	vmw_chan_close(&ch);
}

typedef void (*chan_case_fn)(struct kunit *test, const struct chan_case *c);

static const chan_case_fn chan_case_fns[] = {
	[SEND_SIZE] = case_send,
	[RECV_SIZE] = case_recv,
	[CPT] = case_cpt,
	[NO_COOKIES] = case_no_cookies,
	[REFUSED] = case_refused,
	[HOST_CLOSED] = case_host_closed,
	[GARBAGE] = case_garbage,
	[BAD_REPLY] = case_bad_reply,
	[KILLED] = case_killed,
};

static void chan_test(struct kunit *test)
{
	const struct chan_case *c = test->param_value;

	if (c->hb && !vmw_bdoor_hb_usable())
		kunit_skip(test, "memory encryption: no high bandwidth");
	vmw_sim_set_hb(sim, c->hb);
	chan_case_fns[c->kind](test, c);
}

struct reply_case {
	const char *name;
	const char *reply;
	size_t len;
	bool valid;
};

#define REPLY(n, s, v)	{ n, s, sizeof(s) - 1, v }

static const struct reply_case reply_cases[] = {
	REPLY("empty", "", false),
	REPLY("1 alone", "1", false),
	REPLY("0 alone", "0", false),
	REPLY("success, no text", "1 ", true),
	REPLY("failure, no text", "0 ", true),
	REPLY("success with text", "1 value", true),
	REPLY("failure with text", "0 No value found", true),
	REPLY("success with NULs", "1 \0\0", true),
	REPLY("status 2", "2 x", false),
	REPLY("leading space", " 1 x", false),
	REPLY("no space", "1x", false),
	REPLY("tab for space", "1\t", false),
	REPLY("NUL for status", "\0 ", false),
	REPLY("text only", "garbage", false),
};

static void reply_desc(const struct reply_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(reply, reply_cases, reply_desc);

static void reply_status_test(struct kunit *test)
{
	const struct reply_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vmw_rpci_reply_valid(c->reply, c->len), c->valid);
}

static struct kunit_case chan_test_cases[] = {
	KUNIT_CASE_PARAM(chan_test, chan_gen_params),
	KUNIT_CASE_PARAM(reply_status_test, reply_gen_params),
	{}
};

static struct kunit_suite chan_suite = {
	.name = "vmw_rpc_chan",
	.init = chan_init,
	.exit = chan_exit,
	.test_cases = chan_test_cases,
};

kunit_test_suite(chan_suite);
