#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Detection: outside VMware the module refuses to load (ENODEV, one log
# line saying why). Loading with the VMware identity is 20-backdoor.t.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# No VMware DMI strings, no hypervisor bit: not VMware.
vm_script "no VMware DMI" --no-vmware --no-load -- \
	/tests/refuse.sh "'no VMware identity'"

# The VMware vendor and product, but not VMware's serial: a machine that
# only claims to be VMware. QEMU's vmport would answer the probe, so only
# the DMI rule (the serial, as Linux's own) keeps the port read away.
vm_script "VMware vendor, other serial" --dmi-serial 0123456789 --no-load -- \
	/tests/refuse.sh "'no VMware identity'"

# VMware DMI strings, but the CPUID hypervisor bit is set and the vendor
# leaf says TCG's "TCGTCGTCGTCG": another hypervisor, whatever DMI says.
vm_script "hypervisor bit, TCG vendor" --cpu qemu64 --no-load -- \
	/tests/refuse.sh "'the hypervisor is .TCGTCGTCGTCG., not VMware'"
tap_done
