#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unprivileged users: in group vmwrpc (the udev rule's group) the device
# opens and INFO works but raw calls are EPERM; outside the group the
# device does not open (EACCES).
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vm_script "user in vmwrpc" --user -- /tests/user.sh
vm_script "user not in vmwrpc" --user-nogroup -- /tests/nogroup.sh
tap_done
