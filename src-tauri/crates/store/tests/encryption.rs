//! Encryption at rest: no name or ID number can be read from the store's files, its WAL or its
//! copies; a wrong passphrase changes nothing; the passphrase can be changed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use std::path::{Path, PathBuf};
use xetkhen_core::{AwardForm, Metrics, Nomination, NomineeKind, Round, RoundKind, Rubric};
use xetkhen_store::{check_store_file_with, Passphrase, Store, StoreError};

const SECRETARY: &str = "Thư ký Ban Thi đua";
const NAME: &str = "Nguyễn Thị Bích Ngọc";
const ID_NUMBER: &str = "079185012345";
const UNIT: &str = "Ủy ban nhân dân Phường Bến Thành";

fn key(text: &str) -> Passphrase {
    Passphrase::new(text).unwrap()
}

fn round() -> Round {
    Round::open("r1", "Tổng kết 2025", RoundKind::TongKet, Utc::now())
}

fn person(i: u32) -> Nomination {
    Nomination {
        id: format!("n{i}"),
        round_id: "r1".into(),
        kind: NomineeKind::Individual,
        criteria_set: "2.4".into(),
        name: if i == 0 {
            NAME.into()
        } else {
            format!("{NAME} {i}")
        },
        position: Some("Chuyên viên".into()),
        birth_year: Some(1985),
        id_number: Some(if i == 0 {
            ID_NUMBER.into()
        } else {
            format!("0791850{i:05}")
        }),
        unit: UNIT.into(),
        nominating_unit: None,
        award: AwardForm::BangKhen,
        summary: Some("Sáng kiến số hóa hồ sơ một cửa".into()),
        metrics: Metrics::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn filled(path: &Path, k: Option<&Passphrase>) -> Store {
    let mut s = Store::open_encrypted(path, k).unwrap();
    s.create_round(SECRETARY, &round(), &Rubric::plan_2242())
        .unwrap();
    let batch: Vec<Nomination> = (0..50).map(person).collect();
    s.write_nominations(SECRETARY, "danh-sach.xlsx", &batch)
        .unwrap();
    s
}

/// What `strings` would find: does any of the words appear in the file's bytes?
fn readable_in(path: &Path) -> Vec<&'static str> {
    let bytes = std::fs::read(path).unwrap();
    [NAME, ID_NUMBER, UNIT, "Bích Ngọc", "Bến Thành", "079185"]
        .into_iter()
        .filter(|w| bytes.windows(w.len()).any(|win| win == w.as_bytes()))
        .collect()
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

#[test]
fn without_encryption_the_words_are_there_to_read() {
    // The check below must be able to fail: a store kept in clear shows them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let s = filled(&path, None);
    let wal = sibling(&path, "-wal");
    assert!(
        !readable_in(&wal).is_empty(),
        "the WAL holds the last writes"
    );
    drop(s);
    assert!(!readable_in(&path).is_empty());
}

#[test]
fn no_name_or_id_number_can_be_read_from_the_store_its_wal_or_its_copies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let k = key("mật khẩu của Ban Thi đua 2025");
    let s = filled(&path, Some(&k));
    let wal = sibling(&path, "-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the WAL is in use"
    );
    assert_eq!(readable_in(&wal), Vec::<&str>::new(), "WAL");
    assert_eq!(readable_in(&path), Vec::<&str>::new(), "store");
    let copy = dir.path().join("sao-luu.db");
    s.snapshot(&copy).unwrap();
    assert_eq!(readable_in(&copy), Vec::<&str>::new(), "backup");
    let auto = s.auto_snapshot("import").unwrap().unwrap();
    assert_eq!(readable_in(&auto), Vec::<&str>::new(), "snapshot");
    assert_eq!(
        check_store_file_with(&copy, Some(&k)).unwrap().nominations,
        50
    );
    drop(s);
    assert_eq!(
        readable_in(&path),
        Vec::<&str>::new(),
        "store after checkpoint"
    );
    let s = Store::open_encrypted(&path, Some(&k)).unwrap();
    assert_eq!(s.count_nominations(None).unwrap(), 50);
    assert!(s.audit_verify().unwrap().broken.is_none());
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    drop(filled(&path, Some(&key("đúng"))));
    let before = std::fs::read(&path).unwrap();
    let e = Store::open_encrypted(&path, Some(&key("sai"))).unwrap_err();
    assert!(matches!(e, StoreError::WrongPassphrase), "{e}");
    assert!(e.to_string().contains("Cụm mật khẩu không đúng"), "{e}");
    let e = Store::open(&path).unwrap_err();
    assert!(matches!(e, StoreError::NeedsPassphrase { .. }), "{e}");
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file is untouched"
    );
    assert!(
        !sibling(&path, "-wal").exists()
            || std::fs::metadata(sibling(&path, "-wal")).unwrap().len() == 0
    );
    // A passphrase given for a store kept in clear.
    let plain = dir.path().join("thuong.db");
    drop(filled(&plain, None));
    let e = Store::open_encrypted(&plain, Some(&key("đúng"))).unwrap_err();
    assert!(matches!(e, StoreError::NotEncrypted), "{e}");
}

#[test]
fn the_passphrase_is_set_changed_and_removed_by_re_encrypting_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let mut s = filled(&path, None);
    // A snapshot made while the store was kept in clear: readable, until the store is encrypted.
    let plain = s.auto_snapshot("import").unwrap().unwrap();
    assert!(!readable_in(&plain).is_empty());
    // A file in backups/ that is not a copy this store can open is left alone, and named.
    let foreign = dir.path().join("backups").join("xetkhen-unreadable-1.db");
    std::fs::write(&foreign, b"not a store").unwrap();
    let first = key("mật khẩu thứ nhất");
    let changed = s.change_passphrase(None, Some(&first)).unwrap();
    assert!(changed.safety.exists());
    assert!(s.is_encrypted());
    assert_eq!(readable_in(&path), Vec::<&str>::new());
    assert_eq!(s.count_nominations(None).unwrap(), 50);
    assert_eq!(changed.backups_reencrypted, 2, "{changed:?}");
    assert_eq!(changed.backups_left, vec![foreign.clone()]);
    for copy in [&plain, &changed.safety] {
        assert_eq!(readable_in(copy), Vec::<&str>::new(), "{}", copy.display());
        assert_eq!(
            check_store_file_with(copy, Some(&first))
                .unwrap()
                .nominations,
            50
        );
    }
    let second = key("mật khẩu thứ hai");
    let changed = s.change_passphrase(Some(&first), Some(&second)).unwrap();
    // The automatic copies are kept within twice the store's size, the oldest removed first;
    // every copy left is re-encrypted, and opens with the new passphrase only: a restore from
    // any of them works.
    let copies: Vec<PathBuf> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &foreign && p.extension().is_some_and(|x| x == "db"))
        .collect();
    assert!(copies.contains(&changed.safety), "{copies:?}");
    assert_eq!(changed.backups_reencrypted, copies.len(), "{changed:?}");
    for copy in &copies {
        assert!(check_store_file_with(copy, Some(&first)).is_err());
        assert_eq!(
            check_store_file_with(copy, Some(&second))
                .unwrap()
                .nominations,
            50
        );
    }
    drop(s);
    assert!(matches!(
        Store::open_encrypted(&path, Some(&first)).unwrap_err(),
        StoreError::WrongPassphrase
    ));
    let mut s = Store::open_encrypted(&path, Some(&second)).unwrap();
    assert_eq!(s.count_nominations(None).unwrap(), 50);
    assert!(s.audit_verify().unwrap().broken.is_none());
    assert!(s.audit_verify().unwrap().tampered.is_empty());
    let found = s
        .find_nominations(&xetkhen_store::NominationQuery {
            text: Some("bich ngoc ben thanh"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 50, "the search index came along");
    s.write_nominations(SECRETARY, "them.xlsx", &[person(99)])
        .unwrap();
    s.change_passphrase(Some(&second), None).unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count_nominations(None).unwrap(), 51);
}

/// The store keeps the key derived for its own salt, not the passphrase: a copy of another salt
/// is re-encrypted only when the caller gives the passphrase again, and the current passphrase is
/// still recognised by derivation.
#[test]
fn the_store_keeps_the_derived_key_not_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let first = key("mật khẩu thứ nhất");
    let mut s = filled(&path, Some(&first));
    assert!(s.opened_with(&first));
    assert!(!s.opened_with(&key("mật khẩu thứ hai")));
    // A copy under the same passphrase but a salt of its own (as a restore from another laptop
    // brings, or a copy re-encrypted by an earlier change).
    let other_salt = dir.path().join("backups").join("xetkhen-import-khac.db");
    std::fs::create_dir_all(other_salt.parent().unwrap()).unwrap();
    drop(filled(&other_salt, Some(&first)));
    let second = key("mật khẩu thứ hai");
    let changed = s.change_passphrase(None, Some(&second)).unwrap();
    assert!(
        changed.backups_left.contains(&other_salt),
        "without the passphrase the store cannot open a copy of another salt: {changed:?}"
    );
    assert!(s.opened_with(&second));
    // Given the passphrase, the store re-encrypts a copy of another salt under it.
    let under_second = dir.path().join("backups").join("xetkhen-import-khac-2.db");
    drop(filled(&under_second, Some(&second)));
    let third = key("mật khẩu thứ ba");
    let changed = s.change_passphrase(Some(&second), Some(&third)).unwrap();
    assert!(!changed.backups_left.contains(&under_second), "{changed:?}");
    assert!(check_store_file_with(&under_second, Some(&third)).is_ok());
    assert!(changed.backups_left.contains(&other_salt), "{changed:?}");
    assert!(check_store_file_with(&other_salt, Some(&first)).is_ok());
}
