// End-to-end test of the committee's offline round through the real window: the secretariat
// registers three members from their cards, hands the round out, merges the packets they send
// back and reads the count; a member writes their packet from their own laptop's window.
// Members' own laptops are driven through the CLI, the secretariat's and one member's window
// through WebDriver. Screenshots go to $E2E_OUT.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep, until } from "./webdriver.mjs";
import { cli, member, secretariat, start } from "./store.mjs";
import { inkOn, pdfPages, sha256, viewerReady } from "./pages.mjs";

const { CLI_BIN, E2E_OUT, E2E_WORK } = process.env;


async function textOf(s, css, timeoutMs = 15000) {
  return s.text(await s.waitFor(css, timeoutMs));
}

async function waitForText(s, css, predicate, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  let have = "";
  while (Date.now() < end) {
    const els = await s.findAll(css);
    have = els.length ? await s.text(els[0]) : "";
    if (predicate(have)) return have;
    await sleep(50);
  }
  assert.fail(`${css} never matched; it showed: ${have}`);
}

test("the secretariat merges three members' packets and reads the count in the window", async () => {
  const dir = join(E2E_WORK, "committee");
  mkdirSync(dir, { recursive: true });
  // A member's laptop takes its first round package only with the fingerprint `fp`.
  const { sec, fp, round } = secretariat(dir);
  const names = ["Đặng Quốc Bảo", "Huỳnh Thị Mai", "Bùi Đức Thắng"];
  const members = names.map((name, i) =>
    member(join(dir, `thanh-vien-${i + 1}.db`), name, join(dir, `the-${i + 1}.json`)),
  );

  // The dialogs are stood in for: open dialogs take the files of their kinds from --pick-files
  // (the cards now, the packets the members will write), save dialogs save into --save-dir.
  const saved = join(dir, "saved");
  mkdirSync(saved, { recursive: true });
  const cards = [1, 2, 3].map((i) => join(dir, `the-${i}.json`));
  const packets = [1, 2, 3].map((i) => join(dir, `goi-${i}.xkgp`));
  // The minutes the secretary will sign, for the chair's countersignature.
  const minutes = join(saved, "bien-ban-kiem-phieu.pdf");
  const pkg = join(saved, "goi-dot-xet.xkdx");
  // The secretary's training authority, which the chair gives as the anchor to countersign.
  const secretaryCa = join(saved, "thu-ky-ca.pem");
  const dialogs = [
    "--pick-files",
    [...cards, ...packets, minutes, pkg, secretaryCa].join(":"),
    "--save-dir",
    saved,
  ];
  let s = await start(sec, undefined, dialogs);
  try {
    await s.click(await s.waitFor('[data-testid="round-row"] a'));
    await s.click(await s.waitFor('[data-testid="open-tally"]'));
    await textOf(s, '[data-testid="tally-title"]');

    await s.click(await s.find('[data-testid="register-members"]'));
    const registered = await textOf(s, '[data-testid="tally-message"]');
    assert.ok(registered.includes("Đã đăng ký 3 thành viên"), registered);

    await s.click(await s.find('[data-testid="export-round"]'));
    await waitForText(s, '[data-testid="tally-message"]', (t) => t.includes("gói đợt xét"));
    assert.ok(existsSync(pkg), "the round package is written where the dialog said");
    await s.end();

    // The first member takes the round in from their own window: the laptop trusts no
    // secretariat yet, so the window shows the key's fingerprint to compare by phone first.
    s = await start(members[0], undefined, dialogs);
    await s.click(await s.waitFor('[data-testid="import-package"]'));
    const shown = await textOf(s, '[data-testid="package-fingerprint"]');
    assert.equal(shown, fp, "the window shows the fingerprint the secretary reads out");
    assert.equal((await s.findAll('[data-testid="package-report"]')).length, 0, "nothing taken before it is compared");
    await s.screenshot(join(E2E_OUT, "12b-package-fingerprint.png"));
    await s.click(await s.find('[data-testid="trust-package"]'));
    const took = await textOf(s, '[data-testid="package-report"]');
    assert.ok(took.includes("Võ Thị Thư"), took);
    const trusted = JSON.parse(cli(members[0], "secretariat", "show", "--json"));
    assert.equal(trusted.fingerprint, fp);
    await s.end();

    s = await start(sec, undefined, dialogs);
    await s.click(await s.waitFor('[data-testid="round-row"] a'));
    await s.click(await s.waitFor('[data-testid="open-tally"]'));
    await textOf(s, '[data-testid="tally-title"]');

    // On their laptops, the members take the round in, vote and send their packets back.
    const votes = [
      ["approve", "approve", "approve"],
      ["reject", "reject", "approve"],
      ["approve", "abstain", "approve"],
    ];
    const ids = ["demo-014", "demo-015", "demo-027"];
    members.forEach((db, m) => {
      if (m > 0) cli(db, "round", "import", pkg, "--trust-secretariat", fp);
      ids.forEach((id, n) => cli(db, "review", id, "--vote", votes[n][m], "--score", "8"));
      cli(db, "packet", "export", "--round", round, "--out", packets[m]);
    });
    await s.click(await s.find('[data-testid="import-packets"]'));
    const summary = await waitForText(s, '[data-testid="tally-message"]', (t) => t.includes("gói nhận"));
    assert.ok(summary.startsWith("3 gói nhận"), summary);
    await waitForText(s, '[data-testid="total-approved"]', (t) => t === "1");
    const decisions = await s.exec(
      `return Object.fromEntries([...document.querySelectorAll('[data-testid="tally-row"]')]
         .map((r) => [r.dataset.id, r.querySelector('[data-testid="tally-decision"]').textContent.trim()]));`,
    );
    assert.equal(decisions["demo-014"], "Thông qua");
    assert.equal(decisions["demo-015"], "Không thông qua");
    assert.equal(decisions["demo-027"], "Chưa đủ phiếu");
    await s.screenshot(join(E2E_OUT, "13-tally.png"));
    await s.exec("document.querySelector('[data-testid=\"member-progress\"]').scrollIntoView();");
    await sleep(100);
    await s.screenshot(join(E2E_OUT, "13b-tally-charts.png"));

    // The same packets again change nothing.
    await s.click(await s.find('[data-testid="import-packets"]'));
    await waitForText(s, '[data-testid="tally-message"]', (t) => t.includes("3 gói đã có"));
    assert.equal(await textOf(s, '[data-testid="total-approved"]'), "1");

    // The count's search matches as the back end folds (core::text::fold): a name typed in
    // capitals without its marks, đ as d, finds its row and only the rows that match.
    const wanted = JSON.parse(cli(sec, "show", "demo-015", "--json")).name;
    assert.equal(wanted, "Bệnh viện Nhi Đồng 1");
    await s.type(await s.find('[data-testid="tally-search"]'), "BENH VIEN NHI DONG");
    await until(
      s,
      `const rows = [...document.querySelectorAll('[data-testid="tally-row"]')];
       return rows.length > 0 && rows.every((r) => r.textContent.includes("Nhi Đồng")) &&
         rows.some((r) => r.dataset.id === "demo-015");`,
    );
    await s.exec(`const box = document.querySelector('[data-testid="tally-search"]');
       box.value = ""; box.dispatchEvent(new Event("input", { bubbles: true }));`);
    await until(s, `return document.querySelectorAll('[data-testid="tally-row"]').length > 3;`);

    // The minutes of the count are drawn up and their pages shown by pdf.js before anyone can
    // sign; then the secretary signs them with a training certificate made on this screen, and
    // the chair does not sign this copy.
    await s.exec("document.querySelector('[data-testid=\"minutes-panel\"]').scrollIntoView();");
    const writeDisabled = () =>
      s.exec("return document.querySelector('[data-testid=\"write-minutes\"]').disabled;");
    assert.equal(await writeDisabled(), true, "nothing to sign before the minutes are drawn up");
    await s.type(await s.find('[data-testid="minutes-number"]'), "07/BB-HĐTĐKT");
    await s.click(await s.find('[data-testid="preview-minutes"]'));
    const drawnUp = await until(s, viewerReady, ["minutes-pages"], 60000);
    const view = await s.exec(
      `const v = document.querySelector('[data-testid="minutes-view"]');
       return { sha256: v.dataset.sha256, size: Number(v.dataset.size), pages: Number(v.dataset.pages) };`,
    );
    assert.equal(drawnUp, view.pages, "pdf.js counts the pages the renderer laid out");
    const drawnInk = await inkOn(s, "minutes-pages", 1);
    assert.ok(drawnInk && drawnInk.ink > 2000 && drawnInk.paper > drawnInk.ink, JSON.stringify(drawnInk));
    await s.exec("document.querySelector('[data-testid=\"minutes-view\"]').scrollIntoView({ block: 'start' });");
    await s.screenshot(join(E2E_OUT, "13c-tally-minutes-pages.png"));
    assert.equal(await writeDisabled(), false, "unsigned minutes can be written once shown");
    await s.click(await s.find('[data-testid="secretary-signer-p12"]'));
    assert.equal(await writeDisabled(), true, "a signer chosen without a certificate holds the button back");
    await s.click(await s.waitFor('[data-testid="secretary-training-open"]'));
    await s.type(await s.waitFor('[data-testid="secretary-training-holder"]'), "Võ Thị Thư");
    await s.type(await s.find('[data-testid="secretary-training-password"]'), "mat-khau-thu-ky");
    await s.click(await s.find('[data-testid="secretary-training-create"]'));
    await s.waitFor('[data-testid="secretary-training-subject"]');
    await s.click(await s.find('[data-testid="write-minutes"]'));
    const wrote = await textOf(s, '[data-testid="minutes-written"]', 60000);
    assert.match(wrote, /Đã lập biên bản bien-ban-kiem-phieu\.pdf: \d+ trang, 30 hồ sơ, 3 gói phiếu, 1 chữ ký số/);
    await until(s, "return !document.querySelector('[data-testid=\"tally-working\"]');");
    await s.exec("document.querySelector('[data-testid=\"minutes-written\"]').scrollIntoView({ block: 'center' });");
    await s.screenshot(join(E2E_OUT, "13c-tally-minutes.png"));
    // What the secretary signed is what was shown: the signature is appended to those bytes.
    assert.equal(sha256(readFileSync(minutes).subarray(0, view.size)), view.sha256);
    assert.equal(pdfPages(minutes), view.pages);
    const text = spawnSync("pdftotext", ["-layout", minutes, "-"], { encoding: "utf8" }).stdout;
    assert.match(text, /BIÊN BẢN KIỂM PHIẾU/, text);
    assert.match(text, /07\/BB-HĐTĐKT/, text);
    assert.match(text, /Võ Thị Thư/, text);
    const verdict = JSON.parse(
      execFileSync(
        CLI_BIN,
        ["verify", minutes, "--trust", join(saved, "chung-thu-tap-huan-ca.pem"), "--json"],
        { encoding: "utf8" },
      ),
    );
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    assert.equal(verdict.signatures.length, 1);

    // The chair opens those minutes, giving the secretary's training authority (not a national
    // root) as the anchor, and reads their pages, drawn by pdf.js from the bytes to be signed;
    // there is nothing to sign before they are open.
    copyFileSync(join(saved, "chung-thu-tap-huan-ca.pem"), secretaryCa);
    assert.equal((await s.findAll('[data-testid="countersign-sign"]')).length, 0);
    await s.click(await s.find('[data-testid="countersign-minutes"]'));
    const pages = await until(s, viewerReady, ["countersign-pages"], 60000);
    assert.equal(pages, pdfPages(minutes), "the pages of the secretary's file");
    assert.equal(
      await s.exec("return document.querySelector('[data-testid=\"countersign-view\"]').dataset.sha256;"),
      sha256(readFileSync(minutes)),
      "the bytes shown are the secretary's file",
    );
    const ink = await inkOn(s, "countersign-pages", 1);
    assert.ok(ink && ink.ink > 2000 && ink.paper > ink.ink, JSON.stringify(ink));
    assert.match(await textOf(s, '[data-testid="countersign-view"] h3'), /bien-ban-kiem-phieu\.pdf.*Võ Thị Thư/);
    // No chair chosen yet: the pages are there, the signature is not.
    assert.equal(
      await s.exec("return document.querySelector('[data-testid=\"countersign-sign\"]').disabled;"),
      true,
    );
    await s.exec("document.querySelector('[data-testid=\"countersign-view\"]').scrollIntoView({ block: 'start' });");
    await s.screenshot(join(E2E_OUT, "13d-tally-countersign-pages.png"));

    // The chair signs with a training certificate of their own.
    await s.click(await s.find('[data-testid="chair-signer-p12"]'));
    await s.click(await s.waitFor('[data-testid="chair-training-open"]'));
    await s.type(await s.waitFor('[data-testid="chair-training-holder"]'), "Nguyễn Văn Chủ");
    await s.type(await s.find('[data-testid="chair-training-password"]'), "mat-khau-chu-tich");
    await s.click(await s.find('[data-testid="chair-training-create"]'));
    await s.waitFor('[data-testid="chair-training-subject"]');
    await s.click(await s.find('[data-testid="countersign-sign"]'));
    const countersigned = await textOf(s, '[data-testid="minutes-countersigned"]', 60000);
    assert.match(countersigned, /bien-ban-du-chu-ky\.pdf, 2 chữ ký số/);
    await until(s, "return !document.querySelector('[data-testid=\"tally-working\"]');");
    await s.exec(
      "document.querySelector('[data-testid=\"minutes-countersigned\"]').scrollIntoView({ block: 'center' });",
    );
    await s.screenshot(join(E2E_OUT, "13e-tally-countersigned.png"));
    // The chair's signature is appended to the very bytes that were drawn.
    assert.ok(
      readFileSync(join(saved, "bien-ban-du-chu-ky.pdf")).subarray(0, readFileSync(minutes).length).equals(readFileSync(minutes)),
    );
    const both = JSON.parse(
      execFileSync(
        CLI_BIN,
        [
          "verify",
          join(saved, "bien-ban-du-chu-ky.pdf"),
          "--trust",
          secretaryCa,
          "--trust",
          join(saved, "chung-thu-tap-huan-ca.pem"),
          "--json",
        ],
        { encoding: "utf8" },
      ),
    );
    assert.equal(both.valid, true, JSON.stringify(both));
    assert.equal(both.signatures.length, 2);
    assert.match(both.signatures[1].signer_cn ?? "", /Nguyễn Văn Chủ/, JSON.stringify(both.signatures[1]));
  } finally {
    await s.end();
  }

  // A member writes their next packet from their own window; the secretariat takes it.
  s = await start(members[0], undefined, dialogs);
  try {
    await s.click(await s.waitFor('[data-testid="round-row"] a'));
    await s.click(await s.waitFor('[data-testid="open-tally"]'));
    await s.click(await s.waitFor('[data-testid="export-packet"]'));
    const written = await waitForText(s, '[data-testid="tally-message"]', (t) => t.includes("gói phiếu số"));
    assert.ok(written.includes("số 2"), written);
    await s.screenshot(join(E2E_OUT, "14-member-packet.png"));
  } finally {
    await s.end();
  }
  const report = JSON.parse(cli(sec, "packet", "import", join(saved, "goi-phieu.xkgp"), "--json"));
  assert.equal(report.accepted, 1, JSON.stringify(report));
  assert.equal(report.files[0].seq, 2);
});
