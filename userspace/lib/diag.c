// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: why /dev/vmw_rpc is missing (libkmod, CPUID, DMI), and
 * loading the module for a root caller who asks for it.
 *
 * libkmod is not linked: it pulls libcrypto, liblzma and libzstd into
 * every program's start-up, and only the diagnosis and the loading need
 * it. They dlopen() it (its SONAME, libkmod.so.2) for the time of the
 * call, as systemd does for its optional libraries. <libkmod.h> still
 * gives the prototypes, so the pointers below are type-checked.
 */
#include <dlfcn.h>
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

/* libkmod.so.2's SONAME; the unit tests point it elsewhere. */
const char *vmwrpc__kmod_soname = "libkmod.so.2";

/* The libkmod functions this file uses, resolved by vrpc_kmod_open(). */
struct vrpc_kmod {
	void *dl;
	typeof(&kmod_new) new_ctx;
	typeof(&kmod_unref) unref;
	typeof(&kmod_get_dirname) get_dirname;
	typeof(&kmod_module_new_from_lookup) new_from_lookup;
	typeof(&kmod_module_new_from_name) new_from_name;
	typeof(&kmod_module_new_from_path) new_from_path;
	typeof(&kmod_module_get_module) get_module;
	typeof(&kmod_module_unref_list) unref_list;
	typeof(&kmod_module_unref) mod_unref;
	typeof(&kmod_module_get_initstate) get_initstate;
	typeof(&kmod_module_get_path) get_path;
	typeof(&kmod_module_probe_insert_module) probe_insert;
	typeof(&kmod_module_insert_module) insert;
};

/* 0, or -VMWRPC_ENOKMOD when libkmod (or one of its functions) is absent. */
static int vrpc_kmod_open(struct vrpc_kmod *k)
{
	void *dl = dlopen(vmwrpc__kmod_soname, RTLD_NOW | RTLD_LOCAL);

	if (!dl)
		return -VMWRPC_ENOKMOD;
	k->dl = dl;
#define VRPC_SYM(field, name) \
	do { \
		k->field = (typeof(k->field))dlsym(dl, #name); \
		if (!k->field) \
			goto fail; \
	} while (0)
	VRPC_SYM(new_ctx, kmod_new);
	VRPC_SYM(unref, kmod_unref);
	VRPC_SYM(get_dirname, kmod_get_dirname);
	VRPC_SYM(new_from_lookup, kmod_module_new_from_lookup);
	VRPC_SYM(new_from_name, kmod_module_new_from_name);
	VRPC_SYM(new_from_path, kmod_module_new_from_path);
	VRPC_SYM(get_module, kmod_module_get_module);
	VRPC_SYM(unref_list, kmod_module_unref_list);
	VRPC_SYM(mod_unref, kmod_module_unref);
	VRPC_SYM(get_initstate, kmod_module_get_initstate);
	VRPC_SYM(get_path, kmod_module_get_path);
	VRPC_SYM(probe_insert, kmod_module_probe_insert_module);
	VRPC_SYM(insert, kmod_module_insert_module);
#undef VRPC_SYM
	return 0;
fail:
	dlclose(dl);
	return -VMWRPC_ENOKMOD;
}

/* The module vmw_rpc's lookup (aliases too): the list's first entry. */
static struct kmod_module *vrpc_kmod_lookup(const struct vrpc_kmod *k,
					    struct kmod_ctx *ctx)
{
	struct kmod_list *list = NULL;
	struct kmod_module *mod = NULL;

	if (k->new_from_lookup(ctx, VRPC_MODULE, &list) < 0)
		return NULL;
	if (list)
		mod = k->get_module(list);
	k->unref_list(list);
	return mod;
}

/*
 * libkmod reads the binary indexes (modules.dep.bin) that kmod's depmod
 * writes; busybox's depmod writes only the text modules.dep. Look there
 * too, so "installed" is right on such systems. Fills @path (absolute).
 */
static int vrpc_moddep_text(const struct vrpc_kmod *k, struct kmod_ctx *ctx,
			    char *path, size_t size)
{
	const char *dir = k->get_dirname(ctx);
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
	struct vrpc_kmod k;
	struct kmod_ctx *ctx;
	struct kmod_module *mod;
	int state, ret = VMWRPC_MODULE_UNKNOWN;

	if (vrpc_kmod_open(&k))
		return VMWRPC_MODULE_UNKNOWN;
	ctx = k.new_ctx(NULL, NULL);
	if (!ctx)
		goto out_dl;
	/* Loaded by path (insmod) counts too: ask sysfs by name first. */
	if (!k.new_from_name(ctx, VRPC_MODULE, &mod)) {
		state = k.get_initstate(mod);
		k.mod_unref(mod);
		if (state == KMOD_MODULE_BUILTIN) {
			ret = VMWRPC_MODULE_BUILTIN;
			goto out;
		}
		if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_COMING) {
			ret = VMWRPC_MODULE_LOADED;
			goto out;
		}
	}
	mod = vrpc_kmod_lookup(&k, ctx);
	if (mod && k.get_path(mod)) {
		ret = VMWRPC_MODULE_INSTALLED;
	} else {
		char path[4096];

		ret = vrpc_moddep_text(&k, ctx, path, sizeof(path))
			? VMWRPC_MODULE_INSTALLED : VMWRPC_MODULE_NOT_INSTALLED;
	}
	if (mod)
		k.mod_unref(mod);
out:
	k.unref(ctx);
out_dl:
	dlclose(k.dl);
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

/*
 * modprobe vmw_rpc; the module's init fails with ENODEV off VMware.
 * -VMWRPC_ENOKMOD when libkmod is not installed.
 */
int vmwrpc__load_module(void)
{
	struct vrpc_kmod k;
	struct kmod_ctx *ctx;
	struct kmod_module *mod;
	int ret;

	ret = vrpc_kmod_open(&k);
	if (ret)
		return ret;
	ctx = k.new_ctx(NULL, NULL);
	if (!ctx) {
		dlclose(k.dl);
		return -VMWRPC_ELOADFAIL;
	}
	mod = vrpc_kmod_lookup(&k, ctx);
	if (mod && k.get_path(mod)) {
		ret = k.probe_insert(mod, 0, NULL, NULL, NULL, NULL);
	} else {
		char path[4096];

		if (mod)
			k.mod_unref(mod);
		mod = NULL;
		/* Only in a text modules.dep: insert that file (no deps). */
		if (!vrpc_moddep_text(&k, ctx, path, sizeof(path)) ||
		    k.new_from_path(ctx, path, &mod) < 0) {
			k.unref(ctx);
			dlclose(k.dl);
			return -VMWRPC_ENOMODULE;
		}
		ret = k.insert(mod, 0, NULL);
	}
	k.mod_unref(mod);
	k.unref(ctx);
	dlclose(k.dl);
	if (ret == 0 || ret == -EEXIST)
		return 0;
	if (ret == -ENODEV)
		return -VMWRPC_ENOTVMWARE;
	if (ret == -ENOENT)
		return -VMWRPC_ENOMODULE;
	/* EPERM too (lockdown, a container): not the driver's EPERM. */
	return -VMWRPC_ELOADFAIL;
}
