#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The message channel against the simulated host (--sim): simcheck's
# round trips (every size class, HB on and off, NUL bytes), CPTs at every
# step and past the cap, refused opens, host-closed channels, garbage,
# too-small buffers, 64 processes x 200 one-shot calls, a process killed
# mid-transfer, the trace of one guestinfo get register by register; the
# same crowd against a host with only 2 of its 8 channels free; the pool
# giving idle channels back; make
# bench's counts; and the tool's guestinfo round trip, as the issue's
# "done when" states it.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vm_script "simcheck" --sim -- simcheck

# Another process holds 6 of the host's 8 channels: the driver's pool
# (4 channels) gets at most 2, and the 64 callers wait for them.
# shellcheck disable=SC2016 # expanded by the guest's shell
vm_script "crowded host" --sim -- \
	'simcheck hold 6 600 & sleep 2; simcheck crowded 0; rc=$?; kill $!; exit $rc'

vm_script "tools" --sim -- /tests/channel.sh

# The pool closes channels nobody used for pool_idle_ms.
vm_script "pool idle" --sim --modparam pool_idle_ms=2000 -- /tests/pool-idle.sh

# make bench's program, short (20 commands per time): it runs, every
# command it counts succeeds and every time is measured, whatever its
# size (noise must not fail CI); its tables are this test's diagnostics.
vm_script "bench" --sim -- simcheck bench 20

# The issue's literal check: set then get prints the value (stdout is
# not a terminal here, so no newline is added).
got=$("$tap_top/tests/vm/run" --sim --no-build -- \
	sh -c "'vmw-rpc guestinfo set k v && vmw-rpc guestinfo get k'" </dev/null) || true
if [ "$got" = v ]; then tap_ok 0 "vmw-rpc guestinfo set k v && get k prints v"; else
	tap_ok 1 "vmw-rpc guestinfo set k v && get k prints v (got '$got')"
fi
tap_done
