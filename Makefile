# SPDX-License-Identifier: GPL-2.0
#
# make                 the production module (vmw_rpc.ko) and userspace
# make modules         the module only, against KDIR
# make test-modules    the test build: vmw_rpc.ko with transport hooks and
#                      the simulated host vmw_rpc_sim.ko, in build/kmod-test
# make userspace       libvmwrpc and the tools (see userspace/Makefile)
# make demo            boot the module in QEMU (simulated host) and show it
# make bench           backdoor calls per command (HB vs LB, pooled vs
#                      per-command channels), counted by the simulated host;
#                      times: pooled vs per-command channel, raw ioctl vs
#                      null ioctl vs inl after iopl(3), 1/4/16/64 callers,
#                      tracepoints on vs off (README, "Performance"); then,
#                      in the same guest, start-up: vmw-rpctool against a
#                      libc-only program and against a library call
#                      (tests/vm/progs/vmw-bench-start.c); in a second
#                      guest, the tools service's idle calls and command
#                      latency
# make check           every test (tests/run), as CI runs it
# make kunit           the KUnit tier alone
# make mutants         break the driver on purpose; KUnit must notice
# make fuzz            the ioctl fuzzer in a KASAN/UBSAN/lockdep guest, then
#                      the rpci_allow unload race (tests/fuzz/README.md);
#                      CALLS=N (default 200000) SEED=S (default: the clock)
# make lint            checkpatch --strict, W=1 and sparse builds
# make clean           the module build's files in this tree (make
#                      clean-modules: those alone; no KDIR needed), the
#                      userspace build and BUILD
#
# make install         userspace (library, headers, vmwrpc.pc, tools, man
#                      pages), the udev rule and the sysusers.d file; with
#                      DESTDIR empty also the group vmwrpc (userspace/Makefile)
# make dkms-src        only copies the module's sources to
#                      DESTDIR/usr/src/vmw_rpc-VERSION (debian/rules)
# make uninstall       removes what install put there (not the group)
# make dkms-install    the module's sources to /usr/src/vmw_rpc-VERSION,
#                      then dkms add, build and install for KVER
# make dkms-uninstall  dkms remove --all, and the copied sources
# make system-install  (root, on a VMware guest) dkms-install + install,
#                      then loads the module as udev does at boot
# make system-uninstall  unloads the module, dkms-uninstall + uninstall
#
# KDIR is the kernel build tree; it defaults to the running kernel's.
# KVER (dkms-*) defaults to the running kernel's release.

KDIR ?= /lib/modules/$(shell uname -r)/build
BUILD ?= $(CURDIR)/build
TEST_KMOD := $(BUILD)/kmod-test

KMOD_SRC := Kbuild dkms.conf $(wildcard driver/*.c driver/*.h) uapi/linux/vmw_rpc.h
SIM_SRC := $(wildcard tests/sim/*.c tests/sim/*.h)

# The release version: dkms.conf's PACKAGE_VERSION, its one source (Kbuild
# makes it the module's MODULE_VERSION, userspace/Makefile the library's
# and the man pages'; tests/system/dkms.t checks modinfo).
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)
KVER ?= $(shell uname -r)
DKMS ?= dkms
# Where DKMS takes the sources from; only what the production build needs.
# (tests/vm/t/80-system.t points DKMS_SRCTREE and DKMS's --sourcetree
# elsewhere to install into a guest's tree.)
DKMS_SRCTREE ?= /usr/src
DKMS_SRC = $(DKMS_SRCTREE)/vmw_rpc-$(VERSION)
DKMS_FILES := dkms.conf Kbuild $(wildcard driver/*.c driver/*.h) uapi/linux/vmw_rpc.h

.PHONY: all modules test-modules userspace demo bench check lint kunit mutants fuzz clean clean-modules \
	install uninstall \
	dkms-src dkms-install dkms-uninstall system-install system-uninstall

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

bench:
	tests/deps.sh
	tests/vm/run --sim -- simcheck bench \
		'&&' vmw-bench-start 200
	tests/vm/run --sim --no-build --modparam tools=1 -- /tests/toolsvc-bench.sh

check:
	tests/run

kunit:
	tests/deps.sh
	tests/run kunit

mutants:
	tests/deps.sh
	tests/run tests/kunit/mutants

CALLS ?= 200000
SEED ?=
fuzz:
	tests/deps.sh
	tests/fuzz/run --calls $(CALLS) $(if $(SEED),--seed $(SEED))

lint:
	tests/lint

install uninstall:
	$(MAKE) -C userspace $@

# A fresh copy each time: DKMS builds from $(DKMS_SRC), never from this
# tree (no build products, no tests, no test build's flags).
dkms-src:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	install -d -m 0755 $(DESTDIR)$(DKMS_SRC)
	cp --parents $(DKMS_FILES) $(DESTDIR)$(DKMS_SRC)/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DKMS_SRC)

dkms-install:
	@test "$$(id -u)" = 0 || { echo "dkms-install: run as root" >&2; exit 1; }
	@command -v $(DKMS) >/dev/null || { echo "dkms-install: no dkms (apt-get install dkms)" >&2; exit 1; }
	if $(DKMS) status -m vmw_rpc -v $(VERSION) | grep -q .; then \
		$(DKMS) remove vmw_rpc/$(VERSION) --all; fi
	$(MAKE) dkms-src DESTDIR=
	$(DKMS) add vmw_rpc/$(VERSION)
	$(DKMS) build vmw_rpc/$(VERSION) -k $(KVER)
	$(DKMS) install vmw_rpc/$(VERSION) -k $(KVER)

dkms-uninstall:
	@test "$$(id -u)" = 0 || { echo "dkms-uninstall: run as root" >&2; exit 1; }
	if $(DKMS) status -m vmw_rpc -v $(VERSION) | grep -q .; then \
		$(DKMS) remove vmw_rpc/$(VERSION) --all; fi
	rm -rf $(DKMS_SRC)

# udev loads the module at boot through its DMI alias; an "add" event for
# the DMI device here does the same now (on VMware only), when udev runs.
system-install:
	$(MAKE) dkms-install
	$(MAKE) install
	-if [ -S /run/udev/control ]; then \
		udevadm trigger --action=add --subsystem-match=dmi && udevadm settle; \
		udevadm trigger --action=add --subsystem-match=misc --sysname-match=vmw_rpc && udevadm settle; \
	fi

system-uninstall:
	@test "$$(id -u)" = 0 || { echo "system-uninstall: run as root" >&2; exit 1; }
	-if [ -d /sys/module/vmw_rpc ]; then modprobe -r vmw_rpc; fi
	$(MAKE) dkms-uninstall
	$(MAKE) uninstall

# What Kbuild leaves in this tree (make modules), removed without asking
# KDIR's Kbuild, which may be missing (debian/rules clean); .*.o: 6.11's
# .module-common.o.
KBUILD_OUT := *.o .*.o *.ko *.mod *.mod.c .*.cmd *.dwo Module.symvers modules.order \
	driver/*.o driver/.*.cmd driver/*.dwo .tmp_versions
clean-modules:
	rm -rf $(KBUILD_OUT)

clean: clean-modules
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace clean
	rm -rf $(BUILD)
