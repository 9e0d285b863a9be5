// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "mock.h"

int __wrap_ioctl(int fd, unsigned long req, ...);

mock_fn mock_handler;
int mock_calls;
struct vmw_rpc_info mock_info;
int mock_info_errno;
char mock_request[256 * 1024];
size_t mock_request_len;
const char *mock_reply;
size_t mock_reply_len;
int mock_errno;
int mock_delivered;
__u32 mock_call_flags;
__u32 mock_call_timeout;
struct vmw_rpc_backdoor mock_bd;
struct vmw_rpc_regs mock_bd_out;

void mock_reset(void)
{
	mock_handler = mock_default;
	mock_calls = 0;
	memset(&mock_info, 0, sizeof(mock_info));
	mock_info.abi_version = VMW_RPC_ABI_VERSION;
	mock_info.bdoor_version = 6;
	mock_info.vmx_type = 2;
	mock_info.transport = VMW_RPC_TRANSPORT_PORT;
	mock_info.flags = VMW_RPC_INFO_HB | VMW_RPC_INFO_CALL_TIMEOUT |
			  VMW_RPC_INFO_CALL_DELIVERED;
	mock_info.max_send = 65536;
	mock_info.max_reply = 1U << 20;
	mock_info.max_raw_hb = 65536;
	mock_info.max_chans_per_file = 8;
	mock_info.max_chans = 32;
	mock_info.pool_size = 4;
	mock_info.max_chans_per_uid = 2;
	mock_info.max_chans_unpriv = 3;
	mock_info_errno = 0;
	mock_request_len = 0;
	mock_reply = NULL;
	mock_reply_len = 0;
	mock_errno = 0;
	mock_delivered = 0;
	mock_call_flags = 0;
	mock_call_timeout = 0;
	memset(&mock_bd, 0, sizeof(mock_bd));
	memset(&mock_bd_out, 0, sizeof(mock_bd_out));
}

void mock_set_reply(const char *reply, size_t len)
{
	mock_reply = reply;
	mock_reply_len = len;
}

/*
 * INFO, CALL and BACKDOOR as the driver (ABI 2) does them; the rest is
 * ENOTTY.
 */
int mock_default(unsigned long req, void *arg)
{
	struct vmw_rpc_call *c = arg;
	struct vmw_rpc_backdoor *bd = arg;

	switch (req) {
	case VMW_RPC_IOC_CALL:
		if ((c->flags & ~VMW_RPC_CALL_TIMEOUT) || !c->request_len ||
		    (!(c->flags & VMW_RPC_CALL_TIMEOUT) && c->timeout_ms))
			return -EINVAL;
		if (c->request_len > sizeof(mock_request))
			return -EMSGSIZE;
		mock_call_flags = c->flags;
		mock_call_timeout = c->timeout_ms;
		memcpy(mock_request, (void *)(uintptr_t)c->request,
		       c->request_len);
		mock_request_len = c->request_len;
		if (mock_errno) {
			if (mock_delivered)
				c->flags |= VMW_RPC_CALL_DELIVERED;
			return -mock_errno;
		}
		c->flags |= VMW_RPC_CALL_DELIVERED;
		if (mock_reply_len > c->reply_len) {
			c->reply_len = (__u32)mock_reply_len;
			return -ENOBUFS;
		}
		memcpy((void *)(uintptr_t)c->reply, mock_reply, mock_reply_len);
		c->reply_len = (__u32)mock_reply_len;
		return 0;
	case VMW_RPC_IOC_BACKDOOR:
		mock_bd = *bd;
		if (mock_errno)
			return -mock_errno;
		bd->out = mock_bd_out;
		return 0;
	default:
		return -ENOTTY;
	}
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int ret;

	(void)fd;
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req == VMW_RPC_IOC_INFO) {
		if (mock_info_errno) {
			errno = mock_info_errno;
			return -1;
		}
		memcpy(arg, &mock_info, sizeof(mock_info));
		return 0;
	}
	mock_calls++;
	ret = mock_handler(req, arg);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}
