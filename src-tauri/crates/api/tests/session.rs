//! The app's lock: first run, wrong passphrase, store kept in clear, idle lock, change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};
use xetkhen_api::{
    ChangePassphrase, Desk, ErrorCode, LockState, Passphrase, Session, SetPassphrase,
};

const NAME: &str = "Nguyễn Thị Phương Thảo";

fn set(p: &str, c: &str) -> SetPassphrase {
    SetPassphrase {
        passphrase: p.into(),
        confirm: c.into(),
    }
}

fn create_round(desk: &mut Desk) {
    desk.create_round(
        &serde_json::from_value(serde_json::json!({
            "name": NAME, "kind": "tong-ket", "campaign": null
        }))
        .unwrap(),
    )
    .unwrap();
}

#[test]
fn first_run_sets_a_passphrase_and_the_next_start_asks_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    assert_eq!(s.view().state, LockState::New);
    assert_eq!(s.desk().unwrap_err().code, ErrorCode::Locked);

    let short = s.set_passphrase(&set("ngắn", "ngắn")).unwrap_err();
    assert_eq!(short.field.as_deref(), Some("passphrase"));
    let differ = s
        .set_passphrase(&set("Ban Thi đua 2025", "Ban Thi dua 2025"))
        .unwrap_err();
    assert_eq!(differ.field.as_deref(), Some("confirm"));
    assert!(
        !path.exists(),
        "no store is made before the passphrase is accepted"
    );

    assert_eq!(
        s.set_passphrase(&set("Ban Thi đua 2025", "Ban Thi đua 2025"))
            .unwrap()
            .state,
        LockState::Open
    );
    create_round(s.desk().unwrap());
    drop(s);
    assert!(!xetkhen_api::is_plain_sqlite(&path));

    let mut again = Session::new(&path, "thu-ky");
    assert_eq!(again.view().state, LockState::Locked);
    let before = std::fs::read(&path).unwrap();
    let wrong = again.unlock("Ban Thi đua 2024").unwrap_err();
    assert_eq!(wrong.field.as_deref(), Some("passphrase"));
    assert!(wrong.message.contains("không đúng"), "{}", wrong.message);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a wrong passphrase changes nothing"
    );
    assert_eq!(again.view().state, LockState::Locked);
    again.unlock("Ban Thi đua 2025").unwrap();
    assert_eq!(again.desk().unwrap().list_rounds().unwrap().len(), 1);
}

#[test]
fn a_passphrase_typed_decomposed_opens_a_store_set_precomposed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    s.set_passphrase(&set("Thủ Đức 2025", "Thủ Đức 2025"))
        .unwrap();
    s.lock();
    // "ủ" as "u" + combining hook above, "ứ" as "u" + horn + acute, as some input methods send them.
    let decomposed: String = "Thu\u{309} \u{110}u\u{31B}\u{301}c 2025".into();
    assert_ne!(decomposed, "Thủ Đức 2025");
    s.unlock(&decomposed).unwrap();
}

#[test]
fn locking_closes_the_store_so_another_process_could_replace_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    s.set_passphrase(&set("cụm mật khẩu dài", "cụm mật khẩu dài"))
        .unwrap();
    let key = Passphrase::new("cụm mật khẩu dài").unwrap();
    // While open, the session's connection keeps a re-key by someone else from happening.
    let mut other = Desk::open_encrypted(&path, "cli", Some(&key)).unwrap();
    assert!(other.change_passphrase(Some(&key), Some(&key)).is_err());
    drop(other);

    assert_eq!(s.lock().state, LockState::Locked);
    assert_eq!(s.desk().unwrap_err().code, ErrorCode::Locked);
    // Once locked, no connection of the session is left: the re-key may proceed.
    let mut other = Desk::open_encrypted(&path, "cli", Some(&key)).unwrap();
    other.change_passphrase(Some(&key), Some(&key)).unwrap();
}

#[test]
fn the_store_locks_after_the_idle_time_of_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    s.set_passphrase(&set("cụm mật khẩu dài", "cụm mật khẩu dài"))
        .unwrap();
    assert_eq!(s.view().lock_after_minutes, 10);
    assert!(s.set_lock_after(7).is_err(), "only the offered choices");
    s.set_lock_after(5).unwrap();
    let now = Instant::now();
    assert!(!s.lock_if_idle(now + Duration::from_secs(4 * 60)));
    assert!(s.lock_if_idle(now + Duration::from_secs(5 * 60 + 1)));
    assert_eq!(s.view().state, LockState::Locked);
    // The setting is kept for the next start.
    assert_eq!(Session::new(&path, "thu-ky").view().lock_after_minutes, 5);
}

#[test]
fn a_store_kept_in_clear_is_encrypted_when_its_passphrase_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    create_round(&mut Desk::open(&path, "cli").unwrap());
    assert!(xetkhen_api::is_plain_sqlite(&path));
    let mut s = Session::new(&path, "thu-ky");
    assert_eq!(s.view().state, LockState::Plain);
    assert!(s.unlock("bất kỳ cụm nào").is_err());
    s.set_passphrase(&set("cụm mật khẩu dài", "cụm mật khẩu dài"))
        .unwrap();
    assert!(!xetkhen_api::is_plain_sqlite(&path));
    assert_eq!(s.desk().unwrap().list_rounds().unwrap().len(), 1);
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(NAME.len()).any(|w| w == NAME.as_bytes()));
}

#[test]
fn the_passphrase_changes_only_with_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    s.set_passphrase(&set("cụm mật khẩu cũ", "cụm mật khẩu cũ"))
        .unwrap();
    let change = |current: &str| ChangePassphrase {
        current: current.into(),
        passphrase: "cụm mật khẩu mới".into(),
        confirm: "cụm mật khẩu mới".into(),
    };
    let e = s
        .change_passphrase(&change("đoán bừa mà thôi"))
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("current"));
    s.change_passphrase(&change("cụm mật khẩu cũ")).unwrap();
    s.lock();
    assert!(s.unlock("cụm mật khẩu cũ").is_err());
    s.unlock("cụm mật khẩu mới").unwrap();
}

#[test]
fn a_wrong_passphrase_leaves_a_store_with_a_wal_as_it_was() {
    // The window killed with the store open leaves its WAL beside it.
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("dang-mo.db");
    let mut s = Session::new(&live, "thu-ky");
    s.set_passphrase(&set("cụm mật khẩu dài", "cụm mật khẩu dài"))
        .unwrap();
    create_round(s.desk().unwrap());
    // The files as a killed process leaves them: copied while the store is open.
    let path = dir.path().join("kho.db");
    for suffix in ["", "-wal"] {
        let mut from = live.as_os_str().to_owned();
        from.push(suffix);
        let mut to = path.as_os_str().to_owned();
        to.push(suffix);
        std::fs::copy(from, to).unwrap();
    }
    drop(s);
    let files = || {
        ["", "-wal"].map(|suffix| {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            std::fs::read(p).unwrap_or_default()
        })
    };
    let before = files();
    assert!(!before[1].is_empty(), "a WAL is left");
    let mut again = Session::new(&path, "thu-ky");
    again.unlock("cụm mật khẩu sai").unwrap_err();
    let after = files();
    assert_eq!(after[0].len(), before[0].len(), "store size");
    assert!(after[0] == before[0], "the store is unchanged");
    assert_eq!(after[1].len(), before[1].len(), "WAL size");
    assert!(after[1] == before[1], "the WAL is unchanged");
    again.unlock("cụm mật khẩu dài").unwrap();
    assert_eq!(again.desk().unwrap().list_rounds().unwrap().len(), 1);
}

/// The smallest PE header a loader reads: a Windows DLL for `machine` (0x14c: 32-bit x86).
fn windows_dll(machine: u16) -> Vec<u8> {
    let mut b = vec![0u8; 0x100];
    b[0..2].copy_from_slice(b"MZ");
    b[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    b[0x80..0x84].copy_from_slice(b"PE\0\0");
    b[0x84..0x86].copy_from_slice(&machine.to_le_bytes());
    b
}

#[test]
fn the_token_module_chosen_is_remembered_and_a_32_bit_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kho.db");
    let mut s = Session::new(&path, "thu-ky");
    // Locked: neither the modules nor a choice.
    assert_eq!(s.token_modules().unwrap_err().code, ErrorCode::Locked);
    s.set_passphrase(&set("cụm mật khẩu dài", "cụm mật khẩu dài"))
        .unwrap();
    assert_eq!(s.token_modules().unwrap().chosen, None);

    // A 32-bit module (what a CA's installer leaves in SysWOW64) is refused, by name and reason.
    let old = dir.path().join("vnpt-ca_csp11.dll");
    std::fs::write(&old, windows_dll(0x14c)).unwrap();
    let refused = s.choose_token_module(old).unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("32-bit"), "{}", refused.message);
    assert_eq!(s.token_modules().unwrap().chosen, None);

    // A library of this machine (this test program stands for one) is taken and remembered,
    // with the idle time set before it kept.
    s.set_lock_after(5).unwrap();
    let module = std::env::current_exe().unwrap();
    let shown = s.choose_token_module(module.clone()).unwrap();
    assert_eq!(shown, module.display().to_string());
    s.lock();
    let mut next = Session::new(&path, "thu-ky");
    assert_eq!(next.view().lock_after_minutes, 5);
    next.unlock("cụm mật khẩu dài").unwrap();
    assert_eq!(next.token_modules().unwrap().chosen, Some(shown));
    // The window names a module by its place among those found; a place past them is refused.
    let found = next.token_modules().unwrap().found.len() as u32;
    assert!(next.choose_found_token_module(found).is_err());
}
