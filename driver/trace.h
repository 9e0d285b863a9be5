/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmw_rpc's tracepoints (system "vmw_rpc"), for trace-cmd, perf and
 * bpftrace: what talks to the host, how often, at what cost, and what
 * fails. docs/driver.md, "Tracepoints", describes each field.
 *
 * No event carries a command's arguments, a reply or a register the host
 * answered: a command is shown by its first word only
 * (vmw_policy_describe(), as in the refusal log), since guestinfo values
 * and keys ride in the rest. Nor do the tracepoints' arguments (BPF
 * raw_tp programs and probes get them as they are): a command reaches a
 * tracepoint as its first word, copied into a buffer of its own.
 *
 * stats.c defines CREATE_TRACE_POINTS and includes this file once; every
 * other file includes it for the trace_vmw_rpc_*() calls, which cost one
 * static branch when the event is off. Each event's name carries the
 * system's prefix (vmw_rpc:vmw_rpc_call, as kvm:kvm_exit): names in the
 * global tracepoint namespace, BPF's raw_tp among them, stay unambiguous.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vmw_rpc

#if !defined(_VMW_RPC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VMW_RPC_TRACE_H

#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

#define vmw_trace_uid()	from_kuid_munged(&init_user_ns, current_euid())

#define vmw_trace_proto(p)						\
	__print_symbolic(p, { VMW_RPC_PROTO_RPCI, "rpci" },		\
			 { VMW_RPC_PROTO_TCLO, "tclo" })

#define vmw_trace_transport(t)						\
	__print_symbolic(t, { VMW_RPC_TRANSPORT_PORT, "port" },		\
			 { VMW_RPC_TRANSPORT_VMCALL, "vmcall" },	\
			 { VMW_RPC_TRANSPORT_VMMCALL, "vmmcall" })

#define vmw_trace_mode(m)						\
	__print_symbolic(m, { VMW_RPC_BDOOR_LB, "lb" },			\
			 { VMW_RPC_BDOOR_HB_OUT, "hb-out" },		\
			 { VMW_RPC_BDOOR_HB_IN, "hb-in" })

/* The enum's values in the event's format, for trace-cmd and perf. */
TRACE_DEFINE_ENUM(VMW_TRACE_CALL);
TRACE_DEFINE_ENUM(VMW_TRACE_SEND);
TRACE_DEFINE_ENUM(VMW_TRACE_RECV);

#define vmw_trace_op(o)							\
	__print_symbolic(o, { VMW_TRACE_CALL, "call" },		\
			 { VMW_TRACE_SEND, "send" },			\
			 { VMW_TRACE_RECV, "recv" })

/*
 * vmw_rpc:vmw_rpc_call - one RPC: a one-shot call, or a send or receive on
 * a channel a file holds. @cmd is the command's first word (empty for a
 * receive), cut by vmw_trace_call() into a buffer of its own: the
 * tracepoint's arguments, which a BPF raw_tp program sees, never point
 * into the command; @bdoor the backdoor calls it took (each a VM exit), @hb how
 * many of them were high-bandwidth transfers, @cpts the checkpoint
 * restarts; @out and @in the message bytes each way; @ns the time in the
 * driver; @ret 0 or the errno returned.
 */
TRACE_EVENT(vmw_rpc_call,
	    TP_PROTO(enum vmw_trace_op op, u32 proto, const char *cmd,
		     const struct vmw_acct *acct, size_t out, size_t in,
		     u64 ns, int ret),
	    TP_ARGS(op, proto, cmd, acct, out, in, ns, ret),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(u32, op)
			     __field(u32, proto)
			     __field(u32, transport)
			     __field(u32, bdoor)
			     __field(u32, hb)
			     __field(u32, cpts)
			     __field(u64, out)
			     __field(u64, in)
			     __field(u64, ns)
			     __field(int, ret)
			     __array(char, cmd, VMW_AUDIT_PREFIX + 1)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->op = op;
			   __entry->proto = proto;
			   __entry->transport = vmw_bdoor_transport();
			   __entry->bdoor = acct->bdoor;
			   __entry->hb = acct->hb;
			   __entry->cpts = acct->cpts;
			   __entry->out = out;
			   __entry->in = in;
			   __entry->ns = ns;
			   __entry->ret = ret;
			   strscpy_pad(__entry->cmd, cmd, sizeof(__entry->cmd));),
	    TP_printk("pid=%d uid=%u op=%s proto=%s cmd=\"%s\" transport=%s bw=%s bdoor=%u hb=%u cpts=%u out=%llu in=%llu ns=%llu ret=%d",
		      __entry->pid, __entry->uid, vmw_trace_op(__entry->op),
		      vmw_trace_proto(__entry->proto), __entry->cmd,
		      vmw_trace_transport(__entry->transport),
		      __entry->hb ? "HB" : "LB", __entry->bdoor, __entry->hb,
		      __entry->cpts, __entry->out, __entry->in, __entry->ns,
		      __entry->ret)
);

/*
 * vmw_rpc:vmw_rpc_backdoor - one raw backdoor call (VMW_RPC_IOC_BACKDOOR):
 * @mode VMW_RPC_BDOOR_LB, _HB_OUT or _HB_IN; @cmd the command number
 * (ecx[15:0], or ebx[15:0] for high bandwidth); @ret 0 or the errno.
 * The host's answer (its registers) is not recorded.
 */
TRACE_EVENT(vmw_rpc_backdoor,
	    TP_PROTO(u32 mode, u32 cmd, int ret),
	    TP_ARGS(mode, cmd, ret),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(u32, mode)
			     __field(u32, cmd)
			     __field(int, ret)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->mode = mode;
			   __entry->cmd = cmd;
			   __entry->ret = ret;),
	    TP_printk("pid=%d uid=%u mode=%s cmd=%u ret=%d",
		      __entry->pid, __entry->uid,
		      vmw_trace_mode(__entry->mode),
		      __entry->cmd, __entry->ret)
);

/*
 * vmw_rpc:vmw_rpc_chan_open - a channel opened on the host, for a file or
 * for the call pool: @id the host's channel id (-1 when none was given),
 * @ret 0, -ECONNREFUSED (the host refused) or -EAGAIN (checkpoints).
 */
TRACE_EVENT(vmw_rpc_chan_open,
	    TP_PROTO(u32 proto, int id, int ret),
	    TP_ARGS(proto, id, ret),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(u32, proto)
			     __field(int, id)
			     __field(int, ret)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->proto = proto;
			   __entry->id = id;
			   __entry->ret = ret;),
	    TP_printk("pid=%d uid=%u proto=%s id=%d ret=%d",
		      __entry->pid, __entry->uid, vmw_trace_proto(__entry->proto),
		      __entry->id, __entry->ret)
);

/*
 * vmw_rpc:vmw_rpc_chan_close - a channel closed on the host (by its file,
 * by the pool's idle reaper in a kworker, or after a failed transfer).
 */
TRACE_EVENT(vmw_rpc_chan_close,
	    TP_PROTO(u32 proto, int id),
	    TP_ARGS(proto, id),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(u32, proto)
			     __field(int, id)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->proto = proto;
			   __entry->id = id;),
	    TP_printk("pid=%d uid=%u proto=%s id=%d",
		      __entry->pid, __entry->uid, vmw_trace_proto(__entry->proto),
		      __entry->id)
);

/*
 * vmw_rpc:vmw_rpc_pool_wait - a one-shot call that found no pool channel
 * free and waited: @ns the time waited, @ret what the call returns for
 * the wait: 0 (got one), -ETIMEDOUT, or for a signal -ERESTARTSYS
 * (no timeout: the call restarts) or -EINTR (with one).
 */
TRACE_EVENT(vmw_rpc_pool_wait,
	    TP_PROTO(u64 ns, int ret),
	    TP_ARGS(ns, ret),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(u64, ns)
			     __field(int, ret)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->ns = ns;
			   __entry->ret = ret;),
	    TP_printk("pid=%d uid=%u ns=%llu ret=%d",
		      __entry->pid, __entry->uid, __entry->ns, __entry->ret)
);

/*
 * vmw_rpc:vmw_rpc_tools - one TCLO command the tools service answered
 * (tools.c), fired once the answer is sent: @cmd the command's first
 * word (never its arguments: Set_Option's value stays out), @ok whether
 * the answer is "OK ..." (else "ERROR ..."), @bytes the answer's length,
 * @ns from the command's receipt to the answer's send (its RPCI reports
 * included), @ret 0 or the errno of that send.
 */
TRACE_EVENT(vmw_rpc_tools,
	    TP_PROTO(const char *cmd, bool ok, size_t bytes, u64 ns, int ret),
	    TP_ARGS(cmd, ok, bytes, ns, ret),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(uid_t, uid)
			     __field(bool, ok)
			     __field(u32, bytes)
			     __field(u64, ns)
			     __field(int, ret)
			     __array(char, cmd, VMW_AUDIT_PREFIX + 1)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->uid = vmw_trace_uid();
			   __entry->ok = ok;
			   __entry->bytes = bytes;
			   __entry->ns = ns;
			   __entry->ret = ret;
			   strscpy_pad(__entry->cmd, cmd, sizeof(__entry->cmd));),
	    TP_printk("pid=%d uid=%u cmd=\"%s\" status=%s bytes=%u ns=%llu ret=%d",
		      __entry->pid, __entry->uid, __entry->cmd,
		      __entry->ok ? "OK" : "ERROR", __entry->bytes,
		      __entry->ns, __entry->ret)
);

#endif /* _VMW_RPC_TRACE_H */

/* An out-of-tree module: Kbuild puts driver/ on the include path. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
