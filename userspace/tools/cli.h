/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by vmw-rpc and vmw-rpctool; pure, so unit-tested. */
#ifndef VMWRPC_CLI_H
#define VMWRPC_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <vmwrpc.h>

/* Exit codes of vmw-rpc (vmw-rpctool uses 0 and 1 only, like rpctool). */
#define EXIT_OK		0	/* done; the host answered "1 " */
#define EXIT_HOST	1	/* the host answered "0 " */
#define EXIT_ERROR	2	/* driver, host, or system error */
#define EXIT_USAGE	64	/* bad command line (EX_USAGE) */

/* Both tools' refusal of an empty command (no command is empty). */
#define CLI_EMPTY_COMMAND	"the COMMAND is empty"

int cli_parse_u32(const char *s, uint32_t *v);
int cli_read_all(FILE *in, size_t max, char **buf, size_t *len);
int cli_write_all(FILE *out, const void *buf, size_t len);
int cli_write_fd(int fd, const void *buf, size_t len, const char *tail);
char *cli_join(int argc, char *const argv[]);
void cli_format_uuid(const struct vmw_rpc_regs *r, char buf[37]);
const char *cli_vmx_type_name(uint32_t type);
const char *cli_transport_name(uint32_t transport);
const char *cli_device(const char *opt);
const char *cli_module_state_text(int state, int is_vmware);
int cli_std_fds(const char *null_dev);
void cli_report_std_fds(const char *prog, const char *null_dev, int err);

/* stats.c: the driver's counters in sysfs (vmw-rpc stats) */
struct cli_stat {
	char name[64];
	unsigned long long value;
};

struct cli_stats {
	struct cli_stat *v;
	size_t n;
	char failed[64];	/* the file a read failed on */
};

extern const char *cli_sysfs;
int cli_stats_sysdir(const char *sysfs, const char *device, bool is_default,
		     char *buf, size_t size);
int cli_stats_read(const char *dir, struct cli_stats *st);
void cli_stats_free(struct cli_stats *st);
int cli_stats_print(FILE *out, const struct cli_stats *st, bool json);

int vmw_rpc_main(int argc, char *argv[], FILE *in, FILE *out, FILE *err);
int vmw_rpctool_main(int argc, char *argv[], FILE *out, FILE *err);
int vmw_rpctool_run(int argc, char *argv[], const char *null_dev);

#endif /* VMWRPC_CLI_H */
