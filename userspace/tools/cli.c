// SPDX-License-Identifier: LGPL-2.1-or-later
/* Helpers shared by vmw-rpc and vmw-rpctool. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <sys/uio.h>

#include "cli.h"

static bool cli_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/*
 * A 32-bit number: decimal, or hex with 0x. No sign, no octal, no
 * blanks, one prefix (strtoull would skip blanks and take a second 0x).
 */
int cli_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;
	int base = 10;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	if (cli_hex_prefix(s)) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)*s) || cli_hex_prefix(s))
			return -EINVAL;
	}
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	if (n > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)n;
	return 0;
}

/* Read all of @in, binary-safe; -EFBIG past @max bytes. */
int cli_read_all(FILE *in, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *p = malloc(cap), *tmp;

	*buf = NULL;
	*len = 0;
	if (!p)
		return -ENOMEM;
	errno = 0;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(p);
				return -EFBIG;
			}
			cap *= 2;
			tmp = realloc(p, cap);
			if (!tmp) {
				free(p);
				return -ENOMEM;
			}
			p = tmp;
		}
		got = fread(p + n, 1, cap - n, in);
		n += got;
		if (n > max) {
			free(p);
			return -EFBIG;
		}
		if (got == 0) {
			if (ferror(in)) {
				int e = errno ? errno : EIO;

				free(p);
				return -e;
			}
			break;
		}
	}
	*buf = p;
	*len = n;
	return 0;
}

int cli_write_all(FILE *out, const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, out) != len)
		return -EIO;
	return 0;
}

/*
 * @len bytes of @buf, then the string @tail, to @fd with writev(2): one
 * system call, more only for a partial write. 0, or -1 with errno set.
 */
int cli_write_fd(int fd, const void *buf, size_t len, const char *tail)
{
	struct iovec iov[2] = {
		{ (void *)buf, len },
		{ (void *)tail, strlen(tail) },
	};
	struct iovec *v = iov;
	int cnt = 2;

	while (cnt) {
		ssize_t n = writev(fd, v, cnt);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		while (cnt && (size_t)n >= v->iov_len) {
			n -= v->iov_len;
			v++;
			cnt--;
		}
		if (cnt) {
			v->iov_base = (char *)v->iov_base + n;
			v->iov_len -= n;
		}
	}
	return 0;
}

/* argv joined by single spaces; NULL when out of memory. */
char *cli_join(int argc, char *const argv[])
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (i)
			*p++ = ' ';
		memcpy(p, argv[i], l);
		p += l;
	}
	*p = '\0';
	return s;
}

/*
 * GETUUID returns the 16 bytes of the BIOS UUID in eax, ebx, ecx, edx,
 * each word little-endian; printed in that byte order.
 */
void cli_format_uuid(const struct vmw_rpc_regs *r, char buf[37])
{
	const uint32_t w[4] = { r->eax, r->ebx, r->ecx, r->edx };
	unsigned char b[16];
	char *p = buf;

	for (int i = 0; i < 16; i++)
		b[i] = (unsigned char)(w[i / 4] >> (8 * (i % 4)));
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", b[i]);
	}
}

const char *cli_vmx_type_name(uint32_t type)
{
	switch (type) {
	case 1:
		return "Express";
	case 2:
		return "ESX";
	case 3:
		return "Server";
	case 4:
		return "Workstation";
	case 5:
		return "ACE";
	default:
		return "unknown";
	}
}

const char *cli_transport_name(uint32_t transport)
{
	switch (transport) {
	case VMW_RPC_TRANSPORT_PORT:
		return "port";
	case VMW_RPC_TRANSPORT_VMCALL:
		return "vmcall";
	case VMW_RPC_TRANSPORT_VMMCALL:
		return "vmmcall";
	default:
		return "unknown";
	}
}

/* The device: an option, else $VMW_RPC_DEVICE, else the library's default. */
const char *cli_device(const char *opt)
{
	const char *env = getenv("VMW_RPC_DEVICE");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return NULL;
}

#ifndef VMWRPC_DKMS_PACKAGE
#error "VMWRPC_DKMS_PACKAGE: the Makefile takes it from debian/control"
#endif

/*
 * vmw-rpc status's "module:" line: what vmwrpc_module_state() found, and
 * what to do about it, which depends on vmwrpc_platform_is_vmware()'s
 * @is_vmware (off VMware the module has nothing to do).
 */
const char *cli_module_state_text(int state, int is_vmware)
{
	switch (state) {
	case VMWRPC_MODULE_NOT_INSTALLED:
		return is_vmware == 0
			? "not installed (not needed: this is not a VMware virtual machine)"
			: "not installed for this kernel (install the package " VMWRPC_DKMS_PACKAGE ")";
	case VMWRPC_MODULE_INSTALLED:
		return is_vmware == 0
			? "installed, not loaded (it loads on VMware only: this is not a VMware virtual machine)"
			: "installed, not loaded (modprobe vmw_rpc)";
	case VMWRPC_MODULE_LOADED:
		return "loaded";
	case VMWRPC_MODULE_BUILTIN:
		return "built into the kernel";
	default:
		return "unknown (libkmod could not tell, or is not installed)";
	}
}

/*
 * Make sure fds 0, 1 and 2 are open (on @null_dev, /dev/null, when
 * closed): else the device opened later becomes one of them, and "vmw-rpc
 * guestinfo set KEY" with stdin closed read the device as the value.
 * Return: the bit mask of the fds that were closed (1 << fd), or -errno.
 */
int cli_std_fds(const char *null_dev)
{
	/* One poll(2) asks about the three (POLLNVAL: not open), as musl does. */
	struct pollfd pfd[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };
	bool polled = poll(pfd, 3, 0) >= 0;
	int closed = 0;

	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (polled ? !(pfd[fd].revents & POLLNVAL) :
		    fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = open(null_dev, fd ? O_WRONLY : O_RDONLY);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) {	/* cannot be: the lower ones are open */
			close(nfd);
			return -EBADF;
		}
		closed |= 1 << fd;
	}
	return closed;
}

/*
 * cli_std_fds(@null_dev) failed with errno @err: say so on stderr when fd
 * 2 is open, else on stdout when fd 1 is (the only places left), with
 * write(2) rather than stdio (whose stream may be the closed fd).
 */
void cli_report_std_fds(const char *prog, const char *null_dev, int err)
{
	int fd = fcntl(2, F_GETFD) >= 0 ? 2 : 1;

	if (fd == 1 && fcntl(1, F_GETFD) < 0)
		return;		/* nowhere: the exit status says it */
	dprintf(fd, "%s: opening %s for a closed stdin, stdout or stderr: %s\n",
		prog, null_dev, strerror(err));
}
