#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# pool-idle.sh   (root, --sim --modparam pool_idle_ms=2000)
#
# The pool gives idle channels back to the host (which has few for the
# whole VM): right after a one-shot call its channel is still open, two
# seconds of quiet later the driver has closed it, and the next call
# opens one again. The simulated host's own idle expiry stays off, so
# only the driver can have closed it.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh


is "$(cat /sys/module/vmw_rpc/parameters/pool_idle_ms)" 2000 "pool_idle_ms is 2000"
is "$(vmw-simctl idle_timeout_ms)" 0 "the host never expires channels by itself"
vmw-simctl guestinfo set k v
is "$(vmw-rpc guestinfo get k)" v "a one-shot get"
is "$(vmw-simctl nr_channels)" 1 "right after it the pool holds one channel on the host"
sleep 4
is "$(vmw-simctl nr_channels)" 0 "after 4 s unused the driver has closed it"
closes=$(vmw-simctl counter calls.close)
[ "${closes:-0}" -ge 1 ]
ok $? "  with a CLOSE step ($closes)"
is "$(vmw-rpc guestinfo get k)" v "the next call is answered"
is "$(vmw-simctl nr_channels)" 1 "  on a channel opened again"
dmesg_clean "kernel log"
tap_exit
