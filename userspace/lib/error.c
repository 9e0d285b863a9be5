// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: one line of text for every error the library returns.
 *
 * vmwrpc_strerror() gives an errno the system's text and a VMWRPC_E* code
 * the library's. vmwrpc_op_strerror() gives an errno the meaning the
 * driver documents for one ioctl: those meanings are written once, in
 * uapi/linux/vmw_rpc.h, and lib/gen-errtab.sh copies them into errtab.h
 * at build time.
 */
#include <errno.h>
#include <stdlib.h>
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
		"the vmw_rpc driver is older than this library supports",
	[VMWRPC_EBADKEY - VMWRPC_ERRNO_BASE] =
		"invalid guestinfo key (empty, or with blanks or control characters)",
	[VMWRPC_ELOADFAIL - VMWRPC_ERRNO_BASE] =
		"loading the vmw_rpc module failed (see the kernel log)",
	[VMWRPC_EDRIVEROLD - VMWRPC_ERRNO_BASE] =
		"the vmw_rpc driver is too old for this request (a call timeout needs its ABI 2)",
	[VMWRPC_ENOKMOD - VMWRPC_ERRNO_BASE] =
		"libkmod (libkmod.so.2) is not installed: it is needed to load the vmw_rpc module",
};

#if !defined(VMWRPC_NO_STRERRORDESC) && defined(__GLIBC__) && \
	(__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
/* The system's own text (glibc 2.32 and later): constant, thread-safe. */
static const char *vrpc_errno_text(int e)
{
	return strerrordesc_np(e);
}
#else
#include <stdatomic.h>

/*
 * Elsewhere (an older glibc, musl; VMWRPC_NO_STRERRORDESC for the tests):
 * strerror_r(), copied once per errno and kept, since strerror() may
 * return a buffer that the next call, in any thread, overwrites, and
 * vmwrpc_strerror() promises a constant string. At most one copy an
 * errno below VMWRPC_ERRNO_BASE.
 */
static _Atomic(char *) vrpc_errno_texts[VMWRPC_ERRNO_BASE];

/* strerror_r() as POSIX has it (musl; glibc without _GNU_SOURCE). */
static const char *vrpc_strerror_r_int(int rc, const char *buf)
{
	return rc == 0 ? buf : NULL;
}

/* strerror_r() as GNU has it: the text, in @buf or not. */
static const char *vrpc_strerror_r_str(const char *text, const char *buf)
{
	(void)buf;
	return text;
}

/* Whichever strerror_r() the C library declares. */
#define VRPC_STRERROR_R(e, buf)						\
	_Generic(strerror_r((e), (buf), sizeof(buf)),			\
		 int: vrpc_strerror_r_int,				\
		 char *: vrpc_strerror_r_str)(strerror_r((e), (buf), sizeof(buf)), (buf))

static const char *vrpc_errno_text(int e)
{
	char buf[256], *copy, *old = NULL;
	const char *text;

	copy = atomic_load(&vrpc_errno_texts[e]);
	if (copy)
		return copy;
	buf[0] = '\0';
	text = VRPC_STRERROR_R(e, buf);
	if (!text || !*text)
		return NULL;
	copy = strdup(text);
	if (!copy)
		return NULL;
	/* Another thread may have been first: keep its copy. */
	if (!atomic_compare_exchange_strong(&vrpc_errno_texts[e], &old, copy)) {
		free(copy);
		return old;
	}
	return copy;
}
#endif

static const struct {
	enum vmwrpc_op op;
	int err;
	const char *text;
} vrpc_errtab[] = {
#include "errtab.h"
};

const char *vmwrpc_strerror(int err)
{
	const char *s;
	int e;

	if (err == 0)
		return "success";
	if (err < -VMWRPC_ELAST || err > VMWRPC_ELAST)	/* INT_MIN too */
		return "unknown error";
	e = err < 0 ? -err : err;
	if (e > VMWRPC_ERRNO_BASE && e < VMWRPC_ELAST)
		return vrpc_lib_errors[e - VMWRPC_ERRNO_BASE];
	if (e >= VMWRPC_ERRNO_BASE)
		return "unknown error";
	s = vrpc_errno_text(e);
	return s ? s : "unknown error";
}

const char *vmwrpc_op_strerror(enum vmwrpc_op op, int err)
{
	int e = err < 0 && err >= -VMWRPC_ERRNO_BASE ? -err : err;

	for (size_t i = 0; i < sizeof(vrpc_errtab) / sizeof(vrpc_errtab[0]); i++)
		if (vrpc_errtab[i].op == op && vrpc_errtab[i].err == e)
			return vrpc_errtab[i].text;
	return vmwrpc_strerror(err);
}

const char *vmwrpc_version(void)
{
	return VMWRPC_VERSION_STRING;
}
