//! What each subcommand does: parse its arguments, call [`Desk`], print.

use clap::ArgMatches;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::PathBuf;
use xetkhen_api::Zeroizing;
use xetkhen_api::{
    is_plain_sqlite, paths, ApiError, CloseRound, CreateRound, Desk, EraseRound, ErrorCode,
    ImportReport, ImportRequest, ListQuery, NominationDetail, Passphrase, ReviewFilter, RoundView,
    RowRef, SaveReview, SetReviewer,
};
use xetkhen_core::RoundKind;

/// The person recorded in the audit log for what the CLI writes.
fn actor() -> String {
    std::env::var("XETKHEN_ACTOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .map(|u| format!("{u} (dòng lệnh)"))
        .unwrap_or_else(|_| "dòng lệnh".to_string())
}

fn store_path(m: &ArgMatches) -> Result<PathBuf, ApiError> {
    let explicit = m.get_one::<PathBuf>("db");
    paths::store_path(explicit.map(PathBuf::as_path)).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Io,
            "Không xác định được thư mục dữ liệu của người dùng; hãy chỉ định kho bằng --db hoặc XETKHEN_DB.",
        )
    })
}

pub(crate) fn open(m: &ArgMatches) -> Result<Desk, ApiError> {
    let path = store_path(m)?;
    let passphrase = current_passphrase(&path)?;
    Desk::open_encrypted(&path, &actor(), passphrase.as_ref())
}

/// The variable holding the store's passphrase, for scripts; a person is asked on the terminal.
const PASSPHRASE_ENV: &str = "XETKHEN_PASSPHRASE";
/// The variable holding the new passphrase for `xetkhen passphrase change`.
const NEW_PASSPHRASE_ENV: &str = "XETKHEN_NEW_PASSPHRASE";

/// The store's passphrase: `XETKHEN_PASSPHRASE`, else asked on the terminal (without echo) when
/// the store exists and is encrypted; `None` for a store kept in clear. A new store is created
/// encrypted when the variable is set.
fn current_passphrase(path: &std::path::Path) -> Result<Option<Passphrase>, ApiError> {
    if let Ok(text) = std::env::var(PASSPHRASE_ENV).map(Zeroizing::new) {
        return Ok(Passphrase::new(&text));
    }
    if !path.exists() || is_plain_sqlite(path) || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let text = ask_passphrase("Cụm mật khẩu của kho dữ liệu: ")
        .map(Zeroizing::new)
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được cụm mật khẩu từ bàn phím: {e}"),
            )
        })?;
    Ok(Passphrase::new(&text))
}

fn new_passphrase() -> Result<Passphrase, ApiError> {
    let empty = || {
        ApiError::invalid(
            "passphrase",
            "Cụm mật khẩu mới không được để trống (dùng --remove để bỏ mã hoá).",
        )
    };
    if let Ok(text) = std::env::var(NEW_PASSPHRASE_ENV).map(Zeroizing::new) {
        return Passphrase::new(&text).ok_or_else(empty);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::invalid(
            "passphrase",
            format!("Hãy đặt cụm mật khẩu mới trong biến {NEW_PASSPHRASE_ENV}, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập."),
        ));
    }
    let ask = |prompt: &str| {
        ask_passphrase(prompt).map(Zeroizing::new).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được cụm mật khẩu từ bàn phím: {e}"),
            )
        })
    };
    let first = ask("Cụm mật khẩu mới: ")?;
    let again = ask("Nhập lại cụm mật khẩu mới: ")?;
    if first != again {
        return Err(ApiError::invalid(
            "passphrase",
            "Hai lần nhập cụm mật khẩu mới không khớp; chưa đổi gì.",
        ));
    }
    Passphrase::new(&first).ok_or_else(empty)
}

/// Asks for a passphrase on the terminal, without echo. On Windows the prompt is written through
/// std's stderr, which hands a console UTF-16 (WriteConsoleW), so Vietnamese shows whatever the
/// console's code page: rpassword writes the prompt's UTF-8 bytes to the console, which shows them
/// in its code page as mojibake. The answer is read by rpassword with ReadConsoleW, in UTF-16.
fn ask_passphrase(prompt: &str) -> std::io::Result<String> {
    if cfg!(windows) {
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        err.write_all(prompt.as_bytes())?;
        err.flush()?;
        drop(err);
        return rpassword::read_password();
    }
    rpassword::prompt_password(prompt)
}

pub(crate) fn print_json<T: Serialize>(v: &T) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Không tạo được JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

pub(crate) fn flag(m: &ArgMatches, name: &str) -> bool {
    m.get_flag(name)
}

pub fn run(m: &ArgMatches) -> Result<(), ApiError> {
    match m.subcommand() {
        Some(("init", _)) => {
            let desk = open(m)?;
            let info = desk.app_info()?;
            println!(
                "Kho dữ liệu sẵn sàng: {} ({} đợt xét, {} hồ sơ).",
                info.db_path, info.round_count, info.nomination_count
            );
            Ok(())
        }
        Some(("demo", sub)) => demo(m, sub),
        Some(("round", sub)) => round(m, sub),
        Some(("list", sub)) => list(m, sub),
        Some(("show", sub)) => show(m, sub),
        Some(("reviewer", sub)) => reviewer(m, sub),
        Some(("conflict", sub)) => conflict(m, sub),
        Some(("review", sub)) => review(m, sub),
        Some(("history", sub)) => history(m, sub),
        Some(("progress", sub)) => progress(m, sub),
        Some(("audit", sub)) => audit(m, sub),
        Some(("import", sub)) => import(m, sub),
        Some(("template", sub)) => template(sub),
        Some(("export", sub)) => export(m, sub),
        Some(("verify", sub)) => verify(sub),
        Some(("cert", sub)) => cert(sub),
        Some(("backup", sub)) => backup(m, sub),
        Some(("restore", sub)) => restore(m, sub),
        Some(("passphrase", sub)) => passphrase(m, sub),
        Some(("packet", sub)) => crate::packets::packet(m, sub),
        Some(("tally", sub)) => crate::packets::tally(m, sub),
        Some(("secretariat", sub)) => crate::packets::secretariat(m, sub),
        Some(("countersign", sub)) => crate::packets::countersign(m, sub),
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh; xem xetkhen --help.",
        )),
    }
}

fn demo(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let loaded = desk.load_demo()?;
    let mut generated = 0;
    if let Some(&n) = sub.get_one::<u32>("generate") {
        let round = sub
            .get_one::<String>("round")
            .cloned()
            .unwrap_or_else(|| loaded.round.id.clone());
        generated = desk.generate_nominations(&round, n)?;
    }
    if flag(sub, "json") {
        return print_json(
            &serde_json::json!({ "round": loaded.round, "nominations": loaded.nominations, "generated": generated }),
        );
    }
    println!(
        "Đã nạp đợt xét mẫu «{}» (mã {}): {} hồ sơ.",
        loaded.round.name, loaded.round.id, loaded.nominations
    );
    if generated > 0 {
        println!("Đã sinh thêm {generated} hồ sơ mẫu.");
    }
    Ok(())
}

fn round(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    if let Some(done) = sub
        .subcommand()
        .and_then(|(name, s)| crate::packets::round(m, name, s))
    {
        return done;
    }
    let mut desk = open(m)?;
    match sub.subcommand() {
        Some(("create", c)) => {
            let kind = c
                .get_one::<String>("kind")
                .and_then(|k| RoundKind::parse(k))
                .ok_or_else(|| {
                    ApiError::invalid("kind", "Loại đợt xét phải là so-ket, tong-ket hoặc annual.")
                })?;
            let req = CreateRound {
                name: c.get_one::<String>("name").cloned().unwrap_or_default(),
                kind,
                campaign: c.get_one::<String>("campaign").cloned(),
            };
            let view = desk.create_round(&req)?;
            if flag(c, "json") {
                return print_json(&view);
            }
            println!(
                "Đã tạo đợt xét «{}» ({}), mã {}.",
                view.name,
                view.kind.label_vi(),
                view.id
            );
            Ok(())
        }
        Some(("list", c)) => {
            let rounds = desk.list_rounds()?;
            if flag(c, "json") {
                return print_json(&rounds);
            }
            if rounds.is_empty() {
                println!("Chưa có đợt xét nào. Tạo bằng: xetkhen round create --name \"…\" --kind tong-ket");
            }
            for r in rounds {
                println!(
                    "{}  {:<9} {:>6} hồ sơ  {}{}",
                    r.id,
                    r.kind.label_vi(),
                    r.nomination_count,
                    r.name,
                    round_state(&r)
                );
            }
            Ok(())
        }
        Some(("close", c)) => {
            let view = desk.close_round(&CloseRound {
                round_id: c.get_one::<String>("round").cloned().unwrap_or_default(),
                retain_until: c
                    .get_one::<String>("retain-until")
                    .cloned()
                    .unwrap_or_default(),
            })?;
            if flag(c, "json") {
                return print_json(&view);
            }
            println!("Đã kết thúc đợt xét «{}»{}.", view.name, round_state(&view));
            Ok(())
        }
        Some(("retain", c)) => {
            let view = desk.extend_retention(&CloseRound {
                round_id: c.get_one::<String>("round").cloned().unwrap_or_default(),
                retain_until: c.get_one::<String>("until").cloned().unwrap_or_default(),
            })?;
            if flag(c, "json") {
                return print_json(&view);
            }
            println!("Đợt xét «{}»{}.", view.name, round_state(&view));
            Ok(())
        }
        Some(("erase", c)) => {
            let r = desk.erase_round(&EraseRound {
                round_id: c.get_one::<String>("round").cloned().unwrap_or_default(),
                confirm_name: c.get_one::<String>("confirm").cloned().unwrap_or_default(),
            })?;
            if flag(c, "json") {
                return print_json(&r);
            }
            println!(
                "Đã xoá vĩnh viễn dữ liệu cá nhân của đợt xét «{}»: {} hồ sơ, {} phiếu chấm, {} tệp kèm, {} gói phiếu; {} mục nhật ký được xoá nội dung (vẫn giữ chỗ trong chuỗi).",
                r.round_name, r.nominations, r.reviews, r.files, r.packets, r.audit_entries
            );
            println!(
                "Đã xoá {} bản sao tự động trong backups/.",
                r.backups_removed.len()
            );
            if let Some(after) = &r.snapshot_after {
                println!("Bản sao mới sau khi xoá: {after}");
            }
            println!("Lưu ý: các bản sao lưu thủ công đã chép ra nơi khác (xetkhen backup --out) vẫn còn dữ liệu cũ; hãy tự xoá chúng.");
            for w in &r.warnings {
                eprintln!("Cảnh báo: {w}");
            }
            Ok(())
        }
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen round --help.",
        )),
    }
}

/// How a round stands after review, for the round list: closed until when, or erased.
fn round_state(r: &RoundView) -> String {
    // YYYY-MM-DD (or a time starting with it) as DD/MM/YYYY.
    let vn = |s: &str| {
        s.get(..10)
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
            .map_or_else(|| s.to_string(), |d| d.format("%d/%m/%Y").to_string())
    };
    match (&r.erased_at, &r.retain_until) {
        (Some(at), _) => format!("  [đã xoá dữ liệu cá nhân ngày {}]", vn(at)),
        (None, Some(until)) => format!("  [đã kết thúc, lưu giữ đến hết ngày {}]", vn(until)),
        (None, None) => String::new(),
    }
}

fn list(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let req = ListQuery {
        round: sub.get_one::<String>("round").cloned().unwrap_or_default(),
        query: sub.get_one::<String>("query").cloned(),
        review: sub.get_one::<String>("review").map(|r| match r.as_str() {
            "unreviewed" => ReviewFilter::Unreviewed,
            "needs-evidence" => ReviewFilter::NeedsEvidence,
            "conflicted" => ReviewFilter::Conflicted,
            _ => ReviewFilter::Reviewed,
        }),
        ..ListQuery::default()
    };
    let details = desk.nomination_details(&req)?;
    if flag(sub, "json") {
        return print_json(&details);
    }
    for (i, d) in details.iter().enumerate() {
        let eligible = match d.eligible {
            Some(true) => "đủ điều kiện",
            Some(false) => "không đủ điều kiện",
            None => "chưa xác định",
        };
        println!(
            "{:>5}. {} — {} — {} [{}; {}]",
            i + 1,
            d.name,
            d.unit,
            d.award.label_vi(),
            d.criteria_set,
            eligible
        );
    }
    println!("Tổng cộng: {} hồ sơ.", details.len());
    Ok(())
}

fn show(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let id = sub.get_one::<String>("id").cloned().unwrap_or_default();
    let d = desk.get_nomination(&id)?;
    if flag(sub, "json") {
        return print_json(&d);
    }
    println!(
        "{} ({}), bộ tiêu chí {}: {}",
        d.name,
        d.kind.label_vi(),
        d.criteria_set,
        d.criteria_set_title
    );
    println!("Đơn vị: {}", d.unit);
    println!("Hình thức đề nghị: {}", d.award.label_vi());
    if let Some(reason) = &d.award_check.reason {
        println!("  ! {reason}");
    }
    for item in &d.items {
        let auto = match item.auto {
            Some(xetkhen_core::AutoResult::Pass) => "đạt",
            Some(xetkhen_core::AutoResult::Fail) => "không đạt",
            None => "chờ đánh giá",
        };
        let verdict = item
            .verdict
            .map(|v| format!("; nhận định: {}", v.label_vi()))
            .unwrap_or_default();
        let reason = item
            .reason
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        println!("  {} {} — {auto}{verdict}{reason}", item.code, item.label);
    }
    print_review_summary(&d);
    Ok(())
}

fn print_review_summary(d: &NominationDetail) {
    if let Some(unit) = &d.conflict {
        println!("Xung đột lợi ích: thành viên đã khai báo liên quan đến «{unit}».");
    }
    let eligible = match d.eligible {
        Some(true) => "đủ điều kiện",
        Some(false) => "không đủ điều kiện",
        None => "chưa xác định",
    };
    println!("Kết quả: {eligible}");
    if let Some(v) = d.vote {
        println!("Biểu quyết: {}", v.label_vi());
    }
    if let Some(s) = d.score {
        println!("Điểm thành tích: {s}");
    }
    for n in &d.notes {
        match &n.item {
            Some(code) => println!("Ghi chú {code}: {}", n.text),
            None => println!("Ghi chú: {}", n.text),
        }
    }
    if !d.tags.is_empty() {
        println!("Nhãn: {}", d.tags.join(", "));
    }
    if let Some(r) = &d.review {
        for a in &r.attachments {
            println!(
                "Minh chứng: {} ({} byte, {})",
                a.file_name, a.size, a.sha256
            );
        }
    }
    if d.outdated {
        println!("Lưu ý: hồ sơ đã thay đổi sau lần chấm gần nhất.");
    }
}

fn reviewer(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    if let Some(done) = sub
        .subcommand()
        .and_then(|(name, s)| crate::packets::reviewer(m, name, s))
    {
        return done;
    }
    let mut desk = open(m)?;
    let print = |r: &xetkhen_api::ReviewerView| {
        println!("{} — {} ({})", r.name, r.position, r.role.label_vi());
        if !r.conflicts.is_empty() {
            println!("  Đơn vị có liên quan: {}", r.conflicts.join("; "));
        }
    };
    match sub.subcommand() {
        Some(("set", s)) => {
            let req = SetReviewer {
                name: s.get_one::<String>("name").cloned().unwrap_or_default(),
                position: s.get_one::<String>("position").cloned().unwrap_or_default(),
                role: s
                    .get_one::<String>("role")
                    .and_then(|r| xetkhen_core::Role::parse(r)),
            };
            let r = desk.set_reviewer(&req)?;
            if flag(s, "json") {
                return print_json(&r);
            }
            print!("Thành viên trên máy này: ");
            print(&r);
            Ok(())
        }
        Some(("show", s)) => {
            let r = desk.reviewer()?;
            if flag(s, "json") {
                return print_json(&r);
            }
            match r {
                Some(r) => print(&r),
                None => {
                    println!("Máy này chưa khai báo thành viên hội đồng (xetkhen reviewer set).")
                }
            }
            Ok(())
        }
        Some(("list", s)) => {
            let all = desk.reviewers()?;
            if flag(s, "json") {
                return print_json(&all);
            }
            for r in &all {
                print(r);
            }
            Ok(())
        }
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen reviewer --help.",
        )),
    }
}

fn conflict(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let unit = |s: &ArgMatches| s.get_one::<String>("unit").cloned().unwrap_or_default();
    let r = match sub.subcommand() {
        Some(("add", s)) => desk.add_conflict(&unit(s))?,
        Some(("remove", s)) => desk.remove_conflict(&unit(s))?,
        Some(("list", s)) => {
            let r = desk.reviewer()?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Conflict,
                    "Máy này chưa khai báo thành viên hội đồng (xetkhen reviewer set).",
                )
            })?;
            if flag(s, "json") {
                return print_json(&r.conflicts);
            }
            r
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "Thiếu lệnh con; xem xetkhen conflict --help.",
            ))
        }
    };
    if r.conflicts.is_empty() {
        println!("{} chưa khai báo đơn vị có liên quan.", r.name);
    } else {
        println!("{} có liên quan đến: {}", r.name, r.conflicts.join("; "));
    }
    Ok(())
}

/// `CODE=VALUE` of --item and --item-note.
fn code_value<'a>(arg: &'a str, option: &str) -> Result<(&'a str, &'a str), ApiError> {
    arg.split_once('=')
        .map(|(c, v)| (c.trim(), v.trim()))
        .filter(|(c, _)| !c.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                option,
                format!("--{option} «{arg}»: phải có dạng TIÊU CHÍ=GIÁ TRỊ, ví dụ 2.1.a=pass."),
            )
        })
}

fn review(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let id = sub.get_one::<String>("id").cloned().unwrap_or_default();
    let as_member = sub.get_one::<String>("reviewer").map(String::as_str);
    let current = desk.nomination_for(&id, as_member)?;
    let mut review = current.review.unwrap_or_default();
    let reason = sub.get_one::<String>("reason").cloned();
    for arg in sub.get_many::<String>("item").into_iter().flatten() {
        let (code, value) = code_value(arg, "item")?;
        let entry = review.items.entry(code.to_string()).or_default();
        if value == "clear" {
            entry.verdict = None;
            entry.reason = None;
            continue;
        }
        let verdict = xetkhen_core::Verdict::parse(value).ok_or_else(|| {
            ApiError::invalid(
                "item",
                format!("--item {arg}: nhận định phải là pass, fail, needs-evidence hoặc clear."),
            )
        })?;
        entry.verdict = Some(verdict);
        if reason.is_some() {
            entry.reason.clone_from(&reason);
        }
    }
    for arg in sub.get_many::<String>("item-note").into_iter().flatten() {
        let (code, text) = code_value(arg, "item-note")?;
        review.items.entry(code.to_string()).or_default().note = Some(text.to_string());
    }
    if let Some(score) = sub.get_one::<f64>("score") {
        review.score = Some(*score);
    }
    if let Some(v) = sub.get_one::<String>("vote") {
        review.vote = xetkhen_core::Vote::parse(v);
    }
    if let Some(n) = sub.get_one::<String>("note") {
        review.note = Some(n.clone());
    }
    for t in sub.get_many::<String>("tag").into_iter().flatten() {
        review.tags.insert(xetkhen_core::text::clean(t));
    }
    for t in sub.get_many::<String>("untag").into_iter().flatten() {
        review.tags.remove(&xetkhen_core::text::clean(t));
    }
    match sub.get_one::<String>("propose").map(String::as_str) {
        Some("none") => review.proposed_award = None,
        Some(form) => review.proposed_award = xetkhen_core::AwardForm::parse(form),
        None => {}
    }
    if let Some(r) = sub.get_one::<String>("propose-reason") {
        review.proposed_reason = Some(r.clone());
    }
    let evidence = sub
        .get_many::<PathBuf>("attach")
        .into_iter()
        .flatten()
        .map(|p| desk.read_evidence(p))
        .collect::<Result<Vec<_>, _>>()?;
    let d = desk.save_review_as(
        as_member,
        &SaveReview {
            nomination: id,
            review,
        },
        &evidence,
    )?;
    if flag(sub, "json") {
        return print_json(&d);
    }
    println!(
        "Đã lưu nhận xét của {} về «{}».",
        d.reviewer.as_ref().map_or("", |r| r.name.as_str()),
        d.name
    );
    print_review_summary(&d);
    Ok(())
}

fn history(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let id = sub.get_one::<String>("id").cloned().unwrap_or_default();
    let entries = desk.nomination_history(&id)?;
    if flag(sub, "json") {
        return print_json(&entries);
    }
    for e in &entries {
        println!("{}  {} — {}", e.at, e.actor, e.action);
        for c in &e.changes {
            println!("    {c}");
        }
    }
    Ok(())
}

fn progress(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let round = sub.get_one::<String>("round").cloned().unwrap_or_default();
    let all = desk.round_progress(&round)?;
    if flag(sub, "json") {
        return print_json(&all);
    }
    for p in &all {
        println!(
            "{} ({}): đã chấm {}/{}; cần bổ sung {}; xung đột {}",
            p.reviewer.name,
            p.reviewer.role.label_vi(),
            p.progress.reviewed,
            p.progress.total,
            p.progress.needs_evidence,
            p.progress.conflicted
        );
    }
    Ok(())
}

fn audit(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let Some(("verify", v)) = sub.subcommand() else {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen audit --help.",
        ));
    };
    let verdict = desk.audit_verify()?;
    let files: Vec<PathBuf> = v
        .get_many::<PathBuf>("against")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let against = desk.audit_against(&files)?;
    if flag(v, "json") {
        if files.is_empty() {
            print_json(&verdict)?;
        } else {
            print_json(&serde_json::json!({ "verdict": verdict, "against": against }))?;
        }
    } else {
        if verdict.intact {
            println!(
                "Nhật ký nguyên vẹn: {} mục, dữ liệu khớp với nhật ký.",
                verdict.entries
            );
        }
        for a in &against {
            println!("{}: {}", a.file, a.message);
        }
    }
    let missing: Vec<&str> = against
        .iter()
        .filter(|a| a.status == xetkhen_api::AgainstStatus::Missing)
        .map(|a| a.file.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "Nhật ký không còn chứa đầu chuỗi mà các tệp đã ký ghi lại (đã bị viết lại hoặc cắt bớt): {}",
                missing.join(", ")
            ),
        ));
    }
    if verdict.intact {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "Nhật ký hoặc dữ liệu đã bị sửa ngoài chương trình:\n  {}",
                verdict.problems.join("\n  ")
            ),
        ))
    }
}

fn import(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    match sub.subcommand() {
        Some(("undo", s)) => return import_undo(m, s),
        Some(("batches", s)) => return import_batches(m, s),
        _ => {}
    }
    let mut desk = open(m)?;
    let req = ImportRequest {
        files: sub
            .get_many::<PathBuf>("files")
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect(),
        round: sub.get_one::<String>("round").cloned(),
        skip_invalid: flag(sub, "skip-invalid"),
        sheet: sub.get_one::<String>("sheet").cloned(),
        convert_legacy: flag(sub, "convert-legacy"),
        encoding: sub.get_one::<String>("encoding").cloned(),
        mapping: Vec::new(),
        dry_run: false,
        skip_rows: sub
            .get_many::<String>("skip-row")
            .into_iter()
            .flatten()
            .map(|s| row_ref(s))
            .collect::<Result<_, _>>()?,
    };
    let report = desk.import(&req)?;
    if flag(sub, "json") {
        print_json(&report)?;
    } else {
        print_import_report(&report);
    }
    if report.all_accepted() {
        Ok(())
    } else {
        let refused: Vec<&str> = report
            .files
            .iter()
            .filter(|f| !f.accepted)
            .map(|f| f.file.as_str())
            .collect();
        let legacy = report
            .files
            .iter()
            .any(|f| !f.accepted && !f.legacy_samples.is_empty() && !f.legacy_converted);
        let hint = if legacy {
            "Xem bản chuyển đổi ở trên rồi nhập lại với --convert-legacy."
        } else {
            "Sửa các lỗi đã nêu rồi nhập lại, hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ."
        };
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "Không nhập tệp: {}. Kho dữ liệu không thay đổi. {hint}",
                refused.join(", ")
            ),
        ))
    }
}

fn import_undo(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let batch = sub.get_one::<String>("batch").cloned().unwrap_or_default();
    let r = desk.undo_import(&batch)?;
    if flag(sub, "json") {
        return print_json(&r);
    }
    println!(
        "Đã hoàn tác lần nhập {} ({}, {}): xoá {} hồ sơ mới, trả {} hồ sơ về như trước.",
        r.batch.id, r.batch.source, r.batch.at, r.removed, r.restored
    );
    Ok(())
}

fn import_batches(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let batches = desk.import_batches(sub.get_one::<String>("round").map(String::as_str))?;
    if flag(sub, "json") {
        return print_json(&batches);
    }
    if batches.is_empty() {
        println!("Chưa có lần nhập nào.");
    }
    for b in &batches {
        let state = if b.undone { " — đã hoàn tác" } else { "" };
        println!(
            "{}  {}  {} — {} mới, {} cập nhật ({}){state}",
            b.id, b.at, b.source, b.inserted, b.updated, b.actor
        );
    }
    Ok(())
}

/// `--skip-row FILE:ROW`: the file's name as the report gives it, then the row number.
fn row_ref(s: &str) -> Result<RowRef, ApiError> {
    s.rsplit_once(':')
        .and_then(|(file, row)| {
            Some(RowRef {
                file: file.trim().to_string(),
                row: row.trim().parse().ok()?,
            })
        })
        .filter(|r| !r.file.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                "skip-row",
                format!("«{s}» không phải TỆP:DÒNG (ví dụ danh-sach.xlsx:12)."),
            )
        })
}

fn print_import_report(r: &ImportReport) {
    if r.round_created {
        println!(
            "Kho chưa có đợt xét nào: đã tạo đợt «{}» (mã {}).",
            r.round.name, r.round.id
        );
    }
    println!("Đợt xét: {} ({})", r.round.name, r.round.id);
    for f in &r.files {
        let state = if f.accepted {
            "nhận"
        } else {
            "không nhận"
        };
        println!(
            "  {} — {} dòng hợp lệ, {} dòng bị loại: {state}",
            f.file, f.rows, f.rejected
        );
        if f.sheets.len() > 1 {
            let sheets: Vec<String> = f
                .sheets
                .iter()
                .map(|s| match s.header_row {
                    Some(h) => format!("«{}» ({} dòng, tiêu đề ở dòng {h})", s.name, s.rows),
                    None => format!("«{}» ({} dòng, không có danh sách)", s.name, s.rows),
                })
                .collect();
            println!(
                "    Các trang tính (chọn bằng --sheet): {}",
                sheets.join("; ")
            );
        }
        if !f.unmapped.is_empty() {
            println!("    Cột chưa nhận ra: {}", f.unmapped.join("; "));
        }
        let encoding = f.legacy_encoding.as_deref().unwrap_or("cũ");
        for s in &f.legacy_samples {
            println!("    Bảng mã {encoding}: «{}» → «{}»", s.before, s.after);
        }
    }
    println!(
        "Mới: {}, cập nhật: {}, không đổi: {}, bị loại: {}.",
        r.imported, r.updated, r.unchanged, r.rejected
    );
    for p in &r.problems {
        let mut place = p.file.clone();
        if let Some(s) = &p.sheet {
            place.push_str(&format!(", trang {s}"));
        }
        if let Some(row) = p.row {
            place.push_str(&format!(", dòng {row}"));
        }
        if let Some(c) = &p.column {
            place.push_str(&format!(", cột {c}"));
        }
        println!("  Lỗi — {place}: {}", p.message);
    }
    for w in &r.warnings {
        println!(
            "  Lưu ý — {}{}: {}",
            w.file,
            w.row.map(|r| format!(", dòng {r}")).unwrap_or_default(),
            w.message
        );
    }
    for d in &r.duplicates {
        let what = match d.kind {
            xetkhen_api::DuplicateKind::Duplicate => "Trùng",
            xetkhen_api::DuplicateKind::Possible => "Có thể trùng",
        };
        println!("  {what} — {} ({})", d.message, d.places.join("; "));
    }
    if r.duplicates
        .iter()
        .any(|d| d.kind == xetkhen_api::DuplicateKind::Possible)
    {
        println!("  Các dòng «có thể trùng» đều đã được nhập; để bỏ một dòng, nhập lại với --skip-row TỆP:DÒNG.");
    }
    for s in &r.skipped {
        println!("  Bỏ qua theo yêu cầu — {}, dòng {}", s.file, s.row);
    }
    if let Some(b) = &r.batch {
        println!("Mã lần nhập: {b} (hoàn tác bằng: xetkhen import undo {b})");
    }
    if let Some(s) = &r.snapshot {
        println!("Bản sao lưu trong ngày: {s}");
    }
}

fn template(sub: &ArgMatches) -> Result<(), ApiError> {
    let out = sub.get_one::<PathBuf>("out").cloned().unwrap_or_default();
    xetkhen_api::write_template(&out)?;
    println!("Đã tạo mẫu danh sách: {}", out.display());
    Ok(())
}

/// A password or PIN from the environment variable the flag names; overwritten with zeros when
/// dropped.
pub(crate) fn secret(
    sub: &ArgMatches,
    flag_name: &str,
) -> Result<xetkhen_api::Zeroizing<String>, ApiError> {
    let var = sub
        .get_one::<String>(flag_name)
        .cloned()
        .unwrap_or_default();
    std::env::var(&var).map(xetkhen_api::Zeroizing::new).map_err(|_| {
        ApiError::invalid(flag_name, format!("Biến môi trường {var} (--{flag_name}) chưa được đặt; mật khẩu và mã PIN không bao giờ được ghi trên dòng lệnh."))
    })
}

fn export(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    use xetkhen_api::{ExportFilter, ExportRequest, P12Key, SigningKey, TokenKey};
    let desk = open(m)?;
    let filter = match sub.get_one::<String>("filter").map(String::as_str) {
        Some("eligible") => ExportFilter::Eligible,
        Some("approved") => ExportFilter::Approved,
        _ => ExportFilter::All,
    };
    let award = sub
        .get_one::<String>("award")
        .and_then(|a| xetkhen_core::AwardForm::parse(a))
        .ok_or_else(|| ApiError::invalid("award", "Hình thức khen thưởng không hợp lệ."))?;
    let sign = if let Some(path) = sub.get_one::<PathBuf>("sign-p12") {
        Some(SigningKey::P12(P12Key {
            path: path.clone(),
            password: (*secret(sub, "password-env")?).clone(),
        }))
    } else if let Some(module) = sub.get_one::<PathBuf>("sign-pkcs11") {
        Some(SigningKey::Token(TokenKey {
            module: module.clone(),
            token_label: sub.get_one::<String>("token").cloned().unwrap_or_default(),
            key_label: sub.get_one::<String>("key-label").cloned(),
            pin: (*secret(sub, "pin-env")?).clone(),
        }))
    } else {
        None
    };
    let req = ExportRequest {
        round: sub.get_one::<String>("round").cloned().unwrap_or_default(),
        award,
        filter,
        out: sub.get_one::<PathBuf>("out").cloned().unwrap_or_default(),
        sign,
        number: sub.get_one::<String>("number").cloned(),
        signer_title: sub.get_one::<String>("signer-title").cloned(),
        signer_name: sub.get_one::<String>("signer-name").cloned(),
        cover: flag(sub, "cover"),
        cover_number: sub.get_one::<String>("cover-number").cloned(),
    };
    let report = desk.export(&req)?;
    if flag(sub, "json") {
        return print_json(&report);
    }
    println!(
        "Đã xuất {} hồ sơ vào {} ({} KB{}).",
        report.rows,
        report.file,
        report.size_bytes / 1024,
        if report.signed { ", đã ký số" } else { "" }
    );
    Ok(())
}

fn verify(sub: &ArgMatches) -> Result<(), ApiError> {
    let path = sub.get_one::<PathBuf>("file").cloned().unwrap_or_default();
    let read = |p: &PathBuf| {
        std::fs::read(p).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được tệp {}: {e}", p.display()),
            )
        })
    };
    let pdf = read(&path)?;
    let mut trust = Vec::new();
    for p in sub.get_many::<PathBuf>("trust").into_iter().flatten() {
        let cert = xetkhen_pdf::cert::parse_certificate(&read(p)?)
            .map_err(|e| ApiError::invalid("trust", format!("{}: {e}", p.display())))?;
        trust.push(cert);
    }
    // The national roots are trusted by default; --trust adds anchors (a training CA only so).
    let report = xetkhen_pdf::verify_with(
        &pdf,
        &xetkhen_pdf::Trust::with_builtin(&trust),
        std::time::SystemTime::now(),
    );
    if flag(sub, "json") {
        print_json(&report)?;
    } else {
        for s in &report.signatures {
            println!(
                "Chữ ký {}: {}",
                s.field,
                s.signer_cn.as_deref().unwrap_or("(không rõ người ký)")
            );
            println!("  Chuỗi chứng thư: {}", s.signer_chain.join(" → "));
            match &s.anchor {
                Some(a) if s.anchor_builtin => {
                    println!("  Chứng thư gốc: {a} (gốc quốc gia có sẵn trong Xét Khen)")
                }
                Some(a) => println!("  Chứng thư gốc: {a} (do người kiểm tra chỉ định)"),
                None => println!("  Chứng thư gốc: (không dẫn tới chứng thư gốc tin cậy nào)"),
            }
            println!(
                "  Thời điểm người ký khai: {}",
                s.signing_time.as_deref().unwrap_or("(không có)")
            );
            match &s.timestamp {
                Some(t) => {
                    let time = t
                        .time
                        .as_deref()
                        .map_or_else(|| "(không đọc được)".into(), xetkhen_api::in_vietnam_time);
                    let tsa = t.tsa.as_deref().unwrap_or("(không rõ)");
                    if t.trusted {
                        println!(
                            "  Dấu thời gian tin cậy: {time}, do {tsa} cấp; hiệu lực chứng thư được xét tại thời điểm này."
                        );
                    } else {
                        println!(
                            "  Dấu thời gian: {time}, do {tsa} cấp; KHÔNG được tin cậy ({}); hiệu lực chứng thư được xét tại thời điểm kiểm tra.",
                            t.problems.join("; ")
                        );
                    }
                }
                None => println!(
                    "  Dấu thời gian: (không có); hiệu lực chứng thư được xét tại thời điểm kiểm tra."
                ),
            }
            println!(
                "  Toàn vẹn: {}; bao trọn tệp: {}; chứng thư tin cậy: {}",
                yes(s.intact()),
                yes(s.covers_whole_file),
                yes(s.trusted)
            );
            if s.changed_after_signing {
                println!("  Nội dung đã bị thay đổi sau chữ ký này: CÓ");
            }
        }
        if report.valid {
            println!("Chữ ký hợp lệ và bao trọn tệp.");
        }
    }
    if report.valid {
        return Ok(());
    }
    let mut problems = report.problems.clone();
    for s in &report.signatures {
        problems.extend(s.problems.iter().map(|p| format!("{}: {p}", s.field)));
    }
    Err(ApiError::new(
        ErrorCode::InvalidInput,
        format!(
            "Tệp {} KHÔNG hợp lệ:\n  {}",
            path.display(),
            problems.join("\n  ")
        ),
    ))
}

fn yes(b: bool) -> &'static str {
    if b {
        "có"
    } else {
        "KHÔNG"
    }
}

fn cert(sub: &ArgMatches) -> Result<(), ApiError> {
    let Some(("training", t)) = sub.subcommand() else {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen cert --help.",
        ));
    };
    let password = secret(t, "password-env")?;
    let kind = if t.get_one::<String>("key").map(String::as_str) == Some("ecdsa") {
        xetkhen_pdf::KeyKind::EcdsaP256
    } else {
        xetkhen_pdf::KeyKind::Rsa2048
    };
    let name = t.get_one::<String>("name").cloned().unwrap_or_default();
    let org = t
        .get_one::<String>("organisation")
        .cloned()
        .unwrap_or_default();
    let cred = xetkhen_pdf::cert::make_training_certificate(
        &name,
        &org,
        kind,
        &password,
        chrono::Utc::now(),
        365,
    )
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    let write = |p: &PathBuf, bytes: &[u8]| {
        std::fs::write(p, bytes).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không ghi được tệp {}: {e}", p.display()),
            )
        })
    };
    let out = t.get_one::<PathBuf>("out").cloned().unwrap_or_default();
    let ca = t.get_one::<PathBuf>("ca-out").cloned().unwrap_or_default();
    write(&out, &cred.p12)?;
    write(&ca, cred.ca_pem.as_bytes())?;
    if let Some(p) = t.get_one::<PathBuf>("cert-out") {
        let pem = xetkhen_pdf::cert::to_pem(&cred.signer_der)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        write(p, pem.as_bytes())?;
    }
    println!(
        "Đã tạo chứng thư tập huấn cho «{name}»: {} (gốc tin cậy: {}).",
        out.display(),
        ca.display()
    );
    Ok(())
}

fn backup(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let out = sub.get_one::<PathBuf>("out").cloned().unwrap_or_default();
    let report = desk.backup(&out)?;
    if flag(sub, "json") {
        return print_json(&report);
    }
    println!(
        "Đã sao lưu kho dữ liệu vào {} ({} KB; {} đợt xét, {} hồ sơ); bản sao đã được kiểm tra toàn vẹn.",
        report.file,
        report.size_bytes / 1024,
        report.rounds,
        report.nominations
    );
    Ok(())
}

fn restore(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let path = store_path(m)?;
    let passphrase = current_passphrase(&path)?;
    let from = sub.get_one::<PathBuf>("file").cloned().unwrap_or_default();
    // A store too damaged to open is what a restore is most needed for.
    let report = match Desk::open_for_restore(&path, &actor(), passphrase.as_ref())? {
        Some(mut desk) => desk.restore(&from, passphrase.as_ref())?,
        None => Desk::restore_unopenable(&path, &actor(), passphrase.as_ref(), &from)?.1,
    };
    if flag(sub, "json") {
        return print_json(&report);
    }
    println!(
        "Đã khôi phục kho dữ liệu từ {} ({} đợt xét, {} hồ sơ).",
        report.file, report.rounds, report.nominations
    );
    println!(
        "Kho trước khi khôi phục được giữ tại: {}",
        report.safety_copy
    );
    Ok(())
}

fn passphrase(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let Some(("change", c)) = sub.subcommand() else {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen passphrase --help.",
        ));
    };
    let path = store_path(m)?;
    let current = current_passphrase(&path)?;
    let mut desk = Desk::open_encrypted(&path, &actor(), current.as_ref())?;
    let new = if flag(c, "remove") {
        None
    } else {
        Some(new_passphrase()?)
    };
    let report = desk.change_passphrase(current.as_ref(), new.as_ref())?;
    if flag(c, "json") {
        return print_json(&report);
    }
    if report.encrypted {
        println!("Đã mã hoá kho dữ liệu bằng cụm mật khẩu mới.");
    } else {
        println!("Kho dữ liệu từ nay không được mã hoá.");
    }
    println!(
        "Bản sao của kho trước khi đổi: {}. {} bản sao trong backups/ đã được mã hoá lại theo cụm mật khẩu mới.",
        report.safety_copy, report.backups_reencrypted
    );
    for left in &report.backups_left {
        eprintln!("Cảnh báo: không mở được {left} bằng cụm mật khẩu cũ; tệp được để nguyên.");
    }
    Ok(())
}
