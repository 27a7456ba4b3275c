#!/bin/bash
# The Windows installer, tried under Wine as a committee member's laptop would take it:
#   1. a silent per-user install (no administrator rights) of target/windows/xetkhen-*-setup.exe;
#   2. what it wrote: the programs, the Start-menu entry "Xét Khen", the uninstall entry and the
#      association of .xkgp/.xkdx packets;
#   3. the installed command line answers, in Vietnamese;
#   4. the installed window, started on a machine without the WebView2 Runtime (Wine has none),
#      shows a native message box saying what to install, rather than nothing (a release build has
#      no console); screenshot in target/windows/test/;
#   5. the uninstaller removes the programs and their entries, and leaves the committee's store.
# Run by `make test-windows` after `make windows`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/target/windows
RUN=$OUT/run
SHOTS=$OUT/test
mkdir -p "$SHOTS"
# shellcheck source=/dev/null
source "$OUT/env.sh"
SETUP=$(ls "$OUT"/xetkhen-*-setup.exe | head -n 1)
# Wine names the profile after the Unix account.
PROFILE="$WINEPREFIX/drive_c/users/$(id -un)"
DEST="$PROFILE/AppData/Local/Programs/XetKhen"
LINK="$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Xét Khen.lnk"
STORE="$PROFILE/AppData/Local/xetkhen"
fail() { echo "installer.sh: $*" >&2; exit 1; }
settle() { /usr/lib/wine/wineserver -w; }
# A registry key as text: regedit's export (UTF-16) rather than reg's console output, which Wine
# writes in the console's code page and so loses the Vietnamese letters.
reg_query() {
  local out=$SHOTS/key.reg
  rm -f "$out"
  "$RUN" regedit /E "$(winepath_of "$out")" "$1" >/dev/null 2>&1 || true
  [ -s "$out" ] && iconv -f UTF-16 -t UTF-8 "$out" | tr -d '\r'
}
winepath_of() { echo "Z:${1//\//\\}"; }

# A previous run's install is removed first, so that this one is tried from nothing. `_?=` makes
# NSIS's uninstaller run in place and return when done, instead of from a copy that would still be
# deleting files once the new install is in.
if [ -e "$DEST/uninstall.exe" ]; then
  "$RUN" "$DEST/uninstall.exe" /S "_?=$("$RUN" winepath -w "$DEST" | tr -d '\r')" || true
  settle
fi
rm -rf "$DEST"

echo "1. silent install of $(basename "$SETUP") ($(stat -c %s "$SETUP") bytes)"
"$RUN" "$SETUP" /S
settle

echo "2. what the installer wrote"
for f in xetkhen-app.exe xetkhen.exe WebView2Loader.dll icon.ico uninstall.exe; do
  [ -s "$DEST/$f" ] || fail "missing after install: $DEST/$f"
done
[ -s "$LINK" ] || fail "no Start-menu entry «Xét Khen» ($LINK)"
reg_query 'HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\XetKhen' |
  grep -q '"DisplayName"="Xét Khen"' || fail "no uninstall entry named «Xét Khen»"
for ext in .xkgp .xkdx; do
  reg_query "HKEY_CURRENT_USER\\Software\\Classes\\$ext" | grep -q '@="XetKhen.Packet"' ||
    fail "$ext is not associated"
done
reg_query 'HKEY_CURRENT_USER\Software\Classes\XetKhen.Packet\shell\open\command' | grep -q 'xetkhen-app.exe' ||
  fail "packets do not open xetkhen-app.exe"

echo "3. the installed command line"
version=$("$RUN" "$DEST/xetkhen.exe" --version | tr -d '\r')
echo "   $version"
grep -q "$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)" <<<"$version" ||
  fail "xetkhen.exe --version: $version"
"$RUN" "$DEST/xetkhen.exe" --help | grep -q 'Cách dùng' || fail "xetkhen.exe --help is not in Vietnamese"

echo "4. the window without the WebView2 Runtime"
ERR=$SHOTS/app-stderr.txt
SHOT=$SHOTS/no-webview2.png
rm -f "$ERR" "$SHOT"
# The title of the message box, from src-tauri/src/start.rs.
TITLE="Xét Khen không khởi động được"
# A window is looked for by an ASCII part of its title (xdotool's regular expressions do not take
# the Vietnamese letters in every locale), then its whole title is compared byte for byte.
xvfb-run -a -s '-screen 0 1024x768x24' bash -c '
  shown() {
    for w in $(xdotool search --name "Khen" 2>/dev/null); do
      [ "$(xdotool getwindowname "$w")" = "$1" ] && return 0
    done
    return 1
  }
  # Wine processes of the steps before run without a display, and a new program would join their
  # headless desktop: end them, so that this one starts a desktop on the Xvfb display.
  /usr/lib/wine/wineserver -k 2>/dev/null || true
  /usr/lib/wine/wineserver -w
  "$1" "$2" 2>"$3" &
  for _ in $(seq 1 60); do shown "$4" && break; sleep 1; done
  sleep 1
  import -window root "$5" || true
  if shown "$4"; then found=1; else found=0; fi
  /usr/lib/wine/wineserver -k || true
  wait || true
  [ "$found" = 1 ]' _ "$RUN" "$DEST/xetkhen-app.exe" "$ERR" "$TITLE" "$SHOT" ||
  fail "no message box «$TITLE» within 60 s (stderr: $(cat "$ERR" 2>/dev/null))"
grep -q 'WebView2 Runtime' "$ERR" || fail "the app's standard error does not name WebView2: $(cat "$ERR")"
echo "   message box «$TITLE» shown; screenshot $SHOT"

echo "5. uninstall"
mkdir -p "$STORE" && echo kept >"$STORE/.installer-test"
"$RUN" "$DEST/uninstall.exe" /S
settle
# NSIS's uninstaller runs from a copy in the temp folder: wait for it to remove the programs.
for _ in $(seq 1 30); do [ -e "$DEST/uninstall.exe" ] || break; sleep 1; done
for f in xetkhen-app.exe xetkhen.exe WebView2Loader.dll uninstall.exe; do
  [ ! -e "$DEST/$f" ] || fail "left after uninstall: $DEST/$f"
done
[ ! -e "$LINK" ] || fail "the Start-menu entry is left after uninstall"
if reg_query 'HKEY_CURRENT_USER\Software\Classes\.xkgp' | grep -q XetKhen; then
  fail ".xkgp is still associated"
fi
[ -e "$STORE/.installer-test" ] || fail "the uninstaller removed the committee's store folder"
rm -f "$STORE/.installer-test"
echo "installer.sh: install, command line, start-up message and uninstall all passed under Wine"
