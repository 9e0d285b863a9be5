/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmw_rpc internal interfaces: the backdoor transport, the channel engine
 * and the call pool. Nothing here knows about files, users or ioctls.
 */
#ifndef _VMW_RPC_INTERNAL_H
#define _VMW_RPC_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/uidgid.h>

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
 *
 * After a high-bandwidth call only @eax and @ebx are defined; the kernel's
 * own 6.11+ helpers return nothing else, so no caller may rely on more.
 */
struct vmw_bdoor_regs {
	u32 eax, ebx, ecx, edx, esi, edi, ebp;
	void *buf;
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
 * struct vmw_chan - one message channel as the host sees it
 * @id: channel id from OPEN.
 * @cookie_high: esi of every later step.
 * @cookie_low: edi of every later step.
 * @proto: VMW_RPC_PROTO_RPCI or _TCLO.
 * @open: the host gave us this channel and we have not closed it.
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
};

/* channel.c */
int vmw_chan_open(struct vmw_chan *c, u32 proto);
int vmw_chan_send(struct vmw_chan *c, const void *msg, size_t len);
int vmw_chan_recv(struct vmw_chan *c, void **reply, size_t *len,
		  size_t max_len);
void vmw_chan_close(struct vmw_chan *c);
bool vmw_rpci_reply_valid(const void *reply, size_t len);

/* pool.c: the channels VMW_RPC_IOC_CALL runs on */
int vmw_pool_init(unsigned int size, unsigned int idle_ms);
void vmw_pool_exit(void);
int vmw_pool_call(const void *req, size_t req_len, void **reply,
		  size_t *reply_len, size_t max_reply, kuid_t uid, bool priv);

/* policy.c: the RPCI allowlist for callers without CAP_SYS_ADMIN */
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

int vmw_allow_parse(const char *s, struct vmw_allowlist **out);
bool vmw_allow_match(const struct vmw_allowlist *l, const u8 *cmd, size_t len);
bool vmw_policy_rpci_allowed(const void *cmd, size_t len);
void vmw_policy_describe(const u8 *cmd, size_t len, char *buf);
int vmw_policy_init(void);
void vmw_policy_exit(void);

#endif /* _VMW_RPC_INTERNAL_H */
