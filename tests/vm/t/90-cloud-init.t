#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The real cloud-init, unmodified, against vmw-rpctool (issue 13): Debian
# bookworm's cloud-init 22.4.2-1+deb12u4 reads its VMware datasource
# from the simulated host through the driver, in one boot.
#
# Host: tests/vm/lib/stage-cloud-init makes (once, cached under
# ~/.cache/vmw_rpc/cloud-init-KEY) a tree with cloud-init and its
# python3-* dependencies ("apt-get download", "dpkg -x": no maintainer
# scripts, no open-vm-tools), the host's own Debian python3.11, compiled
# .pyc files, systemd-detect-virt and the kernel's dummy.ko; the boot is
#     tests/vm/run --sim -m 1G --overlay TREE -- sh /tests/cloud-init.sh
# The name: cloud-init and ds-identify run "vmware-rpctool"; the guest
# script makes it the link "make install VMWARE_RPCTOOL=1" installs,
# vmware-rpctool -> vmw-rpctool next to the tool (the build tree's, which
# --sim puts in /usr/local/bin), rather than running make install.
#
# Guest (tests/vm/guest/cloud-init.sh, root), the steps and what they
# printed on the run that this test was written from:
#   - dummy0 (insmod dummy.ko) gets 192.0.2.10/24 and the default route:
#     an address to publish; nothing leaves the guest.
#   - /etc/cloud/cloud.cfg.d/90-vmw-rpc-test.cfg: network config disabled,
#     module lists cut to write_files, set_hostname, update_hostname;
#     runcmd; scripts_vendor, scripts_user, final_message.
#   - the metadata (instance-id, local-hostname, redact: [userdata,
#     vendordata]) set on the sim as plain YAML, base64 and gzip+base64
#     with the matching guestinfo.metadata.encoding; each read back by
#     cloud-init's own DataSourceVMware.guestinfo() (python3 -c), which
#     runs vmware-rpctool: the same YAML three times. The boot uses the
#     gzip+base64 form; guestinfo.userdata is a cloud-config (write_files,
#     runcmd), guestinfo.vendordata a shell script.
#   - /lib/systemd/system-generators/cloud-init-generator NORMAL EARLY
#     LATE (as systemd runs it; it runs ds-identify): exit 0,
#     systemd-detect-virt says "vmware", /run/cloud-init/cloud.cfg is
#     "datasource_list: [ VMware, None ]", ds-identify.log "Found single
#     datasource: VMware" (its blkid call fails: no blkid in the guest,
#     "ERROR: failed running [127]: blkid -c /dev/null -o export"),
#     cloud-init.target enabled.
#   - cloud-init init --local, cloud-init init, cloud-init modules
#     --mode=config, --mode=final: each exits 0 with no WARNING or ERROR
#     in /var/log/cloud-init.log (which has DataSourceVMware's DEBUG lines
#     "Getting guestinfo value for key metadata" ..., and INFO "using data
#     access method guestinfo (guestinfo.metadata)", "clearing
#     guestinfo.userdata", "clearing guestinfo.userdata.encoding", the
#     same for vendordata); the instance-id and hostname come from
#     the metadata (hostname(1) and /etc/hostname say ci-guest after
#     init --local already); instance-data.json has cloud_name and
#     platform "vmware", subplatform "guestinfo (guestinfo.metadata)";
#     status.json and result.json name DataSourceVMware, no errors; the
#     write_files file, the runcmd output (uid 0) and the vendordata
#     script's file exist.
#   - the sim's guestinfo afterwards: local-ipv4 = 192.0.2.10 (and
#     local-ipv6 = dummy0's link-local address, printed only);
#     userdata and vendordata "---", their .encoding " " (the redaction
#     as cloud-init writes it); metadata unchanged.
#   - uid 1000 (group vmwrpc, no capabilities): vmware-rpctool and
#     vmw-rpctool read guestinfo; "info-set" exits 1, "command not
#     allowed by the driver's policy", counted in refused_rpci, the value
#     unchanged.
#
# What differs from a real VMware guest:
#   - the host is the simulated one (vmw_rpc_sim.ko behind the test build
#     of vmw_rpc.ko: tests/sim/README.md), not VMware; QEMU's vmport gives
#     the VMware identity (DMI, GETVERSION);
#   - no systemd: the guest script runs the generator and the four stages
#     in their boot order itself, as root, one after another; no
#     /run/systemd/system, so cloud-init sets the hostname with hostname(1)
#     and not hostnamectl;
#   - the package's maintainer scripts did not run (no
#     cloud.cfg.d/90_dpkg.cfg: ds-identify searches its built-in list);
#     the modules are the ones listed above, not Debian's full lists
#     (users, ssh, apt, locale, growpart ... need tools the busybox guest
#     lacks); cloud-init renders no network configuration;
#   - no network card: the address is on a dummy interface;
#   - the busybox guest has no /var/log: the script makes it (without it
#     cloud-init logs nothing at all).
# One boot, about 90 s under TCG on a busy 2-core host; the first run
# also makes the tree (about 2 minutes, 80 MB, needs the mirror).
# Known gap (not solved here): the issue wants vmw_rpc installed but not
# loaded at boot (ds-identify runs before udev) and the tool to load it
# itself when run as root; the tools cannot do that yet, and the
# simulated host must be loaded behind the module anyway, so the runner
# loads both before the script, as for every --sim boot.
set -euo pipefail
# shellcheck source=tests/vm/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"
top=$tap_top

if ! tree=$("$top/tests/vm/lib/stage-cloud-init" 2>"${TMPDIR:-/tmp}/stage-cloud-init.$$"); then
	why=$(tail -n 1 "${TMPDIR:-/tmp}/stage-cloud-init.$$")
	rm -f "${TMPDIR:-/tmp}/stage-cloud-init.$$"
	tap_skip "cloud-init against vmw-rpctool" "the cloud-init tree cannot be made: $why"
	tap_done
	exit
fi
rm -f "${TMPDIR:-/tmp}/stage-cloud-init.$$"

# 1 GiB: the tree (about 80 MB) is in the initramfs and then in rootfs.
vm_script cloud-init --sim -m 1G --overlay "$tree" -- sh /tests/cloud-init.sh
tap_done
