/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h: the TAP output of the guest's C test programs, as the guest's
 * lib.sh is the shell scripts' (tests/vm/README.md, "Writing a test"):
 * unnumbered "ok - ..." and "not ok - ..." lines, which the host side
 * (tests/vm/lib/tap.sh) numbers and counts against its own plan, and
 * "# ..." diagnostics. Header-only, as the runner builds each program
 * from its one source file.
 */
#ifndef VMW_VM_TAP_H
#define VMW_VM_TAP_H

#include <stdarg.h>
#include <stdio.h>

/* Results so far, and how many of them failed. */
static int tap_count, tap_fails;

/* One result: COND true is a pass; the description is printf-style. */
__attribute__((format(printf, 2, 3), unused))
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	tap_fails += !cond;
	printf("%sok - ", cond ? "" : "not ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* A failure found outside a result of its own: counted, said as "#". */
__attribute__((format(printf, 1, 2), unused))
static void tap_fail_diag(const char *fmt, ...)
{
	va_list ap;

	tap_fails++;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The exit status of a test program: 1 when anything failed. */
__attribute__((unused))
static int tap_status(void)
{
	return tap_fails ? 1 : 0;
}

#endif /* VMW_VM_TAP_H */
