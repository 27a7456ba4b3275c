// Labels for the back end's enums, all through the catalogue.
import type {
  AutoResult,
  ChangeValue,
  FieldChange,
  HistoryEntry,
  Decision,
  AwardForm,
  ErrorCode,
  ItemKind,
  NomineeKind,
  ReviewFilter,
  ReviewStatus,
  Role,
  RoundKind,
  RoundStatus,
  Verdict,
  Vote,
} from "../ipc";
import { hasKey, t } from "./index.svelte";
import { formatNumber, formatPercent } from "../format";

export const roundKindLabel = (k: RoundKind): string => t(`roundKind.${k}`);
export const roundStatusLabel = (s: RoundStatus): string => t(`roundStatus.${s}`);
export const nomineeKindLabel = (k: NomineeKind): string => t(`nomineeKind.${k}`);
export const awardLabel = (a: AwardForm): string => t(`award.${a}`);
export const itemKindLabel = (k: ItemKind): string => t(`itemKind.${k}`);
export const autoLabel = (r: AutoResult | null): string => t(r === null ? "auto.none" : `auto.${r}`);
export const eligibleLabel = (e: boolean | null): string =>
  t(e === null ? "eligible.null" : e ? "eligible.true" : "eligible.false");
export const verdictLabel = (v: Verdict | null): string =>
  t(v === null ? "verdict.none" : `verdict.${v}`);
export const voteLabel = (v: Vote | null): string => t(v === null ? "vote.none" : `vote.${v}`);
export const roleLabel = (r: Role): string => t(`role.${r}`);
export const reviewStatusLabel = (s: ReviewStatus): string => t(`reviewStatus.${s}`);
export const reviewFilterLabel = (f: ReviewFilter): string => t(`reviewFilter.${f}`);
export const errorTitle = (code: ErrorCode): string => t(`error.${code}`);

/** A metric's name; an unknown metric (a later campaign's) shows its raw key. */
export function metricLabel(metric: string): string {
  const key = `metric.${metric}`;
  return hasKey(key) ? t(key) : metric;
}

export const ROUND_KINDS: readonly RoundKind[] = ["so-ket", "tong-ket", "annual"];
export const NOMINEE_KINDS: readonly NomineeKind[] = ["collective", "individual"];
export const AWARD_FORMS: readonly AwardForm[] = ["co-thi-dua", "bang-khen", "giay-khen"];
export const AUTO_RESULTS: readonly AutoResult[] = ["pass", "fail"];
export const VERDICTS: readonly Verdict[] = ["pass", "fail", "needs-evidence"];
export const VOTES: readonly Vote[] = ["approve", "reject", "abstain"];
export const ROLES: readonly Role[] = ["member", "secretary", "chair"];
export const REVIEW_FILTERS: readonly ReviewFilter[] = [
  "unreviewed",
  "needs_evidence",
  "conflicted",
  "reviewed",
];
/** The tag behind the "cần bổ sung" filter (core::TAG_NEEDS_EVIDENCE). */
export const TAG_NEEDS_EVIDENCE = "cần bổ sung hồ sơ";
export const decisionLabel = (d: Decision): string =>
  t(d === "approved" ? "tally.approved" : d === "not-approved" ? "tally.notApproved" : "tally.pending");

/** A history entry's action; one this version does not name shows as the audit log keeps it. */
export function historyActionLabel(h: HistoryEntry): string {
  const key = `history.action.${h.action}`;
  return hasKey(key) ? t(key) : h.action_text;
}

function changeValueText(v: ChangeValue): string {
  switch (v.kind) {
    case "empty":
      return t("change.empty");
    case "text":
      return `«${v.value}»`;
    case "number": {
      const n = Number(v.value);
      return Number.isFinite(n) ? formatNumber(n, 2) : v.value;
    }
    case "percent":
      return formatPercent(v.value, 2);
    case "verdict":
      return verdictLabel(v.value);
    case "vote":
      return voteLabel(v.value);
    case "award":
      return awardLabel(v.value);
    case "list":
      return v.value.length === 0 ? t("change.empty") : v.value.map((i) => `«${i}»`).join(", ");
  }
}

function changedFieldLabel(c: FieldChange): string {
  if (c.field === "metric") return metricLabel(c.detail ?? "");
  if (c.field === "other") return c.detail ?? "";
  return t(`change.field.${c.field}`, { code: c.detail ?? "" });
}

/** One changed field as a line: "Unit: «…» → «…»", in the window's language. */
export function fieldChangeText(c: FieldChange): string {
  return t("change.line", {
    field: changedFieldLabel(c),
    before: changeValueText(c.before),
    after: changeValueText(c.after),
  });
}
