/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A mocked /dev/vmw_rpc for the unit tests: the tests link with
 * -Wl,--wrap=ioctl, so every ioctl() of the library lands in
 * __wrap_ioctl(), which hands it to mock_handler. Files are opened for
 * real (/dev/null), so open() and close() are exercised too.
 */
#ifndef VMWRPC_TEST_MOCK_H
#define VMWRPC_TEST_MOCK_H

#include <stddef.h>
#include <linux/vmw_rpc.h>

/* Return 0 or -errno, like the driver. */
typedef int (*mock_fn)(unsigned long req, void *arg);

extern mock_fn mock_handler;
extern int mock_calls;			/* ioctls other than INFO */
extern struct vmw_rpc_info mock_info;	/* what INFO answers */
extern int mock_info_errno;		/* INFO fails with this when set */

/* The canned one-shot call: records the request, answers reply or errno. */
extern char mock_request[256 * 1024];
extern size_t mock_request_len;
extern const char *mock_reply;
extern size_t mock_reply_len;
extern int mock_errno;
extern int mock_delivered;		/* a failing call: host had it all */
extern __u32 mock_call_flags;		/* flags of the last CALL */
extern __u32 mock_call_timeout;		/* timeout_ms of the last CALL */
extern struct vmw_rpc_backdoor mock_bd;	/* last backdoor request */
extern struct vmw_rpc_regs mock_bd_out;	/* what it answers */

void mock_reset(void);
int mock_default(unsigned long req, void *arg);
void mock_set_reply(const char *reply, size_t len);

#define MOCK_REPLY(s) mock_set_reply((s), sizeof(s) - 1)

#endif
