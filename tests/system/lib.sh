# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP helpers for the host-side system tests (tests/system/*.t).

st_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
st_n=0
st_fails=0

ok() { # STATUS DESCRIPTION
	st_n=$((st_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $st_n - $2"
	else
		echo "not ok $st_n - $2"
		st_fails=$((st_fails + 1))
	fi
}

is() { # GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   got:      /'
		printf '%s\n' "$2" | sed 's/^/#   expected: /'
	fi
}

skip() { # DESCRIPTION REASON
	st_n=$((st_n + 1))
	echo "ok $st_n - $1 # SKIP $2"
}

# run DESCRIPTION COMMAND...: one result; the command's output as
# diagnostics when it fails.
run() {
	local desc=$1 log rc=0
	shift
	log=$(mktemp)
	"$@" >"$log" 2>&1 || rc=$?
	ok "$rc" "$desc"
	[ "$rc" -eq 0 ] || tail -n 40 "$log" | sed 's/^/#   /'
	rm -f "$log"
	return "$rc"
}

# The release version (module, library, man pages): dkms.conf's
# PACKAGE_VERSION, its one source.
pkg_version() {
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$st_top/dkms.conf"
}

done_testing() {
	echo "1..$st_n"
	[ "$st_fails" -eq 0 ]
}
