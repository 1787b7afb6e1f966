#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) the User-Mode Linux kernel that nfs41conn is tested in.
#
# Installs what is missing, unpacks Debian's linux-source-6.12 into the
# cache, configures "make ARCH=um defconfig" plus scripts/uml.config, and
# builds it.  The build directory is keyed by the source package version,
# the config fragment and NFS41CONN_UML_RECIPE, so a change to any of them
# builds a new kernel and an unchanged one is reused.
#
# Prints the build directory (usable as KDIR with ARCH=um) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

need_packages "$NFS41CONN_KSRC_PKG" bc flex bison libelf-dev libc6-dev make gcc \
	python3 kmod nfs-kernel-server nfs-common iproute2 util-linux

ver=$(dpkg-query -W -f='${Version}' "$NFS41CONN_KSRC_PKG")
tarball=/usr/src/$NFS41CONN_KSRC_PKG.tar.xz
[ -f "$tarball" ] || die "$tarball not found (is $NFS41CONN_KSRC_PKG installed?)"

mkdir -p "$NFS41CONN_CACHE"
exec 9>"$NFS41CONN_CACHE/.lock"
flock 9

src=$NFS41CONN_CACHE/src-$ver/$NFS41CONN_KSRC_PKG
if [ ! -f "$src/.nfs41conn-unpacked" ]; then
	msg "unpacking $NFS41CONN_KSRC_PKG $ver"
	rm -rf "$NFS41CONN_CACHE/src-$ver"
	mkdir -p "$NFS41CONN_CACHE/src-$ver"
	tar -xJf "$tarball" -C "$NFS41CONN_CACHE/src-$ver"
	touch "$src/.nfs41conn-unpacked"
fi

# UML 6.12 keeps the host's XSAVE area in a buffer sized for AVX-512
# (2696 bytes).  A host with more state (AMX: 11008) has the kernel refuse
# PTRACE_SETREGSET with a shorter buffer (EFAULT), and UML kills init at
# once ("ptrace set fp regs failed, errno = 14").  Linux 6.13 sizes it at
# run time; here it is set to this host's size (CPUID leaf 0xd) at build
# time, and the size is part of the cache key.
xsave_probe=$NFS41CONN_CACHE/xsave-size
printf '%s\n' '#include <cpuid.h>' '#include <stdio.h>' \
	'int main(void) { unsigned int a, b, c, d;' \
	'if (!__get_cpuid_count(0xd, 0, &a, &b, &c, &d)) return 1;' \
	'printf("%u\n", c); return 0; }' >"$xsave_probe.c"
gcc -O2 -o "$xsave_probe" "$xsave_probe.c" || die "cannot build $xsave_probe.c"
xsave=$("$xsave_probe") || die "CPUID leaf 0xd not available"
[ "$xsave" -ge 2696 ] || xsave=2696
offsets=$src/arch/x86/um/user-offsets.c
grep -qE 'DEFINE_LONGS\(HOST_FP_SIZE, [0-9]+\);' "$offsets" ||
	die "$offsets: no HOST_FP_SIZE to size for this host"
sed -i -E "s/DEFINE_LONGS\(HOST_FP_SIZE, [0-9]+\);/DEFINE_LONGS(HOST_FP_SIZE, $xsave);/" \
	"$offsets"

# Bump when the way the kernel is configured or built below changes.
NFS41CONN_UML_RECIPE=2
key=$( { echo "$ver $NFS41CONN_UML_RECIPE xsave=$xsave"; cat "$here/uml.config"; } |
	sha256sum | cut -c1-16)
out=$NFS41CONN_CACHE/uml-$key
if [ -f "$out/.nfs41conn-built" ]; then
	echo "$out"
	exit 0
fi

msg "building the UML kernel in $out (about 10 minutes cold on 2 cores)"
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
{
	make -C "$src" ARCH=um O="$out" defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$here/uml.config"
	make -C "$src" ARCH=um O="$out" olddefconfig
} >"$log" 2>&1 || die "configuring failed, see $log"

# Every option the fragment asks for must have survived olddefconfig.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$here/uml.config" | while read -r line; do
	grep -qx "$line" "$out/.config" || echo "$line"
done)
[ -z "$missing" ] || die "options not taken by Kconfig: $missing"

make -C "$src" ARCH=um O="$out" -j"$(nproc)" >>"$log" 2>&1 ||
	die "kernel build failed, see $log"
touch "$out/.nfs41conn-built"
# Drop builds made from older fragments: each is about 1 GB.  Only kernel
# build directories (uml-<key>), not uml-run.sh's uml-state and uml-tmp.
for old in "$NFS41CONN_CACHE"/uml-*; do
	[[ ${old##*/} =~ ^uml-[0-9a-f]{16}$ ]] || continue
	[ "$old" = "$out" ] || rm -rf "$old"
done
echo "$out"
