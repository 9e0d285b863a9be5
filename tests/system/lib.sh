# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the host-side system tests (tests/system/*.t): the one shell
# TAP helper (tests/lib/tap.sh: tap_ok, tap_is, tap_skip, tap_diag,
# tap_done, ...) and what only this tier needs.

st_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$st_top/tests/lib/tap.sh"

# run DESCRIPTION COMMAND...: one result; the command's output as
# diagnostics when it fails.
run() {
	local desc=$1 log rc=0
	shift
	log=$(mktemp)
	"$@" >"$log" 2>&1 || rc=$?
	tap_ok "$rc" "$desc"
	[ "$rc" -eq 0 ] || tail -n 40 "$log" | sed 's/^/#   /'
	rm -f "$log"
	return "$rc"
}

# The release version (module, library, man pages): dkms.conf's
# PACKAGE_VERSION, its one source.
pkg_version() {
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$st_top/dkms.conf"
}
