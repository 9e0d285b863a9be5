// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's counters, for operators: the attribute group "stats" of
 * the misc device, /sys/class/misc/vmw_rpc/stats/, one value per file,
 * readable by root only (docs/ABI/testing/sysfs-class-misc-vmw_rpc names
 * and explains each file). sysfs, not debugfs: debugfs is not an ABI, is
 * often not mounted and is closed under kernel lockdown, while these
 * counters are for monitoring production guests.
 *
 * Event counters are per CPU (one this_cpu_add() on the hot path, no lock,
 * no shared cache line) and summed when read; the gauges (channels open,
 * their peak, the longest pool wait) are atomics changed only on opens,
 * closes and waits. Nothing is ever reset: monitoring takes differences.
 *
 * This file also instantiates the tracepoints of trace.h.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sysfs.h>

#include "vmw_rpc.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/*
 * The errnos counted apart (stats/errors_NAME), each with the one meaning
 * uapi/linux/vmw_rpc.h gives it: the host's failures, the bounds of a
 * reply, and the waits. Any other errno an ioctl returns counts in
 * errors_other (refusals are also in refused_*).
 */
static const int vmw_stat_errnos[] = {
	EIO, EAGAIN, EPROTO, EBADMSG, ECONNRESET, ECONNREFUSED, ENOTCONN,
	EFBIG, ENOBUFS, ETIMEDOUT, EINTR, ENOMEM,
};

#define VMW_ERR_OTHER	ARRAY_SIZE(vmw_stat_errnos)
#define VMW_STAT_N	(VMW_STAT_ERR + VMW_ERR_OTHER + 1)

static DEFINE_PER_CPU(u64 [VMW_STAT_N], vmw_stats);
static atomic_t vmw_chans_open = ATOMIC_INIT(0);
static atomic_t vmw_chans_peak = ATOMIC_INIT(0);
static atomic64_t vmw_pool_wait_max_ns = ATOMIC64_INIT(0);

/**
 * vmw_stat_add() - count @n events of one kind
 * @stat: the counter
 * @n: how many
 *
 * Context: any; no lock (per-CPU).
 */
void vmw_stat_add(enum vmw_stat stat, u64 n)
{
	this_cpu_add(vmw_stats[stat], n);
}

/* The counter of errno @err (positive): its own, or errors_other's. */
static unsigned int vmw_stat_err_index(int err)
{
	unsigned int i;

	for (i = 0; i < VMW_ERR_OTHER; i++)
		if (vmw_stat_errnos[i] == err)
			break;
	return VMW_STAT_ERR + i;
}

/**
 * vmw_stat_errno() - count an ioctl's failure by its errno
 * @err: the negative errno returned (-ERESTARTSYS counts as EINTR)
 *
 * Context: any.
 */
void vmw_stat_errno(int err)
{
	if (err == -ERESTARTSYS)
		err = -EINTR;
	this_cpu_inc(vmw_stats[vmw_stat_err_index(-err)]);
}

/**
 * vmw_stat_chan_opened() - the host gave the driver a channel
 *
 * Context: any.
 */
void vmw_stat_chan_opened(void)
{
	int now = atomic_inc_return(&vmw_chans_open);
	int peak = atomic_read(&vmw_chans_peak);

	while (now > peak && !atomic_try_cmpxchg(&vmw_chans_peak, &peak, now))
		;
}

/**
 * vmw_stat_chan_closed() - the driver closed a channel on the host
 *
 * Context: any.
 */
void vmw_stat_chan_closed(void)
{
	atomic_dec(&vmw_chans_open);
}

/**
 * vmw_stat_pool_wait() - a one-shot call waited for a pool channel
 * @ns: for how long
 *
 * Context: any.
 */
void vmw_stat_pool_wait(u64 ns)
{
	s64 max = atomic64_read(&vmw_pool_wait_max_ns);

	vmw_stat_add(VMW_STAT_POOL_WAITS, 1);
	while ((s64)ns > max &&
	       !atomic64_try_cmpxchg(&vmw_pool_wait_max_ns, &max, ns))
		;
}

static u64 vmw_stat_read(unsigned int stat)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(vmw_stats[stat], cpu);
	return sum;
}

/*
 * One file per counter: the attribute knows its counter, or for
 * errors_NAME its errno (0: errors_other).
 */
struct vmw_stat_attr {
	struct device_attribute attr;
	unsigned int stat;
	int err;
	bool is_err;
};

static ssize_t vmw_stat_show(struct device *dev, struct device_attribute *a,
			     char *buf)
{
	const struct vmw_stat_attr *sa = container_of(a, struct vmw_stat_attr,
						      attr);
	unsigned int stat = sa->is_err ? vmw_stat_err_index(sa->err) : sa->stat;

	return sysfs_emit(buf, "%llu\n", vmw_stat_read(stat));
}

#define VMW_STAT_ATTR(name, idx)					\
	static struct vmw_stat_attr vmw_stat_attr_##name = {		\
		.attr = __ATTR(name, 0400, vmw_stat_show, NULL),	\
		.stat = (idx),						\
	}

#define VMW_ERR_ATTR(name, errno)					\
	static struct vmw_stat_attr vmw_stat_attr_errors_##name = {	\
		.attr = __ATTR(errors_##name, 0400, vmw_stat_show, NULL), \
		.err = (errno),						\
		.is_err = true,						\
	}

VMW_STAT_ATTR(calls_info, VMW_STAT_INFO);
VMW_STAT_ATTR(calls_backdoor, VMW_STAT_BACKDOOR);
VMW_STAT_ATTR(calls_chan_open, VMW_STAT_CHAN_OPEN);
VMW_STAT_ATTR(calls_chan_send, VMW_STAT_CHAN_SEND);
VMW_STAT_ATTR(calls_chan_recv, VMW_STAT_CHAN_RECV);
VMW_STAT_ATTR(calls_chan_close, VMW_STAT_CHAN_CLOSE);
VMW_STAT_ATTR(calls_call, VMW_STAT_CALL);
VMW_STAT_ATTR(backdoor_calls, VMW_STAT_BDOOR);
VMW_STAT_ATTR(bytes_out, VMW_STAT_BYTES_OUT);
VMW_STAT_ATTR(bytes_in, VMW_STAT_BYTES_IN);
VMW_STAT_ATTR(cpt_restarts, VMW_STAT_CPTS);
VMW_STAT_ATTR(host_refused_opens, VMW_STAT_HOST_REFUSED);
VMW_STAT_ATTR(pool_waits, VMW_STAT_POOL_WAITS);
VMW_ERR_ATTR(eio, EIO);
VMW_ERR_ATTR(eagain, EAGAIN);
VMW_ERR_ATTR(eproto, EPROTO);
VMW_ERR_ATTR(ebadmsg, EBADMSG);
VMW_ERR_ATTR(econnreset, ECONNRESET);
VMW_ERR_ATTR(econnrefused, ECONNREFUSED);
VMW_ERR_ATTR(enotconn, ENOTCONN);
VMW_ERR_ATTR(efbig, EFBIG);
VMW_ERR_ATTR(enobufs, ENOBUFS);
VMW_ERR_ATTR(etimedout, ETIMEDOUT);
VMW_ERR_ATTR(eintr, EINTR);
VMW_ERR_ATTR(enomem, ENOMEM);
VMW_ERR_ATTR(other, 0);

static ssize_t chans_open_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&vmw_chans_open));
}
static DEVICE_ATTR_ADMIN_RO(chans_open);

static ssize_t chans_peak_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&vmw_chans_peak));
}
static DEVICE_ATTR_ADMIN_RO(chans_peak);

static ssize_t pool_wait_max_us_show(struct device *dev,
				     struct device_attribute *a, char *buf)
{
	u64 ns = atomic64_read(&vmw_pool_wait_max_ns);

	return sysfs_emit(buf, "%llu\n", div_u64(ns, NSEC_PER_USEC));
}
static DEVICE_ATTR_ADMIN_RO(pool_wait_max_us);

static struct attribute *vmw_stats_attrs[] = {
	&vmw_stat_attr_calls_info.attr.attr,
	&vmw_stat_attr_calls_backdoor.attr.attr,
	&vmw_stat_attr_calls_chan_open.attr.attr,
	&vmw_stat_attr_calls_chan_send.attr.attr,
	&vmw_stat_attr_calls_chan_recv.attr.attr,
	&vmw_stat_attr_calls_chan_close.attr.attr,
	&vmw_stat_attr_calls_call.attr.attr,
	&vmw_stat_attr_backdoor_calls.attr.attr,
	&vmw_stat_attr_bytes_out.attr.attr,
	&vmw_stat_attr_bytes_in.attr.attr,
	&vmw_stat_attr_cpt_restarts.attr.attr,
	&vmw_stat_attr_host_refused_opens.attr.attr,
	&vmw_stat_attr_pool_waits.attr.attr,
	&dev_attr_pool_wait_max_us.attr,
	&dev_attr_chans_open.attr,
	&dev_attr_chans_peak.attr,
	&vmw_stat_attr_errors_eio.attr.attr,
	&vmw_stat_attr_errors_eagain.attr.attr,
	&vmw_stat_attr_errors_eproto.attr.attr,
	&vmw_stat_attr_errors_ebadmsg.attr.attr,
	&vmw_stat_attr_errors_econnreset.attr.attr,
	&vmw_stat_attr_errors_econnrefused.attr.attr,
	&vmw_stat_attr_errors_enotconn.attr.attr,
	&vmw_stat_attr_errors_efbig.attr.attr,
	&vmw_stat_attr_errors_enobufs.attr.attr,
	&vmw_stat_attr_errors_etimedout.attr.attr,
	&vmw_stat_attr_errors_eintr.attr.attr,
	&vmw_stat_attr_errors_enomem.attr.attr,
	&vmw_stat_attr_errors_other.attr.attr,
	NULL
};

/* The misc device's group "stats" (main.c adds it to the device). */
const struct attribute_group vmw_stats_group = {
	.name = "stats",
	.attrs = vmw_stats_attrs,
};

/**
 * vmw_trace_call() - fire the vmw_rpc_call event of one RPC
 * @op: a call, or a send or receive on a file's channel
 * @proto: VMW_RPC_PROTO_RPCI or _TCLO
 * @cmd: the command (NULL for a receive)
 * @len: its length
 * @acct: what it cost on the host
 * @out: message bytes sent
 * @in: message bytes received
 * @t0: local_clock() at its start, or 0 when the event was off then
 * @ret: 0 or the errno it returns
 *
 * Only the command's first word reaches the tracepoint, cut here into a
 * buffer on the stack: a probe on it (a BPF raw_tp program gets the
 * tracepoint's arguments as they are) cannot reach the arguments, which
 * may be guestinfo keys and values. Call it only when
 * trace_vmw_rpc_call_enabled(): with the event off, the caller's cost is
 * the static branch.
 *
 * Context: any.
 */
void vmw_trace_call(enum vmw_trace_op op, u32 proto, const void *cmd,
		    size_t len, const struct vmw_acct *acct, size_t out,
		    size_t in, u64 t0, int ret)
{
	char word[VMW_AUDIT_PREFIX + 1] = "";

	if (cmd)
		vmw_policy_describe(cmd, len, word);
	trace_vmw_rpc_call(op, proto, word, acct, out, in,
			   vmw_trace_since(t0), ret);
}
