#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools-diag.sh   (root, --no-load guest with the VMware identity;
#                  60-tools.t stages the production vmw_rpc.ko and its
#                  depmod indexes under /opt/vmw-modules)
#
# Why /dev/vmw_rpc is missing, as libvmwrpc tells it through libkmod
# (vmwrpc(3)), each with the tools' exit status and one line on stderr,
# and the early-boot rule: a root caller's vmw-rpctool (and vmw-rpc but
# its status) loads the module itself, a user's gets the diagnosis:
#   not installed -> installed, not loaded (users; root's status) ->
#   root's vmw-rpctool loads it -> loaded, node gone.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
# shellcheck source=tests/vm/guest/tools-lib.sh
. /tests/tools-lib.sh

kver=$(uname -r)
ua='vmw-runas 1000 1000 1000,990'

grep -q '^vmw_rpc ' /proc/modules
ok $((! $?)) "vmw_rpc is not loaded (--no-load)"
[ ! -e /dev/vmw_rpc ] && [ ! -e "/lib/modules/$kver" ]
ok $? "no /dev/vmw_rpc and no /lib/modules/$kver"

# ---- not installed ------------------------------------------------------
m='the vmw_rpc module is not installed for this kernel'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "not installed: vmw-rpc info exits 2 with the one line" vmw-rpc info
fails 1 "^vmw-rpctool: /dev/vmw_rpc: $m\$" "not installed: vmw-rpctool exits 1 with the one line" \
	vmw-rpctool 'info-get guestinfo.x'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "not installed: vmw-rpc --load info cannot load it, exit 2" \
	vmw-rpc --load info
# shellcheck disable=SC2086
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "not installed: the same for uid 1000" $ua vmw-rpc info
run vmw-rpc status
is "$rc" 2 "not installed: status exits 2"
like "$(cat "$T/out")" '^module: not installed for this kernel' "not installed: status says so"
like "$(cat "$T/out")" '^platform: VMware' "status: the platform is VMware (DMI)"
like "$(cat "$T/out")" '^device: /dev/vmw_rpc: missing' "status: the device is missing"

# ---- installed, not loaded ----------------------------------------------
mkdir -p /lib/modules && cp -a "/opt/vmw-modules/lib/modules/$kver" /lib/modules/
ok $? "installed vmw_rpc.ko under /lib/modules/$kver (with depmod's indexes)"
m='the vmw_rpc module is not loaded \(modprobe vmw_rpc\)'
# shellcheck disable=SC2086
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "installed: vmw-rpc info as uid 1000 exits 2 with the one line" \
	$ua vmw-rpc info
# shellcheck disable=SC2086
fails 1 "^vmw-rpctool: /dev/vmw_rpc: $m\$" "installed: vmw-rpctool as uid 1000 exits 1 with the one line" \
	$ua vmw-rpctool 'info-get guestinfo.x'
# shellcheck disable=SC2086
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "installed: --load as uid 1000 does not load, exit 2" \
	$ua vmw-rpc --load info
grep -q '^vmw_rpc ' /proc/modules
ok $((! $?)) "the user's calls loaded nothing"
run vmw-rpc status
is "$rc" 2 "installed: root's status (no -l) exits 2"
like "$(cat "$T/out")" '^module: installed, not loaded' "installed: status says so"
grep -q '^vmw_rpc ' /proc/modules
ok $((! $?)) "root's status without -l loaded nothing (it only tells)"

# ---- early boot: root's vmw-rpctool loads the module and goes on ---------
run vmw-rpctool 'info-get guestinfo.x'
t_rc=$rc
cp "$T/err" "$T/rpctool.err"
grep -q '^vmw_rpc ' /proc/modules
ok $? "root's vmw-rpctool loaded vmw_rpc (libkmod, from /lib/modules)"
[ -c /dev/vmw_rpc ]
ok $? "/dev/vmw_rpc appeared (devtmpfs)"
# What it printed follows from the host's answer (vmw-hostcaps).
mc=$(hostcap message_channel)
like "$mc" '^(yes|no)$' "vmw-hostcaps: does the host have a message channel? ($mc)"
if [ "$mc" = yes ]; then
	re='^No value found$'
else
	re='^vmw-rpctool: .*[Tt]he host refused'
fi
[ "$t_rc" = 1 ] && one_line "$T/rpctool.err" && grep -Eq -- "$re" "$T/rpctool.err"
ok $? "root's vmw-rpctool 'info-get guestinfo.x' got the host's answer: exit 1, one line matching $re"
show stderr "$T/rpctool.err"

succeeds "vmw-rpc --load info as root exits 0" vmw-rpc --load info
like "$(cat "$T/out")" '^backdoor_version: 6$' "--load: info answers (backdoor_version 6)"
run vmw-rpc status
st=$(cat "$T/out")
like "$st" '^module: loaded$' "loaded: status says so"
like "$st" '^open: works$' "loaded: status: open works"
if [ "$mc" = yes ]; then
	is "$rc" 0 "loaded, the host has a message channel: status exits 0"
	like "$st" '^rpci: works' "loaded, a message channel: status says RPCI works"
else
	# QEMU: RPCI fails, and status says so with 2.
	is "$rc" 2 "loaded, the host has no message channel (QEMU): status exits 2"
	like "$st" '^rpci: fails: the host refused' "loaded, no message channel: status says RPCI fails, the host refused"
fi
like "$st" '^raw backdoor: works' "loaded: status: the raw backdoor works for root"
succeeds "vmw-rpc --load info with the module loaded exits 0" vmw-rpc --load info

# ---- loaded, but the node is gone ---------------------------------------
dev=$(cat /sys/class/misc/vmw_rpc/dev 2>/dev/null)
rm -f /dev/vmw_rpc
m='the vmw_rpc module is loaded but the device node is missing \(udev\?\)'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "no node: vmw-rpc info exits 2 with the one line" vmw-rpc info
fails 1 "^vmw-rpctool: /dev/vmw_rpc: $m\$" "no node: vmw-rpctool exits 1 with the one line" \
	vmw-rpctool 'info-get guestinfo.x'
fails 2 "^vmw-rpc: /dev/vmw_rpc: $m\$" "no node: vmw-rpc --load cannot help, exit 2" vmw-rpc --load info
run vmw-rpc status
is "$rc" 2 "no node: status exits 2"
like "$(cat "$T/out")" '^module: loaded$' "no node: status says the module is loaded"
like "$(cat "$T/out")" '^device: /dev/vmw_rpc: missing' "no node: status says the node is missing"
if [ -n "$dev" ] && mknod /dev/vmw_rpc c "${dev%%:*}" "${dev##*:}"; then
	succeeds "the node made again by hand ($dev): info exits 0" vmw-rpc info
else
	ok 1 "make the node again from /sys/class/misc/vmw_rpc/dev ('$dev')"
fi
rm -rf "$T"
dmesg_clean "kernel log"
tap_exit
