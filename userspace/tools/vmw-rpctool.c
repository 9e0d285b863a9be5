// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmw-rpctool: a drop-in for open-vm-tools' vmware-rpctool, on
 * /dev/vmw_rpc. See vmw-rpctool(1) for what it matches and where it
 * differs.
 *
 * Behaviour kept from vmware-rpctool: the first argument is the whole
 * command and further arguments are ignored; the reply text (without the
 * "1 " status) and a newline go to stdout with exit 0; a "0 " reply's text
 * and a newline go to stderr with exit 1; any other failure exits 1; no
 * argument prints the usage on stderr and exits 1; an argument starting
 * with "-h" or "--help" prints the usage on stderr and exits 0.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(const char *prog, FILE *err)
{
	fprintf(err, "Usage: %s COMMAND\n"
		"  -h, --help     print this help.\n"
		"  --version      print the version.\n"
		"  COMMAND        send COMMAND (one argument) to the host as an RPCI command.\n",
		prog);
}

/* The name it was called by: vmware-rpctool through the compatibility link. */
static const char *prog_name(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return "vmw-rpctool";
	slash = strrchr(argv0, '/');
	return slash && slash[1] ? slash + 1 : argv0;
}

/* 0, or 1 after one line on @err saying why the output did not get out. */
static int flush_out(const char *prog, FILE *out, FILE *err)
{
	if (!fflush(out) && !ferror(out))
		return 0;
	fprintf(err, "%s: writing the output: %s\n", prog,
		strerror(errno ? errno : EIO));
	return 1;
}

int vmw_rpctool_main(int argc, char *argv[], FILE *out, FILE *err)
{
	const char *dev = cli_device(NULL);
	const char *prog = prog_name(argc > 0 ? argv[0] : NULL);
	const char *text = NULL;
	char *reply = NULL;
	size_t len = 0, rlen;
	struct vmwrpc *h;
	int ret;

	if (argc <= 1) {
		usage(prog, err);
		return 1;
	}
	/* vmware-rpctool compares prefixes: "-hx" and "--helpme" are help too. */
	if (!strncmp(argv[1], "-h", 2) || !strncmp(argv[1], "--help", 6)) {
		usage(prog, err);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		fprintf(out, "vmw-rpctool %s\n", vmwrpc_version());
		return flush_out(prog, out, err);
	}
	if (!*argv[1]) {
		fprintf(err, "%s: %s\n", prog, CLI_EMPTY_COMMAND);
		return 1;
	}

	/* Root in early boot: load the module, as modprobe would. */
	ret = vmwrpc_open(&h, dev, VMWRPC_OPEN_LOAD_MODULE);
	if (ret) {
		fprintf(err, "%s: %s: %s\n", prog, dev ? dev : VMWRPC_DEVICE,
			vmwrpc_strerror(ret));
		return 1;
	}
	/* The raw reply: a "0 " answer's text is the host's, shown as is. */
	ret = vmwrpc_call_raw(h, argv[1], strlen(argv[1]), &reply, &rlen);
	vmwrpc_close(h);
	if (!ret)
		ret = vmwrpc_parse_reply(reply, rlen, &text, &len);
	if (!ret) {
		/* All of it or an error: a reader must not take a part. */
		errno = 0;
		if (cli_write_all(out, text, len) || fputc('\n', out) == EOF) {
			fprintf(err, "%s: writing the output: %s\n", prog,
				strerror(errno ? errno : EIO));
			ret = -EIO;
		} else if (flush_out(prog, out, err)) {
			ret = -EIO;
		}
	} else if (text) {
		/* "0 " reply: the host's text, as is (cloud-init greps it). */
		cli_write_all(err, text, len);
		fputc('\n', err);
	} else {
		fprintf(err, "%s: %s\n", prog,
			vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
	}
	vmwrpc_free(reply);
	return ret ? 1 : 0;
}

#ifndef VMWRPC_UNIT_TEST
int main(int argc, char *argv[])
{
	/* The device must not become stdout or stderr. */
	if (cli_std_fds() < 0)
		return 1;
	return vmw_rpctool_main(argc, argv, stdout, stderr);
}
#endif
