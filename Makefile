# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of nfs41conn.ko.  Kbuild lists the objects.
#
#   make                  build against the running kernel (KDIR)
#   make KDIR=<dir>       build against another kernel build directory
#   make install          install nfs41conn.ko for KDIR's kernel in
#                         /lib/modules/<release>/$(INSTALL_MOD_DIR), depmod;
#                         DESTDIR or INSTALL_MOD_PATH: stage under that root
#                         instead (without depmod)
#   make dkms-source      install the sources DKMS builds from in
#                         /usr/src/nfs41conn-<version> (under DESTDIR if set)
#   make deb              build the Debian package
#                         nfs41conn-dkms_<version>_all.deb (debian/)
#   make version          print the version: MODULE_VERSION in main.c
#   make check            build a UML kernel (cached), run every test in it
#   make dkms-check       as root on a Debian 12 test machine: build against
#                         Debian's 6.1 and 6.12 headers, with DKMS from the
#                         package, and purge it (scripts/dkms-check.sh)
#   make demo             build the same, show nfs41conn at work in it
#   make bench            build the same, measure what nfs41conn costs in it
#                         (Documentation/bench.rst)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)
INSTALL_MOD_DIR ?= extra
INSTALL_MOD_PATH ?= $(DESTDIR)
KERNELRELEASE_OF_KDIR = $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
# The one version of nfs41conn: MODULE_VERSION in nfs41conn/main.c.  DKMS,
# the Debian package and its file name take it from here.
VERSION := $(shell sed -n 's/^MODULE_VERSION("\([^"]*\)");$$/\1/p' nfs41conn/main.c 2>/dev/null)
# What "make module" needs, and so what DKMS gets: the sources and the
# feature probes Kbuild compiles against each kernel; no tests.
DKMS_FILES = Kbuild Makefile $(wildcard nfs41conn/*.[ch]) \
	$(shell find include -type f -name '*.h' 2>/dev/null) \
	$(wildcard scripts/probes/*)
DKMS_SRC = $(DESTDIR)/usr/src/nfs41conn-$(VERSION)

all: modules

modules: kdir
	$(MAKE) -C $(KDIR) M=$(PWD) modules

# nfs41conn.ko alone, for "make install" and DKMS: the KUnit module, built
# when the kernel has CONFIG_KUNIT, is for "make check" and not installed.
module: kdir
	$(MAKE) -C $(KDIR) M=$(PWD) CONFIG_KUNIT= modules

install: module
	$(MAKE) -C $(KDIR) M=$(PWD) CONFIG_KUNIT= \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(INSTALL_MOD_PATH),INSTALL_MOD_PATH=$(INSTALL_MOD_PATH)) \
		modules_install
	@if [ -z "$(INSTALL_MOD_PATH)" ]; then \
		rel="$(KERNELRELEASE_OF_KDIR)"; \
		[ -n "$$rel" ] || { echo "nfs41conn: no kernel release in $(KDIR)" >&2; exit 1; }; \
		echo "  DEPMOD  $$rel"; \
		depmod -a "$$rel"; \
	fi

kdir:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "nfs41conn: no kernel build directory at $(KDIR)." >&2; \
		echo "  Install the headers (apt-get install linux-headers-$$(uname -r))," >&2; \
		echo "  pass KDIR=<dir>, or use 'make check', which builds a UML" >&2; \
		echo "  kernel (scripts/uml-build.sh) and tests the module in it." >&2; \
		exit 1; \
	fi

version: have-version
	@echo "$(VERSION)"

have-version:
	@if [ -z "$(VERSION)" ]; then \
		echo "nfs41conn: no MODULE_VERSION(\"...\"); in nfs41conn/main.c" >&2; \
		exit 1; \
	fi

# The tree DKMS builds from, with its dkms.conf: "dkms install
# nfs41conn/<version>" then builds and installs for a kernel.  The Debian
# package ships the same (debian/rules calls this).
dkms-source: have-version
	@echo "  DKMS    $(DKMS_SRC)"
	@for f in $(DKMS_FILES); do \
		install -D -m 644 "$$f" "$(DKMS_SRC)/$$f" || exit 1; \
	done
	@sed 's/#MODULE_VERSION#/$(VERSION)/g' dkms.conf >"$(DKMS_SRC)/dkms.conf"

# nfs41conn-dkms_<version>_all.deb, by dpkg-buildpackage from a copy of
# what the package needs, so that debian/rules never touches a build in
# this tree.  Build-depends on debhelper and dh-dkms (debian/control).
DEB_TREE = $(DKMS_FILES) dkms.conf README Documentation/admin-guide.rst debian
DEB_BUILD = .deb-build
deb: have-version
	@command -v dpkg-buildpackage >/dev/null || { \
		echo "nfs41conn: make deb needs dpkg-dev, debhelper and dh-dkms:" >&2; \
		echo "  apt-get install dpkg-dev debhelper dh-dkms" >&2; \
		exit 1; }
	rm -rf $(DEB_BUILD)
	mkdir -p $(DEB_BUILD)/nfs41conn-$(VERSION)
	tar -cf - $(DEB_TREE) | tar -C $(DEB_BUILD)/nfs41conn-$(VERSION) -xf -
	cd $(DEB_BUILD)/nfs41conn-$(VERSION) && dpkg-buildpackage --build=all --no-sign
	mv $(DEB_BUILD)/nfs41conn-dkms_$(VERSION)_all.deb .
	rm -rf $(DEB_BUILD)
	@echo "nfs41conn: built nfs41conn-dkms_$(VERSION)_all.deb"

check:
	scripts/check.sh

# As root on a Debian 12 test machine: Debian's headers, DKMS, the package.
dkms-check:
	scripts/dkms-check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

clean:
	@rm -rf $(DEB_BUILD)
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; \
	else rm -rf *.o *.ko *.mod *.mod.c .*.cmd modules.order Module.symvers \
		nfs41conn/*.o nfs41conn/.*.cmd kunit/*.o kunit/.*.cmd .tmp_versions; fi

.PHONY: all modules module install kdir version have-version dkms-source deb check dkms-check demo bench clean
