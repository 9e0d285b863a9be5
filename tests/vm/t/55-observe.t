#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Observability against the simulated host (--sim): the vmw_rpc
# tracepoints enabled through tracefs, RPCs as root and as a member of
# vmwrpc, every event's fields and no guestinfo key or value in the
# trace; the counters in /sys/class/misc/vmw_rpc/stats/ against the
# host's own counters and the trace; vmw-rpc stats against sysfs; a
# non-root user refused the counters (tests/vm/guest/observe.sh). A pool
# of one channel and two CPUs make a crowd of callers wait for it.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# The pool's idle reaper must not close a channel (one backdoor call,
# one channel fewer) between a driver counter and the host's count read
# after it: pooled channels stay for the longest idle time allowed.
vm_script "observe" --sim --smp 2 \
	--modparam "pool_size=1 pool_idle_ms=$(driver_const VMW_POOL_IDLE_CEILING)" -- /tests/observe.sh
tap_done
