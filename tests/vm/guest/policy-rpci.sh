#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# policy-rpci.sh   (root, --sim, default module parameters)
#
# The access policy of docs/driver.md ("Access policy", "Errors") for a
# user without capabilities in group vmwrpc (uid 1000, run through
# vmw-runas): guestinfo reads work; every other RPCI command, and every
# command that only looks like an allowed one, is EACCES with nothing sent
# to the host; raw calls and TCLO are EPERM. Root changes the allowlist at
# run time. Each refusal is counted in refused_*, logged rate-limited with
# the uid and the first word only. Then root plays TCLO.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

param=/sys/module/vmw_rpc/parameters/rpci_allow
secret=SECRET-TOKEN-123
secret2=TABSECRET-456

# The sum of the sim's calls.* counters: backdoor calls the host saw.
sim_calls() {
	vmw-simctl counters | awk '/^calls\./ { n += $2 } END { print n + 0 }'
}

# Write rpci_allow; the status is the write's.
set_allow() {
	printf '%s\n' "$1" >"$param"
}

sim_zero() {
	vmw-simctl counters clear
	vmw-simctl trace clear
}

# Wait up to 10 s for FILE to contain a line matching REGEX.
wait_for() {
	i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null && [ $i -lt 500 ]; do
		usleep 20000
		i=$((i + 1))
	done
}

# The allowlist's default, and the user: guestinfo reads work.
allow_default=$(param_default rpci_allow)
like "$allow_default" '.' "the module's description gives rpci_allow's default: '$allow_default'"
is "$(cat "$param")" "$allow_default" "rpci_allow starts at its documented default"
vmw-simctl guestinfo set k v1
like "$(id -u)" '^0$' "the script runs as root"
like "$(as_user id)" '^uid=1000\(user\) gid=1000\(user\) groups=.*990\(vmwrpc\)' "vmw-runas gives uid 1000 in group 990"
like "$(as_user cat /proc/self/status)" 'CapEff:[[:space:]]*0000000000000000' "... without capabilities"
is "$(as_user vmw-chan call 'info-get guestinfo.k')" "call: 1 v1" \
	"user: one-shot VMW_RPC_IOC_CALL info-get guestinfo.k answers '1 v1'"
is "$(as_user vmw-chan open rpci send 'info-get guestinfo.k' recv close | tr '\n' '|')" \
	"open: ok|send: ok|recv: 1 v1|close: ok|" \
	"user: an RPCI channel opens and info-get guestinfo.k on it answers '1 v1'"
is "$(as_user vmw-chan call 'info-get guestinfo.nokey')" "call: 0 No value found" \
	"user: an unset key reaches the host ('0 No value found')"
if command -v vmw-rpc >/dev/null; then
	is "$(as_user vmw-rpc guestinfo get k)" "v1" "user: vmw-rpc guestinfo get k prints v1"
	is "$(as_user vmw-rpctool 'info-get guestinfo.k')" "v1" "user: vmw-rpctool 'info-get guestinfo.k' prints v1"
else
	skip "user: vmw-rpc guestinfo get" "build/userspace/bin/vmw-rpc is not built"
	skip "user: vmw-rpctool info-get" "build/userspace/bin/vmw-rpctool is not built"
fi

# A command that starts like an allowed one but is sent as ONE command is
# allowed by the match rules: the host must see it whole, not run a second
# command after it.
is "$(as_user vmw-chan call "info-get guestinfo.k info-set guestinfo.k $secret")" \
	"call: 0 No value found" \
	"user: 'info-get guestinfo.k info-set ...' is one command to the host (key 'k info-set ...', not found)"
is "$(vmw-simctl guestinfo get k)" "v1" "... and guestinfo.k was not set by it"

# Commands the default list refuses. The secret ones go first, right
# after the 5 or 6 refusals above: within the rate limit's burst of 10,
# their log lines cannot be suppressed. The second separates its words
# with tabs: the log must still stop at the first word.
set -- \
	"info-set guestinfo.x $secret" \
	"info-set\\tguestinfo.y\\t$secret2" \
	'log hello' \
	'frobnicate' \
	'tools.set.version 1' \
	'info-get guestinfo' \
	'info-get guestinfox' \
	'info-get guestinfo.' \
	'INFO-GET guestinfo.k' \
	'Info-get guestinfo.k' \
	'info-get GUESTINFO.k' \
	'info-get  guestinfo.k' \
	' info-get guestinfo.k' \
	'info-get guestinfo.k\ninfo-set guestinfo.k x' \
	'info-get guestinfo.k\0info-set guestinfo.k x' \
	'info-get guestinfo.k\0' \
	'info-get guestinfo.k\x0d' \
	'info-get guestinfo.k\t' \
	'info-get guestinfo.k\x7f' \
	'info-get guestinfo.k\xc3\xa9' \
	'\0info-get guestinfo.k'
nbad=$#
ops_send=
ops_call=
for c in "$@"; do
	ops_send="$ops_send send '$c'"
	ops_call="$ops_call call '$c'"
done

rpci0=$(refused rpci) raw0=$(refused raw) tclo0=$(refused tclo) limit0=$(refused limit)
dmesg_before=$(dmesg | wc -l)

# Raw calls and TCLO as the user: EPERM, nothing reaches the host.
sim_zero
like "$(as_user vmw-raw 10 0 0xa9b2a797 2>&1)" 'ioctl: EPERM' "user: a raw GETVERSION is EPERM"
like "$(as_user vmw-raw 30 0 0x49435052 2>&1)" 'ioctl: EPERM' "user: a raw message-channel OPEN is EPERM"
is "$(as_user vmw-chan open tclo)" "open: EPERM" "user: a TCLO channel is EPERM"
is "$(as_user vmw-chan open tclo open tclo)" "$(printf 'open: EPERM\nopen: EPERM')" "user: again, twice"
nraw=2
if command -v vmw-rpc >/dev/null; then
	as_user vmw-rpc backdoor getversion >/dev/null 2>&1
	is $? 2 "user: vmw-rpc backdoor getversion exits 2"
	nraw=3
fi
is "$(sim_calls)" 0 "the host saw no call for the refused raw and TCLO attempts"
is "$(refused raw)" $((raw0 + nraw)) "refused_raw grew by $nraw"
is "$(refused tclo)" $((tclo0 + 3)) "refused_tclo grew by 3"
is "$(refused rpci)" "$rpci0" "refused_rpci did not change"

# Through a channel: open it first, then zero the host's counters, then
# the sends (and one empty send), all refused; the channel stays open
# until the host's counters are read (closing it is a host call).
rm -f /tmp/go /tmp/done
eval "as_user vmw-chan open rpci wait /tmp/go $ops_send send '' wait /tmp/done" >/tmp/chan.out 2>&1 &
pid=$!
wait_for /tmp/chan.out '^open: '
is "$(head -n 1 /tmp/chan.out)" "open: ok" "user: an RPCI channel opens"
sim_zero
touch /tmp/go
i=0
while [ $i -lt 500 ]; do
	n=$(grep -c '^send: ' /tmp/chan.out 2>/dev/null)
	[ "${n:-0}" -lt $((nbad + 1)) ] || break
	usleep 20000
	i=$((i + 1))
done
is "$(grep -c '^send: EACCES$' /tmp/chan.out)" $((nbad + 1)) \
	"user: all $nbad refused commands and the empty one are EACCES on CHAN_SEND"

# Through the one-shot call: the same commands; the empty call is EINVAL.
out=$(eval "as_user vmw-chan $ops_call call ''")
is "$(printf '%s\n' "$out" | grep -c '^call: EACCES$')" "$nbad" \
	"user: all $nbad refused commands are EACCES on VMW_RPC_IOC_CALL"
is "$(printf '%s\n' "$out" | tail -n 1)" "call: EINVAL" \
	"user: an empty VMW_RPC_IOC_CALL is EINVAL (docs: empty call)"
is "$(sim_calls)" 0 "the host saw no backdoor call for any of the $((2 * nbad + 2)) refused commands"
is "$(vmw-simctl trace)" "" "the host's trace is empty"
touch /tmp/done
wait $pid
ok $? "vmw-chan on the channel ran"
other=$(grep -v -e '^send: EACCES$' -e '^open: ok$' -e '^wait: ok$' /tmp/chan.out
	printf '%s\n' "$out" | grep -v -e '^call: EACCES$' -e '^call: EINVAL$')
[ -z "$other" ] || diag "$other"
is "$(refused rpci)" $((rpci0 + 2 * nbad + 1)) \
	"refused_rpci grew by $((2 * nbad + 1)) (the empty call is EINVAL, not a refusal)"
is "$(refused raw)" $((raw0 + nraw)) "refused_raw did not change for RPCI refusals"
is "$(refused tclo)" $((tclo0 + 3)) "refused_tclo did not change"
is "$(refused limit)" "$limit0" "refused_limit did not change"

# The tools, as the user.
if command -v vmw-rpc >/dev/null; then
	sim_zero
	r=$(refused rpci)
	as_user vmw-rpc call info-set guestinfo.x "$secret" >/dev/null 2>&1
	is $? 2 "user: vmw-rpc call info-set exits 2 (driver error)"
	as_user vmw-rpc log hello >/dev/null 2>&1
	is $? 2 "user: vmw-rpc log exits 2"
	as_user vmw-rpc guestinfo set x y >/dev/null 2>&1
	is $? 2 "user: vmw-rpc guestinfo set exits 2"
	out=$(as_user vmw-rpctool "info-set guestinfo.x $secret" 2>&1)
	is $? 1 "user: vmw-rpctool info-set exits 1"
	diag "vmw-rpctool said: $out"
	n=$(($(refused rpci) - r))
	[ "$n" -ge 4 ]
	ok $? "refused_rpci counted the tools' 4 refused commands (grew by $n)"
	is "$(sim_calls)" 0 "the host saw no backdoor call for the tools' refused commands"
else
	skip "user: the tools' refused commands" "build/userspace/bin/vmw-rpc is not built"
fi

# The kernel log: uid and first word, never the rest.
log=$(dmesg | tail -n +$((dmesg_before + 1)))
like "$log" 'vmw_rpc: refused RPCI command for uid 1000 \(command "info-set"\)' \
	"the log names uid 1000 and the command's first word"
dmesg | grep -q -- "$secret"
is $? 1 "the secret token is nowhere in the kernel log"
dmesg | grep -q 'guestinfo\.x'
is $? 1 "nor is the refused command's key"
dmesg | grep -q TABSECRET
is $? 1 "nor the secret of a command whose words are separated by tabs"
dmesg | grep -q 'guestinfo\.y'
is $? 1 "nor that command's key"
like "$log" 'vmw_rpc: refused RPCI command for uid 1000 \(command "info-set"\)' \
	"the log names uid 1000 and the command's first word"
like "$log" 'vmw_rpc: refused raw.* for uid 1000' "the raw refusal is logged with uid 1000"
like "$log" 'vmw_rpc: refused TCLO.* for uid 1000' "the TCLO refusal is logged with uid 1000"
like "$(ls -l /sys/class/misc/vmw_rpc/refused_rpci)" '^-r--------' "refused_rpci is readable by root only"
as_user cat /sys/class/misc/vmw_rpc/refused_rpci >/dev/null 2>&1
is $? 1 "the user cannot read refused_rpci"

# Rate limit: 300 refusals in a burst log a bounded number of lines (the
# kernel's printk_ratelimit default: 10 per 5 s), and all are counted.
# The refusals above used up this window's burst: start a new one.
sleep 6
r=$(refused rpci)
n0=$(dmesg | grep -c 'vmw_rpc: refused')
ops=
i=0
while [ $i -lt 300 ]; do
	ops="$ops call log"
	i=$((i + 1))
done
t0=$(date +%s)
# shellcheck disable=SC2086 # one word per operation
as_user vmw-chan $ops >/tmp/burst.out
t1=$(date +%s)
is "$(grep -c '^call: EACCES$' /tmp/burst.out)" 300 "user: 300 refused 'log' calls are EACCES"
is "$(refused rpci)" $((r + 300)) "refused_rpci grew by 300"
lines=$(($(dmesg | grep -c 'vmw_rpc: refused') - n0))
bound=$((10 * ((t1 - t0) / 5 + 2)))
[ "$lines" -ge 1 ] && [ "$lines" -le "$bound" ]
ok $? "the burst logged $lines lines, 1 to $bound (took $((t1 - t0)) s)"

# Root changes the allowlist at run time.
set_allow 'info-get guestinfo.,log '
ok $? "root sets rpci_allow to 'info-get guestinfo.,log '"
is "$(cat "$param")" "info-get guestinfo.,log " "rpci_allow reads back"
vmw-simctl log clear
sim_zero
is "$(as_user vmw-chan call 'log hello-from-user')" "call: 1 " "user: 'log hello-from-user' is now allowed"
like "$(vmw-simctl log)" '^hello-from-user$' "the host logged it"
is "$(as_user vmw-chan open rpci send 'log on-a-channel' recv | tail -n 1)" "recv: 1 " \
	"user: 'log ...' on a channel works too"
is "$(as_user vmw-chan call 'logfoo x' call 'log' call 'log ')" \
	"$(printf 'call: EACCES\ncall: EACCES\ncall: EACCES')" \
	"user: 'logfoo x', 'log' and 'log ' (nothing after the prefix) stay EACCES"
is "$(as_user vmw-chan call 'info-get guestinfo.k')" "call: 1 v1" "user: guestinfo reads still work"
if command -v vmw-rpc >/dev/null; then
	as_user vmw-rpc log from-the-tool >/dev/null 2>&1
	is $? 0 "user: vmw-rpc log works"
	like "$(vmw-simctl log)" 'from-the-tool' "the host logged it"
fi
as_user sh -c "echo log > $param" 2>/dev/null
ok $(($? == 0)) "the user cannot write rpci_allow"
is "$(cat "$param")" "info-get guestinfo.,log " "rpci_allow is unchanged"
for bad in ',' 'a,,b' 'a,' "$(printf 'a\tb')" \
	"$(printf '%065d' 0)" 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q'; do
	set_allow "$bad" 2>/dev/null
	ok $(($? == 0)) "a malformed list is refused: '$bad'"
done
is "$(cat "$param")" "info-get guestinfo.,log " "rpci_allow is unchanged by malformed lists"
set_allow 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p'
ok $? "16 prefixes are accepted"

echo 'info-get guestinfo.' >"$param"
is "$(as_user vmw-chan call 'log again')" "call: EACCES" "user: after root removes 'log ', log is EACCES again"
echo '' >"$param"
is "$(cat "$param")" "" "root empties the list"
is "$(as_user vmw-chan call 'info-get guestinfo.k')" "call: EACCES" "user: the empty list allows nothing"
is "$(vmw-chan call 'info-get guestinfo.k' call 'log by-root')" \
	"$(printf 'call: 1 v1\ncall: 1 ')" "root (CAP_SYS_ADMIN) is not bound by the list"
echo 'info-get guestinfo.' >"$param"
is "$(as_user vmw-chan call 'info-get guestinfo.k')" "call: 1 v1" "user: the default list restored, reads work"

# TCLO as root: the host queues ping and reset; the guest answers them.
base=$(vmw-simctl nr_channels)
vmw-simctl tclo clear-answers
vmw-simctl tclo queue ping
vmw-simctl tclo queue reset
is "$(vmw-simctl tclo list)" "$(printf 'ping\nreset')" "the host queued ping and reset"
out=$(tclo-answer 2 2>&1)
ok $? "root: tclo-answer handled 2 commands on a TCLO channel"
is "$out" "$(printf 'ping -> OK \nreset -> OK ATR toolbox')" "the guest got ping, then reset"
is "$(vmw-simctl tclo answers)" "$(printf 'ping\tOK \nreset\tOK ATR toolbox')" \
	"the host recorded 'OK ' for ping and 'OK ATR toolbox' for reset, in order"
is "$(vmw-simctl tclo list)" "" "the host's TCLO queue is empty"
is "$(vmw-simctl nr_channels)" "$base" "the TCLO channel is closed on the host"
vmw-simctl tclo queue frobnicate
vmw-simctl tclo clear-answers
tclo-answer 1 >/dev/null 2>&1
is "$(vmw-simctl tclo answers)" "$(printf 'frobnicate\tERROR Unknown Command')" \
	"an unknown TCLO command is answered 'ERROR Unknown Command'"

dmesg_clean "after the policy checks"
tap_exit
