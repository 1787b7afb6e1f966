#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make dkms-check": build nfs41conn the way an admin does, against Debian's
# amd64 kernel headers, and check the Debian package.  Run as root on a
# Debian 12 test machine: it installs packages and the headers, and installs
# and purges nfs41conn-dkms.  For each kernel series in NFS41CONN_KERNEL
# (default: every supported one, scripts/lib.sh) it installs the newest
# headers the archive has for it:
#
#   6.1    linux-headers-6.1.0-<abi>-amd64       (Debian 12's own kernel)
#   6.12   linux-headers-6.12.<n>+deb12-amd64    (Debian 12's newer kernel)
#
# and checks, one case each:
#   - "make module KDIR=/usr/src/linux-headers-<release> W=1" per kernel
#     builds nfs41conn.ko without a warning;
#   - "make deb" builds nfs41conn-dkms_<version>_all.deb, lintian-clean;
#   - per kernel: the package's source finds the same kernel features
#     (Kbuild's probes, scripts/probes/) as the tree;
#   - "apt-get install ./nfs41conn-dkms_<version>_all.deb" succeeds;
#   - per kernel: DKMS built and installed nfs41conn <version> for it
#     ("dkms status"), in /lib/modules/<release>/updates/dkms, with that
#     vermagic and version, and depmod knows it;
#   - "apt-get purge nfs41conn-dkms" leaves nothing: no DKMS tree, no
#     module in updates/dkms, no source in /usr/src, no modules.dep line.
# DKMS builds for every kernel installed with headers, but only the ones
# installed here are checked: the host's kernel is not Debian's.  The
# last line is "N passed, N failed"; the exit status is 0 if none failed.
set -euo pipefail
start=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -qq --no-install-recommends -o DPkg::Lock::Timeout=600)
passed=0
failed=0
finished=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
finish() {
	finished=1
	msg "dkms check took $(($(date +%s) - start)) s"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ] && exit 0
	exit 1
}
# shellcheck disable=SC2317 # called by the trap
on_exit() {
	local rc=$?
	rm -rf "${tmp:-}"
	[ "$finished" = 1 ] && exit "$rc"
	msg "dkms check aborted (status $rc)"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}
trap on_exit EXIT

# Seconds since the last call: each step's time, for the log.
t0=$(date +%s)
took() {
	local t
	t=$(date +%s)
	msg "$1: $((t - t0)) s"
	t0=$t
}

[ "$(id -u)" = 0 ] || die "run as root: this installs packages and a DKMS module"
version=$(make -s -C "$repo" --no-print-directory version)
tmp=$(mktemp -d)

apt-get update -qq >/dev/null || die "apt-get update failed"
need_packages dpkg-dev debhelper dh-dkms dkms lintian
took "tools (dpkg-dev debhelper dh-dkms dkms lintian)"

# The newest amd64 headers of each series, by package name.
releases=()
for series in $NFS41CONN_KERNEL; do
	re="^linux-headers-${series//./\\.}\\.[0-9]+(-[0-9]+|\\+deb[0-9]+)-amd64\$"
	pkg=$(apt-cache pkgnames linux-headers- | grep -E "$re" | sort -V | tail -n 1 || true)
	if [ -z "$pkg" ]; then
		not_ok "headers: no linux-headers package of $series for amd64"
		continue
	fi
	need_packages "$pkg"
	releases+=("${pkg#linux-headers-}")
done
took "headers (${releases[*]})"

# The kernel features Kbuild's probes found (scripts/probes/), from the
# flags an object of the build in $1 was compiled with.
probes() {
	grep -o -- '-DNFS41CONN_HAVE_[A-Z0-9_]*' "$1/nfs41conn/.compat.o.cmd" |
		sed 's/^-DNFS41CONN_HAVE_//' | sort -u || true
}

# A plain kbuild build against each header set, from a fresh copy, W=1.
for rel in "${releases[@]}"; do
	kdir=/usr/src/linux-headers-$rel
	copy_tree "$repo" "$tmp/build"
	log=$tmp/build-$rel.log
	if ! make -C "$tmp/build" KDIR="$kdir" W=1 -j"$(nproc)" module >"$log" 2>&1; then
		sed "s|$tmp/build/||g" "$log" | grep -E -A3 'error|warning' | head -n 40
		not_ok "make module KDIR=$kdir W=1: build failed"
	elif grep -qE 'warning:|WARNING:' "$log"; then
		sed "s|$tmp/build/||g" "$log" | grep -E -A4 'warning:|WARNING:' | head -n 40
		not_ok "make module KDIR=$kdir W=1: warnings"
	else
		ok "make module KDIR=$kdir W=1"
	fi
	probes "$tmp/build" >"$tmp/probes-$rel"
	msg "$rel has: $(xargs <"$tmp/probes-$rel")"
	took "make module W=1 against $rel"
done

# The package, built from a copy as an admin would from a clone.
deb=nfs41conn-dkms_${version}_all.deb
copy_tree "$repo" "$tmp/src"
if ! make -C "$tmp/src" deb >"$tmp/deb.log" 2>&1 || [ ! -f "$tmp/src/$deb" ]; then
	tail -n 30 "$tmp/deb.log"
	not_ok "make deb: no $deb"
	finish
fi
ok "make deb: $deb"
lint=$(lintian --pedantic --fail-on warning "$tmp/src/$deb" 2>&1 | grep -v 'root privileges' || true)
if [ -n "$lint" ]; then
	echo "$lint"
	not_ok "lintian $deb"
else
	ok "lintian $deb"
fi
took "make deb, lintian"

# The package's source must build as the tree does: a probe it lacks would
# not fail the build, only drop a feature.  Compile compat.o from it and
# compare what the probes found.
dpkg-deb -x "$tmp/src/$deb" "$tmp/pkg"
for rel in "${releases[@]}"; do
	src=$tmp/pkg/usr/src/nfs41conn-$version
	make -C "/usr/src/linux-headers-$rel" M="$src" CONFIG_KUNIT= \
		nfs41conn/compat.o >"$tmp/pkg-$rel.log" 2>&1 || true
	if [ ! -f "$src/nfs41conn/.compat.o.cmd" ]; then
		tail -n 20 "$tmp/pkg-$rel.log"
		not_ok "$deb source: compat.o does not build against $rel"
	elif ! diff -u "$tmp/probes-$rel" <(probes "$src") >"$tmp/probes.diff"; then
		cat "$tmp/probes.diff"
		not_ok "$deb source: probes find other features than the tree's for $rel"
	else
		ok "$deb source: probes find the tree's features for $rel"
	fi
	rm -f "$src"/nfs41conn/*.o "$src"/nfs41conn/.*.cmd
done
took "probes of the package's source"

# Start from a machine without nfs41conn in DKMS.
if dpkg-query -W -f='${Status}' nfs41conn-dkms 2>/dev/null | grep -q 'ok installed'; then
	apt-get purge "${apt_opts[@]}" nfs41conn-dkms >/dev/null 2>&1 ||
		die "cannot purge the nfs41conn-dkms installed before"
fi
[ ! -e /var/lib/dkms/nfs41conn ] ||
	die "/var/lib/dkms/nfs41conn exists without the package: dkms remove nfs41conn/<version> --all"

cp "$tmp/src/$deb" "$tmp/$deb"
if apt-get install "${apt_opts[@]}" "$tmp/$deb" >"$tmp/install.log" 2>&1; then
	ok "apt-get install ./$deb"
else
	grep -v readelf "$tmp/install.log" | tail -n 30
	not_ok "apt-get install ./$deb"
fi
took "apt-get install ./$deb (DKMS builds)"

# What DKMS built: one "nfs41conn/<version>, <release>, <arch>: installed"
# line per kernel.
status=$(dkms status nfs41conn 2>/dev/null | grep -v readelf || true)
built=$(echo "$status" | sed -n 's|^nfs41conn/[^,]*, \([^,]*\), [^:]*: installed$|\1|p' | xargs)
msg "DKMS built nfs41conn $version for: ${built:-no kernel}"
for k in /lib/modules/*/build; do
	[ -e "$k" ] || continue
	k=${k%/build}
	k=${k#/lib/modules/}
	case " $built " in *" $k "*) ;; *) msg "  not for $k (it has headers)" ;; esac
done
for rel in "${releases[@]}"; do
	ko=$(find "/lib/modules/$rel/updates/dkms" -name 'nfs41conn.ko*' 2>/dev/null | head -n 1 || true)
	why=""
	if ! echo "$status" | grep -qxF "nfs41conn/$version, $rel, x86_64: installed"; then
		why="dkms status has no 'installed' for it"
	elif [ -z "$ko" ]; then
		why="no nfs41conn.ko in /lib/modules/$rel/updates/dkms"
	elif [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" != "$rel" ]; then
		why="$ko has vermagic $(modinfo -F vermagic "$ko")"
	elif [ "$(modinfo -F version "$ko")" != "$version" ]; then
		why="$ko has version $(modinfo -F version "$ko")"
	elif ! grep -q '^updates/dkms/nfs41conn\.ko' "/lib/modules/$rel/modules.dep" 2>/dev/null; then
		why="not in /lib/modules/$rel/modules.dep"
	fi
	if [ -n "$why" ]; then
		log=/var/lib/dkms/nfs41conn/$version/build/make.log
		[ -f "$log" ] && tail -n 20 "$log"
		not_ok "dkms: nfs41conn $version for $rel: $why"
	else
		ok "dkms: nfs41conn $version built and installed for $rel"
	fi
done

# Purge: DKMS removes what it built and installed, for every kernel.
left=""
if ! apt-get purge "${apt_opts[@]}" nfs41conn-dkms >"$tmp/purge.log" 2>&1; then
	grep -v readelf "$tmp/purge.log" | tail -n 30
	left="apt-get purge failed"
fi
for f in /var/lib/dkms/nfs41conn /usr/src/nfs41conn-* /lib/modules/*/updates/dkms/nfs41conn.ko*; do
	[ -e "$f" ] && left="$left $f"
done
for dep in /lib/modules/*/modules.dep; do
	[ -f "$dep" ] && grep -q nfs41conn "$dep" && left="$left nfs41conn in $dep"
done
if dkms status nfs41conn 2>/dev/null | grep -q nfs41conn; then
	left="$left dkms status still lists nfs41conn"
fi
if [ -n "$left" ]; then
	not_ok "apt-get purge nfs41conn-dkms: left$left"
else
	ok "apt-get purge nfs41conn-dkms leaves nothing"
fi
took "apt-get purge nfs41conn-dkms"

finish
