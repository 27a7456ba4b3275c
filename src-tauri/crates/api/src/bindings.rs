//! The TypeScript side of the IPC contract, generated from the Rust types.
//!
//! `ui/src/lib/ipc/bindings.ts` (the types) and `ui/src/lib/ipc/commands.ts` (one typed wrapper
//! per command) are written from here and committed. A test fails when either is stale; run
//! `make bindings` (or `UPDATE_BINDINGS=1 cargo test -p xetkhen-api bindings`) to rewrite them.

use crate::arrivals::{ArrivedFile, ArrivedKind};
use crate::backup::PassphraseReport;
use crate::error::{ApiError, ErrorCode};
use crate::import::*;
use crate::job::{CancelOutcome, JobStage, JobStatus};
use crate::list_export::{ExportFilter, ExportFormat};
use crate::retention::{CloseRound, EraseRound, ErasureView};
use crate::session::{
    ChangePassphrase, FoundTokenModule, LockState, SessionView, SetPassphrase, TokenModules,
};
use crate::verify::{SignatureView, TimestampView, VerifyView};
use crate::views::*;
use crate::window_export::*;
use crate::window_minutes::{
    CountersignSaved, MinutesDraft, MinutesOptions, MinutesPreview, MinutesSaved,
};
use ts_rs::{Config, TS};
use xetkhen_core::{
    Attachment, AutoResult, AwardCheck, AwardForm, ItemKind, ItemReview, NomineeKind, Review, Role,
    RoundKind, RoundStatus, Verdict, Vote,
};
use xetkhen_core::{Ballot, Count, Decision, VoteBase, VoteRule};

/// One command the shell exposes to the window.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// The Tauri command name (snake_case), as registered in the shell.
    pub name: &'static str,
    /// The wrapper's name in TypeScript.
    pub ts_name: &'static str,
    /// Arguments: name and TypeScript type.
    pub args: &'static [(&'static str, &'static str)],
    /// The TypeScript type of the answer.
    pub returns: &'static str,
}

/// Every command of the shell. The shell registers exactly these (a test checks it) and its
/// capability grants exactly these.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "app_info",
        ts_name: "appInfo",
        args: &[],
        returns: "T.AppInfo",
    },
    CommandSpec {
        name: "list_rounds",
        ts_name: "listRounds",
        args: &[],
        returns: "T.RoundView[]",
    },
    CommandSpec {
        name: "create_round",
        ts_name: "createRound",
        args: &[("req", "T.CreateRound")],
        returns: "T.RoundView",
    },
    CommandSpec {
        name: "close_round",
        ts_name: "closeRound",
        args: &[("req", "T.CloseRound")],
        returns: "T.RoundView",
    },
    CommandSpec {
        name: "extend_retention",
        ts_name: "extendRetention",
        args: &[("req", "T.CloseRound")],
        returns: "T.RoundView",
    },
    CommandSpec {
        name: "erase_round",
        ts_name: "eraseRound",
        args: &[("req", "T.EraseRound")],
        returns: "T.ErasureView",
    },
    CommandSpec {
        name: "load_demo",
        ts_name: "loadDemo",
        args: &[],
        returns: "T.DemoLoaded",
    },
    CommandSpec {
        name: "list_nominations",
        ts_name: "listNominations",
        args: &[("req", "T.ListQuery")],
        returns: "T.NominationList",
    },
    CommandSpec {
        name: "get_nomination",
        ts_name: "getNomination",
        args: &[("id", "string")],
        returns: "T.NominationDetail",
    },
    CommandSpec {
        name: "fold_search",
        ts_name: "foldSearch",
        args: &[("text", "string")],
        returns: "string",
    },
    CommandSpec {
        name: "import_fields",
        ts_name: "importFields",
        args: &[],
        returns: "T.ImportField[]",
    },
    CommandSpec {
        name: "pick_import_files",
        ts_name: "pickImportFiles",
        args: &[],
        returns: "T.PickedFile[]",
    },
    CommandSpec {
        name: "import_files",
        ts_name: "importFiles",
        args: &[("req", "T.PickedImport")],
        returns: "T.ImportReport",
    },
    CommandSpec {
        name: "undo_import",
        ts_name: "undoImport",
        args: &[("batch", "string")],
        returns: "T.UndoImportReport",
    },
    CommandSpec {
        name: "save_problems",
        ts_name: "saveProblems",
        args: &[("problems", "T.ProblemView[]")],
        returns: "string | null",
    },
    CommandSpec {
        name: "save_template",
        ts_name: "saveTemplate",
        args: &[],
        returns: "string | null",
    },
    CommandSpec {
        name: "get_reviewer",
        ts_name: "getReviewer",
        args: &[],
        returns: "T.ReviewerView | null",
    },
    CommandSpec {
        name: "set_reviewer",
        ts_name: "setReviewer",
        args: &[("req", "T.SetReviewer")],
        returns: "T.ReviewerView",
    },
    CommandSpec {
        name: "add_conflict",
        ts_name: "addConflict",
        args: &[("unit", "string")],
        returns: "T.ReviewerView",
    },
    CommandSpec {
        name: "remove_conflict",
        ts_name: "removeConflict",
        args: &[("unit", "string")],
        returns: "T.ReviewerView",
    },
    CommandSpec {
        name: "save_review",
        ts_name: "saveReview",
        args: &[("req", "T.SaveReview")],
        returns: "T.NominationDetail",
    },
    CommandSpec {
        name: "nomination_history",
        ts_name: "nominationHistory",
        args: &[("id", "string")],
        returns: "T.HistoryEntry[]",
    },
    CommandSpec {
        name: "round_progress",
        ts_name: "roundProgress",
        args: &[("round", "string")],
        returns: "T.MemberProgress[]",
    },
    CommandSpec {
        name: "attach_evidence",
        ts_name: "attachEvidence",
        args: &[("nomination", "string")],
        returns: "T.NominationDetail | null",
    },
    CommandSpec {
        name: "evidence_view",
        ts_name: "evidenceView",
        args: &[("nomination", "string"), ("sha256", "string")],
        returns: "T.EvidenceView",
    },
    CommandSpec {
        name: "open_evidence",
        ts_name: "openEvidence",
        args: &[("nomination", "string"), ("sha256", "string")],
        returns: "null",
    },
    CommandSpec {
        name: "begin_job",
        ts_name: "beginJob",
        args: &[],
        returns: "string",
    },
    CommandSpec {
        name: "job_status",
        ts_name: "jobStatus",
        args: &[("job", "string")],
        returns: "T.JobStatus",
    },
    CommandSpec {
        name: "cancel_job",
        ts_name: "cancelJob",
        args: &[("job", "string")],
        returns: "T.CancelOutcome",
    },
    CommandSpec {
        name: "export_choices",
        ts_name: "exportChoices",
        args: &[],
        returns: "T.ExportChoices",
    },
    CommandSpec {
        name: "export_preview",
        ts_name: "exportPreview",
        args: &[("job", "string"), ("options", "T.ExportOptions")],
        returns: "T.ExportPreview",
    },
    CommandSpec {
        name: "draft_pdf",
        ts_name: "draftPdf",
        args: &[("draft", "string")],
        returns: "ArrayBuffer",
    },
    CommandSpec {
        name: "export_save",
        ts_name: "exportSave",
        args: &[
            ("job", "string"),
            ("draft", "string"),
            ("sha256", "string"),
            ("signer", "T.SignerChoice"),
        ],
        returns: "T.ExportSaved | null",
    },
    CommandSpec {
        name: "export_copy",
        ts_name: "exportCopy",
        args: &[("job", "string"), ("options", "T.ExportOptions")],
        returns: "T.ExportSaved | null",
    },
    CommandSpec {
        name: "pick_certificate",
        ts_name: "pickCertificate",
        args: &[],
        returns: "T.PickedFile | null",
    },
    CommandSpec {
        name: "pick_token_module",
        ts_name: "pickTokenModule",
        args: &[],
        returns: "string | null",
    },
    CommandSpec {
        name: "token_module",
        ts_name: "tokenModule",
        args: &[],
        returns: "T.TokenModules",
    },
    CommandSpec {
        name: "use_token_module",
        ts_name: "useTokenModule",
        args: &[("index", "number")],
        returns: "string",
    },
    CommandSpec {
        name: "create_training_certificate",
        ts_name: "createTrainingCertificate",
        args: &[("holder", "string"), ("password", "string")],
        returns: "T.TrainingCertificate | null",
    },
    CommandSpec {
        name: "open_export",
        ts_name: "openExport",
        args: &[("file", "string")],
        returns: "null",
    },
    CommandSpec {
        name: "pick_pdf_to_verify",
        ts_name: "pickPdfToVerify",
        args: &[],
        returns: "T.PickedFile | null",
    },
    CommandSpec {
        name: "pick_trust_anchor",
        ts_name: "pickTrustAnchor",
        args: &[],
        returns: "T.PickedFile | null",
    },
    CommandSpec {
        name: "take_arrivals",
        ts_name: "takeArrivals",
        args: &[],
        returns: "T.ArrivedFile[]",
    },
    CommandSpec {
        name: "verify_picked",
        ts_name: "verifyPicked",
        args: &[("file", "string"), ("trust", "string | null")],
        returns: "T.VerifyView",
    },
    CommandSpec {
        name: "tally",
        ts_name: "tally",
        args: &[("round", "string")],
        returns: "T.TallyView",
    },
    CommandSpec {
        name: "set_vote_rule",
        ts_name: "setVoteRule",
        args: &[("round", "string"), ("rule", "T.VoteRule")],
        returns: "T.VoteRule",
    },
    CommandSpec {
        name: "save_member_card",
        ts_name: "saveMemberCard",
        args: &[],
        returns: "string | null",
    },
    CommandSpec {
        name: "register_members",
        ts_name: "registerMembers",
        args: &[],
        returns: "T.ReviewerView[]",
    },
    CommandSpec {
        name: "export_round_package",
        ts_name: "exportRoundPackage",
        args: &[("round", "string")],
        returns: "T.RoundPackageReport | null",
    },
    CommandSpec {
        name: "import_round_package",
        ts_name: "importRoundPackage",
        args: &[("file", "string | null"), ("trust", "T.RoundTrust")],
        returns: "T.RoundPackageImport | null",
    },
    CommandSpec {
        name: "export_packet",
        ts_name: "exportPacket",
        args: &[("round", "string")],
        returns: "T.PacketExportReport | null",
    },
    CommandSpec {
        name: "preview_minutes",
        ts_name: "previewMinutes",
        args: &[("round", "string"), ("number", "string | null")],
        returns: "T.MinutesPreview",
    },
    CommandSpec {
        name: "save_minutes",
        ts_name: "saveMinutes",
        args: &[("options", "T.MinutesOptions")],
        returns: "T.MinutesSaved | null",
    },
    CommandSpec {
        name: "open_minutes_to_countersign",
        ts_name: "openMinutesToCountersign",
        args: &[],
        returns: "T.MinutesDraft | null",
    },
    CommandSpec {
        name: "countersign_draft",
        ts_name: "countersignDraft",
        args: &[
            ("draft", "string"),
            ("sha256", "string"),
            ("chair", "T.SignerChoice"),
        ],
        returns: "T.CountersignSaved | null",
    },
    CommandSpec {
        name: "import_packets",
        ts_name: "importPackets",
        args: &[("tokens", "string[] | null")],
        returns: "T.PacketImportReport | null",
    },
    CommandSpec {
        name: "session_status",
        ts_name: "sessionStatus",
        args: &[],
        returns: "T.SessionView",
    },
    CommandSpec {
        name: "unlock",
        ts_name: "unlock",
        args: &[("passphrase", "string")],
        returns: "T.SessionView",
    },
    CommandSpec {
        name: "set_passphrase",
        ts_name: "setPassphrase",
        args: &[("req", "T.SetPassphrase")],
        returns: "T.SessionView",
    },
    CommandSpec {
        name: "lock",
        ts_name: "lock",
        args: &[],
        returns: "T.SessionView",
    },
    CommandSpec {
        name: "keep_alive",
        ts_name: "keepAlive",
        args: &[],
        returns: "null",
    },
    CommandSpec {
        name: "change_passphrase",
        ts_name: "changePassphrase",
        args: &[("req", "T.ChangePassphrase")],
        returns: "T.PassphraseReport",
    },
    CommandSpec {
        name: "set_lock_after",
        ts_name: "setLockAfter",
        args: &[("minutes", "number")],
        returns: "T.SessionView",
    },
];

const HEADER: &str = "// Generated from the Rust types by `make bindings` (crate xetkhen-api, src/bindings.rs).\n// Do not edit by hand: a test fails when this file is stale.\n";

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// The content of `ui/src/lib/ipc/bindings.ts`.
pub fn types_ts() -> String {
    let cfg = Config::new();
    let decls = [
        decl::<RoundKind>(&cfg),
        decl::<RoundStatus>(&cfg),
        decl::<NomineeKind>(&cfg),
        decl::<AwardForm>(&cfg),
        decl::<ItemKind>(&cfg),
        decl::<AutoResult>(&cfg),
        decl::<SortField>(&cfg),
        decl::<ErrorCode>(&cfg),
        decl::<ApiError>(&cfg),
        decl::<AppInfo>(&cfg),
        decl::<RoundView>(&cfg),
        decl::<CreateRound>(&cfg),
        decl::<CloseRound>(&cfg),
        decl::<EraseRound>(&cfg),
        decl::<ErasureView>(&cfg),
        decl::<Metrics>(&cfg),
        decl::<ListQuery>(&cfg),
        decl::<NominationRow>(&cfg),
        decl::<CriteriaSetView>(&cfg),
        decl::<NominationList>(&cfg),
        decl::<ItemView>(&cfg),
        decl::<AwardCheck>(&cfg),
        decl::<NominationDetail>(&cfg),
        decl::<DemoLoaded>(&cfg),
        decl::<ImportField>(&cfg),
        decl::<PickedFile>(&cfg),
        decl::<ArrivedKind>(&cfg),
        decl::<ArrivedFile>(&cfg),
        decl::<ColumnChoice>(&cfg),
        decl::<PickedImport>(&cfg),
        decl::<ProblemView>(&cfg),
        decl::<LegacySampleView>(&cfg),
        decl::<ColumnView>(&cfg),
        decl::<PreviewRow>(&cfg),
        decl::<SheetView>(&cfg),
        decl::<FileReport>(&cfg),
        decl::<DuplicateKind>(&cfg),
        decl::<RowRef>(&cfg),
        decl::<DuplicateRow>(&cfg),
        decl::<DuplicateView>(&cfg),
        decl::<ImportReport>(&cfg),
        decl::<ImportBatchView>(&cfg),
        decl::<UndoImportReport>(&cfg),
        decl::<Verdict>(&cfg),
        decl::<Vote>(&cfg),
        decl::<Role>(&cfg),
        decl::<ItemReview>(&cfg),
        decl::<Attachment>(&cfg),
        decl::<Review>(&cfg),
        decl::<NoteView>(&cfg),
        decl::<ReviewerView>(&cfg),
        decl::<SetReviewer>(&cfg),
        decl::<SaveReview>(&cfg),
        decl::<ReviewFilter>(&cfg),
        decl::<ReviewStatus>(&cfg),
        decl::<Progress>(&cfg),
        decl::<MemberProgress>(&cfg),
        decl::<HistoryEntry>(&cfg),
        decl::<EvidenceView>(&cfg),
        decl::<VoteBase>(&cfg),
        decl::<VoteRule>(&cfg),
        decl::<Ballot>(&cfg),
        decl::<Decision>(&cfg),
        decl::<Count>(&cfg),
        decl::<NominationCounts>(&cfg),
        decl::<ChangedNomination>(&cfg),
        decl::<RoundTrust>(&cfg),
        decl::<SecretariatView>(&cfg),
        decl::<RoundPackageReport>(&cfg),
        decl::<PackageSigner>(&cfg),
        decl::<RoundPackageImport>(&cfg),
        decl::<PacketExportReport>(&cfg),
        decl::<MinutesOptions>(&cfg),
        decl::<MinutesPreview>(&cfg),
        decl::<MinutesSaved>(&cfg),
        decl::<CountersignSaved>(&cfg),
        decl::<MinutesDraft>(&cfg),
        decl::<PacketStatus>(&cfg),
        decl::<NoticeKind>(&cfg),
        decl::<PacketNotice>(&cfg),
        decl::<PacketFileReport>(&cfg),
        decl::<PacketImportReport>(&cfg),
        decl::<MemberBallot>(&cfg),
        decl::<TallyRow>(&cfg),
        decl::<TallyTotals>(&cfg),
        decl::<MemberVotes>(&cfg),
        decl::<MergedPacketView>(&cfg),
        decl::<TallyView>(&cfg),
        decl::<JobStage>(&cfg),
        decl::<JobStatus>(&cfg),
        decl::<CancelOutcome>(&cfg),
        decl::<ExportFilter>(&cfg),
        decl::<ExportFormat>(&cfg),
        decl::<ExportOptions>(&cfg),
        decl::<FilterChoice>(&cfg),
        decl::<ExportChoices>(&cfg),
        decl::<SignerChoice>(&cfg),
        decl::<ExportPreview>(&cfg),
        decl::<ExportSaved>(&cfg),
        decl::<TrainingCertificate>(&cfg),
        decl::<TimestampView>(&cfg),
        decl::<SignatureView>(&cfg),
        decl::<VerifyView>(&cfg),
        decl::<LockState>(&cfg),
        decl::<SessionView>(&cfg),
        decl::<FoundTokenModule>(&cfg),
        decl::<TokenModules>(&cfg),
        decl::<SetPassphrase>(&cfg),
        decl::<ChangePassphrase>(&cfg),
        decl::<PassphraseReport>(&cfg),
    ];
    format!("{HEADER}\n{}", decls.concat())
}

/// The content of `ui/src/lib/ipc/commands.ts`.
pub fn commands_ts() -> String {
    let mut out = format!(
        "{HEADER}\nimport {{ call }} from \"./call\";\nimport type * as T from \"./bindings\";\n\n"
    );
    for c in COMMANDS {
        let params: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        let names: Vec<&str> = c.args.iter().map(|(n, _)| *n).collect();
        out.push_str(&format!(
            "export const {} = ({}): Promise<{}> => call(\"{}\", {{{}}});\n",
            c.ts_name,
            params.join(", "),
            c.returns,
            c.name,
            if names.is_empty() {
                String::new()
            } else {
                format!(" {} ", names.join(", "))
            },
        ));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..")
    }

    fn check_or_update(rel: &str, want: &str) {
        let path = repo().join(rel);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{rel} is stale: run `make bindings` and commit the result"
        );
    }

    #[test]
    fn bindings_ts_is_fresh() {
        check_or_update("ui/src/lib/ipc/bindings.ts", &types_ts());
    }

    #[test]
    fn commands_ts_is_fresh() {
        check_or_update("ui/src/lib/ipc/commands.ts", &commands_ts());
    }

    #[test]
    fn the_shell_registers_and_grants_exactly_these_commands() {
        let shell = std::fs::read_to_string(repo().join("src-tauri/src/lib.rs")).unwrap();
        let build = std::fs::read_to_string(repo().join("src-tauri/build.rs")).unwrap();
        let caps =
            std::fs::read_to_string(repo().join("src-tauri/capabilities/main.json")).unwrap();
        for c in COMMANDS {
            assert!(
                shell.contains(&format!("fn {}(", c.name)),
                "shell lacks command {}",
                c.name
            );
            assert!(
                build.contains(&format!("\"{}\"", c.name)),
                "build.rs does not list {}",
                c.name
            );
            let permission = format!("\"allow-{}\"", c.name.replace('_', "-"));
            assert!(
                caps.contains(&permission),
                "capability does not grant {permission}"
            );
        }
        let granted = caps.matches("\"allow-").count();
        assert_eq!(
            granted,
            COMMANDS.len(),
            "the capability grants something that is not a command"
        );
    }
}
