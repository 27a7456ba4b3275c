// Generated from the Rust types by `make bindings` (crate xetkhen-api, src/bindings.rs).
// Do not edit by hand: a test fails when this file is stale.

import { call } from "./call";
import type * as T from "./bindings";

export const appInfo = (): Promise<T.AppInfo> => call("app_info", {});
export const listRounds = (): Promise<T.RoundView[]> => call("list_rounds", {});
export const createRound = (req: T.CreateRound): Promise<T.RoundView> => call("create_round", { req });
export const loadDemo = (): Promise<T.DemoLoaded> => call("load_demo", {});
export const listNominations = (req: T.ListQuery): Promise<T.NominationList> => call("list_nominations", { req });
export const getNomination = (id: string): Promise<T.NominationDetail> => call("get_nomination", { id });
export const importFields = (): Promise<T.ImportField[]> => call("import_fields", {});
export const pickImportFiles = (): Promise<T.PickedFile[]> => call("pick_import_files", {});
export const importFiles = (req: T.PickedImport): Promise<T.ImportReport> => call("import_files", { req });
export const saveProblems = (problems: T.ProblemView[]): Promise<string | null> => call("save_problems", { problems });
export const saveTemplate = (): Promise<string | null> => call("save_template", {});
export const getReviewer = (): Promise<T.ReviewerView | null> => call("get_reviewer", {});
export const setReviewer = (req: T.SetReviewer): Promise<T.ReviewerView> => call("set_reviewer", { req });
export const addConflict = (unit: string): Promise<T.ReviewerView> => call("add_conflict", { unit });
export const removeConflict = (unit: string): Promise<T.ReviewerView> => call("remove_conflict", { unit });
export const saveReview = (req: T.SaveReview): Promise<T.NominationDetail> => call("save_review", { req });
export const nominationHistory = (id: string): Promise<T.HistoryEntry[]> => call("nomination_history", { id });
export const roundProgress = (round: string): Promise<T.MemberProgress[]> => call("round_progress", { round });
export const attachEvidence = (nomination: string): Promise<T.NominationDetail | null> => call("attach_evidence", { nomination });
export const evidenceView = (nomination: string, sha256: string): Promise<T.EvidenceView> => call("evidence_view", { nomination, sha256 });
export const openEvidence = (nomination: string, sha256: string): Promise<null> => call("open_evidence", { nomination, sha256 });
export const beginJob = (): Promise<string> => call("begin_job", {});
export const jobStatus = (job: string): Promise<T.JobStatus> => call("job_status", { job });
export const cancelJob = (job: string): Promise<T.CancelOutcome> => call("cancel_job", { job });
export const exportFilters = (): Promise<T.FilterChoice[]> => call("export_filters", {});
export const exportPreview = (job: string, options: T.ExportOptions): Promise<T.ExportPreview> => call("export_preview", { job, options });
export const previewPage = (draft: string, page: number): Promise<T.PreviewPage> => call("preview_page", { draft, page });
export const exportSave = (job: string, draft: string, signer: T.SignerChoice): Promise<T.ExportSaved | null> => call("export_save", { job, draft, signer });
export const exportCopy = (job: string, options: T.ExportOptions): Promise<T.ExportSaved | null> => call("export_copy", { job, options });
export const pickCertificate = (): Promise<T.PickedFile | null> => call("pick_certificate", {});
export const pickTokenModule = (): Promise<string | null> => call("pick_token_module", {});
export const tokenModule = (): Promise<string | null> => call("token_module", {});
export const createTrainingCertificate = (holder: string, password: string): Promise<T.TrainingCertificate | null> => call("create_training_certificate", { holder, password });
export const openExport = (file: string): Promise<null> => call("open_export", { file });
export const pickPdfToVerify = (): Promise<T.PickedFile | null> => call("pick_pdf_to_verify", {});
export const pickTrustAnchor = (): Promise<T.PickedFile | null> => call("pick_trust_anchor", {});
export const takeDropped = (): Promise<T.PickedFile[]> => call("take_dropped", {});
export const verifyPicked = (file: string, trust: string | null): Promise<T.VerifyView> => call("verify_picked", { file, trust });
