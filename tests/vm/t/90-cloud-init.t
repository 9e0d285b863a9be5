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
#     tests/vm/run --no-load -m 1G --overlay TREE --overlay MODS \
#         -- sh /tests/cloud-init.sh
# (MODS: /lib/modules/KVER/extra/{vmw_rpc,vmw_rpc_sim}.ko, make
# test-modules, and depmod -b's indexes)
# The name: cloud-init and ds-identify run "vmware-rpctool"; the guest
# script makes it the link "make install VMWARE_RPCTOOL=1" installs,
# vmware-rpctool -> vmw-rpctool next to the tool (the build tree's, which
# the runner puts in /usr/local/bin), rather than running make install.
#
# Guest (tests/vm/guest/cloud-init.sh, root), the steps and what they
# printed on the run that this test was written from:
#   - the module installed, not loaded (--no-load; vmw_rpc.ko and
#     vmw_rpc_sim.ko, the test build, in /lib/modules/KVER/extra with
#     depmod's indexes): no vmw_rpc in /proc/modules, no /dev/vmw_rpc;
#     the generator below runs ds-identify, whose first vmware-rpctool
#     call (root) loads vmw_rpc through libvmwrpc's libkmod (modprobe
#     semantics: the softdep brings vmw_rpc_sim up behind it); after the
#     generator vmw_rpc and vmw_rpc_sim are in /proc/modules, and the
#     node gets the udev rule's group and mode (vmw-load --perms, as
#     udev would once it runs);
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
#   - the simulated host is a module of its own, vmw_rpc_sim.ko: here
#     /etc/modprobe.d has "softdep vmw_rpc post: vmw_rpc_sim" and an
#     "install vmw_rpc_sim" line that inserts it and then sets the
#     guestinfo keys the VM's configuration would hold before boot
#     (/run/vmw-ci-seed), so the module vmware-rpctool loads comes up
#     with a host that already has them, as VMware does;
# One boot, about 90 s under TCG on a busy 2-core host; the first run
# also makes the tree (about 2 minutes, 80 MB, needs the mirror).
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

# The module installed, not loaded: the test build of vmw_rpc.ko and the
# simulated host in /lib/modules/KVER/extra with depmod's indexes, as
# DKMS would put vmw_rpc.ko there; the guest script adds the modprobe.d
# lines that bring the simulated host up with it.
kver=$("$top/tests/deps.sh" --kver)
mods=$(mktemp -d "${TMPDIR:-/tmp}/vmw-ci-mods.XXXXXX")
trap 'rm -rf "$mods"' EXIT
# The overlay's top becomes the guest's /: 0755, not mktemp's 0700.
chmod 0755 "$mods"
mkdir -p "$mods/lib/modules/$kver/extra"
# shellcheck disable=SC2016 # sh -c's own $1 $2 $3
if ! tap_run "host: the test build of vmw_rpc.ko and vmw_rpc_sim.ko" vm_test_modules ||
   ! tap_run "host: installed in a staged /lib/modules/$kver/extra, depmod -b" \
	sh -c 'cp "$1"/vmw_rpc.ko "$1"/vmw_rpc_sim.ko "$2/lib/modules/$3/extra/" &&
		depmod -b "$2" "$3" 2>/dev/null' sh "$top/build/kmod-test" "$mods" "$kver"; then
	tap_done
	exit
fi

# 1 GiB: the tree (about 80 MB) is in the initramfs and then in rootfs.
# --no-load: nothing loads vmw_rpc before the script; vmware-rpctool,
# run by ds-identify as root, does.
vm_script cloud-init --no-load -m 1G --overlay "$tree" --overlay "$mods" -- sh /tests/cloud-init.sh
tap_done
