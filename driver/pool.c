// SPDX-License-Identifier: GPL-2.0
/*
 * The channels behind VMW_RPC_IOC_CALL: a small fixed pool of RPCI
 * channels the driver keeps open and reuses. A caller waits,
 * interruptibly, for a free one instead of failing with EBUSY.
 *
 * A pooled channel the host has closed (idle expiry) is reopened on the
 * next call. When the host has no channel left to give (other software
 * holds the rest), callers share the pooled channels that are open.
 *
 * A command is sent again only when the host refused its size step, that
 * is when none of it reached the host; after any other failure the
 * channel is closed and the error returned, so a command that may have
 * run is never run twice.
 *
 * Fairness: each call comes with a share (struct vmw_share, decided by
 * the policy): a bounded caller waits while the callers of its key hold
 * per_key slots, or all bounded callers together per_class, however many
 * processes they run, so that unbounded callers (root) and other keys
 * always find a channel soon.
 *
 * Idle channels are closed: the host has few channels for the whole VM
 * (8 on older hosts), shared with vmtoolsd and vmwgfx, so the pool gives
 * back a channel nobody used for the idle time (module parameter).
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "trace.h"

/**
 * struct vmw_pool_slot - one pooled channel
 * @chan: the channel, opened on first use; only the slot's holder (the
 *	caller that set @busy) touches it
 * @busy: a caller (or the reaper) is using it
 * @open: @chan.open as of the last time the slot was free, for readers
 *	under vmw_pool_lock
 * @last: jiffies when the slot was last given back
 * @key: the holder's share key
 * @bounded: the holder's share is bounded
 */
struct vmw_pool_slot {
	struct vmw_chan chan;
	bool busy;
	bool open;
	unsigned long last;
	u32 key;
	bool bounded;
};

static struct vmw_pool_slot *vmw_pool;
static unsigned int vmw_pool_size;
static unsigned long vmw_pool_idle;
static DEFINE_SPINLOCK(vmw_pool_lock);
static DECLARE_WAIT_QUEUE_HEAD(vmw_pool_wq);

static void vmw_pool_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(vmw_pool_reaper, vmw_pool_reap);

/**
 * vmw_pool_init() - allocate the pool
 * @size: channels in it
 * @idle_ms: a pooled channel unused this long is closed
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int vmw_pool_init(unsigned int size, unsigned int idle_ms)
{
	vmw_pool = kcalloc(size, sizeof(*vmw_pool), GFP_KERNEL);
	if (!vmw_pool)
		return -ENOMEM;
	vmw_pool_size = size;
	vmw_pool_idle = max(1UL, msecs_to_jiffies(idle_ms));
	return 0;
}

/**
 * vmw_pool_exit() - close the pooled channels and free the pool
 *
 * Context: module exit (or a failed init), when no call can come.
 */
void vmw_pool_exit(void)
{
	unsigned int i;

	cancel_delayed_work_sync(&vmw_pool_reaper);
	for (i = 0; i < vmw_pool_size; i++)
		vmw_chan_close(&vmw_pool[i].chan);
	kfree(vmw_pool);
	vmw_pool = NULL;
	vmw_pool_size = 0;
}

/*
 * Take a free slot, preferring one whose channel is already open; NULL
 * when none is free or a bounded @share is used up. With @need_open (the
 * host had no channel to give us) only a slot with an open channel will
 * do, as long as any slot has one.
 */
static struct vmw_pool_slot *vmw_pool_grab(const struct vmw_share *share,
					   bool need_open)
{
	struct vmw_pool_slot *found = NULL;
	unsigned int i, by_key = 0, by_class = 0, open = 0;

	spin_lock(&vmw_pool_lock);
	for (i = 0; i < vmw_pool_size; i++) {
		struct vmw_pool_slot *s = &vmw_pool[i];

		if (s->open)
			open++;
		if (s->busy) {
			if (s->bounded) {
				by_class++;
				if (s->key == share->key)
					by_key++;
			}
			continue;
		}
		if (!found || (s->open && !found->open))
			found = s;
	}
	if (found && share->bounded &&
	    (by_key >= share->per_key || by_class >= share->per_class))
		found = NULL;
	if (found && need_open && open && !found->open)
		found = NULL;
	if (found) {
		found->busy = true;
		found->key = share->key;
		found->bounded = share->bounded;
	}
	spin_unlock(&vmw_pool_lock);
	return found;
}

/* Does any slot but @self hold an open channel? */
static bool vmw_pool_others_open(struct vmw_pool_slot *self)
{
	bool open = false;
	unsigned int i;

	spin_lock(&vmw_pool_lock);
	for (i = 0; i < vmw_pool_size && !open; i++)
		open = &vmw_pool[i] != self && vmw_pool[i].open;
	spin_unlock(&vmw_pool_lock);
	return open;
}

/* Give a slot back; the reaper closes its channel if it stays unused. */
static void vmw_pool_put(struct vmw_pool_slot *s)
{
	bool open = s->chan.open;

	spin_lock(&vmw_pool_lock);
	s->busy = false;
	s->open = open;
	s->last = jiffies;
	spin_unlock(&vmw_pool_lock);
	wake_up(&vmw_pool_wq);
	if (open)
		schedule_delayed_work(&vmw_pool_reaper, vmw_pool_idle);
}

/* Close the channels of free slots idle for vmw_pool_idle. */
static void vmw_pool_reap(struct work_struct *work)
{
	unsigned long now = jiffies, next = 0;
	bool again = false;
	unsigned int i;

	for (i = 0; i < vmw_pool_size; i++) {
		struct vmw_pool_slot *s = &vmw_pool[i];
		bool take = false;

		spin_lock(&vmw_pool_lock);
		if (!s->busy && s->open) {
			if (time_after_eq(now, s->last + vmw_pool_idle)) {
				s->busy = true;
				take = true;
			} else if (!again || time_before(s->last, next)) {
				next = s->last;
				again = true;
			}
		}
		spin_unlock(&vmw_pool_lock);
		if (take) {
			vmw_chan_close(&s->chan);
			vmw_pool_put(s);
		}
	}
	/* A slot given back meanwhile has scheduled this work itself. */
	if (again)
		schedule_delayed_work(&vmw_pool_reaper,
				      next + vmw_pool_idle - now);
}

static int vmw_pool_send(struct vmw_chan *c, const void *req, size_t len)
{
	bool fresh = false;
	int ret;

	for (;;) {
		if (!c->open) {
			ret = vmw_chan_open(c, VMW_RPC_PROTO_RPCI);
			if (ret)
				return ret;
			fresh = true;
		}
		ret = vmw_chan_send(c, req, len);
		/* Only a size step the host refused on an old channel is retried. */
		if (ret != -ECONNRESET || fresh)
			return ret;
	}
}

/**
 * vmw_pool_call() - run one RPCI command on a pooled channel
 * @req: command bytes
 * @req_len: their length
 * @reply: set to the kvmalloc()ed reply (NULL when empty)
 * @reply_len: set to the reply's length
 * @max_reply: longest reply accepted
 * @share: how much of the pool the caller may hold (vmw_policy_share())
 * @timeout: longest wait for a slot in jiffies (0: none), or
 *	VMW_POOL_WAIT_FOREVER
 * @delivered: set to whether the host acknowledged the whole command, on
 *	failure too
 * @acct: what the call cost on the host is added here
 *
 * Context: process context; sleeps (interruptibly) until a slot within
 * @share is free or @timeout passed. Takes vmw_pool_lock (a spinlock)
 * briefly.
 * Return: 0, -ERESTARTSYS when a signal came while waiting for a channel
 * without a bound (-EINTR with one: a restart would wait @timeout anew),
 * -ETIMEDOUT when none came free within @timeout (nothing was sent),
 * -ECONNREFUSED when the host gives no channel and the pool holds none
 * open, or another error of the channel engine.
 */
int vmw_pool_call(const void *req, size_t req_len, void **reply,
		  size_t *reply_len, size_t max_reply,
		  const struct vmw_share *share, long timeout, bool *delivered,
		  struct vmw_acct *acct)
{
	struct vmw_pool_slot *s = NULL;
	struct vmw_acct then;
	bool need_open = false;
	long left = timeout;
	u64 t0;
	int ret;

	*delivered = false;
	for (;;) {
		s = vmw_pool_grab(share, need_open);
		if (!s) {
			/* Time left carries over when the host had no channel. */
			t0 = ktime_get_ns();
			left = wait_event_interruptible_timeout(vmw_pool_wq,
								(s = vmw_pool_grab(share,
										   need_open)),
								left);
			t0 = ktime_get_ns() - t0;
			/*
			 * A restarted call would wait its whole timeout again:
			 * with a bound, a signal ends the call (as poll() and
			 * friends do). The event records what the caller gets.
			 */
			if (left < 0)
				ret = timeout == VMW_POOL_WAIT_FOREVER ?
				      (int)left : -EINTR;
			else
				ret = s ? 0 : -ETIMEDOUT;
			vmw_stat_pool_wait(t0);
			trace_vmw_rpc_pool_wait(t0, ret);
			if (ret)
				return ret;
		}
		then = s->chan.acct;
		ret = vmw_pool_send(&s->chan, req, req_len);
		/*
		 * The host has no channel for us (others hold them all): wait
		 * for one of ours that is open rather than fail.
		 */
		if (ret != -ECONNREFUSED || s->chan.open ||
		    !vmw_pool_others_open(s))
			break;
		vmw_acct_add_since(acct, &s->chan.acct, &then);
		vmw_pool_put(s);
		need_open = true;
	}
	if (!ret) {
		*delivered = true;
		ret = vmw_chan_recv(&s->chan, reply, reply_len, max_reply);
	}
	if (ret)
		vmw_chan_close(&s->chan);
	vmw_acct_add_since(acct, &s->chan.acct, &then);
	vmw_pool_put(s);
	return ret;
}
