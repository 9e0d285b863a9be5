/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vmw_rpc: the VMware backdoor and GuestRPC message channel for userspace.
 *
 * The device /dev/vmw_rpc takes the ioctls below. A file's rights are
 * fixed at open(2) from the opener's credentials. Every structure has
 * fixed-width fields, no implicit padding, user pointers as __u64 and a
 * flags or reserved field that must be zero; the driver rejects anything
 * else with EINVAL so that the ABI can grow.
 *
 * Errors are errno values, each with one meaning (docs/driver.md,
 * "Errors"): the host's own answer to an RPCI command (the "1 " or "0 "
 * status at the start of a reply) is data, not an errno.
 */
#ifndef _UAPI_LINUX_VMW_RPC_H
#define _UAPI_LINUX_VMW_RPC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Bumped on every incompatible change; additions keep it. */
#define VMW_RPC_ABI_VERSION		1

/* Backdoor facts, for raw callers (docs/protocol.md, sections 1 and 2). */
#define VMW_RPC_BDOOR_MAGIC		0x564D5868U
#define VMW_RPC_BDOOR_PORT		0x5658
#define VMW_RPC_BDOOR_HB_PORT		0x5659

#define VMW_RPC_BDOOR_CMD_GETMHZ	1
#define VMW_RPC_BDOOR_CMD_GETVERSION	10
#define VMW_RPC_BDOOR_CMD_GETHWVERSION	17
#define VMW_RPC_BDOOR_CMD_GETUUID	19
#define VMW_RPC_BDOOR_CMD_GETMEMSIZE	20
#define VMW_RPC_BDOOR_CMD_MESSAGE	30
#define VMW_RPC_BDOOR_CMD_GETHZ		45
#define VMW_RPC_BDOOR_CMD_GETTIMEFULL	46
#define VMW_RPC_BDOOR_CMD_GET_VCPU_INFO	68
#define VMW_RPC_BDOOR_CMD_GETBUILDNUM	100

/* Message channel protocols (the OPEN argument). */
#define VMW_RPC_PROTO_RPCI		0x49435052U	/* "RPCI" */
#define VMW_RPC_PROTO_TCLO		0x4f4c4354U	/* "TCLO" */

/* enum vmw_rpc_transport: how the driver reaches the hypervisor. */
#define VMW_RPC_TRANSPORT_PORT		1	/* in/out on 0x5658/0x5659 */
#define VMW_RPC_TRANSPORT_VMCALL	2	/* Intel hypercall */
#define VMW_RPC_TRANSPORT_VMMCALL	3	/* AMD hypercall */

/* struct vmw_rpc_info flags */
#define VMW_RPC_INFO_HB			0x00000001U
#define VMW_RPC_INFO_MEM_ENCRYPT	0x00000002U
#define VMW_RPC_INFO_TEST_BUILD		0x00000004U
#define VMW_RPC_INFO_SIMULATED		0x00000008U

/**
 * struct vmw_rpc_info - what the driver and the host support
 * @abi_version: VMW_RPC_ABI_VERSION of the running driver.
 * @bdoor_version: backdoor version from GETVERSION (eax; 6 today).
 * @vmx_type: VMX type from GETVERSION (ecx; 2 = ESX, 4 = Workstation).
 * @transport: one of VMW_RPC_TRANSPORT_*.
 * @flags: VMW_RPC_INFO_HB: high bandwidth is usable (not under memory
 *	encryption); VMW_RPC_INFO_MEM_ENCRYPT: guest memory is encrypted;
 *	VMW_RPC_INFO_TEST_BUILD: the module was built with test hooks;
 *	VMW_RPC_INFO_SIMULATED: a simulated host is behind the transport.
 * @max_send: largest message a channel send or a call accepts, in bytes.
 * @max_reply: largest reply the driver accepts from the host, in bytes.
 * @max_raw_hb: largest buffer of a raw high-bandwidth call, in bytes.
 * @max_chans_per_file: channels one open file may hold at once.
 * @max_chans: channels the files of openers with CAP_SYS_ADMIN may hold
 *	together.
 * @pool_size: channels the driver keeps for VMW_RPC_IOC_CALL.
 * @max_chans_per_uid: channels one user without CAP_SYS_ADMIN may hold
 *	over all its files (0 from drivers older than this field).
 * @max_chans_unpriv: channels all users without CAP_SYS_ADMIN may hold
 *	together, besides their share of the pool (0 from drivers older
 *	than this field).
 * @reserved: zero.
 */
struct vmw_rpc_info {
	__u32 abi_version;
	__u32 bdoor_version;
	__u32 vmx_type;
	__u32 transport;
	__u32 flags;
	__u32 max_send;
	__u32 max_reply;
	__u32 max_raw_hb;
	__u32 max_chans_per_file;
	__u32 max_chans;
	__u32 pool_size;
	__u32 max_chans_per_uid;
	__u32 max_chans_unpriv;
	__u32 reserved[7];
};

/**
 * struct vmw_rpc_regs - the backdoor's general registers (low 32 bits)
 * @eax: eax; the driver always sends VMW_RPC_BDOOR_MAGIC, whatever is here.
 * @ebx: ebx
 * @ecx: ecx; (subcommand << 16) | command. For high bandwidth the driver
 *	puts the buffer length here.
 * @edx: edx; the driver sets the low 16 bits (port or hypercall flags),
 *	the high 16 bits (a channel id for messages) are passed through.
 * @esi: esi; ignored on input for high-bandwidth out (the driver passes
 *	its copy of the buffer there).
 * @edi: edi; ignored on input for high-bandwidth in (likewise).
 * @ebp: ebp; used by high-bandwidth calls only, must be 0 for low bandwidth.
 * @reserved: must be 0 on input; 0 on output.
 */
struct vmw_rpc_regs {
	__u32 eax;
	__u32 ebx;
	__u32 ecx;
	__u32 edx;
	__u32 esi;
	__u32 edi;
	__u32 ebp;
	__u32 reserved;
};

/* struct vmw_rpc_backdoor modes */
#define VMW_RPC_BDOOR_LB		0	/* inl on 0x5658, or hypercall */
#define VMW_RPC_BDOOR_HB_OUT		1	/* rep outsb on 0x5659: buf to host */
#define VMW_RPC_BDOOR_HB_IN		2	/* rep insb on 0x5659: host to buf */

/**
 * struct vmw_rpc_backdoor - one raw backdoor call (a file opened with
 *	CAP_SYS_RAWIO)
 * @mode: VMW_RPC_BDOOR_LB, _HB_OUT or _HB_IN.
 * @flags: must be 0.
 * @in: registers passed to the hypervisor.
 * @out: registers as the hypervisor left them.
 * @buf: high bandwidth only: user buffer the driver copies to the host
 *	(_HB_OUT) or fills from it (_HB_IN); must be 0 for _LB.
 * @buf_len: length of @buf, at most vmw_rpc_info.max_raw_hb; 0 for _LB.
 * @reserved: must be 0.
 *
 * The call is refused with EPERM on a file whose opener lacked
 * CAP_SYS_RAWIO (rights are fixed at open(2)) or under kernel
 * lockdown, because a raw call can hand guest physical addresses to the
 * hypervisor.
 */
struct vmw_rpc_backdoor {
	__u32 mode;
	__u32 flags;
	struct vmw_rpc_regs in;
	struct vmw_rpc_regs out;
	__u64 buf;
	__u32 buf_len;
	__u32 reserved;
};

/**
 * struct vmw_rpc_chan_open - open a message channel
 * @protocol: VMW_RPC_PROTO_RPCI or VMW_RPC_PROTO_TCLO.
 * @flags: must be 0.
 * @handle: must be 0 on input; out: the channel's handle (never 0),
 *	valid only on this open file.
 * @reserved: must be 0.
 */
struct vmw_rpc_chan_open {
	__u32 protocol;
	__u32 flags;
	__u32 handle;
	__u32 reserved;
};

/**
 * struct vmw_rpc_chan_msg - send on or receive from a channel
 * @handle: from VMW_RPC_IOC_CHAN_OPEN.
 * @flags: must be 0.
 * @buf: user buffer holding the message (send) or taking the reply (recv).
 * @len: send: message length, at most vmw_rpc_info.max_send.
 *	recv: in, the size of @buf; out, the reply's length. When the reply
 *	does not fit, the receive fails with ENOBUFS, @len is the size
 *	needed and the reply is kept for the next receive on the channel.
 * @reserved: must be 0.
 */
struct vmw_rpc_chan_msg {
	__u32 handle;
	__u32 flags;
	__u64 buf;
	__u32 len;
	__u32 reserved;
};

/**
 * struct vmw_rpc_chan_close - close a channel
 * @handle: from VMW_RPC_IOC_CHAN_OPEN.
 * @flags: must be 0.
 */
struct vmw_rpc_chan_close {
	__u32 handle;
	__u32 flags;
};

/**
 * struct vmw_rpc_call - one RPCI command and its reply in one system call
 * @request: user pointer to the command bytes.
 * @reply: user pointer to the reply buffer.
 * @request_len: command length, 1 to vmw_rpc_info.max_send.
 * @reply_len: in, the size of @reply; out, the reply's length. When the
 *	reply does not fit, the call fails with ENOBUFS, @reply_len is the
 *	size needed, and the reply is dropped (the command is not run twice):
 *	pass a buffer of vmw_rpc_info.max_reply bytes to never see that.
 * @flags: must be 0.
 * @reserved: must be 0.
 *
 * The driver runs the command on a channel of its own pool, waiting
 * (interruptibly) for a free one. A reply that does not start with "1 "
 * or "0 " fails the call with EBADMSG.
 */
struct vmw_rpc_call {
	__u64 request;
	__u64 reply;
	__u32 request_len;
	__u32 reply_len;
	__u32 flags;
	__u32 reserved;
};

#define VMW_RPC_IOC_MAGIC	0xD6

#define VMW_RPC_IOC_INFO	_IOR(VMW_RPC_IOC_MAGIC, 0x00, struct vmw_rpc_info)
#define VMW_RPC_IOC_BACKDOOR	_IOWR(VMW_RPC_IOC_MAGIC, 0x01, struct vmw_rpc_backdoor)
#define VMW_RPC_IOC_CHAN_OPEN	_IOWR(VMW_RPC_IOC_MAGIC, 0x02, struct vmw_rpc_chan_open)
#define VMW_RPC_IOC_CHAN_SEND	_IOW(VMW_RPC_IOC_MAGIC, 0x03, struct vmw_rpc_chan_msg)
#define VMW_RPC_IOC_CHAN_RECV	_IOWR(VMW_RPC_IOC_MAGIC, 0x04, struct vmw_rpc_chan_msg)
#define VMW_RPC_IOC_CHAN_CLOSE	_IOW(VMW_RPC_IOC_MAGIC, 0x05, struct vmw_rpc_chan_close)
#define VMW_RPC_IOC_CALL	_IOWR(VMW_RPC_IOC_MAGIC, 0x06, struct vmw_rpc_call)

#endif /* _UAPI_LINUX_VMW_RPC_H */
