/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated VMware host: the host side of the GuestRPC message
 * channel (docs/protocol.md, sections 2 to 4) at the register level.
 *
 * sim_core.c is the host itself, with no module or debugfs code, so that
 * KUnit suites can link it directly; sim.c wraps one instance in a module
 * (vmw_rpc_sim.ko) that sits behind the driver's transport and is driven
 * from debugfs. Every entry point takes &vmw_sim.lock itself unless its
 * comment says the caller holds it.
 */
#ifndef _VMW_RPC_SIM_H
#define _VMW_RPC_SIM_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

/*
 * The driver's header, for the interface between the driver and the sim
 * only: struct vmw_bdoor_regs, struct vmw_transport_ops and
 * vmw_rpc_transport_attach()/_detach()/_real(). Every protocol constant
 * the sim uses is its own, from sim_proto.h.
 */
#include "vmw_rpc.h"
#include "sim_proto.h"

/* Longest guestinfo key, without the "guestinfo." prefix. */
#define VMW_SIM_KEY_MAX		256
/* Bookkeeping bytes charged per guestinfo key against the total. */
#define VMW_SIM_KEY_OVERHEAD	64
/* Pending TCLO commands, and recorded TCLO answers. */
#define VMW_SIM_TCLO_MAX	64
/* Recorded RPCI commands (the oldest go first). */
#define VMW_SIM_RPCI_MAX	256
/* Bytes of the short reply head ("1 ", "0 No value found", ...). */
#define VMW_SIM_HEAD_MAX	48

/**
 * enum vmw_sim_step - what a call was, for counters, faults and the trace
 * @VMW_SIM_OPEN: message OPEN (LB).
 * @VMW_SIM_SENDSIZE: message SENDSIZE (LB).
 * @VMW_SIM_SENDPAYLOAD: message SENDPAYLOAD, one 4-byte chunk (LB).
 * @VMW_SIM_HB_SEND: a high-bandwidth send (rep outsb).
 * @VMW_SIM_RECVSIZE: message RECVSIZE (LB).
 * @VMW_SIM_RECVPAYLOAD: message RECVPAYLOAD, one 4-byte chunk (LB).
 * @VMW_SIM_HB_RECV: a high-bandwidth receive (rep insb).
 * @VMW_SIM_RECVSTATUS: message RECVSTATUS (LB).
 * @VMW_SIM_CLOSE: message CLOSE (LB).
 * @VMW_SIM_BAD: command 30 with an unknown subcommand or on the wrong
 *	port.
 * @VMW_SIM_PASSTHROUGH: anything else, handed to the real transport.
 * @VMW_SIM_NSTEPS: number of the above.
 */
enum vmw_sim_step {
	VMW_SIM_OPEN,
	VMW_SIM_SENDSIZE,
	VMW_SIM_SENDPAYLOAD,
	VMW_SIM_HB_SEND,
	VMW_SIM_RECVSIZE,
	VMW_SIM_RECVPAYLOAD,
	VMW_SIM_HB_RECV,
	VMW_SIM_RECVSTATUS,
	VMW_SIM_CLOSE,
	VMW_SIM_BAD,
	VMW_SIM_PASSTHROUGH,
	VMW_SIM_NSTEPS
};

/**
 * enum vmw_sim_garbage - wrong answers the host can be told to give
 * @VMW_SIM_G_RECVSIZE_TYPE: RECVSIZE with DORECV says edx[31:16] = 7,
 *	not 1 (SENDSIZE).
 * @VMW_SIM_G_RECVPAYLOAD_TYPE: RECVPAYLOAD says edx[31:16] = 7, not 2.
 * @VMW_SIM_G_BAD_REPLY: an RPCI reply becomes "garbage" (no "1 "/"0 ").
 * @VMW_SIM_G_SHORT_REPLY: an RPCI reply becomes "1" (shorter than 2).
 * @VMW_SIM_G_OVERSIZE: RECVSIZE reports &vmw_sim_faults.oversize_len
 *	instead of the real length; payload steps past the real end fail.
 * @VMW_SIM_G_N: number of the above.
 */
enum vmw_sim_garbage {
	VMW_SIM_G_RECVSIZE_TYPE,
	VMW_SIM_G_RECVPAYLOAD_TYPE,
	VMW_SIM_G_BAD_REPLY,
	VMW_SIM_G_SHORT_REPLY,
	VMW_SIM_G_OVERSIZE,
	VMW_SIM_G_N
};

/* The wrong step type the garbage faults put in edx[31:16]. */
#define VMW_SIM_WRONG_TYPE	7

/* QEMU's isa-debugcon device (its iobase default): the log's copy. */
#define VMW_SIM_DEBUGCON_PORT	0xe9

/**
 * enum vmw_sim_flag - the host's on/off settings, for vmw_sim_set_flag()
 * @VMW_SIM_F_HB: &vmw_sim_config.hb
 * @VMW_SIM_F_COOKIES: &vmw_sim_config.cookies
 * @VMW_SIM_F_REFUSE_OPEN: &vmw_sim_config.refuse_open
 * @VMW_SIM_F_SECURE_RPC: &vmw_sim_config.secure_rpc
 * @VMW_SIM_F_TRACE: &vmw_sim_config.trace
 * @VMW_SIM_F_DEBUGCON: &vmw_sim_config.debugcon
 * @VMW_SIM_F_N: number of the above.
 */
enum vmw_sim_flag {
	VMW_SIM_F_HB,
	VMW_SIM_F_COOKIES,
	VMW_SIM_F_REFUSE_OPEN,
	VMW_SIM_F_SECURE_RPC,
	VMW_SIM_F_TRACE,
	VMW_SIM_F_DEBUGCON,
	VMW_SIM_F_N
};

/**
 * struct vmw_sim_config - the host's settings
 * @hb: offer high bandwidth (the HB status bit) and accept HB transfers.
 * @cookies: accept OPEN with VMW_SIM_FLAG_COOKIE; when false, such an
 *	open fails, as on an old host (open-vm-tools then retries without
 *	the flag; vmw_rpc does not).
 * @refuse_open: every OPEN fails.
 * @secure_rpc: info-get and info-set answer "0 Permission denied".
 * @trace: record every call in the trace ring.
 * @debugcon: also write every line of the "log" command's buffer to the
 *	I/O port VMW_SIM_DEBUGCON_PORT (QEMU's debug console), so that the
 *	lines outlive a guest that panics.
 * @max_channels: channels open at once, host-wide (1 to 128).
 * @idle_timeout_ms: a channel unused this long is gone (0: never).
 * @guestinfo_max: bytes of guestinfo keys and values, all together.
 * @log_max: bytes of the "log" command's buffer (fixed at creation).
 * @trace_size: entries of the trace ring (fixed at creation).
 */
struct vmw_sim_config {
	bool hb;
	bool cookies;
	bool refuse_open;
	bool secure_rpc;
	bool trace;
	bool debugcon;
	unsigned int max_channels;
	unsigned int idle_timeout_ms;
	size_t guestinfo_max;
	size_t log_max;
	unsigned int trace_size;
};

/**
 * struct vmw_sim_blob - immutable bytes shared by a value and its replies
 * @ref: references: the guestinfo entry, pending replies, TCLO records.
 * @len: bytes in @data.
 * @data: the bytes; NUL is just a byte.
 */
struct vmw_sim_blob {
	struct kref ref;
	size_t len;
	u8 data[];
};

/**
 * struct vmw_sim_reply - a reply the host holds for the guest
 * @head: short text sent first (e.g. "1 ").
 * @head_len: bytes of @head.
 * @body: bytes sent after @head, or NULL.
 * @len: @head_len plus the length of @body.
 */
struct vmw_sim_reply {
	u8 head[VMW_SIM_HEAD_MAX];
	u32 head_len;
	struct vmw_sim_blob *body;
	size_t len;
};

/**
 * struct vmw_sim_chan - one channel as the host sees it
 * @used: the channel is open.
 * @proto: VMW_SIM_PROTO_RPCI or VMW_SIM_PROTO_TCLO.
 * @cookies: opened with VMW_SIM_FLAG_COOKIE; every later step must
 *	carry @cookie_high and @cookie_low.
 * @cookie_high: esi of LB steps; ebp of HB send, esi of HB receive.
 * @cookie_low: edi of LB steps; edi of HB send, ebp of HB receive.
 * @last: jiffies of the last step, for idle expiry.
 * @sending: SENDSIZE was accepted and payload is expected.
 * @in: the message being received from the guest (kvmalloc()ed).
 * @in_len: its announced length.
 * @in_off: bytes of it received so far.
 * @has_reply: @reply is waiting for the guest.
 * @receiving: RECVSIZE announced @reply; payload steps may follow.
 * @reply: the reply (RPCI) or command (TCLO) for the guest.
 * @reported_len: the length RECVSIZE announced (differs from
 *	@reply.len under VMW_SIM_G_OVERSIZE).
 * @out_off: bytes of @reply sent so far.
 * @tclo_cmd: TCLO: the command handed to the guest, whose answer the
 *	next send carries.
 * @tclo_handed: jiffies when @tclo_cmd was handed out.
 */
struct vmw_sim_chan {
	bool used;
	u32 proto;
	bool cookies;
	u32 cookie_high;
	u32 cookie_low;
	unsigned long last;
	bool sending;
	u8 *in;
	u32 in_len;
	u32 in_off;
	bool has_reply;
	bool receiving;
	struct vmw_sim_reply reply;
	u32 reported_len;
	size_t out_off;
	struct vmw_sim_blob *tclo_cmd;
	unsigned long tclo_handed;
};

/**
 * struct vmw_sim_faults - armed fault injection
 * @cpt_skip: per step, calls still to pass before the first CPT.
 * @cpt_left: per step, CPTs still to inject (one per call once
 *	@cpt_skip reached 0).
 * @garbage_left: per enum vmw_sim_garbage, answers still to spoil.
 * @oversize_len: the length VMW_SIM_G_OVERSIZE reports.
 */
struct vmw_sim_faults {
	unsigned int cpt_skip[VMW_SIM_NSTEPS];
	unsigned int cpt_left[VMW_SIM_NSTEPS];
	unsigned int garbage_left[VMW_SIM_G_N];
	u32 oversize_len;
};

/**
 * struct vmw_sim_counters - what happened since the last reset
 * @calls: calls per enum vmw_sim_step.
 * @failed: calls per step that failed without an injected fault.
 * @refused_opens: opens refused for the channel limit.
 * @expired: channels closed for idleness.
 * @peak_channels: most channels open at once.
 * @tclo_handed: TCLO commands handed to the guest.
 * @tclo_wait_ms: their time in the queue, from queueing to being handed
 *	out, summed (ms).
 * @tclo_wait_ms_max: the longest of those (ms).
 * @tclo_answered: answers to handed commands received.
 * @tclo_answer_ms: time from handing a command out to its answer's
 *	arrival, summed (ms).
 * @tclo_answer_ms_max: the longest of those (ms).
 */
struct vmw_sim_counters {
	u64 calls[VMW_SIM_NSTEPS];
	u64 failed[VMW_SIM_NSTEPS];
	u64 refused_opens;
	u64 expired;
	unsigned int peak_channels;
	u64 tclo_handed;
	u64 tclo_wait_ms;
	u64 tclo_wait_ms_max;
	u64 tclo_answered;
	u64 tclo_answer_ms;
	u64 tclo_answer_ms_max;
};

/**
 * struct vmw_sim_regs - registers of one call, for the trace
 * @eax: eax
 * @ebx: ebx
 * @ecx: ecx
 * @edx: edx
 * @esi: esi
 * @edi: edi
 * @ebp: ebp
 */
struct vmw_sim_regs {
	u32 eax, ebx, ecx, edx, esi, edi, ebp;
};

/* What the trace line's note= says. */
#define VMW_SIM_NOTE_NONE	0
#define VMW_SIM_NOTE_FAIL	1	/* failed, nothing injected */
#define VMW_SIM_NOTE_CPT	2	/* injected CPT */
#define VMW_SIM_NOTE_GARBAGE	3	/* injected garbage */

/**
 * struct vmw_sim_trace_ent - one traced call
 * @seq: call number since the sim was created.
 * @step: enum vmw_sim_step.
 * @note: VMW_SIM_NOTE_*.
 * @in: registers in.
 * @out: registers out (after HB calls only eax and ebx mean anything).
 */
struct vmw_sim_trace_ent {
	u64 seq;
	u8 step;
	u8 note;
	struct vmw_sim_regs in;
	struct vmw_sim_regs out;
};

/**
 * struct vmw_sim_tclo_ent - a TCLO command, pending or answered, or a
 *	recorded RPCI command
 * @node: in &vmw_sim.tclo_queue, &vmw_sim.tclo_answers or
 *	&vmw_sim.rpci_log.
 * @cmd: the command (NULL for an answer nobody asked for).
 * @answer: the guest's answer (answers only; may be NULL when empty).
 * @queued: jiffies when a pending command was queued.
 */
struct vmw_sim_tclo_ent {
	struct list_head node;
	struct vmw_sim_blob *cmd;
	struct vmw_sim_blob *answer;
	unsigned long queued;
};

/**
 * struct vmw_sim - one simulated host
 * @lock: protects everything below; held across each call. A call with
 *	&vmw_bdoor_regs.atomic set (the panic report) only tries it and
 *	fails as a refused step (status 0) when it cannot take it.
 * @gfp: how allocations under @lock allocate: GFP_ATOMIC during an atomic
 *	call, else GFP_KERNEL.
 * @cfg: the settings in force.
 * @init_cfg: the settings a reset restores.
 * @passthrough: where calls that are not messages go (NULL: they fail
 *	like an unknown command on QEMU, eax = 0xffffffff).
 * @chans: the channels, by id.
 * @nr_open: channels open.
 * @faults: armed faults.
 * @counters: counters.
 * @guestinfo: struct vmw_sim_gi entries.
 * @guestinfo_used: bytes charged against @cfg.guestinfo_max.
 * @log: the "log" command's text, oldest lines dropped first.
 * @log_len: bytes in @log.
 * @tclo_queue: commands waiting for a TCLO channel.
 * @tclo_queued: entries in @tclo_queue.
 * @tclo_answers: commands handed out and the guest's answers.
 * @tclo_answered: entries in @tclo_answers.
 * @rpci_log: the RPCI commands the guest sent, oldest first.
 * @rpci_logged: entries in @rpci_log.
 * @trace: the trace ring, @cfg.trace_size entries.
 * @trace_first: seq of the oldest entry not cleared.
 * @trace_next: seq of the next call.
 */
struct vmw_sim {
	struct mutex lock;	/* see above */
	gfp_t gfp;
	struct vmw_sim_config cfg;
	struct vmw_sim_config init_cfg;
	const struct vmw_transport_ops *passthrough;
	struct vmw_sim_chan chans[VMW_SIM_MAX_CHANNELS];
	unsigned int nr_open;
	struct vmw_sim_faults faults;
	struct vmw_sim_counters counters;
	struct list_head guestinfo;
	size_t guestinfo_used;
	u8 *log;
	size_t log_len;
	struct list_head tclo_queue;
	unsigned int tclo_queued;
	struct list_head tclo_answers;
	unsigned int tclo_answered;
	struct list_head rpci_log;
	unsigned int rpci_logged;
	struct vmw_sim_trace_ent *trace;
	u64 trace_first;
	u64 trace_next;
};

/**
 * struct vmw_sim_gi - one guestinfo key
 * @node: in &vmw_sim.guestinfo.
 * @val: the value.
 * @klen: bytes of @key.
 * @key: the key without "guestinfo.", not NUL-terminated.
 */
struct vmw_sim_gi {
	struct list_head node;
	struct vmw_sim_blob *val;
	size_t klen;
	u8 key[];
};

extern const char *const vmw_sim_step_names[VMW_SIM_NSTEPS];
extern const char *const vmw_sim_garbage_names[VMW_SIM_G_N];

/* sim_core.c */
extern struct vmw_sim *vmw_sim_attached;
extern const struct vmw_transport_ops vmw_sim_transport;

struct vmw_sim *vmw_sim_create(const struct vmw_sim_config *cfg,
			       const struct vmw_transport_ops *passthrough);
void vmw_sim_destroy(struct vmw_sim *sim);
void vmw_sim_reset(struct vmw_sim *sim);

void vmw_sim_lb(struct vmw_sim *sim, struct vmw_bdoor_regs *r);
void vmw_sim_hb_out(struct vmw_sim *sim, struct vmw_bdoor_regs *r);
void vmw_sim_hb_in(struct vmw_sim *sim, struct vmw_bdoor_regs *r);

/*
 * Settings and counters. Each takes &vmw_sim.lock itself: KUnit suites
 * and sim.c's debugfs files use these, never sim->cfg or sim->counters.
 */
int vmw_sim_set_flag(struct vmw_sim *sim, enum vmw_sim_flag flag, bool on);
bool vmw_sim_flag(struct vmw_sim *sim, enum vmw_sim_flag flag);

static inline void vmw_sim_set_hb(struct vmw_sim *sim, bool on)
{
	vmw_sim_set_flag(sim, VMW_SIM_F_HB, on);
}

static inline void vmw_sim_set_cookies(struct vmw_sim *sim, bool on)
{
	vmw_sim_set_flag(sim, VMW_SIM_F_COOKIES, on);
}

static inline void vmw_sim_set_refuse_open(struct vmw_sim *sim, bool on)
{
	vmw_sim_set_flag(sim, VMW_SIM_F_REFUSE_OPEN, on);
}

static inline void vmw_sim_set_secure_rpc(struct vmw_sim *sim, bool on)
{
	vmw_sim_set_flag(sim, VMW_SIM_F_SECURE_RPC, on);
}

static inline void vmw_sim_set_trace(struct vmw_sim *sim, bool on)
{
	vmw_sim_set_flag(sim, VMW_SIM_F_TRACE, on);
}

void vmw_sim_set_idle_timeout_ms(struct vmw_sim *sim, unsigned int ms);
unsigned int vmw_sim_idle_timeout_ms(struct vmw_sim *sim);
unsigned int vmw_sim_max_channels(struct vmw_sim *sim);
unsigned int vmw_sim_counters_get(struct vmw_sim *sim,
				  struct vmw_sim_counters *c);
u64 vmw_sim_calls(struct vmw_sim *sim, enum vmw_sim_step step);
u64 vmw_sim_failed(struct vmw_sim *sim, enum vmw_sim_step step);
void vmw_sim_faults_get(struct vmw_sim *sim, struct vmw_sim_faults *f);

int vmw_sim_set_max_channels(struct vmw_sim *sim, unsigned int n);
unsigned int vmw_sim_nr_channels(struct vmw_sim *sim);
int vmw_sim_close_channel(struct vmw_sim *sim, int id);

int vmw_sim_fault_cpt(struct vmw_sim *sim, enum vmw_sim_step step,
		      unsigned int nth, unsigned int count);
int vmw_sim_fault_garbage(struct vmw_sim *sim, enum vmw_sim_garbage g,
			  unsigned int count, u32 arg);
void vmw_sim_faults_clear(struct vmw_sim *sim);

int vmw_sim_guestinfo_set(struct vmw_sim *sim, const void *key, size_t klen,
			  const void *val, size_t vlen);
int vmw_sim_guestinfo_append(struct vmw_sim *sim, const void *key,
			     size_t klen, size_t off, const void *val,
			     size_t vlen);
struct vmw_sim_blob *vmw_sim_guestinfo_get(struct vmw_sim *sim,
					   const void *key, size_t klen);
int vmw_sim_guestinfo_delete(struct vmw_sim *sim, const void *key,
			     size_t klen);

int vmw_sim_tclo_queue(struct vmw_sim *sim, const void *cmd, size_t len);
void vmw_sim_tclo_clear_answers(struct vmw_sim *sim);
void vmw_sim_rpci_clear(struct vmw_sim *sim);

size_t vmw_sim_log_get(struct vmw_sim *sim, char *buf, size_t size);
void vmw_sim_log_clear(struct vmw_sim *sim);
void vmw_sim_trace_clear(struct vmw_sim *sim);
void vmw_sim_counters_clear(struct vmw_sim *sim);

struct vmw_sim_blob *vmw_sim_blob_new(const void *data, size_t len,
				      gfp_t gfp);
void vmw_sim_blob_put(struct vmw_sim_blob *b);

#endif /* _VMW_RPC_SIM_H */
