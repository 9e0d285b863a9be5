#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# toolsvc-ip.sh   (root, --sim, --modparam tools=1, dummy.ko at
# /lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko: 65-toolsvc.t)
#
# The tools service publishes the guest's primary IPv4 address as
# guestinfo.ip: when an address comes (inetaddr notifier) and when the
# host asks (Set_Option broadcastIP 1); never one of a container or
# bridge interface (tools_ip_skip's default: docker0, veth...) or a
# link-local one. Dummy interfaces only: nothing leaves the guest.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

ip_is() { [ "$(vmw-simctl guestinfo get ip 2>/dev/null)" = "$1" ]; }
answered() { vmw-simctl tclo answers | grep -c "^$1	" >/dev/null; }
# dummy NAME ADDR/LEN: an interface that is up, then its address.
dummy() {
	ip link add "$1" type dummy && ip link set "$1" up && ip addr add "$2" dev "$1"
}

vmw-insmod "/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko" numdummies=0
ok $? "dummy.ko loaded"
until_ok 100 tclo_open
ok $? "the service runs"

dummy docker0 172.17.0.1/16
ok $? "docker0 (dummy) has 172.17.0.1"
dummy veth1a2b 10.88.0.1/16
ok $? "veth1a2b (dummy) has 10.88.0.1"
dummy d9 169.254.7.7/16
ok $? "d9 (dummy) has the link-local 169.254.7.7"
vmw-simctl tclo queue 'Set_Option broadcastIP 1'
until_ok 50 answered 'Set_Option broadcastIP 1'
ok $? "the host asks for the address (Set_Option broadcastIP 1): answered"
sleep 1
if vmw-simctl guestinfo get ip >/dev/null 2>&1; then
	ok 1 "  no guestinfo.ip: only container, bridge and link-local addresses"
	diag "guestinfo.ip: $(vmw-simctl guestinfo get ip)"
else
	ok 0 "  no guestinfo.ip: only container, bridge and link-local addresses"
fi

dummy d0 192.0.2.10/24
ok $? "d0 (dummy) has 192.0.2.10"
until_ok 50 ip_is 192.0.2.10
ok $? "  published as guestinfo.ip at once (inetaddr notifier)"

vmw-simctl guestinfo delete ip
vmw-simctl tclo clear-answers
vmw-simctl tclo queue 'Set_Option broadcastIP 1'
until_ok 50 ip_is 192.0.2.10
ok $? "published again when the host asks"

ip addr add 198.51.100.11/24 dev d0
sleep 1
is "$(vmw-simctl guestinfo get ip)" 192.0.2.10 "a second address on d0: the primary stays the first"
ip addr del 192.0.2.10/24 dev d0
until_ok 50 ip_is 198.51.100.11
ok $? "the first removed: the second is published"

expected="info-set guestinfo.ip 192.0.2.10
info-set guestinfo.ip 192.0.2.10
info-set guestinfo.ip 198.51.100.11"
is "$(vmw-simctl rpci | grep 'guestinfo.ip')" "$expected" "every guestinfo.ip report, none of a skipped interface"

# The patterns are the administrator's: without docker* in them docker0
# counts (a change of address makes the service look again).
echo 'veth*' >/sys/module/vmw_rpc/parameters/tools_ip_skip
ip addr del 198.51.100.11/24 dev d0
until_ok 50 ip_is 172.17.0.1
ok $? "tools_ip_skip=veth*: docker0's address is published once d0 has none"
# An address added while its link is down counts once the link is up
# (netdevice notifier): no address event comes then.
ip link add d1 type dummy && ip addr add 203.0.113.5/24 dev d1
ok $? "d1 (dummy, down) has 203.0.113.5"
ip link set veth1a2b down && ip link set docker0 down
sleep 1
is "$(vmw-simctl guestinfo get ip)" 172.17.0.1 "  not published while d1 is down (no address counts: the last one stays)"
ip link set d1 up
until_ok 50 ip_is 203.0.113.5
ok $? "  published when d1's link comes up"
dmesg_clean "tools service, guest IP"
