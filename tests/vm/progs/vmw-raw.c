// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-raw: one raw low-bandwidth backdoor call through VMW_RPC_IOC_BACKDOOR,
 * straight on the uapi header (no library).
 *
 *   vmw-raw [-d DEVICE] CMD [SUBCMD [EBX [EDX_HIGH [ESI [EDI]]]]]
 *
 * Numbers in C syntax (0x.. or decimal). ecx = (SUBCMD << 16) | CMD,
 * edx = EDX_HIGH << 16. Prints
 *   eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x esi=0x%08x edi=0x%08x
 * On failure prints "vmw-raw: open|ioctl: ERRNAME (strerror)" on stderr
 * and exits 2 (open) or 3 (ioctl).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

static uint32_t num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end || v > 0xffffffffULL) {
		fprintf(stderr, "vmw-raw: bad number '%s'\n", s);
		exit(64);
	}
	return (uint32_t)v;
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/vmw_rpc";
	struct vmw_rpc_backdoor bd;
	uint32_t cmd, sub = 0;
	int fd, i = 1;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev = argv[2];
		i = 3;
	}
	if (argc - i < 1 || argc - i > 6) {
		fprintf(stderr, "usage: vmw-raw [-d DEVICE] CMD [SUBCMD [EBX [EDX_HIGH [ESI [EDI]]]]]\n");
		return 64;
	}
	memset(&bd, 0, sizeof(bd));
	bd.mode = VMW_RPC_BDOOR_LB;
	cmd = num(argv[i]);
	if (argc - i > 1)
		sub = num(argv[i + 1]);
	bd.in.ecx = (sub << 16) | (cmd & 0xffff);
	if (argc - i > 2)
		bd.in.ebx = num(argv[i + 2]);
	if (argc - i > 3)
		bd.in.edx = num(argv[i + 3]) << 16;
	if (argc - i > 4)
		bd.in.esi = num(argv[i + 4]);
	if (argc - i > 5)
		bd.in.edi = num(argv[i + 5]);

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vmw-raw: open: %s (%s)\n", errname(errno),
			strerror(errno));
		return 2;
	}
	if (ioctl(fd, VMW_RPC_IOC_BACKDOOR, &bd)) {
		fprintf(stderr, "vmw-raw: ioctl: %s (%s)\n", errname(errno),
			strerror(errno));
		return 3;
	}
	printf("eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x esi=0x%08x edi=0x%08x\n",
	       bd.out.eax, bd.out.ebx, bd.out.ecx, bd.out.edx, bd.out.esi,
	       bd.out.edi);
	return 0;
}
