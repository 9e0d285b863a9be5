// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-fuzz: drive /dev/vmw_rpc with random and structure-aware calls, in a
 * test guest whose kernel checks memory (KASAN), undefined behaviour
 * (UBSAN), locking (lockdep), leaks (kmemleak) and hangs. It finds nothing
 * by itself: the kernel does. This program only has to reach the driver's
 * paths, deep ones included, from as many angles as it can, and say which
 * results it got (the errno table) so that a reader sees it did.
 *
 * Usage: see usage() below (vmw-fuzz --help). tests/fuzz/README.md says how
 * it runs (tests/fuzz/run boots it) and what it covers.
 *
 * Reproducibility: worker W's Kth operation is drawn from a generator
 * seeded with (SEED, W, K) alone, never from what earlier calls returned,
 * so a seed fixes every worker's sequence of decisions. What the kernel
 * answers, and so which handles exist and which fds are open when a
 * decision is applied, depends on how the workers, the signals and the
 * simulated host's controller interleave: that is not deterministic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "simctl.h"

#define DEV		"/dev/vmw_rpc"
#define PARAM_ALLOW	"/sys/module/vmw_rpc/parameters/rpci_allow"
#define PARAM_MAX_REPLY	"/sys/module/vmw_rpc/parameters/max_reply"

#define PAGE		4096UL
/* A worker's buffer: a reply of max_reply (1 MiB) and some. */
#define ARENA		((1UL << 20) + (128UL << 10))
/* The read-only view: the largest message plus a page. */
#define ROSIZE		((64UL << 10) + PAGE)
#define NFDS		6	/* fd slots per process */
#define NHANDLES	16	/* remembered (fd, handle) pairs per process */
#define THREADS		2	/* workers per process */
#define MAXERR		256

/* Users of the test guest (tests/vm/run): root, user (in vmwrpc), nogroup. */
#define UID_MEMBER	1000
#define UID_NONMEMBER	1001
#define GID_VMWRPC	990

/* ---- the generator ------------------------------------------------- */

/* splitmix64: small, fast, and any 64-bit state is a good seed. */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

/* True with probability pct/100. */
static bool chance(struct rng *r, unsigned int pct)
{
	return below(r, 100) < pct;
}

/* The generator of one decision stream: (seed, stream, index). */
static struct rng rng_for(uint64_t seed, uint64_t stream, uint64_t index)
{
	struct rng r = { seed ^ (stream * 0xd1342543de82ef95ULL) };

	r.s = rnd(&r) + index * 0x2545f4914f6cdd1dULL;
	rnd(&r);
	return r;
}

/* ---- results, shared by every process ------------------------------ */

enum op {
	OP_INFO, OP_BACKDOOR, OP_CHAN_OPEN, OP_CHAN_SEND, OP_CHAN_RECV,
	OP_CHAN_CLOSE, OP_CALL, OP_NEARBY, OP_OPEN, OP_OTHER, OP_SIM,
	OP_PARAM, NOPS
};

static const char *const op_names[NOPS] = {
	"INFO", "BACKDOOR", "CHAN_OPEN", "CHAN_SEND", "CHAN_RECV",
	"CHAN_CLOSE", "CALL", "other ioctl numbers", "open(2)",
	"read/write/mmap/poll", "sim debugfs writes", "rpci_allow writes",
};

struct shared {
	uint64_t calls;			/* ioctls made */
	uint64_t forks, kills, signals, setuids;
	int done;
	uint64_t count[NOPS][MAXERR];
};

static struct shared *sh;
static uint64_t opt_calls = 200000;
static uint64_t opt_seed = 1;
static int opt_procs = 6;
static int opt_quiet;

static void note(enum op op, int ret)
{
	int e = ret < 0 ? errno : 0;

	if (e < 0 || e >= MAXERR)
		e = MAXERR - 1;
	__atomic_fetch_add(&sh->count[op][e], 1, __ATOMIC_RELAXED);
}

/* ---- a process's state, shared by its threads ---------------------- */

enum role { ROLE_ROOT, ROLE_MEMBER, ROLE_NONMEMBER, ROLE_MIXED, ROLE_USERNS };

static const char *const role_names[] = {
	"root", "vmwrpc member", "non-member (fds opened as root)",
	"mixed (per-thread euid toggles, shared fds)",
	"root of a user namespace (member outside)",
};

struct handle {
	int fd;
	uint32_t handle;
};

struct proc {
	int index;
	enum role role;
	int fds[NFDS];		/* -1: empty; swapped atomically */
	int pinned;		/* a root-opened fd the non-member keeps */
	struct handle handles[NHANDLES];
	pthread_t threads[THREADS];
	bool restart;		/* SA_RESTART on SIGUSR1 */
};

static struct proc P;	/* this process's (one per forked process) */

struct worker {
	int id;			/* stream number: process * THREADS + thread */
	struct rng r;		/* this operation's generator */
	uint64_t k;		/* operations drawn so far */
	uint8_t *arena;		/* ARENA bytes read-write, then a PROT_NONE page */
	uint8_t *ro;		/* ROSIZE bytes read-only, then a PROT_NONE page */
	uint8_t *ro_w;		/* the same pages, writable */
	int cur_uid;		/* ROLE_MIXED: the thread's euid now */
};

/* ---- user pointers ------------------------------------------------- */

/*
 * Where the kernel finds (or puts) LEN bytes: usually in the arena,
 * otherwise every way a user pointer goes wrong. CONTENT, when not NULL,
 * is what the kernel should read there: CLEN bytes, copied as far as the
 * pointer's mapping goes. Structures go to the arena's last page, buffers
 * before it, so that a call's structure never overwrites its message.
 */
enum ptrkind { PK_GOOD, PK_NULL, PK_LOW, PK_GUARD, PK_RO, PK_STRADDLE,
	       PK_KERNEL, PK_NONCANON, PK_RANDOM };

static uint64_t user_ptr(struct worker *w, size_t len, const void *content,
			 size_t clen, unsigned int bad_pct, bool is_struct)
{
	struct rng *r = &w->r;
	enum ptrkind k = PK_GOOD;
	uint8_t *p;
	size_t n;

	if (chance(r, bad_pct))
		k = 1 + below(r, PK_RANDOM);
	switch (k) {
	case PK_GOOD:
	default:
		/* Anywhere the whole of it fits, so ends vary too. */
		if (is_struct) {
			p = w->arena + ARENA - PAGE + below(r, PAGE - len + 1);
		} else {
			n = len < ARENA - PAGE ? ARENA - PAGE - len : 0;
			p = w->arena + (chance(r, 50) ? 0 : below(r, n + 1));
		}
		if (content)
			memcpy(p, content, clen < ARENA - (p - w->arena) ?
			       clen : ARENA - (p - w->arena));
		return (uintptr_t)p;
	case PK_NULL:
		return 0;
	case PK_LOW:	/* below mmap_min_addr: never mapped */
		return 1 + below(r, 0xffff);
	case PK_GUARD:
		return (uintptr_t)(w->arena + ARENA + below(r, PAGE));
	case PK_RO:
		n = len < ROSIZE ? ROSIZE - len : 0;
		p = w->ro + below(r, n + 1);
		if (content)
			memcpy(w->ro_w + (p - w->ro), content,
			       clen < ROSIZE - (p - w->ro) ? clen : ROSIZE - (p - w->ro));
		return (uintptr_t)p;
	case PK_STRADDLE:
		/* Starts inside the arena, ends in the guard page. */
		n = len > 1 ? 1 + below(r, len - 1) : 1;
		if (n > ARENA)
			n = ARENA;
		p = w->arena + ARENA - n;
		if (content)
			memcpy(p, content, clen < n ? clen : n);
		return (uintptr_t)p;
	case PK_KERNEL:
		return 0xffffffff81000000ULL + below(r, 1 << 24);
	case PK_NONCANON:
		return 0x0000800000000000ULL + below(r, 1 << 20);
	case PK_RANDOM:
		return rnd(r);
	}
}

/* A length near the interesting edges, or anything. */
static uint32_t pick_len(struct rng *r, uint32_t typical)
{
	switch (below(r, 12)) {
	case 0: return 0;
	case 1: return 1 + below(r, 8);
	case 2: return 4095 + below(r, 3);
	case 3: return 65535 + below(r, 3);
	case 4: return (1U << 20) - 1 + below(r, 3);
	case 5: return rnd(r);
	case 6: return 0x80000000U + below(r, 16);
	default: return typical ? 1 + below(r, typical) : 0;
	}
}

/* ---- structure-aware messages -------------------------------------- */

static uint8_t msgbuf[THREADS + 1][(64 << 10) + 256];

/* An RPCI command (or garbage); returns its length, at most MAX. */
static size_t gen_rpci(struct rng *r, uint8_t *out, size_t max)
{
	static const char *const starts[] = {
		"info-get guestinfo.", "info-set guestinfo.", "log ",
		"tools.set.version ", "info-get guestinfo", "info-get ",
		"info-set ", "", "info-get guestinfo.\n", "INFO-GET guestinfo.",
		"info-get guestinfo.k1\0x", "tools.capability.hgfs_server toolbox 1",
	};
	size_t n = 0, i, extra;
	const char *s;

	if (chance(r, 8)) {	/* raw bytes */
		n = pick_len(r, 200);
		if (n > max)
			n = below(r, max + 1);
		for (i = 0; i < n; i++)
			out[i] = rnd(r);
		return n;
	}
	s = starts[below(r, sizeof(starts) / sizeof(starts[0]))];
	n = strlen(s);
	if (s == starts[10])
		n = 23;	/* with its NUL and what follows */
	memcpy(out, s, n);
	/* A key from a small set, so that gets meet sets. */
	n += snprintf((char *)out + n, max - n, "k%u", (unsigned int)below(r, 6));
	if (chance(r, 50)) {
		extra = below(r, 100) < 90 ? below(r, 300) : below(r, max - n);
		if (n < max)
			out[n++] = ' ';
		for (i = 0; i < extra && n < max; i++) {
			/* Mostly printable; control and high bytes sometimes. */
			uint64_t b = rnd(r);

			out[n++] = chance(r, 95) ? 0x20 + b % 95 : (uint8_t)b;
		}
	}
	return n;
}

/* ---- the device's fds ---------------------------------------------- */

static int any_fd(struct worker *w)
{
	unsigned int i, start = below(&w->r, NFDS);
	int fd;

	for (i = 0; i < NFDS; i++) {
		fd = __atomic_load_n(&P.fds[(start + i) % NFDS], __ATOMIC_RELAXED);
		if (fd >= 0)
			return fd;
	}
	if (P.pinned >= 0)
		return P.pinned;
	/* Never a small number: fds 0 to 2 are the serial ports. */
	return chance(&w->r, 50) ? -1 : 900 + (int)below(&w->r, 64);
}

static void put_fd(int slot, int fd)
{
	int old = __atomic_exchange_n(&P.fds[slot], fd, __ATOMIC_ACQ_REL);

	if (old >= 0)
		close(old);
}

static void op_open(struct worker *w)
{
	static const int modes[] = { O_RDWR, O_RDWR, O_RDWR, O_RDONLY, O_WRONLY };
	int flags = modes[below(&w->r, 5)] | O_CLOEXEC;
	int slot = below(&w->r, NFDS), fd;

	if (chance(&w->r, 20))
		flags |= O_NONBLOCK;
	fd = open(DEV, flags);
	note(OP_OPEN, fd);
	if (fd < 0 && P.pinned >= 0 && chance(&w->r, 80))
		fd = dup(P.pinned);	/* keep a non-member's fds coming */
	if (fd >= 0)
		put_fd(slot, fd);
}

/* ---- handles ------------------------------------------------------- */

static void remember(struct worker *w, int fd, uint32_t handle)
{
	struct handle *h = &P.handles[below(&w->r, NHANDLES)];

	__atomic_store_n(&h->fd, fd, __ATOMIC_RELAXED);
	__atomic_store_n(&h->handle, handle, __ATOMIC_RELAXED);
}

/* An fd and a handle to use with it: remembered, or made up. */
static uint32_t pick_handle(struct worker *w, int *fd)
{
	struct handle *h = &P.handles[below(&w->r, NHANDLES)];
	uint32_t hd = __atomic_load_n(&h->handle, __ATOMIC_RELAXED);
	int hfd = __atomic_load_n(&h->fd, __ATOMIC_RELAXED);

	switch (below(&w->r, 10)) {
	case 0:
		return below(&w->r, 12);
	case 1:
		return rnd(&w->r);
	default:
		if (hd && chance(&w->r, 90))
			*fd = hfd;
		return hd ? hd : 1 + below(&w->r, 4);
	}
}

/* ---- the ioctls ---------------------------------------------------- */

/*
 * Calls go on until CALLS were made; the few workers in flight at that
 * moment overshoot it. (A budget handed out in advance would come up short
 * by the calls of children killed before they made them.)
 */
static bool claim(void)
{
	return __atomic_load_n(&sh->calls, __ATOMIC_RELAXED) < opt_calls;
}

static int do_ioctl(enum op op, int fd, unsigned long cmd, uint64_t arg)
{
	int ret = syscall(SYS_ioctl, fd, cmd, (unsigned long)arg);

	__atomic_fetch_add(&sh->calls, 1, __ATOMIC_RELAXED);
	note(op, ret);
	return ret;
}

/* Mostly zero: flags and reserved fields must be, so say so rarely. */
static uint32_t mostly0(struct rng *r)
{
	if (!chance(r, 6))
		return 0;
	return chance(r, 50) ? 1U << below(r, 32) : (uint32_t)rnd(r);
}

static void ioc_info(struct worker *w, int fd)
{
	do_ioctl(OP_INFO, fd, VMW_RPC_IOC_INFO,
		 user_ptr(w, sizeof(struct vmw_rpc_info), NULL, 0, 15, true));
}

static void ioc_backdoor(struct worker *w, int fd)
{
	static const uint16_t cmds[] = {
		VMW_RPC_BDOOR_CMD_GETVERSION, VMW_RPC_BDOOR_CMD_GETMEMSIZE,
		VMW_RPC_BDOOR_CMD_GETUUID, VMW_RPC_BDOOR_CMD_GETHZ,
		VMW_RPC_BDOOR_CMD_MESSAGE, VMW_RPC_BDOOR_CMD_MESSAGE,
		VMW_RPC_BDOOR_CMD_MESSAGE, VMW_RPC_BDOOR_CMD_GET_VCPU_INFO,
	};
	struct rng *r = &w->r;
	struct vmw_rpc_backdoor bd;
	uint32_t *regs = (uint32_t *)&bd.in;
	unsigned int i;

	memset(&bd, 0, sizeof(bd));
	bd.mode = chance(r, 95) ? below(r, 3) : rnd(r);
	bd.flags = mostly0(r);
	for (i = 0; i < 7; i++)
		regs[i] = chance(r, 50) ? 0 : rnd(r);
	/* Message steps on the channels the driver uses (ids are small). */
	bd.in.ecx = (chance(r, 70) ? below(r, 8) << 16 : rnd(r) & 0xffff0000) |
		    (chance(r, 90) ? cmds[below(r, 8)] : below(r, 128));
	bd.in.edx = (below(r, 10) << 16) | (rnd(r) & 0xffff);
	bd.in.reserved = mostly0(r);
	bd.reserved = mostly0(r);
	if (bd.mode == VMW_RPC_BDOOR_LB && chance(r, 90)) {
		bd.in.ebp = 0;
	} else {
		bd.buf_len = pick_len(r, 4096);
		if (chance(r, 70) && bd.buf_len > (64U << 10))
			bd.buf_len = 1 + below(r, 64 << 10);
		bd.buf = user_ptr(w, bd.buf_len, NULL, 0, 20, false);
	}
	do_ioctl(OP_BACKDOOR, fd, VMW_RPC_IOC_BACKDOOR,
		 user_ptr(w, sizeof(bd), &bd, sizeof(bd), 10, true));
}

static void ioc_chan_open(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_chan_open op = { 0 };
	uint64_t p;

	switch (below(r, 10)) {
	case 0: case 1: case 2: op.protocol = VMW_RPC_PROTO_TCLO; break;
	case 3: op.protocol = rnd(r); break;
	default: op.protocol = VMW_RPC_PROTO_RPCI; break;
	}
	op.flags = mostly0(r);
	op.handle = mostly0(r);
	op.reserved = mostly0(r);
	p = user_ptr(w, sizeof(op), &op, sizeof(op), 12, true);
	if (do_ioctl(OP_CHAN_OPEN, fd, VMW_RPC_IOC_CHAN_OPEN, p) == 0) {
		struct vmw_rpc_chan_open *back = (void *)(uintptr_t)p;

		remember(w, fd, back->handle);
	}
}

static void ioc_chan_send(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_chan_msg m = { 0 };
	uint8_t *msg = msgbuf[w->id % THREADS];
	size_t n;

	m.handle = pick_handle(w, &fd);
	m.flags = mostly0(r);
	m.reserved = mostly0(r);
	if (chance(r, 15)) {	/* a TCLO answer */
		static const char *const ans[] = { "OK ", "ERROR Unknown command", "" };
		const char *a = ans[below(r, 3)];

		n = strlen(a);
		memcpy(msg, a, n);
	} else {
		n = gen_rpci(r, msg, sizeof(msgbuf[0]) - 256);
	}
	m.len = chance(r, 85) ? n : pick_len(r, n + 16);
	m.buf = user_ptr(w, m.len, msg, n, 10, false);
	do_ioctl(OP_CHAN_SEND, fd, VMW_RPC_IOC_CHAN_SEND,
		 user_ptr(w, sizeof(m), &m, sizeof(m), 10, true));
}

static void ioc_chan_recv(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_chan_msg m = { 0 };

	m.handle = pick_handle(w, &fd);
	m.flags = mostly0(r);
	m.reserved = mostly0(r);
	m.len = chance(r, 60) ? 4096 : pick_len(r, 1 << 20);
	m.buf = user_ptr(w, m.len, NULL, 0, 12, false);
	do_ioctl(OP_CHAN_RECV, fd, VMW_RPC_IOC_CHAN_RECV,
		 user_ptr(w, sizeof(m), &m, sizeof(m), 10, true));
}

static void ioc_chan_close(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_chan_close cl = { 0 };

	cl.handle = pick_handle(w, &fd);
	cl.flags = mostly0(r);
	do_ioctl(OP_CHAN_CLOSE, fd, VMW_RPC_IOC_CHAN_CLOSE,
		 user_ptr(w, sizeof(cl), &cl, sizeof(cl), 10, true));
}

static void ioc_call(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_call c = { 0 };
	uint8_t *msg = msgbuf[w->id % THREADS];
	size_t n = gen_rpci(r, msg, sizeof(msgbuf[0]) - 256);

	c.request_len = chance(r, 85) ? n : pick_len(r, n + 16);
	c.request = user_ptr(w, c.request_len, msg, n, 10, false);
	c.reply_len = chance(r, 60) ? 4096 : pick_len(r, 1 << 20);
	/* Not where the request is: the reply overwriting it is no test. */
	c.reply = user_ptr(w, c.reply_len, NULL, 0, 12, false);
	c.flags = mostly0(r);
	c.reserved = mostly0(r);
	do_ioctl(OP_CALL, fd, VMW_RPC_IOC_CALL,
		 user_ptr(w, sizeof(c), &c, sizeof(c), 10, true));
}

/*
 * A whole conversation on one file, the way a real client talks: open an
 * RPCI channel, send a well-formed command, receive the reply into a
 * buffer that is big enough (or not), maybe close. Random single calls
 * rarely get this far, and this is where the engine's deep paths are.
 */
static void conversation(struct worker *w, int fd)
{
	struct rng *r = &w->r;
	struct vmw_rpc_chan_open op = { .protocol = VMW_RPC_PROTO_RPCI };
	struct vmw_rpc_chan_msg m = { 0 };
	struct vmw_rpc_chan_close cl = { 0 };
	uint8_t *msg = msgbuf[w->id % THREADS];
	uint8_t *at = w->arena + ARENA - PAGE;
	unsigned int i, n = 1 + below(r, 4);

	memcpy(at, &op, sizeof(op));
	if (do_ioctl(OP_CHAN_OPEN, fd, VMW_RPC_IOC_CHAN_OPEN, (uintptr_t)at))
		return;
	memcpy(&op, at, sizeof(op));
	remember(w, fd, op.handle);
	for (i = 0; i < n; i++) {
		m.handle = op.handle;
		m.len = gen_rpci(r, msg, chance(r, 90) ? 400 : sizeof(msgbuf[0]) - 256);
		m.buf = (uintptr_t)w->arena;
		memcpy(w->arena, msg, m.len);
		memcpy(at, &m, sizeof(m));
		if (do_ioctl(OP_CHAN_SEND, fd, VMW_RPC_IOC_CHAN_SEND, (uintptr_t)at))
			continue;
		m.len = chance(r, 80) ? (1U << 20) : below(r, 64);
		memcpy(at, &m, sizeof(m));
		if (do_ioctl(OP_CHAN_RECV, fd, VMW_RPC_IOC_CHAN_RECV, (uintptr_t)at) &&
		    errno == ENOBUFS) {
			/* The kept reply, with the size the driver asked for. */
			memcpy(&m, at, sizeof(m));
			do_ioctl(OP_CHAN_RECV, fd, VMW_RPC_IOC_CHAN_RECV, (uintptr_t)at);
		}
	}
	if (chance(r, 70)) {
		cl.handle = op.handle;
		memcpy(at, &cl, sizeof(cl));
		do_ioctl(OP_CHAN_CLOSE, fd, VMW_RPC_IOC_CHAN_CLOSE, (uintptr_t)at);
	}
}

/* Every ioctl number and its neighbours: other numbers, sizes, directions. */
static void ioc_nearby(struct worker *w, int fd)
{
	static const unsigned long valid[] = {
		VMW_RPC_IOC_INFO, VMW_RPC_IOC_BACKDOOR, VMW_RPC_IOC_CHAN_OPEN,
		VMW_RPC_IOC_CHAN_SEND, VMW_RPC_IOC_CHAN_RECV,
		VMW_RPC_IOC_CHAN_CLOSE, VMW_RPC_IOC_CALL,
	};
	struct rng *r = &w->r;
	unsigned long cmd = valid[below(r, 7)];
	unsigned int size = _IOC_SIZE(cmd), i;
	uint8_t *junk = msgbuf[w->id % THREADS];

	switch (below(r, 9)) {
	case 0:	/* the next numbers up, and any number */
		cmd = _IOC(_IOC_DIR(cmd), VMW_RPC_IOC_MAGIC,
			   chance(r, 50) ? 7 + below(r, 9) : below(r, 256), size);
		break;
	case 1:
		cmd = _IOC(below(r, 4), VMW_RPC_IOC_MAGIC, _IOC_NR(cmd), size);
		break;
	case 2:
		size = chance(r, 50) ? size + 1 + below(r, 16) : below(r, size);
		cmd = _IOC(_IOC_DIR(cmd), VMW_RPC_IOC_MAGIC, _IOC_NR(cmd), size);
		break;
	case 3:
		cmd = _IOC(_IOC_DIR(cmd), VMW_RPC_IOC_MAGIC, _IOC_NR(cmd),
			   below(r, 1 << 14));
		break;
	case 4:
		cmd = _IOC(_IOC_DIR(cmd), VMW_RPC_IOC_MAGIC + (chance(r, 50) ? 1 : -1),
			   _IOC_NR(cmd), size);
		break;
	case 5:
		cmd = (uint32_t)rnd(r);
		break;
	case 6:
		cmd &= 0xffff;
		break;
	case 7:	/* generic ioctls the VFS answers before the driver */
		cmd = chance(r, 50) ? FIONREAD : (chance(r, 50) ? FIONBIO : FIOCLEX);
		break;
	default:	/* upper bits the kernel must drop */
		cmd |= rnd(r) << 32;
		break;
	}
	for (i = 0; i < 256; i++)
		junk[i] = chance(r, 70) ? 0 : rnd(r);
	do_ioctl(OP_NEARBY, fd, cmd, user_ptr(w, 256, junk, 256, 20, true));
}

/* Not ioctls: the file operations the driver does not have. */
static void op_other(struct worker *w, int fd)
{
	struct pollfd pfd = { fd, POLLIN | POLLOUT | POLLPRI, 0 };
	void *m;
	int ret;

	switch (below(&w->r, 5)) {
	case 0: ret = read(fd, w->arena, below(&w->r, 64)); break;
	case 1: ret = write(fd, w->arena, below(&w->r, 64)); break;
	case 2: ret = lseek(fd, below(&w->r, 100), SEEK_SET) < 0 ? -1 : 0; break;
	case 3: ret = poll(&pfd, 1, 0) < 0 ? -1 : 0; break;
	default:
		m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
		ret = m == MAP_FAILED ? -1 : 0;
		if (m != MAP_FAILED)
			munmap(m, PAGE);
		break;
	}
	note(OP_OTHER, ret);
}

/* ---- credentials --------------------------------------------------- */

/*
 * Per-thread identity changes: raw system calls, because glibc's wrappers
 * change every thread of the process and this wants threads of one process
 * (sharing fds) to be different users at once. The saved uid stays 0, so
 * a thread can always go back to root.
 */
static void become(struct worker *w, int uid)
{
	gid_t member[] = { UID_MEMBER, GID_VMWRPC }, nonmember[] = { UID_NONMEMBER };
	gid_t root[] = { 0 };

	if (uid == w->cur_uid)
		return;
	syscall(SYS_setresuid, -1, 0, -1);
	if (uid == 0) {
		syscall(SYS_setgroups, 1, root);
		syscall(SYS_setresgid, -1, 0, -1);
	} else if (uid == UID_MEMBER) {
		syscall(SYS_setgroups, 2, member);
		syscall(SYS_setresgid, -1, UID_MEMBER, -1);
		syscall(SYS_setresuid, -1, UID_MEMBER, -1);
	} else {
		syscall(SYS_setgroups, 1, nonmember);
		syscall(SYS_setresgid, -1, UID_NONMEMBER, -1);
		syscall(SYS_setresuid, -1, UID_NONMEMBER, -1);
	}
	w->cur_uid = uid;
	__atomic_fetch_add(&sh->setuids, 1, __ATOMIC_RELAXED);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, s, strlen(s)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

static void die(const char *what)
{
	fprintf(stderr, "vmw-fuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* The process's identity, set once before its threads start. */
static void set_role(enum role role)
{
	gid_t member[] = { UID_MEMBER, GID_VMWRPC }, nonmember[] = { UID_NONMEMBER };
	int i;

	switch (role) {
	case ROLE_ROOT:
		break;
	case ROLE_NONMEMBER:
		/* Opened as root, used as someone without any right to it. */
		for (i = 0; i < NFDS; i += 2)
			P.fds[i] = open(DEV, O_RDWR | O_CLOEXEC);
		P.pinned = open(DEV, O_RDWR | O_CLOEXEC);
		if (setgroups(1, nonmember) || setresgid(UID_NONMEMBER, UID_NONMEMBER, UID_NONMEMBER) ||
		    setresuid(UID_NONMEMBER, UID_NONMEMBER, UID_NONMEMBER))
			die("becoming the non-member");
		break;
	case ROLE_MEMBER:
	case ROLE_USERNS:
		if (setgroups(2, member) || setresgid(UID_MEMBER, UID_MEMBER, UID_MEMBER) ||
		    setresuid(UID_MEMBER, UID_MEMBER, UID_MEMBER))
			die("becoming the member");
		if (role == ROLE_MEMBER)
			break;
		/*
		 * Root in a namespace of its own: CAP_SYS_ADMIN there only.
		 * The uid change made the process undumpable, which leaves
		 * its /proc/self/ files root's: writable again with this.
		 */
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		if (unshare(CLONE_NEWUSER))
			die("unshare(CLONE_NEWUSER)");
		write_file("/proc/self/setgroups", "deny");
		if (write_file("/proc/self/uid_map", "0 1000 1") ||
		    write_file("/proc/self/gid_map", "0 1000 1"))
			die("writing the namespace's id maps");
		if (setresuid(0, 0, 0))
			die("setresuid in the namespace");
		break;
	case ROLE_MIXED:
		/* Real uid the member, saved uid root: threads toggle. */
		if (setresuid(UID_MEMBER, 0, 0))
			die("setresuid for the mixed process");
		break;
	}
}

/* ---- one operation ------------------------------------------------- */

static void one_ioctl(struct worker *w, int fd)
{
	unsigned int x = below(&w->r, 100);

	if (x < 5)
		ioc_info(w, fd);
	else if (x < 10)	/* EPERM unless root, so a little for the others */
		ioc_backdoor(w, fd);
	else if (x < 22)
		conversation(w, fd);
	else if (x < 30)
		ioc_chan_open(w, fd);
	else if (x < 46)
		ioc_chan_send(w, fd);
	else if (x < 60)
		ioc_chan_recv(w, fd);
	else if (x < 66)
		ioc_chan_close(w, fd);
	else if (x < 90)
		ioc_call(w, fd);
	else
		ioc_nearby(w, fd);
}

static void fork_and_kill(struct worker *w);

/* Returns false when the budget of calls is spent. */
static bool one_op(struct worker *w, bool in_child)
{
	struct rng *r;
	unsigned int x;
	int fd, slot;

	w->r = rng_for(opt_seed, w->id, w->k++);
	r = &w->r;
	x = below(r, 1000);
	if (x < 12) {
		op_open(w);
	} else if (x < 17) {
		slot = below(r, NFDS);
		fd = __atomic_exchange_n(&P.fds[slot], -1, __ATOMIC_ACQ_REL);
		/* Maybe while another thread is in an ioctl on it. */
		if (fd >= 0)
			close(fd);
	} else if (x < 20) {
		fd = any_fd(w);
		if (fd >= 0) {
			fd = dup(fd);
			if (fd >= 0)
				put_fd(below(r, NFDS), fd);
		}
	} else if (x < 25) {
		op_other(w, any_fd(w));
	} else if (x < 30 && P.role == ROLE_MIXED && !in_child) {
		static const int uids[] = { 0, UID_MEMBER, UID_NONMEMBER };

		become(w, uids[below(r, 3)]);
	} else if (x < 31 && !in_child) {
		fork_and_kill(w);
	} else {
		if (!claim())
			return false;
		one_ioctl(w, any_fd(w));
	}
	return true;
}

/*
 * A child that inherits the fds and the handles, calls away, and is killed
 * with SIGKILL at a random moment: mid-call, between calls, or before the
 * first. What it held is released by exit, not by close.
 */
static void fork_and_kill(struct worker *w)
{
	struct timespec ts = { 0, below(&w->r, 3000000) };
	unsigned int i, n = 1 + below(&w->r, 20);
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		/* A stream of its own, drawn from the parent's decision. */
		w->id += 1000 * (opt_procs * THREADS);
		w->k = rnd(&w->r);
		for (i = 0; i < n; i++)
			if (!one_op(w, true))
				break;
		_exit(0);
	}
	__atomic_fetch_add(&sh->forks, 1, __ATOMIC_RELAXED);
	nanosleep(&ts, NULL);
	if (kill(pid, SIGKILL) == 0)
		__atomic_fetch_add(&sh->kills, 1, __ATOMIC_RELAXED);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* ---- workers and processes ----------------------------------------- */

static void *map_or_die(size_t len, int prot, int flags, int fd)
{
	void *p = mmap(NULL, len, prot, flags, fd, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void setup_buffers(struct worker *w)
{
	int mfd;

	/* The arena, and a PROT_NONE page after it for straddling buffers. */
	w->arena = map_or_die(ARENA + PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	if (mprotect(w->arena, ARENA, PROT_READ | PROT_WRITE))
		die("mprotect");
	/* One memfd seen twice: read-only for the kernel, writable for us. */
	mfd = memfd_create("vmw-fuzz", MFD_CLOEXEC);
	if (mfd < 0 || ftruncate(mfd, ROSIZE))
		die("memfd");
	w->ro = map_or_die(ROSIZE + PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	if (mmap(w->ro, ROSIZE, PROT_READ, MAP_SHARED | MAP_FIXED, mfd, 0) == MAP_FAILED)
		die("mmap read-only view");
	w->ro_w = map_or_die(ROSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd);
	close(mfd);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (one_op(w, false))
		;
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
}

/*
 * One process: a role, THREADS workers sharing its fds and handles, and
 * its first thread sending them SIGUSR1 at random moments, so that calls
 * are interrupted wherever they wait.
 */
static void proc_main(int index)
{
	struct worker ws[THREADS];
	struct sigaction sa;
	struct rng sr = rng_for(opt_seed, 1000000 + index, 0);
	int i;

	P.index = index;
	P.role = index % 5;
	P.pinned = -1;
	for (i = 0; i < NFDS; i++)
		P.fds[i] = -1;
	P.restart = index & 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = P.restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	set_role(P.role);
	for (i = 0; i < THREADS; i++) {
		memset(&ws[i], 0, sizeof(ws[i]));
		ws[i].id = index * THREADS + i;
		ws[i].cur_uid = P.role == ROLE_MIXED ? 0 : -1;
		setup_buffers(&ws[i]);
		if (pthread_create(&P.threads[i], NULL, worker_main, &ws[i]))
			die("pthread_create");
	}
	while (!__atomic_load_n(&sh->done, __ATOMIC_RELAXED) &&
	       claim()) {
		struct timespec ts = { 0, 100000 + below(&sr, 5000000) };

		nanosleep(&ts, NULL);
		pthread_kill(P.threads[below(&sr, THREADS)], SIGUSR1);
		__atomic_fetch_add(&sh->signals, 1, __ATOMIC_RELAXED);
	}
	for (i = 0; i < THREADS; i++)
		pthread_join(P.threads[i], NULL);
	_exit(0);
}

/* ---- the simulated host's faults, switched at random --------------- */

/*
 * Through the typed client of every other caller (tests/vm/progs/simctl.h):
 * each call's result, 0 or -errno, counted.
 */
static void note_sim(int ret)
{
	if (ret < 0)
		errno = -ret;
	note(OP_SIM, ret);
}

/* The driver's max_reply now (its load-time value); 0 if unreadable. */
static size_t max_reply(void)
{
	char buf[32] = "";
	int fd = open(PARAM_MAX_REPLY, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return strtoul(buf, NULL, 10);
}

static void sim_main(void)
{
	/* Guestinfo values up to past the driver's max_reply. */
	size_t bigsize = max_reply() + 8192;
	char *big = malloc(bigsize);
	struct rng r = rng_for(opt_seed, 2000000, 0);
	char s[128];

	if (!big)
		die("malloc");
	memset(big, 'v', bigsize);
	while (!__atomic_load_n(&sh->done, __ATOMIC_RELAXED)) {
		struct timespec ts = { 0, 1000000 + below(&r, 20000000) };
		unsigned int a, b;

		nanosleep(&ts, NULL);
		switch (below(&r, 16)) {
		case 0: note_sim(simctl_set_hb(chance(&r, 70))); break;
		case 1: note_sim(simctl_set_cookies(chance(&r, 70))); break;
		case 2:
			note_sim(simctl_set_max_channels(1 + (unsigned int)below(&r, 16)));
			break;
		case 3:
			a = chance(&r, 50) ? 0 : 1 + (unsigned int)below(&r, 300);
			note_sim(simctl_set_idle_timeout_ms(a));
			break;
		case 4: note_sim(simctl_refuse_open(chance(&r, 25))); break;
		case 5: note_sim(simctl_secure_rpc(chance(&r, 20))); break;
		case 6:
			if (chance(&r, 30))
				note_sim(simctl_close_channel(-1));
			else
				note_sim(simctl_close_channel((int)below(&r, 10)));
			break;
		case 7: case 8: {
			/* A CPT answer at any step of a transfer. */
			enum simctl_step step = (enum simctl_step)below(&r, SIMCTL_CLOSE);

			a = 1 + (unsigned int)below(&r, 4);
			b = (unsigned int)below(&r, 6);
			note_sim(simctl_fault_cpt(step, a, b));
			break;
		}
		case 9: {
			/* A wrong answer of a kind with no length of its own. */
			enum simctl_garbage g = (enum simctl_garbage)below(&r, SIMCTL_G_OVERSIZE);

			note_sim(simctl_fault_garbage(g, 1 + (unsigned int)below(&r, 3), 0));
			break;
		}
		case 10:
			a = chance(&r, 50) ? (unsigned int)below(&r, 100) : (unsigned int)rnd(&r);
			b = 1 + (unsigned int)below(&r, 2);
			note_sim(simctl_fault_garbage(SIMCTL_G_OVERSIZE, b, a));
			break;
		case 11: note_sim(simctl_faults_clear()); break;
		case 12: note_sim(simctl_reset()); break;
		case 13:
			if (chance(&r, 50))
				note_sim(simctl_tclo_queue("reset", strlen("reset")));
			else
				note_sim(simctl_tclo_queue("ping", strlen("ping")));
			break;
		case 14: {
			/* A value up to past max_reply, for a key the workers read. */
			size_t n;

			snprintf(s, sizeof(s), "k%u", (unsigned int)below(&r, 6));
			n = chance(&r, 70) ? below(&r, 5000) : below(&r, bigsize);
			note_sim(simctl_guestinfo_set(s, big, n));
			break;
		}
		default:
			note_sim(simctl_counters_clear());
			break;
		}
	}
	_exit(0);
}

/* ---- rpci_allow writes across module unload and reload ------------- */

static volatile int race_stop;
static void print_table(void);

static void *param_writer(void *arg)
{
	static const char *const lists[] = {
		"info-get guestinfo.", "info-get guestinfo.,log ",
		"info-get guestinfo.,info-set guestinfo.,tools.set.version ", "",
		"bad\x01prefix", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
	};
	struct rng r = rng_for(opt_seed, 3000000 + (uintptr_t)arg, 0);
	int fd = -1, ret;

	while (!race_stop) {
		const char *s = lists[below(&r, 6)];

		/* Kept open across the unload when it can be. */
		if (fd < 0)
			fd = open(PARAM_ALLOW, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			sched_yield();	/* unloaded: let rmmod and insmod run */
			continue;
		}
		ret = pwrite(fd, s, strlen(s), 0) < 0 ? -1 : 0;
		note(OP_PARAM, ret);
		if (ret && (errno == ENODEV || errno == ENOENT)) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int load_module(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return ret;
}

/*
 * ROUNDS times: three threads write rpci_allow while the simulated host
 * and the driver are unloaded and loaded again. Needs the modules'
 * paths; the device is not used (no fd may be open: rmmod would refuse).
 */
static int param_race(int rounds, const char *ko, const char *sim_ko,
		      const char *params)
{
	pthread_t t[3];
	int i, j, bad = 0;

	for (i = 0; i < rounds; i++) {
		race_stop = 0;
		for (j = 0; j < 3; j++)
			pthread_create(&t[j], NULL, param_writer, (void *)(uintptr_t)(i * 3 + j));
		usleep(20000);
		if (syscall(SYS_delete_module, "vmw_rpc_sim", O_NONBLOCK) ||
		    syscall(SYS_delete_module, "vmw_rpc", O_NONBLOCK)) {
			fprintf(stderr, "vmw-fuzz: round %d: rmmod: %s\n", i, strerror(errno));
			bad = 1;
		}
		usleep(20000);
		if (load_module(ko, params) || load_module(sim_ko, "")) {
			fprintf(stderr, "vmw-fuzz: round %d: loading: %s\n", i, strerror(errno));
			bad = 1;
		}
		usleep(20000);
		race_stop = 1;
		for (j = 0; j < 3; j++)
			pthread_join(t[j], NULL);
		if (bad)
			break;
	}
	printf("vmw-fuzz: rpci_allow race: %d rounds of unload and reload with 3 writers\n", i);
	print_table();
	return bad;
}

/* ---- main ---------------------------------------------------------- */

static void print_table(void)
{
	int op, e;

	printf("%-22s %10s  %s\n", "call", "count", "results (errno: count)");
	for (op = 0; op < NOPS; op++) {
		uint64_t total = 0;

		for (e = 0; e < MAXERR; e++)
			total += sh->count[op][e];
		if (!total)
			continue;
		printf("%-22s %10llu ", op_names[op], (unsigned long long)total);
		for (e = 0; e < MAXERR; e++) {
			const char *name;

			if (!sh->count[op][e])
				continue;
			name = e ? strerrorname_np(e) : "ok";
			if (e == MAXERR - 1)
				name = "other";
			printf(" %s:%llu", name ? name : "?",
			       (unsigned long long)sh->count[op][e]);
		}
		printf("\n");
	}
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vmw-fuzz [-n CALLS] [-s SEED] [-p PROCS] [-q]\n"
"       vmw-fuzz --param-race ROUNDS VMW_RPC_KO SIM_KO 'PARAMS'\n"
"\n"
"In a test guest (tests/fuzz/run boots one), as root, with the test build\n"
"of vmw_rpc.ko and the simulated host loaded: issue CALLS ioctls\n"
"(default 200000) on " DEV " from PROCS processes (default 6) of %d\n"
"threads each, in the roles root, vmwrpc member, non-member using fds\n"
"root opened, mixed (threads of one process switching between those users\n"
"while sharing fds) and root of a user namespace; with opens, closes and\n"
"dups racing the calls, SIGUSR1 at random moments, children killed with\n"
"SIGKILL mid-call, and a controller switching the simulated host's\n"
"faults and settings through " SIMCTL_DIR ".\n"
"Decisions come from SEED (default 1): worker W's Kth operation depends on\n"
"(SEED, W, K) only. Prints, per call, how many ended with each errno.\n"
"\n"
"--param-race: ROUNDS times, unload and reload the driver (and the\n"
"simulated host) while three threads write " PARAM_ALLOW ".\n"
"\n"
"The kernel's reports (KASAN, lockdep, ...) are counted from the kernel\n"
"log by tests/fuzz/run, not here.\n", THREADS);
}

int main(int argc, char **argv)
{
	pid_t pids[64], sim = -1;
	int i, status, bad = 0, ticks = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			opt_calls = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			opt_seed = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			opt_procs = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "-q")) {
			opt_quiet = 1;
		} else if (!strcmp(argv[i], "--param-race") && i + 4 < argc) {
			sh = map_or_die(sizeof(*sh), PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1);
			return param_race(atoi(argv[i + 1]), argv[i + 2], argv[i + 3],
					  argv[i + 4]) ? 1 : 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (opt_procs < 1 || opt_procs > 64) {
		fprintf(stderr, "vmw-fuzz: -p wants 1 to 64\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = map_or_die(sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1);
	printf("vmw-fuzz: seed %llu, %llu calls, %d processes of %d threads\n",
	       (unsigned long long)opt_seed, (unsigned long long)opt_calls, opt_procs, THREADS);
	for (i = 0; i < opt_procs; i++)
		printf("vmw-fuzz: process %d: %s\n", i, role_names[i % 5]);
	sim = fork();
	if (sim == 0)
		sim_main();
	for (i = 0; i < opt_procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0)
			proc_main(i);
	}
	for (;;) {
		uint64_t c = __atomic_load_n(&sh->calls, __ATOMIC_RELAXED);
		pid_t p = waitpid(-1, &status, WNOHANG);

		if (p > 0 && p != sim) {
			/* A worker process ended: the others end soon. */
			if (!WIFEXITED(status) || WEXITSTATUS(status)) {
				fprintf(stderr, "vmw-fuzz: a worker process died (status 0x%x)\n", status);
				bad = 1;
			}
			for (i = 0; i < opt_procs; i++)
				if (pids[i] == p)
					pids[i] = -1;
		}
		for (i = 0; i < opt_procs && pids[i] < 0; i++)
			;
		if (i == opt_procs)
			break;
		if (++ticks % 10 == 0 && !opt_quiet)
			printf("vmw-fuzz: progress %llu calls\n", (unsigned long long)c);
		sleep(1);
	}
	for (i = 0; i < opt_procs; i++) {
		if (pids[i] <= 0)
			continue;
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "vmw-fuzz: a worker process died (status 0x%x)\n", status);
			bad = 1;
		}
	}
	__atomic_store_n(&sh->done, 1, __ATOMIC_RELAXED);
	waitpid(sim, NULL, 0);
	/* Back to the load-time settings: every channel closes, faults go. */
	simctl_reset();
	printf("vmw-fuzz: %llu forks killed with SIGKILL (of %llu), %llu signals, %llu per-thread identity changes\n",
	       (unsigned long long)sh->kills, (unsigned long long)sh->forks,
	       (unsigned long long)sh->signals, (unsigned long long)sh->setuids);
	print_table();
	printf("vmw-fuzz: %llu calls\n", (unsigned long long)sh->calls);
	return bad;
}
