# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of nfs41conn.ko.  Kbuild lists the objects.
#
#   make                  build against the running kernel (KDIR)
#   make KDIR=<dir>       build against another kernel build directory
#   make check            build a UML kernel (cached), run every test in it
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

all: modules

modules:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "nfs41conn: no kernel build directory at $(KDIR)." >&2; \
		echo "  Install the headers (apt-get install linux-headers-$$(uname -r))," >&2; \
		echo "  pass KDIR=<dir>, or use 'make check', which builds a UML" >&2; \
		echo "  kernel (scripts/uml-build.sh) and tests the module in it." >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(PWD) modules

check:
	scripts/check.sh

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; \
	else rm -rf *.o *.ko *.mod *.mod.c .*.cmd modules.order Module.symvers \
		nfs41conn/*.o nfs41conn/.*.cmd kunit/*.o kunit/.*.cmd .tmp_versions; fi

.PHONY: all modules check clean
