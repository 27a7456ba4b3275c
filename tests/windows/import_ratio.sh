#!/bin/bash
# The cost of Wine, measured: a 10,000-row list imported by the Linux `xetkhen` and by `xetkhen.exe`
# under Wine, both release builds, in the same run, each into a fresh store made by `demo`, three
# times in turn; the medians and their ratio are printed. Wine adds its own cost (process start,
# file system through the Wine server), so the ratio is of this machine's Wine, not of Windows.
# Run by `make bench-windows`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LINUX=${LINUX_BIN:-$ROOT/target/release/xetkhen}
EXE=${WINDOWS_EXE:-$ROOT/target/windows/xetkhen.exe}
RUN=$ROOT/target/windows/run
ROWS=${ROWS:-10000}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The list, as an agency would send it (UTF-8 CSV, Vietnamese names, one unit per 500 rows).
python3 - "$WORK/danh-sach.csv" "$ROWS" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
given = ["Văn Đức", "Thị Hồng Gấm", "Minh Khôi", "Ngọc Ánh", "Quốc Bảo", "Thanh Hương", "Đức Thịnh"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("STT,Họ và tên,Loại,Tiêu chuẩn,Chức vụ,Đơn vị,Số định danh,Hình thức khen thưởng\n")
    for i in range(rows):
        f.write(f"{i + 1},{family[i % 10]} {given[i % 7]},Cá nhân,2.4,Chuyên viên,"
                f"Phường Sài Gòn tổ {i // 500 + 1},{79_000_000_000 + i:012},Bằng khen\n")
PY

# One import into a fresh store; prints its wall time in milliseconds.
one() { # one NAME CMD...
  local name=$1; shift
  local db="$WORK/$name.db"
  rm -f "$db" "$db"-* && rm -rf "$WORK/backups"
  "$@" --db "$db" demo >/dev/null
  local round
  round=$("$@" --db "$db" round list --json | tr -d '\r' | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  local start end
  start=$(date +%s%N)
  "$@" --db "$db" import "$WORK/danh-sach.csv" --round "$round" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

linux=() windows=()
for i in $(seq 1 "$RUNS"); do
  linux+=("$(one linux "$LINUX")")
  windows+=("$(one windows "$RUN" "$EXE")")
  echo "run $i: Linux ${linux[-1]} ms, Wine ${windows[-1]} ms"
done
l=$(echo "${linux[*]}" | median)
w=$(echo "${windows[*]}" | median)
python3 -c "print(f'import of $ROWS rows, median of $RUNS: Linux $l ms, xetkhen.exe under Wine $w ms, ratio {$w / $l:.2f}')"
