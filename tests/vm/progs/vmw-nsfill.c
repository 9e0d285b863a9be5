// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-nsfill: many uids of one user namespace, each opening channels.
 *
 *   vmw-nsfill OWNER BASE N PATH
 *
 * Run as root. A child becomes OWNER (gid OWNER, groups OWNER and 990,
 * no capabilities) and creates a user namespace; this process, as root,
 * maps the namespace's uids 0..N-1 to BASE..BASE+N-1 (what newuidmap does
 * for a user with a range in /etc/subuid). Then, inside the namespace, N
 * processes each take one of those uids, open /dev/vmw_rpc and open RPCI
 * channels until refused, print "uid K: OPENED ERRNAME" (K the uid inside
 * the namespace) in order, and hold their channels until PATH exists.
 * Exit status 0 when every process ran, 1 otherwise, 64 on a usage error.
 *
 * The driver charges every one of them to OWNER, the namespace's owner:
 * all N together get OWNER's quota, not N quotas.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/vmw_rpc.h>

#include "errname.h"

#define MAX_N 64

static void die(const char *what)
{
	fprintf(stderr, "vmw-nsfill: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > max) {
		fprintf(stderr, "usage: vmw-nsfill OWNER BASE N PATH\n");
		exit(64);
	}
	return v;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

/* One uid of the namespace: fill, report, hold. */
static void fill_as(unsigned int k, int report, const char *path)
{
	unsigned int n = 0;
	char line[64];
	int fd, len;

	if (setresuid(k, k, k))
		die("setresuid in the namespace");
	fd = open("/dev/vmw_rpc", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		len = snprintf(line, sizeof(line), "uid %u: open %s\n", k,
			       errname(errno));
	} else {
		for (;;) {
			struct vmw_rpc_chan_open o = {
				.protocol = VMW_RPC_PROTO_RPCI,
			};

			if (ioctl(fd, VMW_RPC_IOC_CHAN_OPEN, &o))
				break;
			n++;
		}
		len = snprintf(line, sizeof(line), "uid %u: %u %s\n", k, n,
			       errname(errno));
	}
	if (write(report, line, len) != len)
		die("report");
	close(report);
	while (access(path, F_OK))
		usleep(20000);
	exit(0);
}

/* The namespace's creator: wait for the map, then one process per uid,
 * one after the other so that the order of the lines is fixed. */
static void creator(unsigned int n, int ready, int go, const char *path)
{
	unsigned int k;
	int st, fails = 0;
	pid_t pids[MAX_N];
	char c;

	if (unshare(CLONE_NEWUSER))
		die("unshare(CLONE_NEWUSER)");
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		die("handshake");
	for (k = 0; k < n; k++) {
		int p[2];
		char line[64];
		ssize_t got;

		if (pipe(p))
			die("pipe");
		pids[k] = fork();
		if (pids[k] < 0)
			die("fork");
		if (!pids[k]) {
			close(p[0]);
			fill_as(k, p[1], path);
		}
		close(p[1]);
		got = read(p[0], line, sizeof(line) - 1);
		close(p[0]);
		if (got <= 0) {
			fails++;
			continue;
		}
		line[got] = '\0';
		fputs(line, stdout);
		fflush(stdout);
	}
	for (k = 0; k < n; k++)
		if (waitpid(pids[k], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			fails++;
	exit(fails ? 1 : 0);
}

int main(int argc, char **argv)
{
	unsigned long owner, base, n;
	int ready[2], go[2], st;
	char path[64], map[64];
	gid_t groups[2];
	pid_t pid;
	char c;

	if (argc != 5)
		number("", 0);
	owner = number(argv[1], 65535);
	base = number(argv[2], 1UL << 30);
	n = number(argv[3], MAX_N);
	if (!owner || !n)
		number("", 0);
	if (pipe(ready) || pipe(go))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		groups[0] = owner;
		groups[1] = 990;	/* vmwrpc in the vm tier's /etc/group */
		if (setgroups(2, groups) || setresgid(owner, owner, owner) ||
		    setresuid(owner, owner, owner))
			die("becoming the owner");
		creator(n, ready[1], go[0], argv[4]);
	}
	if (read(ready[0], &c, 1) != 1)
		die("the creator did not make its namespace");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof(map), "0 %lu %lu\n", base, n);
	write_file(path, map);
	if (write(go[1], "g", 1) != 1)
		die("handshake");
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
