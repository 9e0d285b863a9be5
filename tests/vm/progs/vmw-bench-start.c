// SPDX-License-Identifier: GPL-2.0
/*
 * vmw-bench-start [N]: the start-up figures of "make bench" (issue 13),
 * measured here, in one run, from this program's own clock
 * (CLOCK_MONOTONIC), on a --sim guest:
 *
 *   - wall time per call of fork+exec+wait of
 *     "vmw-rpctool 'info-get guestinfo.bench'" (stdout on /dev/null),
 *     N times, against the same for vmw-call-min (tests/vm/progs: libc
 *     only, one VMW_RPC_IOC_CALL, the same output): the median of each
 *     (a burst of the host's load moves a mean by several per cent, the
 *     median hardly), and their ratio, goal at most 1.10;
 *   - wall time per vmwrpc_guestinfo_get() of the same key on one open
 *     handle (libvmwrpc.so.1, dlopen()ed: the guest programs are built
 *     against the uapi header alone), 10 x N times; the ratio of spawning
 *     the tool to that, goal at least 20.
 *
 * The two programs run in turn, one of each, each spawn timed alone, so
 * that a change of the host's load during the run falls on both. Both are first run
 * once with their output read back: each must print the value and exit
 * 0, or nothing is measured. Default N: 200. Exit 0 when measured (the
 * goals are printed, not enforced: figures vary with the host), 1 when
 * something failed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "../../../userspace/include/vmwrpc.h"

#define KEY	"bench"
#define VALUE	"start-up"

static const char *const tool_argv[] = { "vmw-rpctool", "info-get guestinfo." KEY, NULL };
static const char *const min_argv[] = { "vmw-call-min", "info-get guestinfo." KEY, NULL };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* PROG's path in PATH, resolved once so that both pay the same exec. */
static char *in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *dirs, *d, *save = NULL, *out = NULL;

	dirs = strdup(path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (asprintf(&out, "%s/%s", d, prog) < 0) {
			out = NULL;
			break;
		}
		if (!access(out, X_OK))
			break;
		free(out);
		out = NULL;
	}
	free(dirs);
	return out;
}

/* fork, exec @path with @argv (stdout on @out_fd), wait: its exit status. */
static int spawn(const char *path, const char *const argv[], int out_fd)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dup2(out_fd, 1) < 0)
			_exit(126);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of the @n samples at @s (sorted in place). */
static double median(double *s, int n)
{
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* One run of @path with its output read back: exit 0 and VALUE "\n". */
static int check_output(const char *path, const char *const argv[])
{
	char buf[64];
	ssize_t n;
	int p[2], rc;

	if (pipe(p))
		return -1;
	rc = spawn(path, argv, p[1]);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	if (rc != 0 || strcmp(buf, VALUE "\n")) {
		fprintf(stderr, "vmw-bench-start: %s exited %d and printed '%s', not '%s'\n",
			path, rc, buf, VALUE);
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	__typeof__(vmwrpc_open) *p_open;
	__typeof__(vmwrpc_close) *p_close;
	__typeof__(vmwrpc_guestinfo_get) *p_get;
	__typeof__(vmwrpc_guestinfo_set) *p_set;
	__typeof__(vmwrpc_free) *p_free;
	__typeof__(vmwrpc_strerror) *p_strerror;
	double t0, t_tool, t_min, t_lib, *s_tool, *s_min;
	char *tool, *min, *value;
	struct vmwrpc *h;
	int n = argc > 1 ? atoi(argv[1]) : 200;
	int nlib, devnull, ret;
	size_t len;
	void *dl;

	if (n < 1) {
		fprintf(stderr, "usage: vmw-bench-start [N]  (N >= 1)\n");
		return 2;
	}
	nlib = 10 * n;
	dl = dlopen("libvmwrpc.so.1", RTLD_NOW);
	if (!dl) {
		fprintf(stderr, "vmw-bench-start: %s\n", dlerror());
		return 1;
	}
	p_open = (__typeof__(p_open))dlsym(dl, "vmwrpc_open");
	p_close = (__typeof__(p_close))dlsym(dl, "vmwrpc_close");
	p_get = (__typeof__(p_get))dlsym(dl, "vmwrpc_guestinfo_get");
	p_set = (__typeof__(p_set))dlsym(dl, "vmwrpc_guestinfo_set");
	p_free = (__typeof__(p_free))dlsym(dl, "vmwrpc_free");
	p_strerror = (__typeof__(p_strerror))dlsym(dl, "vmwrpc_strerror");
	if (!p_open || !p_close || !p_get || !p_set || !p_free || !p_strerror) {
		fprintf(stderr, "vmw-bench-start: libvmwrpc.so.1 lacks a function\n");
		return 1;
	}
	tool = in_path("vmw-rpctool");
	min = in_path("vmw-call-min");
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!tool || !min || devnull < 0) {
		fprintf(stderr, "vmw-bench-start: vmw-rpctool or vmw-call-min not in PATH, or no /dev/null\n");
		return 1;
	}
	ret = p_open(&h, NULL, 0);
	if (!ret)
		ret = p_set(h, KEY, VALUE, strlen(VALUE));
	if (ret) {
		fprintf(stderr, "vmw-bench-start: setting guestinfo." KEY ": %s\n", p_strerror(ret));
		return 1;
	}
	if (check_output(tool, tool_argv) || check_output(min, min_argv))
		return 1;
	s_tool = calloc(n, sizeof(*s_tool));
	s_min = calloc(n, sizeof(*s_min));
	if (!s_tool || !s_min) {
		fprintf(stderr, "vmw-bench-start: out of memory\n");
		return 1;
	}

	/* One of each in turn, each timed alone: drift falls on both. */
	for (int i = 0; i < n; i++) {
		t0 = now_us();
		if (spawn(tool, tool_argv, devnull))
			goto failed;
		s_tool[i] = now_us() - t0;
		t0 = now_us();
		if (spawn(min, min_argv, devnull))
			goto failed;
		s_min[i] = now_us() - t0;
	}
	t0 = now_us();
	for (int i = 0; i < nlib; i++) {
		ret = p_get(h, KEY, &value, &len);
		if (ret) {
			fprintf(stderr, "vmw-bench-start: vmwrpc_guestinfo_get: %s\n", p_strerror(ret));
			return 1;
		}
		p_free(value);
	}
	t_lib = now_us() - t0;
	p_close(h);

	t_tool = median(s_tool, n);
	t_min = median(s_min, n);
	t_lib /= nlib;
	printf("start-up: wall time per call, one run (fork+exec+wait x %d each, in turn; the median of each)\n",
	       n);
	printf("start-up: vmw-rpctool 'info-get guestinfo.%s': %.1f us\n", KEY, t_tool);
	printf("start-up: vmw-call-min (libc only, one VMW_RPC_IOC_CALL): %.1f us\n", t_min);
	printf("start-up: ratio vmw-rpctool / libc-only program: %.3f (goal: at most 1.10)\n",
	       t_tool / t_min);
	printf("start-up: vmwrpc_guestinfo_get() on one handle, x %d: %.1f us\n", nlib, t_lib);
	printf("start-up: ratio spawning vmw-rpctool / library call: %.1f (goal: at least 20)\n",
	       t_tool / t_lib);
	return 0;

failed:
	fprintf(stderr, "vmw-bench-start: a spawned program failed: %s\n", strerror(errno));
	return 1;
}
