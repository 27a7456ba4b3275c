//! The desktop shell. Each command is one call into `xetkhen_api` (a [`xetkhen_api::Desk`],
//! [`xetkhen_api::Session`] or [`xetkhen_api::Exports`] method), after at most a check that the
//! store is open and one native dialog; the shell holds the open store and opens the dialogs,
//! nothing else. The window may call these commands only (see `capabilities/main.json`): no file
//! system, no shell, no paths from the webview.
//!
//! Besides the commands: module [`state`] holds what the shell keeps for the window (the session,
//! jobs, arrived files) and runs long operations off the command threads; module [`dialogs`] opens
//! the native dialogs and the system's viewer; [`arrivals`] takes files dropped or opened with the
//! app; [`start`] says why a start failed.
//!
//! While the store is locked every command but those of the lock screen (`session_status`,
//! `unlock`, `set_passphrase`, `lock`, `keep_alive`) and of jobs (`begin_job`, `job_status`,
//! `cancel_job`: they carry no data, and polling one must not wait for the session the operation
//! it follows holds) is refused with the code `locked`; locking forgets what the window held by token and deletes opened evidence (see
//! [`xetkhen_api::Session`]), and so does leaving the app.
//!
//! The stand-ins for the native dialogs that the end-to-end tests drive the window with are
//! compiled only with the cargo feature `e2e` (`make e2e`); `make run`, `make bundle` and any
//! release build have none (module [`stand_in`]).
//!
//! The signatures of the `#[tauri::command]` functions below are the IPC contract, written once:
//! crate xetkhen-contract reads them for `build.rs` (the command list, the check of
//! `generate_handler!` and of `capabilities/main.json`) and for `ui/src/lib/ipc/commands.ts`. A new
//! command is a function here and a line in `generate_handler!`, then `make bindings`. Its
//! arguments and answer are types ts-rs declares in `bindings.ts` (or strings, numbers, booleans,
//! `Vec`, `Option`); what the window holds by token is typed by kind (`JobToken`, `FileToken`, …).

use std::path::Path;
use std::process::ExitCode;
use tauri::{AppHandle, Manager, State};
use xetkhen_api::{
    paths, ApiError, AppInfo, ArrivedFile, CancelOutcome, CloseRound, CreateRound, DemoLoaded,
    Desk, EraseRound, ErasureView, EvidenceView, ExportChoices, ExportOptions, ExportPreview,
    ExportSaved, HistoryEntry, ImportField, ImportReport, JobStatus, ListQuery, MemberProgress,
    NominationDetail, NominationList, PickedFile, PickedImport, ProblemView, ReviewerView,
    RoundView, SaveReview, SetReviewer, SignerChoice, TrainingCertificate, UndoImportReport,
    VerifyView,
};
use xetkhen_api::{
    ChangePassphrase, PassphraseReport, Session, SessionView, SetPassphrase, TokenModules,
    Zeroizing,
};
use xetkhen_api::{DraftToken, FileToken, JobToken, PickedCertificate, SavedFileToken};

mod arrivals;
mod dialogs;
mod stand_in;
mod start;
mod state;

use state::{db_from_args, long, long_on, watch_idle, Shared, Work};

#[tauri::command]
async fn session_status(s: State<'_, Shared>) -> Result<SessionView, ApiError> {
    s.session(|s| Ok(s.view()))
}

#[tauri::command]
async fn unlock(s: State<'_, Shared>, passphrase: String) -> Result<SessionView, ApiError> {
    let passphrase = Zeroizing::new(passphrase);
    s.session(|s| s.unlock(&passphrase))
}

#[tauri::command]
async fn set_passphrase(s: State<'_, Shared>, req: SetPassphrase) -> Result<SessionView, ApiError> {
    s.session(|s| s.set_passphrase(&req))
}

#[tauri::command]
async fn lock(s: State<'_, Shared>, w: State<'_, Work>) -> Result<SessionView, ApiError> {
    s.lock(&w)
}

#[tauri::command]
async fn keep_alive(s: State<'_, Shared>) -> Result<(), ApiError> {
    s.session(|s| {
        s.touch();
        Ok(())
    })
}

#[tauri::command]
async fn change_passphrase(
    s: State<'_, Shared>,
    req: ChangePassphrase,
) -> Result<PassphraseReport, ApiError> {
    s.session(|s| s.change_passphrase(&req))
}

#[tauri::command]
async fn set_lock_after(s: State<'_, Shared>, minutes: u32) -> Result<SessionView, ApiError> {
    s.session(|s| s.set_lock_after(minutes))
}

#[tauri::command]
async fn app_info(s: State<'_, Shared>) -> Result<AppInfo, ApiError> {
    s.with(|d| d.app_info())
}

#[tauri::command]
async fn list_rounds(s: State<'_, Shared>) -> Result<Vec<RoundView>, ApiError> {
    s.with(|d| d.list_rounds())
}

#[tauri::command]
async fn create_round(s: State<'_, Shared>, req: CreateRound) -> Result<RoundView, ApiError> {
    s.with(|d| d.create_round(&req))
}

#[tauri::command]
async fn close_round(s: State<'_, Shared>, req: CloseRound) -> Result<RoundView, ApiError> {
    s.with(|d| d.close_round(&req))
}

#[tauri::command]
async fn extend_retention(s: State<'_, Shared>, req: CloseRound) -> Result<RoundView, ApiError> {
    s.with(|d| d.extend_retention(&req))
}

#[tauri::command]
async fn erase_round(s: State<'_, Shared>, req: EraseRound) -> Result<ErasureView, ApiError> {
    s.with(|d| d.erase_round(&req))
}

#[tauri::command]
async fn load_demo(s: State<'_, Shared>) -> Result<DemoLoaded, ApiError> {
    s.with(Desk::load_demo)
}

#[tauri::command]
async fn list_nominations(
    s: State<'_, Shared>,
    req: ListQuery,
) -> Result<NominationList, ApiError> {
    s.with(|d| d.list_nominations(&req))
}

#[tauri::command]
async fn get_nomination(s: State<'_, Shared>, id: String) -> Result<NominationDetail, ApiError> {
    s.with(|d| d.get_nomination(&id))
}

/// A search query folded as the rows it is matched against (Tally's search).
#[tauri::command]
async fn fold_search(text: String) -> Result<String, ApiError> {
    Ok(xetkhen_api::fold_search(&text))
}

#[tauri::command]
async fn import_fields(s: State<'_, Shared>) -> Result<Vec<ImportField>, ApiError> {
    s.open()?;
    Ok(xetkhen_api::import_fields())
}

#[tauri::command]
async fn pick_import_files(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Vec<PickedFile>, ApiError> {
    s.open()?;
    let files = dialogs::pick_lists(&app);
    s.session(|s| s.pick_files(files))
}

#[tauri::command]
async fn import_files(app: AppHandle, req: PickedImport) -> Result<ImportReport, ApiError> {
    long(app, move |s, w| {
        let job = w.job(req.job.as_ref())?;
        s.session(|s| s.import_picked(&req, &job))
    })
    .await
}

#[tauri::command]
async fn undo_import(s: State<'_, Shared>, batch: String) -> Result<UndoImportReport, ApiError> {
    s.with(|d| d.undo_import(&batch))
}

#[tauri::command]
async fn save_problems(
    app: AppHandle,
    s: State<'_, Shared>,
    problems: Vec<ProblemView>,
) -> Result<Option<String>, ApiError> {
    s.open()?;
    dialogs::save(&app, "danh-sach-loi.csv", "CSV", "csv", |p| {
        xetkhen_api::write_problems(p, &problems)
    })
}

#[tauri::command]
async fn save_template(app: AppHandle, s: State<'_, Shared>) -> Result<Option<String>, ApiError> {
    s.open()?;
    dialogs::save(
        &app,
        "mau-danh-sach-de-nghi.xlsx",
        "Excel",
        "xlsx",
        xetkhen_api::write_template,
    )
}

#[tauri::command]
async fn get_reviewer(s: State<'_, Shared>) -> Result<Option<ReviewerView>, ApiError> {
    s.with(|d| d.reviewer())
}

#[tauri::command]
async fn set_reviewer(s: State<'_, Shared>, req: SetReviewer) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.set_reviewer(&req))
}

#[tauri::command]
async fn add_conflict(s: State<'_, Shared>, unit: String) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.add_conflict(&unit))
}

#[tauri::command]
async fn remove_conflict(s: State<'_, Shared>, unit: String) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.remove_conflict(&unit))
}

#[tauri::command]
async fn save_review(s: State<'_, Shared>, req: SaveReview) -> Result<NominationDetail, ApiError> {
    s.with(|d| d.save_review(&req))
}

#[tauri::command]
async fn nomination_history(
    s: State<'_, Shared>,
    id: String,
) -> Result<Vec<HistoryEntry>, ApiError> {
    s.with(|d| d.nomination_history(&id))
}

#[tauri::command]
async fn round_progress(
    s: State<'_, Shared>,
    round: String,
) -> Result<Vec<MemberProgress>, ApiError> {
    s.with(|d| d.round_progress(&round))
}

#[tauri::command]
async fn attach_evidence(
    app: AppHandle,
    s: State<'_, Shared>,
    nomination: String,
) -> Result<Option<NominationDetail>, ApiError> {
    s.open()?;
    let Some(path) = dialogs::pick_evidence(&app) else {
        return Ok(None);
    };
    s.with(|d| d.attach_evidence(&nomination, &path, None))
        .map(Some)
}

#[tauri::command]
async fn evidence_view(
    s: State<'_, Shared>,
    nomination: String,
    sha256: String,
) -> Result<EvidenceView, ApiError> {
    s.with(|d| d.evidence_view(&nomination, &sha256))
}

#[tauri::command]
async fn open_evidence(
    app: AppHandle,
    s: State<'_, Shared>,
    nomination: String,
    sha256: String,
) -> Result<(), ApiError> {
    // Into this user's own folder in the app's data folder, emptied on lock and on exit.
    let path = s.session(|s| s.open_evidence(&nomination, &sha256))?;
    dialogs::open_in_viewer(&app, &path)
}

// Working offline and merging: member cards, round packages, decision packets, the tally.

#[tauri::command]
async fn tally(s: State<'_, Shared>, round: String) -> Result<xetkhen_api::TallyView, ApiError> {
    s.with(|d| d.tally(&round))
}

#[tauri::command]
async fn set_vote_rule(
    s: State<'_, Shared>,
    round: String,
    rule: xetkhen_api::VoteRule,
) -> Result<xetkhen_api::VoteRule, ApiError> {
    s.with(|d| d.set_vote_rule(&round, rule))
}

#[tauri::command]
async fn save_member_card(
    s: State<'_, Shared>,
    app: AppHandle,
) -> Result<Option<String>, ApiError> {
    let card = s.with(|d| d.member_card())?;
    dialogs::save_shown(
        &app,
        "the-thanh-vien.json",
        "Thẻ thành viên",
        "json",
        |p| xetkhen_api::write_member_card(p, &card),
    )
}

#[tauri::command]
async fn register_members(
    s: State<'_, Shared>,
    app: AppHandle,
) -> Result<Vec<ReviewerView>, ApiError> {
    s.open()?;
    let files = dialogs::pick_files(
        &app,
        "Chọn thẻ thành viên",
        "Thẻ thành viên (json)",
        &["json"],
    );
    s.with(|d| d.register_member_files(&files))
}

#[tauri::command]
async fn export_round_package(
    s: State<'_, Shared>,
    app: AppHandle,
    round: String,
) -> Result<Option<xetkhen_api::RoundPackageReport>, ApiError> {
    s.open()?;
    dialogs::save_as(&app, "goi-dot-xet.xkdx", "Gói đợt xét", "xkdx", |p| {
        s.with(|d| d.export_round_package(&round, p))
    })
}

#[tauri::command]
async fn import_round_package(
    s: State<'_, Shared>,
    app: AppHandle,
    file: Option<FileToken>,
    trust: xetkhen_api::RoundTrust,
) -> Result<Option<xetkhen_api::RoundPackageImport>, ApiError> {
    s.open()?;
    // A package asked about before (its signer's fingerprint compared) comes back by its token.
    let picked = match file {
        Some(_) => Vec::new(),
        None => dialogs::pick_files(&app, "Chọn gói đợt xét", "Gói đợt xét (xkdx)", &["xkdx"]),
    };
    s.session(|s| s.import_round_package_from(file, picked, &trust))
}

#[tauri::command]
async fn export_packet(
    s: State<'_, Shared>,
    app: AppHandle,
    round: String,
) -> Result<Option<xetkhen_api::PacketExportReport>, ApiError> {
    s.open()?;
    dialogs::save_as(&app, "goi-phieu.xkgp", "Gói phiếu", "xkgp", |p| {
        s.with(|d| d.export_packet(&round, p, None))
    })
}

/// The minutes of a round's count, rendered unsigned for the window to draw before signing.
#[tauri::command]
async fn preview_minutes(
    app: AppHandle,
    round: String,
    number: Option<String>,
) -> Result<xetkhen_api::MinutesPreview, ApiError> {
    long(app, move |s, _| {
        s.exporting(|d, e| d.preview_minutes(e, &round, number.as_deref()))
    })
    .await
}

#[tauri::command]
async fn save_minutes(
    app: AppHandle,
    s: State<'_, Shared>,
    options: xetkhen_api::MinutesOptions,
) -> Result<Option<xetkhen_api::MinutesSaved>, ApiError> {
    s.open()?;
    let out = dialogs::save_path(&app, "bien-ban-kiem-phieu.pdf", "PDF", "pdf");
    long_on(app, out, move |s, _, out| {
        s.exporting(|d, e| d.save_minutes(e, &options, &out))
    })
    .await
}

#[tauri::command]
async fn open_minutes_to_countersign(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Option<xetkhen_api::MinutesDraft>, ApiError> {
    s.open()?;
    let chosen = dialogs::pick_minutes_to_countersign(&app);
    long_on(app, chosen, move |s, _, (file, anchor)| {
        s.exporting(|d, e| d.open_minutes_to_countersign(e, &file, anchor.as_deref()))
    })
    .await
}

#[tauri::command]
async fn countersign_draft(
    app: AppHandle,
    s: State<'_, Shared>,
    draft: DraftToken,
    sha256: String,
    chair: xetkhen_api::SignerChoice,
) -> Result<Option<xetkhen_api::CountersignSaved>, ApiError> {
    s.open()?;
    let out = dialogs::save_path(&app, "bien-ban-du-chu-ky.pdf", "PDF", "pdf");
    long_on(app, out, move |s, _, out| {
        s.exporting(|d, e| d.save_countersigned(e, &draft, &sha256, &chair, &out))
    })
    .await
}

#[tauri::command]
async fn import_packets(
    s: State<'_, Shared>,
    app: AppHandle,
    tokens: Option<Vec<FileToken>>,
) -> Result<Option<xetkhen_api::PacketImportReport>, ApiError> {
    // Packets that arrived (dropped, opened with the app) come by token; otherwise a dialog.
    let files = match tokens {
        Some(_) => Vec::new(),
        None => {
            s.open()?;
            dialogs::pick_files(&app, "Chọn các gói phiếu", "Gói phiếu (xkgp)", &["xkgp"])
        }
    };
    s.session(|s| s.import_packets_from(tokens.as_deref(), &files))
}

#[tauri::command]
async fn begin_job(w: State<'_, Work>) -> Result<JobToken, ApiError> {
    Ok(w.jobs()?.begin())
}

#[tauri::command]
async fn job_status(w: State<'_, Work>, job: JobToken) -> Result<JobStatus, ApiError> {
    w.jobs()?.get(&job).map(|j| j.status())
}

#[tauri::command]
async fn cancel_job(w: State<'_, Work>, job: JobToken) -> Result<CancelOutcome, ApiError> {
    w.jobs()?.get(&job).map(|j| j.cancel())
}

#[tauri::command]
async fn export_choices(s: State<'_, Shared>) -> Result<ExportChoices, ApiError> {
    s.open()?;
    Ok(xetkhen_api::export_choices())
}

#[tauri::command]
async fn export_preview(
    app: AppHandle,
    job: JobToken,
    options: ExportOptions,
) -> Result<ExportPreview, ApiError> {
    long(app, move |s, w| {
        let job = w.job(Some(&job))?;
        s.exporting(|d, e| d.export_preview(e, &options, &job))
    })
    .await
}

/// The bytes of a draft (a list to sign, minutes to countersign), for the window to draw their
/// pages; raw, not JSON (an `ArrayBuffer` in the window).
#[tauri::command]
async fn draft_pdf(
    s: State<'_, Shared>,
    draft: DraftToken,
) -> Result<tauri::ipc::Response, ApiError> {
    s.exports(|e| {
        e.draft_pdf(&draft)
            .map(|pdf| tauri::ipc::Response::new(pdf.to_vec()))
    })
}

#[tauri::command]
async fn export_save(
    app: AppHandle,
    s: State<'_, Shared>,
    job: JobToken,
    draft: DraftToken,
    sha256: String,
    signer: SignerChoice,
) -> Result<Option<ExportSaved>, ApiError> {
    let name = s.exports(|e| e.draft_file_name(&draft))?;
    let out = dialogs::save_path(&app, &name, "PDF", "pdf");
    long_on(app, out, move |s, w, out| {
        let job = w.job(Some(&job))?;
        s.exports(|e| xetkhen_api::save_draft(e, &draft, &sha256, &signer, &out, &job))
    })
    .await
}

#[tauri::command]
async fn export_copy(
    app: AppHandle,
    s: State<'_, Shared>,
    job: JobToken,
    options: ExportOptions,
) -> Result<Option<ExportSaved>, ApiError> {
    s.open()?;
    let out = dialogs::save_copy(&app, &options);
    long_on(app, out, move |s, w, out| {
        let job = w.job(Some(&job))?;
        s.exporting(|d, e| d.export_copy(e, &options, &out, &job))
    })
    .await
}

#[tauri::command]
async fn pick_certificate(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Option<PickedCertificate>, ApiError> {
    s.open()?;
    let Some(path) = dialogs::pick_one(
        &app,
        "Chọn tệp chứng thư số",
        "Chứng thư số (p12, pfx)",
        &["p12", "pfx"],
    ) else {
        return Ok(None);
    };
    s.exports(|e| Ok(e.pick_certificate(path))).map(Some)
}

#[tauri::command]
async fn pick_token_module(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Option<String>, ApiError> {
    s.open()?;
    let Some(path) = dialogs::pick_one(
        &app,
        "Chọn mô-đun PKCS#11 của thiết bị ký",
        "Mô-đun PKCS#11 (so, dll, dylib)",
        &["so", "dll", "dylib"],
    ) else {
        return Ok(None);
    };
    s.session(|s| s.choose_token_module(path)).map(Some)
}

#[tauri::command]
async fn token_module(s: State<'_, Shared>) -> Result<TokenModules, ApiError> {
    s.session(Session::token_modules)
}

#[tauri::command]
async fn use_token_module(s: State<'_, Shared>, index: u32) -> Result<String, ApiError> {
    s.session(|s| s.choose_found_token_module(index))
}

#[tauri::command]
async fn create_training_certificate(
    app: AppHandle,
    s: State<'_, Shared>,
    holder: String,
    password: String,
) -> Result<Option<TrainingCertificate>, ApiError> {
    let password = Zeroizing::new(password);
    s.open()?;
    let Some(out) = dialogs::save_path(&app, "chung-thu-tap-huan.p12", "PKCS#12", "p12") else {
        return Ok(None);
    };
    s.exports(|e| e.create_training_certificate(&holder, &password, &out))
        .map(Some)
}

#[tauri::command]
async fn open_export(
    app: AppHandle,
    s: State<'_, Shared>,
    file: SavedFileToken,
) -> Result<(), ApiError> {
    let path = s.exports(|e| e.written(&file).map(Path::to_path_buf))?;
    dialogs::open_in_viewer(&app, &path)
}

#[tauri::command]
async fn pick_pdf_to_verify(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Option<PickedFile>, ApiError> {
    s.open()?;
    let file = dialogs::pick_one(&app, "Chọn tệp PDF đã ký để kiểm tra", "PDF", &["pdf"]);
    s.session(|s| s.pick_file(file))
}

#[tauri::command]
async fn pick_trust_anchor(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Option<PickedFile>, ApiError> {
    s.open()?;
    let file = dialogs::pick_one(
        &app,
        "Chọn chứng thư gốc tin cậy",
        "Chứng thư (pem, cer, crt, der)",
        &["pem", "cer", "crt", "der"],
    );
    s.session(|s| s.pick_file(file))
}

/// Files dropped on the window or opened with the app since the last call (module
/// [`arrivals`]); the window asks for them on a timer.
#[tauri::command]
async fn take_arrivals(
    s: State<'_, Shared>,
    w: State<'_, Work>,
) -> Result<Vec<ArrivedFile>, ApiError> {
    // Never waits for an operation that holds the session: the next tick asks again.
    let taken = s.try_session(|s| s.take_arrivals(&mut *w.arrivals()?))?;
    Ok(taken.unwrap_or_default())
}

#[tauri::command]
async fn verify_picked(
    s: State<'_, Shared>,
    file: FileToken,
    trust: Option<FileToken>,
) -> Result<VerifyView, ApiError> {
    s.session(|s| s.verify_picked(&file, trust.as_ref()))
}

/// Starts the window. Returns a failure code only when the window system itself cannot start.
pub fn run() -> ExitCode {
    if let Some(missing) = start::webview_missing() {
        start::fail(&missing);
        return ExitCode::FAILURE;
    }
    let store = paths::store_path(db_from_args().as_deref());
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let built = tauri::Builder::default()
        // First: a second launch on the same store must hand over before anything else starts.
        .plugin(arrivals::single_instance(store.as_deref(), &identifier))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Work::default())
        .setup(move |app| {
            // Only once no other window holds this store (the plugin above): a launch that hands
            // over must not touch the store, not even to clear its opened evidence.
            app.manage(Shared::new(store.as_deref()));
            watch_idle(app.handle().clone());
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            arrivals::opened(
                app.handle(),
                &args,
                &std::env::current_dir().unwrap_or_default(),
            );
            Ok(())
        })
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                arrivals::dropped(window.app_handle(), paths);
            }
            // A launch right after this window closed must open its own, not hand its files to
            // a process on its way out.
            tauri::WindowEvent::Destroyed => arrivals::release(window.app_handle()),
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            app_info,
            list_rounds,
            create_round,
            close_round,
            extend_retention,
            erase_round,
            load_demo,
            list_nominations,
            get_nomination,
            fold_search,
            import_fields,
            pick_import_files,
            import_files,
            undo_import,
            save_problems,
            save_template,
            get_reviewer,
            set_reviewer,
            add_conflict,
            remove_conflict,
            save_review,
            nomination_history,
            round_progress,
            attach_evidence,
            evidence_view,
            open_evidence,
            tally,
            set_vote_rule,
            save_member_card,
            register_members,
            export_round_package,
            import_round_package,
            export_packet,
            preview_minutes,
            save_minutes,
            open_minutes_to_countersign,
            countersign_draft,
            import_packets,
            begin_job,
            job_status,
            cancel_job,
            export_choices,
            export_preview,
            draft_pdf,
            export_save,
            export_copy,
            pick_certificate,
            pick_token_module,
            token_module,
            use_token_module,
            create_training_certificate,
            open_export,
            pick_pdf_to_verify,
            pick_trust_anchor,
            take_arrivals,
            verify_picked,
            session_status,
            unlock,
            set_passphrase,
            lock,
            keep_alive,
            change_passphrase,
            set_lock_after
        ])
        .build(context);
    // Leaving the app locks the store: opened evidence is deleted with the rest.
    let result = built.map(|app| {
        app.run(|app, event| {
            match event {
                tauri::RunEvent::ExitRequested { .. } => arrivals::release(app),
                tauri::RunEvent::Exit => {
                    let _ = app.state::<Shared>().lock(&app.state::<Work>());
                }
                // macOS opens associated files with an Apple event, not on the command line.
                #[cfg(target_os = "macos")]
                tauri::RunEvent::Opened { urls } => {
                    let mut args = vec![std::ffi::OsString::new()];
                    args.extend(
                        urls.iter()
                            .filter_map(|u| u.to_file_path().ok())
                            .map(std::ffi::OsString::from),
                    );
                    arrivals::opened(app, &args, std::path::Path::new("/"));
                }
                _ => {}
            }
        });
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            start::fail(&format!("Không khởi động được cửa sổ ứng dụng: {e}"));
            ExitCode::FAILURE
        }
    }
}
