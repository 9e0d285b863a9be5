// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what the tracepoints hand their probes (driver/trace.h). A BPF
 * raw_tp program or any probe gets a tracepoint's arguments as they are,
 * so a command's arguments must not be reachable from them: the
 * vmw_rpc_call tracepoint gets a buffer holding the first word only,
 * never a pointer into the command (vmw_trace_call()).
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "trace.h"

#define SECRET	"s3cr3t"

static const char *probe_cmd;	/* what the probe was given */
static char probe_seen[VMW_AUDIT_PREFIX + 1];	/* the bytes it pointed at */
static int probe_calls;

static void call_probe(void *data, enum vmw_trace_op op, u32 proto,
		       const char *cmd, const struct vmw_acct *acct,
		       size_t out, size_t in, u64 ns, int ret)
{
	probe_cmd = cmd;
	memcpy(probe_seen, cmd, sizeof(probe_seen));
	probe_calls++;
}

/* Bytes [@p, @p + @n) and [@q, @q + @m) overlap. */
static bool overlaps(const void *p, size_t n, const void *q, size_t m)
{
	return (const char *)p < (const char *)q + m &&
	       (const char *)q < (const char *)p + n;
}

/* vmw_trace_call() for @cmd with a probe on the tracepoint. */
static void fire(struct kunit *test, enum vmw_trace_op op, const char *cmd,
		 size_t len)
{
	struct vmw_acct acct = {};

	probe_calls = 0;
	KUNIT_ASSERT_EQ(test, register_trace_vmw_rpc_call(call_probe, NULL), 0);
	vmw_trace_call(op, VMW_RPC_PROTO_RPCI, cmd, len, &acct, 0, 0, 0, 0);
	unregister_trace_vmw_rpc_call(call_probe, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_ASSERT_EQ(test, probe_calls, 1);
}

static void vmw_trace_call_word_test(struct kunit *test)
{
	static const char cmd[] = "info-set guestinfo." SECRET " " SECRET;
	const size_t w = strlen("info-set");

	fire(test, VMW_TRACE_CALL, cmd, sizeof(cmd) - 1);
	KUNIT_EXPECT_STREQ(test, probe_seen, "info-set");
	/* Not the command's own bytes, and nothing after the word. */
	KUNIT_EXPECT_FALSE(test, overlaps(probe_cmd, sizeof(probe_seen),
					  cmd, sizeof(cmd)));
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(probe_seen + w, 0,
					     sizeof(probe_seen) - w), NULL);

	/* A receive has no command: an empty word. */
	fire(test, VMW_TRACE_RECV, NULL, 0);
	KUNIT_EXPECT_STREQ(test, probe_seen, "");
}

static struct kunit_case trace_test_cases[] = {
	KUNIT_CASE(vmw_trace_call_word_test),
	{}
};

static struct kunit_suite trace_suite = {
	.name = "vmw_rpc_trace",
	.test_cases = trace_test_cases,
};

kunit_test_suite(trace_suite);
