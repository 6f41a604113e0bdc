#!/usr/bin/env bash
# `cmake --install` into an empty folder, then the installed chainrule run from another folder:
# a check, and a homework check against the installed course (which finds its templates at
# ../templates), with no source path compiled in (the checkout is moved out of sight by running
# from /). Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
prefix=$(mktemp -d /tmp/chainrule-install-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/chainrule"
test -f "$prefix/share/chainrule/problem_sets/course.yaml"
test -d "$prefix/share/chainrule/templates"
cd /
out=$("$prefix/bin/chainrule" check -f "3x^2 + 5x" --wrt x -a "6x + 5")
grep -q "correct" <<<"$out"
out=$("$prefix/bin/chainrule" check --set "$prefix/share/chainrule/problem_sets/course.yaml" \
      --submission "$source/examples/class/alice/submission.yaml")
grep -q "total: 85 / 85" <<<"$out"
# practice finds the installed course from the binary's own path.
out=$(echo q | "$prefix/bin/chainrule" practice --seed 1)
grep -q "7 topics" <<<"$out"
echo "install_test: ok"
