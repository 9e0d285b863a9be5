/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvmwrpc: the VMware backdoor and GuestRPC through /dev/vmw_rpc.
 *
 * The reference is vmwrpc(3). In short:
 *
 *  - Every function that can fail returns 0 on success and a negative
 *    number on failure: either -errno (a system or driver error, one
 *    meaning each, see vmwrpc(3)) or -VMWRPC_E* (a library code, all above
 *    VMWRPC_ERRNO_BASE so they never collide with errno). vmwrpc_strerror()
 *    turns either into one line of text. errno is not used to report.
 *  - Replies are byte buffers with a length. They may hold NUL bytes; the
 *    library adds one NUL after the last byte so text replies can be used
 *    as strings. Free them with vmwrpc_free().
 *  - A handle may be used from several threads at once: one-shot calls
 *    run in parallel on the driver's pool, channel operations of one
 *    open file are serialized by the driver.
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

/* Library error codes, returned negated. errno values stay below the base. */
#define VMWRPC_ERRNO_BASE	4096
enum vmwrpc_error {
	VMWRPC_EHOST = VMWRPC_ERRNO_BASE + 1, /* host answered "0 " */
	VMWRPC_ENOVALUE,	/* host answered "0 No value found" */
	VMWRPC_ESECURE,		/* host answered "0 Permission denied" (secure RPC) */
	VMWRPC_EBADREPLY,	/* reply does not start with "1 " or "0 " */
	VMWRPC_EDEVACCESS,	/* no permission to open the device node */
	VMWRPC_ENODEVICE,	/* no device node; the reason is unknown */
	VMWRPC_ENOMODULE,	/* the vmw_rpc module is not installed */
	VMWRPC_ENOTLOADED,	/* the module is installed but not loaded */
	VMWRPC_ENONODE,		/* the module is loaded but the node is missing */
	VMWRPC_ENOTVMWARE,	/* this machine is not a VMware virtual machine */
	VMWRPC_ENOTDRIVER,	/* the file is not a vmw_rpc device */
	VMWRPC_EABI,		/* the driver speaks another ABI version */
	VMWRPC_EBADKEY,		/* guestinfo key empty or with blanks */
	VMWRPC_ELOADFAIL,	/* loading the module failed */
	VMWRPC_ELAST		/* not an error: one past the last code */
};

/* vmwrpc_open() flags */
#define VMWRPC_OPEN_LOAD_MODULE	0x1U	/* root: load vmw_rpc via libkmod */

/* vmwrpc_module_state() results */
enum vmwrpc_module_state {
	VMWRPC_MODULE_UNKNOWN = 0,	/* libkmod could not tell */
	VMWRPC_MODULE_NOT_INSTALLED,	/* no vmw_rpc.ko for this kernel */
	VMWRPC_MODULE_INSTALLED,	/* installed, not loaded */
	VMWRPC_MODULE_LOADED,		/* loaded (live) */
	VMWRPC_MODULE_BUILTIN,		/* built into the kernel */
};

/* vmwrpc_backdoor_hb() directions */
#define VMWRPC_HB_OUT		VMW_RPC_BDOOR_HB_OUT	/* buffer to host */
#define VMWRPC_HB_IN		VMW_RPC_BDOOR_HB_IN	/* host to buffer */

struct vmwrpc;

/* Handle */
int vmwrpc_open(struct vmwrpc **hp, const char *path, unsigned int flags);
void vmwrpc_close(struct vmwrpc *h);
int vmwrpc_info(struct vmwrpc *h, struct vmw_rpc_info *info);

/* Raw backdoor calls (CAP_SYS_RAWIO) */
int vmwrpc_backdoor(struct vmwrpc *h, const struct vmw_rpc_regs *in,
		    struct vmw_rpc_regs *out);
int vmwrpc_backdoor_hb(struct vmwrpc *h, unsigned int dir,
		       const struct vmw_rpc_regs *in, struct vmw_rpc_regs *out,
		       void *buf, size_t len);

/* Message channels */
int vmwrpc_chan_open(struct vmwrpc *h, uint32_t protocol, uint32_t *chan);
int vmwrpc_chan_send(struct vmwrpc *h, uint32_t chan, const void *msg,
		     size_t len);
int vmwrpc_chan_recv(struct vmwrpc *h, uint32_t chan, char **reply,
		     size_t *len);
int vmwrpc_chan_close(struct vmwrpc *h, uint32_t chan);

/* RPCI commands */
int vmwrpc_call_raw(struct vmwrpc *h, const void *req, size_t req_len,
		    char **reply, size_t *reply_len);
int vmwrpc_call(struct vmwrpc *h, const void *req, size_t req_len,
		char **text, size_t *text_len);
int vmwrpc_parse_reply(const void *reply, size_t len, const char **text,
		       size_t *text_len);
int vmwrpc_guestinfo_get(struct vmwrpc *h, const char *key, char **value,
			 size_t *len);
int vmwrpc_guestinfo_set(struct vmwrpc *h, const char *key, const void *value,
			 size_t len, char **host_text);
int vmwrpc_log(struct vmwrpc *h, const char *text);

void vmwrpc_free(void *reply);

/* Errors and diagnosis */
const char *vmwrpc_strerror(int err);
int vmwrpc_module_state(void);
int vmwrpc_platform_is_vmware(void);
int vmwrpc_diagnose(void);
const char *vmwrpc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VMWRPC_H */
