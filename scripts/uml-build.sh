#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a User-Mode Linux kernel that nfs41conn is tested in.
#
# Usage: uml-build.sh [--lean] [SERIES]
#   SERIES   6.1 or 6.12 (default: the last of NFS41CONN_KERNELS_SUPPORTED)
#   --lean   the bench's kernel (scripts/bench.sh): the same fragment with
#            the options that only check turned off (lean_off below)
#
# Installs what is missing, unpacks Debian's linux-source-SERIES into the
# cache, configures "make ARCH=um defconfig" plus scripts/uml.config, and
# builds it.  The build directory is keyed by the source package version,
# the config fragment, NFS41CONN_UML_RECIPE and, for --lean only, the
# flavour and lean_off, so a change to any of them builds a new kernel and
# an unchanged one is reused.  The test kernel (no --lean) keeps the key
# it had before flavours existed.
#
# Prints the build directory (usable as KDIR with ARCH=um) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

# The lean flavour: what "make check" needs to judge a test, and nothing
# that "make bench" measures needs.  Each word is an option, or a glob of
# options (dependants that go with it), that scripts/uml.config turns on
# and the lean kernel leaves out: the sanitizers (KASAN, kmemleak, UBSAN),
# lockdep's proving and RCU's, and the atomic-sleep, list and object
# checks.  Their lines are dropped from the fragment, each named option is
# set "is not set" over defconfig, and the build fails if one of them (or
# what they selected: LOCKDEP, DEBUG_SPINLOCK, ...) is still on.  Kept:
# everything else in the fragment (KUnit, which nfs41conn_bench.ko is,
# PREEMPT, NFSD, SUNRPC, DEBUG_FS, tracepoints) and defconfig's
# SCHED_DEBUG, which /proc/<pid>/sched (nfsd's CPU time) needs.
lean_off=('KASAN*' 'DEBUG_KMEMLEAK*' 'UBSAN*' PROVE_LOCKING PROVE_RCU
	DEBUG_ATOMIC_SLEEP DEBUG_LIST 'DEBUG_OBJECTS*')
# What turning those off turns off with them, checked after olddefconfig.
lean_gone=(LOCKDEP DEBUG_LOCK_ALLOC DEBUG_SPINLOCK DEBUG_MUTEXES DEBUG_RWSEMS
	TRACE_IRQFLAGS LIST_HARDENED SLUB_RCU_DEBUG)
# And what the lean kernel turns on over the fragment: the compiler's -O2,
# as the kernels servers run are built (Debian's, RHEL's), where UML's
# defconfig asks for -Os.  nfs41conn.ko and nfsd are both built with it.
lean_on=(CC_OPTIMIZE_FOR_PERFORMANCE)

flavour=debug
if [ "${1:-}" = --lean ]; then
	flavour=lean
	shift
fi
[ $# -le 1 ] || die "usage: uml-build.sh [--lean] [SERIES]"
series=${1:-${NFS41CONN_KERNELS_SUPPORTED##* }}
case " $NFS41CONN_KERNELS_SUPPORTED " in
*" $series "*) ;;
*) die "kernel series '$series' is not one of: $NFS41CONN_KERNELS_SUPPORTED" ;;
esac
pkg=linux-source-$series

# gdb: scripts/uml-run.sh shows with it where a hung UML was.
need_packages "$pkg" bc flex bison libelf-dev libc6-dev make gcc \
	python3 kmod nfs-kernel-server nfs-common iproute2 util-linux gdb patch

ver=$(dpkg-query -W -f='${Version}' "$pkg")
tarball=/usr/src/$pkg.tar.xz
[ -f "$tarball" ] || die "$tarball not found (is $pkg installed?)"

mkdir -p "$NFS41CONN_CACHE"
exec 9>"$NFS41CONN_CACHE/.lock"
flock 9

# Fixes to the test kernel's own code, one patch per fault, in
# scripts/uml-patches/SERIES/ (each says what it fixes and why), applied
# to the source as it is unpacked.  The unpacked source records which
# patches it has, and is unpacked again when they change.  A series
# without patches (6.12) keeps the cache key it had before patches
# existed; one with them is keyed by their text as well.
patches=("$here/uml-patches/$series"/*.patch)
[ -e "${patches[0]}" ] || patches=()
patch_key=
[ ${#patches[@]} -eq 0 ] ||
	patch_key=" $(cat "${patches[@]}" | sha256sum | cut -c1-16)"

src=$NFS41CONN_CACHE/src-$ver/$pkg
if [ ! -f "$src/.nfs41conn-unpacked" ] ||
	[ "$(cat "$src/.nfs41conn-unpacked")" != "$patch_key" ]; then
	msg "unpacking $pkg $ver"
	rm -rf "$NFS41CONN_CACHE/src-$ver"
	mkdir -p "$NFS41CONN_CACHE/src-$ver"
	tar -xJf "$tarball" -C "$NFS41CONN_CACHE/src-$ver"
	for p in "${patches[@]}"; do
		msg "patching $pkg $ver: $(basename "$p")"
		patch -d "$src" -p1 --forward --quiet <"$p" >&2 ||
			die "$(basename "$p") does not apply to $pkg $ver"
	done
	printf '%s' "$patch_key" >"$src/.nfs41conn-unpacked"
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
recipe="$ver $NFS41CONN_UML_RECIPE$patch_key"
[ "$flavour" = debug ] ||
	recipe+=" $flavour ${lean_off[*]} ${lean_gone[*]} on ${lean_on[*]}"
key=$( { echo "$recipe"; cat "$here/uml.config"; } | sha256sum | cut -c1-16)
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

# lean_match OPTION: is OPTION (without CONFIG_) one of lean_off's?
lean_match() {
	local pat
	for pat in "${lean_off[@]}"; do
		# shellcheck disable=SC2053 # $pat is a glob on purpose
		[[ $1 == $pat ]] && return 0
	done
	return 1
}

msg "building the UML $series $flavour kernel in $out" \
	"(about 10 minutes cold on 2 cores)"
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
fragment=$here/uml.config
if [ "$flavour" = lean ]; then
	# The fragment without lean_off's lines, and those options off.
	fragment=$out/uml.config.lean
	while IFS= read -r line; do
		if [[ $line =~ ^(# )?CONFIG_([A-Z0-9_]+)[=\ ] ]] &&
			lean_match "${BASH_REMATCH[2]}"; then
			continue
		fi
		printf '%s\n' "$line"
	done <"$here/uml.config" >"$fragment"
	for opt in "${lean_off[@]}"; do
		echo "# CONFIG_${opt%\*} is not set"
	done >>"$fragment"
	for opt in "${lean_on[@]}"; do
		echo "CONFIG_$opt=y"
	done >>"$fragment"
fi
{
	make -C "$src" ARCH=um O="$out" defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$fragment"
	make -C "$src" ARCH=um O="$out" olddefconfig
} >"$log" 2>&1 || die "configuring failed, see $log"

# Every option the fragment asks for must have survived olddefconfig,
# except those an architecture that cannot preempt (UML 6.1 selects
# ARCH_NO_PREEMPT) cannot have: preemption and the atomic-sleep check,
# which needs the preempt count.
optional=
grep -qx 'CONFIG_ARCH_NO_PREEMPT=y' "$out/.config" &&
	optional="CONFIG_PREEMPT=y CONFIG_DEBUG_ATOMIC_SLEEP=y"
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
	case " $optional " in *" $line "*) continue ;; esac
	grep -qx "$line" "$out/.config" || echo "$line"
done)
[ -z "$missing" ] || die "options not taken by Kconfig: $missing"
if [ "$flavour" = lean ]; then
	left=$(grep -oE '^CONFIG_[A-Z0-9_]+=' "$out/.config" | while read -r line; do
		opt=${line#CONFIG_}
		opt=${opt%=}
		if lean_match "$opt" || [[ " ${lean_gone[*]} " == *" $opt "* ]]; then
			echo "$opt"
		fi
	done)
	[ -z "$left" ] || die "options the lean kernel leaves out are on: $left"
fi

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
