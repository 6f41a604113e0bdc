#!/usr/bin/env bash
# The Debian package as a user gets it: built by CPack from the build folder (as
# scripts/package does), its control fields read with dpkg-deb (its dependencies are Debian's
# runtime packages, no -dev package), unpacked into an empty folder (dpkg-deb -x: the files
# `apt-get install ./chainrule_*.deb` would put in /), and the unpacked chainrule run from
# another folder with CHAINRULE_DATA_DIR unset: a check, a homework check against the packaged
# course and its templates, and practice, which finds the course from the binary's own path.
# Exits 77 (ctest: skipped) when a packaging tool is missing, and in a sanitizer build, which
# is never packaged (its instrumentation holds source paths and it cannot run under limits).
# Usage: deb_test.sh BUILD_DIR SOURCE_DIR [SANITIZED]
set -euo pipefail
build=$1
source=$2
if [ "${3:-OFF}" = ON ]; then
    echo "deb_test: SKIPPED: a sanitizer build is not what is packaged (the release build is)"
    exit 77
fi
for tool in cpack dpkg-deb dpkg-shlibdeps file; do
    if ! command -v "$tool" >/dev/null; then
        echo "deb_test: SKIPPED: $tool is not installed (scripts/test installs it)"
        exit 77
    fi
done
work=$(mktemp -d /tmp/chainrule-deb-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "deb_test: FAILED: $*" >&2
    exit 1
}

# The package, in a folder of its own (scripts/package writes build/chainrule_*.deb).
if ! (cd "$build" && cpack -G DEB -B "$work/package" >"$work/cpack.log" 2>&1); then
    cat "$work/cpack.log"
    fail "cpack -G DEB"
fi
debs=("$work"/package/chainrule_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no chainrule_*.deb"
deb=${debs[0]}

[ "$(dpkg-deb -f "$deb" Package)" = chainrule ] || fail "Package is not chainrule"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in 'libginac[0-9]+' 'libcln[0-9]+' 'libyaml-cpp[0-9.]+' 'libedit[0-9]+' 'libstdc\+\+6'; do
    grep -Eq "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends lacks $package: $depends"
done
! grep -q -- "-dev" <<<"$depends" || fail "Depends names a -dev package: $depends"

root=$work/root
dpkg-deb -x "$deb" "$root"
chainrule=$root/usr/bin/chainrule
[ -x "$chainrule" ] || fail "no usr/bin/chainrule in the package"
[ -f "$root/usr/share/chainrule/problem_sets/course.yaml" ] || fail "no course in the package"
[ -d "$root/usr/share/chainrule/templates" ] || fail "no templates in the package"
# No path of the source or build folder in the binary: it finds its data from its own path.
! grep -qF "$(cd "$source" && pwd)" "$chainrule" || fail "the binary holds the source path"

mkdir "$work/elsewhere"
cp "$source/examples/class/alice/submission.yaml" "$work/elsewhere/alice.yaml"
cd "$work/elsewhere"
unset CHAINRULE_DATA_DIR
out=$("$chainrule" check -f "3x^2 + 5x" --wrt x -a "6x + 5")
[ "$(head -1 <<<"$out")" = "✓ correct (proved symbolically)" ] || fail "check: $out"
out=$("$chainrule" check --set "$root/usr/share/chainrule/problem_sets/course.yaml" \
      --submission alice.yaml)
grep -qx "total: 85 / 85" <<<"$out" || fail "homework check: $(tail -3 <<<"$out")"
out=$(echo q | "$chainrule" practice --seed 1)
grep -q "7 topics" <<<"$out" || fail "practice did not find the packaged course: $out"
echo "deb_test: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KB)"
