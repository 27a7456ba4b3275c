// Generated from the Rust types by `make bindings` (crate xetkhen-api, src/bindings.rs).
// Do not edit by hand: a test fails when this file is stale.

export type RoundKind = "so-ket" | "tong-ket" | "annual";
export type RoundStatus = "open" | "closed";
export type NomineeKind = "collective" | "individual";
export type AwardForm = "co-thi-dua" | "bang-khen" | "giay-khen";
export type ItemKind = "threshold" | "yes-no" | "qualitative";
export type AutoResult = "pass" | "fail";
export type SortField = "name" | "unit" | "criteria_set" | "award" | "kind" | "eligible";
export type ErrorCode = "not_found" | "invalid_input" | "store" | "io" | "conflict" | "internal";
export type ApiError = { code: ErrorCode, 
/**
 * In Vietnamese, complete enough to act on.
 */
message: string, 
/**
 * The request field at fault, when there is one.
 */
field: string | null, };
export type AppInfo = { version: string, db_path: string, round_count: number, nomination_count: number, };
export type RoundView = { id: string, name: string, campaign: string, kind: RoundKind, starts_on: string | null, ends_on: string | null, status: RoundStatus, created_at: string, nomination_count: number, };
export type CreateRound = { name: string, kind: RoundKind, campaign: string | null, };
export type Metrics = { online_records_pct: number | null, e_documents_pct: number | null, socio_economic_reports_pct: number | null, lgsp_pct: number | null, };
export type ListQuery = { round: string, query: string | null, criteria_set: string | null, kind: NomineeKind | null, award: AwardForm | null, auto: AutoResult | null, sort: SortField | null, descending: boolean, };
export type NominationRow = { id: string, name: string, kind: NomineeKind, criteria_set: string, unit: string, position: string | null, award: AwardForm, eligible: boolean | null, auto_pass: number, auto_fail: number, auto_pending: number, };
export type NominationList = { round: string, total: number, rows: Array<NominationRow>, };
export type ItemView = { code: string, label: string, wording: string, kind: ItemKind, threshold: number | null, metric: string | null, stated: number | null, exclusion: string | null, auto: AutoResult | null, };
export type AwardCheck = { allowed: boolean, 
/**
 * Why not, in Vietnamese; `None` when allowed.
 */
reason: string | null, };
export type NominationDetail = { id: string, round: string, name: string, kind: NomineeKind, criteria_set: string, criteria_set_title: string, unit: string, nominating_unit: string | null, position: string | null, birth_year: number | null, id_number: string | null, award: AwardForm, summary: string | null, metrics: Metrics, items: Array<ItemView>, award_check: AwardCheck, eligible: boolean | null, created_at: string, updated_at: string, };
export type DemoLoaded = { round: RoundView, nominations: number, };
