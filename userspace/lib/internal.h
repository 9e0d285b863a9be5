/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvmwrpc internals: not exported (libvmwrpc.map lists the public API),
 * visible to the unit tests that link the objects directly. Functions
 * shared between the library's files are named vmwrpc__*: libvmwrpc.a
 * has them as global symbols, and they must not clash with a program's.
 */
#ifndef VMWRPC_INTERNAL_H
#define VMWRPC_INTERNAL_H

#include <stdbool.h>
#include "vmwrpc.h"

/*
 * The handle is immutable after vmwrpc_open(): a file descriptor and the
 * driver's info, read once. Threads share it without locks; the driver
 * serializes the channel operations of one open file.
 */
struct vmwrpc {
	int fd;
	struct vmw_rpc_info info;
};

/* First receive buffer of vmwrpc_chan_recv(); it grows on ENOBUFS. */
#define VRPC_RECV_INITIAL	4096U
/* Receive attempts before giving up on a reply whose size keeps changing. */
#define VRPC_RECV_TRIES		4
/* Used when the driver reports no max_reply (never in ABI 1). */
#define VRPC_DEFAULT_MAX_REPLY	(1U << 20)

#define VRPC_GUESTINFO_PREFIX	"guestinfo."

/* vmwrpc.c */
int vmwrpc__open_into(struct vmwrpc *h, const char *path, unsigned int flags);
void vmwrpc__close_into(struct vmwrpc *h);

/* guestinfo.c */
int vmwrpc__guestinfo_key_ok(const char *key);
int vmwrpc__guestinfo_cmd(const char *verb, const char *key,
			  const void *value, size_t value_len, bool with_value,
			  char **cmd, size_t *cmd_len);

/* diag.c */
int vmwrpc__diagnosis(int module_state, int is_vmware);
int vmwrpc__load_module(void);
extern const char *vmwrpc__kmod_soname;
int vmwrpc__dmi_vendor_is_vmware(const char *vendor);
int vmwrpc__dmi_serial_is_vmware(const char *serial);
int vmwrpc__open_error(int err, int module_state, int is_vmware);
int vmwrpc__diagnose(int module_state, int is_vmware, const char *node);
int vmwrpc__platform_is_vmware(bool cpuid, const char *serial_file,
			       const char *vendor_file);

#endif /* VMWRPC_INTERNAL_H */
