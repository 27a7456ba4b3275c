// The window's dates (ui/src/lib/vietnam-day.ts) under Node: V8 with its own ICU, the engine of
// WebView2's Chromium, which the window uses on Windows and which cannot run here (the end-to-end
// tests run the same code in WebKitGTK's JavaScriptCore). The file itself is compiled by esbuild
// and imported; every answer is checked against Vietnam's day computed by arithmetic (UTC+7), in
// machine zones on both sides of Vietnam, across daylight-saving changes, from 1900 to 2040.
//
// Run: node --test tests/ui/vietnam-day.test.mjs (from the repository; ui/node_modules installed).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const esbuild = createRequire(join(repo, "ui", "package.json"))("esbuild");

async function load() {
  const dir = mkdtempSync(join(tmpdir(), "vietnam-day-"));
  const out = join(dir, "vietnam-day.mjs");
  await esbuild.build({
    entryPoints: [join(repo, "ui", "src", "lib", "vietnam-day.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: out,
    logLevel: "silent",
  });
  const mod = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

const { vietnamDay } = await load();

const two = (n) => String(n).padStart(2, "0");
/** Vietnam's day of the instant `ms`, by arithmetic: the UTC date seven hours later. */
function expected(ms) {
  const d = new Date(ms + 7 * 3600 * 1000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const ZONES = ["UTC", "America/Los_Angeles", "Asia/Ho_Chi_Minh", "Pacific/Kiritimati", "Europe/Paris"];

test("a timestamp is shown as Vietnam's day in both languages, whatever the machine's zone", () => {
  const start = Date.UTC(1900, 0, 1);
  const end = Date.UTC(2040, 0, 1);
  const step = 997 * 60 * 1000; // about 16.6 hours: every hour of the day comes round
  let checked = 0;
  for (const zone of ZONES) {
    process.env.TZ = zone;
    for (let t = start; t < end; t += step) {
      const iso = new Date(t).toISOString();
      const want = expected(t);
      for (const lang of ["vi", "en"]) {
        const got = vietnamDay(iso, lang);
        if (got !== want) assert.fail(`${iso} in ${zone} (${lang}): ${got}, expected ${want}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 700_000, `${checked}`);
});

test("the hour around midnight in Vietnam, and offsets written other ways", () => {
  for (const zone of ZONES) {
    process.env.TZ = zone;
    for (const lang of ["vi", "en"]) {
      assert.equal(vietnamDay("2026-12-06T16:59:59Z", lang), "06/12/2026");
      assert.equal(vietnamDay("2026-12-06T17:00:00Z", lang), "07/12/2026");
      assert.equal(vietnamDay("2026-12-06T17:30:00.000Z", lang), "07/12/2026");
      assert.equal(vietnamDay("2026-12-07T00:30:00+07:00", lang), "07/12/2026");
      assert.equal(vietnamDay("2026-12-06T23:30:00+07:00", lang), "06/12/2026");
      assert.equal(vietnamDay("2026-12-06T10:00:00-0800", lang), "07/12/2026");
      // Los Angeles' clocks change: 2026-03-08 and 2026-11-01.
      assert.equal(vietnamDay("2026-03-08T09:59:00Z", lang), "08/03/2026");
      assert.equal(vietnamDay("2026-11-01T17:00:00Z", lang), "02/11/2026");
    }
  }
});

test("a bare date is taken as written, and what is not a date is shown as it is", () => {
  for (const zone of ZONES) {
    process.env.TZ = zone;
    assert.equal(vietnamDay("2025-07-05", "vi"), "05/07/2025");
    assert.equal(vietnamDay("2025-07-05 23:59:59", "en"), "05/07/2025");
    assert.equal(vietnamDay("", "vi"), "");
    assert.equal(vietnamDay(null, "vi"), "");
    assert.equal(vietnamDay("không phải ngày", "vi"), "không phải ngày");
  }
});
