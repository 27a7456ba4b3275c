// End-to-end test of a round's end of life in the real window: a round is closed with the last
// day its personal data is kept, and a round whose retention period has ended is erased for good
// after its name is typed. Screenshots go to $E2E_OUT.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep, until } from "./webdriver.mjs";
import { cli, start } from "./store.mjs";

const { CLI_BIN, E2E_OUT, E2E_WORK } = process.env;
const FIXTURE = new URL("../fixtures/import/danh-sach-de-nghi-phuong.xlsx", import.meta.url).pathname;

/** The CLI on a store kept in clear (before the window encrypts it). */
function plainCli(db, ...args) {
  const env = { ...process.env };
  delete env.XETKHEN_PASSPHRASE;
  return execFileSync(CLI_BIN, ["--db", db, ...args], { encoding: "utf8", env });
}

/**
 * The round `id` as `run` (one of the two CLI helpers) lists it. Its days (the first that may be
 * kept until, the one the form offers) are Vietnam's, decided by the product: the test never
 * computes "today" from this machine's clock zone.
 */
function roundOf(run, db, id) {
  return JSON.parse(run(db, "round", "list", "--json")).find((r) => r.id === id);
}

/** The text of the retention cell of the round named `name`. */
function retentionOf(s, name) {
  return s.exec(
    `const row = [...document.querySelectorAll('[data-testid="round-row"]')]
       .find((r) => r.textContent.includes(arguments[0]));
     return row ? row.querySelector('[data-testid="round-retention"]').textContent.trim() : null;`,
    [name],
  );
}

/** Waits until the retention cell of the round named `name` matches `pattern` (the list reloads). */
async function retentionShows(s, name, pattern) {
  let text = "";
  for (let i = 0; i < 100 && !pattern.test(text); i++) {
    text = (await retentionOf(s, name)) ?? "";
    await sleep(50);
  }
  assert.match(text, pattern);
}

test("a round is closed with its retention date, and one past it is erased for good", async () => {
  const db = join(E2E_WORK, "retention.db");
  const oldId = JSON.parse(plainCli(db, "round", "create", "--name", "Sơ kết 2023", "--kind", "so-ket", "--json")).id;
  const newId = JSON.parse(plainCli(db, "round", "create", "--name", "Tổng kết 2025", "--kind", "tong-ket", "--json")).id;
  plainCli(db, "import", FIXTURE, "--round", oldId, "--skip-invalid");
  plainCli(db, "import", FIXTURE, "--round", newId, "--skip-invalid");
  // Kept until today, Vietnam's day: the earliest day the product takes.
  const firstDay = roundOf(plainCli, db, oldId).retain_from;
  plainCli(db, "round", "close", "--round", oldId, "--retain-until", firstDay);
  assert.equal(roundOf(plainCli, db, oldId).retain_until, firstDay);
  // Years later: the last day of retention is behind us.
  execFileSync("python3", [
    "-c",
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE rounds SET retain_until = '2020-12-31' WHERE id = ?\", (sys.argv[2],)); c.commit()",
    db,
    oldId,
  ]);
  const kept = JSON.parse(plainCli(db, "list", "--round", newId, "--json")).length;

  // The window encrypts the store kept in clear as it opens it.
  const s = await start(db);
  try {
    await s.waitFor('[data-testid="round-row"]');
    // The day's copy made in clear at the first import, and the copy made before encrypting,
    // are encrypted now.
    const before = readdirSync(join(E2E_WORK, "backups")).filter((n) => n.startsWith("retention-"));
    assert.ok(
      before.some((n) => n.includes("-daily-")) && before.some((n) => n.includes("-before-rekey-")),
      before.join(", "),
    );
    for (const name of before) {
      const head = readFileSync(join(E2E_WORK, "backups", name)).subarray(0, 15).toString("latin1");
      assert.notEqual(head, "SQLite format 3", `${name} is kept in clear`);
    }
    assert.match(await retentionOf(s, "Sơ kết 2023"), /31\/12\/2020/);
    await s.click(await s.waitFor('[data-testid="erase-round"]'));
    await s.waitFor('[data-testid="erase-round-form"]');
    const disabled = () => s.exec("return document.querySelector('[data-testid=\"confirm-erase\"]').disabled;");
    await s.type(await s.find('[data-testid="erase-confirm-name"]'), "Sơ kết");
    assert.equal(await disabled(), true, "a name that does not match erases nothing");
    await s.type(await s.find('[data-testid="erase-confirm-name"]'), " 2023");
    assert.equal(await disabled(), false);
    await s.screenshot(join(E2E_OUT, "25-erase-confirm.png"));
    await s.click(await s.find('[data-testid="confirm-erase"]'));
    const report = await s.text(await s.waitFor('[data-testid="erasure-report"]', 30000));
    assert.match(report, /Sơ kết 2023/);
    assert.match(report, /bản sao lưu thủ công/);
    await until(s, "return document.querySelector('[data-testid=\"round-row\"]') !== null;");
    assert.match(await retentionOf(s, "Sơ kết 2023"), /Đã xoá dữ liệu cá nhân/);
    await s.screenshot(join(E2E_OUT, "26-erased.png"));

    // The other round is closed from its row, with a retention date chosen in the form.
    const closeButtons = await s.findAll('[data-testid="close-round"]');
    assert.equal(closeButtons.length, 1, "only the open round can be closed");
    await s.click(closeButtons[0]);
    await s.waitFor('[data-testid="close-round-form"]');
    // The form offers five years from Vietnam's today, and takes no day before today.
    const open = roundOf(cli, db, newId);
    assert.deepEqual(
      await s.exec(
        `const el = document.querySelector('[data-testid="retain-until"]'); return [el.value, el.min];`,
      ),
      [open.retain_suggested, open.retain_from],
    );
    await s.exec(
      `const el = document.querySelector('[data-testid="retain-until"]');
       el.value = "2031-12-31"; el.dispatchEvent(new Event("input", { bubbles: true })); return 0;`,
    );
    await s.click(await s.find('[data-testid="confirm-close"]'));
    await until(s, "return document.querySelector('[data-testid=\"close-round-form\"]') === null;");
    await retentionShows(s, "Tổng kết 2025", /31\/12\/2031/);
    assert.equal((await s.findAll('[data-testid="erase-round"]')).length, 0, "nothing else may be erased yet");
    await s.screenshot(join(E2E_OUT, "27-closed.png"));

    // The period is extended from the same row; the form starts a year later.
    await s.click(await s.waitFor('[data-testid="extend-retention"]'));
    await s.waitFor('[data-testid="close-round-form"]');
    assert.equal(
      await s.exec("return document.querySelector('[data-testid=\"retain-until\"]').value;"),
      "2032-12-31",
    );
    await s.click(await s.find('[data-testid="confirm-close"]'));
    await until(s, "return document.querySelector('[data-testid=\"close-round-form\"]') === null;");
    await retentionShows(s, "Tổng kết 2025", /31\/12\/2032/);
  } finally {
    await s.end();
  }

  assert.equal(JSON.parse(cli(db, "list", "--round", oldId, "--json")).length, 0);
  assert.equal(JSON.parse(cli(db, "list", "--round", newId, "--json")).length, kept);
  const verified = JSON.parse(cli(db, "audit", "verify", "--json"));
  assert.equal(verified.intact, true, JSON.stringify(verified));
  assert.deepEqual(verified.problems, []);
  // The copy in clear the window made before encrypting, and the import snapshots, held the
  // erased data: only the checked copy made after the erasure is left.
  const copies = readdirSync(join(E2E_WORK, "backups")).filter((n) => n.startsWith("retention-"));
  assert.ok(copies.length === 1 && copies[0].includes("after-erase"), copies.join(", "));
});
