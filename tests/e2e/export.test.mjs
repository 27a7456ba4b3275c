// End-to-end tests of the export and verify screens and of cancelling an import, in the real
// window. The shell's dialogs are stood in for by `--pick-files` (open dialogs take the files of
// their kinds from it) and `--save-dir` (save dialogs save there under the suggested name).
// Screenshots go to $E2E_OUT; timings (not asserted) to $E2E_OUT/timings.json.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sleep, until as waitUntil } from "./webdriver.mjs";
import { cli, start } from "./store.mjs";
import { drawnPage, inkOn, pdfPages, sha256, viewerReady } from "./pages.mjs";

const { WEBDRIVER_URL, APP_BIN, CLI_BIN, E2E_OUT, E2E_WORK } = process.env;


function recordTiming(name, value) {
  const file = join(E2E_OUT, "timings.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  all[name] = Math.round(value);
  writeFileSync(file, JSON.stringify(all, null, 2));
  console.log(`timing ${name}: ${Math.round(value)}`);
}

/** Waits until `script` returns something truthy; signing and rendering can take a minute here. */
const until = (s, script, args = [], timeoutMs = 60000) => waitUntil(s, script, args, timeoutMs);

const text = (s, css) =>
  s.exec("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", [css]);

/** The window on `db`, unlocked, with the dialogs stood in for. */
function open(db, { pick = [], saveDir } = {}) {
  const args = [];
  if (pick.length) args.push("--pick-files", pick.join(":"));
  if (saveDir) args.push("--save-dir", saveDir);
  return start(db, undefined, args);
}

/** "Xuất" on the Export screen until pdf.js has drawn the preview's first page; returns the time taken. */
async function previewList(s) {
  await s.click(await s.waitFor('[data-testid="nav-export"]'));
  await until(s, "return document.querySelectorAll('[data-testid=\"export-round\"] option').length > 0;");
  const t0 = performance.now();
  await s.click(await s.find('[data-testid="export-start"]'));
  await until(s, viewerReady, ["export-pages"]);
  return performance.now() - t0;
}

/** The preview's digest and size, and the pages pdf.js counted. */
const shownDraft = (s) =>
  s.exec(
    `const p = document.querySelector('[data-testid="export-preview"]');
     const v = document.querySelector('[data-testid="export-pages"]');
     return { sha256: p.dataset.sha256, size: Number(p.dataset.size), pages: Number(v.dataset.pages),
              apiPages: Number(p.dataset.pages) };`,
  );

/** "Ký và lưu" until the saved notice shows; returns the time taken. */
async function signAndSave(s) {
  const t0 = performance.now();
  await s.click(await s.find('[data-testid="export-save"]'));
  await s.waitFor('[data-testid="export-saved"]', 60000);
  return performance.now() - t0;
}

function pdfsig(file) {
  const r = spawnSync("pdfsig", [file], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`;
}

test("the secretariat previews the demo list, signs it with a training certificate, and it verifies", async () => {
  const db = join(E2E_WORK, "export.db");
  const out = join(E2E_WORK, "export-out");
  mkdirSync(out, { recursive: true });
  cli(db, "demo");
  const signed = join(out, "danh-sach-bang-khen.pdf");
  const ca = join(out, "chung-thu-tap-huan-ca.pem");
  const s = await open(db, { pick: [signed, ca], saveDir: out });
  try {
    const previewMs = await previewList(s);
    recordTiming("export_demo_preview_ms", previewMs);
    const title = await text(s, '[data-testid="export-preview"] h2');
    assert.match(title, /Bản xem trước: \d+ trang, \d+ hồ sơ/);
    // pdf.js drew the first page in the window: ink on white paper, an A4 page's shape.
    const first = await inkOn(s, "export-pages", 1);
    assert.ok(first && first.ink > 2000 && first.paper > first.ink, JSON.stringify(first));
    // The last page, with the signature block, is drawn next without scrolling to it.
    const shown = await shownDraft(s);
    assert.equal(shown.pages, shown.apiPages, "pdf.js counts the pages the renderer laid out");
    await until(s, drawnPage, ["export-pages", shown.pages]);
    const last = await inkOn(s, "export-pages", shown.pages);
    assert.ok(last && last.ink > 500, JSON.stringify(last));
    await s.screenshot(join(E2E_OUT, "13-export-preview.png"));

    // A training certificate, made from the app, becomes the signer.
    await s.click(await s.find('[data-testid="training-open"]'));
    await s.type(await s.waitFor('[data-testid="training-holder"]'), "Lê Thị Tập Huấn");
    await s.type(await s.find('[data-testid="training-password"]'), "mat-khau-tap-huan");
    await s.click(await s.find('[data-testid="training-create"]'));
    await s.waitFor('[data-testid="training-subject"]');
    assert.match(await text(s, '[data-testid="training-subject"]'), /CHỨNG THƯ TẬP HUẤN/);
    assert.ok(existsSync(join(out, "chung-thu-tap-huan.p12")) && existsSync(ca));
    await s.screenshot(join(E2E_OUT, "14-export-signer.png"));

    const saveMs = await signAndSave(s);
    recordTiming("export_demo_sign_save_ms", saveMs);
    recordTiming("export_demo_total_ms", previewMs + saveMs);
    assert.equal(await s.exec("return document.querySelector('[data-testid=\"export-saved\"]').dataset.signed;"), "1");
    assert.equal(await text(s, '[data-testid="export-saved-name"]'), "danh-sach-bang-khen.pdf");
    await s.screenshot(join(E2E_OUT, "15-export-saved.png"));

    // What was signed is what was shown: the signature is appended to the very bytes pdf.js
    // drew, and the saved file has the pages counted in the window.
    const bytesSaved = readFileSync(signed);
    assert.equal(sha256(bytesSaved.subarray(0, shown.size)), shown.sha256);
    assert.equal(pdfPages(signed), shown.pages);

    // The signed file verifies with our CLI (exit 0) and with poppler's pdfsig.
    const verdict = JSON.parse(
      execFileSync(CLI_BIN, ["verify", signed, "--trust", ca, "--json"], { encoding: "utf8" }),
    );
    assert.equal(verdict.valid, true);
    assert.equal(verdict.signatures[0].trusted, true);
    const sig = pdfsig(signed);
    assert.match(sig, /Signature is Valid/, sig);
    assert.match(sig, /Total document signed/, sig);

    // The Verify screen says the same, and the trust anchor makes it trusted.
    await s.click(await s.find('[data-testid="nav-verify"]'));
    await s.click(await s.waitFor('[data-testid="verify-pick"]'));
    await s.waitFor('[data-testid="verify-result"]');
    const valid = () =>
      s.exec("return document.querySelector('[data-testid=\"verify-result\"]')?.dataset.valid;");
    // Intact and whole, but no trust anchor yet: `xetkhen verify` refuses it, and so does the screen.
    assert.equal(await valid(), "0");
    assert.match(await text(s, '[data-testid="verify-signer"]'), /Lê Thị Tập Huấn \(CHỨNG THƯ TẬP HUẤN\)/);
    assert.match(await text(s, '[data-testid="verify-time"]'), /\+07:00 \(giờ Việt Nam\)/);
    assert.equal(await text(s, '[data-testid="verify-whole"]'), "Có");
    // The training CA is not a national root: trusted only when the user gives it.
    assert.match(await text(s, '[data-testid="verify-result"]'), /không dẫn tới chứng thư gốc tin cậy nào/);
    await s.screenshot(join(E2E_OUT, "16-verify-no-anchor.png"));
    await s.click(await s.find('[data-testid="verify-anchor"]'));
    await until(s, "return document.querySelector('[data-testid=\"verify-result\"]')?.dataset.valid === '1';");
    assert.equal(await text(s, '[data-testid="verify-trusted"]'), "Có");
    await s.screenshot(join(E2E_OUT, "16b-verify-valid.png"));
  } finally {
    await s.end();
  }

  // One byte changed inside the signed range: refused, with the reason in Vietnamese.
  const bytes = readFileSync(signed);
  const at = bytes.indexOf(Buffer.from("DANH S"));
  const tampered = join(out, "da-sua.pdf");
  const copy = Buffer.from(bytes);
  copy[at > 0 ? at + 100 : 2000] ^= 0x01;
  writeFileSync(tampered, copy);
  const t = await open(db, { pick: [tampered] });
  try {
    await t.click(await t.waitFor('[data-testid="nav-verify"]'));
    await t.click(await t.waitFor('[data-testid="verify-pick"]'));
    await t.waitFor('[data-testid="verify-result"]');
    assert.equal(await t.exec("return document.querySelector('[data-testid=\"verify-result\"]').dataset.valid;"), "0");
    assert.match(await text(t, '[data-testid="verify-verdict"]'), /KHÔNG hợp lệ/);
    const reasons = await text(t, '[data-testid="verify-result"]');
    assert.match(reasons, /băm|thay đổi|không khớp/i, reasons);
    await t.screenshot(join(E2E_OUT, "17-verify-tampered.png"));
  } finally {
    await t.end();
  }
});

test("a list of 1,000 nominations is previewed and signed", async () => {
  const db = join(E2E_WORK, "export-1000.db");
  const out = join(E2E_WORK, "export-1000-out");
  mkdirSync(out, { recursive: true });
  // The demo round holds 30; 1,100 more are spread over the award forms, about 1,000 of them
  // proposed for the Bằng khen.
  cli(db, "demo", "--generate", "1100");
  const s = await open(db, { saveDir: out });
  let shownPages = 0;
  try {
    const previewMs = await previewList(s);
    const title = await text(s, '[data-testid="export-preview"] h2');
    const rows = Number(title.match(/(\d[\d.]*) hồ sơ/)[1].replace(/\./g, ""));
    assert.ok(rows >= 900, title);
    recordTiming("export_1000_rows", rows);
    recordTiming("export_1000_pages", Number(title.match(/(\d+) trang/)[1]));
    recordTiming("export_1000_preview_ms", previewMs);
    const shown = await shownDraft(s);
    assert.ok(shown.pages >= 30, JSON.stringify(shown));
    assert.equal(shown.pages, shown.apiPages);
    shownPages = shown.pages;
    // Pages are drawn as they come into view, not all at once: a page in the middle is drawn
    // when the viewer is taken to it, and few canvases are kept drawn.
    const middle = Math.floor(shown.pages / 2);
    const goto = await s.find('[data-testid="export-pages-goto"]');
    await s.clear(goto);
    await s.type(goto, `${middle}\uE007`);
    await until(s, drawnPage, ["export-pages", middle], 60000);
    const ink = await inkOn(s, "export-pages", middle);
    assert.ok(ink && ink.ink > 2000 && ink.paper > ink.ink, JSON.stringify(ink));
    const drawnNow = Number(
      await s.exec("return document.querySelector('[data-testid=\"export-pages\"]').dataset.drawn;"),
    );
    assert.ok(drawnNow >= 1 && drawnNow < shown.pages, `${drawnNow} of ${shown.pages} pages drawn`);
    await s.screenshot(join(E2E_OUT, "18a-export-1000-middle.png"));
    await s.click(await s.find('[data-testid="training-open"]'));
    await s.type(await s.waitFor('[data-testid="training-holder"]'), "Trần Văn Thử");
    await s.type(await s.find('[data-testid="training-password"]'), "mat-khau");
    await s.click(await s.find('[data-testid="training-create"]'));
    await s.waitFor('[data-testid="training-subject"]');
    const saveMs = await signAndSave(s);
    recordTiming("export_1000_sign_save_ms", saveMs);
    recordTiming("export_1000_total_ms", previewMs + saveMs);
    await s.screenshot(join(E2E_OUT, "18-export-1000.png"));
  } finally {
    await s.end();
  }
  const sig = pdfsig(join(out, "danh-sach-bang-khen.pdf"));
  assert.match(sig, /Signature is Valid/, sig);
  assert.equal(pdfPages(join(out, "danh-sach-bang-khen.pdf")), shownPages);
});

test("a large import is cancelled while it writes and the store stays as it was", async () => {
  // A list of about 9,000 rows, made by exporting a generated round as CSV.
  const source = join(E2E_WORK, "cancel-source.db");
  cli(source, "demo", "--generate", "10000");
  const round = JSON.parse(cli(source, "demo", "--json")).round.id;
  const list = join(E2E_WORK, "danh-sach-lon.csv");
  cli(source, "export", "--round", round, "--award", "bang-khen", "--out", list);

  const db = join(E2E_WORK, "cancel.db");
  const s = await open(db, { pick: [list] });
  try {
    await s.click(await s.waitFor('[data-testid="open-import"]'));
    await s.click(await s.waitFor('[data-testid="pick-files"]'));
    await s.waitFor('[data-testid="import-preview"]', 120000);
    await until(s, "return !document.querySelector('[data-testid=\"confirm-import\"]').disabled;");
    await s.click(await s.find('[data-testid="confirm-import"]'));
    // Progress is the import's own: rows written so far, of the total.
    const seen = await until(
      s,
      `const b = document.querySelector('[data-testid="import-busy"]');
       return b && b.dataset.stage === "writing" && Number(b.dataset.done) > 0
         ? [Number(b.dataset.done), Number(b.dataset.total)] : null;`,
    );
    assert.ok(seen[1] > 5000 && seen[0] < seen[1], JSON.stringify(seen));
    await s.screenshot(join(E2E_OUT, "19-import-progress.png"));
    await s.click(await s.find('[data-testid="cancel-job"]'));
    await s.waitFor('[data-testid="import-cancelled"]', 60000);
    await sleep(300);
    await s.screenshot(join(E2E_OUT, "20-import-cancelled.png"));
  } finally {
    await s.end();
  }
  // Nothing was written: no nomination, no round made for the import.
  assert.deepEqual(JSON.parse(cli(db, "list", "--json")), []);
  assert.match(cli(db, "audit", "verify"), /: 0 mục/);
});
