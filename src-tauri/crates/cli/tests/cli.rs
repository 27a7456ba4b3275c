//! The `xetkhen` command as the secretariat and the tests of other tools use it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, ok, xetkhen};
use serde_json::Value;
use std::path::PathBuf;

struct Store {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    Store { _dir: dir, path }
}

#[test]
fn init_creates_the_store_and_is_idempotent() {
    let s = store();
    ok(&s.path, &["init"]);
    ok(&s.path, &["init"]);
    assert!(s.path.exists());
}

#[test]
fn a_round_made_by_the_secretariat_is_listed_with_a_stable_id() {
    let s = store();
    let made = json(
        &s.path,
        &[
            "round",
            "create",
            "--name",
            "Sơ kết 2023",
            "--kind",
            "so-ket",
            "--json",
        ],
    );
    let rounds = json(&s.path, &["round", "list", "--json"]);
    assert_eq!(rounds.as_array().unwrap().len(), 1);
    assert_eq!(rounds[0]["id"], made["id"]);
    assert_eq!(rounds[0]["name"], "Sơ kết 2023");
    assert_eq!(rounds[0]["kind"], "so-ket");
    assert_eq!(rounds[0]["campaign"], "2242/KH-UBND");
}

#[test]
fn the_demo_round_lists_every_field_a_script_needs() {
    let s = store();
    ok(&s.path, &["demo"]);
    ok(&s.path, &["demo"]); // loading twice changes nothing
    let list = json(&s.path, &["list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 30);
    for n in list {
        for key in [
            "id",
            "round",
            "name",
            "kind",
            "criteria_set",
            "unit",
            "award",
            "id_number",
            "birth_year",
            "metrics",
            "items",
            "eligible",
        ] {
            assert!(n.get(key).is_some(), "{key} missing in {n}");
        }
        for m in [
            "online_records_pct",
            "e_documents_pct",
            "socio_economic_reports_pct",
            "lgsp_pct",
        ] {
            assert!(n["metrics"].get(m).is_some());
        }
    }
    let duc = list.iter().find(|n| n["name"] == "Nguyễn Văn Đức").unwrap();
    assert_eq!(duc["kind"], "individual");
    assert_eq!(duc["criteria_set"], "2.4");
    assert_eq!(
        duc["id_number"], "079078001234",
        "the leading zero survives"
    );
    assert_eq!(duc["birth_year"], 1978);
    assert_eq!(duc["metrics"]["online_records_pct"], Value::Null);
}

#[test]
fn an_agency_at_89_9_percent_fails_2_1_b_and_one_at_90_passes() {
    let s = store();
    ok(&s.path, &["demo"]);
    let list = json(&s.path, &["list", "--json"]);
    let find = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == name)
            .unwrap()
            .clone()
    };
    let item = |n: &Value, code: &str| {
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()["auto"]
            .clone()
    };
    let y_te = find("Sở Y tế");
    assert_eq!(y_te["metrics"]["online_records_pct"], 89.9);
    assert_eq!(item(&y_te, "2.1.b"), "fail");
    assert_eq!(y_te["eligible"], false);
    let gd = find("Sở Giáo dục và Đào tạo");
    assert_eq!(item(&gd, "2.1.b"), "pass");
    assert_eq!(
        item(&gd, "2.1.a"),
        Value::Null,
        "a qualitative item waits for the reviewer"
    );
    assert_eq!(gd["eligible"], Value::Null);
    let tan_dinh = find("Ủy ban nhân dân Phường Tân Định");
    assert_eq!(
        item(&tan_dinh, "2.2.b"),
        "fail",
        "59.9% fails the 60% bar of 2.2.b"
    );
}

#[test]
fn an_individual_proposed_for_the_emulation_flag_is_refused_by_the_award_rules() {
    let s = store();
    ok(&s.path, &["demo"]);
    let list = json(&s.path, &["list", "--query", "truong ngoc an", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let an = &list[0];
    assert_eq!(an["award"], "co-thi-dua");
    assert_eq!(an["eligible"], false);
    let shown = json(&s.path, &["show", an["id"].as_str().unwrap(), "--json"]);
    assert_eq!(shown["award_check"]["allowed"], false);
    assert_eq!(
        shown["award_check"]["reason"]["code"],
        "award_flag_collective_only"
    );
}

#[test]
fn search_ignores_case_and_diacritics_and_folds_d() {
    let s = store();
    ok(&s.path, &["demo"]);
    for q in ["nguyen van duc", "NGUYỄN VĂN ĐỨC", "Đức", "079078001234"] {
        let found = json(&s.path, &["list", "--query", q, "--json"]);
        let names: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"Nguyễn Văn Đức"), "{q} → {names:?}");
    }
}

#[test]
fn show_gives_every_rubric_item_with_its_wording() {
    let s = store();
    ok(&s.path, &["demo"]);
    let shown = json(&s.path, &["show", "demo-001", "--json"]);
    assert_eq!(shown["name"], "Sở Khoa học và Công nghệ");
    let items = shown["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.1.e"]);
    assert!(items[1]["wording"]
        .as_str()
        .unwrap()
        .contains("trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước"));
    assert_eq!(items[1]["threshold"], 90.0);
}

#[test]
fn an_unknown_nomination_is_refused_with_a_vietnamese_message() {
    let s = store();
    ok(&s.path, &["init"]);
    let out = xetkhen(&s.path, &["show", "khong-co"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không tìm thấy hồ sơ đề nghị"));
}

#[test]
fn a_wrong_command_line_exits_with_2() {
    let s = store();
    assert_eq!(
        xetkhen(
            &s.path,
            &["round", "create", "--name", "x", "--kind", "weekly"]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        xetkhen(&s.path, &["no-such-command"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_speaks_vietnamese() {
    let s = store();
    let help = ok(&s.path, &["--help"]);
    assert!(help.contains("Cách dùng"), "{help}");
    assert!(help.contains("Nạp đợt xét mẫu"));
}

#[test]
fn the_audit_chain_verifies_and_an_edit_behind_the_programs_back_is_detected() {
    let s = store();
    ok(&s.path, &["demo"]);
    let verdict = json(&s.path, &["audit", "verify", "--json"]);
    assert_eq!(verdict["intact"], true);
    assert!(verdict["entries"].as_u64().unwrap() >= 31);

    let conn = rusqlite::Connection::open(&s.path).unwrap();
    conn.execute(
        "UPDATE nominations SET name = 'Nguyễn Văn Giả' WHERE id = 'demo-020'",
        [],
    )
    .unwrap();
    drop(conn);
    let out = xetkhen(&s.path, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("demo-020"));
}

#[test]
fn an_edited_audit_entry_breaks_the_chain_at_that_entry() {
    let s = store();
    ok(&s.path, &["demo"]);
    let conn = rusqlite::Connection::open(&s.path).unwrap();
    conn.execute(
        "UPDATE audit_log SET actor = 'Người khác' WHERE seq = 5",
        [],
    )
    .unwrap();
    drop(conn);
    let out = xetkhen(&s.path, &["audit", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["first_broken_seq"], 5);
}
