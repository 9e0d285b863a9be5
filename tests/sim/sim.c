// SPDX-License-Identifier: GPL-2.0
/*
 * vmw_rpc_sim.ko: the simulated VMware host behind the transport of a
 * test build of vmw_rpc.ko, controlled through debugfs at
 * /sys/kernel/debug/vmw_rpc_sim/ (tests/sim/README.md). Test builds
 * only: DKMS never builds or installs it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

#define VMW_SIM_TRACE_CEILING	(1024U * 1024)
#define VMW_SIM_GI_CEILING	(256U << 20)
#define VMW_SIM_LOG_CEILING	(16U << 20)
#define VMW_SIM_CMD_MAX		128	/* bytes of a control write */

static bool hb = true;
module_param(hb, bool, 0444);
MODULE_PARM_DESC(hb, "Offer high bandwidth (default on)");

static bool cookies = true;
module_param(cookies, bool, 0444);
MODULE_PARM_DESC(cookies, "Accept opens asking for cookies (default on; off: an old host)");

static unsigned int max_channels = 8;
module_param(max_channels, uint, 0444);
MODULE_PARM_DESC(max_channels, "Channels open at once, host-wide (default 8, at most 128)");

static unsigned int idle_timeout_ms;
module_param(idle_timeout_ms, uint, 0444);
MODULE_PARM_DESC(idle_timeout_ms, "Close channels idle this long (default 0: never)");

static bool trace = true;
module_param(trace, bool, 0444);
MODULE_PARM_DESC(trace, "Record every call in the trace (default on)");

static bool debugcon;
module_param(debugcon, bool, 0444);
MODULE_PARM_DESC(debugcon, "Also write the log command's lines to I/O port 0xe9, QEMU's debug console (default off)");

static unsigned int trace_size = 8192;
module_param(trace_size, uint, 0444);
MODULE_PARM_DESC(trace_size, "Entries of the trace ring (default 8192)");

static unsigned int guestinfo_max = 16U << 20;
module_param(guestinfo_max, uint, 0444);
MODULE_PARM_DESC(guestinfo_max, "Bytes of guestinfo keys and values in all (default 16 MiB)");

static unsigned int log_max = 64U << 10;
module_param(log_max, uint, 0444);
MODULE_PARM_DESC(log_max, "Bytes of the log command's buffer (default 64 KiB)");

static struct vmw_sim *sim;
static struct dentry *sim_dir;

/* The guestinfo key guestinfo/value reads and writes. */
static DEFINE_MUTEX(sim_key_lock);
static u8 sim_key[VMW_SIM_KEY_MAX];
static size_t sim_key_len;

/* Helpers */

/* Copy a short control write, NUL-terminated, trailing space stripped. */
static int sim_get_cmd(char *buf, size_t size, const char __user *ubuf,
		       size_t count)
{
	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	return 0;
}

/* A key as written: one trailing newline and "guestinfo." dropped. */
static size_t sim_key_trim(u8 *key, size_t len)
{
	size_t n = strlen("guestinfo.");

	if (len && key[len - 1] == '\n')
		len--;
	if (len > n && !memcmp(key, "guestinfo.", n)) {
		memmove(key, key + n, len - n);
		len -= n;
	}
	return len;
}

static size_t sim_key_copy(u8 *key)
{
	size_t len;

	mutex_lock(&sim_key_lock);
	len = sim_key_len;
	memcpy(key, sim_key, len);
	mutex_unlock(&sim_key_lock);
	return len;
}

/* Settings */

/* An on/off setting; @data is its enum vmw_sim_flag. */
static int sim_flag_get(void *data, u64 *val)
{
	*val = vmw_sim_flag(sim, (uintptr_t)data);
	return 0;
}

static int sim_flag_set(void *data, u64 val)
{
	if (val > 1)
		return -EINVAL;
	return vmw_sim_set_flag(sim, (uintptr_t)data, val);
}

DEFINE_DEBUGFS_ATTRIBUTE(sim_flag_fops, sim_flag_get, sim_flag_set, "%llu\n");

static int sim_max_channels_get(void *data, u64 *val)
{
	*val = vmw_sim_max_channels(sim);
	return 0;
}

static int sim_max_channels_set(void *data, u64 val)
{
	if (val > VMW_SIM_MAX_CHANNELS)
		return -EINVAL;
	return vmw_sim_set_max_channels(sim, val);
}

DEFINE_DEBUGFS_ATTRIBUTE(sim_max_channels_fops, sim_max_channels_get,
			 sim_max_channels_set, "%llu\n");

static int sim_idle_get(void *data, u64 *val)
{
	*val = vmw_sim_idle_timeout_ms(sim);
	return 0;
}

static int sim_idle_set(void *data, u64 val)
{
	if (val > UINT_MAX)
		return -EINVAL;
	vmw_sim_set_idle_timeout_ms(sim, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(sim_idle_fops, sim_idle_get, sim_idle_set, "%llu\n");

static int sim_nr_channels_get(void *data, u64 *val)
{
	*val = vmw_sim_nr_channels(sim);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(sim_nr_channels_fops, sim_nr_channels_get, NULL,
			 "%llu\n");

/* channels, close, reset */

static int sim_channels_show(struct seq_file *m, void *v)
{
	int i;

	mutex_lock(&sim->lock);
	for (i = 0; i < VMW_SIM_MAX_CHANNELS; i++) {
		const struct vmw_sim_chan *c = &sim->chans[i];

		if (!c->used)
			continue;
		seq_printf(m, "id=%d proto=%s cookies=%d idle_ms=%u sending=%d in=%u/%u reply=%d receiving=%d out=%zu/%zu\n",
			   i, c->proto == VMW_SIM_PROTO_TCLO ? "tclo" : "rpci",
			   c->cookies, jiffies_to_msecs(jiffies - c->last),
			   c->sending, c->in_off, c->in_len, c->has_reply,
			   c->receiving, c->out_off, c->reply.len);
	}
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_channels);

static ssize_t sim_close_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char buf[16];
	unsigned int id;
	int ret;

	ret = sim_get_cmd(buf, sizeof(buf), ubuf, count);
	if (ret)
		return ret;
	if (!strcmp(buf, "all"))
		ret = vmw_sim_close_channel(sim, -1);
	else if (kstrtouint(buf, 0, &id) || id >= VMW_SIM_MAX_CHANNELS)
		ret = -EINVAL;
	else
		ret = vmw_sim_close_channel(sim, id);
	return ret ? ret : count;
}

static const struct file_operations sim_close_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_close_write,
	.llseek = noop_llseek,
};

static ssize_t sim_reset_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	vmw_sim_reset(sim);
	mutex_lock(&sim_key_lock);
	sim_key_len = 0;
	mutex_unlock(&sim_key_lock);
	return count;
}

static const struct file_operations sim_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_reset_write,
	.llseek = noop_llseek,
};

/* faults */

static int sim_faults_show(struct seq_file *m, void *v)
{
	struct vmw_sim_faults f;
	int i;

	vmw_sim_faults_get(sim, &f);
	for (i = 0; i < VMW_SIM_NSTEPS; i++)
		if (f.cpt_left[i])
			seq_printf(m, "cpt %s %u %u\n", vmw_sim_step_names[i],
				   f.cpt_skip[i] + 1, f.cpt_left[i]);
	for (i = 0; i < VMW_SIM_G_N; i++) {
		if (!f.garbage_left[i])
			continue;
		if (i == VMW_SIM_G_OVERSIZE)
			seq_printf(m, "oversize %u %u\n", f.oversize_len,
				   f.garbage_left[i]);
		else
			seq_printf(m, "%s %u\n", vmw_sim_garbage_names[i],
				   f.garbage_left[i]);
	}
	return 0;
}

static int sim_faults_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_faults_show, NULL);
}

/* Numbers after the fault name: @argv[first..argc), defaults kept. */
static int sim_fault_nums(char **argv, int argc, int first, unsigned int *n,
			  int max)
{
	int i;

	if (argc - first > max)
		return -EINVAL;
	for (i = first; i < argc; i++)
		if (kstrtouint(argv[i], 0, &n[i - first]))
			return -EINVAL;
	return 0;
}

static int sim_fault_cmd(char *buf)
{
	unsigned int n[3] = { 1, 1, 1 };
	char *argv[5], *p = buf, *tok;
	int argc = 0, i;

	while ((tok = strsep(&p, " \t\n"))) {
		if (!*tok)
			continue;
		if (argc == ARRAY_SIZE(argv))
			return -EINVAL;
		argv[argc++] = tok;
	}
	if (!argc)
		return -EINVAL;
	if (!strcmp(argv[0], "clear") && argc == 1) {
		vmw_sim_faults_clear(sim);
		return 0;
	}
	if (!strcmp(argv[0], "cpt")) {
		/* cpt STEP [N [K]] */
		if (argc < 2 || sim_fault_nums(argv, argc, 2, n, 2))
			return -EINVAL;
		for (i = 0; i < VMW_SIM_CLOSE; i++)
			if (!strcmp(argv[1], vmw_sim_step_names[i]))
				return vmw_sim_fault_cpt(sim, i, n[0], n[1]);
		return -EINVAL;
	}
	if (!strcmp(argv[0], "oversize")) {
		/* oversize LEN [K] */
		if (argc < 2 || sim_fault_nums(argv, argc, 1, n, 2))
			return -EINVAL;
		return vmw_sim_fault_garbage(sim, VMW_SIM_G_OVERSIZE, n[1],
					     n[0]);
	}
	for (i = 0; i < VMW_SIM_G_N; i++) {
		/* NAME [K] */
		if (i == VMW_SIM_G_OVERSIZE ||
		    strcmp(argv[0], vmw_sim_garbage_names[i]))
			continue;
		if (sim_fault_nums(argv, argc, 1, n, 1))
			return -EINVAL;
		return vmw_sim_fault_garbage(sim, i, n[0], 0);
	}
	return -EINVAL;
}

static ssize_t sim_faults_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[VMW_SIM_CMD_MAX];
	int ret;

	ret = sim_get_cmd(buf, sizeof(buf), ubuf, count);
	if (!ret)
		ret = sim_fault_cmd(buf);
	return ret ? ret : count;
}

static const struct file_operations sim_faults_fops = {
	.owner = THIS_MODULE,
	.open = sim_faults_open,
	.read = seq_read,
	.write = sim_faults_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* counters */

static int sim_counters_show(struct seq_file *m, void *v)
{
	struct vmw_sim_counters c;
	unsigned int nr_open = vmw_sim_counters_get(sim, &c);
	int i;

	for (i = 0; i < VMW_SIM_NSTEPS; i++)
		seq_printf(m, "calls.%s %llu\n", vmw_sim_step_names[i],
			   c.calls[i]);
	for (i = 0; i < VMW_SIM_NSTEPS; i++)
		seq_printf(m, "failed.%s %llu\n", vmw_sim_step_names[i],
			   c.failed[i]);
	seq_printf(m, "refused_opens %llu\n", c.refused_opens);
	seq_printf(m, "expired %llu\n", c.expired);
	seq_printf(m, "peak_channels %u\n", c.peak_channels);
	seq_printf(m, "tclo_handed %llu\n", c.tclo_handed);
	seq_printf(m, "tclo_wait_ms %llu\n", c.tclo_wait_ms);
	seq_printf(m, "tclo_wait_ms_max %llu\n", c.tclo_wait_ms_max);
	seq_printf(m, "tclo_answered %llu\n", c.tclo_answered);
	seq_printf(m, "tclo_answer_ms %llu\n", c.tclo_answer_ms);
	seq_printf(m, "tclo_answer_ms_max %llu\n", c.tclo_answer_ms_max);
	seq_printf(m, "nr_channels %u\n", nr_open);
	return 0;
}

static int sim_counters_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_counters_show, NULL);
}

static ssize_t sim_counters_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	vmw_sim_counters_clear(sim);
	return count;
}

static const struct file_operations sim_counters_fops = {
	.owner = THIS_MODULE,
	.open = sim_counters_open,
	.read = seq_read,
	.write = sim_counters_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* trace: a seq_file over the ring, under the lock from start to stop */

static u64 sim_trace_oldest(void)
{
	u64 first = sim->trace_first;

	if (sim->trace_next > sim->cfg.trace_size)
		first = max(first, sim->trace_next - sim->cfg.trace_size);
	return first;
}

static void *sim_trace_start(struct seq_file *m, loff_t *pos)
{
	u64 seq;

	mutex_lock(&sim->lock);
	if (!sim->cfg.trace_size)
		return NULL;
	seq = sim_trace_oldest() + *pos;
	if (seq >= sim->trace_next)
		return NULL;
	return &sim->trace[seq % sim->cfg.trace_size];
}

static void *sim_trace_next(struct seq_file *m, void *v, loff_t *pos)
{
	u64 seq = sim_trace_oldest() + ++*pos;

	if (seq >= sim->trace_next)
		return NULL;
	return &sim->trace[seq % sim->cfg.trace_size];
}

static void sim_trace_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&sim->lock);
}

static const char *const sim_notes[] = {
	[VMW_SIM_NOTE_NONE] = "",
	[VMW_SIM_NOTE_FAIL] = " note=fail",
	[VMW_SIM_NOTE_CPT] = " note=cpt",
	[VMW_SIM_NOTE_GARBAGE] = " note=garbage",
};

static int sim_trace_show(struct seq_file *m, void *v)
{
	const struct vmw_sim_trace_ent *e = v;
	const struct vmw_sim_regs *i = &e->in, *o = &e->out;

	seq_printf(m, "%llu %s in eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x ebp=%08x out eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x%s\n",
		   e->seq, vmw_sim_step_names[e->step],
		   i->eax, i->ebx, i->ecx, i->edx, i->esi, i->edi, i->ebp,
		   o->eax, o->ebx, o->ecx, o->edx, o->esi, o->edi,
		   e->note < ARRAY_SIZE(sim_notes) ? sim_notes[e->note] : "");
	return 0;
}

static const struct seq_operations sim_trace_seq_ops = {
	.start = sim_trace_start,
	.next = sim_trace_next,
	.stop = sim_trace_stop,
	.show = sim_trace_show,
};

static int sim_trace_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &sim_trace_seq_ops);
}

static ssize_t sim_trace_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	vmw_sim_trace_clear(sim);
	return count;
}

static const struct file_operations sim_trace_fops = {
	.owner = THIS_MODULE,
	.open = sim_trace_open,
	.read = seq_read,
	.write = sim_trace_write,
	.llseek = seq_lseek,
	.release = seq_release,
};

/* log */

static ssize_t sim_log_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&sim->lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, sim->log,
				      sim->log_len);
	mutex_unlock(&sim->lock);
	return ret;
}

static ssize_t sim_log_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	vmw_sim_log_clear(sim);
	return count;
}

static const struct file_operations sim_log_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_log_read,
	.write = sim_log_write,
	.llseek = default_llseek,
};

/* tclo, tclo_answers */

static int sim_tclo_show(struct seq_file *m, void *v)
{
	const struct vmw_sim_tclo_ent *e;

	mutex_lock(&sim->lock);
	list_for_each_entry(e, &sim->tclo_queue, node)
		seq_printf(m, "%*pE\n", (int)e->cmd->len, e->cmd->data);
	mutex_unlock(&sim->lock);
	return 0;
}

static int sim_tclo_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_tclo_show, NULL);
}

static ssize_t sim_tclo_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	size_t len = count;
	u8 *cmd;
	int ret;

	if (count > VMW_SIM_MAX_IN)
		return -EMSGSIZE;
	cmd = memdup_user(ubuf, count);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	if (len && cmd[len - 1] == '\n')
		len--;
	ret = vmw_sim_tclo_queue(sim, cmd, len);
	kfree(cmd);
	return ret ? ret : count;
}

static const struct file_operations sim_tclo_fops = {
	.owner = THIS_MODULE,
	.open = sim_tclo_open,
	.read = seq_read,
	.write = sim_tclo_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int sim_tclo_answers_show(struct seq_file *m, void *v)
{
	const struct vmw_sim_tclo_ent *e;

	mutex_lock(&sim->lock);
	list_for_each_entry(e, &sim->tclo_answers, node)
		seq_printf(m, "%*pE\t%*pE\n",
			   e->cmd ? (int)e->cmd->len : 0,
			   e->cmd ? e->cmd->data : NULL,
			   e->answer ? (int)e->answer->len : 0,
			   e->answer ? e->answer->data : NULL);
	mutex_unlock(&sim->lock);
	return 0;
}

static int sim_tclo_answers_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_tclo_answers_show, NULL);
}

static ssize_t sim_tclo_answers_write(struct file *file,
				      const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	vmw_sim_tclo_clear_answers(sim);
	return count;
}

static const struct file_operations sim_tclo_answers_fops = {
	.owner = THIS_MODULE,
	.open = sim_tclo_answers_open,
	.read = seq_read,
	.write = sim_tclo_answers_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* rpci */

static int sim_rpci_show(struct seq_file *m, void *v)
{
	const struct vmw_sim_tclo_ent *e;

	mutex_lock(&sim->lock);
	list_for_each_entry(e, &sim->rpci_log, node)
		seq_printf(m, "%*pE\n", (int)e->cmd->len, e->cmd->data);
	mutex_unlock(&sim->lock);
	return 0;
}

static int sim_rpci_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_rpci_show, NULL);
}

static ssize_t sim_rpci_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	vmw_sim_rpci_clear(sim);
	return count;
}

static const struct file_operations sim_rpci_fops = {
	.owner = THIS_MODULE,
	.open = sim_rpci_open,
	.read = seq_read,
	.write = sim_rpci_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* guestinfo/ */

static ssize_t sim_key_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	u8 key[VMW_SIM_KEY_MAX];
	size_t len = sim_key_copy(key);

	return simple_read_from_buffer(ubuf, count, ppos, key, len);
}

static ssize_t sim_key_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	u8 key[VMW_SIM_KEY_MAX + sizeof("guestinfo.\n")];
	size_t len;

	if (!count || count >= sizeof(key))
		return -EINVAL;
	if (copy_from_user(key, ubuf, count))
		return -EFAULT;
	len = sim_key_trim(key, count);
	if (!len || len > VMW_SIM_KEY_MAX)
		return -EINVAL;
	mutex_lock(&sim_key_lock);
	memcpy(sim_key, key, len);
	sim_key_len = len;
	mutex_unlock(&sim_key_lock);
	return count;
}

static const struct file_operations sim_key_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_key_read,
	.write = sim_key_write,
	.llseek = default_llseek,
};

static ssize_t sim_value_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	u8 key[VMW_SIM_KEY_MAX];
	size_t klen = sim_key_copy(key);
	struct vmw_sim_blob *b;
	ssize_t ret;

	if (!klen)
		return -EINVAL;
	b = vmw_sim_guestinfo_get(sim, key, klen);
	if (!b)
		return -ENOENT;
	ret = simple_read_from_buffer(ubuf, count, ppos, b->data, b->len);
	vmw_sim_blob_put(b);
	return ret;
}

static ssize_t sim_value_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	u8 key[VMW_SIM_KEY_MAX];
	size_t klen = sim_key_copy(key);
	void *val;
	int ret;

	if (!klen || *ppos < 0)
		return -EINVAL;
	if (count > sim->cfg.guestinfo_max)
		return -ENOSPC;
	val = vmemdup_user(ubuf, count);
	if (IS_ERR(val))
		return PTR_ERR(val);
	ret = vmw_sim_guestinfo_append(sim, key, klen, *ppos, val, count);
	kvfree(val);
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static const struct file_operations sim_value_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_value_read,
	.write = sim_value_write,
	.llseek = default_llseek,
};

static ssize_t sim_delete_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	u8 key[VMW_SIM_KEY_MAX + sizeof("guestinfo.\n")];
	size_t len;
	int ret;

	if (!count || count >= sizeof(key))
		return -EINVAL;
	if (copy_from_user(key, ubuf, count))
		return -EFAULT;
	len = sim_key_trim(key, count);
	ret = vmw_sim_guestinfo_delete(sim, key, len);
	return ret ? ret : count;
}

static const struct file_operations sim_delete_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_delete_write,
	.llseek = noop_llseek,
};

static int sim_list_show(struct seq_file *m, void *v)
{
	const struct vmw_sim_gi *gi;

	mutex_lock(&sim->lock);
	list_for_each_entry(gi, &sim->guestinfo, node)
		seq_printf(m, "%*pE %zu\n", (int)gi->klen, gi->key,
			   gi->val->len);
	seq_printf(m, "# %zu of %zu bytes used\n", sim->guestinfo_used,
		   sim->cfg.guestinfo_max);
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_list);

/* Module */

static void sim_debugfs_init(void)
{
	static const struct {
		const char *name;
		enum vmw_sim_flag flag;
	} flags[] = {
		{ "hb", VMW_SIM_F_HB },
		{ "cookies", VMW_SIM_F_COOKIES },
		{ "refuse_open", VMW_SIM_F_REFUSE_OPEN },
		{ "secure_rpc", VMW_SIM_F_SECURE_RPC },
		{ "trace_enable", VMW_SIM_F_TRACE },
		{ "debugcon", VMW_SIM_F_DEBUGCON },
	};
	struct dentry *gi;
	int i;

	sim_dir = debugfs_create_dir("vmw_rpc_sim", NULL);
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		debugfs_create_file_unsafe(flags[i].name, 0600, sim_dir,
					   (void *)(uintptr_t)flags[i].flag,
					   &sim_flag_fops);
	debugfs_create_file_unsafe("max_channels", 0600, sim_dir, NULL,
				   &sim_max_channels_fops);
	debugfs_create_file_unsafe("idle_timeout_ms", 0600, sim_dir, NULL,
				   &sim_idle_fops);
	debugfs_create_file_unsafe("nr_channels", 0400, sim_dir, NULL,
				   &sim_nr_channels_fops);
	debugfs_create_file("channels", 0400, sim_dir, NULL,
			    &sim_channels_fops);
	debugfs_create_file("close", 0200, sim_dir, NULL, &sim_close_fops);
	debugfs_create_file("reset", 0200, sim_dir, NULL, &sim_reset_fops);
	debugfs_create_file("faults", 0600, sim_dir, NULL, &sim_faults_fops);
	debugfs_create_file("counters", 0600, sim_dir, NULL,
			    &sim_counters_fops);
	debugfs_create_file("trace", 0600, sim_dir, NULL, &sim_trace_fops);
	debugfs_create_file("log", 0600, sim_dir, NULL, &sim_log_fops);
	debugfs_create_file("tclo", 0600, sim_dir, NULL, &sim_tclo_fops);
	debugfs_create_file("tclo_answers", 0600, sim_dir, NULL,
			    &sim_tclo_answers_fops);
	debugfs_create_file("rpci", 0600, sim_dir, NULL, &sim_rpci_fops);

	gi = debugfs_create_dir("guestinfo", sim_dir);
	debugfs_create_file("key", 0600, gi, NULL, &sim_key_fops);
	debugfs_create_file("value", 0600, gi, NULL, &sim_value_fops);
	debugfs_create_file("delete", 0200, gi, NULL, &sim_delete_fops);
	debugfs_create_file("list", 0400, gi, NULL, &sim_list_fops);
}

static int __init sim_init(void)
{
	struct vmw_sim_config cfg = {
		.hb = hb,
		.cookies = cookies,
		.trace = trace,
		.debugcon = debugcon,
		.max_channels = max_channels,
		.idle_timeout_ms = idle_timeout_ms,
		.guestinfo_max = guestinfo_max,
		.log_max = log_max,
		.trace_size = trace_size,
	};
	int ret;

	if (!max_channels || max_channels > VMW_SIM_MAX_CHANNELS ||
	    trace_size > VMW_SIM_TRACE_CEILING ||
	    guestinfo_max > VMW_SIM_GI_CEILING ||
	    log_max > VMW_SIM_LOG_CEILING) {
		pr_err("a parameter is out of range: max_channels 1..%u, trace_size <= %u, guestinfo_max <= %u, log_max <= %u\n",
		       VMW_SIM_MAX_CHANNELS, VMW_SIM_TRACE_CEILING,
		       VMW_SIM_GI_CEILING, VMW_SIM_LOG_CEILING);
		return -EINVAL;
	}
	sim = vmw_sim_create(&cfg, vmw_rpc_transport_real());
	if (IS_ERR(sim))
		return PTR_ERR(sim);
	sim_debugfs_init();
	vmw_sim_attached = sim;
	ret = vmw_rpc_transport_attach(&vmw_sim_transport);
	if (ret) {
		pr_err("cannot attach behind the transport: %d\n", ret);
		debugfs_remove_recursive(sim_dir);
		vmw_sim_destroy(sim);
		return ret;
	}
	pr_info("simulated VMware host attached (%u channels, hb %s, cookies %s)\n",
		max_channels, hb ? "on" : "off", cookies ? "on" : "off");
	return 0;
}

static void __exit sim_exit(void)
{
	/* Waits for calls in progress. */
	vmw_rpc_transport_detach(&vmw_sim_transport);
	debugfs_remove_recursive(sim_dir);
	vmw_sim_destroy(sim);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Simulated VMware host for vmw_rpc tests");
MODULE_LICENSE("GPL");
