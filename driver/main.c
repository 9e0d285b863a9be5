// SPDX-License-Identifier: GPL-2.0
/*
 * vmw_rpc: /dev/vmw_rpc, the file layer. It owns what a process holds
 * (its channels, released with the file), asks the policy (policy.c) about
 * every operation with the rights the file got at open(2), and copies every
 * user buffer exactly once into kernel memory, charged to the caller's
 * memory cgroup, before anything is checked or sent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/sched/clock.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <linux/vmw_rpc.h>

#include "vmw_identity.h"
#include "vmw_rpc.h"
#include "trace.h"

/*
 * The module parameters' defaults and ceilings, each written once: plain
 * decimals, so that the descriptions below can quote them
 * (docs/driver.md, "Module parameters", names the same values).
 */
#define VMW_MAX_REPLY_DEFAULT	1048576		/* 1 MiB */
#define VMW_MAX_REPLY_CEILING	67108864	/* 64 MiB */
#define VMW_POOL_DEFAULT	4
#define VMW_POOL_CEILING	32
#define VMW_POOL_IDLE_DEFAULT	5000
/* Past this the host (about 80 s) expires an idle channel anyway. */
#define VMW_POOL_IDLE_CEILING	60000

static unsigned int max_reply = VMW_MAX_REPLY_DEFAULT;
module_param(max_reply, uint, 0444);
MODULE_PARM_DESC(max_reply, "Largest reply accepted from the host, in bytes (default "
		 __stringify(VMW_MAX_REPLY_DEFAULT) ", at most "
		 __stringify(VMW_MAX_REPLY_CEILING) ")");

static unsigned int pool_size = VMW_POOL_DEFAULT;
module_param(pool_size, uint, 0444);
MODULE_PARM_DESC(pool_size, "Channels kept open for VMW_RPC_IOC_CALL (default "
		 __stringify(VMW_POOL_DEFAULT) ", at most "
		 __stringify(VMW_POOL_CEILING) ")");

static unsigned int pool_idle_ms = VMW_POOL_IDLE_DEFAULT;
module_param(pool_idle_ms, uint, 0444);
MODULE_PARM_DESC(pool_idle_ms, "A pooled channel unused this long is closed, in ms (default "
		 __stringify(VMW_POOL_IDLE_DEFAULT) ", at most "
		 __stringify(VMW_POOL_IDLE_CEILING) ")");

static struct vmw_host_id vmw_host;

/**
 * struct vmw_fchan - a channel held by an open file
 * @chan: the channel
 * @reply: a received reply that did not fit the caller's buffer yet
 * @reply_len: its length
 * @has_reply: @reply is valid (it may be NULL with @reply_len 0)
 */
struct vmw_fchan {
	struct vmw_chan chan;
	void *reply;
	size_t reply_len;
	bool has_reply;
};

/**
 * struct vmw_file - per-open-file state
 * @rq: the file's rights, fixed at open(2)
 * @lock: serializes channel operations of this file
 * @chans: handle -> struct vmw_fchan
 * @nchans: entries in @chans
 */
struct vmw_file {
	struct vmw_requestor rq;
	struct mutex lock;	/* serializes channel operations of this file */
	struct xarray chans;
	unsigned int nchans;
};

static int vmw_open(struct inode *inode, struct file *file)
{
	struct vmw_file *vf = kzalloc(sizeof(*vf), GFP_KERNEL_ACCOUNT);

	if (!vf)
		return -ENOMEM;
	vmw_requestor_init(&vf->rq);
	mutex_init(&vf->lock);
	xa_init_flags(&vf->chans, XA_FLAGS_ALLOC1);
	file->private_data = vf;
	return 0;
}

static void vmw_fchan_free(struct vmw_file *vf, struct vmw_fchan *fc)
{
	vmw_chan_close(&fc->chan);
	if (fc->chan.proto == VMW_RPC_PROTO_TCLO)
		vmw_policy_tclo_put(false);
	kvfree(fc->reply);
	kfree(fc);
	vmw_policy_chan_put(&vf->rq);
}

static int vmw_release(struct inode *inode, struct file *file)
{
	struct vmw_file *vf = file->private_data;
	struct vmw_fchan *fc;
	unsigned long handle;

	xa_for_each(&vf->chans, handle, fc)
		vmw_fchan_free(vf, fc);
	xa_destroy(&vf->chans);
	mutex_destroy(&vf->lock);
	kfree(vf);
	return 0;
}

static int vmw_ioctl_info(void __user *uarg)
{
	struct vmw_rpc_info info = {
		.abi_version = VMW_RPC_ABI_VERSION,
		.bdoor_version = vmw_host.version,
		.vmx_type = vmw_host.vmx_type,
		.transport = vmw_bdoor_transport(),
		.max_send = VMW_MSG_MAX_SEND,
		.max_reply = max_reply,
		.max_raw_hb = VMW_RAW_HB_MAX,
		.pool_size = pool_size,
	};

	vmw_policy_info(&info);

	if (vmw_bdoor_hb_usable())
		info.flags |= VMW_RPC_INFO_HB;
	else
		info.flags |= VMW_RPC_INFO_MEM_ENCRYPT;
	if (IS_ENABLED(CONFIG_VMW_RPC_TEST_HOOKS))
		info.flags |= VMW_RPC_INFO_TEST_BUILD;
	if (vmw_bdoor_simulated())
		info.flags |= VMW_RPC_INFO_SIMULATED;
	info.flags |= VMW_RPC_INFO_CALL_TIMEOUT | VMW_RPC_INFO_CALL_DELIVERED;

	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static void vmw_regs_from_user(struct vmw_bdoor_regs *r,
			       const struct vmw_rpc_regs *u)
{
	r->ebx = u->ebx;
	r->ecx = u->ecx;
	r->edx = u->edx;
	r->esi = u->esi;
	r->edi = u->edi;
	r->ebp = u->ebp;
}

static int vmw_raw_hb(struct vmw_rpc_backdoor *bd, struct vmw_bdoor_regs *r)
{
	void __user *ubuf = u64_to_user_ptr(bd->buf);
	int ret = 0;

	if (!vmw_bdoor_hb_usable())
		return -EOPNOTSUPP;
	/* Zeroed: bytes the host does not write must not leak to the user. */
	r->buf = kvzalloc(bd->buf_len, GFP_KERNEL_ACCOUNT);
	if (!r->buf)
		return -ENOMEM;
	r->ecx = bd->buf_len;

	if (bd->mode == VMW_RPC_BDOOR_HB_OUT) {
		if (copy_from_user(r->buf, ubuf, bd->buf_len))
			ret = -EFAULT;
		else
			vmw_bdoor_hb_out(r);
	} else {
		vmw_bdoor_hb_in(r);
		if (copy_to_user(ubuf, r->buf, bd->buf_len))
			ret = -EFAULT;
	}
	kvfree(r->buf);
	/* Only eax and ebx are defined after a high-bandwidth call. */
	r->ecx = 0;
	r->edx = 0;
	r->esi = 0;
	r->edi = 0;
	return ret;
}

static int vmw_ioctl_backdoor(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_backdoor bd;
	struct vmw_bdoor_regs r = {};
	int ret;

	ret = vmw_policy_check(&vf->rq, VMW_OP_RAW, NULL, 0);
	if (ret)
		return ret;
	if (copy_from_user(&bd, uarg, sizeof(bd)))
		return -EFAULT;
	ret = vmw_abi_check_backdoor(&bd);
	if (ret)
		return ret;

	vmw_regs_from_user(&r, &bd.in);
	if (bd.mode == VMW_RPC_BDOOR_LB) {
		vmw_bdoor_lb(&r);
	} else {
		ret = vmw_raw_hb(&bd, &r);
		if (ret)
			goto out;
	}

	memset(&bd.out, 0, sizeof(bd.out));
	bd.out.eax = r.eax;
	bd.out.ebx = r.ebx;
	bd.out.ecx = r.ecx;
	bd.out.edx = r.edx;
	bd.out.esi = r.esi;
	bd.out.edi = r.edi;
	ret = copy_to_user(uarg, &bd, sizeof(bd)) ? -EFAULT : 0;
out:
	/* The command number only: not the registers either way. */
	trace_vmw_rpc_backdoor(bd.mode, (bd.mode == VMW_RPC_BDOOR_LB ? bd.in.ecx :
				 bd.in.ebx) & 0xffff, ret);
	return ret;
}

static int vmw_ioctl_chan_open(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_chan_open op;
	struct vmw_fchan *fc;
	u32 handle;
	int ret;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	ret = vmw_abi_check_chan_open(&op);
	if (ret)
		return ret;
	ret = vmw_policy_check(&vf->rq, op.protocol == VMW_RPC_PROTO_TCLO ?
			       VMW_OP_OPEN_TCLO : VMW_OP_OPEN_RPCI, NULL, 0);
	if (ret)
		return ret;

	fc = kzalloc(sizeof(*fc), GFP_KERNEL_ACCOUNT);
	if (!fc)
		return -ENOMEM;

	/* Interruptible: another thread of the file may be mid-transfer. */
	if (mutex_lock_interruptible(&vf->lock)) {
		kfree(fc);
		return -ERESTARTSYS;
	}
	ret = vmw_policy_chan_get(&vf->rq, vf->nchans);
	if (ret)
		goto out_unlock;
	if (op.protocol == VMW_RPC_PROTO_TCLO) {
		ret = vmw_policy_tclo_get(false);
		if (ret)
			goto out_uncharge;
	}
	ret = vmw_chan_open(&fc->chan, op.protocol);
	if (ret)
		goto out_untclo;
	ret = xa_alloc(&vf->chans, &handle, fc, xa_limit_31b,
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		goto out_close;
	op.handle = handle;
	if (copy_to_user(uarg, &op, sizeof(op))) {
		xa_erase(&vf->chans, handle);
		ret = -EFAULT;
		goto out_close;
	}
	vf->nchans++;
	mutex_unlock(&vf->lock);
	return 0;

out_close:
	vmw_chan_close(&fc->chan);
out_untclo:
	if (op.protocol == VMW_RPC_PROTO_TCLO)
		vmw_policy_tclo_put(false);
out_uncharge:
	vmw_policy_chan_put(&vf->rq);
out_unlock:
	mutex_unlock(&vf->lock);
	kfree(fc);
	return ret;
}

/*
 * The driver's own copy of a user buffer, charged to the caller's memory
 * cgroup (vmemdup_user() is not). Return: the copy, or an ERR_PTR.
 */
static void *vmw_memdup_user(u64 uptr, size_t len)
{
	void *p = kvmalloc(len, GFP_KERNEL_ACCOUNT);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, u64_to_user_ptr(uptr), len)) {
		kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

/* What sending on a channel of this protocol asks of the policy. */
static enum vmw_op vmw_send_op(u32 proto)
{
	return proto == VMW_RPC_PROTO_TCLO ? VMW_OP_TCLO : VMW_OP_RPCI;
}

/* The vmw_rpc:vmw_rpc_call event; off, it costs the static branch. */
static __always_inline void vmw_trace_rpc(enum vmw_trace_op op, u32 proto,
					  const void *cmd, size_t len,
					  const struct vmw_acct *acct,
					  size_t out, size_t in, u64 t0,
					  int ret)
{
	if (trace_vmw_rpc_call_enabled())
		vmw_trace_call(op, proto, cmd, len, acct, out, in, t0, ret);
}

static u64 vmw_trace_start(void)
{
	return trace_vmw_rpc_call_enabled() ? local_clock() : 0;
}

static int vmw_ioctl_chan_send(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_acct acct = {}, then = {};
	struct vmw_rpc_chan_msg m;
	struct vmw_fchan *fc;
	u64 t0 = vmw_trace_start();
	u32 proto = 0;
	void *msg;
	int ret;

	if (copy_from_user(&m, uarg, sizeof(m)))
		return -EFAULT;
	ret = vmw_abi_check_chan_msg(&m, true);
	if (ret)
		return ret;
	msg = vmw_memdup_user(m.buf, m.len);
	if (IS_ERR(msg))
		return PTR_ERR(msg);

	if (mutex_lock_interruptible(&vf->lock)) {
		kvfree(msg);
		return -ERESTARTSYS;
	}
	fc = xa_load(&vf->chans, m.handle);
	if (!fc)
		ret = -ENOENT;
	else if (fc->has_reply)
		ret = -EBUSY;	/* a kept reply would be lost */
	else
		ret = vmw_policy_check(&vf->rq, vmw_send_op(fc->chan.proto),
				       msg, m.len);
	if (!ret) {
		then = fc->chan.acct;
		ret = vmw_chan_send(&fc->chan, msg, m.len);
		vmw_acct_add_since(&acct, &fc->chan.acct, &then);
	}
	if (fc)
		proto = fc->chan.proto;
	mutex_unlock(&vf->lock);
	vmw_trace_rpc(VMW_TRACE_SEND, proto, msg, m.len, &acct,
		      ret ? 0 : m.len, 0, t0, ret);
	kvfree(msg);
	return ret;
}

static int vmw_ioctl_chan_recv(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_acct acct = {}, then;
	struct vmw_rpc_chan_msg m;
	struct vmw_fchan *fc;
	u64 t0 = vmw_trace_start();
	size_t in = 0;
	int ret;

	if (copy_from_user(&m, uarg, sizeof(m)))
		return -EFAULT;
	ret = vmw_abi_check_chan_msg(&m, false);
	if (ret)
		return ret;

	if (mutex_lock_interruptible(&vf->lock))
		return -ERESTARTSYS;
	fc = xa_load(&vf->chans, m.handle);
	if (!fc) {
		ret = -ENOENT;
		goto out;
	}
	if (!fc->has_reply) {
		then = fc->chan.acct;
		ret = vmw_chan_recv(&fc->chan, &fc->reply, &fc->reply_len,
				    max_reply);
		vmw_acct_add_since(&acct, &fc->chan.acct, &then);
		if (ret)
			goto out;
		fc->has_reply = true;
		in = fc->reply_len;
	}
	if (fc->reply_len > m.len) {
		/* Keep the reply; tell the caller the size it needs. */
		m.len = fc->reply_len;
		ret = copy_to_user(uarg, &m, sizeof(m)) ? -EFAULT : -ENOBUFS;
		goto out;
	}
	/* The reply is dropped only once the caller has all of it. */
	m.len = fc->reply_len;
	if (copy_to_user(u64_to_user_ptr(m.buf), fc->reply, fc->reply_len) ||
	    copy_to_user(uarg, &m, sizeof(m))) {
		ret = -EFAULT;
		goto out;
	}
	kvfree(fc->reply);
	fc->reply = NULL;
	fc->reply_len = 0;
	fc->has_reply = false;
	ret = 0;
out:
	vmw_trace_rpc(VMW_TRACE_RECV, fc ? fc->chan.proto : 0, NULL, 0, &acct,
		      0, in, t0, ret);
	mutex_unlock(&vf->lock);
	return ret;
}

static int vmw_ioctl_chan_close(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_chan_close cl;
	struct vmw_fchan *fc;

	if (copy_from_user(&cl, uarg, sizeof(cl)))
		return -EFAULT;
	if (vmw_abi_check_chan_close(&cl))
		return -EINVAL;

	if (mutex_lock_interruptible(&vf->lock))
		return -ERESTARTSYS;
	fc = xa_erase(&vf->chans, cl.handle);
	if (fc)
		vf->nchans--;
	mutex_unlock(&vf->lock);
	if (!fc)
		return -ENOENT;
	vmw_fchan_free(vf, fc);
	return 0;
}

static int vmw_ioctl_call(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_acct acct = {};
	struct vmw_rpc_call call;
	struct vmw_share share;
	void *req, *reply = NULL;
	u64 t0 = vmw_trace_start();
	size_t reply_len = 0;
	bool delivered = false;
	long timeout;
	int ret;

	if (copy_from_user(&call, uarg, sizeof(call)))
		return -EFAULT;
	ret = vmw_abi_check_call(&call);
	if (ret)
		return ret;
	req = vmw_memdup_user(call.request, call.request_len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ret = vmw_policy_check(&vf->rq, VMW_OP_RPCI, req, call.request_len);
	if (ret)
		goto out;

	vmw_policy_share(&vf->rq, pool_size, &share);
	timeout = call.flags & VMW_RPC_CALL_TIMEOUT
		? (long)msecs_to_jiffies(call.timeout_ms) : VMW_POOL_WAIT_FOREVER;
	ret = vmw_pool_call(req, call.request_len, &reply, &reply_len,
			    max_reply, &share, timeout, &delivered, &acct);

	if (!ret) {
		if (!vmw_rpci_reply_valid(reply, reply_len)) {
			ret = -EBADMSG;
		} else if (reply_len > call.reply_len) {
			call.reply_len = reply_len;
			ret = -ENOBUFS;
		} else if (copy_to_user(u64_to_user_ptr(call.reply), reply,
					reply_len)) {
			ret = -EFAULT;
		} else {
			call.reply_len = reply_len;
		}
	}
	kvfree(reply);
	if (delivered)
		call.flags |= VMW_RPC_CALL_DELIVERED;
	/* Copied back once: the reply's length and the delivery report. */
	if ((!ret || ret == -ENOBUFS || delivered) &&
	    copy_to_user(uarg, &call, sizeof(call)))
		ret = -EFAULT;
out:
	vmw_trace_rpc(VMW_TRACE_CALL, VMW_RPC_PROTO_RPCI, req,
		      call.request_len, &acct, delivered ? call.request_len : 0,
		      reply_len, t0, ret);
	kvfree(req);
	return ret;
}

static long vmw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vmw_file *vf = file->private_data;
	void __user *uarg = (void __user *)arg;
	enum vmw_stat op;
	int ret;

	switch (cmd) {
	case VMW_RPC_IOC_INFO:
		op = VMW_STAT_INFO;
		ret = vmw_ioctl_info(uarg);
		break;
	case VMW_RPC_IOC_BACKDOOR:
		op = VMW_STAT_BACKDOOR;
		ret = vmw_ioctl_backdoor(vf, uarg);
		break;
	case VMW_RPC_IOC_CHAN_OPEN:
		op = VMW_STAT_CHAN_OPEN;
		ret = vmw_ioctl_chan_open(vf, uarg);
		break;
	case VMW_RPC_IOC_CHAN_SEND:
		op = VMW_STAT_CHAN_SEND;
		ret = vmw_ioctl_chan_send(vf, uarg);
		break;
	case VMW_RPC_IOC_CHAN_RECV:
		op = VMW_STAT_CHAN_RECV;
		ret = vmw_ioctl_chan_recv(vf, uarg);
		break;
	case VMW_RPC_IOC_CHAN_CLOSE:
		op = VMW_STAT_CHAN_CLOSE;
		ret = vmw_ioctl_chan_close(vf, uarg);
		break;
	case VMW_RPC_IOC_CALL:
		op = VMW_STAT_CALL;
		ret = vmw_ioctl_call(vf, uarg);
		break;
	default:
		return -ENOTTY;
	}
	vmw_stat_add(op, 1);
	if (ret)
		vmw_stat_errno(ret);
	return ret;
}

static const struct file_operations vmw_fops = {
	.owner = THIS_MODULE,
	.open = vmw_open,
	.release = vmw_release,
	.unlocked_ioctl = vmw_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

#define VMW_REFUSED_ATTR(name, kind)					\
static ssize_t refused_##name##_show(struct device *dev,		\
				     struct device_attribute *attr,	\
				     char *buf)				\
{									\
	return sysfs_emit(buf, "%u\n", vmw_policy_refused(kind));	\
}									\
static DEVICE_ATTR_ADMIN_RO(refused_##name)

VMW_REFUSED_ATTR(raw, VMW_REFUSED_RAW);
VMW_REFUSED_ATTR(tclo, VMW_REFUSED_TCLO);
VMW_REFUSED_ATTR(rpci, VMW_REFUSED_RPCI);
VMW_REFUSED_ATTR(limit, VMW_REFUSED_LIMIT);

static struct attribute *vmw_attrs[] = {
	&dev_attr_refused_raw.attr,
	&dev_attr_refused_tclo.attr,
	&dev_attr_refused_rpci.attr,
	&dev_attr_refused_limit.attr,
	NULL
};

static const struct attribute_group vmw_group = {
	.attrs = vmw_attrs,
};

/* refused_* at the top, the counters of stats.c in stats/ */
static const struct attribute_group *vmw_groups[] = {
	&vmw_group,
	&vmw_stats_group,
	NULL
};

static struct miscdevice vmw_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vmw_rpc",
	.fops = &vmw_fops,
	.groups = vmw_groups,
	.mode = 0600,
};

static const char *vmw_transport_name(u32 transport)
{
	switch (transport) {
	case VMW_RPC_TRANSPORT_VMCALL:
		return "vmcall";
	case VMW_RPC_TRANSPORT_VMMCALL:
		return "vmmcall";
	default:
		return "port I/O";
	}
}

static int vmw_check_params(void)
{
	if (max_reply > VMW_MAX_REPLY_CEILING) {
		pr_err("max_reply=%u is over the ceiling of %d bytes\n",
		       max_reply, VMW_MAX_REPLY_CEILING);
		return -EINVAL;
	}
	if (pool_idle_ms > VMW_POOL_IDLE_CEILING) {
		pr_err("pool_idle_ms=%u is over the ceiling of %d ms\n",
		       pool_idle_ms, VMW_POOL_IDLE_CEILING);
		return -EINVAL;
	}
	if (!pool_size || pool_size > VMW_POOL_CEILING) {
		pr_err("pool_size=%u: need 1 to %d\n", pool_size,
		       VMW_POOL_CEILING);
		return -EINVAL;
	}
	return 0;
}

static int __init vmw_rpc_init(void)
{
	int ret;

	ret = vmw_check_params();
	if (ret)
		return ret;
	ret = vmw_detect(&vmw_host);
	if (ret)
		return ret;
	ret = vmw_policy_init();
	if (ret)
		return ret;
	ret = vmw_pool_init(pool_size, pool_idle_ms);
	if (ret)
		return ret;
	ret = misc_register(&vmw_miscdev);
	if (ret)
		goto out_pool;
	ret = vmw_tools_init();
	if (ret)
		goto out_misc;
	vmw_panic_init();
	pr_info("VMware backdoor version %u, VMX type %u, %s%s\n",
		vmw_host.version, vmw_host.vmx_type,
		vmw_transport_name(vmw_bdoor_transport()),
		vmw_bdoor_hb_usable() ? ", high bandwidth usable" : "");
	return 0;

out_misc:
	misc_deregister(&vmw_miscdev);
out_pool:
	vmw_pool_exit();
	return ret;
}

static void __exit vmw_rpc_exit(void)
{
	vmw_panic_exit();
	vmw_tools_exit();
	misc_deregister(&vmw_miscdev);
	vmw_pool_exit();
}

module_init(vmw_rpc_init);
module_exit(vmw_rpc_exit);

MODULE_DESCRIPTION("VMware backdoor and GuestRPC channels for userspace");
MODULE_LICENSE("GPL");
/* dkms.conf's PACKAGE_VERSION, through Kbuild */
#ifdef VMW_RPC_VERSION
MODULE_VERSION(VMW_RPC_VERSION);
#endif
/* Loaded by udev on VMware guests only (DMI system vendor, vmw_identity.h). */
MODULE_ALIAS("dmi:*:svn" VMW_ID_DMI_VENDOR_PREFIX "*:*");
