#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# toolsvc.sh   (root, --sim, --modparam tools=1)
#
# The kernel's tools service (driver/tools.c) against the simulated host
# playing vCenter: the service opens its TCLO channel by itself; the
# host's start-up commands (reset, ping, Capabilities_Register, options)
# get open-vm-tools' answers and the RPCI reports that go with them
# (recorded by the sim); an unknown command gets exactly "ERROR Unknown
# Command"; the power operations that do not stop the guest are answered
# and reported with their state codes; a program cannot open a TCLO
# channel while the service runs, and the service cannot be enabled
# while a program holds one; the module unloads with the service running.
# OS_Halt and OS_Reboot: toolsvc-power.sh.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

# set_tools 0|1: write the module parameter tools.
set_tools() { echo "$1" >/sys/module/vmw_rpc/parameters/tools; }
tclo_closed() { ! tclo_open; }
answers() { vmw-simctl tclo answers | grep -c .; }
have_answers() { [ "$(answers)" -ge "$1" ]; }

is "$(modparam tools)" Y "tools=1 at load: the parameter reads Y"
until_ok 100 tclo_open
ok $? "the service opened a TCLO channel on the host by itself"

# The vmw_rpc_tools event of each answer, recorded as trace-cmd would.
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || T=/sys/kernel/debug/tracing
echo 0 >"$T/tracing_on"
echo >"$T/trace"
echo 1 >"$T/events/vmw_rpc/vmw_rpc_tools/enable"
echo 1 >"$T/tracing_on"
tools_events() { [ "$(grep -c ': vmw_rpc_tools: ' "$T/trace")" -ge "$1" ]; }

# What a host sends a fresh tools service (reset, ping, Capabilities_Register,
# Set_Option ...), an option the service does not take, a command it does
# not know, and the power operations that leave the guest running.
for c in reset ping Capabilities_Register 'Set_Option broadcastIP 0' \
	'Set_Option toolScripts.beforePowerOff 1' 'Set_Option synctime 1' \
	'Time_Synchronize 0' OS_PowerOn OS_Resume OS_Suspend; do
	vmw-simctl tclo queue "$c"
done
until_ok 200 have_answers 10
ok $? "the service answered all 10 commands"
tab=$(printf '\t')
expected="reset${tab}OK ATR toolbox
ping${tab}OK 
Capabilities_Register${tab}OK 
Set_Option broadcastIP 0${tab}OK 
Set_Option toolScripts.beforePowerOff 1${tab}OK 
Set_Option synctime 1${tab}ERROR Unknown or invalid option
Time_Synchronize 0${tab}ERROR Unknown Command
OS_PowerOn${tab}OK 
OS_Resume${tab}OK 
OS_Suspend${tab}OK "
got=$(vmw-simctl tclo answers)
is "$got" "$expected" "each answer as open-vm-tools gives it, the unknown command's exactly"

# One event per answer, once it is sent: the command's first word only,
# OK or ERROR as the answer begins, its bytes, a time and the send's 0.
until_ok 50 tools_events 10
ok $? "10 vmw_rpc_tools events"
echo 0 >"$T/tracing_on"
cat "$T/trace" >/tmp/trace
echo 0 >"$T/events/vmw_rpc/vmw_rpc_tools/enable"
want=$(printf '%s\n' "$expected" | while IFS=$tab read -r c a; do
	printf 'uid=0 cmd="%s" status=%s bytes=%s ret=0\n' "${c%% *}" "${a%% *}" "${#a}"
done)
got=$(sed -n 's/.*: vmw_rpc_tools: pid=[0-9]* \(uid=.*\) ns=[1-9][0-9]* \(ret=.*\)$/\1 \2/p' /tmp/trace)
is "$got" "$want" "each event: the first word, status, answer bytes, ns > 0, ret 0"
is "$(grep -c -e broadcastIP -e toolScripts -e synctime -e 'Time_Synchronize 0' /tmp/trace)" 0 \
	"no command's arguments in the trace (Set_Option's option and value)"

# The RPCI reports, in order: the loop's name after reset, the
# capability and the unmanaged version (TOOLS_VERSION_UNMANAGED,
# 0x7fffffff) for Capabilities_Register, a state change status for each
# power operation (3 poweron, 4 resume, 5 suspend).
expected="vmx.capability.unified_loop toolbox
tools.capability.statechange 
tools.set.version 2147483647
tools.os.statechange.status 1 3
tools.os.statechange.status 1 4
tools.os.statechange.status 1 5"
is "$(vmw-simctl rpci)" "$expected" "the RPCI reports the sim recorded"

vmw-simctl tclo clear-answers
vmw-simctl tclo queue ping
until_ok 30 have_answers 1
ok $? "a ping queued on an idle service is answered within 3 s"

# A program cannot have a TCLO channel while the service runs.
is "$(vmw-chan open tclo)" "open: EBUSY" "a program's TCLO open: EBUSY while the service runs"
is "$(refused tclo)" 1 "  counted in refused_tclo"
like "$(dmesg | grep 'refused TCLO channel')" "tools service holds it" "  and logged, saying why"
is "$(vmw-chan open rpci)" "open: ok" "  RPCI channels are not affected"

# Off at run time: the service closes its channel; a program may then
# hold one, and enabling the service fails while it does.
set_tools 0
ok $? "echo 0 > tools: the service stops"
until_ok 30 tclo_closed
ok $? "  its TCLO channel is closed on the host"
rm -f /tmp/go
vmw-chan open tclo wait /tmp/go >/tmp/held &
held=$!
until_ok 50 tclo_open
ok $? "a program holds a TCLO channel"
err=$(echo 1 2>&1 >/sys/module/vmw_rpc/parameters/tools)
rc=$?
ok $((rc == 0)) "echo 1 > tools while a program holds a TCLO channel fails"
like "$err" "busy" "  with EBUSY ($err)"
is "$(modparam tools)" N "  the parameter still reads N"
like "$(dmesg | grep 'tools: not started')" "holds a TCLO channel" "  the log says why"
touch /tmp/go
wait "$held"
is "$(sed -n 1p /tmp/held)" "open: ok" "  (the program's open had succeeded)"
until_ok 30 tclo_closed
set_tools 1
ok $? "once it closed it, echo 1 > tools starts the service"
until_ok 100 tclo_open
ok $? "  which opens its TCLO channel again"
vmw-simctl tclo clear-answers
vmw-simctl tclo queue ping
until_ok 30 have_answers 1
ok $? "  and answers a ping"

# Unload with the service running: the sim goes first (vmw-unload), the
# service then talks to QEMU's vmport, which has no channels; rmmod stops it.
vmw-unload
ok $? "the modules unload with the service running"
is "$(dmesg | grep -c 'tools: service stopped')" 2 "  the service said it stopped (as after echo 0)"
if [ -d /sys/module/vmw_rpc ]; then ok 1 "  vmw_rpc is gone"; else ok 0 "  vmw_rpc is gone"; fi
n=$(ps | grep -c '[v]mw_rpc_tools' || true)
is "$n" 0 "  no vmw_rpc_tools thread is left"
vmw-load tools=1
ok $? "loading again with tools=1 works"
until_ok 100 tclo_open
ok $? "  and the service is back on the host"
dmesg_clean "tools service"
