#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# channel.sh   (root, --sim)
#
# The tools on the message channel: guestinfo set/get with and without
# the "guestinfo." prefix, binary values through stdin, "vmw-rpc call"'s
# exit codes (0 on "1 ", 1 on "0 " with the text on stderr, 2 on a driver
# or host error), and the one-shot pool surviving the host's idle expiry.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh


vmw-rpc guestinfo set greeting 'hello world'
ok $? "guestinfo set greeting (no prefix)"
is "$(vmw-simctl guestinfo get greeting)" "hello world" "the host has guestinfo.greeting = 'hello world'"
is "$(vmw-rpc guestinfo get guestinfo.greeting)" "hello world" "get with the guestinfo. prefix"
vmw-rpc guestinfo get greeting >/tmp/out
is "$(od -An -c /tmp/out | tr -s ' ')" " h e l l o w o r l d" "get to a pipe: the value, no newline"

printf 'a\000b\nc\000' >/tmp/bin
vmw-rpc guestinfo set bin </tmp/bin
ok $? "guestinfo set bin from stdin (NUL and newline inside)"
vmw-simctl guestinfo get bin >/tmp/host && cmp -s /tmp/bin /tmp/host
ok $? "the host has the 5 bytes exactly"
vmw-rpc guestinfo get bin >/tmp/back
cmp -s /tmp/bin /tmp/back
ok $? "get returns the 5 bytes exactly"

out=$(vmw-rpc call 'info-get guestinfo.greeting' 2>/tmp/err)
rc=$?
is "$rc" 0 "call on a '1 ' reply: exit 0"
is "$out" "hello world" "call prints the reply text"
out=$(vmw-rpc call 'info-get guestinfo.nothere' 2>/tmp/err)
rc=$?
is "$rc" 1 "call on a '0 ' reply: exit 1"
is "$out" "" "  nothing on stdout"
like "$(cat /tmp/err)" 'No value found' "  the host's text on stderr"
vmw-simctl close all
vmw-simctl refuse_open 1
vmw-rpc call 'info-get guestinfo.greeting' >/dev/null 2>/tmp/err
rc=$?
vmw-simctl refuse_open 0
is "$rc" 2 "call when the host refuses channels: exit 2"
is "$(wc -l </tmp/err | tr -d ' ')" 1 "  one line on stderr"
diag "it said: $(cat /tmp/err)"

# The pool keeps channels open; the host expires idle ones (80 s on a
# real host, 300 ms here): the next call must reopen transparently.
vmw-simctl idle_timeout_ms 300
vmw-rpc guestinfo get greeting >/dev/null
ok $? "a call with idle expiry on"
sleep 1
out=$(vmw-rpc guestinfo get greeting)
ok $? "a call after the pooled channels expired"
is "$out" "hello world" "  answered correctly"
expired=$(vmw-simctl counter expired)
[ "${expired:-0}" -ge 1 ]
ok $? "the host did expire channels ($expired)"
vmw-simctl idle_timeout_ms 0
dmesg_clean "kernel log"
tap_exit
