// SPDX-License-Identifier: GPL-2.0
/*
 * The panic report: when the kernel panics or oopses, the tail of its log
 * goes to the host's log of the VM (vmware.log) with the RPCI "log"
 * command, one message per line (docs/driver.md, "Panic reports";
 * docs/protocol.md, section 3). Off unless panic_log_bytes is set.
 *
 * The dump runs where nothing may sleep, allocate or wait for a lock that
 * another CPU may hold. Everything it needs is set up when the report is
 * enabled: the buffer for the log's tail, one for the message, one for the
 * reply, and an RPCI channel reserved for it. The dump takes the reserved
 * channel with an atomic flag; when the flag is held (the channel is being
 * refreshed, or a dump on another CPU has it) or the host has closed the
 * channel, it opens a fresh one. Its channels are atomic (channel.c):
 * low-bandwidth steps only, no yielding, replies into the fixed buffer.
 * Every VMW_PANIC_REFRESH_MS the reserved channel is replaced by a new
 * one, before the host expires it as idle (docs/protocol.md, 2.6).
 *
 * Only the kernel log leaves the guest, as kmsg_dump_get_buffer() gives
 * it (the same text as dmesg, timestamps included).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": panic: " fmt

#include <linux/atomic.h>
#include <linux/kmsg_dump.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/workqueue.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

/* Replace the reserved channel this often: well before the host's ~80 s. */
#define VMW_PANIC_REFRESH_MS	60000

static const char vmw_panic_cmd[] = "log " VMW_PANIC_PREFIX;

/**
 * vmw_panic_format() - make the RPCI message for one line of the log
 * @msg: VMW_PANIC_MSG_MAX bytes
 * @line: the line, without its newline
 * @len: its length; only the first VMW_PANIC_LINE_MAX bytes are sent
 *
 * Context: any.
 * Return: the message's length: "log ", VMW_PANIC_PREFIX, the line.
 */
size_t vmw_panic_format(char *msg, const char *line, size_t len)
{
	size_t n = sizeof(vmw_panic_cmd) - 1;

	len = min_t(size_t, len, VMW_PANIC_LINE_MAX);
	memcpy(msg, vmw_panic_cmd, n);
	memcpy(msg + n, line, len);
	return n + len;
}

/* One line on @c; false when the channel failed (and is closed). */
static bool vmw_panic_line(struct vmw_panic *p, struct vmw_chan *c,
			   const char *line, size_t len)
{
	size_t n = vmw_panic_format(p->msg, line, len), rlen;
	int ret;

	ret = vmw_chan_send(c, p->msg, n);
	if (!ret)
		ret = vmw_chan_recv_into(c, p->reply, sizeof(p->reply), &rlen);
	/* A reply too long for the buffer was dropped; the line went. */
	return !ret || ret == -EFBIG;
}

/*
 * One line on *@c, or when there is none or it fails (a failed channel is
 * closed), on a fresh channel in @fresh. False when that fails too.
 */
static bool vmw_panic_line_on(struct vmw_panic *p, struct vmw_chan **c,
			      struct vmw_chan *fresh, const char *line,
			      size_t len)
{
	if (*c && vmw_panic_line(p, *c, line, len))
		return true;
	*c = NULL;
	if (vmw_chan_open(fresh, VMW_RPC_PROTO_RPCI))
		return false;
	*c = fresh;
	return vmw_panic_line(p, fresh, line, len);
}

/**
 * vmw_panic_send() - send the lines of @text to the host's log
 * @p: the report's buffers and reserved channel
 * @text: lines, each ended by a newline (the last one may lack it)
 * @len: the bytes of @text
 *
 * Empty lines are skipped; longer ones are cut (vmw_panic_format()). The
 * lines go on @p->reserved when its flag can be taken and it is open;
 * otherwise, or once it fails, on a fresh atomic channel, closed at the
 * end. Stops at the first line no channel takes.
 *
 * Context: any; takes no lock, allocates nothing, never sleeps.
 * Return: the number of lines the host took.
 */
unsigned int vmw_panic_send(struct vmw_panic *p, const char *text, size_t len)
{
	struct vmw_chan fresh = { .atomic = true };
	struct vmw_chan *c = NULL;
	bool reserved = false;
	unsigned int sent = 0;
	const char *end = text + len, *nl;

	if (!atomic_cmpxchg(&p->reserved_busy, 0, 1)) {
		reserved = true;
		if (p->reserved.open)
			c = &p->reserved;
	}
	while (text < end) {
		nl = memchr(text, '\n', end - text);
		len = (nl ? nl : end) - text;
		if (len && !vmw_panic_line_on(p, &c, &fresh, text, len))
			break;
		if (len)
			sent++;
		text += len + 1;
	}
	vmw_chan_close(&fresh);
	/* Our uses of @p->reserved before the next holder's (the cmpxchg). */
	if (reserved)
		atomic_set_release(&p->reserved_busy, 0);
	return sent;
}

static unsigned int panic_log_bytes;
static bool vmw_panic_ready;		/* between vmw_panic_init() and _exit() */
static struct vmw_panic *vmw_panic;	/* the enabled report, or NULL */
static DEFINE_MUTEX(vmw_panic_lock);	/* the three above */

/**
 * vmw_panic_dump() - report the log's tail, if the report is enabled
 * @reason: why the kernel dumps its log; only a panic or an oops is sent
 *
 * The body of the kmsg dumper, which is registered only while the report
 * is enabled. A second dump while one runs (two oopses at once) is
 * skipped, as they share the buffer; a panic goes ahead anyway, as the
 * other CPUs are stopped by then.
 *
 * Context: any (a panic or an oops); takes no lock, allocates nothing.
 * Return: the number of lines the host took.
 */
unsigned int vmw_panic_dump(enum kmsg_dump_reason reason)
{
	struct vmw_panic *p = READ_ONCE(vmw_panic);
	struct kmsg_dump_iter iter;
	unsigned int sent;
	size_t len = 0;

	if (!p || (reason != KMSG_DUMP_PANIC && reason != KMSG_DUMP_OOPS))
		return 0;
	if (atomic_cmpxchg(&p->dumping, 0, 1) && reason != KMSG_DUMP_PANIC)
		return 0;
	kmsg_dump_rewind(&iter);
	/* The last whole lines that fit in the buffer, oldest first. */
	kmsg_dump_get_buffer(&iter, false, p->text, p->size, &len);
	sent = vmw_panic_send(p, p->text, len);
	atomic_set_release(&p->dumping, 0);
	return sent;
}

/*
 * The dumper's signature changed in 6.13 (struct kmsg_dump_detail); Debian
 * backported it to 6.12, so Kbuild looks in the header rather than at the
 * version.
 */
#ifdef VMW_HAVE_KMSG_DUMP_DETAIL
static void vmw_panic_dumper(struct kmsg_dumper *d,
			     struct kmsg_dump_detail *detail)
{
	vmw_panic_dump(detail->reason);
}
#else
static void vmw_panic_dumper(struct kmsg_dumper *d,
			     enum kmsg_dump_reason reason)
{
	vmw_panic_dump(reason);
}
#endif

/*
 * Open @c for the report from process context: as an ordinary channel,
 * which may wait for the transport (an atomic one only tries its locks
 * in test-hook builds, and would fail for nothing under contention), then
 * mark it atomic for the dump.
 */
static int vmw_panic_open(struct vmw_chan *c)
{
	int ret;

	c->atomic = false;
	ret = vmw_chan_open(c, VMW_RPC_PROTO_RPCI);
	c->atomic = true;
	return ret;
}

/* Close @c from process context, when no dump can use it. */
static void vmw_panic_close(struct vmw_chan *c)
{
	c->atomic = false;
	vmw_chan_close(c);
	c->atomic = true;
}

/**
 * vmw_panic_renew() - replace the reserved channel by a fresh one
 * @p: the report
 *
 * The body of the refresh, every VMW_PANIC_REFRESH_MS. Nothing is done
 * while a dump holds the channel; when no new channel opens, the old one
 * is kept.
 *
 * Context: process context; may sleep.
 * Return: true when the channel was replaced.
 */
bool vmw_panic_renew(struct vmw_panic *p)
{
	struct vmw_chan c = {};
	bool renewed = false;

	if (atomic_cmpxchg(&p->reserved_busy, 0, 1))
		return false;
	if (!vmw_panic_open(&c)) {
		vmw_panic_close(&p->reserved);
		p->reserved = c;
		renewed = true;
	}
	/* The new @p->reserved before a dump takes it (the cmpxchg). */
	atomic_set_release(&p->reserved_busy, 0);
	return renewed;
}

static void vmw_panic_refresh(struct work_struct *work)
{
	struct vmw_panic *p = container_of(to_delayed_work(work),
					   struct vmw_panic, refresh);

	vmw_panic_renew(p);
	schedule_delayed_work(&p->refresh,
			      msecs_to_jiffies(VMW_PANIC_REFRESH_MS));
}

static void vmw_panic_stop(void)
{
	struct vmw_panic *p = vmw_panic;

	if (!p)
		return;
	/* After this no dump runs on @p (RCU). */
	kmsg_dump_unregister(&p->dumper);
	WRITE_ONCE(vmw_panic, NULL);
	cancel_delayed_work_sync(&p->refresh);
	vmw_panic_close(&p->reserved);
	kvfree(p->text);
	kfree(p);
	pr_info("report off\n");
}

static int vmw_panic_start(unsigned int bytes)
{
	struct vmw_panic *p;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->text = kvmalloc(bytes, GFP_KERNEL);
	if (!p->text) {
		kfree(p);
		return -ENOMEM;
	}
	p->size = bytes;
	ret = vmw_panic_open(&p->reserved);
	if (ret)
		pr_info("no channel reserved (%d): a report opens one\n", ret);
	INIT_DELAYED_WORK(&p->refresh, vmw_panic_refresh);
	p->dumper.dump = vmw_panic_dumper;
	p->dumper.max_reason = KMSG_DUMP_OOPS;
	WRITE_ONCE(vmw_panic, p);
	ret = kmsg_dump_register(&p->dumper);
	if (ret) {
		WRITE_ONCE(vmw_panic, NULL);
		vmw_panic_close(&p->reserved);
		kvfree(p->text);
		kfree(p);
		return ret;
	}
	schedule_delayed_work(&p->refresh,
			      msecs_to_jiffies(VMW_PANIC_REFRESH_MS));
	pr_info("report on: the last %u bytes of the kernel log go to the host at a panic or oops\n",
		bytes);
	return 0;
}

/**
 * vmw_panic_set() - enable the report with a new size, or disable it
 * @bytes: the bytes of the log's tail to send, from VMW_PANIC_BYTES_MIN
 *	to VMW_PANIC_BYTES_MAX; 0 disables
 *
 * Used by the parameter and by the KUnit suite. A new size replaces the
 * report: its buffer and channel are made anew.
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for a size out of those bounds, -ENOMEM, or the error
 * of the dumper's registration (the report is then off).
 */
int vmw_panic_set(unsigned int bytes)
{
	int ret = 0;

	/* A smaller buffer holds a line or two, or none: not worth a channel. */
	if (bytes > VMW_PANIC_BYTES_MAX || (bytes && bytes < VMW_PANIC_BYTES_MIN))
		return -EINVAL;
	mutex_lock(&vmw_panic_lock);
	if (vmw_panic_ready) {
		vmw_panic_stop();
		if (bytes)
			ret = vmw_panic_start(bytes);
	}
	panic_log_bytes = ret ? 0 : bytes;
	mutex_unlock(&vmw_panic_lock);
	return ret;
}

static int vmw_panic_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int bytes;
	int ret;

	ret = kstrtouint(val, 0, &bytes);
	if (ret)
		return ret;
	return vmw_panic_set(bytes);
}

static int vmw_panic_param_get(char *buf, const struct kernel_param *kp)
{
	unsigned int bytes;

	mutex_lock(&vmw_panic_lock);
	bytes = panic_log_bytes;
	mutex_unlock(&vmw_panic_lock);
	return sysfs_emit(buf, "%u\n", bytes);
}

static const struct kernel_param_ops vmw_panic_param_ops = {
	.set = vmw_panic_param_set,
	.get = vmw_panic_param_get,
};

module_param_cb(panic_log_bytes, &vmw_panic_param_ops, NULL, 0644);
MODULE_PARM_DESC(panic_log_bytes,
		 "At a panic or oops, send this many bytes of the kernel log's tail to the host's log (vmware.log); 0 = off (default), else at least "
		 __stringify(VMW_PANIC_BYTES_MIN) ", at most 65536");

/**
 * vmw_panic_init() - enable the report if the parameter asks for it
 *
 * A report that cannot be enabled is logged and left off: the module is
 * still useful without it.
 *
 * Context: module init, process context.
 */
void vmw_panic_init(void)
{
	int ret;

	mutex_lock(&vmw_panic_lock);
	vmw_panic_ready = true;
	if (panic_log_bytes) {
		ret = vmw_panic_start(panic_log_bytes);
		if (ret) {
			pr_warn("cannot enable the report: %d\n", ret);
			panic_log_bytes = 0;
		}
	}
	mutex_unlock(&vmw_panic_lock);
}

/**
 * vmw_panic_exit() - disable the report
 *
 * Later writes of the parameter change only its value.
 *
 * Context: module exit (or a failed init after vmw_panic_init()).
 */
void vmw_panic_exit(void)
{
	mutex_lock(&vmw_panic_lock);
	vmw_panic_stop();
	vmw_panic_ready = false;
	mutex_unlock(&vmw_panic_lock);
}
