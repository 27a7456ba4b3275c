//! Crashes and faults: `xetkhen import` killed at random moments, a full disk, a read-only store,
//! several processes writing at once. After each, the store passes `integrity_check`, the audit
//! chain verifies, and every file is either wholly imported or not at all.
//!
//! The full-disk test mounts a small tmpfs and so needs root (CI runs as root); elsewhere it is
//! skipped with a printed reason, or fails when `XETKHEN_REQUIRE_TOOLS=1`. The read-only test
//! remounts its tmpfs read-only as root, and takes write permission away otherwise.
//!
//! On Windows (`make test-windows`, under Wine) the crash and concurrency tests run as they are:
//! `Child::kill` is TerminateProcess there, which gives the process no chance to clean up either.
//! The full-disk and read-only tests are Unix only (`cfg(unix)`): they mount a tmpfs and change
//! Unix file modes, which Windows has no counterpart of that a test can make without an
//! administrator.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{command, ok, start, xetkhen};
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;
#[cfg(unix)]
use std::path::PathBuf;
#[cfg(unix)]
use std::process::Command;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

/// The tests of this file load the machine heavily; they take turns, so that each meets the
/// conditions it means to make and not the others' load.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn take_turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A list of `rows` individuals from one unit, as an agency would send it (UTF-8 CSV).
fn write_list(path: &Path, unit: &str, first_id: u64, rows: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "STT,Họ và tên,Loại,Tiêu chuẩn,Chức vụ,Đơn vị,Số định danh,Hình thức khen thưởng"
    )
    .unwrap();
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"];
    let given = [
        "Văn Đức",
        "Thị Hồng Gấm",
        "Minh Khôi",
        "Ngọc Ánh",
        "Quốc Bảo",
    ];
    for i in 0..rows {
        writeln!(
            f,
            "{},{} {},Cá nhân,2.4,Chuyên viên,{unit},{:012},Bằng khen",
            i + 1,
            family[(i % 7) as usize],
            given[(i % 5) as usize],
            first_id + i
        )
        .unwrap();
    }
    f.flush().unwrap();
}

fn integrity(db: &Path) -> String {
    let c = Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count_unit(db: &Path, unit: &str) -> i64 {
    let c = Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM nominations WHERE unit = ?1",
        [unit],
        |r| r.get(0),
    )
    .unwrap()
}

fn count_all(db: &Path) -> (i64, i64, i64) {
    let c = Connection::open(db).unwrap();
    let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        n("SELECT count(*) FROM rounds"),
        n("SELECT count(*) FROM nominations"),
        n("SELECT count(*) FROM audit_log"),
    )
}

/// Every copy in `backups/` is a whole, sound store: a copy cut short by a crash is never there
/// under a copy's name.
fn backups_are_sound(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir.join("backups")) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "db") {
            assert_eq!(integrity(&p), "ok", "{}", p.display());
        }
    }
}

/// A small generator of pseudo-random numbers (SplitMix64), seeded from the clock unless
/// `XETKHEN_CRASH_SEED` is set; the seed is printed so that a failing run can be repeated.
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("XETKHEN_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("XETKHEN_CRASH_SEED={seed}");
        Dice(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_file_wholly_imported_or_not_at_all() {
    let _turn = take_turn();
    const ROWS: u64 = 2000;
    // Under Wine each kill costs seconds of process start-up (a quarter of `make test`'s Windows
    // part at 20), so Windows draws fewer moments; each is still drawn over the whole import.
    const KILLS: u64 = if cfg!(windows) { 8 } else { 20 };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["demo"]);
    let round = {
        let out = ok(&db, &["round", "list", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v[0]["id"].as_str().unwrap().to_string()
    };
    // How long a whole import takes here decides the range of moments to kill it at: the second
    // of two imports, into a store like the one the killed imports meet.
    let calibration = dir.path().join("hieu-chinh.csv");
    write_list(&calibration, "Đơn vị hiệu chỉnh", 79_000_000_000, ROWS);
    ok(
        &db,
        &["import", calibration.to_str().unwrap(), "--round", &round],
    );
    let second = dir.path().join("hieu-chinh-2.csv");
    write_list(&second, "Đơn vị hiệu chỉnh 2", 79_500_000_000, ROWS);
    let started = Instant::now();
    ok(
        &db,
        &["import", second.to_str().unwrap(), "--round", &round],
    );
    let whole = started.elapsed();
    let mut dice = Dice::new();
    let mut outcomes = Vec::new();
    let mut units: Vec<String> = Vec::new();
    for i in 0..KILLS {
        let unit = format!("Đơn vị thử lần {}", i + 1);
        let file = dir.path().join(format!("danh-sach-{}.csv", i + 1));
        write_list(&file, &unit, 80_000_000_000 + i * 10_000, ROWS);
        let mut child: Child = start(
            command(&db, &["import", file.to_str().unwrap(), "--round", &round])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let micros = u64::try_from(whole.as_micros()).unwrap_or(u64::MAX);
        let wait = Duration::from_micros(dice.below(micros + micros / 2));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL or TerminateProcess: no destructor, no rollback in the process
        let status = child.wait().unwrap();
        units.push(unit);

        assert_eq!(integrity(&db), "ok", "after kill {} at {wait:?}", i + 1);
        let verified = xetkhen(&db, &["audit", "verify"]);
        assert_eq!(
            verified.status.code(),
            Some(0),
            "after kill {} at {wait:?}: {}",
            i + 1,
            text(&verified)
        );
        for (j, u) in units.iter().enumerate() {
            let n = count_unit(&db, u);
            assert!(
                n == 0 || n == ROWS as i64,
                "file {} has {n} of {ROWS} rows after kill {} at {wait:?}",
                j + 1,
                i + 1
            );
        }
        assert_eq!(count_unit(&db, "Đơn vị hiệu chỉnh"), ROWS as i64);
        backups_are_sound(dir.path());
        outcomes.push((
            wait,
            status.success(),
            count_unit(&db, &units[i as usize]) > 0,
        ));
    }
    let imported = outcomes.iter().filter(|o| o.2).count();
    let exited = outcomes.iter().filter(|o| o.1).count();
    let partials = std::fs::read_dir(dir.path().join("backups"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            })
            .count()
        })
        .unwrap_or(0);
    println!(
        "whole import {whole:?}; {imported} of {KILLS} files wholly imported ({exited} finished \
         before the kill), the rest not at all; {partials} half-written snapshots left under a \
         temporary name"
    );
    // The store still takes an import after all that.
    let last = dir.path().join("sau-cung.csv");
    write_list(&last, "Đơn vị sau cùng", 90_000_000_000, 10);
    ok(&db, &["import", last.to_str().unwrap(), "--round", &round]);
    ok(&db, &["audit", "verify"]);
}

#[test]
fn several_processes_writing_at_once_never_show_a_locked_database() {
    let _turn = take_turn();
    // Creating the store from several processes at once, again and again: each of them opens it
    // (its journal mode switched, its schema stamped and migrated, a copy made before each
    // migration by whoever finds an older schema), none finds it busy or half made.
    for attempt in 0..12 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xetkhen.db");
        let first: Vec<Child> = (0..4)
            .map(|_| {
                start(
                    command(&db, &["init"])
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped()),
                )
            })
            .collect();
        for c in first {
            let out = c.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(0), "init {attempt}: {}", text(&out));
        }
        backups_are_sound(dir.path());
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["init"]);
    ok(&db, &["demo"]);
    let out = ok(
        &db,
        &[
            "round",
            "create",
            "--name",
            "Tổng kết 2025",
            "--kind",
            "tong-ket",
            "--json",
        ],
    );
    let round: serde_json::Value = serde_json::from_str(&out).unwrap();
    let round = round["id"].as_str().unwrap().to_string();
    let mut jobs: Vec<(String, Child)> = Vec::new();
    for i in 0..3u64 {
        let file = dir.path().join(format!("ds-{i}.csv"));
        write_list(
            &file,
            &format!("Đơn vị đồng thời {i}"),
            70_000_000_000 + i * 10_000,
            1500,
        );
        let args = ["import", file.to_str().unwrap(), "--round", &round];
        jobs.push((format!("{args:?}"), spawn(&db, &args)));
        let args = ["demo", "--generate", "400"];
        jobs.push((format!("{args:?}"), spawn(&db, &args)));
        let name = format!("Sơ kết 2023 đợt {i}");
        let args = ["round", "create", "--name", &name, "--kind", "so-ket"];
        jobs.push((format!("{args:?}"), spawn(&db, &args)));
        let args = ["backup", "--out"];
        let out = dir.path().join(format!("sao-luu-{i}.db"));
        let mut c = command(&db, &args);
        c.arg(&out).stdout(Stdio::piped()).stderr(Stdio::piped());
        jobs.push(("backup".into(), start(&mut c)));
        jobs.push(("list".into(), spawn(&db, &["list", "--json"])));
    }
    for (what, c) in jobs {
        let out = c.wait_with_output().unwrap();
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{what}: {said}");
        for word in ["locked", "busy", "bận", "Lỗi kho dữ liệu"] {
            assert!(!said.contains(word), "{what}: {said}");
        }
    }
    assert_eq!(integrity(&db), "ok");
    ok(&db, &["audit", "verify"]);
    let (rounds, nominations, _) = count_all(&db);
    assert_eq!(rounds, 1 + 1 + 3);
    // Generated nominations get ids from their place in the round, so three processes
    // generating 400 write the same 400.
    assert_eq!(nominations, 30 + 3 * 1500 + 400);
}

fn spawn(db: &Path, args: &[&str]) -> Child {
    start(
        command(db, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
}

#[cfg(unix)]
/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct SmallDisk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

#[cfg(unix)]
impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let is_root = is_root();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let mounted = is_root
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
        if mounted {
            return Some(SmallDisk { _dir: dir, path });
        }
        let reason = if is_root {
            "mount -t tmpfs failed"
        } else {
            "not root, so no tmpfs can be mounted"
        };
        assert!(
            std::env::var("XETKHEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "XETKHEN_REQUIRE_TOOLS=1 but {reason}"
        );
        println!("skipped: {reason}");
        None
    }

    fn read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Fills the disk up to `leave` bytes free with a file that [`SmallDisk::free`] removes.
    fn fill(&self, leave: u64) {
        let filler = self.path.join("filler");
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&filler)
            .unwrap();
        let chunk = vec![0x55u8; 4096];
        loop {
            if free_bytes(&self.path) <= leave + 4096 || f.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = f.sync_all();
    }

    fn free(&self) {
        let _ = std::fs::remove_file(self.path.join("filler"));
    }
}

#[cfg(unix)]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[cfg(unix)]
fn free_bytes(path: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn a_full_disk_gets_a_clear_message_and_loses_nothing() {
    let _turn = take_turn();
    let Some(disk) = SmallDisk::mount("3m") else {
        return;
    };
    let db = disk.path.join("xetkhen.db");
    ok(&db, &["demo"]);
    let list = disk.path.join("danh-sach.csv");
    write_list(&list, "Phường Sài Gòn", 79_100_000_000, 3000);
    let before = count_all(&db);
    let mut refusals = 0;
    // From a disk with no room at all to one with room for the snapshot but not the write.
    for leave in [0u64, 16 << 10, 64 << 10, 160 << 10, 320 << 10, 640 << 10] {
        disk.fill(leave);
        let out = xetkhen(&db, &["import", list.to_str().unwrap()]);
        let said = text(&out);
        disk.free();
        assert!(!said.contains("Lỗi nội bộ"), "{leave}: {said}");
        if out.status.code() == Some(0) {
            assert_eq!(count_unit(&db, "Phường Sài Gòn"), 3000);
            break;
        }
        refusals += 1;
        assert_eq!(out.status.code(), Some(1), "{leave}: {said}");
        assert!(said.contains("Ổ đĩa đã đầy"), "{leave} bytes free: {said}");
        assert_eq!(integrity(&db), "ok");
        assert_eq!(
            count_all(&db),
            before,
            "{leave} bytes free: nothing written"
        );
        ok(&db, &["audit", "verify"]);
        backups_are_sound(&disk.path);
    }
    assert!(refusals > 0, "the disk was never full enough to refuse");
    // A write that does not fit, with room left for the snapshot: generating 3,000 nominations.
    disk.fill(0);
    let out = xetkhen(&db, &["demo", "--generate", "3000"]);
    let said = text(&out);
    disk.free();
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("Ổ đĩa đã đầy"), "{said}");
    assert_eq!(integrity(&db), "ok");
    ok(&db, &["audit", "verify"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_store_gets_a_clear_message() {
    let _turn = take_turn();
    // Root writes through file modes, so it gets a read-only file system; anyone else gets a
    // folder and a file without write permission.
    let (_keep, db) = if is_root() {
        let Some(disk) = SmallDisk::mount("8m") else {
            return;
        };
        let db = disk.path.join("xetkhen.db");
        ok(&db, &["demo"]);
        disk.read_only();
        (Keep::Disk(disk), db)
    } else {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xetkhen.db");
        ok(&db, &["demo"]);
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        (Keep::Dir(dir), db)
    };
    let out = xetkhen(
        &db,
        &[
            "round",
            "create",
            "--name",
            "Sơ kết 2023",
            "--kind",
            "so-ket",
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("chỉ cho phép đọc"), "{said}");
    assert!(!said.contains("Lỗi nội bộ"), "{said}");
    // Reading still works.
    let listed = xetkhen(&db, &["list", "--json"]);
    let said = text(&listed);
    assert_eq!(listed.status.code(), Some(0), "{said}");
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 30);
}

#[cfg(unix)]
/// What a test keeps alive until it ends: a mounted disk, or a folder whose write permission
/// is given back before it is removed.
enum Keep {
    Disk(#[allow(dead_code)] SmallDisk),
    Dir(tempfile::TempDir),
}

#[cfg(unix)]
impl Drop for Keep {
    fn drop(&mut self) {
        if let Keep::Dir(d) = self {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
