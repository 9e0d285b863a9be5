// SPDX-License-Identifier: GPL-2.0
/*
 * The tools service: the kernel answers the host as VMware Tools does, on
 * a TCLO channel of the channel engine (docs/protocol.md, section 4), so
 * that a guest without open-vm-tools' vmtoolsd shows "running" and can be
 * shut down or restarted from the host.
 *
 * Off unless the module parameter "tools" is 1. One kthread owns one TCLO
 * channel; while it runs, userspace cannot open a TCLO channel (EBUSY),
 * and while userspace holds one, the service cannot start (policy.c,
 * vmw_policy_tclo_get()): two programs answering the host as "toolbox"
 * is what the README warns against.
 *
 * The loop (one round): send the answer to the last command (an empty
 * message when there is none), receive the next command, carry it out.
 * A round costs 2 backdoor calls when the host has nothing; after a
 * command the next round follows at once, else the next starts
 * VMW_TOOLS_FIRST_MS after this one's start, doubling to VMW_TOOLS_IDLE_MS:
 * an idle guest makes 2 calls per second, and a queued command is fetched
 * within VMW_TOOLS_IDLE_MS (and the timer's lateness). A
 * channel the host closed or refused is (re)opened every
 * VMW_TOOLS_IDLE_MS: a host that stops answering costs one call a second.
 *
 * The guest's IP address: the primary IPv4 address (the first one, in
 * init_net's interface order, that is not loopback, link-local, 0.0.0.0/8
 * or multicast, on an interface that is up, not a loopback device, and
 * whose name matches none of the patterns of tools_ip_skip) is published
 * with "info-set guestinfo.ip ADDR" when the host asks (Set_Option
 * broadcastIP 1) and whenever it may have changed: an address comes or
 * goes (inetaddr notifier), or an interface goes up or down or is renamed
 * (netdevice notifier: an address added while its link was down, or a
 * name that a pattern now matches), in init_net; either wakes the loop,
 * which publishes only a changed address. Other network namespaces'
 * events are ignored.
 *
 * The command handling (vmw_tools_dispatch()) and the address choice
 * (vmw_tools_ip_skip()) are pure functions, tested by KUnit
 * (tests/kunit/tools_test.c); the loop only carries out what they return.
 * KUnit calls the notifiers too, with interfaces in init_net and in
 * another namespace, and reads what they marked (vmw_tools_ip_take()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": tools: " fmt

#include <linux/glob.h>
#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"
#include "trace.h"

/* Idle poll interval: 2 backdoor calls a round, so 2 calls a second. */
#define VMW_TOOLS_IDLE_MS	1000
/* The first wait after a command; it doubles up to VMW_TOOLS_IDLE_MS. */
#define VMW_TOOLS_FIRST_MS	100
/* Longest wait for a pool channel for one of our RPCI reports. */
#define VMW_TOOLS_RPCI_WAIT_MS	1000
/* Longest RPCI reply we read (we only log it). */
#define VMW_TOOLS_RPCI_REPLY	256
/* Bytes of an RPCI report we build. */
#define VMW_TOOLS_RPCI_MAX	128
/* Bytes of tools_ip_skip. */
#define VMW_TOOLS_IP_SKIP_MAX	256
/*
 * Interfaces whose addresses are never the guest's: containers, bridges
 * and overlays (docker, podman, CNI plugins, libvirt, LXC, VXLAN, ...).
 */
#define VMW_TOOLS_IP_SKIP_DEFAULT \
	"docker*,veth*,cni*,flannel*,cali*,cilium*,weave*,vxlan*,geneve*," \
	"virbr*,br-*,lxcbr*,lxc*,podman*,kube-ipvs*,tunl*,vethwe*"

/*
 * The texts of the protocol, each from its source (docs/protocol.md,
 * section 4, cites them).
 */
#define VMW_TOOLS_APP		"toolbox"	/* TOOLS_DAEMON_NAME */
#define VMW_TOOLS_OK		"OK "
#define VMW_TOOLS_ERROR		"ERROR "
#define VMW_TOOLS_UNKNOWN	"Unknown Command" /* GUEST_RPC_UNKNOWN_COMMAND */
#define VMW_TOOLS_BAD		"Bad command"
#define VMW_TOOLS_BAD_OPTION	"Unknown or invalid option"
/* TOOLS_VERSION_UNMANAGED: a version the host does not manage. */
#define VMW_TOOLS_VERSION_UNMANAGED	2147483647U

/**
 * struct vmw_tools_cmd - one TCLO command the service knows
 * @name: the command word, as the host sends it (case matters)
 * @state: the state change it is, or VMW_TOOLS_STATE_NONE
 */
struct vmw_tools_cmd {
	const char *name;
	enum vmw_tools_state state;
};

/* The power operations (powerops.h, stateChangeCmdTable). */
static const struct vmw_tools_cmd vmw_tools_power[] = {
	{ "OS_PowerOn", VMW_TOOLS_STATE_POWERON },
	{ "OS_Resume", VMW_TOOLS_STATE_RESUME },
	{ "OS_Suspend", VMW_TOOLS_STATE_SUSPEND },
	{ "OS_Halt", VMW_TOOLS_STATE_HALT },
	{ "OS_Reboot", VMW_TOOLS_STATE_REBOOT },
};

/* Set_Option options taken with "0" or "1" (powerOps, guestInfo). */
static const char *const vmw_tools_options[] = {
	"broadcastIP",
	"toolScripts.afterPowerOn",
	"toolScripts.afterResume",
	"toolScripts.beforePowerOff",
	"toolScripts.beforeSuspend",
};

static void vmw_tools_answer(struct vmw_tools_result *res, bool ok,
			     const char *text)
{
	res->answer_len = scnprintf(res->answer, sizeof(res->answer), "%s%s",
				    ok ? VMW_TOOLS_OK : VMW_TOOLS_ERROR, text);
}

/* Is @s (@len bytes, no NUL) exactly @word? */
static bool vmw_tools_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(s, word, len);
}

/* "Set_Option OPTION VALUE": @args is what follows the command word. */
static void vmw_tools_set_option(const char *args, size_t len,
				 struct vmw_tools_result *res)
{
	const char *opt, *val, *sp;
	size_t olen, vlen;
	unsigned int i;

	/* As StrUtil_GetNextToken(): leading spaces do not count. */
	while (len && *args == ' ') {
		args++;
		len--;
	}
	sp = memchr(args, ' ', len);
	if (!len || !sp || sp + 1 == args + len)
		goto bad;
	opt = args;
	olen = sp - args;
	val = sp + 1;
	vlen = args + len - val;
	if (!vmw_tools_is(val, vlen, "0") && !vmw_tools_is(val, vlen, "1"))
		goto bad;
	for (i = 0; i < ARRAY_SIZE(vmw_tools_options); i++) {
		if (vmw_tools_is(opt, olen, vmw_tools_options[i])) {
			res->publish_ip = i == 0 && *val == '1';
			vmw_tools_answer(res, true, "");
			return;
		}
	}
bad:
	vmw_tools_answer(res, false, VMW_TOOLS_BAD_OPTION);
}

/**
 * vmw_tools_dispatch() - decide what one TCLO command asks for
 * @cmd: the command's bytes, as received (need not be NUL-terminated; a
 *	NUL ends the command, as in open-vm-tools, which reads it as a C
 *	string)
 * @len: their number
 * @res: filled in: the answer to send and what to do besides
 *
 * A pure function: it sends nothing and changes no state. The answers
 * are open-vm-tools' (docs/protocol.md, section 4): "OK ATR toolbox" to
 * reset, "OK " to ping, Capabilities_Register, the options it takes and
 * the power operations, "ERROR Unknown or invalid option" to other
 * options, "ERROR Bad command" to an empty command and "ERROR Unknown
 * Command" to any other.
 *
 * Context: any.
 */
void vmw_tools_dispatch(const u8 *cmd, size_t len, struct vmw_tools_result *res)
{
	const char *s = (const char *)cmd, *name, *sp;
	size_t nlen;
	unsigned int i;

	memset(res, 0, sizeof(*res));
	len = strnlen(s, len);
	while (len && *s == ' ') {
		s++;
		len--;
	}
	if (!len) {
		vmw_tools_answer(res, false, VMW_TOOLS_BAD);
		return;
	}
	name = s;
	sp = memchr(s, ' ', len);
	nlen = sp ? sp - s : len;

	if (vmw_tools_is(name, nlen, "reset")) {
		res->reset = true;
		vmw_tools_answer(res, true, "ATR " VMW_TOOLS_APP);
		return;
	}
	if (vmw_tools_is(name, nlen, "ping")) {
		vmw_tools_answer(res, true, "");
		return;
	}
	if (vmw_tools_is(name, nlen, "Capabilities_Register")) {
		res->caps = true;
		vmw_tools_answer(res, true, "");
		return;
	}
	if (vmw_tools_is(name, nlen, "Set_Option")) {
		vmw_tools_set_option(name + nlen, len - nlen, res);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(vmw_tools_power); i++) {
		if (vmw_tools_is(name, nlen, vmw_tools_power[i].name)) {
			res->state = vmw_tools_power[i].state;
			vmw_tools_answer(res, true, "");
			return;
		}
	}
	vmw_tools_answer(res, false, VMW_TOOLS_UNKNOWN);
}

/**
 * vmw_tools_statechange() - the RPCI report of a state change
 * @state: the state change carried out
 * @buf: filled with the command
 * @size: bytes of @buf
 *
 * "tools.os.statechange.status 1 STATE": success, then the state code
 * (GuestOsState of open-vm-tools' powerops.h; docs/protocol.md, 4.3).
 *
 * Context: any.
 * Return: the command's length, or 0 for VMW_TOOLS_STATE_NONE or an
 * unknown state.
 */
size_t vmw_tools_statechange(enum vmw_tools_state state, char *buf,
			     size_t size)
{
	if (state <= VMW_TOOLS_STATE_NONE || state > VMW_TOOLS_STATE_SUSPEND)
		return 0;
	return scnprintf(buf, size, "tools.os.statechange.status 1 %d", state);
}

/**
 * vmw_tools_ip_skip() - is this address not the guest's to publish?
 * @ifname: the interface's name
 * @addr: the IPv4 address, network order
 * @patterns: comma-separated glob patterns of interface names to skip
 *	(glob_match(): *, ?, [...]); empty patterns are ignored
 *
 * Context: any.
 * Return: true for loopback (127/8), link-local (169.254/16), 0.0.0.0/8
 * and multicast addresses, and for interfaces whose name matches a
 * pattern.
 */
bool vmw_tools_ip_skip(const char *ifname, __be32 addr, const char *patterns)
{
	char pat[VMW_TOOLS_IP_SKIP_MAX];
	const char *p, *end;
	size_t n;

	/* ipv4_is_zeronet() of 6.1 takes 0.0.0.0 only, not 0/8. */
	if (ipv4_is_loopback(addr) || ipv4_is_linklocal_169(addr) ||
	    !(ntohl(addr) >> 24) || ipv4_is_multicast(addr))
		return true;
	for (p = patterns; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ',');
		n = end - p;
		/* tools_ip_skip is shorter: only a caller's own list is not. */
		if (!n || n >= sizeof(pat))
			continue;
		memcpy(pat, p, n);
		pat[n] = '\0';
		if (glob_match(pat, ifname))
			return true;
	}
	return false;
}

/* ---- the service ---- */

/**
 * struct vmw_tools_svc - the running service
 * @task: the kthread
 * @chan: its TCLO channel; only @task touches it
 * @answer: the answer to send in the next round
 * @answer_len: its length (0: an empty message)
 * @after: the power operation to start once @answer is sent
 * @ip: the address last published ("" before the first)
 * @word: the first word of the command @answer answers, for the
 *	vmw_rpc_tools event (filled only while it is enabled)
 * @t0: when that command came (0 when the event was off)
 */
struct vmw_tools_svc {
	struct task_struct *task;
	struct vmw_chan chan;
	char answer[VMW_TOOLS_ANSWER_MAX];
	size_t answer_len;
	enum vmw_tools_state after;
	char ip[16];
	char word[VMW_AUDIT_PREFIX + 1];
	u64 t0;
};

static char tools_ip_skip[VMW_TOOLS_IP_SKIP_MAX] = VMW_TOOLS_IP_SKIP_DEFAULT;
module_param_string(tools_ip_skip, tools_ip_skip, sizeof(tools_ip_skip), 0644);
MODULE_PARM_DESC(tools_ip_skip, "Interfaces whose IPv4 addresses the tools service never publishes as the guest's, comma-separated glob patterns (default \""
		 VMW_TOOLS_IP_SKIP_DEFAULT "\")");

/* An IPv4 address changed: the loop publishes the primary one again. */
static atomic_t vmw_tools_ip_changed = ATOMIC_INIT(1);
static DECLARE_WAIT_QUEUE_HEAD(vmw_tools_wq);

static bool tools;
static bool vmw_tools_ready;	/* between vmw_tools_init() and _exit() */
static struct vmw_tools_svc *vmw_tools_svc;
static DEFINE_MUTEX(vmw_tools_lock);	/* the three above */

/*
 * One RPCI report on a pooled channel; its reply only goes to the log.
 * Return: whether the host took it ("1 ...").
 */
static bool vmw_tools_rpci(const char *msg, size_t len)
{
	static const struct vmw_share share = { .bounded = false };
	struct vmw_acct acct = {};
	void *reply = NULL;
	size_t rlen = 0;
	bool delivered;
	bool taken = false;
	int ret;

	ret = vmw_pool_call(msg, len, &reply, &rlen, VMW_TOOLS_RPCI_REPLY,
			    &share, msecs_to_jiffies(VMW_TOOLS_RPCI_WAIT_MS),
			    &delivered, &acct);
	if (ret)
		pr_debug("RPCI \"%.*s\" failed: %d\n", (int)len, msg, ret);
	else if (!vmw_rpci_reply_valid(reply, rlen) || *(char *)reply != '1')
		pr_debug("RPCI \"%.*s\": host said \"%.*s\"\n", (int)len, msg,
			 (int)min_t(size_t, rlen, 64), (char *)reply);
	else
		taken = true;
	kvfree(reply);
	return taken;
}

static __printf(1, 2) bool vmw_tools_rpcif(const char *fmt, ...)
{
	char buf[VMW_TOOLS_RPCI_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vmw_tools_rpci(buf, n);
}

/* The primary IPv4 address as text into @buf (16 bytes), or "". */
static void vmw_tools_primary_ip(char *buf)
{
	char skip[VMW_TOOLS_IP_SKIP_MAX];
	const struct in_ifaddr *ifa;
	struct net_device *dev;
	struct in_device *in;

	kernel_param_lock(THIS_MODULE);
	strscpy(skip, tools_ip_skip, sizeof(skip));
	kernel_param_unlock(THIS_MODULE);
	buf[0] = '\0';
	rcu_read_lock();
	for_each_netdev_rcu(&init_net, dev) {
		if (!(dev->flags & IFF_UP) || (dev->flags & IFF_LOOPBACK))
			continue;
		in = __in_dev_get_rcu(dev);
		if (!in)
			continue;
		in_dev_for_each_ifa_rcu(ifa, in) {
			if (vmw_tools_ip_skip(dev->name, ifa->ifa_local, skip))
				continue;
			snprintf(buf, 16, "%pI4", &ifa->ifa_local);
			goto out;
		}
	}
out:
	rcu_read_unlock();
}

/* Publish the primary address: when asked (@force), or when it changed. */
static void vmw_tools_publish_ip(struct vmw_tools_svc *s, bool force)
{
	char ip[sizeof(s->ip)];

	vmw_tools_primary_ip(ip);
	if (!ip[0] || (!force && !strcmp(ip, s->ip)))
		return;
	if (vmw_tools_rpcif("info-set guestinfo.ip %s", ip))
		strscpy(s->ip, ip, sizeof(s->ip));
}

/**
 * vmw_tools_ip_take() - take the "address may have changed" mark
 *
 * Set when the service starts and by vmw_tools_inetaddr() and
 * vmw_tools_netdev(); the service's loop takes it before each round and
 * then publishes the primary address if it differs.
 *
 * Context: any.
 * Return: whether the mark was set; it is clear after the call.
 */
bool vmw_tools_ip_take(void)
{
	return atomic_xchg(&vmw_tools_ip_changed, 0);
}

/*
 * An event of @dev's: mark the address as maybe changed and wake the
 * loop, if it concerns the address we publish. Only init_net's
 * interfaces are walked for it (vmw_tools_primary_ip()): another
 * network namespace's addresses and links (a container's, or an
 * unprivileged user's "unshare -rn") never change it, and must not wake
 * the service however often their owner likes.
 */
static int vmw_tools_ip_event(const struct net_device *dev)
{
	if (!net_eq(dev_net(dev), &init_net))
		return NOTIFY_DONE;
	atomic_set(&vmw_tools_ip_changed, 1);
	wake_up(&vmw_tools_wq);
	return NOTIFY_DONE;
}

/**
 * vmw_tools_inetaddr() - the inetaddr notifier: an IPv4 address came or went
 * @nb: vmw_tools_inetaddr_nb
 * @ev: NETDEV_UP or NETDEV_DOWN
 * @ptr: the struct in_ifaddr
 *
 * Marks the address as maybe changed (vmw_tools_ip_take()) and wakes
 * the service, for an address of an interface in init_net only.
 *
 * Context: process context, RTNL held (the blocking inetaddr chain), which
 * keeps the device's namespace from changing under the check.
 * Return: NOTIFY_DONE.
 */
int vmw_tools_inetaddr(struct notifier_block *nb, unsigned long ev, void *ptr)
{
	const struct in_ifaddr *ifa = ptr;

	return vmw_tools_ip_event(ifa->ifa_dev->dev);
}

static struct notifier_block vmw_tools_inetaddr_nb = {
	.notifier_call = vmw_tools_inetaddr,
};

/**
 * vmw_tools_netdev() - the netdevice notifier: an interface changed
 * @nb: vmw_tools_netdev_nb
 * @ev: the event; NETDEV_UP, NETDEV_DOWN and NETDEV_CHANGENAME count (an
 *	address added while its link was down, or a name that a pattern of
 *	tools_ip_skip now matches)
 * @ptr: the struct netdev_notifier_info
 *
 * Marks the address as maybe changed (vmw_tools_ip_take()) and wakes
 * the service, for those events of an interface in init_net only.
 *
 * Context: process context, RTNL held (the netdevice notifier chain).
 * Return: NOTIFY_DONE.
 */
int vmw_tools_netdev(struct notifier_block *nb, unsigned long ev, void *ptr)
{
	switch (ev) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGENAME:
		return vmw_tools_ip_event(netdev_notifier_info_to_dev(ptr));
	default:
		return NOTIFY_DONE;
	}
}

static struct notifier_block vmw_tools_netdev_nb = {
	.notifier_call = vmw_tools_netdev,
};

/* Carry out a command's reports before its answer goes (as vmtoolsd). */
static void vmw_tools_carry_out(struct vmw_tools_svc *s,
				const struct vmw_tools_result *res)
{
	char buf[VMW_TOOLS_RPCI_MAX];
	size_t n;

	if (res->reset)
		vmw_tools_rpcif("vmx.capability.unified_loop %s", VMW_TOOLS_APP);
	if (res->caps) {
		/* The trailing space is the capability's empty value. */
		vmw_tools_rpcif("tools.capability.statechange ");
		vmw_tools_rpcif("tools.set.version %u",
				VMW_TOOLS_VERSION_UNMANAGED);
	}
	if (res->publish_ip)
		vmw_tools_publish_ip(s, true);
	n = vmw_tools_statechange(res->state, buf, sizeof(buf));
	if (n)
		vmw_tools_rpci(buf, n);
	if (res->state == VMW_TOOLS_STATE_HALT ||
	    res->state == VMW_TOOLS_STATE_REBOOT)
		s->after = res->state;
}

/* The power operation, once the host has its answer. */
static void vmw_tools_power_op(struct vmw_tools_svc *s)
{
	enum vmw_tools_state op = s->after;

	s->after = VMW_TOOLS_STATE_NONE;
	if (op == VMW_TOOLS_STATE_HALT) {
		pr_notice("the host asked for a shutdown (OS_Halt)\n");
		orderly_poweroff(false);
	} else if (op == VMW_TOOLS_STATE_REBOOT) {
		pr_notice("the host asked for a restart (OS_Reboot)\n");
		orderly_reboot();
	}
}

/* A command came (@len bytes at @cmd): note it for vmw_rpc_tools. */
static void vmw_tools_trace_cmd(struct vmw_tools_svc *s, const void *cmd,
				size_t len)
{
	s->word[0] = '\0';
	s->t0 = 0;
	if (!trace_vmw_rpc_tools_enabled())
		return;
	vmw_policy_describe(cmd, len, s->word);
	s->t0 = local_clock();
}

/* The answer was sent (@ret: how that went): the vmw_rpc_tools event. */
static void vmw_tools_trace_answer(const struct vmw_tools_svc *s, int ret)
{
	bool ok;

	if (!trace_vmw_rpc_tools_enabled())
		return;
	ok = s->answer_len >= strlen(VMW_TOOLS_OK) &&
	     !memcmp(s->answer, VMW_TOOLS_OK, strlen(VMW_TOOLS_OK));
	trace_vmw_rpc_tools(s->word, ok, s->answer_len, vmw_trace_since(s->t0),
			    ret);
}

/* One round; returns how long to wait before the next, in ms. */
static unsigned int vmw_tools_round(struct vmw_tools_svc *s,
				    unsigned int last_wait)
{
	struct vmw_tools_result res;
	void *cmd = NULL;
	size_t len = 0;
	int ret;

	if (!s->chan.open) {
		ret = vmw_chan_open(&s->chan, VMW_RPC_PROTO_TCLO);
		if (ret)
			return VMW_TOOLS_IDLE_MS;
		/* A new channel: the host expects no answer yet. */
		s->answer_len = 0;
	}
	ret = vmw_chan_send(&s->chan, s->answer, s->answer_len);
	if (s->answer_len)
		vmw_tools_trace_answer(s, ret);
	s->answer_len = 0;
	if (ret)
		return VMW_TOOLS_IDLE_MS;
	if (s->after)
		vmw_tools_power_op(s);

	ret = vmw_chan_recv(&s->chan, &cmd, &len, VMW_TOOLS_CMD_MAX);
	if (ret == -EFBIG) {
		/* Dropped on the host too; the channel is still good. */
		vmw_tools_trace_cmd(s, NULL, 0);
		vmw_tools_answer(&res, false, VMW_TOOLS_BAD);
		memcpy(s->answer, res.answer, res.answer_len);
		s->answer_len = res.answer_len;
		return 0;
	}
	if (ret)
		return VMW_TOOLS_IDLE_MS;
	if (!len) {
		if (!last_wait)
			return VMW_TOOLS_FIRST_MS;
		return min(last_wait * 2, (unsigned int)VMW_TOOLS_IDLE_MS);
	}
	vmw_tools_trace_cmd(s, cmd, len);
	vmw_tools_dispatch(cmd, len, &res);
	kvfree(cmd);
	vmw_tools_carry_out(s, &res);
	memcpy(s->answer, res.answer, res.answer_len);
	s->answer_len = res.answer_len;
	return 0;
}

static int vmw_tools_thread(void *arg)
{
	struct vmw_tools_svc *s = arg;
	unsigned int wait = 0;

	while (!kthread_should_stop()) {
		/* Rounds start every @wait ms, however long one takes. */
		unsigned long start = jiffies;
		long left;

		if (vmw_tools_ip_take())
			vmw_tools_publish_ip(s, false);
		wait = vmw_tools_round(s, wait);
		left = (long)(start + msecs_to_jiffies(wait) - jiffies);
		if (wait && left > 0)
			wait_event_interruptible_timeout(vmw_tools_wq,
							 kthread_should_stop() ||
							 atomic_read(&vmw_tools_ip_changed),
							 left);
		else
			cond_resched();
	}
	vmw_chan_close(&s->chan);
	return 0;
}

/* Start the service. Lock held. */
static int vmw_tools_start(void)
{
	struct vmw_tools_svc *s;
	int ret;

	if (vmw_tools_svc)
		return 0;
	ret = vmw_policy_tclo_get(true);
	if (ret) {
		pr_warn("not started: a program holds a TCLO channel (close it first, or do not enable both)\n");
		return ret;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		vmw_policy_tclo_put(true);
		return -ENOMEM;
	}
	atomic_set(&vmw_tools_ip_changed, 1);
	s->task = kthread_run(vmw_tools_thread, s, "vmw_rpc_tools");
	if (IS_ERR(s->task)) {
		ret = PTR_ERR(s->task);
		kfree(s);
		vmw_policy_tclo_put(true);
		return ret;
	}
	vmw_tools_svc = s;
	pr_info("service started: answering the host as VMware Tools\n");
	return 0;
}

/* Stop the service and close its channel. Lock held. */
static void vmw_tools_stop(void)
{
	struct vmw_tools_svc *s = vmw_tools_svc;

	if (!s)
		return;
	kthread_stop(s->task);
	kfree(s);
	vmw_tools_svc = NULL;
	vmw_policy_tclo_put(true);
	pr_info("service stopped\n");
}

static int vmw_tools_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	mutex_lock(&vmw_tools_lock);
	if (vmw_tools_ready) {
		if (on)
			ret = vmw_tools_start();
		else
			vmw_tools_stop();
	}
	if (!ret)
		tools = on;
	mutex_unlock(&vmw_tools_lock);
	return ret;
}

static int vmw_tools_get(char *buf, const struct kernel_param *kp)
{
	bool on;

	mutex_lock(&vmw_tools_lock);
	on = tools;
	mutex_unlock(&vmw_tools_lock);
	return sysfs_emit(buf, "%c\n", on ? 'Y' : 'N');
}

static const struct kernel_param_ops vmw_tools_ops = {
	.set = vmw_tools_set,
	.get = vmw_tools_get,
};

module_param_cb(tools, &vmw_tools_ops, NULL, 0644);
MODULE_PARM_DESC(tools, "Answer the host as VMware Tools (TCLO): 1 on, 0 off (default 0); never with open-vm-tools' vmtoolsd");

/* The guest's own shutdown: stop polling before the machine goes. */
static int vmw_tools_reboot(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	mutex_lock(&vmw_tools_lock);
	vmw_tools_stop();
	vmw_tools_ready = false;
	mutex_unlock(&vmw_tools_lock);
	return NOTIFY_DONE;
}

static struct notifier_block vmw_tools_reboot_nb = {
	.notifier_call = vmw_tools_reboot,
};

/**
 * vmw_tools_init() - start the tools service if the parameter asks for it
 *
 * Context: module init, after the call pool is set up.
 * Return: 0, or the error of a notifier's registration. A
 * service that cannot start (a program holds a TCLO channel) is logged,
 * not an error: the module is still useful without it.
 */
int vmw_tools_init(void)
{
	int ret;

	ret = register_reboot_notifier(&vmw_tools_reboot_nb);
	if (ret)
		return ret;
	ret = register_inetaddr_notifier(&vmw_tools_inetaddr_nb);
	if (ret)
		goto out_reboot;
	ret = register_netdevice_notifier(&vmw_tools_netdev_nb);
	if (ret)
		goto out_inetaddr;
	mutex_lock(&vmw_tools_lock);
	vmw_tools_ready = true;
	if (tools && vmw_tools_start())
		tools = false;
	mutex_unlock(&vmw_tools_lock);
	return 0;

out_inetaddr:
	unregister_inetaddr_notifier(&vmw_tools_inetaddr_nb);
out_reboot:
	unregister_reboot_notifier(&vmw_tools_reboot_nb);
	return ret;
}

/**
 * vmw_tools_exit() - stop the tools service
 *
 * Later writes of the parameter change only its value.
 *
 * Context: module exit (or a failed init after vmw_tools_init()), before
 * the call pool goes.
 */
void vmw_tools_exit(void)
{
	unregister_netdevice_notifier(&vmw_tools_netdev_nb);
	unregister_inetaddr_notifier(&vmw_tools_inetaddr_nb);
	unregister_reboot_notifier(&vmw_tools_reboot_nb);
	mutex_lock(&vmw_tools_lock);
	vmw_tools_stop();
	vmw_tools_ready = false;
	mutex_unlock(&vmw_tools_lock);
}
