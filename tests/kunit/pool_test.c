// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the call pool (driver/pool.c) against the simulated host: reuse
 * of an open channel, idle reaping, the host refusing or having no channel
 * left, the fair share (per key and per class), and a waiting caller
 * interrupted by a signal (and what the vmw_rpc_pool_wait event records)
 * or giving up after its timeout, and the report of whether the host had
 * the whole command.
 *
 * Callers that must hold a slot run in kthreads and are stopped inside
 * their call by a gate in the transport: the gate holds the RECVSIZE step
 * of the tasks it names until the test opens it, so the slot stays busy
 * for as long as the test needs.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "sim.h"
#include "trace.h"

#define CMD		"info-get guestinfo.k"
#define REPLY_MAX	4096U
#define WAIT_MS		5000

static struct vmw_sim *pool_sim;

/* The gate: RECVSIZE steps of the named tasks wait for @open. */
#define GATE_TASKS	4
static struct task_struct *gate_task[GATE_TASKS];
static struct completion gate_reached[GATE_TASKS];
static DECLARE_COMPLETION(gate_open);

static void gate(const struct vmw_bdoor_regs *r)
{
	int i;

	if ((r->ecx & 0xffff) != VMW_RPC_BDOOR_CMD_MESSAGE ||
	    (r->ecx >> 16) != VMW_MSG_RECVSIZE)
		return;
	for (i = 0; i < GATE_TASKS; i++) {
		if (gate_task[i] != current)
			continue;
		complete(&gate_reached[i]);
		wait_for_completion(&gate_open);
	}
}

static void gate_lb(struct vmw_bdoor_regs *r)
{
	gate(r);
	vmw_sim_lb(pool_sim, r);
}

static void gate_hb_out(struct vmw_bdoor_regs *r)
{
	vmw_sim_hb_out(pool_sim, r);
}

static void gate_hb_in(struct vmw_bdoor_regs *r)
{
	vmw_sim_hb_in(pool_sim, r);
}

static const struct vmw_transport_ops gate_transport = {
	.name = "kunit pool gate",
	.lb = gate_lb,
	.hb_out = gate_hb_out,
	.hb_in = gate_hb_in,
};

/* Shares as the policy gives them for a pool of 4: 2 per class, 1 per key. */
static const struct vmw_share unbounded = { .key = 0 };

static struct vmw_share bounded(u32 key)
{
	return (struct vmw_share){ .key = key, .bounded = true, .per_key = 1,
				   .per_class = 2 };
}

/* One call; 0 when the reply is the value's. */
static int pool_get_full(const struct vmw_share *share, long timeout,
			 size_t max_reply, bool *delivered)
{
	struct vmw_acct acct = {};
	void *reply = NULL;
	size_t len = 0;
	int ret;

	ret = vmw_pool_call(CMD, sizeof(CMD) - 1, &reply, &len, max_reply,
			    share, timeout, delivered, &acct);
	if (!ret && (len != 3 || memcmp(reply, "1 v", 3)))
		ret = -EBADMSG;
	kvfree(reply);
	return ret;
}

static int pool_get(const struct vmw_share *share)
{
	bool delivered;

	return pool_get_full(share, VMW_POOL_WAIT_FOREVER, REPLY_MAX,
			     &delivered);
}

/**
 * struct pool_caller - a call made from a kthread of its own
 * @share: the caller's share
 * @gate: the gate slot that holds it, or -1
 * @killable: allow SIGKILL, so that the test can interrupt its wait
 * @timeout: the call's bound on its wait, in jiffies
 * @ret: vmw_pool_call()'s result
 * @done: completed when the call returned
 */
struct pool_caller {
	struct vmw_share share;
	int gate;
	bool killable;
	long timeout;
	int ret;
	struct completion done;
};

static int pool_caller_fn(void *arg)
{
	struct pool_caller *pc = arg;
	bool delivered;

	if (pc->killable)
		allow_signal(SIGKILL);
	pc->ret = pool_get_full(&pc->share, pc->timeout, REPLY_MAX,
				&delivered);
	flush_signals(current);
	complete(&pc->done);
	return 0;
}

static bool reached(int gate_slot)
{
	return wait_for_completion_timeout(&gate_reached[gate_slot],
					   msecs_to_jiffies(WAIT_MS));
}

/*
 * Start a caller waiting at most @timeout; with @gate >= 0 wait until it
 * holds a slot at the gate.
 */
static struct task_struct *start_caller_timeout(struct kunit *test,
						struct pool_caller *pc,
						struct vmw_share share,
						int gate_slot, bool killable,
						long timeout)
{
	struct task_struct *t;

	pc->timeout = timeout;
	pc->share = share;
	pc->gate = gate_slot;
	pc->killable = killable;
	pc->ret = 1;
	init_completion(&pc->done);
	t = kthread_create(pool_caller_fn, pc, "vmw_pool_kunit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	if (gate_slot >= 0)
		gate_task[gate_slot] = t;
	wake_up_process(t);
	if (gate_slot >= 0)
		KUNIT_ASSERT_TRUE(test, reached(gate_slot));
	return t;
}

static struct task_struct *start_caller(struct kunit *test,
					struct pool_caller *pc,
					struct vmw_share share, int gate_slot,
					bool killable)
{
	return start_caller_timeout(test, pc, share, gate_slot, killable,
				    VMW_POOL_WAIT_FOREVER);
}

static bool finished(struct pool_caller *pc, unsigned int ms)
{
	return wait_for_completion_timeout(&pc->done, msecs_to_jiffies(ms));
}

static u64 opens(void)
{
	return vmw_sim_calls(pool_sim, VMW_SIM_OPEN);
}

static int pool_test_init(struct kunit *test)
{
	struct vmw_sim_config cfg = {
		.hb = true,
		.cookies = true,
		.max_channels = 8,
		.guestinfo_max = 1U << 20,
		.log_max = 4096,
	};
	int i, ret;

	pool_sim = vmw_sim_create(&cfg, NULL);
	if (IS_ERR(pool_sim))
		return PTR_ERR(pool_sim);
	ret = vmw_sim_guestinfo_set(pool_sim, "k", 1, "v", 1);
	if (!ret)
		ret = vmw_rpc_transport_attach(&gate_transport);
	if (ret) {
		vmw_sim_destroy(pool_sim);
		return ret;
	}
	for (i = 0; i < GATE_TASKS; i++) {
		gate_task[i] = NULL;
		init_completion(&gate_reached[i]);
	}
	reinit_completion(&gate_open);
	return 0;
}

static void pool_test_exit(struct kunit *test)
{
	/* Never leave a caller stuck at the gate. */
	complete_all(&gate_open);
	vmw_pool_exit();
	vmw_rpc_transport_detach(&gate_transport);
	vmw_sim_destroy(pool_sim);
	pool_sim = NULL;
}

/* A channel stays open after a call and serves the next one. */
static void pool_reuse_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_pool_init(2, 10000), 0);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_EQ(test, opens(), 1ULL);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(pool_sim), 1U);
	vmw_pool_exit();
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(pool_sim), 0U);
}

/* A channel unused for the idle time is closed, and reopened on demand. */
static void pool_idle_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_pool_init(2, 50), 0);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(pool_sim), 1U);
	msleep(400);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(pool_sim), 0U);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_EQ(test, opens(), 2ULL);
}

/* A pooled channel the host closed is reopened; the call succeeds. */
static void pool_host_closed_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_pool_init(1, 10000), 0);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_close_channel(pool_sim, 0), 0);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_EQ(test, opens(), 2ULL);
}

/* The host refuses every open and the pool holds none: ECONNREFUSED. */
static void pool_refused_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vmw_pool_init(2, 10000), 0);
	vmw_sim_set_refuse_open(pool_sim, true);
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, vmw_sim_nr_channels(pool_sim), 0U);
}

/*
 * The host has no channel left, and the pool's only open channel is busy:
 * the second caller waits for it (it does not fail) and then succeeds.
 */
static void pool_host_full_waits_test(struct kunit *test)
{
	struct pool_caller holder, waiter;

	KUNIT_ASSERT_EQ(test, vmw_pool_init(2, 10000), 0);
	KUNIT_ASSERT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_ASSERT_EQ(test, vmw_sim_set_max_channels(pool_sim, 1), 0);
	start_caller(test, &holder, unbounded, 0, false);
	start_caller(test, &waiter, unbounded, -1, false);
	KUNIT_EXPECT_FALSE(test, finished(&waiter, 300));
	complete_all(&gate_open);
	KUNIT_ASSERT_TRUE(test, finished(&holder, WAIT_MS));
	KUNIT_ASSERT_TRUE(test, finished(&waiter, WAIT_MS));
	KUNIT_EXPECT_EQ(test, holder.ret, 0);
	KUNIT_EXPECT_EQ(test, waiter.ret, 0);
}

/*
 * Fairness on a pool of 4 (per key 1, per class 2): a bounded key holding
 * its slot makes the same key wait, not another key nor an unbounded
 * caller; two bounded keys holding make every bounded caller wait.
 */
static void pool_fair_test(struct kunit *test)
{
	struct pool_caller k1, k1b, k2, k3;

	KUNIT_ASSERT_EQ(test, vmw_pool_init(4, 10000), 0);
	start_caller(test, &k1, bounded(1), 0, false);
	start_caller(test, &k1b, bounded(1), -1, false);
	KUNIT_EXPECT_FALSE(test, finished(&k1b, 300));
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);

	start_caller(test, &k2, bounded(2), 1, false);
	start_caller(test, &k3, bounded(3), -1, false);
	KUNIT_EXPECT_FALSE(test, finished(&k3, 300));
	KUNIT_EXPECT_EQ(test, pool_get(&unbounded), 0);
	KUNIT_EXPECT_FALSE(test, finished(&k1b, 0));

	complete_all(&gate_open);
	KUNIT_ASSERT_TRUE(test, finished(&k1, WAIT_MS));
	KUNIT_ASSERT_TRUE(test, finished(&k1b, WAIT_MS));
	KUNIT_ASSERT_TRUE(test, finished(&k2, WAIT_MS));
	KUNIT_ASSERT_TRUE(test, finished(&k3, WAIT_MS));
	KUNIT_EXPECT_EQ(test, k1.ret, 0);
	KUNIT_EXPECT_EQ(test, k1b.ret, 0);
	KUNIT_EXPECT_EQ(test, k2.ret, 0);
	KUNIT_EXPECT_EQ(test, k3.ret, 0);
}

/* The ret of the last vmw_rpc_pool_wait event, from its probe. */
static int traced_wait_ret;

static void pool_wait_probe(void *data, u64 ns, int ret)
{
	WRITE_ONCE(traced_wait_ret, ret);
}

/*
 * A waiting caller (at most @timeout) gets a signal: its call returns
 * @want, and the vmw_rpc_pool_wait event records that, what the caller
 * sees, too.
 */
static void pool_signal_case(struct kunit *test, long timeout, int want)
{
	struct pool_caller holder, waiter;
	struct task_struct *t;

	KUNIT_ASSERT_EQ(test, vmw_pool_init(1, 10000), 0);
	KUNIT_ASSERT_EQ(test, register_trace_vmw_rpc_pool_wait(pool_wait_probe,
							       NULL), 0);
	WRITE_ONCE(traced_wait_ret, 1);
	start_caller(test, &holder, unbounded, 0, false);
	t = start_caller_timeout(test, &waiter, unbounded, -1, true, timeout);
	KUNIT_EXPECT_FALSE(test, finished(&waiter, 300));
	send_sig(SIGKILL, t, 1);
	KUNIT_ASSERT_TRUE(test, finished(&waiter, WAIT_MS));
	unregister_trace_vmw_rpc_pool_wait(pool_wait_probe, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_EQ(test, waiter.ret, want);
	KUNIT_EXPECT_EQ(test, READ_ONCE(traced_wait_ret), want);
	complete_all(&gate_open);
	KUNIT_ASSERT_TRUE(test, finished(&holder, WAIT_MS));
	KUNIT_EXPECT_EQ(test, holder.ret, 0);
}

/* A caller waiting for a slot returns -ERESTARTSYS on a signal. */
static void pool_wait_signal_test(struct kunit *test)
{
	pool_signal_case(test, VMW_POOL_WAIT_FOREVER, -ERESTARTSYS);
}

/*
 * A signal ends a bounded wait with -EINTR, not -ERESTARTSYS: a restarted
 * call would wait its whole timeout again, so a periodic signal could
 * hold it past its bound for ever.
 */
static void pool_timeout_signal_test(struct kunit *test)
{
	pool_signal_case(test, msecs_to_jiffies(60000), -EINTR);
}

/*
 * A caller with a timeout gives up when no slot comes free in time:
 * -ETIMEDOUT, nothing sent. 0 means "do not wait". Once a slot is free the
 * same timeout is no obstacle.
 */
static void pool_timeout_test(struct kunit *test)
{
	struct pool_caller holder;
	unsigned long start;
	bool delivered = true;
	u64 sent;

	KUNIT_ASSERT_EQ(test, vmw_pool_init(1, 10000), 0);
	start_caller(test, &holder, unbounded, 0, false);
	sent = vmw_sim_calls(pool_sim, VMW_SIM_SENDSIZE);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, msecs_to_jiffies(200),
					    REPLY_MAX, &delivered),
			-ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, delivered);
	KUNIT_EXPECT_GE(test, jiffies - start, msecs_to_jiffies(200));
	delivered = true;
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, 0, REPLY_MAX,
					    &delivered), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, delivered);
	/* Nothing of either command reached the host. */
	KUNIT_EXPECT_EQ(test, vmw_sim_calls(pool_sim, VMW_SIM_SENDSIZE), sent);
	KUNIT_EXPECT_FALSE(test, finished(&holder, 0));

	complete_all(&gate_open);
	KUNIT_ASSERT_TRUE(test, finished(&holder, WAIT_MS));
	KUNIT_EXPECT_EQ(test, holder.ret, 0);
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, msecs_to_jiffies(200),
					    REPLY_MAX, &delivered), 0);
	KUNIT_EXPECT_TRUE(test, delivered);
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, 0, REPLY_MAX,
					    &delivered), 0);
}

/*
 * The delivery report: set when the host acknowledged the whole command,
 * also when the call then fails (a reply over the limit); clear when
 * nothing was sent (the host refused the channel).
 */
static void pool_delivered_test(struct kunit *test)
{
	bool delivered = false;

	KUNIT_ASSERT_EQ(test, vmw_pool_init(1, 10000), 0);
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, VMW_POOL_WAIT_FOREVER,
					    REPLY_MAX, &delivered), 0);
	KUNIT_EXPECT_TRUE(test, delivered);
	delivered = false;
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, VMW_POOL_WAIT_FOREVER,
					    2, &delivered), -EFBIG);
	KUNIT_EXPECT_TRUE(test, delivered);
	vmw_pool_exit();
	KUNIT_ASSERT_EQ(test, vmw_pool_init(1, 10000), 0);
	vmw_sim_set_refuse_open(pool_sim, true);
	delivered = true;
	KUNIT_EXPECT_EQ(test, pool_get_full(&unbounded, VMW_POOL_WAIT_FOREVER,
					    REPLY_MAX, &delivered),
			-ECONNREFUSED);
	KUNIT_EXPECT_FALSE(test, delivered);
}

static struct kunit_case pool_test_cases[] = {
	KUNIT_CASE(pool_reuse_test),
	KUNIT_CASE(pool_idle_test),
	KUNIT_CASE(pool_host_closed_test),
	KUNIT_CASE(pool_refused_test),
	KUNIT_CASE(pool_host_full_waits_test),
	KUNIT_CASE(pool_fair_test),
	KUNIT_CASE(pool_wait_signal_test),
	KUNIT_CASE(pool_timeout_test),
	KUNIT_CASE(pool_timeout_signal_test),
	KUNIT_CASE(pool_delivered_test),
	{}
};

static struct kunit_suite pool_suite = {
	.name = "vmw_rpc_pool",
	.init = pool_test_init,
	.exit = pool_test_exit,
	.test_cases = pool_test_cases,
};

kunit_test_suite(pool_suite);
