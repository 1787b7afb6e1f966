# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared settings for the nfs41conn scripts.  Sourced, not run.

# Where the unpacked kernel source and the UML build are kept.  Outside the
# work tree so that a fresh clone reuses them, and outside /tmp because the
# UML init script mounts tmpfs over /tmp.
if [ -z "${NFS41CONN_CACHE:-}" ]; then
	if [ "$(id -u)" = 0 ]; then
		NFS41CONN_CACHE=/var/cache/nfs41conn
	else
		NFS41CONN_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/nfs41conn
	fi
fi
export NFS41CONN_CACHE

# The kernels nfs41conn is tested on: each is a UML kernel built from
# Debian's linux-source-<series> package.  NFS41CONN_KERNEL picks one (or
# a list) while developing; "make check" tests every one by default.
NFS41CONN_KERNELS_SUPPORTED="6.1 6.12"
NFS41CONN_KERNEL=${NFS41CONN_KERNEL:-$NFS41CONN_KERNELS_SUPPORTED}
export NFS41CONN_KERNEL

msg() { printf 'nfs41conn: %s\n' "$*" >&2; }
die() { msg "error: $*"; exit 1; }

# uml_visible NAME DIR: fail unless DIR lies outside what uml-init.sh
# mounts tmpfs over inside UML, so that UML sees what the host wrote there.
uml_visible() {
	case $2 in
	/tmp | /tmp/* | /run | /run/* | /var/tmp | /var/tmp/* | /var/lib/nfs*)
		die "$1=$2 is hidden by tmpfs inside UML" ;;
	esac
}

# lock_work_dir JOB: set work to NFS41CONN_WORK (default NFS41CONN_CACHE),
# made and absolute, and hold its lock for JOB ("check", "bench") on file
# descriptor 8, waiting for another JOB using it to finish.  Call it in
# the script's own shell, not in $(...), which would drop the lock.
lock_work_dir() {
	work=${NFS41CONN_WORK:-$NFS41CONN_CACHE}
	mkdir -p "$work"
	work=$(cd "$work" && pwd)
	uml_visible NFS41CONN_WORK "$work"
	exec 8>"$work/.$1-lock"
	if ! flock -n 8; then
		msg "waiting for another make $1 to finish"
		flock 8
	fi
}

# Install the Debian packages in "$@" that are not installed yet.
need_packages() {
	local missing="" p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages:$missing (run as root or install them)"
	msg "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		die "apt-get install$missing failed"
}

# copy_tree SRC DST: a fresh copy of the module tree SRC in DST, without
# .git and build products, to build from: every file is compiled every
# time, and the work tree gets no build products.
copy_tree() {
	rm -rf "$2"
	mkdir -p "$2"
	tar -C "$1" -cf - --exclude=./.git --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' \
		--exclude=modules.order --exclude=Module.symvers . |
		tar -C "$2" -xf -
}
