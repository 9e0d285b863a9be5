#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The access policy (docs/driver.md "Access policy") against the simulated
# host: what a user without capabilities may send, what reaches the host
# when it may not, the allowlist changed at run time and at load, the
# channel bounds per file and per user with root and other users still
# served, the refused_* counters and the log lines, and TCLO as root
# (policy-rpci.sh, policy-limits.sh); rights fixed at open, hosts without
# cookies, user namespaces, the unprivileged budget, per-kind log rate
# limits and memory cgroup charges (policy-rights.sh). Lockdown is
# 40-lockdown.t's.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# The pool's idle reaper must not close a channel while policy-rpci.sh
# counts the host's calls: the longest idle time the driver allows.
vm_script "policy" --sim --modparam "pool_idle_ms=$(driver_const VMW_POOL_IDLE_CEILING)" \
	-- /tests/policy-rpci.sh
vm_script "limits" --sim \
	--modparam 'max_chans_per_file=2 max_chans_per_uid=3 max_chans_unpriv=4 rpci_allow=tools.set.version' \
	-- /tests/policy-limits.sh
vm_script "rights" --sim \
	--modparam 'max_chans=4 max_chans_per_file=3 max_chans_per_uid=2 max_chans_unpriv=2 pool_idle_ms=300' \
	-- /tests/policy-rights.sh
tap_done
