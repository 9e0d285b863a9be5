// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmw-rpc stats: the driver's counters, read from sysfs. The files and
 * their meanings are the driver's (docs/ABI/testing/sysfs-class-misc-vmw_rpc):
 * this reads whatever counters the loaded module has, so a newer module's
 * files show up without a change here. Pure functions over a directory,
 * so the unit tests run them on a fake sysfs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli.h"

/* Where sysfs is mounted; the unit tests point it at a fake one. */
const char *cli_sysfs = "/sys";

static bool is_dir(const char *sysfs, const char *sub)
{
	char path[512];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/%s", sysfs, sub);

	return n > 0 && (size_t)n < sizeof(path) && !stat(path, &st) &&
	       S_ISDIR(st.st_mode);
}

/*
 * The device's sysfs directory: SYSFS/dev/char/MAJOR:MINOR of the node
 * @device. Only when @device is the default node (@is_default) and it is
 * not there, the misc class's SYSFS/class/misc/vmw_rpc (the counters need
 * no node); -ENOENT then when the module is not loaded either (no
 * SYSFS/module/vmw_rpc), -ENXIO when it is loaded but has no device. A
 * node the user named that is not there is -ENOENT: a mistyped path is
 * not the default device's counters.
 */
int cli_stats_sysdir(const char *sysfs, const char *device, bool is_default,
		     char *buf, size_t size)
{
	struct stat st;
	int n;

	if (stat(device, &st)) {
		if (errno != ENOENT || !is_default)
			return -errno;
		if (!is_dir(sysfs, "class/misc/vmw_rpc"))
			return is_dir(sysfs, "module/vmw_rpc") ? -ENXIO : -ENOENT;
		n = snprintf(buf, size, "%s/class/misc/vmw_rpc", sysfs);
	} else if (!S_ISCHR(st.st_mode)) {
		return -ENOTTY;
	} else {
		n = snprintf(buf, size, "%s/dev/char/%u:%u", sysfs,
			     major(st.st_rdev), minor(st.st_rdev));
	}
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* One counter file: a decimal number and a newline. */
static int read_counter(int dirfd, const char *name, unsigned long long *v)
{
	char buf[32], *end;
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	buf[n] = 0;
	if (n < 2 || buf[n - 1] != '\n' || buf[0] < '0' || buf[0] > '9')
		return -EBADMSG;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || *end != '\n')
		return -EBADMSG;
	return 0;
}

static int add_counter(struct cli_stats *st, int dirfd, const char *name)
{
	struct cli_stat *v;
	int ret;

	if (strlen(name) >= sizeof(v->name) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
		return 0;	/* not a counter's name */
	v = realloc(st->v, (st->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->v = v;
	v = &st->v[st->n];
	strcpy(v->name, name);
	ret = read_counter(dirfd, name, &v->value);
	if (ret) {
		snprintf(st->failed, sizeof(st->failed), "%s", v->name);
		return ret;
	}
	st->n++;
	return 0;
}

/* The regular files of @dirfd whose name starts with @prefix. */
static int add_dir(struct cli_stats *st, int dirfd, const char *prefix)
{
	int fd = dup(dirfd);
	struct dirent *e;
	DIR *d;
	int ret = 0;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return ret;
	}
	while (!ret && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
			continue;
		ret = add_counter(st, dirfd, e->d_name);
	}
	closedir(d);
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct cli_stat *)a)->name,
		      ((const struct cli_stat *)b)->name);
}

/*
 * Every counter of the device directory @dir: the files of stats/ and
 * the refused_* files beside it, sorted by name. -ENOENT when there is
 * no stats/ (not vmw_rpc's device, or a module without counters),
 * -EACCES when a file may not be read (root only); st->failed names the
 * file that failed.
 */
int cli_stats_read(const char *dir, struct cli_stats *st)
{
	int top, sub, ret;

	memset(st, 0, sizeof(*st));
	top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		return -errno;
	sub = openat(top, "stats", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sub < 0) {
		ret = -errno;
		close(top);
		return ret;
	}
	ret = add_dir(st, sub, "");
	if (!ret)
		ret = add_dir(st, top, "refused_");
	close(sub);
	close(top);
	if (ret) {
		cli_stats_free(st);
		return ret;
	}
	if (st->n)
		qsort(st->v, st->n, sizeof(*st->v), by_name);
	return 0;
}

void cli_stats_free(struct cli_stats *st)
{
	free(st->v);
	st->v = NULL;
	st->n = 0;
}

/*
 * A table, "NAME  VALUE" per line, or with @json one JSON object
 * {"NAME":VALUE,...} on one line (the names are the sysfs files',
 * [a-z0-9_] only, so they need no escaping). Flushed: a negative errno
 * when the output could not be written.
 */
int cli_stats_print(FILE *out, const struct cli_stats *st, bool json)
{
	size_t i, w = 0;

	errno = 0;

	if (json) {
		fputc('{', out);
		for (i = 0; i < st->n; i++)
			fprintf(out, "%s\"%s\":%llu", i ? "," : "",
				st->v[i].name, st->v[i].value);
		fputs("}\n", out);
	} else {
		for (i = 0; i < st->n; i++)
			if (strlen(st->v[i].name) > w)
				w = strlen(st->v[i].name);
		for (i = 0; i < st->n; i++)
			fprintf(out, "%-*s  %llu\n", (int)w, st->v[i].name,
				st->v[i].value);
	}
	if (fflush(out) || ferror(out))
		return errno ? -errno : -EIO;
	return 0;
}
