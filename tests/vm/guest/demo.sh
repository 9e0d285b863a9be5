#!/bin/sh
# The demo `make demo` runs in a QEMU guest with the simulated VMware host
# (QEMU's vmport answers the raw backdoor; the message channel is the
# simulator's). Each step prints the command and what it answered.
step() {
	echo
	echo "\$ $*"
	"$@"
	echo "(exit status $?)"
}

echo "== vmw_rpc demo: stock Debian $(uname -r) under QEMU, module loaded =="
step vmw-rpc info
step vmw-rpc backdoor getversion
step vmw-rpc backdoor getmemsize
step vmw-rpc guestinfo set demo.greeting 'hello from the guest'
step vmw-rpc guestinfo get -n demo.greeting
step vmw-rpctool 'info-get guestinfo.demo.greeting'
step vmw-rpctool 'info-get guestinfo.nothere'
echo
echo "== as an unprivileged user in group vmwrpc =="
step vmw-runas 1000 1000 1000,990 vmw-rpc guestinfo get -n demo.greeting
step vmw-runas 1000 1000 1000,990 vmw-rpc guestinfo set demo.greeting 'overwritten?'
step vmw-runas 1000 1000 1000,990 vmw-rpc backdoor getversion
