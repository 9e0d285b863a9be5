// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-info: VMW_RPC_IOC_INFO straight on the uapi header (no library).
 *
 *   vmw-info [-d DEVICE]
 *
 * Prints one "name=value" line per field (decimal; flags in hex), and
 * "reserved_nonzero=N", the number of non-zero reserved words. On failure
 * prints "vmw-info: open|ioctl: ERRNAME (strerror)" on stderr and exits
 * 2 (open) or 3 (ioctl).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

int main(int argc, char **argv)
{
	const char *dev = argc > 2 && !strcmp(argv[1], "-d") ? argv[2] :
			  "/dev/vmw_rpc";
	struct vmw_rpc_info info;
	unsigned int i, nz = 0;
	int fd;

	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vmw-info: open: %s (%s)\n", errname(errno),
			strerror(errno));
		return 2;
	}
	/* Poison, so that fields the driver does not write show up. */
	memset(&info, 0xa5, sizeof(info));
	if (ioctl(fd, VMW_RPC_IOC_INFO, &info)) {
		fprintf(stderr, "vmw-info: ioctl: %s (%s)\n", errname(errno),
			strerror(errno));
		return 3;
	}
	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		nz += info.reserved[i] != 0;
	printf("abi_version=%u\nbdoor_version=%u\nvmx_type=%u\ntransport=%u\n"
	       "flags=0x%x\nmax_send=%u\nmax_reply=%u\nmax_raw_hb=%u\n"
	       "max_chans_per_file=%u\nmax_chans=%u\npool_size=%u\n"
	       "max_chans_per_uid=%u\nmax_chans_unpriv=%u\n"
	       "reserved_nonzero=%u\n",
	       info.abi_version, info.bdoor_version, info.vmx_type,
	       info.transport, info.flags, info.max_send, info.max_reply,
	       info.max_raw_hb, info.max_chans_per_file, info.max_chans,
	       info.pool_size, info.max_chans_per_uid, info.max_chans_unpriv,
	       nz);
	return 0;
}
