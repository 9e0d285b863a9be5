// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmw-rpctool: a drop-in for open-vm-tools' vmware-rpctool, on
 * /dev/vmw_rpc. vmw-rpctool(1) says what it matches (vmware-rpctool of
 * open-vm-tools 11.2 and later, rpctool/rpctool.c) and where it differs;
 * the unit tests (userspace/tests/test-cli.c) check each point.
 *
 * Kept from vmware-rpctool: outside a VMware VM, whatever the arguments
 * (but --version, its own),
 * "Error: ARGV0 must be run inside a virtual machine on a VMware
 * hypervisor product." on stderr and exit 255; no argument: the usage on
 * stderr, exit 1; a first argument starting with "-h" or "--help": the
 * usage on stderr, exit 0; otherwise the first argument is the whole
 * command (sent as is: rpctool's appended space is never sent, see
 * docs/protocol.md) and further arguments are ignored; a "1 " reply's
 * text up to its first NUL and a newline on stdout, exit 0; a "0 "
 * reply's text up to its first NUL and a newline on stderr, exit 1; any
 * other failure exits 1.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "internal.h"	/* linked with the library's objects: h->info */

/*
 * The reply of the one call: in .bss, whose pages cost nothing until the
 * driver writes them, so a call makes no allocation (no mmap(2) and
 * munmap(2) of a max_reply buffer: make bench's start-up figure). Big
 * enough for the driver's default max_reply; a driver loaded with a
 * larger one gets a buffer of that size from vmwrpc_call_raw(). Under
 * QEMU's TCG, where the bench runs, the first malloc() alone costs a
 * program like this one several per cent of its start-up.
 */
static char reply_buf[VRPC_DEFAULT_MAX_REPLY + 1];
/* Its one handle, for the same reason: no malloc() on the way. */
static struct vmwrpc handle = { .fd = -1 };

/* vmware-rpctool's status off VMware: main() returns -1. */
#define RPCTOOL_EXIT_NOT_VMWARE	255

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

/* vmware-rpctool's VmCheck_IsVirtualWorld() refusal; ARGV0 as invoked. */
static int not_vmware(const char *argv0, FILE *err)
{
	fprintf(err, "Error: %s must be run inside a virtual machine on a VMware hypervisor product.\n",
		argv0 && *argv0 ? argv0 : "vmw-rpctool");
	return RPCTOOL_EXIT_NOT_VMWARE;
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
	const char *argv0 = argc > 0 ? argv[0] : NULL;
	const char *prog = prog_name(argv0);
	const char *text = NULL;
	char *reply = NULL;
	size_t len = 0, rlen;
	struct vmwrpc *h = &handle;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "--version")) {
		fprintf(out, "vmw-rpctool %s\n", vmwrpc_version());
		return flush_out(prog, out, err);
	}
	/*
	 * vmware-rpctool checks the machine before its arguments. Here the
	 * usage, the help and the empty command's refusal ask CPUID and DMI
	 * (no backdoor); a command learns it from the open, which fails with
	 * -VMWRPC_ENOTVMWARE only off VMware and costs nothing more on it.
	 */
	if ((argc <= 1 || !*argv[1] || !strncmp(argv[1], "-h", 2) ||
	     !strncmp(argv[1], "--help", 6)) && vmwrpc_platform_is_vmware() == 0)
		return not_vmware(argv0, err);
	if (argc <= 1) {
		usage(prog, err);
		return 1;
	}
	/* vmware-rpctool compares prefixes: "-hx" and "--helpme" are help too. */
	if (!strncmp(argv[1], "-h", 2) || !strncmp(argv[1], "--help", 6)) {
		usage(prog, err);
		return 0;
	}
	if (!*argv[1]) {
		fprintf(err, "%s: %s\n", prog, CLI_EMPTY_COMMAND);
		return 1;
	}

	/* Root in early boot: load the module, as modprobe would. */
	ret = vmwrpc__open_into(h, dev, VMWRPC_OPEN_LOAD_MODULE);
	if (ret == -VMWRPC_ENOTVMWARE)
		return not_vmware(argv0, err);
	if (ret) {
		fprintf(err, "%s: %s: %s\n", prog, dev ? dev : VMWRPC_DEVICE,
			vmwrpc_strerror(ret));
		return 1;
	}
	/* The raw reply: a "0 " answer's text is the host's, shown as is. */
	if (h->info.max_reply && h->info.max_reply < sizeof(reply_buf))
		ret = vmwrpc_call_buf(h, argv[1], strlen(argv[1]), reply_buf,
				      sizeof(reply_buf), &rlen, NULL);
	else
		ret = vmwrpc_call_raw(h, argv[1], strlen(argv[1]), &reply,
				      &rlen);
	vmwrpc__close_into(h);
	if (!ret)
		ret = vmwrpc_parse_reply(reply ? reply : reply_buf, rlen,
					 &text, &len);
	/* vmware-rpctool prints the text with "%s": up to the first NUL. */
	if (text)
		len = strnlen(text, len);
	if (!ret) {
		/* All of it or an error: a reader must not take a part. */
		errno = 0;
		if (fileno(out) >= 0 && !fflush(out)) {
			/* No stdio for the reply: its start-up costs (bench). */
			if (cli_write_fd(fileno(out), text, len, "\n")) {
				fprintf(err, "%s: writing the output: %s\n", prog,
					strerror(errno ? errno : EIO));
				ret = -EIO;
			}
		} else if (cli_write_all(out, text, len) || fputc('\n', out) == EOF) {
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

/*
 * The program: fds 0-2 made safe first, reopened on @null_dev (the
 * device must not become stdout or stderr), then vmw_rpctool_main().
 * When they cannot be reopened: one line on whichever of stderr and
 * stdout is open, exit 1 (never a silent failure).
 */
int vmw_rpctool_run(int argc, char *argv[], const char *null_dev)
{
	int closed = cli_std_fds(null_dev);

	if (closed < 0) {
		cli_report_std_fds(prog_name(argc > 0 ? argv[0] : NULL),
				   null_dev, -closed);
		return 1;
	}
	return vmw_rpctool_main(argc, argv, stdout, stderr);
}

#ifndef VMWRPC_UNIT_TEST
int main(int argc, char *argv[])
{
	return vmw_rpctool_run(argc, argv, "/dev/null");
}
#endif
