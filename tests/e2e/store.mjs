// What every end-to-end test needs to reach a store: the passphrase that guards it, the CLI with
// that passphrase, and starting the real window on it through its lock screen.
//
// Every store here is encrypted, as a user's is: the window starts on its lock screen and the
// tests type the passphrase there (setting it at first run), and the CLI that prepares or reads
// a store gets the same passphrase in XETKHEN_PASSPHRASE.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Session } from "./webdriver.mjs";

const { WEBDRIVER_URL, APP_BIN, CLI_BIN } = process.env;

/** The passphrase of every store of these tests (with diacritics, as users type them). */
export const PASSPHRASE = "Hội đồng Thi đua 2025";

export function cli(db, ...args) {
  return execFileSync(CLI_BIN, ["--db", db, ...args], {
    encoding: "utf8",
    env: { ...process.env, XETKHEN_PASSPHRASE: PASSPHRASE },
  });
}

/**
 * A secretariat's store in `dir` with the demo round and its secretary, who has written her
 * card: returns the store, the fingerprint of the secretariat's key (which the secretary reads to
 * each member over the phone) and the round.
 */
export function secretariat(dir) {
  const sec = join(dir, "ban-thu-ky.db");
  cli(sec, "demo");
  cli(sec, "reviewer", "set", "--name", "Võ Thị Thư", "--position", "Thư ký Hội đồng", "--role", "secretary");
  const card = join(dir, "the-thu-ky.json");
  const fp = JSON.parse(cli(sec, "reviewer", "card", "--out", card, "--json")).fingerprint;
  const round = JSON.parse(cli(sec, "round", "list", "--json"))[0].id;
  return { sec, fp, round };
}

/**
 * A member's laptop: the store `db` with the member `name` set, and their card written to `card`
 * for the secretariat to register.
 */
export function member(db, name, card) {
  cli(db, "reviewer", "set", "--name", name, "--position", "Ủy viên Hội đồng");
  cli(db, "reviewer", "card", "--out", card);
  return db;
}

/**
 * Starts the app on `db` (with `args` after it, e.g. the dialogs' stand-ins) and opens the store
 * on its lock screen: sets the passphrase when the store is new (or kept in clear), gives it
 * otherwise. `before(s, state)` runs on the lock screen.
 */
export async function start(db, before, args = []) {
  const s = await Session.start(WEBDRIVER_URL, APP_BIN, ["--db", db, ...args]);
  try {
    const screen = await s.waitFor('[data-testid="lock-screen"][data-state]:not([data-state=""])');
    const state = await s.attr(screen, "data-state");
    await s.waitFor('[data-testid="lock-passphrase"]');
    if (before) await before(s, state);
    await s.type(await s.find('[data-testid="lock-passphrase"]'), PASSPHRASE);
    if (state === "new" || state === "plain") {
      await s.type(await s.find('[data-testid="lock-confirm"]'), PASSPHRASE);
    }
    await s.click(await s.find('[data-testid="lock-submit"]'));
    await s.waitFor('[data-testid="nav-security"]', 30000);
    return s;
  } catch (e) {
    await s.end();
    throw e;
  }
}
