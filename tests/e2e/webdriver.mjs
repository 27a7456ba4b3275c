// A small W3C WebDriver client over fetch: enough to drive the real Xét Khen window through
// tauri-driver and WebKitWebDriver, with no browser download and no extra npm package.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  static async start(url, application, args = []) {
    const body = { capabilities: { alwaysMatch: { "tauri:options": { application, args } } } };
    const res = await request("POST", `${url}/session`, body);
    return new Session(url, res.sessionId ?? res.value?.sessionId);
  }

  constructor(url, id) {
    this.base = `${url}/session/${id}`;
  }

  cmd(method, path, body) {
    return request(method, `${this.base}${path}`, body).then((r) => r.value);
  }

  async find(css) {
    const found = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return found[ELEMENT];
  }

  async findAll(css) {
    const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches at least one element; returns the first. */
  async waitFor(css, timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const all = await this.findAll(css);
        if (all.length > 0) return all[0];
      } catch (e) {
        last = e;
      }
      await sleep(50);
    }
    throw new Error(`no element matches ${css} after ${timeoutMs} ms ${last ? `(${last.message})` : ""}`);
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  attr(el, name) {
    return this.cmd("GET", `/element/${el}/attribute/${name}`);
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  type(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  /**
   * Presses keys on whatever has the focus, as a person would (W3C key actions). Each entry is
   * one key (a character or one of `Keys`), or `[modifier, key]` for a chord.
   */
  keys(...presses) {
    const actions = [];
    for (const p of presses) {
      const [mod, key] = Array.isArray(p) ? p : [null, p];
      if (mod) actions.push({ type: "keyDown", value: mod });
      actions.push({ type: "keyDown", value: key }, { type: "keyUp", value: key });
      if (mod) actions.push({ type: "keyUp", value: mod });
    }
    return this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  }

  /** The element that has the focus. */
  async focused() {
    const el = await this.exec("return document.activeElement;");
    return el[ELEMENT];
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /**
   * A picture of the window as the page now is: WebKit may hand over the last frame it painted,
   * from before the latest change of the page, so two animation frames are let pass first.
   */
  async screenshot(path) {
    const { writeFile } = await import("node:fs/promises");
    await this.exec(
      "return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
    );
    const b64 = await this.cmd("GET", "/screenshot");
    await writeFile(path, Buffer.from(b64, "base64"));
  }

  end() {
    return request("DELETE", this.base).catch(() => undefined);
  }
}

/** WebDriver's codes for keys that are not characters. */
export const Keys = {
  Enter: "\uE007",
  Escape: "\uE00C",
  PageUp: "\uE00E",
  PageDown: "\uE00F",
  ArrowUp: "\uE013",
  ArrowDown: "\uE015",
  Control: "\uE009",
  Alt: "\uE00A",
};

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `script` (a function body run in the window) returns something truthy, and returns it. */
export async function until(s, script, args = [], timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await s.exec(script, args);
    if (last) return last;
    await sleep(25);
  }
  throw new Error(`timed out waiting for: ${script} (last: ${JSON.stringify(last)})`);
}

async function request(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${url}: ${res.status} ${v.error ?? ""} ${v.message ?? ""}`);
  }
  return json;
}
