// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvmwrpc: one line of text for every error the library returns. */
#include <errno.h>
#include <string.h>

#include "internal.h"

#ifndef VMWRPC_VERSION_STRING
#define VMWRPC_VERSION_STRING "unknown"
#endif

static const char *const vrpc_lib_errors[] = {
	[VMWRPC_EHOST - VMWRPC_ERRNO_BASE] =
		"the host refused the command",
	[VMWRPC_ENOVALUE - VMWRPC_ERRNO_BASE] =
		"No value found",
	[VMWRPC_ESECURE - VMWRPC_ERRNO_BASE] =
		"Permission denied by the host: it requires secure RPC for this command (guest_rpc.rpci.auth.cmd.*)",
	[VMWRPC_EBADREPLY - VMWRPC_ERRNO_BASE] =
		"malformed reply from the host (no \"1 \" or \"0 \" status)",
	[VMWRPC_EDEVACCESS - VMWRPC_ERRNO_BASE] =
		"permission denied (the device's mode and group come from the udev rule 60-vmw_rpc.rules)",
	[VMWRPC_ENODEVICE - VMWRPC_ERRNO_BASE] =
		"no such device node (a wrong path, or the vmw_rpc module is not loaded)",
	[VMWRPC_ENOMODULE - VMWRPC_ERRNO_BASE] =
		"the vmw_rpc module is not installed for this kernel",
	[VMWRPC_ENOTLOADED - VMWRPC_ERRNO_BASE] =
		"the vmw_rpc module is not loaded (modprobe vmw_rpc)",
	[VMWRPC_ENONODE - VMWRPC_ERRNO_BASE] =
		"the vmw_rpc module is loaded but the device node is missing (udev?)",
	[VMWRPC_ENOTVMWARE - VMWRPC_ERRNO_BASE] =
		"this machine is not a VMware virtual machine",
	[VMWRPC_ENOTDRIVER - VMWRPC_ERRNO_BASE] =
		"not a vmw_rpc device",
	[VMWRPC_EABI - VMWRPC_ERRNO_BASE] =
		"the vmw_rpc driver speaks another ABI version than this library",
	[VMWRPC_EBADKEY - VMWRPC_ERRNO_BASE] =
		"invalid guestinfo key (empty, or with blanks or control characters)",
	[VMWRPC_ELOADFAIL - VMWRPC_ERRNO_BASE] =
		"loading the vmw_rpc module failed (see the kernel log)",
};

/* The driver's errno values, each with its one meaning. */
static const char *vrpc_errno_text(int e)
{
	switch (e) {
	case 0:
		return "success";
	case ECONNREFUSED:
		return "the host refused to open a message channel";
	case ECONNRESET:
		return "the host closed the message channel";
	case ENOTCONN:
		return "the message channel is closed";
	case EIO:
		return "the host lost the message or its reply";
	case EAGAIN:
		return "checkpoints interrupted the transfer too often (retries exhausted)";
	case EPROTO:
		return "the host broke the message protocol";
	case EBADMSG:
		return "malformed reply from the host (no \"1 \" or \"0 \" status)";
	case EMSGSIZE:
		return "message too long (over the driver's max_send, command included)";
	case EFBIG:
		return "reply too large (over the driver's max_reply)";
	case ENOBUFS:
		return "the reply does not fit the buffer";
	case EPERM:
		return "operation not permitted (raw backdoor calls need a device opened with CAP_SYS_RAWIO and no kernel lockdown, TCLO channels one opened with CAP_SYS_ADMIN)";
	case EACCES:
		return "command not allowed by the driver's policy for this user";
	case ENOENT:
		return "no such channel";
	case EMFILE:
		return "too many channels on this open file";
	case ENFILE:
		return "the driver's channel limit for callers like this one is reached (max_chans with CAP_SYS_ADMIN, max_chans_unpriv without)";
	case EDQUOT:
		return "too many channels held by this user";
	case EBUSY:
		return "a received reply is waiting on this channel; receive it first";
	case EINTR:
		return "interrupted";
	case EOPNOTSUPP:
		return "high bandwidth is not usable here";
	case ENOTTY:
		return "the driver does not know this request";
	case EINVAL:
		return "invalid argument";
	case EFAULT:
		return "bad address";
	case ENOMEM:
		return "out of memory";
	default:
		return NULL;
	}
}

const char *vmwrpc_strerror(int err)
{
	const char *s;
	int e = err < 0 ? -err : err;

	if (e > VMWRPC_ERRNO_BASE && e < VMWRPC_ELAST)
		return vrpc_lib_errors[e - VMWRPC_ERRNO_BASE];
	s = vrpc_errno_text(e);
	if (s)
		return s;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	if (e < VMWRPC_ERRNO_BASE) {
		s = strerrordesc_np(e);
		if (s)
			return s;
	}
#endif
	return "unknown error";
}

const char *vmwrpc_version(void)
{
	return VMWRPC_VERSION_STRING;
}
