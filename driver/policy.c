// SPDX-License-Identifier: GPL-2.0
/*
 * Who may send which RPCI command.
 *
 * Callers with CAP_SYS_ADMIN may send anything. Everyone else may send
 * only commands that pass vmw_allow_match() against the allowlist, the
 * module parameter rpci_allow (writable by root at run time through
 * /sys/module/vmw_rpc/parameters/rpci_allow, settable at load through
 * modprobe.d). The list is comma-separated command prefixes; the default
 * allows reading guestinfo only.
 *
 * Match rules, applied to the driver's own copy of the command:
 *  - the command is not empty and holds only printable ASCII and spaces
 *    (0x20..0x7e): no NUL, newline or other control byte anywhere, so the
 *    host can never see a second command or a truncated one;
 *  - it starts with one of the prefixes, compared byte for byte (case
 *    matters), and has at least one more byte after it;
 *  - a prefix is 1..VMW_ALLOW_MAX_LEN printable bytes with no comma.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmw_rpc.h"

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

bool vmw_policy_rpci_allowed(const void *cmd, size_t len)
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
 * When the module's parameters go away: also after a failed init (a list
 * set at load on a machine that is not VMware) and after a write that
 * came between module_exit and then.
 */
static void vmw_allow_free(void *arg)
{
	vmw_policy_exit();
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

void vmw_policy_exit(void)
{
	kfree(rcu_dereference_protected(vmw_allow, true));
	RCU_INIT_POINTER(vmw_allow, NULL);
}

int vmw_policy_init(void)
{
	if (rcu_access_pointer(vmw_allow))
		return 0;	/* set at load */
	return vmw_allow_set(VMW_ALLOW_DEFAULT, NULL);
}

/**
 * vmw_policy_describe() - the part of a refused command the log may show
 * @cmd: the command
 * @len: its length
 * @buf: at least VMW_AUDIT_PREFIX + 1 bytes
 *
 * The first word only (a command's arguments may be secrets): it ends at
 * the first space or other byte that is not printable ASCII, so a tab or
 * a newline between words does not let the rest into the log.
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
