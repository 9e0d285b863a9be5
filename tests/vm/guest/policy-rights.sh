#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# policy-rights.sh   (root, --sim, module loaded with the channel bounds
#   70-policy.t chooses and pool_idle_ms=300: the counts below are read
#   from the module, and the scenario needs max_chans_per_uid equal to
#   max_chans_unpriv and max_chans_per_file < max_chans < twice that)
#
# The privilege model and the channel budget of docs/driver.md "Access
# policy", each against the hostile use that broke an earlier driver:
#  - rights are the file's, fixed at open: a file root opened keeps root's
#    rights after setuid(); one opened without capabilities stays without;
#  - a host without cookies gets no channel at all (nothing can later
#    reach another program's channel under a reused id);
#  - the uids of a user namespace are charged to its owner;
#  - unprivileged users together hold at most max_chans_unpriv channels,
#    and never use up root's max_chans;
#  - refusals of one kind do not silence the log for another;
#  - a reply the driver keeps is charged to the caller's memory cgroup.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh


flat() {
	tr '\n' '|'
}

# Wait for the pool to give its idle channels back (pool_idle_ms=300), so
# that the host's channel count is the files' alone.
pool_idle() {
	usleep 800000
}

# The loaded bounds, and the premises the scenario needs of them.
per_uid=$(modparam max_chans_per_uid)
unpriv=$(modparam max_chans_unpriv)
root_max=$(modparam max_chans)
per_file=$(modparam max_chans_per_file)
[ "$per_uid" = "$unpriv" ] && [ "$per_file" -lt "$root_max" ] &&
	[ "$root_max" -lt $((2 * per_file)) ] && [ $((root_max + unpriv)) -le 8 ]
ok $? "bounds: max_chans_per_uid=$per_uid max_chans_unpriv=$unpriv max_chans=$root_max max_chans_per_file=$per_file fit the scenario"

vmw-simctl guestinfo set k v
base=$(chans)
is "$base" 0 "no channel open on the host at start"

# ---- rights are fixed at open(2) ------------------------------------
is "$(vmw-chan setuid 1000 open tclo close open rpci send 'info-set guestinfo.r1 yes' recv raw | flat)" \
	"setuid: ok|open: ok|close: ok|open: ok|send: ok|recv: 1 |raw: ok|" \
	"a file root opened keeps root's rights after setuid(1000): TCLO, info-set, raw"
is "$(vmw-simctl guestinfo get r1)" "yes" "... and the host stored the info-set"
is "$(vmw-chan setuid 1000 newfd open tclo call 'info-set guestinfo.r2 x' raw call 'info-get guestinfo.k' | flat)" \
	"setuid: ok|newfd: ok|open: EPERM|call: EACCES|raw: EPERM|call: 1 v|" \
	"a file opened after setuid(1000) has uid 1000's rights only"
is "$(vmw-chan capdrop newfd capraise open tclo call 'info-set guestinfo.r3 x' raw | flat)" \
	"capdrop: ok|newfd: ok|capraise: ok|open: EPERM|call: EACCES|raw: EPERM|" \
	"a file root opened without CAP_SYS_ADMIN/RAWIO stays without them when root raises them again"

# ---- a host without cookies -----------------------------------------
pool_idle
vmw-simctl cookies 0
vmw-simctl trace clear
vmw-simctl trace_enable 1
is "$(vmw-chan open rpci call 'info-get guestinfo.k' | flat)" "open: ECONNREFUSED|call: ECONNREFUSED|" \
	"host without cookies: root's open and call are refused"
is "$(as_user vmw-chan open rpci call 'info-get guestinfo.k' | flat)" "open: ECONNREFUSED|call: ECONNREFUSED|" \
	"host without cookies: a user's open and call are refused"
opens=$(vmw-simctl trace | grep -c ' open in ')
[ "$opens" -ge 4 ]
ok $? "the host saw the opens ($opens)"
# RPCI | cookie flag = 0xc9435052: every open asked for cookies.
is "$(vmw-simctl trace | grep ' open in ' | grep -vc 'ebx=c9435052')" 0 "every OPEN carried the cookie flag: none without"
is "$(chans)" "$base" "no channel is open on the host"
vmw-simctl cookies 1
vmw-simctl trace_enable 0
is "$(vmw-chan call 'info-get guestinfo.k')" "call: 1 v" "with cookies again, calls work"

# ---- the uids of a user namespace are one user ----------------------
f=/proc/sys/kernel/unprivileged_userns_clone
[ -w $f ] && echo 1 >$f
vmw-simctl max_channels 128
pool_idle
rm -f /tmp/ns.rel
vmw-nsfill 1000 100000 4 /tmp/ns.rel >/tmp/ns.out 2>&1 &
nsp=$!
wait_lines /tmp/ns.out '^uid ' 4
is "$(flat </tmp/ns.out)" "uid 0: $per_uid EDQUOT|uid 1: 0 EDQUOT|uid 2: 0 EDQUOT|uid 3: 0 EDQUOT|" \
	"4 uids of uid 1000's namespace share uid 1000's $per_uid channels (EDQUOT after)"
is "$(chans)" $((base + per_uid)) "the host has $per_uid channels of theirs"
is "$(as_user vmw-chan open rpci)" "open: EDQUOT" "uid 1000 itself has no channel left"
touch /tmp/ns.rel
wait $nsp
ok $? "vmw-nsfill exited 0"
is "$(chans)" "$base" "their channels are closed"

# ---- unprivileged users together, and root ---------------------------
vmw-simctl max_channels 8
rm -f /tmp/u.rel
as_user vmw-chan fill wait /tmp/u.rel >/tmp/u1.out 2>&1 &
u1=$!
wait_lines /tmp/u1.out '^fill: ' 1
is "$(cat /tmp/u1.out)" "fill: $per_uid EDQUOT" "uid 1000 holds $per_uid channels"
is "$(as_user2 vmw-chan open rpci)" "open: ENFILE" \
	"uid 1002 gets ENFILE: users together hold max_chans_unpriv=$unpriv"
vmw-chan fill newfd fill wait /tmp/u.rel >/tmp/r.out 2>&1 &
rp=$!
wait_lines /tmp/r.out '^fill: ' 2
is "$(grep '^fill: ' /tmp/r.out | flat)" "fill: $per_file EMFILE|fill: $((root_max - per_file)) ENFILE|" \
	"root: $per_file channels on a file (EMFILE), then $((root_max - per_file)) more: max_chans=$root_max, the users' $unpriv not counted"
is "$(chans)" $((base + root_max + unpriv)) "root's $root_max and the users' $unpriv: $((root_max + unpriv)) of the host's 8"
is "$(as_user2 vmw-chan call 'info-get guestinfo.k')" "call: 1 v" "uid 1002's one-shot call is served meanwhile (the pool)"
is "$(vmw-chan call 'info-get guestinfo.k')" "call: 1 v" "root's one-shot call is served meanwhile"
touch /tmp/u.rel
wait $u1
wait $rp
pool_idle
is "$(chans)" "$base" "all released"

# ---- refusals of one kind do not silence another ---------------------
before=$(dmesg | grep -c 'refused RPCI command for uid 1000 (command "info-set")')
ops="fill"
i=0
while [ $i -lt 12 ]; do
	ops="$ops open rpci"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # one word per operation
out=$(as_user vmw-chan $ops)
is "$(printf '%s\n' "$out" | grep -c 'EDQUOT$')" 13 "uid 1000: 13 EDQUOT refusals in a row"
printf '%s\n' "$out" | grep -v 'EDQUOT$' | sed 's/^/# other: /'
is "$(as_user vmw-chan call 'info-set guestinfo.k x')" "call: EACCES" "uid 1000: info-set is EACCES right after"
after=$(dmesg | grep -c 'refused RPCI command for uid 1000 (command "info-set")')
is "$after" $((before + 1)) "the info-set refusal is in the kernel log despite the EDQUOT flood"

# ---- a kept reply is charged to the caller's memory cgroup ----------
cg=/sys/fs/cgroup
mkdir -p $cg
if mount -t cgroup2 none $cg 2>/dev/null || [ -f $cg/cgroup.controllers ]; then
	echo +memory >$cg/cgroup.subtree_control
	mkdir -p $cg/vmw
	# A reply of max_reply bytes: "1 " and the value.
	mr=$(modparam max_reply)
	head -c $((mr - 2)) /dev/zero | tr '\0' 'b' | vmw-simctl guestinfo set big
	rm -f /tmp/m1 /tmp/m2
	# Into the cgroup as root, then uid 1000 (vmw-runas keeps the cgroup).
	sh -c 'echo $$ > /sys/fs/cgroup/vmw/cgroup.procs &&
		exec vmw-runas 1000 1000 1000,990 vmw-chan open rpci \
			send "info-get guestinfo.big" wait /tmp/m1 peek wait /tmp/m2' \
		>/tmp/m.out 2>&1 &
	mp=$!
	wait_lines /tmp/m.out '^send: ' 1
	c1=$(cat $cg/vmw/memory.current)
	touch /tmp/m1
	wait_lines /tmp/m.out '^peek: ' 1
	c2=$(cat $cg/vmw/memory.current)
	is "$(grep '^peek: ' /tmp/m.out)" "peek: ENOBUFS $mr" "uid 1000: a $mr-byte reply (max_reply) kept by the driver"
	[ $((c2 - c1)) -ge "$mr" ]
	ok $? "the cgroup's memory.current grew by at least $mr bytes with it (by $((c2 - c1)))"
	touch /tmp/m2
	wait $mp
else
	skip "a kept reply is charged to the memory cgroup" "cannot mount cgroup2 in this guest"
	skip "the cgroup's memory.current grew" "cannot mount cgroup2 in this guest"
fi

dmesg_clean "after the rights and budget checks"
tap_exit
