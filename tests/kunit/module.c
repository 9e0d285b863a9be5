// SPDX-License-Identifier: GPL-2.0
/*
 * vmw_rpc_kunit.ko: the driver's KUnit suites. It links the driver's
 * engine, policy and ABI objects and the simulated host directly (no
 * /dev/vmw_rpc, no detection), and is built only against the KUnit test
 * kernel (make kunit), never by DKMS.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("KUnit suites for vmw_rpc");
MODULE_LICENSE("GPL");
