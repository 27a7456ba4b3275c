// End-to-end test of files that reach the real window from outside its dialogs: a member's packet
// the app was started with (a double click on a .xkgp, which the installers associate with the
// app), and a list a second launch hands to the window already open on the same store (the
// single-instance handover, over the session bus run.sh starts). Each is asked about first;
// nothing is merged or imported before the person says yes. Screenshots go to $E2E_OUT.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli, member, secretariat, start } from "./store.mjs";

const { APP_BIN, E2E_OUT, E2E_WORK } = process.env;
const here = dirname(fileURLToPath(import.meta.url));

async function textOf(s, css, timeoutMs = 15000) {
  return s.text(await s.waitFor(css, timeoutMs));
}

test("a packet opened with the app and a list handed over by a second launch are asked about, then taken", async () => {
  const dir = join(E2E_WORK, "open-with");
  mkdirSync(dir, { recursive: true });
  const { sec, fp, round } = secretariat(dir);

  // A member's laptop, driven through the CLI, writes the packet the secretary receives by mail.
  const laptop = member(join(dir, "thanh-vien.db"), "Đặng Quốc Bảo", join(dir, "the-1.json"));
  cli(sec, "reviewer", "register", join(dir, "the-1.json"));
  const pkg = join(dir, "goi-dot-xet.xkdx");
  cli(sec, "round", "export", "--round", round, "--out", pkg);
  cli(laptop, "round", "import", pkg, "--trust-secretariat", fp);
  cli(laptop, "review", "demo-014", "--vote", "approve", "--score", "8");
  const packet = join(dir, "Gói phiếu Đặng Quốc Bảo.xkgp");
  cli(laptop, "packet", "export", "--round", round, "--out", packet);

  const s = await start(sec, undefined, [packet]);
  try {
    // The packet on the command line is asked about once the store is open.
    const prompt = await s.waitFor('[data-testid="arrival-prompt"]');
    assert.equal(await s.attr(prompt, "data-kind"), "packet");
    const asked = await s.text(prompt);
    assert.ok(asked.includes("Mở tệp «Gói phiếu Đặng Quốc Bảo.xkgp» bằng Xét Khen"), asked);
    await s.screenshot(join(E2E_OUT, "30-open-packet.png"));
    await s.click(await s.find('[data-testid="arrival-accept"]'));
    const merged = await textOf(s, '[data-testid="arrival-merged"]');
    assert.ok(merged.startsWith("1 gói nhận"), merged);
    await s.click(await s.find('[data-testid="arrival-close"]'));
    assert.equal((await s.findAll('[data-testid="arrival-prompt"]')).length, 0);

    // A second launch on the same store hands its file to this window and exits at once; a
    // launch that did not hand over would open a window of its own and never end here.
    const list = join(dir, "Danh sách đề nghị phường.xlsx");
    copyFileSync(join(here, "../fixtures/import/danh-sach-de-nghi-phuong.xlsx"), list);
    const second = spawnSync(APP_BIN, ["--db", sec, list], { timeout: 60000, encoding: "utf8" });
    assert.equal(second.status, 0, `the second launch did not hand over: ${second.error ?? ""} ${second.stderr}`);
    const listPrompt = await s.waitFor('[data-testid="arrival-prompt"][data-kind="list"]', 20000);
    assert.ok((await s.text(listPrompt)).includes("Danh sách đề nghị phường.xlsx"));
    await s.screenshot(join(E2E_OUT, "30b-open-list.png"));
    await s.click(await s.find('[data-testid="arrival-accept"]'));

    // The import screen opens with the file chosen and previewed; nothing is imported yet.
    await s.waitFor('[data-testid="file-card"]', 30000);
    const name = await s.exec(`return document.querySelector('[data-testid="file-card"] h3').title;`);
    assert.equal(name, "Danh sách đề nghị phường.xlsx");
    const counts = await textOf(s, '[data-testid="file-counts"]');
    assert.ok(counts.startsWith("26 dòng hợp lệ"), counts);
    const rounds = JSON.parse(cli(sec, "round", "list", "--json"));
    assert.equal(rounds.length, 1, "no round was made by the preview");
    await s.screenshot(join(E2E_OUT, "30c-open-list-import.png"));

    // A file set aside is gone; the next launch's file is asked about again.
    const again = spawnSync(APP_BIN, ["--db", sec, packet], { timeout: 60000, encoding: "utf8" });
    assert.equal(again.status, 0, String(again.stderr));
    await s.waitFor('[data-testid="arrival-prompt"][data-kind="packet"]', 20000);
    await s.click(await s.find('[data-testid="arrival-dismiss"]'));
    assert.equal((await s.findAll('[data-testid="arrival-prompt"]')).length, 0);
  } finally {
    await s.end();
  }
});
