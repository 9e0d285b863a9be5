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

static void usage(FILE *err)
{
	fputs("Usage: vmw-rpctool COMMAND\n"
	      "  -h, --help     print this help.\n"
	      "  --version      print the version.\n"
	      "  COMMAND        send COMMAND (one argument) to the host as an RPCI command.\n",
	      err);
}

int vmw_rpctool_main(int argc, char *argv[], FILE *out, FILE *err)
{
	const char *dev = cli_device(NULL);
	const char *text = NULL;
	char *reply = NULL;
	size_t len = 0, rlen;
	struct vmwrpc *h;
	int ret;

	if (argc <= 1) {
		usage(err);
		return 1;
	}
	/* vmware-rpctool compares prefixes: "-hx" and "--helpme" are help too. */
	if (!strncmp(argv[1], "-h", 2) || !strncmp(argv[1], "--help", 6)) {
		usage(err);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		fprintf(out, "vmw-rpctool %s\n", vmwrpc_version());
		if (fflush(out)) {
			fputs("vmw-rpctool: writing the output failed\n", err);
			return 1;
		}
		return 0;
	}

	/* Root in early boot: load the module, as modprobe would. */
	ret = vmwrpc_open(&h, dev, VMWRPC_OPEN_LOAD_MODULE);
	if (ret) {
		fprintf(err, "vmw-rpctool: %s: %s\n", dev ? dev : VMWRPC_DEVICE,
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
		if (cli_write_all(out, text, len) || fputc('\n', out) == EOF ||
		    fflush(out) || ferror(out)) {
			fputs("vmw-rpctool: writing the output failed\n", err);
			ret = -EIO;
		}
	} else if (text) {
		/* "0 " reply: the host's text, as is (cloud-init greps it). */
		cli_write_all(err, text, len);
		fputc('\n', err);
	} else {
		fprintf(err, "vmw-rpctool: %s\n",
			vmwrpc_op_strerror(VMWRPC_OP_CALL, ret));
	}
	vmwrpc_free(reply);
	return ret ? 1 : 0;
}

#ifndef VMWRPC_UNIT_TEST
int main(int argc, char *argv[])
{
	return vmw_rpctool_main(argc, argv, stdout, stderr);
}
#endif
