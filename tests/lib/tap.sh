# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/lib/tap.sh: the one TAP emitter of the shell tests. POSIX sh, so
# that bash on the host (tests/lint, tests/system/lib.sh,
# tests/vm/lib/tap.sh) and busybox sh in the vm guest (tests/vm/guest/lib.sh;
# tests/vm/run copies this file to /tests/lib/tap.sh there) source the
# same functions. Safe under "set -euo pipefail".
#
#   tap_plan N                   print the plan "1..N" first (optional;
#                                without it tap_done prints it last)
#   tap_ok STATUS DESC [DIRECTIVE]  one result: STATUS 0 passes
#   tap_skip DESC REASON         a skipped result; REASON says why
#   tap_is GOT EXPECTED DESC     passes when the strings are equal
#   tap_like GOT ERE DESC        passes when GOT matches the extended regex
#   tap_diag [TEXT...]           TEXT, or stdin without TEXT, as "# " lines
#   tap_run DESC COMMAND...      one result: COMMAND's status; its output
#                                (the last 40 lines) as diagnostics only
#                                when it fails; returns the status
#   tap_done                     the plan (unless printed first); the
#                                status: 0 when nothing failed
#
# Results are numbered ("ok 3 - DESC"), unless tap_numbered=0 is set
# before sourcing: then lines are "ok - DESC" and tap_done prints no plan
# (the vm guest: its host side numbers them and plans, tests/vm/lib/tap.sh).
#
# tap_klog_re: the kernel log lines that fail a test (oops, BUG, WARNING,
# lockdep, hung task), for the guest's dmesg and the host's copy of it.

tap_n=0
tap_fails=0
tap_planned=
: "${tap_numbered:=1}"
# shellcheck disable=SC2034 # used by the scripts that source this
tap_klog_re='BUG:|WARNING:|Oops|general protection fault|Call Trace:|kernel BUG|possible circular locking|INFO: task .* blocked'

tap_plan() { # N
	echo "1..$1"
	tap_planned=$1
}

# _tap_line ok|not ok DESC [DIRECTIVE]
_tap_line() {
	tap_n=$((tap_n + 1))
	if [ "$tap_numbered" = 1 ]; then
		echo "$1 $tap_n - $2${3:+ # $3}"
	else
		echo "$1 - $2${3:+ # $3}"
	fi
}

tap_ok() { # STATUS DESCRIPTION [DIRECTIVE]
	if [ "$1" -eq 0 ]; then
		_tap_line ok "$2" "${3:-}"
	else
		_tap_line "not ok" "$2" "${3:-}"
		tap_fails=$((tap_fails + 1))
	fi
}

tap_skip() { # DESCRIPTION REASON
	_tap_line ok "$1" "SKIP $2"
}

# shellcheck disable=SC2120 # TEXT or stdin: callers in other files pass TEXT
tap_diag() { # [TEXT...]; without TEXT, stdin
	if [ "$#" -gt 0 ]; then
		printf '%s\n' "$*" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

tap_is() { # GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   got:      /'
		printf '%s\n' "$2" | sed 's/^/#   expected: /'
	fi
}

tap_like() { # GOT EXTENDED-REGEX DESCRIPTION
	# grep -c reads to the end: a caller under pipefail must not see
	# printf killed by SIGPIPE when a long text matches early.
	if printf '%s\n' "$1" | grep -Ec -- "$2" >/dev/null; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   got: /'
		echo "#   expected to match: $2"
	fi
}

tap_run() { # DESCRIPTION COMMAND...
	_tap_desc=$1
	shift
	_tap_log=$(mktemp "${TMPDIR:-/tmp}/tap-run.XXXXXX")
	_tap_rc=0
	"$@" >"$_tap_log" 2>&1 || _tap_rc=$?
	tap_ok "$_tap_rc" "$_tap_desc"
	[ "$_tap_rc" -eq 0 ] || tail -n 40 "$_tap_log" | tap_diag
	rm -f "$_tap_log"
	return "$_tap_rc"
}

tap_done() {
	if [ "$tap_numbered" = 1 ] && [ -z "$tap_planned" ]; then
		echo "1..$tap_n"
	fi
	if [ -n "$tap_planned" ] && [ "$tap_planned" != "$tap_n" ]; then
		echo "# planned $tap_planned results, ran $tap_n"
		return 1
	fi
	[ "$tap_fails" -eq 0 ]
}
