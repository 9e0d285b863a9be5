#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# dpkg-guard.sh: keeps "make install" and "make uninstall" on the live
# system off the files of Debian packages (userspace/Makefile).
#
# Usage: dpkg-guard.sh install DPKG FILE...
#          exit 1, naming them, when a package owns any FILE
#        dpkg-guard.sh uninstall DPKG FILE...
#          rm -f every FILE that no package owns, and none that is the
#          target of a FILE link a package owns (vmw-rpctool-compat's
#          vmware-rpctool -> vmw-rpctool); names the ones left alone
#
# DPKG empty or not installed: no package owns anything (a DESTDIR
# staging tree).
#
# dpkg -S matches the path's text as the package spelled it, so each FILE
# is asked for with its directory made canonical (realpath: no "//", no
# "..", /bin on merged /usr becomes /usr/bin) and under both spellings of
# merged /usr's aliases (/usr/bin/X and /bin/X, /usr/lib/X and /lib/X,
# ...): a package of before the merge still owns /bin/X, which is
# /usr/bin/X on the merged system (dash's /bin/sh, for one).
set -euo pipefail

mode=$1 dpkg=$2
shift 2

canonical() { # FILE
	local dir
	dir=$(realpath -m -- "$(dirname -- "$1")")
	echo "${dir%/}/$(basename -- "$1")"
}

# The merged-/usr aliases of a canonical path (dpkg's and usrmerge's
# list of the directories /X -> /usr/X).
spellings() { # CANONICAL
	local p=$1 d
	echo "$p"
	for d in bin sbin lib lib32 lib64 libx32 libo32; do
		case $p in
		/usr/"$d"/*) echo "${p#/usr}" ;;
		/"$d"/*) echo "/usr$p" ;;
		esac
	done
}

# "CANONICAL<TAB>PACKAGES" for each FILE a package owns.
owned() { # FILE...
	local f c s line pkgs path out rc=0
	local -A canon=()
	local -a ask=()
	[ -n "$dpkg" ] && command -v "$dpkg" >/dev/null 2>&1 || return 0
	for f; do
		c=$(canonical "$f")
		while IFS= read -r s; do
			canon[$s]=$c
			ask+=("$s")
		done < <(spellings "$c")
	done
	# Exit status 1 when some path is no package's: the normal case.
	# Anything else (2: dpkg cannot read its database, ...) says nothing
	# of who owns what: stop, touching nothing.
	out=$("$dpkg" -S "${ask[@]}" 2>/dev/null) || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "$mode: $dpkg -S failed (exit status $rc): cannot tell which files Debian packages own, so nothing is touched" >&2
		return 2
	fi
	printf '%s\n' "$out" | while IFS= read -r line; do
		case $line in "diversion by "*) continue ;; esac
		pkgs=${line%%: /*}
		path=/${line#*: /}
		if [ -n "${canon[$path]+set}" ]; then
			printf '%s\t%s\n' "${canon[$path]}" "$pkgs"
		fi
	done | LC_ALL=C sort -u
}

list=$(owned "$@")
case $mode in
install)
	[ -z "$list" ] && exit 0
	while IFS=$'\t' read -r path pkgs; do
		echo "install: $path belongs to a Debian package ($pkgs): not touching it, nothing installed" >&2
	done <<<"$list"
	exit 1
	;;
uninstall)
	declare -A keep=()
	while IFS=$'\t' read -r path pkgs; do
		[ -n "$path" ] || continue
		echo "uninstall: $path belongs to a Debian package ($pkgs): left alone" >&2
		keep[$path]=1
		if [ -L "$path" ]; then
			t=$(readlink -- "$path")
			case $t in /*) ;; *) t=$(dirname -- "$path")/$t ;; esac
			t=$(canonical "$t")
			echo "uninstall: $t is what that link points to: left alone" >&2
			keep[$t]=1
		fi
	done <<<"$list"
	rm=()
	for f; do
		[ -n "${keep[$(canonical "$f")]+set}" ] || rm+=("$f")
	done
	if [ "${#rm[@]}" -gt 0 ]; then
		echo "rm -f ${rm[*]}"
		rm -f -- "${rm[@]}"
	fi
	;;
*)
	echo "dpkg-guard.sh: mode install or uninstall, not \"$mode\"" >&2
	exit 2
	;;
esac
