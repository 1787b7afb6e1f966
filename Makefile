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
#   make check            build a UML kernel (cached), run every test in it
#   make demo             build the same, show nfs41conn at work in it
#   make bench            build the same, measure what nfs41conn costs in it
#                         (Documentation/bench.rst)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)
INSTALL_MOD_DIR ?= extra
INSTALL_MOD_PATH ?= $(DESTDIR)
KERNELRELEASE_OF_KDIR = $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)

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

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; \
	else rm -rf *.o *.ko *.mod *.mod.c .*.cmd modules.order Module.symvers \
		nfs41conn/*.o nfs41conn/.*.cmd kunit/*.o kunit/.*.cmd .tmp_versions; fi

.PHONY: all modules module install kdir check demo bench clean
