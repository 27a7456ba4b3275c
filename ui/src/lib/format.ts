// Vietnamese formatting. Numbers are done by hand so the output does not depend on the ICU
// data the WebView happens to ship: decimal comma (92,5), thousands dot (10.000). Dates are
// dd/mm/yyyy at UTC+7 (vietnam-day.ts).

import { currentLang } from "./i18n/index.svelte";
import { vietnamDay } from "./vietnam-day";

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
 * "2025-07-05", "2025-07-05 10:00:00" or an RFC 3339 timestamp → "05/07/2025", in the window's
 * language: Vietnam's day of a timestamp, whatever the laptop's clock zone ([`vietnamDay`]).
 */
export function formatDate(value: string | null | undefined): string {
  return vietnamDay(value, currentLang());
}

/** A file size: 2048 → "2 KB", 1572864 → "1,5 MB" (binary units, one decimal at most). */
export function formatSize(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  if (bytes >= MB) return `${formatNumber(bytes / MB)} MB`;
  const kb = bytes / KB;
  return `${formatNumber(bytes > 0 && kb < 0.1 ? 0.1 : kb)} KB`;
}
