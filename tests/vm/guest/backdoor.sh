#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# backdoor.sh MEM EAX EBX ECX EDX [full]   (root, VMware identity, loaded)
#
# What the module reports and what QEMU's vmport answers through it.
# MEM is the guest RAM QEMU was given, as the GETMEMSIZE eax it must
# answer; EAX..EDX the GETUUID words for the -uuid QEMU was given (both
# computed on the host from QEMU's options). "full" adds the ABI's
# refusals, the tools, and unloading. VMW_MAX_SEND, VMW_MAX_RAW_HB (for
# vmw-abi) and VMW_ABI_VERSION in the environment are the driver's
# VMW_MSG_MAX_SEND and VMW_RAW_HB_MAX and the uapi header's
# VMW_RPC_ABI_VERSION, read on the host (driver_const,
# tests/vm/lib/tap.sh); the parameters' defaults and ceilings come from
# the module itself (param_default, param_ceiling).
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh
mem=$1 u_eax=$2 u_ebx=$3 u_ecx=$4 u_edx=$5 full=${6:-}
magic=0x564d5868

# --- the module and its device
grep -q '^vmw_rpc ' /proc/modules
ok $? "vmw_rpc is loaded"
[ -c /dev/vmw_rpc ]
ok $? "/dev/vmw_rpc is a character device"
is "$(stat -c '%G %a' /dev/vmw_rpc 2>&1)" "vmwrpc 660" \
	"/dev/vmw_rpc is group vmwrpc, mode 0660 (as the udev rule sets it)"
like "$(dmesg | grep 'vmw_rpc: VMware backdoor')" \
	'^\[ *[0-9.]+\] vmw_rpc: VMware backdoor version 6, VMX type 2, port I/O' \
	"the load is logged with version 6, VMX type 2, port I/O"

# --- VMW_RPC_IOC_INFO, raw
info=$(vmw-info 2>&1)
ok $? "VMW_RPC_IOC_INFO succeeds"
field() { printf '%s\n' "$info" | sed -n "s/^$1=//p"; }
is "$(field abi_version)" "${VMW_ABI_VERSION:?}" "INFO abi_version is VMW_RPC_ABI_VERSION ($VMW_ABI_VERSION)"
is "$(field bdoor_version)" 6 "INFO bdoor_version is 6 (QEMU's GETVERSION)"
is "$(field vmx_type)" 2 "INFO vmx_type is 2 (ESX, QEMU's default)"
is "$(field transport)" 1 "INFO transport is port I/O (VMW_RPC_TRANSPORT_PORT)"
is "$(field flags)" 0x31 "INFO flags: high bandwidth, the call's timeout and delivery report (ABI 2), no encryption, no test build, not simulated"
is "$(field max_send)" "${VMW_MAX_SEND:?}" "INFO max_send is VMW_MSG_MAX_SEND ($VMW_MAX_SEND)"
d=$(param_default max_reply)
is "$(field max_reply)" "${d:?}" "INFO max_reply is the default ($d)"
is "$(field reserved_nonzero)" 0 "INFO reserved words are zero"

# --- raw calls answered by QEMU's vmport
out=$(vmw-raw 10 0 0xa9b2a797 2>&1)
ok $? "raw GETVERSION succeeds"
is "$(reg eax "$out") $(reg ebx "$out") $(reg ecx "$out")" "0x00000006 $magic 0x00000002" \
	"raw GETVERSION: eax 6, ebx the magic, ecx 2"
out=$(vmw-raw 20 2>&1)
ok $? "raw GETMEMSIZE succeeds"
is "$(reg eax "$out")" "$mem" "raw GETMEMSIZE: eax is QEMU's -m in bytes"
is "$(reg ebx "$out")" 0x00001177 "raw GETMEMSIZE: ebx is 0x1177"
out=$(vmw-raw 19 2>&1)
ok $? "raw GETUUID succeeds"
is "$(reg eax "$out") $(reg ebx "$out") $(reg ecx "$out") $(reg edx "$out")" \
	"$u_eax $u_ebx $u_ecx $u_edx" "raw GETUUID: eax..edx are QEMU's -uuid"

# --- the message channel: ask the host (vmw-hostcaps), then check what
# follows from its answer. QEMU's vmport has none ("no"): the OPEN comes
# back as the host's failure, eax 0xffffffff. A host with one opens the
# channel, and the test closes it again.
mc=$(hostcap message_channel)
like "$mc" '^(yes|no)$' "vmw-hostcaps: does the host have a message channel? ($mc)"
out=$(vmw-raw 30 0 0xc9435052 2>&1)
ok $? "raw MESSAGE OPEN (RPCI|cookie): the call itself succeeds"
ecx=$(reg ecx "$out")
if [ "$mc" = yes ]; then
	[ -n "$ecx" ] && [ $(( (ecx >> 16) & 1 )) -eq 1 ]
	ok $? "raw MESSAGE OPEN: the success bit in ecx[31:16] (the host has a channel; ecx=$ecx)"
	edx=$(reg edx "$out")
	out=$(vmw-raw 30 6 0 $(( ${edx:-0} >> 16 )) "$(reg esi "$out")" "$(reg edi "$out")" 2>&1)
	ecx=$(reg ecx "$out")
	[ -n "$ecx" ] && [ $(( (ecx >> 16) & 1 )) -eq 1 ]
	ok $? "raw MESSAGE CLOSE of that channel (id and cookies): the success bit (ecx=$ecx)"
	vmw-info >/dev/null 2>&1
	ok $? "the device still answers after the raw OPEN and CLOSE"
else
	is "$(reg eax "$out")" 0xffffffff "raw MESSAGE OPEN: eax 0xffffffff (no channel; QEMU: unsupported command)"
	[ -n "$ecx" ] && [ $(( (ecx >> 16) & 1 )) -eq 0 ]
	ok $? "raw MESSAGE OPEN: no success bit in ecx[31:16] (ecx=$ecx)"
	vmw-info >/dev/null 2>&1
	ok $? "the device still answers after the failed OPEN"
fi

if [ "$full" != full ]; then
	tap_exit
fi

# --- refusals of the raw ABI (TAP from the program)
vmw-abi
ok $? "vmw-abi: every refusal as documented"

# --- the tools, once they exist
if command -v vmw-rpc >/dev/null; then
	out=$(vmw-rpc info 2>&1)
	ok $? "vmw-rpc info succeeds"
	like "$out" '^backdoor_version: 6$' "vmw-rpc info: backdoor_version: 6"
	like "$out" '^vmx_type: 2 \(ESX\)$' "vmw-rpc info: vmx_type: 2 (ESX)"
	like "$out" '^transport: port$' "vmw-rpc info: transport: port"
	fmt='^eax=0x[0-9a-f]{8} ebx=0x[0-9a-f]{8} ecx=0x[0-9a-f]{8} edx=0x[0-9a-f]{8} esi=0x[0-9a-f]{8} edi=0x[0-9a-f]{8}$'
	out=$(vmw-rpc backdoor getversion 2>&1)
	ok $? "vmw-rpc backdoor getversion succeeds"
	line=$(printf '%s\n' "$out" | grep -E "$fmt")
	like "$line" "^eax=0x00000006 ebx=$magic ecx=0x00000002 " \
		"vmw-rpc backdoor getversion: eax 6, ebx magic, ecx 2, in the agreed format"
	out=$(vmw-rpc backdoor --cmd 20 2>&1)
	ok $? "vmw-rpc backdoor --cmd 20 succeeds"
	line=$(printf '%s\n' "$out" | grep -E "$fmt")
	like "$line" "^eax=$mem ebx=0x00001177 " \
		"vmw-rpc backdoor --cmd 20: eax is QEMU's -m in bytes, ebx 0x1177"
else
	for t in "vmw-rpc info" "vmw-rpc backdoor getversion" "vmw-rpc backdoor --cmd 20"; do
		skip "$t" "build/userspace/bin/vmw-rpc is not built yet"
	done
fi

# --- unloading: refused while the device is open, fine after close
exec 3</dev/vmw_rpc
is "$(cat /sys/module/vmw_rpc/refcnt)" 1 "an open /dev/vmw_rpc holds a module reference"
out=$(rmmod vmw_rpc 2>&1)
rc=$?
[ $rc -ne 0 ]
ok $? "rmmod vmw_rpc fails while /dev/vmw_rpc is open"
diag "rmmod said: $out"
like "$out" 'in use|busy|Resource temporarily unavailable' "rmmod's error says the module is in use"
grep -q '^vmw_rpc ' /proc/modules
ok $? "vmw_rpc is still loaded"
vmw-info >/dev/null 2>&1
ok $? "the device still works after the refused unload"
exec 3<&-
rmmod vmw_rpc
ok $? "rmmod vmw_rpc works after the close"
[ ! -e /dev/vmw_rpc ]
ok $? "/dev/vmw_rpc is gone"

# --- reload with parameters (and a refused one)
c=$(param_ceiling max_reply)
out=$(vmw-insmod /lib/vmw_rpc/vmw_rpc.ko max_reply=$((${c:?} + 1)) 2>&1)
like "$out" 'Invalid argument' "max_reply over its ceiling ($c) is refused with EINVAL"
! grep -q '^vmw_rpc ' /proc/modules
ok $? "the refused load left nothing loaded"
vmw-load max_reply=4096 pool_size=2
ok $? "reload with max_reply=4096 pool_size=2"
info=$(vmw-info 2>&1)
is "$(field max_reply) $(field pool_size)" "4096 2" "INFO reports the new parameters"
vmw-unload
ok $? "unload again"
tap_exit
