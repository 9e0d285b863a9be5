// SPDX-License-Identifier: GPL-2.0
/*
 * vmw_rpc: /dev/vmw_rpc, the file layer. It owns what a process holds
 * (its channels, released with the file), decides who may do what, and
 * copies every user buffer exactly once into kernel memory before anything
 * is checked or sent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

/* Hard ceilings for the module parameters below. */
#define VMW_MAX_REPLY_CEILING	(64U << 20)
#define VMW_MAX_CHANS_CEILING	1024U
#define VMW_POOL_CEILING	32U

static unsigned int max_reply = 1U << 20;
module_param(max_reply, uint, 0444);
MODULE_PARM_DESC(max_reply, "Largest reply accepted from the host, in bytes (default 1 MiB, at most 64 MiB)");

static unsigned int max_chans_per_file = 8;
module_param(max_chans_per_file, uint, 0444);
MODULE_PARM_DESC(max_chans_per_file, "Channels one open file may hold (default 8)");

static unsigned int max_chans = 32;
module_param(max_chans, uint, 0444);
MODULE_PARM_DESC(max_chans, "Channels all open files together may hold (default 32)");

static unsigned int max_chans_per_uid = 2;
module_param(max_chans_per_uid, uint, 0444);
MODULE_PARM_DESC(max_chans_per_uid, "Channels one user without CAP_SYS_ADMIN may hold over all files (default 2)");

static unsigned int pool_size = 4;
module_param(pool_size, uint, 0444);
MODULE_PARM_DESC(pool_size, "Channels kept open for VMW_RPC_IOC_CALL (default 4)");

static unsigned int pool_idle_ms = 5000;
module_param(pool_idle_ms, uint, 0444);
MODULE_PARM_DESC(pool_idle_ms, "A pooled channel unused this long is closed, in ms (default 5000)");

static struct vmw_host_id vmw_host;
static atomic_t vmw_nchans = ATOMIC_INIT(0);

/* Refused operations, for root: /sys/class/misc/vmw_rpc/refused_* */
static atomic_t vmw_refused_raw = ATOMIC_INIT(0);
static atomic_t vmw_refused_tclo = ATOMIC_INIT(0);
static atomic_t vmw_refused_rpci = ATOMIC_INIT(0);
static atomic_t vmw_refused_limit = ATOMIC_INIT(0);

/**
 * struct vmw_uid_chans - channels held by one user without CAP_SYS_ADMIN
 * @node: in vmw_uids
 * @uid: the user
 * @n: channels it holds over all its files; the entry goes at 0
 */
struct vmw_uid_chans {
	struct list_head node;
	kuid_t uid;
	unsigned int n;
};

static LIST_HEAD(vmw_uids);
static DEFINE_SPINLOCK(vmw_uids_lock);

static struct vmw_uid_chans *vmw_uid_find(kuid_t uid)
{
	struct vmw_uid_chans *u;

	list_for_each_entry(u, &vmw_uids, node)
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/* Count one more channel for @uid; -EDQUOT at max_chans_per_uid. */
static int vmw_uid_charge(kuid_t uid)
{
	struct vmw_uid_chans *u, *fresh;
	int ret = 0;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	spin_lock(&vmw_uids_lock);
	u = vmw_uid_find(uid);
	if (!u) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		list_add(&u->node, &vmw_uids);
	}
	if (u->n >= max_chans_per_uid)
		ret = -EDQUOT;
	else
		u->n++;
	if (!u->n) {
		list_del(&u->node);
		fresh = u;
	}
	spin_unlock(&vmw_uids_lock);
	kfree(fresh);
	return ret;
}

static void vmw_uid_uncharge(kuid_t uid)
{
	struct vmw_uid_chans *u;

	spin_lock(&vmw_uids_lock);
	u = vmw_uid_find(uid);
	if (u && !--u->n)
		list_del(&u->node);
	else
		u = NULL;
	spin_unlock(&vmw_uids_lock);
	kfree(u);
}

/*
 * Is the caller privileged? Asked on every channel open and one-shot call
 * to pick its limits, where "no" is the normal answer for the users the
 * device is for: no audit record for it. Refusals use capable(), which
 * audits.
 */
static bool vmw_admin(void)
{
	return ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN);
}

/* One log line per refusal, rate-limited: uid and first word only. */
static void vmw_audit(atomic_t *counter, const char *what, const u8 *cmd,
		      size_t len)
{
	char word[VMW_AUDIT_PREFIX + 1] = "";

	atomic_inc(counter);
	if (cmd)
		vmw_policy_describe(cmd, len, word);
	pr_notice_ratelimited("refused %s for uid %u%s%s%s\n", what,
			      from_kuid(&init_user_ns, current_euid()),
			      cmd ? " (command \"" : "", word, cmd ? "\")" : "");
}

/**
 * struct vmw_fchan - a channel held by an open file
 * @chan: the channel
 * @uid: the user charged for it
 * @charged: whether @uid was charged (callers without CAP_SYS_ADMIN)
 * @reply: a received reply that did not fit the caller's buffer yet
 * @reply_len: its length
 * @has_reply: @reply is valid (it may be NULL with @reply_len 0)
 */
struct vmw_fchan {
	struct vmw_chan chan;
	kuid_t uid;
	bool charged;
	void *reply;
	size_t reply_len;
	bool has_reply;
};

/**
 * struct vmw_file - per-open-file state
 * @lock: serializes channel operations of this file
 * @chans: handle -> struct vmw_fchan
 * @nchans: entries in @chans
 */
struct vmw_file {
	struct mutex lock;	/* serializes channel operations of this file */
	struct xarray chans;
	unsigned int nchans;
};

static int vmw_open(struct inode *inode, struct file *file)
{
	struct vmw_file *vf = kzalloc(sizeof(*vf), GFP_KERNEL);

	if (!vf)
		return -ENOMEM;
	mutex_init(&vf->lock);
	xa_init_flags(&vf->chans, XA_FLAGS_ALLOC1);
	file->private_data = vf;
	return 0;
}

static void vmw_fchan_free(struct vmw_fchan *fc)
{
	vmw_chan_close(&fc->chan);
	kvfree(fc->reply);
	if (fc->charged)
		vmw_uid_uncharge(fc->uid);
	kfree(fc);
	atomic_dec(&vmw_nchans);
}

static int vmw_release(struct inode *inode, struct file *file)
{
	struct vmw_file *vf = file->private_data;
	struct vmw_fchan *fc;
	unsigned long handle;

	xa_for_each(&vf->chans, handle, fc)
		vmw_fchan_free(fc);
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
		.max_chans_per_file = max_chans_per_file,
		.max_chans = max_chans,
		.pool_size = pool_size,
		.max_chans_per_uid = max_chans_per_uid,
	};

	if (vmw_bdoor_hb_usable())
		info.flags |= VMW_RPC_INFO_HB;
	else
		info.flags |= VMW_RPC_INFO_MEM_ENCRYPT;
	if (IS_ENABLED(CONFIG_VMW_RPC_TEST_HOOKS))
		info.flags |= VMW_RPC_INFO_TEST_BUILD;
	if (vmw_bdoor_simulated())
		info.flags |= VMW_RPC_INFO_SIMULATED;

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
	r->buf = kvzalloc(bd->buf_len, GFP_KERNEL);
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

static int vmw_ioctl_backdoor(void __user *uarg)
{
	struct vmw_rpc_backdoor bd;
	struct vmw_bdoor_regs r = {};
	int ret;

	/* A raw call can hand guest physical addresses to the hypervisor. */
	if (!capable(CAP_SYS_RAWIO)) {
		vmw_audit(&vmw_refused_raw, "raw backdoor call", NULL, 0);
		return -EPERM;
	}
	ret = security_locked_down(LOCKDOWN_IOPORT);
	if (ret) {
		vmw_audit(&vmw_refused_raw, "raw backdoor call (lockdown)",
			  NULL, 0);
		return ret;
	}
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
			return ret;
	}

	memset(&bd.out, 0, sizeof(bd.out));
	bd.out.eax = r.eax;
	bd.out.ebx = r.ebx;
	bd.out.ecx = r.ecx;
	bd.out.edx = r.edx;
	bd.out.esi = r.esi;
	bd.out.edi = r.edi;
	return copy_to_user(uarg, &bd, sizeof(bd)) ? -EFAULT : 0;
}

static int vmw_ioctl_chan_open(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_chan_open op;
	struct vmw_fchan *fc;
	u32 handle;
	bool priv;
	int ret;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	ret = vmw_abi_check_chan_open(&op);
	if (ret)
		return ret;
	/* TCLO impersonates the VMware Tools service. */
	if (op.protocol == VMW_RPC_PROTO_TCLO && !capable(CAP_SYS_ADMIN)) {
		vmw_audit(&vmw_refused_tclo, "TCLO channel", NULL, 0);
		return -EPERM;
	}
	priv = vmw_admin();

	fc = kzalloc(sizeof(*fc), GFP_KERNEL);
	if (!fc)
		return -ENOMEM;
	fc->uid = current_euid();

	/* Interruptible: another thread of the file may be mid-transfer. */
	if (mutex_lock_interruptible(&vf->lock)) {
		kfree(fc);
		return -ERESTARTSYS;
	}
	if (vf->nchans >= max_chans_per_file) {
		ret = -EMFILE;
		goto out_refused;
	}
	if (!priv) {
		ret = vmw_uid_charge(fc->uid);
		if (ret)
			goto out_refused;
		fc->charged = true;
	}
	if (atomic_inc_return(&vmw_nchans) > max_chans) {
		ret = -ENFILE;
		goto out_uncount;
	}
	ret = vmw_chan_open(&fc->chan, op.protocol);
	if (ret)
		goto out_uncount;
	ret = xa_alloc(&vf->chans, &handle, fc, xa_limit_31b, GFP_KERNEL);
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
out_uncount:
	atomic_dec(&vmw_nchans);
	if (fc->charged)
		vmw_uid_uncharge(fc->uid);
out_refused:
	if (ret == -EMFILE || ret == -EDQUOT || ret == -ENFILE)
		vmw_audit(&vmw_refused_limit, "channel over its limit", NULL, 0);
	mutex_unlock(&vf->lock);
	kfree(fc);
	return ret;
}

/*
 * The policy check, on the driver's copy of the command. TCLO channels
 * are checked at open (CAP_SYS_ADMIN); their messages are answers. The
 * allowlist comes first, so that capable() is asked (and audited) only
 * for a command that needs it.
 */
static bool vmw_rpci_permitted(u32 proto, const void *msg, size_t len)
{
	if (proto != VMW_RPC_PROTO_RPCI ||
	    vmw_policy_rpci_allowed(msg, len) || capable(CAP_SYS_ADMIN))
		return true;
	vmw_audit(&vmw_refused_rpci, "RPCI command", msg, len);
	return false;
}

static int vmw_ioctl_chan_send(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_chan_msg m;
	struct vmw_fchan *fc;
	void *msg;
	int ret;

	if (copy_from_user(&m, uarg, sizeof(m)))
		return -EFAULT;
	ret = vmw_abi_check_chan_msg(&m, true);
	if (ret)
		return ret;
	msg = vmemdup_user(u64_to_user_ptr(m.buf), m.len);
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
	else if (!vmw_rpci_permitted(fc->chan.proto, msg, m.len))
		ret = -EACCES;
	else
		ret = vmw_chan_send(&fc->chan, msg, m.len);
	mutex_unlock(&vf->lock);
	kvfree(msg);
	return ret;
}

static int vmw_ioctl_chan_recv(struct vmw_file *vf, void __user *uarg)
{
	struct vmw_rpc_chan_msg m;
	struct vmw_fchan *fc;
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
		ret = vmw_chan_recv(&fc->chan, &fc->reply, &fc->reply_len,
				    max_reply);
		if (ret)
			goto out;
		fc->has_reply = true;
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
	vmw_fchan_free(fc);
	return 0;
}

static int vmw_ioctl_call(void __user *uarg)
{
	struct vmw_rpc_call call;
	void *req, *reply = NULL;
	size_t reply_len = 0;
	int ret;

	if (copy_from_user(&call, uarg, sizeof(call)))
		return -EFAULT;
	ret = vmw_abi_check_call(&call);
	if (ret)
		return ret;
	req = vmemdup_user(u64_to_user_ptr(call.request), call.request_len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (!vmw_rpci_permitted(VMW_RPC_PROTO_RPCI, req, call.request_len)) {
		kvfree(req);
		return -EACCES;
	}

	ret = vmw_pool_call(req, call.request_len, &reply, &reply_len,
			    max_reply, current_euid(), vmw_admin());
	kvfree(req);
	if (ret)
		return ret;

	if (!vmw_rpci_reply_valid(reply, reply_len)) {
		ret = -EBADMSG;
	} else if (reply_len > call.reply_len) {
		call.reply_len = reply_len;
		ret = copy_to_user(uarg, &call, sizeof(call)) ? -EFAULT : -ENOBUFS;
	} else if (copy_to_user(u64_to_user_ptr(call.reply), reply, reply_len)) {
		ret = -EFAULT;
	} else {
		call.reply_len = reply_len;
		ret = copy_to_user(uarg, &call, sizeof(call)) ? -EFAULT : 0;
	}
	kvfree(reply);
	return ret;
}

static long vmw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vmw_file *vf = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VMW_RPC_IOC_INFO:
		return vmw_ioctl_info(uarg);
	case VMW_RPC_IOC_BACKDOOR:
		return vmw_ioctl_backdoor(uarg);
	case VMW_RPC_IOC_CHAN_OPEN:
		return vmw_ioctl_chan_open(vf, uarg);
	case VMW_RPC_IOC_CHAN_SEND:
		return vmw_ioctl_chan_send(vf, uarg);
	case VMW_RPC_IOC_CHAN_RECV:
		return vmw_ioctl_chan_recv(vf, uarg);
	case VMW_RPC_IOC_CHAN_CLOSE:
		return vmw_ioctl_chan_close(vf, uarg);
	case VMW_RPC_IOC_CALL:
		return vmw_ioctl_call(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vmw_fops = {
	.owner = THIS_MODULE,
	.open = vmw_open,
	.release = vmw_release,
	.unlocked_ioctl = vmw_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

#define VMW_REFUSED_ATTR(name)						\
static ssize_t refused_##name##_show(struct device *dev,		\
				     struct device_attribute *attr,	\
				     char *buf)				\
{									\
	return sysfs_emit(buf, "%d\n", atomic_read(&vmw_refused_##name)); \
}									\
static DEVICE_ATTR_ADMIN_RO(refused_##name)

VMW_REFUSED_ATTR(raw);
VMW_REFUSED_ATTR(tclo);
VMW_REFUSED_ATTR(rpci);
VMW_REFUSED_ATTR(limit);

static struct attribute *vmw_attrs[] = {
	&dev_attr_refused_raw.attr,
	&dev_attr_refused_tclo.attr,
	&dev_attr_refused_rpci.attr,
	&dev_attr_refused_limit.attr,
	NULL
};
ATTRIBUTE_GROUPS(vmw);

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
		pr_err("max_reply=%u is over the ceiling of %u bytes\n",
		       max_reply, VMW_MAX_REPLY_CEILING);
		return -EINVAL;
	}
	if (max_chans > VMW_MAX_CHANS_CEILING ||
	    max_chans_per_file > max_chans || max_chans_per_uid > max_chans) {
		pr_err("max_chans=%u, max_chans_per_file=%u, max_chans_per_uid=%u: need each per-file and per-uid bound <= max_chans <= %u\n",
		       max_chans, max_chans_per_file, max_chans_per_uid,
		       VMW_MAX_CHANS_CEILING);
		return -EINVAL;
	}
	if (!pool_size || pool_size > VMW_POOL_CEILING) {
		pr_err("pool_size=%u: need 1 to %u\n", pool_size,
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
		goto out_policy;
	ret = misc_register(&vmw_miscdev);
	if (ret)
		goto out_pool;
	pr_info("VMware backdoor version %u, VMX type %u, %s%s\n",
		vmw_host.version, vmw_host.vmx_type,
		vmw_transport_name(vmw_bdoor_transport()),
		vmw_bdoor_hb_usable() ? ", high bandwidth usable" : "");
	return 0;

out_pool:
	vmw_pool_exit();
out_policy:
	vmw_policy_exit();
	return ret;
}

static void __exit vmw_rpc_exit(void)
{
	misc_deregister(&vmw_miscdev);
	vmw_pool_exit();
	vmw_policy_exit();
}

module_init(vmw_rpc_init);
module_exit(vmw_rpc_exit);

MODULE_DESCRIPTION("VMware backdoor and GuestRPC channels for userspace");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
/* Loaded by udev on VMware guests only (DMI system vendor). */
MODULE_ALIAS("dmi:*:svnVMware*:*");
