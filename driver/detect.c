// SPDX-License-Identifier: GPL-2.0
/*
 * Are we on VMware? No backdoor instruction runs before this says yes:
 * on bare metal or another hypervisor a read of port 0x5658 is a real
 * port read that returns garbage, and vmcall/vmmcall may fault.
 *
 * The identity rule (CPUID vendor leaf, or without the hypervisor bit the
 * DMI product serial) is in vmw_identity.h, which libvmwrpc shares; here
 * a GETVERSION probe must also answer with the magic.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dmi.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/hypervisor.h>
#include <asm/processor.h>
#include <linux/vmw_rpc.h>

#include "vmw_identity.h"
#include "vmw_rpc.h"

static void vmw_getversion(struct vmw_bdoor_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->ebx = ~VMW_RPC_BDOOR_MAGIC;
	r->ecx = VMW_RPC_BDOOR_CMD_GETVERSION;
	vmw_bdoor_lb(r);
}

/**
 * vmw_detect() - decide whether the backdoor may be used
 * @id: filled with the backdoor version and VMX type on success
 *
 * Executes no backdoor instruction before CPUID or DMI names VMware.
 *
 * Context: module init.
 * Return: 0 on VMware, -ENODEV elsewhere (after one log line saying why).
 */
int vmw_detect(struct vmw_host_id *id)
{
	struct vmw_bdoor_regs r;

	if (boot_cpu_has(X86_FEATURE_HYPERVISOR)) {
		u32 eax, vendor[3];
		char name[13];

		cpuid(VMW_ID_CPUID_VENDOR_LEAF, &eax, &vendor[0], &vendor[1],
		      &vendor[2]);
		if (!vmw_id_cpuid_is_vmware(vendor[0], vendor[1], vendor[2])) {
			memcpy(name, vendor, sizeof(vendor));
			name[12] = '\0';
			pr_info("not loading: the hypervisor is \"%s\", not VMware\n",
				name);
			return -ENODEV;
		}
	} else if (!vmw_id_dmi_serial_is_vmware(dmi_get_system_info(DMI_PRODUCT_SERIAL))) {
		pr_info("not loading: no VMware identity (no hypervisor CPUID leaf, the DMI serial does not name VMware)\n");
		return -ENODEV;
	}

	vmw_getversion(&r);
	if (r.eax == 0xffffffff || r.ebx != VMW_RPC_BDOOR_MAGIC) {
		pr_info("not loading: the VMware backdoor did not answer GETVERSION (eax=%#x ebx=%#x)\n",
			r.eax, r.ebx);
		return -ENODEV;
	}
	id->version = r.eax;
	id->vmx_type = r.ecx;
	return 0;
}
