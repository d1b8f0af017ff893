#!/usr/bin/env bash
# Builds postscope's .deb with CPack, inspects it with dpkg-deb, unpacks it into a temp
# root and runs the installed binary from there (no build tree, no LD_LIBRARY_PATH), then
# validates the desktop file and the AppStream metainfo as installed.
# Usage: deb.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=$1 src=$2 version=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli ldd; do
  command -v "$tool" >/dev/null || fail "$tool is missing (.ci/install-deps installs it)"
done
[ -x "$build/postscope" ] || fail "$build/postscope is not built"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== cpack"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack failed"; }
debs=("$work"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
[[ $(basename "$deb") == "postscope_${version}_"*.deb ]] || fail "unexpected package name $(basename "$deb")"

echo "== dpkg-deb -I"
dpkg-deb -I "$deb" | tee "$work/info"
grep -q "^ Package: postscope$" "$work/info" || fail "no Package: postscope"
grep -q "^ Version: ${version}$" "$work/info" || fail "no Version: $version"
depends=$(grep "^ Depends:" "$work/info") || fail "no Depends line"
# What dpkg-shlibdeps must have found, plus the SVG plugin named by hand.
for dep in libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libpqxx libhiredis libc6 libstdc++6; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done

echo "== dpkg-deb -c"
dpkg-deb -c "$deb" | awk '{print $6}' | sort >"$work/contents"
cat "$work/contents"
expect=(./usr/bin/postscope
        ./usr/share/applications/org.postscope.Postscope.desktop
        ./usr/share/metainfo/org.postscope.Postscope.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/org.postscope.Postscope.svg
        ./usr/share/doc/postscope/README.md)
for size in 16 22 24 32 48 64 128 256 512; do
  expect+=("./usr/share/icons/hicolor/${size}x${size}/apps/org.postscope.Postscope.png")
done
for f in "${expect[@]}"; do
  grep -qx "$f" "$work/contents" || fail "the package lacks $f"
done
if grep -E "^\./(usr/)?(include|lib/cmake|build)|/tests?/" "$work/contents"; then
  fail "the package carries build or test files"
fi

echo "== dpkg-deb -x and run"
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/postscope"
# Only system libraries: nothing unresolved, nothing from the build tree.
ldd "$bin" >"$work/ldd"
if grep -E "not found|$build" "$work/ldd"; then fail "unresolved or build-tree libraries"; fi

cd "$work"   # far from the build and source trees
env -u LD_LIBRARY_PATH "$bin" --version | tee "$work/version"
grep -qx "postscope $version" "$work/version" || fail "--version said: $(cat "$work/version")"
env -u LD_LIBRARY_PATH "$bin" --help | grep -q "postscope report" || fail "--help does not list report"

set +e
env -u LD_LIBRARY_PATH "$bin" diagnose --snapshot "$src/resources/demo-snapshot.json" --format json >"$work/diagnosis.json"
status=$?
set -e
[ "$status" -eq 1 ] || fail "diagnose --snapshot exited $status (the demo has critical findings: 1)"
grep -q '"rule": "missing-job"' "$work/diagnosis.json" || fail "diagnose found no missing-job in the demo"

# The demo snapshot is compiled in: --demo works without any file beside the binary.
set +e
env -u LD_LIBRARY_PATH "$bin" diagnose --demo --format text >/dev/null
status=$?
set -e
[ "$status" -eq 1 ] || fail "diagnose --demo exited $status"

# The report draws with QtGui: from the installed tree, no display, no platform chosen.
env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM \
  "$bin" report --demo --format html -o "$work/report.html" --quiet
grep -q "data:image/png;base64," "$work/report.html" || fail "the installed report has no pictures"

echo "== validate"
desktop-file-validate "$work/root/usr/share/applications/org.postscope.Postscope.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.postscope.Postscope.metainfo.xml"
echo "PASS: $(basename "$deb")"
