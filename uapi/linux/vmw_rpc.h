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
 * Errors are errno values. Each ioctl's comment, at the end of this file,
 * lists the ones it returns; an errno means the same in every ioctl. The
 * host's own answer to an RPCI command (the "1 " or "0 " status at the
 * start of a reply) is data, not an errno. Every ioctl also fails with
 * ENOTTY when its number is not one of these, EFAULT when its argument
 * is not readable or writable memory, and ENOMEM.
 *
 * The size of every structure is ABI: each is checked beside it (an enum
 * whose value divides by zero when the size is wrong, so that C and C++
 * compilers refuse such a header).
 */
#ifndef _UAPI_LINUX_VMW_RPC_H
#define _UAPI_LINUX_VMW_RPC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * The ABI only grows. Each version adds to the one before (a new ioctl,
 * a new flag, a field that was reserved) and announces what it adds with
 * a vmw_rpc_info.flags bit; an ioctl keeps its number, structure and
 * meaning in every later version. A change that would break an existing
 * caller gets new ioctl numbers instead. So a program works with any
 * driver whose abi_version is at least the one it was written for, and
 * asks vmw_rpc_info.flags for anything newer.
 */
#define VMW_RPC_ABI_VERSION		2	/* 2: the call's timeout and delivery report */

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
#define VMW_RPC_INFO_CALL_TIMEOUT	0x00000010U	/* ABI 2 */
#define VMW_RPC_INFO_CALL_DELIVERED	0x00000020U	/* ABI 2 */

/**
 * struct vmw_rpc_info - what the driver and the host support
 * @abi_version: VMW_RPC_ABI_VERSION of the running driver.
 * @bdoor_version: backdoor version from GETVERSION (eax; 6 today).
 * @vmx_type: VMX type from GETVERSION (ecx; 2 = ESX, 4 = Workstation).
 * @transport: one of VMW_RPC_TRANSPORT_*.
 * @flags: VMW_RPC_INFO_HB: high bandwidth is usable (not under memory
 *	encryption); VMW_RPC_INFO_MEM_ENCRYPT: guest memory is encrypted;
 *	VMW_RPC_INFO_TEST_BUILD: the module was built with test hooks;
 *	VMW_RPC_INFO_SIMULATED: a simulated host is behind the transport;
 *	VMW_RPC_INFO_CALL_TIMEOUT: VMW_RPC_IOC_CALL takes
 *	VMW_RPC_CALL_TIMEOUT; VMW_RPC_INFO_CALL_DELIVERED: it reports
 *	VMW_RPC_CALL_DELIVERED.
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

enum { vmw_rpc_info_size_ok = 1 / (sizeof(struct vmw_rpc_info) == 80) };

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

enum { vmw_rpc_regs_size_ok = 1 / (sizeof(struct vmw_rpc_regs) == 32) };

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

enum { vmw_rpc_backdoor_size_ok = 1 / (sizeof(struct vmw_rpc_backdoor) == 88) };

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

enum { vmw_rpc_chan_open_size_ok = 1 / (sizeof(struct vmw_rpc_chan_open) == 16) };

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

enum { vmw_rpc_chan_msg_size_ok = 1 / (sizeof(struct vmw_rpc_chan_msg) == 24) };

/**
 * struct vmw_rpc_chan_close - close a channel
 * @handle: from VMW_RPC_IOC_CHAN_OPEN.
 * @flags: must be 0.
 */
struct vmw_rpc_chan_close {
	__u32 handle;
	__u32 flags;
};

enum { vmw_rpc_chan_close_size_ok = 1 / (sizeof(struct vmw_rpc_chan_close) == 8) };

/* struct vmw_rpc_call flags */
#define VMW_RPC_CALL_TIMEOUT		0x00000001U	/* in: @timeout_ms holds */
#define VMW_RPC_CALL_DELIVERED		0x80000000U	/* out only */

/* Longest wait for a pool channel VMW_RPC_CALL_TIMEOUT may ask: 1 hour. */
#define VMW_RPC_CALL_TIMEOUT_MAX_MS	3600000U

/**
 * struct vmw_rpc_call - one RPCI command and its reply in one system call
 * @request: user pointer to the command bytes.
 * @reply: user pointer to the reply buffer.
 * @request_len: command length, 1 to vmw_rpc_info.max_send.
 * @reply_len: in, the size of @reply; out, the reply's length. When the
 *	reply does not fit, the call fails with ENOBUFS, @reply_len is the
 *	size needed, and the reply is dropped (the command is not run twice):
 *	pass a buffer of vmw_rpc_info.max_reply bytes to never see that.
 * @flags: in: 0 or VMW_RPC_CALL_TIMEOUT (@timeout_ms is the longest wait
 *	for a pool channel). Out: the driver sets VMW_RPC_CALL_DELIVERED
 *	when the host acknowledged the whole command, also when the call
 *	then fails (a later step, the reply), and leaves it clear when the
 *	command was not sent or not all of it was acknowledged; the other
 *	bits come back as they went in. VMW_RPC_CALL_DELIVERED on input is
 *	EINVAL: clear it before reusing the structure. Both since ABI 2
 *	(vmw_rpc_info.flags says so); ABI 1 refuses any flag with EINVAL.
 * @timeout_ms: with VMW_RPC_CALL_TIMEOUT, milliseconds to wait for a pool
 *	channel, 0 (do not wait) to VMW_RPC_CALL_TIMEOUT_MAX_MS; else 0.
 *	The wait ends with ETIMEDOUT and the command unsent. It bounds the
 *	wait for a channel, not the host's answer.
 * @reserved: the same field as @timeout_ms, by its ABI 1 name.
 *
 * The driver runs the command on a channel of its own pool, waiting
 * (interruptibly) for a free one. A reply that does not start with "1 "
 * or "0 " fails the call with EBADMSG. The structure is copied back
 * once: on success, on ENOBUFS, and after any failure with
 * VMW_RPC_CALL_DELIVERED set.
 */
struct vmw_rpc_call {
	__u64 request;
	__u64 reply;
	__u32 request_len;
	__u32 reply_len;
	__u32 flags;
	union {
		__u32 timeout_ms;
		__u32 reserved;
	};
};

enum { vmw_rpc_call_size_ok = 1 / (sizeof(struct vmw_rpc_call) == 32) };

#define VMW_RPC_IOC_MAGIC	0xD6

/**
 * VMW_RPC_IOC_INFO - what the driver and the host support
 *
 * Fills in &struct vmw_rpc_info. Anyone who can open the device may ask.
 *
 * Context: Process context.
 * Return:
 * * 0		- Done.
 * * -1		- Failure, with errno: only the errors common to every ioctl.
 */
#define VMW_RPC_IOC_INFO	_IOR(VMW_RPC_IOC_MAGIC, 0x00, struct vmw_rpc_info)

/**
 * VMW_RPC_IOC_BACKDOOR - one raw backdoor call (&struct vmw_rpc_backdoor)
 *
 * Context: Process context.
 * Return:
 * * 0		- The call was made; @out holds the registers.
 * * -1		- Failure, with errno:
 * * EPERM	- Operation not permitted: the file was opened without
 *		  CAP_SYS_RAWIO, or the kernel is locked down (integrity or
 *		  confidentiality).
 * * EINVAL	- A flags or reserved field is not zero, an unknown mode,
 *		  ebp or a buffer with low bandwidth, no buffer with high
 *		  bandwidth.
 * * EMSGSIZE	- @buf_len is over vmw_rpc_info.max_raw_hb.
 * * EOPNOTSUPP	- High bandwidth while guest memory is encrypted.
 * * EFAULT	- A buffer is not readable or writable memory; after a
 *		  high-bandwidth read that was made, its data is lost.
 */
#define VMW_RPC_IOC_BACKDOOR	_IOWR(VMW_RPC_IOC_MAGIC, 0x01, struct vmw_rpc_backdoor)

/**
 * VMW_RPC_IOC_CHAN_OPEN - open a message channel (&struct vmw_rpc_chan_open)
 *
 * The channel belongs to this open file: every channel of a file is
 * closed on the host when the file is closed.
 *
 * Context: Process context.
 * Return:
 * * 0		- Open; @handle names it on this file.
 * * -1		- Failure, with errno:
 * * EINVAL	- A flags, reserved or handle field is not zero, or the
 *		  protocol is neither RPCI nor TCLO.
 * * EPERM	- TCLO on a file opened without CAP_SYS_ADMIN.
 * * EBUSY	- TCLO while the driver's own tools service runs (module
 *		  parameter tools): the host would get two answerers.
 * * EMFILE	- The file holds vmw_rpc_info.max_chans_per_file channels.
 * * EDQUOT	- File opened without CAP_SYS_ADMIN: its user holds
 *		  vmw_rpc_info.max_chans_per_uid channels over all files.
 * * ENFILE	- All files of the file's class hold their bound:
 *		  vmw_rpc_info.max_chans_unpriv for files opened without
 *		  CAP_SYS_ADMIN, vmw_rpc_info.max_chans for the others.
 * * ECONNREFUSED - The host refused to open a message channel with
 *		  cookies (its limit, no message channel at all, or a host
 *		  without cookies: the driver never opens without them).
 * * EAGAIN	- Checkpoints interrupted the open more than 3 times.
 * * EINTR	- A signal came while another thread used the file.
 */
#define VMW_RPC_IOC_CHAN_OPEN	_IOWR(VMW_RPC_IOC_MAGIC, 0x02, struct vmw_rpc_chan_open)

/**
 * VMW_RPC_IOC_CHAN_SEND - send a message on a channel (&struct vmw_rpc_chan_msg)
 *
 * On an RPCI channel the message is a command; on a TCLO channel, the
 * answer to the last command received.
 *
 * Context: Process context.
 * Return:
 * * 0		- The host has the whole message.
 * * -1		- Failure, with errno:
 * * EINVAL	- A flags or reserved field is not zero.
 * * EMSGSIZE	- The message is over vmw_rpc_info.max_send bytes.
 * * ENOENT	- No channel with that handle on this file.
 * * EBUSY	- The channel holds a received reply that did not fit yet:
 *		  receive it first.
 * * EACCES	- Command not allowed by the driver's policy (an RPCI
 *		  command outside the allowlist, on a file opened without
 *		  CAP_SYS_ADMIN); nothing was sent.
 * * ENOTCONN	- The channel was closed after an earlier failure.
 * * ECONNRESET	- The host no longer knows the channel; none of the
 *		  message reached it. The channel is closed.
 * * EIO	- The host failed a step: the message is lost. The channel
 *		  is closed.
 * * EAGAIN	- Checkpoints interrupted the send more than 3 times. The
 *		  channel is closed.
 * * EINTR	- A fatal signal arrived during a long send (the channel is
 *		  closed), or a signal while another thread used the file.
 */
#define VMW_RPC_IOC_CHAN_SEND	_IOW(VMW_RPC_IOC_MAGIC, 0x03, struct vmw_rpc_chan_msg)

/**
 * VMW_RPC_IOC_CHAN_RECV - receive a reply or command (&struct vmw_rpc_chan_msg)
 *
 * Context: Process context.
 * Return:
 * * 0		- @len bytes are in @buf (0: nothing was waiting).
 * * -1		- Failure, with errno:
 * * EINVAL	- A flags or reserved field is not zero.
 * * ENOENT	- No channel with that handle on this file.
 * * ENOBUFS	- The reply does not fit @buf: @len is the size needed, and
 *		  the driver keeps the reply for the next receive.
 * * EFBIG	- The host offered a reply over vmw_rpc_info.max_reply; it
 *		  was dropped.
 * * ENOTCONN	- The channel was closed after an earlier failure.
 * * ECONNRESET	- The host no longer knows the channel. It is closed.
 * * EIO	- The host failed a step: the reply is lost. The channel is
 *		  closed.
 * * EAGAIN	- Checkpoints interrupted the receive more than 3 times.
 *		  The channel is closed.
 * * EPROTO	- The host broke the protocol (a wrong step type). The
 *		  channel is closed.
 * * EINTR	- A fatal signal arrived during a long receive (the channel
 *		  is closed), or a signal while another thread used the file.
 */
#define VMW_RPC_IOC_CHAN_RECV	_IOWR(VMW_RPC_IOC_MAGIC, 0x04, struct vmw_rpc_chan_msg)

/**
 * VMW_RPC_IOC_CHAN_CLOSE - close a channel (&struct vmw_rpc_chan_close)
 *
 * Context: Process context.
 * Return:
 * * 0		- Closed, on the host too.
 * * -1		- Failure, with errno:
 * * EINVAL	- @flags is not zero.
 * * ENOENT	- No channel with that handle on this file.
 * * EINTR	- A signal came while another thread used the file.
 */
#define VMW_RPC_IOC_CHAN_CLOSE	_IOW(VMW_RPC_IOC_MAGIC, 0x05, struct vmw_rpc_chan_close)

/**
 * VMW_RPC_IOC_CALL - one RPCI command and its reply (&struct vmw_rpc_call)
 *
 * Runs on a channel of the driver's pool; waits, interruptibly, for one
 * within the file's share (files opened without CAP_SYS_ADMIN together
 * hold at most half the pool). Each error below says whether the
 * command ran on the host: "not sent" (it did not), "ran" (the host had
 * all of it) or "unknown" (part of it may have reached the host). After
 * an "unknown" error, since ABI 2, VMW_RPC_CALL_DELIVERED in @flags
 * tells more: set, the host acknowledged all of the command, so it
 * ran; clear, it stays unknown.
 *
 * Context: Process context.
 * Return:
 * * 0		- @reply_len bytes of reply are in @reply.
 * * -1		- Failure, with errno:
 * * EINVAL	- An unknown flag, VMW_RPC_CALL_DELIVERED as input, a
 *		  timeout without VMW_RPC_CALL_TIMEOUT or over
 *		  VMW_RPC_CALL_TIMEOUT_MAX_MS, or an empty request; not sent.
 * * ETIMEDOUT	- No pool channel came free within the timeout; not sent.
 * * EMSGSIZE	- The command is over vmw_rpc_info.max_send bytes; not
 *		  sent.
 * * EACCES	- Command not allowed by the driver's policy (outside the
 *		  allowlist, on a file opened without CAP_SYS_ADMIN); nothing
 *		  was sent.
 * * ENOBUFS	- The reply does not fit @reply: @reply_len is the size
 *		  needed. The command ran; its reply is dropped.
 * * EFBIG	- The host offered a reply over vmw_rpc_info.max_reply; it
 *		  ran, and the reply is dropped.
 * * EBADMSG	- The reply does not start with "1 " or "0 "; it ran.
 * * ECONNREFUSED - The host refused to open a message channel and the
 *		  pool holds none; not sent.
 * * ECONNRESET	- The host refused the first step on a channel it had just
 *		  opened; not sent.
 * * EIO	- The host failed a step; unknown whether it ran.
 * * EAGAIN	- Checkpoints interrupted a step more than 3 times; unknown
 *		  whether it ran.
 * * EPROTO	- The host broke the protocol; unknown whether it ran.
 * * EINTR	- A signal came while waiting for a channel (not sent; with
 *		  VMW_RPC_CALL_TIMEOUT the call is never restarted, since a
 *		  restart would wait the whole timeout again), or a fatal
 *		  signal during a long transfer (unknown).
 */
#define VMW_RPC_IOC_CALL	_IOWR(VMW_RPC_IOC_MAGIC, 0x06, struct vmw_rpc_call)

#endif /* _UAPI_LINUX_VMW_RPC_H */
