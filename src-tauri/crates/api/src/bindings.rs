//! The TypeScript side of the IPC contract, generated and committed.
//!
//! `ui/src/lib/ipc/bindings.ts` holds the types of the requests and answers, written by ts-rs
//! from the Rust types listed here. The commands themselves have one source, their signatures in
//! `src-tauri/src/lib.rs`: crate xetkhen-contract reads them and writes `ui/src/lib/ipc/commands.ts`
//! (one typed wrapper per command, against the types of `bindings.ts`) and the window's
//! capability `src-tauri/capabilities/main.json`. The tests below fail when any of the three is
//! stale, or when `generate_handler!` does not register exactly the commands; run `make bindings`
//! (or `UPDATE_BINDINGS=1 cargo test -p xetkhen-api bindings`) to rewrite the files.
//!
//! `ui/src/lib/i18n/messages.vi.ts` is the window's Vietnamese wording of every
//! [`MessageCode`], written from the templates of `core::message`, so the Vietnamese is written
//! once; a test fails when it is stale too.

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
use crate::tokens::{CertificateToken, DraftToken, FileToken, JobToken, SavedFileToken};
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
        decl::<MessageCode>(&cfg),
        decl::<Message>(&cfg),
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
        decl::<JobToken>(&cfg),
        decl::<FileToken>(&cfg),
        decl::<DraftToken>(&cfg),
        decl::<CertificateToken>(&cfg),
        decl::<SavedFileToken>(&cfg),
        decl::<PickedFile>(&cfg),
        decl::<PickedCertificate>(&cfg),
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
        decl::<HistoryAction>(&cfg),
        decl::<ChangedField>(&cfg),
        decl::<ChangeValue>(&cfg),
        decl::<FieldChange>(&cfg),
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

/// The content of `ui/src/lib/i18n/messages.vi.ts`: the Vietnamese template of every message code.
pub fn messages_vi_ts() -> String {
    let mut out = String::from(HEADER);
    out.push_str("import type { MessageCode } from \"../ipc/bindings\";\n\n");
    out.push_str(
        "/** The Vietnamese wording of every message code, with `{param}` placeholders. */\n",
    );
    out.push_str("export const messagesVi: Record<MessageCode, string> = {\n");
    for code in MessageCode::ALL {
        let name = serde_json::to_value(code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let text = serde_json::Value::from(code.template_vi()).to_string();
        out.push_str(&format!("  {name}: {text},\n"));
    }
    out.push_str("};\n");
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
        let have = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .replace("\r\n", "\n");
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
    fn bindings_of_the_vietnamese_message_catalogue_are_fresh() {
        check_or_update("ui/src/lib/i18n/messages.vi.ts", &messages_vi_ts());
    }

    fn shell() -> String {
        std::fs::read_to_string(repo().join("src-tauri/src/lib.rs")).unwrap()
    }

    fn shell_commands() -> Vec<xetkhen_contract::Command> {
        xetkhen_contract::commands(&shell()).unwrap_or_else(|e| panic!("src-tauri/src/lib.rs: {e}"))
    }

    #[test]
    fn commands_ts_is_fresh() {
        let ts = xetkhen_contract::commands_ts(&shell_commands(), &types_ts())
            .unwrap_or_else(|e| panic!("{e}"));
        check_or_update("ui/src/lib/ipc/commands.ts", &ts);
    }

    #[test]
    fn the_capability_grants_exactly_the_commands() {
        let want = xetkhen_contract::capability_json(&shell_commands());
        check_or_update("src-tauri/capabilities/main.json", &want);
    }

    #[test]
    fn the_shell_registers_exactly_its_commands() {
        if let Err(e) = xetkhen_contract::check_handlers(&shell()) {
            panic!("{e}");
        }
    }

    #[test]
    fn each_shell_command_is_one_call_into_the_api() {
        if let Err(e) = xetkhen_contract::check_thin(&shell()) {
            panic!("{e}");
        }
    }
}
