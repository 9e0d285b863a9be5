// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated VMware host: the host side of the GuestRPC message
 * channel, register by register, as docs/protocol.md describes it.
 *
 * Choices where the protocol leaves room (tests/sim/README.md):
 *  - A failed step answers status 0: neither SUCCESS nor CLOSED. That
 *    covers an unknown, closed or expired channel, wrong cookies and a
 *    step out of order. Known guests look at SUCCESS (and CPT) only.
 *  - ecx[15:0] of an LB answer keeps the command (30); edx[15:0] keeps
 *    the port; eax is left as the guest passed it.
 *  - A SENDSIZE drops any reply not yet received; a CPT in a send step
 *    drops the partial message (the guest restarts at SENDSIZE); a CPT
 *    in a receive step keeps the reply (the guest restarts at RECVSIZE).
 *  - RECVPAYLOAD or RECVSTATUS with ebx lacking SUCCESS drops the reply.
 *  - RECVSTATUS with SUCCESS before the whole reply was read (after
 *    RECVSIZE) fails and keeps the reply.
 */
#include <linux/err.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

const char *const vmw_sim_step_names[VMW_SIM_NSTEPS] = {
	[VMW_SIM_OPEN] = "open",
	[VMW_SIM_SENDSIZE] = "sendsize",
	[VMW_SIM_SENDPAYLOAD] = "sendpayload",
	[VMW_SIM_HB_SEND] = "hb-send",
	[VMW_SIM_RECVSIZE] = "recvsize",
	[VMW_SIM_RECVPAYLOAD] = "recvpayload",
	[VMW_SIM_HB_RECV] = "hb-recv",
	[VMW_SIM_RECVSTATUS] = "recvstatus",
	[VMW_SIM_CLOSE] = "close",
	[VMW_SIM_BAD] = "bad",
	[VMW_SIM_PASSTHROUGH] = "passthrough",
};

const char *const vmw_sim_garbage_names[VMW_SIM_G_N] = {
	[VMW_SIM_G_RECVSIZE_TYPE] = "recvsize_type",
	[VMW_SIM_G_RECVPAYLOAD_TYPE] = "recvpayload_type",
	[VMW_SIM_G_BAD_REPLY] = "bad_reply",
	[VMW_SIM_G_SHORT_REPLY] = "short_reply",
	[VMW_SIM_G_OVERSIZE] = "oversize",
};

#define ST_SUCCESS	VMW_SIM_ST_SUCCESS
#define GUESTINFO	"guestinfo."

/* Blobs */

struct vmw_sim_blob *vmw_sim_blob_new(const void *data, size_t len,
				      gfp_t gfp)
{
	struct vmw_sim_blob *b;

	b = kvmalloc(struct_size(b, data, len), gfp);
	if (!b)
		return NULL;
	kref_init(&b->ref);
	b->len = len;
	if (data && len)
		memcpy(b->data, data, len);
	return b;
}

static void vmw_sim_blob_release(struct kref *ref)
{
	kvfree(container_of(ref, struct vmw_sim_blob, ref));
}

void vmw_sim_blob_put(struct vmw_sim_blob *b)
{
	if (b)
		kref_put(&b->ref, vmw_sim_blob_release);
}

static struct vmw_sim_blob *vmw_sim_blob_get(struct vmw_sim_blob *b)
{
	if (b)
		kref_get(&b->ref);
	return b;
}

/* Replies */

static void vmw_sim_reply_drop(struct vmw_sim_chan *c)
{
	vmw_sim_blob_put(c->reply.body);
	memset(&c->reply, 0, sizeof(c->reply));
	c->has_reply = false;
	c->receiving = false;
	c->out_off = 0;
}

/* Set the reply to @head followed by @body (a new reference is taken). */
static void vmw_sim_reply_set(struct vmw_sim_chan *c, const char *head,
			      struct vmw_sim_blob *body)
{
	vmw_sim_reply_drop(c);
	c->reply.head_len = min(strlen(head), sizeof(c->reply.head));
	memcpy(c->reply.head, head, c->reply.head_len);
	c->reply.body = vmw_sim_blob_get(body);
	c->reply.len = c->reply.head_len + (body ? body->len : 0);
	c->has_reply = true;
}

/* Copy reply bytes [off, off + len) to @dst; they must exist. */
static void vmw_sim_reply_copy(const struct vmw_sim_reply *rp, size_t off,
			       u8 *dst, size_t len)
{
	size_t n;

	if (off < rp->head_len) {
		n = min_t(size_t, len, rp->head_len - off);
		memcpy(dst, rp->head + off, n);
		dst += n;
		off += n;
		len -= n;
	}
	if (len)
		memcpy(dst, rp->body->data + off - rp->head_len, len);
}

/* Channels */

static void vmw_sim_chan_free(struct vmw_sim *sim, struct vmw_sim_chan *c)
{
	vmw_sim_reply_drop(c);
	kvfree(c->in);
	vmw_sim_blob_put(c->tclo_cmd);
	memset(c, 0, sizeof(*c));
	sim->nr_open--;
}

/* Close the channels idle for longer than the timeout. Lock held. */
static void vmw_sim_expire(struct vmw_sim *sim)
{
	unsigned long timeout = msecs_to_jiffies(sim->cfg.idle_timeout_ms);
	int i;

	if (!sim->cfg.idle_timeout_ms || !sim->nr_open)
		return;
	for (i = 0; i < VMW_SIM_MAX_CHANNELS; i++) {
		struct vmw_sim_chan *c = &sim->chans[i];

		if (c->used && time_after(jiffies, c->last + timeout)) {
			vmw_sim_chan_free(sim, c);
			sim->counters.expired++;
		}
	}
}

/* The channel a step names, if its cookies are right. Lock held. */
static struct vmw_sim_chan *vmw_sim_find(struct vmw_sim *sim, u32 edx,
					 u32 cookie_high, u32 cookie_low)
{
	unsigned int id = edx >> 16;
	struct vmw_sim_chan *c;

	if (id >= VMW_SIM_MAX_CHANNELS)
		return NULL;
	c = &sim->chans[id];
	if (!c->used)
		return NULL;
	if (c->cookies &&
	    (c->cookie_high != cookie_high || c->cookie_low != cookie_low))
		return NULL;
	c->last = jiffies;
	return c;
}

/* Faults */

/* Is a CPT due at this call of @step? Counts the call down. Lock held. */
static bool vmw_sim_cpt_due(struct vmw_sim *sim, enum vmw_sim_step step)
{
	struct vmw_sim_faults *f = &sim->faults;

	if (!f->cpt_left[step])
		return false;
	if (f->cpt_skip[step]) {
		f->cpt_skip[step]--;
		return false;
	}
	f->cpt_left[step]--;
	return true;
}

static bool vmw_sim_garbage_due(struct vmw_sim *sim, enum vmw_sim_garbage g)
{
	if (!sim->faults.garbage_left[g])
		return false;
	sim->faults.garbage_left[g]--;
	return true;
}

/* Guestinfo */

static struct vmw_sim_gi *vmw_sim_gi_find(struct vmw_sim *sim,
					  const void *key, size_t klen)
{
	struct vmw_sim_gi *gi;

	list_for_each_entry(gi, &sim->guestinfo, node)
		if (gi->klen == klen && !memcmp(gi->key, key, klen))
			return gi;
	return NULL;
}

static size_t vmw_sim_gi_cost(size_t klen, size_t vlen)
{
	return VMW_SIM_KEY_OVERHEAD + klen + vlen;
}

static void vmw_sim_gi_free(struct vmw_sim *sim, struct vmw_sim_gi *gi)
{
	sim->guestinfo_used -= vmw_sim_gi_cost(gi->klen, gi->val->len);
	list_del(&gi->node);
	vmw_sim_blob_put(gi->val);
	kfree(gi);
}

/*
 * Store @klen bytes of @key -> the first @keep bytes of the current value
 * followed by @vlen bytes of @val. Lock held.
 * Return: 0, -EINVAL (key), -ENOSPC (over guestinfo_max) or -ENOMEM.
 */
static int vmw_sim_gi_store(struct vmw_sim *sim, const void *key, size_t klen,
			    size_t keep, const void *val, size_t vlen)
{
	struct vmw_sim_gi *gi = vmw_sim_gi_find(sim, key, klen);
	size_t old = gi ? vmw_sim_gi_cost(klen, gi->val->len) : 0;
	struct vmw_sim_blob *b;
	size_t len;

	if (!klen || klen > VMW_SIM_KEY_MAX)
		return -EINVAL;
	if (keep && (!gi || keep > gi->val->len))
		return -EINVAL;
	if (check_add_overflow(keep, vlen, &len) ||
	    sim->guestinfo_used - old + vmw_sim_gi_cost(klen, len) >
	    sim->cfg.guestinfo_max)
		return -ENOSPC;
	b = vmw_sim_blob_new(NULL, len, sim->gfp);
	if (!b)
		return -ENOMEM;
	if (keep)
		memcpy(b->data, gi->val->data, keep);
	if (vlen)
		memcpy(b->data + keep, val, vlen);
	if (!gi) {
		gi = kzalloc(struct_size(gi, key, klen), sim->gfp);
		if (!gi) {
			vmw_sim_blob_put(b);
			return -ENOMEM;
		}
		memcpy(gi->key, key, klen);
		gi->klen = klen;
		list_add_tail(&gi->node, &sim->guestinfo);
	} else {
		vmw_sim_blob_put(gi->val);
	}
	gi->val = b;
	sim->guestinfo_used += vmw_sim_gi_cost(klen, len) - old;
	return 0;
}

/**
 * vmw_sim_guestinfo_set() - set a guestinfo value
 * @sim: the host
 * @key: the key without "guestinfo."
 * @klen: its length (1 to VMW_SIM_KEY_MAX)
 * @val: the value bytes
 * @vlen: their length (0 is allowed here, unlike through info-set)
 *
 * Return: 0, -EINVAL, -ENOSPC (over guestinfo_max) or -ENOMEM.
 */
int vmw_sim_guestinfo_set(struct vmw_sim *sim, const void *key, size_t klen,
			  const void *val, size_t vlen)
{
	int ret;

	mutex_lock(&sim->lock);
	ret = vmw_sim_gi_store(sim, key, klen, 0, val, vlen);
	mutex_unlock(&sim->lock);
	return ret;
}

/**
 * vmw_sim_guestinfo_append() - write into a value at @off, as a file write
 * @sim: the host
 * @key: the key without "guestinfo."
 * @klen: its length
 * @off: 0 replaces the value; the value's length appends; else -EINVAL
 * @val: the bytes
 * @vlen: their length
 *
 * Return: 0 or a negative errno as vmw_sim_guestinfo_set().
 */
int vmw_sim_guestinfo_append(struct vmw_sim *sim, const void *key,
			     size_t klen, size_t off, const void *val,
			     size_t vlen)
{
	struct vmw_sim_gi *gi;
	int ret = -EINVAL;

	mutex_lock(&sim->lock);
	gi = vmw_sim_gi_find(sim, key, klen);
	if (!off || (gi && gi->val->len == off))
		ret = vmw_sim_gi_store(sim, key, klen, off, val, vlen);
	mutex_unlock(&sim->lock);
	return ret;
}

/**
 * vmw_sim_guestinfo_get() - a value
 * @sim: the host
 * @key: the key without "guestinfo."
 * @klen: its length
 *
 * Return: a reference to the value (release it with vmw_sim_blob_put())
 * or NULL when the key is not set.
 */
struct vmw_sim_blob *vmw_sim_guestinfo_get(struct vmw_sim *sim,
					   const void *key, size_t klen)
{
	struct vmw_sim_blob *b = NULL;
	struct vmw_sim_gi *gi;

	mutex_lock(&sim->lock);
	gi = vmw_sim_gi_find(sim, key, klen);
	if (gi)
		b = vmw_sim_blob_get(gi->val);
	mutex_unlock(&sim->lock);
	return b;
}

/**
 * vmw_sim_guestinfo_delete() - unset a key
 * @sim: the host
 * @key: the key without "guestinfo."
 * @klen: its length
 *
 * Return: 0 or -ENOENT.
 */
int vmw_sim_guestinfo_delete(struct vmw_sim *sim, const void *key,
			     size_t klen)
{
	struct vmw_sim_gi *gi;
	int ret = -ENOENT;

	mutex_lock(&sim->lock);
	gi = vmw_sim_gi_find(sim, key, klen);
	if (gi) {
		vmw_sim_gi_free(sim, gi);
		ret = 0;
	}
	mutex_unlock(&sim->lock);
	return ret;
}

/* The log */

/* Append @len bytes and a newline, dropping the oldest lines. Lock held. */
static void vmw_sim_log_add(struct vmw_sim *sim, const u8 *text, size_t len)
{
	size_t max = sim->cfg.log_max, need;
	u8 *nl;

	if (!max)
		return;
	len = min(len, max - 1);
	if (sim->log_len + len + 1 > max) {
		need = sim->log_len + len + 1 - max;
		nl = memchr(sim->log + need - 1, '\n', sim->log_len - need + 1);
		need = nl ? nl - sim->log + 1 : sim->log_len;
		memmove(sim->log, sim->log + need, sim->log_len - need);
		sim->log_len -= need;
	}
	memcpy(sim->log + sim->log_len, text, len);
	sim->log_len += len;
	sim->log[sim->log_len++] = '\n';
	if (sim->cfg.debugcon) {
		/* Port output: no lock, no allocation, nothing to fail. */
		outsb(VMW_SIM_DEBUGCON_PORT, text, len);
		outb('\n', VMW_SIM_DEBUGCON_PORT);
	}
}

/**
 * vmw_sim_log_get() - a copy of the log command's text
 * @sim: the host
 * @buf: where it goes
 * @size: bytes of @buf; the rest of the log is left out
 *
 * Return: the bytes copied.
 */
size_t vmw_sim_log_get(struct vmw_sim *sim, char *buf, size_t size)
{
	size_t n;

	mutex_lock(&sim->lock);
	n = min(size, sim->log_len);
	memcpy(buf, sim->log, n);
	mutex_unlock(&sim->lock);
	return n;
}

void vmw_sim_log_clear(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	sim->log_len = 0;
	mutex_unlock(&sim->lock);
}

/* RPCI commands */

static bool vmw_sim_word(const u8 *msg, size_t len, const char *word,
			 const u8 **arg, size_t *arg_len)
{
	size_t n = strlen(word);

	if (len < n || memcmp(msg, word, n))
		return false;
	if (len == n) {
		*arg = msg + n;
		*arg_len = 0;
		return true;
	}
	if (msg[n] != ' ')
		return false;
	*arg = msg + n + 1;
	*arg_len = len - n - 1;
	return true;
}

static bool vmw_sim_is_guestinfo(const u8 *key, size_t len)
{
	size_t n = strlen(GUESTINFO);

	return len > n && !memcmp(key, GUESTINFO, n);
}

static void vmw_sim_info_get(struct vmw_sim *sim, struct vmw_sim_chan *c,
			     const u8 *key, size_t klen)
{
	struct vmw_sim_gi *gi = NULL;
	size_t n = strlen(GUESTINFO);

	if (vmw_sim_is_guestinfo(key, klen))
		gi = vmw_sim_gi_find(sim, key + n, klen - n);
	if (gi)
		vmw_sim_reply_set(c, "1 ", gi->val);
	else
		vmw_sim_reply_set(c, "0 No value found", NULL);
}

static void vmw_sim_info_set(struct vmw_sim *sim, struct vmw_sim_chan *c,
			     const u8 *arg, size_t len)
{
	size_t n = strlen(GUESTINFO);
	const u8 *sp = memchr(arg, ' ', len);
	size_t klen;
	int ret;

	if (!sp || sp == arg + len - 1) {
		vmw_sim_reply_set(c, "0 Two and exactly two arguments expected",
				  NULL);
		return;
	}
	klen = sp - arg;
	if (!vmw_sim_is_guestinfo(arg, klen)) {
		vmw_sim_reply_set(c, "0 Invalid key", NULL);
		return;
	}
	ret = vmw_sim_gi_store(sim, arg + n, klen - n, 0, sp + 1,
			       len - klen - 1);
	if (ret == -ENOSPC)
		vmw_sim_reply_set(c, "0 Too much guestinfo", NULL);
	else if (ret)
		vmw_sim_reply_set(c, "0 Invalid key", NULL);
	else
		vmw_sim_reply_set(c, "1 ", NULL);
}

/* A TCLO entry or an RPCI record. Lock held. */
static void vmw_sim_tclo_free(struct vmw_sim_tclo_ent *e)
{
	list_del(&e->node);
	vmw_sim_blob_put(e->cmd);
	vmw_sim_blob_put(e->answer);
	kfree(e);
}

/* Record an RPCI command, dropping the oldest past the bound. Lock held. */
static void vmw_sim_rpci_record(struct vmw_sim *sim, const u8 *msg,
				size_t len)
{
	struct vmw_sim_tclo_ent *e = kzalloc(sizeof(*e), sim->gfp);

	if (!e)
		return;
	e->cmd = vmw_sim_blob_new(msg, len, sim->gfp);
	if (!e->cmd) {
		kfree(e);
		return;
	}
	list_add_tail(&e->node, &sim->rpci_log);
	if (++sim->rpci_logged > VMW_SIM_RPCI_MAX) {
		vmw_sim_tclo_free(list_first_entry(&sim->rpci_log,
						   struct vmw_sim_tclo_ent,
						   node));
		sim->rpci_logged--;
	}
}

/* Does @msg start with @prefix and have more after it? */
static bool vmw_sim_prefix(const u8 *msg, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len > n && !memcmp(msg, prefix, n);
}

/* Run one RPCI command and set the channel's reply. Lock held. */
static void vmw_sim_rpci(struct vmw_sim *sim, struct vmw_sim_chan *c,
			 const u8 *msg, size_t len)
{
	const u8 *arg;
	size_t alen;

	vmw_sim_rpci_record(sim, msg, len);
	if (vmw_sim_word(msg, len, "info-get", &arg, &alen)) {
		if (sim->cfg.secure_rpc)
			vmw_sim_reply_set(c, "0 Permission denied", NULL);
		else
			vmw_sim_info_get(sim, c, arg, alen);
	} else if (vmw_sim_word(msg, len, "info-set", &arg, &alen)) {
		if (sim->cfg.secure_rpc)
			vmw_sim_reply_set(c, "0 Permission denied", NULL);
		else
			vmw_sim_info_set(sim, c, arg, alen);
	} else if (vmw_sim_word(msg, len, "log", &arg, &alen)) {
		vmw_sim_log_add(sim, arg, alen);
		vmw_sim_reply_set(c, "1 ", NULL);
	} else if (vmw_sim_word(msg, len, "tools.set.version", &arg, &alen) ||
		   vmw_sim_word(msg, len, "tools.os.statechange.status", &arg,
				&alen) ||
		   vmw_sim_word(msg, len, "vmx.capability.unified_loop", &arg,
				&alen) ||
		   vmw_sim_prefix(msg, len, "tools.capability.")) {
		vmw_sim_reply_set(c, "1 ", NULL);
	} else {
		vmw_sim_reply_set(c, "0 Unknown command", NULL);
	}

	if (vmw_sim_garbage_due(sim, VMW_SIM_G_BAD_REPLY))
		vmw_sim_reply_set(c, "garbage", NULL);
	else if (vmw_sim_garbage_due(sim, VMW_SIM_G_SHORT_REPLY))
		vmw_sim_reply_set(c, "1", NULL);
}

/* TCLO */

/*
 * The guest sent @msg on a TCLO channel: record it as the answer to the
 * command it was handed (if any, or if not empty), then hand it the next
 * command. Lock held.
 */
static void vmw_sim_tclo(struct vmw_sim *sim, struct vmw_sim_chan *c,
			 const u8 *msg, size_t len)
{
	struct vmw_sim_tclo_ent *e;
	u64 wait;

	vmw_sim_reply_drop(c);
	if (c->tclo_cmd) {
		wait = jiffies_to_msecs(jiffies - c->tclo_handed);
		sim->counters.tclo_answered++;
		sim->counters.tclo_answer_ms += wait;
		sim->counters.tclo_answer_ms_max =
			max(sim->counters.tclo_answer_ms_max, wait);
	}
	if (c->tclo_cmd || len) {
		e = kzalloc(sizeof(*e), sim->gfp);
		if (e && len)
			e->answer = vmw_sim_blob_new(msg, len, sim->gfp);
		if (e) {
			e->cmd = c->tclo_cmd;
			c->tclo_cmd = NULL;
			list_add_tail(&e->node, &sim->tclo_answers);
			if (++sim->tclo_answered > VMW_SIM_TCLO_MAX) {
				vmw_sim_tclo_free(list_first_entry(&sim->tclo_answers,
								   struct vmw_sim_tclo_ent,
								   node));
				sim->tclo_answered--;
			}
		}
	}
	vmw_sim_blob_put(c->tclo_cmd);
	c->tclo_cmd = NULL;

	e = list_first_entry_or_null(&sim->tclo_queue, struct vmw_sim_tclo_ent,
				     node);
	if (!e)
		return;
	vmw_sim_reply_set(c, "", e->cmd);
	c->tclo_cmd = vmw_sim_blob_get(e->cmd);
	c->tclo_handed = jiffies;
	wait = jiffies_to_msecs(jiffies - e->queued);
	sim->counters.tclo_handed++;
	sim->counters.tclo_wait_ms += wait;
	sim->counters.tclo_wait_ms_max = max(sim->counters.tclo_wait_ms_max,
					     wait);
	vmw_sim_tclo_free(e);
	sim->tclo_queued--;
}

/**
 * vmw_sim_tclo_queue() - queue a command for the next TCLO poll
 * @sim: the host
 * @cmd: the command bytes
 * @len: their length
 *
 * Return: 0, -ENOSPC when VMW_SIM_TCLO_MAX are pending, -EMSGSIZE or
 * -ENOMEM.
 */
int vmw_sim_tclo_queue(struct vmw_sim *sim, const void *cmd, size_t len)
{
	struct vmw_sim_tclo_ent *e;

	if (len > VMW_SIM_MAX_IN)
		return -EMSGSIZE;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->cmd = vmw_sim_blob_new(cmd, len, GFP_KERNEL);
	if (!e->cmd) {
		kfree(e);
		return -ENOMEM;
	}
	mutex_lock(&sim->lock);
	if (sim->tclo_queued >= VMW_SIM_TCLO_MAX) {
		mutex_unlock(&sim->lock);
		vmw_sim_blob_put(e->cmd);
		kfree(e);
		return -ENOSPC;
	}
	e->queued = jiffies;
	list_add_tail(&e->node, &sim->tclo_queue);
	sim->tclo_queued++;
	mutex_unlock(&sim->lock);
	return 0;
}

static void vmw_sim_tclo_clear_locked(struct list_head *list)
{
	struct vmw_sim_tclo_ent *e, *tmp;

	list_for_each_entry_safe(e, tmp, list, node)
		vmw_sim_tclo_free(e);
}

void vmw_sim_tclo_clear_answers(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	vmw_sim_tclo_clear_locked(&sim->tclo_answers);
	sim->tclo_answered = 0;
	mutex_unlock(&sim->lock);
}

void vmw_sim_rpci_clear(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	vmw_sim_tclo_clear_locked(&sim->rpci_log);
	sim->rpci_logged = 0;
	mutex_unlock(&sim->lock);
}

/* The message steps. Each returns the status; lock held. */

/* A whole message arrived: run it. */
static void vmw_sim_received(struct vmw_sim *sim, struct vmw_sim_chan *c)
{
	c->sending = false;
	if (c->proto == VMW_SIM_PROTO_TCLO)
		vmw_sim_tclo(sim, c, c->in, c->in_len);
	else
		vmw_sim_rpci(sim, c, c->in, c->in_len);
	kvfree(c->in);
	c->in = NULL;
}

static u16 vmw_sim_open(struct vmw_sim *sim, struct vmw_bdoor_regs *r)
{
	u32 proto = r->ebx & ~VMW_SIM_FLAG_COOKIE;
	bool cookies = r->ebx & VMW_SIM_FLAG_COOKIE;
	struct vmw_sim_chan *c = NULL;
	int id;

	if (sim->cfg.refuse_open ||
	    (proto != VMW_SIM_PROTO_RPCI && proto != VMW_SIM_PROTO_TCLO) ||
	    (cookies && !sim->cfg.cookies))
		return 0;
	if (sim->nr_open >= sim->cfg.max_channels) {
		sim->counters.refused_opens++;
		return 0;
	}
	for (id = 0; id < VMW_SIM_MAX_CHANNELS; id++) {
		if (!sim->chans[id].used) {
			c = &sim->chans[id];
			break;
		}
	}
	if (!c)
		return 0;
	c->used = true;
	c->proto = proto;
	c->cookies = cookies;
	if (cookies) {
		c->cookie_high = get_random_u32();
		c->cookie_low = get_random_u32();
		r->esi = c->cookie_high;
		r->edi = c->cookie_low;
	}
	c->last = jiffies;
	sim->nr_open++;
	sim->counters.peak_channels = max(sim->counters.peak_channels,
					  sim->nr_open);
	r->edx = ((u32)id << 16) | (r->edx & 0xffff);
	return ST_SUCCESS;
}

static u16 vmw_sim_sendsize(struct vmw_sim *sim, struct vmw_sim_chan *c,
			    struct vmw_bdoor_regs *r)
{
	u32 len = r->ebx;

	kvfree(c->in);
	c->in = NULL;
	c->sending = false;
	vmw_sim_reply_drop(c);
	if (len > VMW_SIM_MAX_IN)
		return 0;
	if (len) {
		c->in = kvmalloc(len, sim->gfp);
		if (!c->in)
			return 0;
	}
	c->in_len = len;
	c->in_off = 0;
	c->sending = true;
	if (!len)
		vmw_sim_received(sim, c);
	return ST_SUCCESS | (sim->cfg.hb ? VMW_SIM_ST_HB : 0);
}

static u16 vmw_sim_sendpayload(struct vmw_sim *sim, struct vmw_sim_chan *c,
			       struct vmw_bdoor_regs *r)
{
	u32 n, word = r->ebx;

	if (!c->sending)
		return 0;
	n = min(4U, c->in_len - c->in_off);
	memcpy(c->in + c->in_off, &word, n);
	c->in_off += n;
	if (c->in_off == c->in_len)
		vmw_sim_received(sim, c);
	return ST_SUCCESS;
}

static u16 vmw_sim_recvsize(struct vmw_sim *sim, struct vmw_sim_chan *c,
			    struct vmw_bdoor_regs *r, u8 *note)
{
	u16 type = VMW_SIM_MSG_SENDSIZE;

	c->receiving = false;
	c->out_off = 0;
	if (!c->has_reply) {
		r->ebx = 0;
		return ST_SUCCESS;
	}
	c->reported_len = c->reply.len;
	if (vmw_sim_garbage_due(sim, VMW_SIM_G_OVERSIZE)) {
		c->reported_len = sim->faults.oversize_len;
		*note = VMW_SIM_NOTE_GARBAGE;
	}
	if (vmw_sim_garbage_due(sim, VMW_SIM_G_RECVSIZE_TYPE)) {
		type = VMW_SIM_WRONG_TYPE;
		*note = VMW_SIM_NOTE_GARBAGE;
	}
	c->receiving = true;
	r->ebx = c->reported_len;
	r->edx = ((u32)type << 16) | (r->edx & 0xffff);
	return ST_SUCCESS | VMW_SIM_ST_DORECV | (sim->cfg.hb ? VMW_SIM_ST_HB : 0);
}

static u16 vmw_sim_recvpayload(struct vmw_sim *sim, struct vmw_sim_chan *c,
			       struct vmw_bdoor_regs *r, u8 *note)
{
	u16 type = VMW_SIM_MSG_SENDPAYLOAD;
	u32 word = 0;
	size_t n;

	if (!c->receiving)
		return 0;
	if (!(r->ebx & ST_SUCCESS)) {
		/* The guest gives up on the reply. */
		vmw_sim_reply_drop(c);
		return ST_SUCCESS;
	}
	if (c->out_off >= c->reply.len)
		return 0;
	n = min_t(size_t, 4, c->reply.len - c->out_off);
	vmw_sim_reply_copy(&c->reply, c->out_off, (u8 *)&word, n);
	c->out_off += n;
	if (vmw_sim_garbage_due(sim, VMW_SIM_G_RECVPAYLOAD_TYPE)) {
		type = VMW_SIM_WRONG_TYPE;
		*note = VMW_SIM_NOTE_GARBAGE;
	}
	r->ebx = word;
	r->edx = ((u32)type << 16) | (r->edx & 0xffff);
	return ST_SUCCESS;
}

static u16 vmw_sim_recvstatus(struct vmw_sim_chan *c, struct vmw_bdoor_regs *r)
{
	if (!c->has_reply)
		return 0;
	/* An acknowledgment of a reply not all read is out of order. */
	if ((r->ebx & ST_SUCCESS) &&
	    (!c->receiving || c->out_off < c->reply.len))
		return 0;
	/* Acknowledged (SUCCESS) or dropped (0): the reply is gone either way. */
	vmw_sim_reply_drop(c);
	return ST_SUCCESS;
}

/* A CPT at @step: what the host forgets. */
static void vmw_sim_cpt(struct vmw_sim_chan *c, enum vmw_sim_step step)
{
	if (!c)
		return;
	switch (step) {
	case VMW_SIM_SENDSIZE:
	case VMW_SIM_SENDPAYLOAD:
	case VMW_SIM_HB_SEND:
		kvfree(c->in);
		c->in = NULL;
		c->sending = false;
		break;
	case VMW_SIM_RECVSIZE:
	case VMW_SIM_RECVPAYLOAD:
	case VMW_SIM_HB_RECV:
	case VMW_SIM_RECVSTATUS:
		c->receiving = false;
		c->out_off = 0;
		break;
	default:
		break;
	}
}

/* Trace */

static void vmw_sim_regs_save(struct vmw_sim_regs *s,
			      const struct vmw_bdoor_regs *r)
{
	s->eax = r->eax;
	s->ebx = r->ebx;
	s->ecx = r->ecx;
	s->edx = r->edx;
	s->esi = r->esi;
	s->edi = r->edi;
	s->ebp = r->ebp;
}

/* Count the call and record it. Lock held. */
static void vmw_sim_record(struct vmw_sim *sim, enum vmw_sim_step step,
			   u8 note, const struct vmw_sim_regs *in,
			   const struct vmw_bdoor_regs *out)
{
	struct vmw_sim_trace_ent *e;

	sim->counters.calls[step]++;
	if (note == VMW_SIM_NOTE_FAIL)
		sim->counters.failed[step]++;
	if (!sim->cfg.trace || !sim->cfg.trace_size)
		return;
	e = &sim->trace[sim->trace_next % sim->cfg.trace_size];
	e->seq = sim->trace_next++;
	e->step = step;
	e->note = note;
	e->in = *in;
	vmw_sim_regs_save(&e->out, out);
}

void vmw_sim_trace_clear(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	sim->trace_first = sim->trace_next;
	mutex_unlock(&sim->lock);
}

void vmw_sim_counters_clear(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	memset(&sim->counters, 0, sizeof(sim->counters));
	sim->counters.peak_channels = sim->nr_open;
	mutex_unlock(&sim->lock);
}

/* The three entry points */

/*
 * Take the lock for a call; an atomic one (the panic report) only tries
 * it, and allocates with GFP_ATOMIC while it holds it.
 */
static bool vmw_sim_call_lock(struct vmw_sim *sim,
			      const struct vmw_bdoor_regs *r)
{
	if (!r->atomic)
		mutex_lock(&sim->lock);
	else if (!mutex_trylock(&sim->lock))
		return false;
	sim->gfp = r->atomic ? GFP_ATOMIC : GFP_KERNEL;
	return true;
}

static void vmw_sim_call_unlock(struct vmw_sim *sim)
{
	sim->gfp = GFP_KERNEL;
	mutex_unlock(&sim->lock);
}

static const enum vmw_sim_step vmw_sim_lb_steps[] = {
	[VMW_SIM_MSG_OPEN] = VMW_SIM_OPEN,
	[VMW_SIM_MSG_SENDSIZE] = VMW_SIM_SENDSIZE,
	[VMW_SIM_MSG_SENDPAYLOAD] = VMW_SIM_SENDPAYLOAD,
	[VMW_SIM_MSG_RECVSIZE] = VMW_SIM_RECVSIZE,
	[VMW_SIM_MSG_RECVPAYLOAD] = VMW_SIM_RECVPAYLOAD,
	[VMW_SIM_MSG_RECVSTATUS] = VMW_SIM_RECVSTATUS,
	[VMW_SIM_MSG_CLOSE] = VMW_SIM_CLOSE,
};

static void vmw_sim_passthrough(struct vmw_sim *sim, struct vmw_bdoor_regs *r)
{
	struct vmw_sim_regs in;

	vmw_sim_regs_save(&in, r);
	if (sim->passthrough)
		sim->passthrough->lb(r);
	else
		r->eax = 0xffffffff;
	if (!vmw_sim_call_lock(sim, r))
		return;
	vmw_sim_record(sim, VMW_SIM_PASSTHROUGH, VMW_SIM_NOTE_NONE, &in, r);
	vmw_sim_call_unlock(sim);
}

/**
 * vmw_sim_lb() - a low-bandwidth call into the simulated host
 * @sim: the host
 * @r: the registers, in and out (eax holds the magic)
 *
 * Command 30 is the host's; anything else goes to @sim->passthrough.
 */
void vmw_sim_lb(struct vmw_sim *sim, struct vmw_bdoor_regs *r)
{
	u16 sub = r->ecx >> 16, st = 0;
	enum vmw_sim_step step = VMW_SIM_BAD;
	u8 note = VMW_SIM_NOTE_NONE;
	struct vmw_sim_chan *c = NULL;
	struct vmw_sim_regs in;

	if (r->eax != VMW_SIM_BDOOR_MAGIC ||
	    (r->ecx & 0xffff) != VMW_SIM_BDOOR_CMD_MESSAGE) {
		vmw_sim_passthrough(sim, r);
		return;
	}
	vmw_sim_regs_save(&in, r);
	if (sub < ARRAY_SIZE(vmw_sim_lb_steps) &&
	    (r->edx & 0xffff) == VMW_SIM_BDOOR_PORT)
		step = vmw_sim_lb_steps[sub];

	if (!vmw_sim_call_lock(sim, r)) {
		r->ecx = VMW_SIM_BDOOR_CMD_MESSAGE;	/* status 0 */
		return;
	}
	vmw_sim_expire(sim);
	if (step != VMW_SIM_OPEN && step != VMW_SIM_BAD)
		c = vmw_sim_find(sim, r->edx, r->esi, r->edi);

	if (vmw_sim_cpt_due(sim, step)) {
		vmw_sim_cpt(c, step);
		st = VMW_SIM_ST_CPT;
		note = VMW_SIM_NOTE_CPT;
		goto out;
	}
	if (step == VMW_SIM_OPEN) {
		st = vmw_sim_open(sim, r);
		goto out;
	}
	if (!c)
		goto out;

	switch (step) {
	case VMW_SIM_SENDSIZE:
		st = vmw_sim_sendsize(sim, c, r);
		break;
	case VMW_SIM_SENDPAYLOAD:
		st = vmw_sim_sendpayload(sim, c, r);
		break;
	case VMW_SIM_RECVSIZE:
		st = vmw_sim_recvsize(sim, c, r, &note);
		break;
	case VMW_SIM_RECVPAYLOAD:
		st = vmw_sim_recvpayload(sim, c, r, &note);
		break;
	case VMW_SIM_RECVSTATUS:
		st = vmw_sim_recvstatus(c, r);
		break;
	case VMW_SIM_CLOSE:
		vmw_sim_chan_free(sim, c);
		st = ST_SUCCESS;
		break;
	default:
		break;
	}
out:
	if (!(st & ST_SUCCESS) && note == VMW_SIM_NOTE_NONE)
		note = VMW_SIM_NOTE_FAIL;
	r->ecx = ((u32)st << 16) | VMW_SIM_BDOOR_CMD_MESSAGE;
	vmw_sim_record(sim, step, note, &in, r);
	vmw_sim_call_unlock(sim);
}

/*
 * The common part of both HB directions: find the channel (cookies in
 * @high and @low), apply a due CPT. Returns the channel or NULL with
 * *@st set. Lock held.
 */
static struct vmw_sim_chan *vmw_sim_hb_begin(struct vmw_sim *sim,
					     struct vmw_bdoor_regs *r,
					     enum vmw_sim_step step,
					     u32 high, u32 low, u16 *st,
					     u8 *note)
{
	struct vmw_sim_chan *c;

	vmw_sim_expire(sim);
	c = vmw_sim_find(sim, r->edx, high, low);
	if (vmw_sim_cpt_due(sim, step)) {
		vmw_sim_cpt(c, step);
		*st = VMW_SIM_ST_CPT;
		*note = VMW_SIM_NOTE_CPT;
		return NULL;
	}
	if (r->eax != VMW_SIM_BDOOR_MAGIC ||
	    (r->edx & 0xffff) != VMW_SIM_BDOOR_HB_PORT ||
	    (r->ebx & 0xffff) != VMW_SIM_BDOORHB_CMD_MESSAGE || !sim->cfg.hb ||
	    !r->buf)
		return NULL;
	return c;
}

static void vmw_sim_hb_end(struct vmw_sim *sim, struct vmw_bdoor_regs *r,
			   enum vmw_sim_step step, u16 st, u8 note,
			   const struct vmw_sim_regs *in)
{
	if (!(st & ST_SUCCESS) && note == VMW_SIM_NOTE_NONE)
		note = VMW_SIM_NOTE_FAIL;
	r->ebx = (u32)st << 16;
	vmw_sim_record(sim, step, note, in, r);
}

/**
 * vmw_sim_hb_out() - a high-bandwidth send (rep outsb) to the host
 * @sim: the host
 * @r: ebx = (SUCCESS << 16) | 0, ecx = length, edx[31:16] = channel,
 *	edi = cookie low, ebp = cookie high, buf = the bytes
 *
 * The status comes back in ebx[31:16]. The length must be what is left
 * of the message SENDSIZE announced.
 */
void vmw_sim_hb_out(struct vmw_sim *sim, struct vmw_bdoor_regs *r)
{
	u8 note = VMW_SIM_NOTE_NONE;
	struct vmw_sim_chan *c;
	struct vmw_sim_regs in;
	u16 st = 0;

	vmw_sim_regs_save(&in, r);
	if (!vmw_sim_call_lock(sim, r)) {
		r->ebx = 0;	/* status 0 */
		return;
	}
	c = vmw_sim_hb_begin(sim, r, VMW_SIM_HB_SEND, r->ebp, r->edi, &st,
			     &note);
	if (c && c->sending && r->ecx && r->ecx == c->in_len - c->in_off) {
		memcpy(c->in + c->in_off, r->buf, r->ecx);
		c->in_off = c->in_len;
		vmw_sim_received(sim, c);
		st = ST_SUCCESS;
	}
	vmw_sim_hb_end(sim, r, VMW_SIM_HB_SEND, st, note, &in);
	vmw_sim_call_unlock(sim);
}

/**
 * vmw_sim_hb_in() - a high-bandwidth receive (rep insb) from the host
 * @sim: the host
 * @r: ebx = (SUCCESS << 16) | 0, ecx = length, edx[31:16] = channel,
 *	esi = cookie high, ebp = cookie low, buf = where the bytes go
 *
 * The status comes back in ebx[31:16]. The length must be what is left
 * of the reply RECVSIZE announced; RECVSTATUS (LB) follows.
 */
void vmw_sim_hb_in(struct vmw_sim *sim, struct vmw_bdoor_regs *r)
{
	u8 note = VMW_SIM_NOTE_NONE;
	struct vmw_sim_chan *c;
	struct vmw_sim_regs in;
	u16 st = 0;

	vmw_sim_regs_save(&in, r);
	if (!vmw_sim_call_lock(sim, r)) {
		r->ebx = 0;	/* status 0 */
		return;
	}
	c = vmw_sim_hb_begin(sim, r, VMW_SIM_HB_RECV, r->esi, r->ebp, &st,
			     &note);
	if (c && c->receiving && r->ecx &&
	    c->reported_len == c->reply.len &&
	    r->ecx == c->reply.len - c->out_off) {
		vmw_sim_reply_copy(&c->reply, c->out_off, r->buf, r->ecx);
		c->out_off = c->reply.len;
		st = ST_SUCCESS;
	}
	vmw_sim_hb_end(sim, r, VMW_SIM_HB_RECV, st, note, &in);
	vmw_sim_call_unlock(sim);
}

/* Control */

/* Settings: one setter and getter per control, each taking the lock. */

static bool *vmw_sim_flag_ptr(struct vmw_sim *sim, enum vmw_sim_flag flag)
{
	switch (flag) {
	case VMW_SIM_F_HB:
		return &sim->cfg.hb;
	case VMW_SIM_F_COOKIES:
		return &sim->cfg.cookies;
	case VMW_SIM_F_REFUSE_OPEN:
		return &sim->cfg.refuse_open;
	case VMW_SIM_F_SECURE_RPC:
		return &sim->cfg.secure_rpc;
	case VMW_SIM_F_TRACE:
		return &sim->cfg.trace;
	case VMW_SIM_F_DEBUGCON:
		return &sim->cfg.debugcon;
	default:
		return NULL;
	}
}

/**
 * vmw_sim_set_flag() - turn one of the host's on/off settings on or off
 * @sim: the host
 * @flag: which (vmw_sim_set_hb() and friends in sim.h name them)
 * @on: the new value
 *
 * Return: 0, or -EINVAL for an unknown @flag.
 */
int vmw_sim_set_flag(struct vmw_sim *sim, enum vmw_sim_flag flag, bool on)
{
	bool *p = vmw_sim_flag_ptr(sim, flag);

	if (!p)
		return -EINVAL;
	mutex_lock(&sim->lock);
	*p = on;
	mutex_unlock(&sim->lock);
	return 0;
}

/**
 * vmw_sim_flag() - one of the host's on/off settings
 * @sim: the host
 * @flag: which
 *
 * Return: its value (false for an unknown @flag).
 */
bool vmw_sim_flag(struct vmw_sim *sim, enum vmw_sim_flag flag)
{
	bool *p = vmw_sim_flag_ptr(sim, flag);
	bool on;

	if (!p)
		return false;
	mutex_lock(&sim->lock);
	on = *p;
	mutex_unlock(&sim->lock);
	return on;
}

/**
 * vmw_sim_set_idle_timeout_ms() - change the idle expiry
 * @sim: the host
 * @ms: a channel with no step for this long is closed (0: never)
 */
void vmw_sim_set_idle_timeout_ms(struct vmw_sim *sim, unsigned int ms)
{
	mutex_lock(&sim->lock);
	sim->cfg.idle_timeout_ms = ms;
	mutex_unlock(&sim->lock);
}

/**
 * vmw_sim_idle_timeout_ms() - the idle expiry in force
 * @sim: the host
 *
 * Return: milliseconds, 0 for never.
 */
unsigned int vmw_sim_idle_timeout_ms(struct vmw_sim *sim)
{
	unsigned int ms;

	mutex_lock(&sim->lock);
	ms = sim->cfg.idle_timeout_ms;
	mutex_unlock(&sim->lock);
	return ms;
}

/**
 * vmw_sim_max_channels() - the host-wide channel limit in force
 * @sim: the host
 *
 * Return: the limit.
 */
unsigned int vmw_sim_max_channels(struct vmw_sim *sim)
{
	unsigned int n;

	mutex_lock(&sim->lock);
	n = sim->cfg.max_channels;
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vmw_sim_counters_get() - a consistent copy of the counters
 * @sim: the host
 * @c: where to copy them
 *
 * Return: channels open now (no idle expiry is run).
 */
unsigned int vmw_sim_counters_get(struct vmw_sim *sim,
				  struct vmw_sim_counters *c)
{
	unsigned int n;

	mutex_lock(&sim->lock);
	*c = sim->counters;
	n = sim->nr_open;
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vmw_sim_calls() - calls of one step since the counters were cleared
 * @sim: the host
 * @step: the step
 *
 * Return: the count (0 for an unknown @step).
 */
u64 vmw_sim_calls(struct vmw_sim *sim, enum vmw_sim_step step)
{
	u64 n;

	if (step >= VMW_SIM_NSTEPS)
		return 0;
	mutex_lock(&sim->lock);
	n = sim->counters.calls[step];
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vmw_sim_failed() - failed calls of one step (nothing injected)
 * @sim: the host
 * @step: the step
 *
 * Return: the count (0 for an unknown @step).
 */
u64 vmw_sim_failed(struct vmw_sim *sim, enum vmw_sim_step step)
{
	u64 n;

	if (step >= VMW_SIM_NSTEPS)
		return 0;
	mutex_lock(&sim->lock);
	n = sim->counters.failed[step];
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vmw_sim_faults_get() - a consistent copy of the armed faults
 * @sim: the host
 * @f: where to copy them (counts left, as the host consumes them)
 */
void vmw_sim_faults_get(struct vmw_sim *sim, struct vmw_sim_faults *f)
{
	mutex_lock(&sim->lock);
	*f = sim->faults;
	mutex_unlock(&sim->lock);
}

/**
 * vmw_sim_set_max_channels() - change the host-wide channel limit
 * @sim: the host
 * @n: 1 to VMW_SIM_MAX_CHANNELS; channels open beyond it stay open
 *
 * Return: 0 or -EINVAL.
 */
int vmw_sim_set_max_channels(struct vmw_sim *sim, unsigned int n)
{
	if (!n || n > VMW_SIM_MAX_CHANNELS)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->cfg.max_channels = n;
	mutex_unlock(&sim->lock);
	return 0;
}

/**
 * vmw_sim_nr_channels() - channels open now (after idle expiry)
 * @sim: the host
 *
 * Return: the number.
 */
unsigned int vmw_sim_nr_channels(struct vmw_sim *sim)
{
	unsigned int n;

	mutex_lock(&sim->lock);
	vmw_sim_expire(sim);
	n = sim->nr_open;
	mutex_unlock(&sim->lock);
	return n;
}

/**
 * vmw_sim_close_channel() - the host closes a channel
 * @sim: the host
 * @id: the channel id, or -1 for all
 *
 * Return: 0, or -ENOENT when @id is not open.
 */
int vmw_sim_close_channel(struct vmw_sim *sim, int id)
{
	int i, ret = -ENOENT;

	mutex_lock(&sim->lock);
	for (i = 0; i < VMW_SIM_MAX_CHANNELS; i++) {
		if ((id < 0 || id == i) && sim->chans[i].used) {
			vmw_sim_chan_free(sim, &sim->chans[i]);
			ret = 0;
		}
	}
	mutex_unlock(&sim->lock);
	return id < 0 ? 0 : ret;
}

/**
 * vmw_sim_fault_cpt() - inject CPTs
 * @sim: the host
 * @step: which step (not VMW_SIM_CLOSE, _BAD or _PASSTHROUGH)
 * @nth: the first CPT comes at the @nth call of @step from now (1: next)
 * @count: CPTs at that call and the ones right after it (0 disarms)
 *
 * Return: 0 or -EINVAL.
 */
int vmw_sim_fault_cpt(struct vmw_sim *sim, enum vmw_sim_step step,
		      unsigned int nth, unsigned int count)
{
	if (step >= VMW_SIM_CLOSE || (!nth && count))
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->faults.cpt_skip[step] = count ? nth - 1 : 0;
	sim->faults.cpt_left[step] = count;
	mutex_unlock(&sim->lock);
	return 0;
}

/**
 * vmw_sim_fault_garbage() - spoil answers
 * @sim: the host
 * @g: which answer
 * @count: how many of the next ones (0 disarms)
 * @arg: for VMW_SIM_G_OVERSIZE, the length to report
 *
 * Return: 0 or -EINVAL.
 */
int vmw_sim_fault_garbage(struct vmw_sim *sim, enum vmw_sim_garbage g,
			  unsigned int count, u32 arg)
{
	if (g >= VMW_SIM_G_N)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->faults.garbage_left[g] = count;
	if (g == VMW_SIM_G_OVERSIZE)
		sim->faults.oversize_len = arg;
	mutex_unlock(&sim->lock);
	return 0;
}

void vmw_sim_faults_clear(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	memset(&sim->faults, 0, sizeof(sim->faults));
	mutex_unlock(&sim->lock);
}

/* Everything but the trace ring and log buffer allocations. Lock held. */
static void vmw_sim_clear_locked(struct vmw_sim *sim)
{
	struct vmw_sim_gi *gi, *tmp;
	int i;

	for (i = 0; i < VMW_SIM_MAX_CHANNELS; i++)
		if (sim->chans[i].used)
			vmw_sim_chan_free(sim, &sim->chans[i]);
	list_for_each_entry_safe(gi, tmp, &sim->guestinfo, node)
		vmw_sim_gi_free(sim, gi);
	vmw_sim_tclo_clear_locked(&sim->tclo_queue);
	vmw_sim_tclo_clear_locked(&sim->tclo_answers);
	vmw_sim_tclo_clear_locked(&sim->rpci_log);
	sim->tclo_queued = 0;
	sim->tclo_answered = 0;
	sim->rpci_logged = 0;
	memset(&sim->faults, 0, sizeof(sim->faults));
	memset(&sim->counters, 0, sizeof(sim->counters));
	sim->log_len = 0;
	sim->trace_first = sim->trace_next;
}

/**
 * vmw_sim_reset() - back to the state at creation
 * @sim: the host
 *
 * Closes every channel, forgets guestinfo, the log, TCLO commands and
 * answers, the recorded RPCI commands, faults, counters and the trace, and restores the settings
 * the host was created with.
 */
void vmw_sim_reset(struct vmw_sim *sim)
{
	mutex_lock(&sim->lock);
	vmw_sim_clear_locked(sim);
	sim->cfg = sim->init_cfg;
	mutex_unlock(&sim->lock);
}

/*
 * The transport's ops carry no context, so these serve the one instance
 * in vmw_sim_attached, which the user sets before attaching them.
 */
struct vmw_sim *vmw_sim_attached;

static void vmw_sim_op_lb(struct vmw_bdoor_regs *r)
{
	vmw_sim_lb(vmw_sim_attached, r);
}

static void vmw_sim_op_hb_out(struct vmw_bdoor_regs *r)
{
	vmw_sim_hb_out(vmw_sim_attached, r);
}

static void vmw_sim_op_hb_in(struct vmw_bdoor_regs *r)
{
	vmw_sim_hb_in(vmw_sim_attached, r);
}

const struct vmw_transport_ops vmw_sim_transport = {
	.name = "simulated host",
	.lb = vmw_sim_op_lb,
	.hb_out = vmw_sim_op_hb_out,
	.hb_in = vmw_sim_op_hb_in,
};

/**
 * vmw_sim_create() - a new simulated host
 * @cfg: its settings (copied; max_channels 1 to VMW_SIM_MAX_CHANNELS)
 * @passthrough: where calls that are not messages go, or NULL
 *
 * Return: the host or an ERR_PTR().
 */
struct vmw_sim *vmw_sim_create(const struct vmw_sim_config *cfg,
			       const struct vmw_transport_ops *passthrough)
{
	struct vmw_sim *sim;

	if (!cfg->max_channels || cfg->max_channels > VMW_SIM_MAX_CHANNELS)
		return ERR_PTR(-EINVAL);
	sim = kzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return ERR_PTR(-ENOMEM);
	mutex_init(&sim->lock);
	sim->gfp = GFP_KERNEL;
	sim->cfg = *cfg;
	sim->init_cfg = *cfg;
	sim->passthrough = passthrough;
	INIT_LIST_HEAD(&sim->guestinfo);
	INIT_LIST_HEAD(&sim->tclo_queue);
	INIT_LIST_HEAD(&sim->tclo_answers);
	INIT_LIST_HEAD(&sim->rpci_log);
	if (cfg->log_max) {
		sim->log = kvmalloc(cfg->log_max, GFP_KERNEL);
		if (!sim->log)
			goto fail;
	}
	if (cfg->trace_size) {
		sim->trace = kvcalloc(cfg->trace_size, sizeof(*sim->trace),
				      GFP_KERNEL);
		if (!sim->trace)
			goto fail;
	}
	return sim;

fail:
	kvfree(sim->log);
	mutex_destroy(&sim->lock);
	kfree(sim);
	return ERR_PTR(-ENOMEM);
}

/**
 * vmw_sim_destroy() - free a host; nothing may call into it any more
 * @sim: the host, or NULL
 */
void vmw_sim_destroy(struct vmw_sim *sim)
{
	if (IS_ERR_OR_NULL(sim))
		return;
	mutex_lock(&sim->lock);
	vmw_sim_clear_locked(sim);
	mutex_unlock(&sim->lock);
	kvfree(sim->trace);
	kvfree(sim->log);
	mutex_destroy(&sim->lock);
	kfree(sim);
}
