// SPDX-License-Identifier: GPL-2.0
/*
 * threads: a program built against the INSTALLED libvmwrpc, with only
 * what "pkg-config --cflags --libs vmwrpc" gives (tests/vm/t/60-tools.t
 * builds it against a "make install DESTDIR=" staging tree and runs it in
 * a --sim guest).
 *
 *   threads seed T      write thread T's seed value to stdout (the guest
 *                       script stores it through the sim's debugfs)
 *   threads run [N]     open ONE handle; 8 threads each make N rounds of
 *                       one-shot calls on it at the same time (default 100)
 *                       and check every reply byte for byte; exit 0 only
 *                       when every call was right
 *
 * vmwrpc.h promises that a handle may be used from several threads at
 * once. Each thread owns the keys guestinfo.vmwtest.seed.T (seeded by the
 * test through debugfs, never written here) and guestinfo.vmwtest.thr.T
 * (set and read back here with a value that changes every round and holds
 * NUL bytes), so any crossed or torn reply shows as a mismatch.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmwrpc.h>

#define NTHREADS	8
#define SEED_LEN(t)	(200 + 97 * (t))

static struct vmwrpc *handle;
static pthread_barrier_t start;
static atomic_uint errors, calls;
static unsigned int rounds = 100;

/* Thread @t's seed value: text, a NUL, then bytes that include more NULs. */
static size_t seed_value(unsigned int t, unsigned char *buf)
{
	size_t n = (size_t)snprintf((char *)buf, 32, "seed-%u", t) + 1;

	for (size_t j = n; j < SEED_LEN(t); j++)
		buf[j] = (unsigned char)((t + 1) * j);
	return SEED_LEN(t);
}

/* The value of round @i of thread @t: 1 to 3000 bytes, NULs included. */
static size_t round_value(unsigned int t, unsigned int i, unsigned char *buf)
{
	size_t len = (i * 37U + t * 101U) % 3000U + 1;

	for (size_t j = 0; j < len; j++)
		buf[j] = (unsigned char)(t * 31U + i * 7U + j * 13U);
	return len;
}

static void fail(unsigned int t, unsigned int i, const char *what, int ret)
{
	if (atomic_fetch_add(&errors, 1) < 20)
		fprintf(stderr, "threads: thread %u round %u: %s: %d (%s)\n",
			t, i, what, ret, ret ? vmwrpc_strerror(ret) : "wrong bytes");
}

/* A reply must be exactly @len bytes of @want, then the library's NUL. */
static int same(const char *got, size_t got_len, const void *want, size_t len)
{
	return got && got_len == len && !memcmp(got, want, len) && !got[len];
}

static void *worker(void *arg)
{
	unsigned int t = (unsigned int)(uintptr_t)arg;
	unsigned char seed[SEED_LEN(NTHREADS)], val[3000];
	char key[64], seed_cmd[64], *r;
	size_t seed_len, len, rlen;
	int ret;

	seed_len = seed_value(t, seed);
	snprintf(key, sizeof(key), "vmwtest.thr.%u", t);
	snprintf(seed_cmd, sizeof(seed_cmd), "info-get guestinfo.vmwtest.seed.%u", t);
	pthread_barrier_wait(&start);

	for (unsigned int i = 0; i < rounds; i++) {
		char pkey[80];

		len = round_value(t, i, val);
		ret = vmwrpc_guestinfo_set(handle, key, val, len);
		atomic_fetch_add(&calls, 1);
		if (ret)
			fail(t, i, "guestinfo_set", ret);

		/* Read back, with the prefix every other round. */
		snprintf(pkey, sizeof(pkey), "%s%s", i % 2 ? "guestinfo." : "", key);
		ret = vmwrpc_guestinfo_get(handle, pkey, &r, &rlen);
		atomic_fetch_add(&calls, 1);
		if (ret || !same(r, rlen, val, len))
			fail(t, i, "guestinfo_get of the value just set", ret);
		vmwrpc_free(r);

		ret = vmwrpc_call(handle, seed_cmd, strlen(seed_cmd), &r, &rlen);
		atomic_fetch_add(&calls, 1);
		if (ret || !same(r, rlen, seed, seed_len))
			fail(t, i, "call info-get of the seeded value", ret);
		vmwrpc_free(r);

		if (i % 8 == 0) {
			static const char miss[] = "info-get guestinfo.vmwtest.nothere";
			static const char want[] = "0 No value found";

			ret = vmwrpc_call_raw(handle, miss, strlen(miss), &r, &rlen);
			atomic_fetch_add(&calls, 1);
			if (ret || !same(r, rlen, want, strlen(want)))
				fail(t, i, "call_raw of an unset key", ret);
			vmwrpc_free(r);
			ret = vmwrpc_guestinfo_get(handle, "vmwtest.nothere", &r, &rlen);
			atomic_fetch_add(&calls, 1);
			if (ret != -VMWRPC_ENOVALUE)
				fail(t, i, "guestinfo_get of an unset key: not ENOVALUE", ret);
			vmwrpc_free(r);
		}
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	pthread_t tid[NTHREADS];
	unsigned char seed[SEED_LEN(NTHREADS)];
	int ret;

	if (argc == 3 && !strcmp(argv[1], "seed")) {
		unsigned int t = (unsigned int)strtoul(argv[2], NULL, 10);
		size_t n;

		if (t >= NTHREADS)
			return 64;
		n = seed_value(t, seed);
		return fwrite(seed, 1, n, stdout) == n && !fflush(stdout) ? 0 : 1;
	}
	if (argc < 2 || argc > 3 || strcmp(argv[1], "run")) {
		fprintf(stderr, "usage: threads seed T | threads run [ROUNDS]\n");
		return 64;
	}
	if (argc == 3)
		rounds = (unsigned int)strtoul(argv[2], NULL, 10);

	ret = vmwrpc_open(&handle, NULL, 0);
	if (ret) {
		fprintf(stderr, "threads: vmwrpc_open: %s\n", vmwrpc_strerror(ret));
		return 2;
	}
	pthread_barrier_init(&start, NULL, NTHREADS);
	for (unsigned int t = 0; t < NTHREADS; t++) {
		ret = pthread_create(&tid[t], NULL, worker, (void *)(uintptr_t)t);
		if (ret) {
			fprintf(stderr, "threads: pthread_create: %s\n", strerror(ret));
			return 2;
		}
	}
	for (unsigned int t = 0; t < NTHREADS; t++)
		pthread_join(tid[t], NULL);
	pthread_barrier_destroy(&start);
	vmwrpc_close(handle);
	printf("threads: %u threads x %u rounds on one handle: %u calls, %u wrong\n",
	       NTHREADS, rounds, atomic_load(&calls), atomic_load(&errors));
	return atomic_load(&errors) ? 1 : 0;
}
