// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: ioctl argument validation (driver/abi.c) and the encoded sizes
 * of the ioctl numbers.
 */
#include <kunit/test.h>
#include <linux/ioctl.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

struct vmw_bd_case {
	const char *name;
	struct vmw_rpc_backdoor bd;
	int err;
};

static const struct vmw_bd_case vmw_bd_cases[] = {
	{ "lb plain", { .mode = VMW_RPC_BDOOR_LB }, 0 },
	{ "lb all registers", { .mode = VMW_RPC_BDOOR_LB,
	  .in = { .eax = 1, .ebx = 2, .ecx = 3, .edx = 4, .esi = 5, .edi = 6 } }, 0 },
	{ "lb flags", { .mode = VMW_RPC_BDOOR_LB, .flags = 1 }, -EINVAL },
	{ "lb reserved", { .mode = VMW_RPC_BDOOR_LB, .reserved = 1 }, -EINVAL },
	{ "lb regs reserved", { .mode = VMW_RPC_BDOOR_LB, .in.reserved = 1 }, -EINVAL },
	{ "lb ebp", { .mode = VMW_RPC_BDOOR_LB, .in.ebp = 1 }, -EINVAL },
	{ "lb buf", { .mode = VMW_RPC_BDOOR_LB, .buf = 0x1000 }, -EINVAL },
	{ "lb buf_len", { .mode = VMW_RPC_BDOOR_LB, .buf_len = 4 }, -EINVAL },
	{ "hb out", { .mode = VMW_RPC_BDOOR_HB_OUT, .buf = 0x1000, .buf_len = 1 }, 0 },
	{ "hb in max", { .mode = VMW_RPC_BDOOR_HB_IN, .buf = 0x1000,
	  .buf_len = VMW_RAW_HB_MAX }, 0 },
	{ "hb in over max", { .mode = VMW_RPC_BDOOR_HB_IN, .buf = 0x1000,
	  .buf_len = VMW_RAW_HB_MAX + 1 }, -EMSGSIZE },
	{ "hb out huge", { .mode = VMW_RPC_BDOOR_HB_OUT, .buf = 0x1000,
	  .buf_len = 0xffffffff }, -EMSGSIZE },
	{ "hb empty", { .mode = VMW_RPC_BDOOR_HB_OUT, .buf = 0x1000 }, -EINVAL },
	{ "hb ebp allowed", { .mode = VMW_RPC_BDOOR_HB_IN, .buf = 0x1000,
	  .buf_len = 8, .in.ebp = 7 }, 0 },
	{ "hb flags", { .mode = VMW_RPC_BDOOR_HB_IN, .buf = 0x1000,
	  .buf_len = 8, .flags = 0x80000000 }, -EINVAL },
	{ "mode 3", { .mode = 3 }, -EINVAL },
	{ "mode ~0", { .mode = 0xffffffff }, -EINVAL },
};

static void vmw_bd_desc(const struct vmw_bd_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_bd, vmw_bd_cases, vmw_bd_desc);

static void vmw_abi_backdoor_test(struct kunit *test)
{
	const struct vmw_bd_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vmw_abi_check_backdoor(&c->bd), c->err);
}

struct vmw_open_case {
	const char *name;
	struct vmw_rpc_chan_open op;
	int err;
};

static const struct vmw_open_case vmw_open_cases[] = {
	{ "rpci", { .protocol = VMW_RPC_PROTO_RPCI }, 0 },
	{ "tclo", { .protocol = VMW_RPC_PROTO_TCLO }, 0 },
	{ "rpci with cookie flag", { .protocol = VMW_RPC_PROTO_RPCI | 0x80000000 }, -EINVAL },
	{ "zero protocol", { .protocol = 0 }, -EINVAL },
	{ "flags", { .protocol = VMW_RPC_PROTO_RPCI, .flags = 1 }, -EINVAL },
	{ "reserved", { .protocol = VMW_RPC_PROTO_RPCI, .reserved = 1 }, -EINVAL },
	{ "handle preset", { .protocol = VMW_RPC_PROTO_RPCI, .handle = 1 }, -EINVAL },
};

static void vmw_open_desc(const struct vmw_open_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_open, vmw_open_cases, vmw_open_desc);

static void vmw_abi_chan_open_test(struct kunit *test)
{
	const struct vmw_open_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vmw_abi_check_chan_open(&c->op), c->err);
}

struct vmw_msg_case {
	const char *name;
	struct vmw_rpc_chan_msg m;
	bool send;
	int err;
};

static const struct vmw_msg_case vmw_msg_cases[] = {
	{ "send empty", { .handle = 1 }, true, 0 },
	{ "send max", { .handle = 1, .len = VMW_MSG_MAX_SEND }, true, 0 },
	{ "send over max", { .handle = 1, .len = VMW_MSG_MAX_SEND + 1 }, true, -EMSGSIZE },
	{ "send ~0", { .handle = 1, .len = 0xffffffff }, true, -EMSGSIZE },
	{ "send flags", { .handle = 1, .flags = 2 }, true, -EINVAL },
	{ "send reserved", { .handle = 1, .reserved = 2 }, true, -EINVAL },
	{ "recv any size", { .handle = 1, .len = 0xffffffff }, false, 0 },
	{ "recv flags", { .handle = 1, .flags = 1 }, false, -EINVAL },
	{ "recv reserved", { .handle = 1, .reserved = 1 }, false, -EINVAL },
};

static void vmw_msg_desc(const struct vmw_msg_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_msg, vmw_msg_cases, vmw_msg_desc);

static void vmw_abi_chan_msg_test(struct kunit *test)
{
	const struct vmw_msg_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vmw_abi_check_chan_msg(&c->m, c->send), c->err);
}

struct vmw_call_case {
	const char *name;
	struct vmw_rpc_call call;
	int err;
};

static const struct vmw_call_case vmw_call_cases[] = {
	{ "one byte", { .request_len = 1 }, 0 },
	{ "max", { .request_len = VMW_MSG_MAX_SEND }, 0 },
	{ "empty", { .request_len = 0 }, -EINVAL },
	{ "over max", { .request_len = VMW_MSG_MAX_SEND + 1 }, -EMSGSIZE },
	{ "flags", { .request_len = 1, .flags = 4 }, -EINVAL },
	{ "reserved", { .request_len = 1, .reserved = 1 }, -EINVAL },
	{ "reply_len is free", { .request_len = 1, .reply_len = 0xffffffff }, 0 },
	{ "timeout", { .request_len = 1, .flags = VMW_RPC_CALL_TIMEOUT,
		       .timeout_ms = 1000 }, 0 },
	{ "timeout 0 (no wait)", { .request_len = 1,
				   .flags = VMW_RPC_CALL_TIMEOUT }, 0 },
	{ "timeout max", { .request_len = 1, .flags = VMW_RPC_CALL_TIMEOUT,
			   .timeout_ms = VMW_RPC_CALL_TIMEOUT_MAX_MS }, 0 },
	{ "timeout over max", { .request_len = 1, .flags = VMW_RPC_CALL_TIMEOUT,
				.timeout_ms = VMW_RPC_CALL_TIMEOUT_MAX_MS + 1 },
	  -EINVAL },
	{ "timeout without the flag", { .request_len = 1, .timeout_ms = 1000 },
	  -EINVAL },
	{ "timeout, empty request", { .flags = VMW_RPC_CALL_TIMEOUT }, -EINVAL },
	{ "delivered as input", { .request_len = 1,
				  .flags = VMW_RPC_CALL_DELIVERED }, -EINVAL },
	{ "delivered as input with timeout",
	  { .request_len = 1,
	    .flags = VMW_RPC_CALL_TIMEOUT | VMW_RPC_CALL_DELIVERED }, -EINVAL },
	{ "unknown flag 2", { .request_len = 1, .flags = 2 }, -EINVAL },
};

static void vmw_call_desc(const struct vmw_call_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_call, vmw_call_cases, vmw_call_desc);

static void vmw_abi_call_test(struct kunit *test)
{
	const struct vmw_call_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vmw_abi_check_call(&c->call), c->err);
}

static void vmw_abi_close_test(struct kunit *test)
{
	struct vmw_rpc_chan_close cl = { .handle = 1 };

	KUNIT_EXPECT_EQ(test, vmw_abi_check_chan_close(&cl), 0);
	cl.flags = 1;
	KUNIT_EXPECT_EQ(test, vmw_abi_check_chan_close(&cl), -EINVAL);
}

/* The sizes encoded in the ioctl numbers are the structures' sizes. */
static void vmw_abi_ioctl_sizes_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_INFO), 80);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_BACKDOOR), 88);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_CHAN_OPEN), 16);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_CHAN_SEND), 24);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_CHAN_RECV), 24);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_CHAN_CLOSE), 8);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(VMW_RPC_IOC_CALL), 32);
	KUNIT_EXPECT_EQ(test, _IOC_DIR(VMW_RPC_IOC_INFO), _IOC_READ);
	KUNIT_EXPECT_EQ(test, _IOC_DIR(VMW_RPC_IOC_CHAN_SEND), _IOC_WRITE);
	KUNIT_EXPECT_EQ(test, _IOC_DIR(VMW_RPC_IOC_CALL), _IOC_READ | _IOC_WRITE);
}

static struct kunit_case vmw_abi_cases[] = {
	KUNIT_CASE_PARAM(vmw_abi_backdoor_test, vmw_bd_gen_params),
	KUNIT_CASE_PARAM(vmw_abi_chan_open_test, vmw_open_gen_params),
	KUNIT_CASE_PARAM(vmw_abi_chan_msg_test, vmw_msg_gen_params),
	KUNIT_CASE_PARAM(vmw_abi_call_test, vmw_call_gen_params),
	KUNIT_CASE(vmw_abi_close_test),
	KUNIT_CASE(vmw_abi_ioctl_sizes_test),
	{}
};

static struct kunit_suite vmw_abi_suite = {
	.name = "vmw_rpc_abi",
	.test_cases = vmw_abi_cases,
};

kunit_test_suite(vmw_abi_suite);
