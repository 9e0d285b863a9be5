#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# toolsvc-bench.sh   (root, --sim, --modparam tools=1; make bench)
#
# The tools service's cost and latency, as the simulated host counts
# them: the backdoor calls of 10 s of idling (only the service calls the
# host here), and for 10 pings queued at different moments of the idle
# loop, how long each waited in the host's queue before the service
# fetched it and how long its answer took after that. Exits 1 when idling
# takes more than 2 calls a second (late timers only make fewer), or a
# ping waited more than 1.5 s: the loop's 1 s plus the lateness of the
# guest's timers under TCG (1016 ms seen), while a loop that
# backed off past its second would show. The host's clock is the guest's
# jiffies. Not a TAP script: it sources lib.sh for until_ok and
# tclo_open only.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

counter() { vmw-simctl counter "$1"; }
# answered N: the service has answered N of the queued commands.
answered() { [ "$(counter tclo_answered)" -ge "$1" ]; }

until_ok 100 tclo_open || { echo "no TCLO channel"; exit 1; }
sleep 3
vmw-simctl counters clear
sleep 10
calls=$(vmw-simctl counters | sed -n 's/^calls\.[a-z-]* //p' | awk '{ n += $1 } END { print n }')
echo "tools service idle for 10 s: $calls backdoor calls, $(awk "BEGIN { printf \"%.1f\", $calls / 10 }") per second"

vmw-simctl counters clear
n=0
for pause in 2.1 2.3 2.5 2.7 2.9 2.2 2.4 2.6 2.8 3.0; do
	sleep "$pause"
	vmw-simctl tclo queue ping
	n=$((n + 1))
	until_ok 100 answered "$n" || { echo "ping $n not answered within 10 s"; exit 1; }
done
handed=$(counter tclo_handed)
echo "$handed pings queued on an idle service:"
echo "  in the host's queue until fetched: $(awk "BEGIN { printf \"%.0f\", $(counter tclo_wait_ms) / $handed }") ms on average, $(counter tclo_wait_ms_max) ms at most"
echo "  fetched to answered: $(awk "BEGIN { printf \"%.0f\", $(counter tclo_answer_ms) / $handed }") ms on average, $(counter tclo_answer_ms_max) ms at most"

rc=0
if [ "$calls" -gt 21 ]; then
	echo "more than 2 calls a second when idle"
	rc=1
fi
if [ "$(counter tclo_wait_ms_max)" -gt 1500 ]; then
	echo "a command waited more than 1.5 s for the service"
	rc=1
fi
exit "$rc"
