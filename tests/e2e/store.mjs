// What every end-to-end test needs to reach a store: the passphrase that guards it, the CLI with
// that passphrase, and starting the real window on it through its lock screen.
//
// Every store here is encrypted, as a user's is: the window starts on its lock screen and the
// tests type the passphrase there (setting it at first run), and the CLI that prepares or reads
// a store gets the same passphrase in XETKHEN_PASSPHRASE.

import { execFileSync } from "node:child_process";
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
