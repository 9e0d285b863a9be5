/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simctl.h: the client of the simulated VMware host (vmw_rpc_sim.ko) for
 * guest programs: one typed function per control of its debugfs
 * directory, /sys/kernel/debug/vmw_rpc_sim/ (tests/sim/README.md).
 *
 * Header-only, because tests/vm/run builds each C file of tests/vm/progs alone
 * (gcc -O2 -g -Wall -Wextra -Werror -I uapi, one source file, no library):
 * a program includes "simctl.h" like "tap.h", and every function is
 * static and marked unused. Shell tests use the same functions through
 * the vmw-simctl command (vmw-simctl.c).
 *
 * Every function returns 0 (or a count, for the readers and getters) or
 * -errno; none prints. The debugfs file each one uses is named in its
 * comment; to add a control, add its file to sim.c, a function here and
 * a subcommand to vmw-simctl.c.
 */
#ifndef VMW_SIMCTL_H
#define VMW_SIMCTL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define SIMCTL_DIR "/sys/kernel/debug/vmw_rpc_sim/"
#define SIMCTL_UNUSED __attribute__((unused))

/*
 * The host's steps (tests/sim/sim.h, enum vmw_sim_step). The simulator
 * knows them by the names below (its debugfs files speak names, never
 * numbers), so this enum's order is the client's own.
 */
enum simctl_step {
	SIMCTL_OPEN,
	SIMCTL_SENDSIZE,
	SIMCTL_SENDPAYLOAD,
	SIMCTL_HB_SEND,
	SIMCTL_RECVSIZE,
	SIMCTL_RECVPAYLOAD,
	SIMCTL_HB_RECV,
	SIMCTL_RECVSTATUS,
	SIMCTL_CLOSE,
	SIMCTL_BAD,
	SIMCTL_PASSTHROUGH,
	SIMCTL_NSTEPS
};

static const char *const simctl_step_names[SIMCTL_NSTEPS] SIMCTL_UNUSED = {
	"open", "sendsize", "sendpayload", "hb-send", "recvsize",
	"recvpayload", "hb-recv", "recvstatus", "close", "bad", "passthrough",
};

/* Wrong answers (enum vmw_sim_garbage), by name as the steps are. */
enum simctl_garbage {
	SIMCTL_G_RECVSIZE_TYPE,		/* RECVSIZE says edx[31:16] = 7 */
	SIMCTL_G_RECVPAYLOAD_TYPE,	/* RECVPAYLOAD says edx[31:16] = 7 */
	SIMCTL_G_BAD_REPLY,		/* RPCI reply "garbage" */
	SIMCTL_G_SHORT_REPLY,		/* RPCI reply "1" */
	SIMCTL_G_OVERSIZE,		/* RECVSIZE reports a given length */
	SIMCTL_G_N
};

static const char *const simctl_garbage_names[SIMCTL_G_N] SIMCTL_UNUSED = {
	"recvsize_type", "recvpayload_type", "bad_reply", "short_reply",
	"oversize",
};

/* The host's settings: each is a debugfs file of that name. */
enum simctl_setting {
	SIMCTL_HB,		/* 0/1: offer high bandwidth */
	SIMCTL_COOKIES,		/* 0/1: 0 = opens asking for cookies fail */
	SIMCTL_MAX_CHANNELS,	/* 1..128, host-wide */
	SIMCTL_IDLE_TIMEOUT_MS,	/* idle expiry, 0 = never */
	SIMCTL_REFUSE_OPEN,	/* 0/1: every OPEN fails */
	SIMCTL_SECURE_RPC,	/* 0/1: info-get/-set: Permission denied */
	SIMCTL_TRACE_ENABLE,	/* 0/1: record calls in the trace */
	SIMCTL_DEBUGCON,	/* 0/1: copy log lines to port 0xe9 */
	SIMCTL_NSETTINGS
};

static const char *const simctl_setting_names[SIMCTL_NSETTINGS] SIMCTL_UNUSED = {
	"hb", "cookies", "max_channels", "idle_timeout_ms", "refuse_open",
	"secure_rpc", "trace_enable", "debugcon",
};

/* Low level: the bytes of one debugfs file. */

/*
 * Write @len bytes to @file in one open (binary-safe); 0 or -errno.
 * @len 0 is one empty write (guestinfo/value: an empty value).
 */
static SIMCTL_UNUSED int simctl_write(const char *file, const void *buf,
				      size_t len)
{
	char path[256];
	size_t done = 0;
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), SIMCTL_DIR "%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, (const char *)buf + done, len - done);
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0 && len) {
			ret = -EIO;
			break;
		}
		done += n;
	} while (done < len);
	close(fd);
	return ret;
}

/* Write a string to @file; 0 or -errno. */
static SIMCTL_UNUSED int simctl_write_str(const char *file, const char *text)
{
	return simctl_write(file, text, strlen(text));
}

/* Read up to @size bytes of @file; the count or -errno. No NUL added. */
static SIMCTL_UNUSED ssize_t simctl_read(const char *file, void *buf,
					 size_t size)
{
	char path[256];
	size_t got = 0;
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), SIMCTL_DIR "%s", file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (got < size && (n = read(fd, (char *)buf + got, size - got)) > 0)
		got += n;
	if (n < 0)
		got = -errno;
	close(fd);
	return got;
}

/* Copy all of @file to @out_fd; 0 or -errno. */
static SIMCTL_UNUSED int simctl_copy(const char *file, int out_fd)
{
	char path[256], buf[65536];
	ssize_t n, w;
	int fd, ret = 0;

	snprintf(path, sizeof(path), SIMCTL_DIR "%s", file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (w = 0; w < n; ) {
			ssize_t k = write(out_fd, buf + w, n - w);

			if (k <= 0) {
				ret = k < 0 ? -errno : -EIO;
				goto out;
			}
			w += k;
		}
	}
	if (n < 0)
		ret = -errno;
out:
	close(fd);
	return ret;
}

/* A number (a line of digits) from @file; the number or -errno. */
static SIMCTL_UNUSED long long simctl_read_num(const char *file)
{
	char buf[32];
	ssize_t n = simctl_read(file, buf, sizeof(buf) - 1);

	if (n < 0)
		return n;
	buf[n] = 0;
	return atoll(buf);
}

/* Settings */

/* Set @s to @val (hb, cookies, ...: 0 or 1); 0 or -errno (-EINVAL). */
static SIMCTL_UNUSED int simctl_set(enum simctl_setting s, unsigned int val)
{
	char buf[16];

	if (s >= SIMCTL_NSETTINGS)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%u", val);
	return simctl_write_str(simctl_setting_names[s], buf);
}

/* The value of @s, or -errno. */
static SIMCTL_UNUSED long long simctl_get(enum simctl_setting s)
{
	if (s >= SIMCTL_NSETTINGS)
		return -EINVAL;
	return simctl_read_num(simctl_setting_names[s]);
}

/* hb: offer high bandwidth and accept HB transfers. */
static SIMCTL_UNUSED int simctl_set_hb(bool on)
{
	return simctl_set(SIMCTL_HB, on);
}

/* cookies: off = opens with the cookie flag fail (an old host). */
static SIMCTL_UNUSED int simctl_set_cookies(bool on)
{
	return simctl_set(SIMCTL_COOKIES, on);
}

/* max_channels: the host-wide limit, 1..128 (open channels stay). */
static SIMCTL_UNUSED int simctl_set_max_channels(unsigned int n)
{
	return simctl_set(SIMCTL_MAX_CHANNELS, n);
}

/* idle_timeout_ms: close channels idle this long, 0 = never. */
static SIMCTL_UNUSED int simctl_set_idle_timeout_ms(unsigned int ms)
{
	return simctl_set(SIMCTL_IDLE_TIMEOUT_MS, ms);
}

/* refuse_open: every OPEN fails. */
static SIMCTL_UNUSED int simctl_refuse_open(bool on)
{
	return simctl_set(SIMCTL_REFUSE_OPEN, on);
}

/* secure_rpc: info-get and info-set answer "0 Permission denied". */
static SIMCTL_UNUSED int simctl_secure_rpc(bool on)
{
	return simctl_set(SIMCTL_SECURE_RPC, on);
}

/* trace_enable: record calls in the trace. */
static SIMCTL_UNUSED int simctl_trace_enable(bool on)
{
	return simctl_set(SIMCTL_TRACE_ENABLE, on);
}

/* debugcon: copy each line of the log to QEMU's debug console (0xe9). */
static SIMCTL_UNUSED int simctl_debugcon(bool on)
{
	return simctl_set(SIMCTL_DEBUGCON, on);
}

/* Channels */

/* nr_channels: channels open on the host now (after idle expiry). */
static SIMCTL_UNUSED long long simctl_nr_channels(void)
{
	return simctl_read_num("nr_channels");
}

/* close: the host closes channel @id, or every channel for @id < 0. */
static SIMCTL_UNUSED int simctl_close_channel(int id)
{
	char buf[16];

	if (id < 0)
		return simctl_write_str("close", "all");
	snprintf(buf, sizeof(buf), "%d", id);
	return simctl_write_str("close", buf);
}

/* channels: one line per open channel, into @buf; the count or -errno. */
static SIMCTL_UNUSED ssize_t simctl_channels_read(void *buf, size_t size)
{
	return simctl_read("channels", buf, size);
}

/*
 * reset: close every channel; clear guestinfo, log, TCLO, faults,
 * counters and trace; restore the load-time settings.
 */
static SIMCTL_UNUSED int simctl_reset(void)
{
	return simctl_write_str("reset", "1");
}

/* Faults (faults) */

/*
 * The @nth call of @step from now (1: the next) and the @count - 1 calls
 * after it answer CPT; @count 0 disarms. @step: SIMCTL_OPEN to
 * SIMCTL_RECVSTATUS.
 */
static SIMCTL_UNUSED int simctl_fault_cpt(enum simctl_step step,
					  unsigned int nth, unsigned int count)
{
	char buf[64];

	if (step >= SIMCTL_CLOSE)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "cpt %s %u %u", simctl_step_names[step],
		 nth, count);
	return simctl_write_str("faults", buf);
}

/*
 * The next @count answers of kind @g are wrong; @len is the length
 * SIMCTL_G_OVERSIZE reports (ignored for the others).
 */
static SIMCTL_UNUSED int simctl_fault_garbage(enum simctl_garbage g,
					      unsigned int count,
					      unsigned int len)
{
	char buf[64];

	if (g >= SIMCTL_G_N)
		return -EINVAL;
	if (g == SIMCTL_G_OVERSIZE)
		snprintf(buf, sizeof(buf), "oversize %u %u", len, count);
	else
		snprintf(buf, sizeof(buf), "%s %u", simctl_garbage_names[g],
			 count);
	return simctl_write_str("faults", buf);
}

/* Disarm every fault. */
static SIMCTL_UNUSED int simctl_faults_clear(void)
{
	return simctl_write_str("faults", "clear");
}

/* The faults still armed, one per line (empty: all fired). */
static SIMCTL_UNUSED ssize_t simctl_faults_read(void *buf, size_t size)
{
	return simctl_read("faults", buf, size);
}

/* Guestinfo (guestinfo/) */

/* Select @key ("guestinfo." prefix optional) for value reads/writes. */
static SIMCTL_UNUSED int simctl_guestinfo_key(const char *key)
{
	return simctl_write_str("guestinfo/key", key);
}

/* Set guestinfo @key to @len bytes of @val (binary-safe, may be empty). */
static SIMCTL_UNUSED int simctl_guestinfo_set(const char *key,
					      const void *val, size_t len)
{
	int ret = simctl_guestinfo_key(key);

	return ret ? ret : simctl_write("guestinfo/value", val, len);
}

/* Up to @size bytes of @key's value; the count, or -ENOENT if unset. */
static SIMCTL_UNUSED ssize_t simctl_guestinfo_get(const char *key, void *buf,
						  size_t size)
{
	int ret = simctl_guestinfo_key(key);

	return ret ? ret : simctl_read("guestinfo/value", buf, size);
}

/* All of @key's value to @fd; 0, or -ENOENT if unset. */
static SIMCTL_UNUSED int simctl_guestinfo_get_fd(const char *key, int fd)
{
	int ret = simctl_guestinfo_key(key);

	return ret ? ret : simctl_copy("guestinfo/value", fd);
}

/* Unset @key; -ENOENT if it was not set. */
static SIMCTL_UNUSED int simctl_guestinfo_delete(const char *key)
{
	return simctl_write_str("guestinfo/delete", key);
}

/* TCLO (tclo, tclo_answers) */

/* Queue one command for the guest's TCLO channel. */
static SIMCTL_UNUSED int simctl_tclo_queue(const void *cmd, size_t len)
{
	return simctl_write("tclo", cmd, len);
}

/* The queued commands, one per line (escaped). */
static SIMCTL_UNUSED ssize_t simctl_tclo_read(void *buf, size_t size)
{
	return simctl_read("tclo", buf, size);
}

/* The guest's answers, "COMMAND<TAB>ANSWER" per line (escaped). */
static SIMCTL_UNUSED ssize_t simctl_tclo_answers(void *buf, size_t size)
{
	return simctl_read("tclo_answers", buf, size);
}

static SIMCTL_UNUSED int simctl_tclo_answers_clear(void)
{
	return simctl_write_str("tclo_answers", "\n");
}

/* RPCI (rpci): the commands the guest sent, one per line (escaped). */
static SIMCTL_UNUSED ssize_t simctl_rpci_read(void *buf, size_t size)
{
	return simctl_read("rpci", buf, size);
}

static SIMCTL_UNUSED int simctl_rpci_clear(void)
{
	return simctl_write_str("rpci", "\n");
}

/* Counters, trace, log */

/*
 * One counter: "calls.STEP", "failed.STEP", "refused_opens", "expired",
 * "peak_channels", "nr_channels", or a TCLO one ("tclo_handed",
 * "tclo_wait_ms", "tclo_wait_ms_max", "tclo_answered", "tclo_answer_ms",
 * "tclo_answer_ms_max"). The value, or -ENOENT for a name the host does
 * not have.
 */
static SIMCTL_UNUSED long long simctl_counter(const char *name)
{
	static char buf[8192];
	ssize_t n = simctl_read("counters", buf, sizeof(buf) - 1);
	size_t l = strlen(name);
	char *p;

	if (n < 0)
		return n;
	buf[n] = 0;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, name, l) && p[l] == ' ')
			return atoll(p + l + 1);
	return -ENOENT;
}

/* calls.@step */
static SIMCTL_UNUSED long long simctl_calls(enum simctl_step step)
{
	char name[32];

	if (step >= SIMCTL_NSTEPS)
		return -EINVAL;
	snprintf(name, sizeof(name), "calls.%s", simctl_step_names[step]);
	return simctl_counter(name);
}

/* Every counter, "NAME VALUE" per line. */
static SIMCTL_UNUSED ssize_t simctl_counters_read(void *buf, size_t size)
{
	return simctl_read("counters", buf, size);
}

/* Zero the counters (peak_channels = channels open now). */
static SIMCTL_UNUSED int simctl_counters_clear(void)
{
	return simctl_write_str("counters", "0");
}

/* The trace, one line per call, oldest first (tests/sim/README.md). */
static SIMCTL_UNUSED ssize_t simctl_trace_read(void *buf, size_t size)
{
	return simctl_read("trace", buf, size);
}

static SIMCTL_UNUSED int simctl_trace_clear(void)
{
	return simctl_write_str("trace", "\n");
}

/* The text of the guest's "log" commands, one line each. */
static SIMCTL_UNUSED ssize_t simctl_log_read(void *buf, size_t size)
{
	return simctl_read("log", buf, size);
}

static SIMCTL_UNUSED int simctl_log_clear(void)
{
	return simctl_write_str("log", "\n");
}

#endif /* VMW_SIMCTL_H */
