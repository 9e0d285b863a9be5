/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvmwrpc: the VMware backdoor and GuestRPC through /dev/vmw_rpc.
 *
 * The reference is vmwrpc(3); each function is described here too. The
 * rules that hold for every function:
 *
 *  - Errors: a function that can fail returns 0 on success and a
 *    negative number on failure: either -errno or -VMWRPC_E* (a library
 *    code, all above VMWRPC_ERRNO_BASE so they never collide with errno).
 *    errno is not used to report. vmwrpc_strerror() gives an errno the
 *    system's text and a library code the library's. An errno that came
 *    from the driver has the meaning the driver documents for that
 *    ioctl, in <linux/vmw_rpc.h>: each function below says which
 *    operation (enum vmwrpc_op) its errors belong to, and
 *    vmwrpc_op_strerror() gives that meaning.
 *  - Outputs on failure: when a function fails, every output pointer it
 *    has is set to NULL and every output length to 0, so there is nothing
 *    to free. A caller that wants the host's text of a refused command
 *    ("0 ..." reply) uses vmwrpc_call_raw(), which succeeds whenever the
 *    host answered, and vmwrpc_parse_reply().
 *  - Replies are byte buffers with a length. They may hold NUL bytes; the
 *    library adds one NUL after the last byte so text replies can be used
 *    as strings. Free them with vmwrpc_free().
 *  - Threads: a handle may be used from several threads at once (it is
 *    not changed after vmwrpc_open()): one-shot calls run in parallel on
 *    the driver's pool, channel operations of one open file are
 *    serialized by the driver. vmwrpc_close() must not race with any
 *    other use of the handle. The functions without a handle are
 *    thread-safe.
 *  - The driver's ABI: the library works with any driver whose
 *    abi_version is at least VMWRPC_ABI_MIN (the rule is in
 *    <linux/vmw_rpc.h>), and looks at vmw_rpc_info.flags for anything a
 *    later version added.
 */
#ifndef VMWRPC_H
#define VMWRPC_H

#include <stddef.h>
#include <stdint.h>
#include <linux/vmw_rpc.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMWRPC_DEVICE		"/dev/vmw_rpc"

/* The oldest driver ABI (vmw_rpc_info.abi_version) the library supports. */
#define VMWRPC_ABI_MIN		1

/* The library's codes are above it; errno values stay below. */
#define VMWRPC_ERRNO_BASE	4096

/**
 * enum vmwrpc_error - the library's error codes, returned negated
 * @VMWRPC_EHOST: vmwrpc_call(), vmwrpc_parse_reply() and the guestinfo
 *	functions: the host answered "0 " with another text than the two
 *	below. The command is unknown to the host or refused by it; retrying
 *	does not help. vmwrpc_call_raw() and vmwrpc_parse_reply() give the
 *	host's text.
 * @VMWRPC_ENOVALUE: the same functions: the host answered exactly
 *	"0 No value found". For vmwrpc_guestinfo_get() the key is unset: an
 *	answer, not a failure, for most callers.
 * @VMWRPC_ESECURE: the same functions: the host answered exactly
 *	"0 Permission denied": the VM's configuration allows the command
 *	only over secure RPC (guest_rpc.rpci.auth.cmd.*), which no guest
 *	user, root included, has. Only the VM's configuration can change it.
 * @VMWRPC_EBADREPLY: the same functions: a reply that starts with
 *	neither "1 " nor "0 ". The host or the command is not what the caller
 *	thought; vmwrpc_call_raw() gives the raw bytes.
 * @VMWRPC_EDEVACCESS: vmwrpc_open(), vmwrpc_diagnose(): the node exists
 *	but the caller may not open it for reading and writing. Run as a
 *	member of the node's group (60-vmw_rpc.rules: vmwrpc) or as root.
 * @VMWRPC_ENODEVICE: vmwrpc_open(): a @path that is not there (a wrong
 *	path: nothing is diagnosed for it), or the default node missing
 *	while libkmod could not tell why (vmwrpc_module_state() is
 *	VMWRPC_MODULE_UNKNOWN); vmwrpc_diagnose() likewise.
 * @VMWRPC_ENOMODULE: vmwrpc_open() of the default node (also after
 *	VMWRPC_OPEN_LOAD_MODULE tried to load it), vmwrpc_diagnose(): the
 *	node is missing and no vmw_rpc module is installed for the running
 *	kernel. Install it (the DKMS package).
 * @VMWRPC_ENOTLOADED: vmwrpc_open() of the default node without
 *	VMWRPC_OPEN_LOAD_MODULE or not as root, vmwrpc_diagnose(): the
 *	module is installed but not loaded. modprobe vmw_rpc, or open with
 *	VMWRPC_OPEN_LOAD_MODULE as root.
 * @VMWRPC_ENONODE: vmwrpc_open() of the default node,
 *	vmwrpc_diagnose(): the module is loaded but /dev/vmw_rpc is missing,
 *	usually udev that has not (yet) created it. Retrying later may help.
 * @VMWRPC_ENOTVMWARE: vmwrpc_open() of the default node,
 *	vmwrpc_diagnose(): the node is missing and CPUID and DMI name another
 *	hypervisor or none, or loading the module failed with ENODEV. Nothing
 *	on this machine will help: report that there is no VMware host.
 * @VMWRPC_ENOTDRIVER: vmwrpc_open(): the file opened answers no
 *	VMW_RPC_IOC_INFO, so it is not a vmw_rpc device (a wrong @path).
 * @VMWRPC_EABI: vmwrpc_open(): the driver's abi_version is below
 *	VMWRPC_ABI_MIN. Update the driver (or use an older library).
 * @VMWRPC_EBADKEY: the guestinfo functions, before any call: the key
 *	is empty, only the "guestinfo." prefix, or holds a blank or a control
 *	character. A caller's error; nothing was sent.
 * @VMWRPC_ELOADFAIL: vmwrpc_open() with VMWRPC_OPEN_LOAD_MODULE: loading
 *	the installed module failed for another reason than the ones above
 *	(also when the kernel refuses: lockdown, a container). The kernel
 *	log says why.
 * @VMWRPC_EDRIVEROLD: a request for a feature the driver announces in
 *	vmw_rpc_info.flags and this driver lacks. Today vmwrpc_call_buf()
 *	with VMWRPC_CALL_TIMEOUT from a driver without
 *	VMW_RPC_INFO_CALL_TIMEOUT (ABI 1); later features that a driver
 *	announces report their absence the same way. Call without the
 *	feature, or update the driver.
 * @VMWRPC_ENOKMOD: vmwrpc_open() with VMWRPC_OPEN_LOAD_MODULE when the
 *	module had to be loaded: libkmod.so.2, which the library dlopen()s
 *	for that, is not installed. Install libkmod2 or modprobe vmw_rpc.
 * @VMWRPC_ELAST: not an error: one past the last code.
 *
 * The comment above each code inside the enum is the user's text, one
 * line, as vmwrpc_strerror() says it: lib/gen-liberrtab.sh copies it
 * from here when the library is built.
 */
enum vmwrpc_error {
	/* the host refused the command */
	VMWRPC_EHOST = VMWRPC_ERRNO_BASE + 1,
	/* No value found */
	VMWRPC_ENOVALUE,
	/* Permission denied by the host: it requires secure RPC for this
	 * command (guest_rpc.rpci.auth.cmd.*) */
	VMWRPC_ESECURE,
	/* malformed reply from the host (no "1 " or "0 " status) */
	VMWRPC_EBADREPLY,
	/* permission denied (the device's mode and group come from the udev
	 * rule 60-vmw_rpc.rules) */
	VMWRPC_EDEVACCESS,
	/* no such device node (a wrong path, or the vmw_rpc module is not
	 * loaded) */
	VMWRPC_ENODEVICE,
	/* the vmw_rpc module is not installed for this kernel */
	VMWRPC_ENOMODULE,
	/* the vmw_rpc module is not loaded (modprobe vmw_rpc) */
	VMWRPC_ENOTLOADED,
	/* the vmw_rpc module is loaded but the device node is missing
	 * (udev?) */
	VMWRPC_ENONODE,
	/* this machine is not a VMware virtual machine */
	VMWRPC_ENOTVMWARE,
	/* not a vmw_rpc device */
	VMWRPC_ENOTDRIVER,
	/* the vmw_rpc driver is older than this library supports */
	VMWRPC_EABI,
	/* invalid guestinfo key (empty, or with blanks or control
	 * characters) */
	VMWRPC_EBADKEY,
	/* loading the vmw_rpc module failed (see the kernel log) */
	VMWRPC_ELOADFAIL,
	/* the vmw_rpc driver is too old for this request (a call timeout
	 * needs its ABI 2) */
	VMWRPC_EDRIVEROLD,
	/* libkmod (libkmod.so.2) is not installed: it is needed to load the
	 * vmw_rpc module */
	VMWRPC_ENOKMOD,
	VMWRPC_ELAST		/* not an error: one past the last code */
};

/*
 * The driver's operations, one per ioctl of <linux/vmw_rpc.h>: the errno
 * values a function passes up from the driver mean what that ioctl's
 * comment says (vmwrpc_op_strerror()).
 */
enum vmwrpc_op {
	VMWRPC_OP_NONE = 0,	/* no driver operation: vmwrpc_strerror() */
	VMWRPC_OP_INFO,		/* VMW_RPC_IOC_INFO */
	VMWRPC_OP_BACKDOOR,	/* VMW_RPC_IOC_BACKDOOR */
	VMWRPC_OP_CHAN_OPEN,	/* VMW_RPC_IOC_CHAN_OPEN */
	VMWRPC_OP_CHAN_SEND,	/* VMW_RPC_IOC_CHAN_SEND */
	VMWRPC_OP_CHAN_RECV,	/* VMW_RPC_IOC_CHAN_RECV */
	VMWRPC_OP_CHAN_CLOSE,	/* VMW_RPC_IOC_CHAN_CLOSE */
	VMWRPC_OP_CALL,		/* VMW_RPC_IOC_CALL */
};

/* vmwrpc_open() flags */
#define VMWRPC_OPEN_LOAD_MODULE	0x1U	/* root: load vmw_rpc via libkmod */

/* vmwrpc_module_state() results */
enum vmwrpc_module_state {
	VMWRPC_MODULE_UNKNOWN = 0,	/* libkmod could not tell, or is absent */
	VMWRPC_MODULE_NOT_INSTALLED,	/* no vmw_rpc.ko for this kernel */
	VMWRPC_MODULE_INSTALLED,	/* installed, not loaded */
	VMWRPC_MODULE_LOADED,		/* loaded (live) */
	VMWRPC_MODULE_BUILTIN,		/* built into the kernel */
};

/* vmwrpc_backdoor_hb() directions */
#define VMWRPC_HB_OUT		VMW_RPC_BDOOR_HB_OUT	/* buffer to host */
#define VMWRPC_HB_IN		VMW_RPC_BDOOR_HB_IN	/* host to buffer */

/** struct vmwrpc - an open /dev/vmw_rpc; opaque. */
struct vmwrpc;

/**
 * vmwrpc_open() - open the device
 * @hp: out: the handle; NULL on failure.
 * @path: the device node, or NULL for VMWRPC_DEVICE.
 * @flags: 0, or VMWRPC_OPEN_LOAD_MODULE: when the default node is missing
 *	and the caller is root, on a machine not known to be other than
 *	VMware (vmwrpc_platform_is_vmware()), load the module first (libkmod, loaded for
 *	this with dlopen(): -VMWRPC_ENOKMOD when it is not installed) and
 *	wait up to two seconds for the node.
 *
 * The file's rights are the caller's credentials now (the driver fixes
 * them at open). The driver's info is read once and kept.
 *
 * Return: 0; -EINVAL for a NULL @hp or unknown flags; for a missing
 * default node, the library code that says why (vmwrpc_diagnose());
 * -VMWRPC_EDEVACCESS without permission; -VMWRPC_ENOTDRIVER when the file
 * is not a vmw_rpc device; -VMWRPC_EABI for a driver older than
 * VMWRPC_ABI_MIN; any other open(2) errno (system errors).
 */
int vmwrpc_open(struct vmwrpc **hp, const char *path, unsigned int flags);

/**
 * vmwrpc_close() - close the handle and the file
 * @h: the handle, or NULL (nothing is done).
 *
 * The driver closes every channel the file holds.
 */
void vmwrpc_close(struct vmwrpc *h);

/**
 * vmwrpc_info() - what the driver and the host support, asked now
 * @h: the handle.
 * @info: out: filled in.
 *
 * Return: 0; -EINVAL for a NULL argument; errors of VMWRPC_OP_INFO.
 */
int vmwrpc_info(struct vmwrpc *h, struct vmw_rpc_info *info);

/**
 * vmwrpc_backdoor() - one raw low-bandwidth backdoor call
 * @h: a handle opened with CAP_SYS_RAWIO.
 * @in: the registers passed to the hypervisor (struct vmw_rpc_regs).
 * @out: out: the registers as the hypervisor left them; unchanged on
 *	failure.
 *
 * Return: 0; -EINVAL for a NULL argument; errors of VMWRPC_OP_BACKDOOR.
 */
int vmwrpc_backdoor(struct vmwrpc *h, const struct vmw_rpc_regs *in,
		    struct vmw_rpc_regs *out);

/**
 * vmwrpc_backdoor_hb() - one raw high-bandwidth backdoor call
 * @h: a handle opened with CAP_SYS_RAWIO.
 * @dir: VMWRPC_HB_OUT (@buf to the host) or VMWRPC_HB_IN (host to @buf).
 * @in: the registers passed to the hypervisor.
 * @out: out: the registers as the hypervisor left them.
 * @buf: the buffer, @len bytes, at most vmw_rpc_info.max_raw_hb.
 * @len: its length, not 0.
 *
 * Return: 0; -EINVAL for a bad argument; -EMSGSIZE; errors of
 * VMWRPC_OP_BACKDOOR.
 */
int vmwrpc_backdoor_hb(struct vmwrpc *h, unsigned int dir,
		       const struct vmw_rpc_regs *in, struct vmw_rpc_regs *out,
		       void *buf, size_t len);

/**
 * vmwrpc_chan_open() - open a message channel on this file
 * @h: the handle.
 * @protocol: VMW_RPC_PROTO_RPCI or VMW_RPC_PROTO_TCLO.
 * @chan: out: the channel's handle, valid on @h only.
 *
 * Return: 0; -EINVAL for a NULL argument; errors of VMWRPC_OP_CHAN_OPEN.
 */
int vmwrpc_chan_open(struct vmwrpc *h, uint32_t protocol, uint32_t *chan);

/**
 * vmwrpc_chan_send() - send a message on a channel
 * @h: the handle.
 * @chan: from vmwrpc_chan_open().
 * @msg: the bytes; NULL only when @len is 0.
 * @len: their number, at most vmw_rpc_info.max_send.
 *
 * Return: 0 when the host has the whole message; -EINVAL; -EMSGSIZE;
 * errors of VMWRPC_OP_CHAN_SEND.
 */
int vmwrpc_chan_send(struct vmwrpc *h, uint32_t chan, const void *msg,
		     size_t len);

/**
 * vmwrpc_chan_recv() - receive a reply (RPCI) or command (TCLO)
 * @h: the handle.
 * @chan: from vmwrpc_chan_open().
 * @reply: out: the bytes, NUL-terminated, for vmwrpc_free(); an empty
 *	buffer when nothing was waiting.
 * @len: out: their number.
 *
 * The buffer grows to the reply's size (the driver keeps a reply that
 * does not fit and says how much it needs).
 *
 * Return: 0; -EINVAL; -ENOMEM; errors of VMWRPC_OP_CHAN_RECV (-ENOBUFS
 * only when the reply's size kept changing).
 */
int vmwrpc_chan_recv(struct vmwrpc *h, uint32_t chan, char **reply,
		     size_t *len);

/**
 * vmwrpc_chan_close() - close a channel, on the host too
 * @h: the handle.
 * @chan: from vmwrpc_chan_open().
 *
 * Return: 0; -EINVAL; errors of VMWRPC_OP_CHAN_CLOSE.
 */
int vmwrpc_chan_close(struct vmwrpc *h, uint32_t chan);

/**
 * vmwrpc_call_raw() - one RPCI command, the host's reply as it is
 * @h: the handle.
 * @req: the command bytes (may hold NUL bytes).
 * @req_len: their number, 1 to vmw_rpc_info.max_send.
 * @reply: out: the whole reply, "1 " or "0 " status included,
 *	NUL-terminated, for vmwrpc_free().
 * @reply_len: out: its length.
 *
 * Runs on the driver's pool of channels, waiting for a free one. The
 * reply buffer is vmw_rpc_info.max_reply bytes while the call runs,
 * shrunk afterwards. It succeeds whenever the host answered, "0 ..."
 * included: vmwrpc_parse_reply() reads the status.
 *
 * Return: 0; -EINVAL; -EMSGSIZE; -ENOMEM; errors of VMWRPC_OP_CALL.
 */
int vmwrpc_call_raw(struct vmwrpc *h, const void *req, size_t req_len,
		    char **reply, size_t *reply_len);

/* struct vmwrpc_call_opts flags */
#define VMWRPC_CALL_TIMEOUT	0x1U	/* @timeout_ms bounds the wait */

/**
 * struct vmwrpc_call_opts - how vmwrpc_call_buf() runs, and what happened
 * @size: in: sizeof(struct vmwrpc_call_opts) as the caller was built
 *	with, so that later versions can add fields at the end.
 * @flags: in: 0 or VMWRPC_CALL_TIMEOUT.
 * @timeout_ms: in: with VMWRPC_CALL_TIMEOUT, the longest wait for one of
 *	the driver's channels, 0 (do not wait) to
 *	VMW_RPC_CALL_TIMEOUT_MAX_MS; else 0. Waiting longer fails with
 *	-ETIMEDOUT and the command is not sent. It does not bound the host's
 *	answer.
 * @delivered: out, also on failure: 1 when the host acknowledged the
 *	whole command, 0 when it did not (not sent, or not all of it), -1
 *	when the driver cannot tell (older than VMW_RPC_INFO_CALL_DELIVERED).
 * @reserved: in: must be 0 (it fills what would be padding, so that no
 *	byte of the structure is left undefined).
 * @reply_needed: out: after -ENOBUFS, the reply's size (the command ran;
 *	its reply is lost); else 0.
 */
struct vmwrpc_call_opts {
	size_t size;
	unsigned int flags;
	unsigned int timeout_ms;
	int delivered;
	unsigned int reserved;
	size_t reply_needed;
};

/**
 * vmwrpc_call_buf() - one RPCI command, the reply into the caller's buffer
 * @h: the handle.
 * @req: the command bytes.
 * @req_len: their number, 1 to vmw_rpc_info.max_send.
 * @reply: the caller's buffer for the whole reply, status included; a NUL
 *	follows it when there is room.
 * @reply_size: its size; vmw_rpc_info.max_reply (plus one for the NUL)
 *	never sees -ENOBUFS.
 * @reply_len: out: the reply's length; 0 on failure.
 * @opts: NULL (wait as long as it takes, no report), or the options.
 *
 * vmwrpc_call_raw() without the allocation, with a timeout and a report
 * of whether the command reached the host. Like vmwrpc_call_raw() it
 * succeeds whenever the host answered: vmwrpc_parse_reply() reads the
 * status.
 *
 * Return: 0; -EINVAL (also a @opts->size smaller than the first
 * version's, or @opts->reserved not 0); -E2BIG for options of a later version that this library
 * does not know (a non-zero byte past its struct); -EMSGSIZE;
 * -VMWRPC_EDRIVEROLD for VMWRPC_CALL_TIMEOUT on a driver without
 * VMW_RPC_INFO_CALL_TIMEOUT; errors of VMWRPC_OP_CALL (-ETIMEDOUT,
 * -ENOBUFS with @opts->reply_needed ...).
 */
int vmwrpc_call_buf(struct vmwrpc *h, const void *req, size_t req_len,
		    void *reply, size_t reply_size, size_t *reply_len,
		    struct vmwrpc_call_opts *opts);

/**
 * vmwrpc_call() - one RPCI command, its reply's status as the result
 * @h: the handle.
 * @req: the command bytes.
 * @req_len: their number.
 * @text: out: on success, the reply after its "1 ", NUL-terminated, for
 *	vmwrpc_free().
 * @text_len: out: its length.
 *
 * Return: 0 when the host answered "1 "; -VMWRPC_ENOVALUE,
 * -VMWRPC_ESECURE or -VMWRPC_EHOST when it answered "0 ...";
 * -VMWRPC_EBADREPLY; else as vmwrpc_call_raw().
 */
int vmwrpc_call(struct vmwrpc *h, const void *req, size_t req_len,
		char **text, size_t *text_len);

/**
 * vmwrpc_parse_reply() - read the status of a raw reply
 * @reply: the reply of vmwrpc_call_raw().
 * @len: its length.
 * @text: out, may be NULL: the text after the status, inside @reply
 *	(not a new buffer); NULL when malformed.
 * @text_len: out, may be NULL: its length.
 *
 * Return: 0 for "1 ..."; -VMWRPC_ENOVALUE for "0 No value found";
 * -VMWRPC_ESECURE for "0 Permission denied"; -VMWRPC_EHOST for any other
 * "0 ..."; -VMWRPC_EBADREPLY when it starts with neither.
 */
int vmwrpc_parse_reply(const void *reply, size_t len, const char **text,
		       size_t *text_len);

/**
 * vmwrpc_guestinfo_get() - read guestinfo.KEY
 * @h: the handle.
 * @key: KEY, with or without "guestinfo."; no blanks or control bytes.
 * @value: out: the value, NUL-terminated, for vmwrpc_free().
 * @len: out: its length.
 *
 * Return: 0; -VMWRPC_EBADKEY; -VMWRPC_ENOVALUE when the key has no value;
 * else as vmwrpc_call().
 */
int vmwrpc_guestinfo_get(struct vmwrpc *h, const char *key, char **value,
			 size_t *len);

/**
 * vmwrpc_guestinfo_set() - write guestinfo.KEY
 * @h: the handle.
 * @key: as for vmwrpc_guestinfo_get().
 * @value: the bytes; NULL only when @len is 0.
 * @len: their number. 0 sends an empty value, which the host refuses:
 *	vmwrpc_guestinfo_clear() clears a key.
 *
 * Return: 0; -VMWRPC_EBADKEY; else as vmwrpc_call().
 */
int vmwrpc_guestinfo_set(struct vmwrpc *h, const char *key, const void *value,
			 size_t len);

/**
 * vmwrpc_guestinfo_clear() - clear guestinfo.KEY
 * @h: the handle.
 * @key: as for vmwrpc_guestinfo_get().
 *
 * The host stores no empty value: this sets the value to a single space,
 * VMWRPC_GUESTINFO_CLEARED, as cloud-init does
 * (docs/protocol.md). A reader should take that value as "no value".
 *
 * Return: as vmwrpc_guestinfo_set().
 */
int vmwrpc_guestinfo_clear(struct vmwrpc *h, const char *key);

/* The value vmwrpc_guestinfo_clear() stores. */
#define VMWRPC_GUESTINFO_CLEARED	" "

/**
 * vmwrpc_log() - write a line to the host's log of this VM
 * @h: the handle.
 * @text: the line, a string.
 *
 * Return: 0; -EINVAL; else as vmwrpc_call().
 */
int vmwrpc_log(struct vmwrpc *h, const char *text);

/**
 * vmwrpc_free() - free a reply, value or text the library returned
 * @reply: the buffer, or NULL.
 */
void vmwrpc_free(void *reply);

/**
 * vmwrpc_strerror() - the text of any result
 * @err: a result (0, -errno or -VMWRPC_E*; the sign does not matter).
 *
 * Return: a constant string, never NULL: the system's text of an errno
 * (what strerror(3) says), the library's of a VMWRPC_E* code, "unknown
 * error" for anything else.
 */
const char *vmwrpc_strerror(int err);

/**
 * vmwrpc_op_strerror() - the driver's meaning of an error of an operation
 * @op: the driver operation the error came from (each function says).
 * @err: the result.
 *
 * Return: a constant string, never NULL: what <linux/vmw_rpc.h> documents
 * for @err in @op's ioctl, or vmwrpc_strerror(@err) when it documents
 * nothing there.
 */
const char *vmwrpc_op_strerror(enum vmwrpc_op op, int err);

/**
 * vmwrpc_module_state() - is the vmw_rpc module installed, loaded?
 *
 * Return: one of enum vmwrpc_module_state.
 */
int vmwrpc_module_state(void);

/**
 * vmwrpc_platform_is_vmware() - is this a VMware virtual machine?
 *
 * As the driver decides before it probes the backdoor (CPUID, else the
 * DMI serial or vendor), without touching the backdoor.
 *
 * Return: 1 yes, 0 no; -ENODATA when neither CPUID nor DMI could be read.
 */
int vmwrpc_platform_is_vmware(void);

/**
 * vmwrpc_diagnose() - what stands between the caller and the device
 *
 * Return: 0 when the module is loaded and the default node is there and
 * readable and writable for the caller; else the library code that says
 * what is wrong (-VMWRPC_ENOTVMWARE, _ENOMODULE, _ENOTLOADED, _ENONODE,
 * _EDEVACCESS, _ENODEVICE).
 */
int vmwrpc_diagnose(void);

/**
 * vmwrpc_version() - the library's release version
 *
 * Return: a constant string.
 */
const char *vmwrpc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VMWRPC_H */
