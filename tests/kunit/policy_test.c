// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the RPCI allowlist (driver/policy.c): the parser of rpci_allow
 * and the matcher applied to unprivileged callers' commands.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmw_rpc.h"

struct vmw_match_case {
	const char *name;
	const char *list;
	const char *cmd;
	size_t len;		/* 0: strlen(cmd) */
	bool allowed;
};

#define CMD(s)	.cmd = (s), .len = sizeof(s) - 1

static const struct vmw_match_case vmw_match_cases[] = {
	{ "default: read a key", "info-get guestinfo.", CMD("info-get guestinfo.foo"), true },
	{ "default: dotted key", "info-get guestinfo.", CMD("info-get guestinfo.a.b-c_d"), true },
	{ "default: prefix alone", "info-get guestinfo.", CMD("info-get guestinfo."), false },
	{ "default: shorter than prefix", "info-get guestinfo.", CMD("info-get guestinfo"), false },
	{ "default: info-set", "info-get guestinfo.", CMD("info-set guestinfo.foo bar"), false },
	{ "default: log", "info-get guestinfo.", CMD("log hello"), false },
	{ "default: unknown", "info-get guestinfo.", CMD("tools.set.version 1"), false },
	{ "default: empty", "info-get guestinfo.", CMD(""), false },
	{ "default: case differs", "info-get guestinfo.", CMD("INFO-GET guestinfo.foo"), false },
	{ "default: leading space", "info-get guestinfo.", CMD(" info-get guestinfo.foo"), false },
	{ "default: double space", "info-get guestinfo.", CMD("info-get  guestinfo.foo"), false },
	{ "default: other namespace", "info-get guestinfo.",
	  CMD("info-get guestinfox.foo"), false },
	{ "embedded NUL then set", "info-get guestinfo.",
	  CMD("info-get guestinfo.a\0info-set guestinfo.a b"), false },
	{ "trailing NUL", "info-get guestinfo.", CMD("info-get guestinfo.a\0"), false },
	{ "embedded newline then set", "info-get guestinfo.",
	  CMD("info-get guestinfo.a\ninfo-set guestinfo.a b"), false },
	{ "carriage return", "info-get guestinfo.", CMD("info-get guestinfo.a\r"), false },
	{ "tab", "info-get guestinfo.", CMD("info-get guestinfo.a\tb"), false },
	{ "DEL byte", "info-get guestinfo.", CMD("info-get guestinfo.a\x7f"), false },
	{ "high byte", "info-get guestinfo.", CMD("info-get guestinfo.\xc3\xa9"), false },
	{ "empty list allows nothing", "", CMD("info-get guestinfo.foo"), false },
	{ "second prefix", "info-get guestinfo.,log ", CMD("log hello"), true },
	{ "second prefix needs its space", "info-get guestinfo.,log ", CMD("logx"), false },
	{ "first prefix still", "info-get guestinfo.,log ", CMD("info-get guestinfo.x"), true },
	/* "log " plus the newline echo adds */
	{ "trailing newline of sysfs write", "log \x0a", CMD("log x"), true },
};

static void vmw_match_desc(const struct vmw_match_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_match, vmw_match_cases, vmw_match_desc);

static void vmw_allow_match_test(struct kunit *test)
{
	const struct vmw_match_case *c = test->param_value;
	struct vmw_allowlist *l;

	KUNIT_ASSERT_EQ(test, vmw_allow_parse(c->list, &l), 0);
	KUNIT_EXPECT_EQ(test, vmw_allow_match(l, (const u8 *)c->cmd, c->len),
			c->allowed);
	kfree(l);
}

/* The longest command a caller can send, allowed byte for byte. */
static void vmw_allow_match_max_len_test(struct kunit *test)
{
	static const char prefix[] = "info-get guestinfo.";
	struct vmw_allowlist *l;
	u8 *cmd;

	cmd = kunit_kmalloc(test, VMW_MSG_MAX_SEND, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	memset(cmd, 'k', VMW_MSG_MAX_SEND);
	memcpy(cmd, prefix, sizeof(prefix) - 1);
	KUNIT_ASSERT_EQ(test, vmw_allow_parse(prefix, &l), 0);
	KUNIT_EXPECT_TRUE(test, vmw_allow_match(l, cmd, VMW_MSG_MAX_SEND));
	/* One bad byte at the very end spoils it. */
	cmd[VMW_MSG_MAX_SEND - 1] = '\n';
	KUNIT_EXPECT_FALSE(test, vmw_allow_match(l, cmd, VMW_MSG_MAX_SEND));
	kfree(l);
}

struct vmw_parse_case {
	const char *name;
	const char *list;
	int err;
	unsigned int n;
};

static const struct vmw_parse_case vmw_parse_cases[] = {
	{ "empty", "", 0, 0 },
	{ "newline only", "\n", 0, 0 },
	{ "one", "info-get guestinfo.", 0, 1 },
	{ "two", "a,b", 0, 2 },
	{ "trailing space kept", "log ", 0, 1 },
	{ "empty item", "a,,b", -EINVAL, 0 },
	{ "trailing comma", "a,", -EINVAL, 0 },
	{ "leading comma", ",a", -EINVAL, 0 },
	{ "control byte", "a\tb", -EINVAL, 0 },
	{ "inner newline", "a\nb", -EINVAL, 0 },
	{ "64 bytes", "0123456789012345678901234567890123456789012345678901234567890123", 0, 1 },
	{ "65 bytes", "01234567890123456789012345678901234567890123456789012345678901234",
	  -EINVAL, 0 },
	{ "16 items", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p", 0, 16 },
	{ "17 items", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", -EINVAL, 0 },
};

static void vmw_parse_desc(const struct vmw_parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_parse, vmw_parse_cases, vmw_parse_desc);

static void vmw_allow_parse_test(struct kunit *test)
{
	const struct vmw_parse_case *c = test->param_value;
	struct vmw_allowlist *l = NULL;
	int ret;

	ret = vmw_allow_parse(c->list, &l);
	KUNIT_EXPECT_EQ(test, ret, c->err);
	if (!ret) {
		KUNIT_EXPECT_EQ(test, l->n, c->n);
		kfree(l);
	}
}

/* Only the first word of a refused command may reach the log. */
static void vmw_policy_describe_test(struct kunit *test)
{
	char buf[VMW_AUDIT_PREFIX + 1];
	static const u8 secret[] = "info-set guestinfo.password hunter2";
	static const u8 odd[] = "lo\ng x";
	static const u8 tabbed[] = "info-set\tguestinfo.pw\thunter2";
	static const u8 high[] = "caf\xc3\xa9 x";
	u8 *long_word;

	vmw_policy_describe(secret, sizeof(secret) - 1, buf);
	KUNIT_EXPECT_STREQ(test, buf, "info-set");
	vmw_policy_describe(odd, sizeof(odd) - 1, buf);
	KUNIT_EXPECT_STREQ(test, buf, "lo");
	vmw_policy_describe(tabbed, sizeof(tabbed) - 1, buf);
	KUNIT_EXPECT_STREQ(test, buf, "info-set");
	vmw_policy_describe(high, sizeof(high) - 1, buf);
	KUNIT_EXPECT_STREQ(test, buf, "caf");
	long_word = kunit_kmalloc(test, 100, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, long_word);
	memset(long_word, 'w', 100);
	vmw_policy_describe(long_word, 100, buf);
	KUNIT_EXPECT_EQ(test, strlen(buf), (size_t)VMW_AUDIT_PREFIX);
}

static struct kunit_case vmw_policy_cases[] = {
	KUNIT_CASE_PARAM(vmw_allow_match_test, vmw_match_gen_params),
	KUNIT_CASE(vmw_allow_match_max_len_test),
	KUNIT_CASE_PARAM(vmw_allow_parse_test, vmw_parse_gen_params),
	KUNIT_CASE(vmw_policy_describe_test),
	{}
};

static struct kunit_suite vmw_policy_suite = {
	.name = "vmw_rpc_policy",
	.test_cases = vmw_policy_cases,
};

kunit_test_suite(vmw_policy_suite);
