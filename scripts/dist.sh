#!/usr/bin/env bash
# make dist: a deploydiff that runs without the Swift toolchain, and its Debian package.
#
#   out/dist/deploydiff                 release binary, Swift runtime linked statically, stripped,
#                                       with a .gnu_debuglink to deploydiff.debug
#   out/dist/deploydiff.debug           its debug symbols (objcopy --only-keep-debug)
#   out/dist/deploydiff_<v>_<arch>.deb  /usr/bin/deploydiff, man page, bash/zsh/fish completions;
#                                       Depends computed from the libraries the binary loads
#   out/dist/deploydiff-dbgsym_<v>_<arch>.deb   the debug symbols under /usr/lib/debug/.build-id
#
# The commit is embedded through the environment: Package.swift turns DEPLOYDIFF_GIT_COMMIT into a C define
# of one small target (Sources/CBuildInfo), so no source file is rewritten, a new commit recompiles one C
# file and relinks, and a plain `swift build` prints "unknown". A DEPLOYDIFF_GIT_COMMIT already set wins
# (a build from a source tarball). The binary's --version is checked below either way.
# Build-time Debian packages (libcurl4-openssl-dev for FoundationNetworking, dpkg-dev, help2man) are
# installed by `make dist-deps`. DEB_COMPRESS="-Zxz -z9" sets dpkg-deb's compression (default -Zxz -z3).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
SWIFT="${SWIFT:-swift}"
scratch="${DIST_SCRATCH:-$root/.build-dist}"
out="$root/out/dist"
die() { echo "dist: $*" >&2; exit 2; }

# --- what we build -------------------------------------------------------------------------------
version="$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/deploydiff/Subcommands/Deploydiff.swift | head -1)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || die "no version found in Sources/deploydiff/Subcommands/Deploydiff.swift"
if [ -n "${DEPLOYDIFF_GIT_COMMIT:-}" ]; then
  commit="$DEPLOYDIFF_GIT_COMMIT"
elif commit="$(git rev-parse --short=12 HEAD 2>/dev/null)"; then
  # Uncommitted changes to tracked files: the binary is not exactly that commit.
  [ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
else
  commit="unknown"
fi
[[ "$commit" =~ ^[A-Za-z0-9._-]+$ ]] || die "unexpected commit string: $commit"
arch="$(dpkg --print-architecture)"
echo "dist: deploydiff $version (commit $commit), $arch"

# --- the binary ----------------------------------------------------------------------------------
export DEPLOYDIFF_GIT_COMMIT="$commit"
build=("$SWIFT" build -c release --static-swift-stdlib --scratch-path "$scratch" --product deploydiff)
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)/deploydiff"
[ -x "$bin" ] || die "no binary at $bin"

rm -rf "$out" && mkdir -p "$out"
objcopy --only-keep-debug --compress-debug-sections=zlib "$bin" "$out/deploydiff.debug"
objcopy --strip-all "$bin" "$out/deploydiff"
(cd "$out" && objcopy --add-gnu-debuglink=deploydiff.debug deploydiff)
chmod 0755 "$out/deploydiff"; chmod 0644 "$out/deploydiff.debug"

got="$("$out/deploydiff" --version)"
[ "$got" = "$version (commit $commit)" ] || die "--version printed '$got', expected '$version (commit $commit)'"

# --- runtime libraries: none from the toolchain, each owned by a Debian package ------------------
# ldd lists every library the binary loads (its direct NEEDED entries and theirs); dpkg -S names the
# package that owns each (under merged /usr a library may be registered under /lib or /usr/lib).
owner() {
  local p="$1" r
  r="$(readlink -f "$p")"
  for c in "$p" "$r" "${p#/usr}" "/usr$p" "${r#/usr}" "/usr$r"; do
    dpkg -S "$c" 2>/dev/null | head -1 | cut -d: -f1 && return 0
  done
  return 1
}
libs="$(ldd "$out/deploydiff" | awk '/=>/ { print $3 } !/=>/ && $1 ~ /^\// { print $1 }')"
! grep -q '^/opt/swift\|not found' <<<"$libs$(ldd "$out/deploydiff")" || die "the binary loads from the toolchain:
$(ldd "$out/deploydiff")"
: >"$out/libraries.txt"
for l in $libs; do
  pkg="$(owner "$l")" || die "no Debian package owns $l"
  printf '%s %s\n' "$l" "$pkg" >>"$out/libraries.txt"
done

# Depends: the packages of the libraries the binary names itself (its NEEDED entries; theirs come
# along with them), with the lowest versions their symbols files allow, as dpkg-shlibdeps computes.
shl="$(mktemp -d)"; trap 'rm -rf "$shl"' EXIT
mkdir -p "$shl/debian" && printf 'Source: deploydiff\n\nPackage: deploydiff\nArchitecture: any\n' >"$shl/debian/control"
depends="$(cd "$shl" && dpkg-shlibdeps -O -e"$out/deploydiff" 2>"$shl/warnings" | sed -n 's/^shlibs:Depends=//p')" \
  || { cat "$shl/warnings" >&2; die "dpkg-shlibdeps failed"; }
[ -n "$depends" ] || die "no dependencies computed"
for needed in $(objdump -p "$out/deploydiff" | awk '$1 == "NEEDED" { print $2 }'); do
  path="$(awk -v n="$needed" '{ b = $1; sub(/.*\//, "", b) } b == n { print $1; exit }' "$out/libraries.txt")"
  pkg="$(awk -v n="$needed" '{ b = $1; sub(/.*\//, "", b) } b == n { print $2; exit }' "$out/libraries.txt")"
  [ -n "$pkg" ] || die "ldd did not resolve $needed"
  sed -e 's/ *([^)]*)//g' -e 's/ *[,|] */\n/g' <<<"$depends" | grep -qxF "$pkg" || die "$needed ($path, package $pkg) is missing from Depends: $depends"
done
echo "dist: Depends: $depends"

# --- completions and man page --------------------------------------------------------------------
stage="$shl/pkg"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/man/man1" "$stage/usr/share/doc/deploydiff" \
  "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
  "$stage/usr/share/fish/vendor_completions.d"
install -m 0755 "$out/deploydiff" "$stage/usr/bin/deploydiff"
"$out/deploydiff" --generate-completion-script bash >"$stage/usr/share/bash-completion/completions/deploydiff"
"$out/deploydiff" --generate-completion-script zsh >"$stage/usr/share/zsh/vendor-completions/_deploydiff"
"$out/deploydiff" --generate-completion-script fish >"$stage/usr/share/fish/vendor_completions.d/deploydiff.fish"

# help2man reads --help and --version; each subcommand's help becomes a COMMANDS section.
{
  echo "[COMMANDS]"
  for sub in $("$out/deploydiff" --help | awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'); do
    echo ".SS $sub"
    echo ".nf"
    "$out/deploydiff" "$sub" --help | sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
    echo ".fi"
  done
  printf '[SEE ALSO]\nThe guides under /usr/share/doc/deploydiff and the project README.\n'
} >"$shl/commands.h2m"
grep -q '^\.SS index' "$shl/commands.h2m" || die "no subcommands found in --help"
help2man --no-info --no-discard-stderr --section=1 --version-string="deploydiff $version" \
  --source="deploydiff $version (commit $commit)" \
  --name="what a deploy changed in how the service behaves, and which commit did it" \
  --include="$shl/commands.h2m" --output="$shl/deploydiff.1" "$out/deploydiff"
gzip -9n <"$shl/deploydiff.1" >"$stage/usr/share/man/man1/deploydiff.1.gz"
cp "$shl/deploydiff.1" "$out/deploydiff.1"

gzip -9n <README.md >"$stage/usr/share/doc/deploydiff/README.md.gz"
cat >"$stage/usr/share/doc/deploydiff/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: deploydiff
Comment: Built from commit $commit. The binary links the Swift runtime, Foundation, swift-argument-parser,
 GRDB.swift and Yams statically (Apache-2.0 with Runtime Library Exception, Apache-2.0, MIT, MIT).
EOF
find "$stage" -type d -exec chmod 0755 {} + && find "$stage/usr/share" -type f -exec chmod 0644 {} +

# --- the packages --------------------------------------------------------------------------------
deb_version="${DEB_VERSION:-$version}"
cat >"$stage/DEBIAN/control" <<EOF
Package: deploydiff
Version: $deb_version
Architecture: $arch
Maintainer: deploydiff maintainers <maintainers@users.noreply.example>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: devel
Priority: optional
Description: what a deploy changed in how the service behaves, and which commit did it
 deploydiff mines a service's logs into templates per deployment, compares two git-tagged
 deployments, links each change to the hunk that added or removed its log statement, and
 gates CI rollouts on a policy. Built from commit $commit.
EOF
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
# xz at level 3: on 2 shared cores half the time of the default level 6, for a package about 12% larger.
read -ra compress <<<"${DEB_COMPRESS:--Zxz -z3}"
dpkg-deb --root-owner-group "${compress[@]}" --build "$stage" "$out/deploydiff_${deb_version}_${arch}.deb" >/dev/null

# The debug symbols as Debian ships them: a -dbgsym package under /usr/lib/debug/.build-id.
build_id="$(readelf -n "$out/deploydiff" | awk '/Build ID:/ { print $3; exit }')"
dbg="$shl/dbgsym"
if [ -n "$build_id" ]; then
  dest="$dbg/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug"
else
  dest="$dbg/usr/lib/debug/usr/bin/deploydiff.debug"
fi
mkdir -p "$dbg/DEBIAN" "$(dirname "$dest")"
install -m 0644 "$out/deploydiff.debug" "$dest"
find "$dbg" -type d -exec chmod 0755 {} +
cat >"$dbg/DEBIAN/control" <<EOF
Package: deploydiff-dbgsym
Source: deploydiff
Version: $deb_version
Architecture: $arch
Maintainer: deploydiff maintainers <maintainers@users.noreply.example>
Installed-Size: $(du -sk --exclude=DEBIAN "$dbg" | cut -f1)
Depends: deploydiff (= $deb_version)
Section: debug
Priority: optional
Description: debug symbols for deploydiff
EOF
dpkg-deb --root-owner-group "${compress[@]}" --build "$dbg" "$out/deploydiff-dbgsym_${deb_version}_${arch}.deb" >/dev/null

(cd "$out" && sha256sum deploydiff deploydiff.debug ./*.deb >SHA256SUMS)
printf 'dist: %s  %s (stripped), %s (debug symbols)\n' "$out" \
  "$(du -h "$out/deploydiff" | cut -f1)" "$(du -h "$out/deploydiff.debug" | cut -f1)"
ls -l "$out"
