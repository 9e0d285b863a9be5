# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers of the tools-*.sh guest scripts (sourced after /tests/lib.sh).
# run CMD... leaves the exit status in $rc, stdout in $T/out, stderr in
# $T/err.

T=$(mktemp -d /tmp/tools.XXXXXX)
rc=0

run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# FILE is exactly one line (one newline, at the end).
one_line() {
	[ "$(wc -l <"$1")" -eq 1 ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ]
}

# show FILE LABEL: a file's first lines as diagnostics.
show() {
	head -n 5 "$2" | cut -c 1-200 | sed "s/^/#   $1: /"
}

# fails WANT_RC STDERR_ERE DESC CMD...: CMD exits WANT_RC, prints nothing
# on stdout and exactly one line on stderr, matching STDERR_ERE.
fails() {
	f_want=$1 f_re=$2 f_desc=$3
	shift 3
	run "$@"
	f_bad=
	[ "$rc" = "$f_want" ] || f_bad="exit $rc, not $f_want;"
	[ -s "$T/out" ] && f_bad="$f_bad stdout not empty;"
	one_line "$T/err" || f_bad="$f_bad stderr is not one line;"
	grep -Eq -- "$f_re" "$T/err" || f_bad="$f_bad stderr does not match $f_re;"
	if [ -z "$f_bad" ]; then
		ok 0 "$f_desc"
	else
		ok 1 "$f_desc"
		diag "$f_bad"
		show stdout "$T/out"
		show stderr "$T/err"
	fi
}

# succeeds DESC CMD...: CMD exits 0 with nothing on stderr.
succeeds() {
	s_desc=$1
	shift
	run "$@"
	if [ "$rc" = 0 ] && [ ! -s "$T/err" ]; then
		ok 0 "$s_desc"
	else
		ok 1 "$s_desc"
		diag "exit $rc"
		show stderr "$T/err"
	fi
}

# same FILE1 FILE2 DESC: byte for byte.
same() {
	if cmp "$1" "$2" >"$T/cmp" 2>&1; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "$(cat "$T/cmp"); sizes $(wc -c <"$1") and $(wc -c <"$2")"
	fi
}

# seed KEY FILE: the sim's guestinfo KEY := FILE's bytes.
seed() {
	vmw-simctl guestinfo set "$1" <"$2"
}

# peek KEY FILE: the sim's value of KEY into FILE; fails when unset.
peek() {
	vmw-simctl guestinfo get "$1" >"$2" 2>/dev/null
}
