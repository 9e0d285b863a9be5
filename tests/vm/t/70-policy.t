#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The access policy (docs/driver.md "Access policy") against the simulated
# host: what a user without capabilities may send, what reaches the host
# when it may not, the allowlist changed at run time and at load, the
# channel bounds per file and per user with root and other users still
# served, the refused_* counters and the log lines, and TCLO as root.
# Lockdown is 40-lockdown.t's.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vm_script "policy" --sim -- /tests/policy-rpci.sh
vm_script "limits" --sim \
	--modparam 'max_chans_per_file=2 max_chans_per_uid=3 pool_size=2 rpci_allow=tools.set.version' \
	-- /tests/policy-limits.sh
tap_done
