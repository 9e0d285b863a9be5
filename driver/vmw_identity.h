/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * What makes a machine VMware, written once for the driver and for
 * libvmwrpc.
 *
 * driver/detect.c decides with it whether the module may touch the
 * backdoor, driver/main.c builds the module's DMI alias from it, and
 * userspace/lib/diag.c (vmwrpc_platform_is_vmware()) tells a user why
 * /dev/vmw_rpc is missing with the same rule, without loading anything.
 * Both include it from the source tree (userspace from the top
 * directory, "driver/..."); it is not installed and is no ABI. It needs
 * only memcmp, strncmp, strlen and strstr from <linux/string.h> or
 * <string.h>, and no kernel or libc types: each side reads CPUID and DMI
 * in its own way (boot_cpu_has(), cpuid(), dmi_get_system_info(); <cpuid.h>,
 * /sys/class/dmi/id/) and hands the values to the predicates below.
 *
 * The rule follows Linux's own (arch/x86/kernel/cpu/vmware.c,
 * docs/protocol.md 1.3):
 *  - with the CPUID hypervisor bit (leaf 1, ecx bit 31), the hypervisor
 *    vendor leaf (0x40000000: ebx, ecx, edx) must read "VMwareVMware";
 *  - without it, the DMI product serial must contain "VMware" (VMware
 *    writes "VMware-<uuid bytes>" there; a system vendor string alone is
 *    easier to come by on other machines).
 * The driver then also requires an answer to GETVERSION (detect.c); that
 * probe is not part of this file.
 *
 * The DMI system vendor serves where the serial cannot be seen: udev loads
 * the module by the alias "dmi:*:svn<VMW_ID_DMI_VENDOR_PREFIX>*:*", and
 * users other than root (the serial is readable by root only) get the
 * same test from libvmwrpc, vmw_id_dmi_vendor_is_vmware().
 */
#ifndef VMW_IDENTITY_H
#define VMW_IDENTITY_H

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#define VMW_ID_CPUID_FEATURES_LEAF	1
#define VMW_ID_CPUID_HV_BIT		0x80000000U	/* leaf 1, ecx bit 31 */
#define VMW_ID_CPUID_VENDOR_LEAF	0x40000000U
#define VMW_ID_CPUID_VENDOR		"VMwareVMware"	/* ebx, ecx, edx */
#define VMW_ID_DMI_SERIAL_MARK		"VMware"	/* anywhere in it */
#define VMW_ID_DMI_VENDOR_PREFIX	"VMware"	/* at its start */

/* The vendor leaf's registers name VMware. */
static inline int vmw_id_cpuid_is_vmware(unsigned int ebx, unsigned int ecx,
					 unsigned int edx)
{
	char name[12];

	memcpy(name, &ebx, 4);
	memcpy(name + 4, &ecx, 4);
	memcpy(name + 8, &edx, 4);
	return !memcmp(name, VMW_ID_CPUID_VENDOR, sizeof(name));
}

/* The DMI product serial names VMware (NULL: it could not be read). */
static inline int vmw_id_dmi_serial_is_vmware(const char *serial)
{
	return serial && strstr(serial, VMW_ID_DMI_SERIAL_MARK);
}

/* The DMI system vendor is VMware's, as the module's alias matches it. */
static inline int vmw_id_dmi_vendor_is_vmware(const char *vendor)
{
	return vendor && !strncmp(vendor, VMW_ID_DMI_VENDOR_PREFIX,
				  strlen(VMW_ID_DMI_VENDOR_PREFIX));
}

#endif /* VMW_IDENTITY_H */
