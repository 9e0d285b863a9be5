/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmw_rpc internal interfaces, bottom up: the backdoor transport, the
 * channel engine and the call pool know nothing about files, users or
 * ioctls; the policy (policy.c) is the one place that knows about users:
 * what a requestor may do, and how much of the host it may hold.
 */
#ifndef _VMW_RPC_INTERNAL_H
#define _VMW_RPC_INTERNAL_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/kmsg_dump.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

struct cred;
struct vmw_rpc_info;

/* Message channel subcommands (ecx[31:16] of command 30). */
#define VMW_MSG_OPEN		0
#define VMW_MSG_SENDSIZE	1
#define VMW_MSG_SENDPAYLOAD	2
#define VMW_MSG_RECVSIZE	3
#define VMW_MSG_RECVPAYLOAD	4
#define VMW_MSG_RECVSTATUS	5
#define VMW_MSG_CLOSE		6

/* Status bits, in ecx[31:16] (LB) or ebx[31:16] (HB). */
#define VMW_MSG_ST_SUCCESS	0x0001
#define VMW_MSG_ST_DORECV	0x0002
#define VMW_MSG_ST_CLOSED	0x0004
#define VMW_MSG_ST_UNSENT	0x0008
#define VMW_MSG_ST_CPT		0x0010
#define VMW_MSG_ST_POWEROFF	0x0020
#define VMW_MSG_ST_TIMEOUT	0x0040
#define VMW_MSG_ST_HB		0x0080

#define VMW_MSG_FLAG_COOKIE	0x80000000U
#define VMW_BDOORHB_CMD_MESSAGE	0

/* Largest buffer of a raw high-bandwidth call. */
#define VMW_RAW_HB_MAX		(64U * 1024)
/* Host limit on a guest-to-host message (GUESTMSG_MAX_IN_SIZE). */
#define VMW_MSG_MAX_SEND	(64 * 1024)
/* Restarts of one send or receive after a checkpoint, then -EAGAIN. */
#define VMW_MSG_CPT_RETRIES	3

/**
 * struct vmw_bdoor_regs - one backdoor call's registers
 * @eax: in: set to the magic by the transport; out: as the host left it.
 * @ebx: in/out.
 * @ecx: in: (subcommand << 16) | command, or the length for high bandwidth.
 * @edx: in: high 16 bits from the caller, low 16 bits set by the
 *	transport to the port (0x5658, or 0x5659 for high bandwidth).
 * @esi: in/out; ignored on input for high-bandwidth out.
 * @edi: in/out; ignored on input for high-bandwidth in.
 * @ebp: in: high bandwidth only.
 * @buf: high bandwidth only: kernel buffer of @ecx bytes (rsi for out,
 *	rdi for in).
 * @atomic: in: the caller may not sleep or wait for a lock (the panic
 *	report). Test builds then only try the lock that keeps a simulated
 *	host in place, and the simulated host only tries its own; a call
 *	that cannot take them fails as a step the host refused (status 0).
 *
 * After a high-bandwidth call only @eax and @ebx are defined; the kernel's
 * own 6.11+ helpers return nothing else, so no caller may rely on more.
 */
struct vmw_bdoor_regs {
	u32 eax, ebx, ecx, edx, esi, edi, ebp;
	void *buf;
	bool atomic;
};

/**
 * struct vmw_transport_ops - what executes a backdoor call
 * @name: for the log and debugfs.
 * @lb: low-bandwidth call, all six registers in and out.
 * @hb_out: high-bandwidth transfer of @buf to the host.
 * @hb_in: high-bandwidth transfer from the host into @buf.
 */
struct vmw_transport_ops {
	const char *name;
	void (*lb)(struct vmw_bdoor_regs *r);
	void (*hb_out)(struct vmw_bdoor_regs *r);
	void (*hb_in)(struct vmw_bdoor_regs *r);
};

/* transport.c */
void vmw_bdoor_lb(struct vmw_bdoor_regs *r);
void vmw_bdoor_hb_out(struct vmw_bdoor_regs *r);
void vmw_bdoor_hb_in(struct vmw_bdoor_regs *r);
bool vmw_bdoor_hb_usable(void);
u32 vmw_bdoor_transport(void);
bool vmw_bdoor_simulated(void);

#ifdef CONFIG_VMW_RPC_TEST_HOOKS
int vmw_rpc_transport_attach(const struct vmw_transport_ops *ops);
void vmw_rpc_transport_detach(const struct vmw_transport_ops *ops);
const struct vmw_transport_ops *vmw_rpc_transport_real(void);
#endif

/* abi.c: ioctl argument checks, 0 or -EINVAL / -EMSGSIZE */
struct vmw_rpc_backdoor;
struct vmw_rpc_chan_open;
struct vmw_rpc_chan_msg;
struct vmw_rpc_chan_close;
struct vmw_rpc_call;
int vmw_abi_check_backdoor(const struct vmw_rpc_backdoor *bd);
int vmw_abi_check_chan_open(const struct vmw_rpc_chan_open *op);
int vmw_abi_check_chan_msg(const struct vmw_rpc_chan_msg *m, bool send);
int vmw_abi_check_chan_close(const struct vmw_rpc_chan_close *cl);
int vmw_abi_check_call(const struct vmw_rpc_call *call);

/* detect.c */
struct vmw_host_id {
	u32 version;
	u32 vmx_type;
};

int vmw_detect(struct vmw_host_id *id);

/**
 * struct vmw_acct - what operations on a channel cost on the host
 * @bdoor: backdoor calls (each a VM exit on VMware)
 * @hb: high-bandwidth transfers among them
 * @cpts: checkpoint restarts
 *
 * A channel's counts only grow; the cost of one operation is the
 * difference before and after it (vmw_acct_add_since()).
 */
struct vmw_acct {
	u32 bdoor;
	u32 hb;
	u32 cpts;
};

/* @sum += @now - @then */
static inline void vmw_acct_add_since(struct vmw_acct *sum,
				      const struct vmw_acct *now,
				      const struct vmw_acct *then)
{
	sum->bdoor += now->bdoor - then->bdoor;
	sum->hb += now->hb - then->hb;
	sum->cpts += now->cpts - then->cpts;
}

/**
 * struct vmw_chan - one message channel as the host sees it
 * @id: channel id from OPEN.
 * @cookie_high: esi of every later step.
 * @cookie_low: edi of every later step.
 * @proto: VMW_RPC_PROTO_RPCI or _TCLO.
 * @open: the host gave us this channel and we have not closed it.
 * @atomic: set by the user before the open: every step may run where
 *	nothing may sleep, allocate or wait for a lock (channel.c's top).
 * @acct: what this channel's steps cost, opens and closes included.
 *
 * Every channel has cookies: vmw_chan_open() never takes a channel
 * without them, so no step of ours can reach a channel the host has since
 * given to someone else under the same id.
 */
struct vmw_chan {
	u16 id;
	u32 cookie_high;
	u32 cookie_low;
	u32 proto;
	bool open;
	bool atomic;
	struct vmw_acct acct;
};

/* channel.c */
int vmw_chan_open(struct vmw_chan *c, u32 proto);
int vmw_chan_send(struct vmw_chan *c, const void *msg, size_t len);
int vmw_chan_recv(struct vmw_chan *c, void **reply, size_t *len,
		  size_t max_len);
int vmw_chan_recv_into(struct vmw_chan *c, void *buf, size_t size,
		       size_t *len);
void vmw_chan_close(struct vmw_chan *c);
bool vmw_rpci_reply_valid(const void *reply, size_t len);

/**
 * struct vmw_share - how much of the call pool one caller may hold
 * @key: callers with the same key are one user for @per_key
 * @bounded: the caller is held to @per_key and @per_class
 * @per_key: pooled channels the callers of one key may hold at once
 * @per_class: pooled channels all bounded callers together may hold
 *
 * Filled in by vmw_policy_share(); the pool knows no users, only this.
 */
struct vmw_share {
	u32 key;
	bool bounded;
	unsigned int per_key;
	unsigned int per_class;
};

/* pool.c: the channels VMW_RPC_IOC_CALL runs on */
int vmw_pool_init(unsigned int size, unsigned int idle_ms);
void vmw_pool_exit(void);
/* vmw_pool_call()'s @timeout when the caller waits as long as it takes */
#define VMW_POOL_WAIT_FOREVER	MAX_SCHEDULE_TIMEOUT
int vmw_pool_call(const void *req, size_t req_len, void **reply,
		  size_t *reply_len, size_t max_reply,
		  const struct vmw_share *share, long timeout, bool *delivered,
		  struct vmw_acct *acct);

/* policy.c: who may do what, and how much of the host they may hold */
#define VMW_ALLOW_MAX		16	/* prefixes in the list */
#define VMW_ALLOW_MAX_LEN	64	/* bytes in one prefix */
#define VMW_AUDIT_PREFIX	32	/* bytes of a refused command logged */

/**
 * struct vmw_allowlist - command prefixes unprivileged callers may send
 * @n: number of prefixes
 * @len: length of each
 * @prefix: the prefixes (not NUL-terminated)
 */
struct vmw_allowlist {
	unsigned int n;
	size_t len[VMW_ALLOW_MAX];
	char prefix[VMW_ALLOW_MAX][VMW_ALLOW_MAX_LEN];
};

/**
 * struct vmw_requestor - the rights of one open file, fixed at open(2)
 * @charge: the user its channels are charged to: the opener's euid, or,
 *	for an opener inside a user namespace, the user who owns the
 *	outermost one (so a namespace full of uids is still one user)
 * @admin: the opener had CAP_SYS_ADMIN in the initial user namespace
 * @rawio: the opener had CAP_SYS_RAWIO in the initial user namespace
 *
 * Whoever holds the file has exactly these rights, whatever its own
 * credentials: passing the file descriptor passes them.
 */
struct vmw_requestor {
	kuid_t charge;
	bool admin;
	bool rawio;
};

/**
 * enum vmw_op - what a requestor asks to do
 * @VMW_OP_INFO: read the driver's limits and the host's identity
 * @VMW_OP_RAW: a raw backdoor call
 * @VMW_OP_OPEN_RPCI: open an RPCI channel
 * @VMW_OP_OPEN_TCLO: open a TCLO channel
 * @VMW_OP_RPCI: send an RPCI command (channel send or one-shot call)
 * @VMW_OP_TCLO: send a TCLO answer
 */
enum vmw_op {
	VMW_OP_INFO,
	VMW_OP_RAW,
	VMW_OP_OPEN_RPCI,
	VMW_OP_OPEN_TCLO,
	VMW_OP_RPCI,
	VMW_OP_TCLO,
};

/**
 * enum vmw_refusal - the kinds of refusal, each counted and logged apart
 * @VMW_REFUSED_RAW: a raw backdoor call
 * @VMW_REFUSED_TCLO: a TCLO channel
 * @VMW_REFUSED_RPCI: an RPCI command outside the allowlist
 * @VMW_REFUSED_LIMIT: a channel over one of its bounds
 * @VMW_REFUSED_KINDS: their number
 */
enum vmw_refusal {
	VMW_REFUSED_RAW,
	VMW_REFUSED_TCLO,
	VMW_REFUSED_RPCI,
	VMW_REFUSED_LIMIT,
	VMW_REFUSED_KINDS,
};

int vmw_allow_parse(const char *s, struct vmw_allowlist **out);
bool vmw_allow_match(const struct vmw_allowlist *l, const u8 *cmd, size_t len);
void vmw_policy_describe(const u8 *cmd, size_t len, char *buf);
kuid_t vmw_policy_charge_uid(const struct cred *cred);
void vmw_requestor_init(struct vmw_requestor *rq);
int vmw_policy_check(const struct vmw_requestor *rq, enum vmw_op op,
		     const void *cmd, size_t len);
int vmw_policy_chan_get(const struct vmw_requestor *rq,
			unsigned int file_chans);
void vmw_policy_chan_put(const struct vmw_requestor *rq);
void vmw_policy_share(const struct vmw_requestor *rq, unsigned int pool_size,
		      struct vmw_share *share);
unsigned int vmw_policy_refused(enum vmw_refusal kind);
void vmw_policy_info(struct vmw_rpc_info *info);
int vmw_policy_init(void);
int vmw_policy_tclo_get(bool service);
void vmw_policy_tclo_put(bool service);

/* tools.c: the tools service, the kernel as a VMware Tools client */

/* Longest TCLO command the service takes from the host. */
#define VMW_TOOLS_CMD_MAX	4096
/* Longest answer the service gives. */
#define VMW_TOOLS_ANSWER_MAX	64

/**
 * enum vmw_tools_state - the state changes the host asks for
 * @VMW_TOOLS_STATE_NONE: none
 * @VMW_TOOLS_STATE_HALT: OS_Halt, shut down
 * @VMW_TOOLS_STATE_REBOOT: OS_Reboot, restart
 * @VMW_TOOLS_STATE_POWERON: OS_PowerOn, the VM was powered on
 * @VMW_TOOLS_STATE_RESUME: OS_Resume, the VM was resumed
 * @VMW_TOOLS_STATE_SUSPEND: OS_Suspend, the VM is about to be suspended
 *
 * The values are the host's state codes of tools.os.statechange.status
 * (open-vm-tools' GuestOsState; docs/protocol.md, 4.3).
 */
enum vmw_tools_state {
	VMW_TOOLS_STATE_NONE = 0,
	VMW_TOOLS_STATE_HALT = 1,
	VMW_TOOLS_STATE_REBOOT = 2,
	VMW_TOOLS_STATE_POWERON = 3,
	VMW_TOOLS_STATE_RESUME = 4,
	VMW_TOOLS_STATE_SUSPEND = 5,
};

/**
 * struct vmw_tools_result - what one TCLO command asks of the service
 * @answer: the answer, "OK ..." or "ERROR ...", not NUL-terminated
 * @answer_len: its length
 * @state: the state change to report and, for halt and reboot, carry out
 * @reset: the host reset the channel: report our loop's name
 * @caps: register the capabilities and the tools version
 * @publish_ip: the host asks for the guest's IP address
 */
struct vmw_tools_result {
	char answer[VMW_TOOLS_ANSWER_MAX];
	size_t answer_len;
	enum vmw_tools_state state;
	bool reset;
	bool caps;
	bool publish_ip;
};

void vmw_tools_dispatch(const u8 *cmd, size_t len,
			struct vmw_tools_result *res);
size_t vmw_tools_statechange(enum vmw_tools_state state, char *buf,
			     size_t size);
bool vmw_tools_ip_skip(const char *ifname, __be32 addr, const char *patterns);
struct notifier_block;
bool vmw_tools_ip_take(void);
int vmw_tools_inetaddr(struct notifier_block *nb, unsigned long ev, void *ptr);
int vmw_tools_netdev(struct notifier_block *nb, unsigned long ev, void *ptr);
int vmw_tools_init(void);
void vmw_tools_exit(void);

/* panic.c: the kernel log's tail to the host's log at a panic or oops */

/* Largest panic_log_bytes. */
#define VMW_PANIC_BYTES_MAX	(64U * 1024)
/* Smallest panic_log_bytes but 0: room for a few whole lines of the log. */
#define VMW_PANIC_BYTES_MIN	1024
/* Bytes of one log line sent; the rest of a longer line is cut. */
#define VMW_PANIC_LINE_MAX	256
/* What each line sent starts with, in the host's log. */
#define VMW_PANIC_PREFIX	"vmw_rpc panic: "
/* Longest message: the log command, the prefix, a line. */
#define VMW_PANIC_MSG_MAX	(sizeof("log " VMW_PANIC_PREFIX) - 1 + \
				 VMW_PANIC_LINE_MAX)
/* Bytes of the host's reply kept (it is "1 "); a longer one is dropped. */
#define VMW_PANIC_REPLY_MAX	16

/**
 * struct vmw_panic - an enabled panic report, all set up in advance
 * @dumper: its kmsg dumper, registered while enabled
 * @reserved: the RPCI channel kept for the report (atomic; may be closed)
 * @reserved_busy: 1 while someone uses @reserved (a dump or the refresh)
 * @dumping: 1 while a dump uses the buffers below
 * @refresh: replaces @reserved before the host expires it
 * @text: the log's tail, @size bytes
 * @size: panic_log_bytes
 * @msg: the message being sent
 * @reply: the host's reply
 */
struct vmw_panic {
	struct kmsg_dumper dumper;
	struct vmw_chan reserved;
	atomic_t reserved_busy;
	atomic_t dumping;
	struct delayed_work refresh;
	char *text;
	size_t size;
	char msg[VMW_PANIC_MSG_MAX];
	char reply[VMW_PANIC_REPLY_MAX];
};

size_t vmw_panic_format(char *msg, const char *line, size_t len);
unsigned int vmw_panic_send(struct vmw_panic *p, const char *text, size_t len);
unsigned int vmw_panic_dump(enum kmsg_dump_reason reason);
bool vmw_panic_renew(struct vmw_panic *p);
int vmw_panic_set(unsigned int bytes);
void vmw_panic_init(void);
void vmw_panic_exit(void);

/* stats.c: the counters of /sys/class/misc/vmw_rpc/stats/ (docs/ABI) */

/**
 * enum vmw_stat - the event counters (per CPU; summed when read)
 * @VMW_STAT_INFO: VMW_RPC_IOC_INFO calls
 * @VMW_STAT_BACKDOOR: VMW_RPC_IOC_BACKDOOR calls
 * @VMW_STAT_CHAN_OPEN: VMW_RPC_IOC_CHAN_OPEN calls
 * @VMW_STAT_CHAN_SEND: VMW_RPC_IOC_CHAN_SEND calls
 * @VMW_STAT_CHAN_RECV: VMW_RPC_IOC_CHAN_RECV calls
 * @VMW_STAT_CHAN_CLOSE: VMW_RPC_IOC_CHAN_CLOSE calls
 * @VMW_STAT_CALL: VMW_RPC_IOC_CALL calls
 * @VMW_STAT_BDOOR: backdoor calls of every kind (the VM exits)
 * @VMW_STAT_BYTES_OUT: bytes of complete messages sent to the host
 * @VMW_STAT_BYTES_IN: bytes of complete messages received from it
 * @VMW_STAT_CPTS: checkpoint restarts
 * @VMW_STAT_HOST_REFUSED: channel opens the host refused
 * @VMW_STAT_POOL_WAITS: one-shot calls that waited for a pool channel
 * @VMW_STAT_ERR: the first of the errno counters (stats.c's table)
 */
enum vmw_stat {
	VMW_STAT_INFO,
	VMW_STAT_BACKDOOR,
	VMW_STAT_CHAN_OPEN,
	VMW_STAT_CHAN_SEND,
	VMW_STAT_CHAN_RECV,
	VMW_STAT_CHAN_CLOSE,
	VMW_STAT_CALL,
	VMW_STAT_BDOOR,
	VMW_STAT_BYTES_OUT,
	VMW_STAT_BYTES_IN,
	VMW_STAT_CPTS,
	VMW_STAT_HOST_REFUSED,
	VMW_STAT_POOL_WAITS,
	VMW_STAT_ERR,
};

/**
 * enum vmw_trace_op - what the vmw_rpc:vmw_rpc_call tracepoint reports
 * @VMW_TRACE_CALL: a one-shot call (VMW_RPC_IOC_CALL)
 * @VMW_TRACE_SEND: a send on a file's channel
 * @VMW_TRACE_RECV: a receive on a file's channel
 */
enum vmw_trace_op {
	VMW_TRACE_CALL,
	VMW_TRACE_SEND,
	VMW_TRACE_RECV,
};

/*
 * An event's ns= since @t0 (0 when the event was off at the start:
 * then 0). local_clock() is per CPU: a task that moved may see it go
 * back, which counts as 0.
 */
static inline u64 vmw_trace_since(u64 t0)
{
	s64 ns = t0 ? (s64)(local_clock() - t0) : 0;

	return ns > 0 ? ns : 0;
}

struct attribute_group;
extern const struct attribute_group vmw_stats_group;
void vmw_stat_add(enum vmw_stat stat, u64 n);
void vmw_stat_errno(int err);
void vmw_stat_chan_opened(void);
void vmw_stat_chan_closed(void);
void vmw_stat_pool_wait(u64 ns);
void vmw_trace_call(enum vmw_trace_op op, u32 proto, const void *cmd,
		    size_t len, const struct vmw_acct *acct, size_t out,
		    size_t in, u64 t0, int ret);

#endif /* _VMW_RPC_INTERNAL_H */
