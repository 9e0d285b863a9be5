// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what the channel engine puts in which register for each step,
 * checked against the tables of docs/protocol.md, section 2. A recording
 * fake host answers every step correctly and logs the registers it got.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

#define FAKE_ID		7
#define FAKE_CK_HIGH	0xc00c1e01
#define FAKE_CK_LOW	0xc00c1e02
#define FAKE_MAX_CALLS	16

enum { FAKE_LB, FAKE_HB_OUT, FAKE_HB_IN };

struct fake_call {
	int kind;
	struct vmw_bdoor_regs in;
	u8 data[8];	/* what an HB out carried */
};

static struct {
	bool hb;
	const char *reply;
	unsigned int n;
	struct fake_call log[FAKE_MAX_CALLS];
	unsigned int recv_off;
} fake;

static struct fake_call *fake_record(int kind, struct vmw_bdoor_regs *r)
{
	struct fake_call *c = &fake.log[min(fake.n, FAKE_MAX_CALLS - 1U)];

	fake.n++;
	c->kind = kind;
	c->in = *r;
	return c;
}

static void fake_lb(struct vmw_bdoor_regs *r)
{
	u16 step = r->ecx >> 16;
	u16 st = VMW_MSG_ST_SUCCESS;
	size_t len = strlen(fake.reply);

	fake_record(FAKE_LB, r);
	switch (step) {
	case VMW_MSG_OPEN:
		r->edx = FAKE_ID << 16;
		r->esi = FAKE_CK_HIGH;
		r->edi = FAKE_CK_LOW;
		break;
	case VMW_MSG_SENDSIZE:
		if (fake.hb)
			st |= VMW_MSG_ST_HB;
		break;
	case VMW_MSG_RECVSIZE:
		st |= VMW_MSG_ST_DORECV | (fake.hb ? VMW_MSG_ST_HB : 0);
		r->edx = VMW_MSG_SENDSIZE << 16;
		r->ebx = len;
		fake.recv_off = 0;
		break;
	case VMW_MSG_RECVPAYLOAD:
		r->edx = VMW_MSG_SENDPAYLOAD << 16;
		r->ebx = 0;
		memcpy(&r->ebx, fake.reply + fake.recv_off,
		       min_t(size_t, 4, len - fake.recv_off));
		fake.recv_off += 4;
		break;
	}
	r->ecx = (u32)st << 16;
}

static void fake_hb_out(struct vmw_bdoor_regs *r)
{
	struct fake_call *c = fake_record(FAKE_HB_OUT, r);

	memcpy(c->data, r->buf, min_t(size_t, r->ecx, sizeof(c->data)));
	r->ebx = VMW_MSG_ST_SUCCESS << 16;
}

static void fake_hb_in(struct vmw_bdoor_regs *r)
{
	fake_record(FAKE_HB_IN, r);
	memcpy(r->buf, fake.reply, r->ecx);
	r->ebx = VMW_MSG_ST_SUCCESS << 16;
}

static const struct vmw_transport_ops fake_ops = {
	.name = "kunit-fake",
	.lb = fake_lb,
	.hb_out = fake_hb_out,
	.hb_in = fake_hb_in,
};

/* Which registers a case compares. */
#define R_EBX	BIT(0)
#define R_ECX	BIT(1)
#define R_EDX	BIT(2)
#define R_ESI	BIT(3)
#define R_EDI	BIT(4)
#define R_EBP	BIT(5)
#define R_LB	(R_EBX | R_ECX | R_EDX | R_ESI | R_EDI)

struct marshal_case {
	const char *name;
	bool hb;
	unsigned int index;	/* in the call log of open+send+recv+close */
	int kind;
	unsigned int regs;
	u32 ebx, ecx, edx, esi, edi, ebp;
};

#define MSG(sub)	(((u32)(sub) << 16) | VMW_RPC_BDOOR_CMD_MESSAGE)
#define LBPORT		((FAKE_ID << 16) | VMW_RPC_BDOOR_PORT)
#define HBPORT		((FAKE_ID << 16) | VMW_RPC_BDOOR_HB_PORT)

static const struct marshal_case marshal_cases[] = {
	{ "lb OPEN", false, 0, FAKE_LB, R_LB,
	  VMW_RPC_PROTO_RPCI | VMW_MSG_FLAG_COOKIE, MSG(0), VMW_RPC_BDOOR_PORT, 0, 0 },
	{ "lb SENDSIZE", false, 1, FAKE_LB, R_LB,
	  5, MSG(1), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb SENDPAYLOAD first word", false, 2, FAKE_LB, R_LB,
	  0x6c6c6568 /* "hell" */, MSG(2), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb SENDPAYLOAD short word zero-padded", false, 3, FAKE_LB, R_LB,
	  0x0000006f /* "o" */, MSG(2), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb RECVSIZE", false, 4, FAKE_LB, R_LB,
	  0, MSG(3), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb RECVPAYLOAD", false, 5, FAKE_LB, R_LB,
	  VMW_MSG_ST_SUCCESS, MSG(4), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb RECVPAYLOAD second", false, 6, FAKE_LB, R_LB,
	  VMW_MSG_ST_SUCCESS, MSG(4), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb RECVSTATUS", false, 7, FAKE_LB, R_LB,
	  VMW_MSG_ST_SUCCESS, MSG(5), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "lb CLOSE", false, 8, FAKE_LB, R_ECX | R_EDX | R_ESI | R_EDI,
	  0, MSG(6), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "hb SENDSIZE", true, 1, FAKE_LB, R_LB,
	  5, MSG(1), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "hb send: edi cookie low, ebp cookie high", true, 2, FAKE_HB_OUT,
	  R_EBX | R_ECX | R_EDX | R_EDI | R_EBP,
	  VMW_MSG_ST_SUCCESS << 16, 5, HBPORT, 0, FAKE_CK_LOW, FAKE_CK_HIGH },
	{ "hb RECVSIZE", true, 3, FAKE_LB, R_LB,
	  0, MSG(3), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "hb receive: esi cookie high, ebp cookie low", true, 4, FAKE_HB_IN,
	  R_EBX | R_ECX | R_EDX | R_ESI | R_EBP,
	  VMW_MSG_ST_SUCCESS << 16, 5, HBPORT, FAKE_CK_HIGH, 0, FAKE_CK_LOW },
	{ "hb RECVSTATUS stays low bandwidth", true, 5, FAKE_LB, R_LB,
	  VMW_MSG_ST_SUCCESS, MSG(5), LBPORT, FAKE_CK_HIGH, FAKE_CK_LOW },
	{ "hb CLOSE", true, 6, FAKE_LB, R_ECX | R_EDX,
	  0, MSG(6), LBPORT, 0, 0 },
};

static void marshal_desc(const struct marshal_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(marshal, marshal_cases, marshal_desc);

static int marshal_init(struct kunit *test)
{
	memset(&fake, 0, sizeof(fake));
	fake.reply = "1 abc";
	return vmw_rpc_transport_attach(&fake_ops);
}

static void marshal_exit(struct kunit *test)
{
	vmw_rpc_transport_detach(&fake_ops);
}

/* Open, send "hello", receive, close; return the calls the host saw. */
static void marshal_run(struct kunit *test, bool hb)
{
	struct vmw_chan c = {};
	void *reply = NULL;
	size_t len = 0;

	fake.hb = hb;
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&c, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_ASSERT_EQ(test, vmw_chan_send(&c, "hello", 5), 0);
	KUNIT_ASSERT_EQ(test, vmw_chan_recv(&c, &reply, &len, 4096), 0);
	KUNIT_EXPECT_EQ(test, len, (size_t)5);
	if (reply)
		KUNIT_EXPECT_EQ(test, memcmp(reply, "1 abc", 5), 0);
	kvfree(reply);
	vmw_chan_close(&c);
	KUNIT_EXPECT_EQ(test, fake.n, hb ? 7U : 9U);
}

static void marshal_test(struct kunit *test)
{
	const struct marshal_case *c = test->param_value;
	const struct fake_call *call;

	if (c->hb && !vmw_bdoor_hb_usable())
		kunit_skip(test, "memory encryption: no high bandwidth");
	marshal_run(test, c->hb);
	KUNIT_ASSERT_LT(test, c->index, fake.n);
	call = &fake.log[c->index];
	KUNIT_EXPECT_EQ(test, call->kind, c->kind);
	KUNIT_EXPECT_EQ(test, call->in.eax, VMW_RPC_BDOOR_MAGIC);
	if (c->regs & R_EBX)
		KUNIT_EXPECT_EQ(test, call->in.ebx, c->ebx);
	if (c->regs & R_ECX)
		KUNIT_EXPECT_EQ(test, call->in.ecx, c->ecx);
	if (c->regs & R_EDX)
		KUNIT_EXPECT_EQ(test, call->in.edx, c->edx);
	if (c->regs & R_ESI)
		KUNIT_EXPECT_EQ(test, call->in.esi, c->esi);
	if (c->regs & R_EDI)
		KUNIT_EXPECT_EQ(test, call->in.edi, c->edi);
	if (c->regs & R_EBP)
		KUNIT_EXPECT_EQ(test, call->in.ebp, c->ebp);
	if (c->kind == FAKE_HB_OUT)
		KUNIT_EXPECT_EQ(test, memcmp(call->data, "hello", 5), 0);
}

static struct kunit_case marshal_test_cases[] = {
	KUNIT_CASE_PARAM(marshal_test, marshal_gen_params),
	{}
};

static struct kunit_suite marshal_suite = {
	.name = "vmw_rpc_marshal",
	.init = marshal_init,
	.exit = marshal_exit,
	.test_cases = marshal_test_cases,
};

kunit_test_suite(marshal_suite);
