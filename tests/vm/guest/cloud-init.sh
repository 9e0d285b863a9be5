#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cloud-init.sh   (root, --no-load guest, tests/vm/lib/stage-cloud-init's
#                  tree and the test build's modules in /lib/modules
#                  overlaid; run by tests/vm/t/90-cloud-init.t, whose
#                  header says what this shows and what differs from VMware)
#
# Debian's cloud-init, unmodified, reads its VMware datasource from the
# simulated host through vmware-rpctool, which here is vmw-rpctool under
# the name cloud-init calls (a symlink, as the opt-in install makes).
# The steps run as a systemd boot would run them: the generator (with
# ds-identify, whose vmware-rpctool finds vmw_rpc installed but not loaded
# and loads it), then cloud-init init --local, init, modules
# --mode=config and --mode=final.
# shellcheck source=tests/vm/guest/lib.sh
. /tests/lib.sh

iid='i-vmwrpc-cloudinit'
host=ci-guest
addr=192.0.2.10 # TEST-NET-1: on a dummy interface, nothing is sent
T=$(mktemp -d)

# The metadata in YAML (no final newline: $(...) would drop it); the keys
# cloud-init redacts once it has read them.
metadata="instance-id: $iid
local-hostname: $host
redact:
  - userdata
  - vendordata"
userdata='#cloud-config
write_files:
  - path: /root/ci-written
    content: "written by cloud-init write_files\n"
runcmd:
  - [sh, -c, "id -u > /root/ci-runcmd"]
'
vendordata='#!/bin/sh
echo vendordata > /root/ci-vendor
'

# cloud-init logs to /var/log/cloud-init.log (Debian's 05_logging.cfg);
# without the directory, which every real system has, it logs nothing.
mkdir -p /var/log
log=/var/log/cloud-init.log
# The name cloud-init and ds-identify call, next to the tool, as
# "make install VMWARE_RPCTOOL=1" makes it (and vmw-rpctool-compat).
ln -s vmw-rpctool "$(dirname "$(command -v vmw-rpctool)")/vmware-rpctool"

# An address and a default route on a dummy interface (the guest has no
# network card): cloud-init publishes the default route's address.
insmod "/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko"
ip link set lo up
ip link set dummy0 up
ip addr add "$addr/24" dev dummy0
ip route add default via 192.0.2.1 dev dummy0
like "$(ip -4 addr show dev dummy0)" "inet $addr/24" "dummy0 has $addr"

# Only what the test needs of the modules; no network rendering (the
# guest has no ifupdown, netplan or networkd; the address is set above).
cat >/etc/cloud/cloud.cfg.d/90-vmw-rpc-test.cfg <<'EOF'
network: {config: disabled}
cloud_init_modules: [write_files, set_hostname, update_hostname]
cloud_config_modules: [runcmd]
cloud_final_modules: [scripts_vendor, scripts_user, final_message]
EOF

# ---- the module installed, not loaded (the runner's --no-load)
kver=$(uname -r)
grep -c '^vmw_rpc ' /proc/modules >/dev/null
ok $((! $?)) "before ds-identify: vmw_rpc is not loaded"
ok "$([ ! -e /dev/vmw_rpc ]; echo $?)" "before ds-identify: no /dev/vmw_rpc"
ok "$([ -f "/lib/modules/$kver/extra/vmw_rpc.ko" ] && [ -f "/lib/modules/$kver/modules.dep.bin" ]; echo $?)" \
	"vmw_rpc.ko is installed in /lib/modules/$kver/extra, with depmod's indexes"
# The host's guestinfo as the VM's configuration holds it before boot:
# the simulated host is a module (vmw_rpc_sim.ko) that comes up empty, so
# its modprobe.d "install" line inserts it and sets the keys, and a
# softdep brings it up behind vmw_rpc whoever loads that (here libvmwrpc's
# libkmod, in ds-identify's vmware-rpctool).
seed=/run/vmw-ci-seed
mkdir -p "$seed" /etc/modprobe.d
printf '%s' "$metadata" | gzip -c | base64 -w 0 >"$seed/metadata"
printf gzip+base64 >"$seed/metadata.encoding"
printf '%s' "$userdata" >"$seed/userdata"
printf '%s' "$vendordata" >"$seed/vendordata"
cat >"$seed/seed.sh" <<EOF
for k in metadata metadata.encoding userdata vendordata; do
	$(command -v vmw-simctl) guestinfo set "\$k" <"$seed/\$k" || exit 1
done
EOF
cat >/etc/modprobe.d/vmw-rpc-sim.conf <<EOF
softdep vmw_rpc post: vmw_rpc_sim
install vmw_rpc_sim $(command -v vmw-insmod) /lib/modules/$kver/extra/vmw_rpc_sim.ko && /bin/sh $seed/seed.sh
EOF

# ---- the systemd generator, with ds-identify, as systemd runs it
mkdir -p /run/systemd/generator /run/systemd/generator.early /run/systemd/generator.late
/lib/systemd/system-generators/cloud-init-generator \
	/run/systemd/generator /run/systemd/generator.early /run/systemd/generator.late \
	2>"$T/gen.err"
ok $? "cloud-init-generator exits 0"
diag <"$T/gen.err"
# ds-identify's vmware-rpctool, as root, loaded the module itself.
grep -c '^vmw_rpc ' /proc/modules >/dev/null
ok $? "after ds-identify: vmw_rpc is loaded (its vmware-rpctool loaded it)"
grep -c '^vmw_rpc_sim ' /proc/modules >/dev/null
ok $? "after ds-identify: the simulated host came up with it (softdep)"
ok "$([ -c /dev/vmw_rpc ]; echo $?)" "after ds-identify: /dev/vmw_rpc exists"
# udev, once it runs, applies 60-vmw_rpc.rules to the node; this guest
# has no udev, so the runner's helper does it.
vmw-load --perms
is "$(systemd-detect-virt)" vmware "systemd-detect-virt (ds-identify's platform): vmware"
like "$(cat /run/cloud-init/cloud.cfg 2>&1)" '^datasource_list: \[ VMware, None \]$' \
	"ds-identify found the VMware datasource (/run/cloud-init/cloud.cfg)"
ok "$([ -L /run/systemd/generator.early/multi-user.target.wants/cloud-init.target ]; echo $?)" \
	"the generator enabled cloud-init.target"
ok "$([ -f /run/cloud-init/enabled ]; echo $?)" "the generator wrote /run/cloud-init/enabled"
sed -n '/^DMI_SYS_VENDOR\|^VIRT\|^Found\|^dscheck_VMware\|^[a-z_]*VMware/p' \
	/run/cloud-init/ds-identify.log 2>&1 | diag

# The rest of the boot (and the reads below) as with a loaded module.
vmw-simctl reset

# ---- the three encodings of the metadata, through cloud-init's own reader
# (DataSourceVMware.guestinfo(), which calls vmware-rpctool)
ci_metadata() {
	python3 -c 'import sys
from cloudinit.sources.DataSourceVMware import guestinfo
sys.stdout.write(guestinfo("metadata") or "<none>")' 2>"$T/py.err"
}
printf '%s' "$metadata" | vmw-simctl guestinfo set metadata
vmw-simctl guestinfo delete metadata.encoding 2>/dev/null
is "$(ci_metadata)" "$metadata" "DataSourceVMware.guestinfo(): plain YAML metadata, no .encoding"
diag <"$T/py.err"
printf '%s' "$metadata" | base64 -w 0 | vmw-simctl guestinfo set metadata
vmw-simctl guestinfo set metadata.encoding base64
is "$(ci_metadata)" "$metadata" "DataSourceVMware.guestinfo(): metadata with .encoding base64"
printf '%s' "$metadata" | gzip -c | base64 -w 0 >"$T/md.gzb64"
vmw-simctl guestinfo set metadata <"$T/md.gzb64"
vmw-simctl guestinfo set metadata.encoding gzip+base64
is "$(ci_metadata)" "$metadata" "DataSourceVMware.guestinfo(): metadata with .encoding gzip+base64"
# The boot below uses the last form.
printf '%s' "$userdata" | vmw-simctl guestinfo set userdata
printf '%s' "$vendordata" | vmw-simctl guestinfo set vendordata

# ---- the stages
stage() { # NAME ARGS...
	name=$1
	shift
	cloud-init "$@" >"$T/$name.out" 2>&1
	rc=$?
	ok "$rc" "cloud-init $* exits 0"
	if [ "$rc" != 0 ]; then
		tail -n 20 "$T/$name.out" | diag
	fi
	# Failed modules and reads are logged, not in the exit status.
	# (a missing log gives grep's message, not 0)
	is "$(grep -c -E '\[(WARNING|ERROR|CRITICAL)\]' "$log" 2>&1)" 0 \
		"after cloud-init $*: no WARNING or ERROR in its log"
	grep -E '\[(WARNING|ERROR|CRITICAL)\]' "$log" 2>/dev/null | tail -n 20 | diag
}
stage local init --local
like "$(cat /run/cloud-init/.instance-id 2>&1)" "^$iid\$" \
	"init --local: the instance-id from the metadata"
like "$(grep -m 1 'DataSourceVMware.py\[DEBUG\]: Getting guestinfo value for key' "$log")" \
	'key metadata$' "init --local: DataSourceVMware logged its guestinfo reads (the log works)"
grep -E 'DataSourceVMware.py\[(INFO|WARNING|ERROR)\]' "$log" | sed 's/.*\]: //' | head -n 20 | diag
is "$(hostname)" "$host" "init --local: the hostname is local-hostname"
stage net init
like "$(cat /var/lib/cloud/data/instance-id 2>&1)" "^$iid\$" "init: instance-id $iid"
is "$(cat /etc/hostname 2>&1)" "$host" "init: /etc/hostname is local-hostname"
is "$(hostname)" "$host" "init: the hostname is local-hostname"
python3 -c 'import json
v1 = json.load(open("/run/cloud-init/instance-data.json"))["v1"]
for k in "cloud_name", "platform", "subplatform", "instance_id", "local_hostname":
    print("%s=%s" % (k, v1[k]))' >"$T/v1" 2>&1
is "$(tr '\n' ' ' <"$T/v1")" \
	"cloud_name=vmware platform=vmware subplatform=guestinfo (guestinfo.metadata) instance_id=$iid local_hostname=$host " \
	"instance-data.json: vmware, guestinfo, the instance-id and local-hostname"
like "$(cat /run/cloud-init/status.json 2>&1)" '"datasource": "DataSourceVMware' \
	"status.json: DataSourceVMware"

stage config modules --mode=config
stage final modules --mode=final
is "$(cat /root/ci-written 2>&1)" "written by cloud-init write_files" "userdata write_files wrote its file"
is "$(cat /root/ci-runcmd 2>&1)" 0 "userdata runcmd ran (as root)"
is "$(cat /root/ci-vendor 2>&1)" vendordata "the vendordata script ran"
ok "$([ -f /var/lib/cloud/instance/boot-finished ]; echo $?)" "final: boot-finished written"
like "$(tr -d ' \n' </run/cloud-init/result.json 2>&1)" '"datasource":"DataSourceVMware.*"errors":\[\]' \
	"final: result.json names DataSourceVMware, no errors"

# ---- what cloud-init wrote to the host
is "$(vmw-simctl guestinfo get local-ipv4 2>&1)" "$addr" "the host's guestinfo.local-ipv4 is $addr"
diag "guestinfo.local-ipv6: $(vmw-simctl guestinfo get local-ipv6 2>&1)"
for k in userdata vendordata; do
	is "$(vmw-simctl guestinfo get $k 2>&1)" "---" "redacted: the host's guestinfo.$k is ---"
	is "$(vmw-simctl guestinfo get $k.encoding 2>&1)" " " "redacted: the host's guestinfo.$k.encoding is one space"
done
is "$(vmw-simctl guestinfo get metadata 2>&1)" "$(cat "$T/md.gzb64")" "the metadata (not redacted) is as set"

# ---- a member of vmwrpc afterwards: reads, cannot write
before=$(refused rpci)
out=$(as_user vmware-rpctool 'info-get guestinfo.local-ipv4' 2>&1)
ok $? "uid 1000 (vmwrpc): vmware-rpctool info-get exits 0"
is "$out" "$addr" "uid 1000: reads guestinfo.local-ipv4"
out=$(as_user vmw-rpctool 'info-get guestinfo.metadata' 2>&1)
is "$out" "$(cat "$T/md.gzb64")" "uid 1000: vmw-rpctool reads guestinfo.metadata"
out=$(as_user vmware-rpctool 'info-set guestinfo.local-ipv4 203.0.113.1' 2>&1)
is $? 1 "uid 1000: info-set exits 1"
like "$out" "not allowed by the driver's policy" "uid 1000: info-set refused by the policy"
is "$(vmw-simctl guestinfo get local-ipv4 2>&1)" "$addr" "uid 1000: guestinfo.local-ipv4 unchanged"
is "$(refused rpci)" "$((before + 1))" "refused_rpci counted the info-set"

dmesg_clean "after cloud-init"
rm -rf "$T"
tap_exit
