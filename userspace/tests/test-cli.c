// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of vmw-rpc and vmw-rpctool: their helpers, and whole command
 * lines run against the mocked driver (tests/mock.c), with stdout and
 * stderr captured.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "cli.h"
#include "mock.h"

/*
 * vmwrpc_platform_is_vmware(), replaced (-Wl,--wrap, userspace/Makefile):
 * what the tools learn of the machine is the test's to choose, not the
 * build host's. 1 (VMware) unless a test says otherwise.
 */
static int mock_is_vmware = 1;
int __wrap_vmwrpc_platform_is_vmware(void);
int __wrap_vmwrpc_platform_is_vmware(void)
{
	return mock_is_vmware;
}

/* ---- helpers ---- */

static void test_parse_u32(void **state)
{
	uint32_t v = 99;

	(void)state;
	assert_int_equal(cli_parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cli_parse_u32("20", &v), 0);
	assert_int_equal(v, 20);
	assert_int_equal(cli_parse_u32("010", &v), 0);	/* not octal */
	assert_int_equal(v, 10);
	assert_int_equal(cli_parse_u32("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(cli_parse_u32("0XfFfFfFfF", &v), 0);
	assert_int_equal(v, 0xffffffffU);
	assert_int_equal(cli_parse_u32("4294967295", &v), 0);
	assert_int_equal(v, 4294967295U);
	v = 7;
	assert_int_equal(cli_parse_u32("4294967296", &v), -ERANGE);
	assert_int_equal(cli_parse_u32("0x100000000", &v), -ERANGE);
	assert_int_equal(cli_parse_u32("99999999999999999999999", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("-1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("+1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("", &v), -EINVAL);
	assert_int_equal(cli_parse_u32(NULL, &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x-1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("12a", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x1g", &v), -EINVAL);
	assert_int_equal(cli_parse_u32(" 1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("1 ", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("\t1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("\n1", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x\t10", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x0x10", &v), -EINVAL);
	assert_int_equal(cli_parse_u32("0x 1", &v), -EINVAL);
	assert_int_equal(v, 7);		/* untouched on failure */
}

static void test_join(void **state)
{
	char *argv[] = { "info-get", "guestinfo.x", "", "y" };
	char *s;

	(void)state;
	s = cli_join(2, argv);
	assert_string_equal(s, "info-get guestinfo.x");
	free(s);
	s = cli_join(4, argv);
	assert_string_equal(s, "info-get guestinfo.x  y");
	free(s);
	s = cli_join(0, argv);
	assert_string_equal(s, "");
	free(s);
}

static void test_uuid(void **state)
{
	struct vmw_rpc_regs r = {
		.eax = 0x04030201, .ebx = 0x08070605,
		.ecx = 0x0c0b0a09, .edx = 0x100f0e0d,
	};
	char buf[37];

	(void)state;
	cli_format_uuid(&r, buf);
	assert_string_equal(buf, "01020304-0506-0708-090a-0b0c0d0e0f10");
	memset(&r, 0xff, sizeof(r));
	cli_format_uuid(&r, buf);
	assert_string_equal(buf, "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cli_vmx_type_name(2), "ESX");
	assert_string_equal(cli_vmx_type_name(4), "Workstation");
	assert_string_equal(cli_vmx_type_name(0), "unknown");
	assert_string_equal(cli_transport_name(VMW_RPC_TRANSPORT_PORT), "port");
	assert_string_equal(cli_transport_name(VMW_RPC_TRANSPORT_VMCALL), "vmcall");
	assert_string_equal(cli_transport_name(VMW_RPC_TRANSPORT_VMMCALL), "vmmcall");
	assert_string_equal(cli_transport_name(0), "unknown");
}

static void test_read_all(void **state)
{
	static const char data[] = "a\0b\nc";
	char *buf;
	size_t len;
	FILE *f;

	(void)state;
	f = fmemopen((void *)data, 5, "r");
	assert_int_equal(cli_read_all(f, 100, &buf, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, data, 5);
	free(buf);
	fclose(f);

	/* 1 MiB with NULs, across many buffer growths. */
	f = tmpfile();
	for (size_t i = 0; i < (1U << 20); i++)
		fputc((int)(i % 251), f);
	rewind(f);
	assert_int_equal(cli_read_all(f, 1U << 20, &buf, &len), 0);
	assert_int_equal(len, 1U << 20);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)buf[i] != i % 251)
			fail_msg("byte %zu differs", i);
	free(buf);
	rewind(f);
	assert_int_equal(cli_read_all(f, (1U << 20) - 1, &buf, &len), -EFBIG);
	assert_null(buf);
	fclose(f);

	f = fmemopen((void *)data, 1, "r");
	fgetc(f);
	assert_int_equal(cli_read_all(f, 100, &buf, &len), 0);	/* empty */
	assert_int_equal(len, 0);
	free(buf);
	fclose(f);
}

/* ---- whole command lines ---- */

struct run {
	int rc;
	char *out, *err;
	size_t out_len, err_len;
};

static struct run R;

static void run_free(void)
{
	free(R.out);
	free(R.err);
	memset(&R, 0, sizeof(R));
}

static int setup(void **state)
{
	(void)state;
	mock_reset();
	mock_is_vmware = 1;
	setenv("VMW_RPC_DEVICE", "/dev/null", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	run_free();
	unsetenv("VMW_RPC_DEVICE");
	return 0;
}

/*
 * Run vmw-rpc (tool 0) or vmw-rpctool (1) on the caller's @in (vmw-rpc's
 * stdin; NULL: closed) and @to (stdout; NULL: captured in R.out), which
 * stay the caller's to close; stderr is captured in R.err.
 */
static void run_files(int tool, int argc, char *argv[], FILE *in, FILE *to)
{
	FILE *out, *err;

	run_free();
	out = to ? to : open_memstream(&R.out, &R.out_len);
	err = open_memstream(&R.err, &R.err_len);
	assert_non_null(out);
	assert_non_null(err);
	if (tool)
		R.rc = vmw_rpctool_main(argc, argv, out, err);
	else
		R.rc = vmw_rpc_main(argc, argv, in, out, err);
	if (!to)
		fclose(out);
	fclose(err);
}

/* Run vmw-rpc (tool 0) or vmw-rpctool (1) with @stdin_data. */
static void run_argv(int tool, const char *in_data, size_t in_len,
		     int argc, char *argv[])
{
	FILE *in = in_len ? fmemopen((void *)in_data, in_len, "r")
			  : fopen("/dev/null", "r");

	assert_non_null(in);
	run_files(tool, argc, argv, in, NULL);
	fclose(in);
}

/* Run a tool as run_argv() does, but with stdout on /dev/full. */
static void run_full(int tool, int argc, char *argv[])
{
	FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/full", "w");

	assert_non_null(in);
	assert_non_null(out);
	run_files(tool, argc, argv, in, out);
	fclose(in);
	fclose(out);
}

#define MAXARGS 16
static void run(int tool, const char *in_data, size_t in_len, ...)
{
	char *argv[MAXARGS + 1];
	int argc = 0;
	va_list ap;

	argv[argc++] = tool ? "vmw-rpctool" : "vmw-rpc";
	va_start(ap, in_len);
	while ((argv[argc] = va_arg(ap, char *)) && argc < MAXARGS)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	run_argv(tool, in_data, in_len, argc, argv);
}

#define RPC(...) run(0, NULL, 0, __VA_ARGS__, (char *)NULL)
#define RPC_IN(data, len, ...) run(0, data, len, __VA_ARGS__, (char *)NULL)
#define TOOL(...) run(1, NULL, 0, __VA_ARGS__, (char *)NULL)

/* stderr is exactly @line. */
static void assert_err(const char *line)
{
	assert_int_equal(R.err_len, strlen(line));
	assert_memory_equal(R.err, line, R.err_len);
}

/* stderr is exactly one line starting with "vmw-rpc: " */
static void assert_one_error_line(const char *prefix)
{
	assert_true(R.err_len > strlen(prefix));
	assert_memory_equal(R.err, prefix, strlen(prefix));
	assert_int_equal(R.err[R.err_len - 1], '\n');
	assert_null(memchr(R.err, '\n', R.err_len - 1));
}

static void assert_out(const char *s, size_t len)
{
	assert_int_equal(R.out_len, len);
	assert_memory_equal(R.out, s, len);
}

#define ASSERT_OUT(s) assert_out((s), sizeof(s) - 1)
#define ASSERT_HAS(buf, s) assert_non_null(strstr((buf), (s)))

static void test_info(void **state)
{
	(void)state;
	RPC("info");
	assert_int_equal(R.rc, 0);
	assert_int_equal(R.err_len, 0);
	{
		char abi[32];

		snprintf(abi, sizeof(abi), "abi_version: %u\n", VMW_RPC_ABI_VERSION);
		ASSERT_HAS(R.out, abi);
	}
	ASSERT_HAS(R.out, "backdoor_version: 6\n");
	ASSERT_HAS(R.out, "vmx_type: 2 (ESX)\n");
	ASSERT_HAS(R.out, "transport: port\n");
	ASSERT_HAS(R.out, "high_bandwidth: yes\n");
	ASSERT_HAS(R.out, "simulated: no\n");
	{
		char line[64];

		snprintf(line, sizeof(line), "max_send: %u\n", mock_info.max_send);
		ASSERT_HAS(R.out, line);
		snprintf(line, sizeof(line), "max_reply: %u\n", mock_info.max_reply);
		ASSERT_HAS(R.out, line);
	}
	ASSERT_HAS(R.out, "pool_size: 4\n");
	ASSERT_HAS(R.out, "max_chans_per_uid: 2\n");
	ASSERT_HAS(R.out, "max_chans_unpriv: 3\n");

	mock_info.vmx_type = 4;
	mock_info.transport = VMW_RPC_TRANSPORT_VMMCALL;
	mock_info.flags = VMW_RPC_INFO_SIMULATED | VMW_RPC_INFO_MEM_ENCRYPT;
	RPC("info");
	ASSERT_HAS(R.out, "vmx_type: 4 (Workstation)\n");
	ASSERT_HAS(R.out, "transport: vmmcall\n");
	ASSERT_HAS(R.out, "high_bandwidth: no\n");
	ASSERT_HAS(R.out, "simulated: yes\n");
	ASSERT_HAS(R.out, "memory_encrypted: yes\n");

	RPC("info", "extra");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: ");
}

static void test_no_device(void **state)
{
	(void)state;
	RPC("--device", "/nonexistent/vmw_rpc", "info");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_one_error_line("vmw-rpc: /nonexistent/vmw_rpc: ");
	assert_int_equal(R.out_len, 0);

	mock_info_errno = ENOTTY;
	RPC("guestinfo", "get", "k");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_one_error_line("vmw-rpc: /dev/null: not a vmw_rpc device");

	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 1);
	ASSERT_HAS(R.err, "vmw-rpctool: /dev/null: not a vmw_rpc device\n");
}

static void test_backdoor(void **state)
{
	(void)state;
	mock_bd_out.eax = 6;
	mock_bd_out.ebx = VMW_RPC_BDOOR_MAGIC;
	mock_bd_out.ecx = 2;
	RPC("backdoor", "getversion");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_bd.mode, VMW_RPC_BDOOR_LB);
	assert_int_equal(mock_bd.in.eax, VMW_RPC_BDOOR_MAGIC);
	assert_int_equal(mock_bd.in.ebx, ~VMW_RPC_BDOOR_MAGIC);
	assert_int_equal(mock_bd.in.ecx, 10);
	assert_int_equal(mock_bd.in.ebp, 0);
	assert_true(R.out_len > 78);
	assert_memory_equal(R.out,
		"eax=0x00000006 ebx=0x564d5868 ecx=0x00000002 edx=0x00000000 esi=0x00000000 edi=0x00000000\n",
		90);
	ASSERT_HAS(R.out, "version 6, vmx_type 2 (ESX)");

	RPC("backdoor", "--cmd", "20", "--sub", "0x1", "--edx", "0x10",
	    "--esi", "7", "--edi", "0xffffffff", "--ebx", "3");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_bd.in.ecx, 0x10014);
	assert_int_equal(mock_bd.in.ebx, 3);
	assert_int_equal(mock_bd.in.edx, 0x10);
	assert_int_equal(mock_bd.in.esi, 7);
	assert_int_equal(mock_bd.in.edi, 0xffffffff);

	/* Options after the name, and --ebx overriding the named default. */
	mock_bd_out.eax = 0x01020304;
	mock_bd_out.ebx = 0x05060708;
	mock_bd_out.ecx = 0x090a0b0c;
	mock_bd_out.edx = 0x0d0e0f10;
	RPC("backdoor", "getuuid");
	assert_int_equal(mock_bd.in.ecx, 19);
	ASSERT_HAS(R.out, "uuid 04030201-0807-0605-0c0b-0a09100f0e0d\n");
	RPC("backdoor", "gethz", "--ebx", "5");
	assert_int_equal(mock_bd.in.ecx, 45);
	assert_int_equal(mock_bd.in.ebx, 5);
	RPC("backdoor", "gethz");
	assert_int_equal(mock_bd.in.ebx, 0xffffffff);
	RPC("backdoor", "--ecx", "0x1e");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_bd.in.ecx, 0x1e);

	mock_bd_out.eax = 512U << 20;
	RPC("backdoor", "getmemsize");
	ASSERT_HAS(R.out, "memory 536870912 bytes (512 MiB)");

	mock_errno = EPERM;
	RPC("backdoor", "getversion");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_int_equal(R.out_len, 0);
	assert_one_error_line("vmw-rpc: backdoor: operation not permitted");
	mock_errno = 0;

	/* Usage errors, before any device access. */
	mock_calls = 0;
	RPC("backdoor");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: ");
	RPC("backdoor", "nosuch");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("backdoor", "getversion", "--cmd", "10");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("backdoor", "--cmd", "0x10000");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("backdoor", "--cmd", "1", "--ebx", "zz");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: 'zz' is not a 32-bit number");
	RPC("backdoor", "--cmd", "1", "--ecx", "1");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("backdoor", "--bogus");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: bad option '--bogus'");
	RPC("backdoor", "--bogus=3");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: bad option '--bogus'");
	RPC("backdoor", "--cmd");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: option '--cmd' needs an argument");
	RPC("-d");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: option '-d' needs an argument");
	RPC("-xl", "info");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: bad option '-x'");
	RPC("guestinfo", "get", "-nx", "k");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: bad option '-x'");
	RPC("backdoor", "getmhz", "getmhz");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_int_equal(mock_calls, 0);
}

static void test_call(void **state)
{
	(void)state;
	MOCK_REPLY("1 hi\0there");
	RPC("call", "info-get guestinfo.x");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("hi\0there");		/* raw bytes, no newline: not a tty */
	assert_int_equal(R.err_len, 0);
	assert_int_equal(mock_request_len, 20);
	assert_memory_equal(mock_request, "info-get guestinfo.x", 20);

	RPC("call", "-n", "info-get", "guestinfo.x");
	assert_int_equal(mock_request_len, 20);
	assert_memory_equal(mock_request, "info-get guestinfo.x", 20);
	ASSERT_OUT("hi\0there\n");

	MOCK_REPLY("0 Unknown command");
	RPC("call", "bogus");
	assert_int_equal(R.rc, EXIT_HOST);
	assert_int_equal(R.out_len, 0);
	assert_int_equal(R.err_len, 16);
	assert_memory_equal(R.err, "Unknown command\n", 16);

	mock_errno = ECONNREFUSED;
	RPC("call", "x");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_one_error_line("vmw-rpc: the host refused to open a message channel");
	mock_errno = EACCES;
	RPC("call", "x");
	assert_int_equal(R.rc, EXIT_ERROR);
	mock_errno = 0;
	MOCK_REPLY("garbage");
	RPC("call", "x");
	assert_int_equal(R.rc, EXIT_ERROR);

	RPC("call");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("call", "");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("call", "--help");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "Usage: vmw-rpc call");
}

/* call --timeout: the wait for a channel, passed to the driver. */
static void test_call_timeout(void **state)
{
	(void)state;
	MOCK_REPLY("1 hi");
	RPC("call", "-t", "250", "info-get", "guestinfo.x");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("hi");
	assert_int_equal(mock_call_flags, VMW_RPC_CALL_TIMEOUT);
	assert_int_equal(mock_call_timeout, 250);
	assert_memory_equal(mock_request, "info-get guestinfo.x", 20);
	RPC("call", "--timeout=0", "x");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_call_flags, VMW_RPC_CALL_TIMEOUT);
	assert_int_equal(mock_call_timeout, 0);
	RPC("call", "x");
	assert_int_equal(mock_call_flags, 0);

	MOCK_REPLY("0 Unknown command");
	RPC("call", "-t", "5", "bogus");
	assert_int_equal(R.rc, EXIT_HOST);
	assert_memory_equal(R.err, "Unknown command\n", 16);

	mock_errno = ETIMEDOUT;
	RPC("call", "-t", "5", "x");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_int_equal(R.out_len, 0);
	assert_one_error_line("vmw-rpc: no pool channel came free within the timeout; not sent");
	mock_errno = 0;

	mock_calls = 0;
	RPC("call", "-t", "x", "x");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("call", "-t", "3600001", "x");
	assert_int_equal(R.rc, EXIT_USAGE);
	ASSERT_HAS(R.err, "0 to 3600000 milliseconds");
	RPC("call", "-t");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_int_equal(mock_calls, 0);

	/* An ABI 1 driver: refused before anything is sent, and said why. */
	mock_info.abi_version = 1;
	mock_info.flags &= ~(VMW_RPC_INFO_CALL_TIMEOUT | VMW_RPC_INFO_CALL_DELIVERED);
	RPC("call", "-t", "5", "x");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_one_error_line("vmw-rpc: the vmw_rpc driver is too old for this request");
	assert_int_equal(mock_calls, 0);
	MOCK_REPLY("1 hi");
	RPC("call", "x");
	assert_int_equal(R.rc, 0);
}

static void test_guestinfo(void **state)
{
	static const char value[] = "a\0b\nc";

	(void)state;
	MOCK_REPLY("1 v\0w");
	RPC("guestinfo", "get", "k");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("v\0w");
	assert_memory_equal(mock_request, "info-get guestinfo.k", 20);
	RPC("guestinfo", "get", "guestinfo.k", "--newline");
	assert_int_equal(mock_request_len, 20);
	ASSERT_OUT("v\0w\n");

	MOCK_REPLY("0 No value found");
	RPC("guestinfo", "get", "nothere");
	assert_int_equal(R.rc, EXIT_HOST);
	assert_int_equal(R.out_len, 0);
	assert_one_error_line("vmw-rpc: guestinfo.nothere: No value found");

	MOCK_REPLY("0 Permission denied");
	RPC("guestinfo", "get", "k");
	assert_int_equal(R.rc, EXIT_HOST);
	ASSERT_HAS(R.err, "secure RPC");

	MOCK_REPLY("1 ");
	RPC("guestinfo", "set", "k", "v w");
	assert_int_equal(R.rc, 0);
	assert_int_equal(R.out_len, 0);
	assert_int_equal(mock_request_len, 24);
	assert_memory_equal(mock_request, "info-set guestinfo.k v w", 24);

	RPC_IN(value, 5, "guestinfo", "set", "guestinfo.k");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_request_len, 26);
	assert_memory_equal(mock_request, "info-set guestinfo.k a\0b\nc", 26);

	MOCK_REPLY("0 Too big");
	RPC("guestinfo", "set", "k", "v");
	assert_int_equal(R.rc, EXIT_HOST);
	/* The host's text of a refusal is vmwrpc_call_raw()'s, not set's. */
	assert_one_error_line("vmw-rpc: guestinfo.k: the host refused the command");

	/* clear: one blank, the host's nearest to no value. */
	MOCK_REPLY("1 ");
	RPC("guestinfo", "clear", "k");
	assert_int_equal(R.rc, 0);
	assert_int_equal(R.out_len, 0);
	assert_int_equal(R.err_len, 0);
	assert_int_equal(mock_request_len, 22);
	assert_memory_equal(mock_request, "info-set guestinfo.k  ", 22);
	MOCK_REPLY("0 Permission denied");
	RPC("guestinfo", "clear", "guestinfo.k");
	assert_int_equal(R.rc, EXIT_HOST);
	ASSERT_HAS(R.err, "secure RPC");
	mock_calls = 0;
	RPC("guestinfo", "clear");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: guestinfo clear needs one KEY");
	RPC("guestinfo", "clear", "k", "v");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "clear", "a b");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_int_equal(mock_calls, 0);
	RPC("guestinfo", "clear", "--help");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "vmw-rpc guestinfo clear KEY");
	/* A driver error reads with the driver's meaning of the call. */
	mock_errno = EACCES;
	RPC("guestinfo", "clear", "k");
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_one_error_line("vmw-rpc: guestinfo.k: command not allowed by the driver's policy");
	mock_errno = 0;

	/* A value larger than the driver takes: a clear error, not a crash. */
	{
		size_t big = 16 * (size_t)mock_info.max_send;
		char *buf = malloc(big);

		memset(buf, 'x', big);
		mock_calls = 0;
		RPC_IN(buf, big, "guestinfo", "set", "k");
		assert_int_equal(R.rc, EXIT_ERROR);
		assert_one_error_line("vmw-rpc: guestinfo.k: the command is over vmw_rpc_info.max_send bytes");
		assert_int_equal(mock_calls, 0);
		free(buf);
	}

	/*
	 * stdin is capped by the driver's max_send, not by a number of the
	 * tool's: a driver that takes more gets more, one that takes less
	 * refuses at its own limit.
	 */
	{
		const size_t head = strlen("info-set guestinfo.k ");
		size_t big = sizeof(mock_request) - head;
		char *buf = malloc(big);

		memset(buf, 'y', big);
		MOCK_REPLY("1 ");
		mock_info.max_send = (unsigned int)(head + big);
		RPC_IN(buf, big, "guestinfo", "set", "k");
		assert_int_equal(R.rc, 0);
		assert_int_equal(mock_request_len, head + big);

		mock_info.max_send = 100;
		mock_calls = 0;
		RPC_IN(buf, 100 - head, "guestinfo", "set", "k");
		assert_int_equal(R.rc, 0);
		assert_int_equal(mock_calls, 1);
		RPC_IN(buf, 101 - head, "guestinfo", "set", "k");
		assert_int_equal(R.rc, EXIT_ERROR);
		assert_one_error_line("vmw-rpc: guestinfo.k: the command is over vmw_rpc_info.max_send bytes");
		assert_int_equal(mock_calls, 1);
		mock_reset();
		free(buf);
	}

	RPC("guestinfo", "set", "a b", "v");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "get");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "get", "a", "b");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "set", "k", "v", "w");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "put", "k");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("guestinfo", "--help");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "guestinfo get");
}

static void test_log_and_usage(void **state)
{
	(void)state;
	MOCK_REPLY("1 ");
	RPC("log", "hello", "world");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_request_len, 15);
	assert_memory_equal(mock_request, "log hello world", 15);
	MOCK_REPLY("0 nope");
	RPC("log", "x");
	assert_int_equal(R.rc, EXIT_HOST);
	RPC("log");
	assert_int_equal(R.rc, EXIT_USAGE);

	RPC("nosuch");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: unknown command 'nosuch'");
	run(0, NULL, 0, (char *)NULL);
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("--bogus");
	assert_int_equal(R.rc, EXIT_USAGE);
	RPC("--help");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "Usage: vmw-rpc");
	assert_int_equal(R.err_len, 0);
	RPC("--version");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "vmw-rpc ");
	RPC("info", "--help");
	assert_int_equal(R.rc, 0);
	RPC("status", "--help");
	assert_int_equal(R.rc, 0);
	RPC("log", "--help");
	assert_int_equal(R.rc, 0);
	RPC("backdoor", "--help");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "getmemsize");
}

/*
 * Every usage error of vmw-rpc(1): exit 64, one line on stderr starting
 * "vmw-rpc: ", nothing on stdout, and no device access.
 */
static void test_usage_errors(void **state)
{
	static const struct {
		const char *argv[6];
		const char *err;	/* the line starts with this */
	} cases[] = {
		{ { NULL }, "vmw-rpc: " },
		{ { "nosuch" }, "vmw-rpc: unknown command 'nosuch'" },
		{ { "--bogus", "info" }, "vmw-rpc: " },
		{ { "info", "extra" }, "vmw-rpc: " },
		{ { "status", "extra" }, "vmw-rpc: " },
		{ { "call" }, "vmw-rpc: " },
		{ { "call", "" }, "vmw-rpc: " },
		{ { "call", "-x", "info-get guestinfo.a" }, "vmw-rpc: bad option '-x'" },
		{ { "guestinfo" }, "vmw-rpc: " },
		{ { "guestinfo", "del", "a" }, "vmw-rpc: " },
		{ { "guestinfo", "get" }, "vmw-rpc: " },
		{ { "guestinfo", "get", "a", "b" }, "vmw-rpc: " },
		{ { "guestinfo", "get", "a b" }, "vmw-rpc: " },
		{ { "guestinfo", "set" }, "vmw-rpc: " },
		{ { "guestinfo", "set", "a", "b", "c" }, "vmw-rpc: " },
		{ { "log" }, "vmw-rpc: " },
		{ { "backdoor" }, "vmw-rpc: " },
		{ { "backdoor", "nosuch" }, "vmw-rpc: " },
		{ { "backdoor", "--cmd", "65536" }, "vmw-rpc: " },
		{ { "backdoor", "--cmd", "010x" }, "vmw-rpc: '010x' is not a 32-bit number" },
		{ { "backdoor", "getversion", "--ebx", "-1" }, "vmw-rpc: '-1' is not a 32-bit number" },
		{ { "backdoor", "getversion", "--ecx", "10" }, "vmw-rpc: " },
		{ { "backdoor", "getversion", "--cmd", "10" }, "vmw-rpc: " },
		{ { "backdoor", "getversion", "getmhz" }, "vmw-rpc: " },
	};
	char *argv[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int argc = 0;

		argv[argc++] = "vmw-rpc";
		while (cases[i].argv[argc - 1])
			argv[argc] = (char *)cases[i].argv[argc - 1], argc++;
		argv[argc] = NULL;
		mock_calls = 0;
		run_argv(0, NULL, 0, argc, argv);
		if (R.rc != EXIT_USAGE || R.out_len || mock_calls)
			fail_msg("case %zu (%s ...): exit %d, %zu bytes on stdout, %d device calls",
				 i, argc > 1 ? argv[1] : "", R.rc, R.out_len, mock_calls);
		assert_one_error_line(cases[i].err);
	}
	RPC("backdoor", "nosuch");
	ASSERT_HAS(R.err, "nosuch");
}

/* --help and -h: the usage on stdout, exit 0, nothing on stderr. */
static void test_help(void **state)
{
	static const char *const cmds[][3] = {
		{ "-h" }, { "--help" },
		{ "info", "--help" }, { "status", "--help" }, { "call", "--help" },
		{ "guestinfo", "--help" }, { "guestinfo", "get", "--help" },
		{ "guestinfo", "set", "--help" }, { "log", "--help" },
		{ "backdoor", "--help" },
	};
	static const char *const tool_help[] = { "-h", "--help", "-hx", "--helpme" };
	char *argv[5], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int argc = 0;

		argv[argc++] = "vmw-rpc";
		while (argc < 4 && cmds[i][argc - 1])
			argv[argc] = (char *)cmds[i][argc - 1], argc++;
		argv[argc] = NULL;
		mock_calls = 0;
		run_argv(0, NULL, 0, argc, argv);
		snprintf(want, sizeof(want), "Usage: vmw-rpc%s%s",
			 cmds[i][0][0] == '-' ? "" : " ",
			 cmds[i][0][0] == '-' ? "" : cmds[i][0]);
		if (R.rc || R.err_len || mock_calls || R.out_len < strlen(want) ||
		    memcmp(R.out, want, strlen(want)))
			fail_msg("vmw-rpc %s %s: exit %d, %zu bytes on stderr, %d device calls, stdout '%.40s'",
				 cmds[i][0], cmds[i][1] ? cmds[i][1] : "", R.rc,
				 R.err_len, mock_calls, R.out ? R.out : "");
	}
	for (size_t i = 0; i < sizeof(tool_help) / sizeof(tool_help[0]); i++) {
		mock_calls = 0;
		TOOL(tool_help[i]);
		assert_int_equal(R.rc, 0);
		assert_int_equal(R.out_len, 0);
		ASSERT_HAS(R.err, "Usage");
		assert_int_equal(mock_calls, 0);
	}
}

static void test_status(void **state)
{
	(void)state;
	MOCK_REPLY("0 No value found");
	mock_bd_out.eax = 6;
	mock_bd_out.ebx = VMW_RPC_BDOOR_MAGIC;
	mock_bd_out.ecx = 2;
	RPC("status");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "module: ");
	ASSERT_HAS(R.out, "device: /dev/null: present");
	ASSERT_HAS(R.out, "open: works\n");
	ASSERT_HAS(R.out, "rpci: works");
	ASSERT_HAS(R.out, "raw backdoor: works");

	mock_errno = ECONNREFUSED;
	RPC("status");
	assert_int_equal(R.rc, EXIT_ERROR);
	ASSERT_HAS(R.out, "rpci: fails: the host refused");
	ASSERT_HAS(R.out, "raw backdoor: not available");
	mock_errno = 0;

	RPC("--device", "/nonexistent/vmw_rpc", "status");
	assert_int_equal(R.rc, EXIT_ERROR);
	ASSERT_HAS(R.out, "device: /nonexistent/vmw_rpc: missing");
	ASSERT_HAS(R.out, "open: fails: ");
}

static void test_rpctool(void **state)
{
	(void)state;
	MOCK_REPLY("1 value");
	TOOL("info-get guestinfo.k", "ignored");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("value\n");
	assert_int_equal(R.err_len, 0);
	assert_int_equal(mock_request_len, 20);
	assert_memory_equal(mock_request, "info-get guestinfo.k", 20);

	MOCK_REPLY("1 ");
	TOOL("info-set guestinfo.k v");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("\n");

	MOCK_REPLY("0 No value found");
	TOOL("info-get guestinfo.nothere");
	assert_int_equal(R.rc, 1);
	assert_int_equal(R.out_len, 0);
	assert_int_equal(R.err_len, 15);
	assert_memory_equal(R.err, "No value found\n", 15);

	mock_errno = ECONNREFUSED;
	TOOL("x");
	assert_int_equal(R.rc, 1);
	assert_int_equal(R.out_len, 0);
	ASSERT_HAS(R.err, "vmw-rpctool: the host refused");
	mock_errno = 0;

	/* Usage as vmware-rpctool: stderr; 1 without argument, 0 for help. */
	mock_calls = 0;
	run(1, NULL, 0, (char *)NULL);
	assert_int_equal(R.rc, 1);
	assert_int_equal(R.out_len, 0);
	ASSERT_HAS(R.err, "Usage");
	TOOL("-h");
	assert_int_equal(R.rc, 0);
	assert_int_equal(R.out_len, 0);
	ASSERT_HAS(R.err, "Usage");
	TOOL("--helpme");
	assert_int_equal(R.rc, 0);
	TOOL("-hx");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_calls, 0);
	TOOL("--version");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "vmw-rpctool ");

	/* An empty command: the sentence vmw-rpc says, nothing sent. */
	TOOL("");
	assert_int_equal(R.rc, 1);
	assert_int_equal(R.out_len, 0);
	assert_err("vmw-rpctool: the COMMAND is empty\n");
	assert_int_equal(mock_calls, 0);
	RPC("call", "");
	assert_int_equal(R.rc, EXIT_USAGE);
	ASSERT_HAS(R.err, "vmw-rpc: the COMMAND is empty");
}

/*
 * vmware-rpctool (open-vm-tools 11.2 and later, rpctool/rpctool.c) off
 * VMware: VmCheck_IsVirtualWorld() fails before the arguments are looked
 * at, "Error: ARGV0 must be run ..." on stderr, main() returns -1: 255.
 */
#define NOT_VMWARE_TAIL " must be run inside a virtual machine on a VMware hypervisor product.\n"

static void test_rpctool_not_vmware(void **state)
{
	(void)state;
	mock_is_vmware = 0;
	mock_calls = 0;
	run(1, NULL, 0, (char *)NULL);
	assert_int_equal(R.rc, 255);
	assert_int_equal(R.out_len, 0);
	assert_err("Error: vmw-rpctool" NOT_VMWARE_TAIL);
	TOOL("-h");
	assert_int_equal(R.rc, 255);
	assert_err("Error: vmw-rpctool" NOT_VMWARE_TAIL);
	TOOL("--helpme");
	assert_int_equal(R.rc, 255);
	TOOL("");
	assert_int_equal(R.rc, 255);
	assert_err("Error: vmw-rpctool" NOT_VMWARE_TAIL);
	/* argv[0] as invoked, path and all, as rpctool's "%s" of argv[0]. */
	run_argv(1, NULL, 0, 1, (char *[]){ "/usr/bin/vmware-rpctool", NULL });
	assert_int_equal(R.rc, 255);
	assert_err("Error: /usr/bin/vmware-rpctool" NOT_VMWARE_TAIL);
	assert_int_equal(mock_calls, 0);
	/* --version is vmw-rpctool's own: it works anywhere. */
	TOOL("--version");
	assert_int_equal(R.rc, 0);
	ASSERT_HAS(R.out, "vmw-rpctool ");

	/*
	 * A command: the open of the missing default node says
	 * -VMWRPC_ENOTVMWARE (the library's diagnosis) and the tool says
	 * what rpctool says. Only where this host has no /dev/vmw_rpc.
	 */
	if (access(VMWRPC_DEVICE, F_OK) == 0) {
		print_message("# skip: the default node case: this host has " VMWRPC_DEVICE "\n");
	} else {
		unsetenv("VMW_RPC_DEVICE");
		run_argv(1, NULL, 0, 2,
			 (char *[]){ "/usr/bin/vmware-rpctool", "info-get guestinfo.k", NULL });
		assert_int_equal(R.rc, 255);
		assert_int_equal(R.out_len, 0);
		assert_err("Error: /usr/bin/vmware-rpctool" NOT_VMWARE_TAIL);
	}

	/* Not known either way (no CPUID, no DMI): the usage, as on VMware. */
	mock_is_vmware = -ENODATA;
	run(1, NULL, 0, (char *)NULL);
	assert_int_equal(R.rc, 1);
	ASSERT_HAS(R.err, "Usage: vmw-rpctool COMMAND\n");
}

/*
 * What rpctool's printf("%s\n") and fprintf(stderr, "%s\n") make of a
 * reply, and what RpcOut_sendOne() sends: the argument's bytes (the space
 * it appends to a command without one is past the length it sends).
 */
static void test_rpctool_exact(void **state)
{
	static const char *const no_status[] = { "1", "2 x" };

	(void)state;
	/* The text up to its first NUL, then a newline. */
	MOCK_REPLY("1 ab\0cd");
	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 0);
	ASSERT_OUT("ab\n");
	assert_int_equal(R.err_len, 0);
	MOCK_REPLY("0 no\0pe");
	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 1);
	assert_int_equal(R.out_len, 0);
	assert_err("no\n");
	/* "0 " alone: an empty line on stderr; "1 " alone: one on stdout. */
	MOCK_REPLY("0 ");
	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 1);
	assert_err("\n");
	/* Neither status: exit 1, stdout empty, one line saying why. */
	for (size_t i = 0; i < sizeof(no_status) / sizeof(no_status[0]); i++) {
		mock_set_reply(no_status[i], strlen(no_status[i]));
		TOOL("info-get guestinfo.k");
		assert_int_equal(R.rc, 1);
		assert_int_equal(R.out_len, 0);
		assert_one_error_line("vmw-rpctool: ");
	}
	/* To a real file (an fd: no stdio for the reply), the same bytes. */
	{
		char buf[16];
		FILE *out = tmpfile();
		size_t n;

		assert_non_null(out);
		MOCK_REPLY("1 ab\0cd");
		fputs("before ", out);	/* stdio's buffer goes out first */
		run_files(1, 2, (char *[]){ "vmw-rpctool", "info-get guestinfo.k", NULL },
			  NULL, out);
		assert_int_equal(R.rc, 0);
		assert_int_equal(R.err_len, 0);
		rewind(out);
		n = fread(buf, 1, sizeof(buf), out);
		fclose(out);
		assert_int_equal(n, 10);
		assert_memory_equal(buf, "before ab\n", 10);
		run_free();
	}
	/* A command without a space goes as it is: no space appended. */
	MOCK_REPLY("1 ");
	TOOL("machine.id.get");
	assert_int_equal(R.rc, 0);
	assert_int_equal(mock_request_len, 14);
	assert_memory_equal(mock_request, "machine.id.get", 14);
}

/* The reply room vmw-rpctool offered the driver in its last call. */
static __u32 offered;

static int record_offer(unsigned long req, void *arg)
{
	if (req == VMW_RPC_IOC_CALL)
		offered = ((struct vmw_rpc_call *)arg)->reply_len;
	return mock_default(req, arg);
}

/*
 * vmw-rpctool's reply room is never less than the driver's max_reply (a
 * reply that does not fit is dropped, the command having run): its own
 * buffer for the default, the library's allocation for a driver loaded
 * with a larger max_reply, whose longest reply still gets through.
 */
static void test_rpctool_reply_room(void **state)
{
	size_t big = (2U << 20) + 7;
	char *reply = malloc(big);

	(void)state;
	assert_non_null(reply);
	memset(reply, 'v', big);
	memcpy(reply, "1 ", 2);
	mock_handler = record_offer;
	MOCK_REPLY("1 x");
	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 0);
	assert_true(offered >= mock_info.max_reply);

	mock_info.max_reply = 4U << 20;
	mock_set_reply(reply, big);
	TOOL("info-get guestinfo.k");
	assert_int_equal(R.rc, 0);
	assert_true(offered >= mock_info.max_reply);
	assert_int_equal(R.out_len, big - 2 + 1);
	assert_int_equal(R.out[big - 3], 'v');
	free(reply);
}

/*
 * vmw_rpctool_run() (the program's main) in a child with fd 0 closed (and
 * fd 2 with @close_err) that cannot reopen it (its /dev/null is missing):
 * exit 1, and the reason on stderr, or on stdout when stderr is closed
 * too. Returns the child's exit status; @buf gets what it wrote.
 */
static int std_fds_child(int close_err, char *buf, size_t size)
{
	char path[] = "/tmp/vmw-rpctool-test.XXXXXX";
	int fd, status;
	ssize_t n;
	pid_t pid;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd, close_err ? 1 : 2);
		close(fd);
		close(0);
		if (close_err)
			close(2);
		_exit(vmw_rpctool_run(2, (char *[]){ "vmware-rpctool",
			"info-get guestinfo.k", NULL }, "/nonexistent/null"));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	n = pread(fd, buf, size - 1, 0);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_rpctool_std_fds(void **state)
{
	static const char want[] =
		"vmware-rpctool: opening /nonexistent/null for a closed stdin, stdout or stderr: No such file or directory\n";
	char buf[512];

	(void)state;
	assert_int_equal(std_fds_child(0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, want);
	assert_int_equal(std_fds_child(1, buf, sizeof(buf)), 1);
	assert_string_equal(buf, want);
}

/* The review's findings in vmw-rpc (issue 13), each needing no device. */
static void test_review(void **state)
{
	const char *s;

	(void)state;
	/* -d '' is an error, not the default device. */
	RPC("-d", "", "info");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_err("vmw-rpc: the device PATH is empty (see vmw-rpc --help)\n");
	RPC("--device=", "info");
	assert_int_equal(R.rc, EXIT_USAGE);

	/* help is the help; -h COMMAND and help COMMAND are COMMAND's. */
	RPC("help");
	assert_int_equal(R.rc, EXIT_OK);
	ASSERT_HAS(R.out, "Usage: vmw-rpc [OPTIONS] COMMAND");
	RPC("help", "guestinfo");
	assert_int_equal(R.rc, EXIT_OK);
	ASSERT_HAS(R.out, "Usage: vmw-rpc guestinfo");
	RPC("-h", "info");
	assert_int_equal(R.rc, EXIT_OK);
	assert_memory_equal(R.out, "Usage: vmw-rpc info\n", 20);
	RPC("--help", "status");
	assert_memory_equal(R.out, "Usage: vmw-rpc status", 21);
	RPC("help", "nothing");
	assert_int_equal(R.rc, EXIT_USAGE);
	assert_one_error_line("vmw-rpc: no help for 'nothing': not a command");

	/* status names the real package, and only on VMware. */
	s = cli_module_state_text(VMWRPC_MODULE_NOT_INSTALLED, 1);
	assert_non_null(strstr(s, "install the package vmw-rpc-dkms"));
	s = cli_module_state_text(VMWRPC_MODULE_NOT_INSTALLED, -ENODATA);
	assert_non_null(strstr(s, "vmw-rpc-dkms"));
	s = cli_module_state_text(VMWRPC_MODULE_NOT_INSTALLED, 0);
	assert_null(strstr(s, "install the"));
	assert_non_null(strstr(s, "not a VMware virtual machine"));
	s = cli_module_state_text(VMWRPC_MODULE_INSTALLED, 0);
	assert_null(strstr(s, "modprobe"));
	assert_memory_equal(s, "installed, not loaded", 21);

	/* guestinfo set KEY with stdin closed: said so, nothing sent. */
	mock_calls = 0;
	run_files(0, 4, (char *[]){ "vmw-rpc", "guestinfo", "set", "k", NULL }, NULL, NULL);
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_err("vmw-rpc: reading the value from stdin: stdin is closed\n");
	assert_int_equal(mock_request_len, 0);
}

/* cli_write_fd(): the buffer and the tail, whole, through a pipe. */
static void test_write_fd(void **state)
{
	static char big[200000];
	int p[2], status;
	size_t got = 0;
	ssize_t n;
	char *buf = malloc(sizeof(big) + 2);
	pid_t pid;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(pipe(p), 0);
	/* More than a pipe holds: the writer is a child, partial writes. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(cli_write_fd(p[1], big, sizeof(big), "\n") ? 1 : 0);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, sizeof(big) + 2 - got)) > 0)
		got += n;
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(got, sizeof(big) + 1);
	assert_memory_equal(buf, big, sizeof(big));
	assert_int_equal(buf[sizeof(big)], '\n');
	free(buf);
	/* A closed fd: -1 and errno. */
	errno = 0;
	assert_int_equal(cli_write_fd(p[1], "x", 1, ""), -1);
	assert_int_equal(errno, EBADF);
}

/* A closed fd 0 comes back on /dev/null and is reported (a child's fds). */
static void test_std_fds(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int r;

		close(0);
		r = cli_std_fds("/dev/null");
		/* fd 0 is open again, read-only, and a new file gets fd 3+. */
		_exit(r == 1 && (fcntl(0, F_GETFL) & O_ACCMODE) == O_RDONLY &&
		      cli_std_fds("/dev/null") == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Diagnostics name the program as it was invoked (vmware-rpctool). */
static void test_rpctool_name(void **state)
{
	(void)state;
	setenv("VMW_RPC_DEVICE", "/nonexistent/vmw_rpc", 1);
	run_argv(1, NULL, 0, 2,
		 (char *[]){ "/usr/bin/vmware-rpctool", "info-get guestinfo.k", NULL });
	assert_int_equal(R.rc, 1);
	assert_one_error_line("vmware-rpctool: /nonexistent/vmw_rpc: ");
	run_argv(1, NULL, 0, 1, (char *[]){ "vmware-rpctool", NULL });
	assert_int_equal(R.rc, 1);
	ASSERT_HAS(R.err, "Usage: vmware-rpctool COMMAND\n");
	/* No argv[0] at all: its own name. */
	run_argv(1, NULL, 0, 0, (char *[]){ NULL });
	ASSERT_HAS(R.err, "Usage: vmw-rpctool COMMAND\n");
}

/* Output that cannot be written (/dev/full): exit 2 (rpctool 1), one line. */
static void test_output_error(void **state)
{
	static char *cmds[][3] = {
		{ "vmw-rpc", "--help", NULL },
		{ "vmw-rpc", "--version", NULL },
		{ "vmw-rpc", "info", "--help" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_full(0, cmds[i][2] ? 3 : 2, cmds[i]);
		assert_int_equal(R.rc, EXIT_ERROR);
		assert_one_error_line("vmw-rpc: writing the output: ");
	}

	run_full(1, 2, (char *[]){ "vmw-rpctool", "--version", NULL });
	assert_int_equal(R.rc, 1);
	assert_err("vmw-rpctool: writing the output: No space left on device\n");

	/* A reply that cannot be written: the reason too. */
	MOCK_REPLY("1 value");
	run_full(1, 2, (char *[]){ "vmw-rpctool", "info-get guestinfo.k", NULL });
	assert_int_equal(R.rc, 1);
	assert_err("vmw-rpctool: writing the output: No space left on device\n");
}


/* ---- vmw-rpc stats: a fake sysfs ---- */

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A device directory: stats/ with three counters, refused_raw, others. */
static char *fake_devdir(char *root)
{
	char path[512];

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/stats", root);
	assert_int_equal(mkdir(path, 0755), 0);
	put_file(path, "calls_call", "3\n");
	put_file(path, "backdoor_calls", "18446744073709551615\n");
	put_file(path, "errors_other", "0\n");
	put_file(root, "refused_raw", "2\n");
	put_file(root, "dev", "10:122\n");	/* not a counter */
	put_file(root, "uevent", "MAJOR=10\n");
	snprintf(path, sizeof(path), "%s/power", root);
	assert_int_equal(mkdir(path, 0755), 0);
	return root;
}

static void rm_fake(const char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_stats_sysdir(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(cli_stats_sysdir("/fake", "/dev/null", false, buf,
					  sizeof(buf)), 0);
	assert_string_equal(buf, "/fake/dev/char/1:3");
	assert_int_equal(cli_stats_sysdir("/sys", "/nonexistent/vmw_rpc", false,
					  buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cli_stats_sysdir("/sys", "/", false, buf, sizeof(buf)),
			 -ENOTTY);
	assert_int_equal(cli_stats_sysdir("/a/long/root", "/dev/null", false,
					  buf, 8), -ENAMETOOLONG);
}

/* A fake sysfs: SYSFS/NAME as a directory. */
static void mkdir_in(const char *sysfs, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", sysfs, name);
	assert_int_equal(mkdir(path, 0755), 0);
}

/*
 * A test on an empty fake sysfs, *state its path, which cli_sysfs names.
 * The teardown puts cli_sysfs back and removes the tree even when an
 * assertion ended the test, so a failure cannot leak into later tests.
 */
static char fake_sysfs[] = "/tmp/vmw-sysfs.XXXXXX";
static const char *real_sysfs;

static int setup_sysfs(void **state)
{
	strcpy(fake_sysfs + sizeof(fake_sysfs) - 7, "XXXXXX");
	if (!mkdtemp(fake_sysfs))
		return -1;
	real_sysfs = cli_sysfs;
	cli_sysfs = fake_sysfs;
	*state = fake_sysfs;
	return setup(state);
}

static int teardown_sysfs(void **state)
{
	cli_sysfs = real_sysfs;
	rm_fake(fake_sysfs);
	return teardown(state);
}

/*
 * No default node: the misc class's directory when the module is loaded,
 * and "not loaded" only when SYSFS/module/vmw_rpc is missing too. A node
 * the user named is never replaced by the class's directory.
 */
static void test_stats_sysdir_no_node(void **state)
{
	const char *sysfs = *state;
	char buf[128], want[128];

	assert_int_equal(cli_stats_sysdir(sysfs, "/nonexistent/vmw_rpc", true,
					  buf, sizeof(buf)), -ENOENT);
	mkdir_in(sysfs, "module");
	mkdir_in(sysfs, "module/vmw_rpc");
	assert_int_equal(cli_stats_sysdir(sysfs, "/nonexistent/vmw_rpc", true,
					  buf, sizeof(buf)), -ENXIO);
	mkdir_in(sysfs, "class");
	mkdir_in(sysfs, "class/misc");
	mkdir_in(sysfs, "class/misc/vmw_rpc");
	assert_int_equal(cli_stats_sysdir(sysfs, "/nonexistent/vmw_rpc", true,
					  buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/class/misc/vmw_rpc", sysfs);
	assert_string_equal(buf, want);
	assert_int_equal(cli_stats_sysdir(sysfs, "/nonexistent/vmw_rpc", false,
					  buf, sizeof(buf)), -ENOENT);
	/* A node that is there still names the directory. */
	assert_int_equal(cli_stats_sysdir(sysfs, "/dev/null", true, buf,
					  sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/dev/char/1:3", sysfs);
	assert_string_equal(buf, want);
}

static void test_stats_read_print(void **state)
{
	char root[] = "/tmp/vmw-stats.XXXXXX", *text = NULL;
	static const char table[] =
		"backdoor_calls  18446744073709551615\n"
		"calls_call      3\n"
		"errors_other    0\n"
		"refused_raw     2\n";
	static const char json[] =
		"{\"backdoor_calls\":18446744073709551615,\"calls_call\":3,"
		"\"errors_other\":0,\"refused_raw\":2}\n";
	struct cli_stats st;
	size_t len = 0;
	FILE *f;

	(void)state;
	fake_devdir(root);
	assert_int_equal(cli_stats_read(root, &st), 0);
	assert_int_equal(st.n, 4);
	f = open_memstream(&text, &len);
	assert_int_equal(cli_stats_print(f, &st, false), 0);
	fclose(f);
	assert_string_equal(text, table);
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(cli_stats_print(f, &st, true), 0);
	fclose(f);
	assert_string_equal(text, json);
	free(text);
	cli_stats_free(&st);

	/* Not a number, no newline, empty, a sign: not a counter. */
	put_file(root, "stats/calls_call", "x\n");
	assert_int_equal(cli_stats_read(root, &st), -EBADMSG);
	assert_string_equal(st.failed, "calls_call");
	put_file(root, "stats/calls_call", "3");
	assert_int_equal(cli_stats_read(root, &st), -EBADMSG);
	put_file(root, "stats/calls_call", "");
	assert_int_equal(cli_stats_read(root, &st), -EBADMSG);
	put_file(root, "stats/calls_call", "-1\n");
	assert_int_equal(cli_stats_read(root, &st), -EBADMSG);
	put_file(root, "stats/calls_call", "99999999999999999999\n");
	assert_int_equal(cli_stats_read(root, &st), -EBADMSG);
	put_file(root, "stats/calls_call", "3\n");

	if (geteuid()) {
		char path[512];

		snprintf(path, sizeof(path), "%s/stats/errors_other", root);
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(cli_stats_read(root, &st), -EACCES);
		assert_string_equal(st.failed, "errors_other");
		assert_int_equal(chmod(path, 0644), 0);
	}
	rm_fake(root);
	/* No stats/: not vmw_rpc, or an older module. */
	assert_int_equal(cli_stats_read(root, &st), -ENOENT);
}

static void test_stats_cmd(void **state)
{
	(void)state;
	RPC("stats", "--help");
	assert_int_equal(R.rc, 0);
	assert_memory_equal(R.out, "Usage: vmw-rpc stats", 20);
	RPC("stats", "now");
	assert_int_equal(R.rc, 64);
	RPC("stats", "-x");
	assert_int_equal(R.rc, 64);
	/* A mistyped PATH is an error naming it, whatever is loaded. */
	RPC("-d", "/nonexistent/vmw_rpc", "stats");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: /nonexistent/vmw_rpc: No such file or directory\n");
	RPC("-d", "/", "stats", "--json");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: /: not a character device\n");
	/* /dev/null is 1:3, which has no stats/ */
	RPC("-d", "/dev/null", "stats");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: /sys/dev/char/1:3/stats: No such file or directory: /dev/null is not vmw_rpc's device, or its module has no counters\n");
	assert_int_equal(R.out_len, 0);
}

/*
 * vmw-rpc stats on a fake sysfs: the counters without the default node,
 * "not loaded" told from "no device", a missing node the user named an
 * error even then, and output that cannot be written said so with the
 * reason (more than stdio's buffer: it fails while printing). The
 * default node must be missing on the machine running the tests.
 */
static void test_stats_cmd_sysfs(void **state)
{
	const char *sysfs = *state;
	char dev[128], name[32];
	struct stat st;

	if (!stat(VMWRPC_DEVICE, &st)) {
		print_message("skipped: " VMWRPC_DEVICE " exists here; the test needs the default node missing\n");
		skip();
	}
	unsetenv("VMW_RPC_DEVICE");
	RPC("stats");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: " VMWRPC_DEVICE ": No such file or directory: the vmw_rpc module is not loaded (its counters exist only while it is)\n");

	mkdir_in(sysfs, "module");
	mkdir_in(sysfs, "module/vmw_rpc");
	RPC("stats");
	assert_int_equal(R.rc, 2);
	assert_non_null(strstr(R.err, "the vmw_rpc module is loaded but has no device"));

	mkdir_in(sysfs, "class");
	mkdir_in(sysfs, "class/misc");
	snprintf(dev, sizeof(dev), "%s/class/misc/vmw_rpc", sysfs);
	assert_int_equal(mkdir(dev, 0755), 0);
	mkdir_in(dev, "stats");
	put_file(dev, "stats/calls_call", "7\n");
	RPC("stats");
	assert_int_equal(R.rc, 0);
	assert_int_equal(R.err_len, 0);
	assert_string_equal(R.out, "calls_call  7\n");
	/* The default node named explicitly is still the default. */
	RPC("-d", VMWRPC_DEVICE, "stats");
	assert_int_equal(R.rc, 0);
	assert_string_equal(R.out, "calls_call  7\n");
	RPC("-d", "/nonexistent/vmw_rpc", "stats");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: /nonexistent/vmw_rpc: No such file or directory\n");
	assert_int_equal(R.out_len, 0);
	setenv("VMW_RPC_DEVICE", "/nonexistent/vmw_rpc", 1);
	RPC("stats");
	assert_int_equal(R.rc, 2);
	assert_err("vmw-rpc: /nonexistent/vmw_rpc: No such file or directory\n");
	unsetenv("VMW_RPC_DEVICE");

	for (int i = 0; i < 400; i++) {
		snprintf(name, sizeof(name), "stats/counter_%03d", i);
		put_file(dev, name, "12345\n");
	}
	run_full(0, 2, (char *[]){ "vmw-rpc", "stats", NULL });
	assert_int_equal(R.rc, EXIT_ERROR);
	assert_err("vmw-rpc: writing the output: No space left on device\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u32),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_read_all),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backdoor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guestinfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_and_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool_not_vmware, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool_reply_room, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpctool_std_fds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
		cmocka_unit_test(test_std_fds),
		cmocka_unit_test(test_write_fd),
		cmocka_unit_test_setup_teardown(test_output_error, setup, teardown),
		cmocka_unit_test(test_stats_sysdir),
		cmocka_unit_test_setup_teardown(test_stats_sysdir_no_node,
						setup_sysfs, teardown_sysfs),
		cmocka_unit_test(test_stats_read_print),
		cmocka_unit_test_setup_teardown(test_stats_cmd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_cmd_sysfs, setup_sysfs,
						teardown_sysfs),
	};

	return cmocka_run_group_tests_name("vmw-rpc tools", tests, NULL, NULL);
}
