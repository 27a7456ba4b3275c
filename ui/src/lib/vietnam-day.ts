// Vietnam's calendar day of a timestamp, as each language of the window writes it (dd/mm/yyyy),
// through Intl.DateTimeFormat (vi-VN, en-GB). No Svelte state here, so that
// tests/ui/vietnam-day.test.mjs runs this very file under Node: V8 with its own ICU, the engine of
// WebView2's Chromium on Windows, as the end-to-end tests run it in WebKitGTK's JavaScriptCore.

import type { Lang } from "./i18n/index.svelte";

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
export function vietnamDay(value: string | null | undefined, lang: Lang): string {
  if (!value) return "";
  const hasZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value);
  if (hasZone) {
    const t = new Date(value).getTime();
    if (!Number.isNaN(t)) return VIETNAM_DAY[lang].format(t);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}
