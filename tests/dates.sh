#!/usr/bin/env bash
# The tests whose answer depends on the day, run again with the clock set to 23:30 and to 00:30
# Vietnam time (16:30 and 17:30 UTC) on a machine whose clock zone is UTC. At 00:30 in Vietnam the
# machine's own day is still yesterday: a "today" taken from the machine's zone instead of
# Vietnam's (core::calendar) fails here, whatever the hour `make test` runs at. Then the window's
# own formatting of dates, under Node (tests/ui/vietnam-day.test.mjs).
#
# The test binaries are built first, at the real time, so that cargo never sees a faked clock; then
# each is run under libfaketime, which the CLI processes they start inherit.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
command -v faketime >/dev/null || { echo "faketime is missing: make apt-deps installs it"; exit 1; }

# package and test target of every date-sensitive suite, with the filter its tests share
suites=(
  "xetkhen-core --lib calendar"
  "xetkhen-store --test erasure"
  "xetkhen-cli --test erasure"
)

binaries=()
for suite in "${suites[@]}"; do
  read -r pkg kind name <<<"$suite"
  args=(-p "$pkg")
  if [ "$kind" = --lib ]; then args+=(--lib); filter=$name; else args+=(--test "$name"); filter=; fi
  exe=$($CARGO test --no-run --message-format=json "${args[@]}" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])
' | tail -n1)
  [ -x "$exe" ] || { echo "no test binary for $suite"; exit 1; }
  binaries+=("$exe|$filter")
done

day=$(date -u +%F)
for utc in 16:30:00 17:30:00; do
  for entry in "${binaries[@]}"; do
    exe=${entry%%|*}
    filter=${entry#*|}
    echo "== $(basename "$exe") at $day $utc UTC ($( [ "$utc" = 16:30:00 ] && echo 23:30 || echo 00:30 ) in Vietnam)"
    # -f: the clock starts at that instant and runs on, so waits and timeouts still work.
    TZ=UTC faketime -f "@$day $utc" "$exe" $filter --test-threads=2 -q
  done
done
# The window's dates under V8 and its ICU (WebView2's engine), in five machine zones.
node --test tests/ui/vietnam-day.test.mjs
echo "dates: the date-sensitive tests passed at 23:30 and 00:30 Vietnam time; the window's dates in five zones"
