// SPDX-License-Identifier: GPL-2.0
/*
 * The GuestRPC message channel engine: open, send, receive and close one
 * channel over the backdoor transport (docs/protocol.md, section 2).
 * It knows nothing about files, users or ioctls.
 *
 * A channel marked @atomic (the panic report, driver/panic.c) never
 * sleeps, allocates or waits for a lock: its transfers take 4-byte steps
 * only, never yield the CPU, and its replies go into the caller's buffer
 * (vmw_chan_recv_into()).
 *
 * Errors: those of VMW_RPC_IOC_CHAN_OPEN, _CHAN_SEND and _CHAN_RECV, each
 * with the one meaning uapi/linux/vmw_rpc.h gives it there (the one place
 * the meanings are written; libvmwrpc's messages are made from it). The
 * limits are the caller's: -EMSGSIZE and -EFBIG are over the lengths it
 * passes, and -ENOMEM drops a reply. -EINTR is a task being killed.
 *
 * A transfer that fails part-way (-EIO, -EAGAIN, -EPROTO, -EINTR) closes
 * the channel: what the host holds of that conversation is unknown. After
 * -EMSGSIZE, -EFBIG and -ENOMEM the channel is as it was before.
 *
 * Cookies: every channel is opened with them, and an open without them is
 * never tried (as vmwgfx does). A host that gives no cookies answers every
 * open with -ECONNREFUSED. Without cookies a host that expired a channel
 * and gave its id to another program (vmtoolsd's TCLO channel, say) would
 * take our next step, a CLOSE included, as that program's.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "trace.h"

/* Between this many 4-byte steps, yield the CPU and look for SIGKILL. */
#define VMW_MSG_RESCHED_STEPS	1024

static inline u16 vmw_lb_status(const struct vmw_bdoor_regs *r)
{
	return r->ecx >> 16;
}

static inline u16 vmw_hb_status(const struct vmw_bdoor_regs *r)
{
	return r->ebx >> 16;
}

/* A failed step: restart after a checkpoint, else @err. */
static inline int vmw_step_error(u16 status, int err)
{
	return (status & VMW_MSG_ST_CPT) ? -EAGAIN : err;
}

/* One low-bandwidth step on an open channel; @r->ebx is the argument. */
static void vmw_msg_step(struct vmw_chan *c, u16 step,
			 struct vmw_bdoor_regs *r)
{
	r->ecx = ((u32)step << 16) | VMW_RPC_BDOOR_CMD_MESSAGE;
	r->edx = (u32)c->id << 16;
	r->esi = c->cookie_high;
	r->edi = c->cookie_low;
	r->atomic = c->atomic;
	c->acct.bdoor++;
	vmw_bdoor_lb(r);
}

/* Does the size step's status @st let this transfer use high bandwidth? */
static bool vmw_chan_hb(const struct vmw_chan *c, u16 st)
{
	return (st & VMW_MSG_ST_HB) && !c->atomic && vmw_bdoor_hb_usable();
}

/* A transfer (or an open) starts again after a checkpoint. */
static void vmw_chan_cpt(struct vmw_chan *c)
{
	c->acct.cpts++;
	vmw_stat_add(VMW_STAT_CPTS, 1);
}

static bool vmw_msg_interrupted(const struct vmw_chan *c, size_t step)
{
	if (c->atomic || step % VMW_MSG_RESCHED_STEPS)
		return false;
	cond_resched();
	return fatal_signal_pending(current);
}

/**
 * vmw_chan_open() - open a channel on the host
 * @c: the channel; filled in on success
 * @proto: VMW_RPC_PROTO_RPCI or VMW_RPC_PROTO_TCLO
 *
 * Always asks for cookies, and never opens without them (see the top of
 * this file). An open that fails with a checkpoint is repeated as it was,
 * at most VMW_MSG_CPT_RETRIES times.
 *
 * @c->atomic is kept: set it before an open where nothing may sleep. An
 * open in process context should leave it clear (an atomic open only
 * tries the transport's locks in test-hook builds) and set it after.
 *
 * Context: process context; may sleep (cond_resched() between steps of
 * later transfers). Any context for an @atomic channel. The caller
 * serializes all use of @c.
 * Return: 0, -ECONNREFUSED (the host gave no channel with cookies), or
 * -EAGAIN after too many checkpoints.
 */
int vmw_chan_open(struct vmw_chan *c, u32 proto)
{
	struct vmw_bdoor_regs r;
	int cpts = 0;
	u16 st;

	for (;;) {
		memset(&r, 0, sizeof(r));
		r.ebx = proto | VMW_MSG_FLAG_COOKIE;
		r.ecx = ((u32)VMW_MSG_OPEN << 16) | VMW_RPC_BDOOR_CMD_MESSAGE;
		r.atomic = c->atomic;
		c->acct.bdoor++;
		vmw_bdoor_lb(&r);
		st = vmw_lb_status(&r);
		if (st & VMW_MSG_ST_SUCCESS)
			break;
		if (!(st & VMW_MSG_ST_CPT)) {
			vmw_stat_add(VMW_STAT_HOST_REFUSED, 1);
			trace_vmw_rpc_chan_open(proto, -1, -ECONNREFUSED);
			return -ECONNREFUSED;
		}
		if (cpts++ == VMW_MSG_CPT_RETRIES) {
			trace_vmw_rpc_chan_open(proto, -1, -EAGAIN);
			return -EAGAIN;
		}
		vmw_chan_cpt(c);
	}
	c->id = r.edx >> 16;
	c->cookie_high = r.esi;
	c->cookie_low = r.edi;
	c->proto = proto;
	c->open = true;
	vmw_stat_chan_opened();
	trace_vmw_rpc_chan_open(proto, c->id, 0);
	return 0;
}

/*
 * After a transfer: one that failed part-way leaves the host holding an
 * unknown part of the conversation; close the channel rather than talk
 * on. Only the failures that leave it as it was keep it open.
 */
static int vmw_chan_done(struct vmw_chan *c, int ret)
{
	switch (ret) {
	case 0:
	case -EMSGSIZE:
	case -EFBIG:
	case -ENOMEM:
		break;
	default:
		vmw_chan_close(c);
	}
	return ret;
}

/*
 * A size step failed: the host no longer knows the channel. Close it
 * anyway (the cookies make that safe) in case the host does know it.
 */
static int vmw_chan_lost(struct vmw_chan *c)
{
	vmw_chan_close(c);
	return -ECONNRESET;
}

static int vmw_send_hb(struct vmw_chan *c, const void *msg, size_t len)
{
	struct vmw_bdoor_regs r = {
		.ebx = ((u32)VMW_MSG_ST_SUCCESS << 16) | VMW_BDOORHB_CMD_MESSAGE,
		.ecx = len,
		.edx = (u32)c->id << 16,
		.edi = c->cookie_low,
		.ebp = c->cookie_high,
		.buf = (void *)msg,
	};
	u16 st;

	c->acct.bdoor++;
	c->acct.hb++;
	vmw_bdoor_hb_out(&r);
	st = vmw_hb_status(&r);
	return (st & VMW_MSG_ST_SUCCESS) ? 0 : vmw_step_error(st, -EIO);
}

static int vmw_send_lb(struct vmw_chan *c, const u8 *msg, size_t len)
{
	struct vmw_bdoor_regs r;
	size_t off;
	u16 st;

	for (off = 0; off < len; off += 4) {
		u32 word = 0;

		/* x86 is little-endian: the first byte goes in bits 0-7. */
		memcpy(&word, msg + off, min_t(size_t, 4, len - off));
		memset(&r, 0, sizeof(r));
		r.ebx = word;
		vmw_msg_step(c, VMW_MSG_SENDPAYLOAD, &r);
		st = vmw_lb_status(&r);
		if (!(st & VMW_MSG_ST_SUCCESS))
			return vmw_step_error(st, -EIO);
		if (vmw_msg_interrupted(c, off / 4 + 1))
			return -EINTR;
	}
	return 0;
}

static int vmw_send_once(struct vmw_chan *c, const void *msg, size_t len)
{
	struct vmw_bdoor_regs r = { .ebx = len };
	u16 st;

	vmw_msg_step(c, VMW_MSG_SENDSIZE, &r);
	st = vmw_lb_status(&r);
	if (!(st & VMW_MSG_ST_SUCCESS))
		return (st & VMW_MSG_ST_CPT) ? -EAGAIN : vmw_chan_lost(c);
	if (!len)
		return 0;
	if (vmw_chan_hb(c, st))
		return vmw_send_hb(c, msg, len);
	return vmw_send_lb(c, msg, len);
}

/**
 * vmw_chan_send() - send one message
 * @c: an open channel
 * @msg: the message bytes (NUL is just a byte)
 * @len: its length, at most VMW_MSG_MAX_SEND
 *
 * Uses high bandwidth when the host offers it and guest memory is not
 * encrypted, 4-byte steps otherwise. A checkpoint restarts the send from
 * the size step, at most VMW_MSG_CPT_RETRIES times. Unlike open-vm-tools,
 * a checkpoint reported by the size step itself is restarted too: nothing
 * has been sent then, so the restart is safe.
 *
 * Context: process context; may sleep. Any context for an @atomic
 * channel. The caller serializes all use of @c.
 * Return: 0 or a negative errno from the table at the top of this file.
 */
int vmw_chan_send(struct vmw_chan *c, const void *msg, size_t len)
{
	int attempt, ret;

	if (!c->open)
		return -ENOTCONN;
	if (len > VMW_MSG_MAX_SEND)
		return -EMSGSIZE;
	for (attempt = 0; attempt <= VMW_MSG_CPT_RETRIES; attempt++) {
		if (attempt)
			vmw_chan_cpt(c);
		ret = vmw_send_once(c, msg, len);
		if (ret != -EAGAIN)
			break;
	}
	if (!ret)
		vmw_stat_add(VMW_STAT_BYTES_OUT, len);
	return vmw_chan_done(c, ret);
}

/* Tell the host we drop the reply it offered. */
static void vmw_recv_abort(struct vmw_chan *c)
{
	struct vmw_bdoor_regs r = { .ebx = 0 };

	vmw_msg_step(c, VMW_MSG_RECVSTATUS, &r);
}

static int vmw_recv_hb(struct vmw_chan *c, void *buf, size_t len)
{
	struct vmw_bdoor_regs r = {
		.ebx = ((u32)VMW_MSG_ST_SUCCESS << 16) | VMW_BDOORHB_CMD_MESSAGE,
		.ecx = len,
		.edx = (u32)c->id << 16,
		.esi = c->cookie_high,
		.ebp = c->cookie_low,
		.buf = buf,
	};
	u16 st;

	c->acct.bdoor++;
	c->acct.hb++;
	vmw_bdoor_hb_in(&r);
	st = vmw_hb_status(&r);
	return (st & VMW_MSG_ST_SUCCESS) ? 0 : vmw_step_error(st, -EIO);
}

static int vmw_recv_lb(struct vmw_chan *c, u8 *buf, size_t len)
{
	struct vmw_bdoor_regs r;
	size_t off;
	u16 st;

	for (off = 0; off < len; off += 4) {
		memset(&r, 0, sizeof(r));
		r.ebx = VMW_MSG_ST_SUCCESS;
		vmw_msg_step(c, VMW_MSG_RECVPAYLOAD, &r);
		st = vmw_lb_status(&r);
		if (!(st & VMW_MSG_ST_SUCCESS))
			return vmw_step_error(st, -EIO);
		if ((r.edx >> 16) != VMW_MSG_SENDPAYLOAD) {
			vmw_recv_abort(c);
			return -EPROTO;
		}
		memcpy(buf + off, &r.ebx, min_t(size_t, 4, len - off));
		if (vmw_msg_interrupted(c, off / 4 + 1)) {
			vmw_recv_abort(c);
			return -EINTR;
		}
	}
	return 0;
}

/*
 * One receive: into @into (@max_len bytes) when it is not NULL, else
 * into a buffer allocated here and returned in *@reply.
 */
static int vmw_recv_once(struct vmw_chan *c, void **reply, size_t *len,
			 size_t max_len, void *into)
{
	struct vmw_bdoor_regs r = {};
	size_t size;
	void *buf = NULL;
	u16 st;
	int ret;

	vmw_msg_step(c, VMW_MSG_RECVSIZE, &r);
	st = vmw_lb_status(&r);
	if (!(st & VMW_MSG_ST_SUCCESS))
		return (st & VMW_MSG_ST_CPT) ? -EAGAIN : vmw_chan_lost(c);
	if (!(st & VMW_MSG_ST_DORECV)) {
		/* Nothing waiting: an empty reply. */
		*reply = NULL;
		*len = 0;
		return 0;
	}
	if ((r.edx >> 16) != VMW_MSG_SENDSIZE) {
		vmw_recv_abort(c);
		return -EPROTO;
	}
	size = r.ebx;
	if (size > max_len) {
		vmw_recv_abort(c);
		return -EFBIG;
	}
	if (into) {
		buf = into;
	} else if (size) {
		/* Zeroed: bytes a faulty host leaves unwritten reach users. */
		buf = kvzalloc(size, GFP_KERNEL_ACCOUNT);
		if (!buf) {
			vmw_recv_abort(c);
			return -ENOMEM;
		}
	}
	if (size) {
		if (vmw_chan_hb(c, st))
			ret = vmw_recv_hb(c, buf, size);
		else
			ret = vmw_recv_lb(c, buf, size);
		/* A lost reply is dropped on the host too; a CPT keeps it. */
		if (ret == -EIO)
			vmw_recv_abort(c);
		if (ret)
			goto fail;
	}

	memset(&r, 0, sizeof(r));
	r.ebx = VMW_MSG_ST_SUCCESS;
	vmw_msg_step(c, VMW_MSG_RECVSTATUS, &r);
	st = vmw_lb_status(&r);
	if (!(st & VMW_MSG_ST_SUCCESS)) {
		ret = vmw_step_error(st, -EIO);
		goto fail;
	}
	*reply = buf;
	*len = size;
	return 0;

fail:
	if (buf != into)
		kvfree(buf);
	return ret;
}

static int vmw_chan_recv_common(struct vmw_chan *c, void **reply, size_t *len,
				size_t max_len, void *into)
{
	int attempt, ret;

	if (!c->open)
		return -ENOTCONN;
	for (attempt = 0; attempt <= VMW_MSG_CPT_RETRIES; attempt++) {
		if (attempt)
			vmw_chan_cpt(c);
		ret = vmw_recv_once(c, reply, len, max_len, into);
		if (ret != -EAGAIN)
			break;
	}
	if (!ret)
		vmw_stat_add(VMW_STAT_BYTES_IN, *len);
	return vmw_chan_done(c, ret);
}

/**
 * vmw_chan_recv() - receive the reply (RPCI) or command (TCLO) waiting
 * @c: an open channel
 * @reply: set to a kvmalloc()ed buffer (NULL when the reply is empty)
 * @len: set to the reply's length
 * @max_len: longest reply accepted; a longer one is refused (-EFBIG)
 *
 * Every reply is acknowledged with RECVSTATUS: SUCCESS once it is in,
 * 0 when the driver drops it. A checkpoint restarts the receive from the
 * size step, at most VMW_MSG_CPT_RETRIES times. The buffer is charged to
 * the caller's memory cgroup.
 *
 * Context: process context; may sleep. The caller serializes all use of
 * @c.
 * Return: 0 or a negative errno from the table at the top of this file.
 */
int vmw_chan_recv(struct vmw_chan *c, void **reply, size_t *len,
		  size_t max_len)
{
	return vmw_chan_recv_common(c, reply, len, max_len, NULL);
}

/**
 * vmw_chan_recv_into() - receive the waiting reply into the caller's buffer
 * @c: an open channel
 * @buf: where the reply goes
 * @size: its size; a longer reply is dropped (-EFBIG, the channel kept)
 * @len: set to the reply's length
 *
 * As vmw_chan_recv(), but nothing is allocated: for the panic report,
 * which must not allocate, on an @atomic channel.
 *
 * Context: as vmw_chan_send().
 * Return: 0 or a negative errno from the table at the top of this file.
 */
int vmw_chan_recv_into(struct vmw_chan *c, void *buf, size_t size,
		       size_t *len)
{
	void *reply;

	return vmw_chan_recv_common(c, &reply, len, size, buf);
}

/**
 * vmw_rpci_reply_valid() - does an RPCI reply start with a status?
 * @reply: the reply bytes (may be NULL when @len is 0)
 * @len: their number
 *
 * Context: any.
 * Return: true when the reply starts with "1 " (success) or "0 "
 * (failure); anything shorter or else is not an RPCI reply.
 */
bool vmw_rpci_reply_valid(const void *reply, size_t len)
{
	const char *r = reply;

	return len >= 2 && (r[0] == '1' || r[0] == '0') && r[1] == ' ';
}

/**
 * vmw_chan_close() - close a channel on the host
 * @c: the channel; a closed one is left alone
 *
 * The host's answer does not matter: the channel is gone for us either way.
 *
 * Context: process context; any context for an @atomic channel. The
 * caller serializes all use of @c.
 */
void vmw_chan_close(struct vmw_chan *c)
{
	struct vmw_bdoor_regs r = {};

	if (!c->open)
		return;
	vmw_msg_step(c, VMW_MSG_CLOSE, &r);
	c->open = false;
	vmw_stat_chan_closed();
	trace_vmw_rpc_chan_close(c->proto, c->id);
}
