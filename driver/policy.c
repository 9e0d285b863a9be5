// SPDX-License-Identifier: GPL-2.0
/*
 * Who may do what: the one place that knows about users.
 *
 * Rights are those of the file, fixed at open(2) from the opener's
 * credentials (vmw_requestor_init()), as in vboxguest: whoever holds the
 * file descriptor has exactly the rights of the process that opened it,
 * whatever its own credentials are now. vmw_policy_check() answers "may
 * this requestor do this operation with this command"; every refusal is
 * counted and logged there, rate-limited per kind of refusal, so that a
 * flood of one kind cannot hide another.
 *
 *  - raw backdoor calls: CAP_SYS_RAWIO at open, and no kernel lockdown
 *    now (lockdown can begin after the open);
 *  - TCLO channels: CAP_SYS_ADMIN at open (they impersonate VMware Tools),
 *    and not while the driver's tools service holds one (tools.c);
 *  - RPCI commands: CAP_SYS_ADMIN at open, or a match in the allowlist
 *    (rpci_allow; rules below).
 *
 * How much of the host a requestor may hold (vmw_policy_chan_get(),
 * vmw_policy_share()): channels per file; for a requestor without
 * CAP_SYS_ADMIN, channels per user and for all such requestors together
 * (max_chans_unpriv), and a share of the call pool; for the others,
 * max_chans, which the unprivileged ones never use up. A user is the user
 * who owns the outermost user namespace of the opener (the opener's euid
 * outside any): uids of a namespace, subordinate ids included, are
 * charged to its owner.
 *
 * The allowlist (module parameter rpci_allow, writable by root at run
 * time, settable at load) is comma-separated command prefixes; the
 * default allows reading guestinfo only. Match rules, applied to the
 * driver's own copy of the command:
 *  - the command is not empty and holds only printable ASCII and spaces
 *    (0x20..0x7e): no NUL, newline or other control byte anywhere, so the
 *    host can never see a second command or a truncated one;
 *  - it starts with one of the prefixes, compared byte for byte (case
 *    matters), and has at least one more byte after it;
 *  - a prefix is 1..VMW_ALLOW_MAX_LEN printable bytes with no comma.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/user_namespace.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

/*
 * The channel bounds' defaults and ceiling, each written once: plain
 * decimals, so that the descriptions below can quote them
 * (docs/driver.md, "Module parameters", names the same values).
 */
#define VMW_CHANS_PER_FILE_DEFAULT	8
#define VMW_CHANS_DEFAULT		32
#define VMW_CHANS_PER_UID_DEFAULT	2
#define VMW_CHANS_UNPRIV_DEFAULT	2
/* Hard ceiling of max_chans and max_chans_unpriv. */
#define VMW_MAX_CHANS_CEILING		1024

static unsigned int max_chans_per_file = VMW_CHANS_PER_FILE_DEFAULT;
module_param(max_chans_per_file, uint, 0444);
MODULE_PARM_DESC(max_chans_per_file, "Channels one open file may hold (default "
		 __stringify(VMW_CHANS_PER_FILE_DEFAULT) ")");

static unsigned int max_chans = VMW_CHANS_DEFAULT;
module_param(max_chans, uint, 0444);
MODULE_PARM_DESC(max_chans, "Channels the files of CAP_SYS_ADMIN openers may hold together (default "
		 __stringify(VMW_CHANS_DEFAULT) ", at most "
		 __stringify(VMW_MAX_CHANS_CEILING) ")");

static unsigned int max_chans_per_uid = VMW_CHANS_PER_UID_DEFAULT;
module_param(max_chans_per_uid, uint, 0444);
MODULE_PARM_DESC(max_chans_per_uid, "Channels one user without CAP_SYS_ADMIN may hold over all its files (default "
		 __stringify(VMW_CHANS_PER_UID_DEFAULT) ")");

static unsigned int max_chans_unpriv = VMW_CHANS_UNPRIV_DEFAULT;
module_param(max_chans_unpriv, uint, 0444);
MODULE_PARM_DESC(max_chans_unpriv, "Channels all users without CAP_SYS_ADMIN may hold together, besides their share of the call pool (default "
		 __stringify(VMW_CHANS_UNPRIV_DEFAULT) ", at most "
		 __stringify(VMW_MAX_CHANS_CEILING) ")");

#define VMW_ALLOW_DEFAULT	"info-get guestinfo."

static struct vmw_allowlist __rcu *vmw_allow;
static DEFINE_MUTEX(vmw_allow_lock);

static bool vmw_allow_byte_ok(u8 c)
{
	return c >= 0x20 && c <= 0x7e;
}

/**
 * vmw_allow_parse() - parse a comma-separated prefix list
 * @s: the list; one trailing newline is ignored; "" is the empty list
 * @out: the new list, kfree() it
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for a malformed list, -ENOMEM.
 */
int vmw_allow_parse(const char *s, struct vmw_allowlist **out)
{
	size_t len = strlen(s);
	struct vmw_allowlist *l;
	const char *p, *end;

	if (len && s[len - 1] == '\n')
		len--;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	for (p = s; len && p <= s + len; p = end + 1) {
		size_t n;

		end = memchr(p, ',', s + len - p);
		if (!end)
			end = s + len;
		n = end - p;
		if (!n || n > VMW_ALLOW_MAX_LEN || l->n == VMW_ALLOW_MAX)
			goto bad;
		memcpy(l->prefix[l->n], p, n);
		l->len[l->n] = n;
		while (n--)
			if (!vmw_allow_byte_ok(l->prefix[l->n][n]))
				goto bad;
		l->n++;
	}
	*out = l;
	return 0;
bad:
	kfree(l);
	return -EINVAL;
}

/**
 * vmw_allow_match() - may a caller without CAP_SYS_ADMIN send @cmd?
 * @l: the allowlist
 * @cmd: the command bytes (the driver's copy)
 * @len: their number
 *
 * Context: any.
 * Return: true when the rules at the top of this file allow it.
 */
bool vmw_allow_match(const struct vmw_allowlist *l, const u8 *cmd, size_t len)
{
	unsigned int i;
	size_t k;

	if (!len)
		return false;
	for (k = 0; k < len; k++)
		if (!vmw_allow_byte_ok(cmd[k]))
			return false;
	for (i = 0; i < l->n; i++)
		if (len > l->len[i] && !memcmp(cmd, l->prefix[i], l->len[i]))
			return true;
	return false;
}

static bool vmw_policy_rpci_allowed(const void *cmd, size_t len)
{
	const struct vmw_allowlist *l;
	bool ok;

	rcu_read_lock();
	l = rcu_dereference(vmw_allow);
	ok = l && vmw_allow_match(l, cmd, len);
	rcu_read_unlock();
	return ok;
}

static int vmw_allow_set(const char *val, const struct kernel_param *kp)
{
	struct vmw_allowlist *l, *old;
	int ret;

	ret = vmw_allow_parse(val, &l);
	if (ret) {
		pr_warn("rpci_allow: need comma-separated prefixes of 1 to %u printable bytes, at most %u of them\n",
			VMW_ALLOW_MAX_LEN, VMW_ALLOW_MAX);
		return ret;
	}
	mutex_lock(&vmw_allow_lock);
	old = rcu_replace_pointer(vmw_allow, l,
				  lockdep_is_held(&vmw_allow_lock));
	mutex_unlock(&vmw_allow_lock);
	synchronize_rcu();
	kfree(old);
	return 0;
}

static int vmw_allow_get(char *buf, const struct kernel_param *kp)
{
	const struct vmw_allowlist *l;
	int n = 0;
	unsigned int i;

	rcu_read_lock();
	l = rcu_dereference(vmw_allow);
	for (i = 0; l && i < l->n; i++)
		n += scnprintf(buf + n, PAGE_SIZE - n, "%s%.*s", i ? "," : "",
			       (int)l->len[i], l->prefix[i]);
	rcu_read_unlock();
	n += scnprintf(buf + n, PAGE_SIZE - n, "\n");
	return n;
}

/*
 * The one place the list is freed: when the module's parameters go away,
 * after module_exit or a failed init. By then their sysfs files are gone
 * (and writes in flight have finished), so no write can race this; a
 * write that came after module_exit is freed here too.
 */
static void vmw_allow_free(void *arg)
{
	kfree(rcu_dereference_protected(vmw_allow, true));
	RCU_INIT_POINTER(vmw_allow, NULL);
}

static const struct kernel_param_ops vmw_allow_ops = {
	.set = vmw_allow_set,
	.get = vmw_allow_get,
	.free = vmw_allow_free,
};

module_param_cb(rpci_allow, &vmw_allow_ops, NULL, 0644);
MODULE_PARM_DESC(rpci_allow,
		 "RPCI command prefixes callers without CAP_SYS_ADMIN may send, comma-separated (default \""
		 VMW_ALLOW_DEFAULT "\")");

/**
 * vmw_policy_describe() - the part of a refused command the log may show
 * @cmd: the command
 * @len: its length
 * @buf: at least VMW_AUDIT_PREFIX + 1 bytes
 *
 * The first word only (a command's arguments may be secrets): it ends at
 * the first space or other byte that is not printable ASCII, so a tab or
 * a newline between words does not let the rest into the log.
 *
 * Context: any.
 */
void vmw_policy_describe(const u8 *cmd, size_t len, char *buf)
{
	size_t i;

	for (i = 0; i < len && i < VMW_AUDIT_PREFIX; i++) {
		if (cmd[i] <= ' ' || cmd[i] > '~')
			break;
		buf[i] = cmd[i];
	}
	buf[i] = '\0';
}

/* ---- refusals ---- */

static atomic_t vmw_refused[VMW_REFUSED_KINDS];
/* One rate limit per kind: a flood of one kind does not hide another. */
static struct ratelimit_state vmw_refusal_rs[VMW_REFUSED_KINDS];

/* Count and log one refusal (uid and first word only); return @err. */
static int vmw_refuse(enum vmw_refusal kind, int err, const char *what,
		      const u8 *cmd, size_t len)
{
	char word[VMW_AUDIT_PREFIX + 1] = "";

	atomic_inc(&vmw_refused[kind]);
	if (!__ratelimit(&vmw_refusal_rs[kind]))
		return err;
	if (cmd)
		vmw_policy_describe(cmd, len, word);
	pr_notice("refused %s for uid %u%s%s%s\n", what,
		  from_kuid(&init_user_ns, current_euid()),
		  cmd ? " (command \"" : "", word, cmd ? "\")" : "");
	return err;
}

/**
 * vmw_policy_refused() - how many refusals of one kind there were
 * @kind: the kind
 *
 * Context: any.
 * Return: the count since the module was loaded.
 */
unsigned int vmw_policy_refused(enum vmw_refusal kind)
{
	return atomic_read(&vmw_refused[kind]);
}

/* ---- rights ---- */

/**
 * vmw_policy_charge_uid() - the user a requestor's channels are charged to
 * @cred: the requestor's credentials
 *
 * Outside any user namespace, the effective uid. Inside one, the user who
 * owns the outermost namespace (a uid of the initial namespace), whatever
 * uid the requestor has in there: a user with a range of subordinate ids
 * is still one user.
 *
 * Context: any.
 * Return: the uid, in the initial user namespace.
 */
kuid_t vmw_policy_charge_uid(const struct cred *cred)
{
	const struct user_namespace *ns;
	kuid_t uid = cred->euid;

	for (ns = cred->user_ns; ns && ns != &init_user_ns; ns = ns->parent)
		uid = ns->owner;
	return uid;
}

/**
 * vmw_requestor_init() - fix a file's rights from its opener
 * @rq: the file's requestor
 *
 * The capabilities are read without an audit record: they set what the
 * file may do later, not a decision about an operation; the refusals
 * themselves are logged by this file.
 *
 * Context: open(2), in the opener's task (current_cred() is then
 * file->f_cred).
 */
void vmw_requestor_init(struct vmw_requestor *rq)
{
	rq->charge = vmw_policy_charge_uid(current_cred());
	rq->admin = ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN);
	rq->rawio = ns_capable_noaudit(&init_user_ns, CAP_SYS_RAWIO);
}

/**
 * vmw_policy_check() - may this requestor do this operation?
 * @rq: the requestor (the file's rights)
 * @op: the operation
 * @cmd: for VMW_OP_RPCI, the driver's copy of the command; else NULL
 * @len: its length
 *
 * A refusal is counted and logged here.
 *
 * Context: process context.
 * Return: 0 when allowed; -EPERM for a raw call without CAP_SYS_RAWIO or
 * under lockdown, or a TCLO channel without CAP_SYS_ADMIN; -EACCES for an
 * RPCI command outside the allowlist without CAP_SYS_ADMIN; -EINVAL for
 * an unknown operation.
 */
int vmw_policy_check(const struct vmw_requestor *rq, enum vmw_op op,
		     const void *cmd, size_t len)
{
	switch (op) {
	case VMW_OP_INFO:
	case VMW_OP_OPEN_RPCI:
		return 0;
	case VMW_OP_TCLO:	/* only a TCLO channel's holder sends these */
		return 0;
	case VMW_OP_RAW:
		/* A raw call can hand guest physical addresses to the host. */
		if (!rq->rawio)
			return vmw_refuse(VMW_REFUSED_RAW, -EPERM,
					  "raw backdoor call", NULL, 0);
		if (security_locked_down(LOCKDOWN_IOPORT))
			return vmw_refuse(VMW_REFUSED_RAW, -EPERM,
					  "raw backdoor call (lockdown)",
					  NULL, 0);
		return 0;
	case VMW_OP_OPEN_TCLO:
		if (!rq->admin)
			return vmw_refuse(VMW_REFUSED_TCLO, -EPERM,
					  "TCLO channel", NULL, 0);
		return 0;
	case VMW_OP_RPCI:
		if (rq->admin || vmw_policy_rpci_allowed(cmd, len))
			return 0;
		return vmw_refuse(VMW_REFUSED_RPCI, -EACCES, "RPCI command",
				  cmd, len);
	}
	return -EINVAL;
}

/* ---- how much of the host ---- */

/**
 * struct vmw_uid_chans - channels held by one unprivileged user
 * @node: in vmw_uids
 * @uid: the user (vmw_policy_charge_uid())
 * @n: channels it holds over all its files; the entry goes at 0
 */
struct vmw_uid_chans {
	struct list_head node;
	kuid_t uid;
	unsigned int n;
};

static LIST_HEAD(vmw_uids);
static unsigned int vmw_priv_chans;	/* files of CAP_SYS_ADMIN openers */
static unsigned int vmw_unpriv_chans;	/* all the others */
static DEFINE_SPINLOCK(vmw_chans_lock);	/* these three, the TCLO claim below */

static struct vmw_uid_chans *vmw_uid_find(kuid_t uid)
{
	struct vmw_uid_chans *u;

	list_for_each_entry(u, &vmw_uids, node)
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/* Take one unprivileged channel for @uid: 0, -EDQUOT or -ENFILE. */
static int vmw_unpriv_get(kuid_t uid)
{
	struct vmw_uid_chans *u, *fresh;
	int ret = 0;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;
	spin_lock(&vmw_chans_lock);
	u = vmw_uid_find(uid);
	if (!u) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		list_add(&u->node, &vmw_uids);
	}
	if (u->n >= max_chans_per_uid) {
		ret = -EDQUOT;
	} else if (vmw_unpriv_chans >= max_chans_unpriv) {
		ret = -ENFILE;
	} else {
		u->n++;
		vmw_unpriv_chans++;
	}
	if (!u->n) {
		list_del(&u->node);
		fresh = u;
	}
	spin_unlock(&vmw_chans_lock);
	kfree(fresh);
	return ret;
}

/**
 * vmw_policy_chan_get() - may this requestor hold one more channel?
 * @rq: the requestor
 * @file_chans: channels its file holds now
 *
 * On success the channel is charged until vmw_policy_chan_put(). A
 * refusal is counted and logged here.
 *
 * Context: process context; may sleep.
 * Return: 0; -EMFILE at max_chans_per_file; for a requestor without
 * CAP_SYS_ADMIN -EDQUOT at max_chans_per_uid and -ENFILE at
 * max_chans_unpriv; for the others -ENFILE at max_chans; -ENOMEM.
 */
int vmw_policy_chan_get(const struct vmw_requestor *rq,
			unsigned int file_chans)
{
	int ret = 0;

	if (file_chans >= max_chans_per_file) {
		ret = -EMFILE;
	} else if (!rq->admin) {
		ret = vmw_unpriv_get(rq->charge);
	} else {
		spin_lock(&vmw_chans_lock);
		if (vmw_priv_chans >= max_chans)
			ret = -ENFILE;
		else
			vmw_priv_chans++;
		spin_unlock(&vmw_chans_lock);
	}
	if (ret && ret != -ENOMEM)
		vmw_refuse(VMW_REFUSED_LIMIT, ret, "channel over its limit",
			   NULL, 0);
	return ret;
}

/**
 * vmw_policy_chan_put() - give back a channel vmw_policy_chan_get() charged
 * @rq: the requestor it was charged to
 *
 * Context: any.
 */
void vmw_policy_chan_put(const struct vmw_requestor *rq)
{
	struct vmw_uid_chans *u = NULL;

	spin_lock(&vmw_chans_lock);
	if (rq->admin) {
		vmw_priv_chans--;
	} else {
		vmw_unpriv_chans--;
		u = vmw_uid_find(rq->charge);
		if (u && !--u->n)
			list_del(&u->node);
		else
			u = NULL;
	}
	spin_unlock(&vmw_chans_lock);
	kfree(u);
}

/*
 * TCLO channels speak for VMware Tools: either the driver's tools service
 * (tools.c) holds one, or programs may open them, never both at once.
 */
static unsigned int vmw_tclo_user_chans;	/* programs' TCLO channels */
static bool vmw_tclo_service;			/* the tools service runs */

/**
 * vmw_policy_tclo_get() - may a TCLO channel be opened now?
 * @service: for the driver's tools service (else for a program's file)
 *
 * On success the claim holds until vmw_policy_tclo_put(). A program's
 * refusal is counted and logged here as a TCLO refusal.
 *
 * Context: process context.
 * Return: 0; -EBUSY for a program while the tools service runs, and for
 * the service while a program holds a TCLO channel.
 */
int vmw_policy_tclo_get(bool service)
{
	int ret = 0;

	spin_lock(&vmw_chans_lock);
	if (service) {
		if (vmw_tclo_user_chans)
			ret = -EBUSY;
		else
			vmw_tclo_service = true;
	} else {
		if (vmw_tclo_service)
			ret = -EBUSY;
		else
			vmw_tclo_user_chans++;
	}
	spin_unlock(&vmw_chans_lock);
	if (ret && !service)
		vmw_refuse(VMW_REFUSED_TCLO, ret,
			   "TCLO channel (the tools service holds it: module parameter tools)",
			   NULL, 0);
	return ret;
}

/**
 * vmw_policy_tclo_put() - give back what vmw_policy_tclo_get() claimed
 * @service: as given to vmw_policy_tclo_get()
 *
 * Context: any.
 */
void vmw_policy_tclo_put(bool service)
{
	spin_lock(&vmw_chans_lock);
	if (service)
		vmw_tclo_service = false;
	else
		vmw_tclo_user_chans--;
	spin_unlock(&vmw_chans_lock);
}

/**
 * vmw_policy_share() - how much of the call pool a requestor may hold
 * @rq: the requestor
 * @pool_size: channels in the pool
 * @share: filled in
 *
 * Requestors without CAP_SYS_ADMIN together hold at most half the pool,
 * one user at most half of that (at least one channel each), so that root
 * and other users always find a channel soon.
 *
 * Context: any.
 */
void vmw_policy_share(const struct vmw_requestor *rq, unsigned int pool_size,
		      struct vmw_share *share)
{
	share->key = __kuid_val(rq->charge);
	share->bounded = !rq->admin;
	share->per_class = max(1U, pool_size / 2);
	share->per_key = max(1U, share->per_class / 2);
}

/**
 * vmw_policy_info() - report the channel bounds in VMW_RPC_IOC_INFO
 * @info: filled in
 *
 * Context: any.
 */
void vmw_policy_info(struct vmw_rpc_info *info)
{
	info->max_chans_per_file = max_chans_per_file;
	info->max_chans = max_chans;
	info->max_chans_per_uid = max_chans_per_uid;
	info->max_chans_unpriv = max_chans_unpriv;
}

/**
 * vmw_policy_init() - check the bounds, set the default allowlist
 *
 * Context: module init. Nothing to undo: the allowlist is freed with the
 * module's parameters.
 * Return: 0, -EINVAL for bounds out of range (logged), -ENOMEM.
 */
int vmw_policy_init(void)
{
	unsigned int i;

	if (max_chans > VMW_MAX_CHANS_CEILING ||
	    max_chans_unpriv > VMW_MAX_CHANS_CEILING ||
	    max_chans_per_file > max(max_chans, max_chans_unpriv) ||
	    max_chans_per_uid > max_chans_unpriv) {
		pr_err("max_chans=%u, max_chans_unpriv=%u, max_chans_per_file=%u, max_chans_per_uid=%u: need max_chans and max_chans_unpriv <= %u, max_chans_per_uid <= max_chans_unpriv, max_chans_per_file <= the larger of the two\n",
		       max_chans, max_chans_unpriv, max_chans_per_file,
		       max_chans_per_uid, VMW_MAX_CHANS_CEILING);
		return -EINVAL;
	}
	for (i = 0; i < VMW_REFUSED_KINDS; i++)
		ratelimit_state_init(&vmw_refusal_rs[i],
				     DEFAULT_RATELIMIT_INTERVAL,
				     DEFAULT_RATELIMIT_BURST);
	if (rcu_access_pointer(vmw_allow))
		return 0;	/* set at load */
	return vmw_allow_set(VMW_ALLOW_DEFAULT, NULL);
}
