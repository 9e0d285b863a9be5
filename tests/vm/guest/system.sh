#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# system.sh vmware|novmware|sim KVER [VERSION]   (tests/vm/t/80-system.t,
# 85-packages.t; VERSION: the module's that udev must load; root, in a
# "tests/vm/run --system" guest: udev started, coldplug replayed, settled;
# nobody ran insmod or modprobe)
#
#   vmware    the DKMS-installed production module: udev loaded it for the
#             DMI modalias; /dev/vmw_rpc got the installed rule's group and
#             mode; group members open it, others get EACCES
#   novmware  the same tree without VMware DMI: nothing loaded it
#   sim       the test build in the same place, loaded the same way; the
#             simulated host behind it (/root/vmw_rpc_sim.ko, loaded here)
#             serves guestinfo: a group member reads it, others cannot
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

mode=$1
kver=$2
version=${3:-}
ko=/lib/modules/$kver/updates/dkms/vmw_rpc.ko
# kmod's tools by path: busybox sh runs its own applets of the same name.
k=/usr/local/sbin
# The group systemd-sysusers made from the installed sysusers.d file; the
# user is in it (as after "usermod -aG vmwrpc user" and a new login).
gid=$(sed -n 's/^vmwrpc:[^:]*:\([0-9]*\):.*/\1/p' /etc/group)
user() { vmw-runas 1000 1000 "1000,$gid" "$@"; }
nogroup() { vmw-runas 1001 1001 1001 "$@"; }

is "$(uname -r)" "$kver" "the guest runs $kver"
[ -n "$gid" ] && [ "$gid" -lt 1000 ]
ok $? "the system group vmwrpc exists (gid $gid), from the installed sysusers.d file"
modalias=$(udevadm info -q property /sys/class/dmi/id | sed -n 's/^MODALIAS=//p')
diag "DMI modalias: $modalias"
is "$($k/modinfo -F filename vmw_rpc 2>&1)" "$ko" "modinfo vmw_rpc finds the DKMS module in updates/dkms"
is "$($k/modprobe -R "$modalias" 2>/dev/null | grep -x vmw_rpc)" \
	"$([ "$mode" = novmware ] || echo vmw_rpc)" \
	"modprobe resolves this machine's DMI modalias $([ "$mode" = novmware ] && echo "to nothing of ours" || echo "to vmw_rpc")"

if [ "$mode" = novmware ]; then
	case "$modalias" in *svnVMware*) r=1 ;; *) r=0 ;; esac
	ok $r "the DMI modalias does not name VMware"
	[ ! -d /sys/module/vmw_rpc ]
	ok $? "vmw_rpc is not loaded after coldplug"
	[ ! -e /dev/vmw_rpc ]
	ok $? "no /dev/vmw_rpc"
	out=$(vmw-rpc status 2>&1)
	like "$out" '^platform: not VMware' "vmw-rpc status: platform: not VMware"
	like "$out" '^module: installed, not loaded' "vmw-rpc status: module: installed, not loaded"
	dmesg_clean "kernel log"
	tap_exit
fi

like "$modalias" ':svnVMware,Inc\.:' "the DMI modalias names VMware"
[ -d /sys/module/vmw_rpc ]
ok $? "udev loaded vmw_rpc at coldplug (nobody ran insmod or modprobe)"
like "$(grep '^vmw_rpc ' /proc/modules)" '^vmw_rpc [0-9]+ 0 ' "vmw_rpc is in /proc/modules"
is "$(stat -c '%U %G %a' /dev/vmw_rpc 2>&1)" "root vmwrpc 660" \
	"/dev/vmw_rpc: root, group vmwrpc, mode 0660 (the installed udev rule)"
is "$(udevadm info -q property /dev/vmw_rpc | sed -n 's/^DEVNAME=//p')" /dev/vmw_rpc \
	"udev knows the device"

if [ -n "$version" ]; then
	is "$(cat /sys/module/vmw_rpc/version 2>&1)" "$version" "the loaded module is version $version"
fi
out=$(vmw-rpc info 2>&1)
if [ "$mode" = vmware ]; then
	like "$out" '^test_build: no$' "the loaded module is the production build (INFO: test_build no)"
else
	like "$out" '^test_build: yes$' "the loaded module is the test build (INFO: test_build yes)"
fi
out=$(vmw-rpc status 2>&1)
diag "$out"
like "$out" '^platform: VMware' "vmw-rpc status: platform: VMware"
like "$out" '^module: loaded' "vmw-rpc status: module: loaded"
like "$out" "^device: /dev/vmw_rpc: present, character device, mode 0660, uid 0, gid $gid\$" \
	"vmw-rpc status: the device's mode, owner and group"

out=$(user vmw-rpc status 2>&1)
like "$out" '^open: works$' "a user in group vmwrpc: vmw-rpc status: open: works"
out=$(user vmw-info 2>&1)
ok $? "a user in group vmwrpc opens the device and asks INFO"
out=$(nogroup vmw-info 2>&1)
like "$out" 'open: EACCES' "a user outside the group is refused at open: EACCES"
out=$(nogroup vmw-rpc status 2>&1)
like "$out" '^open: fails' "a user outside the group: vmw-rpc status: open: fails"

if [ "$mode" = sim ]; then
	vmw-insmod /root/vmw_rpc_sim.ko
	ok $? "the simulated host attaches behind the udev-loaded test build"
	vmw-simctl guestinfo set system.greeting 'hello, installed system'
	ok $? "guestinfo.system.greeting seeded in the simulated host"
	is "$(user vmw-rpc guestinfo get -n system.greeting 2>&1)" "hello, installed system" \
		"a user in group vmwrpc reads guestinfo with vmw-rpc"
	is "$(user vmw-rpctool 'info-get guestinfo.system.greeting' 2>&1)" "hello, installed system" \
		"... and with vmw-rpctool"
	is "$(user pc-guestinfo system.greeting 2>&1)" "hello, installed system" \
		"... and with pc-guestinfo, built with pkg-config against the installed tree"
	out=$(nogroup pc-guestinfo system.greeting 2>&1)
	rc=$?
	is "$rc" 1 "a user outside the group cannot read it (pc-guestinfo exit 1)"
	like "$out" '^pc-guestinfo: open: ' "... refused at open"
	diag "it said: $out"
	out=$(user vmw-rpc status 2>&1)
	like "$out" '^rpci: works' "a user in group vmwrpc: vmw-rpc status: rpci: works"
fi
dmesg_clean "kernel log"
tap_exit
