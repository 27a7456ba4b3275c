// End-to-end tests of the real Xét Khen window: a newcomer's first run with the demo round, the
// list at the scale of a real campaign, an import, a committee member scoring by keyboard, and
// the passphrase that guards the store. Screenshots go to $E2E_OUT.
// Every store is encrypted, as a user's is (see store.mjs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Keys, Session, sleep, until } from "./webdriver.mjs";
import { PASSPHRASE, cli, start } from "./store.mjs";

const { WEBDRIVER_URL, APP_BIN, CLI_BIN, E2E_OUT, E2E_WORK } = process.env;
const timings = {};

function recordTiming(name, value, unit = "ms") {
  timings[name] = Math.round(value);
  const file = join(E2E_OUT, "timings.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  writeFileSync(file, JSON.stringify({ ...all, ...timings }, null, 2));
  console.log(`timing ${name}: ${Math.round(value)} ${unit}`);
}

/** The texts of every element matching `css`, read in one step (rows re-render while scrolling). */
function texts(s, css) {
  return s.exec("return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());", [css]);
}

/** The row showing `name`, as a WebDriver element. */
async function rowNamed(s, name) {
  const el = await s.exec(
    `return [...document.querySelectorAll('[data-testid="nomination-row"]')]
       .find((r) => r.querySelector('[data-testid="nomination-name"]').textContent.trim() === arguments[0]);`,
    [name],
  );
  assert.ok(el, `a row shows ${name}`);
  return Object.values(el)[0];
}

function rowNames(s) {
  return texts(s, '[data-testid="nomination-name"]');
}

async function waitForText(s, css, want, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  let have = "";
  while (Date.now() < end) {
    const els = await s.findAll(css);
    have = els.length ? await s.text(els[0]) : "";
    if (have === want) return;
    await sleep(50);
  }
  assert.equal(have, want);
}

/** Waits until the list shows exactly the rows of a new query (the first row's name). */
async function waitForRows(s, predicate, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  let names = [];
  while (Date.now() < end) {
    names = await rowNames(s);
    if (predicate(names)) return names;
    await sleep(50);
  }
  assert.fail(`the list never matched; it showed: ${names.slice(0, 5).join(" | ")}`);
}

test("a newcomer loads the demo round and reads a nomination against its criteria", async () => {
  const db = join(E2E_WORK, "first-run.db");
  const started = performance.now();
  const s = await start(db, async (s, state) => {
    assert.equal(state, "new", "a first run sets the passphrase");
    await s.screenshot(join(E2E_OUT, "00-set-passphrase.png"));
  });
  try {
    const offer = await s.waitFor('[data-testid="load-demo"]');
    await s.screenshot(join(E2E_OUT, "01-first-run.png"));
    await s.click(offer);
    await s.waitFor('body[data-list-ready="1"]');
    recordTiming("demo_first_run_to_list_ms", performance.now() - started);

    const top = await waitForRows(s, (n) => n.length >= 15);
    // The list is virtualised: scroll to its end to see the last rows too.
    await scrollToEnd(s);
    const bottom = await waitForRows(s, (n) => n.length > 0 && n[0] !== top[0]);
    const names = [...top, ...bottom];
    // Names with ễ, ă, đ, ứ, ư, ẩ, ủ must come through exactly as stored (NFC).
    for (const want of ["Nguyễn Văn Đức", "Trương Ngọc Ẩn", "Ủy ban nhân dân Phường Thủ Dầu Một"]) {
      assert.ok(names.includes(want), `the list shows ${want}`);
      assert.ok(names.includes(want.normalize("NFC")));
    }
    await s.exec(
      "document.querySelector('[data-testid=\"nomination-table\"]').scrollTop = 0; return 0;",
    );
    await waitForRows(s, (n) => n[0] === top[0]);
    await s.screenshot(join(E2E_OUT, "02-demo-list.png"));

    // Search ignores case and diacritics, and folds đ.
    const search = await s.find('[data-testid="search"]');
    await s.type(search, "nguyen van duc");
    const found = await waitForRows(s, (n) => n.length === 1);
    assert.deepEqual(found, ["Nguyễn Văn Đức"]);
    await s.screenshot(join(E2E_OUT, "03-search.png"));

    await s.click(await s.find('[data-testid="nomination-row"]'));
    await waitForText(s, '[data-testid="detail-name"]', "Nguyễn Văn Đức");
    const codes = await texts(s, '[data-testid="item-code"]');
    assert.deepEqual(codes, ["2.4.a", "2.4.b"]);
    await s.screenshot(join(E2E_OUT, "04-detail-individual.png"));

    // An agency at 89.9% of records online fails 2.1.b (the bar is 90%), shown as such.
    await s.click(await s.find('[data-testid="back"]'));
    const box = await s.waitFor('[data-testid="search"]');
    await s.clear(box);
    await s.type(box, "so y te");
    // "Sở Y tế" also nominates hospitals and their staff, so they are found too.
    await waitForRows(s, (n) => n.includes("Sở Y tế") && n.includes("Bệnh viện Nhân dân 115"));
    await s.click(await rowNamed(s, "Sở Y tế"));
    await waitForText(s, '[data-testid="detail-name"]', "Sở Y tế");
    const item = await s.waitFor('[data-testid="rubric-item"][data-code="2.1.b"] [data-testid="item-auto"]');
    assert.equal(await s.attr(item, "data-result"), "fail");
    const passed = await s.find('[data-testid="rubric-item"][data-code="2.1.c"] [data-testid="item-auto"]');
    assert.equal(await s.attr(passed, "data-result"), "pass");
    await s.screenshot(join(E2E_OUT, "05-detail-agency.png"));

    // The user guide is the Help screen, with the e2e screenshots as its pictures, all bundled.
    await s.click(await s.find('[data-testid="nav-help"]'));
    await waitForText(s, '[data-testid="help"] h1', "Hướng dẫn sử dụng Xét Khen");
    const pictures = await until(
      s,
      `const imgs = [...document.querySelectorAll('[data-testid="help"] img')];
       return imgs.length > 0 && imgs.every((i) => i.complete) &&
         imgs.map((i) => [i.getAttribute("alt"), i.naturalWidth]);`,
    );
    assert.ok(pictures.length >= 10, `the guide shows its pictures (${pictures.length})`);
    for (const [alt, width] of pictures) assert.ok(width > 0, `the picture «${alt}» is drawn`);
    const sections = await texts(s, '[data-testid="help"] h2');
    assert.ok(sections.some((h) => h.includes("Cài đặt trên Windows")), sections.join(" | "));
    assert.ok(sections.some((h) => h.includes("Kiểm tra chữ ký")), sections.join(" | "));
    await s.screenshot(join(E2E_OUT, "05b-help.png"));
  } finally {
    await s.end();
  }
  // What the window did is in the store, readable by the CLI.
  const stored = JSON.parse(cli(db, "list", "--query", "nguyen van duc", "--json"));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].name, "Nguyễn Văn Đức");
  assert.equal(stored[0].id_number, "079078001234");
});

/** Starts the app on a store, opens its only round and returns the session once the list shows. */
async function startToList(db, label) {
  const started = performance.now();
  const s = await start(db);
  try {
    await s.click(await s.waitFor('[data-testid="round-row"] a'));
    await s.waitFor('body[data-list-ready="1"]', 30000);
    recordTiming(`${label}_start_to_list_ms`, performance.now() - started);
    const inPage = await s.exec(
      "return window.__xetkhenListVisibleAt ? Math.round(window.__xetkhenListVisibleAt) : null;",
    );
    if (inPage !== null) recordTiming(`${label}_webview_start_to_list_ms`, inPage);
    return s;
  } catch (e) {
    await s.end();
    throw e;
  }
}

async function scrollToEnd(s) {
  await s.exec(
    "const el = document.querySelector('[data-testid=\"nomination-table\"]'); el.scrollTop = el.scrollHeight; return el.scrollTop;",
  );
}

test("the demo round opens on a second start", async () => {
  const db = join(E2E_WORK, "demo.db");
  cli(db, "demo");
  const s = await startToList(db, "demo");
  try {
    const names = await waitForRows(s, (n) => n.length >= 20);
    assert.ok(names.includes("Nguyễn Văn Đức"));
  } finally {
    await s.end();
  }
});

test("a round of 10,000 nominations opens and scrolls", async () => {
  const db = join(E2E_WORK, "large.db");
  const made = JSON.parse(cli(db, "demo", "--generate", "10000", "--json"));
  const total = made.nominations + made.generated;
  const s = await startToList(db, "large");
  try {
    const count = await s.text(await s.find('[data-testid="count"]'));
    assert.equal(count.replace(/\D/g, ""), String(total));
    // Virtualised: far fewer rows in the page than in the round.
    const rendered = (await s.findAll('[data-testid="nomination-row"]')).length;
    assert.ok(rendered > 0 && rendered < 200, `rendered ${rendered} rows`);
    const firstBefore = (await rowNames(s))[0];
    await scrollToEnd(s);
    await waitForRows(s, (n) => n.length > 0 && n[0] !== firstBefore);
    await s.screenshot(join(E2E_OUT, "06-large-list-end.png"));
  } finally {
    await s.end();
  }
});

test("the secretariat imports an agency's workbook through the window", async () => {
  const db = join(E2E_WORK, "import.db");
  const s = await start(db);
  const disabled = () =>
    s.exec("return document.querySelector('[data-testid=\"confirm-import\"]').disabled;");
  try {
    await s.click(await s.waitFor('[data-testid="open-import"]'));
    await s.click(await s.waitFor('[data-testid="pick-files"]'));
    await s.waitFor('[data-testid="import-preview"]');
    await s.waitFor('[data-testid="problem-row"]');
    // Two rows break the award rules; each problem names its row and column.
    const problems = await texts(s, '[data-testid="problems-table"] [data-testid="problem-row"]');
    assert.equal(problems.length, 2, problems.join(" | "));
    assert.ok(problems.some((p) => p.includes("37") && p.includes("tập thể")), problems.join(" | "));
    assert.equal(await disabled(), true, "a list with rejected rows cannot be imported as it is");
    await s.screenshot(join(E2E_OUT, "07-import-preview.png"));

    await s.click(await s.find('[data-testid="skip-invalid"]'));
    const end = Date.now() + 10000;
    while ((await disabled()) && Date.now() < end) await sleep(50);
    assert.equal(await disabled(), false, "skipping invalid rows makes the list importable");
    await s.click(await s.find('[data-testid="confirm-import"]'));
    await waitForText(s, '[data-testid="imported-count"]', "26");
    // The screenshot waits for the progress panel to go, or it may catch the frame before.
    await until(s, "return document.querySelector('[data-testid=\"import-busy\"]') === null;");
    await s.screenshot(join(E2E_OUT, "08-import-result.png"));

    await s.click(await s.find('[data-testid="go-to-round"]'));
    await s.waitFor('body[data-list-ready="1"]');
    await waitForRows(s, (n) => n.length >= 15);
  } finally {
    await s.end();
  }
  const stored = JSON.parse(cli(db, "list", "--json"));
  assert.equal(stored.length, 26);
});

const verdictOf = (s, code) =>
  s.exec(
    "return document.querySelector(`[data-testid=\"rubric-item\"][data-code=\"${arguments[0]}\"]`).dataset.verdict;",
    [code],
  );

test("a committee member scores a nomination entirely with the keyboard", async () => {
  const db = join(E2E_WORK, "review.db");
  cli(db, "demo");
  const s = await start(db);
  try {
    // The member sets up their profile on this laptop.
    await s.click(await s.waitFor('[data-testid="nav-reviewer"]'));
    await s.type(await s.waitFor('[data-testid="reviewer-name"]'), "Lê Thị Thu Hà");
    await s.type(await s.find('[data-testid="reviewer-position"]'), "Phó Giám đốc Sở Nội vụ");
    await s.click(await s.find('[data-testid="reviewer-save"]'));
    await s.waitFor('[data-testid="conflict-unit"]');
    await s.screenshot(join(E2E_OUT, "09-reviewer.png"));

    // Bệnh viện Nhi Đồng 1: set 2.2, every stated figure above its bar; 2.2.a awaits a verdict.
    await s.click(await s.find('[data-testid="nav-rounds"]'));
    await s.click(await s.waitFor('[data-testid="round-row"] a'));
    const box = await s.waitFor('[data-testid="search"]');
    await s.type(box, "nhi dong");
    await waitForRows(s, (n) => n.length === 1 && n[0] === "Bệnh viện Nhi Đồng 1");
    await s.click(await rowNamed(s, "Bệnh viện Nhi Đồng 1"));
    await waitForText(s, '[data-testid="detail-name"]', "Bệnh viện Nhi Đồng 1");
    const eligible = await s.find('[data-testid="detail-eligible"]');
    assert.equal(await s.attr(eligible, "data-eligible"), "null");

    // The first item has the focus: "1" = Đạt; a qualitative verdict asks for its reason.
    await until(s, "return document.activeElement?.dataset?.code === '2.2.a';");
    await s.keys("1");
    await until(s, "return document.activeElement?.dataset?.testid === 'item-reason';");
    await s.type(await s.focused(), "Bệnh án điện tử triển khai toàn viện từ 2024");
    await s.keys(Keys.Enter);
    await until(s, "return document.activeElement?.dataset?.code === '2.2.b';");
    assert.equal(await verdictOf(s, "2.2.a"), "pass");
    // Confirm the automatic results of the three threshold items.
    await s.keys("1", Keys.ArrowDown, "1", Keys.ArrowDown, "1");
    await until(s, "return document.querySelector('[data-code=\"2.2.d\"]').dataset.verdict === 'pass';");
    // N: the note; Escape saves it and goes back to the items.
    await s.keys("n");
    await until(s, "return document.activeElement?.dataset?.testid === 'review-note';");
    await s.type(await s.focused(), "Hồ sơ đầy đủ; số liệu khớp báo cáo của Sở Y tế.");
    await s.keys(Keys.Escape);
    await until(s, "return document.activeElement?.dataset?.testid === 'rubric-item';");
    // S: merit score.
    await s.keys("s");
    await until(s, "return document.activeElement?.dataset?.testid === 'score';");
    await s.type(await s.focused(), "8,5");
    await s.keys(Keys.Enter);
    // K votes "không đồng ý" by mistake; Ctrl+Z undoes it; D votes "đồng ý".
    await until(s, "return document.activeElement?.dataset?.testid === 'rubric-item';");
    await s.keys("k");
    await until(s, "return document.querySelector('[data-testid=\"vote-reject\"]').checked;");
    await s.keys([Keys.Control, "z"]);
    await until(s, "return !document.querySelector('[data-testid=\"vote-reject\"]').checked;");
    await s.keys("d");
    await until(s, "return document.querySelector('[data-testid=\"vote-approve\"]').checked;");
    await until(
      s,
      "return document.querySelector('[data-testid=\"detail-eligible\"]').dataset.eligible === 'true';",
    );
    await until(s, "return document.querySelector('[data-testid=\"review-complete\"]').classList.contains('pass');");
    await s.exec("document.querySelector('.app-main').scrollTop = 0; return 0;");
    await s.screenshot(join(E2E_OUT, "10-review.png"));
    await s.exec("document.querySelector('[data-testid=\"review-panel\"]').scrollIntoView(); return 0;");
    await s.screenshot(join(E2E_OUT, "10b-review-vote.png"));

    // The history names the member and what changed, in Vietnam time.
    await s.click(await s.find('[data-testid="history-toggle"]'));
    // The history is fetched when opened: wait for its entries rather than read an empty list.
    await until(
      s,
      "return [...document.querySelectorAll('[data-testid=\"history\"] > li')].some((li) => li.textContent.includes('Biểu quyết'));",
    );
    const history = (await texts(s, '[data-testid="history"] > li')).join("\n");
    assert.ok(history.includes("Lê Thị Thu Hà"), history);
    assert.ok(history.includes("Biểu quyết"), history);
    assert.ok(/Biểu quyết: .* → Đồng ý/.test(history), history);
    await s.exec("document.querySelector('[data-testid=\"history\"]').scrollIntoView(); return 0;");
    await s.screenshot(join(E2E_OUT, "11-history.png"));
    // In English the same history names fields, values and actions in English: the back end
    // sends the changes as data, not as Vietnamese sentences.
    await s.click(await s.find('[data-testid="lang-en"]'));
    await until(
      s,
      "return [...document.querySelectorAll('[data-testid=\"history\"] > li')].some((li) => li.textContent.includes('→ Approve'));",
    );
    const english = (await texts(s, '[data-testid="history"] > li')).join("\n");
    assert.ok(/Vote: .* → Approve/.test(english), english);
    assert.ok(/Review (started|edited)/.test(english), english);
    assert.ok(!/Biểu quyết|Đồng ý|Sửa nhận xét|Tiêu chí/.test(english), english);
    await s.screenshot(join(E2E_OUT, "11b-history-en.png"));
    await s.click(await s.find('[data-testid="lang-vi"]'));
  } finally {
    await s.end();
  }
  // What the window did is in the store, as the CLI reads it.
  const list = JSON.parse(cli(db, "list", "--query", "nhi dong", "--json"));
  const d = JSON.parse(cli(db, "show", list[0].id, "--json"));
  assert.equal(d.vote, "approve");
  assert.equal(d.score, 8.5);
  assert.equal(d.eligible, true);
  const a = d.items.find((i) => i.code === "2.2.a");
  assert.equal(a.verdict, "pass");
  assert.equal(a.reason, "Bệnh án điện tử triển khai toàn viện từ 2024");
  assert.ok(d.notes.some((n) => n.item === null && n.text === "Hồ sơ đầy đủ; số liệu khớp báo cáo của Sở Y tế."));
  cli(db, "audit", "verify");
});

/** Resident memory (KiB) of the processes whose command line contains `needle`. */
function rssKiB(needle) {
  let total = 0;
  for (const pid of execFileSync("pgrep", ["-f", needle], { encoding: "utf8" }).split(/\s+/).filter(Boolean)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const m = /VmRSS:\s+(\d+)/.exec(status);
      if (m) total += Number(m[1]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

test("the next nomination opens at once with 10,000 in the round", async () => {
  const db = join(E2E_WORK, "large-review.db");
  cli(db, "demo", "--generate", "10000");
  cli(db, "reviewer", "set", "--name", "Trần Văn Bình", "--position", "Ủy viên Hội đồng");
  const s = await startToList(db, "review_large");
  try {
    await s.click(await s.find('[data-testid="nomination-row"]'));
    await s.waitFor('[data-testid="rubric-item"]');
    await until(s, "return document.body.dataset.shownNomination;");
    await s.exec("window.__xetkhenNextTimes = []; return 0;");
    const moves = 100;
    for (let i = 0; i < moves; i++) {
      const before = await s.exec("return document.body.dataset.shownNomination;");
      await s.keys(Keys.PageDown);
      await until(s, "return document.body.dataset.shownNomination !== arguments[0];", [before]);
    }
    const times = await until(s, "return window.__xetkhenNextTimes.length >= arguments[0] && window.__xetkhenNextTimes;", [moves]);
    const sorted = [...times].sort((x, y) => x - y);
    recordTiming("next_nomination_median_ms", sorted[Math.floor(sorted.length / 2)]);
    recordTiming("next_nomination_p90_ms", sorted[Math.floor(sorted.length * 0.9)]);
    const position = await s.text(await s.find('[data-testid="queue-position"]'));
    assert.ok(position.includes("101"), position);
    await s.screenshot(join(E2E_OUT, "12-review-large.png"));
    const app = rssKiB(APP_BIN);
    const web = rssKiB("WebKitWebProcess");
    recordTiming("review_large_app_rss_mib", app / 1024, "MiB");
    recordTiming("review_large_webview_rss_mib", web / 1024, "MiB");
  } finally {
    await s.end();
  }
});

/** The lock screen's state once it shows. */
async function lockScreen(s, want, timeoutMs = 20000) {
  const el = await s.waitFor(`[data-testid="lock-screen"][data-state="${want}"]`, timeoutMs);
  return el;
}

async function giveOnLockScreen(s, passphrase) {
  const input = await s.find('[data-testid="lock-passphrase"]');
  await s.clear(input);
  await s.type(input, passphrase);
  await s.click(await s.find('[data-testid="lock-submit"]'));
}

test("a passphrase guards the store: set, refused when wrong, idle lock, changed", async () => {
  const db = join(E2E_WORK, "locked.db");
  // First run: the passphrase is set, typed twice; two different ones are refused.
  let s = await Session.start(WEBDRIVER_URL, APP_BIN, ["--db", db]);
  try {
    await lockScreen(s, "new");
    const warning = await s.text(await s.find('[data-testid="lock-warning"]'));
    assert.match(warning, /mất hẳn/, "the user is told a lost passphrase loses the data");
    await s.type(await s.find('[data-testid="lock-passphrase"]'), PASSPHRASE);
    await s.type(await s.find('[data-testid="lock-confirm"]'), "Hội đồng Thi đua 2024");
    await s.click(await s.find('[data-testid="lock-submit"]'));
    const differ = await s.text(await s.waitFor('[data-testid="lock-error"]'));
    assert.match(differ, /không giống nhau/);
    await s.type(await s.find('[data-testid="lock-passphrase"]'), PASSPHRASE);
    await s.type(await s.find('[data-testid="lock-confirm"]'), PASSPHRASE);
    await s.click(await s.find('[data-testid="lock-submit"]'));
    await s.click(await s.waitFor('[data-testid="load-demo"]'));
    await s.waitFor('body[data-list-ready="1"]');
    // The idle time is a setting; the shortest offered is one minute.
    await s.click(await s.find('[data-testid="nav-security"]'));
    await s.exec(
      `const el = document.querySelector('[data-testid="lock-after"]');
       el.value = "1"; el.dispatchEvent(new Event("change", { bubbles: true })); return 0;`,
    );
    await s.waitFor('[data-testid="lock-after-saved"]');
    await s.screenshot(join(E2E_OUT, "20-security.png"));
  } finally {
    await s.end();
  }
  const raw = readFileSync(db);
  assert.ok(!raw.includes(Buffer.from("Nguyễn Văn Đức")), "no name in clear in the store file");

  // Next start: the passphrase is asked; a wrong one is refused with a message and changes nothing.
  s = await Session.start(WEBDRIVER_URL, APP_BIN, ["--db", db]);
  try {
    await lockScreen(s, "locked");
    await s.screenshot(join(E2E_OUT, "21-locked.png"));
    const before = readFileSync(db);
    await giveOnLockScreen(s, "Hội đồng Thi đua 2024");
    const wrong = await s.text(await s.waitFor('[data-testid="lock-error"]'));
    assert.match(wrong, /Cụm mật khẩu không đúng/);
    await s.screenshot(join(E2E_OUT, "22-wrong-passphrase.png"));
    assert.ok(readFileSync(db).equals(before), "a wrong passphrase leaves the file as it was");
    await giveOnLockScreen(s, PASSPHRASE);
    await s.waitFor('[data-testid="round-row"]');

    // Left alone for the idle time, the window locks and the app lets go of the store: the CLI
    // can now re-key it, which it cannot while another connection has it open.
    await lockScreen(s, "locked", 100000);
    await s.screenshot(join(E2E_OUT, "23-idle-locked.png"));
    execFileSync(CLI_BIN, ["--db", db, "passphrase", "change"], {
      encoding: "utf8",
      env: {
        ...process.env,
        XETKHEN_PASSPHRASE: PASSPHRASE,
        XETKHEN_NEW_PASSPHRASE: "Phiên họp tháng Mười Hai",
      },
    });
    await giveOnLockScreen(s, "Phiên họp tháng Mười Hai");
    await s.waitFor('[data-testid="round-row"]');

    // The passphrase is changed from the app, once the current one is confirmed.
    await s.click(await s.find('[data-testid="nav-security"]'));
    await s.type(await s.waitFor('[data-testid="passphrase-current"]'), "Phiên họp tháng Mười Hai");
    await s.type(await s.find('[data-testid="passphrase-new"]'), PASSPHRASE);
    await s.type(await s.find('[data-testid="passphrase-confirm"]'), PASSPHRASE);
    await s.click(await s.find('[data-testid="passphrase-change"]'));
    await s.waitFor('[data-testid="passphrase-changed"]', 30000);
    await s.screenshot(join(E2E_OUT, "24-passphrase-changed.png"));
    await s.click(await s.find('[data-testid="lock-now"]'));
    await lockScreen(s, "locked");
    await giveOnLockScreen(s, "Phiên họp tháng Mười Hai");
    assert.match(await s.text(await s.waitFor('[data-testid="lock-error"]')), /không đúng/);
    await giveOnLockScreen(s, PASSPHRASE);
    await s.waitFor('[data-testid="nav-security"]');
  } finally {
    await s.end();
  }
  const rounds = JSON.parse(cli(db, "round", "list", "--json"));
  assert.equal(rounds.length, 1);
});
