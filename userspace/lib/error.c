// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: one line of text for every error the library returns.
 *
 * vmwrpc_strerror() gives an errno the system's text and a VMWRPC_E* code
 * the library's: those texts are written once, in include/vmwrpc.h, and
 * lib/gen-liberrtab.sh copies them into liberrtab.h at build time.
 * vmwrpc_op_strerror() gives an errno the meaning the
 * driver documents for one ioctl: those meanings are written once, in
 * uapi/linux/vmw_rpc.h, and lib/gen-errtab.sh copies them into errtab.h
 * at build time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef VMWRPC_VERSION_STRING
#define VMWRPC_VERSION_STRING "unknown"
#endif

static const char *const vrpc_lib_errors[] = {
#include "liberrtab.h"
};

#if !defined(VMWRPC_NO_STRERRORDESC) && defined(__GLIBC__) && \
	(__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
/* The system's own text (glibc 2.32 and later): constant, thread-safe. */
static const char *vrpc_errno_text(int e)
{
	return strerrordesc_np(e);
}
#else
#include <stdatomic.h>

/*
 * Elsewhere (an older glibc, musl; VMWRPC_NO_STRERRORDESC for the tests):
 * strerror_r(), copied once per errno and kept, since strerror() may
 * return a buffer that the next call, in any thread, overwrites, and
 * vmwrpc_strerror() promises a constant string. At most one copy an
 * errno below VMWRPC_ERRNO_BASE.
 */
static _Atomic(char *) vrpc_errno_texts[VMWRPC_ERRNO_BASE];

/* strerror_r() as POSIX has it (musl; glibc without _GNU_SOURCE). */
static const char *vrpc_strerror_r_int(int rc, const char *buf)
{
	return rc == 0 ? buf : NULL;
}

/* strerror_r() as GNU has it: the text, in @buf or not. */
static const char *vrpc_strerror_r_str(const char *text, const char *buf)
{
	(void)buf;
	return text;
}

/* Whichever strerror_r() the C library declares. */
#define VRPC_STRERROR_R(e, buf)						\
	_Generic(strerror_r((e), (buf), sizeof(buf)),			\
		 int: vrpc_strerror_r_int,				\
		 char *: vrpc_strerror_r_str)(strerror_r((e), (buf), sizeof(buf)), (buf))

static const char *vrpc_errno_text(int e)
{
	char buf[256], *copy, *old = NULL;
	const char *text;

	copy = atomic_load(&vrpc_errno_texts[e]);
	if (copy)
		return copy;
	buf[0] = '\0';
	text = VRPC_STRERROR_R(e, buf);
	if (!text || !*text)
		return NULL;
	copy = strdup(text);
	if (!copy)
		return NULL;
	/* Another thread may have been first: keep its copy. */
	if (!atomic_compare_exchange_strong(&vrpc_errno_texts[e], &old, copy)) {
		free(copy);
		return old;
	}
	return copy;
}
#endif

static const struct {
	enum vmwrpc_op op;
	int err;
	const char *text;
} vrpc_errtab[] = {
#include "errtab.h"
};

const char *vmwrpc_strerror(int err)
{
	const char *s;
	int e;

	if (err == 0)
		return "success";
	if (err < -VMWRPC_ELAST || err > VMWRPC_ELAST)	/* INT_MIN too */
		return "unknown error";
	e = err < 0 ? -err : err;
	if (e > VMWRPC_ERRNO_BASE && e < VMWRPC_ELAST)
		return vrpc_lib_errors[e - VMWRPC_ERRNO_BASE];
	if (e >= VMWRPC_ERRNO_BASE)
		return "unknown error";
	s = vrpc_errno_text(e);
	return s ? s : "unknown error";
}

const char *vmwrpc_op_strerror(enum vmwrpc_op op, int err)
{
	int e = err < 0 && err >= -VMWRPC_ERRNO_BASE ? -err : err;

	for (size_t i = 0; i < sizeof(vrpc_errtab) / sizeof(vrpc_errtab[0]); i++)
		if (vrpc_errtab[i].op == op && vrpc_errtab[i].err == e)
			return vrpc_errtab[i].text;
	return vmwrpc_strerror(err);
}

const char *vmwrpc_version(void)
{
	return VMWRPC_VERSION_STRING;
}
