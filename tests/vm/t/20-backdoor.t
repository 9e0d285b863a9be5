#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module on QEMU with the VMware identity, as root: what INFO
# reports, raw calls answered by QEMU's vmport (checked against the -m
# and -uuid given to QEMU, two different values each), the message
# channel as the host answers for it (vmw-hostcaps; QEMU has none: the
# clean failure), the ABI's refusals, the tools, unloading.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

max_send=$(driver_const VMW_MSG_MAX_SEND)
max_raw_hb=$(driver_const VMW_RAW_HB_MAX)
abi=$(driver_const VMW_RPC_ABI_VERSION)
mem=256
uuid=564d8a3c-1122-4344-8556-6778899aabbc
# shellcheck disable=SC2046
vm_script "-m ${mem}M" -m "${mem}M" --uuid "$uuid" -- \
	VMW_MAX_SEND="$max_send" VMW_MAX_RAW_HB="$max_raw_hb" VMW_ABI_VERSION="$abi" \
	/tests/backdoor.sh "$(mib_hex $mem)" $(uuid_regs "$uuid") full

mem=384
uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
# shellcheck disable=SC2046
vm_script "-m ${mem}M" -m "${mem}M" --uuid "$uuid" -- \
	VMW_MAX_SEND="$max_send" VMW_MAX_RAW_HB="$max_raw_hb" VMW_ABI_VERSION="$abi" \
	/tests/backdoor.sh "$(mib_hex $mem)" $(uuid_regs "$uuid")
tap_done
