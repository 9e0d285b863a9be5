// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-simctl: control the simulated VMware host (vmw_rpc_sim.ko) from a
 * shell; one subcommand per function of simctl.h. Run as root in a
 * `tests/vm/run --sim` guest; `vmw-simctl --help` lists the subcommands.
 * Exit 0, or 1 with a message on stderr, 2 for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simctl.h"

static const char usage[] =
"usage: vmw-simctl COMMAND [ARG...]   (the simulated host, tests/sim/README.md)\n"
"settings (no VALUE: print it):\n"
"  hb [0|1]                      offer high bandwidth\n"
"  cookies [0|1]                 0: opens asking for cookies fail\n"
"  max_channels [N]              host-wide channel limit, 1..128\n"
"  idle_timeout_ms [MS]          idle expiry, 0 = never\n"
"  refuse_open [0|1]             1: every OPEN fails\n"
"  secure_rpc [0|1]              1: info-get/info-set: Permission denied\n"
"  trace_enable [0|1]            record calls in the trace\n"
"  debugcon [0|1]                1: copy log lines to port 0xe9 (QEMU's debugcon)\n"
"channels:\n"
"  nr_channels                   channels open on the host\n"
"  channels                      one line per open channel\n"
"  close ID|all                  the host closes a channel\n"
"  reset                         everything back to the load-time state\n"
"faults:\n"
"  fault cpt STEP [N [K]]        CPT at the Nth call of STEP and K-1 after\n"
"  fault recvsize_type|recvpayload_type|bad_reply|short_reply [K]\n"
"  fault oversize LEN [K]        RECVSIZE reports LEN\n"
"  fault clear                   disarm everything\n"
"  faults                        print what is still armed\n"
"guestinfo:\n"
"  guestinfo set KEY [VALUE]     without VALUE, the value is stdin (bytes)\n"
"  guestinfo get KEY             the value's bytes on stdout (fails if unset)\n"
"  guestinfo delete KEY\n"
"  guestinfo list                KEY LENGTH per key, then the bytes used\n"
"TCLO:\n"
"  tclo queue COMMAND            queue a command for the guest\n"
"  tclo list                     the queued commands\n"
"  tclo answers                  COMMAND<TAB>ANSWER per answer\n"
"  tclo clear-answers\n"
"RPCI:\n"
"  rpci [clear]                  the RPCI commands the guest sent, one per line\n"
"counters, trace, log:\n"
"  counter NAME                  calls.STEP, failed.STEP, refused_opens,\n"
"                                expired, peak_channels, nr_channels,\n"
"                                tclo_handed, tclo_wait_ms[_max],\n"
"                                tclo_answered, tclo_answer_ms[_max]\n"
"  counters [clear]              print them all, or zero them\n"
"  trace [clear]                 print or clear the trace\n"
"  log [clear]                   print or clear the log\n"
"STEP: open sendsize sendpayload hb-send recvsize recvpayload hb-recv\n"
"      recvstatus (counters also close bad passthrough)\n";

static const char *cmd_name = "";

static int bad_usage(void)
{
	fprintf(stderr, "vmw-simctl: bad usage of '%s'; see vmw-simctl --help\n",
		cmd_name);
	return 2;
}

static int done(int ret, const char *what)
{
	if (ret < 0) {
		fprintf(stderr, "vmw-simctl: %s: %s\n", what, strerror(-ret));
		return 1;
	}
	return 0;
}

static int num(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > 0xffffffffUL)
		return -1;
	*out = v;
	return 0;
}

static int print_file(const char *file)
{
	return done(simctl_copy(file, STDOUT_FILENO), file);
}

/* All of stdin, malloc()ed; NULL on error. */
static char *slurp(size_t *len)
{
	size_t size = 65536, got = 0;
	char *buf = malloc(size), *nb;
	ssize_t n;

	while (buf && (n = read(STDIN_FILENO, buf + got, size - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		got += n;
		if (got == size) {
			nb = realloc(buf, size *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	*len = got;
	return buf;
}

static int cmd_fault(int argc, char **argv)
{
	unsigned int n[2] = { 1, 1 };
	int i, g;

	if (argc < 1)
		return bad_usage();
	if (!strcmp(argv[0], "clear") && argc == 1)
		return done(simctl_faults_clear(), "fault clear");
	if (!strcmp(argv[0], "cpt")) {
		if (argc < 2 || argc > 4)
			return bad_usage();
		for (i = 2; i < argc; i++)
			if (num(argv[i], &n[i - 2]))
				return bad_usage();
		for (i = 0; i < SIMCTL_CLOSE; i++)
			if (!strcmp(argv[1], simctl_step_names[i]))
				return done(simctl_fault_cpt(i, n[0], n[1]),
					    "fault cpt");
		return bad_usage();
	}
	if (!strcmp(argv[0], "oversize")) {
		/* oversize LEN [K] */
		if (argc < 2 || argc > 3 || num(argv[1], &n[0]) ||
		    (argc == 3 && num(argv[2], &n[1])))
			return bad_usage();
		return done(simctl_fault_garbage(SIMCTL_G_OVERSIZE, n[1], n[0]),
			    "fault oversize");
	}
	for (g = 0; g < SIMCTL_G_N; g++) {
		if (g == SIMCTL_G_OVERSIZE || strcmp(argv[0], simctl_garbage_names[g]))
			continue;
		if (argc > 2 || (argc == 2 && num(argv[1], &n[0])))
			return bad_usage();
		return done(simctl_fault_garbage(g, n[0], 0), argv[0]);
	}
	return bad_usage();
}

static int cmd_guestinfo(int argc, char **argv)
{
	size_t len;
	char *val;
	int ret;

	if (argc == 1 && !strcmp(argv[0], "list"))
		return print_file("guestinfo/list");
	if (argc < 2)
		return bad_usage();
	if (!strcmp(argv[0], "set") && argc <= 3) {
		if (argc == 3)
			return done(simctl_guestinfo_set(argv[1], argv[2],
							 strlen(argv[2])),
				    "guestinfo set");
		val = slurp(&len);
		if (!val)
			return done(-errno, "guestinfo set: stdin");
		ret = simctl_guestinfo_set(argv[1], val, len);
		free(val);
		return done(ret, "guestinfo set");
	}
	if (!strcmp(argv[0], "get") && argc == 2)
		return done(simctl_guestinfo_get_fd(argv[1], STDOUT_FILENO),
			    "guestinfo get");
	if (!strcmp(argv[0], "delete") && argc == 2)
		return done(simctl_guestinfo_delete(argv[1]), "guestinfo delete");
	return bad_usage();
}

static int cmd_tclo(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[0], "queue"))
		return done(simctl_tclo_queue(argv[1], strlen(argv[1])),
			    "tclo queue");
	if (argc != 1)
		return bad_usage();
	if (!strcmp(argv[0], "list"))
		return print_file("tclo");
	if (!strcmp(argv[0], "answers"))
		return print_file("tclo_answers");
	if (!strcmp(argv[0], "clear-answers"))
		return done(simctl_tclo_answers_clear(), "tclo clear-answers");
	return bad_usage();
}

/* print FILE, or with "clear" clear it with @clear. */
static int print_or_clear(int argc, char **argv, const char *file,
			  int (*clear)(void))
{
	if (argc == 0)
		return print_file(file);
	if (argc == 1 && !strcmp(argv[0], "clear"))
		return done(clear(), file);
	return bad_usage();
}

int main(int argc, char **argv)
{
	unsigned int v;
	long long n;
	int s;

	if (argc < 2)
		return bad_usage();
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	cmd_name = argv[1];
	argc -= 2;
	argv += 2;

	for (s = 0; s < SIMCTL_NSETTINGS; s++) {
		if (strcmp(cmd_name, simctl_setting_names[s]))
			continue;
		if (argc == 0) {
			n = simctl_get(s);
			if (n < 0)
				return done(n, cmd_name);
			printf("%lld\n", n);
			return 0;
		}
		if (argc != 1 || num(argv[0], &v))
			return bad_usage();
		return done(simctl_set(s, v), cmd_name);
	}
	if (!strcmp(cmd_name, "nr_channels") && argc == 0) {
		n = simctl_nr_channels();
		if (n < 0)
			return done(n, cmd_name);
		printf("%lld\n", n);
		return 0;
	}
	if (!strcmp(cmd_name, "channels") && argc == 0)
		return print_file("channels");
	if (!strcmp(cmd_name, "close") && argc == 1) {
		if (!strcmp(argv[0], "all"))
			return done(simctl_close_channel(-1), cmd_name);
		if (num(argv[0], &v) || v > 0x7fffffff)
			return bad_usage();
		return done(simctl_close_channel(v), cmd_name);
	}
	if (!strcmp(cmd_name, "reset") && argc == 0)
		return done(simctl_reset(), cmd_name);
	if (!strcmp(cmd_name, "fault"))
		return cmd_fault(argc, argv);
	if (!strcmp(cmd_name, "faults") && argc == 0)
		return print_file("faults");
	if (!strcmp(cmd_name, "guestinfo"))
		return cmd_guestinfo(argc, argv);
	if (!strcmp(cmd_name, "tclo"))
		return cmd_tclo(argc, argv);
	if (!strcmp(cmd_name, "counter") && argc == 1) {
		n = simctl_counter(argv[0]);
		if (n < 0)
			return done(n, argv[0]);
		printf("%lld\n", n);
		return 0;
	}
	if (!strcmp(cmd_name, "counters"))
		return print_or_clear(argc, argv, "counters",
				      simctl_counters_clear);
	if (!strcmp(cmd_name, "trace"))
		return print_or_clear(argc, argv, "trace", simctl_trace_clear);
	if (!strcmp(cmd_name, "log"))
		return print_or_clear(argc, argv, "log", simctl_log_clear);
	if (!strcmp(cmd_name, "rpci"))
		return print_or_clear(argc, argv, "rpci", simctl_rpci_clear);
	return bad_usage();
}
