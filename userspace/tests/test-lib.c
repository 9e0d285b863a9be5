// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests of libvmwrpc against a mocked ioctl(); no device needed. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"
#include "mock.h"

static struct vmwrpc *h;

static int setup(void **state)
{
	(void)state;
	mock_reset();
	assert_int_equal(vmwrpc_open(&h, "/dev/null", 0), 0);
	assert_non_null(h);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vmwrpc_close(h);
	h = NULL;
	return 0;
}

/* ---- reply status ---- */

static void test_parse_reply(void **state)
{
	const char *t;
	size_t l;

	(void)state;
	assert_int_equal(vmwrpc_parse_reply("1 ok", 4, &t, &l), 0);
	assert_int_equal(l, 2);
	assert_memory_equal(t, "ok", 2);
	assert_int_equal(vmwrpc_parse_reply("1 ", 2, &t, &l), 0);
	assert_int_equal(l, 0);
	assert_int_equal(vmwrpc_parse_reply("0 No value found", 16, &t, &l),
			 -VMWRPC_ENOVALUE);
	assert_int_equal(l, 14);
	assert_memory_equal(t, "No value found", 14);
	assert_int_equal(vmwrpc_parse_reply("0 Permission denied", 19, &t, &l),
			 -VMWRPC_ESECURE);
	assert_int_equal(vmwrpc_parse_reply("0 Unknown command", 17, &t, &l),
			 -VMWRPC_EHOST);
	assert_int_equal(l, 15);
	assert_int_equal(vmwrpc_parse_reply("0 ", 2, &t, &l), -VMWRPC_EHOST);
	assert_int_equal(l, 0);
	/* Only the exact texts are special. */
	assert_int_equal(vmwrpc_parse_reply("0 No value found!", 17, &t, &l),
			 -VMWRPC_EHOST);
	assert_int_equal(vmwrpc_parse_reply("1 No value found", 16, &t, &l), 0);
	/* Malformed. */
	assert_int_equal(vmwrpc_parse_reply("1", 1, &t, &l), -VMWRPC_EBADREPLY);
	assert_null(t);
	assert_int_equal(vmwrpc_parse_reply("", 0, &t, &l), -VMWRPC_EBADREPLY);
	assert_int_equal(vmwrpc_parse_reply("1x", 2, &t, &l), -VMWRPC_EBADREPLY);
	assert_int_equal(vmwrpc_parse_reply("2 x", 3, &t, &l), -VMWRPC_EBADREPLY);
	assert_int_equal(vmwrpc_parse_reply(" 1 ", 3, &t, &l), -VMWRPC_EBADREPLY);
	assert_int_equal(vmwrpc_parse_reply(NULL, 4, &t, &l), -VMWRPC_EBADREPLY);
	/* Bytes: NUL inside the text, and the length is what counts. */
	assert_int_equal(vmwrpc_parse_reply("1 a\0b", 5, &t, &l), 0);
	assert_int_equal(l, 3);
	assert_memory_equal(t, "a\0b", 3);
	assert_int_equal(vmwrpc_parse_reply("1 abc", 3, &t, &l), 0);
	assert_int_equal(l, 1);
	/* Optional outputs. */
	assert_int_equal(vmwrpc_parse_reply("0 x", 3, NULL, NULL), -VMWRPC_EHOST);
}

/* ---- guestinfo keys ---- */

static void check_cmd(const char *verb, const char *key, const char *val,
		      size_t vlen, int with, const char *want, size_t want_len)
{
	char *cmd;
	size_t len;

	assert_int_equal(vmwrpc__guestinfo_cmd(verb, key, val, vlen, with, &cmd,
					    &len), 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(cmd, want, want_len);
	assert_int_equal(cmd[len], '\0');
	free(cmd);
}

static void test_guestinfo_cmd(void **state)
{
	char *cmd;
	size_t len;

	(void)state;
	check_cmd("info-get", "foo", NULL, 0, 0, "info-get guestinfo.foo", 22);
	check_cmd("info-get", "guestinfo.foo", NULL, 0, 0,
		  "info-get guestinfo.foo", 22);
	/* Only the exact prefix with its dot counts. */
	check_cmd("info-get", "guestinfofoo", NULL, 0, 0,
		  "info-get guestinfo.guestinfofoo", 31);
	check_cmd("info-get", "GUESTINFO.x", NULL, 0, 0,
		  "info-get guestinfo.GUESTINFO.x", 30);
	check_cmd("info-set", "k", "v", 1, 1, "info-set guestinfo.k v", 22);
	check_cmd("info-set", "guestinfo.k", "a\0b", 3, 1,
		  "info-set guestinfo.k a\0b", 24);
	check_cmd("info-set", "k", "", 0, 1, "info-set guestinfo.k ", 21);
	check_cmd("info-set", "k", "a b\n", 4, 1, "info-set guestinfo.k a b\n", 25);

	assert_int_equal(vmwrpc__guestinfo_cmd("info-get", "", NULL, 0, 0, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_null(cmd);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-get", NULL, NULL, 0, 0, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-get", "guestinfo.", NULL, 0,
					    0, &cmd, &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-set", "a b", "v", 1, 1, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-set", "a\tb", "v", 1, 1, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-set", "a\nb", "v", 1, 1, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-set", "a\x7f", "v", 1, 1, &cmd,
					    &len), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc__guestinfo_cmd("info-set", "k", NULL, 3, 1, &cmd,
					    &len), -EINVAL);
	/* UTF-8 and punctuation are fine. */
	assert_true(vmwrpc__guestinfo_key_ok("ignition.config.data"));
	assert_true(vmwrpc__guestinfo_key_ok("k\xc3\xa9y"));
	assert_false(vmwrpc__guestinfo_key_ok(" k"));
}

/* ---- error texts ---- */

static void test_strerror(void **state)
{
	static const int errnos[] = {
		ECONNREFUSED, ECONNRESET, ENOTCONN, EIO, EAGAIN, EPROTO,
		EBADMSG, EMSGSIZE, EFBIG, ENOBUFS, EPERM, EACCES, ENOENT,
		EMFILE, ENFILE, EDQUOT, EBUSY, EINTR, EOPNOTSUPP, ENOTTY,
		EINVAL, EFAULT, ENOMEM, ENOSPC,
	};
	const char *seen[64];
	size_t n = 0;

	(void)state;
	/* Every library code has its own text. */
	for (int e = VMWRPC_EHOST; e < VMWRPC_ELAST; e++) {
		const char *s = vmwrpc_strerror(-e);

		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		assert_ptr_equal(s, vmwrpc_strerror(e));
		for (size_t i = 0; i < n; i++)
			assert_string_not_equal(s, seen[i]);
		seen[n++] = s;
		/* No driver operation gives a library code another text. */
		assert_ptr_equal(vmwrpc_op_strerror(VMWRPC_OP_CALL, -e), s);
	}
	/* An errno reads as the system's error, whatever produced it. */
	for (size_t j = 0; j < sizeof(errnos) / sizeof(*errnos); j++) {
		int e = errnos[j];

		assert_string_equal(vmwrpc_strerror(-e), strerrordesc_np(e));
		assert_string_equal(vmwrpc_strerror(e), strerrordesc_np(e));
		assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_NONE, -e),
				    strerrordesc_np(e));
	}
	assert_string_equal(vmwrpc_strerror(-EMFILE), "Too many open files");
	assert_string_equal(vmwrpc_strerror(-ENOENT), "No such file or directory");
	assert_string_equal(vmwrpc_strerror(0), "success");
	assert_string_equal(vmwrpc_strerror(-VMWRPC_ELAST), "unknown error");
	assert_string_equal(vmwrpc_strerror(-VMWRPC_ERRNO_BASE), "unknown error");
	assert_string_equal(vmwrpc_strerror(-123456), "unknown error");
	/* No negation of INT_MIN (UBSan in make check SANITIZE=1). */
	assert_string_equal(vmwrpc_strerror(INT_MIN), "unknown error");
	assert_string_equal(vmwrpc_strerror(INT_MAX), "unknown error");
	assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_CALL, INT_MIN),
			    "unknown error");
	assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_CALL, INT_MAX),
			    "unknown error");
}

/*
 * The driver's meanings, per operation, as uapi/linux/vmw_rpc.h writes
 * them (lib/gen-errtab.sh copies them at build time).
 */
static void test_op_strerror(void **state)
{
	static const struct {
		enum vmwrpc_op op;
		int err;
		const char *has;
	} want[] = {
		{ VMWRPC_OP_CHAN_OPEN, EMFILE, "max_chans_per_file" },
		{ VMWRPC_OP_CHAN_OPEN, EPERM, "TCLO on a file opened without CAP_SYS_ADMIN" },
		{ VMWRPC_OP_CHAN_SEND, ENOENT, "no channel with that handle" },
		{ VMWRPC_OP_CHAN_RECV, ENOBUFS, "keeps the reply" },
		{ VMWRPC_OP_CHAN_CLOSE, ENOENT, "no channel with that handle" },
		{ VMWRPC_OP_BACKDOOR, EPERM, "CAP_SYS_RAWIO" },
		{ VMWRPC_OP_CALL, ECONNREFUSED, "the host refused" },
		{ VMWRPC_OP_CALL, EACCES, "not allowed by the driver's policy" },
		{ VMWRPC_OP_CALL, ENOBUFS, "The command ran" },
		{ VMWRPC_OP_CALL, EBADMSG, "\"1 \" or \"0 \"" },
		{ VMWRPC_OP_CALL, EINTR, "not sent" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const char *s = vmwrpc_op_strerror(want[i].op, -want[i].err);

		assert_non_null(strstr(s, want[i].has));
		/* The sign does not matter; the text is not the system's. */
		assert_ptr_equal(s, vmwrpc_op_strerror(want[i].op, want[i].err));
		assert_string_not_equal(s, vmwrpc_strerror(-want[i].err));
		/* Lower case, no final period: the end of a message. */
		assert_true(s[0] < 'A' || s[0] > 'Z' || (s[1] >= 'A' && s[1] <= 'Z'));
		assert_int_not_equal(s[strlen(s) - 1], '.');
	}
	/* What an ioctl does not document there is the system's error. */
	assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_CHAN_CLOSE, -EMFILE),
			    strerrordesc_np(EMFILE));
	assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_INFO, -EFAULT),
			    strerrordesc_np(EFAULT));
	assert_string_equal(vmwrpc_op_strerror((enum vmwrpc_op)99, -EIO),
			    strerrordesc_np(EIO));
	assert_string_equal(vmwrpc_op_strerror(VMWRPC_OP_CALL, 0), "success");
}

/* ---- diagnosis of a missing device ---- */

static void test_diagnosis(void **state)
{
	(void)state;
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_NOT_INSTALLED, 1),
			 -VMWRPC_ENOMODULE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_NOT_INSTALLED, 0),
			 -VMWRPC_ENOTVMWARE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_NOT_INSTALLED, -1),
			 -VMWRPC_ENOMODULE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_INSTALLED, 1),
			 -VMWRPC_ENOTLOADED);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_INSTALLED, -1),
			 -VMWRPC_ENOTLOADED);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_INSTALLED, 0),
			 -VMWRPC_ENOTVMWARE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_LOADED, 1),
			 -VMWRPC_ENONODE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_BUILTIN, 0),
			 -VMWRPC_ENONODE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_UNKNOWN, 1),
			 -VMWRPC_ENODEVICE);
	assert_int_equal(vmwrpc__diagnosis(VMWRPC_MODULE_UNKNOWN, 0),
			 -VMWRPC_ENOTVMWARE);

	assert_int_equal(vmwrpc__open_error(EACCES, VMWRPC_MODULE_LOADED, 1),
			 -VMWRPC_EDEVACCESS);
	assert_int_equal(vmwrpc__open_error(EPERM, VMWRPC_MODULE_LOADED, 1),
			 -VMWRPC_EDEVACCESS);
	assert_int_equal(vmwrpc__open_error(ENOENT, VMWRPC_MODULE_INSTALLED, 1),
			 -VMWRPC_ENOTLOADED);
	assert_int_equal(vmwrpc__open_error(ENXIO, VMWRPC_MODULE_INSTALLED, 1),
			 -VMWRPC_ENOTLOADED);
	assert_int_equal(vmwrpc__open_error(EMFILE, VMWRPC_MODULE_LOADED, 1),
			 -EMFILE);

	/* As the module's alias dmi:*:svnVMware*:* matches it. */
	assert_true(vmwrpc__dmi_vendor_is_vmware("VMware, Inc.\n"));
	assert_true(vmwrpc__dmi_vendor_is_vmware("VMware, Inc."));
	assert_true(vmwrpc__dmi_vendor_is_vmware("VMware"));
	assert_false(vmwrpc__dmi_vendor_is_vmware("VMwar"));
	assert_false(vmwrpc__dmi_vendor_is_vmware("vmware, inc.\n"));
	assert_false(vmwrpc__dmi_vendor_is_vmware("Not VMware\n"));
	assert_false(vmwrpc__dmi_vendor_is_vmware("QEMU\n"));
	assert_false(vmwrpc__dmi_vendor_is_vmware(""));
	assert_false(vmwrpc__dmi_vendor_is_vmware(NULL));
	assert_true(vmwrpc__dmi_serial_is_vmware("VMware-56 4d 8a 3c\n"));
	assert_false(vmwrpc__dmi_serial_is_vmware("0123456789\n"));
	assert_false(vmwrpc__dmi_serial_is_vmware(NULL));
}

/* Nothing wrong is 0; only a missing or closed node is an error then. */
static void test_diagnose(void **state)
{
	(void)state;
	assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_LOADED, 1, "/dev/null"), 0);
	assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_BUILTIN, -ENODATA,
					  "/dev/null"), 0);
	assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_LOADED, 1,
					  "/nonexistent/vmw_rpc"),
			 -VMWRPC_ENONODE);
	if (geteuid())	/* root may write anything */
		assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_LOADED, 1,
						  "/proc/version"),
				 -VMWRPC_EDEVACCESS);
	/* Not loaded: the node proves nothing. */
	assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_INSTALLED, 1, "/dev/null"),
			 -VMWRPC_ENOTLOADED);
	assert_int_equal(vmwrpc__diagnose(VMWRPC_MODULE_NOT_INSTALLED, 0,
					  "/dev/null"),
			 -VMWRPC_ENOTVMWARE);
	/* The public one agrees with its parts. */
	assert_int_equal(vmwrpc_diagnose(),
			 vmwrpc__diagnose(vmwrpc_module_state(),
					  vmwrpc_platform_is_vmware(),
					  VMWRPC_DEVICE));
}

/*
 * libkmod is dlopen()ed, not linked: without it, the state is unknown
 * and loading says why. With it (the build host has it), the same call
 * gets an answer from it.
 */
static void test_no_libkmod(void **state)
{
	const char *soname = vmwrpc__kmod_soname;

	(void)state;
	assert_int_not_equal(vmwrpc_module_state(), VMWRPC_MODULE_UNKNOWN);
	vmwrpc__kmod_soname = "libvmwrpc-test-no-such-kmod.so.2";
	assert_int_equal(vmwrpc_module_state(), VMWRPC_MODULE_UNKNOWN);
	assert_int_equal(vmwrpc__load_module(), -VMWRPC_ENOKMOD);
	vmwrpc__kmod_soname = soname;
	assert_string_equal(vmwrpc_strerror(-VMWRPC_ENOKMOD),
			    "libkmod (libkmod.so.2) is not installed: it is needed to load the vmw_rpc module");
}

/* 1, 0, or a negative errno: never -1 (that would read as -EPERM). */
static void test_platform(void **state)
{
	char vm[] = "/tmp/vmwrpc-test-XXXXXX", other[] = "/tmp/vmwrpc-test-XXXXXX";
	int fd, ret;

	(void)state;
	fd = mkstemp(vm);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "VMware, Inc.\n", 13), 13);
	close(fd);
	fd = mkstemp(other);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "QEMU\n", 5), 5);
	close(fd);

	assert_int_equal(vmwrpc__platform_is_vmware(false, "/nonexistent/a",
						    "/nonexistent/b"), -ENODATA);
	assert_int_equal(vmwrpc__platform_is_vmware(false, "/nonexistent/a", vm), 1);
	assert_int_equal(vmwrpc__platform_is_vmware(false, "/nonexistent/a", other), 0);
	/* The serial, when readable, decides. */
	assert_int_equal(vmwrpc__platform_is_vmware(false, other, vm), 0);
	unlink(vm);
	unlink(other);
	ret = vmwrpc_platform_is_vmware();
	assert_true(ret == 0 || ret == 1 || ret == -ENODATA);
}

/* ---- open ---- */

static void test_open(void **state)
{
	struct vmwrpc *x = (struct vmwrpc *)1;
	struct vmw_rpc_info info;
	int ret;

	(void)state;
	mock_reset();
	assert_int_equal(vmwrpc_open(NULL, "/dev/null", 0), -EINVAL);
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0x80), -EINVAL);
	assert_null(x);

	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), 0);
	assert_int_equal(vmwrpc_info(x, &info), 0);
	assert_int_equal(info.max_reply, mock_info.max_reply);
	vmwrpc_close(x);

	mock_info_errno = ENOTTY;	/* some other device */
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), -VMWRPC_ENOTDRIVER);
	assert_null(x);
	mock_info_errno = EFAULT;
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), -EFAULT);
	mock_info_errno = 0;
	/* A later driver only adds (<linux/vmw_rpc.h>): it is welcome. */
	mock_info.abi_version = VMW_RPC_ABI_VERSION + 1;
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), 0);
	assert_non_null(x);
	vmwrpc_close(x);
	mock_info.abi_version = 1000;
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), 0);
	vmwrpc_close(x);
	/* The oldest supported too; one older is not. */
	mock_info.abi_version = VMWRPC_ABI_MIN;
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), 0);
	vmwrpc_close(x);
	mock_info.abi_version = VMWRPC_ABI_MIN - 1;
	assert_int_equal(vmwrpc_open(&x, "/dev/null", 0), -VMWRPC_EABI);
	assert_null(x);
	mock_info.abi_version = VMW_RPC_ABI_VERSION;

	/* A path of the caller's that does not exist: no module story. */
	assert_int_equal(vmwrpc_open(&x, "/nonexistent/vmw_rpc", 0),
			 -VMWRPC_ENODEVICE);
	assert_null(x);
	/* A missing /dev/vmw_rpc is explained, never a bare ENOENT. */
	if (access(VMWRPC_DEVICE, F_OK)) {
		ret = vmwrpc_open(&x, NULL, 0);
		assert_true(ret == -VMWRPC_ENOMODULE || ret == -VMWRPC_ENOTLOADED ||
			    ret == -VMWRPC_ENONODE || ret == -VMWRPC_ENOTVMWARE ||
			    ret == -VMWRPC_ENODEVICE);
		assert_int_equal(ret, vmwrpc_diagnose());
	}
	vmwrpc_close(NULL);
}

/* ---- receive: buffer growth on ENOBUFS ---- */

static size_t recv_sizes[8];
static size_t recv_reply_len;
static size_t recv_needed_step;		/* grow "needed" each time */

static int recv_handler(unsigned long req, void *arg)
{
	struct vmw_rpc_chan_msg *m = arg;
	char *buf = (char *)(uintptr_t)m->buf;

	assert_int_equal(req, VMW_RPC_IOC_CHAN_RECV);
	assert_int_equal(m->handle, 7);
	assert_int_equal(m->flags, 0);
	assert_int_equal(m->reserved, 0);
	recv_sizes[mock_calls - 1] = m->len;
	if (recv_needed_step)
		recv_reply_len += recv_needed_step;
	if (m->len < recv_reply_len) {
		m->len = (__u32)recv_reply_len;
		return -ENOBUFS;
	}
	for (size_t i = 0; i < recv_reply_len; i++)
		buf[i] = (char)(i * 7);
	m->len = (__u32)recv_reply_len;
	return 0;
}

static void test_recv_grows(void **state)
{
	char *r;
	size_t len;

	(void)state;
	mock_handler = recv_handler;
	recv_needed_step = 0;
	recv_reply_len = 10000;
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), 0);
	assert_int_equal(mock_calls, 2);
	assert_int_equal(recv_sizes[0], VRPC_RECV_INITIAL);
	assert_int_equal(recv_sizes[1], 10000);
	assert_int_equal(len, 10000);
	for (size_t i = 0; i < len; i++)
		assert_int_equal((unsigned char)r[i], (unsigned char)(i * 7));
	assert_int_equal(r[len], '\0');
	vmwrpc_free(r);
}

static void test_recv_fits(void **state)
{
	char *r;
	size_t len;

	(void)state;
	mock_handler = recv_handler;
	recv_needed_step = 0;
	recv_reply_len = 0;	/* an empty reply is a reply */
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), 0);
	assert_int_equal(mock_calls, 1);
	assert_int_equal(len, 0);
	assert_non_null(r);
	assert_int_equal(r[0], '\0');
	vmwrpc_free(r);

	mock_calls = 0;
	recv_reply_len = VRPC_RECV_INITIAL;
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), 0);
	assert_int_equal(mock_calls, 1);
	assert_int_equal(len, VRPC_RECV_INITIAL);
	vmwrpc_free(r);
}

static void test_recv_gives_up(void **state)
{
	char *r = (char *)1;
	size_t len = 1;

	(void)state;
	mock_handler = recv_handler;
	recv_reply_len = VRPC_RECV_INITIAL;
	recv_needed_step = 100;	/* the needed size keeps moving */
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), -ENOBUFS);
	assert_int_equal(mock_calls, VRPC_RECV_TRIES);
	assert_null(r);
	assert_int_equal(len, 0);
	recv_needed_step = 0;
}

static int recv_bad_size(unsigned long req, void *arg)
{
	struct vmw_rpc_chan_msg *m = arg;

	(void)req;
	return m->len = 10, -ENOBUFS;	/* "needs" less than it has */
}

static int recv_reset(unsigned long req, void *arg)
{
	(void)req;
	(void)arg;
	return -ECONNRESET;
}

static void test_recv_errors(void **state)
{
	char *r;
	size_t len;

	(void)state;
	mock_handler = recv_bad_size;
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), -ENOBUFS);
	assert_int_equal(mock_calls, 1);
	mock_handler = recv_reset;
	assert_int_equal(vmwrpc_chan_recv(h, 7, &r, &len), -ECONNRESET);
	assert_null(r);
	assert_int_equal(vmwrpc_chan_recv(NULL, 7, &r, &len), -EINVAL);
	assert_int_equal(vmwrpc_chan_recv(h, 7, NULL, &len), -EINVAL);
}

/* ---- channels ---- */

static int chan_handler(unsigned long req, void *arg)
{
	struct vmw_rpc_chan_open *op = arg;
	struct vmw_rpc_chan_msg *m = arg;
	struct vmw_rpc_chan_close *cl = arg;

	switch (req) {
	case VMW_RPC_IOC_CHAN_OPEN:
		if (op->flags || op->reserved || op->handle)
			return -EINVAL;
		if (op->protocol == VMW_RPC_PROTO_TCLO)
			return -EPERM;
		op->handle = 42;
		return 0;
	case VMW_RPC_IOC_CHAN_SEND:
		assert_int_equal(m->handle, 42);
		assert_int_equal(m->flags, 0);
		if (m->len)
			memcpy(mock_request, (void *)(uintptr_t)m->buf, m->len);
		mock_request_len = m->len;
		return 0;
	case VMW_RPC_IOC_CHAN_CLOSE:
		assert_int_equal(cl->flags, 0);
		return cl->handle == 42 ? 0 : -ENOENT;
	default:
		return -ENOTTY;
	}
}

static void test_channels(void **state)
{
	uint32_t ch = 0;

	(void)state;
	mock_handler = chan_handler;
	assert_int_equal(vmwrpc_chan_open(h, VMW_RPC_PROTO_RPCI, &ch), 0);
	assert_int_equal(ch, 42);
	assert_int_equal(vmwrpc_chan_open(h, VMW_RPC_PROTO_TCLO, &ch), -EPERM);
	assert_int_equal(vmwrpc_chan_send(h, 42, "a\0b", 3), 0);
	assert_int_equal(mock_request_len, 3);
	assert_memory_equal(mock_request, "a\0b", 3);
	assert_int_equal(vmwrpc_chan_send(h, 42, NULL, 0), 0);
	assert_int_equal(mock_request_len, 0);
	assert_int_equal(vmwrpc_chan_send(h, 42, NULL, 1), -EINVAL);
	assert_int_equal(vmwrpc_chan_close(h, 42), 0);
	assert_int_equal(vmwrpc_chan_close(h, 43), -ENOENT);
}

/* ---- one-shot call ---- */

static int call_check_handler(unsigned long req, void *arg)
{
	struct vmw_rpc_call *c = arg;

	/* The reply buffer is always max_reply: the driver would drop it. */
	assert_int_equal(c->reply_len, mock_info.max_reply);
	return mock_default(req, arg);
}

static void test_call_raw(void **state)
{
	char *r;
	size_t len;

	(void)state;
	mock_handler = call_check_handler;
	MOCK_REPLY("1 hello\0world");
	assert_int_equal(vmwrpc_call_raw(h, "cmd\0x", 5, &r, &len), 0);
	assert_int_equal(mock_request_len, 5);
	assert_memory_equal(mock_request, "cmd\0x", 5);
	assert_int_equal(len, 13);
	assert_memory_equal(r, "1 hello\0world", 13);
	assert_int_equal(r[13], '\0');
	vmwrpc_free(r);

	mock_errno = ENOBUFS;
	assert_int_equal(vmwrpc_call_raw(h, "x", 1, &r, &len), -ENOBUFS);
	assert_null(r);
	mock_errno = EBADMSG;
	assert_int_equal(vmwrpc_call_raw(h, "x", 1, &r, &len), -EBADMSG);
	mock_errno = 0;

	/* Checked before any system call. */
	mock_calls = 0;
	assert_int_equal(vmwrpc_call_raw(h, "", 0, &r, &len), -EINVAL);
	assert_int_equal(vmwrpc_call_raw(h, NULL, 3, &r, &len), -EINVAL);
	{
		size_t big = mock_info.max_send + 1;
		char *req = calloc(1, big);

		assert_int_equal(vmwrpc_call_raw(h, req, big, &r, &len),
				 -EMSGSIZE);
		assert_int_equal(vmwrpc_call_raw(h, req, big - 1, &r, &len), 0);
		vmwrpc_free(r);
		free(req);
	}
	assert_int_equal(mock_calls, 1);
}

static void test_call(void **state)
{
	char *t;
	size_t len;

	(void)state;
	MOCK_REPLY("1 hi");
	assert_int_equal(vmwrpc_call(h, "x", 1, &t, &len), 0);
	assert_int_equal(len, 2);
	assert_string_equal(t, "hi");
	vmwrpc_free(t);

	/* A refusal: nothing to free (the host's text is call_raw's). */
	MOCK_REPLY("0 Unknown command");
	assert_int_equal(vmwrpc_call(h, "x", 1, &t, &len), -VMWRPC_EHOST);
	assert_null(t);
	assert_int_equal(len, 0);
	MOCK_REPLY("0 No value found");
	assert_int_equal(vmwrpc_call(h, "x", 1, &t, &len), -VMWRPC_ENOVALUE);
	assert_null(t);
	assert_int_equal(len, 0);

	MOCK_REPLY("garbage");
	assert_int_equal(vmwrpc_call(h, "x", 1, &t, &len), -VMWRPC_EBADREPLY);
	assert_null(t);

	mock_errno = ECONNREFUSED;
	assert_int_equal(vmwrpc_call(h, "x", 1, &t, &len), -ECONNREFUSED);
	assert_null(t);
	assert_int_equal(len, 0);
}

/* The caller's buffer: no allocation, the reply and a NUL when it fits. */
static void test_call_buf(void **state)
{
	struct vmwrpc_call_opts o = { .size = sizeof(o) };
	char buf[16];
	size_t len = 99;

	(void)state;
	MOCK_REPLY("1 hello\0world");
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, sizeof(buf), &len,
					 NULL), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(buf, "1 hello\0world", 13);
	assert_int_equal(buf[13], '\0');
	assert_int_equal(mock_call_flags, 0);
	/* Exactly the reply's size: no room for the NUL, none written. */
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, 13, &len, &o), 0);
	assert_int_equal(len, 13);
	assert_int_equal(buf[13], 'z');
	assert_int_equal(o.delivered, 1);
	assert_int_equal(o.reply_needed, 0);
	/* Too small: the command ran, its reply is lost; the size needed. */
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, 4, &len, &o),
			 -ENOBUFS);
	assert_int_equal(len, 0);
	assert_int_equal(o.reply_needed, 13);
	assert_int_equal(o.delivered, 1);
	/* A host refusal is a reply like any other. */
	MOCK_REPLY("0 No value found");
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, sizeof(buf), &len,
					 &o), 0);
	assert_int_equal(len, 16);
	/* Bad arguments, before any system call. */
	mock_calls = 0;
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, NULL, 5, &len, NULL),
			 -EINVAL);
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, 0, &len, NULL),
			 -EINVAL);
	assert_int_equal(vmwrpc_call_buf(h, "cmd", 3, buf, 5, NULL, NULL),
			 -EINVAL);
	assert_int_equal(vmwrpc_call_buf(h, "", 0, buf, 5, &len, NULL), -EINVAL);
	assert_int_equal(vmwrpc_call_buf(NULL, "x", 1, buf, 5, &len, NULL),
			 -EINVAL);
	assert_int_equal(mock_calls, 0);
}

/* The options carry their size: older ones are refused, newer tolerated. */
static void test_call_opts_size(void **state)
{
	struct {
		struct vmwrpc_call_opts o;
		unsigned char later[16];
	} big;
	struct vmwrpc_call_opts o = { .size = sizeof(o) };
	char buf[16];
	size_t len;

	(void)state;
	MOCK_REPLY("1 ok");
	mock_calls = 0;
	o.size = sizeof(o) - 1;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	o.size = 0;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	o.size = sizeof(o);
	o.flags = 0x80;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	o.flags = 0;
	o.timeout_ms = 5;	/* a timeout without its flag */
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	o.timeout_ms = 0;
	o.reserved = 1;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	o.reserved = 0;
	/* Outputs written on an early failure too (the header's promise). */
	o.delivered = 7;
	o.reply_needed = 7;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), NULL, &o),
			 -EINVAL);
	assert_int_equal(o.delivered, 0);
	assert_int_equal(o.reply_needed, 0);
	assert_int_equal(mock_calls, 0);
	/* A later version's struct: zero tail fine, a set one refused. */
	memset(&big, 0, sizeof(big));
	big.o.size = sizeof(big);
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len,
					 &big.o), 0);
	big.later[3] = 1;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len,
					 &big.o), -E2BIG);
	assert_int_equal(mock_calls, 1);
}

/*
 * The timeout: passed to the driver when it announces it, a distinct
 * library error (never a bare EINVAL) when it does not.
 */
static void test_call_timeout(void **state)
{
	struct vmwrpc_call_opts o = {
		.size = sizeof(o),
		.flags = VMWRPC_CALL_TIMEOUT,
		.timeout_ms = 250,
	};
	struct vmwrpc *old;
	char buf[16];
	size_t len;

	(void)state;
	MOCK_REPLY("1 ok");
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 0);
	assert_int_equal(mock_call_flags, VMW_RPC_CALL_TIMEOUT);
	assert_int_equal(mock_call_timeout, 250);
	o.timeout_ms = 0;	/* do not wait */
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 0);
	assert_int_equal(mock_call_flags, VMW_RPC_CALL_TIMEOUT);
	assert_int_equal(mock_call_timeout, 0);
	o.timeout_ms = VMW_RPC_CALL_TIMEOUT_MAX_MS + 1;
	mock_calls = 0;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	assert_int_equal(mock_calls, 0);
	o.timeout_ms = VMW_RPC_CALL_TIMEOUT_MAX_MS;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 0);

	/* The pool stayed busy: not sent, and said so. */
	mock_errno = ETIMEDOUT;
	o.delivered = 7;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -ETIMEDOUT);
	assert_int_equal(o.delivered, 0);
	assert_int_equal(len, 0);
	assert_non_null(strstr(vmwrpc_op_strerror(VMWRPC_OP_CALL, -ETIMEDOUT),
			       "not sent"));
	mock_errno = 0;

	/* An ABI 1 driver: no timeout flag in its info. */
	mock_info.abi_version = 1;
	mock_info.flags &= ~(VMW_RPC_INFO_CALL_TIMEOUT | VMW_RPC_INFO_CALL_DELIVERED);
	assert_int_equal(vmwrpc_open(&old, "/dev/null", 0), 0);
	mock_calls = 0;
	assert_int_equal(vmwrpc_call_buf(old, "x", 1, buf, sizeof(buf), &len,
					 &o), -VMWRPC_EDRIVEROLD);
	assert_int_equal(mock_calls, 0);
	assert_non_null(strstr(vmwrpc_strerror(-VMWRPC_EDRIVEROLD), "too old"));
	/* Without a timeout it works, and cannot tell about a failure. */
	assert_int_equal(vmwrpc_call_buf(old, "x", 1, buf, sizeof(buf), &len,
					 NULL), 0);
	o.flags = 0;
	o.timeout_ms = 0;
	mock_errno = EIO;
	assert_int_equal(vmwrpc_call_buf(old, "x", 1, buf, sizeof(buf), &len,
					 &o), -EIO);
	assert_int_equal(o.delivered, -1);
	mock_errno = 0;
	assert_int_equal(vmwrpc_call_buf(old, "x", 1, buf, sizeof(buf), &len,
					 &o), 0);
	assert_int_equal(o.delivered, 1);
	vmwrpc_close(old);
}

/* The driver's delivery report reaches the caller, also on failure. */
static void test_call_delivered(void **state)
{
	struct vmwrpc_call_opts o = { .size = sizeof(o) };
	char buf[16];
	size_t len;

	(void)state;
	mock_errno = EIO;
	mock_delivered = 1;	/* the host had it; the reply was lost */
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EIO);
	assert_int_equal(o.delivered, 1);
	mock_delivered = 0;
	mock_errno = EAGAIN;
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 -EAGAIN);
	assert_int_equal(o.delivered, 0);
	/* Refused by the library: nothing sent. */
	mock_errno = 0;
	o.delivered = 7;
	assert_int_equal(vmwrpc_call_buf(h, "", 0, buf, sizeof(buf), &len, &o),
			 -EINVAL);
	assert_int_equal(o.delivered, 0);
	/* The library never passes the output bit in. */
	MOCK_REPLY("1 ok");
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 0);
	assert_int_equal(vmwrpc_call_buf(h, "x", 1, buf, sizeof(buf), &len, &o),
			 0);
	assert_int_equal(mock_call_flags & VMW_RPC_CALL_DELIVERED, 0);
}

/* ---- guestinfo ---- */

static void test_guestinfo_get(void **state)
{
	char *v;
	size_t len;

	(void)state;
	MOCK_REPLY("1 v\0w\n");
	assert_int_equal(vmwrpc_guestinfo_get(h, "k", &v, &len), 0);
	assert_int_equal(mock_request_len, 20);
	assert_memory_equal(mock_request, "info-get guestinfo.k", 20);
	assert_int_equal(len, 4);
	assert_memory_equal(v, "v\0w\n", 4);
	vmwrpc_free(v);

	MOCK_REPLY("0 No value found");
	assert_int_equal(vmwrpc_guestinfo_get(h, "guestinfo.k", &v, &len),
			 -VMWRPC_ENOVALUE);
	assert_memory_equal(mock_request, "info-get guestinfo.k", 20);
	assert_null(v);
	assert_int_equal(len, 0);

	MOCK_REPLY("0 Permission denied");
	assert_int_equal(vmwrpc_guestinfo_get(h, "k", &v, &len),
			 -VMWRPC_ESECURE);
	assert_null(v);
	assert_int_equal(len, 0);

	mock_calls = 0;
	assert_int_equal(vmwrpc_guestinfo_get(h, "a b", &v, &len),
			 -VMWRPC_EBADKEY);
	assert_null(v);
	assert_int_equal(mock_calls, 0);
}

static void test_guestinfo_set(void **state)
{
	(void)state;
	MOCK_REPLY("1 ");
	assert_int_equal(vmwrpc_guestinfo_set(h, "k", "a\0b", 3), 0);
	assert_int_equal(mock_request_len, 24);
	assert_memory_equal(mock_request, "info-set guestinfo.k a\0b", 24);

	MOCK_REPLY("0 Permission denied");
	assert_int_equal(vmwrpc_guestinfo_set(h, "k", "v", 1), -VMWRPC_ESECURE);

	MOCK_REPLY("0 Value too long");
	assert_int_equal(vmwrpc_guestinfo_set(h, "k", "v", 1), -VMWRPC_EHOST);

	/* Over the host's limit: refused before the driver sees it. */
	{
		size_t big = 70000;
		char *val = malloc(big);

		memset(val, 'x', big);
		mock_calls = 0;
		assert_int_equal(vmwrpc_guestinfo_set(h, "k", val, big),
				 -EMSGSIZE);
		assert_int_equal(mock_calls, 0);
		free(val);
	}
}

/* The host keeps no empty value: a cleared key holds one blank. */
static void test_guestinfo_clear(void **state)
{
	(void)state;
	MOCK_REPLY("1 ");
	assert_int_equal(vmwrpc_guestinfo_clear(h, "k"), 0);
	assert_int_equal(mock_request_len, 22);
	assert_memory_equal(mock_request, "info-set guestinfo.k  ", 22);
	assert_int_equal(vmwrpc_guestinfo_clear(h, "guestinfo.k"), 0);
	assert_memory_equal(mock_request, "info-set guestinfo.k  ", 22);
	assert_string_equal(VMWRPC_GUESTINFO_CLEARED, " ");

	MOCK_REPLY("0 Permission denied");
	assert_int_equal(vmwrpc_guestinfo_clear(h, "k"), -VMWRPC_ESECURE);
	mock_calls = 0;
	assert_int_equal(vmwrpc_guestinfo_clear(h, "a b"), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc_guestinfo_clear(h, ""), -VMWRPC_EBADKEY);
	assert_int_equal(vmwrpc_guestinfo_clear(NULL, "k"), -EINVAL);
	assert_int_equal(mock_calls, 0);
}

static void test_log(void **state)
{
	(void)state;
	MOCK_REPLY("1 ");
	assert_int_equal(vmwrpc_log(h, "hello world"), 0);
	assert_int_equal(mock_request_len, 15);
	assert_memory_equal(mock_request, "log hello world", 15);
	MOCK_REPLY("0 Unknown command");
	assert_int_equal(vmwrpc_log(h, "x"), -VMWRPC_EHOST);
	assert_int_equal(vmwrpc_log(h, NULL), -EINVAL);
}

/* ---- raw backdoor ---- */

static void test_backdoor(void **state)
{
	struct vmw_rpc_regs in = {
		.eax = 0, .ebx = 1, .ecx = 10, .edx = 3, .esi = 4, .edi = 5,
	}, out;
	char buf[16];

	(void)state;
	mock_bd_out.eax = 6;
	mock_bd_out.ebx = VMW_RPC_BDOOR_MAGIC;
	mock_bd_out.edi = 0xdeadbeef;
	assert_int_equal(vmwrpc_backdoor(h, &in, &out), 0);
	assert_int_equal(mock_bd.mode, VMW_RPC_BDOOR_LB);
	assert_int_equal(mock_bd.flags, 0);
	assert_int_equal(mock_bd.buf, 0);
	assert_int_equal(mock_bd.buf_len, 0);
	assert_int_equal(mock_bd.in.ecx, 10);
	assert_int_equal(mock_bd.in.esi, 4);
	assert_int_equal(out.eax, 6);
	assert_int_equal(out.ebx, VMW_RPC_BDOOR_MAGIC);
	assert_int_equal(out.edi, 0xdeadbeef);

	assert_int_equal(vmwrpc_backdoor_hb(h, VMWRPC_HB_IN, &in, &out, buf,
					    sizeof(buf)), 0);
	assert_int_equal(mock_bd.mode, VMW_RPC_BDOOR_HB_IN);
	assert_ptr_equal((void *)(uintptr_t)mock_bd.buf, buf);
	assert_int_equal(mock_bd.buf_len, sizeof(buf));
	assert_int_equal(vmwrpc_backdoor_hb(h, VMW_RPC_BDOOR_LB, &in, &out,
					    buf, sizeof(buf)), -EINVAL);
	assert_int_equal(vmwrpc_backdoor_hb(h, VMWRPC_HB_OUT, &in, &out, buf, 0),
			 -EINVAL);

	mock_errno = EPERM;
	memset(&out, 0xaa, sizeof(out));
	assert_int_equal(vmwrpc_backdoor(h, &in, &out), -EPERM);
	assert_int_equal(out.eax, 0xaaaaaaaa);	/* untouched on failure */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_guestinfo_cmd),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_op_strerror),
		cmocka_unit_test(test_diagnosis),
		cmocka_unit_test(test_diagnose),
		cmocka_unit_test(test_platform),
		cmocka_unit_test(test_open),
		cmocka_unit_test_setup_teardown(test_recv_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recv_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recv_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recv_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_channels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_buf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_opts_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_delivered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guestinfo_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guestinfo_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guestinfo_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backdoor, setup, teardown),
		cmocka_unit_test(test_no_libkmod),
	};

	return cmocka_run_group_tests_name("libvmwrpc", tests, NULL, NULL);
}
