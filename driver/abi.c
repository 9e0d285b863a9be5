// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of ioctl arguments, on the driver's copy of each structure.
 * Pure functions, so that KUnit checks every rule without a device.
 * Unknown flags and non-zero reserved fields are EINVAL so the ABI can
 * grow; lengths over a limit are EMSGSIZE.
 */
#include <linux/errno.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

/**
 * vmw_abi_check_backdoor() - check a raw backdoor call's arguments
 * @bd: the driver's copy of the structure
 *
 * Context: any.
 * Return: 0; -EINVAL for a non-zero flags or reserved field, an unknown
 * mode, ebp or a buffer with low bandwidth, no buffer with high
 * bandwidth; -EMSGSIZE for a buffer over VMW_RAW_HB_MAX.
 */
int vmw_abi_check_backdoor(const struct vmw_rpc_backdoor *bd)
{
	if (bd->flags || bd->reserved || bd->in.reserved)
		return -EINVAL;
	switch (bd->mode) {
	case VMW_RPC_BDOOR_LB:
		if (bd->buf || bd->buf_len || bd->in.ebp)
			return -EINVAL;
		return 0;
	case VMW_RPC_BDOOR_HB_OUT:
	case VMW_RPC_BDOOR_HB_IN:
		if (!bd->buf_len)
			return -EINVAL;
		if (bd->buf_len > VMW_RAW_HB_MAX)
			return -EMSGSIZE;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * vmw_abi_check_chan_open() - check a channel open's arguments
 * @op: the driver's copy of the structure
 *
 * Context: any.
 * Return: 0; -EINVAL for non-zero flags, reserved or handle fields, or a
 * protocol other than RPCI and TCLO.
 */
int vmw_abi_check_chan_open(const struct vmw_rpc_chan_open *op)
{
	if (op->flags || op->reserved || op->handle)
		return -EINVAL;
	if (op->protocol != VMW_RPC_PROTO_RPCI &&
	    op->protocol != VMW_RPC_PROTO_TCLO)
		return -EINVAL;
	return 0;
}

/**
 * vmw_abi_check_chan_msg() - check a send's or a receive's arguments
 * @m: the driver's copy of the structure
 * @send: a send (its length is the message's), not a receive
 *
 * Context: any.
 * Return: 0; -EINVAL for non-zero flags or reserved fields; -EMSGSIZE for
 * a message over VMW_MSG_MAX_SEND.
 */
int vmw_abi_check_chan_msg(const struct vmw_rpc_chan_msg *m, bool send)
{
	if (m->flags || m->reserved)
		return -EINVAL;
	if (send && m->len > VMW_MSG_MAX_SEND)
		return -EMSGSIZE;
	return 0;
}

/**
 * vmw_abi_check_chan_close() - check a channel close's arguments
 * @cl: the driver's copy of the structure
 *
 * Context: any.
 * Return: 0, or -EINVAL for non-zero flags.
 */
int vmw_abi_check_chan_close(const struct vmw_rpc_chan_close *cl)
{
	return cl->flags ? -EINVAL : 0;
}

/**
 * vmw_abi_check_call() - check a one-shot call's arguments
 * @call: the driver's copy of the structure
 *
 * VMW_RPC_CALL_DELIVERED is an output: as an input it is an unknown flag.
 *
 * Context: any.
 * Return: 0; -EINVAL for a flag other than VMW_RPC_CALL_TIMEOUT, a
 * timeout without that flag or over VMW_RPC_CALL_TIMEOUT_MAX_MS, or an
 * empty request; -EMSGSIZE for a request over VMW_MSG_MAX_SEND.
 */
int vmw_abi_check_call(const struct vmw_rpc_call *call)
{
	if (call->flags & ~VMW_RPC_CALL_TIMEOUT)
		return -EINVAL;
	if (call->flags & VMW_RPC_CALL_TIMEOUT
	    ? call->timeout_ms > VMW_RPC_CALL_TIMEOUT_MAX_MS
	    : call->timeout_ms)
		return -EINVAL;
	if (!call->request_len)
		return -EINVAL;
	if (call->request_len > VMW_MSG_MAX_SEND)
		return -EMSGSIZE;
	return 0;
}
