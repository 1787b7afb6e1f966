#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a User-Mode Linux kernel that nfs41conn is tested in.
#
# Usage: uml-build.sh [SERIES]   SERIES: 6.1 or 6.12 (default: the last of
#                                NFS41CONN_KERNELS_SUPPORTED)
#
# Installs what is missing, unpacks Debian's linux-source-SERIES into the
# cache, configures "make ARCH=um defconfig" plus scripts/uml.config, and
# builds it.  The build directory is keyed by the source package version,
# the config fragment and NFS41CONN_UML_RECIPE, so a change to any of them
# builds a new kernel and an unchanged one is reused.
#
# Prints the build directory (usable as KDIR with ARCH=um) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

series=${1:-${NFS41CONN_KERNELS_SUPPORTED##* }}
case " $NFS41CONN_KERNELS_SUPPORTED " in
*" $series "*) ;;
*) die "kernel series '$series' is not one of: $NFS41CONN_KERNELS_SUPPORTED" ;;
esac
pkg=linux-source-$series

# gdb: scripts/uml-run.sh shows with it where a hung UML was.
need_packages "$pkg" bc flex bison libelf-dev libc6-dev make gcc \
	python3 kmod nfs-kernel-server nfs-common iproute2 util-linux gdb

ver=$(dpkg-query -W -f='${Version}' "$pkg")
tarball=/usr/src/$pkg.tar.xz
[ -f "$tarball" ] || die "$tarball not found (is $pkg installed?)"

mkdir -p "$NFS41CONN_CACHE"
exec 9>"$NFS41CONN_CACHE/.lock"
flock 9

src=$NFS41CONN_CACHE/src-$ver/$pkg
if [ ! -f "$src/.nfs41conn-unpacked" ]; then
	msg "unpacking $pkg $ver"
	rm -rf "$NFS41CONN_CACHE/src-$ver"
	mkdir -p "$NFS41CONN_CACHE/src-$ver"
	tar -xJf "$tarball" -C "$NFS41CONN_CACHE/src-$ver"
	touch "$src/.nfs41conn-unpacked"
fi

# UML (6.1 and 6.12) hands the host's XSAVE area to ptrace(PTRACE_SETREGSET,
# NT_X86_XSTATE) with a size fixed when it is built (HOST_FP_SIZE in
# arch/x86/um/user-offsets.c: 2696 bytes), and the host kernel takes no
# size but its own: on a host with more state (AMX: 11008 bytes) every UML
# process dies at its first signal ("userspace - ptrace set fp regs
# failed, errno = 14"), init first.  Build for this host's size, which a
# traced child's PTRACE_GETREGSET tells.  A build made for another size is
# made again: make redoes only what depends on it.
host_xstate_size() {
	local bin=$NFS41CONN_CACHE/xstate-size
	gcc -O2 -x c -o "$bin" - <<'EOF_C' >/dev/null 2>&1 || return 1
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 16];
	struct iovec iov = { buf, sizeof(buf) };
	int status, ok;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok = ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov) == 0;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (!ok)
		return 1;
	printf("%zu\n", iov.iov_len);
	return 0;
}
EOF_C
	"$bin"
}
fp_size=$(host_xstate_size) || fp_size=
offsets=$src/arch/x86/um/user-offsets.c
if [ -n "$fp_size" ]; then
	[ "$(grep -c 'DEFINE_LONGS(HOST_FP_SIZE, [0-9][0-9]*);' "$offsets")" = 1 ] ||
		die "HOST_FP_SIZE not found in $offsets"
	grep -q "DEFINE_LONGS(HOST_FP_SIZE, $fp_size);" "$offsets" ||
		sed -i "s/DEFINE_LONGS(HOST_FP_SIZE, [0-9][0-9]*);/DEFINE_LONGS(HOST_FP_SIZE, $fp_size);/" \
			"$offsets"
else
	msg "could not find the host's XSAVE size; UML may not start"
fi

# Bump when the way the kernel is configured or built below changes.
NFS41CONN_UML_RECIPE=1
key=$( { echo "$ver $NFS41CONN_UML_RECIPE"; cat "$here/uml.config"; } |
	sha256sum | cut -c1-16)
out=$NFS41CONN_CACHE/uml-$key
if [ -f "$out/.nfs41conn-built" ]; then
	if [ "$(cat "$out/.nfs41conn-fp-size" 2>/dev/null)" != "$fp_size" ]; then
		msg "rebuilding the UML kernel in $out for this host's XSAVE size ($fp_size bytes)"
		make -C "$src" ARCH=um O="$out" -j"$(nproc)" >>"$out/build.log" 2>&1 ||
			die "kernel build failed, see $out/build.log"
		echo "$fp_size" >"$out/.nfs41conn-fp-size"
	fi
	touch "$out/.nfs41conn-used"
	echo "$out"
	exit 0
fi

msg "building the UML $series kernel in $out (about 10 minutes cold on 2 cores)"
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
{
	make -C "$src" ARCH=um O="$out" defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$here/uml.config"
	make -C "$src" ARCH=um O="$out" olddefconfig
} >"$log" 2>&1 || die "configuring failed, see $log"

# Every option the fragment asks for must have survived olddefconfig,
# except those an architecture that cannot preempt (UML 6.1 selects
# ARCH_NO_PREEMPT) cannot have: preemption and the atomic-sleep check,
# which needs the preempt count.
optional=
grep -qx 'CONFIG_ARCH_NO_PREEMPT=y' "$out/.config" &&
	optional="CONFIG_PREEMPT=y CONFIG_DEBUG_ATOMIC_SLEEP=y"
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$here/uml.config" | while read -r line; do
	case " $optional " in *" $line "*) continue ;; esac
	grep -qx "$line" "$out/.config" || echo "$line"
done)
[ -z "$missing" ] || die "options not taken by Kconfig: $missing"

make -C "$src" ARCH=um O="$out" -j"$(nproc)" >>"$log" 2>&1 ||
	die "kernel build failed, see $log"
echo "$fp_size" >"$out/.nfs41conn-fp-size"
touch "$out/.nfs41conn-built" "$out/.nfs41conn-used"
# Drop builds made from other fragments and not used for two days: each
# is over 1 GB.  Not sooner: checks of branches with another fragment may
# share this cache, and each would build its kernel again, and drop this
# one.  Only kernel build directories (uml-<key>), not uml-run.sh's
# uml-state and uml-tmp.
for old in "$NFS41CONN_CACHE"/uml-*; do
	[[ ${old##*/} =~ ^uml-[0-9a-f]{16}$ ]] || continue
	[ "$old" = "$out" ] && continue
	used=$old/.nfs41conn-used
	[ -f "$used" ] || used=$old/.nfs41conn-built
	[ -n "$(find "$used" -mmin -2880 2>/dev/null)" ] || rm -rf "$old"
done
echo "$out"
