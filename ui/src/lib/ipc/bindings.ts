// Generated from the Rust types by `make bindings` (crate xetkhen-api, src/bindings.rs).
// Do not edit by hand: a test fails when this file is stale.

export type RoundKind = "so-ket" | "tong-ket" | "annual";
export type RoundStatus = "open" | "closed";
export type NomineeKind = "collective" | "individual";
export type AwardForm = "co-thi-dua" | "bang-khen" | "giay-khen";
export type ItemKind = "threshold" | "yes-no" | "qualitative";
export type AutoResult = "pass" | "fail";
export type SortField = "name" | "unit" | "criteria_set" | "award" | "kind" | "eligible";
export type MessageCode = "packet_not_a_packet" | "packet_format" | "packet_key" | "packet_signature" | "packet_content" | "packet_unreadable" | "packet_unknown_member" | "packet_wrong_key" | "packet_unknown_round" | "packet_nomination_not_in_round" | "packet_unknown_criteria_set" | "packet_invalid_review" | "notice_outdated" | "notice_conflict" | "notice_summary_mismatch" | "notice_duplicate_sequence" | "notice_broken_chain" | "tally_disputed" | "vote_rule_members" | "vote_rule_cast" | "award_flag_collective_only" | "award_flag_final_only" | "award_not_allowed" | "award_certificate_reviews_only" | "value_percent" | "value_percent_cell" | "value_kind" | "value_award" | "value_birth_year" | "value_birth_year_cell" | "value_birth_year_range" | "value_id_number" | "value_id_number_digits" | "value_yes_no" | "import_missing_name" | "import_no_unit_column" | "import_missing_unit" | "import_unknown_criteria_set" | "import_missing_criteria_set" | "import_unreadable_criteria_set" | "import_missing_kind" | "import_set_for_collectives" | "import_set_for_individuals" | "import_missing_award" | "import_percent_out_of_range" | "import_row_incomplete" | "import_fraction_column" | "import_small_percent" | "import_birth_year_ignored" | "import_id_number_ignored" | "import_id_number_lost_zeros" | "import_id_number_length" | "import_legacy_cells" | "import_legacy_cells_example" | "import_legacy_file" | "import_duplicate_id" | "import_duplicate_individual" | "import_duplicate_collective" | "import_lookalike_names" | "import_lookalike_units" | "import_lookalike_ids" | "import_file_io" | "import_file_too_large" | "import_file_empty" | "import_file_unsupported" | "import_file_password" | "import_file_corrupt" | "import_file_unsafe" | "import_file_encoding_undecided" | "import_file_encoding_invalid" | "import_file_no_such_sheet" | "import_file_no_header" | "import_file_no_header_no_sheets" | "import_file_no_header_on_sheet" | "import_file_no_header_on_sheets" | "import_file_write" | "import_file_stopped" | "verify_unreadable" | "verify_no_signature" | "signature_dictionary_unreadable" | "signature_appended" | "signature_certified_changed" | "signature_changed_after" | "signature_sub_filter" | "signature_no_contents" | "signature_byte_range" | "signature_byte_range_start" | "signature_gap" | "signature_cms_broken" | "signature_not_signed_data" | "signature_cms_undecodable" | "signature_no_signer_info" | "signature_no_signer_certificate" | "signature_not_sha256" | "signature_no_signed_attributes" | "signature_no_message_digest" | "signature_digest_mismatch" | "signature_content_type" | "signature_no_signing_certificate" | "signature_signing_certificate_mismatch" | "signature_wrong" | "certificate_not_for_signing" | "certificate_key_usage_unreadable" | "certificate_not_for_documents" | "certificate_extended_key_usage_unreadable" | "certificate_expired_now" | "certificate_expired_at_timestamp" | "certificate_expired" | "certificate_path_len" | "certificate_not_ca" | "certificate_no_key_cert_sign" | "chain_no_anchors" | "chain_no_path" | "timestamp_no_path" | "timestamp_cms_broken" | "timestamp_not_a_token" | "timestamp_tst_info_unreadable" | "timestamp_no_tst_info" | "timestamp_tst_info_fields" | "timestamp_imprint" | "timestamp_in_future" | "timestamp_no_signer_info" | "timestamp_no_tsa_certificate" | "timestamp_no_signed_attributes" | "timestamp_signature" | "timestamp_eku_not_critical" | "timestamp_not_tsa" | "audit_entry_missing" | "audit_previous_hash" | "audit_entry_edited" | "audit_erased_invalid" | "audit_erasure_mismatch" | "audit_erasure_unmatched" | "audit_record_edited" | "audit_record_added" | "audit_record_removed" | "audit_against_held" | "audit_against_missing" | "audit_against_not_from_here" | "audit_against_no_head" | "audit_batch_rows";
export type Message = { code: MessageCode, 
/**
 * The values of the code's `{param}` placeholders: names, numbers, file names, column
 * letters, as data; never words to translate.
 */
params: { [key in string]: string }, 
/**
 * The Vietnamese sentence, rendered from the code's template: what the CLI prints and the
 * files the program writes carry.
 */
text: string, };
export type ErrorCode = "not_found" | "invalid_input" | "store" | "io" | "conflict" | "internal" | "cancelled" | "locked" | "untrusted";
export type ApiError = { code: ErrorCode, 
/**
 * In Vietnamese, complete enough to act on.
 */
message: string, 
/**
 * The request field at fault, when there is one.
 */
field: string | null, 
/**
 * The code of the part below that refused, when it has one (`pdf.parse`, `import.corrupt`,
 * `store.busy`, `value.award`, `vote-rule.threshold`…): finer than `code` and as stable,
 * for the window and for tests, which check codes rather than wording.
 */
reason: string | null, };
export type AppInfo = { version: string, db_path: string, round_count: number, nomination_count: number, };
export type RoundView = { id: string, name: string, campaign: string, kind: RoundKind, starts_on: string | null, ends_on: string | null, status: RoundStatus, created_at: string, nomination_count: number, 
/**
 * When the round was closed.
 */
closed_at: string | null, 
/**
 * The last day its personal data is kept (YYYY-MM-DD); it may be erased from the day after.
 */
retain_until: string | null, 
/**
 * When its personal data was erased.
 */
erased_at: string | null, 
/**
 * Whether its retention period has ended, so that its personal data may be erased today
 * (Vietnam's day, decided by `core::calendar`).
 */
erasable: boolean, 
/**
 * The first day that may be given as the last day of retention (closing or extending), YYYY-MM-DD.
 */
retain_from: string, 
/**
 * The last day of retention the window offers (five years on when closing, a year more when
 * extending), YYYY-MM-DD.
 */
retain_suggested: string, };
export type CreateRound = { name: string, kind: RoundKind, campaign: string | null, };
export type CloseRound = { round_id: string, retain_until: string, };
export type EraseRound = { round_id: string, confirm_name: string, };
export type ErasureView = { round_id: string, round_name: string, nominations: number, reviews: number, files: number, packets: number, 
/**
 * Audit entries whose detail was blanked (they keep their place in the chain).
 */
audit_entries: number, 
/**
 * Automatic snapshots in `backups/` removed because they held the erased data.
 */
backups_removed: Array<string>, 
/**
 * The checked snapshot of the store made after the erasure.
 */
snapshot_after: string | null, 
/**
 * Steps after the erasure that did not complete and need attention.
 */
warnings: Array<string>, };
export type Metrics = { online_records_pct: number | null, e_documents_pct: number | null, socio_economic_reports_pct: number | null, lgsp_pct: number | null, };
export type ListQuery = { round: string, query: string | null, criteria_set: string | null, kind: NomineeKind | null, award: AwardForm | null, auto: AutoResult | null, sort: SortField | null, descending: boolean, 
/**
 * Only the nominations in this state for this laptop's member.
 */
review: ReviewFilter | null, };
export type NominationRow = { id: string, name: string, kind: NomineeKind, criteria_set: string, unit: string, position: string | null, award: AwardForm, eligible: boolean | null, auto_pass: number, auto_fail: number, auto_pending: number, 
/**
 * Where this laptop's member stands on it (null without a reviewer profile).
 */
review: ReviewStatus | null, };
export type CriteriaSetView = { code: string, title: string, };
export type NominationList = { round: string, total: number, rows: Array<NominationRow>, 
/**
 * This laptop's member's progress over the whole round.
 */
progress: Progress | null, 
/**
 * The criteria sets of the round's rubric, in its order: what the list can be filtered by.
 */
criteria_sets: Array<CriteriaSetView>, };
export type ItemView = { code: string, label: string, wording: string, kind: ItemKind, threshold: number | null, metric: string | null, stated: number | null, exclusion: string | null, auto: AutoResult | null, 
/**
 * The member's verdict on the item (null when they have not given one).
 */
verdict: Verdict | null, reason: string | null, note: string | null, 
/**
 * The member's verdict differs from the automatic result.
 */
overridden: boolean, 
/**
 * What counts for eligibility: the verdict where given, else the automatic result.
 */
result: AutoResult | null, 
/**
 * The verdicts that must come with a reason on this item ([`xetkhen_core::reason_required`]).
 */
reason_required: Array<Verdict>, };
export type AwardCheck = { allowed: boolean, 
/**
 * Why not; `None` when allowed.
 */
reason: Message | null, };
export type NominationDetail = { id: string, round: string, name: string, kind: NomineeKind, criteria_set: string, criteria_set_title: string, unit: string, nominating_unit: string | null, position: string | null, birth_year: number | null, id_number: string | null, award: AwardForm, summary: string | null, metrics: Metrics, items: Array<ItemView>, award_check: AwardCheck, 
/**
 * Eligibility for the proposed award form, from the automatic results and (when this laptop
 * has a reviewer) the member's verdicts.
 */
eligible: boolean | null, created_at: string, updated_at: string, 
/**
 * The member of this laptop, when one is set up.
 */
reviewer: ReviewerView | null, 
/**
 * The declared unit that ties the member to this nomination: they may not score or vote on it.
 */
conflict: string | null, 
/**
 * Files that came with the nomination from the secretariat (with the round package, on a
 * member's laptop), for every member to open.
 */
shared_evidence: Array<Attachment>, 
/**
 * The member's review as stored (for editing), null before their first change.
 */
review: Review | null, vote: Vote | null, score: number | null, 
/**
 * The member's notes: on the nomination (`item` null) and on items.
 */
notes: Array<NoteView>, tags: Array<string>, 
/**
 * Whether the award form the member proposes instead is allowed.
 */
proposed_award_check: AwardCheck | null, 
/**
 * Every item decided and a vote cast.
 */
complete: boolean, needs_evidence: boolean, 
/**
 * The nomination changed after the member last worked on their review.
 */
outdated: boolean, 
/**
 * Content hash of the nomination as it is now.
 */
content_hash: string, };
export type DemoLoaded = { round: RoundView, nominations: number, };
export type ImportField = { code: string, label: string, };
export type JobToken = string & { readonly __brand: "JobToken" };
export type FileToken = string & { readonly __brand: "FileToken" };
export type DraftToken = string & { readonly __brand: "DraftToken" };
export type CertificateToken = string & { readonly __brand: "CertificateToken" };
export type SavedFileToken = string & { readonly __brand: "SavedFileToken" };
export type PickedFile = { token: FileToken, name: string, size_bytes: number, };
export type PickedCertificate = { token: CertificateToken, name: string, };
export type ArrivedKind = "list" | "packet" | "round_package" | "pdf";
export type ArrivedFile = { file: PickedFile, kind: ArrivedKind, 
/**
 * Opened with the app (file association, second launch) rather than dropped on the window:
 * always asked about before anything is done with it.
 */
opened: boolean, };
export type ColumnChoice = { header: string, field: string, };
export type PickedImport = { tokens: Array<FileToken>, round: string | null, skip_invalid: boolean, sheet: string | null, convert_legacy: boolean, mapping: Array<ColumnChoice>, dry_run: boolean, skip_rows: Array<RowRef>, 
/**
 * The job (from `begin_job`) on which the import reports progress and hears a cancel.
 */
job?: JobToken, };
export type ProblemView = { file: string, sheet: string | null, row: number | null, column: string | null, message: Message, };
export type LegacySampleView = { before: string, after: string, };
export type ColumnView = { 
/**
 * The Excel column letter.
 */
column: string, header: string, 
/**
 * The field's code, `None` when nothing matched.
 */
field: string | null, by_user: boolean, };
export type PreviewRow = { row: number, name: string, kind: NomineeKind, criteria_set: string, unit: string, position: string | null, award: AwardForm, id_number: string | null, };
export type SheetView = { name: string, 
/**
 * Rows with at least one filled cell.
 */
rows: number, 
/**
 * 1-based row of the list's header, `None` when the sheet holds no recognisable list.
 */
header_row: number | null, };
export type FileReport = { file: string, 
/**
 * The sheet read.
 */
sheet: string | null, 
/**
 * Every sheet of the workbook (empty for a text file): the user may choose another.
 */
sheets: Array<SheetView>, header_row: number | null, 
/**
 * Rows that passed every check; rejected rows are counted in `rejected`.
 */
rows: number, rejected: number, accepted: boolean, 
/**
 * Header cells that matched no field: the user maps them once.
 */
unmapped: Array<string>, 
/**
 * The legacy encoding the file's text looks typed in ("TCVN3" or "VNI"), if any.
 */
legacy_encoding: string | null, 
/**
 * Set when the file's text looks legacy-encoded: cells before and after conversion.
 */
legacy_samples: Array<LegacySampleView>, legacy_converted: boolean, 
/**
 * Each header column and the field it was mapped to.
 */
columns: Array<ColumnView>, 
/**
 * The first accepted rows, as they will be stored.
 */
preview: Array<PreviewRow>, };
export type DuplicateKind = "duplicate" | "possible";
export type RowRef = { file: string, row: number, };
export type DuplicateRow = { 
/**
 * The file's name and the row, `None` for a nomination already in the store.
 */
at: RowRef | null, name: string, unit: string, birth_year: number | null, id_number: string | null, };
export type DuplicateView = { kind: DuplicateKind, message: Message, 
/**
 * Where each copy is, in Vietnamese: "file, dòng N" or "đã có trong kho" (for the CLI; the
 * window names them from `rows`).
 */
places: Array<string>, 
/**
 * The two sides, first the one seen first; a row of the files or a nomination in the store.
 */
rows: Array<DuplicateRow>, };
export type ImportReport = { round: RoundView, 
/**
 * True when the store had no round and one was made for the import.
 */
round_created: boolean, files: Array<FileReport>, imported: number, updated: number, unchanged: number, rejected: number, problems: Array<ProblemView>, warnings: Array<ProblemView>, duplicates: Array<DuplicateView>, 
/**
 * Rows left out because the user chose to skip them.
 */
skipped: Array<RowRef>, 
/**
 * The import batch written, which `undo_import` takes back; `None` when nothing was written.
 */
batch: string | null, 
/**
 * Where the snapshot taken before writing is, when this import took one (at most one a day).
 */
snapshot: string | null, 
/**
 * True for a preview: nothing was written, the counts say what an import would do.
 */
dry_run: boolean, };
export type ImportBatchView = { id: string, round_id: string, 
/**
 * The files the rows came from.
 */
source: string, actor: string, 
/**
 * When, in Vietnam's time ("HH:MM dd/mm/yyyy").
 */
at: string, inserted: number, updated: number, undone: boolean, };
export type UndoImportReport = { batch: ImportBatchView, 
/**
 * Nominations the import created, now deleted.
 */
removed: number, 
/**
 * Nominations the import changed, now back as they were.
 */
restored: number, };
export type Verdict = "pass" | "fail" | "needs-evidence";
export type Vote = "approve" | "reject" | "abstain";
export type Role = "member" | "secretary" | "chair";
export type ItemReview = { 
/**
 * For a threshold item with an automatic result, a verdict different from it is an override.
 */
verdict: Verdict | null, reason: string | null, note: string | null, };
export type Attachment = { sha256: string, file_name: string, media_type: string, size: number, added_at: string, };
export type Review = { 
/**
 * The content hash of the nomination as it was when the member last changed this review.
 */
nomination_hash: string, 
/**
 * By item code; items the member has not touched are absent.
 */
items: { [key in string]: ItemReview }, 
/**
 * Merit score 0–10 (one decimal), for ranking.
 */
score: number | null, vote: Vote | null, 
/**
 * A different award form the member proposes instead of the one proposed by the unit.
 */
proposed_award: AwardForm | null, proposed_reason: string | null, 
/**
 * The member's note on the nomination as a whole.
 */
note: string | null, tags: Array<string>, attachments: Array<Attachment>, };
export type NoteView = { item: string | null, text: string, };
export type ReviewerView = { id: string, name: string, position: string, role: Role, conflicts: Array<string>, this_laptop: boolean, };
export type SetReviewer = { name: string, position: string, role: Role | null, };
export type SaveReview = { nomination: string, review: Review, };
export type ReviewFilter = "unreviewed" | "needs_evidence" | "conflicted" | "reviewed";
export type ReviewStatus = "unreviewed" | "in_progress" | "needs_evidence" | "reviewed" | "conflicted";
export type Progress = { 
/**
 * Reviews complete (every item decided, vote cast).
 */
reviewed: number, 
/**
 * Nominations the member may review (conflicted ones left out).
 */
total: number, conflicted: number, needs_evidence: number, };
export type MemberProgress = { reviewer: ReviewerView, progress: Progress, };
export type HistoryEntry = { seq: number, 
/**
 * Vietnam time, ISO 8601.
 */
at: string, actor: string, action: HistoryAction, 
/**
 * The action in Vietnamese, as the CLI prints it; for `other`, the audit log's own name.
 */
action_text: string, 
/**
 * What changed, one entry per field.
 */
changes: Array<FieldChange>, 
/**
 * The file an import came from, when it came from one.
 */
source: string | null, };
export type HistoryAction = "received" | "updated" | "imported" | "review_started" | "review_updated" | "evidence_added" | "other";
export type ChangedField = "name" | "unit" | "position" | "award" | "criteria_set" | "summary" | "metric" | "score" | "vote" | "proposed_award" | "proposed_reason" | "note" | "tags" | "attachments" | "criterion_verdict" | "criterion_reason" | "criterion_note" | "other";
export type ChangeValue = { "kind": "empty" } | { "kind": "text", "value": string } | { "kind": "number", "value": string } | { "kind": "percent", "value": number } | { "kind": "verdict", "value": Verdict } | { "kind": "vote", "value": Vote } | { "kind": "award", "value": AwardForm } | { "kind": "list", "value": Array<string> };
export type FieldChange = { field: ChangedField, 
/**
 * The criterion's code, the metric's key, or an unknown field's stored name.
 */
detail: string | null, before: ChangeValue, after: ChangeValue, 
/**
 * The same change in Vietnamese, as the CLI prints it: "Đơn vị: «…» → «…»".
 */
text: string, };
export type EvidenceView = { sha256: string, file_name: string, media_type: string, size: number, 
/**
 * `data:` URL of an image, null for other kinds.
 */
data_url: string | null, };
export type VoteBase = "members" | "cast";
export type VoteRule = { more_than_pct: number, base: VoteBase, };
export type Ballot = "approve" | "reject" | "abstain" | "not-voted" | "conflicted" | "outdated";
export type Decision = "approved" | "not-approved" | "pending";
export type Count = { approve: number, reject: number, abstain: number, not_voted: number, conflicted: number, outdated: number, 
/**
 * Votes in favour as a share of the base, in percent (one decimal), when the base is not
 * empty.
 */
share_pct: number | null, 
/**
 * Mean merit score of the counted members who gave one (one decimal).
 */
mean_score: number | null, decision: Decision, };
export type NominationCounts = { imported: number, updated: number, unchanged: number, };
export type ChangedNomination = { id: string, name: string, 
/**
 * What changed in the nomination since the member's review, one entry per field.
 */
changes: Array<FieldChange>, };
export type RoundTrust = { 
/**
 * The fingerprint of the secretariat's key as the person compared it (aloud, with the
 * secretariat): needed for the first package of a laptop that trusts no secretariat yet.
 */
secretariat_fingerprint: string | null, 
/**
 * Take this fingerprint's key in place of the secretariat key trusted until now (an audited
 * change).
 */
replace_secretariat: boolean, };
export type SecretariatView = { member_id: string, name: string, 
/**
 * Groups of four hex digits (`A1B2 C3D4 …`), to read aloud and compare.
 */
fingerprint: string, 
/**
 * RFC 3339, UTC.
 */
trusted_at: string | null, };
export type RoundPackageReport = { file: string, round: RoundView, nominations: NominationCounts, members: number, 
/**
 * Files that came with nominations (written or taken in).
 */
files: number, 
/**
 * The name of the member (the secretariat) who signed the package.
 */
signed_by: string, 
/**
 * The fingerprint of the signer's key, in groups of four to read aloud (`A1B2 C3D4 …`).
 */
secretariat_fingerprint: string, changed_since_review: Array<ChangedNomination>, };
export type PackageSigner = { signed_by: string, 
/**
 * Groups of four hex digits (`A1B2 C3D4 …`), to read aloud and compare.
 */
fingerprint: string, 
/**
 * The secretariat trusted until now, if any: taking the package replaces it (audited).
 */
trusted: SecretariatView | null, };
export type RoundPackageImport = { "kind": "imported", report: RoundPackageReport, } | { "kind": "needs_trust", file: FileToken, signer: PackageSigner, };
export type PacketExportReport = { file: string, 
/**
 * The member's vote summary (PDF) written beside the packet.
 */
summary: string, seq: number, hash: string, reviews: number, votes: number, };
export type MinutesOptions = { draft: DraftToken, sha256: string, secretary: SignerChoice, chair: SignerChoice, };
export type MinutesPreview = { draft: DraftToken, 
/**
 * The SHA-256 of the draft's bytes (hex).
 */
sha256: string, pages: number, nominations: number, packets: number, size_bytes: number, };
export type MinutesSaved = { file: SavedFileToken, name: string, pages: number, nominations: number, packets: number, signatures: number, size_bytes: number, };
export type CountersignSaved = { file: SavedFileToken, name: string, signatures: number, size_bytes: number, };
export type MinutesDraft = { draft: DraftToken, 
/**
 * The SHA-256 of the minutes' bytes (hex).
 */
sha256: string, 
/**
 * The file's name, to show.
 */
name: string, size_bytes: number, 
/**
 * Who signed as the secretary (the certificate's common name).
 */
secretary: string, };
export type PacketStatus = "accepted" | "unchanged" | "rejected";
export type NoticeKind = "outdated" | "conflict_of_interest" | "duplicate_sequence" | "broken_chain" | "summary_mismatch";
export type PacketNotice = { kind: NoticeKind, nomination_id: string | null, message: Message, };
export type PacketFileReport = { file: string, status: PacketStatus, 
/**
 * Why it was rejected.
 */
reason: Message | null, member: string | null, seq: number | null, hash: string | null, reviews: number, 
/**
 * Reviews written or replaced by the merge.
 */
written: number, notices: Array<PacketNotice>, };
export type PacketImportReport = { accepted: number, unchanged: number, rejected: number, files: Array<PacketFileReport>, };
export type MemberBallot = { member_id: string, member: string, ballot: Ballot, };
export type TallyRow = { nomination_id: string, name: string, unit: string, kind: NomineeKind, criteria_set: string, award: AwardForm, count: Count, ballots: Array<MemberBallot>, 
/**
 * Name and unit folded for search ([`xetkhen_core::text::fold`]); the window matches a
 * query folded by [`crate::fold_search`], and folds nothing itself.
 */
search: string, };
export type TallyTotals = { approved: number, not_approved: number, pending: number, };
export type MemberVotes = { member: ReviewerView, 
/**
 * Nominations the member has voted on (conflicts left out).
 */
voted: number, 
/**
 * Nominations the member may vote on.
 */
of: number, 
/**
 * The sequence number of the newest packet received from them.
 */
last_packet: number | null, };
export type MergedPacketView = { member_id: string, member: string, seq: number, hash: string, created_at: string, received_at: string, reviews: number, };
export type TallyView = { round: RoundView, rule: VoteRule, 
/**
 * The rule in words.
 */
rule_text: Message, 
/**
 * Members of the committee.
 */
committee: number, totals: TallyTotals, rows: Array<TallyRow>, members: Array<MemberVotes>, packets: Array<MergedPacketView>, 
/**
 * Members with two different packets under one number.
 */
disputed: Array<Message>, };
export type JobStage = "waiting" | "reading" | "checking" | "writing" | "selecting" | "rendering" | "signing" | "saving" | "done" | "cancelled";
export type JobStatus = { stage: JobStage, done: number, total: number, 
/**
 * The user asked to cancel; the operation stops at its next step.
 */
cancel_requested: boolean, 
/**
 * The operation passed its commit point: it can no longer be cancelled.
 */
committed: boolean, };
export type CancelOutcome = "cancelling" | "too-late";
export type ExportFilter = "all" | "eligible" | "approved";
export type ExportFormat = "pdf" | "xlsx" | "csv";
export type ExportOptions = { round: string, award: AwardForm, filter: ExportFilter, format: ExportFormat, number: string | null, signer_title: string | null, signer_name: string | null, cover: boolean, cover_number: string | null, };
export type FilterChoice = { filter: ExportFilter, label: string, };
export type ExportChoices = { filters: Array<FilterChoice>, 
/**
 * The signer's title when none is given ([`crate::DEFAULT_SIGNER_TITLE`]).
 */
default_signer_title: string, };
export type SignerChoice = { "kind": "none" } | { "kind": "p12", file: CertificateToken, password: string, } | { "kind": "token", token_label: string, key_label: string | null, pin: string, };
export type ExportPreview = { draft: DraftToken, 
/**
 * The SHA-256 of the draft's bytes (hex).
 */
sha256: string, rows: number, page_count: number, size_bytes: number, 
/**
 * Milliseconds from the request to the draft rendered.
 */
elapsed_ms: number, };
export type ExportSaved = { file: SavedFileToken, name: string, format: ExportFormat, rows: number, signed: boolean, size_bytes: number, 
/**
 * Milliseconds from the request to the file written.
 */
elapsed_ms: number, };
export type TrainingCertificate = { 
/**
 * The certificate file's token, to sign with at once.
 */
file: CertificateToken, name: string, 
/**
 * The signer's common name, which says it is for training.
 */
subject: string, 
/**
 * The file name of the training CA certificate written beside it (the trust anchor).
 */
ca_name: string, };
export type TimestampView = { 
/**
 * "2026-11-27 14:05:09 +07:00": the time the timestamp authority vouches for, in Vietnam
 * time, ISO 8601.
 */
time: string | null, 
/**
 * The timestamp authority's common name.
 */
tsa: string | null, 
/**
 * The token is about this signature, intact, and its authority chains to a trust anchor:
 * the signer's certificate was judged at `time` instead of now.
 */
trusted: boolean, 
/**
 * Why it does not count.
 */
problems: Array<Message>, };
export type SignatureView = { field: string, signer: string | null, 
/**
 * Common names from the signer up to the trust anchor, as far as the chain was built.
 */
chain: Array<string>, 
/**
 * "2026-11-27 14:05:09 +07:00": the time the signer declared (/M, their own clock), in
 * Vietnam time, ISO 8601. Nobody vouches for it; validity is judged at verification time.
 */
signed_at: string | null, 
/**
 * The trust anchor the chain reached ("RootCA chuyên dùng Chính phủ G2", the CA given).
 */
anchor: string | null, 
/**
 * That anchor is one of the national roots built into Xét Khen.
 */
anchor_builtin: boolean, 
/**
 * The digest, the signature and the byte range are all sound.
 */
intact: boolean, covers_whole_file: boolean, trusted: boolean, modified_after_signing: boolean, 
/**
 * More than later signatures was appended after this one: the signed content changed.
 */
changed_after_signing: boolean, 
/**
 * The RFC 3161 timestamp the signature carries, if any.
 */
timestamp: TimestampView | null, 
/**
 * What is wrong.
 */
problems: Array<Message>, };
export type VerifyView = { file: string, 
/**
 * Valid and covering the whole file: what makes `xetkhen verify` exit 0.
 */
valid: boolean, 
/**
 * The trust anchor's file name, when one was given.
 */
trust_anchor: string | null, signatures: Array<SignatureView>, 
/**
 * Problems of the file as a whole (no signature, unreadable).
 */
problems: Array<Message>, };
export type LockState = "new" | "plain" | "locked" | "open";
export type SessionView = { state: LockState, 
/**
 * Idle minutes after which the store is closed and the passphrase asked again.
 */
lock_after_minutes: number, 
/**
 * The choices the settings offer.
 */
lock_after_choices: Array<number>, min_passphrase_chars: number, 
/**
 * The store's file, shown on the lock screen so the user knows which store it is.
 */
db_path: string, };
export type FoundTokenModule = { 
/**
 * The CA or maker whose software installed it ("Viettel-CA", "VNPT-CA", …).
 */
provider: string, path: string, 
/**
 * Why it cannot be used (a 32-bit module, say); `None` when it can.
 */
unusable: string | null, };
export type TokenModules = { chosen: string | null, found: Array<FoundTokenModule>, };
export type SetPassphrase = { passphrase: string, confirm: string, };
export type ChangePassphrase = { current: string, passphrase: string, confirm: string, };
export type PassphraseReport = { encrypted: boolean, 
/**
 * The copy of the store made before the change (re-encrypted with the others once it is made).
 */
safety_copy: string, 
/**
 * Copies in `backups/` now under the new passphrase.
 */
backups_reencrypted: number, 
/**
 * Copies the old passphrase did not open, left as they were.
 */
backups_left: Array<string>, };
