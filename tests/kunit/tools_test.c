// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the tools service's command handling (driver/tools.c): the
 * answer to each TCLO command, byte for byte as open-vm-tools gives it
 * (docs/protocol.md, section 4), what the command asks the service to do,
 * the state codes of tools.os.statechange.status, which IPv4
 * addresses may be published as the guest's, by kind and interface name,
 * and which address and link events wake the service: init_net's only.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "vmw_rpc.h"

struct vmw_tools_case {
	const char *name;
	const char *cmd;
	size_t len;
	const char *answer;
	enum vmw_tools_state state;
	bool reset;
	bool caps;
	bool publish_ip;
};

#define CMD(s)	.cmd = (s), .len = sizeof(s) - 1

static const struct vmw_tools_case vmw_tools_cases[] = {
	{ "reset", CMD("reset"), "OK ATR toolbox", .reset = true },
	{ "ping", CMD("ping"), "OK " },
	{ "ping with a NUL at the end", CMD("ping\0"), "OK " },
	{ "ping then a NUL and more", CMD("ping\0reset"), "OK " },
	{ "Capabilities_Register", CMD("Capabilities_Register"), "OK ", .caps = true },
	{ "Set_Option broadcastIP 1", CMD("Set_Option broadcastIP 1"), "OK ",
	  .publish_ip = true },
	{ "Set_Option broadcastIP 0", CMD("Set_Option broadcastIP 0"), "OK " },
	{ "Set_Option broadcastIP 2", CMD("Set_Option broadcastIP 2"),
	  "ERROR Unknown or invalid option" },
	{ "Set_Option toolScripts.beforePowerOff 1",
	  CMD("Set_Option toolScripts.beforePowerOff 1"), "OK " },
	{ "Set_Option toolScripts.afterResume 0",
	  CMD("Set_Option toolScripts.afterResume 0"), "OK " },
	{ "Set_Option synctime 1 (not ours)", CMD("Set_Option synctime 1"),
	  "ERROR Unknown or invalid option" },
	{ "Set_Option without a value", CMD("Set_Option broadcastIP"),
	  "ERROR Unknown or invalid option" },
	{ "Set_Option with an empty value", CMD("Set_Option broadcastIP "),
	  "ERROR Unknown or invalid option" },
	{ "Set_Option alone", CMD("Set_Option"), "ERROR Unknown or invalid option" },
	{ "Set_Option prefix of an option", CMD("Set_Option broadcast 1"),
	  "ERROR Unknown or invalid option" },
	{ "OS_Halt", CMD("OS_Halt"), "OK ", .state = VMW_TOOLS_STATE_HALT },
	{ "OS_Reboot", CMD("OS_Reboot"), "OK ", .state = VMW_TOOLS_STATE_REBOOT },
	{ "OS_PowerOn", CMD("OS_PowerOn"), "OK ", .state = VMW_TOOLS_STATE_POWERON },
	{ "OS_Resume", CMD("OS_Resume"), "OK ", .state = VMW_TOOLS_STATE_RESUME },
	{ "OS_Suspend", CMD("OS_Suspend"), "OK ", .state = VMW_TOOLS_STATE_SUSPEND },
	{ "OS_Halt with arguments", CMD("OS_Halt now"), "OK ",
	  .state = VMW_TOOLS_STATE_HALT },
	{ "leading spaces", CMD("  ping"), "OK " },
	{ "unknown command", CMD("Time_Synchronize 0"), "ERROR Unknown Command" },
	{ "case differs", CMD("PING"), "ERROR Unknown Command" },
	{ "longer word", CMD("pingx"), "ERROR Unknown Command" },
	{ "shorter word", CMD("OS_Hal"), "ERROR Unknown Command" },
	{ "os_halt lower case", CMD("os_halt"), "ERROR Unknown Command" },
	{ "empty", CMD(""), "ERROR Bad command" },
	{ "spaces only", CMD("   "), "ERROR Bad command" },
	{ "NUL first", CMD("\0ping"), "ERROR Bad command" },
};

static void vmw_tools_desc(const struct vmw_tools_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_tools, vmw_tools_cases, vmw_tools_desc);

static void vmw_tools_dispatch_test(struct kunit *test)
{
	const struct vmw_tools_case *c = test->param_value;
	struct vmw_tools_result res;

	vmw_tools_dispatch((const u8 *)c->cmd, c->len, &res);
	KUNIT_ASSERT_EQ(test, res.answer_len, strlen(c->answer));
	KUNIT_EXPECT_EQ(test, memcmp(res.answer, c->answer, res.answer_len), 0);
	KUNIT_EXPECT_EQ(test, res.state, c->state);
	KUNIT_EXPECT_EQ(test, res.reset, c->reset);
	KUNIT_EXPECT_EQ(test, res.caps, c->caps);
	KUNIT_EXPECT_EQ(test, res.publish_ip, c->publish_ip);
}

/* A command as long as the service takes: read, not past its end. */
static void vmw_tools_dispatch_long_test(struct kunit *test)
{
	struct vmw_tools_result res;
	u8 *cmd;

	cmd = kunit_kmalloc(test, VMW_TOOLS_CMD_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	memset(cmd, 'x', VMW_TOOLS_CMD_MAX);
	vmw_tools_dispatch(cmd, VMW_TOOLS_CMD_MAX, &res);
	KUNIT_EXPECT_EQ(test, res.answer_len, strlen("ERROR Unknown Command"));
	memcpy(cmd, "ping ", 5);
	vmw_tools_dispatch(cmd, VMW_TOOLS_CMD_MAX, &res);
	KUNIT_EXPECT_EQ(test, res.answer_len, (size_t)3);
}

struct vmw_state_case {
	const char *name;
	enum vmw_tools_state state;
	const char *msg;
};

/* The codes of open-vm-tools' GuestOsState (powerops.h). */
static const struct vmw_state_case vmw_state_cases[] = {
	{ "none", VMW_TOOLS_STATE_NONE, "" },
	{ "halt", VMW_TOOLS_STATE_HALT, "tools.os.statechange.status 1 1" },
	{ "reboot", VMW_TOOLS_STATE_REBOOT, "tools.os.statechange.status 1 2" },
	{ "poweron", VMW_TOOLS_STATE_POWERON, "tools.os.statechange.status 1 3" },
	{ "resume", VMW_TOOLS_STATE_RESUME, "tools.os.statechange.status 1 4" },
	{ "suspend", VMW_TOOLS_STATE_SUSPEND, "tools.os.statechange.status 1 5" },
	{ "past the last", VMW_TOOLS_STATE_SUSPEND + 1, "" },
};

static void vmw_state_desc(const struct vmw_state_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_state, vmw_state_cases, vmw_state_desc);

static void vmw_tools_statechange_test(struct kunit *test)
{
	const struct vmw_state_case *c = test->param_value;
	char buf[64];
	size_t n;

	memset(buf, 0, sizeof(buf));
	n = vmw_tools_statechange(c->state, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, n, strlen(c->msg));
	KUNIT_EXPECT_STREQ(test, buf, c->msg);
}

struct vmw_ip_case {
	const char *name;
	const char *ifname;
	const char *addr;
	const char *patterns;
	bool skip;
};

/* The module's default, as an administrator would write it. */
#define SKIP_DEFAULT "docker*,veth*,cni*,flannel*,cali*,cilium*,weave*,vxlan*,geneve*,virbr*,br-*,lxcbr*,lxc*,podman*,kube-ipvs*,tunl*,vethwe*"

static const struct vmw_ip_case vmw_ip_cases[] = {
	{ "ens192 private", "ens192", "10.0.2.15", SKIP_DEFAULT, false },
	{ "eth0 public", "eth0", "198.51.100.7", SKIP_DEFAULT, false },
	{ "loopback address on eth0", "eth0", "127.0.0.2", SKIP_DEFAULT, true },
	{ "link-local", "eth0", "169.254.10.1", SKIP_DEFAULT, true },
	{ "0.0.0.0/8", "eth0", "0.1.2.3", SKIP_DEFAULT, true },
	{ "multicast", "eth0", "224.0.0.1", SKIP_DEFAULT, true },
	{ "docker0", "docker0", "172.17.0.1", SKIP_DEFAULT, true },
	{ "veth pair end", "veth1a2b3c", "10.1.0.1", SKIP_DEFAULT, true },
	{ "cni0", "cni0", "10.244.0.1", SKIP_DEFAULT, true },
	{ "flannel.1", "flannel.1", "10.244.0.0", SKIP_DEFAULT, true },
	{ "calico", "cali12345", "10.2.0.1", SKIP_DEFAULT, true },
	{ "libvirt bridge", "virbr0", "192.168.122.1", SKIP_DEFAULT, true },
	{ "docker user bridge", "br-0123abcd", "172.18.0.1", SKIP_DEFAULT, true },
	{ "bridge named br0 is kept", "br0", "10.0.0.5", SKIP_DEFAULT, false },
	{ "vxlan", "vxlan.calico", "10.3.0.1", SKIP_DEFAULT, true },
	{ "a name containing docker is kept", "mydocker", "10.0.0.6", SKIP_DEFAULT, false },
	{ "empty patterns", "docker0", "172.17.0.1", "", false },
	{ "empty entries ignored", "eth0", "10.0.0.1", ",,", false },
	{ "exact name", "d0", "10.0.0.1", "eth*,d0", true },
	{ "question mark", "d1", "10.0.0.1", "d?", true },
	{ "character class", "d7", "10.0.0.1", "d[0-5]", false },
	{ "pattern longer than a name", "eth0", "10.0.0.1",
	  "e*t*h*0*******************************", true },
};

static void vmw_ip_desc(const struct vmw_ip_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_ip, vmw_ip_cases, vmw_ip_desc);

static void vmw_tools_ip_skip_test(struct kunit *test)
{
	const struct vmw_ip_case *c = test->param_value;
	__be32 addr;

	KUNIT_ASSERT_TRUE(test, in4_pton(c->addr, -1, (u8 *)&addr, -1, NULL));
	KUNIT_EXPECT_EQ(test, vmw_tools_ip_skip(c->ifname, addr, c->patterns),
			c->skip);
}

struct vmw_event_case {
	const char *name;
	bool inetaddr;		/* else the netdevice notifier */
	unsigned long ev;
	bool other_ns;		/* the interface is in vmw_other_net() */
	bool wakes;
};

static const struct vmw_event_case vmw_event_cases[] = {
	{ "address added", true, NETDEV_UP, false, true },
	{ "address removed", true, NETDEV_DOWN, false, true },
	{ "link up", false, NETDEV_UP, false, true },
	{ "link down", false, NETDEV_DOWN, false, true },
	{ "renamed", false, NETDEV_CHANGENAME, false, true },
	{ "mtu changed", false, NETDEV_CHANGEMTU, false, false },
	{ "address added in another namespace", true, NETDEV_UP, true, false },
	{ "address removed in another namespace", true, NETDEV_DOWN, true, false },
	{ "link up in another namespace", false, NETDEV_UP, true, false },
	{ "link down in another namespace", false, NETDEV_DOWN, true, false },
	{ "renamed in another namespace", false, NETDEV_CHANGENAME, true, false },
};

static void vmw_event_desc(const struct vmw_event_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vmw_event, vmw_event_cases, vmw_event_desc);

/*
 * A real network namespace other than init_net: that of a process in one
 * (tests/kunit/run starts "unshare -n sleep" before it loads the suites;
 * a module parameter cannot say which, as 6.1's KUnit runs a module's
 * suites before its parameters are parsed). A reference, or NULL.
 */
static struct net *vmw_other_net(void)
{
	struct task_struct *p;
	struct net *net;

	rcu_read_lock();
	for_each_process(p) {
		net = get_net_ns_by_pid(task_pid_vnr(p));
		if (IS_ERR(net))
			continue;
		if (!net_eq(net, &init_net))
			goto out;
		put_net(net);
	}
	net = NULL;
out:
	rcu_read_unlock();
	return net;
}

/*
 * The notifiers, called as the kernel calls them, with an interface (never
 * registered) in init_net or in a real second network namespace: only
 * init_net's events may mark the address as changed, which is what wakes
 * the service's loop (no service runs here: nothing else takes the mark).
 */
static void vmw_tools_event_test(struct kunit *test)
{
	const struct vmw_event_case *c = test->param_value;
	struct netdev_notifier_info info = {};
	struct net *net = &init_net;
	struct net_device *dev;
	struct in_device *in;
	struct in_ifaddr *ifa;
	int ret;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	ifa = kunit_kzalloc(test, sizeof(*ifa), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ifa);
	if (c->other_ns) {
		/* A failure, not a skip: 6.1 shows a skipped parameter as ok. */
		net = vmw_other_net();
		KUNIT_ASSERT_NOT_NULL_MSG(test, net,
					  "no process in a network namespace other than init_net (tests/kunit/run starts one)");
	}
	dev = alloc_netdev(0, "vmwtest%d", NET_NAME_ENUM, ether_setup);
	if (!dev) {
		if (c->other_ns)
			put_net(net);
		KUNIT_FAIL(test, "alloc_netdev() failed");
		return;
	}
	dev_net_set(dev, net);
	in->dev = dev;
	ifa->ifa_dev = in;
	ifa->ifa_local = htonl(0x0a000205);	/* 10.0.2.5 */
	info.dev = dev;

	vmw_tools_ip_take();
	if (c->inetaddr)
		ret = vmw_tools_inetaddr(NULL, c->ev, ifa);
	else
		ret = vmw_tools_netdev(NULL, c->ev, &info);
	KUNIT_EXPECT_EQ(test, ret, NOTIFY_DONE);
	KUNIT_EXPECT_EQ(test, vmw_tools_ip_take(), c->wakes);

	free_netdev(dev);
	if (c->other_ns)
		put_net(net);
}

static struct kunit_case vmw_tools_test_cases[] = {
	KUNIT_CASE_PARAM(vmw_tools_event_test, vmw_event_gen_params),
	KUNIT_CASE_PARAM(vmw_tools_ip_skip_test, vmw_ip_gen_params),
	KUNIT_CASE_PARAM(vmw_tools_dispatch_test, vmw_tools_gen_params),
	KUNIT_CASE(vmw_tools_dispatch_long_test),
	KUNIT_CASE_PARAM(vmw_tools_statechange_test, vmw_state_gen_params),
	{}
};

static struct kunit_suite vmw_tools_suite = {
	.name = "vmw_rpc_tools",
	.test_cases = vmw_tools_test_cases,
};

kunit_test_suite(vmw_tools_suite);
