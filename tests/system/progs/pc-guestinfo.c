// SPDX-License-Identifier: GPL-2.0
/*
 * pc-guestinfo: a libvmwrpc user built against an installed libvmwrpc with
 * "pkg-config --cflags --libs vmwrpc" (tests/system/install.t builds it
 * against a "make install DESTDIR=..." tree; tests/vm/t/80-system.t runs
 * it in the guest).
 *
 *   pc-guestinfo --version   print the library's version
 *   pc-guestinfo KEY         print guestinfo.KEY's value
 *
 * Errors: "pc-guestinfo: open|get: <vmwrpc_strerror>" on stderr, exit 1.
 */
#include <stdio.h>
#include <string.h>
#include <vmwrpc.h>

int main(int argc, char **argv)
{
	struct vmwrpc *h;
	char *value;
	size_t len;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: pc-guestinfo --version | KEY\n");
		return 2;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s\n", vmwrpc_version());
		return 0;
	}
	ret = vmwrpc_open(&h, NULL, 0);
	if (ret) {
		fprintf(stderr, "pc-guestinfo: open: %s\n", vmwrpc_strerror(ret));
		return 1;
	}
	ret = vmwrpc_guestinfo_get(h, argv[1], &value, &len);
	vmwrpc_close(h);
	if (ret) {
		fprintf(stderr, "pc-guestinfo: get: %s\n", vmwrpc_strerror(ret));
		return 1;
	}
	fwrite(value, 1, len, stdout);
	putchar('\n');
	vmwrpc_free(value);
	return 0;
}
