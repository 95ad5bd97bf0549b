# SPDX-License-Identifier: GPL-2.0
#
# Top-level build of the um port: unpack Debian's linux-source-6.12 once,
# graft this tree's arch/um, asm headers and drivers into it, build ./linux.
#
#   make linux ARCH=um    build ./linux (incremental)
#   make modules          build the loadable modules (CONFIG_...=m)
#   make install DESTDIR=D   ./linux and its modules laid out in D as
#                         Debian's user-mode-linux package does
#   make linux DEBUG=1    the same with debug info and the kernel's gdb
#                         helpers, built in build/kernel-debug
#   make linux-debug      build/kernel-debug/vmlinux only (./linux untouched)
#   make run              build ./linux and an image, boot to a shell
#   make check            build everything and run every test
#   make bench            compare with Debian's user-mode-linux
#   make conformance      kernel selftests, ours vs user-mode-linux
#   make stress           stress-ng in our guest (STRESS_TIME=60 s each),
#                         then a SOAK_MINUTES=30 soak in one boot

TOP        := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
TARBALL    := /usr/src/linux-source-6.12.tar.xz
BUILD      := $(TOP)/build
KSRC       := $(BUILD)/linux-source-6.12
KOBJ       := $(BUILD)/kernel
# The debug kernel (um_defconfig + arch/um/configs/gdb.config) has a
# build folder of its own, so switching between the two rebuilds neither.
KOBJ_DEBUG := $(BUILD)/kernel-debug
JOBS       ?= $(shell nproc)
# ccache is one of DEB_PKGS, installed by `deps` before the first
# compile: probing for it here, when the Makefile is read, would build
# the first time without it and then rebuild everything once CC changed.
# $(call kmake,OBJ): the kernel's make, building into the folder OBJ.
kmake      = $(MAKE) -C $(KSRC) O=$(1) ARCH=um -j$(JOBS) \
	     CC="ccache gcc" $(if $(V),V=$(V))
KMAKE      = $(call kmake,$(KOBJ))

# The kernel's own build must not see our ARCH on its command line twice.
override ARCH := um
export CCACHE_DIR ?= $(HOME)/.cache/ccache
# Hits across checkouts in other folders (CI clones afresh every run).
export CCACHE_BASEDIR := $(TOP)
export CCACHE_NOHASHDIR := 1

.PHONY: all linux deps graft config config-debug linux-debug run check bench \
	image clean distclean conformance stress modules install install-destdir

all: linux

# Debian packages the build and the tests need; installed only when missing.
DEB_PKGS := linux-source-6.12 gcc make flex bison bc libelf-dev ccache \
	    busybox-static e2fsprogs xz-utils user-mode-linux uml-utilities vde2 slirp \
	    mmdebstrap fakeroot openssh-client cpio libslirp-dev libslirp0 kmod gdb
DEB_PKGS += libslirp-helper
deps:
	@$(TOP)/tools/ensure-packages $(DEB_PKGS)

$(KSRC)/Makefile: | deps
	@echo "  UNPACK  $(TARBALL)"
	@mkdir -p $(BUILD)
	@tar -C $(BUILD) -xf $(TARBALL)
	@touch $@

graft: deps $(KSRC)/Makefile
	@$(TOP)/tools/graft-tree $(TOP) $(KSRC)

# $(call kconfig,OBJ,FRAGMENTS): make OBJ/.config from um_defconfig and
# the fragments in arch/um/configs, when it is missing or one is newer.
define kconfig
	@cfgs="$(addprefix $(TOP)/arch/um/configs/,um_defconfig $(2))"; \
	if [ ! -f $(1)/.config ] || \
	    [ -n "$$(find $$cfgs -newer $(1)/.config)" ]; then \
		echo "  CONFIG  um_defconfig $(2)"; \
		$(call kmake,$(1)) -s um_defconfig $(2); \
	fi
endef

config: graft
	$(call kconfig,$(KOBJ),)

config-debug: graft
	$(call kconfig,$(KOBJ_DEBUG),gdb.config)

# The debug kernel and its gdb helpers (vmlinux-gdb.py and scripts/gdb
# beside it); ./linux stays what it is.
linux-debug: config-debug
	@start=$$(date +%s); \
	$(call kmake,$(KOBJ_DEBUG)) vmlinux scripts_gdb || exit 1; \
	echo "  DEBUG   build/kernel-debug/vmlinux built in $$(( $$(date +%s) - start )) s"

# ./linux is a copy of whichever kernel was built last.  gdb runs
# ./linux-gdb.py (OBJFILE-gdb.py) when it loads ./linux: a debug ./linux
# gets tools/linux-gdb.py there, which loads the kernel's helpers from
# build/kernel-debug.
ifeq ($(DEBUG),1)
linux: linux-debug
	@if ! cmp -s $(KOBJ_DEBUG)/vmlinux $(TOP)/linux; then \
		cp $(KOBJ_DEBUG)/vmlinux $(TOP)/linux.new && \
		mv -f $(TOP)/linux.new $(TOP)/linux || exit 1; \
	fi; \
	cp $(TOP)/tools/linux-gdb.py $(TOP)/linux-gdb.py; \
	echo "  LINUX   ./linux is the debug kernel (gdb ./linux)"
else
linux: config
	@start=$$(date +%s); \
	$(KMAKE) vmlinux || exit 1; \
	if ! cmp -s $(KOBJ)/vmlinux $(TOP)/linux; then \
		cp $(KOBJ)/vmlinux $(TOP)/linux.new && \
		mv -f $(TOP)/linux.new $(TOP)/linux || exit 1; \
	fi; \
	rm -f $(TOP)/linux-gdb.py; \
	echo "  LINUX   ./linux built in $$(( $$(date +%s) - start )) s"
endif

# After ./linux, never beside it (one kernel build tree): the modules
# match the kernel they are installed with.
modules: linux
	@$(KMAKE) modules

# As Debian's user-mode-linux: the kernel is /usr/bin/linux.uml, its
# modules (with modules.dep & co. from depmod) /usr/lib/uml/modules/
# RELEASE; a guest sees them at /lib/modules/RELEASE (hostfs or a copy).
# /usr/bin/linux, Debian's alternatives link, is made when missing.
# DESTDIR must be given (DESTDIR=/ for the host itself).
UML_MODDIR := /usr/lib/uml/modules
install-destdir:
	@[ -n "$(DESTDIR)" ] || { echo "make install: give DESTDIR=DIR (DESTDIR=/ for this host)" >&2; exit 2; }

install: install-destdir linux modules
	@rel=$$(cat $(KOBJ)/include/config/kernel.release) && \
	stage=$(KOBJ)/modules-staging && rm -rf $$stage && \
	$(KMAKE) -s modules_install INSTALL_MOD_PATH=$$stage && \
	rm -f $$stage/lib/modules/$$rel/build && \
	install -D -m 0755 $(TOP)/linux "$(DESTDIR)/usr/bin/linux.uml" && \
	{ [ -e "$(DESTDIR)/usr/bin/linux" ] || [ -L "$(DESTDIR)/usr/bin/linux" ] || \
	  ln -s linux.uml "$(DESTDIR)/usr/bin/linux"; } && \
	mkdir -p "$(DESTDIR)$(UML_MODDIR)" && \
	rm -rf "$(DESTDIR)$(UML_MODDIR)/$$rel" && \
	mv $$stage/lib/modules/$$rel "$(DESTDIR)$(UML_MODDIR)/$$rel" && \
	rm -rf $$stage && \
	echo "  INSTALL $(DESTDIR)/usr/bin/linux.uml, $(DESTDIR)$(UML_MODDIR)/$$rel"

image: linux
	@$(MAKE) -s -C $(TOP)/tests images

run: linux
	@$(TOP)/tools/mkrootfs $(BUILD)/root.img
	$(TOP)/linux ubd0=$(BUILD)/root.img mem=256M con0=fd:0,fd:1

check: linux linux-debug
	@$(TOP)/tests/run

bench: linux
	@$(TOP)/tests/bench.sh

# Not part of check: long, and a worklist (red until the port conforms).
# Both use ./linux as it is (make linux first).
CONF_PKGS := libcap-dev libcap-ng-dev libpopt-dev libnuma-dev libfuse-dev stress-ng
conformance: $(KSRC)/Makefile
	@$(TOP)/tools/ensure-packages $(CONF_PKGS)
	@$(TOP)/tests/conformance/run.sh

# The stressors one by one, then the soak: SOAK_MINUTES (default 30) of
# ABI programs and stressors in one boot (SOAK_MINUTES=0 skips it).
SOAK_MINUTES ?= 30
stress: deps
	@$(TOP)/tools/ensure-packages $(CONF_PKGS)
	@$(TOP)/tests/stress/run.sh
	@[ "$(SOAK_MINUTES)" = 0 ] || $(TOP)/tests/stress/run.sh --soak $(SOAK_MINUTES)

clean:
	rm -rf $(KOBJ) $(KOBJ_DEBUG) $(TOP)/linux $(TOP)/linux-gdb.py

distclean:
	rm -rf $(BUILD) $(TOP)/linux $(TOP)/linux-gdb.py
