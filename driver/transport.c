// SPDX-License-Identifier: GPL-2.0
/*
 * The backdoor transport: one call into the hypervisor, nothing more.
 *
 * Built on the kernel's <asm/vmware.h>. Kernels up to 6.10 provide the
 * instruction sequences as ALTERNATIVE_2 asm strings (VMWARE_HYPERCALL,
 * VMWARE_HYPERCALL_HB_OUT/IN); 6.11 replaced them with inline functions
 * (vmware_hypercall1..7, vmware_hypercall_hb_out/in) and no longer exports
 * the strings. None of those functions returns all six registers of a
 * low-bandwidth call, which raw calls need, so on 6.11+ the low-bandwidth
 * call keeps its own ALTERNATIVE_2 sequence (same instructions, same CPU
 * feature bits the kernel patches on), TDX guests go through the kernel's
 * vmware_tdx_hypercall(), and high bandwidth uses the kernel's functions.
 */
#include <linux/cc_platform.h>
#include <linux/export.h>
#include <linux/rwsem.h>
#include <asm/cpufeature.h>
#include <asm/vmware.h>
#include <linux/vmw_rpc.h>

#include "vmw_rpc.h"

#ifndef CONFIG_X86_64
#error "vmw_rpc supports x86_64 kernels only"
#endif

#define VMW_PORT_MASK		0xffff0000U
#define VMW_FLAG_HB		0x1	/* hypercall mode: high bandwidth */
#define VMW_FLAG_OUT		0x2	/* hypercall mode: guest to host */

#if defined(VMWARE_HYPERCALL)
/* Linux 6.1 .. 6.10: the kernel's asm strings. */
#define VMW_LB_INSN	VMWARE_HYPERCALL
#define VMW_HB_OUT_INSN	VMWARE_HYPERCALL_HB_OUT
#define VMW_HB_IN_INSN	VMWARE_HYPERCALL_HB_IN
#define VMW_HAVE_ASM_STRINGS 1
#else
/* Linux 6.11+: the same low-bandwidth sequence, spelled out here. */
#define VMW_LB_INSN							\
	ALTERNATIVE_2("movw $" __stringify(VMW_RPC_BDOOR_PORT) ", %%dx\n\t" \
		      "inl (%%dx), %%eax",				\
		      "vmcall", X86_FEATURE_VMCALL,			\
		      "vmmcall", X86_FEATURE_VMW_VMMCALL)
#endif

static void vmw_real_lb(struct vmw_bdoor_regs *r)
{
	unsigned long ax = r->eax, bx = r->ebx, cx = r->ecx;
	unsigned long dx = r->edx & VMW_PORT_MASK, si = r->esi, di = r->edi;

#if !defined(VMW_HAVE_ASM_STRINGS) && defined(CONFIG_INTEL_TDX_GUEST)
	if (cpu_feature_enabled(X86_FEATURE_TDX_GUEST)) {
		/* The helper leaves them unset for commands it refuses. */
		u32 b = 0, c = 0, d = 0, s = 0, i = 0;

		r->eax = vmware_tdx_hypercall(cx, bx, dx, si, di,
					      &b, &c, &d, &s, &i);
		r->ebx = b;
		r->ecx = c;
		r->edx = d;
		r->esi = s;
		r->edi = i;
		return;
	}
#endif
	asm volatile(VMW_LB_INSN
		     : "+a" (ax), "+b" (bx), "+c" (cx), "+d" (dx),
		       "+S" (si), "+D" (di)
		     :
		     : "cc", "memory");
	r->eax = ax;
	r->ebx = bx;
	r->ecx = cx;
	r->edx = dx;
	r->esi = si;
	r->edi = di;
}

#if defined(VMW_HAVE_ASM_STRINGS)
static void vmw_real_hb_out(struct vmw_bdoor_regs *r)
{
	unsigned long ax = r->eax, bx = r->ebx, cx = r->ecx;
	unsigned long dx = (r->edx & VMW_PORT_MASK) | VMW_FLAG_HB | VMW_FLAG_OUT;
	unsigned long si = (unsigned long)r->buf, di = r->edi, bp = r->ebp;

	asm volatile("push %%rbp\n\t"
		     "mov %[bp], %%rbp\n\t"
		     VMW_HB_OUT_INSN "\n\t"
		     "pop %%rbp"
		     : "+a" (ax), "+b" (bx), "+c" (cx), "+d" (dx),
		       "+S" (si), "+D" (di)
		     : [bp] "r" (bp)
		     : "cc", "memory");
	r->eax = ax;
	r->ebx = bx;
}

static void vmw_real_hb_in(struct vmw_bdoor_regs *r)
{
	unsigned long ax = r->eax, bx = r->ebx, cx = r->ecx;
	unsigned long dx = (r->edx & VMW_PORT_MASK) | VMW_FLAG_HB;
	unsigned long si = r->esi, di = (unsigned long)r->buf, bp = r->ebp;

	asm volatile("push %%rbp\n\t"
		     "mov %[bp], %%rbp\n\t"
		     VMW_HB_IN_INSN "\n\t"
		     "pop %%rbp"
		     : "+a" (ax), "+b" (bx), "+c" (cx), "+d" (dx),
		       "+S" (si), "+D" (di)
		     : [bp] "r" (bp)
		     : "cc", "memory");
	r->eax = ax;
	r->ebx = bx;
}
#else
static void vmw_real_hb_out(struct vmw_bdoor_regs *r)
{
	u32 bx;

	r->eax = vmware_hypercall_hb_out(r->ebx, r->ecx, r->edx & VMW_PORT_MASK,
					 (unsigned long)r->buf, r->edi, r->ebp,
					 &bx);
	r->ebx = bx;
}

static void vmw_real_hb_in(struct vmw_bdoor_regs *r)
{
	u32 bx;

	r->eax = vmware_hypercall_hb_in(r->ebx, r->ecx, r->edx & VMW_PORT_MASK,
					r->esi, (unsigned long)r->buf, r->ebp,
					&bx);
	r->ebx = bx;
}
#endif

static const struct vmw_transport_ops vmw_real_ops = {
	.name = "backdoor",
	.lb = vmw_real_lb,
	.hb_out = vmw_real_hb_out,
	.hb_in = vmw_real_hb_in,
};

#ifdef CONFIG_VMW_RPC_TEST_HOOKS
/*
 * Test builds only: a simulated host can take the transport's place.
 * The semaphore keeps it from going away under a call in progress. An
 * atomic call (struct vmw_bdoor_regs) only tries it: NULL when it is
 * taken for writing (a host being attached or detached).
 */
static DECLARE_RWSEM(vmw_ops_sem);
static const struct vmw_transport_ops *vmw_ops = &vmw_real_ops;

static const struct vmw_transport_ops *vmw_ops_get(bool atomic)
{
	if (!atomic)
		down_read(&vmw_ops_sem);
	else if (!down_read_trylock(&vmw_ops_sem))
		return NULL;
	return vmw_ops;
}

#define vmw_ops_put()	up_read(&vmw_ops_sem)

/**
 * vmw_rpc_transport_attach() - put a simulated host behind the transport
 * @ops: its calls
 *
 * Context: process context; may sleep (waits for calls in progress).
 * Return: 0, or -EBUSY when another one is attached.
 */
int vmw_rpc_transport_attach(const struct vmw_transport_ops *ops)
{
	int ret = 0;

	down_write(&vmw_ops_sem);
	if (vmw_ops != &vmw_real_ops)
		ret = -EBUSY;
	else
		vmw_ops = ops;
	up_write(&vmw_ops_sem);
	return ret;
}
EXPORT_SYMBOL_GPL(vmw_rpc_transport_attach);

/**
 * vmw_rpc_transport_detach() - give the transport back to the real backdoor
 * @ops: what vmw_rpc_transport_attach() was given; another one is left
 *
 * Context: process context; may sleep (waits for calls in progress, so
 * @ops may be freed afterwards).
 */
void vmw_rpc_transport_detach(const struct vmw_transport_ops *ops)
{
	down_write(&vmw_ops_sem);
	if (vmw_ops == ops)
		vmw_ops = &vmw_real_ops;
	up_write(&vmw_ops_sem);
}
EXPORT_SYMBOL_GPL(vmw_rpc_transport_detach);

/**
 * vmw_rpc_transport_real() - the real backdoor's calls
 *
 * For a simulated host that hands what it does not simulate to QEMU.
 *
 * Context: any.
 * Return: the real transport's operations.
 */
const struct vmw_transport_ops *vmw_rpc_transport_real(void)
{
	return &vmw_real_ops;
}
EXPORT_SYMBOL_GPL(vmw_rpc_transport_real);

/**
 * vmw_bdoor_simulated() - is a simulated host behind the transport?
 *
 * Context: process context; may sleep.
 * Return: true while one is attached.
 */
bool vmw_bdoor_simulated(void)
{
	bool sim;

	down_read(&vmw_ops_sem);
	sim = vmw_ops != &vmw_real_ops;
	up_read(&vmw_ops_sem);
	return sim;
}
#else
#define vmw_ops_get(atomic)	(&vmw_real_ops)
#define vmw_ops_put()	do { } while (0)

/**
 * vmw_bdoor_simulated() - is a simulated host behind the transport?
 *
 * Context: any.
 * Return: false: production builds have no hooks.
 */
bool vmw_bdoor_simulated(void)
{
	return false;
}
#endif

enum vmw_call_kind { VMW_CALL_LB, VMW_CALL_HB_OUT, VMW_CALL_HB_IN };

static void vmw_bdoor_call(struct vmw_bdoor_regs *r, enum vmw_call_kind kind)
{
	const struct vmw_transport_ops *ops = vmw_ops_get(r->atomic);

	if (!ops) {
		/* As a step the host refused: no status bit (LB and HB). */
		r->ebx = 0;
		r->ecx = 0;
		return;
	}
	vmw_stat_add(VMW_STAT_BDOOR, 1);
	r->eax = VMW_RPC_BDOOR_MAGIC;
	r->edx = (r->edx & VMW_PORT_MASK) |
		 (kind == VMW_CALL_LB ? VMW_RPC_BDOOR_PORT : VMW_RPC_BDOOR_HB_PORT);
	if (kind == VMW_CALL_LB)
		ops->lb(r);
	else if (kind == VMW_CALL_HB_OUT)
		ops->hb_out(r);
	else
		ops->hb_in(r);
	vmw_ops_put();
}

/**
 * vmw_bdoor_lb() - one low-bandwidth backdoor call
 * @r: the registers in and out (struct vmw_bdoor_regs); eax and the low
 *	16 bits of edx are set here
 *
 * Context: any; in test builds process context (a simulated host may be
 * attached and takes a semaphore), or any with @r->atomic set.
 */
void vmw_bdoor_lb(struct vmw_bdoor_regs *r)
{
	vmw_bdoor_call(r, VMW_CALL_LB);
}

/**
 * vmw_bdoor_hb_out() - one high-bandwidth transfer to the host
 * @r: the registers, @r->buf the @r->ecx bytes to send
 *
 * Context: as vmw_bdoor_lb(); only when vmw_bdoor_hb_usable().
 */
void vmw_bdoor_hb_out(struct vmw_bdoor_regs *r)
{
	vmw_bdoor_call(r, VMW_CALL_HB_OUT);
}

/**
 * vmw_bdoor_hb_in() - one high-bandwidth transfer from the host
 * @r: the registers, @r->buf the @r->ecx bytes to fill
 *
 * Context: as vmw_bdoor_lb(); only when vmw_bdoor_hb_usable().
 */
void vmw_bdoor_hb_in(struct vmw_bdoor_regs *r)
{
	vmw_bdoor_call(r, VMW_CALL_HB_IN);
}

/**
 * vmw_bdoor_hb_usable() - may high-bandwidth calls be made?
 *
 * High bandwidth cannot reach encrypted guest memory (SEV, TDX).
 *
 * Context: any.
 * Return: true unless guest memory is encrypted.
 */
bool vmw_bdoor_hb_usable(void)
{
	return !cc_platform_has(CC_ATTR_MEM_ENCRYPT);
}

/**
 * vmw_bdoor_transport() - how backdoor calls reach the hypervisor
 *
 * Context: any.
 * Return: VMW_RPC_TRANSPORT_VMCALL, _VMMCALL or _PORT.
 */
u32 vmw_bdoor_transport(void)
{
	if (boot_cpu_has(X86_FEATURE_VMCALL))
		return VMW_RPC_TRANSPORT_VMCALL;
	if (boot_cpu_has(X86_FEATURE_VMW_VMMCALL))
		return VMW_RPC_TRANSPORT_VMMCALL;
	return VMW_RPC_TRANSPORT_PORT;
}
