#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# observe.sh   (root, --sim, pool_size=1, 2 CPUs; tests/vm/t/55-observe.t)
#
# The driver's tracepoints and counters (docs/driver.md, "Observability"):
# the events enabled through tracefs as trace-cmd does; RPCs as root and
# as a member of vmwrpc, on the pool and on a channel of the file, a raw
# call, a checkpoint, a host that refuses channels, and a crowd on a pool
# of one channel. Each event must carry the caller's pid and uid, the
# command's first word and the result, and no guestinfo key or value
# (a unique token in both) may appear anywhere in the trace. The
# counters must move exactly as the simulated host's own, and as the
# trace says; vmw-rpc stats must print what sysfs holds; a non-root user
# must be refused the counters.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

dev=/sys/class/misc/vmw_rpc
ST=$dev/stats
# Unique, and short: a key leaking even in 32 bytes of a command shows.
TOKEN=tq$$z
KEY=$TOKEN
VAL=$TOKEN-value

st() { cat "$ST/$1"; }
# Backdoor calls the simulated host has seen (every step's counter).
host_calls() {
	vmw-simctl counters | sed -n 's/^calls\.[^ ]* //p' | awk '{ s += $1 } END { print s + 0 }'
}
# ev EVENT PID: the trace's lines of EVENT by PID
ev() {
	grep -E " $1: pid=$2 " /tmp/trace || true
}
# field NAME LINE: NAME=VALUE's value in an event line
field() {
	printf '%s\n' "$2" | sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" | sed -n 1p
}
# sum NAME EVENT-REGEX: the sum of NAME over the matching events
sum() {
	grep -E "$2" /tmp/trace | sed -n "s/.* $1=\\([0-9]*\\).*/\\1/p" |
		awk '{ s += $1 } END { print s + 0 }'
}

# ---- tracefs, as trace-cmd finds it --------------------------------
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || T=/sys/kernel/debug/tracing
events="vmw_rpc_call vmw_rpc_backdoor vmw_rpc_chan_open vmw_rpc_chan_close
	vmw_rpc_pool_wait vmw_rpc_tools"
for e in $events; do
	[ -e "$T/events/vmw_rpc/$e/format" ]
	ok $? "tracefs has the event vmw_rpc:$e ($T)"
done
# Every event's name carries the prefix (kvm:kvm_exit): BPF's raw_tp
# names are one namespace for all subsystems.
bare=
for d in "$T"/events/vmw_rpc/*/; do
	d=${d%/}
	d=${d##*/}
	case $d in vmw_rpc_*) ;; *) bare="$bare $d" ;; esac
done
is "$bare" "" "every event in the system vmw_rpc is named vmw_rpc_*"
# trace-cmd and perf decode the print format themselves: it must hold
# numbers, not the driver's enum names (TRACE_DEFINE_ENUM).
is "$(grep -c 'VMW_TRACE_' "$T/events/vmw_rpc/vmw_rpc_call/format")" 0 \
	"vmw_rpc:vmw_rpc_call's format names no enum constant (trace-cmd can decode op)"
echo 0 >$T/tracing_on
echo >$T/trace
echo 1 >$T/events/vmw_rpc/enable
echo 1 >$T/tracing_on

# ---- the counters before -------------------------------------------
vmw-simctl counters clear
for c in backdoor_calls calls_call calls_chan_send calls_chan_recv \
	calls_backdoor bytes_out bytes_in cpt_restarts host_refused_opens \
	pool_waits errors_econnrefused; do
	eval "b_$c=\$(st $c)"
done
b_rpci=$(refused rpci)

# ---- the RPCs --------------------------------------------------------
vmw-rpc guestinfo set "$KEY" "$VAL" &
p_set=$!
wait $p_set
ok $? "root: guestinfo set (key and value hold the token)"
vmw-rpc guestinfo get "$KEY" >/tmp/v &
p_get=$!
wait $p_get
is "$(cat /tmp/v)" "$VAL" "root: guestinfo get"
vmw-runas 1000 1000 1000,990 vmw-rpc guestinfo get "$KEY" >/tmp/v &
p_uget=$!
wait $p_uget
is "$(cat /tmp/v)" "$VAL" "user (vmwrpc): guestinfo get"
vmw-runas 1000 1000 1000,990 vmw-rpc guestinfo set "$KEY" "x-$TOKEN" 2>/dev/null &
p_uset=$!
wait $p_uset
is $? 2 "user: guestinfo set is refused"
vmw-chan open rpci send "info-get guestinfo.$KEY" recv close >/tmp/chan &
p_chan=$!
wait $p_chan
ok $? "root: open, send, recv, close on a channel of the file"
vmw-raw 10 0 0xa9b2a797 >/dev/null &
p_raw=$!
wait $p_raw
ok $? "root: a raw GETVERSION"

# One checkpoint at RECVSTATUS: the receive restarts once.
vmw-simctl fault cpt recvstatus 1 1
h0=$(host_calls)
vmw-rpc guestinfo get "$KEY" >/dev/null &
p_cpt=$!
wait $p_cpt
ok $? "root: guestinfo get through a checkpoint"
h_cpt=$(($(host_calls) - h0))

# The host closes everything and refuses new channels. chans_open is
# what the driver believes: the host's close shows once a channel is
# used (docs/ABI/testing/sysfs-class-misc-vmw_rpc).
c_before=$(st chans_open)
vmw-simctl close all
is "$(vmw-simctl nr_channels)" 0 "the host closed every channel"
[ "$c_before" -ge 1 ] && [ "$(st chans_open)" -eq "$c_before" ]
ok $? "  chans_open still counts the driver's $c_before (the host's close is not seen yet)"
vmw-simctl refuse_open 1
vmw-rpc guestinfo get "$KEY" >/dev/null 2>&1 &
p_ref=$!
wait $p_ref
is $? 2 "root: guestinfo get when the host refuses channels"
vmw-simctl refuse_open 0

# A crowd on a pool of one channel: 4 processes x 3 reads of a 64 KiB
# value in 4-byte steps (16 Ki backdoor calls each, yielding the CPU
# every 1024), on 2 CPUs: callers find the one channel busy and wait.
head -c 65536 /dev/zero | tr '\0' b | vmw-simctl guestinfo set big
vmw-simctl hb 0
i=0
pids=
while [ $i -lt 4 ]; do
	vmw-chan call "info-get guestinfo.big" call "info-get guestinfo.big" \
		call "info-get guestinfo.big" >/dev/null &
	pids="$pids $!"
	i=$((i + 1))
done
fails=0
for p in $pids; do
	wait "$p" || fails=$((fails + 1))
done
vmw-simctl hb 1
is $fails 0 "4 processes x 3 one-shot calls of 64 KiB in LB on a pool of 1"

echo 0 >$T/tracing_on
cat $T/trace >/tmp/trace
echo 0 >$T/events/vmw_rpc/enable
diag "$(grep -c ': vmw_rpc_call: ' /tmp/trace) rpc events, $(grep -c ': vmw_rpc_pool_wait: ' /tmp/trace) pool waits"

# ---- the events --------------------------------------------------------
is "$(grep -c -- "$TOKEN" /tmp/trace)" 0 "no key or value in the trace (the token appears nowhere)"
is "$(grep -c 'guestinfo' /tmp/trace)" 0 "no argument in the trace (no 'guestinfo.' anywhere)"
grep -v -- "$TOKEN" /tmp/trace >/dev/null
ok $? "  (the trace is not empty)"

l=$(ev vmw_rpc_call "$p_set")
like "$l" "uid=0 op=call proto=rpci cmd=\"info-set\" transport=port bw=HB bdoor=[1-9][0-9]* hb=2 cpts=0 out=$((${#KEY} + ${#VAL} + 20)) in=2 ns=[1-9][0-9]* ret=0\$" \
	"rpc event of root's set: uid, op, first word, HB, bytes, ret"
l=$(ev vmw_rpc_call "$p_get")
like "$l" "uid=0 op=call proto=rpci cmd=\"info-get\" .* out=$((${#KEY} + 19)) in=$((${#VAL} + 2)) .* ret=0\$" \
	"rpc event of root's get: bytes each way"
l=$(ev vmw_rpc_call "$p_uget")
like "$l" "uid=1000 op=call proto=rpci cmd=\"info-get\" .* ret=0\$" "rpc event of the user's get: uid 1000"
l=$(ev vmw_rpc_call "$p_uset")
like "$l" "uid=1000 op=call proto=rpci cmd=\"info-set\" .* bdoor=0 hb=0 cpts=0 out=0 in=0 .* ret=-13\$" \
	"rpc event of the user's refused set: EACCES, no backdoor call"
l=$(ev vmw_rpc_call "$p_chan")
like "$l" "op=send proto=rpci cmd=\"info-get\" .* ret=0" "rpc event of a channel send"
like "$l" "op=recv proto=rpci cmd=\"\" .* in=$((${#VAL} + 2)) .* ret=0" "rpc event of a channel receive: no command, bytes in"
like "$(ev vmw_rpc_chan_open "$p_chan")" "uid=0 proto=rpci id=[0-9]+ ret=0\$" "chan_open event of the file's channel"
like "$(ev vmw_rpc_chan_close "$p_chan")" "uid=0 proto=rpci id=[0-9]+\$" "chan_close event of the file's channel"
like "$(ev vmw_rpc_backdoor "$p_raw")" "uid=0 mode=lb cmd=10 ret=0\$" "backdoor event: GETVERSION, no registers"
l=$(ev vmw_rpc_call "$p_cpt")
like "$l" "cpts=1 .* ret=0\$" "rpc event through a checkpoint: cpts=1"
is "$(field bdoor "$l")" "$h_cpt" "  its bdoor= is the host's count of calls ($h_cpt)"
like "$(ev vmw_rpc_call "$p_ref")" "ret=-111\$" "rpc event when the host refuses: ECONNREFUSED"
like "$(ev vmw_rpc_chan_open "$p_ref")" "proto=rpci id=-1 ret=-111\$" "chan_open event of the refusal: no id, ECONNREFUSED"

# ---- the counters against the host and the trace -----------------------
d() { echo $(($(st "$1") - $(eval "echo \$b_$1"))); }
is "$(d backdoor_calls)" "$(host_calls)" "backdoor_calls moved as the host's own count of calls"
is "$(d host_refused_opens)" "$(vmw-simctl counter failed.open)" "host_refused_opens moved as the host's failed opens"
is "$(d host_refused_opens)" 1 "  (one refused open)"
is "$(st chans_open)" "$(vmw-simctl nr_channels)" "chans_open is the host's count of open channels"
[ "$(st chans_peak)" -ge "$(st chans_open)" ] && [ "$(st chans_peak)" -ge 1 ]
ok $? "chans_peak ($(st chans_peak)) is at least chans_open and 1"
is "$(d cpt_restarts)" 1 "cpt_restarts: the one checkpoint"
is "$(d errors_econnrefused)" 1 "errors_econnrefused: the one refusal"
is "$(($(refused rpci) - b_rpci))" 1 "refused_rpci: the user's set"
is "$(d calls_call)" "$(grep -c ' op=call ' /tmp/trace)" "calls_call moved as the trace's call events"
is "$(d calls_chan_send)" "$(grep -c ' op=send ' /tmp/trace)" "calls_chan_send moved as the trace's send events"
is "$(d calls_chan_recv)" "$(grep -c ' op=recv ' /tmp/trace)" "calls_chan_recv moved as the trace's recv events"
is "$(d calls_backdoor)" "$(grep -c ': vmw_rpc_backdoor: ' /tmp/trace)" "calls_backdoor moved as the trace's backdoor events"
is "$(d bytes_out)" "$(sum out ': vmw_rpc_call: ')" "bytes_out moved as the trace's out= bytes"
is "$(d bytes_in)" "$(sum in ': vmw_rpc_call: ')" "bytes_in moved as the trace's in= bytes"
waits=$(grep -c ': vmw_rpc_pool_wait: ' /tmp/trace)
is "$(d pool_waits)" "$waits" "pool_waits moved as the trace's pool_wait events"
[ "$waits" -gt 0 ]
ok $? "the crowd waited for the pool ($waits waits)"
maxns=$(sed -n 's/.* vmw_rpc_pool_wait: .* ns=\([0-9]*\) .*/\1/p' /tmp/trace | sort -n | sed -n '$p')
is "$(st pool_wait_max_us)" "$((${maxns:-0} / 1000))" "pool_wait_max_us is the longest traced wait"

# ---- the files, vmw-rpc stats ------------------------------------------------
is "$(find $ST $dev/refused_* -type f ! -perm 0400 | wc -l)" 0 "every counter file is mode 0400"
names=$( (ls $ST; cd $dev && ls -d refused_*) | sort)
want=
for n in $names; do
	f=$ST/$n
	[ -e "$f" ] || f=$dev/$n
	want="$want${want:+,}\"$n\":$(cat "$f")"
done
is "$(vmw-rpc stats --json)" "{$want}" "vmw-rpc stats --json is sysfs, every file"
vmw-rpc stats >/tmp/stats
is "$(wc -l </tmp/stats | tr -d ' ')" "$(echo "$names" | wc -l | tr -d ' ')" "vmw-rpc stats: one line per file"
bad=
for n in $names; do
	f=$ST/$n
	[ -e "$f" ] || f=$dev/$n
	[ "$(sed -n "s/^$n  *//p" /tmp/stats)" = "$(cat "$f")" ] || bad="$bad $n"
done
is "$bad" "" "vmw-rpc stats: each line's value is its file's"

out=$(vmw-runas 1000 1000 1000,990 vmw-rpc stats 2>&1)
is $? 2 "vmw-rpc stats as the user: exit 2"
like "$out" "readable by root only" "  it says the counters are root's"
vmw-runas 1000 1000 1000,990 cat $ST/calls_call >/dev/null 2>&1
is $? 1 "the user cannot read a counter file"
dmesg_clean "kernel log"
tap_exit
