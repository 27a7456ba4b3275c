#!/usr/bin/env bash
# Starts a virtual display and tauri-driver, then runs the end-to-end tests of the real window.
# Needs APP_BIN, CLI_BIN and E2E_OUT (the Makefile's e2e target sets them).
set -euo pipefail
: "${APP_BIN:?}" "${CLI_BIN:?}" "${E2E_OUT:?}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A display of our own: -displayfd picks a free number, so a developer's running X is left alone.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$work/display")"
exec 3>&-

# A session bus of our own, as a desktop has: on it a window holds its store's name, and a second
# launch on the same store hands its files over (open-with.test.mjs).
eval "$(dbus-daemon --session --fork --print-address=1 --print-pid=1 | {
  read -r address; read -r pid; echo "export DBUS_SESSION_BUS_ADDRESS='$address'; pids+=($pid)"; })"

# The open dialog cannot be clicked by WebDriver: the shell takes the files to "pick" from here.
export XETKHEN_PICK_FILES="$here/../fixtures/import/danh-sach-de-nghi-phuong.xlsx"

# A free port for the WebDriver server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
native_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tauri-driver --port "$port" --native-port "$native_port" --native-driver "$(command -v WebKitWebDriver)" \
  >"$E2E_OUT/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  if (exec 4<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

export WEBDRIVER_URL="http://127.0.0.1:$port" E2E_WORK="$work"
# E2E_TESTS names test files to run alone (a developer's loop); all of them by default.
if [ -n "${E2E_TESTS:-}" ]; then read -r -a files <<<"$E2E_TESTS"; else files=("$here"/*.test.mjs); fi
node --test --test-concurrency=1 "${files[@]}"
