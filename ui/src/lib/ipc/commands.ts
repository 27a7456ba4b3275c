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
export const sessionStatus = (): Promise<T.SessionView> => call("session_status", {});
export const unlock = (passphrase: string): Promise<T.SessionView> => call("unlock", { passphrase });
export const setPassphrase = (req: T.SetPassphrase): Promise<T.SessionView> => call("set_passphrase", { req });
export const lock = (): Promise<T.SessionView> => call("lock", {});
export const keepAlive = (): Promise<null> => call("keep_alive", {});
export const changePassphrase = (req: T.ChangePassphrase): Promise<T.PassphraseReport> => call("change_passphrase", { req });
export const setLockAfter = (minutes: number): Promise<T.SessionView> => call("set_lock_after", { minutes });
