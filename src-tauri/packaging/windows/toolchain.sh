#!/bin/bash
# The Windows toolchain of Xét Khen on Debian 12: builds Rust for x86_64-pc-windows-gnu and runs the
# result under Wine, with nothing but the Debian archive and the crates registry.
#
#   - Debian's rustc-web 1.96 with its std sources (rust-web-src): cargo's -Zbuild-std compiles std
#     for the target (RUSTC_BOOTSTRAP=1 unlocks -Z on this stable compiler); mingw-w64 links.
#   - Wine 8 with a bcryptprimitives.dll stand-in (bcryptprimitives.c): Rust's std needs ProcessPrng.
#   - nsis (makensis) for the installer; Xvfb, xdotool and ImageMagick to see its window under Wine.
#
# Usage: toolchain.sh [TARGET_DIR]   (default: target/ of the repository)
# Installs what is missing (apt, as root or through sudo), builds the stand-in DLL, makes the Wine
# prefix TARGET_DIR/windows/wineprefix and writes
#   TARGET_DIR/windows/env.sh   the environment of a Windows build (source it; `make windows` does);
#   TARGET_DIR/windows/run      `run EXE [ARGS…]` runs a Windows program under that prefix (it is
#                               also cargo's runner for the target, so `cargo test` runs tests there).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
TARGET_DIR=$(mkdir -p "${1:-$ROOT/target}" && cd "${1:-$ROOT/target}" && pwd)
OUT=$TARGET_DIR/windows
PACKAGES="rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
  binutils-mingw-w64-x86-64 wine wine64 nsis perl make xvfb xauth xdotool imagemagick"

# ---- 1. Debian packages ----
missing=$(for p in $PACKAGES; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
done)
if [ -n "$missing" ]; then
  echo "Installing Debian packages: $missing"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  # shellcheck disable=SC2086
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends $missing
fi
# rust-web-src links the std sources where rustc looks for them.
test -e "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library/std/Cargo.toml" || {
  echo "the std sources of rustc-web are missing (package rust-web-src)" >&2; exit 1; }

# ---- 2. the environment ----
mkdir -p "$OUT/bin"
# Debian's compiler first: rustup's (~/.cargo/bin) has no std for the target.
ln -sf /usr/bin/cargo /usr/bin/rustc /usr/bin/rustdoc "$OUT/bin/"
cat > "$OUT/env.sh" <<ENV
# Written by src-tauri/packaging/windows/toolchain.sh: the environment of a Windows build.
export PATH=$OUT/bin:\$PATH
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO=/usr/bin/cargo
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Its own target directory: another compiler, and the Linux build stays as it was.
export CARGO_TARGET_DIR=$TARGET_DIR/windows-build
export CARGO_BUILD_TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$OUT/run
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export RANLIB_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ranlib
export WINEPREFIX=$OUT/wineprefix
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
ENV

# ---- 3. the stand-in DLL and the Wine prefix ----
mkdir -p "$OUT/shim"
if [ ! -e "$OUT/shim/bcryptprimitives.dll" ] || [ "$HERE/bcryptprimitives.c" -nt "$OUT/shim/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$OUT/shim/bcryptprimitives.dll" \
    "$HERE/bcryptprimitives.c" "$HERE/bcryptprimitives.def" -lbcrypt
fi
export WINEPREFIX=$OUT/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
  echo "Making the Wine prefix $WINEPREFIX"
  /usr/lib/wine/wine64 wineboot --init
  /usr/lib/wine/wineserver -w
fi
cp "$OUT/shim/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

cat > "$OUT/run" <<RUN
#!/bin/bash
# run EXE [ARGS…]: a Windows program under Xét Khen's Wine prefix (toolchain.sh wrote this).
export WINEPREFIX=$OUT/wineprefix
export WINEDEBUG=\${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml="
export LANG=\${LANG:-C.UTF-8}
exec /usr/lib/wine/wine64 "\$@"
RUN
chmod +x "$OUT/run"
echo "Windows toolchain ready: source $OUT/env.sh; $OUT/run EXE [ARGS…]"
