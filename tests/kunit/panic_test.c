// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the panic report (driver/panic.c) against the simulated host:
 * each line of the log's tail as one "log" command with the prefix, long
 * lines cut, low bandwidth only, the reserved channel used and, when it
 * is busy or gone, a fresh one; the dump sends the log's last lines and
 * no more than panic_log_bytes of them, for a panic or an oops only, and
 * nothing while the report is off. The sends run with interrupts off,
 * so a sleep, a mutex or a GFP_KERNEL allocation on the path is a
 * "sleeping function called from invalid context" report, which
 * tests/kunit/run fails on.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/kmsg_dump.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "sim.h"

#define LOG_MAX		(64U * 1024)
#define PREFIX_LEN	(sizeof(VMW_PANIC_PREFIX) - 1)

static struct vmw_sim *sim;
static struct vmw_panic *rep;	/* a report of the test's own */
static char *host_buf;	/* the host's log, read back */

static int panic_init(struct kunit *test)
{
	struct vmw_sim_config cfg = {
		.hb = true,
		.cookies = true,
		.max_channels = 8,
		.guestinfo_max = 4096,
		.log_max = LOG_MAX,
	};
	int ret;

	host_buf = kunit_kzalloc(test, LOG_MAX + 1, GFP_KERNEL);
	rep = kunit_kzalloc(test, sizeof(*rep), GFP_KERNEL);
	if (!host_buf || !rep)
		return -ENOMEM;
	sim = vmw_sim_create(&cfg, NULL);
	if (IS_ERR(sim))
		return PTR_ERR(sim);
	vmw_sim_attached = sim;
	ret = vmw_rpc_transport_attach(&vmw_sim_transport);
	if (ret)
		return ret;
	rep->reserved.atomic = true;
	vmw_panic_init();
	return 0;
}

static void panic_exit(struct kunit *test)
{
	/* The parameter's value outlives the case: the next starts off. */
	vmw_panic_set(0);
	vmw_panic_exit();
	vmw_chan_close(&rep->reserved);
	vmw_rpc_transport_detach(&vmw_sim_transport);
	vmw_sim_destroy(sim);
	sim = NULL;
}

/* The host's log as a C string. */
static const char *host_log(void)
{
	host_buf[vmw_sim_log_get(sim, host_buf, LOG_MAX)] = '\0';
	return host_buf;
}

/* vmw_panic_send() where nothing may sleep. */
static unsigned int send_atomic(const char *text)
{
	unsigned long flags;
	unsigned int n;

	preempt_disable();
	local_irq_save(flags);
	n = vmw_panic_send(rep, text, strlen(text));
	local_irq_restore(flags);
	preempt_enable();
	return n;
}

static void format_test(struct kunit *test)
{
	char *msg = kunit_kzalloc(test, VMW_PANIC_MSG_MAX, GFP_KERNEL);
	char *line = kunit_kzalloc(test, VMW_PANIC_LINE_MAX + 10, GFP_KERNEL);
	size_t n;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_NOT_NULL(test, line);
	n = vmw_panic_format(msg, "Oops", 4);
	KUNIT_EXPECT_EQ(test, n, sizeof("log vmw_rpc panic: Oops") - 1);
	KUNIT_EXPECT_EQ(test, memcmp(msg, "log vmw_rpc panic: Oops", n), 0);

	memset(line, 'x', VMW_PANIC_LINE_MAX + 10);
	n = vmw_panic_format(msg, line, VMW_PANIC_LINE_MAX + 10);
	KUNIT_EXPECT_EQ(test, n, (size_t)VMW_PANIC_MSG_MAX);
	KUNIT_EXPECT_EQ(test, msg[n - 1], 'x');
}

static void lines_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&rep->reserved, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_EXPECT_EQ(test, send_atomic("one\n\ntwo\nthree"), 3U);
	KUNIT_EXPECT_STREQ(test, host_log(),
			   VMW_PANIC_PREFIX "one\n" VMW_PANIC_PREFIX "two\n"
			   VMW_PANIC_PREFIX "three\n");
	/* On the reserved channel: no open, no close. */
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_CLOSE), 0ULL);
	KUNIT_EXPECT_TRUE(test, rep->reserved.open);
	/*
	 * Low bandwidth only, though the host offers high bandwidth: each
	 * reply ("1 ") is read in one RECVPAYLOAD step.
	 */
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_SEND), 0ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_RECV), 0ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_RECVPAYLOAD), 3ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&rep->reserved_busy), 0);
}

/*
 * The reply lands in the caller's buffer, read from the host step by step
 * (low bandwidth on an atomic channel) before it is acknowledged.
 */
static void recv_into_test(struct kunit *test)
{
	char reply[16] = "xx";
	size_t len = 0;

	KUNIT_ASSERT_EQ(test, vmw_chan_open(&rep->reserved, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_ASSERT_EQ(test, vmw_chan_send(&rep->reserved, "log x", 5), 0);
	KUNIT_EXPECT_EQ(test, vmw_chan_recv_into(&rep->reserved, reply,
						 sizeof(reply), &len), 0);
	KUNIT_EXPECT_EQ(test, len, (size_t)2);
	KUNIT_EXPECT_EQ(test, memcmp(reply, "1 ", 2), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_RECVPAYLOAD), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_RECV), 0ULL);
	KUNIT_EXPECT_TRUE(test, rep->reserved.open);
	KUNIT_EXPECT_STREQ(test, host_log(), "x\n");
}

static void long_line_test(struct kunit *test)
{
	char *text = kunit_kzalloc(test, 2 * VMW_PANIC_LINE_MAX + 2, GFP_KERNEL);
	const char *l;

	KUNIT_ASSERT_NOT_NULL(test, text);
	memset(text, 'y', 2 * VMW_PANIC_LINE_MAX);
	text[2 * VMW_PANIC_LINE_MAX] = '\n';
	KUNIT_EXPECT_EQ(test, send_atomic(text), 1U);
	l = host_log();
	KUNIT_EXPECT_EQ(test, strlen(l), PREFIX_LEN + VMW_PANIC_LINE_MAX + 1);
	KUNIT_EXPECT_EQ(test, strncmp(l, VMW_PANIC_PREFIX, PREFIX_LEN), 0);
}

static void busy_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&rep->reserved, VMW_RPC_PROTO_RPCI), 0);
	atomic_set(&rep->reserved_busy, 1);
	KUNIT_EXPECT_EQ(test, send_atomic("a\nb\n"), 2U);
	KUNIT_EXPECT_STREQ(test, host_log(),
			   VMW_PANIC_PREFIX "a\n" VMW_PANIC_PREFIX "b\n");
	/* One fresh channel for both lines, closed at the end. */
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 2ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_CLOSE), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
	/* The holder's flag and channel are left alone. */
	KUNIT_EXPECT_EQ(test, atomic_read(&rep->reserved_busy), 1);
	KUNIT_EXPECT_TRUE(test, rep->reserved.open);
}

static void gone_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&rep->reserved, VMW_RPC_PROTO_RPCI), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_close_channel(sim, rep->reserved.id), 0);
	KUNIT_EXPECT_EQ(test, send_atomic("a\nb\n"), 2U);
	KUNIT_EXPECT_STREQ(test, host_log(),
			   VMW_PANIC_PREFIX "a\n" VMW_PANIC_PREFIX "b\n");
	KUNIT_EXPECT_FALSE(test, rep->reserved.open);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
}

static void refused_test(struct kunit *test)
{
	vmw_sim_set_refuse_open(sim, true);
	KUNIT_EXPECT_EQ(test, send_atomic("a\nb\n"), 0U);
	/* One try, not one per line. */
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 1ULL);
	KUNIT_EXPECT_STREQ(test, host_log(), "");
}

/* Count the lines in the host's log; the bytes of the log they carry. */
static unsigned int log_lines(const char *l, size_t *bytes)
{
	unsigned int n = 0;
	const char *nl;

	*bytes = 0;
	while ((nl = strchr(l, '\n'))) {
		*bytes += nl + 1 - l - PREFIX_LEN;
		l = nl + 1;
		n++;
	}
	return n;
}

static void dump_test(struct kunit *test)
{
	const unsigned int size = VMW_PANIC_BYTES_MIN;
	unsigned int sent;
	const char *l;
	size_t bytes;

	KUNIT_ASSERT_EQ(test, vmw_panic_set(size), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
	pr_info("vmw_rpc panic_test: the last line\n");
	sent = vmw_panic_dump(KMSG_DUMP_OOPS);
	KUNIT_EXPECT_GT(test, sent, 0U);
	l = host_log();
	KUNIT_EXPECT_EQ(test, log_lines(l, &bytes), sent);
	KUNIT_EXPECT_LE(test, bytes, (size_t)size);
	/* The tail: the newest line last. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(l, "vmw_rpc panic_test: the last line\n"));
	KUNIT_EXPECT_EQ(test, l[strlen(l) - 1], '\n');
	KUNIT_EXPECT_STREQ(test, l + strlen(l) - sizeof("the last line\n") + 1,
			   "the last line\n");
	KUNIT_EXPECT_GT(test, vmw_panic_dump(KMSG_DUMP_PANIC), 0U);

	/* Other reasons are not sent. */
	vmw_sim_log_clear(sim);
	KUNIT_EXPECT_EQ(test, vmw_panic_dump(KMSG_DUMP_EMERG), 0U);
	KUNIT_EXPECT_EQ(test, vmw_panic_dump(KMSG_DUMP_SHUTDOWN), 0U);
	KUNIT_EXPECT_STREQ(test, host_log(), "");
}

static void off_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_panic_set(4096), 0);
	KUNIT_ASSERT_EQ(test, vmw_panic_set(0), 0);
	/* Off: the reserved channel is closed, and nothing is sent. */
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	KUNIT_EXPECT_EQ(test, vmw_panic_dump(KMSG_DUMP_PANIC), 0U);
	KUNIT_EXPECT_EQ(test, vmw_panic_dump(KMSG_DUMP_OOPS), 0U);
	KUNIT_EXPECT_STREQ(test, host_log(), "");
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_SENDSIZE), 0ULL);
}

static void bounds_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vmw_panic_set(VMW_PANIC_BYTES_MAX + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmw_panic_set(1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmw_panic_set(VMW_PANIC_BYTES_MIN - 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 0U);
	KUNIT_EXPECT_EQ(test, vmw_panic_set(VMW_PANIC_BYTES_MIN), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
	KUNIT_EXPECT_EQ(test, vmw_panic_set(VMW_PANIC_BYTES_MAX), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
	/* A new size replaces the report: still one channel. */
	KUNIT_EXPECT_EQ(test, vmw_panic_set(4 * VMW_PANIC_BYTES_MIN), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
}

/* vmw_panic_set() in a thread of its own. */
struct set_call {
	unsigned int bytes;
	int ret;
	struct completion done;
};

static int set_thread(void *data)
{
	struct set_call *a = data;

	a->ret = vmw_panic_set(a->bytes);
	complete(&a->done);
	return 0;
}

/*
 * Enabling the report while the host is busy waits for it: the reserved
 * channel is opened as an ordinary one (only tries the host's lock when
 * atomic), and marked atomic once open.
 */
static void contended_test(struct kunit *test)
{
	struct set_call a = { .bytes = 4096 };
	struct task_struct *t;

	init_completion(&a.done);
	mutex_lock(&sim->lock);
	t = kthread_run(set_thread, &a, "vmw_panic_set");
	if (IS_ERR(t)) {
		mutex_unlock(&sim->lock);
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(t));
		return;
	}
	/* Long enough for the open to reach the host's lock. */
	msleep(100);
	mutex_unlock(&sim->lock);
	wait_for_completion(&a.done);
	KUNIT_EXPECT_EQ(test, a.ret, 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
}

/* The refresh replaces the reserved channel, unless a dump holds it. */
static void renew_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_chan_open(&rep->reserved, VMW_RPC_PROTO_RPCI), 0);
	atomic_set(&rep->reserved_busy, 1);
	KUNIT_EXPECT_FALSE(test, vmw_panic_renew(rep));
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_CLOSE), 0ULL);

	atomic_set(&rep->reserved_busy, 0);
	KUNIT_EXPECT_TRUE(test, vmw_panic_renew(rep));
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 2ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_CLOSE), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
	KUNIT_EXPECT_TRUE(test, rep->reserved.open);
	KUNIT_EXPECT_TRUE(test, rep->reserved.atomic);
	KUNIT_EXPECT_EQ(test, atomic_read(&rep->reserved_busy), 0);
	/* The new channel carries the lines: no open of a fresh one. */
	KUNIT_EXPECT_EQ(test, send_atomic("a\n"), 1U);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_OPEN), 2ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(sim, VMW_SIM_HB_SEND), 0ULL);

	/* No new channel: the old one is kept. */
	vmw_sim_set_refuse_open(sim, true);
	KUNIT_EXPECT_FALSE(test, vmw_panic_renew(rep));
	KUNIT_EXPECT_TRUE(test, rep->reserved.open);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(sim), 1U);
}

static struct kunit_case panic_test_cases[] = {
	KUNIT_CASE(format_test),
	KUNIT_CASE(lines_test),
	KUNIT_CASE(recv_into_test),
	KUNIT_CASE(long_line_test),
	KUNIT_CASE(busy_test),
	KUNIT_CASE(gone_test),
	KUNIT_CASE(refused_test),
	KUNIT_CASE(dump_test),
	KUNIT_CASE(off_test),
	KUNIT_CASE(bounds_test),
	KUNIT_CASE(contended_test),
	KUNIT_CASE(renew_test),
	{}
};

static struct kunit_suite panic_suite = {
	.name = "vmw_rpc_panic",
	.init = panic_init,
	.exit = panic_exit,
	.test_cases = panic_test_cases,
};

kunit_test_suite(panic_suite);
