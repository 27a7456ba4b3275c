//! A committee member's review through the command line: profile, verdicts, overrides, notes,
//! tags, evidence, vote, conflicts of interest, history and tamper detection.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, ok, refused, xetkhen};
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Store {
    dir: tempfile::TempDir,
    path: PathBuf,
}

/// A store with the demo round and a member on this laptop.
fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    ok(&path, &["demo"]);
    ok(
        &path,
        &[
            "reviewer",
            "set",
            "--name",
            "Lê Thị Thu Hà",
            "--position",
            "Phó Giám đốc Sở Nội vụ",
        ],
    );
    Store { dir, path }
}

fn item<'a>(d: &'a Value, code: &str) -> &'a Value {
    d["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no item {code} in {d}"))
}

/// The whole store file's bytes, to show a refused command wrote nothing.
fn snapshot(db: &Path) -> Value {
    json(db, &["show", "demo-014", "--json"])
}

#[test]
fn a_member_scores_votes_and_show_reports_it() {
    let s = store();
    // demo-014, Bệnh viện Nhân dân 115: set 2.2, every stated figure above its bar.
    let before = json(&s.path, &["show", "demo-014", "--json"]);
    assert_eq!(before["eligible"], Value::Null, "2.2.a awaits a reviewer");
    assert_eq!(item(&before, "2.2.b")["auto"], "pass");
    assert_eq!(item(&before, "2.2.a")["verdict"], Value::Null);

    let d = json(
        &s.path,
        &[
            "review",
            "demo-014",
            "--item",
            "2.2.a=pass",
            "--reason",
            "Bệnh án điện tử triển khai toàn viện",
            "--score",
            "8.5",
            "--vote",
            "approve",
            "--note",
            "Hồ sơ đầy đủ, số liệu khớp báo cáo của Sở Y tế",
            "--item-note",
            "2.2.c=Đối chiếu số liệu quý IV",
            "--tag",
            "ưu tiên",
            "--json",
        ],
    );
    assert_eq!(d["eligible"], true);
    assert_eq!(d["vote"], "approve");
    assert_eq!(d["score"], 8.5);
    assert_eq!(d["complete"], true);
    assert_eq!(d["tags"], serde_json::json!(["ưu tiên"]));
    assert_eq!(item(&d, "2.2.a")["verdict"], "pass");
    assert_eq!(
        item(&d, "2.2.a")["reason"],
        "Bệnh án điện tử triển khai toàn viện"
    );
    assert_eq!(item(&d, "2.2.b")["auto"], "pass");
    let notes = d["notes"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n["item"].is_null()
            && n["text"] == "Hồ sơ đầy đủ, số liệu khớp báo cáo của Sở Y tế"));
    assert!(notes
        .iter()
        .any(|n| n["item"] == "2.2.c" && n["text"] == "Đối chiếu số liệu quý IV"));

    // What show prints later is what was stored.
    let shown = json(&s.path, &["show", "demo-014", "--json"]);
    assert_eq!(shown["vote"], "approve");
    assert_eq!(item(&shown, "2.2.a")["verdict"], "pass");
    assert_eq!(shown["eligible"], true);

    // A failing qualitative verdict rules the nomination out.
    let d = json(
        &s.path,
        &[
            "review",
            "demo-014",
            "--item",
            "2.2.a=fail",
            "--reason",
            "Chưa có minh chứng bệnh án điện tử",
            "--vote",
            "reject",
            "--json",
        ],
    );
    assert_eq!(d["eligible"], false);
    assert_eq!(d["vote"], "reject");

    let progress = json(
        &s.path,
        &[
            "progress",
            "--round",
            d["round"].as_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(progress[0]["progress"]["reviewed"], 1);
    assert_eq!(progress[0]["progress"]["total"], 30);
}

#[test]
fn an_override_needs_a_reason_and_a_refusal_writes_nothing() {
    let s = store();
    // demo-018 … find a nomination with a failed threshold item.
    let list = json(&s.path, &["list", "--json"]);
    let failing = list
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["auto"] == "fail")
        })
        .expect("the demo round has a nomination below a bar");
    let id = failing["id"].as_str().unwrap();
    let code = failing["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["auto"] == "fail")
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let before = json(&s.path, &["show", id, "--json"]);
    let audit_before = json(&s.path, &["audit", "verify", "--json"])["entries"].clone();

    let (msg, _) = refused(&s.path, &["review", id, "--item", &format!("{code}=pass")]);
    assert!(msg.contains("lý do") && msg.contains(&code), "{msg}");
    assert_eq!(json(&s.path, &["show", id, "--json"]), before);
    assert_eq!(
        json(&s.path, &["audit", "verify", "--json"])["entries"],
        audit_before,
        "a refused review appends nothing to the log"
    );

    let d = json(
        &s.path,
        &[
            "review",
            id,
            "--item",
            &format!("{code}=pass"),
            "--reason",
            "Đơn vị gửi số liệu cập nhật: đạt 93%",
            "--json",
        ],
    );
    assert_eq!(item(&d, &code)["auto"], "fail");
    assert_eq!(item(&d, &code)["verdict"], "pass");
    assert_eq!(item(&d, &code)["overridden"], true);

    // Other bad input: score out of range, unknown item, qualitative verdict without reason.
    for args in [
        vec!["review", "demo-014", "--score", "11"],
        vec![
            "review",
            "demo-014",
            "--item",
            "2.9.z=pass",
            "--reason",
            "x",
        ],
        vec!["review", "demo-014", "--item", "2.2.a=needs-evidence"],
        vec!["review", "demo-014", "--item", "2.2.a"],
        vec!["review", "demo-014", "--propose", "bang-khen"],
    ] {
        let before = snapshot(&s.path);
        let (msg, _) = refused(&s.path, &args);
        assert!(!msg.trim().is_empty(), "{args:?}");
        assert_eq!(snapshot(&s.path), before, "{args:?} changed the store");
    }
}

#[test]
fn a_conflicted_member_cannot_score_and_the_nomination_leaves_their_tally() {
    let s = store();
    let d = json(&s.path, &["show", "demo-022", "--json"]);
    assert_eq!(d["unit"], "Bệnh viện Nhân dân 115");
    ok(&s.path, &["conflict", "add", "bệnh viện nhân dân 115"]);
    let d = json(&s.path, &["show", "demo-022", "--json"]);
    assert_eq!(d["conflict"], "bệnh viện nhân dân 115");
    let (msg, _) = refused(&s.path, &["review", "demo-022", "--vote", "approve"]);
    assert!(msg.contains("liên quan"), "{msg}");
    let round = d["round"].as_str().unwrap();
    let conflicted = json(
        &s.path,
        &["list", "--round", round, "--review", "conflicted", "--json"],
    );
    let names: Vec<&str> = conflicted
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bệnh viện Nhân dân 115", "Lê Hoàng Phương"]);
    let p = json(&s.path, &["progress", "--round", round, "--json"]);
    assert_eq!(p[0]["progress"]["total"], 28);
    assert_eq!(p[0]["progress"]["conflicted"], 2);
    // "Quận 1" does not tie a member to "Quận 10".
    ok(&s.path, &["conflict", "remove", "Bệnh viện Nhân dân 115"]);
    ok(&s.path, &["review", "demo-022", "--vote", "abstain"]);
}

#[test]
fn filters_follow_the_members_progress() {
    let s = store();
    let round = json(&s.path, &["show", "demo-014", "--json"])["round"]
        .as_str()
        .unwrap()
        .to_string();
    let count = |filter: &str| {
        json(
            &s.path,
            &["list", "--round", &round, "--review", filter, "--json"],
        )
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(count("unreviewed"), 30);
    ok(
        &s.path,
        &[
            "review",
            "demo-014",
            "--item",
            "2.2.a=pass",
            "--reason",
            "Đủ minh chứng",
            "--vote",
            "approve",
        ],
    );
    ok(
        &s.path,
        &[
            "review",
            "demo-015",
            "--item",
            "2.2.a=needs-evidence",
            "--reason",
            "Thiếu báo cáo tổng kết",
        ],
    );
    ok(
        &s.path,
        &["review", "demo-017", "--tag", "cần bổ sung hồ sơ"],
    );
    assert_eq!(count("unreviewed"), 27);
    assert_eq!(count("reviewed"), 1);
    assert_eq!(count("needs-evidence"), 2);
    assert_eq!(count("conflicted"), 0);
}

#[test]
fn evidence_is_stored_once_by_content_and_tampering_is_detected() {
    let s = store();
    let pdf = s.dir.path().join("bao-cao-chuyen-doi-so.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% b\xc3\xa1o c\xc3\xa1o\n%%EOF\n").unwrap();
    let d = json(
        &s.path,
        &[
            "review",
            "demo-014",
            "--attach",
            pdf.to_str().unwrap(),
            "--json",
        ],
    );
    let attachments = d["review"]["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["file_name"], "bao-cao-chuyen-doi-so.pdf");
    assert_eq!(attachments[0]["media_type"], "application/pdf");
    // The same file again is refused; a file whose content is not what its name says too.
    let (msg, _) = refused(
        &s.path,
        &["review", "demo-014", "--attach", pdf.to_str().unwrap()],
    );
    assert!(msg.contains("đã được đính kèm"), "{msg}");
    let fake = s.dir.path().join("anh.png");
    std::fs::write(&fake, b"not a png").unwrap();
    let (msg, _) = refused(
        &s.path,
        &["review", "demo-014", "--attach", fake.to_str().unwrap()],
    );
    assert!(msg.contains("anh.png"), "{msg}");
    ok(&s.path, &["audit", "verify"]);

    // Edit the evidence bytes behind the program's back.
    let conn = rusqlite::Connection::open(&s.path).unwrap();
    conn.execute("UPDATE blobs SET data = x'255044462d312e340a'", [])
        .unwrap();
    drop(conn);
    let out = xetkhen(&s.path, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("blob"), "{text}");
}

#[test]
fn a_review_edited_behind_the_programs_back_is_detected_and_history_tells_who_did_what() {
    let s = store();
    ok(
        &s.path,
        &[
            "review",
            "demo-014",
            "--item",
            "2.2.a=pass",
            "--reason",
            "Đủ minh chứng",
            "--score",
            "7",
        ],
    );
    ok(&s.path, &["review", "demo-014", "--vote", "approve"]);
    let history = json(&s.path, &["history", "demo-014", "--json"]);
    let entries = history.as_array().unwrap();
    assert!(entries.len() >= 3, "{history}");
    let last = entries.last().unwrap();
    assert_eq!(last["actor"], "Lê Thị Thu Hà");
    assert!(last["at"].as_str().unwrap().ends_with("+07:00"), "{last}");
    assert_eq!(last["action"], "review_updated", "{last}");
    assert!(
        last["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "vote"
                && c["before"]["kind"] == "empty"
                && c["after"] == serde_json::json!({"kind": "vote", "value": "approve"})),
        "{last}"
    );
    ok(&s.path, &["audit", "verify"]);

    let conn = rusqlite::Connection::open(&s.path).unwrap();
    conn.execute(
        "UPDATE reviews SET body_json = replace(body_json, '\"approve\"', '\"reject\"')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = xetkhen(&s.path, &["audit", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "audit_record_edited"
                && p["params"]["entity"] == "review"
                && p["params"]["id"].as_str().unwrap().starts_with("demo-014/")),
        "{report}"
    );
}

#[test]
fn without_a_profile_the_member_is_told_to_set_one_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    ok(&path, &["demo"]);
    let (msg, _) = refused(&path, &["review", "demo-014", "--vote", "approve"]);
    assert!(msg.contains("reviewer set"), "{msg}");
    let (msg, _) = refused(
        &path,
        &[
            "review",
            "demo-014",
            "--reviewer",
            "Người Lạ",
            "--vote",
            "approve",
        ],
    );
    assert!(msg.contains("Người Lạ"), "{msg}");
}
