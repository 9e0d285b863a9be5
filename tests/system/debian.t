#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian source package as a build daemon meets it, on this host (no
# root, no VM; tests/vm/t/85-packages.t builds, installs and boots the
# binary packages):
#   - sbuild's default (apt) resolver installs only the first alternative
#     of each Build-Depends entry. debian/control's Build-Depends,
#     -Arch and -Indep reduced so (Dpkg::Deps, with the architecture and
#     build profiles dpkg-checkbuilddeps uses: DEB_BUILD_PROFILES, none by
#     default) must be installable from this machine's apt sources into an
#     empty system ("apt-get -s satisfy" against an empty dpkg status): a
#     package the release lacks fails here, as it fails sbuild
#   - "debian/rules clean" works without any pkg-config .pc file (a
#     pkg-config that finds nothing first in PATH): nothing in
#     debian/rules may need the build machine's udev.pc or systemd.pc
#   - "dpkg-source -b" keeps debian/'s symlinks (the udev rule's
#     debian/vmw-rpc-tools.vmw_rpc.udev -> ../userspace/udev/...): the
#     extracted source has the same ones
# On a git clone of this tree's HEAD (uncommitted changes are not tested).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/lib.sh"

why=
for c in git perl apt-get dpkg-source dh; do
	command -v "$c" >/dev/null || { why="no $c (tests/deps.sh installs it)"; break; }
done
if [ -n "$why" ]; then
	tap_skip "the Debian source package: build dependencies, clean, dpkg-source -b" "$why"
	tap_done
	exit
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vmw-debian.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/vmw-rpc
if ! tap_run "git clone of HEAD" git clone -q "$st_top" "$src"; then
	tap_done
	exit
fi

# ---- Build-Depends, first alternatives -------------------------------
# One line: the entries, each reduced to its first alternative, after
# the architecture and build profile restrictions (dpkg-checkbuilddeps'
# reading of them).
first_alternatives() { # CONTROL
	perl - "$1" <<'EOF'
use strict;
use warnings;
use Dpkg::Control::Info;
use Dpkg::Deps;
use Dpkg::Arch qw(get_host_arch);
use Dpkg::BuildProfiles qw(get_build_profiles);

my $source = Dpkg::Control::Info->new($ARGV[0])->get_source();
my @first;
foreach my $field (qw(Build-Depends Build-Depends-Arch Build-Depends-Indep)) {
	next unless defined $source->{$field};
	my $deps = deps_parse($source->{$field}, build_dep => 1,
		reduce_restrictions => 1, host_arch => get_host_arch(),
		build_profiles => [get_build_profiles()])
		or die "$field: cannot parse\n";
	foreach my $dep ($deps->get_deps()) {
		($dep) = $dep->get_deps() if $dep->isa('Dpkg::Deps::OR');
		push @first, $dep->output();
	}
}
print join(', ', @first), "\n";
EOF
}
deps=$(first_alternatives "$src/debian/control")
tap_ok $? "Build-Depends reduced to first alternatives: $deps"

# The package lists apt-get update fetched for the configured sources.
have_lists=0
# shellcheck disable=SC2016 # $(FILENAME) is apt's field, not the shell's
while read -r f; do
	[ -e "$f" ] && have_lists=1
done < <(apt-get indextargets --format '$(FILENAME)' 'Created-By: Packages' 2>/dev/null)
if [ "$have_lists" = 0 ]; then
	tap_skip "sbuild's resolution: they install from the apt sources into an empty system" \
		"no apt package lists (apt-get update; tests/deps.sh runs it when it installs)"
elif [ -n "$deps" ]; then
	: >"$work/status"
	tap_run "sbuild's resolution: they install from the apt sources into an empty system" \
		apt-get -s -o Dir::State::status="$work/status" satisfy "$deps"
fi

# ---- debian/rules clean without .pc files -----------------------------
mkdir -p "$work/bin"
printf '#!/bin/sh\n# No .pc file at all: every query fails, as pkg-config does then.\nexit 1\n' \
	>"$work/bin/pkg-config"
chmod +x "$work/bin/pkg-config"
rules_clean() {
	(cd "$src" && PATH="$work/bin:$PATH" debian/rules clean)
}
tap_run "debian/rules clean with a pkg-config that knows no .pc file (no udev.pc)" rules_clean
tap_is "$(git -C "$src" status --porcelain --ignored)" "" "it leaves the clone as checked out"

# ---- dpkg-source -b keeps debian/'s symlinks ---------------------------
links() { # DIR: debian/'s symlinks and their targets
	(cd "$1" && find debian -type l -printf '%p -> %l\n' | LC_ALL=C sort)
}
src_links=$(links "$src")
is_some() { [ -n "$1" ]; }
is_some "$src_links"
tap_ok $? "debian/ has symlinks (the udev rule's)"
[ -z "$src_links" ] || echo "$src_links" | tap_diag
build_extract() {
	(cd "$work" && dpkg-source -b vmw-rpc && dpkg-source -x ./*.dsc extracted)
}
if tap_run "dpkg-source -b, then dpkg-source -x" build_extract; then
	tap_is "$(links "$work/extracted")" "$src_links" "the source package has the same symlinks in debian/"
fi
tap_done
