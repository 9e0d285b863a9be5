# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the host-side system tests (tests/system/*.t): the one shell
# TAP helper (tests/lib/tap.sh: tap_ok, tap_is, tap_skip, tap_diag,
# tap_done, ...) and what only this tier needs.

st_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$st_top/tests/lib/tap.sh"

# The release version (module, library, man pages): dkms.conf's
# PACKAGE_VERSION, its one source.
pkg_version() {
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$st_top/dkms.conf"
}
