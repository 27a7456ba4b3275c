// Vietnamese formatting. Numbers are done by hand so the output does not depend on the ICU
// data the WebView happens to ship: decimal comma (92,5), thousands dot (10.000). Dates are
// dd/mm/yyyy through Intl.DateTimeFormat (vi-VN, en-GB for the English UI: both write
// dd/mm/yyyy), at UTC+7; WebKitGTK's JavaScriptCore with the system ICU and WebView2's
// Chromium both carry these locales and the zone.

import { currentLang, type Lang } from "./i18n/index.svelte";

/** 92.5 → "92,5"; 10000 → "10.000"; at most `maxFraction` decimals, trailing zeros dropped. */
export function formatNumber(value: number, maxFraction = 1): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(maxFraction);
  let [int, frac = ""] = fixed.split(".");
  frac = frac.replace(/0+$/, "");
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const body = frac ? `${int},${frac}` : int;
  return negative && body !== "0" ? `-${body}` : body;
}

/** 92.5 → "92,5%". */
export function formatPercent(value: number, maxFraction = 1): string {
  return `${formatNumber(value, maxFraction)}%`;
}

/** A threshold bar: 90 → "≥ 90%". */
export function formatThreshold(value: number): string {
  return `≥ ${formatPercent(value)}`;
}

/**
 * Vietnam's calendar day of an instant, as each language writes it. The zone is "Etc/GMT-7"
 * (POSIX signs: seven hours east), a fixed UTC+7 like the back end's `core::calendar`;
 * "Asia/Ho_Chi_Minh" would differ for instants before 1975, when Saigon kept other offsets.
 */
const VIETNAM_DAY: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat("vi-VN", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "Etc/GMT-7",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "Etc/GMT-7",
  }),
};

/**
 * "2025-07-05", "2025-07-05 10:00:00" or an RFC 3339 timestamp → "05/07/2025".
 * A timestamp with a zone is shown as Vietnam's day, whatever the laptop's clock zone (the day
 * the back end counts in); a bare date is taken as written.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const hasZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value);
  if (hasZone) {
    const t = new Date(value).getTime();
    if (!Number.isNaN(t)) return VIETNAM_DAY[currentLang()].format(t);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** A file size: 2048 → "2 KB", 1572864 → "1,5 MB" (binary units, one decimal at most). */
export function formatSize(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  if (bytes >= MB) return `${formatNumber(bytes / MB)} MB`;
  const kb = bytes / KB;
  return `${formatNumber(bytes > 0 && kb < 0.1 ? 0.1 : kb)} KB`;
}
