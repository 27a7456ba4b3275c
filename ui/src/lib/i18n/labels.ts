// Labels for the back end's enums, all through the catalogue.
import type {
  AutoResult,
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
