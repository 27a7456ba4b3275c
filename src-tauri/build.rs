//! Declares the shell's commands to Tauri so that the capability in `capabilities/main.json` can
//! grant exactly these and nothing else. The list matches `xetkhen_api::bindings::COMMANDS`
//! (a test in xetkhen-api checks it).

const COMMANDS: &[&str] = &[
    "app_info",
    "list_rounds",
    "create_round",
    "close_round",
    "extend_retention",
    "erase_round",
    "load_demo",
    "list_nominations",
    "get_nomination",
    "fold_search",
    "import_fields",
    "pick_import_files",
    "import_files",
    "undo_import",
    "save_problems",
    "save_template",
    "get_reviewer",
    "set_reviewer",
    "add_conflict",
    "remove_conflict",
    "save_review",
    "nomination_history",
    "round_progress",
    "attach_evidence",
    "evidence_view",
    "open_evidence",
    "tally",
    "set_vote_rule",
    "save_member_card",
    "register_members",
    "export_round_package",
    "import_round_package",
    "export_packet",
    "preview_minutes",
    "save_minutes",
    "open_minutes_to_countersign",
    "countersign_draft",
    "import_packets",
    "begin_job",
    "job_status",
    "cancel_job",
    "export_choices",
    "export_preview",
    "draft_pdf",
    "export_save",
    "export_copy",
    "pick_certificate",
    "pick_token_module",
    "token_module",
    "use_token_module",
    "create_training_certificate",
    "open_export",
    "pick_pdf_to_verify",
    "pick_trust_anchor",
    "take_arrivals",
    "verify_picked",
    "session_status",
    "unlock",
    "set_passphrase",
    "lock",
    "keep_alive",
    "change_passphrase",
    "set_lock_after",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
