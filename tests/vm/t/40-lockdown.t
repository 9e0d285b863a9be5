#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel lockdown refuses raw backdoor calls, also to root. The module is
# unsigned, so lockdown is switched on after loading it (a lockdown=
# kernel parameter would refuse the module itself). With the simulated
# host, RPCI (guestinfo reads, also for users) keeps working.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vm_script "lockdown=integrity" --lockdown integrity -- /tests/lockdown.sh
vm_script "lockdown=integrity, simulated host" --sim --lockdown integrity -- /tests/lockdown.sh
tap_done
