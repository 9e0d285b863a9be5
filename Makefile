# SPDX-License-Identifier: GPL-2.0
#
# make                 the production module (vmw_rpc.ko) and userspace
# make modules         the module only, against KDIR
# make test-modules    the test build: vmw_rpc.ko with transport hooks and
#                      the simulated host vmw_rpc_sim.ko, in build/kmod-test
# make userspace       libvmwrpc and the tools (see userspace/Makefile)
# make demo            boot the module in QEMU (simulated host) and show it
# make check           every test (tests/run), as CI runs it
# make lint            checkpatch --strict, W=1 and sparse builds
#
# KDIR is the kernel build tree; it defaults to the running kernel's.

KDIR ?= /lib/modules/$(shell uname -r)/build
BUILD ?= $(CURDIR)/build
TEST_KMOD := $(BUILD)/kmod-test

KMOD_SRC := Kbuild $(wildcard driver/*.c driver/*.h) uapi/linux/vmw_rpc.h
SIM_SRC := $(wildcard tests/sim/*.c tests/sim/*.h)

.PHONY: all modules test-modules userspace demo check lint kunit clean install uninstall

all: modules userspace

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Kbuild of 6.1 cannot put an external module's objects elsewhere, so the
# test build gets its own copy of the sources.
test-modules:
	rm -rf $(TEST_KMOD) && mkdir -p $(TEST_KMOD)
	cp --parents $(KMOD_SRC) $(SIM_SRC) $(TEST_KMOD)/
	$(MAKE) -C $(KDIR) M=$(TEST_KMOD) VMW_RPC_TEST=1 modules

userspace:
	$(MAKE) -C userspace

demo:
	tests/deps.sh
	tests/vm/run --sim -- /tests/demo.sh

check:
	tests/run

kunit:
	tests/deps.sh
	tests/run kunit

lint:
	tests/lint

install uninstall:
	$(MAKE) -C userspace $@

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace clean
	rm -rf $(BUILD)
