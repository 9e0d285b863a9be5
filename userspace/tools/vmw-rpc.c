// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmw-rpc: the VMware backdoor and GuestRPC from the command line, through
 * libvmwrpc's public API only. See vmw-rpc(1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define PROG "vmw-rpc"

struct ctx {
	FILE *in, *out, *err;
	const char *device;		/* NULL: the library's default */
	/*
	 * VMWRPC_OPEN_LOAD_MODULE: a root caller in early boot finds the
	 * module loaded by the call itself, as modprobe would. Only status
	 * (a diagnosis) leaves the machine as it is unless -l asks.
	 */
	unsigned int open_flags;
	bool load;			/* -l given */
};

static const char usage_main[] =
"Usage: vmw-rpc [OPTIONS] COMMAND [ARGS]\n"
"\n"
"Talk to the VMware host through /dev/vmw_rpc.\n"
"\n"
"Commands:\n"
"  info                      what the driver and the host support\n"
"  status                    module, device, permissions, host: what works\n"
"  call COMMAND...           send an RPCI command, print the reply text\n"
"  guestinfo get KEY         print a guestinfo value (raw bytes)\n"
"  guestinfo set KEY [VALUE] set a guestinfo value (from stdin without VALUE)\n"
"  log TEXT...               write TEXT to the VM's vmware.log\n"
"  backdoor NAME|--cmd N     one raw backdoor call (root)\n"
"  stats [--json]            the driver's counters (root)\n"
"  help [COMMAND]            this help, or COMMAND's\n"
"\n"
"Options:\n"
"  -d, --device PATH         use PATH instead of /dev/vmw_rpc\n"
"  -l, --load                status: load the vmw_rpc module if needed (root;\n"
"                            the other commands always do)\n"
"  -h, --help [COMMAND]      this help, or COMMAND's (also COMMAND --help)\n"
"  -V, --version             the version\n"
"\n"
"Exit status: 0 success, 1 the host answered \"0 \" (failure), 2 a driver,\n"
"host or system error, 64 a usage error. See vmw-rpc(1).\n";

static const char usage_info[] =
"Usage: vmw-rpc info\n"
"\n"
"Print what the driver and the host support, one \"key: value\" per line.\n";

static const char usage_status[] =
"Usage: vmw-rpc status\n"
"\n"
"Check the platform, the module, the device node and its permissions, the\n"
"driver and the host, and say what works and what does not.\n"
"Exit status 0 when RPCI commands work, 2 otherwise.\n";

static const char usage_call[] =
"Usage: vmw-rpc call [-n] [-t MS] COMMAND...\n"
"\n"
"Send an RPCI command (the words joined by spaces) and print the host's\n"
"reply text without its \"1 \" status. On a \"0 \" reply, print the text on\n"
"stderr and exit 1.\n"
"\n"
"  -n, --newline   end the output with a newline (default: only when\n"
"                  stdout is a terminal)\n"
"  -t, --timeout MS  wait at most MS milliseconds for one of the driver's\n"
"                  channels (0: do not wait); on timeout exit 2, the\n"
"                  command not sent\n";

static const char usage_guestinfo[] =
"Usage: vmw-rpc guestinfo get [-n] KEY\n"
"       vmw-rpc guestinfo set KEY [VALUE]\n"
"       vmw-rpc guestinfo clear KEY\n"
"\n"
"KEY may omit the \"guestinfo.\" prefix; it is added when missing.\n"
"get writes the value's raw bytes, with a trailing newline only when\n"
"stdout is a terminal or -n/--newline is given; an unset key exits 1 with\n"
"\"No value found\" on stderr.\n"
"set without VALUE reads the value from stdin, byte for byte (a trailing\n"
"newline is part of the value).\n"
"clear sets the value to a single space, the host's nearest to none (it\n"
"stores no empty value); readers should take that as no value.\n";

static const char usage_log[] =
"Usage: vmw-rpc log TEXT...\n"
"\n"
"Write TEXT (the words joined by spaces) to the VM's vmware.log.\n";

static const char usage_backdoor[] =
"Usage: vmw-rpc backdoor NAME [REGISTERS]\n"
"       vmw-rpc backdoor --cmd N [--sub N] [REGISTERS]\n"
"\n"
"One low-bandwidth backdoor call (needs CAP_SYS_RAWIO). NAME is one of\n"
"getmhz, getversion, gethwversion, getuuid, getmemsize, gethz,\n"
"gettimefull, getvcpuinfo, getbuildnum.\n"
"\n"
"  --cmd N, --sub N       command and subcommand: ecx = (sub << 16) | cmd\n"
"  --ebx V, --ecx V, --edx V, --esi V, --edi V\n"
"                         register values (decimal, or hex with 0x); --ecx\n"
"                         replaces the command word\n"
"\n"
"Prints one line \"eax=0x... ebx=0x... ecx=0x... edx=0x... esi=0x...\n"
"edi=0x...\", then for known commands a decoded line.\n";

static const char usage_stats[] =
"Usage: vmw-rpc stats [-j]\n"
"\n"
"Print the driver's counters (calls, backdoor calls, bytes, checkpoint\n"
"restarts, errors per errno, pool waits, channels, refusals), one\n"
"\"NAME  VALUE\" per line, from /sys/dev/char/MAJOR:MINOR/stats/ and the\n"
"refused_* files of the device (/sys/class/misc/vmw_rpc/ when the default\n"
"node is missing; another -d PATH that is missing is an error). Root\n"
"only, as the files are.\n"
"\n"
"  -j, --json   one JSON object instead, {\"NAME\":VALUE,...}, the names\n"
"               being the files' (stable)\n";

static void errf(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void errf(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", c->err);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
}

static int usage_error(struct ctx *c, const char *cmd, const char *what)
{
	errf(c, "%s (see vmw-rpc %s%s--help)", what, cmd ? cmd : "",
	     cmd ? " " : "");
	return EXIT_USAGE;
}

/*
 * The option getopt just refused: @opt is ':' when its argument is
 * missing, '?' when it is unknown. A short option is named by optopt (it
 * may sit in a group such as -xl), a long one by its argument.
 */
static int bad_option(struct ctx *c, const char *cmd, char *argv[], int opt)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	char msg[128], name[64];

	if (strncmp(arg, "--", 2) && optopt > ' ' && optopt < 0x7f)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	if (opt == ':')
		snprintf(msg, sizeof(msg), "option '%.60s' needs an argument", name);
	else
		snprintf(msg, sizeof(msg), "bad option '%.60s'", name);
	return usage_error(c, cmd, msg);
}

static const char *dev_name(const struct ctx *c)
{
	return c->device ? c->device : VMWRPC_DEVICE;
}

/* The default node, named or not: the library's rule (vmwrpc_open()). */
static bool default_dev(const struct ctx *c)
{
	return !strcmp(dev_name(c), VMWRPC_DEVICE);
}

static int open_dev(struct ctx *c, struct vmwrpc **h)
{
	int ret = vmwrpc_open(h, c->device, c->open_flags);

	if (ret) {
		errf(c, "%s: %s", dev_name(c), vmwrpc_strerror(ret));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* Exit code of a library result: 1 when the host said "0 ". */
static int exit_of(int ret)
{
	if (!ret)
		return EXIT_OK;
	if (ret == -VMWRPC_EHOST || ret == -VMWRPC_ENOVALUE ||
	    ret == -VMWRPC_ESECURE)
		return EXIT_HOST;
	return EXIT_ERROR;
}

/*
 * Parse a subcommand's options. Returns -1 when done (optind is the first
 * operand), 'h' after printing help, '?' after a usage error.
 */
static int sub_getopt(int argc, char *argv[], const char *shortopts,
		      const struct option *longopts)
{
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

static const struct option help_only[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options of a subcommand that takes only --help. */
static int no_options(struct ctx *c, int argc, char *argv[], const char *cmd,
		      const char *usage, bool *done)
{
	int opt;

	*done = false;
	optind = 0;
	while ((opt = sub_getopt(argc, argv, "+:h", help_only)) != -1) {
		*done = true;
		if (opt == 'h') {
			fputs(usage, c->out);
			return EXIT_OK;
		}
		return bad_option(c, cmd, argv, opt);
	}
	return EXIT_OK;
}

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static void print_info(FILE *out, const struct vmw_rpc_info *i)
{
	fprintf(out, "abi_version: %u\n", i->abi_version);
	fprintf(out, "backdoor_version: %u\n", i->bdoor_version);
	fprintf(out, "vmx_type: %u (%s)\n", i->vmx_type,
		cli_vmx_type_name(i->vmx_type));
	if (!strcmp(cli_transport_name(i->transport), "unknown"))
		fprintf(out, "transport: unknown (%u)\n", i->transport);
	else
		fprintf(out, "transport: %s\n",
			cli_transport_name(i->transport));
	fprintf(out, "high_bandwidth: %s\n",
		yesno(i->flags & VMW_RPC_INFO_HB));
	fprintf(out, "memory_encrypted: %s\n",
		yesno(i->flags & VMW_RPC_INFO_MEM_ENCRYPT));
	fprintf(out, "test_build: %s\n",
		yesno(i->flags & VMW_RPC_INFO_TEST_BUILD));
	fprintf(out, "simulated: %s\n",
		yesno(i->flags & VMW_RPC_INFO_SIMULATED));
	fprintf(out, "max_send: %u\n", i->max_send);
	fprintf(out, "max_reply: %u\n", i->max_reply);
	fprintf(out, "max_raw_hb: %u\n", i->max_raw_hb);
	fprintf(out, "max_chans_per_file: %u\n", i->max_chans_per_file);
	fprintf(out, "max_chans: %u\n", i->max_chans);
	fprintf(out, "pool_size: %u\n", i->pool_size);
	fprintf(out, "max_chans_per_uid: %u\n", i->max_chans_per_uid);
	fprintf(out, "max_chans_unpriv: %u\n", i->max_chans_unpriv);
	fprintf(out, "library_version: %s\n", vmwrpc_version());
}

static int cmd_info(struct ctx *c, int argc, char *argv[])
{
	struct vmw_rpc_info info;
	struct vmwrpc *h;
	bool done;
	int ret;

	ret = no_options(c, argc, argv, "info", usage_info, &done);
	if (done)
		return ret;
	if (optind < argc)
		return usage_error(c, "info", "info takes no arguments");
	ret = open_dev(c, &h);
	if (ret)
		return ret;
	ret = vmwrpc_info(h, &info);
	vmwrpc_close(h);
	if (ret) {
		errf(c, "%s: %s", dev_name(c), vmwrpc_op_strerror(VMWRPC_OP_INFO, ret));
		return EXIT_ERROR;
	}
	print_info(c->out, &info);
	return EXIT_OK;
}

static void status_device(struct ctx *c, bool *present)
{
	const char *dev = dev_name(c);
	struct stat st;

	*present = false;
	if (stat(dev, &st)) {
		fprintf(c->out, "device: %s: missing (%s)\n", dev,
			strerror(errno));
		return;
	}
	*present = true;
	fprintf(c->out, "device: %s: present, %s, mode %04o, uid %u, gid %u\n",
		dev, S_ISCHR(st.st_mode) ? "character device" : "not a character device",
		(unsigned int)(st.st_mode & 07777), (unsigned int)st.st_uid,
		(unsigned int)st.st_gid);
	fprintf(c->out, "access: %s for uid %u\n",
		access(dev, R_OK | W_OK) ? "no read/write permission"
					 : "read/write allowed",
		(unsigned int)geteuid());
}

static bool status_rpc(struct ctx *c, struct vmwrpc *h)
{
	char *val = NULL;
	size_t len;
	int ret;

	/* A guestinfo read is allowed for everyone by the default policy. */
	ret = vmwrpc_guestinfo_get(h, "vmw-rpc.status-probe", &val, &len);
	vmwrpc_free(val);
	if (!ret || ret == -VMWRPC_ENOVALUE || ret == -VMWRPC_EHOST) {
		fputs("rpci: works (the host answered a guestinfo read)\n",
		      c->out);
		return true;
	}
	if (ret == -VMWRPC_ESECURE) {
		fputs("rpci: works, but the host requires secure RPC for guestinfo (\"Permission denied\")\n",
		      c->out);
		return true;
	}
	fprintf(c->out, "rpci: fails: %s\n", vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
	return false;
}

static void status_raw(struct ctx *c, struct vmwrpc *h)
{
	struct vmw_rpc_regs in = {
		.ebx = ~VMW_RPC_BDOOR_MAGIC,
		.ecx = VMW_RPC_BDOOR_CMD_GETVERSION,
	}, out;
	int ret = vmwrpc_backdoor(h, &in, &out);

	if (ret)
		fprintf(c->out, "raw backdoor: not available: %s\n",
			vmwrpc_op_strerror(VMWRPC_OP_BACKDOOR, ret));
	else if (out.ebx == VMW_RPC_BDOOR_MAGIC)
		fprintf(c->out, "raw backdoor: works (GETVERSION: version %u, vmx_type %u)\n",
			out.eax, out.ecx);
	else
		fprintf(c->out, "raw backdoor: GETVERSION got no answer (eax=0x%08x ebx=0x%08x)\n",
			out.eax, out.ebx);
}

static int cmd_status(struct ctx *c, int argc, char *argv[])
{
	struct vmw_rpc_info info;
	struct vmwrpc *h;
	bool done, present, ok;
	int ret, vm;

	ret = no_options(c, argc, argv, "status", usage_status, &done);
	if (done)
		return ret;
	if (optind < argc)
		return usage_error(c, "status", "status takes no arguments");

	vm = vmwrpc_platform_is_vmware();
	fprintf(c->out, "platform: %s\n",
		vm > 0 ? "VMware (CPUID or DMI)" :
		vm == 0 ? "not VMware (CPUID and DMI say otherwise)" :
			  "unknown (no CPUID or DMI information)");
	fprintf(c->out, "module: %s\n",
		cli_module_state_text(vmwrpc_module_state(), vm));
	status_device(c, &present);

	ret = vmwrpc_open(&h, c->device, c->load ? VMWRPC_OPEN_LOAD_MODULE : 0);
	if (ret) {
		fprintf(c->out, "open: fails: %s\n", vmwrpc_strerror(ret));
		return EXIT_ERROR;
	}
	fputs("open: works\n", c->out);
	ret = vmwrpc_info(h, &info);
	if (!ret)
		fprintf(c->out, "driver: abi %u, backdoor version %u, vmx_type %u (%s), transport %s, high bandwidth %s%s\n",
			info.abi_version, info.bdoor_version, info.vmx_type,
			cli_vmx_type_name(info.vmx_type),
			cli_transport_name(info.transport),
			yesno(info.flags & VMW_RPC_INFO_HB),
			(info.flags & VMW_RPC_INFO_SIMULATED) ? ", simulated host" : "");
	ok = status_rpc(c, h);
	status_raw(c, h);
	vmwrpc_close(h);
	return ok ? EXIT_OK : EXIT_ERROR;
}

/* Print reply bytes; a newline when asked or when @out is a terminal. */
static int print_value(struct ctx *c, const char *buf, size_t len,
		       bool newline)
{
	int fd = fileno(c->out);

	if (fd >= 0 && isatty(fd))
		newline = true;
	if (cli_write_all(c->out, buf, len) ||
	    (newline && fputc('\n', c->out) == EOF) || fflush(c->out)) {
		errf(c, "writing the output: %s", strerror(errno));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static const struct option newline_opts[] = {
	{ "newline", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option call_opts[] = {
	{ "newline", no_argument, NULL, 'n' },
	{ "timeout", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The whole reply of @cmd, with a timeout: into a max_reply buffer. */
static int call_timed(struct vmwrpc *h, const char *cmd, uint32_t ms,
		      char **reply, size_t *len)
{
	struct vmwrpc_call_opts o = {
		.size = sizeof(o),
		.flags = VMWRPC_CALL_TIMEOUT,
		.timeout_ms = ms,
	};
	struct vmw_rpc_info info;
	size_t cap;
	int ret;

	*reply = NULL;
	ret = vmwrpc_info(h, &info);
	if (ret)
		return ret;
	cap = (size_t)info.max_reply + 1;
	*reply = malloc(cap);
	if (!*reply)
		return -ENOMEM;
	ret = vmwrpc_call_buf(h, cmd, strlen(cmd), *reply, cap, len, &o);
	if (ret) {
		free(*reply);
		*reply = NULL;
	}
	return ret;
}

static int cmd_call(struct ctx *c, int argc, char *argv[])
{
	bool newline = false, timed = false;
	uint32_t timeout_ms = 0;
	struct vmwrpc *h;
	char *cmd, *reply = NULL;
	const char *text = NULL;
	size_t len, tlen = 0;
	int opt, ret;

	optind = 0;
	while ((opt = sub_getopt(argc, argv, "+:nt:h", call_opts)) != -1) {
		if (opt == 'n') {
			newline = true;
		} else if (opt == 't') {
			if (cli_parse_u32(optarg, &timeout_ms) ||
			    timeout_ms > VMW_RPC_CALL_TIMEOUT_MAX_MS) {
				char msg[64];

				snprintf(msg, sizeof(msg),
					 "the timeout is 0 to %u milliseconds",
					 VMW_RPC_CALL_TIMEOUT_MAX_MS);
				return usage_error(c, "call", msg);
			}
			timed = true;
		} else if (opt == 'h') {
			fputs(usage_call, c->out);
			return EXIT_OK;
		} else {
			return bad_option(c, "call", argv, opt);
		}
	}
	if (optind >= argc)
		return usage_error(c, "call", "call needs a COMMAND");
	cmd = cli_join(argc - optind, argv + optind);
	if (!cmd) {
		errf(c, "%s", vmwrpc_strerror(-ENOMEM));
		return EXIT_ERROR;
	}
	if (!*cmd) {
		free(cmd);
		return usage_error(c, "call", CLI_EMPTY_COMMAND);
	}
	ret = open_dev(c, &h);
	if (ret) {
		free(cmd);
		return ret;
	}
	/* The raw reply: a "0 " answer's text is the host's, shown as is. */
	if (timed)
		ret = call_timed(h, cmd, timeout_ms, &reply, &len);
	else
		ret = vmwrpc_call_raw(h, cmd, strlen(cmd), &reply, &len);
	vmwrpc_close(h);
	free(cmd);
	if (!ret)
		ret = vmwrpc_parse_reply(reply, len, &text, &tlen);
	if (!ret) {
		ret = print_value(c, text, tlen, newline);
	} else if (exit_of(ret) == EXIT_HOST) {
		/* The host's own text, as it is: data, not our message. */
		cli_write_all(c->err, text, tlen);
		fputc('\n', c->err);
		ret = EXIT_HOST;
	} else {
		errf(c, "%s", vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
		ret = EXIT_ERROR;
	}
	vmwrpc_free(reply);
	return ret;
}

/* "guestinfo." + key, for messages. */
static void key_name(const char *key, char *buf, size_t size)
{
	if (!strncmp(key, "guestinfo.", 10))
		snprintf(buf, size, "%s", key);
	else
		snprintf(buf, size, "guestinfo.%s", key);
}

static int guestinfo_error(struct ctx *c, const char *key, int ret)
{
	char name[256];

	key_name(key, name, sizeof(name));
	if (ret == -VMWRPC_EBADKEY)
		return usage_error(c, "guestinfo", vmwrpc_strerror(ret));
	errf(c, "%s: %s", name, vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
	return exit_of(ret);
}

static int guestinfo_get(struct ctx *c, int argc, char *argv[])
{
	bool newline = false;
	struct vmwrpc *h;
	char *val;
	size_t len;
	int opt, ret;

	optind = 0;
	while ((opt = sub_getopt(argc, argv, ":nh", newline_opts)) != -1) {
		if (opt == 'n') {
			newline = true;
		} else if (opt == 'h') {
			fputs(usage_guestinfo, c->out);
			return EXIT_OK;
		} else {
			return bad_option(c, "guestinfo", argv, opt);
		}
	}
	if (argc - optind != 1)
		return usage_error(c, "guestinfo", "guestinfo get needs one KEY");
	ret = open_dev(c, &h);
	if (ret)
		return ret;
	ret = vmwrpc_guestinfo_get(h, argv[optind], &val, &len);
	vmwrpc_close(h);
	if (ret)
		ret = guestinfo_error(c, argv[optind], ret);
	else
		ret = print_value(c, val, len, newline);
	vmwrpc_free(val);
	return ret;
}

static int guestinfo_set(struct ctx *c, int argc, char *argv[])
{
	char *val = NULL;
	struct vmw_rpc_info info;
	const char *key;
	struct vmwrpc *h;
	size_t len;
	bool done;
	int ret;

	ret = no_options(c, argc, argv, "guestinfo", usage_guestinfo, &done);
	if (done)
		return ret;
	if (argc - optind != 1 && argc - optind != 2)
		return usage_error(c, "guestinfo",
				   "guestinfo set needs KEY [VALUE]");
	key = argv[optind];
	ret = open_dev(c, &h);
	if (ret)
		return ret;
	if (argc - optind == 2) {
		ret = vmwrpc_guestinfo_set(h, key, argv[optind + 1],
					   strlen(argv[optind + 1]));
	} else {
		/*
		 * The driver's max_send bounds the whole command, so a longer
		 * value can never be sent: read at most that much (ABI 1
		 * drivers always report it; vmwrpc_open() refuses others).
		 */
		ret = vmwrpc_info(h, &info);
		if (ret) {
			vmwrpc_close(h);
			errf(c, "%s: %s", dev_name(c),
			     vmwrpc_op_strerror(VMWRPC_OP_INFO, ret));
			return EXIT_ERROR;
		}
		if (!c->in) {
			vmwrpc_close(h);
			errf(c, "reading the value from stdin: stdin is closed");
			return EXIT_ERROR;
		}
		ret = cli_read_all(c->in, info.max_send, &val, &len);
		if (ret == -EFBIG) {
			/* As the library says of a value one byte too long. */
			ret = -EMSGSIZE;
		} else if (ret) {
			vmwrpc_close(h);
			errf(c, "reading the value from stdin: %s", strerror(-ret));
			return EXIT_ERROR;
		} else {
			ret = vmwrpc_guestinfo_set(h, key, val, len);
			free(val);
		}
	}
	vmwrpc_close(h);
	if (ret)
		ret = guestinfo_error(c, key, ret);
	return ret;
}

static int guestinfo_clear(struct ctx *c, int argc, char *argv[])
{
	struct vmwrpc *h;
	bool done;
	int ret;

	ret = no_options(c, argc, argv, "guestinfo", usage_guestinfo, &done);
	if (done)
		return ret;
	if (argc - optind != 1)
		return usage_error(c, "guestinfo", "guestinfo clear needs one KEY");
	ret = open_dev(c, &h);
	if (ret)
		return ret;
	ret = vmwrpc_guestinfo_clear(h, argv[optind]);
	vmwrpc_close(h);
	if (ret)
		ret = guestinfo_error(c, argv[optind], ret);
	return ret;
}

static int cmd_guestinfo(struct ctx *c, int argc, char *argv[])
{
	if (argc >= 2 && !strcmp(argv[1], "get"))
		return guestinfo_get(c, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return guestinfo_set(c, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "clear"))
		return guestinfo_clear(c, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_guestinfo, c->out);
		return EXIT_OK;
	}
	return usage_error(c, "guestinfo", "guestinfo needs get, set or clear");
}

static int cmd_log(struct ctx *c, int argc, char *argv[])
{
	struct vmwrpc *h;
	char *text;
	bool done;
	int ret;

	ret = no_options(c, argc, argv, "log", usage_log, &done);
	if (done)
		return ret;
	if (optind >= argc)
		return usage_error(c, "log", "log needs TEXT");
	text = cli_join(argc - optind, argv + optind);
	if (!text) {
		errf(c, "%s", vmwrpc_strerror(-ENOMEM));
		return EXIT_ERROR;
	}
	ret = open_dev(c, &h);
	if (ret) {
		free(text);
		return ret;
	}
	ret = vmwrpc_log(h, text);
	vmwrpc_close(h);
	free(text);
	if (ret)
		errf(c, "log: %s", vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
	return exit_of(ret);
}

struct bdoor_cmd {
	const char *name;
	uint32_t cmd;
	uint32_t ebx;
};

static const struct bdoor_cmd bdoor_cmds[] = {
	{ "getmhz", VMW_RPC_BDOOR_CMD_GETMHZ, 0 },
	{ "getversion", VMW_RPC_BDOOR_CMD_GETVERSION, ~VMW_RPC_BDOOR_MAGIC },
	{ "gethwversion", VMW_RPC_BDOOR_CMD_GETHWVERSION, 0 },
	{ "getuuid", VMW_RPC_BDOOR_CMD_GETUUID, 0 },
	{ "getmemsize", VMW_RPC_BDOOR_CMD_GETMEMSIZE, 0 },
	{ "gethz", VMW_RPC_BDOOR_CMD_GETHZ, ~0U },
	{ "gettimefull", VMW_RPC_BDOOR_CMD_GETTIMEFULL, 0 },
	{ "getvcpuinfo", VMW_RPC_BDOOR_CMD_GET_VCPU_INFO, 0 },
	{ "getbuildnum", VMW_RPC_BDOOR_CMD_GETBUILDNUM, 0 },
};

static void print_decoded(FILE *out, uint32_t cmd, const struct vmw_rpc_regs *r)
{
	char uuid[37];

	if (r->eax == 0xffffffffU && cmd != VMW_RPC_BDOOR_CMD_GETUUID) {
		fputs("decoded: no answer (eax=0xffffffff)\n", out);
		return;
	}
	switch (cmd) {
	case VMW_RPC_BDOOR_CMD_GETVERSION:
		fprintf(out, "decoded: version %u, vmx_type %u (%s), magic %s\n",
			r->eax, r->ecx, cli_vmx_type_name(r->ecx),
			r->ebx == VMW_RPC_BDOOR_MAGIC ? "ok" : "missing");
		break;
	case VMW_RPC_BDOOR_CMD_GETMHZ:
		fprintf(out, "decoded: %u MHz\n", r->eax);
		break;
	case VMW_RPC_BDOOR_CMD_GETHWVERSION:
		fprintf(out, "decoded: virtual hardware version %u\n", r->eax);
		break;
	case VMW_RPC_BDOOR_CMD_GETUUID:
		cli_format_uuid(r, uuid);
		fprintf(out, "decoded: uuid %s\n", uuid);
		break;
	case VMW_RPC_BDOOR_CMD_GETMEMSIZE:
		fprintf(out, "decoded: memory %u bytes (%u MiB)\n", r->eax,
			r->eax >> 20);
		break;
	case VMW_RPC_BDOOR_CMD_GETHZ:
		if (r->ebx == 0xffffffffU)
			fputs("decoded: TSC frequency not supported\n", out);
		else
			fprintf(out, "decoded: TSC %llu Hz, APIC bus %u Hz\n",
				((unsigned long long)r->ebx << 32) | r->eax,
				r->ecx);
		break;
	case VMW_RPC_BDOOR_CMD_GETTIMEFULL:
		if (r->eax == VMW_RPC_BDOOR_MAGIC)
			fprintf(out, "decoded: %llu.%06u s since the epoch, max lag %u us\n",
				((unsigned long long)r->esi << 32) | r->edx,
				r->ebx, r->ecx);
		break;
	default:
		break;
	}
}

enum { OPT_CMD = 256, OPT_SUB, OPT_EBX, OPT_ECX, OPT_EDX, OPT_ESI, OPT_EDI };

static const struct option bdoor_opts[] = {
	{ "cmd", required_argument, NULL, OPT_CMD },
	{ "sub", required_argument, NULL, OPT_SUB },
	{ "ebx", required_argument, NULL, OPT_EBX },
	{ "ecx", required_argument, NULL, OPT_ECX },
	{ "edx", required_argument, NULL, OPT_EDX },
	{ "esi", required_argument, NULL, OPT_ESI },
	{ "edi", required_argument, NULL, OPT_EDI },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parsed `backdoor` arguments; exported to the unit tests via cmd_backdoor. */
struct bdoor_args {
	struct vmw_rpc_regs in;
	uint32_t cmd;
};

static int parse_backdoor(struct ctx *c, int argc, char *argv[],
			  struct bdoor_args *a, bool *help)
{
	bool have_cmd = false, have_sub = false, have_ecx = false;
	bool set[8] = { false };
	uint32_t v, sub = 0, cmd = 0, regs[8] = { 0 };
	const struct bdoor_cmd *named = NULL;
	int opt;

	*help = false;
	optind = 0;
	while ((opt = sub_getopt(argc, argv, ":h", bdoor_opts)) != -1) {
		if (opt == 'h') {
			*help = true;
			fputs(usage_backdoor, c->out);
			return EXIT_OK;
		}
		if (opt < OPT_CMD)
			return bad_option(c, "backdoor", argv, opt);
		if (cli_parse_u32(optarg, &v)) {
			char msg[160];

			snprintf(msg, sizeof(msg),
				 "'%.60s' is not a 32-bit number (decimal, or hex with 0x)",
				 optarg);
			return usage_error(c, "backdoor", msg);
		}
		switch (opt) {
		case OPT_CMD:
			if (v > 0xffff)
				return usage_error(c, "backdoor", "--cmd is 16 bits");
			cmd = v;
			have_cmd = true;
			break;
		case OPT_SUB:
			if (v > 0xffff)
				return usage_error(c, "backdoor", "--sub is 16 bits");
			sub = v;
			have_sub = true;
			break;
		default:
			regs[opt - OPT_EBX] = v;
			set[opt - OPT_EBX] = true;
			if (opt == OPT_ECX)
				have_ecx = true;
			break;
		}
	}
	if (argc - optind > 1)
		return usage_error(c, "backdoor", "backdoor takes one NAME");
	if (argc - optind == 1) {
		for (size_t i = 0; i < sizeof(bdoor_cmds) / sizeof(bdoor_cmds[0]); i++)
			if (!strcmp(argv[optind], bdoor_cmds[i].name))
				named = &bdoor_cmds[i];
		if (!named) {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown backdoor command '%.60s'",
				 argv[optind]);
			return usage_error(c, "backdoor", msg);
		}
		if (have_cmd)
			return usage_error(c, "backdoor", "give NAME or --cmd, not both");
		cmd = named->cmd;
	} else if (!have_cmd && !have_ecx) {
		return usage_error(c, "backdoor", "backdoor needs NAME or --cmd N");
	}
	if (have_ecx && (have_cmd || have_sub || named))
		return usage_error(c, "backdoor", "--ecx replaces NAME, --cmd and --sub");

	memset(a, 0, sizeof(*a));
	a->in.eax = VMW_RPC_BDOOR_MAGIC;
	a->in.ebx = named ? named->ebx : 0;
	a->in.ecx = have_ecx ? regs[OPT_ECX - OPT_EBX] : (sub << 16) | cmd;
	if (set[0])
		a->in.ebx = regs[0];
	a->in.edx = regs[OPT_EDX - OPT_EBX];
	a->in.esi = regs[OPT_ESI - OPT_EBX];
	a->in.edi = regs[OPT_EDI - OPT_EBX];
	a->cmd = a->in.ecx & 0xffff;
	return EXIT_OK;
}

static int cmd_backdoor(struct ctx *c, int argc, char *argv[])
{
	struct vmw_rpc_regs out;
	struct bdoor_args a;
	struct vmwrpc *h;
	bool help;
	int ret;

	ret = parse_backdoor(c, argc, argv, &a, &help);
	if (ret || help)
		return ret;
	ret = open_dev(c, &h);
	if (ret)
		return ret;
	ret = vmwrpc_backdoor(h, &a.in, &out);
	vmwrpc_close(h);
	if (ret) {
		errf(c, "backdoor: %s", vmwrpc_op_strerror(VMWRPC_OP_BACKDOOR, ret));
		return EXIT_ERROR;
	}
	fprintf(c->out, "eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x esi=0x%08x edi=0x%08x\n",
		out.eax, out.ebx, out.ecx, out.edx, out.esi, out.edi);
	print_decoded(c->out, a.cmd, &out);
	return EXIT_OK;
}

static const struct option stats_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_stats(struct ctx *c, int argc, char *argv[])
{
	struct cli_stats st;
	char dir[256];
	bool json = false;
	int opt, ret;

	optind = 0;
	while ((opt = sub_getopt(argc, argv, "+:jh", stats_opts)) != -1) {
		if (opt == 'j') {
			json = true;
		} else if (opt == 'h') {
			fputs(usage_stats, c->out);
			return EXIT_OK;
		} else {
			return bad_option(c, "stats", argv, opt);
		}
	}
	if (optind < argc)
		return usage_error(c, "stats", "stats takes no arguments");
	/* The node's device number names its sysfs directory; no open(). */
	ret = cli_stats_sysdir(cli_sysfs, dev_name(c), default_dev(c), dir,
			       sizeof(dir));
	if (ret == -ENOENT && default_dev(c)) {
		errf(c, "%s: %s: the vmw_rpc module is not loaded (its counters exist only while it is)",
		     dev_name(c), strerror(-ret));
		return EXIT_ERROR;
	}
	if (ret == -ENXIO) {
		errf(c, "%s: %s: the vmw_rpc module is loaded but has no device (%s/class/misc/vmw_rpc)",
		     dev_name(c), strerror(ENOENT), cli_sysfs);
		return EXIT_ERROR;
	}
	if (ret) {
		errf(c, "%s: %s", dev_name(c), ret == -ENOTTY ?
		     "not a character device" : strerror(-ret));
		return EXIT_ERROR;
	}
	ret = cli_stats_read(dir, &st);
	if (ret == -EACCES || ret == -EPERM) {
		errf(c, "%s/%s: %s: the counters are readable by root only",
		     dir, *st.failed ? st.failed : "stats", strerror(-ret));
		return EXIT_ERROR;
	}
	if (ret == -ENOENT) {
		errf(c, "%s/stats: %s: %s is not vmw_rpc's device, or its module has no counters",
		     dir, strerror(-ret), dev_name(c));
		return EXIT_ERROR;
	}
	if (ret) {
		errf(c, "%s/%s: %s", dir, *st.failed ? st.failed : "stats",
		     ret == -EBADMSG ? "not a counter" : strerror(-ret));
		return EXIT_ERROR;
	}
	ret = cli_stats_print(c->out, &st, json);
	cli_stats_free(&st);
	if (ret) {
		errf(c, "writing the output: %s", strerror(-ret));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *c, int argc, char *argv[]);
	const char *usage;
} commands[] = {
	{ "info", cmd_info, usage_info },
	{ "status", cmd_status, usage_status },
	{ "call", cmd_call, usage_call },
	{ "guestinfo", cmd_guestinfo, usage_guestinfo },
	{ "log", cmd_log, usage_log },
	{ "backdoor", cmd_backdoor, usage_backdoor },
	{ "stats", cmd_stats, usage_stats },
};

/* -h [COMMAND] and "help [COMMAND]": COMMAND's help, or the main one. */
static int help(struct ctx *c, const char *cmd)
{
	if (!cmd) {
		fputs(usage_main, c->out);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(cmd, commands[i].name)) {
			fputs(commands[i].usage, c->out);
			return EXIT_OK;
		}
	}
	{
		char msg[128];

		snprintf(msg, sizeof(msg), "no help for '%.60s': not a command", cmd);
		return usage_error(c, NULL, msg);
	}
}

/* @ret, or EXIT_ERROR when output written so far did not get out. */
static int flushed(struct ctx *c, int ret)
{
	if ((fflush(c->out) || ferror(c->out)) && !ret) {
		errf(c, "writing the output: %s", strerror(errno));
		ret = EXIT_ERROR;
	}
	return ret;
}

int vmw_rpc_main(int argc, char *argv[], FILE *in, FILE *out, FILE *err)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "load", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx c = {
		.in = in, .out = out, .err = err,
		.open_flags = VMWRPC_OPEN_LOAD_MODULE,
	};
	const char *device = NULL;
	bool want_help = false;
	int opt, ret;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:d:lhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (!*optarg)
				return usage_error(&c, NULL, "the device PATH is empty");
			device = optarg;
			break;
		case 'l':
			c.load = true;
			break;
		case 'h':
			want_help = true;
			break;
		case 'V':
			fprintf(out, "vmw-rpc %s\n", vmwrpc_version());
			return flushed(&c, EXIT_OK);
		default:
			return bad_option(&c, NULL, argv, opt);
		}
	}
	c.device = cli_device(device);
	if (want_help)
		return flushed(&c, help(&c, optind < argc ? argv[optind] : NULL));
	if (optind < argc && !strcmp(argv[optind], "help")) {
		if (argc - optind > 2)
			return usage_error(&c, NULL, "help takes one COMMAND at most");
		return flushed(&c, help(&c, optind + 1 < argc ? argv[optind + 1] : NULL));
	}
	if (optind >= argc)
		return usage_error(&c, NULL, "a COMMAND is needed");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[optind], commands[i].name)) {
			ret = commands[i].fn(&c, argc - optind, argv + optind);
			return flushed(&c, ret);
		}
	}
	{
		char msg[128];

		snprintf(msg, sizeof(msg), "unknown command '%.60s'", argv[optind]);
		return usage_error(&c, NULL, msg);
	}
}

#ifndef VMWRPC_UNIT_TEST
int main(int argc, char *argv[])
{
	int closed = cli_std_fds("/dev/null");

	if (closed < 0) {
		cli_report_std_fds("vmw-rpc", "/dev/null", -closed);
		return EXIT_ERROR;
	}
	/* A closed stdin is no value: NULL tells guestinfo set so. */
	return vmw_rpc_main(argc, argv, (closed & 1) ? NULL : stdin, stdout,
			    stderr);
}
#endif
