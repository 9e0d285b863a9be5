// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: why /dev/vmw_rpc is missing (libkmod, CPUID, DMI), and
 * loading the module for a root caller who asks for it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libkmod.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "driver/vmw_identity.h"
#include "internal.h"

#define VRPC_MODULE		"vmw_rpc"
#define VRPC_DMI_VENDOR_FILE	"/sys/class/dmi/id/sys_vendor"
#define VRPC_DMI_SERIAL_FILE	"/sys/class/dmi/id/product_serial"

/*
 * The identity rule is the driver's own, from driver/vmw_identity.h (see
 * there); these wrappers are the unit tests' handle on it.
 */
int vmwrpc__dmi_vendor_is_vmware(const char *vendor)
{
	return vmw_id_dmi_vendor_is_vmware(vendor);
}

int vmwrpc__dmi_serial_is_vmware(const char *serial)
{
	return vmw_id_dmi_serial_is_vmware(serial);
}

/* The first line of a sysfs file; 0 when it cannot be read. */
static int vrpc_read_line(const char *file, char *buf, int size)
{
	FILE *f = fopen(file, "re");
	int ok;

	if (!f)
		return 0;
	ok = fgets(buf, size, f) != NULL;
	fclose(f);
	return ok;
}

/*
 * What the driver decides before its GETVERSION probe, without touching
 * the backdoor (driver/vmw_identity.h). Only root can read the DMI
 * serial: others get the system vendor's word, as udev's autoload does.
 * The unit tests pass other files and no CPUID.
 */
int vmwrpc__platform_is_vmware(bool cpuid, const char *serial_file,
			       const char *vendor_file)
{
	char vendor[128], serial[128];

#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, ebx, ecx, edx;

	if (cpuid &&
	    __get_cpuid(VMW_ID_CPUID_FEATURES_LEAF, &eax, &ebx, &ecx, &edx) &&
	    (ecx & VMW_ID_CPUID_HV_BIT)) {
		__cpuid(VMW_ID_CPUID_VENDOR_LEAF, eax, ebx, ecx, edx);
		return !!vmw_id_cpuid_is_vmware(ebx, ecx, edx);
	}
#else
	(void)cpuid;
#endif
	if (vrpc_read_line(serial_file, serial, sizeof(serial)))
		return !!vmwrpc__dmi_serial_is_vmware(serial);
	if (vrpc_read_line(vendor_file, vendor, sizeof(vendor)))
		return !!vmwrpc__dmi_vendor_is_vmware(vendor);
	return -ENODATA;
}

int vmwrpc_platform_is_vmware(void)
{
	return vmwrpc__platform_is_vmware(true, VRPC_DMI_SERIAL_FILE,
					  VRPC_DMI_VENDOR_FILE);
}

static struct kmod_module *vrpc_kmod_lookup(struct kmod_ctx *ctx, int *found)
{
	struct kmod_list *list = NULL, *l;
	struct kmod_module *mod = NULL;

	*found = 0;
	if (kmod_module_new_from_lookup(ctx, VRPC_MODULE, &list) < 0)
		return NULL;
	kmod_list_foreach(l, list) {
		mod = kmod_module_get_module(l);
		*found = 1;
		break;
	}
	kmod_module_unref_list(list);
	return mod;
}

/*
 * libkmod reads the binary indexes (modules.dep.bin) that kmod's depmod
 * writes; busybox's depmod writes only the text modules.dep. Look there
 * too, so "installed" is right on such systems. Fills @path (absolute).
 */
static int vrpc_moddep_text(struct kmod_ctx *ctx, char *path, size_t size)
{
	const char *dir = kmod_get_dirname(ctx);
	char line[4096], file[4096];
	int found = 0, n;
	FILE *f;

	if (!dir)
		return 0;
	snprintf(file, sizeof(file), "%s/modules.dep", dir);
	f = fopen(file, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *base;

		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		if (strcmp(base, VRPC_MODULE ".ko") &&
		    strncmp(base, VRPC_MODULE ".ko.", strlen(VRPC_MODULE) + 4))
			continue;
		n = line[0] == '/' ? snprintf(path, size, "%s", line)
				   : snprintf(path, size, "%s/%s", dir, line);
		found = n > 0 && (size_t)n < size;
	}
	fclose(f);
	return found;
}

int vmwrpc_module_state(void)
{
	struct kmod_ctx *ctx;
	struct kmod_module *mod;
	int state, found, ret = VMWRPC_MODULE_UNKNOWN;

	ctx = kmod_new(NULL, NULL);
	if (!ctx)
		return VMWRPC_MODULE_UNKNOWN;
	/* Loaded by path (insmod) counts too: ask sysfs by name first. */
	if (!kmod_module_new_from_name(ctx, VRPC_MODULE, &mod)) {
		state = kmod_module_get_initstate(mod);
		kmod_module_unref(mod);
		if (state == KMOD_MODULE_BUILTIN) {
			ret = VMWRPC_MODULE_BUILTIN;
			goto out;
		}
		if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_COMING) {
			ret = VMWRPC_MODULE_LOADED;
			goto out;
		}
	}
	mod = vrpc_kmod_lookup(ctx, &found);
	if (mod && kmod_module_get_path(mod)) {
		ret = VMWRPC_MODULE_INSTALLED;
	} else {
		char path[4096];

		ret = vrpc_moddep_text(ctx, path, sizeof(path))
			? VMWRPC_MODULE_INSTALLED : VMWRPC_MODULE_NOT_INSTALLED;
	}
	if (mod)
		kmod_module_unref(mod);
out:
	kmod_unref(ctx);
	return ret;
}

/* The library code explaining a missing device, from what was found. */
int vmwrpc__diagnosis(int module_state, int is_vmware)
{
	switch (module_state) {
	case VMWRPC_MODULE_NOT_INSTALLED:
		/* Installing it would not help off VMware: say that first. */
		return is_vmware == 0 ? -VMWRPC_ENOTVMWARE : -VMWRPC_ENOMODULE;
	case VMWRPC_MODULE_INSTALLED:
		return is_vmware == 0 ? -VMWRPC_ENOTVMWARE : -VMWRPC_ENOTLOADED;
	case VMWRPC_MODULE_LOADED:
	case VMWRPC_MODULE_BUILTIN:
		return -VMWRPC_ENONODE;
	default:
		return is_vmware == 0 ? -VMWRPC_ENOTVMWARE : -VMWRPC_ENODEVICE;
	}
}

/* Map open(2)'s errno to the library's answer. */
int vmwrpc__open_error(int err, int module_state, int is_vmware)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return -VMWRPC_EDEVACCESS;
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return vmwrpc__diagnosis(module_state, is_vmware);
	default:
		return -err;
	}
}

/*
 * vmwrpc_diagnose() with its facts passed in: 0 when the module is there
 * and @node can be opened for reading and writing.
 */
int vmwrpc__diagnose(int module_state, int is_vmware, const char *node)
{
	if (module_state == VMWRPC_MODULE_LOADED ||
	    module_state == VMWRPC_MODULE_BUILTIN) {
		if (!access(node, R_OK | W_OK))
			return 0;
		if (errno == EACCES || errno == EPERM || errno == EROFS)
			return -VMWRPC_EDEVACCESS;
	}
	return vmwrpc__diagnosis(module_state, is_vmware);
}

int vmwrpc_diagnose(void)
{
	return vmwrpc__diagnose(vmwrpc_module_state(),
				vmwrpc_platform_is_vmware(), VMWRPC_DEVICE);
}

/* modprobe vmw_rpc; the module's init fails with ENODEV off VMware. */
int vmwrpc__load_module(void)
{
	struct kmod_ctx *ctx;
	struct kmod_module *mod;
	int found, ret;

	ctx = kmod_new(NULL, NULL);
	if (!ctx)
		return -VMWRPC_ELOADFAIL;
	mod = vrpc_kmod_lookup(ctx, &found);
	if (mod && kmod_module_get_path(mod)) {
		ret = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL,
						      NULL);
	} else {
		char path[4096];

		if (mod)
			kmod_module_unref(mod);
		mod = NULL;
		/* Only in a text modules.dep: insert that file (no deps). */
		if (!vrpc_moddep_text(ctx, path, sizeof(path)) ||
		    kmod_module_new_from_path(ctx, path, &mod) < 0) {
			kmod_unref(ctx);
			return -VMWRPC_ENOMODULE;
		}
		ret = kmod_module_insert_module(mod, 0, NULL);
	}
	kmod_module_unref(mod);
	kmod_unref(ctx);
	if (ret == 0 || ret == -EEXIST)
		return 0;
	if (ret == -ENODEV)
		return -VMWRPC_ENOTVMWARE;
	if (ret == -ENOENT)
		return -VMWRPC_ENOMODULE;
	/* EPERM too (lockdown, a container): not the driver's EPERM. */
	return -VMWRPC_ELOADFAIL;
}
