// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmwrpc_strerror() where the C library has no strerrordesc_np() (glibc
 * before 2.32, musl): lib/error.c built with VMWRPC_NO_STRERRORDESC, once
 * with GNU's strerror_r() and once with POSIX's (the Makefile's
 * test-strerror-gnu and -posix). Its texts must be the system's and stay
 * constant, as include/vmwrpc.h promises, in every thread.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "vmwrpc.h"

/* Errnos the C library has no text for, below the library's codes. */
#define UNKNOWN_A	4000
#define UNKNOWN_B	4001

/* An errno reads as strerror(3) says it, whatever its sign. */
static void test_system_text(void **state)
{
	static const int errnos[] = {
		EPERM, ENOENT, EINTR, EIO, EAGAIN, ENOMEM, EACCES, EFAULT,
		EBUSY, EINVAL, ENFILE, EMFILE, ENOTTY, EFBIG, ENOSPC, EPROTO,
		EBADMSG, EMSGSIZE, EOPNOTSUPP, ENOBUFS, ECONNRESET, ENOTCONN,
		ETIMEDOUT, ECONNREFUSED, EDQUOT,
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		int e = errnos[i];
		const char *s = vmwrpc_strerror(-e);

		snprintf(want, sizeof(want), "%s", strerror(e));
		assert_string_equal(s, want);
		/* Constant: the same string each time, either sign. */
		assert_ptr_equal(vmwrpc_strerror(e), s);
		assert_ptr_equal(vmwrpc_strerror(-e), s);
	}
	assert_string_equal(vmwrpc_strerror(0), "success");
	assert_string_equal(vmwrpc_strerror(-VMWRPC_ELAST), "unknown error");
	assert_string_not_equal(vmwrpc_strerror(-VMWRPC_EHOST), "unknown error");
}

/*
 * The text of an errno without one stays as it was when another follows:
 * strerror() writes "Unknown error N" into one buffer that the next call
 * overwrites.
 */
static void test_unknown_stays(void **state)
{
	const char *a, *b;
	char copy[256];

	(void)state;
	a = vmwrpc_strerror(-UNKNOWN_A);
	assert_non_null(a);
	assert_true(*a != '\0');
	snprintf(copy, sizeof(copy), "%s", a);
	b = vmwrpc_strerror(-UNKNOWN_B);
	assert_non_null(b);
	assert_string_equal(a, copy);
	assert_ptr_equal(vmwrpc_strerror(UNKNOWN_A), a);
}

#define THREADS 4

/* Each thread's texts of errnos 1 to 199. */
static const char *texts[THREADS][200];
static pthread_barrier_t start;

static void *ask_all(void *arg)
{
	const char **mine = arg;

	pthread_barrier_wait(&start);
	for (int e = 1; e < 200; e++)
		mine[e] = vmwrpc_strerror(-e);
	return NULL;
}

/* Threads asking at once all get the one text of each errno. */
static void test_threads(void **state)
{
	pthread_t t[THREADS];

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, ask_all, texts[i]), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (int e = 1; e < 200; e++) {
		assert_non_null(texts[0][e]);
		for (int i = 1; i < THREADS; i++)
			assert_ptr_equal(texts[i][e], texts[0][e]);
		assert_ptr_equal(vmwrpc_strerror(e), texts[0][e]);
	}
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_text),
		cmocka_unit_test(test_unknown_stays),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
